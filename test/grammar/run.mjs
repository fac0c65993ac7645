// Grammar tests: the SQL-in-Python injection against the real Python (MagicPython) and SQL
// grammars that VS Code ships, taken offline from the tm-grammars package. Checks first that the
// grammar JSON is what its generator produces, then runs vscode-tmgrammar-test on the *.py
// cases here (`# ^^^ scope` assertions). The injection is found through package.json's
// contributes.grammars, exactly as VS Code finds it.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const require = createRequire(import.meta.url);

const check = spawnSync(process.execPath, [path.join(here, 'generate-sql-in-python.mjs'), '--check'], { stdio: 'inherit', cwd: root });
if (check.status !== 0) process.exit(1);

const cases = readdirSync(here).filter((name) => name.endsWith('.py')).map((name) => path.relative(root, path.join(here, name)));
const runner = path.join(path.dirname(require.resolve('vscode-tmgrammar-test/package.json')), 'dist/unit.js');
const grammar = (name) => require.resolve(`tm-grammars/grammars/${name}.json`);
const result = spawnSync(
  process.execPath,
  [runner, '--config', path.join(root, 'package.json'), '-g', grammar('python'), '-g', grammar('sql'), ...cases],
  { cwd: root, encoding: 'utf8' },
);
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
const passed = (result.stdout.match(/^✓ /gm) ?? []).length;
const failed = cases.length - passed;
console.log(`grammar: ${passed} passed, ${failed} failed`);
process.exit(result.status === 0 && failed === 0 ? 0 : 1);
