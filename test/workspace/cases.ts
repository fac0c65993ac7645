// Multi-file cases for the cross-file rules: each case is a small workspace ({ path: text }) and
// the findings of one rule it must produce, as "file:line" (empty for not-flagged cases).

export interface WorkspaceCase {
  name: string;
  files: Record<string, string>;
  /** Expected findings of the rule as `file:line`, in file/line order; [] for not-flagged cases. */
  expect: string[];
}

export interface WorkspaceRuleCases {
  rule: string;
  flagged: WorkspaceCase[];
  notFlagged: WorkspaceCase[];
}

// ---------------------------------------------------------------------------------------------
// Building blocks

export const PIPELINE = (steps: string[], extra = '') =>
  `name: orders\nschedule: "0 3 * * *"\n${extra}steps:\n${steps.map((s) => `  - name: ${s.replace(/\.py$/, '')}\n    script: ${s}\n`).join('')}`;

/** A stage: `def run():` reading with `read` and writing with `write` (lines of code, 4-space body). */
export const STAGE = (imports: string, body: string[], doc = '') =>
  `${doc}${imports}\n\n\ndef run():\n${doc ? '    """Run the stage."""\n' : ''}${body.map((l) => `    ${l}`).join('\n')}\n`;

export const PD = 'import pandas as pd';

export const SALES_ETL: Record<string, string> = {
  'sales_etl/pipeline.yaml': PIPELINE(['extract.py', 'transform.py', 'load.py']),
  'sales_etl/extract.py': STAGE(`${PD}\nimport psycopg2`, ['conn = psycopg2.connect(DSN)', 'orders = pd.read_sql("SELECT * FROM orders WHERE updated_at > %s", conn, params=[since])', 'orders.to_csv("/tmp/sales_extract.csv", index=False)']),
  'sales_etl/transform.py': STAGE(PD, ['orders = pd.read_csv("/tmp/sales_extract.csv")', 'orders["total"] = orders["quantity"] * orders["unit_price"]', 'orders.to_parquet("/tmp/sales_transformed.parquet")']),
  'sales_etl/load.py': STAGE(`${PD}\nfrom google.cloud import bigquery`, ['orders = pd.read_parquet("/tmp/sales_transformed.parquet")', 'client = bigquery.Client()', 'table_id = "project.dataset.sales_fact"', 'client.load_table_from_dataframe(orders, table_id).result()']),
};

export function withFiles(base: Record<string, string>, changes: Record<string, string | null>): Record<string, string> {
  const out = { ...base };
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}

/** Two stages in `dir` run by a pipeline config: `a` writes, `b` reads and writes on. */
export function twoStages(a: string[], b: string[], imports = PD, dir = 'etl'): Record<string, string> {
  return {
    [`${dir}/pipeline.yaml`]: PIPELINE(['produce.py', 'consume.py']),
    [`${dir}/produce.py`]: STAGE(imports, a),
    [`${dir}/consume.py`]: STAGE(imports, b),
  };
}
