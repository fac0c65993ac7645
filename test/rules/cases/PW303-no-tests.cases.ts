// PW303 is a workspace rule (checkWorkspace only): a single file cannot show a cross-file problem,
// so its multi-file cases live in test/workspace/pw303.cases.ts (run by test/workspace/rules.test.ts)
// and its fix cases in test/workspace/fixes.test.ts.

import type { RuleCases } from '../../helpers/rule-tester';

const cases: RuleCases & { workspace: true; workspaceCases: string } = {
  rule: 'PW303',
  flagged: [],
  notFlagged: [],
  fixes: [],
  workspace: true,
  workspaceCases: 'test/workspace/pw303.cases.ts',
};

export default cases;
