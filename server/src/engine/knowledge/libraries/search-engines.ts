// Search-engine clients used as a pipeline's source or sink: elasticsearch-py and its fork
// opensearch-py. Each call is a request to the cluster; the client's transport retries
// connection errors and overloaded-node answers by itself.

import type { CallSite, Library } from '../types';

const MODULES = ['elasticsearch', 'opensearchpy'] as const;
/** A name that holds a cluster client (`es`, `es_client`, `elastic`, `opensearch_client`, `search_client`). */
const CLUSTER_RECEIVER = /^(es|os)(_\w+)?$|^\w+_es$|elastic|opensearch|search_client/i;
/** Requests that only a cluster client makes, so a generic `client` counts where the module uses the library. */
const CLUSTER_ONLY_METHODS = ['search', 'scroll', 'bulk', 'msearch', 'mget', 'update_by_query', 'delete_by_query', 'clear_scroll', 'open_point_in_time'] as const;
/** Requests whose names other clients share (`get`, `index`, `update`): only on a client named like one. */
const SHARED_NAME_METHODS = ['index', 'update', 'delete', 'get', 'get_source', 'create', 'count', 'exists'] as const;
const WRITES = new Set(['index', 'update', 'delete', 'create', 'bulk', 'update_by_query', 'delete_by_query']);
/** The bulk and scan helpers, which take the client as their first argument. */
const HELPERS = ['bulk', 'streaming_bulk', 'parallel_bulk', 'scan', 'async_bulk', 'async_streaming_bulk', 'async_scan', 'reindex'] as const;

const usesClusterLibrary = (site: CallSite) => MODULES.some((m) => site.resolved.startsWith(`${m}.`) || site.py.importsModule(m));
/** A method called on a client the module built or annotated (`elasticsearch.Elasticsearch().search`), not on what a request returned. */
const CLIENT_METHOD = /^(elasticsearch|opensearchpy)\.(\w+\.)*(Async)?(Elasticsearch|OpenSearch)(\(\))?\.\w+$/;
const resolvedToLibrary = (site: CallSite) => CLIENT_METHOD.test(site.resolved);
const ioOfRequest = (site: CallSite) => (WRITES.has(site.method) || /bulk|reindex/.test(site.method) ? 'db-write' : 'db-read');

export const ELASTICSEARCH: Library = {
  id: 'elasticsearch',
  title: 'elasticsearch-py / opensearch-py',
  modules: [...MODULES],
  retriesByDefault: {
    note: 'The client transport retries a request up to max_retries=3 times on connection errors and on 429/502/503/504 answers (retry_on_status) by default; only timeouts are not retried unless retry_on_timeout=True.',
    source: 'https://elasticsearch-py.readthedocs.io/en/stable/api/elasticsearch.html',
  },
  broadErrors: [
    'elasticsearch.ApiError',
    'elasticsearch.TransportError',
    'elasticsearch.exceptions.ApiError',
    'elasticsearch.exceptions.TransportError',
    'elasticsearch.exceptions.ElasticsearchException',
    'elastic_transport.TransportError',
    'opensearchpy.exceptions.OpenSearchException',
    'opensearchpy.exceptions.TransportError',
  ],
  calls: [
    {
      names: HELPERS,
      when: (site) => /^(elasticsearch|opensearchpy)\.helpers\./.test(site.resolved) || (/(^|\.)helpers$/.test(site.receiver) && usesClusterLibrary(site)),
      io: ioOfRequest,
    },
    {
      names: CLUSTER_ONLY_METHODS,
      when: (site) => site.receiver !== '' && (resolvedToLibrary(site) || ((CLUSTER_RECEIVER.test(site.receiverName) || /client/i.test(site.receiverName)) && usesClusterLibrary(site))),
      io: ioOfRequest,
    },
    {
      names: SHARED_NAME_METHODS,
      // `get`, `index`, `update` are everyone's method names (every dict has `get`): the receiver's name is tested first, the imports only then.
      when: (site) => site.receiver !== '' && (resolvedToLibrary(site) || (CLUSTER_RECEIVER.test(site.receiverName) && usesClusterLibrary(site))),
      io: ioOfRequest,
    },
  ],
};
