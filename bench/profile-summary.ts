// Summarises a V8 CPU profile of dist/server.js by bundled module (esbuild marks each module with a
// `// path` comment line), so a profile says which engine module or rule the time goes to.

import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  /** Self time per bundled module (or runtime category), largest first. */
  byModule: Array<{ module: string; ms: number; share: number }>;
  /** Inclusive time of the heaviest bundled functions. */
  byFunction: Array<{ fn: string; ms: number; share: number }>;
}

function moduleStarts(bundle: string): Array<{ line: number; module: string }> {
  const starts: Array<{ line: number; module: string }> = [];
  bundle.split('\n').forEach((text, line) => {
    const marker = /^\/\/ ((?:server|rules|node_modules)\/\S+)$/.exec(text);
    if (marker) starts.push({ line, module: marker[1] });
  });
  return starts;
}

function moduleAt(starts: Array<{ line: number; module: string }>, line: number): string {
  let low = 0;
  let high = starts.length - 1;
  let found = '(bundle prelude)';
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (starts[mid].line <= line) {
      found = starts[mid].module;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found.replace(/^node_modules\/([^/]+)\/.*$/, 'node_modules/$1');
}

/**
 * `sinceUs`, `untilUs`: only samples taken in that window (CLOCK_MONOTONIC in µs, which V8's profile
 * timestamps and `process.hrtime` share on Linux), e.g. the edits without the opens before them.
 */
export function summarizeProfile(profileFile: string, bundleFile: string, top = 20, sinceUs = 0, untilUs = Number.POSITIVE_INFINITY): ProfileSummary {
  const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile;
  return summarize(profile, new BundleModules(readFileSync(bundleFile, 'utf8'), bundleFile), top, sinceUs, untilUs);
}

/** The same summary of a profile taken in process from source (tsx): a frame's module is its source file. */
export function summarizeSourceProfile(profile: CpuProfile, root: string, top = 20): ProfileSummary {
  return summarize(profile, new SourceModules(root), top, 0, Number.POSITIVE_INFINITY);
}

/** Which module of ours a profile frame belongs to, if any. */
interface ModuleNames {
  ours(url: string): boolean;
  moduleOf(url: string, lineNumber: number): string;
}

class BundleModules implements ModuleNames {
  private readonly starts: Array<{ line: number; module: string }>;
  private readonly bundleName: string;

  constructor(bundle: string, bundleFile: string) {
    this.starts = moduleStarts(bundle);
    this.bundleName = bundleFile.split('/').pop() ?? 'server.js';
  }

  ours(url: string): boolean {
    return url.endsWith(this.bundleName);
  }

  moduleOf(_url: string, lineNumber: number): string {
    return moduleAt(this.starts, lineNumber);
  }
}

class SourceModules implements ModuleNames {
  private readonly prefix: string;

  constructor(root: string) {
    this.prefix = `file://${root.replace(/\/+$/, '')}/`;
  }

  ours(url: string): boolean {
    return url.startsWith(this.prefix) && !url.includes('/node_modules/');
  }

  moduleOf(url: string): string {
    return url.slice(this.prefix.length);
  }
}

function summarize(profile: CpuProfile, modules: ModuleNames, top: number, sinceUs: number, untilUs: number): ProfileSummary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const selfTime = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at >= sinceUs && at <= untilUs) selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });

  const inBundle = (node: ProfileNode) => modules.ours(node.callFrame.url);
  const label = (node: ProfileNode) => {
    const { url, functionName, lineNumber } = node.callFrame;
    if (inBundle(node)) return modules.moduleOf(url, lineNumber);
    if (url.startsWith('wasm://')) return 'tree-sitter (wasm)';
    if (url.startsWith('node:')) return 'node internals';
    return functionName || '(native)';
  };
  const byModule = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let totalMs = 0;
  for (const [id, ms] of selfTime) {
    const node = nodes.get(id);
    if (!node || node.callFrame.functionName === '(idle)') continue;
    totalMs += ms;
    byModule.set(label(node), (byModule.get(label(node)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let cursor: number | undefined = id; cursor !== undefined; cursor = parents.get(cursor)) {
      const frame = nodes.get(cursor);
      // Anonymous frames are callbacks and wrappers: their names say nothing.
      if (!frame || !inBundle(frame) || !frame.callFrame.functionName) continue;
      const module = modules.moduleOf(frame.callFrame.url, frame.callFrame.lineNumber);
      if (module.startsWith('node_modules/vscode-')) continue; // the protocol's dispatch frames
      const key = `${frame.callFrame.functionName} (${module})`;
      if (seen.has(key)) continue;
      seen.add(key);
      byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
    }
  }
  const ranked = <K extends string>(map: Map<string, number>, key: K) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ [key]: name, ms: Math.round(ms), share: Math.round((ms / totalMs) * 1000) / 10 }) as Record<K, string> & { ms: number; share: number });
  return { totalMs: Math.round(totalMs), byModule: ranked(byModule, 'module'), byFunction: ranked(byFunction, 'fn') };
}
