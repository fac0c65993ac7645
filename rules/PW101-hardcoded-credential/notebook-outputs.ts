// Secrets printed in a Jupyter notebook's stored outputs (`print(conn_url)`, an echoed config
// dict, a token in a traceback): the output is saved in the .ipynb, so the secret is in the
// repository as surely as a literal in a cell. Reported at the cell that printed it (outputs have
// no place in the code); no fix is offered (clearing outputs is the user's call).

import type { RuleContext } from '../../server/src/engine/types';
import { cellStartInModule, type NotebookOutput } from '../../server/src/engine/notebook/notebook-facts';
import { describe } from './comments';
import { classify, lowerPriority, type Detection } from './detect';

/** Output lines longer than this are data dumps, not printed settings. */
const MAX_LINE = 600;
const MAX_LINES_PER_OUTPUT = 2000;
/** `password=…`, `password: …`, `'password': '…'` in printed text. */
const PRINTED_PAIR = /(["']?)([A-Za-z_][\w.-]{0,64})\1[ \t]*[=:][ \t]*(["']?)([^\s"',;}]{1,512})\3/g;

/**
 * A printed JSON record (`{"user": "ana", "auth": "Logged In"}`): its keys and string values are
 * checked pair by pair, and a value with a space in it is a phrase, not a credential. Null when
 * the line is not JSON.
 */
function detectionInJsonLine(line: string, ctx: RuleContext): Detection | null | undefined {
  const trimmed = line.trim();
  if (!/^[[{]/.test(trimmed)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  const pairs: Array<[string, string]> = [];
  const walk = (value: unknown, depth: number): void => {
    if (depth > 4 || pairs.length > 200 || value === null || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      if (typeof inner === 'string') pairs.push([key, inner]);
      else walk(inner, depth + 1);
    }
  };
  walk(parsed, 0);
  for (const [key, value] of pairs) {
    if (/\s/.test(value.trim())) continue;
    const found = classify(value, { name: /^\d+$/.test(key) ? null : key, documentation: false, commented: true, credentialSlot: false, testContext: ctx.doc.isTestFile }, ctx);
    if (found && found.kind !== 'entropy') return found;
  }
  return null;
}

function detectionInLine(line: string, ctx: RuleContext): Detection | null {
  const json = detectionInJsonLine(line, ctx);
  if (json !== undefined) return json;
  const whole = classify(line, { name: null, documentation: false, commented: true, credentialSlot: false, testContext: ctx.doc.isTestFile }, ctx);
  if (whole && whole.kind !== 'entropy') return whole;
  for (const match of line.matchAll(PRINTED_PAIR)) {
    const found = classify(match[4], { name: match[2], documentation: false, commented: true, credentialSlot: false, testContext: ctx.doc.isTestFile }, ctx);
    if (found && found.kind !== 'entropy') return found;
  }
  return null;
}

function firstDetection(output: NotebookOutput, ctx: RuleContext): Detection | null {
  const lines = output.text.split('\n', MAX_LINES_PER_OUTPUT);
  for (const line of lines) {
    if (line.length > MAX_LINE || line.trim() === '') continue;
    const found = detectionInLine(line, ctx);
    if (found) return found;
  }
  return null;
}

/** The key part for the rule's incremental key: outputs are not statements. */
export function outputsKey(outputs: readonly NotebookOutput[] | undefined): string {
  return outputs && outputs.length > 0 ? outputs.map((o) => `${o.cell}:${o.text.length}:${o.text.slice(0, 64)}`).join('\n') : '';
}

export function checkNotebookOutputs(ctx: RuleContext): void {
  const notebook = ctx.doc.notebook;
  const py = ctx.doc.python;
  if (!notebook || !py) return;
  const reported = new Set<number>();
  for (const output of notebook.outputs) {
    if (reported.has(output.cell)) continue;
    const start = cellStartInModule(notebook, output.cell);
    if (start === null) continue;
    // The finding belongs to the cell's first statement (incremental lint places it by origin).
    const origin = py.rawChunks.find((chunk) => chunk.end > start);
    if (ctx.statement && origin !== ctx.statement) continue;
    const detection = firstDetection(output, ctx);
    if (!detection) continue;
    reported.add(output.cell);
    const lineEnd = ctx.doc.text.indexOf('\n', start);
    ctx.report({
      start,
      end: lineEnd < 0 ? ctx.doc.text.length : lineEnd,
      message: `${describe(detection)} printed in this cell's stored output: the notebook saves it, so the secret is in the repository; clear the output and rotate the credential`,
      priority: lowerPriority('P1', ctx.doc.isTestFile),
      fixes: [],
      fingerprintText: `notebook-output|${detection.kind}`,
      ...(origin ? { origin: origin.start } : {}),
    });
  }
}
