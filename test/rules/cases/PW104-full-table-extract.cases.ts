import type { RuleCases } from '../../helpers/rule-tester';

const SALES_EXTRACT = `import pandas as pd
import psycopg2


def extract_sales():
    conn = psycopg2.connect("postgresql://user:pass@localhost:5432/sales")
    orders = pd.read_sql("SELECT * FROM orders", conn)
    orders.to_csv("/tmp/sales_extract.csv", index=False)
    conn.close()
    return len(orders)


if __name__ == "__main__":
    row_count = extract_sales()
    print(f"Extracted {row_count} rows")
`;

const WATERMARK_STORE = `class WatermarkStore:
    """Remembers the highest extracted value per source, in a JSON file."""

    def __init__(self, path="watermarks.json", default="1970-01-01"):
        self.path = path
        self.default = default

    def load(self, source):
        try:
            with open(self.path) as handle:
                return json.load(handle).get(source, self.default)
        except FileNotFoundError:
            return self.default

    def save(self, source, value):
        state = {}
        try:
            with open(self.path) as handle:
                state = json.load(handle)
        except FileNotFoundError:
            pass
        state[source] = str(value)
        temporary = self.path + ".tmp"
        with open(temporary, "w") as handle:
            json.dump(state, handle)
        os.replace(temporary, self.path)
`;

const cases: RuleCases = {
  rule: 'PW104',
  flagged: [
    {
      name: 'a lazy Spark frame used two cells later is read',
      file: 'src/genie/prep.py',
      code: '# Databricks notebook source\ngames = «spark.table("dev.bronze_games")»\n\n# COMMAND ----------\n\ngames.write.mode("overwrite").saveAsTable("dev.games_copy")\n',
    },
    { name: "a reader whose rows one caller merges and another exports whole is still an extract", code: "import pandas as pd\n\n\ndef load_weights(cur):\n    cur.execute(«\"SELECT * FROM sales.shop_orders\"»)\n    weights = pd.DataFrame(cur.fetchall())\n    weights.columns = [\"shop_id\", \"weight\"]\n    return weights\n\n\ndef morning(cur, stock):\n    matrix = load_weights(cur)\n    out = stock.merge(matrix, how=\"left\", on=[\"shop_id\"])\n    out.to_csv(\"/data/am.csv\", index=False)\n\n\ndef export(cur):\n    everything = load_weights(cur)\n    everything.to_csv(\"/data/weights.csv\", index=False)\n" },
    { name: "a reference table merged on but also exported whole is still an extract", code: "import pandas as pd\n\n\ndef export_prices(engine, orders):\n    prices = pd.read_sql(«\"SELECT sku, price FROM shop.price_history\"», engine)\n    enriched = orders.merge(prices, on=\"sku\", how=\"left\")\n    prices.to_csv(\"/data/out/prices.csv\", index=False)\n    enriched.to_csv(\"/data/out/orders.csv\", index=False)\n" },
    { name: "ids and names of a table are its data, not a key list", code: "import pandas as pd\n\n\ndef export_shops(cur):\n    cur.execute(«\"SELECT trade_id, trader_name FROM desk.trades\"»)\n    rows = cur.fetchall()\n    pd.DataFrame(rows).to_csv(\"/data/out/shops.csv\", index=False)\n" },
    { name: "a whole table read into a mapping and also written out is an extract", code: "import pandas as pd\n\n\ndef export_customers(engine):\n    customers = pd.read_sql(«\"SELECT id, name, updated_at FROM customers\"», engine)\n    names = {row[\"id\"]: row[\"name\"] for _, row in customers.iterrows()}\n    customers.to_csv(\"customers.csv\", index=False)\n    return names\n" },
    { name: "SQLAlchemy ORM query of a whole model, written to a file", code: "import pandas as pd\n\n\ndef export_orders(session):\n    rows = «session.query(Order).all()»\n    pd.DataFrame([r.to_dict() for r in rows]).to_parquet(\"orders.parquet\")\n", message: /session\.query\(…\)\.all reads all of Order on every run/ },
    { name: "SQLAlchemy ORM query ordered but not filtered, returned", code: "def load_customers(db):\n    return «db.session.query(Payment).order_by(Payment.id).all()»\n", message: /reads all of Payment on every run, a payment table that grows with every run/ },
    { name: "SQLAlchemy Core select(table) executed and fetched", code: "from sqlalchemy import select\n\n\ndef extract(engine, orders):\n    with engine.connect() as conn:\n        rows = «conn.execute(select(orders))».fetchall()\n    write_rows(\"orders.csv\", rows)\n    return rows\n", message: /conn\.execute reads all of orders/ },
    { name: "pd.read_sql of a select() statement", code: "import pandas as pd\nfrom sqlalchemy import select\n\n\ndef extract(engine):\n    frame = «pd.read_sql(select(Order), engine)»\n    frame.to_parquet(\"orders.parquet\")\n", message: /pd\.read_sql reads all of Order/ },
    { name: "Redshift UNLOAD of a whole table", code: "import psycopg2\n\n\ndef export_orders(conn, role):\n    cur = conn.cursor()\n    cur.execute(«\"UNLOAD ('SELECT * FROM sales.orders') TO 's3://lake/orders/' IAM_ROLE 'arn:aws:iam::1:role/unload' PARQUET\"»)\n", message: /Query reads all of sales\.orders \(SELECT without WHERE\) through cur\.execute/ },
    { name: "Snowflake COPY INTO a stage from a whole table", code: "def unload(cur):\n    cur.execute(«\"COPY INTO @exports/customers/ FROM (SELECT * FROM raw.orders) FILE_FORMAT = (TYPE = PARQUET)\"»)\n", message: /raw\.orders/ },
    { name: "BigQuery EXPORT DATA of a whole table", code: "from google.cloud import bigquery\n\n\ndef export(client: bigquery.Client):\n    client.query(«\"EXPORT DATA OPTIONS (uri = 'gs://lake/events/*.parquet', format = 'PARQUET') AS SELECT * FROM `p.analytics.events`\"»).result()\n", message: /p\.analytics\.events/ },
    { name: "DynamoDB scan of a table, written to S3", code: "import json\n\nimport boto3\n\ndynamodb = boto3.resource(\"dynamodb\")\ns3 = boto3.client(\"s3\")\n\n\ndef export_users():\n    table = dynamodb.Table(\"user_events\")\n    items = «table.scan()»[\"Items\"]\n    s3.put_object(Bucket=\"lake\", Key=\"users.json\", Body=json.dumps(items))\n", message: /table\.scan reads all of user_events on every run, an events table that grows with every run; read only the items changed since the last run \(the table\'s DynamoDB stream/ },
    { name: "a table named at run time is shown with its parts", code: "import pandas as pd\n\n\ndef extract(conn, schema):\n    frame = pd.read_sql(«f\"SELECT * FROM {schema}.orders\"», conn)\n    frame.to_parquet(\"orders.parquet\")\n", message: /Query reads all of \{schema\}\.orders/ },
    { name: "a CDC log read whole, deduplicated, then merged by a helper", code: "from pyspark.sql import functions as F\n\n\ndef merge_into(frame, target):\n    frame.write.format(\"delta\").mode(\"overwrite\").saveAsTable(target)\n\n\ndef process_customers(spark):\n    bronze = «spark.table(\"lake.bronze_customers\")»\n    latest = bronze.dropDuplicates([\"customer_id\"])\n    merge_into(latest, \"lake.silver_customers\")\n", message: /spark\.table reads all of lake\.bronze_customers on every run, a bronze table that grows with every run; read only rows changed since the last run \(filter on a watermark column so Spark pushes it into the read, or read the Delta change data feed\)/ },
    { name: "petl fromdb of a whole table, written to a file", code: "import petl as etl\n\n\ndef extract(conn):\n    users = etl.fromdb(conn, «\"SELECT * FROM public.payments\"»)\n    etl.tocsv(users, \"users.csv\")\n    return users\n", message: /through etl\.fromdb/ },
    { name: "a copy into another schema is still a full read", code: "import pandas as pd\n\n\ndef copy(conn, engine):\n    frame = pd.read_sql(«\"SELECT * FROM raw.orders\"», conn)\n    frame.to_sql(\"orders\", engine, schema=\"stg\", if_exists=\"replace\")\n" },
    {
      name: 'load_input of a class that is not an IOManager is still an extract',
      code: 'import pandas as pd\n\n\nclass OrdersJob:\n    def load_input(self, engine):\n        frame = pd.read_sql(«"SELECT * FROM sales.orders"», engine)\n        frame.to_parquet("orders.parquet")\n',
    },
    {
      name: 'the sales extract: SELECT * FROM orders to pd.read_sql, then to_csv',
      code: SALES_EXTRACT.replace('"SELECT * FROM orders"', '«"SELECT * FROM orders"»'),
      priority: 'P1',
      message: /Query reads all of orders \(SELECT without WHERE\) through pd\.read_sql on every run, an orders table that grows with every run; extract only rows changed since the last run/,
    },
    {
      name: 'query in a local variable (related points at the read)',
      code: 'import pandas as pd\n\n\ndef extract(engine):\n    query = «"SELECT order_id, amount FROM sales.orders"»\n    frame = pd.read_sql(query, engine)\n    frame.to_parquet("orders.parquet")\n',
    },
    {
      name: 'module-level triple-quoted query',
      code: 'import pandas as pd\n\nORDERS_QUERY = «"""\n    SELECT *\n    FROM orders\n"""»\n\n\ndef extract(conn):\n    orders = pd.read_sql(ORDERS_QUERY, conn)\n    orders.to_csv("orders.csv", index=False)\n',
    },
    {
      name: 'LIMIT only is a sample, still flagged',
      code: 'import pandas as pd\n\n\ndef extract(conn):\n    frame = pd.read_sql(«"SELECT * FROM events LIMIT 100000"», conn)\n    frame.to_parquet("events.parquet")\n',
      message: /with LIMIT but no WHERE/,
    },
    {
      name: 'JOIN without WHERE',
      code: 'import pandas as pd\n\n\ndef extract(engine):\n    df = pd.read_sql_query(«"SELECT o.*, c.segment FROM orders o JOIN customers c ON c.id = o.customer_id"», engine)\n    return df\n',
      message: /orders and customers/,
    },
    {
      name: 'GROUP BY aggregate over the whole table',
      code: 'from google.cloud import bigquery\n\n\ndef daily_totals():\n    client = bigquery.Client()\n    totals = client.query(«"SELECT region, SUM(amount) AS total FROM `proj.sales.orders` GROUP BY region"»).to_dataframe()\n    totals.to_csv("totals.csv")\n',
    },
    {
      name: 'CTE without a predicate',
      code: 'import pandas as pd\n\n\ndef extract(conn):\n    return pd.read_sql(«"WITH o AS (SELECT * FROM orders) SELECT * FROM o"», conn)\n',
    },
    {
      name: 'read_sql_table (reported at the call)',
      code: 'import pandas as pd\n\n\ndef extract(engine):\n    frame = «pd.read_sql_table("orders", engine)»\n    frame.to_parquet("orders.parquet")\n',
      message: /pd\.read_sql_table reads all of orders on every run/,
    },
    {
      name: 'read_sql given a table name',
      code: 'import pandas as pd\n\n\ndef extract(engine):\n    frame = «pd.read_sql("public.orders", engine)»\n    frame.to_parquet("orders.parquet")\n',
    },
    {
      name: 'psycopg2 execute + fetchall written to a CSV',
      code: 'import csv\nimport psycopg2\n\n\ndef dump(dsn):\n    conn = psycopg2.connect(dsn)\n    cur = conn.cursor()\n    cur.execute(«"SELECT * FROM events"»)\n    rows = cur.fetchall()\n    with open("events.csv", "w") as handle:\n        csv.writer(handle).writerows(rows)\n',
      message: /through cur\.execute/,
    },
    {
      name: 'rows iterated from the cursor and written out',
      code: 'import json\n\n\ndef export(conn):\n    cur = conn.cursor()\n    cur.execute(«"SELECT id, payload FROM raw_events"»)\n    with open("events.jsonl", "w") as handle:\n        for row in cur:\n            handle.write(json.dumps(row) + "\\n")\n',
    },
    {
      name: 'Snowflake fetch_pandas_all returned',
      code: 'import snowflake.connector\n\n\ndef extract(conn):\n    frame = conn.cursor().execute(«"SELECT * FROM RAW.ORDERS"»).fetch_pandas_all()\n    return frame\n',
    },
    {
      name: 'SQLAlchemy text() executed and fetched',
      code: 'from sqlalchemy import create_engine, text\n\nengine = create_engine(url)\n\n\ndef extract():\n    with engine.connect() as conn:\n        rows = conn.execute(text(«"SELECT * FROM customer_orders"»)).mappings().all()\n    return rows\n',
    },
    {
      name: 'pd.read_gbq returned',
      code: 'import pandas as pd\n\n\ndef extract():\n    return pd.read_gbq(«"SELECT * FROM `proj.sales.orders`"», project_id="proj")\n',
    },
    {
      name: 'Airflow PostgresHook.get_pandas_df written to CSV',
      code: 'from airflow.hooks.postgres_hook import PostgresHook\n\n\ndef extract_rides():\n    hook = PostgresHook("rides_db")\n    df = hook.get_pandas_df(«"SELECT * FROM rides"»)\n    df.to_csv("rides.csv")\n',
    },
    {
      name: 'Airflow hook get_records returned',
      code: 'from airflow.providers.postgres.hooks.postgres import PostgresHook\n\n\ndef extract_books():\n    hook = PostgresHook(postgres_conn_id="source")\n    records = hook.get_records(«"SELECT * FROM source.book_sales;"»)\n    return records\n',
    },
    {
      name: 'spark.read.jdbc of a table, written to parquet',
      code: 'def ingest(spark, url, props):\n    df = «spark.read.jdbc(url, "public.orders", properties=props)»\n    df.write.mode("overwrite").parquet("s3://lake/raw/orders")\n',
      message: /spark\.read\.jdbc reads all of public\.orders/,
    },
    {
      name: 'spark JDBC dbtable option',
      code: 'def ingest(spark, url):\n    df = «spark.read.format("jdbc").option("url", url).option("dbtable", "public.orders").load()»\n    df.write.saveAsTable("raw.orders")\n',
    },
    {
      name: 'spark.table copied to another table',
      code: 'def stage(spark):\n    df = «spark.table("raw.orders")»\n    df.write.mode("overwrite").saveAsTable("stg.orders")\n',
    },
    {
      name: 'spark.sql without WHERE',
      code: 'def stage(spark):\n    df = spark.sql(«"SELECT * FROM raw.customer_events"»)\n    df.write.mode("overwrite").saveAsTable("stg.customers")\n',
    },
    {
      name: 'COPY (SELECT …) TO STDOUT into a file',
      code: 'def export(cur):\n    with open("orders.csv", "w") as handle:\n        cur.copy_expert(«"COPY (SELECT * FROM orders) TO STDOUT WITH CSV HEADER"», handle)\n',
    },
    {
      name: 'read_sql imported under another name',
      code: 'from pandas import read_sql as load_frame\n\n\ndef extract(conn):\n    frame = load_frame(«"SELECT * FROM invoices"», conn)\n    frame.to_json("invoices.json")\n',
    },
    {
      name: 'module-level script',
      code: 'import pandas as pd\nimport psycopg2\n\nconn = psycopg2.connect(dsn)\nproducts = pd.read_sql(«"SELECT * FROM product_reviews"», conn)\nproducts.to_parquet("products.parquet")\n',
    },
    {
      name: 'polars read_database',
      code: 'import polars as pl\n\n\ndef extract(uri):\n    frame = pl.read_database(«"SELECT * FROM orders"», uri)\n    frame.write_parquet("orders.parquet")\n    return frame\n',
    },
    {
      name: 'rows handed to a load function of the module that writes them',
      code: 'import pandas as pd\nfrom sqlalchemy import create_engine\n\n\ndef copy_tables(source_url, names):\n    engine = create_engine(source_url)\n    for name in names:\n        frame = pd.read_sql_query(«f\'SELECT * FROM "{name}_events"\'», engine)\n        store(frame, name)\n\n\ndef store(frame, name):\n    frame.to_parquet(f"/lake/{name}.parquet")\n',
    },
    {
      name: 'a dimension whose selected rows carry a change timestamp, merged downstream',
      code: 'def refresh_accounts(spark, merge):\n    accounts = «spark.table("crm.accounts")».select("account_id", "name", "created_at", "modified_at")\n    merge(accounts, "gold.dim_accounts")\n    accounts.write.mode("overwrite").saveAsTable("gold.dim_accounts_snapshot")\n',
      message: /spark\.table reads all of crm\.accounts on every run, though its rows carry modified_at, so a watermark can pick the changed ones/,
    },
    {
      name: 'a select list naming an updated-at column, written to parquet',
      code: 'import pandas as pd\n\n\ndef export_members(engine):\n    members = pd.read_sql(«"SELECT member_id, tier, last_updated FROM loyalty.members"», engine)\n    members.to_parquet("/lake/members.parquet")\n',
      message: /though its rows carry last_updated/,
    },
    {
      name: 'an hourly re-aggregation of a whole events table',
      code: 'import pandas as pd\n\n\ndef hourly_counts(engine):\n    counts = pd.read_sql(«"SELECT user_id, COUNT(*) AS n FROM app.click_events GROUP BY user_id"», engine)\n    counts.to_sql("user_counts", engine, if_exists="replace", index=False)\n',
      message: /app\.click_events .*an events table that grows with every run/,
    },
    {
      name: 'a Salesforce SOQL query with no WHERE, written to a table (simple_salesforce query_all)',
      code: 'from simple_salesforce import Salesforce\n\n\ndef sync_contacts(session, creds):\n    sf = Salesforce(**creds)\n    result = sf.query_all(«"SELECT Id, Email, Phone FROM Contact"»)\n    for record in result["records"]:\n        session.add(ContactRow(id=record["Id"], email=record["Email"]))\n    session.commit()\n',
      message: /Query reads all of Contact \(SELECT without WHERE\) through sf\.query_all on every run, though every record carries SystemModstamp, so a watermark can pick the changed ones; select only records changed since the last run \(WHERE SystemModstamp > the saved watermark\)/,
    },
    {
      name: 'a SOQL query kept in a variable, its records written to CSV',
      code: 'import csv\nfrom simple_salesforce import Salesforce\n\n\ndef export_opportunities(creds, path):\n    sfdc = Salesforce(**creds)\n    soql = «"SELECT Id, Amount, StageName FROM Opportunity"»\n    rows = sfdc.query(soql)["records"]\n    with open(path, "w") as handle:\n        csv.DictWriter(handle, fieldnames=["Id", "Amount", "StageName"]).writerows(rows)\n',
      message: /Query reads all of Opportunity/,
    },
    {
      name: 'a Bulk API SOQL query with only a LIMIT: a sample, not an increment',
      code: 'import pandas as pd\nfrom simple_salesforce import Salesforce\n\n\ndef pull_leads(creds):\n    sf = Salesforce(**creds)\n    records = sf.bulk.Lead.query_all(«"SELECT Id, Status, Company FROM Lead LIMIT 500"»)\n    frame = pd.DataFrame(records)\n    frame.to_parquet("leads.parquet")\n',
      message: /Query reads Lead with LIMIT but no WHERE \(a sample, not an increment\) through sf\.bulk\.Lead\.query_all/
    },
  ],
  notFlagged: [
    {
      name: 'lazy Spark frames bound in a notebook cell that nothing uses afterwards (no action, no read)',
      file: 'src/genie/prep_genie_data.py',
      code: '# Databricks notebook source\ngames = spark.table("dev.bronze_games_historical_v2")\nplayer_stats = spark.table("dev.bronze_player_game_stats_v2")\n\n# COMMAND ----------\n\nranked = spark.table("dev.silver_games_rankings").where("season = 2024")\nranked.write.mode("overwrite").saveAsTable("dev.genie_rankings")\n',
    },
    {
      name: 'a declarative pipeline table streams from the bronze table (spark.readStream.table): incremental by checkpoint',
      code: 'from pyspark import pipelines as dp\n\n\n@dp.table\ndef silver_orders():\n    orders = spark.readStream.table("bronze_orders")\n    return orders.dropDuplicates(["order_id"])\n',
    },
    {
      name: 'a DLT table reads its source with dlt.read_stream',
      code: 'import dlt\n\n\n@dlt.table\ndef silver_events():\n    return dlt.read_stream("bronze_events").where("event_id IS NOT NULL")\n',
    },
    {
      name: 'Auto Loader (cloudFiles) streaming read of a landing folder written to a table',
      code: 'def ingest(spark):\n    events = spark.readStream.format("cloudFiles").option("cloudFiles.format", "json").load("/mnt/landing/events")\n    events.writeStream.option("checkpointLocation", "/mnt/chk/events").toTable("bronze.events")\n',
    },
    {
      name: 'a streaming SQL read FROM STREAM(bronze) in a declarative pipeline',
      code: 'def silver_clicks(spark):\n    clicks = spark.sql("SELECT * FROM STREAM(bronze_clicks)")\n    clicks.writeStream.option("checkpointLocation", "/chk/clicks").toTable("silver.clicks")\n',
    },
    {
      name: 'a reference table kept in the bronze layer: the schema is a layer, the table a list of regions',
      code: 'def refresh_regions(spark):\n    regions = spark.read.table("lake.bronze.regions")\n    regions.write.mode("overwrite").saveAsTable("lake.silver.regions")\n',
    },
    {
      name: 'a current-state store list read whole and rebuilt by truncate and load',
      code: 'import pandas as pd\n\n\ndef rebuild_stores(src, dst):\n    stores = pd.read_sql("SELECT store_id, name, region, open FROM retail.stores", src)\n    with dst.begin() as conn:\n        conn.exec_driver_sql("TRUNCATE TABLE mart.stores")\n        stores.to_sql("stores", conn, schema="mart", if_exists="append", index=False)\n',
    },
    {
      name: 'a price list snapshot read whole and published as a file',
      code: 'import pandas as pd\n\n\ndef publish_prices(engine):\n    prices = pd.read_sql("SELECT sku, price, currency FROM pricing.price_list", engine)\n    prices.to_csv("/exports/prices.csv", index=False)\n',
    },
    {
      name: 'a settings matrix read whole with a cursor and uploaded',
      code: 'import json\n\n\ndef push_matrix(cur, bucket):\n    cur.execute("SELECT * FROM planning.staffing_matrix")\n    rows = cur.fetchall()\n    bucket.put_object(Key="matrix.json", Body=json.dumps(rows))\n',
    },
    {
      name: 'a loop over configured tables named at run time: nothing says they grow',
      code: 'import pandas as pd\n\nTABLES = ["shops", "regions"]\n\n\ndef extract_all(conn):\n    for table in TABLES:\n        frame = pd.read_sql(f"SELECT * FROM {table}", conn)\n        frame.to_parquet(f"{table}.parquet")\n',
    },
    {
      name: 'a Databricks %sql cell at the end of a notebook only displays a log',
      file: 'gold_orders.py',
      code: '# Databricks notebook source\norders = spark.table("silver.orders").where("updated_at > \'2024-01-01\'")\norders.write.mode("append").saveAsTable("gold.orders")\n\n# COMMAND ----------\n\n# MAGIC %sql\n# MAGIC select *\n# MAGIC from gold.order_events\n',
    },
    {
      name: 'a bare spark.sql whose frame is dropped only looks at the table',
      code: 'def publish(spark):\n    spark.sql("SELECT * FROM audit.load_events")\n    spark.table("stage.daily").write.mode("overwrite").saveAsTable("mart.daily")\n',
    },
    { name: "a test reads a fixture table whole", file: "tests/test_export.py", code: "import pandas as pd\n\n\ndef test_export(engine, tmp_path):\n    rows = pd.read_sql(\"SELECT * FROM orders\", engine)\n    rows.to_csv(tmp_path / \"orders.csv\", index=False)\n" },
    { name: "a reader returns a reference matrix that every caller only merges onto its rows", code: "import pandas as pd\n\n\ndef load_weights(cur):\n    cur.execute(\"SELECT * FROM config.shop_weights\")\n    weights = pd.DataFrame(cur.fetchall())\n    weights.columns = [\"shop_id\", \"weight\"]\n    return weights\n\n\ndef morning(cur, stock):\n    matrix = load_weights(cur)\n    out = stock.merge(matrix, how=\"left\", on=[\"shop_id\"])\n    out.to_csv(\"/data/am.csv\", index=False)\n\n\ndef evening(cur, stock):\n    matrix = load_weights(cur)\n    stock.merge(matrix, on=\"shop_id\").to_csv(\"/data/pm.csv\", index=False)\n" },
    { name: "an exclusion list read whole, cleaned and deduplicated, only merged onto the driving rows", code: "import pandas as pd\n\n\ndef publish_assortment(engine, day):\n    items = pd.read_sql(\"SELECT sku, shop_id, qty FROM inventory.daily_stock WHERE day = %(day)s\", engine, params={\"day\": day})\n    banned = pd.read_sql(\"SELECT sku, shop_id FROM config.banned_skus\", engine)\n    banned[\"sku\"] = banned[\"sku\"].astype(str).str.zfill(12)\n    banned = banned.drop_duplicates(subset=[\"sku\", \"shop_id\"])\n    banned[\"_banned\"] = True\n    items = items.merge(banned, on=[\"sku\", \"shop_id\"], how=\"left\")\n    items = items[items[\"_banned\"].isna()]\n    items.to_csv(\"/data/out/assortment.csv\", index=False)\n" },
    { name: "a weights matrix read whole and joined with pd.merge as the second frame", code: "import pandas as pd\n\n\ndef weighted_stock(conn, day):\n    stock = pd.read_sql(\"SELECT shop_id, qty FROM ops.stock WHERE day = %s\", conn, params=[day])\n    weights = pd.read_sql(\"SELECT shop_id, weight FROM config.shop_weights\", conn)\n    out = pd.merge(stock, weights, on=\"shop_id\", how=\"left\")\n    out.to_parquet(f\"/data/weighted/{day}.parquet\")\n" },
    { name: "codes read whole only to filter the driving rows with isin", code: "import pandas as pd\n\n\ndef keep_active(conn, frame):\n    active = pd.read_sql(\"SELECT code, region FROM ref.active_codes\", conn)\n    kept = frame[frame[\"code\"].isin(active[\"code\"])]\n    kept.to_csv(\"/data/kept.csv\", index=False)\n" },
    { name: "the ids of a table read to loop over them (a key list, not the rows' data)", code: "import requests\n\n\ndef sync_shops(cur, session, out):\n    cur.execute(\"SELECT shop_id FROM retail.shops\")\n    for (shop_id,) in cur.fetchall():\n        reply = session.get(f\"https://api.example.com/shops/{shop_id}\", timeout=30)\n        out.write(reply.text)\n" },
    { name: "the processed keys read with the ORM to pick only unprocessed rows", code: "from models import Parsed, Raw\n\n\ndef parse_next(session, sink):\n    done = session.query(Parsed.raw_id).distinct().all()\n    done = [row[0] for row in done]\n    pending = session.query(Raw).filter(~Raw.id.in_(done)).first()\n    sink.write(pending.body)\n    return done\n" },
    { name: "a flat script reads small reference tables only to map ids to names", code: "import pandas as pd\nfrom sqlalchemy import create_engine, text\n\nengine = create_engine(\"postgresql://localhost/survey\")\nregion_q = text(\"SELECT id, name FROM region\")\nwith engine.connect() as db:\n    region_rows = db.execute(region_q)\n    region_names = {r[\"id\"]: r[\"name\"] for r in region_rows.mappings().all()}\n\nsummary = pd.read_csv(\"summary.csv\")\nsummary[\"region\"] = summary[\"region_id\"].map(region_names)\nsummary.to_csv(\"summary_named.csv\", index=False)\n" },
    { name: "a whole metric table read with read_sql becomes an id to label dict", code: "import pandas as pd\n\n\ndef build_report(engine, results):\n    metrics = pd.read_sql(\"SELECT * FROM metric\", engine)\n    labels = {\n        row[\"id\"]: row[\"label\"]\n        for _, row in metrics.iterrows()\n    }\n    results[\"metric\"] = results[\"metric_id\"].map(labels)\n    results.to_csv(\"report.csv\", index=False)\n" },
    { name: "a reference table read whole and turned into a mapping with to_dict", code: "import pandas as pd\n\n\ndef country_names(engine):\n    countries = pd.read_sql(\"SELECT code, name FROM country\", engine)\n    return countries.set_index(\"code\")[\"name\"].to_dict()\n" },
    { name: "a table staged for a bulk sync is written whole to the sync file", code: "def write_sync_file(session, path):\n    with open(path, \"w\") as out:\n        for person in session.query(PersonSyncData).all():\n            out.write(f\"<person id=\\\"{person.person_id}\\\"/>\\n\")\n" },
    { name: "a dimension read whole to enrich the driving rows of a join", code: "from pyspark.sql import functions as F\n\n\ndef build_facts(spark, since):\n    orders = spark.table(\"silver.orders\").where(F.col(\"updated_at\") > since)\n    customers = spark.table(\"silver.customers\")\n    facts = orders.join(customers, \"customer_id\", \"left\")\n    facts.write.mode(\"append\").saveAsTable(\"gold.fct_orders\")\n" },
    { name: "a reader of a table its caller names returns the rows", code: "import pandas as pd\n\n\nclass Warehouse:\n    def load(self, table_name, schema_name):\n        cursor = self.connect().cursor()\n        cursor.execute(f'SELECT * FROM \"{schema_name}\".\"{table_name}\"')\n        rows = cursor.fetchall()\n        return pd.DataFrame(rows, columns=[d[0] for d in cursor.description])\n" },
    { name: "a petl extract narrowed with += under an if", code: "import petl as etl\n\n\ndef extract(conn, since=None):\n    query = \"SELECT * FROM public.users\"\n    if since:\n        query += \" WHERE updated_at > %s\"\n    return etl.fromdb(conn, query, since)\n" },
    { name: "anti-join against the load target before appending", code: "import pandas as pd\n\n\ndef load_stations(engine, stations):\n    existing = pd.read_sql(\"SELECT station_no FROM station_info\", engine)\n    new = stations[~stations[\"station_no\"].isin(existing[\"station_no\"])]\n    new.to_sql(\"station_info\", engine, if_exists=\"append\", index=False)\n" },
    { name: "keys of the target read before an INSERT", code: "def load(cur, rows):\n    cur.execute(\"SELECT id FROM analytics.events\")\n    seen = {r[0] for r in cur.fetchall()}\n    fresh = [r for r in rows if r[0] not in seen]\n    cur.executemany(\"INSERT INTO analytics.events (id, payload) VALUES (%s, %s)\", fresh)\n" },
    { name: "SQL over a temporary view the job registered", code: "def build_songs(spark, input_path, output_path):\n    raw = spark.read.json(input_path)\n    raw.createOrReplaceTempView(\"song_data\")\n    songs = spark.sql(\"SELECT DISTINCT song_id, title, duration FROM song_data\")\n    songs.write.mode(\"overwrite\").parquet(output_path)\n" },
    { name: "a temporary view created in SQL", code: "def build(spark, path):\n    spark.sql(f\"CREATE OR REPLACE TEMP VIEW staged AS SELECT * FROM parquet.`{path}`\")\n    out = spark.sql(\"SELECT * FROM staged\")\n    out.write.mode(\"overwrite\").saveAsTable(\"analytics.staged\")\n" },
    { name: "the distinct values of one key are a lookup", code: "def available_symbols(cursor):\n    cursor.execute(\"SELECT DISTINCT symbol FROM market_data ORDER BY symbol\")\n    return [row[0] for row in cursor.fetchall()]\n" },
    { name: "a database dump script copies every table on purpose", file: "utilities/create_database_dump.py", code: "import pandas as pd\nimport psycopg2\n\n\ndef export_to_json(dsn):\n    conn = psycopg2.connect(dsn)\n    frame = pd.read_sql(\"SELECT * FROM stock_prices\", conn)\n    frame.to_json(\"stock_prices.json\", orient=\"records\")\n" },
    { name: "ORM query with a filter", code: "def changed(session, since):\n    rows = session.query(Order).filter(Order.updated_at > since).all()\n    write_rows(\"orders.csv\", rows)\n    return rows\n" },
    { name: "Core select with where()", code: "from sqlalchemy import select\n\n\ndef extract(engine, orders, since):\n    with engine.connect() as conn:\n        rows = conn.execute(select(orders).where(orders.c.updated_at > since)).fetchall()\n    return rows\n" },
    { name: "UNLOAD of an increment", code: "def export(cur):\n    cur.execute(\"UNLOAD ('SELECT * FROM sales.orders WHERE updated_at > ''2024-01-01''') TO 's3://lake/orders/' IAM_ROLE 'arn:aws:iam::1:role/u'\")\n" },
    { name: "DynamoDB query by key is not a scan", code: "import boto3\n\ntable = boto3.resource(\"dynamodb\").Table(\"users\")\n\n\ndef user_orders(user_id):\n    return table.query(KeyConditionExpression=Key(\"user_id\").eq(user_id))[\"Items\"]\n" },
    {
      name: 'Dagster IOManager.load_input reads the whole upstream asset by contract',
      code: 'import pandas as pd\nfrom dagster import IOManager\n\n\nclass WarehouseIO(IOManager):\n    def __init__(self, engine):\n        self._engine = engine\n\n    def load_input(self, context):\n        schema, name = context.asset_key.path[-2], context.asset_key.path[-1]\n        return pd.read_sql(f"SELECT * FROM {schema}.{name}", self._engine)\n\n    def handle_output(self, context, obj):\n        obj.to_sql(context.asset_key.path[-1], self._engine, if_exists="replace", index=False)\n',
    },
    { name: 'rows handed to a module function that only prints them', code: 'import pandas as pd\n\n\ndef inspect_orders(conn):\n    frame = pd.read_sql("SELECT * FROM orders", conn)\n    summarize(frame)\n\n\ndef summarize(frame):\n    print(frame.describe())\n' },
    { name: 'watermark predicate with params', code: 'import pandas as pd\n\n\ndef extract(conn, since):\n    frame = pd.read_sql("SELECT * FROM orders WHERE updated_at > %s ORDER BY updated_at", conn, params=[since])\n    frame.to_csv("orders.csv")\n' },
    { name: 'partition predicate', code: 'import pandas as pd\n\n\ndef extract(conn):\n    frame = pd.read_sql("SELECT * FROM events WHERE ds = CURRENT_DATE - 1", conn)\n    frame.to_parquet("events.parquet")\n' },
    { name: 'WHERE inside a CTE', code: 'import pandas as pd\n\n\ndef extract(conn):\n    return pd.read_sql("WITH recent AS (SELECT * FROM orders WHERE updated_at > %(since)s) SELECT * FROM recent", conn, params={"since": since})\n' },
    { name: 'f-string predicate (PW102\'s business, not a full extract)', code: 'import pandas as pd\n\n\ndef extract(conn, watermark):\n    frame = pd.read_sql(f"SELECT * FROM orders WHERE updated_at > \'{watermark}\'", conn)\n    frame.to_csv("orders.csv")\n' },
    { name: 'run predicate in the JOIN condition', code: 'import pandas as pd\n\n\ndef extract(conn, ds):\n    frame = pd.read_sql("SELECT o.* FROM orders o JOIN batches b ON b.id = o.batch_id AND b.ds = %s", conn, params=[ds])\n    frame.to_csv("orders.csv")\n' },
    { name: 'allow-listed dimension table', code: 'import pandas as pd\n\n\ndef extract(conn):\n    frame = pd.read_sql("SELECT * FROM countries", conn)\n    frame.to_csv("countries.csv")\n', options: { fullExtractAllowlist: ['countries'] } },
    { name: 'allow-listed schema-qualified table', code: 'import pandas as pd\n\n\ndef extract(conn):\n    frame = pd.read_sql("SELECT * FROM ref.Currencies", conn)\n    frame.to_csv("currencies.csv")\n', options: { fullExtractAllowlist: ['ref.currencies'] } },
    { name: 'information_schema metadata', code: 'import pandas as pd\n\n\ndef columns(conn):\n    frame = pd.read_sql("SELECT * FROM information_schema.columns", conn)\n    frame.to_csv("columns.csv")\n' },
    { name: 'pg_catalog metadata', code: 'def tables(cur):\n    cur.execute("SELECT relname FROM pg_catalog.pg_class")\n    return cur.fetchall()\n' },
    { name: 'SELECT 1 and SELECT NOW() without FROM', code: 'def ping(cur):\n    cur.execute("SELECT 1")\n    cur.execute("SELECT NOW()")\n    return cur.fetchall()\n' },
    { name: 'COUNT(*) health check', code: 'import logging\n\nimport pandas as pd\n\nlogger = logging.getLogger(__name__)\n\n\ndef check(conn):\n    counts = pd.read_sql("SELECT COUNT(*) AS n FROM orders", conn)\n    logger.info("orders: %s", counts["n"][0])\n' },
    { name: 'single-row aggregate written onward', code: 'import pandas as pd\n\n\ndef snapshot(conn):\n    frame = pd.read_sql("SELECT MAX(updated_at) AS high_water, COUNT(*) AS n FROM orders", conn)\n    frame.to_csv("stats.csv")\n' },
    { name: 'INSERT … SELECT is a load', code: 'def load(cur):\n    cur.execute("INSERT INTO sales_fact SELECT * FROM staging_sales")\n    return cur.fetchall()\n' },
    { name: 'CREATE TABLE AS is a load', code: 'def build(cur):\n    cur.execute("CREATE TABLE snapshot AS SELECT * FROM orders")\n    rows = cur.fetchall()\n    return rows\n' },
    { name: 'read but never written or returned (exploration)', code: 'import pandas as pd\n\n\ndef explore(conn):\n    df = pd.read_sql("SELECT * FROM orders", conn)\n    print(df.describe())\n' },
    { name: 'execute + fetchone (a single row)', code: 'def latest(cur):\n    cur.execute("SELECT * FROM settings")\n    row = cur.fetchone()\n    return row\n' },
    { name: 'the fetch belongs to a later execute on the same cursor', code: 'def extract(cur, since):\n    cur.execute("SELECT * FROM settings")\n    cur.execute("SELECT * FROM orders WHERE updated_at > %s", (since,))\n    rows = cur.fetchall()\n    return rows\n' },
    { name: 'execute without a fetch', code: 'def touch(cur):\n    cur.execute("SELECT * FROM orders")\n    return True\n' },
    { name: 'spark.table filtered afterwards (predicate pushdown)', code: 'def stage(spark, ds):\n    df = spark.table("raw.orders").filter(f"ds = \'{ds}\'")\n    df.write.mode("overwrite").saveAsTable("stg.orders")\n' },
    { name: 'spark frame filtered later in the function', code: 'def stage(spark):\n    df = spark.table("raw.orders")\n    recent = df.where("updated_at > current_date() - 1")\n    recent.write.saveAsTable("stg.orders")\n' },
    { name: 'spark.read.jdbc with predicates', code: 'def ingest(spark, url, props, predicates):\n    df = spark.read.jdbc(url, "public.orders", predicates=predicates, properties=props)\n    df.write.parquet("s3://lake/orders")\n' },
    { name: 'spark.read.jdbc of a filtered subquery', code: 'def ingest(spark, url, props):\n    df = spark.read.jdbc(url, "(SELECT * FROM orders WHERE updated_at > now() - interval \'1 day\') o", properties=props)\n    df.write.parquet("s3://lake/orders")\n' },
    { name: 'DELETE and TRUNCATE are not reads', code: 'def reset(cur):\n    cur.execute("TRUNCATE TABLE staging")\n    cur.execute("DELETE FROM orders")\n    return cur.fetchall()\n' },
    { name: 'SQL text only logged', code: 'import logging\n\nlogger = logging.getLogger(__name__)\n\n\ndef plan(frame):\n    logger.info("would run SELECT * FROM orders")\n    frame.to_csv("plan.csv")\n' },
    { name: 'BigQuery query with a partition filter', code: 'from google.cloud import bigquery\n\n\ndef extract(ds):\n    client = bigquery.Client()\n    job_config = bigquery.QueryJobConfig(query_parameters=[bigquery.ScalarQueryParameter("ds", "DATE", ds)])\n    frame = client.query("SELECT * FROM `proj.sales.orders` WHERE _PARTITIONDATE = @ds", job_config=job_config).to_dataframe()\n    frame.to_parquet("orders.parquet")\n' },
    { name: 'COPY of a filtered query', code: 'def export(cur):\n    with open("orders.csv", "w") as handle:\n        cur.copy_expert("COPY (SELECT * FROM orders WHERE updated_at > now() - interval \'1 day\') TO STDOUT WITH CSV", handle)\n' },
    { name: 'WHERE appended with += under a condition', code: 'import pandas as pd\n\n\ndef pull_accounts(cur, source, lookback_days=1):\n    stmt = f"SELECT * FROM {source}"\n    if lookback_days is not None:\n        stmt += f" WHERE synced_at >= CURRENT_DATE - {int(lookback_days)}"\n    cur.execute(stmt)\n    frame = pd.DataFrame(cur.fetchall())\n    frame.to_csv("accounts.csv")\n' },
    { name: 'suppressed line', code: 'import pandas as pd\n\n\ndef extract(conn):\n    frame = pd.read_sql("SELECT * FROM countries", conn)  # pipewise: ignore[PW104]\n    frame.to_csv("countries.csv")\n' },
    { name: 'a SOQL query with a SystemModstamp watermark', code: 'from simple_salesforce import Salesforce\n\n\ndef sync_contacts(session, creds, since):\n    sf = Salesforce(**creds)\n    result = sf.query_all(f"SELECT Id, Email FROM Contact WHERE SystemModstamp > {since}")\n    for record in result["records"]:\n        session.add(ContactRow(id=record["Id"], email=record["Email"]))\n    session.commit()\n' },
    { name: 'a SOQL query with a LastModifiedDate date literal', code: 'from simple_salesforce import Salesforce\n\n\ndef sync_accounts(session, creds):\n    sf = Salesforce(**creds)\n    result = sf.query("SELECT Id, Name FROM Account WHERE LastModifiedDate = YESTERDAY")\n    for record in result["records"]:\n        session.add(AccountRow(id=record["Id"], name=record["Name"]))\n    session.commit()\n' },
    { name: 'a SOQL LIMIT 1 lookup of one record type', code: 'from simple_salesforce import Salesforce\n\n\ndef load_leads(creds, rows, session):\n    sf = Salesforce(**creds)\n    record_type = sf.query("SELECT Id FROM RecordType LIMIT 1")["records"][0]["Id"]\n    for row in rows:\n        session.add(LeadRow(record_type=record_type, **row))\n    session.commit()\n' },
    { name: 'a SQL LIMIT 1 lookup of the newest event', code: 'import pandas as pd\n\n\ndef latest_event(engine):\n    latest = pd.read_sql("SELECT * FROM app.events ORDER BY created_at DESC LIMIT 1", engine)\n    latest.to_csv("latest.csv")\n' },
    { name: 'a query() of an object that is no Salesforce client', code: 'import pandas as pd\nfrom simple_salesforce import Salesforce\n\n\ndef export_orders(store):\n    rows = store.query("SELECT * FROM orders")\n    pd.DataFrame(rows).to_csv("orders.csv")\n' },
  ],
  fixes: [
    {
      name: 'the sales extract becomes an incremental extract with a file-backed watermark',
      code: SALES_EXTRACT,
      fix: 'Extract orders incrementally on watermark column updated_at',
      safe: false,
      output: `import json
import os
import pandas as pd
import psycopg2


${WATERMARK_STORE}

def extract_sales():
    conn = psycopg2.connect("postgresql://user:pass@localhost:5432/sales")
    watermark_store = WatermarkStore()
    last_watermark = watermark_store.load("orders")
    orders = pd.read_sql("SELECT * FROM orders WHERE updated_at > %s ORDER BY updated_at", conn, params=[last_watermark])
    orders.to_csv("/tmp/sales_extract.csv", index=False)
    if not orders.empty:
        watermark_store.save("orders", orders["updated_at"].max())
    conn.close()
    return len(orders)


if __name__ == "__main__":
    row_count = extract_sales()
    print(f"Extracted {row_count} rows")
`,
    },
    {
      name: 'query in a variable, sqlite3 placeholder, LIMIT kept after the predicate, frame returned',
      code: `import os
import sqlite3

import pandas as pd


def extract():
    conn = sqlite3.connect(os.environ["APP_DB"])
    query = """
        SELECT *
        FROM orders
        LIMIT 500
    """
    orders = pd.read_sql(
        query,
        conn,
    )
    return orders
`,
      fix: 'Extract orders incrementally',
      output: `import json
import os
import sqlite3

import pandas as pd


${WATERMARK_STORE}

def extract():
    conn = sqlite3.connect(os.environ["APP_DB"])
    query = """
        SELECT *
        FROM orders
        WHERE updated_at > ? ORDER BY updated_at LIMIT 500
    """
    watermark_store = WatermarkStore()
    last_watermark = watermark_store.load("orders")
    orders = pd.read_sql(
        query,
        conn,
        params=[last_watermark],
    )
    if not orders.empty:
        watermark_store.save("orders", orders["updated_at"].max())
    return orders
`,
    },
    {
      name: 'an existing WatermarkStore is reused; the column comes from the select list; the save follows the with-block that writes',
      code: `import json
import os

import psycopg2
import pandas as pd


${WATERMARK_STORE}

def extract_invoices(dsn):
    conn = psycopg2.connect(dsn)
    invoices = pd.read_sql("SELECT id, amount, modified_at FROM billing.invoices", conn)
    with open("invoices.csv", "w") as handle:
        invoices.to_csv(handle)
    conn.close()
`,
      fix: 'Extract billing.invoices incrementally on watermark column modified_at',
      output: `import json
import os

import psycopg2
import pandas as pd


${WATERMARK_STORE}

def extract_invoices(dsn):
    conn = psycopg2.connect(dsn)
    watermark_store = WatermarkStore()
    last_watermark = watermark_store.load("billing.invoices")
    invoices = pd.read_sql("SELECT id, amount, modified_at FROM billing.invoices WHERE modified_at > %s ORDER BY modified_at", conn, params=[last_watermark])
    with open("invoices.csv", "w") as handle:
        invoices.to_csv(handle)
    if not invoices.empty:
        watermark_store.save("billing.invoices", invoices["modified_at"].max())
    conn.close()
`,
    },
  ],
};

export default cases;
