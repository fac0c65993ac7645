// Worker for the pattern fuzz: checks the patterns it is given one by one, saying when it starts
// each, so the parent can stop it (and name the pattern) when one never finishes.

import { parentPort, workerData } from 'node:worker_threads';
import { slowInputs, type PatternSite } from './pattern-fuzz';

const { sites, size, budgetMs } = workerData as { sites: PatternSite[]; size: number; budgetMs: number };
for (let index = 0; index < sites.length; index++) {
  parentPort!.postMessage({ kind: 'start', index });
  const slow = slowInputs(sites[index], size, budgetMs).map((s) => ({ input: s.input, ms: s.ms }));
  parentPort!.postMessage({ kind: 'done', index, slow });
}
parentPort!.postMessage({ kind: 'finished' });
