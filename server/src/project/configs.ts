// Which configuration governs a file: `--config FILE` for every file, else the nearest
// pipewise.toml / pyproject.toml [tool.pipewise] above it; `--select`/`--ignore` override either.

import path from 'node:path';
import { ConfigError, findProjectConfig, parseProjectConfig, readOptions, readProjectConfigText, resolveConfig, unknownSelectors, type EffectiveConfig, type PipewiseOptions } from '../engine/config';
import { RULE_METAS } from './engine';
import { UsageError } from './errors';

export interface ConfigOverrides {
  configFile?: string;
  select?: string[];
  ignore?: string[];
}

type ProjectConfig = { file: string; options: PipewiseOptions } | null;

export class ConfigResolver {
  private readonly byDirectory = new Map<string, EffectiveConfig>();
  private readonly fingerprints = new WeakMap<EffectiveConfig, string>();
  private readonly explicit: ProjectConfig | undefined;
  private readonly cliOptions: PipewiseOptions;

  /** Throws ConfigError for an unreadable or invalid `--config` file or bad selectors. */
  constructor(private readonly cwd: string, overrides: ConfigOverrides) {
    this.cliOptions = {
      ...(overrides.select ? readOptions({ select: overrides.select }, '--select') : {}),
      ...(overrides.ignore ? readOptions({ ignore: overrides.ignore }, '--ignore') : {}),
    };
    const unknown = unknownSelectors(this.cliOptions, RULE_METAS)[0];
    if (unknown) throw new UsageError(`--${unknown.key}: "${unknown.selector}" matches no rule (see 'pipewise rules')`);
    if (overrides.configFile) this.explicit = loadConfigFile(path.resolve(cwd, overrides.configFile));
  }

  /** The config for a file (or a directory entry), from the folder that holds it. */
  forFile(filePath: string): EffectiveConfig {
    return this.forDirectory(path.dirname(path.resolve(this.cwd, filePath)));
  }

  /** Everything a configuration this resolver made was made of (folder, file, options): equal fingerprints, equal configurations. */
  fingerprintOf(config: EffectiveConfig): string {
    const fingerprint = this.fingerprints.get(config);
    if (fingerprint === undefined) throw new Error('a configuration this resolver did not make');
    return fingerprint;
  }

  forDirectory(dir: string): EffectiveConfig {
    let config = this.byDirectory.get(dir);
    if (!config) {
      const project = this.explicit !== undefined ? this.explicit : findProjectConfig(dir);
      const unknown = project ? unknownSelectors(project.options, RULE_METAS)[0] : undefined;
      if (project && unknown) throw new ConfigError(`${project.file}: "${unknown.selector}" in "${unknown.key}" matches no rule (see 'pipewise rules')`);
      config = project
        ? resolveConfig(undefined, { file: project.file, options: { ...project.options, ...this.cliOptions } }, this.cwd)
        : resolveConfig(this.cliOptions, null, this.cwd);
      this.byDirectory.set(dir, config);
      const options = project ? { ...project.options, ...this.cliOptions } : this.cliOptions;
      this.fingerprints.set(config, JSON.stringify([this.cwd, project?.file ?? null, Object.entries(options).sort(([a], [b]) => (a < b ? -1 : 1))]));
    }
    return config;
  }
}

function loadConfigFile(file: string): ProjectConfig {
  let text: string;
  try {
    // Named on the command line: it may be anywhere, but it is still bounded.
    text = readProjectConfigText(file, null);
  } catch (error) {
    throw new ConfigError(`--config ${(error as Error).message}`);
  }
  // A pyproject.toml without [tool.pipewise] is a valid, empty configuration.
  return { file, options: parseProjectConfig(text, file) ?? {} };
}
