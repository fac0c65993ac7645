// Workspace scan benchmark: generates a 2,000-file repository in a temp folder (pipeline stage
// scripts, pipeline YAML configs, Airflow DAGs, tests, shared libraries and non-pipeline files:
// docs, SQL, JSON, CSV), scans it with scanWorkspace, runs the workspace rules, and prints and
// writes bench/results/workspace-scan.json. Run: node --import tsx bench/workspace-scan.ts [files]

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ALL_RULES } from '../rules/index';
import { DEFAULT_CONFIG } from '../server/src/engine/config';
import { Engine } from '../server/src/engine/engine';
import { lintWorkspace } from '../server/src/engine/workspace/lint-workspace';
import { scanWorkspace } from '../server/src/engine/workspace/scan';

const TOTAL = Number(process.argv[2] ?? 2000);
const RUNS = 3;

function stage(p: number, s: number, kind: 'extract' | 'transform' | 'load'): string {
  const input = `/tmp/p${p}_s${s - 1}.parquet`;
  const output = `/tmp/p${p}_s${s}.parquet`;
  const lines = ['"""Stage of pipeline ' + p + '."""', 'import logging', 'import os', '', 'import pandas as pd'];
  if (kind === 'extract') lines.push('import psycopg2');
  if (kind === 'load') lines.push('from google.cloud import bigquery');
  lines.push('', 'logger = logging.getLogger(__name__)', `OUTPUT = "${output}"`, '', '');
  for (let f = 0; f < 6; f++) {
    lines.push(`def helper_${f}(frame):`, `    """Helper ${f}."""`, `    frame["c${f}"] = frame["amount"] * ${f + 1}`, `    return frame[frame["c${f}"] > 0]`, '', '');
  }
  lines.push('def run():');
  if (kind === 'extract') {
    lines.push('    conn = psycopg2.connect(os.environ["DB_URL"])', `    frame = pd.read_sql("SELECT * FROM orders_${p} WHERE updated_at > %s", conn, params=[os.environ["SINCE"]])`);
  } else {
    lines.push(`    frame = pd.read_parquet("${input}")`);
    if (s % 2 === 0) lines.push('    assert not frame.empty, "empty input"');
  }
  for (let f = 0; f < 6; f++) lines.push(`    frame = helper_${f}(frame)`);
  if (kind === 'load') lines.push('    client = bigquery.Client()', `    table_id = "proj.mart.orders_${p}"`, '    client.load_table_from_dataframe(frame, table_id).result()');
  else lines.push('    frame.to_parquet(OUTPUT)');
  if (kind !== 'extract') lines.push(`    os.remove("${input}")`);
  lines.push('    logger.info("rows: %d", len(frame))', '    return len(frame)', '', '', 'if __name__ == "__main__":', '    run()', '');
  return lines.join('\n');
}

function generate(root: string, total: number): Record<string, number> {
  const counts: Record<string, number> = { stage: 0, config: 0, dag: 0, test: 0, library: 0, other: 0 };
  let written = 0;
  const write = (rel: string, text: string, kind: string) => {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    counts[kind]++;
    written++;
  };
  writeFileSync(path.join(root, '.gitignore'), 'build/\n*.pyc\n');
  for (let p = 0; written < total; p++) {
    const dir = `pipelines/p${p}`;
    const steps = ['extract', 'transform', 'transform', 'load'] as const;
    if (p % 4 === 3) {
      // An Airflow DAG with its task callables in the module.
      write(`dags/p${p}_dag.py`, `"""DAG ${p}."""\nfrom datetime import datetime\n\nfrom airflow import DAG\nfrom airflow.operators.python import PythonOperator\n\nfrom pipelines.p${p} import s0, s1\n\nwith DAG(dag_id="p${p}", schedule="0 ${p % 24} * * *", start_date=datetime(2024, 1, 1), catchup=False, default_args={"retries": 2}) as dag:\n    a = PythonOperator(task_id="s0", python_callable=s0.run)\n    b = PythonOperator(task_id="s1", python_callable=s1.run)\n    a >> b\n`, 'dag');
    } else {
      write(`${dir}/pipeline.yaml`, `name: p${p}\nschedule: "0 ${p % 24} * * *"\ndefaults:\n  retries: 2\nsteps:\n${steps.map((_, s) => `  - name: s${s}\n    script: s${s}.py\n`).join('')}`, 'config');
    }
    steps.forEach((kind, s) => write(`${dir}/s${s}.py`, stage(p, s, kind), 'stage'));
    if (p % 2 === 0) write(`tests/test_p${p}.py`, `from pipelines.p${p} import s1\n\n\ndef test_run():\n    assert s1.run\n`, 'test');
    write(`${dir}/README.md`, `# Pipeline ${p}\n\nMoves orders_${p} to the mart.\n`, 'other');
    write(`${dir}/sql/orders_${p}.sql`, `SELECT * FROM orders_${p} WHERE updated_at > :since;\n`, 'other');
    write(`${dir}/fixtures/orders_${p}.csv`, 'id,amount\n1,2.5\n2,3.5\n', 'other');
    write(`lib/util_${p}.py`, `"""Utilities ${p}."""\n\n\ndef add(a, b):\n    """Add."""\n    return a + b\n`, 'library');
    write(`config/p${p}.json`, JSON.stringify({ owner: 'data', pipeline: p }), 'other');
    write(`build/p${p}.py`, 'x = 1\n', 'other');
  }
  return counts;
}

async function main(): Promise<void> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'pipewise-scan-'));
  try {
    const counts = generate(root, TOTAL);
    const engine = await Engine.create(ALL_RULES);
    const scanMs: number[] = [];
    const rulesMs: number[] = [];
    let model = await scanWorkspace(root, engine); // warm-up (parser, caches, file system)
    const lag = monitorEventLoopDelay({ resolution: 1 });
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      lag.enable();
      model = await scanWorkspace(root, engine);
      lag.disable();
      scanMs.push(performance.now() - started);
      const before = performance.now();
      lintWorkspace(model, ALL_RULES, DEFAULT_CONFIG);
      rulesMs.push(performance.now() - before);
    }
    const findings = [...lintWorkspace(model, ALL_RULES, DEFAULT_CONFIG).values()].reduce((n, list) => n + list.length, 0);
    // One file changed: re-analyse it and re-run the workspace rules (what the server does on save).
    const changed = path.join(root, 'pipelines/p0/s1.py');
    const updateMs: number[] = [];
    for (let i = 0; i < 20; i++) {
      const text = stage(0, 1, 'transform') + `\n# edit ${i}\n`;
      const started = performance.now();
      const doc = engine.analyze(changed, text)!;
      model.updateDocument(doc);
      lintWorkspace(model, ALL_RULES, DEFAULT_CONFIG);
      updateMs.push(performance.now() - started);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const files = model.files().length;
    const analysed = model.analyzedFiles().length;
    const result = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      generated: counts,
      filesListed: files,
      filesAnalysed: analysed,
      pipelines: model.pipelines().length,
      scanMsMedian: Math.round(median(scanMs)),
      filesPerSecond: Math.round((files / median(scanMs)) * 1000),
      analysedPerSecond: Math.round((analysed / median(scanMs)) * 1000),
      /** Event-loop delay while scanning: how long a request to a server doing the scan could wait. */
      eventLoopDelayP99Ms: Math.round((lag.percentile(99) / 1e6) * 10) / 10,
      eventLoopDelayMaxMs: Math.round((lag.max / 1e6) * 10) / 10,
      workspaceRulesMsMedian: Math.round(median(rulesMs) * 10) / 10,
      oneFileUpdateAndRulesMsMedian: Math.round(median(updateMs) * 10) / 10,
      findings,
    };
    console.log(JSON.stringify(result, null, 2));
    const out = path.join(__dirname, 'results', 'workspace-scan.json');
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    engine.dispose();
  } finally {
    if (!process.env.KEEP) rmSync(root, { recursive: true, force: true }); else console.log(root);
  }
}

void main();
