// Optional record of what each hostile case cost, for the re-measured table of issue 12:
// `PIPEWISE_HOSTILE_MEASURES=/tmp/m.jsonl node scripts/run-tests.mjs test/hostile/` appends one
// JSON line per measured process or request; `node --import tsx test/hostile/measures.ts FILE`
// prints the worst case per test. Without the variable nothing is written.

import { appendFileSync, readFileSync } from 'node:fs';

export interface HostileMeasure {
  test: string;
  what: string;
  cpuMs?: number;
  wallMs?: number;
  maxRssMb?: number;
}

let currentTest = '';

/** Names the test whose measures follow (call from beforeEach). */
export function measuringTest(name: string): void {
  currentTest = name;
}

export function recordMeasure(what: string, measure: Omit<HostileMeasure, 'test' | 'what'>): void {
  const file = process.env.PIPEWISE_HOSTILE_MEASURES;
  if (!file) return;
  appendFileSync(file, `${JSON.stringify({ test: currentTest, what, ...measure })}\n`);
}

function printWorstCases(file: string): void {
  const worst = new Map<string, HostileMeasure & { count: number }>();
  for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    const measure = JSON.parse(line) as HostileMeasure;
    const seen = worst.get(measure.test);
    const count = (seen?.count ?? 0) + 1;
    if (!seen || (measure.cpuMs ?? measure.wallMs ?? 0) > (seen.cpuMs ?? seen.wallMs ?? 0)) worst.set(measure.test, { ...measure, count });
    else seen.count = count;
  }
  console.log('| test | measured | worst case | CPU ms | wall ms | peak MB |\n|---|---:|---|---:|---:|---:|');
  for (const m of worst.values()) console.log(`| ${m.test} | ${m.count} | ${m.what} | ${m.cpuMs ?? '–'} | ${m.wallMs ?? '–'} | ${m.maxRssMb ?? '–'} |`);
}

if (process.argv[1]?.endsWith('measures.ts') && process.argv[2]) printWorstCases(process.argv[2]);
