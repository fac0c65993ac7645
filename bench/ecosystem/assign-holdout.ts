// Assigns the holdout set of the ecosystem corpus, once, before Pipewise is run on any repository:
// the repositories of repos.json are sorted by name, shuffled with a fixed-seed PRNG, and the first
// ceil(n / 4) (at least 12) become "holdout", the rest "tune". Re-running it with the same seed on the
// same list gives the same split; adding repositories later must NOT re-run it (new ones join "tune",
// or a new holdout draw is made and recorded in docs/ecosystem.md).
//
//   node --import tsx bench/ecosystem/assign-holdout.ts [--seed 20261207] [--write]

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { holdoutSplit } from './compare';

const file = path.join(__dirname, 'repos.json');
const args = process.argv.slice(2);
const seedIndex = args.indexOf('--seed');
const seed = seedIndex >= 0 ? Number(args[seedIndex + 1]) : 20261207;
const repos = JSON.parse(readFileSync(file, 'utf8')) as Array<{ repo: string; set?: string; heldOutUntil?: string; added?: string }>;
// Repositories added after the seeded split (`added`: a later holdout draw or a tune addition) were not part of it.
const seeded = repos.filter((r) => r.added === undefined);
const holdout = new Set(holdoutSplit(seeded.map((r) => r.repo), seed));
console.log(`seed ${seed}: ${holdout.size} holdout of ${seeded.length}`);
for (const r of seeded.filter((x) => holdout.has(x.repo))) console.log(`  ${r.repo}`);
if (args.includes('--write')) {
  // Once a holdout has been judged or repositories added, re-assigning the sets would undo both.
  if (repos.some((r) => r.heldOutUntil !== undefined || r.added !== undefined)) {
    console.error('not written: repos.json already records a judged holdout (heldOutUntil) or later additions (added)');
    process.exit(1);
  }
  for (const r of repos) r.set = holdout.has(r.repo) ? 'holdout' : 'tune';
  writeFileSync(file, `${JSON.stringify(repos, null, 2)}\n`);
}
