// What library calls do with credentials: the service a call authenticates to, environment
// reads, named-option setters, literal wrappers, and whether a call hands its arguments to a
// library at all. Each case marks one call with «…».

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { credentialServiceOf, handsToLibrary, isEnvironmentRead, isLiteralWrapper, isNamedOptionSetter } from '../../server/src/engine/knowledge';
import { initPythonParser } from '../../server/src/engine/python/parser';
import { PythonSource } from '../../server/src/engine/python/python-source';
import type { CallFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';

function callAt(code: string): { call: CallFact; py: PythonFacts } {
  const at = code.indexOf('«');
  const end = code.indexOf('»') - 1;
  const py = new PythonSource().update(code.replace('«', '').replace('»', ''));
  const call = py.calls.find((c) => c.start === at && c.end === end);
  assert.ok(call, `no call at the marker of ${code}`);
  return { call, py };
}

before(() => initPythonParser());

test('credentialServiceOf names the service a library authenticates to', () => {
  const cases: Array<[string, string | null]> = [
    ['import psycopg2\nconn = «psycopg2.connect(host="db")»\n', 'POSTGRES'],
    ['import snowflake.connector\nconn = «snowflake.connector.connect(user="u")»\n', 'SNOWFLAKE'],
    ['from pymysql import connect\nconn = «connect(host="db")»\n', 'MYSQL'],
    ['import boto3\ns3 = «boto3.client("s3")»\n', 'AWS'],
    ['import pyodbc\nconn = «pyodbc.connect("DSN=dw")»\n', 'DB'],
    ['def connect(**kw):\n    pass\nconn = «connect(host="db")»\n', null],
  ];
  for (const [code, service] of cases) {
    const { call, py } = callAt(code);
    assert.equal(credentialServiceOf(call, py), service, code);
  }
});

test('isEnvironmentRead knows os.environ.get / os.getenv / setdefault under any import', () => {
  const reads = ['import os\nx = «os.environ.get("A", "b")»\n', 'from os import getenv\nx = «getenv("A", "b")»\n', 'import os\n«os.environ.setdefault("A", "b")»\n'];
  for (const code of reads) assert.ok(isEnvironmentRead(callAt(code).call, callAt(code).py), code);
  const others = ['x = «config.get("A", "b")»\n', 'import os\nx = «os.path.join("a", "b")»\n'];
  for (const code of others) assert.ok(!isEnvironmentRead(callAt(code).call, callAt(code).py), code);
});

test('isNamedOptionSetter: the first argument names the second', () => {
  assert.ok(isNamedOptionSetter(callAt('r = «spark.read.option("password", pw)»\n').call));
  assert.ok(isNamedOptionSetter(callAt('«spark.conf.set("fs.s3a.secret.key", k)»\n').call));
  assert.ok(!isNamedOptionSetter(callAt('«client.login("etl", pw)»\n').call));
});

test('isLiteralWrapper: calls that return their argument in another form', () => {
  const { call, py } = callAt('from urllib.parse import quote_plus\npw = «quote_plus("p@ss")»\n');
  assert.ok(isLiteralWrapper(call, py));
  const secret = callAt('from pydantic import SecretStr\npw = «SecretStr("p@ss")»\n');
  assert.ok(isLiteralWrapper(secret.call, secret.py));
  const other = callAt('pw = «lookup("p@ss")»\n');
  assert.ok(!isLiteralWrapper(other.call, other.py));
});

test('handsToLibrary: a connect or client of a known library, not the program\'s own functions', () => {
  const library = [
    'import psycopg2\nconn = «psycopg2.connect(password="x")»\n',
    'import requests\nr = «requests.post(url, json=payload, timeout=5)»\n',
    'import boto3\ns3 = «boto3.client("s3", aws_secret_access_key="x")»\n',
  ];
  for (const code of library) assert.ok(handsToLibrary(callAt(code).call, callAt(code).py), code);
  const own = ['user = «make_user(password="x")»\n', 'resp = «client.post("/login", json={"password": "x"})»\n', 'cfg = «DatabaseConfig(password="x")»\n'];
  for (const code of own) assert.ok(!handsToLibrary(callAt(code).call, callAt(code).py), code);
});
