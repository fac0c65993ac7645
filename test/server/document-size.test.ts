// An open document's UTF-8 length (what the size limits count) is kept from its changes, not
// recounted per keystroke: it must equal a recount after any edits, surrogate pairs split and
// joined included, and the size limit must hold after edits as it does on open.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LiveTextDocument } from '../../server/src/features/live-text-document';
import { createRandom } from '../../bench/latency';
import { OpenDocument, skipReasonOf } from '../../server/src/features/documents';
import { maxBytesForDialect } from '../../server/src/engine/size-limits';

const PIECES = ['a', 'é', '€', '😀', '\ud83d', '\ude00', '\n', 'def f():\n    return 1\n', '', 'x = "ü"\n'];

function edited(text: string, seed: number, edits: number): { doc: OpenDocument; text: string } {
  const random = createRandom(seed);
  const doc = new OpenDocument('file:///t.py', '/t.py', 'python', new LiveTextDocument('file:///t.py', 'python', 1, text));
  let current = text;
  for (let version = 2; version < edits + 2; version++) {
    const a = random(current.length + 1);
    const b = Math.min(current.length, a + random(4));
    const insert = PIECES[random(PIECES.length)];
    const range = { start: doc.text.positionAt(a), end: doc.text.positionAt(b) };
    doc.applyChanges([{ range, text: insert }], version);
    current = current.slice(0, a) + insert + current.slice(b);
    assert.equal(doc.text.getText(), current);
    assert.equal(doc.utf8Bytes, Buffer.byteLength(current, 'utf8'), `after edit ${version}`);
  }
  return { doc, text: current };
}

describe('open document size', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`keeps its UTF-8 length across random edits (seed ${seed})`, () => {
      edited('import os\n# café 😀\nx = "€"\n', seed, 400);
    });
  }

  it('is reported over the limit after edits grow it, and analysed again when they shrink it', () => {
    const limit = maxBytesForDialect('python');
    const line = '# ' + 'é'.repeat(48) + '\n'; // 99 bytes, 51 code units
    const text = line.repeat(Math.floor(limit / Buffer.byteLength(line)));
    const doc = new OpenDocument('file:///big.py', '/big.py', 'python', new LiveTextDocument('file:///big.py', 'python', 1, text));
    assert.equal(doc.skipReason, null);
    const end = doc.text.positionAt(text.length);
    doc.applyChanges([{ range: { start: end, end }, text: line }], 2);
    assert.ok(doc.skipReason, 'over the limit after growing');
    assert.equal(doc.skipReason, skipReasonOf(doc.text.getText(), 'python'));
    doc.applyChanges([{ range: { start: end, end: doc.text.positionAt(doc.text.getText().length) }, text: '' }], 3);
    assert.equal(doc.skipReason, null);
  });
});
