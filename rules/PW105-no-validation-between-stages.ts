// PW105 no-validation-between-stages (cross-file): a stage reads an artifact (file or table) that
// another stage of the same pipeline wrote, and writes or loads onward with no validation in
// between (assert, raise on a data check, pandera/great_expectations/pydantic, a validate_*/check_*
// call). Reported on the read call of the consuming stage, with the producing write as related
// location. The fix inserts the `pw-validation-gate` helper once and calls it on the frame read.

import type { Rule, TextEdit, WorkspaceRuleContext } from '../server/src/engine/types';
import { EXECUTE_METHODS, FETCH_METHODS } from '../server/src/engine/knowledge';
import { renderSnippet } from '../server/src/engine/snippets';
import type { StageUnit, UnitArtifactRef } from '../server/src/engine/workspace/flow';
import type { WorkspaceFix, WorkspaceView } from '../server/src/engine/workspace/types';
import { differentStages, fileText, flowsOf, identifierOf, stageLabel } from './support/workspace-flows';

const ID = 'PW105';
const DEFAULT_COLUMNS = '"order_id", "quantity", "unit_price"';
const CURSOR_EXECUTES: ReadonlySet<string> = new Set(EXECUTE_METHODS);
/** Fetches that build a frame of the rows (`fetch_pandas_all`, `fetchdf`), unlike DB-API's tuples (`fetchall`, `fetchone`, `fetchmany`). */
const FRAME_FETCHES = FETCH_METHODS.filter((m) => !/^fetch(all|one|many)$/.test(m));
const FRAME_FETCH = new RegExp(`\\.(${FRAME_FETCHES.join('|')})\\s*\\(|\\bDataFrame\\s*\\(`);
/** How far after the query the fetch of its rows is looked for (the next statement or two). */
const FETCH_WINDOW = 400;

/**
 * A SELECT run on a cursor (`cursor.execute("SELECT id FROM status WHERE …")`) hands rows back to
 * the code — ids to process, a flag, a lookup — not a dataset passed on, so columns, emptiness and
 * row counts are not what to check. The same call writing too (`INSERT … SELECT`) moves the
 * table onward inside the database and stays a handoff.
 */
function fetchesRowsIntoCode(view: WorkspaceView, consumer: StageUnit, read: UnitArtifactRef): boolean {
  if (!CURSOR_EXECUTES.has(read.via)) return false;
  if (consumer.writes.some((w) => w.path === read.path && w.start === read.start && w.end === read.end)) return false;
  const after = fileText(view, read.path)?.slice(read.end, read.end + FETCH_WINDOW) ?? '';
  return !FRAME_FETCH.test(after);
}

/**
 * The consumer writes the artifact it reads (a bronze notebook unions new files into its own bronze
 * table, an append job reads its table's last load time): what it reads is its own previous state,
 * not a handoff from the stage that also writes there.
 */
function readsOwnState(consumer: StageUnit, read: UnitArtifactRef): boolean {
  return consumer.writes.some((w) => w.kind === read.kind && w.name === read.name && !(w.path === read.path && w.start === read.start && w.end === read.end));
}

/** A validation in the code the consuming step runs (its own function, what it calls, in any file). */
function validated(unit: StageUnit, read: UnitArtifactRef): boolean {
  for (const v of unit.validations) {
    // A check earlier in the function that reads is about something else (arguments, config).
    if (v.path !== read.path || v.kind === 'decorator' || v.fn !== read.fn || v.start >= read.end) return true;
  }
  return false;
}

const gateCache = new Map<string, string>();

/** The rendered gate helper; memoised (fixes are built for every finding on every workspace run). */
function renderedGate(values: Record<string, string>, eol: string): string {
  const key = `${JSON.stringify(values)}${eol}`;
  let text = gateCache.get(key);
  if (text === undefined) {
    if (gateCache.size > 256) gateCache.clear();
    text = renderSnippet('pw-validation-gate', values).replace(/\n+$/, '').split('\n').join(eol) + eol;
    gateCache.set(key, text);
  }
  return text;
}

/** The gate goes into the file of the read (the consuming step's code may span modules). */
function gateFix(consumer: StageUnit, read: UnitArtifactRef, producer: UnitArtifactRef): WorkspaceFix | null {
  if (!read.bound || read.fn === null) return null;
  const stage = read.stage;
  const base = identifierOf(consumer.step?.name ?? consumer.fn ?? consumer.path.replace(/^.*[\\/]/, ''));
  const gate = `validate_${base}_input`;
  const eol = stage.anchors.eol;
  const columns = stage.columns.length ? stage.columns : [...producer.stage.columns, ...producer.stage.columnsWritten];
  const values: Record<string, string> = { stage: base };
  if (columns.length) values[DEFAULT_COLUMNS] = [...new Set(columns)].slice(0, 12).map((c) => JSON.stringify(c)).join(', ');
  const edits: TextEdit[] = [];
  if (!stage.functions.some((f) => f.name === gate)) {
    const helper = renderedGate(values, eol);
    const { helperAt, helperBefore, helperAfter } = stage.anchors;
    if (helperAt > read.start) return null;
    edits.push({ start: helperAt, end: helperAt, newText: `${helperBefore}${helper}${helperAfter}` });
  }
  edits.push({ start: read.after, end: read.after, newText: `${read.indent}${read.bound} = ${gate}(${read.bound})${eol}` });
  return { title: `Pipewise (${ID}): Validate ${read.written} right after reading it`, edits, safe: false, preferred: true };
}

function checkWorkspace(ctx: WorkspaceRuleContext): void {
  const root = ctx.workspace.root;
  const reported = new Set<string>();
  for (const flow of flowsOf(ctx.workspace)) {
    const writers = new Map<string, Array<{ unit: StageUnit; ref: UnitArtifactRef }>>();
    for (const unit of flow.units) for (const ref of unit.writes) {
      const key = `${ref.kind}:${ref.name}`;
      const list = writers.get(key);
      if (list) list.push({ unit, ref });
      else writers.set(key, [{ unit, ref }]);
    }
    for (const consumer of flow.units) {
      if (consumer.writes.length === 0) continue;
      for (const read of consumer.reads) {
        if (fetchesRowsIntoCode(ctx.workspace, consumer, read) || readsOwnState(consumer, read)) continue;
        const producers = (writers.get(`${read.kind}:${read.name}`) ?? []).filter(
          (w) => differentStages(w.unit, consumer) && (flow.pipeline === null || flow.before(w.unit, consumer)),
        );
        if (producers.length === 0) continue;
        // The consumer must pass something on after the read (a write later in the script, or in another function).
        if (!consumer.writes.some((w) => w.path !== read.path || w.fn !== read.fn || w.end > read.end)) continue;
        if (validated(consumer, read)) continue;
        const key = `${read.path}:${read.start}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const producer = producers[producers.length - 1];
        const fix = gateFix(consumer, read, producer.ref);
        ctx.report({
          path: read.path,
          start: read.start,
          end: read.end,
          message: `${stageLabel(consumer, root)} uses ${read.written} written by ${stageLabel(producer.unit, root)} without validating it; check its columns, emptiness and row count before passing it on`,
          related: [{ path: producer.ref.path, start: producer.ref.start, end: producer.ref.end, message: `${read.written} is written here` }],
          fixes: fix ? [fix] : [],
          // As the code writes the name: one finding per read, whatever the steps pass.
          fingerprintText: `${read.via} ${read.written}`,
        });
      }
    }
  }
}

export const noValidationBetweenStages: Rule = {
  meta: {
    id: ID,
    slug: 'no-validation-between-stages',
    title: 'No data validation between stages',
    priority: 'P1',
    dialects: ['python'],
    rationale: 'When a stage takes another stage\'s output on trust, an empty extract, a renamed column or a half-written file flows straight into the warehouse and is found by the people reading the dashboards.',
    recommendation: 'Validate what a stage reads from the previous one before passing it on: required columns, non-empty, and row counts reconciled with what the upstream stage wrote.',
    fixable: true,
  },
  checkWorkspace,
};
