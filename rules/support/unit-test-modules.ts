// DAGs built by unit tests (pytest fixtures, a test that runs one operator) are never scheduled.
// Narrower than DocumentFacts.isTestFile: a DAG file in dags/ named `*_test.py` is still deployed.

import path from 'node:path';

export function isUnitTestModule(filePath: string): boolean {
  const normalized = filePath.replace(/\\/g, '/');
  return /(^|\/)tests?\//.test(normalized) || /^(test_.*|conftest)\.py$/.test(path.posix.basename(normalized));
}
