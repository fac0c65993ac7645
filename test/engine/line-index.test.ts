import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LineIndex } from '../../server/src/engine/line-index';

describe('LineIndex', () => {
  test('maps offsets to zero-based lines and characters with LF', () => {
    const lines = new LineIndex('ab\ncd\n');
    assert.equal(lines.lineCount, 3);
    assert.deepEqual(lines.positionAt(0), { line: 0, character: 0 });
    assert.deepEqual(lines.positionAt(2), { line: 0, character: 2 });
    assert.deepEqual(lines.positionAt(3), { line: 1, character: 0 });
    assert.deepEqual(lines.positionAt(6), { line: 2, character: 0 });
  });

  test('treats CRLF as one line break and keeps it out of line content', () => {
    const text = 'import os\r\nx = 1\r\n\r\ny = 2';
    const lines = new LineIndex(text);
    assert.equal(lines.lineCount, 4);
    assert.deepEqual(lines.positionAt(text.indexOf('x')), { line: 1, character: 0 });
    assert.deepEqual(lines.positionAt(text.indexOf('y')), { line: 3, character: 0 });
    assert.equal(lines.lineText(0), 'import os');
    assert.equal(lines.lineText(1), 'x = 1');
    assert.equal(lines.lineText(2), '');
    assert.equal(lines.lineEnd(0), 9);
    assert.equal(lines.lineStart(1), 11);
  });

  test('treats a lone CR as a line break', () => {
    const lines = new LineIndex('a\rb\nc');
    assert.equal(lines.lineCount, 3);
    assert.deepEqual(lines.positionAt(2), { line: 1, character: 0 });
    assert.equal(lines.lineText(1), 'b');
  });

  test('counts characters in UTF-16 code units (an emoji is two)', () => {
    const text = 'x = "😀" + "é"\nsecret = "k"';
    const lines = new LineIndex(text);
    const quoteAfterEmoji = text.indexOf('"', text.indexOf('😀'));
    assert.equal(quoteAfterEmoji - text.indexOf('😀'), 2);
    assert.deepEqual(lines.positionAt(quoteAfterEmoji), { line: 0, character: 7 });
    assert.deepEqual(lines.positionAt(text.indexOf('é')), { line: 0, character: 12 });
    assert.equal(lines.offsetAt({ line: 0, character: 7 }), quoteAfterEmoji);
    assert.deepEqual(lines.positionAt(text.indexOf('secret')), { line: 1, character: 0 });
  });

  test('offsetAt round-trips positionAt and clamps out-of-range positions', () => {
    const text = 'one\r\ntwo\nthree';
    const lines = new LineIndex(text);
    for (let offset = 0; offset <= text.length; offset++) {
      if (text[offset - 1] === '\r' && text[offset] === '\n') continue; // inside a CRLF pair
      assert.equal(lines.offsetAt(lines.positionAt(offset)), offset, `offset ${offset}`);
    }
    assert.equal(lines.offsetAt({ line: 0, character: 99 }), 3, 'clamped to the end of the line content');
    assert.equal(lines.offsetAt({ line: 9, character: 0 }), text.length);
    assert.equal(lines.offsetAt({ line: -1, character: -5 }), 0);
    assert.deepEqual(lines.positionAt(-4), { line: 0, character: 0 });
    assert.deepEqual(lines.positionAt(999), { line: 2, character: 5 });
  });

  test('handles empty text', () => {
    const lines = new LineIndex('');
    assert.equal(lines.lineCount, 1);
    assert.deepEqual(lines.positionAt(0), { line: 0, character: 0 });
    assert.equal(lines.lineText(0), '');
  });
});
