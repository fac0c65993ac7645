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
  /** Where its JSON was last written (`diagnosticsArray`), and the version written there. */
  writtenIn?: Buffer;
  writtenAt?: number;
  writtenVersion?: string;
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


/**
 * The JSON array of `diagnostics` as UTF-8, between `before` and `after`. Diagnostics whose JSON
 * lies side by side in the last message (most of them: a keystroke replaces a few) are copied from
 * it in one piece, their versions written over; the others piece by piece.
 */
function diagnosticsArray(diagnostics: readonly Diagnostic[], before: Buffer, after: Buffer): Buffer {
  const slots = SLOTS.get(diagnostics);
  const n = diagnostics.length;
  const json: Array<DiagnosticJson | Buffer> = new Array(n);
  const digits: string[] = new Array(n);
  const lengths: number[] = new Array(n);
  let total = before.length + (n > 0 ? n + 1 : 2) + after.length;
  let version: number | undefined;
  let versionText = '';
  for (let i = 0; i < n; i++) {
    const slot = slots?.[i];
    if (!slot) {
      const whole = Buffer.from(JSON.stringify(diagnostics[i]));
      json[i] = whole;
      digits[i] = '';
      lengths[i] = whole.length;
    } else {
      const kept = jsonOf(diagnostics[i], slot);
      const at = kept.tail ? dataVersionOf(diagnostics[i]) : undefined;
      if (at !== version) versionText = String((version = at));
      json[i] = kept;
      digits[i] = kept.tail ? versionText : '';
      lengths[i] = kept.head.length + digits[i].length + (kept.tail?.length ?? 0);
    }
    total += lengths[i];
  }
  const out = Buffer.allocUnsafe(total);
  let pos = before.copy(out, 0);
  out[pos++] = 0x5b;
  let i = 0;
  while (i < n) {
    if (i > 0) out[pos++] = 0x2c;
    const first = slots?.[i];
    const source = first?.writtenIn;
    if (first && source && source !== out && first.writtenVersion?.length === digits[i].length) {
      // The run of diagnostics written side by side (a comma apart) in `source`, each as long as now.
      const from = first.writtenAt!;
      let end = from + lengths[i];
      let last = i;
      for (let next = slots![last + 1]; last + 1 < n && next?.writtenIn === source && next.writtenAt === end + 1 && next.writtenVersion?.length === digits[last + 1].length; next = slots![last + 1]) {
        last++;
        end = next.writtenAt + lengths[last];
      }
      source.copy(out, pos, from, end);
      for (let k = i; k <= last; k++) {
        const slot = slots![k]!;
        const at = pos + (slot.writtenAt! - from);
        if (slot.writtenVersion !== digits[k]) writeAscii(out, digits[k], at + (json[k] as DiagnosticJson).head.length);
        slot.writtenIn = out;
        slot.writtenAt = at;
        slot.writtenVersion = digits[k];
      }
      pos += end - from;
      i = last + 1;
      continue;
    }
    const piece = json[i];
    if (first) {
      first.writtenIn = out;
      first.writtenAt = pos;
      first.writtenVersion = digits[i];
    }
    if (Buffer.isBuffer(piece)) {
      pos += piece.copy(out, pos);
    } else {
      pos += piece.head.copy(out, pos);
      if (piece.tail) {
        pos = writeAscii(out, digits[i], pos);
        pos += piece.tail.copy(out, pos);
      }
    }
    i++;
  }
  out[pos++] = 0x5d;
  pos += after.copy(out, pos);
  if (pos !== total) throw new Error(`publishDiagnostics encoded ${pos} of ${total} bytes`);
  return out;
}

/** Writes `text` (digits) at `at`; returns where it ends. */
function writeAscii(out: Buffer, text: string, at: number): number {
  for (let i = 0; i < text.length; i++) out[at + i] = text.charCodeAt(i);
  return at + text.length;
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
  return diagnosticsArray(diagnostics, Buffer.from(before), Buffer.from(after));
}

/** The writer's encoder (UTF-8 JSON, as vscode-jsonrpc's own), with published diagnostics from their kept JSON. */
export const DIAGNOSTICS_JSON_ENCODER: ContentTypeEncoder = {
  name: 'application/json',
  encode: (message) => Promise.resolve(encodeMessage(message)),
};
