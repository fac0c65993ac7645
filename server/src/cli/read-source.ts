// Reads a file to lint as UTF-8 text, refusing what is too big or binary.

import { readFileSync, statSync } from 'node:fs';

export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export type SourceRead =
  | {
      ok: true;
      /** The text without a byte-order mark (offsets must not count it). */
      text: string;
      hadBom: boolean;
      /** False when invalid UTF-8 was replaced: writing the text back would corrupt the file. */
      lossless: boolean;
    }
  | { ok: false; reason: string };

const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

export function readSource(file: string): SourceRead {
  let bytes: Buffer;
  try {
    if (statSync(file).size > MAX_FILE_BYTES) return { ok: false, reason: 'larger than 5 MB' };
    bytes = readFileSync(file);
  } catch (error) {
    return { ok: false, reason: `cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  if (bytes.includes(0)) return { ok: false, reason: 'binary file' };
  const hadBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  // TextDecoder drops a leading BOM by default.
  try {
    return { ok: true, text: strict.decode(bytes), hadBom, lossless: true };
  } catch {
    return { ok: true, text: lenient.decode(bytes), hadBom, lossless: false };
  }
}
