// Project configuration (pipewise.toml / [tool.pipewise]) looked up once per directory, and loaded
// baselines once per file, until a watched file changes. Errors are cached too, so a broken file
// is read (and reported) once, not on every keystroke.

import { findProjectConfig, type PipewiseOptions } from '../engine/config';
import { Baseline } from '../engine/baseline';

export type ProjectConfig = { file: string; options: PipewiseOptions } | null;

type Loaded<T> = { value: T; error: null } | { value: null; error: string };

function load<T>(read: () => T): Loaded<T> {
  try {
    return { value: read(), error: null };
  } catch (error) {
    // Unreadable files (EACCES, EISDIR) are configuration problems too, not server bugs.
    return { value: null, error: error instanceof Error ? error.message : String(error) };
  }
}

export class ProjectConfigCache {
  private readonly byDirectory = new Map<string, Loaded<ProjectConfig>>();
  private readonly baselines = new Map<string, Loaded<Baseline>>();
  private readonly baselineFiles = new Set<string>();

  /** The nearest project config from `dir` upwards, stopping at `stopDir` when given. */
  projectConfig(dir: string, stopDir: string | null): Loaded<ProjectConfig> {
    const key = `${dir}\u0000${stopDir ?? ''}`;
    let entry = this.byDirectory.get(key);
    if (!entry) {
      entry = load(() => findProjectConfig(dir, stopDir));
      this.byDirectory.set(key, entry);
    }
    return entry;
  }

  isCachedBaseline(file: string): boolean {
    return this.baselineFiles.has(file);
  }

  /** `root`: the project folder the baseline must be inside (it is named by the repository's configuration). */
  baseline(file: string, root: string | null): Loaded<Baseline> {
    const key = `${file}\u0000${root ?? ''}`;
    let entry = this.baselines.get(key);
    if (!entry) {
      entry = load(() => Baseline.load(file, root));
      this.baselines.set(key, entry);
      this.baselineFiles.add(file);
    }
    return entry;
  }

  clearProjectConfigs(): void {
    this.byDirectory.clear();
  }

  clearBaselines(): void {
    this.baselines.clear();
    this.baselineFiles.clear();
  }
}
