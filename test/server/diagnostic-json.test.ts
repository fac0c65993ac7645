// A publishDiagnostics message put together from kept JSON is the bytes JSON.stringify makes, for
// diagnostics converted now, copied with a new version (once, twice) and without data; other
// messages are encoded as they are.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver/node';
import { encodeMessage, sameButDataVersions, withJsonSlots, type JsonSlot } from '../../server/src/features/diagnostic-json';
import { atVersion } from '../../server/src/features/to-diagnostic';

function diagnostic(version: number, message: string): Diagnostic {
  return {
    range: { start: { line: 3, character: 4 }, end: { line: 3, character: 9 } },
    severity: 1,
    source: 'pipewise',
    code: 'PW103',
    message,
    data: { ruleId: 'PW103', priority: 'P1', version, fixes: [{ title: 'Retry "load()" with "version":9', safe: false, preferred: true }] },
    codeDescription: { href: 'https://example.invalid/PW103' },
  };
}

function publish(version: number | undefined, diagnostics: Diagnostic[]) {
  return { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///w/ünï.py', version, diagnostics } };
}

test('published diagnostics encode as JSON.stringify does, copies with their new version from the slots of the first', () => {
  const first = [diagnostic(7, 'reads with "version":7 — no retry'), diagnostic(7, 'ß')];
  const slots: JsonSlot[] = first.map(() => ({}));
  const note: Diagnostic = { range: first[0].range, severity: 3, source: 'pipewise', message: 'Pipewise: not analysed' };
  const lists = [
    () => withJsonSlots([...first], slots),
    () => withJsonSlots([...first, note], slots),
    () => withJsonSlots(first.map((d) => atVersion(d, 8)), slots),
    () => withJsonSlots(first.map((d) => atVersion(atVersion(d, 8), 10)), slots),
    () => withJsonSlots([note, ...first], [undefined, ...slots]),
    () => withJsonSlots([], []),
    () => [...first],
  ];
  for (const list of lists) {
    for (const version of [12, undefined]) {
      const message = publish(version, list());
      assert.equal(encodeMessage(message).toString('utf8'), JSON.stringify(message));
    }
  }
  assert.ok(slots.every((slot) => slot.json?.tail), 'the slots were filled and split at the version');
  const other = { jsonrpc: '2.0', id: 3, result: { diagnostics: first } };
  assert.equal(encodeMessage(other).toString('utf8'), JSON.stringify(other));
});

test('diagnostics compare equal but for the versions in their data', () => {
  const first = [diagnostic(7, 'a'), diagnostic(7, 'b')];
  const slots: JsonSlot[] = first.map(() => ({}));
  const published = withJsonSlots([...first], slots);
  assert.ok(sameButDataVersions(published, withJsonSlots(first.map((d) => atVersion(d, 8)), slots)));
  assert.ok(sameButDataVersions(published, [diagnostic(9, 'a'), diagnostic(11, 'b')]));
  assert.ok(sameButDataVersions([diagnostic(9, 'a')], [diagnostic(11, 'a')]));
  assert.ok(!sameButDataVersions(published, [diagnostic(7, 'a'), diagnostic(7, 'c')]));
  assert.ok(!sameButDataVersions(published, [diagnostic(7, 'a')]));
});

test('a sequence of publishes, each mostly the last one moved on a version, encodes as JSON.stringify does', () => {
  let state = 17;
  const random = (n: number) => (state = (state * 1103515245 + 12345) % 2 ** 31) % n;
  let entries: Array<{ diagnostic: Diagnostic; slot: JsonSlot }> = [];
  let made = 0;
  const fresh = (version: number) => ({ diagnostic: diagnostic(version, `finding ${made++} ${'é'.repeat(random(3))}`), slot: {} as JsonSlot });
  // Versions cross 9 → 10 and 99 → 100, so the digits grow under kept JSON.
  for (let version = 1; version < 130; version++) {
    const next: typeof entries = [];
    for (const entry of entries) {
      const roll = random(20);
      if (roll === 0) continue;
      if (roll === 1) next.push(fresh(version));
      next.push(roll === 2 ? entry : { diagnostic: atVersion(entry.diagnostic, version), slot: entry.slot });
    }
    while (next.length < 12 || random(4) === 0) next.splice(random(next.length + 1), 0, fresh(version));
    entries = next;
    const note: Diagnostic = { range: entries[0].diagnostic.range, severity: 3, source: 'pipewise', message: `note ${version}` };
    const list = [...entries.map((e) => e.diagnostic), ...(version % 3 === 0 ? [note] : [])];
    const slots = [...entries.map((e) => e.slot), ...(version % 3 === 0 ? [undefined] : [])];
    const message = publish(version, withJsonSlots(list, slots));
    assert.equal(encodeMessage(message).toString('utf8'), JSON.stringify(message), `version ${version}`);
  }
});
