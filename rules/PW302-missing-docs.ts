// PW302 missing-docs (project level): a pipeline folder without a README or docs/, and stage
// modules and top-level functions without docstrings. One finding per pipeline, on its config,
// summarising what is missing ("no README in sales_etl/; 3 stage modules and 3 functions lack docstrings").

import path from 'node:path';
import type { Rule, WorkspaceRuleContext } from '../server/src/engine/types';
import { fileText, flowsOf } from './support/workspace-flows';

const ID = 'PW302';
const README = /^(readme|index)(\.[a-z]+)?$/i;
/** Folders that hold an orchestrator's DAGs or flows, not a pipeline's code. */
const ORCHESTRATOR_FOLDER = /^(dags|flows)$/i;
const AIRFLOW_DOCS = /\bdoc_md\s*=|\bdoc\s*=|\.doc_md\s*=|\bdescription\s*=\s*["'(]/;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function checkWorkspace(ctx: WorkspaceRuleContext): void {
  const view = ctx.workspace;
  // Folders with a README/index file or a docs/ folder, computed once per run.
  const documented = new Set<string>();
  for (const f of view.files()) {
    const dir = path.dirname(f);
    if (README.test(path.basename(f))) documented.add(dir);
    if (/^docs?$/i.test(path.basename(dir))) documented.add(path.dirname(dir));
  }
  for (const flow of flowsOf(view)) {
    const pipeline = flow.pipeline;
    if (!pipeline) continue;
    // Only pipelines whose stages move data Pipewise can see (a config around scripts with no reads or writes is not described yet).
    if (!flow.units.some((u) => u.reads.length > 0 || u.writes.length > 0)) continue;
    const folder = path.dirname(pipeline.path);
    // A DAG or flow folder (`dags/`) is documented by the project's README, one level up.
    const folderDocs = documented.has(folder) || (ORCHESTRATOR_FOLDER.test(path.basename(folder)) && documented.has(path.dirname(folder)));
    const configDocs = pipeline.kind === 'airflow' && AIRFLOW_DOCS.test(fileText(view, pipeline.path) ?? '');
    const hasReadme = folderDocs || configDocs;
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
    if (hasReadme && modules.size === 0 && functions.size === 0) continue;
    const parts: string[] = [];
    const folderName = `${path.basename(folder)}/`;
    if (!hasReadme) parts.push(`no README in ${folderName}`);
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
