// PW303 no-tests (project level): no test file (test_*.py, *_test.py, tests/**) imports or runs
// any of a pipeline's stage modules, nor the module a stage hands its work to. One finding per
// pipeline, on its config.

import path from 'node:path';
import type { Rule, WorkspaceRuleContext } from '../server/src/engine/types';
import type { WorkspaceView } from '../server/src/engine/workspace/types';
import { extendedStage } from '../server/src/engine/workspace/flow';
import { fileText, flowsOf, isTestFile, listNames } from './support/workspace-flows';

const ID = 'PW303';
/** A project module imported by at most this many modules (and at most a quarter of them) is a stage's own code, not a shared helper. */
const OWN_MODULE_MAX_IMPORTERS = 5;

/** The last dotted part of each imported name (`lib.export.run` gives `run` and, from `lib.export`, `export`). */
function importedLeaves(modules: readonly string[]): Set<string> {
  return new Set(modules.map((m) => m.replace(/^\.+/, '')).map((m) => m.slice(m.lastIndexOf('.') + 1)).filter(Boolean));
}

/**
 * The project modules a DAG or flow file hands its steps to (`lib/export.py` run by `export_dag.py`,
 * tested by `lib/export_test.py` beside it): imported by the stage file and by few others. A helper
 * most stages import (a database connection class, `utils`) is not the stage, so a test of it
 * covers nothing here.
 */
function ownModulesOf(view: WorkspaceView, sources: readonly string[]): (file: string) => string[] {
  const projectNames = new Set(sources.map((f) => path.basename(f, '.py')));
  const importers = new Map<string, number>();
  const leavesOf = new Map<string, Set<string>>();
  for (const file of sources) {
    const leaves = new Set([...importedLeaves(extendedStage(view, file)?.importedModules ?? [])].filter((n) => projectNames.has(n) && n !== path.basename(file, '.py')));
    leavesOf.set(file, leaves);
    for (const name of leaves) importers.set(name, (importers.get(name) ?? 0) + 1);
  }
  const limit = Math.min(OWN_MODULE_MAX_IMPORTERS, Math.max(1, Math.floor(sources.length / 4)));
  return (file) => [...(leavesOf.get(file) ?? [])].filter((name) => (importers.get(name) ?? 0) <= limit);
}

function moduleNames(root: string, file: string): string[] {
  const base = path.basename(file).replace(/\.py$/, '');
  const rel = path.relative(root, file).replace(/\.py$/, '').split(path.sep);
  const names = new Set<string>([base]);
  for (let i = 0; i < rel.length; i++) names.add(rel.slice(i).join('.'));
  return [...names];
}

function checkWorkspace(ctx: WorkspaceRuleContext): void {
  const view = ctx.workspace;
  const pythonFiles = view.files().filter((f) => f.endsWith('.py'));
  const tests = pythonFiles.filter((f) => isTestFile(view, f));
  const ownModules = ownModulesOf(view, pythonFiles.filter((f) => !isTestFile(view, f)));
  const testImports = new Set<string>();
  const testMentions = new Set<string>();
  let dagBagTest = false;
  for (const test of tests) {
    const stage = extendedStage(view, test);
    if (!stage) continue;
    for (const m of stage.importedModules) {
      const clean = m.replace(/^\.+/, '');
      testImports.add(clean);
      testImports.add(clean.slice(clean.lastIndexOf('.') + 1));
    }
    for (const s of stage.scriptMentions) testMentions.add(s);
    if (!dagBagTest && /\bDagBag\b/.test(fileText(view, test) ?? '')) dagBagTest = true;
  }
  for (const flow of flowsOf(view)) {
    const pipeline = flow.pipeline;
    if (!pipeline || flow.units.length === 0) continue;
    // Only pipelines whose stages move data Pipewise can see (a config around scripts with no reads or writes is not described yet).
    if (!flow.units.some((u) => u.reads.length > 0 || u.writes.length > 0)) continue;
    if (pipeline.kind === 'airflow' && dagBagTest) continue;
    const scripts = [...new Set(flow.units.map((u) => u.path))].filter((f) => !isTestFile(view, f));
    if (scripts.length === 0) continue;
    const covered = scripts.some((file) => testMentions.has(path.basename(file)) || moduleNames(view.root, file).some((name) => testImports.has(name)) || ownModules(file).some((name) => testImports.has(name)));
    if (covered) continue;
    const names = scripts.map((f) => path.basename(f));
    ctx.report({
      path: pipeline.path,
      start: pipeline.anchor.start,
      end: pipeline.anchor.end,
      message: `No test imports or runs the stage modules of ${pipeline.name} (${listNames(names)}); add tests under tests/ that run each stage on a small fixture and check what it writes`,
      fingerprintText: `${pipeline.name} tests`,
    });
  }
}

export const noTests: Rule = {
  meta: {
    id: ID,
    slug: 'no-tests',
    title: 'No tests',
    priority: 'P3',
    dialects: ['yaml', 'python'],
    rationale: 'Without tests, every change to a transformation is verified in production, on real data, by whoever notices the numbers moved.',
    recommendation: 'Add tests that import each stage and run it on a small fixture (a few rows in a temporary folder), asserting on what it writes; a DagBag import test for Airflow DAGs.',
    fixable: false,
  },
  checkWorkspace,
};
