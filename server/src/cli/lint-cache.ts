// The on-disk cache of `pipewise check` (`.pipewise_cache/` in the folder it runs in): per linted
// file, its workspace-model facts and its findings, so an unchanged tree costs little more than
// reading it. One slot per file (its path, dialect and the Pipewise build name it); inside, the
// entry is valid only for the content it was computed from:
//
// - Encrypted with AES-256-GCM under a key derived from the file's content hash and a per-user
//   secret kept outside the repository (cache-secret.ts): what is stored (findings, fixes' edits,
//   artifact names) can hold pieces of the source, secrets included, and must never be readable
//   without that source; and an entry someone else wrote (a committed cache) cannot authenticate.
//   A changed file, a corrupt or forged entry fails the authentication and is a miss, never trusted.
// - The findings also carry the key they were computed under (configuration, what the workspace
//   tells per-file rules about the file); another key is a miss.
// - A repository is untrusted: the cache folder and its entries are never followed through
//   symbolic links, entries larger than MAX_ENTRY_BYTES are ignored, writes are atomic (a new file
//   renamed into place). A folder that cannot be written just means no cache.

import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AnalysisGap } from '../engine/analysis-gaps';
import type { Finding } from '../engine/types';
import type { NodeFacts } from '../engine/workspace/model';
import type { ModuleSummary } from '../engine/workspace/module-summary';

export const CACHE_DIR = '.pipewise_cache';
const MAX_ENTRY_BYTES = 16 * 1024 * 1024;
const MAGIC = Buffer.from('PWC1');
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface CachedFindings {
  findings: Finding[];
  gaps: AnalysisGap[];
}

export interface CacheEntry {
  /** The file's workspace-model facts (null when they were not computed). */
  facts: NodeFacts | null;
  /** Findings, with the key (configuration, project view) they were computed under. */
  lint: { key: string; result: CachedFindings } | null;
}

export interface CacheSlot {
  /** Absolute path. */
  file: string;
  /** The path rules saw (cwd-relative). */
  enginePath: string;
  dialect: string;
  /** sha256 of the text. */
  contentHash: string;
}

export function contentHashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export class LintCache {
  private prepared = false;
  private writable = true;

  private constructor(
    private readonly dir: string,
    private readonly versionDir: string,
    private readonly version: string,
    private readonly secret: Buffer,
  ) {}

  /**
   * The cache of `root` for this build of Pipewise (`version`: anything that changes when the rules
   * may), keyed with the user's secret (cache-secret.ts).
   */
  static open(root: string, version: string, secret: Buffer): LintCache {
    const dir = path.join(root, CACHE_DIR);
    return new LintCache(dir, path.join(dir, sha256(`dir\0${version}`).slice(0, 16)), version, secret);
  }

  get(slot: CacheSlot): CacheEntry | null {
    try {
      const bytes = readEntryFile(this.entryPath(slot));
      if (!bytes || bytes.length < MAGIC.length + IV_BYTES + TAG_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return null;
      const iv = bytes.subarray(MAGIC.length, MAGIC.length + IV_BYTES);
      const tag = bytes.subarray(MAGIC.length + IV_BYTES, MAGIC.length + IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', this.keyOf(slot), iv);
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([decipher.update(bytes.subarray(MAGIC.length + IV_BYTES + TAG_BYTES)), decipher.final()]);
      const stored: unknown = JSON.parse(plain.toString('utf8'));
      return isStoredEntry(stored) ? fromStored(stored) : null;
    } catch {
      return null;
    }
  }

  put(slot: CacheSlot, entry: CacheEntry): void {
    if (!this.prepare()) return;
    const target = this.entryPath(slot);
    const temp = `${target}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
    try {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', this.keyOf(slot), iv);
      const body = Buffer.concat([cipher.update(JSON.stringify(toStored(entry)), 'utf8'), cipher.final()]);
      if (body.length > MAX_ENTRY_BYTES) return;
      // 'wx' creates a new file and fails on anything already there, a symbolic link included.
      writeFileSync(temp, Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]), { flag: 'wx', mode: 0o600 });
      // Renaming replaces whatever is at `target` (a link itself, never its target).
      renameSync(temp, target);
    } catch {
      rmSync(temp, { force: true });
    }
  }

  private entryPath(slot: CacheSlot): string {
    return path.join(this.versionDir, sha256(`slot\0${this.version}\0${slot.file}\0${slot.enginePath}\0${slot.dialect}`));
  }

  /**
   * Derived from the content and the user's secret: whoever can decrypt an entry has the file it
   * came from, and only this user's runs can write an entry that authenticates (a committed cache
   * cannot forge findings).
   */
  private keyOf(slot: CacheSlot): Buffer {
    return createHmac('sha256', this.secret).update(`key\0${this.version}\0${slot.file}\0${slot.contentHash}`).digest();
  }

  /** Creates the folders on first write; false when the cache cannot be written safely. */
  private prepare(): boolean {
    if (this.prepared) return this.writable;
    this.prepared = true;
    try {
      if (!ensureRealDirectory(this.dir)) return (this.writable = false);
      writeIfMissing(path.join(this.dir, '.gitignore'), '# Created by Pipewise: the cache is never committed.\n*\n');
      writeIfMissing(path.join(this.dir, 'CACHEDIR.TAG'), 'Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by Pipewise.\n');
      for (const entry of readdirSync(this.dir, { withFileTypes: true })) {
        // Entries of other Pipewise builds are never read again.
        if (entry.isDirectory() && /^[0-9a-f]{16}$/.test(entry.name) && path.join(this.dir, entry.name) !== this.versionDir) rmSync(path.join(this.dir, entry.name), { recursive: true, force: true });
      }
      if (!ensureRealDirectory(this.versionDir)) return (this.writable = false);
    } catch {
      this.writable = false;
    }
    return this.writable;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A directory that is not a symbolic link, created when missing. */
function ensureRealDirectory(dir: string): boolean {
  try {
    return lstatSync(dir).isDirectory();
  } catch {
    mkdirSync(dir, { mode: 0o700 });
    return lstatSync(dir).isDirectory();
  }
}

function writeIfMissing(file: string, content: string): void {
  try {
    writeFileSync(file, content, { flag: 'wx' });
  } catch {
    // Already there (or a link: left alone).
  }
}

/** A regular file's bytes, never through a symbolic link, null when missing or too large. */
function readEntryFile(file: string): Buffer | null {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return null;
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile() || stats.size > MAX_ENTRY_BYTES + MAGIC.length + IV_BYTES + TAG_BYTES) return null;
    const bytes = Buffer.alloc(stats.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return read === bytes.length ? bytes : null;
  } finally {
    closeSync(fd);
  }
}

// A module summary's maps are stored as arrays of pairs (a JSON reviver would cost more than the
// rest of reading the cache).
const SUMMARY_MAPS = ['functions', 'classes', 'variables', 'imports', 'retryValues', 'retryRefs', 'discardedResults'] as const;

type StoredEntry = Omit<CacheEntry, 'facts'> & { facts: (Omit<NodeFacts, 'module'> & { module: Record<string, unknown> | null }) | null };

function toStored(entry: CacheEntry): StoredEntry {
  const module = entry.facts?.module;
  if (!entry.facts || !module) return entry as unknown as StoredEntry;
  const stored: Record<string, unknown> = { ...module };
  for (const key of SUMMARY_MAPS) stored[key] = [...module[key]];
  stored.prints = { entries: module.prints.entries, settings: [...module.prints.settings] };
  return { ...entry, facts: { ...entry.facts, module: stored } } as StoredEntry;
}

function fromStored(stored: StoredEntry): CacheEntry {
  const module = stored.facts?.module;
  if (!stored.facts || !module) return stored as CacheEntry;
  const restored: Record<string, unknown> = { ...module };
  for (const key of SUMMARY_MAPS) restored[key] = new Map(module[key] as Array<[unknown, unknown]>);
  const prints = module.prints as { entries: unknown; settings: Array<[string, boolean]> };
  restored.prints = { entries: prints.entries, settings: new Map(prints.settings) };
  return { ...stored, facts: { ...stored.facts, module: restored as unknown as ModuleSummary } };
}

function isStoredEntry(value: unknown): value is StoredEntry {
  if (!value || typeof value !== 'object') return false;
  const { facts, lint } = value as Partial<StoredEntry>;
  if (facts === undefined || (facts !== null && typeof facts !== 'object')) return false;
  const module = facts?.module;
  if (module && !SUMMARY_MAPS.every((key) => isPairs(module[key]))) return false;
  if (module && !isPrints(module.prints)) return false;
  if (lint === null) return true;
  return typeof lint === 'object' && lint !== undefined && typeof lint.key === 'string' && Array.isArray(lint.result?.findings) && Array.isArray(lint.result?.gaps);
}

function isPairs(value: unknown): boolean {
  return Array.isArray(value) && value.every((pair) => Array.isArray(pair) && pair.length === 2);
}

function isPrints(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false;
  const { entries, settings } = value as { entries?: unknown; settings?: unknown };
  return Array.isArray(entries) && isPairs(settings);
}
