import type { SourceText } from '../source-text';
// Whole-name occurrences in source text: the scan rules use to find where a name is read.

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\w]/.test(ch);
}

/** Offsets where `word` occurs as a whole name (not as an attribute of something else) in [from, to). */
export function wordOccurrences(text: SourceText, word: string, from: number, to: number): number[] {
  const out: number[] = [];
  if (!word) return out;
  let at = text.indexOf(word, from);
  while (at >= 0 && at + word.length <= to) {
    const before = text.charAt(at - 1);
    const after = text.charAt(at + word.length);
    if (!isWordChar(before) && before !== '.' && !isWordChar(after)) out.push(at);
    at = text.indexOf(word, at + word.length);
  }
  return out;
}
