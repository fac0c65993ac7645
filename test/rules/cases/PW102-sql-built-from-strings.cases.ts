import type { RuleCases } from '../../helpers/rule-tester';

const cases: RuleCases = {
  rule: 'PW102',
  flagged: [
    // Values spliced into SQL (P1)
    {
      name: 'psycopg2 cursor, f-string value',
      code: 'import psycopg2\n\n\ndef fetch_order(conn, order_id):\n    cur = conn.cursor()\n    cur.execute(«f"SELECT * FROM orders WHERE order_id = {order_id}"»)\n    return cur.fetchone()\n',
      priority: 'P1',
      message: /Value order_id is formatted into the SQL text passed to cur\.execute; use a %s placeholder and pass it as a query parameter/,
    },
    {
      name: 'quoted value, connection made at module level',
      code: 'import psycopg2\n\nconn = psycopg2.connect(dsn)\n\n\ndef rows_for(region):\n    with conn.cursor() as cur:\n        cur.execute(«f"SELECT * FROM sales WHERE region = \'{region}\'"»)\n        return cur.fetchall()\n',
      priority: 'P1',
    },
    {
      name: '% formatting of a DELETE',
      code: 'def clear_partition(cur, run_date):\n    cur.execute(«"DELETE FROM staging.events WHERE ds = \'%s\'" % run_date»)\n',
      priority: 'P1',
      message: /Value run_date/,
    },
    {
      name: '.format() with two values',
      code: 'def set_status(cur, status, order_id):\n    cur.execute(«"UPDATE orders SET status = \'{}\' WHERE id = {}".format(status, order_id)»)\n',
      message: /Values status, order_id are formatted/,
    },
    {
      name: 'concatenation with +',
      code: 'def find_customer(cur, email):\n    cur.execute(«"SELECT * FROM customers WHERE email = \'" + email + "\'"»)\n',
    },
    {
      name: 'built in a variable, executed later (related points at the call)',
      code: 'def load_day(cur, day):\n    query = «f"SELECT * FROM events WHERE event_date = \'{day}\'"»\n    cur.execute(query)\n    return cur.fetchall()\n',
    },
    {
      name: 'two hops: q = f"…"; q2 = q + "…"',
      code: 'def sample(cur, day):\n    base = «f"SELECT * FROM events WHERE day = \'{day}\'"»\n    query = base + " LIMIT 100"\n    cur.execute(query)\n',
    },
    {
      name: 'SQLAlchemy 2.x text() with an f-string',
      code: 'from sqlalchemy import create_engine, text\n\nengine = create_engine(url)\n\n\ndef purge(cutoff):\n    with engine.begin() as conn:\n        conn.execute(text(«f"DELETE FROM audit_log WHERE created_at < \'{cutoff}\'"»))\n',
      message: /:name in text\(\)/,
    },
    {
      name: 'sqlalchemy imported as sa',
      code: 'import sqlalchemy as sa\n\n\ndef count_for(conn, tenant):\n    return conn.execute(sa.text(«"SELECT count(*) FROM jobs WHERE tenant = \'%s\'" % tenant»)).scalar()\n',
    },
    {
      name: 'SQLAlchemy 1.x session.execute with a plain string',
      code: 'def expire_jobs(session, cutoff):\n    session.execute(«f"UPDATE jobs SET state = \'expired\' WHERE started_at < \'{cutoff}\'"»)\n    session.commit()\n',
    },
    {
      name: 'pandas read_sql with an f-string',
      code: 'import pandas as pd\n\n\ndef region_orders(engine, region):\n    return pd.read_sql(«f"SELECT * FROM orders WHERE region = \'{region}\'"», engine)\n',
      message: /pass it in params=/,
    },
    {
      name: 'read_sql imported under another name',
      code: 'from pandas import read_sql as fetch_frame\n\n\ndef recent(conn, since):\n    return fetch_frame(«"SELECT * FROM orders WHERE updated_at > \'" + since + "\'"», conn)\n',
    },
    {
      name: 'spark.sql with a run date',
      code: 'def daily(spark, run_date):\n    frame = spark.sql(«f"SELECT * FROM raw.events WHERE dt = \'{run_date}\'"»)\n    frame.write.mode("overwrite").parquet(out)\n',
      message: /args= \(Spark 3\.4\+\)/,
    },
    {
      name: 'BigQuery client.query with an f-string',
      code: 'from google.cloud import bigquery\n\n\ndef orders_on(ds):\n    client = bigquery.Client()\n    return client.query(«f"SELECT * FROM `proj.sales.orders` WHERE order_date = \'{ds}\'"»).to_dataframe()\n',
      message: /bigquery\.ScalarQueryParameter/,
    },
    {
      name: 'Airflow PostgresHook.get_pandas_df',
      code: 'from airflow.providers.postgres.hooks.postgres import PostgresHook\n\n\ndef extract(since):\n    hook = PostgresHook(postgres_conn_id="source")\n    return hook.get_pandas_df(«f"SELECT * FROM orders WHERE updated_at > \'{since}\'"»)\n',
      message: /parameters=/,
    },
    {
      name: 'Airflow hook.run with a DELETE',
      code: 'from airflow.providers.postgres.hooks.postgres import PostgresHook\n\n\ndef clean(ds):\n    PostgresHook("warehouse").run(«"DELETE FROM sales_fact WHERE ds = \'{}\'".format(ds)»)\n',
    },
    {
      name: 'cursor.mogrify',
      code: 'def preview(cur, value):\n    return cur.mogrify(«"INSERT INTO readings VALUES (%s)" % value»)\n',
    },
    {
      name: 'sqlite3 connection execute',
      code: 'import sqlite3\n\n\ndef lookup(name):\n    conn = sqlite3.connect("app.db")\n    return conn.execute(«f"SELECT * FROM users WHERE name = \'{name}\'"»).fetchall()\n',
      message: /use a \? placeholder/,
    },
    {
      name: 'Snowflake cursor, concatenated number',
      code: 'import snowflake.connector\n\n\ndef batch(conn, load_id):\n    cur = conn.cursor()\n    cur.execute(«"SELECT * FROM RAW.ORDERS WHERE LOAD_ID = " + str(load_id)»)\n    return cur.fetch_pandas_all()\n',
      message: /Value str\(load_id\)/,
    },
    {
      name: 'LIMIT from a parameter',
      code: 'def head(cur, batch_size):\n    cur.execute(«f"SELECT * FROM orders ORDER BY id LIMIT {batch_size}"»)\n',
    },
    {
      name: 'IN list joined from values',
      code: 'def by_ids(cur, ids):\n    cur.execute(«f"SELECT * FROM orders WHERE id IN ({\', \'.join(str(i) for i in ids)})"»)\n',
      message: /a computed value|join/,
    },
    {
      name: '.format() on a module-level template',
      code: 'ORDER_BY_ID = "SELECT * FROM orders WHERE id = {}"\n\n\ndef one(cur, order_id):\n    cur.execute(«ORDER_BY_ID.format(order_id)»)\n',
    },
    {
      name: 'attribute value',
      code: 'class Loader:\n    def clear(self, cur):\n        cur.execute(«f"DELETE FROM staging WHERE run_id = \'{self.run_id}\'"»)\n',
      message: /Value self\.run_id/,
    },
    {
      name: 'identifier and value together are P1 and mention the allow-list',
      code: 'def rows(cur, table, day):\n    cur.execute(«f"SELECT * FROM {table} WHERE day = \'{day}\'"»)\n',
      priority: 'P1',
      message: /Value day .*check identifier table against an allow-list/,
    },
    {
      name: 'BigQuery reads "double quotes" as strings: values, not identifiers',
      code: 'from google.cloud import bigquery\n\nDATASET = "sales"\n\n\ndef between(column, start, end):\n    client = bigquery.Client()\n    query = «"""SELECT * FROM {ds}.orders WHERE {c} BETWEEN "{a}" AND "{b}" """.format(ds=DATASET, c=column, a=start, b=end)»\n    return client.query(query).result().to_dataframe()\n',
      priority: 'P1',
      message: /Values start, end .*check identifier column against an allow-list/,
    },
    {
      name: 'a whole VALUES list from the command line, no parameters',
      code: 'import sys\n\n\ndef insert(cur):\n    table, values = sys.argv[1], sys.argv[2]\n    cur.execute(«f"INSERT INTO {table} VALUES {values};"»)\n',
      priority: 'P1',
    },
    // Identifiers spliced into SQL (P2)
    {
      name: 'table name with values bound as parameters (P2, sql.Identifier)',
      code: 'import psycopg2\n\n\ndef fetch(conn, table, order_id):\n    cur = conn.cursor()\n    cur.execute(«f"SELECT * FROM {table} WHERE id = %s"», (order_id,))\n',
      priority: 'P2',
      message: /Identifier table is formatted into the SQL text passed to cur\.execute; compose it with psycopg2\.sql\.Identifier/,
    },
    {
      name: 'executemany into a variable table',
      code: 'import psycopg2\n\n\ndef insert(cur, table, rows):\n    cur.executemany(«f"INSERT INTO {table} (id, amount) VALUES (%s, %s)"», rows)\n',
      priority: 'P2',
    },
    {
      name: 'spark table name (allow-list advice)',
      code: 'def copy_table(spark, source):\n    return spark.sql(«f"SELECT * FROM {source}"»)\n',
      priority: 'P2',
      message: /allow-list of known names/,
    },
    {
      name: 'column name in the select list',
      code: 'import pandas as pd\n\n\ndef column(engine, name):\n    return pd.read_sql(«"SELECT " + name + " FROM metrics"», engine)\n',
      priority: 'P2',
    },
    {
      name: 'schema-qualified table from a config lookup',
      code: 'def truncate(cur, cfg):\n    cur.execute(«"TRUNCATE TABLE %s.%s" % (cfg["schema"], cfg["table"])»)\n',
      priority: 'P2',
    },
    {
      name: 'MERGE inserting a joined list of source columns: identifiers, not values',
      code: 'def upsert(cur, target, source, key, columns):\n    inserted = ", ".join(f"src.{c}" for c in columns)\n    names = ", ".join(columns)\n    cur.execute(«f"MERGE INTO {target} USING {source} AS src ON {target}.{key} = src.{key} WHEN NOT MATCHED THEN INSERT ({names}) VALUES ({inserted})"»)\n',
      priority: 'P2',
      message: /^Identifiers target, source, key and 1 more are formatted into the SQL text passed to cur\.execute; check them against an allow-list/,
    },
    {
      name: 'the same value spliced twice reads as one value',
      code: 'def rebuild(cur, day):\n    cur.execute(«f"DELETE FROM daily WHERE ds = \'{day}\'; INSERT INTO daily SELECT * FROM events WHERE ds = \'{day}\'"»)\n',
      priority: 'P1',
      message: /^Value day is formatted/,
    },
    {
      name: 'values formatted with %, then the text cleaned with .replace() before it runs',
      code: 'import pymysql\n\n\ndef copy_rows(target, rows):\n    with target.cursor() as cur:\n        for row in rows:\n            stmt = «"INSERT INTO archive (code, label) VALUES (\'%s\', \'%s\')" % (row[0], row[1])»\n            stmt = stmt.replace("\'None\'", "NULL")\n            cur.execute(stmt)\n',
    },
  ],
  notFlagged: [
    { name: 'constant SQL', code: 'def all_orders(cur):\n    cur.execute("SELECT * FROM orders WHERE status = \'open\'")\n' },
    { name: '%s placeholders with params', code: 'def one(cur, order_id):\n    cur.execute("SELECT * FROM orders WHERE id = %s", (order_id,))\n' },
    { name: '%(name)s placeholders with a dict', code: 'def one(cur, order_id):\n    cur.execute("SELECT * FROM orders WHERE id = %(id)s", {"id": order_id})\n' },
    { name: 'SQLAlchemy text() with :name binds', code: 'from sqlalchemy import text\n\n\ndef get_watermark(session, table_name):\n    return session.execute(text("SELECT last_loaded_at FROM etl_watermark WHERE table_name = :tn"), {"tn": table_name}).fetchone()\n' },
    { name: 'sqlite ? placeholders', code: 'import sqlite3\n\nconn = sqlite3.connect("app.db")\nconn.execute("INSERT INTO events VALUES (?, ?)", (event_id, payload))\n' },
    { name: 'BigQuery @param with ScalarQueryParameter', code: 'from google.cloud import bigquery\n\nclient = bigquery.Client()\nconfig = bigquery.QueryJobConfig(query_parameters=[bigquery.ScalarQueryParameter("ds", "DATE", ds)])\nclient.query("SELECT * FROM `p.d.orders` WHERE order_date = @ds", job_config=config).to_dataframe()\n' },
    { name: 'psycopg2.sql composition of identifiers', code: 'from psycopg2 import sql\n\n\ndef fetch(cur, table, order_id):\n    cur.execute(sql.SQL("SELECT * FROM {} WHERE id = %s").format(sql.Identifier(table)), (order_id,))\n    query = sql.SQL("SELECT * FROM {table} WHERE id = {id}").format(table=sql.Identifier(table), id=sql.Literal(order_id))\n    cur.execute(query)\n' },
    { name: 'module-level UPPER_CASE table constant', code: 'ORDERS_TABLE = "sales.orders"\n\n\ndef fetch(cur, order_id):\n    cur.execute(f"SELECT * FROM {ORDERS_TABLE} WHERE id = %s", (order_id,))\n' },
    { name: 'imported UPPER_CASE constant', code: 'from settings import SOURCE_TABLE\n\n\ndef fetch(cur):\n    cur.execute(f"SELECT * FROM {SOURCE_TABLE}")\n' },
    { name: 'local name assigned only from a literal', code: 'def fetch(cur, order_id):\n    table = "orders"\n    cur.execute(f"SELECT * FROM {table} WHERE id = %s", (order_id,))\n' },
    { name: 'loop over a literal list of tables', code: 'def truncate_all(cur):\n    for table in ["staging_orders", "staging_items"]:\n        cur.execute(f"TRUNCATE TABLE {table}")\n' },
    { name: 'loop over an UPPER_CASE list', code: 'TABLES = ("orders", "customers")\n\n\ndef counts(cur):\n    for table in TABLES:\n        cur.execute("SELECT count(*) FROM {}".format(table))\n' },
    { name: 'concatenation of constants', code: 'BASE_QUERY = "SELECT * FROM orders"\n\n\ndef fetch(cur, order_id):\n    cur.execute(BASE_QUERY + " WHERE id = %s", (order_id,))\n' },
    { name: 'placeholder list built with join', code: 'def by_ids(cur, ids):\n    placeholders = ", ".join(["%s"] * len(ids))\n    cur.execute(f"SELECT * FROM orders WHERE id IN ({placeholders})", ids)\n' },
    { name: 'placeholder list built inline', code: 'def by_ids(conn, ids):\n    conn.execute(f"SELECT * FROM orders WHERE id IN ({\',\'.join(\'?\' * len(ids))})", ids)\n' },
    { name: 'VALUES placeholders built by a helper, row passed as parameters', code: 'def load(cur, frame):\n    values = placeholders_for(frame.columns)\n    for _, row in frame.iterrows():\n        sql = f"INSERT INTO supermarket VALUES ({values})"\n        cur.execute(sql, tuple(row))\n' },
    { name: 'int() and len() values cannot inject', code: 'def page(cur, limit, rows):\n    cur.execute(f"SELECT * FROM orders LIMIT {int(limit)} OFFSET {len(rows)}")\n' },
    { name: 'number literal in an f-string', code: 'def page(cur):\n    cur.execute(f"SELECT * FROM orders LIMIT {100}")\n' },
    { name: 'SQL-looking text only logged or printed', code: 'import logging\n\nlogger = logging.getLogger(__name__)\n\n\ndef report(table, day):\n    print(f"SELECT * FROM {table} WHERE day = \'{day}\'")\n    logger.info(f"running SELECT * FROM {table} WHERE day = {day}")\n' },
    { name: 'not SQL: GraphQL text to client.query', code: 'def users(client, n):\n    return client.query(f"{{ users(first: {n}) {{ id name }} }}")\n' },
    { name: 'not SQL: prose that starts with a keyword', code: 'def ask(cur, name):\n    cur.execute(f"Select a file for {name}")\n' },
    { name: 'query from a parameter (unknown construction)', code: 'def run(cur, query, params):\n    cur.execute(query, params)\n' },
    { name: 'a whole clause spliced in (composition is not visible here)', code: 'def search(cur, where_clause, params):\n    cur.execute(f"SELECT * FROM orders WHERE {where_clause}", params)\n' },
    { name: 'ORM query API', code: 'def one(session, order_id):\n    return session.query(Order).filter(Order.id == order_id).one()\n' },
    { name: 'Airflow Jinja template string', code: 'from airflow.providers.postgres.operators.postgres import PostgresOperator\n\nclean = PostgresOperator(task_id="clean", sql="DELETE FROM sales WHERE ds = \'{{ ds }}\'")\n' },
    { name: 'URL f-string to requests', code: 'import requests\n\n\ndef fetch(kind):\n    return requests.get(f"https://api.example.org/select?from={kind}", timeout=10)\n' },
    { name: 'format on a constant', code: 'TABLE_NAME = "orders"\n\n\ndef total(cur):\n    cur.execute("SELECT sum(amount) FROM {}".format(TABLE_NAME))\n' },
    { name: 'constant SQL cleaned with .strip() before it runs', code: 'def purge(cur):\n    stmt = "DELETE FROM archive WHERE code IS NULL   "\n    stmt = stmt.strip()\n    cur.execute(stmt)\n' },
    { name: 'suppressed line', code: 'def fetch(cur, table):\n    cur.execute(f"SELECT * FROM {table}")  # pipewise: ignore[PW102]\n' },
  ],
  fixes: [
    {
      name: 'f-string value becomes %s and a params tuple (unquoted: not safe)',
      code: 'import psycopg2\n\n\ndef fetch_order(conn, order_id):\n    cur = psycopg2.connect(conn).cursor()\n    cur.execute(f"SELECT * FROM orders WHERE order_id = {order_id}")\n    return cur.fetchone()\n',
      fix: 'Pass order_id as a query parameter',
      safe: false,
      output: 'import psycopg2\n\n\ndef fetch_order(conn, order_id):\n    cur = psycopg2.connect(conn).cursor()\n    cur.execute("SELECT * FROM orders WHERE order_id = %s", (order_id,))\n    return cur.fetchone()\n',
    },
    {
      name: 'quoted value with a known driver is safe; the quotes go',
      code: 'import psycopg2\n\nconn = psycopg2.connect(dsn)\n\n\ndef rows_for(region):\n    cur = conn.cursor()\n    cur.execute(f"SELECT * FROM sales WHERE region = \'{region}\'")\n    return cur.fetchall()\n',
      fix: 'Pass region',
      safe: true,
      output: 'import psycopg2\n\nconn = psycopg2.connect(dsn)\n\n\ndef rows_for(region):\n    cur = conn.cursor()\n    cur.execute("SELECT * FROM sales WHERE region = %s", (region,))\n    return cur.fetchall()\n',
    },
    {
      name: '% formatting in a variable: the string and the execute call change',
      code: 'import psycopg2\n\nconn = psycopg2.connect(dsn)\n\n\ndef clear(run_date):\n    cur = conn.cursor()\n    statement = "DELETE FROM staging WHERE ds = \'%s\'" % run_date\n    cur.execute(statement)\n',
      fix: 'Pass run_date',
      safe: true,
      output: 'import psycopg2\n\nconn = psycopg2.connect(dsn)\n\n\ndef clear(run_date):\n    cur = conn.cursor()\n    statement = "DELETE FROM staging WHERE ds = %s"\n    cur.execute(statement, (run_date,))\n',
    },
    {
      name: '.format() with two values, literal % doubled for pyformat',
      code: 'import psycopg2\n\nconn = psycopg2.connect(dsn)\ncur = conn.cursor()\ncur.execute("UPDATE orders SET status = \'{}\' WHERE id = {} AND note LIKE \'50%\'".format(status, order_id))\n',
      fix: 'Pass status, order_id as query parameters',
      safe: false,
      output: 'import psycopg2\n\nconn = psycopg2.connect(dsn)\ncur = conn.cursor()\ncur.execute("UPDATE orders SET status = %s WHERE id = %s AND note LIKE \'50%%\'", (status, order_id))\n',
    },
    {
      name: 'concatenation with a cursor passed in: the driver is guessed from the imports (not safe)',
      code: 'import psycopg2\n\n\ndef find_customer(cur, email):\n    cur.execute("SELECT * FROM customers WHERE email = \'" + email + "\'")\n',
      fix: 'Pass email',
      safe: false,
      output: 'import psycopg2\n\n\ndef find_customer(cur, email):\n    cur.execute("SELECT * FROM customers WHERE email = %s", (email,))\n',
    },
    {
      name: 'sqlite3 uses ? and keeps a literal %',
      code: 'import sqlite3\n\n\ndef lookup(name):\n    conn = sqlite3.connect("app.db")\n    return conn.execute(f"SELECT * FROM users WHERE name = \'{name}\' AND tag LIKE \'a%\'").fetchall()\n',
      fix: 'Pass name',
      safe: true,
      output: 'import sqlite3\n\n\ndef lookup(name):\n    conn = sqlite3.connect("app.db")\n    return conn.execute("SELECT * FROM users WHERE name = ? AND tag LIKE \'a%\'", (name,)).fetchall()\n',
    },
    {
      name: 'SQLAlchemy text() gets :name binds and .bindparams()',
      code: 'from sqlalchemy import text\n\n\ndef purge(conn, cutoff, tenant):\n    conn.execute(text(f"DELETE FROM audit_log WHERE created_at < \'{cutoff}\' AND tenant = \'{tenant}\'"))\n',
      fix: 'Pass cutoff, tenant as query parameters',
      safe: true,
      output: 'from sqlalchemy import text\n\n\ndef purge(conn, cutoff, tenant):\n    conn.execute(text("DELETE FROM audit_log WHERE created_at < :cutoff AND tenant = :tenant").bindparams(cutoff=cutoff, tenant=tenant))\n',
    },
    {
      name: 'pandas read_sql on a psycopg2 connection keeps constant fields and adds params=',
      code: 'import pandas as pd\nimport psycopg2\n\nORDERS = "sales.orders"\n\n\ndef day_orders(day):\n    conn = psycopg2.connect(dsn)\n    return pd.read_sql(f"SELECT * FROM {ORDERS} WHERE day = \'{day}\'", conn)\n',
      fix: 'Pass day',
      safe: true,
      output: 'import pandas as pd\nimport psycopg2\n\nORDERS = "sales.orders"\n\n\ndef day_orders(day):\n    conn = psycopg2.connect(dsn)\n    return pd.read_sql(f"SELECT * FROM {ORDERS} WHERE day = %s", conn, params=[day])\n',
    },
    {
      name: 'Airflow PostgresHook gets parameters=',
      code: 'from airflow.providers.postgres.hooks.postgres import PostgresHook\n\n\ndef extract(since):\n    hook = PostgresHook(postgres_conn_id="source")\n    return hook.get_records(f"SELECT * FROM orders WHERE updated_at > \'{since}\'")\n',
      fix: 'Pass since',
      safe: true,
      output: 'from airflow.providers.postgres.hooks.postgres import PostgresHook\n\n\ndef extract(since):\n    hook = PostgresHook(postgres_conn_id="source")\n    return hook.get_records("SELECT * FROM orders WHERE updated_at > %s", parameters=(since,))\n',
    },
  ],
};

export default cases;
