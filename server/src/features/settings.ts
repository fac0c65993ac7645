// Per-document settings: the client's `pipewise` section for the document (pulled with
// workspace/configuration, or pushed in didChangeConfiguration by clients that cannot be asked),
// merged with the project file (which wins) into the engine's EffectiveConfig.

import path from 'node:path';
import { ConfigurationRequest, type Connection, type FileEvent } from 'vscode-languageserver/node';
import type { Baseline } from '../engine/baseline';
import { PROJECT_CONFIG_FILES, resolveConfig, type EffectiveConfig } from '../engine/config';
import { DEFAULT_CLIENT_SETTINGS, readClientSettings, type ClientSettings } from './client-settings';
import { describeError, type Logger } from './logger';
import type { ProjectConfigCache, ProjectConfig } from './project-configs';
import { filePathOf, type WorkspaceFolders } from './workspace-folders';

export interface DocumentSettings {
  readonly client: ClientSettings;
  readonly config: EffectiveConfig;
  readonly baseline: Baseline | null;
  readonly workspaceRoot: string | null;
}

export class SettingsStore {
  private readonly clientSettingsByUri = new Map<string, Promise<ClientSettings>>();
  private readonly resolvedByUri = new Map<string, DocumentSettings>();
  private pushed: ClientSettings = DEFAULT_CLIENT_SETTINGS;
  private canPull = false;
  /** Bumped on every invalidation so that answers to older requests are not cached. */
  private epoch = 0;

  constructor(
    private readonly connection: Connection,
    private readonly logger: Logger,
    private readonly folders: WorkspaceFolders,
    private readonly projects: ProjectConfigCache,
  ) {}

  setPullSupported(supported: boolean): void {
    this.canPull = supported;
  }

  /** Settings already resolved for `uri`, without asking the client. */
  peek(uri: string): DocumentSettings | undefined {
    return this.resolvedByUri.get(uri);
  }

  async get(uri: string): Promise<DocumentSettings> {
    const cached = this.resolvedByUri.get(uri);
    if (cached) return cached;
    const epoch = this.epoch;
    const resolved = this.resolve(filePathOf(uri), await this.clientSettings(uri));
    if (epoch === this.epoch) this.resolvedByUri.set(uri, resolved);
    return resolved;
  }

  /** The client's settings for a document, or for the window when `uri` is null. */
  clientSettings(uri: string | null): Promise<ClientSettings> {
    if (!this.canPull) return Promise.resolve(this.pushed);
    const key = uri ?? '';
    let settings = this.clientSettingsByUri.get(key);
    if (!settings) {
      settings = this.fetch(uri);
      this.clientSettingsByUri.set(key, settings);
    }
    return settings;
  }

  configurationChanged(settings: unknown): void {
    this.invalidateAll();
    const section = typeof settings === 'object' && settings !== null ? (settings as Record<string, unknown>).pipewise : undefined;
    this.pushed = readClientSettings(section);
  }

  /** Drops cached project configs and baselines the changes touch; true when any was. */
  watchedFilesChanged(changes: readonly FileEvent[]): boolean {
    let relevant = false;
    for (const change of changes) {
      const file = filePathOf(change.uri);
      if (PROJECT_CONFIG_FILES.includes(path.basename(file))) {
        this.projects.clearProjectConfigs();
        relevant = true;
      } else if (this.projects.isCachedBaseline(file)) {
        this.projects.clearBaselines();
        relevant = true;
      }
    }
    if (relevant) this.invalidate();
    return relevant;
  }

  /** Forgets everything resolved, e.g. when workspace folders (and so roots) change. */
  invalidateAll(): void {
    this.invalidate();
    this.clientSettingsByUri.clear();
  }

  forget(uri: string): void {
    this.clientSettingsByUri.delete(uri);
    this.resolvedByUri.delete(uri);
  }

  private invalidate(): void {
    this.epoch++;
    this.resolvedByUri.clear();
  }

  private async fetch(uri: string | null): Promise<ClientSettings> {
    try {
      const item = uri ? { scopeUri: uri, section: 'pipewise' } : { section: 'pipewise' };
      const answer: unknown = await this.connection.sendRequest(ConfigurationRequest.type, { items: [item] });
      return readClientSettings(answer);
    } catch (error) {
      this.logger.errorOnce(`workspace/configuration failed, using default settings: ${describeError(error)}`);
      return DEFAULT_CLIENT_SETTINGS;
    }
  }

  private resolve(filePath: string, client: ClientSettings): DocumentSettings {
    const workspaceRoot = path.isAbsolute(filePath) ? this.folders.rootFor(filePath) : null;
    const project = path.isAbsolute(filePath) ? this.projectConfig(filePath, workspaceRoot) : null;
    let config: EffectiveConfig;
    try {
      config = resolveConfig(client.options, project, workspaceRoot);
    } catch (error) {
      this.logger.reportOnce(`settings: ${describeError(error)}`);
      config = resolveConfig(undefined, null, workspaceRoot);
    }
    return { client, config, baseline: this.baseline(config), workspaceRoot };
  }

  private projectConfig(filePath: string, workspaceRoot: string | null): ProjectConfig {
    const loaded = this.projects.projectConfig(path.dirname(filePath), workspaceRoot);
    if (loaded.error !== null) this.logger.reportOnce(`${loaded.error} (linting with editor settings only)`);
    return loaded.value;
  }

  private baseline(config: EffectiveConfig): Baseline | null {
    if (!config.baseline) return null;
    const loaded = this.projects.baseline(config.baseline, config.root);
    if (loaded.error !== null) this.logger.reportOnce(`${loaded.error} (reporting all findings)`);
    return loaded.value;
  }
}
