// HTTP clients: requests, httpx, urllib3, aiohttp, urllib. None of them retries or times out by
// default (requests waits forever without `timeout=`). dlt's requests helper is the exception.

import type { Library } from '../types';

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
  modules: ['requests', 'httpx', 'urllib3', 'aiohttp', 'urllib'],
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
  retriesByDefault: {
    note: 'dlt.sources.helpers.requests is a drop-in requests with retries (exponential backoff on connection errors, timeouts, 429 and 5xx) and a default timeout.',
    source: 'https://dlthub.com/docs/general-usage/http/requests',
  },
  calls: [{ names: HTTP_METHODS, when: (site) => site.plain.startsWith('dlt.sources.helpers.requests.') && isRequest(site.resolved), role: 'http-request', io: 'http', target: { index: 0, keywords: ['url'] } }],
};
