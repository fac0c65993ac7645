// Artifact names that depend on the parameters of the function holding the read or write
// (`os.path.join(STAGING_DIR, day, f"orders_{region}.json")` in `def fetch_orders(region, day)`):
// each parameter is a placeholder that holds its position in the parameter list, filled once a
// pipeline step says what it passes (op_kwargs, functools.partial, a TaskFlow call's arguments).

const OPEN = '\u0001';
const CLOSE = '\u0002';

/** A value a step passes for a parameter: its text, or null when it is passed but not a literal. */
export type ArgumentValue = string | null;

export function parameterPlaceholder(index: number): string {
  return `${OPEN}${index}${CLOSE}`;
}

export function hasPlaceholders(name: string): boolean {
  return name.includes(OPEN);
}

/** Calls `part` for each literal piece and `slot` for each placeholder, in order. */
function eachPiece(template: string, part: (text: string) => void, slot: (index: number) => void): void {
  let cursor = 0;
  for (let open = template.indexOf(OPEN); open >= 0; open = template.indexOf(OPEN, cursor)) {
    const close = template.indexOf(CLOSE, open + 1);
    if (close < 0) break;
    part(template.slice(cursor, open));
    slot(Number(template.slice(open + 1, close)));
    cursor = close + 1;
  }
  part(template.slice(cursor));
}

/**
 * The name with each parameter replaced by the value passed for it (`{}` for a value that is not
 * a literal); null when a parameter it needs is not passed at all.
 */
export function fillTemplate(template: string, valueOf: (index: number) => ArgumentValue | undefined): { name: string; unknown: boolean } | null {
  let name = '';
  let unknown = false;
  let missing = false;
  eachPiece(
    template,
    (text) => (name += text),
    (index) => {
      const value = valueOf(index);
      if (value === undefined) missing = true;
      else if (value === null) {
        unknown = true;
        name += '{}';
      } else name += value;
    },
  );
  return missing ? null : { name, unknown };
}

/** The name as the code reads it, parameters by name (`/data/staging/{day}/orders_{region}.json`). */
export function readableTemplate(template: string, params: readonly string[]): string {
  let out = '';
  eachPiece(
    template,
    (text) => (out += text),
    (index) => (out += `{${params[index] ?? '?'}}`),
  );
  return out;
}
