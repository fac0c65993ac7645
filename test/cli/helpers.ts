// Runs the bundled CLI (dist/cli.js, rebuilt when older than its sources) on temp projects.
// PIPEWISE_CLI=/path/to/cli.js tests another build (e.g. an installed package) instead.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..');
const BUNDLE = path.join(REPO, 'dist', 'cli.js');
const SOURCES = [path.join(REPO, 'server', 'src'), path.join(REPO, 'rules'), path.join(REPO, 'package.json'), path.join(REPO, 'scripts', 'build.mjs')];
const LOCK = path.join(os.tmpdir(), `pipewise-build-${createHash('sha1').update(REPO).digest('hex').slice(0, 8)}.lock`);
const LOCK_STALE_MS = 180_000;

/** A password-looking secret no output may contain, in any part longer than the 2-character mask. */
export const SECRET = 'Zq7-wombat-Secret';
export const SECRET_URL = `postgresql://etl:${SECRET}@db.internal:5432/sales`;

export function cliPath(): string {
  return process.env.PIPEWISE_CLI ? path.resolve(process.env.PIPEWISE_CLI) : BUNDLE;
}

function newestSourceTime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stats = statSync(entry);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(0, ...readdirSync(entry).map((name) => newestSourceTime(path.join(entry, name))));
}

function isStale(): boolean {
  return !existsSync(BUNDLE) || statSync(BUNDLE).mtimeMs < Math.max(...SOURCES.map(newestSourceTime));
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Test files run in parallel processes: one builds while the others wait for its lock. */
export function ensureBuilt(): void {
  if (process.env.PIPEWISE_CLI || !isStale()) return;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      const lock = statSync(LOCK, { throwIfNoEntry: false });
      if (lock && Date.now() - lock.mtimeMs > LOCK_STALE_MS) rmSync(LOCK, { recursive: true, force: true });
      else sleep(200);
    }
  }
  try {
    if (!isStale()) return;
    const result = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, encoding: 'utf8' });
    if (result.status !== 0 || !existsSync(BUNDLE)) {
      throw new Error(`node scripts/build.mjs failed (exit ${result.status}):\n${result.stderr.split('\n').slice(0, 8).join('\n')}`);
    }
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): CliResult {
  const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  // A runner that forces colors (FORCE_COLOR) must not leak into the CLI under test.
  delete base.FORCE_COLOR;
  const result = spawnSync(process.execPath, [cliPath(), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...base, ...env },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh temp folder holding `files` (path → content); remove it with `removeProject`. */
export function makeProject(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pipewise-cli-'));
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

export function removeProject(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Every file under `dir`, as POSIX paths relative to it. */
/**
 * The files under `dir` (relative, `/`-separated). The check cache (`.pipewise_cache/`, which
 * every run may write) is left out, except temp files left behind in it.
 */
export function listFiles(dir: string, prefix = '', inCache = false): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return listFiles(dir, relative, inCache || entry.name === '.pipewise_cache');
    return inCache && !entry.name.endsWith('.tmp') ? [] : [relative];
  });
}

export function parseJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

// A well-behaved stage (logging, retries) whose only problem is the credential, so the tests
// see PW101 alone while every rule runs.
export const EXTRACT_PY = `import logging

import psycopg2
from tenacity import retry, stop_after_attempt

logger = logging.getLogger(__name__)


@retry(stop=stop_after_attempt(3))
def extract_sales():
    conn = psycopg2.connect("${SECRET_URL}")
    logger.info("connected")
    return conn
`;

export const CLEAN_PY = `import logging
import os

import psycopg2
from tenacity import retry, stop_after_attempt

logger = logging.getLogger(__name__)


@retry(stop=stop_after_attempt(3))
def extract_sales():
    conn = psycopg2.connect(os.environ["SALES_DB_URL"])
    logger.info("connected")
    return conn
`;

/** Only a P2 finding: a literal fallback default for a credential variable. */
export const FALLBACK_PY = `import os

password = os.environ.get("DB_PASSWORD", "${SECRET}")
`;
