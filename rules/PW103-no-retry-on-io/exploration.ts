// Exploration notebooks: a notebook whose I/O only reads (SELECTs, reads into frames, GETs) and
// that writes nothing — no table, file, load or upload — is someone looking at data, not a
// pipeline stage, so PW103 says nothing there. Whether a notebook writes is a whole-module fact:
// each statement's answer is cached, and a statement that writes is exported (see index.ts) so an
// incremental run re-checks the notebook when a write appears or goes.

import type { ChunkFacts } from '../../server/src/engine/python/facts';
import { VersionedCache, type PythonFacts } from '../../server/src/engine/python/python-facts';
import type { DocumentFacts } from '../../server/src/engine/document';
import { isJupyterNotebookPath } from '../../server/src/engine/notebook/notebook-facts';
import { ioOf, readsOnly, runsChangingSql, writesData } from '../../server/src/engine/knowledge';

const statementWrites = new VersionedCache<ChunkFacts, boolean>();

export function isNotebook(doc: DocumentFacts): boolean {
  return doc.notebook !== undefined || isJupyterNotebookPath(doc.path);
}

/** The statement writes data, or does I/O that is not a read (a DDL, a POST, an upload). */
export function writesInStatement(statement: ChunkFacts, py: PythonFacts): boolean {
  let writes = statementWrites.get(statement, py.resolutionVersion);
  if (writes !== undefined) return writes;
  writes = statement.calls.some((call) => {
    if (writesData(call, py) || runsChangingSql(call, py)) return true;
    const io = ioOf(call, py);
    return io !== null && io.kind !== 'db-connect' && !io.lazy && !readsOnly(call, py);
  });
  statementWrites.set(statement, py.resolutionVersion, writes);
  return writes;
}

/** A notebook that only reads and shows data. */
export function isReadOnlyNotebook(doc: DocumentFacts, py: PythonFacts): boolean {
  return isNotebook(doc) && !py.chunks.some((statement) => writesInStatement(statement, py));
}
