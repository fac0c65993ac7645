// HTTP clients: requests, httpx, urllib3, aiohttp, urllib. None of them retries or times out by
// default (requests waits forever without `timeout=`). dlt's requests helper is the exception.

import type { Library, SourcedFact } from '../types';

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'stream', 'urlopen'] as const;

/**
 * A request on the module or on a session/client it creates (`requests.get`,
 * `requests.Session().post`, `httpx.Client().get`), not a method of what a request returned
 * (`requests.get(url).json().get("items")` is a dict lookup).
 */
const REQUEST_CHAIN = /^[\w.]+?(\.(Session|session|Client|AsyncClient|ClientSession|PoolManager)\(\))?\.\w+$/;
const isRequest = (resolved: string) => !resolved.includes('()') || REQUEST_CHAIN.test(resolved);

export const HTTP: Library = {
  id: 'http',
  title: 'requests / httpx / urllib3 / aiohttp / urllib',
  modules: ['requests', 'httpx', 'urllib3', 'aiohttp', 'urllib', 'urllib2'],
  broadErrors: [
    'requests.RequestException', 'requests.exceptions.RequestException', 'requests.exceptions.ConnectionError', 'requests.ConnectionError',
    'requests.exceptions.HTTPError', 'requests.HTTPError', 'httpx.HTTPError', 'httpx.RequestError', 'urllib3.exceptions.HTTPError',
    'aiohttp.ClientError', 'urllib.error.URLError', 'urllib.error.HTTPError',
  ],
  calls: [
    { names: HTTP_METHODS, roots: ['requests', 'httpx', 'urllib3', 'aiohttp'], when: (site) => isRequest(site.resolved), role: 'http-request', io: 'http', target: { index: 0, keywords: ['url'] } },
    { names: ['urlopen', 'urlretrieve'], exact: ['urllib.request.urlopen', 'urllib.request.urlretrieve', 'urllib2.urlopen'], role: 'http-request', io: 'http', target: { index: 0, keywords: ['url'] } },
  ],
};

export const DLT_REQUESTS: Library = {
  id: 'dlt-requests',
  title: "dlt's requests helper",
  modules: ['dlt.sources.helpers.requests'],
  broadErrors: [
    'dlt.sources.helpers.requests.RequestException', 'dlt.sources.helpers.requests.exceptions.RequestException',
    'dlt.sources.helpers.requests.HTTPError', 'dlt.sources.helpers.requests.ConnectionError',
  ],
  retriesByDefault: {
    note: 'dlt.sources.helpers.requests is a drop-in requests with retries (exponential backoff on connection errors, timeouts, 429 and 5xx) and a default timeout.',
    source: 'https://dlthub.com/docs/general-usage/http/requests',
  },
  calls: [{ names: HTTP_METHODS, when: (site) => site.plain.startsWith('dlt.sources.helpers.requests.') && isRequest(site.resolved), role: 'http-request', io: 'http', target: { index: 0, keywords: ['url'] } }],
};

// ---------------------------------------------------------------------------------------------
// How long HTTP clients wait: what PW207 needs to know of each client.

/** One HTTP client: how its requests are sent, and how long they wait for a server when the call sets no timeout. */
export interface HttpClient {
  id: 'requests' | 'httpx' | 'urllib' | 'aiohttp' | 'dlt-requests';
  /** Module-level functions that send a request, resolved (`requests.get`, `urllib.request.urlopen`). */
  functions: readonly string[];
  /** Constructors of sessions or clients, resolved; their `sessionMethods` send requests. */
  sessions: readonly string[];
  sessionMethods: readonly string[];
  /** How long a request waits without `timeout=`, and where that is documented; null: forever. */
  defaultTimeout: SourcedFact | null;
  /** Functions that take no timeout at all (`urllib.request.urlretrieve`). */
  untimed?: readonly string[];
  /** Functions that also take the timeout positionally, with its index (`urlopen(url, data, timeout)`). */
  timeoutPosition?: Readonly<Record<string, number>>;
  /** Without a timeout argument it waits as long as `socket.setdefaulttimeout()` says (urllib). */
  socketDefault?: boolean;
  /** Its session constructor takes `timeout=` for every request, and `timeout=None` disables it (`httpx.Client`). */
  sessionTimeout?: boolean;
}

const VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'] as const;
const under = (prefixes: readonly string[], names: readonly string[]) => prefixes.flatMap((p) => names.map((n) => `${p}.${n}`));

const WAITS_FOREVER = 'https://requests.readthedocs.io/en/latest/user/advanced/#timeouts';

export const HTTP_CLIENTS: readonly HttpClient[] = [
  {
    id: 'requests',
    functions: under(['requests', 'requests.api'], VERBS),
    sessions: ['requests.Session', 'requests.session', 'requests.sessions.Session', 'requests.sessions.session'],
    sessionMethods: [...VERBS, 'send'],
    defaultTimeout: null,
  },
  {
    id: 'urllib',
    functions: ['urllib.request.urlopen', 'urllib2.urlopen', 'urllib.request.urlretrieve', 'urllib.urlretrieve'],
    sessions: [],
    sessionMethods: [],
    defaultTimeout: null,
    untimed: ['urllib.request.urlretrieve', 'urllib.urlretrieve'],
    socketDefault: true,
    timeoutPosition: { 'urllib.request.urlopen': 2, 'urllib2.urlopen': 2 },
  },
  {
    id: 'httpx',
    functions: under(['httpx'], [...VERBS, 'stream']),
    sessions: ['httpx.Client', 'httpx.AsyncClient'],
    sessionMethods: [...VERBS, 'stream', 'send'],
    sessionTimeout: true,
    defaultTimeout: {
      note: 'httpx times out after 5 seconds of network inactivity unless told otherwise.',
      source: 'https://www.python-httpx.org/advanced/timeouts/',
    },
  },
  {
    id: 'aiohttp',
    functions: ['aiohttp.request'],
    sessions: ['aiohttp.ClientSession'],
    sessionMethods: [...VERBS, 'ws_connect'],
    defaultTimeout: {
      note: 'aiohttp sessions give every request a total timeout of 5 minutes by default.',
      source: 'https://docs.aiohttp.org/en/stable/client_quickstart.html#timeouts',
    },
  },
  {
    id: 'dlt-requests',
    functions: under(['dlt.sources.helpers.requests'], VERBS),
    sessions: ['dlt.sources.helpers.requests.Session', 'dlt.sources.helpers.requests.Client'],
    sessionMethods: [...VERBS, 'send'],
    defaultTimeout: {
      note: "dlt's requests helper gives every request a default timeout (60 seconds, `runtime.request_timeout`).",
      source: 'https://dlthub.com/docs/general-usage/http/requests',
    },
  },
];

/** Where `requests` without a timeout is documented to wait forever (for messages and docs). */
export const REQUESTS_TIMEOUT_SOURCE = WAITS_FOREVER;
