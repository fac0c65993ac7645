// The cross-file rules' fixes, applied to whole workspaces: exact output, the finding gone after
// re-scanning, and no new finding of any rule (workspace or per-file) in the files they touch.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { lintWorkspace } from '../../server/src/engine/workspace/lint-workspace';
import type { WorkspaceFix } from '../../server/src/engine/workspace/types';
import { ALL_RULES } from '../../rules';
import { sharedEngine } from '../helpers/rule-tester';
import { PD, SALES_ETL, twoStages } from './cases';
import { applyFix, locate, removeWorkspace, scan, writeWorkspace, type Files, type LocatedFinding } from './helpers';

async function findingsOf(files: Files): Promise<{ found: LocatedFinding[]; root: string }> {
  const dir = writeWorkspace(files);
  try {
    const model = await scan(dir);
    return { found: locate(model, lintWorkspace(model, ALL_RULES, DEFAULT_CONFIG)), root: dir };
  } finally {
    removeWorkspace(dir);
  }
}

async function perFileFindings(files: Files): Promise<string[]> {
  const engine = await sharedEngine();
  return Object.entries(files).flatMap(([name, text]) => engine.lintText(name, text, DEFAULT_CONFIG).map((f) => `${name} ${f.ruleId}: ${f.message}`));
}

async function applyAndCheck(files: Files, rule: string, file: string, expectedFiles: Files): Promise<void> {
  const { found, root } = await findingsOf(files);
  const target = found.find((f) => f.rule === rule && f.file === file);
  assert.ok(target, `no ${rule} finding in ${file}:\n${found.map((f) => `${f.rule} ${f.file}:${f.line}`).join('\n')}`);
  const fix = target.finding.fixes[0] as WorkspaceFix;
  assert.ok(fix, 'the finding offers a fix');
  assert.match(fix.title, new RegExp(`^Pipewise \\(${rule}\\): `));
  assert.equal(fix.safe, false);
  const output = applyFix(files, file, fix, root);
  for (const [name, text] of Object.entries(expectedFiles)) assert.equal(output[name], text, name);
  const after = await findingsOf(output);
  const key = (f: LocatedFinding) => `${f.rule} ${f.file}: ${f.message}`;
  assert.ok(!after.found.some((f) => key(f) === key(target)), 'the finding is gone');
  const before = new Set(found.map(key));
  assert.deepEqual(after.found.filter((f) => !before.has(key(f))).map(key), [], 'no new workspace findings');
  const perBefore = new Set(await perFileFindings(files));
  assert.deepEqual((await perFileFindings(output)).filter((f) => !perBefore.has(f)), [], 'no new per-file findings');
}

describe('PW105 fix: validation gate', () => {
  test('inserts the gate helper after the imports and calls it on the frame read', async () => {
    await applyAndCheck(SALES_ETL, 'PW105', 'sales_etl/transform.py', {
      'sales_etl/transform.py': `import pandas as pd


def validate_transform_input(frame, expected_rows=None):
    """Stop the pipeline before bad data moves on: schema, emptiness and row-count checks."""
    required_columns = {"quantity", "unit_price"}
    missing = required_columns - set(frame.columns)
    if missing:
        raise ValueError(f"transform input is missing columns: {sorted(missing)}")
    if frame.empty:
        raise ValueError("transform input is empty")
    if expected_rows is not None and len(frame) != expected_rows:
        raise ValueError(f"transform input has {len(frame)} rows, upstream wrote {expected_rows}")
    return frame


def run():
    orders = pd.read_csv("/tmp/sales_extract.csv")
    orders = validate_transform_input(orders)
    orders["total"] = orders["quantity"] * orders["unit_price"]
    orders.to_parquet("/tmp/sales_transformed.parquet")
`,
    });
  });

  test('uses the columns the producer touched when the consumer names none', async () => {
    await applyAndCheck(SALES_ETL, 'PW105', 'sales_etl/load.py', {
      'sales_etl/load.py': `import pandas as pd
from google.cloud import bigquery


def validate_load_input(frame, expected_rows=None):
    """Stop the pipeline before bad data moves on: schema, emptiness and row-count checks."""
    required_columns = {"quantity", "unit_price", "total"}
    missing = required_columns - set(frame.columns)
    if missing:
        raise ValueError(f"load input is missing columns: {sorted(missing)}")
    if frame.empty:
        raise ValueError("load input is empty")
    if expected_rows is not None and len(frame) != expected_rows:
        raise ValueError(f"load input has {len(frame)} rows, upstream wrote {expected_rows}")
    return frame


def run():
    orders = pd.read_parquet("/tmp/sales_transformed.parquet")
    orders = validate_load_input(orders)
    client = bigquery.Client()
    table_id = "project.dataset.sales_fact"
    client.load_table_from_dataframe(orders, table_id).result()
`,
    });
  });

  test('a read that is not assigned to a name gets no fix', async () => {
    const files = twoStages(['orders = pd.read_json("https://x")', 'orders.to_csv("/tmp/o.csv")'], ['summarize(pd.read_csv("/tmp/o.csv")).to_csv("/data/out.csv")'], PD);
    const { found } = await findingsOf(files);
    const finding = found.find((f) => f.rule === 'PW105');
    assert.ok(finding);
    assert.equal(finding.finding.fixes.length, 0);
  });
});

describe('PW205 fix: remove the intermediate at the end of the consuming function', () => {
  test('adds import os and os.remove before the trailing return (edits the reader, not the writer)', async () => {
    const files = twoStages(
      ['orders = pd.read_json("https://x")', 'orders.to_csv("/tmp/orders.csv", index=False)'],
      ['orders = pd.read_csv("/tmp/orders.csv")', 'assert len(orders) > 0', 'orders.to_parquet("/data/out/orders.parquet")', 'return len(orders)'],
      PD,
    );
    await applyAndCheck(files, 'PW205', 'etl/produce.py', {
      'etl/produce.py': files['etl/produce.py'],
      'etl/consume.py': `import os
import pandas as pd


def run():
    orders = pd.read_csv("/tmp/orders.csv")
    assert len(orders) > 0
    orders.to_parquet("/data/out/orders.parquet")
    os.remove("/tmp/orders.csv")
    return len(orders)
`,
    });
  });

  test('reuses the path variable and an existing import os', async () => {
    const files = twoStages(
      ['orders = pd.read_json("https://x")', 'orders.to_csv(STAGING)'],
      ['orders = pd.read_csv(STAGING)', 'assert len(orders) > 0', 'orders.to_parquet("/data/out/orders.parquet")'],
      `import os\n\nimport pandas as pd\n\nSTAGING = "/tmp/orders.csv"`,
    );
    await applyAndCheck(files, 'PW205', 'etl/produce.py', {
      'etl/consume.py': `import os

import pandas as pd

STAGING = "/tmp/orders.csv"


def run():
    orders = pd.read_csv(STAGING)
    assert len(orders) > 0
    orders.to_parquet("/data/out/orders.parquet")
    os.remove(STAGING)
`,
    });
  });
});
