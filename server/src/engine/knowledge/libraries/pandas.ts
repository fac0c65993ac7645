// pandas (and the frame libraries that share its API: polars, modin): readers and writers, the
// DataFrame methods pipelines chain, and which of them keep a frame, reduce it to a statistic or
// keep every row.

import { firstStringArgument, isRemotePath, remotePathKind } from '../call-site';
import type { CallSite, Library, WriteModeSpec } from '../types';
import { SQL_KEYWORDS } from './db-drivers';

const FRAME_ROOTS = ['pandas', 'polars', 'modin'];

export const FILE_READERS = ['read_csv', 'read_parquet', 'read_json', 'read_excel', 'read_feather', 'read_orc', 'read_table', 'read_fwf', 'read_pickle', 'read_xml', 'read_hdf', 'read_ndjson', 'read_avro', 'read_ipc', 'scan_csv', 'scan_parquet', 'scan_ndjson'] as const;
/** Readers that run a SQL query (`read_sql_table` reads a whole table by name). */
export const SQL_READERS = ['read_sql', 'read_sql_query', 'read_gbq', 'read_database', 'read_database_uri'] as const;
export const FILE_WRITERS = ['to_csv', 'to_parquet', 'to_json', 'to_excel', 'to_feather', 'to_orc', 'to_pickle', 'to_hdf', 'to_xml', 'write_csv', 'write_parquet', 'write_json', 'write_ndjson', 'write_excel', 'write_ipc', 'write_avro'] as const;

/** Local file, or object storage when the path is a remote URL (`s3://…`). */
const pathIo = (local: 'file-read' | 'file-write') => (site: CallSite) => {
  // `pd.read_csv("https://…")` or of a variable holding a URL: an HTTP request hidden in pandas.
  if (local === 'file-read' && remotePathKind(site) === 'http') return 'http';
  return isRemotePath(firstStringArgument(site.call)) ? 'object-storage' : local;
};

/** DataFrame methods that return a frame (a chain of them on a frame is still a frame). */
export const FRAME_METHODS = [
  'copy', 'merge', 'join', 'assign', 'drop', 'dropna', 'fillna', 'rename', 'sort_values', 'reset_index', 'set_index', 'query',
  'filter', 'astype', 'drop_duplicates', 'groupby', 'agg', 'pivot', 'melt', 'explode', 'head', 'tail', 'sample', 'loc', 'iloc',
  'where', 'mask', 'replace', 'apply', 'select', 'withColumn', 'withColumnRenamed', 'distinct', 'union', 'unionByName', 'toPandas',
  'to_pandas', 'collect', 'get_pandas_df', 'to_dataframe', 'to_df',
] as const;

/** Frame methods that rebind a name to a (transformed) frame: `clean = raw.merge(…)` keeps `clean` a frame. */
export const FRAME_KEEPING_METHODS = [
  'copy', 'merge', 'join', 'assign', 'drop', 'dropna', 'fillna', 'rename', 'sort_values', 'reset_index', 'set_index', 'query',
  'astype', 'drop_duplicates', 'replace', 'head', 'tail', 'sample', 'where', 'mask', 'select', 'withColumn', 'withColumnRenamed',
  'distinct', 'union', 'unionByName', 'filter', 'explode', 'melt',
] as const;

/** Frame methods that reduce a frame or series to a statistic or a display: nothing of its rows is kept. */
export const STATISTIC_METHODS = [
  'mean', 'sum', 'count', 'nunique', 'unique', 'value_counts', 'describe', 'info', 'show', 'display', 'max', 'min', 'median',
  'std', 'var', 'quantile', 'any', 'all', 'corr', 'cov', 'tolist', 'to_list', 'idxmax', 'idxmin', 'mode', 'sem', 'skew', 'kurt',
  'prod', 'printSchema', 'isEmpty',
] as const;

/** Frame methods that keep every row (a count taken after them still measures the rows before). */
export const ROW_PRESERVING_METHODS = [
  'reset_index', 'copy', 'rename', 'astype', 'assign', 'sort_values', 'sort_index', 'set_index', 'fillna', 'infer_objects',
  'convert_dtypes', 'round', 'rename_axis', 'add_prefix', 'add_suffix',
] as const;

/** Attributes of a DataFrame that are not columns (`frame.shape`, `frame.loc`, Spark's `frame.write`). */
export const FRAME_ATTRIBUTES = [
  'shape', 'columns', 'index', 'dtypes', 'values', 'empty', 'size', 'ndim', 'loc', 'iloc', 'at', 'iat', 'T', 'axes', 'attrs',
  'str', 'dt', 'plot', 'style', 'sparse', 'flags', 'na', 'write', 'schema', 'rdd', 'cat',
] as const;

/** Element-wise converters that can turn unparsable values into nulls (`errors="coerce"`). */
export const COERCING_CONVERTERS = ['pandas.to_numeric', 'pandas.to_datetime', 'pandas.to_timedelta'] as const;

/** Null tests on frames and series, as methods and as functions. */
export const NULL_TEST_METHODS = ['isna', 'isnull', 'notna', 'notnull'] as const;
export const NULL_TEST_FUNCTIONS = ['pandas.isna', 'pandas.isnull', 'pandas.notna', 'pandas.notnull', 'numpy.isnan', 'math.isnan'] as const;

/** pandas readers and writers take the connection or engine second (`read_sql(sql, con)`, `to_sql(name, con)`). */
const FRAME_CONNECTION = { index: 1, keywords: ['con', 'conn', 'connection'] };

/** `if_exists=` of `DataFrame.to_sql` (and its look-alikes): fails by default when the table exists. */
const IF_EXISTS: WriteModeSpec = {
  arg: { keywords: ['if_exists'] },
  values: { append: 'append', replace: 'replace', fail: 'refuse' },
  default: 'refuse',
  source: 'https://pandas.pydata.org/docs/reference/api/pandas.DataFrame.to_sql.html',
};

/** The file `mode=` of `to_csv`/`to_json`: `"w"` (the default) truncates, `"a"` appends, `"x"` fails on an existing file. */
const FILE_MODE: WriteModeSpec = {
  arg: { keywords: ['mode'] },
  values: { w: 'replace', wb: 'replace', 'w+': 'replace', a: 'append', ab: 'append', 'a+': 'append', 'a+b': 'append', 'ab+': 'append', x: 'refuse' },
  default: 'replace',
  source: 'https://pandas.pydata.org/docs/reference/api/pandas.DataFrame.to_csv.html',
};

export const PANDAS: Library = {
  id: 'pandas',
  title: 'pandas',
  modules: ['pandas', 'polars', 'modin'],
  calls: [
    { names: SQL_READERS, roots: FRAME_ROOTS, role: 'read-sql', io: 'db-read', returnsFrame: true, sql: { kind: 'pandas', arg: { index: 0, keywords: SQL_KEYWORDS } }, connection: FRAME_CONNECTION },
    { names: ['read_sql_table'], roots: FRAME_ROOTS, role: 'read-table', io: 'db-read', returnsFrame: true, target: { index: 0, keywords: ['table_name'] }, connection: FRAME_CONNECTION },
    { names: FILE_READERS, roots: FRAME_ROOTS, role: 'read-file', io: pathIo('file-read'), returnsFrame: true, target: { index: 0, keywords: ['filepath_or_buffer', 'path', 'path_or_buf', 'io', 'source'] } },
    { names: ['DataFrame', 'concat', 'merge', 'json_normalize', 'pivot_table', 'crosstab', 'from_dict', 'from_records'], roots: FRAME_ROOTS, role: 'frame-source', returnsFrame: true },
    // DataFrame.to_sql and the frame writers: the receiver is a frame whatever its name.
    { names: ['to_sql'], role: 'write-table', io: 'db-write', target: { index: 0, keywords: ['name'] }, connection: FRAME_CONNECTION },
    { names: ['write_database'], roots: ['polars'], role: 'write-table', io: 'db-write', target: { index: 0, keywords: ['table_name'] } },
    { names: FILE_WRITERS, role: 'write-file', io: pathIo('file-write'), target: { index: 0, keywords: ['path_or_buf', 'path', 'file', 'excel_writer'] } },
    // How writers choose between adding rows and replacing the table or file (PW203 reads these).
    { names: ['to_sql'], writeMode: IF_EXISTS },
    { names: ['write_database'], roots: ['polars'], writeMode: { ...IF_EXISTS, arg: { keywords: ['if_table_exists'] }, source: 'https://docs.pola.rs/api/python/stable/reference/api/polars.DataFrame.write_database.html' } },
    { names: ['to_postgis'], role: 'write-table', writeMode: { ...IF_EXISTS, target: { index: 0, keywords: ['name'] }, source: 'https://geopandas.org/en/stable/docs/reference/api/geopandas.GeoDataFrame.to_postgis.html' } },
    { names: ['to_csv', 'to_json'], writeMode: FILE_MODE },
    // fastparquet appends row groups with `append=True`; pyarrow has no append.
    { names: ['to_parquet'], writeMode: { arg: { keywords: ['append'] }, values: { True: 'append', False: 'replace' }, default: 'replace', source: 'https://fastparquet.readthedocs.io/en/latest/api.html#fastparquet.write' } },
  ],
};

/**
 * Clients of any library that hand back a frame (`hook.get_pandas_df(sql)`, `job.to_dataframe()`,
 * `cur.fetch_pandas_all()`, `self.read_sql(q)`): matched by method name alone, after every library.
 */
export const FRAME_CLIENTS: Library = {
  id: 'frame-clients',
  title: 'clients returning DataFrames',
  modules: [],
  calls: [{ names: ['get_pandas_df', 'to_dataframe', 'toPandas', 'to_pandas', 'fetch_pandas_all', 'fetch_dataframe', 'read_sql', 'read_sql_query'], role: 'frame-source', returnsFrame: true }],
};

/** Attributes that describe a frame's size or layout, not its rows (`frame.shape`, `frame.empty`). */
export const STATISTIC_ATTRIBUTES = ['shape', 'empty', 'size', 'ndim', 'columns', 'dtypes'] as const;

/** Reductions of a series or frame to numbers: nothing of the values themselves is kept. */
export const REDUCTION_METHODS = [
  'mean', 'sum', 'min', 'max', 'median', 'std', 'var', 'quantile', 'describe', 'nunique', 'idxmin', 'idxmax', 'count', 'sem',
  'skew', 'kurt', 'prod',
] as const;

/** Methods that group or pivot a frame into aggregates (pandas and Spark spellings). */
export const AGGREGATION_METHODS = ['groupby', 'groupBy', 'pivot_table', 'resample', 'agg', 'aggregate', 'rollup', 'cube'] as const;

/** Methods that iterate a frame row by row. */
export const ROW_ITERATION_METHODS = ['iterrows', 'itertuples'] as const;

/** Conversions that turn a frame or a column into its values, one per row (`df.to_numpy()`, `df["id"].tolist()`). */
export const ROW_VALUE_METHODS = ['tolist', 'to_list', 'to_numpy', 'to_records'] as const;

/** Methods that call a function once per value or row (`apply`, `map`, tqdm's `progress_apply`, pandarallel's `parallel_apply`). */
export const APPLY_METHODS = ['apply', 'map', 'applymap', 'transform', 'progress_apply', 'progress_map', 'parallel_apply'] as const;

/** Reader keywords whose value makes a CSV reader skip lines it cannot parse: `on_bad_lines="skip"`, and pandas < 1.3's `error_bad_lines=False`. */
export const LINE_SKIPPING_READ_OPTIONS: ReadonlyArray<{ keyword: string; value: string }> = [
  { keyword: 'on_bad_lines', value: '"skip"' },
  { keyword: 'error_bad_lines', value: 'False' },
];
/** Readers that take those keywords. */
export const LINE_READERS = ['read_csv', 'read_table', 'read_fwf'] as const;
