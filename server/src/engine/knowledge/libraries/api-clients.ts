// Clients of remote APIs that are not plain HTTP calls: SPARQL endpoints through SPARQLWrapper,
// Google's discovery-based API clients (googleapiclient: YouTube, Drive, Sheets, Gmail…). Each
// request leaves the machine and can fail transiently; neither retries by default.

import type { CallSite, Library } from '../types';

/** SPARQLWrapper's request methods: `query()` sends the query set with `setQuery`, `queryAndConvert()` too. */
const SPARQL_REQUESTS = ['query', 'queryAndConvert'] as const;
/** A name that holds a SPARQLWrapper where the module uses it (`sparql`, `wrapper`, `wd_endpoint`). */
const SPARQL_RECEIVER = /sparql|wrapper|endpoint/i;

const isSparqlRequest = (site: CallSite) =>
  site.plain.startsWith('SPARQLWrapper.') || (site.receiver !== '' && SPARQL_RECEIVER.test(site.receiverName) && site.py.importsModule('SPARQLWrapper'));

export const SPARQL_WRAPPER: Library = {
  id: 'sparqlwrapper',
  title: 'SPARQLWrapper',
  modules: ['SPARQLWrapper'],
  broadErrors: ['SPARQLWrapper.SPARQLExceptions.SPARQLWrapperException'],
  calls: [{ names: SPARQL_REQUESTS, when: isSparqlRequest, role: 'http-request', io: 'http' }],
};

/**
 * googleapiclient builds a request object (`service.files().list(…)`) and sends it with
 * `.execute()`, which takes no SQL: no positional argument, only `http=` and `num_retries=`.
 * A DB-API `execute(sql)` always has one, so the two never meet.
 */
const isGoogleApiRequest = (site: CallSite) =>
  !site.call.args.some((a) => a.kind === 'positional') &&
  (site.plain.startsWith('googleapiclient.') || site.plain.startsWith('apiclient.') || site.py.importsModule('googleapiclient') || site.py.importsModule('apiclient'));

export const GOOGLE_API_CLIENT: Library = {
  id: 'googleapiclient',
  title: 'google-api-python-client',
  modules: ['googleapiclient', 'apiclient'],
  broadErrors: ['googleapiclient.errors.Error', 'googleapiclient.errors.HttpError'],
  calls: [
    {
      names: ['execute'],
      when: isGoogleApiRequest,
      role: 'http-request',
      io: 'http',
      retryArgument: {
        keyword: 'num_retries',
        note: 'HttpRequest.execute(num_retries=0) retries 5xx and 429 answers and connection errors with randomized exponential backoff when num_retries > 0; the default is 0, no retry.',
        source: 'https://googleapis.github.io/google-api-python-client/docs/epy/googleapiclient.http.HttpRequest-class.html#execute',
      },
    },
  ],
};

/** Request builders of Google APIs that read (`videos().list(…)`, `files().get(…)`, `reports().query(…)`). */
const GOOGLE_READ_REQUEST = /\.(list|get|query|search|batchGet|export)\(\)\.execute$/;

/** A Google API request (`….list().execute`, resolved) that only reads. */
export function googleRequestReads(resolved: string): boolean {
  return GOOGLE_READ_REQUEST.test(resolved);
}
