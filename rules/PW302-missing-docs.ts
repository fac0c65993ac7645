// PW302 missing-docs (project level): a pipeline that nothing documents — no README in its folder or
// any folder above it, no docs/ folder there either, no DAG doc and no module docstring on its config. One finding
// per pipeline, on its config, also counting the stage modules and functions without docstrings
// ("no README documents sales_etl/; 3 stage modules and 3 functions lack docstrings"). Missing
// docstrings alone are not reported: with a README, a reviewer would not ask for a pipeline-level fix.

import path from 'node:path';
import type { Rule, WorkspaceRuleContext } from '../server/src/engine/types';
import { fileText, flowsOf } from './support/workspace-flows';

const ID = 'PW302';
const README = /^(readme(\.[a-z]+)?|index\.(md|rst|txt|html?|adoc))$/i;
const AIRFLOW_DOCS = /\bdoc_md\s*=|\bdoc\s*=|\.doc_md\s*=|\bdescription\s*=\s*["'(]/;
/** A Python module whose first statement (after comments and blank lines) is a docstring. */
const MODULE_DOCSTRING = /^(?:[ \t]*(?:#[^\n]*)?\r?\n)*[ \t]*[rRuU]?(?:"""|''')/;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function checkWorkspace(ctx: WorkspaceRuleContext): void {
  const view = ctx.workspace;
  // Folders with a README/index file, and folders with a docs/ folder, computed once per run.
  const withReadme = new Set<string>();
  const withDocsFolder = new Set<string>();
  for (const f of view.files()) {
    const dir = path.dirname(f);
    if (README.test(path.basename(f))) withReadme.add(dir);
    if (/^docs?$/i.test(path.basename(dir))) withDocsFolder.add(path.dirname(dir));
  }
  // Projects document their pipelines at the level they organise them: the pipeline's folder, a
  // chapter or layer folder above it, or the repository (a README there, or a docs/ folder).
  const documentedAbove = (folder: string): boolean => {
    for (let dir = folder; ; dir = path.dirname(dir)) {
      if (withReadme.has(dir) || withDocsFolder.has(dir)) return true;
      if (dir === view.root || path.dirname(dir) === dir || !dir.startsWith(view.root)) return false;
    }
  };
  for (const flow of flowsOf(view)) {
    const pipeline = flow.pipeline;
    if (!pipeline) continue;
    // Only pipelines whose stages move data Pipewise can see (a config around scripts with no reads or writes is not described yet).
    if (!flow.units.some((u) => u.reads.length > 0 || u.writes.length > 0)) continue;
    const folder = path.dirname(pipeline.path);
    const folderDocs = documentedAbove(folder);
    const configText = fileText(view, pipeline.path) ?? '';
    const configDocs = (pipeline.kind === 'airflow' && AIRFLOW_DOCS.test(configText)) || (pipeline.path.endsWith('.py') && MODULE_DOCSTRING.test(configText));
    if (folderDocs || configDocs) continue;
    const modules = new Set<string>();
    const functions = new Set<string>();
    for (const unit of flow.units) {
      const stage = unit.stage;
      if (!stage.hasModuleDocstring && !unit.fn) modules.add(unit.path);
      for (const f of stage.undocumentedFunctions) {
        if (f.name.startsWith('_') || f.name === 'main') continue;
        if (unit.fn && f.name !== unit.fn) continue;
        functions.add(`${unit.path}:${f.name}`);
      }
    }
    const parts: string[] = [];
    parts.push(`no README documents ${path.basename(folder)}/`);
    const lacking: string[] = [];
    if (modules.size) lacking.push(plural(modules.size, 'stage module'));
    if (functions.size) lacking.push(plural(functions.size, 'function'));
    if (lacking.length) parts.push(`${lacking.join(' and ')} ${modules.size + functions.size === 1 ? 'lacks a docstring' : 'lack docstrings'}`);
    ctx.report({
      path: pipeline.path,
      start: pipeline.anchor.start,
      end: pipeline.anchor.end,
      message: `${parts.join('; ')}; document what ${pipeline.name} reads, writes and how to re-run it (a README beside the config, docstrings on each stage)`,
      fingerprintText: `${pipeline.name} docs`,
    });
  }
}

export const missingDocs: Rule = {
  meta: {
    id: ID,
    slug: 'missing-docs',
    title: 'Missing documentation',
    priority: 'P3',
    dialects: ['yaml', 'python'],
    rationale: 'The person paged at 3 AM is rarely the one who wrote the pipeline: without a README and docstrings they cannot tell what a stage expects, what it writes, or whether re-running it is safe.',
    recommendation: 'Add a README beside the pipeline config (purpose, schedule, inputs and outputs, how to backfill) and a docstring on each stage module and function.',
    fixable: false,
  },
  checkWorkspace,
};
