// Cloud warehouses: BigQuery (client jobs, loads, streaming inserts; pandas-gbq), Snowflake's
// pandas tools. Spark and Databricks live in spark.ts; DB-API connectors in db-drivers.ts.

import type { CallSite, Library, WriteModeSpec } from '../types';
import { SQL_KEYWORDS } from './db-drivers';

const BIGQUERY_RECEIVER = /client|bq|bigquery/i;
const isBigQuery = (site: CallSite) => site.resolved.startsWith('google.cloud.bigquery');

/** pandas-gbq's `if_exists=`: fails by default when the table exists. */
const TO_GBQ: WriteModeSpec = {
  arg: { keywords: ['if_exists'] },
  values: { append: 'append', replace: 'replace', fail: 'refuse' },
  default: 'refuse',
  source: 'https://googleapis.dev/python/pandas-gbq/latest/api.html',
};

export const BIGQUERY: Library = {
  id: 'bigquery',
  title: 'google-cloud-bigquery',
  modules: ['google.cloud.bigquery', 'pandas_gbq'],
  retriesByDefault: {
    note: 'Client methods take retry=DEFAULT_RETRY (google.api_core.retry.Retry): transient API errors are retried with backoff unless retry=None is passed.',
    source: 'https://cloud.google.com/python/docs/reference/bigquery/latest/google.cloud.bigquery.retry',
  },
  broadErrors: ['google.api_core.exceptions.GoogleAPIError', 'google.api_core.exceptions.GoogleAPICallError', 'google.cloud.exceptions.GoogleCloudError', 'google.api_core.exceptions.ClientError'],
  paramStyle: 'named',
  calls: [
    {
      names: ['load_table_from_dataframe', 'load_table_from_uri', 'load_table_from_file', 'load_table_from_json'],
      when: (site) => isBigQuery(site) || BIGQUERY_RECEIVER.test(site.receiver),
      role: 'load-job',
      io: 'warehouse-load',
      target: { index: 1, keywords: ['destination'] },
    },
    {
      names: ['insert_rows', 'insert_rows_json', 'insert_rows_from_dataframe'],
      when: (site) => isBigQuery(site) || BIGQUERY_RECEIVER.test(site.receiver),
      role: 'stream-insert',
      io: 'warehouse-load',
      target: { index: 0, keywords: ['table'] },
    },
    // Table and dataset metadata: API calls that fail like any other (a client named like one counts where the module uses BigQuery).
    {
      names: ['get_table', 'get_dataset', 'create_table', 'create_dataset', 'delete_table', 'delete_dataset', 'update_table', 'list_tables', 'list_rows'],
      when: (site) => isBigQuery(site) || (site.receiver !== '' && BIGQUERY_RECEIVER.test(site.receiverName) && site.py.importsModule('google.cloud.bigquery')),
      io: 'warehouse-query',
      target: { index: 0, keywords: ['table', 'dataset'] },
    },
    {
      names: ['query'],
      when: (site) => isBigQuery(site) || /^(bq|bq_client|bigquery_client|bigquery)$/i.test(site.receiver),
      role: 'warehouse-query',
      io: 'warehouse-query',
      sql: { kind: 'bigquery', arg: { index: 0, keywords: SQL_KEYWORDS } },
    },
    // A query job on a client kept on an object (`self.bq_client.query(sql)`), or a `client` where the module uses BigQuery: a warehouse query.
    {
      names: ['query'],
      when: (site) => site.receiver !== '' && (/^(bq|bq_client|bigquery_client|bigquery)$/i.test(site.receiverName) || (/client/i.test(site.receiverName) && site.py.importsModule('google.cloud.bigquery'))),
      io: 'warehouse-query',
    },
    // A client of unknown type named like one (`client.query(sql)`): it takes SQL; BigQuery when the module uses it.
    {
      names: ['query'],
      when: (site) => site.receiver !== '' && (isBigQuery(site) || /^(bq|bq_client|bigquery_client|bigquery|client|bq_hook)$/i.test(site.receiverName)),
      role: 'warehouse-query',
      sql: {
        kind: (site) => (isBigQuery(site) || site.py.importsModule('google.cloud.bigquery') || /bq|bigquery/i.test(site.receiver) ? 'bigquery' : 'other'),
        arg: { index: 0, keywords: SQL_KEYWORDS },
      },
    },
    { names: ['to_gbq'], role: 'load-job', io: 'warehouse-load', target: { index: 0, keywords: ['destination_table'] } },
    // How loads choose between appending and replacing (PW203 reads these). A load job appends
    // unless its LoadJobConfig says otherwise; streaming inserts always append.
    {
      names: ['load_table_from_dataframe', 'load_table_from_uri', 'load_table_from_file', 'load_table_from_json'],
      when: (site) => isBigQuery(site) || BIGQUERY_RECEIVER.test(site.receiver),
      writeMode: { config: { keywords: ['job_config'] }, values: {}, default: 'append', source: 'https://cloud.google.com/bigquery/docs/reference/rest/v2/Job#JobConfigurationLoad' },
    },
    {
      names: ['insert_rows', 'insert_rows_json', 'insert_rows_from_dataframe'],
      when: (site) => isBigQuery(site) || BIGQUERY_RECEIVER.test(site.receiver),
      writeMode: { values: {}, default: 'append', source: 'https://cloud.google.com/bigquery/docs/streaming-data-into-bigquery' },
    },
    { names: ['to_gbq'], exact: ['pandas_gbq.to_gbq'], writeMode: { ...TO_GBQ, target: { index: 1, keywords: ['destination_table'] } } },
    { names: ['to_gbq'], writeMode: TO_GBQ },
  ],
};

/** `overwrite=` of Snowflake's write_pandas: appends by default; `table_type="temp"` tables are the caller's to merge. */
const WRITE_PANDAS: WriteModeSpec = {
  arg: { keywords: ['overwrite'] },
  values: { True: 'replace', False: 'append' },
  default: 'append',
  source: 'https://docs.snowflake.com/en/developer-guide/python-connector/python-connector-api#write_pandas',
};

export const SNOWFLAKE_PANDAS: Library = {
  id: 'snowflake-pandas',
  title: "Snowflake Connector's pandas tools",
  modules: ['snowflake.connector.pandas_tools'],
  broadErrors: ['snowflake.connector.errors.Error'],
  calls: [
    { names: ['write_pandas'], exact: ['snowflake.connector.pandas_tools.write_pandas'], role: 'load-job', io: 'warehouse-load', target: { index: 2, keywords: ['table_name'] }, writeMode: WRITE_PANDAS },
    // Snowpark's `session.write_pandas(df, table_name, overwrite=False)`.
    { names: ['write_pandas'], when: (site) => site.receiver !== '' && !site.resolved.startsWith('snowflake.connector.pandas_tools'), role: 'load-job', io: 'warehouse-load', target: { index: 1, keywords: ['table_name'] }, writeMode: WRITE_PANDAS },
  ],
};

/** A query job's `result()`: an iterator over its rows. */
export const QUERY_RESULT_METHODS = ['result'] as const;
/** Warehouse loads of a whole frame in one call, whatever their receiver (`write_pandas(conn, df, "T")`). */
export const WAREHOUSE_BULK_METHODS = ['write_pandas'] as const;

/**
 * BigQuery client methods that start a job and return it without waiting: the job's failure is
 * raised only by `job.result()` (or another call that waits). `to_gbq` and `insert_rows*` wait.
 */
export const BIGQUERY_ASYNC_JOB_METHODS = ['query', 'load_table_from_dataframe', 'load_table_from_uri', 'load_table_from_file', 'load_table_from_json', 'copy_table', 'extract_table'] as const;
export const BIGQUERY_ASYNC_JOB_SOURCE = 'https://cloud.google.com/python/docs/reference/bigquery/latest/google.cloud.bigquery.client.Client#google_cloud_bigquery_client_Client_query';
