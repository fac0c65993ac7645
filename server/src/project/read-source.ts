// Reads a file to lint as UTF-8 text, refusing what is too big or binary.

import { readLimited } from '../engine/limited-read';
import { detectDialect } from '../engine/document';
import { describeLimit, maxBytesForFile } from '../engine/size-limits';

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

/** `root`: the folder the file's real path must be inside (symbolic links out of it are not read). */
export function readSource(file: string, root: string | null = null): SourceRead {
  const read = readLimited(file, { maxBytes: maxBytesForFile(file), root });
  if (!read.ok) return read.reason.startsWith('larger than') ? { ok: false, reason: `larger than ${describeLimit(detectDialect(file))}` } : read;
  const bytes = read.bytes;
  if (bytes.includes(0)) return { ok: false, reason: 'binary file' };
  const hadBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  // TextDecoder drops a leading BOM by default.
  try {
    return { ok: true, text: strict.decode(bytes), hadBom, lossless: true };
  } catch {
    return { ok: true, text: lenient.decode(bytes), hadBom, lossless: false };
  }
}
