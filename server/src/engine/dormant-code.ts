// Dormant code: files that nothing runs any more (an `archive/` folder, `deprecated_scripts/`, a
// scratch notebook). Operational rules stay silent there, since retries, logging or row counts in
// code that never runs change nothing; security rules still report (a secret committed to an archive
// folder is leaked all the same). Like Ruff's default excludes, the list is a visible default the
// project can replace (`dormant-code`) or extend (`extend-dormant-code`).

import path from 'node:path';
import picomatch from 'picomatch';
import type { RuleMeta } from './types';

/**
 * The default globs, matched without regard to case against the path inside the project and
 * against each of its folders. Folder names are the ones real pipeline repositories use for code
 * they keep but no longer run (`archive`, `archived`, `_archive`, `deprecated_scripts` seen in the
 * ecosystem corpus) plus the common synonyms; `legacy/` is not among them, since legacy code is
 * often still what production runs.
 */
export const DEFAULT_DORMANT_CODE: readonly string[] = [
  '**/archive',
  '**/archives',
  '**/archived',
  '**/_archive',
  '**/attic',
  '**/deprecated',
  '**/_deprecated',
  '**/deprecated_*',
  '**/obsolete',
  '**/old',
  '**/_old',
  // A folder set aside beside the deployed ones (`_misc/` holding older and test copies of DAGs,
  // seen in the seventh holdout) or a backup copy of a folder (`bak/`). Plain `misc/` is not: it
  // usually holds helpers the pipelines import.
  '**/_misc',
  '**/bak',
  '**/_bak',
  '**/unused',
  '**/scratch',
  '**/scratch*.ipynb',
  '**/scratch*.py',
  // Drafts and superseded copies, also in Spanish (`flows/Borradores/`, `scripts/push/antiguos/`,
  // `scripts/oldies/` seen in the corpus), and a sandbox notebook or script tried by hand. A
  // `sandbox/` folder is not: an Airflow `dags/sandbox/` is a deployed environment.
  '**/draft',
  '**/drafts',
  '**/borrador',
  '**/borradores',
  '**/antiguo',
  '**/antiguos',
  '**/oldies',
  '**/sandbox*.ipynb',
  '**/sandbox*.py',
  // A benchmark comparing ways to do a step (`benchmark_parquet_strategies.py`), run by hand.
  '**/benchmark*.py',
  '**/benchmark*.ipynb',
  // Copies a file manager makes (`load copy.py`, `load copy 2.py` in Finder, `load - Copy.py`,
  // `load - Copy (2).py` in Explorer, `load (1).py` from a browser download) and files kept as the
  // old version (`load_old.py`, `load_bak.py`). Not `*_backup.py`: that names what a job does
  // (`gmail_backup.py`, `database_backup.py` back data up), not a copy of the file.
  '**/* copy.*',
  '**/* copy [0-9]*.*',
  '**/* - copy.*',
  '**/* - copy \\([0-9]*\\).*',
  '**/* \\([0-9]*\\).*',
  '**/*_old.*',
  '**/*_bak.*',
  // A debug dump kept next to the code it copies (`load_debug.py` beside the generated
  // `load.ipynb` a job runs): inspected by hand, never scheduled.
  '**/*_debug.py',
  '**/*_debug.ipynb',
];

/** Whether findings of a rule are kept in dormant code: only security rules' are. */
export function reportsInDormantCode(meta: Pick<RuleMeta, 'concern'>): boolean {
  return meta.concern === 'security';
}

/** A predicate over file paths for the given globs, relative to `root` when one is known. */
export function dormantCodeMatcher(globs: readonly string[], root: string | null): (filePath: string) => boolean {
  if (globs.length === 0) return () => false;
  const matches = picomatch([...globs], { dot: true, nocase: true });
  const isDormant = (filePath: string): boolean => {
    const relative = root && path.isAbsolute(filePath) ? path.relative(root, filePath) : filePath;
    const parts = relative.split(/[\\/]+/).filter((part) => part && part !== '.');
    // Outside the project (`../x`) the folders above its root are unknown: `~/old/etl/load.py`
    // checked from elsewhere must not read as dormant, so such a file is checked as usual.
    if (parts[0] === '..') return false;
    for (let i = 1; i <= parts.length; i++) {
      if (matches(parts.slice(0, i).join('/'))) return true;
    }
    return false;
  };
  // Asked per rule and per workspace finding, on every keystroke: each path is matched once.
  const answers = new Map<string, boolean>();
  return (filePath) => {
    let answer = answers.get(filePath);
    if (answer === undefined) answers.set(filePath, (answer = isDormant(filePath)));
    return answer;
  };
}
