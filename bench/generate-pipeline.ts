// A deterministic, realistic pipeline module for benchmarks: extract/transform/load functions with
// pandas, psycopg2 and requests calls, dicts, SQL strings, comments and a few credentials.

/**
 * `stress`: every function does database and HTTP I/O without retries and a third of them hold
 * a credential (≈ 640 findings in 10,000 lines). `typical`: the same module written the way a
 * maintained pipeline is (retried functions, one planted credential per ≈ 50 functions).
 */
export type PipelineStyle = 'stress' | 'typical';

export interface GeneratedPipeline {
  text: string;
  /** Offsets just after the first character of an identifier or inside a comment, in function bodies. */
  editSites: number[];
  /** Places inside module-level statements: a URL constant, an environment variable name, the logger's name. */
  moduleEditSites: number[];
}

/** A reproducible random integer below n (xorshift32; seed 0 is taken as 1, which xorshift needs). */
export function createRandom(seed: number): (n: number) => number {
  let state = seed >>> 0 || 1;
  return (n) => {
    // xorshift32: fast and reproducible across runs.
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state % n;
  };
}

export const TABLES = ['sales', 'orders', 'customers', 'invoices', 'payments', 'shipments', 'products', 'events'];
const HEADER = [
  '"""Sales pipeline: extract from Postgres and the partner API, transform with pandas, load to the warehouse."""',
  'import json',
  'import logging',
  'import os',
  '',
  'import pandas as pd',
  'import psycopg2',
  'import requests',
  'from sqlalchemy import create_engine',
  'from tenacity import retry, stop_after_attempt, wait_exponential',
  '',
  'logger = logging.getLogger(__name__)',
  '',
  'WAREHOUSE_URL = os.environ["WAREHOUSE_URL"]',
  'API_BASE = "https://partner.example.com/v2"',
  '',
];

/** One pipeline function (used by generate-mixed.ts too). */
export function pipelineFunctionLines(i: number, random: (n: number) => number, style: PipelineStyle): string[] {
  const table = TABLES[random(TABLES.length)];
  const variant = style === 'stress' ? random(6) : random(150);
  const lines = [
    ...(style === 'typical' ? ['@retry(stop=stop_after_attempt(5), wait=wait_exponential(multiplier=1, max=60), reraise=True)'] : []),
    `def step_${i}_${table}(run_date, batch_size=${100 + random(900)}):`,
    `    """Process ${table} for one run date (step ${i})."""`,
    `    # step ${i}: read ${table} changed since the last watermark`,
    `    conn_${i} = psycopg2.connect(os.environ["SOURCE_DB_URL"])`,
    `    query_${i} = "SELECT id, amount, updated_at FROM ${table} WHERE updated_at > %s"`,
    `    frame_${i} = pd.read_sql(query_${i}, conn_${i}, params=[run_date])`,
    `    options_${i} = {"batch": batch_size, "table": "${table}", "retries": 3, "mode": "upsert"}`,
    `    response_${i} = requests.get(f"{API_BASE}/${table}", params={"date": str(run_date)}, timeout=30)`,
    `    extra_${i} = pd.DataFrame(response_${i}.json()["items"])`,
    `    merged_${i} = frame_${i}.merge(extra_${i}, on="id", how="left")`,
    `    merged_${i}["amount"] = merged_${i}["amount"].fillna(0).astype(float)`,
    `    # keep only rows with a positive amount before loading`,
    `    cleaned_${i} = merged_${i}[merged_${i}["amount"] > 0]`,
    `    logger.info("step ${i}: %d rows for %s", len(cleaned_${i}), run_date)`,
  ];
  if (variant === 0) lines.push(`    api_key_${i} = "sk_live_${'x'.repeat(4)}${i}Q9vLm2Rt8Pz4Wn6Ks"`);
  if (variant === 1) lines.push(`    backup_${i} = psycopg2.connect("postgresql://etl:Pa55w0rd${i}@backup.internal:5432/${table}")`);
  lines.push(
    `    engine_${i} = create_engine(WAREHOUSE_URL)`,
    `    cleaned_${i}.to_sql("${table}_clean", engine_${i}, if_exists="replace", index=False)`,
    `    with open(f"/tmp/${table}_{run_date}.json", "w") as handle_${i}:`,
    `        json.dump(options_${i}, handle_${i})`,
    `    return len(cleaned_${i})`,
    '',
    '',
  );
  return lines;
}

export function generatePipeline(targetLines: number, seed = 42, style: PipelineStyle = 'stress'): GeneratedPipeline {
  const random = createRandom(seed);
  const lines = [...HEADER];
  for (let i = 0; lines.length < targetLines - 3; i++) lines.push(...pipelineFunctionLines(i, random, style));
  lines.length = Math.min(lines.length, targetLines - 3);
  lines.push('', 'if __name__ == "__main__":', '    step_0_sales("2024-01-01")');
  const text = `${lines.join('\n')}\n`;
  const editSites: number[] = [];
  let offset = 0;
  for (const line of lines) {
    const body = /^ {4}(?:# |([a-z]+)_\d+ = )/.exec(line);
    if (body) editSites.push(offset + (body[1] ? 5 : line.indexOf('# ') + 4));
    offset += line.length + 1;
  }
  const moduleEditSites = [text.indexOf('partner.example.com') + 3, text.indexOf('"WAREHOUSE_URL"') + 4, text.indexOf('logger = logging') + 2];
  return { text, editSites, moduleEditSites };
}
