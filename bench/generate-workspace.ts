// A generated repository of many small pipelines for workspace benchmarks and tests: each folder
// holds a pipeline.yaml, its extract/transform/load scripts (pandas, psycopg2, BigQuery, shared
// /tmp intermediates, so the cross-file rules have work to do) and a README.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const FILES_PER_PIPELINE = 5;

function extract(i: number): string {
  return [
    'import pandas as pd',
    'import psycopg2',
    '',
    '',
    `def extract_${i}():`,
    `    """Extract orders of region ${i}."""`,
    '    conn = psycopg2.connect("postgresql://reader@localhost:5432/sales")',
    `    orders = pd.read_sql("SELECT * FROM orders_${i} WHERE region = %s", conn, params=[${i}])`,
    `    orders.to_csv("/tmp/extract_${i}.csv", index=False)`,
    '    conn.close()',
    '    return len(orders)',
    '',
    '',
    ...Array.from({ length: 8 }, (_, k) => [`def helper_${k}(frame):`, `    frame["col_${k}"] = frame["amount"] * ${k + 1}`, '    return frame', '', ''].join('\n')),
    'if __name__ == "__main__":',
    `    print(extract_${i}())`,
    '',
  ].join('\n');
}

function transform(i: number): string {
  return [
    'import pandas as pd',
    '',
    '',
    `def transform_${i}():`,
    `    orders = pd.read_csv("/tmp/extract_${i}.csv")`,
    '    orders["total"] = orders["quantity"] * orders["unit_price"]',
    '    orders = orders.dropna()',
    `    orders.to_parquet("/tmp/transform_${i}.parquet")`,
    '    return len(orders)',
    '',
    '',
    ...Array.from({ length: 8 }, (_, k) => [`def step_${k}(frame):`, `    return frame[frame["amount"] > ${k}]`, '', ''].join('\n')),
    'if __name__ == "__main__":',
    `    print(transform_${i}())`,
    '',
  ].join('\n');
}

function load(i: number): string {
  return [
    'import pandas as pd',
    'from google.cloud import bigquery',
    '',
    '',
    `def load_${i}():`,
    `    orders = pd.read_parquet("/tmp/transform_${i}.parquet")`,
    '    client = bigquery.Client()',
    `    job = client.load_table_from_dataframe(orders, "project.dataset.sales_${i}")`,
    '    job.result()',
    '    return len(orders)',
    '',
    '',
    'if __name__ == "__main__":',
    `    print(load_${i}())`,
    '',
  ].join('\n');
}

function config(i: number): string {
  return [`name: sales_${i}`, `schedule: "${i % 60} ${i % 24} * * *"`, 'steps:', '  - name: extract', '    script: extract.py', '  - name: transform', '    script: transform.py', '  - name: load', '    script: load.py', ''].join('\n');
}

/** Writes `pipelines` pipeline folders (5 files each) under `dir`; returns the number of files. */
export function generateWorkspace(dir: string, pipelines: number): number {
  for (let i = 0; i < pipelines; i++) {
    const folder = path.join(dir, `pipelines`, `sales_${String(i).padStart(4, '0')}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'pipeline.yaml'), config(i));
    writeFileSync(path.join(folder, 'extract.py'), extract(i));
    writeFileSync(path.join(folder, 'transform.py'), transform(i));
    writeFileSync(path.join(folder, 'load.py'), load(i));
    writeFileSync(path.join(folder, 'README.md'), `# sales_${i}\n\nExtracts, transforms and loads region ${i}.\n`);
  }
  return pipelines * FILES_PER_PIPELINE;
}
