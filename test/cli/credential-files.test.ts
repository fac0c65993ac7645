// PW101 through the CLI on the file kinds and shapes of the 2026-12 revision: templated config and
// key files are discovered, connection strings, SQL options, block scalars and commented-out
// lines are reported, and no output (text, JSON, SARIF, review, baseline) carries a secret.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensureBuilt, makeProject, parseJson, removeProject, runCli } from './helpers';

/** Every secret below contains this word; no output may. */
const MARK = 'wombat';
const KEY_BODY = ['MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7wombatUt9Us8', 'MzEfYyjiWA4R4wombatS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYE', 'NMoSfm76oqFvAp8Gy0iz5sxjZmSnXyCdPEovGhLa0VzMaQ8swombatyS56YyCFGe'].join('\n');

const FILES: Record<string, string> = {
  'deploy/values.yaml.j2': 'db:\n  host: {{ db_host }}\n{% if env == "prod" %}\n  password: Tmpl-wombat-1\n{% endif %}\n',
  'conf/airflow.cfg.tpl': '[database]\nsql_alchemy_conn = postgresql://airflow:Cfg-wombat-2@{{ host }}/airflow\n',
  'keys/rsa_key.p8': `-----BEGIN PRIVATE KEY-----\n${KEY_BODY}\n-----END PRIVATE KEY-----\n`,
  'deploy/ssh/id_rsa': `-----BEGIN OPENSSH PRIVATE KEY-----\n${KEY_BODY}\n-----END OPENSSH PRIVATE KEY-----\n`,
  'deploy/ssh/id_rsa.pub': 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7wombat etl@host\n',
  'chart/templates/_helpers.tpl': '{{- define "password" -}}Helm-wombat-3{{- end -}}\n',
  'etl/load.py': [
    'import pyodbc',
    '',
    '# DB_PASSWORD = "Old-wombat-4"',
    'conn = pyodbc.connect("DRIVER={ODBC Driver 18};SERVER=db;UID=etl;PWD=Odbc-wombat-5;")',
    '',
    '',
    'def sink(t_env):',
    '    t_env.execute_sql("CREATE TABLE s (id INT) WITH (\'connector\' = \'jdbc\', \'password\' = \'Flink-wombat-6\')")',
    '',
  ].join('\n'),
  'k8s/configmap.yaml': 'kind: ConfigMap\ndata:\n  application.yaml: |\n    datasource:\n      password: Cm-wombat-7\n',
  'alembic.ini': '[alembic]\n# sqlalchemy.url = postgresql://etl:Ini-wombat-8@localhost/dw\nsqlalchemy.url = %(DB_URL)s\n',
  'docker-compose.yml': 'services:\n  db:\n    environment:\n      MYSQL_ROOT_PASSWORD: password\n',
};

interface JsonFinding {
  rule: string;
  file: string;
  line: number;
  priority: string;
  message: string;
}

function assertNoSecret(output: string): void {
  assert.ok(!output.includes(MARK), `output carries a secret:\n${output.split('\n').filter((l) => l.includes(MARK)).join('\n')}`);
}

describe('PW101 on templated config, key files and the shapes of the 2026-12 revision', () => {
  let dir: string;
  before(() => {
    ensureBuilt();
    dir = makeProject(FILES);
  });
  after(() => removeProject(dir));

  test('discovers templated config and key files, and nothing that merely looks like them', () => {
    const findings = parseJson<JsonFinding[]>(runCli(['check', '--format', 'json', '--select', 'PW101'], dir).stdout);
    const files = [...new Set(findings.map((f) => f.file))].sort();
    assert.deepEqual(files, ['alembic.ini', 'conf/airflow.cfg.tpl', 'deploy/ssh/id_rsa', 'deploy/values.yaml.j2', 'docker-compose.yml', 'etl/load.py', 'k8s/configmap.yaml', 'keys/rsa_key.p8']);
  });

  test('reports each shape once, with what it is and where', () => {
    const findings = parseJson<JsonFinding[]>(runCli(['check', '--format', 'json', '--select', 'PW101'], dir).stdout);
    const at = (file: string, line: number) => findings.filter((f) => f.file === file && f.line === line);
    assert.match(at('deploy/values.yaml.j2', 4)[0]?.message ?? '', /^Hardcoded credential under key "password"/);
    assert.match(at('conf/airflow.cfg.tpl', 2)[0]?.message ?? '', /^Password literal in connection URL/);
    assert.match(at('keys/rsa_key.p8', 1)[0]?.message ?? '', /^Private key committed in a key file/);
    assert.match(at('deploy/ssh/id_rsa', 1)[0]?.message ?? '', /^OPENSSH private key committed in a key file/);
    const commented = at('etl/load.py', 3)[0];
    assert.match(commented?.message ?? '', /in commented-out code/);
    assert.equal(commented?.priority, 'P2');
    assert.match(at('etl/load.py', 4)[0]?.message ?? '', /^Literal credential \(PWD = …\) in connection string passed to pyodbc\.connect/);
    assert.match(at('etl/load.py', 8)[0]?.message ?? '', /^Literal credential \(password = …\) in SQL text/);
    assert.match(at('k8s/configmap.yaml', 5)[0]?.message ?? '', /^Hardcoded credential under key "password"/);
    assert.match(at('alembic.ini', 2)[0]?.message ?? '', /in commented-out code/);
    assert.match(at('docker-compose.yml', 4)[0]?.message ?? '', /^Default, guessable password under key "MYSQL_ROOT_PASSWORD"/);
    assert.equal(findings.length, 10, JSON.stringify(findings.map((f) => `${f.file}:${f.line}`)));
  });

  test('a key file named on the command line is linted; a public key is skipped with a warning', () => {
    const named = runCli(['check', '--format', 'json', 'keys/rsa_key.p8'], dir);
    assert.equal(named.status, 1);
    assert.deepEqual(parseJson<JsonFinding[]>(named.stdout).map((f) => f.rule), ['PW101']);
    const pub = runCli(['check', 'deploy/ssh/id_rsa.pub'], dir);
    assert.equal(pub.status, 3, 'a run that checked no file says so in its exit code');
    assert.match(pub.stderr, /skipping deploy\/ssh\/id_rsa\.pub: not a Python, notebook, YAML, INI, TOML, \.env or key file/);
  });

  test('no format, review or baseline carries a secret', () => {
    const outputs = [
      runCli(['check', '--format', 'text'], dir),
      runCli(['check', '--format', 'json'], dir),
      runCli(['check', '--format', 'sarif'], dir),
      runCli(['review', '.', '--format', 'markdown'], dir),
      runCli(['review', '.', '--format', 'json'], dir),
    ];
    for (const { stdout, stderr } of outputs) assertNoSecret(stdout + stderr);
    const written = runCli(['check', '--write-baseline', '.pipewise-baseline.json'], dir);
    assert.equal(written.status, 0, written.stderr);
    assertNoSecret(readFileSync(path.join(dir, '.pipewise-baseline.json'), 'utf8'));
    assert.equal(runCli(['check', '--baseline', '.pipewise-baseline.json', '--select', 'PW101'], dir).status, 0);
  });
});
