// The keystroke fast path (re-parse one top-level statement) must yield exactly the facts a full
// parse of the same text yields, whatever the edit.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initPythonParser } from '../../server/src/engine/python/parser';
import { PythonSource } from '../../server/src/engine/python/python-source';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';

const SOURCE = `"""Sales extract."""
import os
import pandas as pd

DB_URL = os.environ["DB_URL"]


def extract(conn, day):
    """Read one day."""
    query = f"SELECT * FROM orders WHERE day = '{day}'"
    frame = pd.read_sql(query, conn)
    for _, row in frame.iterrows():
        try:
            conn.execute("INSERT INTO t VALUES (%s)", (row.id,))
        except Exception:
            pass
    return frame


class Loader:
    password = "hunter22"

    def load(self, frame):
        frame.to_sql("sales", self.engine, if_exists="append")


if __name__ == "__main__":
    print(extract(None, "2024-01-01"))
`;

function snapshot(py: PythonFacts): unknown {
  return {
    imports: py.imports.map((i) => [i.local, i.target, i.start, i.end]),
    calls: py.calls.map((c) => [c.callee, c.start, c.end, c.args.map((a) => [a.kind, a.name, a.start, a.end, a.shape.kind])]),
    strings: py.strings.map((s) => [s.value, s.start, s.end, s.isDocstring, s.role.kind]),
    assignments: py.assignments.map((a) => [a.target, a.targetStart, a.valueEnd]),
    functions: py.functions.map((f) => [f.name, f.start, f.end, f.bodyStart, f.hasDocstring]),
    loops: py.loops.map((l) => [l.iterable, l.start, l.end]),
    tries: py.tries.map((t) => [t.start, t.handlers.map((h) => [h.types, h.body])]),
    hasError: py.hasError,
  };
}

function positionOf(text: string, offset: number): { row: number; column: number } {
  const before = text.slice(0, offset);
  return { row: before.split('\n').length - 1, column: offset - (before.lastIndexOf('\n') + 1) };
}

test('single-statement fast path and full parse agree on 300 random edits', async () => {
  await initPythonParser();
  const incremental = new PythonSource();
  const fresh = new PythonSource();
  let text = SOURCE;
  incremental.update(text);
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const alphabet = ['x', '_', '1', ' ', '"', '(', ')', ':', '\n', '#', "'", '{', '}'];
  for (let i = 0; i < 300; i++) {
    const at = random(text.length + 1);
    const remove = random(4) === 0 ? Math.min(1 + random(3), text.length - at) : 0;
    const insert = remove > 0 && random(2) === 0 ? '' : alphabet[random(alphabet.length)];
    const next = text.slice(0, at) + insert + text.slice(at + remove);
    incremental.edit({
      startIndex: at,
      oldEndIndex: at + remove,
      newEndIndex: at + insert.length,
      startPosition: positionOf(text, at),
      oldEndPosition: positionOf(text, at + remove),
      newEndPosition: positionOf(next, at + insert.length),
    });
    const viaEdits = incremental.update(next);
    const viaFullParse = fresh.update(next);
    assert.deepEqual(snapshot(viaEdits), snapshot(viaFullParse), `after edit ${i} at ${at}`);
    // Undo broken edits now and then so most of the run exercises valid code.
    text = viaFullParse.hasError && random(2) === 0 ? text : next;
    if (text !== next) {
      incremental.edit({
        startIndex: at,
        oldEndIndex: at + insert.length,
        newEndIndex: at + remove,
        startPosition: positionOf(next, at),
        oldEndPosition: positionOf(next, at + insert.length),
        newEndPosition: positionOf(text, at + remove),
      });
      incremental.update(text);
    }
  }
  incremental.dispose();
  fresh.dispose();
});
