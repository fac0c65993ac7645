// Which open documents keep their analysis state (documents.ts): the most recently used, within
// `pipewise.memory.analysedDocuments` and `analysedTextKb`; the others drop it, are told first
// (onWillEvict) and analyse again on demand.

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DEFAULT_ANALYSIS_STATE_LIMITS, readClientSettings } from '../../server/src/features/client-settings';
import { DocumentStore } from '../../server/src/features/documents';
import type { Logger } from '../../server/src/features/logger';
import { initPythonParser } from '../../server/src/engine/python/parser';

const quiet = { info: () => undefined, error: () => undefined, errorOnce: () => undefined, reportOnce: () => undefined } as unknown as Logger;

function storeWith(text = (name: string) => `import requests\n\ndef ${name}():\n    return requests.get("https://example.com")\n`) {
  const store = new DocumentStore(quiet);
  const evicted: string[] = [];
  store.onWillEvict((doc) => {
    assert.ok(doc.hasAnalysisState, 'told before the state is dropped');
    evicted.push(doc.filePath.replace(/.*\//, ''));
  });
  // Analysed on open, as the server's lint does.
  store.onDidOpen((doc) => void doc.facts());
  store.onDidChange((doc) => void doc.facts());
  const uri = (name: string) => pathToFileURL(`/tmp/pipewise-state/${name}`).toString();
  return {
    store,
    evicted,
    uri,
    open: (name: string) => store.open({ textDocument: { uri: uri(name), languageId: 'python', version: 1, text: text(name) } }),
    analysed: () => store.all().filter((doc) => doc.hasAnalysisState).map((doc) => doc.filePath.replace(/.*\//, '')),
  };
}

describe('analysis state limits', () => {
  before(() => initPythonParser());

  it('reads the memory settings, defaults for anything missing or malformed', () => {
    assert.deepEqual(readClientSettings({}).memory, DEFAULT_ANALYSIS_STATE_LIMITS);
    assert.deepEqual(readClientSettings({ memory: { analysedDocuments: 3, analysedTextKb: 64 } }).memory, { documents: 3, textChars: 64 * 1024 });
    assert.deepEqual(readClientSettings({ memory: { analysedDocuments: 0, analysedTextKb: 'x' } }).memory, DEFAULT_ANALYSIS_STATE_LIMITS);
    assert.deepEqual(readClientSettings({ memory: null }).memory, DEFAULT_ANALYSIS_STATE_LIMITS);
  });

  it('keeps the most recently opened or edited documents within the count', () => {
    const { store, evicted, open, analysed, uri } = storeWith();
    store.setLimits({ documents: 2, textChars: 1 << 20 });
    for (const name of ['a.py', 'b.py', 'c.py']) open(name);
    assert.deepEqual(evicted, ['a.py']);
    assert.deepEqual(analysed(), ['b.py', 'c.py']);
    // Editing the evicted one analyses it again and makes b the least recently used.
    store.change({ textDocument: { uri: uri('a.py'), version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# x\n' }] });
    assert.deepEqual(evicted, ['a.py', 'b.py']);
    assert.deepEqual(analysed(), ['c.py', 'a.py'].sort());
    assert.equal(store.get(uri('a.py'))!.facts()!.text.startsWith('# x\n'), true);
    // Asked about (a hover, a code action): the most recent too.
    store.touch(store.get(uri('b.py'))!);
    void store.get(uri('b.py'))!.facts();
    assert.deepEqual(evicted, ['a.py', 'b.py', 'c.py']);
  });

  it('keeps only as much text as the budget, and always the most recent document', () => {
    const big = (name: string) => `# ${name}\n${'x = 1\n'.repeat(200)}`;
    const { store, open, analysed } = storeWith(big);
    store.setLimits({ documents: 8, textChars: big('a.py').length * 2 });
    for (const name of ['a.py', 'b.py', 'c.py']) open(name);
    assert.deepEqual(analysed(), ['b.py', 'c.py']);
    store.setLimits({ documents: 8, textChars: 10 });
    assert.deepEqual(analysed(), ['c.py']);
  });
});
