// classifyIo: which calls do I/O and of what kind. Each case wraps one call in «…» and states the
// kind expected, null for look-alikes that are not I/O.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyIo, type IoKind } from '../../server/src/engine/python/io-calls';
import { initPythonParser } from '../../server/src/engine/python/parser';
import { PythonSource } from '../../server/src/engine/python/python-source';

interface Case {
  name: string;
  code: string;
  kind: IoKind | null;
}

const cases: Case[] = [
  // DB-API cursors bound by flow
  { name: 'cursor from a parameter connection', code: 'def copy(dst, rows):\n    dcur = dst.cursor()\n    «dcur.execute("DELETE FROM t")»\n', kind: 'db-query' },
  { name: 'cursor with arguments', code: 'def copy(conn):\n    c1 = conn.cursor(cursor_factory=None)\n    «c1.executemany("INSERT INTO t VALUES (%s)", [(1,)])»\n', kind: 'db-query' },
  { name: 'module-level cursor used in a function', code: 'import config\n\nc = config.db.cursor()\n\n\ndef purge():\n    «c.execute("DELETE FROM t")»\n', kind: 'db-query' },
  { name: 'cursor by name (unchanged)', code: 'def purge(cur):\n    «cur.execute("DELETE FROM t")»\n', kind: 'db-query' },
  { name: 'execute on a name bound to something else', code: 'def run(pool, job):\n    c = pool.submit(job)\n    «c.execute("x")»\n', kind: null },
  { name: 'execute on a name bound to a cursor attribute (no call)', code: 'def run(conn):\n    c = conn.cursor\n    «c.execute("x")»\n', kind: null },
  { name: 'cursor() result used for another method', code: 'def run(editor):\n    c = editor.cursor()\n    «c.move(3)»\n', kind: null },
  { name: 'cursor bound in another function', code: 'def make(conn):\n    c = conn.cursor()\n    return c\n\n\ndef run(c):\n    «c.execute("x")»\n', kind: null },
  // Files
  { name: 'open for writing', code: 'def run(p):\n    with «open(p, "w")» as f:\n        f.write("x")\n', kind: 'file-write' },
];

function marked(code: string): { text: string; at: number; end: number } {
  const at = code.indexOf('«');
  return { text: code.replace('«', '').replace('»', ''), at, end: code.indexOf('»') - 1 };
}

test('classifyIo recognises I/O calls and leaves look-alikes alone', async () => {
  await initPythonParser();
  for (const c of cases) {
    const { text, at, end } = marked(c.code);
    const py = new PythonSource().update(text);
    const call = py.calls.find((x) => x.start === at && x.end === end);
    assert.ok(call, `${c.name}: no call at the marker`);
    assert.equal(classifyIo(call, py), c.kind, `${c.name}: ${call.callee} → ${py.resolveCall(call)}`);
  }
});
