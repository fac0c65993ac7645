// Orchestrators as libraries: Airflow hooks that run SQL or read into frames, and dlt pipelines
// that load. How each orchestrator declares retries for a task lives in ../orchestration.ts.

import type { CallSite, Library, ParamStyle, SqlDialect } from '../types';
import { SQL_KEYWORDS } from './db-drivers';

const HOOK_IO = /Hook\(\)\.(get_pandas_df|get_records|get_first|run|insert_rows|bulk_load|copy_expert)$/;
const AIRFLOW_IO = /\.(get_pandas_df|get_records|run|insert_rows)$/;

/** Hook methods that return the rows of a query (`get_first` returns one row, `run` none). */
export const HOOK_ROW_READS = ['get_pandas_df', 'get_records', 'get_df'] as const;

/** The driver each Airflow database hook wraps: its parameter style and SQL dialect. */
const HOOK_DRIVERS: ReadonlyArray<[RegExp, ParamStyle, SqlDialect]> = [
  [/\bPostgresHook\(\)/, 'pyformat', 'postgres'],
  [/\bMySqlHook\(\)/, 'format', 'mysql'],
  [/\bSnowflakeHook\(\)/, 'pyformat', 'snowflake'],
  [/\bRedshiftSQLHook\(\)/, 'format', 'redshift'],
  [/\bSqliteHook\(\)/, 'qmark', 'sqlite'],
  [/\bMsSqlHook\(\)/, 'pyformat', 'mssql'],
  [/\bOracleHook\(\)/, 'named', 'oracle'],
  [/\bTrinoHook\(\)/, 'qmark', 'trino'],
];

const hookDriver = (site: CallSite) => HOOK_DRIVERS.find(([hook]) => hook.test(site.resolved)) ?? null;

export const AIRFLOW_HOOKS: Library = {
  id: 'airflow-hooks',
  title: 'Airflow database hooks',
  modules: ['airflow'],
  broadErrors: ['airflow.exceptions.AirflowException'],
  calls: [
    // `DbApiHook.insert_rows(table, rows, target_fields, commit_every, replace)`: plain INSERTs
    // unless `replace=True` (an upsert: ON CONFLICT for Postgres, REPLACE INTO for MySQL/SQLite).
    {
      names: ['insert_rows'],
      when: (site) => HOOK_IO.test(site.resolved) || (site.root === 'airflow' && AIRFLOW_IO.test(site.resolved)) || (site.receiver !== '' && /hook$/i.test(site.receiverName)),
      role: 'write-table',
      io: 'db-write',
      target: { index: 0, keywords: ['table'] },
      writeMode: {
        arg: { index: 4, keywords: ['replace'] },
        values: { True: 'merge', False: 'append' },
        default: 'append',
        source: 'https://airflow.apache.org/docs/apache-airflow-providers-common-sql/stable/_api/airflow/providers/common/sql/hooks/sql/index.html',
      },
    },
    {
      names: ['get_pandas_df', 'get_records', 'get_first', 'run', 'insert_rows', 'bulk_load', 'copy_expert', 'get_df'],
      when: (site) => HOOK_IO.test(site.resolved) || (site.root === 'airflow' && AIRFLOW_IO.test(site.resolved)),
      role: 'hook-read',
      io: 'db-query',
      returnsFrame: false,
    },
    {
      names: ['run', 'get_pandas_df', 'get_records', 'get_first', 'get_df'],
      when: (site) => site.receiver !== '' && (/Hook\(\)\.\w+$/.test(site.resolved) || /hook$/i.test(site.receiverName)),
      role: 'hook-run',
      sql: { kind: 'airflow-hook', arg: { index: 0, keywords: SQL_KEYWORDS } },
      paramStyle: (site) => hookDriver(site)?.[1] ?? null,
      sqlDialect: (site) => hookDriver(site)?.[2] ?? null,
    },
  ],
};

export const DLT: Library = {
  id: 'dlt',
  title: 'dlt (data load tool)',
  modules: ['dlt'],
  broadErrors: ['dlt.pipeline.exceptions.PipelineStepFailed'],
  calls: [
    { names: ['run', 'load'], when: (site) => /^dlt\.pipeline\(\)\.(run|load)$/.test(site.resolved), role: 'load-job', io: 'warehouse-load', target: { index: 0, keywords: ['data'] } },
    // `pipeline.run(data, table_name=…, write_disposition=…)`: appends unless told otherwise (a
    // resource's own `write_disposition` applies when the run does not pass one).
    {
      names: ['run'],
      when: (site) => /^dlt\.pipeline\(\)\.run$/.test(site.resolved),
      writeMode: {
        arg: { keywords: ['write_disposition'] },
        values: { append: 'append', replace: 'replace', merge: 'merge', skip: 'refuse' },
        default: 'append',
        target: { keywords: ['table_name'] },
        source: 'https://dlthub.com/docs/general-usage/incremental-loading',
      },
    },
  ],
};

/** BigQuery's write dispositions, as operators and job configurations spell them. */
const BIGQUERY_DISPOSITIONS = { WRITE_APPEND: 'append', WRITE_TRUNCATE: 'replace', WRITE_EMPTY: 'refuse' } as const;

/**
 * Airflow's Google provider operators that write BigQuery tables: their `write_disposition=`
 * (WRITE_EMPTY by default) or, for BigQueryInsertJobOperator, the job `configuration` dict.
 * Instantiating an operator does no I/O (the task does, when it runs): no `io` here.
 */
export const AIRFLOW_BIGQUERY_OPERATORS: Library = {
  id: 'airflow-bigquery-operators',
  title: "Airflow's BigQuery operators",
  modules: ['airflow.providers.google.cloud'],
  calls: [
    {
      names: ['GCSToBigQueryOperator', 'BigQueryToBigQueryOperator'],
      roots: ['airflow'],
      writeMode: { arg: { keywords: ['write_disposition'] }, values: BIGQUERY_DISPOSITIONS, default: 'refuse', target: { keywords: ['destination_project_dataset_table'] }, source: 'https://airflow.apache.org/docs/apache-airflow-providers-google/stable/_api/airflow/providers/google/cloud/transfers/gcs_to_bigquery/index.html' },
    },
    {
      names: ['BigQueryExecuteQueryOperator'],
      roots: ['airflow'],
      writeMode: { arg: { keywords: ['write_disposition'] }, values: BIGQUERY_DISPOSITIONS, default: 'refuse', target: { keywords: ['destination_dataset_table'] }, source: 'https://airflow.apache.org/docs/apache-airflow-providers-google/stable/_api/airflow/providers/google/cloud/operators/bigquery/index.html' },
    },
    {
      names: ['BigQueryInsertJobOperator'],
      roots: ['airflow'],
      writeMode: { config: { keywords: ['configuration'] }, values: BIGQUERY_DISPOSITIONS, default: 'refuse', source: 'https://cloud.google.com/bigquery/docs/reference/rest/v2/Job#JobConfiguration' },
    },
  ],
};

/** Airflow's Amazon provider: `S3ToRedshiftOperator` runs COPY into `table`, appending unless `method` says REPLACE or UPSERT. */
export const AIRFLOW_REDSHIFT_OPERATORS: Library = {
  id: 'airflow-redshift-operators',
  title: "Airflow's S3 to Redshift operator",
  modules: ['airflow.providers.amazon.aws.transfers.s3_to_redshift'],
  calls: [
    {
      names: ['S3ToRedshiftOperator'],
      roots: ['airflow'],
      writeMode: { arg: { keywords: ['method'] }, values: { APPEND: 'append', REPLACE: 'replace', UPSERT: 'merge' }, default: 'append', target: { keywords: ['table'] }, source: 'https://airflow.apache.org/docs/apache-airflow-providers-amazon/stable/_api/airflow/providers/amazon/aws/transfers/s3_to_redshift/index.html' },
    },
  ],
};

export const FILES: Library = {
  id: 'files',
  title: 'Python files',
  modules: ['builtins', 'io'],
  calls: [
    { names: ['open'], when: (site) => site.resolved === 'open' || site.call.callee === 'open', role: 'open', io: (site) => openIo(site) },
    // A file opened for writing: `"a"` adds to what is there, `"w"` truncates it, `"x"` fails if it exists (PW203 reads it).
    {
      names: ['open'],
      when: (site) => (site.resolved === 'open' || site.call.callee === 'open') && openIo(site) === 'file-write',
      writeMode: {
        arg: { index: 1, keywords: ['mode'] },
        values: { a: 'append', ab: 'append', 'a+': 'append', at: 'append', w: 'replace', wb: 'replace', 'w+': 'replace', wt: 'replace', x: 'refuse', xb: 'refuse' },
        default: 'refuse',
        target: { index: 0, keywords: ['file'] },
        source: 'https://docs.python.org/3/library/functions.html#open',
      },
    },
  ],
};

function openIo(site: { call: { args: Array<{ kind: string; name: string | null; string: { value: string } | null }> } }): 'file-read' | 'file-write' {
  const args = site.call.args;
  const mode = args.find((a) => a.kind === 'keyword' && a.name === 'mode') ?? args.filter((a) => a.kind === 'positional')[1];
  const value = mode?.string?.value ?? 'r';
  return value.includes('r') || value === '' ? 'file-read' : 'file-write';
}

/** Hook methods that hand back a query's rows to iterate. */
export const HOOK_ROW_METHODS = ['get_records'] as const;
/** Hook methods that load a whole file or frame in one call. */
export const HOOK_BULK_METHODS = ['bulk_load'] as const;
