// The project's own Python modules: which file an import names. Resolves dotted module names
// (`etl.tasks`), names imported from them (`etl.tasks.fetch_orders` → etl/tasks.py, member
// `fetch_orders`), packages (`__init__.py`) and relative imports (`from .db import connect`),
// whatever the layout: a package at the root, under `src/`, or a folder that is put on the path
// at run time (an Airflow `dags/` folder, `sys.path.append(...)`). An absolute name matches every
// file whose path ends with it; the file nearest the importing one wins. Names that match no
// file (the standard library, installed packages) resolve to null.

import path from 'node:path';
import type { ImportFact } from '../python/facts';

export interface ResolvedName {
  /** The module's file (absolute). */
  file: string;
  /** What is named inside the module (`['fetch_orders']`), empty for the module itself. */
  member: string[];
}

export class ModuleIndex {
  /** File stem (`tasks`, or the package folder for `__init__.py`) → files. */
  private readonly byStem = new Map<string, string[]>();
  /** Normalized (posix) path → the path as given. */
  private readonly files = new Map<string, string>();
  private readonly cache = new Map<string, string | null>();

  constructor(pythonFiles: Iterable<string>) {
    for (const file of pythonFiles) {
      if (!file.endsWith('.py')) continue;
      const normalized = toPosix(file);
      this.files.set(normalized, file);
      const stem = moduleStem(normalized);
      const list = this.byStem.get(stem);
      if (list) list.push(normalized);
      else this.byStem.set(stem, [normalized]);
    }
  }

  /** The file of module `dotted` (`etl.tasks`, `.db`, `..common.s3`) as imported from `fromFile`, or null. */
  moduleFile(fromFile: string, dotted: string): string | null {
    const from = toPosix(fromFile);
    const key = `${dotted.startsWith('.') ? path.posix.dirname(from) : ''}|${dotted}|${dotted.startsWith('.') ? '' : path.posix.dirname(from)}`;
    const known = this.cache.get(key);
    if (known !== undefined) return known;
    const normalized = dotted.startsWith('.') ? this.relativeModule(from, dotted) : this.absoluteModule(from, dotted);
    const found = normalized === null ? null : this.files.get(normalized)!;
    this.cache.set(key, found);
    return found;
  }

  /** The longest prefix of `dotted` that is a module of the project, and the names after it. */
  resolve(fromFile: string, dotted: string): ResolvedName | null {
    const dots = /^\.*/.exec(dotted)![0];
    const parts = dotted.slice(dots.length).split('.').filter(Boolean);
    for (let n = parts.length; n >= (dots ? 0 : 1); n--) {
      const file = this.moduleFile(fromFile, dots + parts.slice(0, n).join('.'));
      if (file) return { file, member: parts.slice(n) };
    }
    return null;
  }

  /** What an import statement binds, as a name to resolve (`from .db import connect` → `.db.connect`). */
  static importedName(imp: ImportFact): string {
    if (!imp.isFrom) return imp.module;
    if (/^\.+$/.test(imp.module)) return `${imp.module}${imp.imported}`;
    return `${imp.module}.${imp.imported}`;
  }

  private relativeModule(from: string, dotted: string): string | null {
    const dots = /^\.+/.exec(dotted)![0].length;
    let dir = path.posix.dirname(from);
    for (let i = 1; i < dots; i++) dir = path.posix.dirname(dir);
    const rest = dotted.slice(dots);
    const base = rest ? path.posix.join(dir, ...rest.split('.')) : dir;
    if (rest && this.files.has(`${base}.py`)) return `${base}.py`;
    return this.files.has(`${base}/__init__.py`) ? `${base}/__init__.py` : null;
  }

  private absoluteModule(from: string, dotted: string): string | null {
    const parts = dotted.split('.');
    const candidates = this.byStem.get(parts[parts.length - 1]);
    if (!candidates) return null;
    const suffix = `/${parts.join('/')}`;
    let best: string | null = null;
    let bestShared = -1;
    for (const file of candidates) {
      const modulePath = file.endsWith('/__init__.py') ? file.slice(0, -'/__init__.py'.length) : file.slice(0, -3);
      if (!modulePath.endsWith(suffix)) continue;
      // The package root this match implies; prefer the one nearest the importing file.
      const shared = sharedPrefixLength(from, modulePath.slice(0, modulePath.length - suffix.length));
      if (shared > bestShared || (shared === bestShared && best !== null && file.length < best.length)) {
        best = file;
        bestShared = shared;
      }
    }
    return best;
  }
}

function moduleStem(file: string): string {
  const base = path.posix.basename(file);
  return base === '__init__.py' ? path.posix.basename(path.posix.dirname(file)) : base.slice(0, -3);
}

function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}

/** Length of the common leading path segments of `file` and `root`. */
function sharedPrefixLength(file: string, root: string): number {
  const a = file.split('/');
  const b = root.split('/');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
