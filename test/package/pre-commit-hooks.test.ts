// .pre-commit-hooks.yaml: the hook runs the packaged `pipewise` bin on the files Pipewise lints.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { root } from './fixture-secrets';

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  types?: string[];
}

const hooks = parse(readFileSync(path.join(root, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> };

test('the pipewise hook runs the package bin with `check`', () => {
  const hook = hooks.find((h) => h.id === 'pipewise');
  assert.ok(hook);
  assert.equal(hook.language, 'node');
  const [bin, command] = hook.entry.split(' ');
  assert.ok(manifest.bin[bin], `package.json has no bin "${bin}"`);
  assert.equal(command, 'check');
});

test('the hook selects Python, YAML, INI/CFG, TOML, .env, templated config and key files, and nothing else', () => {
  const files = new RegExp(hooks[0].files); // the pattern uses only syntax Python and JS share
  const selected = ['etl/extract.py', 'stubs/x.pyi', 'pipeline.yaml', 'dags/a.yml', 'settings.ini', 'setup.cfg', 'pyproject.toml', '.env', 'deploy/.env', '.env.production', 'config/prod.env',
    'deploy/values.yaml.j2', 'conf/airflow.cfg.tpl', 'keys/rsa_key.p8', 'certs/server.key', 'ssh/id_rsa', 'tls/bundle.pem'];
  const skipped = ['README.md', 'package.json', 'data.csv', 'script.sh', 'environment.py.bak', 'src/.envrc', 'notes.txt', 'templates/_helpers.tpl', 'ssh/id_rsa.pub', 'page.html.j2'];
  for (const file of selected) assert.ok(files.test(file), `${file} should be checked`);
  for (const file of skipped) assert.ok(!files.test(file), `${file} should not be checked`);
});
