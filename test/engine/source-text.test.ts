// ChunkedText reads as the string it stands for, across block boundaries and after any edits.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChunkedText } from '../../server/src/engine/source-text';

function random(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
}

const ALPHABET = ['a', 'b', '\n', '\r', 'é', '\ud83d\ude00', 'ab\ncd', 'xyz'.repeat(3000)];

test('ChunkedText slices, reads, searches and joins like the string after random edits', () => {
  const pick = random(7);
  let text = 'line one\nline two\r\n'.repeat(2000);
  let chunked = ChunkedText.of(text);
  for (let step = 0; step < 600; step++) {
    const start = pick(text.length + 1);
    const end = Math.min(text.length, start + (pick(4) === 0 ? pick(30000) : pick(5)));
    const insert = pick(3) === 0 ? '' : ALPHABET[pick(ALPHABET.length)];
    text = text.slice(0, start) + insert + text.slice(end);
    chunked = chunked.replace(start, end, insert);
    assert.equal(chunked.length, text.length);
    for (let probe = 0; probe < 8; probe++) {
      const a = pick(text.length + 20) - 10;
      const b = a + pick(20000) - 50;
      assert.equal(chunked.slice(a, b), text.slice(a, b), `slice(${a}, ${b}) after step ${step}`);
      assert.equal(chunked.charCodeAt(a), text.charCodeAt(a));
      for (const search of ['\n', 'two', 'xyz\n', 'é']) {
        assert.equal(chunked.indexOf(search, a), text.indexOf(search, a), `indexOf(${JSON.stringify(search)}, ${a})`);
        assert.equal(chunked.lastIndexOf(search, a), text.lastIndexOf(search, a), `lastIndexOf(${JSON.stringify(search)}, ${a})`);
      }
    }
    assert.equal(chunked.slice(), text);
    if (step % 50 === 0) assert.equal(chunked.toString(), text);
  }
  assert.equal(chunked.toString(), text);
  assert.equal(chunked.lastIndexOf(''), text.lastIndexOf(''));
  assert.equal(chunked.indexOf(''), 0);
});

test('ChunkedText of an empty text, and edits down to nothing and back', () => {
  let chunked = ChunkedText.of('');
  assert.equal(chunked.length, 0);
  assert.equal(chunked.slice(0, 5), '');
  assert.ok(Number.isNaN(chunked.charCodeAt(0)));
  chunked = chunked.replace(0, 0, 'abc');
  assert.equal(chunked.toString(), 'abc');
  chunked = chunked.replace(0, 3, '');
  assert.equal(chunked.length, 0);
  chunked = chunked.replace(0, 0, 'x'.repeat(50000));
  assert.equal(chunked.slice(49990), 'x'.repeat(10));
});

test('ChunkedText of parts (a notebook module from its cells) reads as the parts joined', () => {
  const parts = ['import os\n', '', 'x = 1\n', 'def f():\n    return x\n', '\n'];
  const joined = parts.join('');
  // Parts joined into blocks of 8 kB (all in one here), of 4 characters, and one block per part.
  for (const blockSize of [undefined, 4, 1]) checkParts(ChunkedText.ofParts(parts, blockSize), joined);
});

function checkParts(chunked: ChunkedText, joined: string): void {
  assert.equal(chunked.length, joined.length);
  for (let a = 0; a <= joined.length; a++) {
    assert.equal(chunked.charCodeAt(a), joined.charCodeAt(a));
    for (let b = a; b <= joined.length + 1; b += 3) assert.equal(chunked.slice(a, b), joined.slice(a, b));
    assert.equal(chunked.indexOf('x', a), joined.indexOf('x', a));
    assert.equal(chunked.indexOf('\nx', a), joined.indexOf('\nx', a));
    assert.equal(chunked.lastIndexOf('\n', a), joined.lastIndexOf('\n', a));
  }
  assert.equal(chunked.toString(), joined);
  assert.equal(chunked.replace(3, 12, 'Z').toString(), joined.slice(0, 3) + 'Z' + joined.slice(12));
}

test('ChunkedText.includes answers like the string after edits that add and remove the text searched, blocks remembered or not', () => {
  const pick = random(11);
  let text = 'x = 1\n'.repeat(3000);
  // Small blocks: matches cross boundaries, and blocks shorter than the needle occur.
  let chunked = ChunkedText.of(text, 16);
  const inserts = ['# pipewise: ignore', 'pipewise:', 'pipe', 'wise:', ':', 'a\n', ''];
  for (let step = 0; step < 800; step++) {
    const start = pick(text.length + 1);
    const end = Math.min(text.length, start + pick(pick(10) === 0 ? 400 : 12));
    const insert = inserts[pick(inserts.length)];
    text = text.slice(0, start) + insert + text.slice(end);
    chunked = chunked.replace(start, end, insert);
    // Asked every step for one string and now and then for another: both memos stay true.
    assert.equal(chunked.includes('pipewise:'), text.includes('pipewise:'), `includes after step ${step}`);
    if (step % 7 === 0) assert.equal(chunked.includes('wise:pi'), text.includes('wise:pi'));
    // Without the text searched, from time to time: the next edits find it again only where they rewrote.
    if (step % 97 === 0) {
      text = text.split('pipewise:').join('');
      chunked = ChunkedText.of(text, 16);
    }
  }
});
