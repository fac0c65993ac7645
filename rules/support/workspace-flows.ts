// Shared by the cross-file rules (PW105, PW205, PW301–PW303, PW405): the workspace's stage flows,
// what the model can tell beyond the WorkspaceView contract (file texts, test files), and labels.

import path from 'node:path';
import { isTestPath } from '../../server/src/engine/document';
import { allFlows, type StageFlow, type StageUnit } from '../../server/src/engine/workspace/flow';
import type { WorkspaceView } from '../../server/src/engine/workspace/types';

/** Optional extras the WorkspaceModel offers beyond the WorkspaceView contract. */
interface ModelExtras {
  text?(file: string): string | undefined;
  isTestFile?(file: string): boolean;
  flows?(): readonly StageFlow[];
}

export function isTestFile(view: WorkspaceView, file: string): boolean {
  const extras = view as WorkspaceView & ModelExtras;
  return extras.isTestFile ? extras.isTestFile(file) : isTestPath(path.relative(view.root, file));
}

export function fileText(view: WorkspaceView, file: string): string | undefined {
  return (view as WorkspaceView & ModelExtras).text?.(file);
}

/** The flows of the workspace (cached by the model between changes). */
export function flowsOf(view: WorkspaceView): readonly StageFlow[] {
  const extras = view as WorkspaceView & ModelExtras;
  return extras.flows ? extras.flows() : allFlows(view, (f) => isTestFile(view, f));
}

/** Two units are different stages (another script, or another callable of the same DAG file). */
export function differentStages(a: StageUnit, b: StageUnit): boolean {
  return a.path !== b.path || (a.fn !== null && b.fn !== null && a.fn !== b.fn);
}

/** `transform.py` or `dags/etl.py:transform_orders` for messages. */
export function stageLabel(unit: StageUnit, root: string): string {
  const rel = path.relative(root, unit.path).split(path.sep).join('/') || path.basename(unit.path);
  const short = rel.includes('/') ? path.basename(unit.path) : rel;
  return unit.fn ? `${short}:${unit.fn}` : short;
}

/** A Python identifier from a step or file name (`load-orders` → `load_orders`). */
export function identifierOf(name: string): string {
  const cleaned = name.replace(/\.py$/, '').replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|(?<!_)_+$/g, '').toLowerCase();
  return /^[a-z_]/.test(cleaned) ? cleaned || 'stage' : `stage_${cleaned}`;
}

export function listNames(names: readonly string[], max = 4): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
