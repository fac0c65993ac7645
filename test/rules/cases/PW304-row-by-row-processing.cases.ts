import type { RuleCases } from '../../helpers/rule-tester';

const cases: RuleCases = {
  rule: 'PW304',
  flagged: [
    {
      name: 'an UPDATE per row whose SET list is joined from parts the loop appends (one statement per row, not a flush)',
      code: 'def update_assets(cursor, assets):\n    for asset in assets.itertuples():\n        parts = []\n        parts.append(f"status = \'{asset.status}\'")\n        stmt = f"UPDATE assets SET {\', \'.join(parts)} WHERE id = %s"\n        «cursor.execute(stmt, (asset.id,))»\n',
    },
    {
      name: 'one POST per row of a frame to the same ingestion endpoint (the body carries the row)',
      code: 'import requests\n\nINGEST_URL = "https://api.example.com/ingest"\n\n\ndef push(df):\n    for _, row in df.iterrows():\n        «requests.post(INGEST_URL, json={"id": row["id"], "qty": row["qty"]}, timeout=30)»\n',
    },
    {
      name: 'a list built by a comprehension over fetched rows is rows, not a few fixed items',
      code: 'def load(cur, fetched):\n    records = [dict(r) for r in fetched]\n    for record in records:\n        «cur.execute("INSERT INTO t (a) VALUES (%s)", (record["a"],))»\n',
    },
    {
      name: 'copy between databases through short-named cursors',
      code: `import psycopg2


def copy_customers(source, target):
    read = source.cursor()
    write = target.cursor()
    read.execute("SELECT id, email FROM customers")
    for row in read.fetchall():
        «write.execute("INSERT INTO customers_copy VALUES (%s, %s)", row)»
    target.commit()
`,
      message: /^write\.execute\(\) runs one database round trip per row of read\.fetchall\(\)/,
    },
    {
      name: 'range over a row count bound before the loop',
      code: `import pandas as pd
import psycopg2

vocabulary = pd.read_csv("terms.csv")
term_count = len(vocabulary)
store = psycopg2.connect(DSN)
cur = store.cursor()

for position in range(term_count):
    «cur.execute("INSERT INTO terms VALUES (%s)", (vocabulary.iat[position, 0],))»
store.commit()
`,
      message: /^cur\.execute\(\) runs one database round trip per row of range\(len\(vocabulary\)\)/,
    },
    {
      name: 'loop over a frame index calling a module helper that sends the request',
      code: `import pandas as pd
import requests

sites = pd.read_csv("sites.csv")


def locate(address):
    reply = requests.post("https://geo.example.test/lookup", json={"q": address}, timeout=10)
    return reply.json()["point"]


points = []
for position in sites.index:
    points.append(«locate(sites.loc[position, "address"])»)
sites["point"] = points
`,
      message: /^locate\(\) calls requests\.post\(\), which sends one HTTP request per row of sites\.index; /,
    },
    {
      name: 'iterrows calling a helper whose helper does the insert',
      code: `import pandas as pd


def write_one(cur, values):
    cur.execute("INSERT INTO readings VALUES (%s, %s)", values)


def store_reading(cur, row):
    write_one(cur, (row["sensor"], row["value"]))


def load(frame, cur):
    for _, row in frame.iterrows():
        «store_reading(cur, row)»
`,
      message: /^store_reading\(\) calls cur\.execute\(\) \(in write_one\), which runs one database round trip per row of frame\.iterrows\(\)/,
    },
    {
      name: 'one INSERT per record of an API payload',
      code: `import psycopg2
import requests

link = psycopg2.connect("dbname=catalog")
cursor = link.cursor()
reply = requests.get("https://api.example.test/albums", timeout=30)
payload = reply.json()
for album in payload:
    «cursor.execute("INSERT INTO albums (id, title) VALUES (%s, %s)", (album["id"], album["title"]))»
    link.commit()
`,
      message: /^cursor\.execute\(\) runs one database round trip per record of payload; send the rows in one call/,
    },
    {
      name: 'one INSERT per record of a JSON file, SQL in a name',
      code: `import json


def load_events(cur, path):
    statement = """
        INSERT INTO events (body) VALUES (%s)
    """
    with open(path) as handle:
        for event in json.load(handle):
            «cur.execute(statement, (json.dumps(event),))»
`,
      message: /per record of json\.load\(\)/,
    },
    {
      name: 'iterrows with a psycopg2 insert per row',
      code: 'import pandas as pd\nimport psycopg2\n\n\ndef load(dsn):\n    orders = pd.read_csv("orders.csv")\n    conn = psycopg2.connect(dsn)\n    cur = conn.cursor()\n    for _, row in orders.iterrows():\n        «cur.execute("INSERT INTO orders (id, amount) VALUES (%s, %s)", (row.id, row.amount))»\n    conn.commit()\n',
      priority: 'P3',
      message: /^cur\.execute\(\) runs one database round trip per row of orders\.iterrows\(\); send the rows in one call \(executemany, COPY or a bulk load\)$/,
    },
    {
      name: 'iterrows with an HTTP post per row',
      code: 'import requests\n\n\ndef push(df, url):\n    for _, row in df.iterrows():\n        «requests.post(url, json=row.to_dict(), timeout=10)»\n',
      message: /^requests\.post\(\) sends one HTTP request per row of df\.iterrows\(\)/,
    },
    {
      name: 'itertuples with SQLAlchemy 2.x connection.execute(text())',
      code: 'from sqlalchemy import create_engine, text\n\n\ndef load(df, url):\n    engine = create_engine(url)\n    with engine.begin() as conn:\n        for rec in df.itertuples(index=False):\n            «conn.execute(text("INSERT INTO t (a) VALUES (:a)"), {"a": rec.a})»\n',
    },
    {
      name: 'rows fetched from one cursor, updated one by one through another',
      code: 'def sync(conn):\n    read_cur = conn.cursor()\n    write_cur = conn.cursor()\n    read_cur.execute("SELECT id, email FROM users WHERE updated_at > %s", (since,))\n    for user_id, email in read_cur.fetchall():\n        «write_cur.execute("UPDATE crm SET email = %s WHERE id = %s", (email, user_id))»\n',
    },
    {
      name: 'BigQuery result rows inserted into Postgres one at a time',
      code: 'from google.cloud import bigquery\n\n\ndef copy(connection):\n    client = bigquery.Client()\n    results = client.query("SELECT a, b, c FROM ds.journals WHERE day = @d")\n    with connection.cursor() as cur:\n        for row in results:\n            «cur.execute("INSERT INTO journals VALUES (%s, %s, %s)", (row[0], row[1], row[2]))»\n',
    },
    {
      name: 'records streamed to BigQuery one by one',
      code: 'from google.cloud import bigquery\n\n\ndef stream(df):\n    client = bigquery.Client()\n    for record in df.to_dict("records"):\n        «client.insert_rows_json("proj.ds.events", [record])»\n',
      message: /uploads once per row/,
    },
    {
      name: 'loop over the index posting each row',
      code: 'import pandas as pd\nimport requests\n\nURL = "https://api.example.com/ingest"\ndata = pd.read_csv("sample.csv")\nfor i in data.index:\n    export = data.loc[i].to_json()\n    «requests.post(URL, data=export, timeout=10)»\n',
    },
    {
      name: 'csv.DictReader rows inserted one by one',
      code: 'import csv\n\n\ndef load(conn, path):\n    cur = conn.cursor()\n    with open(path) as handle:\n        for line in csv.DictReader(handle):\n            «cur.execute("INSERT INTO leads (email) VALUES (%s)", (line["email"],))»\n',
    },
    {
      name: 'Snowflake cursor per row',
      code: 'import snowflake.connector\n\n\ndef load(df):\n    ctx = snowflake.connector.connect(account=acct, user=user, password=os.environ["SF_PASSWORD"])\n    cs = ctx.cursor()\n    for _, row in df.iterrows():\n        «cs.execute("INSERT INTO RAW.ORDERS VALUES (%s, %s)", (row["ID"], row["AMOUNT"]))»\n',
    },
    {
      name: 'one query per row (N+1 read)',
      code: 'import pandas as pd\n\n\ndef orders_per_customer(customers, conn):\n    frames = []\n    for _, row in customers.iterrows():\n        frames.append(«pd.read_sql("SELECT * FROM orders WHERE customer_id = %s", conn, params=[row.id])»)\n    return pd.concat(frames)\n',
      message: /runs one query per row/,
    },
    {
      name: 'boto3 put_object per row',
      code: 'import json\nimport boto3\n\n\ndef export(df):\n    s3 = boto3.client("s3")\n    for _, row in df.iterrows():\n        «s3.put_object(Bucket="exports", Key=f"rows/{row.id}.json", Body=json.dumps(row.to_dict()))»\n',
    },
    {
      name: 'a connection opened per row',
      code: 'import psycopg2\n\n\ndef load(rows, dsn):\n    for row in rows:\n        conn = «psycopg2.connect(dsn)»\n        with conn:\n            conn.cursor().execute("INSERT INTO t VALUES (%s)", (row,))\n',
      message: /^psycopg2\.connect\(\) opens one connection per row of rows \(and 1 more I\/O call\); connect once before the loop/,
    },
    {
      name: 'to_sql of a one-row frame per row',
      code: 'import pandas as pd\n\n\ndef load(df, engine):\n    for _, row in df.iterrows():\n        «row.to_frame().T.to_sql("events", engine, if_exists="append", index=False)»\n',
    },
    {
      name: 'apply(axis=1) with a lambda calling an API',
      code: 'import requests\n\n\ndef enrich(df):\n    df["geo"] = «df.apply(lambda r: requests.post("https://geo.example.com/geocode", json={"zip": r.zip}, timeout=5).json(), axis=1)»\n    return df\n',
      message: /^apply\(\) on df calls requests\.post\(\) for every row, which sends one HTTP request per row/,
    },
    {
      name: 'Series.apply with a module function calling an API',
      code: 'import pandas as pd\nimport requests\n\n\ndef lookup(customer_id):\n    return requests.post("https://crm.example.com/segments/search", json={"id": customer_id}, timeout=5).json()["segment"]\n\n\ndef enrich():\n    orders = pd.read_parquet("orders.parquet")\n    orders["segment"] = «orders["customer_id"].apply(lookup)»\n    return orders\n',
      message: /calls requests\.post\(\) \(in lookup\) for every row/,
    },
    {
      name: 'apply(axis="columns") with a helper that writes to the database',
      code: 'def write_row(row):\n    _insert(row)\n\n\ndef _insert(row):\n    cursor.execute("INSERT INTO audit VALUES (%s, %s)", (row["id"], row["status"]))\n\n\ndef audit(frame):\n    «frame.apply(write_row, axis="columns")»\n',
    },
    {
      name: 'Airflow hook records written back one by one',
      code: 'from airflow.providers.postgres.hooks.postgres import PostgresHook\n\n\ndef copy_rows():\n    hook = PostgresHook(postgres_conn_id="warehouse")\n    for row in hook.get_records("SELECT id, total FROM staging.orders WHERE day = %s", parameters=[ds]):\n        «hook.run("INSERT INTO mart.orders VALUES (%s, %s)", parameters=row)»\n',
    },
    {
      name: 'nested loops: reported once, on the inner row loop',
      code: 'import pandas as pd\n\n\ndef load(conn, paths):\n    cur = conn.cursor()\n    for path in paths:\n        df = pd.read_csv(path)\n        for _, row in df.iterrows():\n            «cur.execute("INSERT INTO t VALUES (%s)", (row.a,))»\n',
    },
    {
      name: 'Spark rows collected and posted',
      code: 'import requests\n\n\ndef notify(spark):\n    alerts = spark.sql("SELECT * FROM alerts WHERE day = current_date()")\n    for row in alerts.collect():\n        «requests.post("https://hooks.example.com/alert", json=row.asDict(), timeout=5)»\n',
    },
    {
      name: 'class method with a cursor attribute',
      code: 'class Loader:\n    def load(self, df):\n        for _, row in df.iterrows():\n            «self.cursor.execute("INSERT INTO t VALUES (%s)", (row.a,))»\n        self.conn.commit()\n',
    },
    {
      name: 'Spark: a one-row frame appended to a table per collected row',
      code: 'from pyspark.sql import SparkSession\n\n\ndef audit(spark, changes):\n    for row in changes.collect():\n        entry = spark.createDataFrame([row])\n        «entry.write.mode("append").saveAsTable("audit.changes")»\n',
      message: /^entry\.write\.mode\.saveAsTable\(\) uploads once per row of changes\.collect\(\)/,
    },
    {
      name: 'Spark: a one-row frame written over JDBC per record',
      code: 'from pyspark.sql import SparkSession\n\n\ndef push(spark, records, url):\n    for record in records:\n        «spark.createDataFrame([record]).write.jdbc(url, "events", mode="append")»\n',
    },
    {
      name: 'one INSERT per article of an API response list (not a row loop by name)',
      code: 'import psycopg2\n\n\ndef store_headlines(news_client, dsn):\n    headlines = news_client.get_top_headlines(category="business")\n    conn = psycopg2.connect(dsn)\n    cur = conn.cursor()\n    for article in headlines["articles"]:\n        «cur.execute("INSERT INTO articles (title, url) VALUES (%s, %s) ON CONFLICT (url) DO NOTHING", (article["title"], article["url"]))»\n    conn.commit()\n',
      message: /^cur\.execute\(\) runs one database round trip per record of headlines\["articles"\]; send the rows in one call/,
    },
    {
      name: 'one INSERT per item of a list parameter, statement bound to a name in the loop',
      code: 'def save_officers(db, symbol, officers):\n    with db.cursor() as cursor:\n        for officer in officers:\n            statement = """\n                INSERT INTO company_officers (symbol, name, title)\n                VALUES (%s, %s, %s)\n            """\n            «cursor.execute(statement, (symbol, officer.get("name"), officer.get("title")))»\n',
    },
    {
      name: 'SQLAlchemy text() UPDATE per item',
      code: 'from sqlalchemy import create_engine, text\n\nengine = create_engine(DB_URL)\n\n\ndef mark_paid(invoices):\n    with engine.begin() as conn:\n        for invoice in invoices:\n            «conn.execute(text("UPDATE invoices SET paid = true WHERE id = :id"), {"id": invoice.id})»\n',
    },
    {
      name: 'table name from a parameter, rows from the frame: still one INSERT per row',
      code: 'import pandas as pd\n\n\ndef store(cursor, frame: pd.DataFrame, table_name):\n    for _, row in frame.iterrows():\n        query = f"INSERT INTO {table_name} (symbol, close) VALUES (%s, %s)"\n        «cursor.execute(query, (row["symbol"], float(row["close"])))»\n',
    },
    {
      name: 'SQLAlchemy Core insert built per spreadsheet row',
      code: 'from sqlalchemy import insert\n\n\ndef import_sheet(conn, sheet, table, columns):\n    for row in sheet.iter_rows(values_only=True):\n        stmt = insert(table).values(dict(zip(columns, row)))\n        «conn.execute(stmt)»\n',
    },
    {
      name: 'Lambda handler inserting each stream record into Redshift',
      code: 'import psycopg2\n\n\ndef handler(event, context):\n    with psycopg2.connect(DSN) as conn:\n        cur = conn.cursor()\n        for record in event["Records"]:\n            image = record["dynamodb"]["NewImage"]\n            «cur.execute("INSERT INTO events (id, payload) VALUES (%s, %s)", (image["id"], image["payload"]))»\n',
    },
    {
      name: 'column list spliced from each record: still one INSERT per row',
      code: 'def save_features(db, features):\n    for _, row in features.iterrows():\n        record = row.to_dict()\n        columns = list(record.keys())\n        query = f"INSERT INTO features ({\', \'.join(columns)}) VALUES ({\', \'.join([\'%s\'] * len(columns))})"\n        with db.session() as cursor:\n            «cursor.execute(query, [record[c] for c in columns])»\n',
    },
    {
      name: 'flat script: one INSERT per item of an API response',
      code: 'import psycopg2\nimport requests\n\nreply = requests.get("https://api.example.com/v1/rates", timeout=30)\nconn = psycopg2.connect(DSN)\ncur = conn.cursor()\nfor rate in reply.json()["rates"]:\n    «cur.execute("INSERT INTO rates (code, value) VALUES (%s, %s)", (rate["code"], rate["value"]))»\nconn.commit()\n',
    },
  ],
  notFlagged: [
    { name: 'a GET lookup per row (no bulk form to batch into)', code: 'import pandas as pd\nimport requests\n\n\ndef locate(address):\n    return requests.get("https://geo.example.test/lookup", params={"q": address}, timeout=10).json()["point"]\n\n\ndef enrich():\n    sites = pd.read_csv("sites.csv")\n    sites["point"] = sites["address"].apply(locate)\n    for _, row in sites.iterrows():\n        requests.get("https://geo.example.test/check", params={"id": row["id"]}, timeout=10)\n    return sites\n' },
    { name: 'a DynamoDB query per partition key (one key per Query)', code: 'import boto3\n\n\ndef load(routes):\n    table = boto3.resource("dynamodb").Table("trips")\n    rows = []\n    for route in routes.itertuples():\n        rows.extend(table.query(KeyConditionExpression=Key("route").eq(route.id))["Items"])\n    return rows\n' },
    {
      name: 'range(len(df)) with an HTTP call (the item is in the URL: a per-item endpoint, no bulk form to batch into)',
      code: 'import requests\n\n\ndef push(df):\n    for i in range(len(df)):\n        requests.put(f"https://api.example.com/items/{df.iloc[i].id}", json=df.iloc[i].to_dict(), timeout=5)\n',
    },
    {
      name: 'ids of a column deleted one by one over HTTP (the item is in the URL: a per-item endpoint, no bulk form to batch into)',
      code: 'import pandas as pd\nimport requests\n\n\ndef purge():\n    stale = pd.read_csv("stale.csv")\n    for order_id in stale["id"].tolist():\n        requests.delete(f"https://api.example.com/orders/{order_id}", timeout=10)\n',
    },
    {
      name: 'frame rows enriched over HTTP without pacing (the item is in the URL: a per-item endpoint, no bulk form to batch into)',
      code: 'import requests\nimport pandas as pd\n\n\ndef enrich(stores: pd.DataFrame):\n    for row in stores.itertuples():\n        reply = requests.get(f"https://geo.example.com/v1/lookup/{row.zip}", timeout=10)\n        stores.loc[row.Index, "lat"] = reply.json()["lat"]\n',
    },
    {
      name: 'a DELETE per item to a per-item REST endpoint (the item id is in the URL path)',
      code: 'import requests\n\n\ndef expire_prices(df, account, headers):\n    for _, row in df.iterrows():\n        url = f"https://api.example.com/{account}/pricing/prices/{row[\'sku\']}/fixed/{row[\'table\']}"\n        requests.delete(url, headers=headers, timeout=30)\n',
    },
    {
      name: 'a GET per row whose query string carries the row (a distance lookup per pair of coordinates)',
      code: 'import requests\n\n\ndef distances(df, key):\n    out = []\n    for i in range(len(df)):\n        origin = str(df.iloc[i]["lat"]) + "," + str(df.iloc[i]["lng"])\n        r = requests.get("https://maps.example.com/distance?origins=" + origin + "&key=" + key, timeout=30)\n        out.append(r.json())\n    return out\n',
    },
    {
      name: 'a batch list serialised under another name and posted every 500 rows (a flush, not a request per row)',
      code: 'import json\n\nimport requests\n\n\ndef push_stock(df, url, headers):\n    payload = []\n    for i in df.index:\n        payload.append({"sku": df.at[i, "sku"], "qty": int(df.at[i, "qty"])})\n        if i % 499 == 0:\n            body = json.dumps(payload)\n            requests.post(url, headers=headers, data=body, timeout=60)\n            payload = []\n',
    },
    {
      name: 'a loop over a few contract terms written as a literal list (one set-based statement per term)',
      code: 'def earnings(cur):\n    for row in [("2024-01-01", "2024-06-30"), ("2024-07-01", "2024-12-31")]:\n        cur.execute("INSERT INTO earnings SELECT * FROM staged WHERE day BETWEEN %s AND %s", row)\n',
    },
    {
      name: 'a loop over a module-level list of a handful of config entries',
      code: 'TERMS = [\n    {"name": "3m", "months": 3},\n    {"name": "6m", "months": 6},\n    {"name": "12m", "months": 12},\n]\n\n\ndef load_terms(cur):\n    for record in TERMS:\n        cur.execute("INSERT INTO terms (name, months) VALUES (%s, %s)", (record["name"], record["months"]))\n',
    },
    {
      name: 'a few monthly values in a local literal dict, upserted through .items()',
      code: 'def upsert_okrs(cur):\n    records = {"jan": 0.4, "feb": 0.5, "mar": 0.7}\n    for month, record in records.items():\n        cur.execute("INSERT INTO okr (month, value) VALUES (%s, %s) ON CONFLICT (month) DO UPDATE SET value = EXCLUDED.value", (month, record))\n',
    },
    {
      name: 'one request per month of a year (range of literal bounds) with enumerate',
      code: 'import requests\n\n\ndef fetch_year(session):\n    for i, row in enumerate(range(1, 13)):\n        requests.post("https://api.example.com/report", json={"month": row}, timeout=30)\n',
    },
    {
      name: 'a loop over the tables a flag dict names (for table_name in has_new_rows): one read and one load per table',
      code: 'import io\nimport os\n\nimport boto3\nimport pandas as pd\n\n\ndef read_parquet_from_s3(client, bucket, key):\n    obj = client.get_object(Bucket=bucket, Key=key)\n    return pd.read_parquet(io.BytesIO(obj["Body"].read()))\n\n\ndef insert_into_dw(df, db, table_name):\n    cursor = db.cursor()\n    cursor.execute(f"INSERT INTO {table_name} SELECT * FROM staging.{table_name}")\n    db.commit()\n\n\ndef handler(event, context):\n    client = boto3.client("s3")\n    db = connect()\n    has_new_rows = event["HasNewRows"]\n    for table_name in has_new_rows:\n        if has_new_rows[table_name]:\n            df = read_parquet_from_s3(client, os.environ["BUCKET"], f"{table_name}/latest.parquet")\n            insert_into_dw(df, db, table_name)\n',
    },
    {
      name: 'a migration runner records each applied SQL file (one row per file, not per data row)',
      code: 'import glob\n\n\ndef migrate(conn, folder):\n    cur = conn.cursor()\n    sql_files = sorted(glob.glob(f"{folder}/*.sql"))\n    for path in sql_files:\n        with open(path) as f:\n            cur.execute(f.read())\n        cur.execute("INSERT INTO schema_migrations (filename) VALUES (%s)", (path,))\n        conn.commit()\n',
    },
    {
      name: 'one load-log row per file listed in the landing folder',
      code: 'import os\n\n\ndef register(cur, landing):\n    for name in os.listdir(landing):\n        cur.execute("INSERT INTO landed_files (name) VALUES (%s)", (name,))\n',
    },
    {
      name: 'a stored procedure per case whose returned status row is checked',
      code: 'def create_cases(conn, df):\n    ids = []\n    for row in df.itertuples(index=False):\n        cursor = conn.execute("EXEC sp_create_case ?, ?", row.case_id, row.owner)\n        status = cursor.fetchone()\n        if status is None:\n            raise RuntimeError("case not created")\n        ids.append(status[0])\n    return ids\n',
    },
    {
      name: 'INSERT … RETURNING id per row, each id kept',
      code: 'def seed(cur, df):\n    ids = []\n    for _, row in df.iterrows():\n        cur.execute("INSERT INTO parents (name) VALUES (%s) RETURNING id", (row["name"],))\n        ids.append(cur.fetchone()[0])\n    return ids\n',
    },
    {
      name: 'a per-item count lookup read with scalar() that stops at the first hit',
      code: 'def has_future_jobs(session, people):\n    for person in people:\n        if session.execute(f"SELECT COUNT(*) FROM jobs WHERE person_id = {person.id}").scalar():\n            return True\n    return False\n',
    },
    {
      name: 'the result object of each call is read in the loop',
      code: 'def retire(conn, records):\n    failures = []\n    for row in records:\n        result = conn.execute("EXEC sp_retire ?", row["id"])\n        outcome = result.fetchone()\n        if outcome[0] != "Success":\n            failures.append(row)\n    return failures\n',
    },
    {
      name: 'sample rows of each table listed by information_schema',
      code: 'import psycopg2\n\n\ndef show(conn):\n    cursor = conn.cursor()\n    cursor.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = \'public\'")\n    tables_info = cursor.fetchall()\n    for (table_name,) in tables_info:\n        if table_name == "orders":\n            cursor.execute("SELECT * FROM orders LIMIT 5")\n            print(cursor.fetchall())\n',
    },
    {
      name: 'one multi-row INSERT per chunk of a frame',
      code: 'def insert_frame(cursor, df, chunk_size=500):\n    for start in range(0, len(df), chunk_size):\n        chunk = df.iloc[start:start + chunk_size]\n        values = ", ".join(f"({r.id}, \'{r.name}\')" for r in chunk.itertuples())\n        statement = f"INSERT INTO people (id, name) VALUES {values}"\n        cursor.execute(statement)\n',
    },
    {
      name: 'S3 event records: one object copy per record (objects, not rows)',
      code: 'import boto3\n\ns3 = boto3.client("s3")\n\n\ndef lambda_handler(event, context):\n    for record in event.get("Records", []):\n        key = record["s3"]["object"]["key"]\n        s3.copy_object(Bucket="raw", Key=key, CopySource={"Bucket": "landing", "Key": key})\n',
    },
    {
      name: 'files listed in a payload uploaded one by one',
      code: 'import boto3\n\n\ndef upload(payload):\n    s3 = boto3.client("s3")\n    for record in payload:\n        s3.upload_file(record["path"], "landing", record["key"])\n',
    },
    {
      name: 'sqlite3: per-row inserts into a local file database (no round trip)',
      code: 'import sqlite3\n\n\ndef copy_customers(source, target):\n    read = source.cursor()\n    write = target.cursor()\n    read.execute("SELECT id, email FROM customers")\n    for row in read.fetchall():\n        write.execute("INSERT INTO customers_copy VALUES (?, ?)", row)\n    target.commit()\n',
    },
    {
      name: 'DuckDB connection in process',
      code: 'import duckdb\n\ncon = duckdb.connect("local.duckdb")\nfor row in con.execute("SELECT id FROM staging").fetchall():\n    con.execute("INSERT INTO seen VALUES (?)", row)\n',
    },
    {
      name: 'a cursor of unknown driver in a module whose only database is sqlite3',
      code: 'import sqlite3\n\n\ndef migrate(conn):\n    cursor = conn.cursor()\n    cursor.execute("SELECT replay_id FROM replay_metadata")\n    for meta in cursor.fetchall():\n        cursor.execute("INSERT OR REPLACE INTO replay_status (replay_id) VALUES (?)", (meta["replay_id"],))\n',
    },
    {
      name: 'row counts per table of the catalogue (one statement per table, not per row)',
      code: 'import psycopg2\n\n\ndef report(dsn):\n    conn = psycopg2.connect(dsn)\n    cursor = conn.cursor()\n    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = \'public\'")\n    tables = cursor.fetchall()\n    for table in tables:\n        table_name = table[0]\n        cursor.execute(f"SELECT COUNT(*) FROM {table_name}")\n        print(table_name, cursor.fetchone()[0])\n',
    },
    {
      name: 'dropping backup tables one by one with a format() template',
      code: 'import psycopg2\n\n\ndef drop_backups(conn):\n    cur = conn.cursor()\n    cur.execute("SELECT tablename FROM pg_tables WHERE tablename LIKE \'backup_%\'")\n    for row in cur.fetchall():\n        cur.execute("DROP TABLE IF EXISTS {}".format(row[0]))\n',
    },
    {
      name: 'replaying DDL read from the source catalogue',
      code: 'import psycopg2\n\n\ndef clone_schema(source, target):\n    src = source.cursor()\n    dst = target.cursor()\n    src.execute("SELECT ddl FROM schema_snapshot ORDER BY position")\n    for row in src.fetchall():\n        dst.execute(row[0])\n',
    },
    {
      name: 'Flask route handler querying per contact of one person',
      code: 'from flask import Blueprint\nfrom sqlalchemy import text\n\napi = Blueprint("api", __name__)\n\n\n@api.route("/people/<person_id>")\ndef person(person_id):\n    with engine.connect() as connection:\n        rows = connection.execute(text("SELECT * FROM contacts WHERE person_id = :p"), {"p": person_id}).fetchall()\n        for row in rows:\n            connection.execute(text("SELECT * FROM donations WHERE contact_id = :c"), {"c": row["id"]})\n',
    },
    {
      name: 'FastAPI handler calling a vendor API per record of one customer',
      code: 'import requests\nfrom fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.get("/customers/{customer_id}/animals")\ndef animals(customer_id: str):\n    records = lookup(customer_id)\n    for record in records:\n        requests.get(f"https://vendor.example.com/animals/{record[\'animal_id\']}", timeout=10)\n',
    },
    {
      name: 'API lookups per row deliberately paced for a rate limit',
      code: 'import time\n\nimport pandas as pd\nimport requests\n\n\ndef fetch_subjects(books: pd.DataFrame):\n    for row in books.itertuples():\n        reply = requests.get(f"https://openlibrary.org{row.key}.json", timeout=10)\n        yield reply.json()\n        time.sleep(0.5)\n',
    },
    {
      name: 'seed rows from a literal list',
      code: 'def seed(cur):\n    for code in ["USD", "EUR", "GBP"]:\n        cur.execute("INSERT INTO currencies (code) VALUES (%s)", (code,))\n',
    },
    {
      name: 'one INSERT … SELECT per day (a set-based statement per partition)',
      code: 'def backfill(cur, days):\n    for day in days:\n        cur.execute("INSERT INTO daily_sales SELECT * FROM raw_sales WHERE sale_date = %s", (day,))\n',
    },
    {
      name: 'range stepping over chunks of a frame, one batch insert per chunk',
      code: `import pandas as pd
from airflow.providers.postgres.hooks.postgres import PostgresHook


def load_raw(path, table):
    frame = pd.read_csv(path)
    hook = PostgresHook(postgres_conn_id="warehouse")
    batch = 5000
    for offset in range(0, len(frame), batch):
        part = frame.iloc[offset:offset + batch]
        hook.insert_rows(table=table, rows=part.values.tolist(), target_fields=list(part.columns))
`,
    },
    {
      name: 'loop over a frame index calling a helper that only computes',
      code: `import pandas as pd

sites = pd.read_csv("sites.csv")


def normalise(address):
    return " ".join(address.split()).upper()


cleaned = []
for position in sites.index:
    cleaned.append(normalise(sites.loc[position, "address"]))
sites["address"] = cleaned
`,
    },
    {
      name: 'one HTTP call per item of an API payload (often the only way an API offers)',
      code: `import requests

listing = requests.get("https://api.example.test/reports", timeout=30).json()
for report in listing:
    detail = requests.get(report["href"], timeout=30)
    detail.raise_for_status()
`,
    },
    {
      name: 'DDL per entry of a JSON config, not a row write',
      code: `import json


def reset_tables(cur, path):
    with open(path) as handle:
        for table in json.load(handle):
            cur.execute(f"TRUNCATE TABLE {table}")
`,
    },
    {
      name: 'DDL statements through a short-named cursor (not a row loop)',
      code: `import sqlite3

DDL = ["CREATE TABLE IF NOT EXISTS a (id int)", "CREATE TABLE IF NOT EXISTS b (id int)"]


def create_tables(conn):
    c = conn.cursor()
    for statement in DDL:
        c.execute(statement)
    conn.commit()
`,
    },
    {
      name: 'rows collected, then one executemany',
      code: 'def load(conn, df):\n    cur = conn.cursor()\n    values = []\n    for _, row in df.iterrows():\n        values.append((row.a, row.b))\n    cur.executemany("INSERT INTO t (a, b) VALUES (%s, %s)", values)\n',
    },
    {
      name: 'psycopg2 execute_values',
      code: 'from psycopg2.extras import execute_values\n\n\ndef load(cur, df):\n    execute_values(cur, "INSERT INTO t (a, b) VALUES %s", list(df.itertuples(index=False, name=None)))\n',
    },
    {
      name: 'batch flushed from inside the loop',
      code: 'def load(conn, rows):\n    cur = conn.cursor()\n    batch = []\n    for row in rows:\n        batch.append(row)\n        if len(batch) >= 1000:\n            cur.executemany("INSERT INTO t VALUES (%s, %s)", batch)\n            batch.clear()\n',
    },
    {
      name: 'streaming inserts flushed every N rows',
      code: 'from google.cloud import bigquery\n\n\ndef stream(records):\n    client = bigquery.Client()\n    pending = []\n    for record in records:\n        pending.append(record)\n        if len(pending) == 500:\n            client.insert_rows_json("proj.ds.events", pending)\n            pending = []\n',
    },
    {
      name: 'chunked read written chunk by chunk',
      code: 'import pandas as pd\n\n\ndef copy(conn, engine):\n    for chunk in pd.read_sql("SELECT * FROM events WHERE day = %s", conn, params=[day], chunksize=50000):\n        chunk.to_sql("events_copy", engine, if_exists="append", index=False)\n',
    },
    {
      name: 'iterrows with in-memory work only',
      code: 'import pandas as pd\n\n\ndef totals(df):\n    out = {}\n    for _, row in df.iterrows():\n        out[row.id] = row.quantity * row.unit_price\n    return out\n',
    },
    {
      name: 'one statement per table, not per row',
      code: 'def truncate(conn, tables):\n    cur = conn.cursor()\n    for table in tables:\n        cur.execute(f"TRUNCATE {table}")\n',
    },
    {
      name: 'one file read per path',
      code: 'import pandas as pd\n\n\ndef read_all(paths):\n    return pd.concat([pd.read_csv(path) for path in paths])\n\n\ndef read_loop(paths):\n    frames = []\n    for path in paths:\n        frames.append(pd.read_parquet(path))\n    return frames\n',
    },
    {
      name: 'API pagination',
      code: 'import requests\n\n\ndef pages(url, n):\n    out = []\n    for page in range(1, n + 1):\n        out.extend(requests.get(url, params={"page": page}, timeout=10).json())\n    return out\n',
    },
    {
      name: 'apply(axis=1) with pure computation',
      code: 'import numpy as np\n\n\ndef distance(row):\n    return np.hypot(row["x1"] - row["x2"], row["y1"] - row["y2"])\n\n\ndef add_distance(df):\n    df["dist"] = df.apply(distance, axis=1)\n    df["half"] = df.apply(lambda r: r.dist / 2, axis=1)\n    return df\n',
    },
    {
      name: 'callback from another library (unknown I/O)',
      code: 'import pandas as pd\nfrom geopy.geocoders import Nominatim\n\n\ndef geocode(df):\n    locator = Nominatim(user_agent="etl")\n    df["point"] = df["address"].apply(locator.geocode)\n    return df\n',
    },
    {
      name: 'column-wise apply (axis=0)',
      code: 'import pandas as pd\nimport requests\n\n\ndef push_column(col):\n    requests.post("https://api.example.com/cols", json=col.tolist(), timeout=10)\n\n\ndef f(df):\n    df.apply(push_column)\n    df.apply(push_column, axis=0)\n',
    },
    {
      name: 'rows written to a local CSV',
      code: 'import csv\n\n\ndef dump(df, path):\n    with open(path, "w", newline="") as handle:\n        writer = csv.writer(handle)\n        for row in df.itertuples(index=False):\n            writer.writerow(row)\n',
    },
    {
      name: 'rows printed and logged',
      code: 'import logging\n\nlogger = logging.getLogger(__name__)\n\n\ndef show(rows):\n    for row in rows:\n        print(row)\n        logger.debug("row %s", row)\n',
    },
    {
      name: 'retry loop around one statement',
      code: 'import time\n\n\ndef run(cur, sql):\n    for attempt in range(3):\n        try:\n            cur.execute(sql)\n            return\n        except Exception:\n            time.sleep(2 ** attempt)\n    raise RuntimeError("gave up")\n',
    },
    {
      name: 'frame split into chunks',
      code: 'import numpy as np\n\n\ndef load(df, engine):\n    for part in np.array_split(df, 10):\n        part.to_sql("t", engine, if_exists="append", index=False)\n',
    },
    {
      name: 'rows gathered, one load after the loop',
      code: 'from google.cloud import bigquery\n\n\ndef load(rows):\n    client = bigquery.Client()\n    payload = []\n    for row in rows:\n        payload.append({"id": row[0], "total": row[1]})\n    client.load_table_from_json(payload, "proj.ds.totals").result()\n',
    },
    {
      name: 'reading rows from a cursor',
      code: 'def read(conn):\n    cur = conn.cursor()\n    cur.execute("SELECT id FROM t WHERE day = %s", (day,))\n    ids = []\n    for row in cur:\n        ids.append(row[0])\n    return ids\n',
    },
    {
      name: 'batches of rows sent one batch at a time',
      code: 'def load(cursor, records):\n    for batch in chunker(records, 1000):\n        cursor.execute("INSERT INTO t VALUES " + ",".join(batch))\n',
    },
    {
      name: 'Spark foreachPartition (the work is distributed)',
      code: 'def write(df):\n    df.foreachPartition(send_partition)\n    df.write.mode("overwrite").saveAsTable("out")\n',
    },
    {
      name: 'map over a column with a dict lookup',
      code: 'import pandas as pd\n\nSEGMENTS = {"a": 1}\n\n\ndef f(df):\n    df["seg"] = df["code"].map(SEGMENTS)\n    df["seg2"] = df["code"].apply(str.upper)\n    return df\n',
    },
    {
      name: 'one DDL statement per column name',
      code: 'import pandas as pd\n\n\ndef widen(cur, df):\n    for col in df.columns.tolist():\n        cur.execute(f"ALTER TABLE staging ADD COLUMN IF NOT EXISTS {col} TEXT")\n',
    },
    {
      name: 'iterating a DataFrame yields column names',
      code: 'import pandas as pd\n\n\ndef grant(cur):\n    df = pd.read_csv("x.csv")\n    recent = df.query("year > 2020")\n    for name in recent:\n        cur.execute("COMMENT ON COLUMN t.%s IS \'seen\'", (name,))\n',
    },
    {
      name: 'execute on a name bound to something other than a cursor, per row',
      code: 'def run(engine_factory, df):\n    runner = engine_factory.build()\n    for _, row in df.iterrows():\n        runner.execute(row.command)\n',
    },
    {
      name: 'Spark: one JDBC read and one table write per row of a table list (metadata-driven copy)',
      code: 'from pyspark.sql import SparkSession\n\n\ndef copy_tables(spark, url, config):\n    for row in config.collect():\n        frame = spark.read.format("jdbc").option("url", url).option("dbtable", row.source).load()\n        frame.write.mode("overwrite").saveAsTable(row.target)\n',
    },
    {
      name: 'Spark: spark.table per record of a driver-side list',
      code: 'from pyspark.sql import SparkSession\n\n\ndef counts(spark, records):\n    out = {}\n    for record in records:\n        out[record] = spark.table(record).count()\n    return out\n',
    },
  ],
  fixes: [
    {
      name: 'iterrows insert becomes one executemany',
      fix: 'Insert all rows with one',
      safe: false,
      code: 'import pandas as pd\nfrom tenacity import retry, stop_after_attempt\n\nINSERT_ORDER = "INSERT INTO orders (id, amount) VALUES (%s, %s)"\n\n\n@retry(stop=stop_after_attempt(3))\ndef load(conn, orders: pd.DataFrame):\n    cur = conn.cursor()\n    for _, row in orders.iterrows():\n        cur.execute(INSERT_ORDER, (row.id, row["amount"]))\n    conn.commit()\n',
      output: 'import pandas as pd\nfrom tenacity import retry, stop_after_attempt\n\nINSERT_ORDER = "INSERT INTO orders (id, amount) VALUES (%s, %s)"\n\n\n@retry(stop=stop_after_attempt(3))\ndef load(conn, orders: pd.DataFrame):\n    cur = conn.cursor()\n    cur.executemany(INSERT_ORDER, orders[["id", "amount"]].itertuples(index=False, name=None))\n    conn.commit()\n',
    },
    {
      name: 'itertuples(index=False) with list parameters',
      fix: 'Insert all rows with one',
      code: 'from tenacity import retry\n\n\n@retry\ndef load(conn, df):\n    with conn.cursor() as cursor:\n        for rec in df.itertuples(index=False):\n            cursor.execute("INSERT INTO t (a, b) VALUES (%s, %s)", [rec.a, rec.b])\n',
      output: 'from tenacity import retry\n\n\n@retry\ndef load(conn, df):\n    with conn.cursor() as cursor:\n        cursor.executemany("INSERT INTO t (a, b) VALUES (%s, %s)", df[["a", "b"]].itertuples(index=False, name=None))\n',
    },
    {
      name: 'cursor bound to dst.cursor() under a short name',
      fix: 'Insert all rows with one',
      code: 'from tenacity import retry\n\n\n@retry\ndef load(dst, df):\n    dcur = dst.cursor()\n    for _, row in df.iterrows():\n        dcur.execute("INSERT INTO t (a, b) VALUES (%s, %s)", (row.a, row.b))\n    dst.commit()\n',
      output: 'from tenacity import retry\n\n\n@retry\ndef load(dst, df):\n    dcur = dst.cursor()\n    dcur.executemany("INSERT INTO t (a, b) VALUES (%s, %s)", df[["a", "b"]].itertuples(index=False, name=None))\n    dst.commit()\n',
    },
  ],
};

export default cases;
