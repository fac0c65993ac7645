// The open documents' text (LiveTextDocument) applies changes as vscode-languageserver-textdocument's
// TextDocument does and converts positions as a TextDocument made afresh from the same text does
// (TextDocument.update's own line starts can go wrong when an edit joins or splits a \r\n; these
// are kept right), line breaks of every kind included.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LiveTextDocument } from '../../server/src/features/live-text-document';

function random(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
}

const INSERTS = ['', 'a', '\n', '\r', '\r\n', 'x\ny', '\n\r', 'é', 'long line\n'.repeat(2000)];

test('LiveTextDocument agrees with TextDocument after random incremental and full changes', () => {
  const pick = random(11);
  const initial = 'def f():\r\n    return 1\n\rx = 2\r'.repeat(600);
  let text = initial;
  const live = new LiveTextDocument('file:///a.py', 'python', 1, initial);
  for (let version = 2; version < 700; version++) {
    const before = TextDocument.create('file:///a.py', 'python', version - 1, text);
    const position = () => ({ line: pick(before.lineCount + 2) - 1, character: pick(40) - 2 });
    const change = pick(60) === 0 ? { text: INSERTS[pick(INSERTS.length)] + initial.slice(0, pick(3000)) } : { range: { start: position(), end: position() }, text: INSERTS[pick(INSERTS.length)] };
    text = TextDocument.update(before, [change], version).getText();
    live.update([change], version);
    assert.equal(live.version, version);
    const fresh = TextDocument.create('file:///a.py', 'python', version, text);
    assert.equal(live.lineCount, fresh.lineCount, `line count after version ${version}`);
    for (let probe = 0; probe < 10; probe++) {
      const offset = pick(text.length + 10) - 5;
      assert.deepEqual(live.positionAt(offset), fresh.positionAt(offset), `positionAt(${offset}) at version ${version}`);
      const at = position();
      assert.equal(live.offsetAt(at), fresh.offsetAt(at), `offsetAt(${JSON.stringify(at)}) at version ${version}`);
    }
    if (version % 25 === 0) assert.equal(live.getText(), text);
  }
  assert.equal(live.getText(), text);
  const range = { start: { line: 3, character: 2 }, end: { line: 9, character: 0 } };
  assert.equal(live.getText(range), TextDocument.create('file:///a.py', 'python', 0, text).getText(range));
});

test('isAt agrees with positionAt at every offset, line breaks of every kind included', () => {
  const text = 'a\r\nbc\n\rd\r\r\n\nlast';
  const doc = new LiveTextDocument('file:///t.py', 'python', 1, text);
  for (let offset = 0; offset <= text.length + 1; offset++) {
    const { line, character } = doc.positionAt(offset);
    for (let probeLine = 0; probeLine < doc.lineCount + 1; probeLine++) {
      for (let probe = 0; probe < 6; probe++) {
        const expected = probeLine === line && probe === character;
        assert.equal(doc.isAt(offset, probeLine, probe), expected, `isAt(${offset}, ${probeLine}, ${probe})`);
      }
    }
  }
});
