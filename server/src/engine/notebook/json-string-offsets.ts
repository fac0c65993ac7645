// A position inside a JSON string's decoded value as an offset in the JSON text: escapes (`\n`,
// `\"`, `\u00e9`) are several characters in the file for one in the value.

/** `stringStart` is the offset of the opening quote; `decoded` counts UTF-16 units of the value. */
export function rawOffsetInJsonString(text: string, stringStart: number, decoded: number): number {
  let raw = stringStart + 1;
  let count = 0;
  while (count < decoded && raw < text.length && text[raw] !== '"') {
    if (text[raw] === '\\') raw += text[raw + 1] === 'u' ? 6 : 2;
    else raw += 1;
    count++;
  }
  return raw;
}
