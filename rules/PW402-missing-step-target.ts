// PW402 missing-step-target: a pipeline config step whose script/file/module does not exist
// relative to the config file. The one single-file rule that reads the file system: one stat
// per step target, on the paths the config names. Absolute paths (they name a path inside the
// runtime container or server, not the checkout), templated paths, URLs and commands that run
// no script (`dbt run`) are not checked, nor configs whose folder is not on disk (unsaved files).

import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Rule } from '../server/src/engine/types';
import { parsePipelineConfig } from '../server/src/engine/workspace/pipeline-config';

const ID = 'PW402';

/** Where a step target may live: the script itself, or a package's `__init__.py` for modules. */
function candidates(target: string, scriptPath: string): string[] {
  const out = [scriptPath];
  if (!/\.\w+$/.test(target) && scriptPath.endsWith('.py')) out.push(path.join(scriptPath.slice(0, -3), '__init__.py'));
  return out;
}

export const missingStepTarget: Rule = {
  meta: {
    id: ID,
    slug: 'missing-step-target',
    title: 'Pipeline step runs a script that does not exist',
    priority: 'P1',
    dialects: ['yaml'],
    rationale: 'A step pointing at a missing script fails at run time, usually at night, after the steps before it already ran.',
    recommendation: 'Fix the step\'s path (relative to the pipeline config) or add the missing script.',
    fixable: false,
  },
  check(ctx) {
    const pipeline = parsePipelineConfig(ctx.doc);
    if (!pipeline || pipeline.steps.length === 0) return;
    const configDir = path.dirname(ctx.doc.path);
    if (!existsSync(configDir)) return;
    const configName = path.basename(ctx.doc.path);
    for (const step of pipeline.steps) {
      if (!step.target || !step.scriptPath || !step.targetRange) continue;
      if (path.isAbsolute(step.target) || step.target.startsWith('~')) continue;
      if (candidates(step.target, step.scriptPath).some((candidate) => existsSync(candidate))) continue;
      const relative = path.relative(configDir, step.scriptPath) || step.target;
      ctx.report({
        start: step.targetRange.start,
        end: step.targetRange.end,
        message: `Step ${step.name} runs ${relative}, which does not exist next to ${configName}; fix the path or add the script`,
        fingerprintText: `${step.name}:${step.target}`,
      });
    }
  },
};
