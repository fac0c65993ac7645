// A worker thread of `pipewise check --jobs N`: one engine and configuration resolver for the
// run, then one lint job per message (lint-jobs.ts).

import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { ALL_RULES } from '../../../rules';
import { Engine } from '../engine/engine';
import { ConfigResolver } from '../project/configs';
import { runJob, type Job, type JobSettings } from './lint-jobs';
import { LINT_WORKER_FLAG } from './lint-pool';

/** Whether this thread is a lint worker (the bundle runs the CLI otherwise). */
export function isLintWorker(): boolean {
  return !isMainThread && (workerData as Record<string, unknown> | null)?.[LINT_WORKER_FLAG] === true;
}

export async function serveLintJobs(): Promise<void> {
  const settings = (workerData as { settings: JobSettings }).settings;
  const engine = await Engine.create(ALL_RULES);
  const configs = new ConfigResolver(settings.cwd, settings.overrides);
  parentPort!.on('message', (job: Job) => parentPort!.postMessage(runJob(engine, configs, settings, job)));
}

// Started from source (tsx) the worker runs this module itself.
if (isLintWorker() && __filename.endsWith('.ts')) void serveLintJobs();
