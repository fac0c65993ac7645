// The JSON of published diagnostics, kept per diagnostic. A keystroke publishes every diagnostic of
// the document again, most of them unchanged but for the version in their data (diagnostic-reuse.ts
// hands those out as copies with the new version): the message is put together from each
// diagnostic's JSON before and after that version, encoded once, instead of serialising the whole
// list (hundreds of kilobytes on a module with a thousand findings) on every keystroke. The bytes
// are those of `JSON.stringify`.

import type { ContentTypeEncoder, Diagnostic } from 'vscode-languageserver/node';

/** A diagnostic's JSON as UTF-8: `head`, the version in its data, `tail`; a diagnostic without one is all `head`. */
interface DiagnosticJson {
  readonly head: Buffer;
  readonly tail: Buffer | null;
}

/**
 * Where a diagnostic's JSON is kept, shared by its copies that differ only in their data's version
 * (filled when one of them is first encoded).
 */
export interface JsonSlot {
  json?: DiagnosticJson;
}

// One entry per published list, not per diagnostic: a WeakMap entry or a property added to each
// diagnostic on every keystroke costs about what the serialising it saves.
const SLOTS = new WeakMap<readonly Diagnostic[], ReadonlyArray<JsonSlot | undefined>>();

/** Marks `diagnostics` (as published) with the slots of their JSON, by position; returns the list. */
export function withJsonSlots(diagnostics: Diagnostic[], slots: ReadonlyArray<JsonSlot | undefined>): Diagnostic[] {
  SLOTS.set(diagnostics, slots);
  return diagnostics;
}

function dataVersionOf(diagnostic: Diagnostic): number | undefined {
  const data = diagnostic.data as { version?: unknown } | undefined;
  return typeof data === 'object' && data !== null && Number.isInteger(data.version) ? (data.version as number) : undefined;
}

function splitAtDataVersion(diagnostic: Diagnostic): DiagnosticJson {
  const text = JSON.stringify(diagnostic);
  const version = dataVersionOf(diagnostic);
  // An unescaped quote is always JSON's own, so `"version":` after `"data":{` is the data's key.
  const key = version === undefined ? -1 : text.indexOf('"version":', text.indexOf('"data":{'));
  const at = key + '"version":'.length;
  const digits = String(version);
  if (key < 0 || text.slice(at, at + digits.length) !== digits || /\d/.test(text.charAt(at + digits.length))) return { head: Buffer.from(text), tail: null };
  return { head: Buffer.from(text.slice(0, at)), tail: Buffer.from(text.slice(at + digits.length)) };
}

function jsonOf(diagnostic: Diagnostic, slot: JsonSlot | undefined): DiagnosticJson {
  if (!slot) return splitAtDataVersion(diagnostic);
  slot.json ??= splitAtDataVersion(diagnostic);
  return slot.json;
}

/** Whether the two published lists' JSON is the same but for the versions in their data. */
export function sameButDataVersions(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  if (a.length !== b.length) return false;
  const slotsA = SLOTS.get(a);
  const slotsB = SLOTS.get(b);
  for (let i = 0; i < a.length; i++) {
    const slotA = slotsA?.[i];
    if (slotA && slotA === slotsB?.[i]) continue;
    const left = jsonOf(a[i], slotA);
    const right = jsonOf(b[i], slotsB?.[i]);
    if (!left.head.equals(right.head) || (left.tail === null ? right.tail !== null : right.tail === null || !left.tail.equals(right.tail))) return false;
  }
  return true;
}

const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');

/** The JSON array of `diagnostics`, as UTF-8. */
function diagnosticsArray(diagnostics: readonly Diagnostic[]): Buffer {
  const slots = SLOTS.get(diagnostics);
  const parts: Buffer[] = [OPEN];
  // A publish's diagnostics name one version, or a few.
  let version: number | undefined;
  let versionJson = OPEN;
  for (let i = 0; i < diagnostics.length; i++) {
    if (i > 0) parts.push(COMMA);
    const slot = slots?.[i];
    if (!slot) {
      parts.push(Buffer.from(JSON.stringify(diagnostics[i])));
      continue;
    }
    const { head, tail } = jsonOf(diagnostics[i], slot);
    parts.push(head);
    if (!tail) continue;
    const at = dataVersionOf(diagnostics[i]);
    if (at !== version) versionJson = Buffer.from(String((version = at)));
    parts.push(versionJson, tail);
  }
  parts.push(CLOSE);
  return Buffer.concat(parts);
}

const PUBLISH_DIAGNOSTICS = 'textDocument/publishDiagnostics';
/** Stands for the diagnostics array in the message's JSON: no URI or method holds a NUL. */
const PLACEHOLDER = '\u0000pipewise:diagnostics\u0000';

/** The message's JSON; a publishDiagnostics notification's from its diagnostics' kept JSON. */
export function encodeMessage(message: unknown): Buffer {
  const { method, params } = message as { method?: unknown; params?: { diagnostics?: unknown } };
  if (method !== PUBLISH_DIAGNOSTICS || !Array.isArray(params?.diagnostics) || !SLOTS.has(params.diagnostics)) return Buffer.from(JSON.stringify(message));
  const diagnostics = params.diagnostics as Diagnostic[];
  const text = JSON.stringify(message, (key, value: unknown) => (key === 'diagnostics' && value === diagnostics ? PLACEHOLDER : value));
  const [before, after] = text.split(JSON.stringify(PLACEHOLDER));
  if (after === undefined) return Buffer.from(JSON.stringify(message));
  return Buffer.concat([Buffer.from(before), diagnosticsArray(diagnostics), Buffer.from(after)]);
}

/** The writer's encoder (UTF-8 JSON, as vscode-jsonrpc's own), with published diagnostics from their kept JSON. */
export const DIAGNOSTICS_JSON_ENCODER: ContentTypeEncoder = {
  name: 'application/json',
  encode: (message) => Promise.resolve(encodeMessage(message)),
};
