import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  findTopLevelClause,
  hasWhereClause,
  isIdentifierSlot,
  isMetadataTable,
  isScalarAggregate,
  leadingKeyword,
  looksLikeSql,
  placeholderStyle,
  selectItems,
  slotKind,
  statementKind,
  tablesRead,
  tablesWritten,
  tokenizeSql,
} from '../../server/src/engine/sql';

const S = '\u0000';

describe('tokenizeSql', () => {
  test('drops comments, keeps strings and quoted identifiers whole', () => {
    const tokens = tokenizeSql("-- note\nSELECT \"Order Id\", 'it''s' /* x */ FROM `p.d.t`");
    assert.deepEqual(tokens.map((t) => t.type), ['word', 'qident', 'punct', 'string', 'word', 'qident']);
  });
  test('placeholders of every style, not casts or escaped percents', () => {
    const tokens = tokenizeSql('a = %s AND b = %(b)s AND c = :c AND d = ? AND e = @e AND f = $1 AND g::date AND h LIKE \'x%%\' AND i % 2');
    assert.deepEqual(tokens.filter((t) => t.type === 'placeholder').map((t) => t.text), ['%s', '%(b)s', ':c', '?', '@e', '$1']);
  });
  test('an unterminated string is marked open', () => {
    const tokens = tokenizeSql("WHERE name = '");
    assert.equal(tokens[tokens.length - 1].open, true);
  });
  test('the slot marker is part of a word', () => {
    assert.deepEqual(tokenizeSql(`FROM sales_${S}`).map((t) => t.text), ['FROM', `sales_${S}`]);
  });
});

describe('looksLikeSql', () => {
  const sql = [
    'SELECT * FROM orders',
    '  select id from t',
    '-- extract\nSELECT 1',
    '/* hint */ WITH recent AS (SELECT * FROM orders) SELECT * FROM recent',
    'SELECT NOW()',
    'SELECT version()',
    'INSERT INTO sales_fact VALUES (%s, %s)',
    'insert overwrite table t select * from s',
    'UPDATE orders SET status = %s WHERE id = %s',
    'DELETE FROM orders WHERE dt = %s',
    'MERGE INTO target USING source ON target.id = source.id WHEN MATCHED THEN DELETE',
    'CREATE TABLE IF NOT EXISTS t (id int)',
    'create or replace temporary view v as select 1',
    'DROP TABLE IF EXISTS staging',
    'ALTER TABLE t ADD COLUMN c int',
    'TRUNCATE TABLE staging',
    'TRUNCATE staging;',
    "COPY orders FROM STDIN WITH CSV",
    'COPY (SELECT * FROM orders) TO STDOUT WITH CSV HEADER',
    'COPY INTO @stage/orders FROM orders',
    'CALL refresh_sales(%s)',
    'replace into daily_rates (day, rate) values (%s, %s)',
    `SELECT * FROM ${S} WHERE id = ${S}`,
    `(SELECT a FROM t) UNION (SELECT a FROM u)`,
  ];
  for (const text of sql) test(`SQL: ${JSON.stringify(text)}`, () => assert.equal(looksLikeSql(text), true));
  const prose = [
    'Select a file to upload',
    'select the rows you want',
    'Update your password',
    'Delete the temporary files',
    'Create a new pipeline',
    'Drop me a line',
    'Truncate the string to 80 characters',
    'copy files to the bucket',
    'call me maybe',
    'With great power comes responsibility',
    'insert coin',
    'Replace the old file',
    'replace into the drawer',
    '',
    'orders',
    'https://example.org/select',
  ];
  for (const text of prose) test(`not SQL: ${JSON.stringify(text)}`, () => assert.equal(looksLikeSql(text), false));
  test('leadingKeyword skips comments and parentheses', () => {
    assert.equal(leadingKeyword('  -- c\n (select 1)'), 'SELECT');
    assert.equal(leadingKeyword("'x'"), null);
  });
});

describe('statementKind', () => {
  test('plain statements', () => {
    assert.equal(statementKind('select * from t'), 'select');
    assert.equal(statementKind('INSERT INTO t SELECT * FROM s'), 'insert');
    assert.equal(statementKind('TRUNCATE TABLE t'), 'truncate');
    assert.equal(statementKind('Select a file'), null);
  });
  test('WITH resolves to the main statement', () => {
    assert.equal(statementKind('WITH a AS (SELECT 1), b (x) AS (SELECT 2) SELECT * FROM a, b'), 'select');
    assert.equal(statementKind('WITH src AS MATERIALIZED (SELECT * FROM s) INSERT INTO t SELECT * FROM src'), 'insert');
    assert.equal(statementKind('WITH RECURSIVE r AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) DELETE FROM t'), 'delete');
  });
});

describe('hasWhereClause and clauses', () => {
  test('WHERE at any depth counts, not inside strings or comments', () => {
    assert.equal(hasWhereClause('SELECT * FROM orders WHERE updated_at > %s'), true);
    assert.equal(hasWhereClause('SELECT * FROM (SELECT * FROM orders where dt = %s) o'), true);
    assert.equal(hasWhereClause("SELECT 'where' AS w FROM orders -- where\n"), false);
    assert.equal(hasWhereClause('SELECT * FROM orders LIMIT 10'), false);
    assert.equal(hasWhereClause('SELECT * FROM events PREWHERE dt = today()'), true);
  });
  test('findTopLevelClause ignores subqueries', () => {
    const text = 'SELECT * FROM (SELECT * FROM t ORDER BY a LIMIT 5) s ORDER BY b LIMIT 10';
    assert.equal(findTopLevelClause(text, 'order by'), text.lastIndexOf('ORDER BY'));
    assert.equal(findTopLevelClause(text, 'LIMIT'), text.lastIndexOf('LIMIT'));
    assert.equal(findTopLevelClause('SELECT * FROM t', 'GROUP BY'), -1);
  });
});

describe('tablesRead', () => {
  const names = (text: string) => tablesRead(text).map((t) => t.name);
  test('FROM and JOIN, schema-qualified, aliased, comma-joined', () => {
    assert.deepEqual(names('SELECT * FROM sales.orders o JOIN customers AS c ON o.cid = c.id LEFT JOIN "Dim"."Region" r ON 1=1'), ['sales.orders', 'customers', 'Dim.Region']);
    assert.deepEqual(names('select * from a, b x, c'), ['a', 'b', 'c']);
  });
  test('BigQuery backticks and T-SQL brackets', () => {
    assert.deepEqual(tablesRead('SELECT * FROM `my-proj.sales.orders`')[0].parts, ['my-proj', 'sales', 'orders']);
    assert.deepEqual(names('SELECT * FROM [dbo].[Orders]'), ['dbo.Orders']);
  });
  test('subqueries and CTEs are followed, function FROMs are not tables', () => {
    assert.deepEqual(names('WITH r AS (SELECT * FROM raw.events) SELECT EXTRACT(YEAR FROM ts), SUBSTRING(x FROM 2) FROM r'), ['raw.events', 'r']);
    assert.deepEqual(names('SELECT * FROM (SELECT id FROM orders) s'), ['orders']);
    assert.deepEqual(names('SELECT * FROM UNNEST(ARRAY[1,2]) AS x, generate_series(1, 3)'), []);
    assert.deepEqual(names('SELECT a IS DISTINCT FROM b FROM t'), ['t']);
  });
  test('no FROM, DELETE target and COPY FROM STDIN are not reads', () => {
    assert.deepEqual(names('SELECT 1'), []);
    assert.deepEqual(names('DELETE FROM orders WHERE id IN (SELECT id FROM stale)'), ['stale']);
    assert.deepEqual(names('COPY orders FROM STDIN'), []);
  });
  test('slots are table names and offsets point into the text', () => {
    const text = `SELECT * FROM ${S}.orders`;
    const [ref] = tablesRead(text);
    assert.equal(ref.name, `${S}.orders`);
    assert.equal(text.slice(ref.start, ref.end), `${S}.orders`);
  });
  test('metadata tables', () => {
    assert.equal(isMetadataTable(tablesRead('SELECT * FROM information_schema.tables')[0]), true);
    assert.equal(isMetadataTable(tablesRead('SELECT * FROM `p.d.INFORMATION_SCHEMA.COLUMNS`')[0]), true);
    assert.equal(isMetadataTable(tablesRead('SELECT * FROM pg_catalog.pg_class')[0]), true);
    assert.equal(isMetadataTable(tablesRead('SELECT * FROM pg_stat_activity')[0]), true);
    assert.equal(isMetadataTable(tablesRead('SELECT * FROM sqlite_master')[0]), true);
    assert.equal(isMetadataTable(tablesRead('SELECT * FROM orders')[0]), false);
  });
});

describe('tablesWritten', () => {
  const names = (text: string) => tablesWritten(text).map((t) => t.name);
  test('every write statement', () => {
    assert.deepEqual(names('INSERT INTO analytics.sales_fact (a) SELECT a FROM s'), ['analytics.sales_fact']);
    assert.deepEqual(names('INSERT OVERWRITE TABLE db.t SELECT 1'), ['db.t']);
    assert.deepEqual(names('UPDATE ONLY orders SET a = 1'), ['orders']);
    assert.deepEqual(names('MERGE INTO tgt USING src ON tgt.id = src.id WHEN MATCHED THEN UPDATE SET a = 1'), ['tgt']);
    assert.deepEqual(names('DELETE FROM staging WHERE dt = %s'), ['staging']);
    assert.deepEqual(names('TRUNCATE TABLE staging'), ['staging']);
    assert.deepEqual(names('COPY orders (id, amount) FROM STDIN'), ['orders']);
    assert.deepEqual(names('CREATE TABLE IF NOT EXISTS x.y (id int)'), ['x.y']);
    assert.deepEqual(names('INSERT INTO t VALUES (1) ON CONFLICT (id) DO UPDATE SET a = 1'), ['t']);
  });
});

describe('select lists and aggregates', () => {
  test('selectItems splits the main select list', () => {
    assert.deepEqual(selectItems('SELECT id, COALESCE(a, b) AS c, * FROM t'), ['id', 'COALESCE(a, b) AS c', '*']);
    assert.deepEqual(selectItems('WITH x AS (SELECT q FROM s) SELECT DISTINCT a FROM x'), ['a']);
  });
  test('isScalarAggregate', () => {
    assert.equal(isScalarAggregate('SELECT COUNT(*) FROM orders'), true);
    assert.equal(isScalarAggregate('SELECT MAX(updated_at) AS wm, count(1) n FROM orders'), true);
    assert.equal(isScalarAggregate('SELECT region, SUM(amount) FROM orders GROUP BY region'), false);
    assert.equal(isScalarAggregate('SELECT * FROM orders'), false);
  });
});

describe('placeholderStyle', () => {
  test('each style', () => {
    assert.equal(placeholderStyle('WHERE id = %s'), 'format');
    assert.equal(placeholderStyle('WHERE id = %(id)s'), 'pyformat');
    assert.equal(placeholderStyle('WHERE id = :id'), 'named');
    assert.equal(placeholderStyle('WHERE id = ?'), 'qmark');
    assert.equal(placeholderStyle('WHERE id = @id'), 'at');
    assert.equal(placeholderStyle('WHERE id = $1'), 'numeric');
    assert.equal(placeholderStyle("WHERE a::date = '10:30' AND b LIKE '%s'"), null);
  });
});

describe('slotKind', () => {
  const kind = (template: string) => {
    const at = template.indexOf('{}');
    return slotKind(template.slice(0, at), template.slice(at + 2));
  };
  const identifiers = [
    'SELECT * FROM {} WHERE id = %s',
    'SELECT * FROM raw.{}',
    'SELECT * FROM {}.orders',
    'SELECT * FROM a JOIN {} b ON a.id = b.id',
    'INSERT INTO {} VALUES (%s)',
    'INSERT INTO t ({}, b) VALUES (%s, %s)',
    'UPDATE {} SET a = %s',
    'TRUNCATE TABLE {}',
    'DROP TABLE IF EXISTS {}',
    'SELECT {} FROM t',
    'SELECT a, {} FROM t',
    'SELECT * FROM t WHERE {} = %s',
    'SELECT * FROM t WHERE {} IS NULL',
    'SELECT * FROM t ORDER BY {}',
    'SELECT * FROM t GROUP BY a, {}',
    'SELECT * FROM sales_{}',
    'SELECT * FROM t WHERE "{}" = 1',
    'UPDATE t SET {} = %s',
  ];
  for (const template of identifiers) test(`identifier: ${template}`, () => assert.equal(kind(template), 'identifier'));
  const values = [
    'SELECT * FROM t WHERE id = {}',
    "SELECT * FROM t WHERE name = '{}'",
    "SELECT * FROM t WHERE name LIKE '%{}%'",
    'SELECT * FROM t WHERE a > {} AND b = 1',
    'SELECT * FROM t WHERE id IN ({})',
    'INSERT INTO t VALUES ({}, 2)',
    'INSERT INTO t VALUES (1, {})',
    'INSERT INTO t (a, b) VALUES (1, 2), (3, {})',
    'SELECT * FROM t LIMIT {}',
    'SELECT * FROM t WHERE dt BETWEEN {} AND %s',
    'SELECT * FROM t WHERE dt BETWEEN %s AND {}',
    'UPDATE t SET a = {} WHERE id = 1',
    'SELECT * FROM t WHERE ts > NOW() - INTERVAL {}',
  ];
  for (const template of values) test(`value: ${template}`, () => assert.equal(kind(template), 'value'));
  const clauses = ['SELECT * FROM t WHERE {}', 'SELECT * FROM t WHERE a = 1 AND {}', 'SELECT * FROM t {}', '{} WHERE id = %s', 'SELECT * FROM t WHERE a = 1 {}'];
  for (const template of clauses) test(`clause: ${template}`, () => assert.equal(kind(template), 'clause'));
  test('a VALUES list spliced in whole is a value', () => assert.equal(kind('INSERT INTO t VALUES {}'), 'value'));
  test('"double quotes" are strings where the dialect says so', () => {
    assert.equal(slotKind('SELECT * FROM t WHERE d = "', '"'), 'identifier');
    assert.equal(slotKind('SELECT * FROM t WHERE d = "', '"', { doubleQuotedStrings: true }), 'value');
  });
  test('isIdentifierSlot', () => {
    assert.equal(isIdentifierSlot('SELECT * FROM '), true);
    assert.equal(isIdentifierSlot('SELECT * FROM t WHERE id = '), false);
  });
});
