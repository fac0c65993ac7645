// What a project's own helper does, by its name, when the library model cannot see its body (it
// lives in another module): `utils.save_features_to_database(df)`, `self.uploader.upload_daily(rows)`,
// `self.db.execute_query(sql)` — a verb of data I/O followed by what it moves. Names about
// configuration or secrets (`load_config`, `fetch_token`) are not data I/O, and a bare verb
// (`json.load`, `pickle.dump`) is a library's parser, not a helper.

import type { CallFact } from '../python/facts';
import type { PythonFacts } from '../python/python-facts';
import { callSiteOf } from './call-site';
import { methodOf } from './call-site';
import { libraryOfModule } from './catalogue';

const IO_HELPER = /^_*(save|load|upload|download|insert|upsert|write|store|persist|publish|fetch|extract|ingest|export|execute|query|copy|sync|delete|merge|read)_[a-z0-9_]+$/i;
const NOT_DATA = /config|setting|env|secret|credential|token|password|cache/i;

/** The call runs a helper from elsewhere (not this module, not a known library) whose name says it moves data. */
export function isIoNamedHelper(call: CallFact, py: PythonFacts): boolean {
  const site = callSiteOf(call, py);
  if (!IO_HELPER.test(site.method) || NOT_DATA.test(site.method)) return false;
  const local = call.callee === site.method && py.functions.some((f) => f.name === site.method && f.parent === null && f.className === null);
  if (local) return false;
  if (site.resolved === site.method) return call.callee.includes('.');
  return libraryOfModule(site.resolved) === null;
}

/** Verbs of I/O-named helpers that write (`load_data`, `save_features`, `upload_daily`). */
const WRITING_HELPER = /^_*(save|load|upload|insert|upsert|write|store|persist|publish|export|copy|sync|delete|merge|execute)_/i;

/** An I/O-named helper whose name says it writes. */
export function isWritingHelper(call: CallFact, py: PythonFacts): boolean {
  return WRITING_HELPER.test(methodOf(call.callee)) && isIoNamedHelper(call, py);
}
