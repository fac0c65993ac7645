// PW205 leftover-intermediate (cross-file): a stage writes an intermediate file to a fixed, shared
// temporary path (`/tmp/sales_extract.csv`) that a later stage reads, and no stage removes it: the
// file outlives the run, and two runs at once (a backfill next to the nightly run) overwrite each
// other's data. Reported at the write, with the read as related location. The fix (cross-file,
// in `fileEdits`) removes the file at the end of the consuming function.

import type { Rule, TextEdit, WorkspaceRuleContext } from '../server/src/engine/types';
import type { StageFlow, StageUnit, UnitArtifactRef } from '../server/src/engine/workspace/flow';
import { removalCovers } from '../server/src/engine/workspace/stage';
import type { WorkspaceFix } from '../server/src/engine/workspace/types';
import { differentStages, flowsOf, stageLabel } from './support/workspace-flows';

const ID = 'PW205';
/** Shared scratch locations: system temp folders, and relative tmp/temp/scratch/intermediate folders or file names. */
const SHARED_TEMP = /^(\/tmp|\/var\/tmp|\/dev\/shm|\/scratch|c:\/temp|c:\/tmp)(\/|$)|(^|\/)(tmp|temp|\.tmp|scratch|intermediate)(\/)|(^|\/|_|-)(tmp|temp|intermediate|scratch)[_.-]/i;

export function isSharedIntermediate(name: string): boolean {
  return SHARED_TEMP.test(name);
}

function removed(flow: StageFlow, name: string): boolean {
  return flow.units.some((u) => u.removes.some((r) => removalCovers(r, name)));
}

/** The removal goes into the file of the last read (a step's code may span modules). */
function cleanupFix(read: UnitArtifactRef): WorkspaceFix | null {
  const stage = read.stage;
  if (read.fn === null || !read.expression || stage.anchors.osTaken) return null;
  const fn = stage.functions.find((f) => f.name === read.fn);
  if (!fn) return null;
  // The path expression must mean the same at the end of the function: a literal or a plain name.
  if (!/^([rRuU]?["'][^"'\n]*["']|[A-Za-z_]\w*)$/.test(read.expression)) return null;
  const eol = stage.anchors.eol;
  const edits: TextEdit[] = [];
  if (stage.anchors.importOs) edits.push(stage.anchors.importOs);
  edits.push({ start: fn.finalInsert, end: fn.finalInsert, newText: `${fn.bodyIndent}os.remove(${read.expression})${eol}` });
  return {
    title: `Pipewise (${ID}): Remove ${read.written} at the end of ${fn.name}()`,
    edits: [],
    fileEdits: [{ path: read.path, edits }],
    safe: false,
    preferred: true,
  };
}

function checkWorkspace(ctx: WorkspaceRuleContext): void {
  const root = ctx.workspace.root;
  const reported = new Set<string>();
  for (const flow of flowsOf(ctx.workspace)) {
    for (const producer of flow.units) {
      for (const write of producer.writes) {
        if (write.kind !== 'file' || write.runScoped || !isSharedIntermediate(write.name)) continue;
        const key = `${write.path}:${write.start}`;
        if (reported.has(key)) continue;
        const readers: Array<{ unit: StageUnit; ref: UnitArtifactRef }> = [];
        for (const unit of flow.units) {
          if (!differentStages(unit, producer) || (flow.pipeline !== null && !flow.before(producer, unit))) continue;
          for (const ref of unit.reads) if (ref.kind === 'file' && ref.name === write.name) readers.push({ unit, ref });
        }
        if (readers.length === 0 || removed(flow, write.name)) continue;
        reported.add(key);
        const last = readers[readers.length - 1];
        const fix = cleanupFix(last.ref);
        ctx.report({
          path: write.path,
          start: write.start,
          end: write.end,
          message: `${write.written} is a fixed shared path that ${stageLabel(last.unit, root)} reads and no stage removes, so it outlives the run and concurrent runs overwrite it; write it under a run-scoped directory or remove it after the last read`,
          related: readers.map((r) => ({ path: r.ref.path, start: r.ref.start, end: r.ref.end, message: `${r.ref.written} is read here` })),
          fixes: fix ? [fix] : [],
          fingerprintText: `${write.via} ${write.written}`,
        });
      }
    }
  }
}

export const leftoverIntermediate: Rule = {
  meta: {
    id: ID,
    slug: 'leftover-intermediate',
    title: 'Intermediate files not cleaned up',
    priority: 'P2',
    dialects: ['python'],
    rationale: 'Intermediate files at fixed shared paths pile up, leak data to whoever can read /tmp, and let a backfill running next to the nightly job read or overwrite the other run\'s data.',
    recommendation: 'Write intermediates under a run-scoped directory (tempfile, or the run id / execution date in the path) and remove them once the last stage has read them.',
    fixable: true,
  },
  checkWorkspace,
};
