// code-server (the VS Code workbench served locally) in a scratch home: its own HOME, XDG
// folders, TMPDIR, user data and extensions, deterministic user settings, bound to 127.0.0.1.

import { createWriteStream, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { capture, freePort, log, startProcess, stopProcess, waitFor } from './util.mjs';

// The web default autosaves test edits into the fixtures; the rest keeps runs deterministic
// and the screenshots free of welcome pages, tips and chat panels.
export const USER_SETTINGS = {
  'files.autoSave': 'off',
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'editor.minimap.enabled': false,
  'editor.hover.delay': 200,
  'git.enabled': false,
  'window.restoreWindows': 'none',
};

export class CodeServer {
  constructor({ node, entry, scratch, artifacts }) {
    this.node = node;
    this.entry = entry;
    this.dirs = {
      home: path.join(scratch, 'home'),
      config: path.join(scratch, 'home', '.config'),
      data: path.join(scratch, 'home', '.local', 'share'),
      cache: path.join(scratch, 'home', '.cache'),
      tmp: path.join(scratch, 'tmp'),
      userData: path.join(scratch, 'user-data'),
      extensions: path.join(scratch, 'extensions'),
    };
    for (const dir of Object.values(this.dirs)) mkdirSync(dir, { recursive: true });
    this.configFile = path.join(scratch, 'config.yaml');
    this.logFile = path.join(artifacts, 'code-server.log');
    mkdirSync(path.join(this.dirs.userData, 'User'), { recursive: true });
    writeFileSync(path.join(this.dirs.userData, 'User', 'settings.json'), `${JSON.stringify(USER_SETTINGS, null, 2)}\n`);
  }

  get env() {
    return {
      ...process.env,
      HOME: this.dirs.home,
      XDG_CONFIG_HOME: this.dirs.config,
      XDG_DATA_HOME: this.dirs.data,
      XDG_CACHE_HOME: this.dirs.cache,
      TMPDIR: this.dirs.tmp,
      // The language server is started by the extension host with this machine's Node 24.
      NODE_OPTIONS: '',
    };
  }

  commonArgs() {
    return ['--config', this.configFile, '--user-data-dir', this.dirs.userData, '--extensions-dir', this.dirs.extensions];
  }

  /** Installs a .vsix; returns the folder it was unpacked to. */
  installExtension(vsix, extensionId, version) {
    const output = capture(this.node, [this.entry, ...this.commonArgs(), '--install-extension', vsix], { env: this.env });
    log(`code-server: ${output.trim().split('\n').pop()}`);
    const unpacked = path.join(this.dirs.extensions, `${extensionId}-${version}`);
    if (!existsSync(path.join(unpacked, 'package.json'))) {
      throw new Error(`the .vsix was not unpacked to ${unpacked}; extensions folder: ${readdirSync(this.dirs.extensions).join(', ')}`);
    }
    return unpacked;
  }

  async start(workspace) {
    this.port = await freePort();
    this.authority = `127.0.0.1:${this.port}`;
    this.url = `http://${this.authority}`;
    writeFileSync(this.configFile, `bind-addr: ${this.authority}\nauth: none\ncert: false\n`);
    const logStream = createWriteStream(this.logFile);
    this.process = startProcess(
      this.node,
      [
        this.entry,
        ...this.commonArgs(),
        '--bind-addr', this.authority,
        '--auth', 'none',
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        workspace,
      ],
      { env: this.env, logStream, detached: true },
    );
    const exited = new Promise((_, reject) => this.process.once('exit', (code) => reject(new Error(`code-server exited with ${code}; see ${this.logFile}`))));
    exited.catch(() => {});
    await Promise.race([
      exited,
      waitFor('code-server /healthz', async () => (await fetch(`${this.url}/healthz`)).ok, { timeout: 60_000, interval: 200 }),
    ]);
    log(`code-server: listening on ${this.url}`);
  }

  /** The workbench URL for a folder, with an optional development payload. */
  folderUrl(folder, payload) {
    const params = new URLSearchParams({ folder });
    if (payload) params.set('payload', JSON.stringify(payload));
    return `${this.url}/?${params}`;
  }

  /** A vscode-remote URI of a path on the code-server machine. */
  remoteUri(fsPath) {
    return `vscode-remote://${this.authority}${fsPath}`;
  }

  async stop() {
    await stopProcess(this.process);
  }
}
