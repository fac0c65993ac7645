// PW101 hardcoded-credential: literal secrets in Python, YAML and INI/.env/TOML config (templated
// config too) and private keys in key files. Each string is classified once (URL password,
// Authorization header, token format, value of a credential-like name, option inside a connection
// string or SQL, high entropy) and yields at most one finding; messages never print the secret.

import type { Rule } from '../../server/src/engine/types';
import { ID } from './detect';
import { checkKeyFile } from './key-files';
import { checkKeyValues } from './key-values';
import { checkPython } from './python';
import { checkYaml } from './yaml';
import { moduleCommentKey } from './python-comments';
import { checkNotebookOutputs, outputsKey } from './notebook-outputs';

export const hardcodedCredential: Rule = {
  meta: {
    id: ID,
    slug: 'hardcoded-credential',
    title: 'Hardcoded credential',
    priority: 'P1',
    dialects: ['python', 'yaml', 'ini', 'dotenv', 'toml', 'pem'],
    rationale: 'A secret in code or config is readable by everyone with repository access, lands in every clone, fork and backup, and cannot be rotated without a deploy.',
    recommendation: 'Read the secret from the environment (os.environ["NAME"]) or a secrets manager, and keep only the variable name in code.',
    fixable: true,
    concern: 'security',
  },
  check(ctx) {
    if (ctx.doc.dialect === 'python') {
      checkPython(ctx);
      checkNotebookOutputs(ctx);
    }
    else if (ctx.doc.dialect === 'yaml') checkYaml(ctx);
    else if (ctx.doc.dialect === 'pem') checkKeyFile(ctx);
    else checkKeyValues(ctx);
  },
  // Module-level comments belong to no statement: what they hold is part of the key (see python-comments.ts).
  // So are a notebook's stored outputs.
  incremental: { key: ({ doc, config }) => (doc.dialect === 'python' ? moduleCommentKey(doc, config) + outputsKey(doc.notebook?.outputs) : '') },
};
