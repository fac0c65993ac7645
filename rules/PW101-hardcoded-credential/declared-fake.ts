// A value its author marks as fake in a comment (`# THIS IS A FAKE CREDENTIAL FOR DEMONSTRATION
// PURPOSES`) at the end of its line or in the lines just above it, within the same block (no blank
// line between): a sample, not a secret. Config files only (YAML, .env, INI), whose comments sit on
// their own lines next to the settings they describe.

/** Words that say a value is not a real one. */
const FAKE_DECLARATION = /\b(fake|dummy|placeholder|not\s+(a\s+)?real|demonstration|demo\s+only|example\s+only)\b/i;
/** How far up the comment may be: a short comment block over a few related settings. */
const LINES_ABOVE = 4;

export function isDeclaredFake(text: string, valueStart: number): boolean {
  const lineStart = text.lastIndexOf('\n', valueStart - 1) + 1;
  const lineEndAt = text.indexOf('\n', valueStart);
  const line = text.slice(lineStart, lineEndAt < 0 ? text.length : lineEndAt);
  const trailing = line.indexOf(' #');
  if (trailing >= 0 && FAKE_DECLARATION.test(line.slice(trailing))) return true;
  let end = lineStart - 1;
  for (let i = 0; i < LINES_ABOVE && end > 0; i++) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const above = text.slice(start, end).trim();
    if (above === '') return false;
    if ((above.startsWith('#') || above.startsWith(';')) && FAKE_DECLARATION.test(above)) return true;
    end = start - 1;
  }
  return false;
}
