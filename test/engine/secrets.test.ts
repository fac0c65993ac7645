// secrets.ts: what looks like a credential but is not, credentials written inside other text, and
// the file kinds PW101 reads (templated config, key files).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  findInlineCredentials,
  isDefaultPassword,
  isDocumentationPlaceholder,
  isFilePathValue,
  isHighEntropySecret,
  isPasswordName,
  isSecretReference,
  isTestDataValue,
  isUpperCasePlaceholder,
  restatesName,
} from '../../server/src/engine/secrets';
import { detectDialect, isTemplatedConfig, maskTemplateTags } from '../../server/src/engine/document';

test('default and guessable passwords', () => {
  for (const value of ['password', 'postgres', 'root', 'admin', 'secret', 'airflow', 'changeme', 'Change-Me', 'admin123', 'pass1234', 'guest', '123456']) assert.ok(isDefaultPassword(value), value);
  for (const value of ['Unique@987', 'w4rehouse', 'postgres_password', '4711', 'passage']) assert.ok(!isDefaultPassword(value), value);
});

test('password names and issued credentials', () => {
  for (const name of ['DB_PASSWORD', 'pwd', 'RABBITMQ_DEFAULT_PASS', 'passphrase']) assert.ok(isPasswordName(name), name);
  for (const name of ['API_KEY', 'access_token', 'client_secret', 'password_file']) assert.ok(!isPasswordName(name), name);
});

test('values that say they are test data', () => {
  for (const value of ['test', 'testing', 'testpass123', 'test_pass', 'fake-token-123', 'dummy', 'mock_password', 'my-test-key', 'unit_TEST_secret']) assert.ok(isTestDataValue(value), value);
  for (const value of ['attestation', 'contest2024', 'w4rehouse', 'latest']) assert.ok(!isTestDataValue(value), value);
});

test('references to secrets are not secrets', () => {
  for (const value of ['youtube-oauth-client-secret', 'partner-api-token:latest', 'db-password:3', 'projects/acme/secrets/db-password/versions/3', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf']) assert.ok(isSecretReference(value), value);
  for (const value of ['etl-pass', 's3cr3t-value', 'my-plain-password1', 'hunter2']) assert.ok(!isSecretReference(value), value);
  for (const value of ['/root/.config/gcloud/application_default_credentials.json', './keys/rsa_key.p8', 'keys/sa.json', '~/.ssh/id_rsa']) assert.ok(isFilePathValue(value), value);
  for (const value of ['wJalrXUtnFEMI/K7MDENG/bPxRfiCY', 't/F7GfA0uuXjx8o7m+Irwg==', 'hunter2']) assert.ok(!isFilePathValue(value), value);
  assert.ok(isUpperCasePlaceholder('PASSWORD') && isUpperCasePlaceholder('DB_PASSWORD') && !isUpperCasePlaceholder('Password1') && !isUpperCasePlaceholder('ADMIN'));
});

test('ids and digests are not high-entropy secrets; random keys are', () => {
  for (const value of ['9fceb02d0ae598e95dc970b74767f19372d61af8', '5bb365beb0e2487fbac2c34d378d0882', 'Transcription/9fe96b26-d49e-416d-97e2-0327b058daca', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']) assert.ok(!isHighEntropySecret(value), value);
  for (const value of ['Zq8vN3xR7tL2mK9pW4sY6bH1cF5dJ0gA', 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2']) assert.ok(isHighEntropySecret(value), value);
});

test('documentation placeholders: example words and values that restate their key', () => {
  for (const value of ['changeme', 'change-me', 'your_secret_key_here', 'password']) assert.ok(isDocumentationPlaceholder(value), value);
  assert.ok(!isDocumentationPlaceholder('postgres') && !isDocumentationPlaceholder('admin123') && !isDocumentationPlaceholder('thispasswordisverysecure'));
  assert.ok(restatesName('etl_password', 'ETL_DW_PASSWORD'));
  assert.ok(restatesName('airflow_admin_pass', 'AIRFLOW_ADMIN_PASSWORD'));
  assert.ok(restatesName('airflow_secret_key_1234567890', 'AIRFLOW_SECRET_KEY'));
  assert.ok(restatesName('passwordformail', 'MAIL_PASSWORD'));
  assert.ok(!restatesName('postgres', 'POSTGRES_PASSWORD'), 'the image default is a value, not a description');
  assert.ok(!restatesName('admin123', 'AIRFLOW_ADMIN_PASSWORD'));
  assert.ok(!restatesName('thispasswordisverysecure', 'sqlalchemy.url'));
});

test('credentials written inside connection strings, URLs, JSON and SQL', () => {
  const cases: Array<[string, Array<[string, string]>]> = [
    ['DRIVER={ODBC Driver 18};SERVER=db;UID=sa;PWD=Th1s!sS3cret;', [['PWD', 'Th1s!sS3cret']]],
    ['Driver={x};Pwd={p@ss;w0rd};', [['Pwd', 'p@ss;w0rd']]],
    ['host=db dbname=sales user=etl password=w4rehouse', [['password', 'w4rehouse']]],
    ["host=db password='two words'", [['password', 'two words']]],
    ['jdbc:postgresql://db/dw?user=etl&password=Gr4nite&ssl=true', [['password', 'Gr4nite']]],
    ["CREATE TABLE t (id INT) WITH ('connector' = 'jdbc', 'password' = 'fl1nk-pw')", [['password', 'fl1nk-pw']]],
    ["CREATE USER loader IDENTIFIED BY 'L0ader!'", [['password', 'L0ader!']]],
    ["COPY t FROM 's3://b/k' SECRET_ACCESS_KEY 'abc/def+ghi' CSV", [['SECRET_ACCESS_KEY', 'abc/def+ghi']]],
    ['{"login": "etl", "password": "Extr4-pw"}', [['password', 'Extr4-pw']]],
    ['spark.hadoop.fs.s3a.secret.key=abcd1234XYZ', [['spark.hadoop.fs.s3a.secret.key', 'abcd1234XYZ']]],
    // placeholders, bind parameters, format fields, substitutions and code are not values
    ['DRIVER={x};SERVER={server};UID={user};PWD={password}', []],
    ['password=%s host=%s', []],
    ['password=:pw', []],
    ['--NotebookApp.password=${JUPYTER_TOKEN} ', []],
    ['password=$(DB_PASSWORD)', []],
    ['POSTGRES_PASSWORD = os.getenv("POSTGRES_PASSWORD")', []],
    ['password=config.password', []],
    ['password=db_password', []],
    ['NHANH_ACCESS_TOKEN=nhanh-access-token:latest', []],
    ["SELECT * FROM users WHERE password = 'x'", []],
    ['token=None', []],
  ];
  for (const [text, expected] of cases) {
    const found = findInlineCredentials(text);
    assert.deepEqual(found.map((f) => [f.key, f.value]), expected, text);
    for (const f of found) assert.equal(text.slice(f.valueStart, f.valueEnd), f.value, `${text}: offsets`);
  }
});

test('the option scan stays linear on hostile input', () => {
  const inputs = ['password='.repeat(20_000), "'a'='".repeat(40_000), `x=${'{'.repeat(60)}`.repeat(4_000), "create with ( password '".repeat(10_000), `${'a'.repeat(200_000)}password`];
  for (const input of inputs) {
    const started = process.hrtime.bigint();
    findInlineCredentials(input);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.ok(ms < 1000, `${ms} ms for ${input.slice(0, 20)}…`);
  }
});

test('templated config is read as what it renders to; key files are their own dialect', () => {
  const dialects: Array<[string, string | null]> = [
    ['deploy/values.yaml.j2', 'yaml'], ['conf/app.yml.tpl', 'yaml'], ['airflow.cfg.jinja2', 'ini'], ['.env.j2', 'dotenv'], ['settings.toml.tmpl', 'toml'],
    ['keys/rsa_key.p8', 'pem'], ['certs/server.key', 'pem'], ['tls/bundle.pem', 'pem'], ['ssh/id_rsa', 'pem'], ['ssh/id_ed25519', 'pem'],
    ['templates/_helpers.tpl', null], ['page.html.j2', null], ['ssh/id_rsa.pub', null], ['etl/job.py.j2', null],
  ];
  for (const [file, dialect] of dialects) assert.equal(detectDialect(file), dialect, file);
  assert.ok(isTemplatedConfig('values.yaml.j2') && !isTemplatedConfig('values.yaml'));
  const text = 'a: {{ x }}\n{% if y %}\nb: 1\n{# note #}\n';
  const masked = maskTemplateTags(text);
  assert.equal(masked.length, text.length);
  assert.equal(masked, 'a: ${xxxx}\n          \nb: 1\n          \n');
});
