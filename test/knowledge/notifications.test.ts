// sendsNotification: calls that send a message to people (e-mail, chat, chat webhooks), and the
// look-alikes that move data; inputOfName on a Dagster context's own definitions.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inputOfName, sendsNotification } from '../../server/src/engine/knowledge';
import { initPythonParser } from '../../server/src/engine/python/parser';
import { PythonSource } from '../../server/src/engine/python/python-source';

function marked(code: string): { text: string; at: number; end: number } {
  const at = code.indexOf('«');
  return { text: code.replace('«', '').replace('»', ''), at, end: code.indexOf('»') - 1 };
}

const cases: Array<[string, string, boolean]> = [
  ['smtplib send_message', 'import smtplib\n\n\ndef send(msg):\n    with smtplib.SMTP("mail", 587) as smtp:\n        «smtp.send_message(msg)»\n', true],
  ['smtplib sendmail on a server', 'import smtplib\n\nserver = smtplib.SMTP_SSL("mail")\n«server.sendmail("a@x", ["b@x"], "hi")»\n', true],
  ['slack_sdk chat_postMessage', 'from slack_sdk import WebClient\n\nclient = WebClient(token=t)\n«client.chat_postMessage(channel="#etl", text="done")»\n', true],
  ['requests.post to a Slack webhook setting', 'import requests\n\n\ndef alert(cfg, text):\n    «requests.post(cfg["slack"]["webhook_url"], json={"text": text}, timeout=10)»\n', true],
  ['requests.post to a Teams incoming webhook URL', 'import requests\n\n«requests.post("https://outlook.office.com/webhook/abc", json={}, timeout=5)»\n', true],
  ['urlopen of a Discord webhook request', 'from urllib import request\n\n\ndef notify(webhook, req):\n    «request.urlopen(webhook, timeout=10)»\n', true],
  ['requests.post to a data API is not a notification', 'import requests\n\n«requests.post("https://api.example.com/orders", json=rows, timeout=10)»\n', false],
  ['a database insert is not a notification', 'def save(cur, rows):\n    «cur.executemany("INSERT INTO alerts VALUES (%s)", rows)»\n', false],
  ['an HTTP GET of an endpoint listing webhooks reads, it sends nothing', 'import requests\n\n«requests.get("https://api.example.com/webhooks", timeout=10)»\n', false],
];

test('sendsNotification tells alerts and notifications from data moves', async () => {
  await initPythonParser();
  for (const [name, code, expected] of cases) {
    const { text, at, end } = marked(code);
    const py = new PythonSource().update(text);
    const call = py.calls.find((x) => x.start === at && x.end === end);
    assert.ok(call, `${name}: no call at the marker`);
    assert.equal(sendsNotification(call, py, text), expected, name);
  }
});

test("inputOfName: a Dagster context's asset key and partition are the program's own values", async () => {
  await initPythonParser();
  const dagster = new PythonSource().update('from dagster import asset\n');
  const plain = new PythonSource().update('import os\n');
  assert.equal(inputOfName('context.asset_key.path', dagster), 'program');
  assert.equal(inputOfName('context.partition_key', dagster), 'program');
  assert.equal(inputOfName('context.op_config', dagster), null);
  assert.equal(inputOfName('context.asset_key', plain), null);
});
