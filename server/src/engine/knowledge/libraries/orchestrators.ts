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
  calls: [{ names: ['run', 'load'], when: (site) => /^dlt\.pipeline\(\)\.(run|load)$/.test(site.resolved), role: 'load-job', io: 'warehouse-load', target: { index: 0, keywords: ['data'] } }],
};

export const FILES: Library = {
  id: 'files',
  title: 'Python files',
  modules: ['builtins', 'io'],
  calls: [{ names: ['open'], when: (site) => site.resolved === 'open' || site.call.callee === 'open', role: 'open', io: (site) => openIo(site) }],
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
