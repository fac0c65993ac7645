// PW101 hardcoded-credential: literal secrets in Python, YAML and INI/.env/TOML config. Each
// string is classified once (URL password, Authorization header, token format, value of a
// credential-like name, high entropy) and yields at most one finding; messages never print it.

import type { Rule } from '../../server/src/engine/types';
import { ID } from './detect';
import { checkKeyValues } from './key-values';
import { checkPython } from './python';
import { checkYaml } from './yaml';

export const hardcodedCredential: Rule = {
  meta: {
    id: ID,
    slug: 'hardcoded-credential',
    title: 'Hardcoded credential',
    priority: 'P1',
    dialects: ['python', 'yaml', 'ini', 'dotenv', 'toml'],
    rationale: 'A secret in code or config is readable by everyone with repository access, lands in every clone, fork and backup, and cannot be rotated without a deploy.',
    recommendation: 'Read the secret from the environment (os.environ["NAME"]) or a secrets manager, and keep only the variable name in code.',
    fixable: true,
  },
  check(ctx) {
    if (ctx.doc.dialect === 'python') checkPython(ctx);
    else if (ctx.doc.dialect === 'yaml') checkYaml(ctx);
    else checkKeyValues(ctx);
  },
  incremental: {},
};
