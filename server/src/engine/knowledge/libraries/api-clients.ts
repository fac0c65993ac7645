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

/** simple_salesforce's SOQL queries: `sf.query`, `sf.query_all`, `sf.query_all_iter`, and the Bulk APIs' `sf.bulk.Contact.query(…)`/`query_all(…)`. */
const SALESFORCE_QUERIES = ['query', 'query_all', 'query_all_iter'] as const;
/** A name that holds a Salesforce client where the module uses it (`sf`, `sfdc`, `salesforce_client`), or a Bulk API object handle. */
const SALESFORCE_RECEIVER = /^(sf|sfdc)(_\w+)?$|^\w+_(sf|sfdc)$|salesforce/i;

const isSalesforceQuery = (site: CallSite) =>
  site.plain.startsWith('simple_salesforce.') ||
  (site.py.importsModule('simple_salesforce') && (SALESFORCE_RECEIVER.test(site.receiverName) || /(^|\.)bulk2?\.\w+$/.test(site.receiver)));

export const SIMPLE_SALESFORCE: Library = {
  id: 'simple-salesforce',
  title: 'simple_salesforce',
  modules: ['simple_salesforce'],
  broadErrors: ['simple_salesforce.exceptions.SalesforceError'],
  calls: [
    {
      names: SALESFORCE_QUERIES,
      when: isSalesforceQuery,
      role: 'api-query',
      apiQuery: {
        language: 'soql',
        arg: { index: 0, keywords: ['query'] },
        changeStamp: {
          column: 'SystemModstamp',
          note: 'Every standard and custom object has the system fields CreatedDate, LastModifiedDate and SystemModstamp; SystemModstamp is indexed and is the one to filter changed records on.',
          source: 'https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/system_fields.htm',
        },
      },
    },
  ],
};
