import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { DEFAULT_CONFIG, readOptions, resolveConfig, type PipewiseOptions } from '../../server/src/engine/config';
import { DEFAULT_DORMANT_CODE, dormantCodeMatcher, reportsInDormantCode } from '../../server/src/engine/dormant-code';
import { ALL_RULES } from '../../rules';
import { lintWith } from '../helpers/rule-tester';
import { readClientSettings } from '../../server/src/features/client-settings';

const ROOT = path.resolve('/work/project');
const project = (options: PipewiseOptions) => resolveConfig(undefined, { file: path.join(ROOT, 'pipewise.toml'), options }, null);

// A stage with an unretried database read (PW103) and a literal password (PW101).
const STAGE = `import psycopg2
import pandas as pd


def extract_orders():
    conn = psycopg2.connect(host="db", user="etl", password="Tr0ub4dor&3xq9")
    return pd.read_sql("SELECT id FROM orders WHERE day = %s", conn, params=[DAY])
`;

const rulesIn = async (file: string, options?: PipewiseOptions) => [...new Set((await lintWith(file, STAGE, options)).map((f) => f.ruleId))].sort();

describe('dormant code', () => {
  const dormant = [
    'archive/load.py',
    'etl/_archive/load.py',
    'src/Archived/old_stage.py',
    'deprecated_scripts/extract_artists.py',
    'pipelines/deprecated/load.py',
    'old/load.py',
    'unused/helpers.py',
    'scratch/try.py',
    'survey/v2025/scratch.ipynb',
    'notebooks/scratch_lookups.py',
    'flows/Borradores/replicacion_pg.py',
    'scripts/push/antiguos/obtener_base.py',
    'scripts/oldies/flujo_base_stock.py',
    'flows/drafts/sync.py',
    'scripts/pull/sandbox.ipynb',
    'notebooks/sandbox_joins.py',
    'flows/load_orders copy.py',
    'flows/load_orders copy 2.py',
    'flows/load_orders - Copy.py',
    'flows/load_orders - Copy (2).py',
    'flows/load_orders (1).py',
    'notebooks/explore (3).ipynb',
    'jobs/load_orders_old.py',
    'jobs/LOAD_ORDERS_OLD.py',
    'jobs/load_orders_bak.py',
    'attic/load.py',
    '_misc/prod/orders_dag.py',
    'dags/_misc/orders_dag_test.py',
    'etl/bak/load.py',
    'workflow/generated/orders/etl_orders_debug.py',
    'notebooks/explore_debug.ipynb',
  ];
  const running = ['etl/load.py', 'dags/archive_orders.py', 'jobs/old_orders_cleanup.py', 'jobs/gmail_backup.py', 'jobs/database_backup.py', 'etl/copy.py', 'etl/copy_tables.py', 'etl/threshold.py', 'etl/load (final).py', 'legacy/load.py', 'src/gold/load.py', 'scratchpad_loader/load.py', 'notebooks/analysis.ipynb', 'misc/helpers.py', 'etl/debug/load.py', 'etl/debugger.py', 'jobs/backup/load.py', 'dags/sandbox/load.py', 'jobs/draft_orders_export.py', 'etl/antiguedad.py'];

  test('the default folders and scratch files are dormant; look-alike names are not', () => {
    for (const file of dormant) assert.equal(DEFAULT_CONFIG.isDormantCode(file), true, file);
    for (const file of running) assert.equal(DEFAULT_CONFIG.isDormantCode(file), false, file);
  });

  test('paths are read inside the project: a project that lives under an archive folder is not dormant', () => {
    const config = resolveConfig(undefined, { file: '/home/me/archive/etl/pipewise.toml', options: {} }, null);
    assert.equal(config.isDormantCode('/home/me/archive/etl/load.py'), false);
    assert.equal(config.isDormantCode('/home/me/archive/etl/old/load.py'), true);
    assert.equal(dormantCodeMatcher(DEFAULT_DORMANT_CODE, '/repo')('/repo/archive/x.py'), true);
    assert.equal(dormantCodeMatcher(DEFAULT_DORMANT_CODE, '/repo')('/home/old/etl/x.py'), false, 'outside the project nothing is known of its folders');
  });

  test('operational rules stay silent in dormant code; security rules still report', async () => {
    assert.deepEqual(await rulesIn('etl/extract.py'), ['PW101', 'PW103']);
    assert.deepEqual(await rulesIn('archive/extract.py'), ['PW101']);
    assert.deepEqual(await rulesIn('deprecated_scripts/extract.py'), ['PW101']);
  });

  test('dormant-code replaces the defaults, extend-dormant-code adds to them, an empty list turns it off', async () => {
    assert.deepEqual(await rulesIn('archive/extract.py', { dormantCode: [] }), ['PW101', 'PW103']);
    assert.deepEqual(await rulesIn('retired/extract.py', { extendDormantCode: ['**/retired'] }), ['PW101']);
    const replaced = project({ dormantCode: ['**/retired'] });
    assert.equal(replaced.isDormantCode(path.join(ROOT, 'retired/x.py')), true);
    assert.equal(replaced.isDormantCode(path.join(ROOT, 'archive/x.py')), false);
    const extended = project({ extendDormantCode: ['**/retired'] });
    assert.equal(extended.isDormantCode(path.join(ROOT, 'archive/x.py')), true);
    assert.deepEqual(readOptions({ 'dormant-code': ['a/**'], extend_dormant_code: ['b'] }, 'pipewise.toml'), { dormantCode: ['a/**'], extendDormantCode: ['b'] });
  });

  test('the editor setting pipewise.extendDormantCode adds to the defaults; a project file wins over it', () => {
    const settings = readClientSettings({ extendDormantCode: ['**/retired', 3, ' '] }).options;
    assert.deepEqual(settings.extendDormantCode, ['**/retired']);
    const fromSettings = resolveConfig(settings, null, ROOT);
    assert.equal(fromSettings.isDormantCode(path.join(ROOT, 'retired/x.py')), true);
    assert.equal(fromSettings.isDormantCode(path.join(ROOT, 'archive/x.py')), true, 'the defaults stay');
    const projectWins = resolveConfig(settings, { file: path.join(ROOT, 'pipewise.toml'), options: { extendDormantCode: ['**/sandbox'] } }, null);
    assert.equal(projectWins.isDormantCode(path.join(ROOT, 'retired/x.py')), false);
    assert.equal(projectWins.isDormantCode(path.join(ROOT, 'sandbox/x.py')), true);
  });

  test('every rule says whether it reports in dormant code; only credentials and SQL injection do', () => {
    const security = ALL_RULES.filter((rule) => reportsInDormantCode(rule.meta)).map((rule) => rule.meta.id);
    assert.deepEqual(security, ['PW101', 'PW102']);
  });
});
