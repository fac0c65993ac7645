// Worker threads running lint jobs (lint-jobs.ts) for `pipewise check --jobs N`. Each worker loads
// the engine once and takes one job at a time; results come back by job, so the caller places
// them by file and the output never depends on which worker finished first.

import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Job, JobResult, JobSettings } from './lint-jobs';

/** Marks the worker threads started from the CLI's own bundle (see cli.ts). */
export const LINT_WORKER_FLAG = 'pipewiseLintWorker';

interface Pending {
  job: Job;
  resolve(result: JobResult): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  current: Pending | null;
}

export class LintPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private failure: Error | null = null;

  constructor(size: number, settings: JobSettings) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(workerEntry(), { workerData: { [LINT_WORKER_FLAG]: true, settings } });
      const slot: Slot = { worker, current: null };
      worker.on('message', (result: JobResult) => {
        const done = slot.current;
        slot.current = null;
        done?.resolve(result);
        this.dispatch();
      });
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (slot.current) this.fail(new Error(`a lint worker stopped (exit code ${code})`));
      });
      this.slots.push(slot);
    }
  }

  get size(): number {
    return this.slots.length;
  }

  run(job: Job): Promise<JobResult> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.current || this.queue.length === 0) continue;
      slot.current = this.queue.shift()!;
      slot.worker.postMessage(slot.current.job);
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const slot of this.slots) {
      slot.current?.reject(error);
      slot.current = null;
    }
    for (const pending of this.queue.splice(0)) pending.reject(error);
  }
}

/** The bundle (dist/cli.js) starts workers from itself; from source (tsx), the worker module. */
function workerEntry(): string {
  return __filename.endsWith('.ts') ? path.join(__dirname, 'lint-worker.ts') : __filename;
}
