import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDocumentFacts } from '../../server/src/engine/document';
import { applyEdits } from '../../server/src/engine/fixer';
import { addImportEdit, ensureModuleLogger } from '../../server/src/engine/python/edits';
import { sharedEngine } from '../helpers/rule-tester';

async function facts(text: string) {
  const engine = await sharedEngine();
  return engine.analyze('stage.py', text)!.python!;
}

test('import os keeps CRLF line endings', async () => {
  const text = 'import pandas as pd\r\nx = 1\r\n';
  const edit = addImportEdit(await facts(text), text, 'os')!;
  assert.equal(applyEdits(text, [edit]), 'import os\r\nimport pandas as pd\r\nx = 1\r\n');
});

test('no import edit when the module is already imported', async () => {
  const text = 'import os\nx = os.sep\n';
  assert.equal(addImportEdit(await facts(text), text, 'os'), null);
});

test('module logger is created after the imports, once', async () => {
  const text = 'import pandas as pd\n\n\ndef run():\n    pass\n';
  const { name, edits } = ensureModuleLogger(await facts(text), text, 'logger = logging.getLogger(__name__)');
  assert.equal(name, 'logger');
  assert.equal(applyEdits(text, edits), 'import logging\nimport pandas as pd\n\nlogger = logging.getLogger(__name__)\n\n\ndef run():\n    pass\n');
});

test('an existing logger is reused', async () => {
  const text = 'import logging\nlog = logging.getLogger("etl")\n';
  assert.deepEqual(ensureModuleLogger(await facts(text), text, 'logger = logging.getLogger(__name__)'), { name: 'log', edits: [] });
});

test('test-file detection looks at the path inside the project only', () => {
  const inside = createDocumentFacts('/home/ci/tests/project/etl/extract.py', 'python', '', {}, '/home/ci/tests/project');
  assert.equal(inside.isTestFile, false);
  const testFile = createDocumentFacts('/home/ci/tests/project/tests/test_extract.py', 'python', '', {}, '/home/ci/tests/project');
  assert.equal(testFile.isTestFile, true);
});
