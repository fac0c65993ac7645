// HTTP requests and how long they wait: which calls send a request (module functions such as
// `requests.get`, methods of sessions and clients), which constructors make a session, and each
// client's default timeout, from the catalogue's HTTP_CLIENTS (libraries/http.ts).

import type { PythonFacts } from '../python/python-facts';
import { libraryOfModule } from './catalogue';
import { HTTP_CLIENTS, type HttpClient } from './libraries/http';

export type { HttpClient } from './libraries/http';

const BY_FUNCTION = new Map<string, HttpClient>();
const BY_SESSION = new Map<string, HttpClient>();
const NAMES = new Set<string>();
const lastName = (dotted: string) => dotted.slice(dotted.lastIndexOf('.') + 1);
for (const client of HTTP_CLIENTS) {
  for (const fn of client.functions) {
    BY_FUNCTION.set(fn, client);
    NAMES.add(lastName(fn));
  }
  for (const session of client.sessions) {
    BY_SESSION.set(session, client);
    NAMES.add(lastName(session));
  }
  for (const method of client.sessionMethods) NAMES.add(method);
}

/** A cheap first test on a callee as written: its last name is one an HTTP request or client constructor has. */
export function mayBeHttpCall(callee: string): boolean {
  return NAMES.has(lastName(callee));
}

/** The client whose module-level function `resolved` sends a request (`requests.get`, `urllib.request.urlopen`). */
export function httpClientOfFunction(resolved: string): HttpClient | null {
  return BY_FUNCTION.get(resolved) ?? null;
}

/** The client a session or client constructor (`requests.Session`, `httpx.Client`) belongs to. */
export function httpClientOfSession(resolvedConstructor: string): HttpClient | null {
  return BY_SESSION.get(resolvedConstructor) ?? null;
}

/** The module imports an HTTP client (requests, httpx, urllib, aiohttp, dlt's requests helper). */
export function importsHttpClient(py: PythonFacts): boolean {
  return py.imports.some((i) => {
    const id = libraryOfModule(i.target)?.id;
    return id === 'http' || id === 'dlt-requests';
  });
}
