import type { RuleCases } from '../../helpers/rule-tester';

const SALES_LOAD = `import pandas as pd
from google.cloud import bigquery


def load_to_bigquery():
    orders = pd.read_parquet("/tmp/sales_transformed.parquet")

    client = bigquery.Client()
    table_id = "project.dataset.sales_fact"

    job = client.load_table_from_dataframe(orders, table_id)
    job.result()

    return len(orders)
`;

const cases: RuleCases = {
  rule: 'PW203',
  flagged: [
    {
      name: 'Spark JDBC write appending to a fixed table',
      code: 'from pyspark.sql import DataFrame\n\n\ndef publish(frame: DataFrame):\n    «frame.write.format("jdbc").option("url", JDBC_URL).option("dbtable", "mart.daily_sales").mode("append").save()»\n',
      message: /Spark write appends to mart\.daily_sales on every run/,
    },
    {
      name: 'Spark saveAsTable in append mode',
      code: 'from pyspark.sql import DataFrame\n\n\ndef publish(frame: DataFrame):\n    «frame.write.mode("append").saveAsTable("mart.daily_sales")»\n',
    },
    {
      name: 'Spark write.jdbc with mode="append"',
      code: 'from pyspark.sql import DataFrame\n\n\ndef publish(frame: DataFrame, url):\n    «frame.write.jdbc(url, "daily_sales", mode="append", properties=PROPS)»\n',
    },
    {
      name: 'one INSERT head run by two executes of the same function is reported once',
      code: 'def write_batches(cur, batches):\n    head = "«INSERT INTO meter_readings» (ts, label, reading) VALUES "\n    pending = []\n    for batch in batches:\n        pending.append(batch)\n        if len(pending) > 100:\n            cur.execute(head + ",".join(pending))\n            pending = []\n    if pending:\n        statement = head + ",".join(pending)\n        cur.execute(statement)\n',
    },
    {
      name: 'INSERT head held in a variable, rows appended with +',
      code: 'def write_batch(cur, rows_sql):\n    head = "«INSERT INTO meter_readings» (ts, label, reading) VALUES "\n    statement = head + rows_sql\n    cur.execute(statement)\n',
    },
    {
      name: 'INSERT held by a class attribute in another statement, run by executemany',
      code: 'import psycopg2\n\n\nclass Sql:\n    insert_orders = "«INSERT INTO orders» (id, amount) VALUES (%s, %s)"\n\n\ndef load(rows, dsn):\n    conn = psycopg2.connect(dsn)\n    cur = conn.cursor()\n    cur.executemany(Sql.insert_orders, rows)\n    conn.commit()\n',
    },
    // DataFrame appends
    { name: 'to_sql append into a fact table', code: 'import pandas as pd\nfrom sqlalchemy import create_engine\n\nengine = create_engine(DB_URL)\n\n\ndef load(frame):\n    «frame.to_sql("sales_fact", engine, if_exists="append", index=False)»\n', priority: 'P2', message: /to_sql appends to sales_fact on every run.*staging table and upsert/ },
    { name: 'to_sql append with the table in a parameter (Airflow plugin loader)', code: 'from sqlalchemy import create_engine\n\n\ndef load(data, table_name):\n    engine = create_engine(conn_string)\n    conn = engine.connect()\n    «data.to_sql(table_name, con=conn, if_exists=\'append\', index=False)»\n', message: /to_sql appends to the table named by table_name on every run/ },
    { name: 'to_sql append in a chunk loop', code: 'import pandas as pd\n\n\ndef copy_events(src, engine):\n    for chunk in pd.read_csv(src, chunksize=50_000):\n        «chunk.to_sql("events", engine, if_exists="append", index=False, method="multi")»\n' },
    { name: 'to_sql append mode from a local constant', code: 'MODE = "append"\n\n\ndef load(df, engine):\n    «df.to_sql("orders", engine, if_exists=MODE)»\n' },
    { name: 'a DELETE of another table does not count', code: 'from sqlalchemy import text\n\n\ndef load(df, engine, day):\n    with engine.begin() as conn:\n        conn.execute(text("DELETE FROM order_totals WHERE day = :d"), {"d": day})\n        «df.to_sql("orders", conn, if_exists="append", index=False)»\n' },
    { name: 'a frame helper named merge_data does not clear anything', code: 'def load(orders, customers, engine):\n    enriched = merge_data(orders, customers)\n    «enriched.to_sql("enriched_orders", engine, if_exists="append", index=False)»\n' },
    { name: 'COPY-based insert method is still an append', code: 'def load(df, engine):\n    «df.to_sql("page_views", engine, if_exists="append", index=False, method=psql_insert_copy)»\n' },
    { name: 'pandas-gbq append', code: 'import pandas_gbq\n\n\ndef load(df):\n    «pandas_gbq.to_gbq(df, "analytics.daily_sales", project_id="acme", if_exists="append")»\n' },
    // BigQuery
    { name: 'sales_etl: load_table_from_dataframe without job_config', code: SALES_LOAD.replace('job = client.load_table_from_dataframe(orders, table_id)', 'job = «client.load_table_from_dataframe(orders, table_id)»'), message: /load_table_from_dataframe appends to project\.dataset\.sales_fact \(WRITE_APPEND\)/ },
    { name: 'aliased bigquery module, load from GCS URI', code: 'from google.cloud import bigquery as bq\n\nclient = bq.Client()\njob = «client.load_table_from_uri("gs://raw/orders/*.parquet", "acme.raw.orders")»\n' },
    { name: 'explicit WRITE_APPEND in the config', code: 'from google.cloud import bigquery\n\n\ndef load(df):\n    client = bigquery.Client()\n    job_config = bigquery.LoadJobConfig(write_disposition="WRITE_APPEND")\n    «client.load_table_from_dataframe(df, "airflow-417805.testdata.test00001", job_config=job_config)».result()\n' },
    { name: 'config without a write disposition (CSV file load)', code: 'from google.cloud import bigquery\n\nclient = bigquery.Client()\njob_config = bigquery.LoadJobConfig()\njob_config.source_format = bigquery.SourceFormat.CSV\nwith open("data.csv", "rb") as fh:\n    job = «client.load_table_from_file(fh, table_ref, job_config=job_config)»\n' },
    { name: 'WriteDisposition enum set to append by attribute', code: 'from google.cloud import bigquery\n\nclient = bigquery.Client()\ncfg = bigquery.LoadJobConfig()\ncfg.write_disposition = bigquery.WriteDisposition.WRITE_APPEND\n«client.load_table_from_dataframe(df, "acme.mart.teams", job_config=cfg)»\n' },
    { name: 'streaming inserts', code: 'from google.cloud import bigquery\n\nclient = bigquery.Client()\nerrors = «client.insert_rows_json("acme.raw.events", rows)»\n', message: /streams rows into acme\.raw\.events/ },
    { name: 'client passed in as a parameter', code: 'def load(client, frame):\n    «client.load_table_from_dataframe(frame, "acme.raw.orders")».result()\n' },
    // Snowflake
    { name: 'write_pandas without overwrite', code: 'from snowflake.connector.pandas_tools import write_pandas\n\nok, chunks, rows, _ = «write_pandas(conn, pdf, "DEMO_PEOPLE")»\n', message: /write_pandas appends to DEMO_PEOPLE/ },
    { name: 'Snowpark session.write_pandas', code: 'def save(session, df):\n    «session.write_pandas(df, "DAILY_METRICS", auto_create_table=True)»\n' },
    // Airflow hooks
    { name: 'PostgresHook.insert_rows without replace', code: 'from airflow.providers.postgres.hooks.postgres import PostgresHook\n\n\ndef load(rows):\n    hook = PostgresHook(postgres_conn_id="dwh")\n    «hook.insert_rows("orders", rows, target_fields=["order_id", "status"])»\n' },
    // SQL INSERT
    { name: 'executemany INSERT (psycopg2)', code: 'import psycopg2\n\n\ndef load(rows):\n    conn = psycopg2.connect(DSN)\n    cur = conn.cursor()\n    cur.executemany("«INSERT INTO sales_fact» (order_id, total_amount) VALUES (%s, %s)", rows)\n    conn.commit()\n', message: /Insert into sales_fact has no ON CONFLICT\/MERGE/ },
    { name: 'INSERT through a variable and text() (SQLAlchemy 2.x)', code: 'from sqlalchemy import text\n\n\ndef load(engine, rows):\n    stmt = text("«INSERT INTO orders» (order_id, amount) VALUES (:order_id, :amount)")\n    with engine.begin() as conn:\n        conn.execute(stmt, rows)\n' },
    { name: 'generic execute_values loader with %-formatted table', code: 'import psycopg2.extras as extras\n\n\ndef execute_values(conn, df, table):\n    tuples = [tuple(x) for x in df.to_numpy()]\n    cols = ",".join(list(df.columns))\n    query = "«INSERT INTO %s»(%s) VALUES %%s" % (table, cols)\n    cursor = conn.cursor()\n    extras.execute_values(cursor, query, tuples)\n    conn.commit()\n' },
    { name: 'INSERT … SELECT from staging without a key check (BigQuery)', code: 'from google.cloud import bigquery\n\nclient = bigquery.Client()\nclient.query("«INSERT INTO `acme.mart.orders`» SELECT * FROM `acme.raw.orders_daily`").result()\n' },
    { name: 'triple-quoted INSERT in a module constant run by a task', code: 'LOAD_SQL = """\n    «INSERT INTO analytics.daily_revenue» (day, revenue)\n    SELECT order_date, SUM(amount) FROM orders GROUP BY order_date\n"""\n\n\ndef run(cur):\n    cur.execute(LOAD_SQL)\n' },
    { name: 'Airflow operator sql=', code: 'from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator\n\nload = SQLExecuteQueryOperator(\n    task_id="load_fact",\n    conn_id="dwh",\n    sql="«INSERT INTO fact_orders» SELECT * FROM clean_orders",\n)\n' },
    { name: 'spark.sql INSERT INTO', code: 'def publish(spark):\n    spark.sql("«INSERT INTO lake.orders» SELECT * FROM updates")\n' },
    { name: 'Airflow operator appending with a class-level str.format template', code: 'from airflow.models import BaseOperator\nfrom airflow.providers.postgres.hooks.postgres import PostgresHook\n\n\nclass LoadFactOperator(BaseOperator):\n    insert_sql = "«INSERT INTO» {} {}"\n\n    def execute(self, context):\n        redshift = PostgresHook(postgres_conn_id=self.conn_id)\n        redshift.run(LoadFactOperator.insert_sql.format(self.table, self.select_sql))\n', message: /Insert into the target table/ },
    { name: 'streaming insert through a client stored on self', code: 'from google.cloud import bigquery\n\n\nclass JobsSink:\n    def __init__(self, table_id):\n        self.table_id = table_id\n        self.client = bigquery.Client()\n\n    def write(self, rows):\n        errors = «self.client.insert_rows_json(\n            self.table_id, rows\n        )»\n        if errors:\n            raise RuntimeError(errors)\n' },
    // files
    { name: 'to_csv mode="a" to a fixed path', code: 'def export(df):\n    «df.to_csv("/data/out/orders.csv", mode="a", header=False, index=False)»\n', message: /mode "a" appends to the fixed path \/data\/out\/orders\.csv/ },
    { name: 'append to a constant path', code: 'OUTPUT = "/srv/exports/daily_orders.csv"\n\n\ndef export(df):\n    «df.to_csv(OUTPUT, mode="a", index=False)»\n' },
    { name: 'INSERT built with %, cleaned with .replace() before it runs', code: 'def copy_rows(target, rows):\n    with target.cursor() as cur:\n        for row in rows:\n            stmt = "«INSERT INTO archive» (code, label) VALUES (\'%s\', \'%s\')" % (row[0], row[1])\n            stmt = stmt.replace("\'None\'", "NULL")\n            cur.execute(stmt)\n    target.commit()\n' },
    // COPY statements
    { name: 'Redshift COPY from S3 run through a helper method of the same class', code: 'class RedshiftLoader:\n    def execute_sql(self, sql):\n        with self.conn.cursor() as cur:\n            cur.execute(sql)\n\n    def copy_from_s3(self, s3_path):\n        copy_sql = «f"""\nCOPY {self.schema}.{self.table}\nFROM \'{s3_path}\'\nIAM_ROLE \'{self.iam_role}\'\nFORMAT AS PARQUET;\n"""»\n        self.execute_sql(copy_sql)\n', message: /COPY into self\.table adds the files' rows again on every run/ },
    { name: 'psycopg2 copy_expert COPY FROM STDIN into a fixed table', code: 'def load(conn, path):\n    with conn.cursor() as cur, open(path) as f:\n        cur.copy_expert("«COPY public.orders» FROM STDIN WITH CSV HEADER", f)\n    conn.commit()\n' },
    { name: 'cursor.copy_from into a fixed table', code: 'def load(cur, buffer):\n    «cur.copy_from(buffer, "orders", sep="\\t")»\n', message: /COPY into orders/ },
    { name: 'Snowflake COPY INTO with FORCE = TRUE loads the files again', code: 'def load(cur):\n    cur.execute("«COPY INTO analytics.orders» FROM @raw_stage/orders/ FILE_FORMAT = (TYPE = PARQUET) FORCE = TRUE")\n' },
    { name: 'COPY into a schema-qualified table whose drop task names it without the schema the DAG creates it in', code: 'from airflow.providers.postgres.operators.postgres import PostgresOperator\n\ndrop = PostgresOperator(task_id="drop_aisles", sql="DROP TABLE IF EXISTS aisles;")\ncreate = PostgresOperator(task_id="create_aisles", sql="CREATE TABLE IF NOT EXISTS raw.aisles (aisle_id integer, aisle varchar(100));")\nload = PostgresOperator(task_id="load_aisles", sql="«COPY raw.aisles» FROM \'/data/aisles.csv\' CSV HEADER;")\ndrop >> create >> load\n', message: /COPY into raw\.aisles adds the files' rows again on every run/ },
    { name: 'COPY in an Airflow DAG whose drop task drops another table', code: 'from airflow.providers.postgres.operators.postgres import PostgresOperator\n\ndrop = PostgresOperator(task_id="drop_products", sql="DROP TABLE IF EXISTS aisles;")\nload = PostgresOperator(task_id="load_products", sql="«COPY raw.products» FROM \'/data/products.csv\' CSV HEADER;")\ndrop >> load\n' },
    // helpers, callers and reads that do not make a load safe
    { name: 'CREATE OR REPLACE of a file format in a helper clears no table', code: 'def setup(cur):\n    cur.execute("CREATE OR REPLACE FILE FORMAT json_fmt TYPE = \'JSON\'")\n\n\ndef load(cur, rows):\n    setup(cur)\n    cur.executemany("«INSERT INTO events» (id, body) VALUES (%s, %s)", rows)\n' },
    { name: 'a count of the target after the insert is a check, not a guard', code: 'def load(cur, rows):\n    cur.executemany("«INSERT INTO events» (id, body) VALUES (%s, %s)", rows)\n    cur.execute("SELECT COUNT(*) FROM events")\n    return cur.fetchone()[0]\n' },
    { name: 'the only caller clears another table before calling the loader', code: 'from sqlalchemy import text\n\n\ndef write_orders(df, conn):\n    «df.to_sql("orders", conn, if_exists="append", index=False)»\n\n\ndef run(df, engine, day):\n    with engine.begin() as conn:\n        conn.execute(text("DELETE FROM order_totals WHERE day = :d"), {"d": day})\n        write_orders(df, conn)\n' },
    { name: 'psycopg2.extras.execute_values INSERT', code: 'from psycopg2.extras import execute_values\n\n\ndef load(conn, rows):\n    with conn.cursor() as cur:\n        execute_values(cur, "«INSERT INTO raw.orders» (order_id, amount) VALUES %s", rows)\n' },
    { name: 'insert statements listed in a module-level list run in a loop', code: 'orders_insert = """\n    «INSERT INTO mart.orders» (order_id, amount)\n    SELECT order_id, amount FROM raw_orders\n"""\n\nINSERT_QUERIES = [orders_insert]\n\n\ndef load(cur):\n    for query in INSERT_QUERIES:\n        cur.execute(query)\n' },
    // SQL kept in a module for another module to run
    { name: 'INSERT … SELECT kept in a SQL module (drop statements beside it run once)', file: 'sql_queries.py', code: 'songplays_table_drop = "DROP TABLE IF EXISTS songplays"\n\nsongplays_table_insert = ("""\n    «INSERT INTO songplays» (start_time, user_id, song_id)\n    SELECT e.ts, e.user_id, s.song_id\n    FROM staging_events e JOIN staging_songs s ON e.song = s.title\n""")\n\ndrop_table_queries = [songplays_table_drop]\ninsert_table_queries = [songplays_table_insert]\n', message: /INSERT … SELECT into songplays is kept here for another module to run/ },
    // Spark
    { name: 'Spark insertInto appends by default', code: 'from pyspark.sql import DataFrame\n\n\ndef publish(frame: DataFrame):\n    «frame.write.insertInto("mart.daily_sales")»\n' },
    { name: 'Spark writeTo().append()', code: 'from pyspark.sql import DataFrame\n\n\ndef publish(frame: DataFrame):\n    «frame.writeTo("mart.daily_sales").append()»\n' },
    { name: 'Spark snapshot appended to a fixed S3 path', code: 'from pyspark.sql import SparkSession\n\nspark = SparkSession.builder.getOrCreate()\norders = spark.read.json("s3://landing/orders/")\n«orders.write.mode("append").parquet("s3://lake/curated/orders/")»\n', message: /Spark write appends to s3:\/\/lake\/curated\/orders\/ on every run.*partitionOverwriteMode=dynamic/ },
    { name: 'Spark append to a location read from the job arguments', code: 'import sys\nfrom pyspark.sql import SparkSession\n\n\ndef main():\n    spark = SparkSession.builder.getOrCreate()\n    output = resolve_option(sys.argv, "clean-prefix")\n    events = spark.read.json(resolve_option(sys.argv, "raw-prefix"))\n    «events.write.mode("append").partitionBy("ingest_date").parquet(output)»\n' },
    // operators and dlt
    { name: 'GCSToBigQueryOperator appending into an unpartitioned table', code: 'from airflow.providers.google.cloud.transfers.gcs_to_bigquery import GCSToBigQueryOperator\n\nload = «GCSToBigQueryOperator(\n    task_id="load_orders",\n    bucket="landing",\n    source_objects=["orders/*.json"],\n    destination_project_dataset_table="acme.mart.orders",\n    write_disposition="WRITE_APPEND",\n)»\n', message: /GCSToBigQueryOperator appends to acme\.mart\.orders \(WRITE_APPEND\)/ },
    { name: 'BigQueryInsertJobOperator load configuration with WRITE_APPEND', code: 'from airflow.providers.google.cloud.operators.bigquery import BigQueryInsertJobOperator\n\nload = «BigQueryInsertJobOperator(\n    task_id="load_events",\n    configuration={\n        "load": {\n            "sourceUris": ["gs://landing/events/*.json"],\n            "destinationTable": {"projectId": "acme", "datasetId": "raw", "tableId": "events"},\n            "writeDisposition": "WRITE_APPEND",\n        }\n    },\n)»\n' },
    { name: 'dlt pipeline.run of plain rows appends by default', code: 'import dlt\nimport requests\n\n\ndef load():\n    rows = requests.get(URL, timeout=30).json()\n    pipeline = dlt.pipeline(pipeline_name="shop", destination="duckdb", dataset_name="raw")\n    «pipeline.run(rows, table_name="orders")»\n', message: /pipeline\.run appends to orders on every run/ },
    { name: 'RETURNING in a loop over rows is still a load', code: 'def load(cur, orders):\n    ids = []\n    for order in orders:\n        cur.execute("«INSERT INTO orders» (order_id, amount) VALUES (%s, %s) RETURNING id", (order["id"], order["amount"]))\n        ids.append(cur.fetchone()[0])\n    return ids\n' },
    { name: 'write_pandas into an upper-cased literal name', code: 'from snowflake.connector.pandas_tools import write_pandas\n\n\ndef load(conn, frame):\n    «write_pandas(conn, frame, "Marketing_Data".upper())»\n', message: /write_pandas appends to MARKETING_DATA/ },
    { name: 'AWS Glue job that reads with a transformation_ctx and commits, with nothing saying bookmarks are on, appends the whole input again', code: 'import sys\n\nfrom awsglue.context import GlueContext\nfrom awsglue.job import Job\nfrom awsglue.utils import getResolvedOptions\nfrom pyspark.context import SparkContext\n\nargs = getResolvedOptions(sys.argv, ["JOB_NAME"])\ncontext = GlueContext(SparkContext.getOrCreate())\njob = Job(context)\njob.init(args["JOB_NAME"], args)\nclicks = context.create_dynamic_frame.from_catalog(database="bronze", table_name="clicks", transformation_ctx="clicks_source")\n«context.write_dynamic_frame.from_options(frame=clicks, connection_type="s3", connection_options={"path": "s3://lake/silver/clicks/"}, format="parquet")»\njob.commit()\n' },
    { name: 'AWS Glue writes the DMS snapshot to Redshift with only a CREATE in preactions', code: 'from awsglue.context import GlueContext\nfrom pyspark.context import SparkContext\n\nglue_context = GlueContext(SparkContext.getOrCreate())\nfor table in ["orders", "customers"]:\n    dyf = glue_context.create_dynamic_frame.from_catalog(database="raw", table_name=table)\n    «glue_context.write_dynamic_frame.from_jdbc_conf(\n        frame=dyf,\n        catalog_connection="redshift",\n        connection_options={"dbtable": f"sales.{table}", "preactions": f"CREATE TABLE IF NOT EXISTS sales.{table} (id BIGINT)"},\n        redshift_tmp_dir="s3://tmp/redshift/",\n    )»\n', message: /write_dynamic_frame\.from_jdbc_conf appends to f"sales\.\{table\}" on every run/ },
    { name: 'SQLAlchemy Core Table.insert() executed with the rows', code: 'from sqlalchemy import MetaData, Table\n\nmetadata = MetaData()\norders = Table("orders", metadata, autoload_with=engine)\n\n\ndef load(conn, rows):\n    conn.execute(«orders.insert()», rows)\n', message: /insert into orders has no upsert clause/ },
    { name: 'SQLAlchemy insert(Model).values(…) run by a session', code: 'from sqlalchemy import insert\n\n\nclass Order(Base):\n    __tablename__ = "orders"\n\n\ndef load(session, rows):\n    session.execute(«insert(Order)».values(rows))\n    session.commit()\n' },
    { name: 'S3ToRedshiftOperator appends with its default method', code: 'from airflow.providers.amazon.aws.transfers.s3_to_redshift import S3ToRedshiftOperator\n\nload = «S3ToRedshiftOperator(task_id="load_orders", schema="mart", table="orders", s3_bucket="landing", s3_key="orders/", copy_options=["FORMAT AS PARQUET"])»\n', message: /S3ToRedshiftOperator appends to orders \(its default\).*method="REPLACE"/ },
    { name: 'INSERT statements appended to a fixed SQL file every run', code: 'def export(statements):\n    with «open("../sql/insert_data.sql", "a")» as sql_file:\n        for statement in statements:\n            sql_file.write(statement + "\\n")\n' , message: /open\(…, "a"\) appends to the fixed file \.\.\/sql\/insert_data\.sql/ },
    { name: 'anti-join against a different table than the one appended to', code: 'import pandas as pd\n\n\ndef load(frame, engine):\n    blocked = pd.read_sql("SELECT sku FROM blocked_skus", engine)\n    kept = frame[~frame.sku.isin(blocked.sku)]\n    «kept.to_sql("inventory", engine, if_exists="append", index=False)»\n' },
    { name: 'INSERT … SELECT of copied columns stamped with NOW() is still a reload', code: 'from airflow.providers.mysql.operators.mysql import MySqlOperator\n\nload = MySqlOperator(\n    task_id="load_scores",\n    mysql_conn_id="dwh",\n    sql="«INSERT INTO mart.scores» (team, points, loaded_at) SELECT team, points, NOW() FROM raw.scores",\n)\n' },
    { name: 'per-group aggregates stamped with NOW() (GROUP BY) add a row per group on every run', code: 'def snapshot(cur):\n    cur.execute("«INSERT INTO mart.store_totals» (store, total, taken_at) SELECT store, SUM(amount), NOW() FROM sales GROUP BY store")\n' },
    { name: 'an aggregate row with no time stamp anywhere adds the same count again on a re-run', code: 'def record_total(cur):\n    cur.execute("«INSERT INTO mart.order_totals» (total) SELECT COUNT(*) FROM mart.orders")\n' },
    { name: 'append in a try into a table keyed on a generated id still duplicates', code: 'DDL = "CREATE TABLE IF NOT EXISTS plays (id SERIAL, track TEXT, played_at TEXT, PRIMARY KEY (id))"\n\n\ndef load(frame, engine):\n    try:\n        «frame.to_sql("plays", engine, if_exists="append", index=False)»\n    except Exception:\n        raise\n' },
    {
      name: 'a task group truncates another table than the one its load task appends to',
      code: 'import pandas as pd\nfrom airflow.decorators import task\nfrom airflow.utils.task_group import TaskGroup\n\n\n@task\ndef empty_table(engine, schema, table):\n    engine.execute(f"TRUNCATE TABLE {schema}.{table}")\n\n\n@task\ndef append_rows(payload, engine, target_schema, target_table):\n    frame = pd.read_json(payload)\n    «frame.to_sql(target_table, engine, schema=target_schema, if_exists="append", index=False)»\n\n\ndef copy_group(name, spec, engine):\n    with TaskGroup(name) as group:\n        emptied = empty_table(engine, spec["schema"], spec["errors_table"])\n        loaded = append_rows(spec["payload"], engine, spec["schema"], spec["table"])\n        emptied >> loaded\n    return group\n',
    },
    {
      name: 'a caller that rebuilds another table with if_exists="replace" before the append clears nothing the append writes',
      code: 'VALUES_TABLE = "survey_values"\n\n\ndef refresh_lookup(engine, frame):\n    frame.to_sql("region_lookup", engine, if_exists="replace")\n\n\ndef load_values(engine, frame):\n    «frame.to_sql(VALUES_TABLE, engine, index=False, if_exists="append")»\n\n\ndef main(engine, lookup, values):\n    refresh_lookup(engine, lookup)\n    load_values(engine, values)\n',
    },
    {
      name: 'an UPDATE of a bookkeeping column nothing selects on does not make the insert incremental',
      code: 'def load_visits(conn, rows):\n    cur = conn.cursor()\n    cur.execute("SELECT id FROM etl.jobs WHERE name = %s", ("visits",))\n    job_id = cur.fetchone()[0]\n    cur.executemany("«INSERT INTO web.visits» (page, seen_at) VALUES (%s, %s)", rows)\n    cur.execute("UPDATE etl.jobs SET finished_at = now() WHERE id = %s", (job_id,))\n    conn.commit()\n',
    },
    {
      name: 'a Delta merge into another table does not make an append to a fixed path safe',
      code: 'from delta.tables import DeltaTable\nfrom pyspark.sql import SparkSession\n\nspark = SparkSession.builder.getOrCreate()\norders = spark.read.json("s3://landing/orders/")\nDeltaTable.forName(spark, "gold.orders").alias("t").merge(orders.alias("s"), "t.id = s.id").whenMatchedUpdateAll().execute()\n«orders.write.format("delta").mode("append").save("s3://lake/gold/orders_copy/")»\n',
    },
    {
      name: 'an upsert that adds the incoming counts onto the stored ones (ON CONFLICT … DO UPDATE SET n = t.n + EXCLUDED.n)',
      code: 'def write_daily_counts(conn, frame):\n    cur = conn.cursor()\n    for _, row in frame.iterrows():\n        cur.execute(\n            """«INSERT INTO daily_activity» (day, user_id, answers)\n            VALUES (%s, %s, %s)\n            ON CONFLICT (day, user_id) DO UPDATE SET answers = daily_activity.answers + EXCLUDED.answers""",\n            (row["day"], row["user_id"], row["answers"]),\n        )\n    conn.commit()\n',
      message: /Upsert into daily_activity adds the incoming answers onto the stored one/,
    },
    {
      name: 'MySQL upsert adding VALUES(n) to the stored n',
      code: 'def add_clicks(cursor, rows):\n    cursor.executemany("«INSERT INTO page_clicks» (page, day, clicks) VALUES (%s, %s, %s) ON DUPLICATE KEY UPDATE clicks = clicks + VALUES(clicks)", rows)\n',
    },
    { name: 'INSERT … VALUES template of submitted rows kept in a queries module, no conflict key', file: 'queries.py', code: 'INSERT_SUBMISSION = """«INSERT INTO survey_answers»\n    (submission_id, school_code, answer) VALUES (%s, %s, %s)\n"""\n', message: /INSERT into survey_answers is kept here for another module to run and has no ON CONFLICT key/ },
  ],
  notFlagged: [
    {
      name: 'SCD2: a Delta merge closes the current versions, then the new versions are appended to the same path',
      code: 'from delta.tables import DeltaTable\nfrom pyspark.sql import SparkSession, functions as F\n\nDIM_PATH = "s3://lake/gold/dim_members"\nspark = SparkSession.builder.getOrCreate()\nchanged = spark.read.json("s3://landing/members/")\nversions = changed.withColumn("is_current", F.lit(True))\ndim = DeltaTable.forPath(spark, DIM_PATH)\ndim.alias("d").merge(versions.alias("c"), "d.member_id = c.member_id AND d.is_current").whenMatchedUpdate(set={"is_current": F.lit(False)}).execute()\nversions.write.format("delta").mode("append").save(DIM_PATH)\n',
    },
    {
      name: 'a loop inserts only rows selected while unstamped and stamps each source row in the same run',
      code: 'def issue_vouchers(conn):\n    cur = conn.cursor()\n    cur.execute("SELECT id, owner FROM shop.purchases WHERE voucher_id IS NULL AND paid = true")\n    for purchase_id, owner in cur.fetchall():\n        cur.execute("INSERT INTO shop.vouchers (id, owner) VALUES (gen_random_uuid(), %s) RETURNING id", (owner,))\n        voucher_id = cur.fetchone()[0]\n        cur.execute("UPDATE shop.purchases SET voucher_id = %s WHERE id = %s", (voucher_id, purchase_id))\n    conn.commit()\n',
    },
    {
      name: 'an INSERT … SELECT of rows not yet flagged, then an UPDATE flagging them, in one transaction',
      code: 'def assign_zones(conn):\n    with conn.cursor() as cur:\n        cur.execute("""\n            INSERT INTO parcel_zone (parcel_id, zone_id)\n            SELECT p.id, z.id FROM parcels p JOIN zones z ON z.code = p.zone_code\n            WHERE p.zone_assigned = false\n        """)\n        cur.execute("UPDATE parcels SET zone_assigned = true FROM parcel_zone WHERE parcel_zone.parcel_id = parcels.id")\n    conn.commit()\n',
    },
    {
      name: "the run's batch is deleted from the schema-qualified table (a variable built from the table name) just before the append",
      code: 'import pandas as pd\n\n\ndef load_batch(engine, conn, df, table, batch_id):\n    qualified = f"raw.{table}"\n    with conn.cursor() as cur:\n        cur.execute(f"DELETE FROM {qualified} WHERE batch_id = %s", (batch_id,))\n    conn.commit()\n    df.to_sql(table, engine, schema="raw", if_exists="append", index=False)\n',
    },
    { name: 'append in a try into a table its DDL keys on the data: a re-run fails on the key instead of duplicating', code: 'def load(frame, db):\n    db.execute("""\n        CREATE TABLE IF NOT EXISTS listens (\n            track TEXT,\n            heard_at TEXT,\n            CONSTRAINT listens_pk PRIMARY KEY (heard_at)\n        )\n    """)\n    try:\n        frame.to_sql("listens", db.engine, index=False, if_exists="append")\n    except ValueError:\n        print("rows already loaded")\n' },
    { name: 'aggregate row read through a WITH query into a table whose DDL stamps each row', code: 'from airflow.providers.mysql.operators.mysql import MySqlOperator\n\ncreate = MySqlOperator(\n    task_id="create_counts",\n    mysql_conn_id="dwh",\n    sql="CREATE TABLE IF NOT EXISTS stats.level_counts (id INT AUTO_INCREMENT PRIMARY KEY, level VARCHAR(10), n INT, created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)",\n)\ncount_high = MySqlOperator(\n    task_id="count_high",\n    mysql_conn_id="dwh",\n    sql="INSERT INTO stats.level_counts (level, n) WITH high AS (SELECT COUNT(*) AS c FROM app.events WHERE level = \'high\') SELECT \'high\', c FROM high",\n)\ncreate >> count_high\n' },
    { name: 'one aggregate row stamped with NOW() per run: a measurement, meant to accumulate', code: 'from airflow.providers.mysql.operators.mysql import MySqlOperator\n\nrecord_count = MySqlOperator(\n    task_id="record_gold_count",\n    mysql_conn_id="dwh",\n    sql=\"\"\"\n    INSERT INTO stats.medal_counts (medal, total, counted_at)\n    SELECT \'Gold\', COUNT(*), NOW()\n    FROM games.results\n    WHERE medal = \'Gold\';\n    \"\"\",\n)\n' },
    { name: 'metrics snapshot of several aggregates stamped with CURRENT_TIMESTAMP', code: 'def record_metrics(cur):\n    cur.execute("INSERT INTO ops.table_metrics (row_count, max_amount, measured_at) SELECT COUNT(*), MAX(amount) AS top, CURRENT_TIMESTAMP FROM mart.orders")\n' },
    { name: 'Spark overwrite', code: 'from pyspark.sql import DataFrame\n\n\ndef publish(frame):\n    frame.write.mode("overwrite").saveAsTable("mart.daily_sales")\n' },
    { name: 'Spark append to a table named at run time', code: 'from pyspark.sql import DataFrame\n\n\ndef publish(frame, table):\n    frame.write.mode("append").saveAsTable(table)\n' },
    { name: 'Spark append with replaceWhere', code: 'from pyspark.sql import DataFrame\n\n\ndef publish(frame, day):\n    frame.write.format("delta").option("replaceWhere", f"ds = \'{day}\'").mode("append").saveAsTable("mart.daily_sales")\n' },
    { name: 'Spark append to a staging table', code: 'from pyspark.sql import DataFrame\n\n\ndef publish(frame):\n    frame.write.mode("append").saveAsTable("stg_daily_sales")\n' },
    { name: 'Spark append of rows past a watermark', code: 'from pyspark.sql import functions as F\n\n\ndef publish(spark, since):\n    fresh = spark.table("raw.sales").where(F.col("sold_at") > since)\n    fresh.write.mode("append").saveAsTable("mart.sales")\n' },
    { name: 'Spark append mode held in a variable set to overwrite', code: 'from pyspark.sql import DataFrame\n\n\nwrite_mode = "overwrite"\n\n\ndef publish(frame):\n    frame.write.mode(write_mode).saveAsTable("mart.daily_sales")\n' },
    { name: 'upsert head held in a variable, rows appended with +', code: 'def write_batch(cur, rows_sql):\n    head = "INSERT INTO meter_readings (ts, label, reading) VALUES "\n    statement = head + rows_sql + " ON CONFLICT (ts, label) DO UPDATE SET reading = EXCLUDED.reading"\n    cur.execute(statement)\n' },
    { name: 'if_exists="replace" rebuilds a dimension', code: 'def load(dim, engine):\n    dim.to_sql("dim_customer", engine, if_exists="replace", index=False)\n' },
    { name: 'default if_exists fails instead of duplicating', code: 'def load(df, engine):\n    df.to_sql("orders", engine, index=False)\n' },
    { name: 'delete-then-insert by partition in one transaction', code: 'from sqlalchemy import text\n\n\ndef load_day(df, engine, day):\n    with engine.begin() as conn:\n        conn.execute(text("DELETE FROM orders WHERE order_date = :day"), {"day": day})\n        df.to_sql("orders", conn, if_exists="append", index=False)\n' },
    { name: 'f-string DELETE of the same table variable', code: 'def load(df, engine, table, day):\n    with engine.begin() as conn:\n        conn.exec_driver_sql(f"DELETE FROM {table} WHERE ds = %s", (day,))\n        df.to_sql(table, conn, if_exists="append")\n' },
    { name: 'helper named for deleting the slice', code: 'def load(df, engine, start, end):\n    delete_old_rows(engine, "orders", start, end)\n    df.to_sql("orders", engine, if_exists="append", index=False)\n' },
    { name: 'append into a staging table, MERGE afterwards', code: 'from sqlalchemy import text\n\n\ndef load(df, engine):\n    df.to_sql("orders_staging", engine, if_exists="append", index=False)\n    with engine.begin() as conn:\n        conn.execute(text("MERGE INTO orders t USING orders_staging s ON t.id = s.id WHEN NOT MATCHED THEN INSERT (id) VALUES (s.id)"))\n' },
    { name: 'append into a stg_/tmp table (merged by the next task)', code: 'def land(df, engine):\n    df.to_sql("stg_orders", engine, if_exists="append", index=False)\n    df.to_sql("orders_tmp", engine, schema="etl", if_exists="append")\n' },
    { name: 'upsert insertion method for to_sql', code: 'def load(df, engine):\n    df.to_sql("orders", engine, if_exists="append", index=False, method=insert_on_conflict_update)\n' },
    { name: 'run log table accumulates by design', code: 'def record_run(runs, engine):\n    runs.to_sql("etl_run_log", engine, if_exists="append", index=False)\n' },
    { name: 'BigQuery WRITE_TRUNCATE in the call', code: 'from google.cloud import bigquery\n\nclient = bigquery.Client()\nclient.load_table_from_dataframe(df, "acme.mart.teams", job_config=bigquery.LoadJobConfig(write_disposition="WRITE_TRUNCATE"))\n' },
    { name: 'BigQuery WRITE_TRUNCATE by attribute on a variable', code: 'from google.cloud import bigquery\n\nclient = bigquery.Client()\njob_config = bigquery.LoadJobConfig()\njob_config.write_disposition = bigquery.WriteDisposition.WRITE_TRUNCATE\nclient.load_table_from_dataframe(df, table_id, job_config=job_config)\n' },
    { name: 'BigQuery WRITE_EMPTY fails on a re-run instead of duplicating', code: 'from google.cloud import bigquery\n\nclient = bigquery.Client()\ncfg = bigquery.LoadJobConfig(write_disposition=bigquery.WriteDisposition.WRITE_EMPTY)\nclient.load_table_from_uri(uri, "acme.raw.snapshot_20240101", job_config=cfg)\n' },
    { name: 'BigQuery partition decorator', code: 'from google.cloud import bigquery\n\n\ndef load(df, run_date):\n    client = bigquery.Client()\n    cfg = bigquery.LoadJobConfig(write_disposition="WRITE_TRUNCATE")\n    client.load_table_from_dataframe(df, f"acme.mart.sales${run_date:%Y%m%d}", job_config=cfg)\n    client.load_table_from_dataframe(df, "acme.mart.sales$20240101")\n' },
    { name: 'BigQuery config built elsewhere', code: 'from google.cloud import bigquery\nfrom etl.bq import build_load_job_config\n\nclient = bigquery.Client()\nclient.load_table_from_dataframe(df, table_id, job_config=build_load_job_config(schema))\n' },
    { name: 'BigQuery load into staging, MERGE query after', code: 'from google.cloud import bigquery\n\n\ndef load(df):\n    client = bigquery.Client()\n    client.load_table_from_dataframe(df, "acme.raw.orders_incoming").result()\n    client.query("MERGE acme.mart.orders T USING acme.raw.orders_incoming S ON T.id = S.id WHEN NOT MATCHED THEN INSERT ROW").result()\n' },
    { name: 'write_pandas with overwrite=True or into a temp table', code: 'from snowflake.connector.pandas_tools import write_pandas\n\nwrite_pandas(conn, df, "DIM_PRODUCT", overwrite=True, auto_create_table=True)\nwrite_pandas(conn, df, "ORDERS_LOAD", table_type="temp")\n' },
    { name: 'Airflow hook insert_rows with replace=True', code: 'from airflow.providers.postgres.hooks.postgres import PostgresHook\n\nhook = PostgresHook(postgres_conn_id="dwh")\nhook.insert_rows("orders", rows, target_fields=["order_id", "status"], replace=True, replace_index="order_id")\n' },
    { name: 'INSERT … ON CONFLICT upsert', code: 'def load(cur, rows):\n    cur.executemany("INSERT INTO sales_fact (order_id, total_amount) VALUES (%s, %s) ON CONFLICT (order_id) DO UPDATE SET total_amount = EXCLUDED.total_amount", rows)\n' },
    { name: 'MySQL ON DUPLICATE KEY UPDATE and INSERT IGNORE', code: 'import pymysql\n\n\ndef load(cur, rows):\n    cur.executemany("INSERT INTO orders (id, amount) VALUES (%s, %s) ON DUPLICATE KEY UPDATE amount = VALUES(amount)", rows)\n    cur.execute("INSERT IGNORE INTO assets (ticker) VALUES (%s)", ("ACME",))\n' },
    { name: 'SQLite INSERT OR REPLACE', code: 'import sqlite3\n\nconn = sqlite3.connect("local.db")\nconn.executemany("INSERT OR REPLACE INTO prices (sku, price) VALUES (?, ?)", rows)\n' },
    { name: 'INSERT … SELECT … WHERE NOT EXISTS', code: 'def load(cur):\n    cur.execute("""\n        INSERT INTO dim_customer (customer_id, name)\n        SELECT s.customer_id, s.name FROM staging_customers s\n        WHERE NOT EXISTS (SELECT 1 FROM dim_customer d WHERE d.customer_id = s.customer_id)\n    """)\n' },
    { name: 'delete the day, then insert it (psycopg2)', code: 'def load(conn, rows, day):\n    with conn, conn.cursor() as cur:\n        cur.execute("DELETE FROM orders WHERE order_date = %s", (day,))\n        cur.executemany("INSERT INTO orders (order_id, amount, order_date) VALUES (%s, %s, %s)", rows)\n' },
    { name: 'TRUNCATE then INSERT in one string', code: 'def rebuild(cur):\n    cur.execute("TRUNCATE TABLE daily_totals; INSERT INTO daily_totals SELECT day, SUM(amount) FROM orders GROUP BY day")\n' },
    { name: 'INSERT OVERWRITE (Spark/Hive)', code: 'def publish(spark):\n    spark.sql("INSERT OVERWRITE TABLE lake.orders SELECT * FROM updates")\n' },
    { name: 'Delta selective overwrite: INSERT INTO … REPLACE USING / REPLACE WHERE', code: 'def publish(spark, day):\n    spark.sql("INSERT INTO lake.daily_totals REPLACE USING (day_id) SELECT day_id, SUM(amount) FROM lake.orders GROUP BY day_id")\n    spark.sql(f"INSERT INTO lake.orders REPLACE WHERE order_date = \'{day}\' SELECT * FROM staging.orders")\n' },
    { name: 'INSERT into a temp table', code: 'def load(cur, rows):\n    cur.execute("CREATE TEMP TABLE tmp_orders (LIKE orders)")\n    cur.executemany("INSERT INTO tmp_orders (order_id, amount) VALUES (%s, %s)", rows)\n' },
    { name: 'INSERT text that is not executed', code: 'import logging\n\nlogger = logging.getLogger(__name__)\nlogger.info("INSERT INTO orders skipped: nothing to load")\nEXAMPLE = "INSERT INTO orders (id) VALUES (1)"\n' },
    { name: 'audit row per run', code: 'def record(cur, run_id):\n    cur.execute("INSERT INTO etl_audit_log (run_id, finished_at) VALUES (%s, now())", (run_id,))\n' },
    { name: 'to_csv to a run-scoped path', code: 'def export(df, run_id):\n    df.to_csv(f"/data/out/orders_{run_id}.csv", mode="a", index=False)\n' },
    { name: 'header written first with mode "w", then chunks appended', code: 'import pandas as pd\n\nOUT = "/data/out/orders.csv"\n\n\ndef export(src):\n    pd.DataFrame(columns=COLUMNS).to_csv(OUT, index=False)\n    for chunk in pd.read_csv(src, chunksize=10_000):\n        chunk.to_csv(OUT, mode="a", header=False, index=False)\n' },
    { name: 'file removed before appending', code: 'import os\n\nTARGET = "/data/out/events.csv"\n\n\ndef export(chunks):\n    if os.path.exists(TARGET):\n        os.remove(TARGET)\n    for chunk in chunks:\n        chunk.to_csv(TARGET, mode="a", index=False)\n' },
    { name: 'rejects file accumulates by design', code: 'def quarantine(bad_rows):\n    bad_rows.to_csv("/data/rejects/orders_rejects.csv", mode="a", index=False)\n' },
    { name: 'operator truncating first when not in append mode', code: 'from airflow.models import BaseOperator\nfrom airflow.providers.postgres.hooks.postgres import PostgresHook\n\n\nclass LoadDimensionOperator(BaseOperator):\n    insert_sql = "INSERT INTO {} {}"\n    truncate_sql = "TRUNCATE TABLE {}"\n\n    def execute(self, context):\n        hook = PostgresHook(postgres_conn_id=self.conn_id)\n        if not self.append_only:\n            hook.run(self.truncate_sql.format(self.table))\n        hook.run(self.insert_sql.format(self.table, self.select_sql))\n' },
    { name: 'delete in one Airflow task, insert in the next (module level)', code: 'from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator\n\nclear = SQLExecuteQueryOperator(task_id="clear_day", conn_id="dwh", sql="DELETE FROM fact_orders WHERE ds = \'{{ ds }}\'")\nload = SQLExecuteQueryOperator(task_id="load_day", conn_id="dwh", sql="INSERT INTO fact_orders SELECT * FROM clean_orders WHERE ds = \'{{ ds }}\'")\nclear >> load\n' },
    { name: 'BigQuery: delete the day from the same table variable, then load', code: 'from google.cloud import bigquery\n\n\ndef load(df, table_id, day):\n    client = bigquery.Client()\n    client.query(f"DELETE FROM `{table_id}` WHERE order_date = @day", job_config=params(day)).result()\n    client.load_table_from_dataframe(df, table_id).result()\n' },
    { name: 'Snowflake: delete the load date, then write_pandas (names compared case-insensitively)', code: 'from snowflake.connector.pandas_tools import write_pandas\n\n\ndef load(conn, df, load_date):\n    conn.cursor().execute("DELETE FROM orders WHERE load_date = %s", (load_date,))\n    write_pandas(conn, df, "ORDERS")\n' },
    { name: 'only rows missing from the target are appended (anti-join on the target read first)', code: 'import pandas as pd\n\n\ndef sync(source, engine, table):\n    existing = pd.read_sql_query(f"SELECT * FROM {table}", engine)\n    fresh = source[~source.apply(tuple, 1).isin(existing.apply(tuple, 1))]\n    fresh.to_sql(table, engine, if_exists="append", index=False)\n' },
    { name: 'merge indicator keeps left_only rows of the target read', code: 'import pandas as pd\n\n\ndef sync(batch, engine):\n    current = pd.read_sql("SELECT account_id FROM accounts", engine)\n    joined = batch.merge(current, on="account_id", how="left", indicator=True)\n    fresh = joined[joined["_merge"] == "left_only"].drop(columns="_merge")\n    fresh.to_sql("accounts", engine, if_exists="append", index=False)\n' },
    // existence checks, watermarks and guards
    { name: 'seed rows inserted only when the table is empty', code: 'def seed_roles(engine):\n    with engine.connect() as connection:\n        count = len(connection.execute("SELECT role FROM user_roles").fetchall())\n        if count == 0:\n            connection.execute("INSERT INTO user_roles (id, role) VALUES (%s, %s)", (1, "user"))\n' },
    { name: 'select by key, update when found, insert otherwise (str.format table)', code: 'def upsert(conn, table, key, fields):\n    with conn.cursor() as cur:\n        cur.execute("SELECT * FROM {} WHERE {} = %s".format(table, key), (fields[key],))\n        if cur.fetchone():\n            cur.execute("UPDATE {} SET v = %s WHERE {} = %s".format(table, key), (fields["v"], fields[key]))\n        else:\n            cur.execute("INSERT INTO {} (id, v) VALUES (%s, %s)".format(table), (fields[key], fields["v"]))\n' },
    { name: 'only ids not found in the target are inserted', code: 'def add_replays(conn, replays):\n    cur = conn.cursor()\n    cur.execute("SELECT replay_id FROM replay_status WHERE format_id = ?", (FORMAT,))\n    known = {row[0] for row in cur.fetchall()}\n    fresh = [(r["id"], r["time"]) for r in replays if r["id"] not in known]\n    cur.executemany("INSERT INTO replay_status (replay_id, uploaded) VALUES (?, ?)", fresh)\n    conn.commit()\n' },
    { name: 'the caller fetches only keys missing from the cache table first', code: 'def _missing_ids(cur):\n    cur.execute("SELECT DISTINCT b.place_id FROM bronze.visits b WHERE b.place_id NOT IN (SELECT place_id FROM gold.place_cache)")\n    return [r[0] for r in cur.fetchall()]\n\n\ndef _insert_place(cur, place):\n    cur.execute("INSERT INTO gold.place_cache (place_id, name) VALUES (%s, %s)", (place["id"], place["name"]))\n\n\ndef geocode(cur):\n    for place_id in _missing_ids(cur):\n        _insert_place(cur, lookup(place_id))\n' },
    { name: 'a dedupe statement runs on the table after the append', code: 'class Contacts(Base):\n    @classmethod\n    def insert_from_df(cls, df, conn):\n        df.to_sql(cls.__tablename__, conn, if_exists="append", index=False)\n        conn.execute(dedup_consecutive(cls.__table__, order_by=cls.created_date))\n' },
    { name: 'the caller deletes the day before calling the loader', code: 'from sqlalchemy import text\n\n\ndef write_orders(df, conn):\n    df.to_sql("orders", conn, if_exists="append", index=False)\n\n\ndef run(df, engine, day):\n    with engine.begin() as conn:\n        conn.execute(text("DELETE FROM orders WHERE order_date = :d"), {"d": day})\n        write_orders(df, conn)\n' },
    { name: 'a helper run first truncates the table', code: 'def reset_orders(cur):\n    cur.execute("TRUNCATE TABLE orders")\n\n\ndef load(cur, rows):\n    reset_orders(cur)\n    cur.executemany("INSERT INTO orders (order_id, amount) VALUES (%s, %s)", rows)\n' },
    { name: 'the script deduplicates after calling the loader method', code: 'from snowflake.connector.pandas_tools import write_pandas\n\n\nclass Loader:\n    def load_file(self, frame):\n        write_pandas(self.conn, frame, "STOCK_DATA")\n\n    def deduplicate(self, table):\n        self.cur.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT DISTINCT * FROM {table}")\n\n\nif __name__ == "__main__":\n    loader = Loader()\n    loader.load_file(read_input())\n    loader.deduplicate("STOCK_DATA")\n' },
    { name: 'a sibling function MERGEs from the table the load fills', code: 'from google.cloud import bigquery\n\nclient = bigquery.Client()\n\n\ndef land(df):\n    client.load_table_from_dataframe(df, "acme.raw.orders_incoming").result()\n\n\ndef merge():\n    client.query("MERGE acme.mart.orders T USING acme.raw.orders_incoming S ON T.id = S.id WHEN NOT MATCHED THEN INSERT ROW").result()\n' },
    { name: 'a transfer operator runs the pre-operator SQL its DAG hands in', code: 'from airflow.models import BaseOperator\nfrom airflow.providers.postgres.hooks.postgres import PostgresHook\n\n\nclass TransferOperator(BaseOperator):\n    def execute(self, context):\n        dest = PostgresHook(postgres_conn_id=self.dest_conn_id)\n        if self.pg_preoperator:\n            dest.run(self.pg_preoperator)\n        dest.insert_rows(table=self.pg_table, rows=self.rows())\n' },
    { name: 'the table has a unique key and the append expects IntegrityError', code: 'from sqlalchemy.exc import IntegrityError\n\n\ndef load_status(df, engine):\n    try:\n        df.to_sql("station_status", con=engine, if_exists="append", index=False)\n    except IntegrityError as err:\n        log.info("rows already loaded: %s", err)\n' },
    { name: 'constant demo rows, not loaded data', code: 'def insert_rows(cur, table_name):\n    sql = f"INSERT INTO {table_name} (column_1, column_2) VALUES (\'A\', \'B\');"\n    for _ in range(randint(1, 10)):\n        cur.execute(sql)\n' },
    { name: 'a test inserts fixtures', file: 'tests/test_loader.py', code: 'def test_load(cur):\n    cur.execute("INSERT INTO orders (id, amount) VALUES (%s, %s)", (1, 9.5))\n    assert count(cur) == 1\n' },
    { name: 'a fake-data generator seeds demo tables', code: 'from faker import Faker\n\nfake = Faker()\n\n\ndef publish_customers(engine):\n    rows = [{"name": fake.name()} for _ in range(1000)]\n    pd.DataFrame(rows).to_sql("customers", engine, if_exists="append", index=False)\n' },
    // COPY that does not add rows twice
    { name: 'an INSERT with ON CONFLICT run through a shared loader helper', code: 'class Loader:\n    def load_to_db(self, sql, rows):\n        with self.conn.cursor() as cur:\n            cur.executemany(sql, rows)\n        self.conn.commit()\n\n\ndef load_snapshot(loader, rows):\n    loader.load_to_db("INSERT INTO inventory_snapshot (day, sku, qty) VALUES (%s, %s, %s) ON CONFLICT (day, sku) DO UPDATE SET qty = EXCLUDED.qty", rows)\n' },
    { name: 'a parquet append into a path partitioned by the run date', code: 'def write_day(frame, run_date):\n    frame.to_parquet(f"s3://lake/prices/run_date={run_date}/prices.parquet")\n' },
    { name: 'COPY into a table the same DAG truncates first, schema-qualified', code: 'from airflow.providers.postgres.operators.postgres import PostgresOperator\n\ncreate = PostgresOperator(task_id="create_aisles", sql="CREATE TABLE IF NOT EXISTS raw.aisles (aisle_id integer, aisle varchar(100));")\nclear = PostgresOperator(task_id="clear_aisles", sql="TRUNCATE raw.aisles;")\nload = PostgresOperator(task_id="load_aisles", sql="COPY raw.aisles FROM \'/data/aisles.csv\' CSV HEADER;")\ncreate >> clear >> load\n' },
    { name: 'COPY into a qualified table cleared by its bare name when no DDL says which schema it lives in', code: 'def reload(cur):\n    cur.execute("TRUNCATE aisles")\n    cur.execute("COPY raw.aisles FROM \'/data/aisles.csv\' CSV HEADER")\n' },
    { name: 'COPY into a table a helper truncates first', code: 'def clear_orders(cur):\n    cur.execute("TRUNCATE TABLE analytics.orders")\n\n\ndef load_orders(cur, path):\n    clear_orders(cur)\n    with open(path) as handle:\n        cur.copy_expert("COPY analytics.orders FROM STDIN WITH CSV HEADER", handle)\n' },
    { name: 'COPY in the same string after a DELETE of the table', code: 'def reload(cur):\n    cur.execute("DELETE FROM analytics.orders; COPY analytics.orders FROM \'/data/orders.csv\' CSV HEADER;")\n' },
    { name: 'Snowflake COPY INTO skips files it loaded before', code: 'def load(cur):\n    cur.execute("COPY INTO analytics.orders FROM @raw_stage/orders/ FILE_FORMAT = (TYPE = PARQUET)")\n' },
    { name: 'COPY … TO exports, it does not load', code: 'def export(cur, f):\n    cur.copy_expert("COPY (SELECT * FROM orders) TO STDOUT WITH CSV", f)\n    cur.copy_expert("COPY orders TO STDOUT WITH CSV HEADER", f)\n' },
    { name: 'COPY into a staging table truncated first', code: 'def stage(cur, path):\n    cur.execute("TRUNCATE staging_events")\n    cur.execute(f"COPY staging_events FROM \'{path}\' IAM_ROLE \'{ROLE}\' JSON \'auto\'")\n' },
    // SQL modules
    { name: 'SQL module: the table is truncated by a statement kept beside the insert', file: 'sql_queries.py', code: 'users_truncate = "TRUNCATE TABLE users"\nusers_insert = """\n    INSERT INTO users (user_id, level)\n    SELECT DISTINCT user_id, level FROM staging_events\n"""\nload_queries = [users_truncate, users_insert]\n' },
    { name: 'SQL module: INSERT … SELECT with an anti-join', file: 'sql_queries.py', code: 'users_insert = """\n    INSERT INTO users (user_id, level)\n    SELECT DISTINCT s.user_id, s.level FROM staging_events s\n    WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.user_id = s.user_id)\n"""\n' },
    // Spark
    { name: 'Spark append to a run-scoped path', code: 'from pyspark.sql import DataFrame\n\n\ndef publish(frame: DataFrame, ds):\n    frame.write.mode("append").parquet(f"s3://lake/orders/ds={ds}/")\n' },
    { name: 'Spark quarantine path handed in by the caller', code: 'from pyspark.sql import DataFrame\n\n\ndef quarantine_invalid_records(frame: DataFrame, path: str) -> None:\n    frame.write.mode("append").parquet(path)\n' },
    { name: 'Spark streaming write keeps a checkpoint', code: 'from pyspark.sql import DataFrame\n\n\ndef stream(events: DataFrame):\n    events.writeStream.format("delta").outputMode("append").option("checkpointLocation", "/chk/events").toTable("silver.events")\n' },
    { name: 'Spark insertInto with overwrite=True', code: 'from pyspark.sql import DataFrame\n\n\ndef publish(frame: DataFrame):\n    frame.write.insertInto("mart.daily_sales", overwrite=True)\n' },
    // operators and dlt
    { name: 'GCSToBigQueryOperator appending into a partitioned table or truncating', code: 'from airflow.providers.google.cloud.transfers.gcs_to_bigquery import GCSToBigQueryOperator\n\nevents = GCSToBigQueryOperator(task_id="events", bucket="b", source_objects=["e/*"], destination_project_dataset_table="acme.raw.events", write_disposition="WRITE_APPEND", time_partitioning={"type": "DAY", "field": "ts"})\norders = GCSToBigQueryOperator(task_id="orders", bucket="b", source_objects=["o/*"], destination_project_dataset_table="acme.raw.orders", write_disposition="WRITE_TRUNCATE")\n' },
    { name: 'dlt resource that merges on a primary key', code: 'import dlt\n\n\n@dlt.resource(name="orders", write_disposition="merge", primary_key="id")\ndef orders():\n    yield from fetch_orders()\n\n\ndef load():\n    pipeline = dlt.pipeline(pipeline_name="shop", destination="duckdb")\n    pipeline.run(orders(), table_name="orders")\n' },
    { name: 'dlt run that replaces the table', code: 'import dlt\n\npipeline = dlt.pipeline(pipeline_name="shop", destination="duckdb")\npipeline.run(rows, table_name="orders", write_disposition="replace")\n' },
    { name: 'one row registering the run, its generated key read back', code: 'def register_key(cursor, key):\n    cursor.execute("CREATE TABLE IF NOT EXISTS batch_keys (key_id INT AUTOINCREMENT PRIMARY KEY, encrypted_key STRING)")\n    cursor.execute(f"INSERT INTO batch_keys (encrypted_key) VALUES (\'{key}\')")\n    cursor.execute("SELECT MAX(key_id) FROM batch_keys")\n    return cursor.fetchone()[0]\n' },
    { name: 'AWS Glue job whose script enables bookmarks, reads with a transformation_ctx and commits: each run appends only new input', code: '"""%%configure\n{"--job-bookmark-option": "job-bookmark-enable"}\n"""\nimport sys\n\nfrom awsglue.context import GlueContext\nfrom awsglue.job import Job\nfrom awsglue.utils import getResolvedOptions\nfrom pyspark.context import SparkContext\n\nargs = getResolvedOptions(sys.argv, ["JOB_NAME"])\ncontext = GlueContext(SparkContext.getOrCreate())\njob = Job(context)\njob.init(args["JOB_NAME"], args)\nclicks = context.create_dynamic_frame.from_catalog(database="bronze", table_name="clicks", transformation_ctx="clicks_source")\ncontext.write_dynamic_frame.from_options(frame=clicks, connection_type="s3", connection_options={"path": "s3://lake/silver/clicks/"}, format="parquet")\njob.commit()\n' },
    { name: 'AWS Glue write that truncates in preactions', code: 'from awsglue.context import GlueContext\nfrom pyspark.context import SparkContext\n\nglue_context = GlueContext(SparkContext.getOrCreate())\nglue_context.write_dynamic_frame.from_jdbc_conf(frame=dyf, catalog_connection="redshift", connection_options={"dbtable": "sales.orders", "preactions": "TRUNCATE TABLE sales.orders"}, redshift_tmp_dir="s3://tmp/")\n' },
    { name: 'AWS Glue write to a staging table merged in postactions', code: 'from awsglue.context import GlueContext\nfrom pyspark.context import SparkContext\n\nglue_context = GlueContext(SparkContext.getOrCreate())\nglue_context.write_dynamic_frame.from_jdbc_conf(frame=dyf, catalog_connection="redshift", connection_options={"dbtable": "sales.orders_load", "postactions": "MERGE INTO sales.orders USING sales.orders_load s ON orders.id = s.id WHEN MATCHED THEN UPDATE SET amount = s.amount WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.amount)"}, redshift_tmp_dir="s3://tmp/")\n' },
    { name: 'SQLAlchemy insert with on_conflict_do_update', code: 'from sqlalchemy.dialects.postgresql import insert\n\n\ndef load(conn, orders, rows):\n    stmt = insert(orders).values(rows)\n    stmt = stmt.on_conflict_do_update(index_elements=["order_id"], set_={"amount": stmt.excluded.amount})\n    conn.execute(stmt)\n' },
    { name: 'a method that only builds the INSERT … SELECT and returns it', code: 'from sqlalchemy import insert, select\n\n\nclass Contacts(Base):\n    __tablename__ = "contacts"\n\n    @classmethod\n    def insert_into_people(cls):\n        return insert(People).from_select(["name"], select(cls.name))\n' },
    { name: 'SQLAlchemy Core insert after deleting the table\'s rows', code: 'from sqlalchemy import MetaData, Table\n\nmetadata = MetaData()\nvolunteers = Table("volunteers", metadata, autoload_with=engine)\n\n\ndef refresh(session, rows):\n    session.execute("TRUNCATE TABLE volunteers")\n    session.execute(volunteers.insert(rows))\n' },
    { name: 'the module keeps a truncate of the table beside the loader', code: 'from sqlalchemy import MetaData, Table\n\n\ndef insert_animals(session, rows):\n    animals = Table("shelter_animals", MetaData(), autoload_with=engine)\n    session.execute(animals.insert(rows))\n\n\ndef truncate_animals(session):\n    session.execute("TRUNCATE TABLE shelter_animals")\n' },
    { name: 'a journal of user actions accumulates by design', code: 'def log_user_action(cur, user, event):\n    cur.execute("INSERT INTO user_journal (username, event) VALUES (%s, %s)", (user, event))\n' },
    { name: 'a Core insert run inside except IntegrityError', code: 'from sqlalchemy import MetaData, Table, exc\n\nusers = Table("users", MetaData(), autoload_with=engine)\n\n\ndef create_user(connection, name):\n    stmt = users.insert().values(username=name)\n    try:\n        connection.execute(stmt)\n    except exc.IntegrityError:\n        return "exists"\n' },
    { name: 'S3ToRedshiftOperator replacing the table or loading a staging table', code: 'from airflow.providers.amazon.aws.transfers.s3_to_redshift import S3ToRedshiftOperator\n\norders = S3ToRedshiftOperator(task_id="orders", schema="mart", table="orders", s3_bucket="b", s3_key="o/", method="REPLACE")\nevents = S3ToRedshiftOperator(task_id="events", schema="mart", table="staging_events", s3_bucket="b", s3_key="e/")\n' },
    { name: 'a log or state file opened for appending', code: 'import csv\n\n\ndef record(name, rows):\n    with open("logs/broken_rows.jsonl", "a") as log:\n        log.write(name)\n    with open("state/processed_files.csv", "a") as done:\n        csv.writer(done).writerow([name])\n' },
    { name: 'a data file truncated with "w" before the appends', code: 'def export(chunks):\n    open("/data/out/orders.csv", "w").close()\n    for chunk in chunks:\n        with open("/data/out/orders.csv", "a") as f:\n            f.write(chunk)\n' },
    { name: 'to_sql if_exists from a parameter', code: 'def load(df, engine, if_exists="append"):\n    df.to_sql("orders", engine, if_exists=if_exists)\n' },
    {
      name: 'a dimension loader whose caller first reads the keys already in the target (named by a method call) and loads only the new ones',
      code: 'from google.cloud import bigquery\n\n\nclass RegionDimension:\n    def __init__(self):\n        self.client = bigquery.Client()\n        self.name = "dim_region"\n\n    def ref(self, name):\n        return f"warehouse.core.{name}"\n\n    def known_codes(self):\n        rows = self.client.query(f"SELECT region_code FROM `{self.ref(self.name)}`").result()\n        return {r.region_code for r in rows}\n\n    def append_regions(self, records):\n        destination = self.ref(self.name)\n        config = bigquery.LoadJobConfig(write_disposition="WRITE_APPEND")\n        self.client.load_table_from_json(records, destination, job_config=config).result()\n\n    def run(self, incoming):\n        known = self.known_codes()\n        fresh = [r for r in incoming if r["region_code"] not in known]\n        self.append_regions(fresh)\n',
    },
    {
      name: 'the table is truncated by its qualified name, the append names it by a variable split from that name',
      code: 'import sqlalchemy\n\n\ndef refresh_warehouses(engine, frame):\n    qualified = "inventory.warehouses"\n    schema = qualified.split(".")[0]\n    short = qualified.split(".")[-1]\n    with engine.begin() as conn:\n        conn.execute(sqlalchemy.text(f"TRUNCATE TABLE {qualified}"))\n        frame.to_sql(name=short, con=conn, schema=schema, if_exists="append", index=False)\n',
    },
    {
      name: 'an empty frame written with if_exists="replace" recreates the table before the COPY fills it',
      code: 'import io\n\n\ndef bulk_store(engine, frame, table):\n    frame.head(0).to_sql(name=table, con=engine, if_exists="replace", index=False)\n    raw = engine.raw_connection()\n    with raw.cursor() as cur:\n        cur.copy_expert(f"COPY {table} FROM STDIN WITH (FORMAT CSV)", io.StringIO(frame.to_csv(index=False, header=False)))\n    raw.commit()\n',
    },
    {
      name: 'a task group runs a truncate task and then the load task, handing both the same table',
      code: 'import pandas as pd\nfrom airflow.decorators import task\nfrom airflow.utils.task_group import TaskGroup\n\n\n@task\ndef empty_table(engine, schema, table):\n    engine.execute(f"TRUNCATE TABLE {schema}.{table}")\n\n\n@task\ndef append_rows(payload, engine, target_schema, target_table):\n    frame = pd.read_json(payload)\n    frame.to_sql(target_table, engine, schema=target_schema, if_exists="append", index=False)\n\n\ndef copy_group(name, spec, engine):\n    with TaskGroup(name) as group:\n        emptied = empty_table(engine, spec["schema"], spec["table"])\n        loaded = append_rows(spec["payload"], engine, spec["schema"], spec["table"])\n        emptied >> loaded\n    return group\n',
    },
    {
      name: 'the caller first reads the ids already in the dimension (named in full), the loader appends to it by project-qualified f-string',
      code: 'from google.cloud import bigquery\n\n\nclass ColourLoader:\n    def __init__(self, project):\n        self.client = bigquery.Client()\n        self.project = project\n\n    def known_ids(self):\n        rows = self.client.query("SELECT DISTINCT colour_id FROM `acme-prod.warehouse.DimColour`").result()\n        return {r.colour_id for r in rows}\n\n    def append(self, rows):\n        table_id = f"{self.project}.warehouse.DimColour"\n        config = bigquery.LoadJobConfig(write_disposition="WRITE_APPEND")\n        self.client.load_table_from_json(rows, table_id, job_config=config).result()\n\n    def run(self, incoming):\n        known = self.known_ids()\n        self.append([r for r in incoming if r["colour_id"] not in known])\n',
    },
    {
      name: 'an upsert that replaces the stored total with the incoming one',
      code: 'def write_daily_counts(cur, rows):\n    cur.executemany("INSERT INTO daily_activity (day, user_id, answers) VALUES (%s, %s, %s) ON CONFLICT (day, user_id) DO UPDATE SET answers = EXCLUDED.answers", rows)\n',
    },
    {
      name: 'an upsert that keeps the larger of the stored and incoming values and bumps a version',
      code: 'def write_peaks(cur, rows):\n    cur.executemany("INSERT INTO peaks (sensor_id, day, peak) VALUES (%s, %s, %s) ON CONFLICT (sensor_id, day) DO UPDATE SET peak = GREATEST(peaks.peak, EXCLUDED.peak), version = peaks.version + 1", rows)\n',
    },
    {
      name: 'the caller first reads the keys already in the dimension through the same project.dataset.table f-string the loader binds',
      code: 'from google.cloud import bigquery\n\n\nclass ImageDimension:\n    def __init__(self):\n        self.client = bigquery.Client()\n        self.project = "acme"\n        self.dataset = "warehouse"\n        self.table_name = "DimImage"\n\n    def existing_keys(self):\n        rows = self.client.query(f"SELECT DISTINCT image_url FROM `{self.project}.{self.dataset}.{self.table_name}`").result()\n        return {r.image_url for r in rows}\n\n    def load(self, images):\n        table_id = f"{self.project}.{self.dataset}.{self.table_name}"\n        config = bigquery.LoadJobConfig(write_disposition="WRITE_APPEND")\n        self.client.load_table_from_json(images, table_id, job_config=config).result()\n\n    def run(self, images):\n        known = self.existing_keys()\n        self.load([i for i in images if i["image_url"] not in known])\n',
    },
    {
      name: 'rows inserted into a SQL Server session temp table (#keys) to join against',
      code: 'def stage_keys(cursor, keys):\n    cursor.execute("CREATE TABLE #order_keys (order_id INT PRIMARY KEY)")\n    for key in keys:\n        cursor.execute("INSERT INTO #order_keys (order_id) VALUES (?)", key)\n',
    },
    { name: 'SQL module: an INSERT … VALUES template with ON CONFLICT on the submission id', file: 'queries.py', code: 'INSERT_SUBMISSION = """INSERT INTO survey_answers (submission_id, answer) VALUES (%s, %s)\n    ON CONFLICT (submission_id) DO UPDATE SET answer = EXCLUDED.answer"""\n' },
    { name: 'SQL module: seed rows of constants', file: 'queries.py', code: 'SEED_REGIONS = "INSERT INTO regions (code, name) VALUES (\'N\', \'North\'), (\'S\', \'South\')"\n' },
    { name: 'a row per process run into a table of the logs schema', code: 'def log_process(cur, name, status, started):\n    cur.execute("INSERT INTO logs.etl_processes (name, status, started_at) VALUES (%s, %s, %s)", (name, status, started))\n' },
  ],
  fixes: [
    {
      name: 'sales_etl: WRITE_TRUNCATE job config (import alias kept)',
      code: SALES_LOAD,
      fix: 'WRITE_TRUNCATE',
      safe: false,
      output: SALES_LOAD.replace('client.load_table_from_dataframe(orders, table_id)', 'client.load_table_from_dataframe(orders, table_id, job_config=bigquery.LoadJobConfig(write_disposition="WRITE_TRUNCATE"))'),
    },
    {
      name: 'aliased bigquery module',
      code: 'from google.cloud import bigquery as bq\n\nclient = bq.Client()\njob = client.load_table_from_uri("gs://raw/orders/*.parquet", "acme.raw.orders")\n',
      fix: 'replaces the table acme.raw.orders on each run',
      output: 'from google.cloud import bigquery as bq\n\nclient = bq.Client()\njob = client.load_table_from_uri("gs://raw/orders/*.parquet", "acme.raw.orders", job_config=bq.LoadJobConfig(write_disposition="WRITE_TRUNCATE"))\n',
    },
    {
      name: 'LoadJobConfig imported by name',
      code: 'from google.cloud.bigquery import Client, LoadJobConfig\n\nclient = Client()\nclient.load_table_from_dataframe(\n    frame,\n    "acme.mart.kpis",\n)\n',
      fix: 'WRITE_TRUNCATE',
      output: 'from google.cloud.bigquery import Client, LoadJobConfig\n\nclient = Client()\nclient.load_table_from_dataframe(\n    frame,\n    "acme.mart.kpis",\n    job_config=LoadJobConfig(write_disposition="WRITE_TRUNCATE"),\n)\n',
    },
    {
      name: 'client passed in, bigquery import added',
      code: 'import pandas as pd\n\n\ndef load(client, frame):\n    client.load_table_from_dataframe(frame, "acme.raw.orders").result()\n',
      fix: 'WRITE_TRUNCATE',
      output: 'import google.cloud.bigquery\nimport pandas as pd\n\n\ndef load(client, frame):\n    client.load_table_from_dataframe(frame, "acme.raw.orders", job_config=google.cloud.bigquery.LoadJobConfig(write_disposition="WRITE_TRUNCATE")).result()\n',
    },
    {
      name: 'partition overwrite when a run date is in scope',
      code: 'from google.cloud import bigquery\n\n\ndef load(frame, table_id, run_date):\n    client = bigquery.Client()\n    job = client.load_table_from_dataframe(frame, table_id)\n    job.result()\n',
      fix: 'Overwrite only the run_date partition',
      safe: false,
      output: 'from google.cloud import bigquery\n\n\ndef load(frame, table_id, run_date):\n    client = bigquery.Client()\n    job_config = bigquery.LoadJobConfig(write_disposition="WRITE_TRUNCATE")\n    partition = f"{table_id}${run_date:%Y%m%d}"\n    job = client.load_table_from_dataframe(frame, partition, job_config=job_config)\n    job.result()\n',
    },
    {
      name: 'existing LoadJobConfig gains write_disposition',
      code: 'from google.cloud import bigquery\n\nclient = bigquery.Client()\ncfg = bigquery.LoadJobConfig(source_format=bigquery.SourceFormat.PARQUET)\nclient.load_table_from_uri(uri, "acme.raw.orders", job_config=cfg)\n',
      fix: 'WRITE_TRUNCATE',
      output: 'from google.cloud import bigquery\n\nclient = bigquery.Client()\ncfg = bigquery.LoadJobConfig(source_format=bigquery.SourceFormat.PARQUET, write_disposition="WRITE_TRUNCATE")\nclient.load_table_from_uri(uri, "acme.raw.orders", job_config=cfg)\n',
    },
    {
      name: 'WRITE_APPEND becomes WRITE_TRUNCATE (enum attribute)',
      code: 'from google.cloud import bigquery\n\nclient = bigquery.Client()\ncfg = bigquery.LoadJobConfig()\ncfg.write_disposition = bigquery.WriteDisposition.WRITE_APPEND\nclient.load_table_from_dataframe(df, "acme.mart.teams", job_config=cfg)\n',
      fix: 'WRITE_TRUNCATE',
      output: 'from google.cloud import bigquery\n\nclient = bigquery.Client()\ncfg = bigquery.LoadJobConfig()\ncfg.write_disposition = bigquery.WriteDisposition.WRITE_TRUNCATE\nclient.load_table_from_dataframe(df, "acme.mart.teams", job_config=cfg)\n',
    },
    {
      name: 'WRITE_APPEND string becomes WRITE_TRUNCATE',
      code: 'from google.cloud import bigquery\n\nclient = bigquery.Client()\njob_config = bigquery.LoadJobConfig(write_disposition="WRITE_APPEND")\nclient.load_table_from_dataframe(df, "acme.mart.teams", job_config=job_config)\n',
      fix: 'WRITE_TRUNCATE',
      output: 'from google.cloud import bigquery\n\nclient = bigquery.Client()\njob_config = bigquery.LoadJobConfig(write_disposition="WRITE_TRUNCATE")\nclient.load_table_from_dataframe(df, "acme.mart.teams", job_config=job_config)\n',
    },
    {
      name: 'INSERT … VALUES gains ON CONFLICT DO UPDATE',
      code: 'import psycopg2\n\n\ndef load(cur, rows):\n    cur.executemany("INSERT INTO sales_fact (order_id, total_amount, order_date) VALUES (%s, %s, %s)", rows)\n',
      fix: 'Upsert on order_id',
      safe: false,
      output: 'import psycopg2\n\n\ndef load(cur, rows):\n    cur.executemany("INSERT INTO sales_fact (order_id, total_amount, order_date) VALUES (%s, %s, %s) ON CONFLICT (order_id) DO UPDATE SET total_amount = EXCLUDED.total_amount, order_date = EXCLUDED.order_date", rows)\n',
    },
    {
      name: 'triple-quoted INSERT with a trailing semicolon',
      code: 'def load(conn, rows):\n    sql = """\n        INSERT INTO customers (id, email)\n        VALUES (%s, %s);\n    """\n    with conn.cursor() as cur:\n        cur.executemany(sql, rows)\n',
      fix: 'Upsert on id',
      output: 'def load(conn, rows):\n    sql = """\n        INSERT INTO customers (id, email)\n        VALUES (%s, %s)\n        ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email;\n    """\n    with conn.cursor() as cur:\n        cur.executemany(sql, rows)\n',
    },
    {
      name: 'to_sql append into staging + ON CONFLICT DO NOTHING',
      code: 'from sqlalchemy import create_engine, text\nfrom tenacity import retry, stop_after_attempt\n\nengine = create_engine("postgresql+psycopg2://etl@db/warehouse")\n\n\n@retry(stop=stop_after_attempt(3))\ndef load_orders(orders):\n    orders = orders.drop_duplicates(subset=["order_id"])\n    orders.to_sql("orders", engine, if_exists="append", index=False)\n',
      fix: 'Load into orders_staging',
      safe: false,
      output: 'from sqlalchemy import create_engine, text\nfrom tenacity import retry, stop_after_attempt\n\nengine = create_engine("postgresql+psycopg2://etl@db/warehouse")\n\n\n@retry(stop=stop_after_attempt(3))\ndef load_orders(orders):\n    orders = orders.drop_duplicates(subset=["order_id"])\n    orders.to_sql("orders_staging", engine, if_exists="replace", index=False)\n    with engine.begin() as connection:\n        connection.execute(\n            text("INSERT INTO orders SELECT * FROM orders_staging ON CONFLICT (order_id) DO NOTHING")\n        )\n',
    },
    {
      name: 'to_sql staging fix adds the sqlalchemy import when text is not imported',
      code: 'import backoff\nimport sqlalchemy as sa\n\nengine = sa.create_engine(DB_URL)\n\n\n@backoff.on_exception(backoff.expo, sa.exc.OperationalError, max_tries=5)\ndef load(customers):\n    customers["customer_id"] = customers["customer_id"].astype(int)\n    customers.to_sql("customers", con=engine, schema="crm", if_exists="append")\n',
      fix: 'Load into customers_staging',
      output: 'import backoff\nimport sqlalchemy as sa\n\nengine = sa.create_engine(DB_URL)\n\n\n@backoff.on_exception(backoff.expo, sa.exc.OperationalError, max_tries=5)\ndef load(customers):\n    customers["customer_id"] = customers["customer_id"].astype(int)\n    customers.to_sql("customers_staging", con=engine, schema="crm", if_exists="replace")\n    with engine.begin() as connection:\n        connection.execute(\n            sa.text("INSERT INTO crm.customers SELECT * FROM crm.customers_staging ON CONFLICT (customer_id) DO NOTHING")\n        )\n',
    },
    {
      name: 'write_pandas overwrite=True',
      code: 'from snowflake.connector.pandas_tools import write_pandas\n\nwrite_pandas(conn, pdf, "DEMO_PEOPLE")\n',
      fix: 'overwrite=True',
      safe: false,
      output: 'from snowflake.connector.pandas_tools import write_pandas\n\nwrite_pandas(conn, pdf, "DEMO_PEOPLE", overwrite=True)\n',
    },
    {
      name: 'PostgresHook insert_rows upsert',
      code: 'from airflow.providers.postgres.hooks.postgres import PostgresHook\n\nhook = PostgresHook(postgres_conn_id="dwh")\nhook.insert_rows("orders", rows, target_fields=["order_id", "status"])\n',
      fix: 'Upsert on order_id',
      output: 'from airflow.providers.postgres.hooks.postgres import PostgresHook\n\nhook = PostgresHook(postgres_conn_id="dwh")\nhook.insert_rows("orders", rows, target_fields=["order_id", "status"], replace=True, replace_index="order_id")\n',
    },
  ],
};

export default cases;
