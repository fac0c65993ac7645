// Baselines for a run: `--baseline FILE` for every file, else the config's `baseline`, each
// loaded once. Loading errors are ConfigErrors (exit 2).

import path from 'node:path';
import { Baseline, createBaseline, type LocatedFinding } from '../engine/baseline';
import type { EffectiveConfig } from '../engine/config';
import { writeFileAtomic } from '../project/atomic-write';

export class BaselineSet {
  private readonly loaded = new Map<string, Baseline>();
  private readonly explicit: Baseline | null;

  constructor(cwd: string, explicitFile: string | undefined) {
    this.explicit = explicitFile ? Baseline.load(path.resolve(cwd, explicitFile)) : null;
  }

  forConfig(config: EffectiveConfig): Baseline | null {
    if (this.explicit) return this.explicit;
    if (!config.baseline) return null;
    let baseline = this.loaded.get(config.baseline);
    if (!baseline) {
      // Named by a repository's configuration: it must be inside that project.
      baseline = Baseline.load(config.baseline, config.root);
      this.loaded.set(config.baseline, baseline);
    }
    return baseline;
  }
}

/** Writes the baseline of `located` as pretty JSON; returns the number of findings recorded. */
export function writeBaseline(file: string, located: readonly LocatedFinding[]): number {
  const baseline = createBaseline(file, located);
  writeFileAtomic(file, `${JSON.stringify(baseline, null, 2)}\n`);
  return located.length;
}
