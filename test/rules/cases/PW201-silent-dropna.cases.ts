import type { RuleCases } from '../../helpers/rule-tester';

const cases: RuleCases = {
  rule: 'PW201',
  flagged: [
    { name: 'records without an employee number skipped while the rows to load are built', file: 'people/assets/bamboo.py', code: 'def employee_rows(records):\n    rows = []\n    for rec in records:\n        «if not rec.get("employeeNumber"):»\n            continue\n        rows.append({"employee_id": int(rec["employeeNumber"]), "name": rec.get("displayName")})\n    return rows\n', message: /^records without employeeNumber are skipped without being counted or logged/ },
    { name: 'a one-line skip of records missing either id', file: 'load/positions.py', code: 'def assignments(items, load):\n    out = []\n    for item in items:\n        «if "employee_id" not in item or item.get("position_id") is None: continue»\n        out.append((item["employee_id"], item["position_id"]))\n    load("staging.assignments", out)\n' },
    { name: 'null join keys dropped before an outer join, which would have kept them', code: 'import pandas as pd\n\n\ndef join_child(parent_df, child_df, join_by):\n    child_df = «child_df.dropna(subset=[join_by])»\n    return pd.merge(parent_df, child_df, how="outer", on=join_by)\n' },
    { name: 'null join keys dropped from the side a left join keeps', code: 'import pandas as pd\n\n\ndef join_child(parent_df, child_df, join_by):\n    parent_df = «parent_df.dropna(subset=[join_by])»\n    return parent_df.merge(child_df, how="left", on=join_by)\n' },
    { name: 'nulls dropped in one column, then joined on another', code: 'import pandas as pd\n\n\ndef join_child(parent_df, child_df, join_by):\n    child_df = «child_df.dropna(subset=["amount"])»\n    return pd.merge(parent_df, child_df, how="left", on=join_by)\n' },
    { name: 'null join keys dropped, then the frame is also written out', code: 'import pandas as pd\n\n\ndef join_child(parent_df, child_df, join_by):\n    child_df = «child_df.dropna(subset=[join_by])»\n    child_df.to_csv("children.csv")\n    return pd.merge(parent_df, child_df, how="left", on=join_by)\n' },
    {
      name: 'reference sales ETL: dropna on a frame read from CSV, only returned as a count',
      code: 'import pandas as pd\n\n\ndef transform_sales():\n    orders = pd.read_csv("/tmp/sales_extract.csv")\n    orders["total_amount"] = orders["quantity"] * orders["unit_price"]\n    orders = «orders.dropna()»\n    orders.to_parquet("/tmp/sales_transformed.parquet")\n    return len(orders)\n',
      priority: 'P2',
      message: /^dropna\(\) on orders removes rows with nulls without counting them; log how many rows it drops or quarantine them$/,
    },
    {
      name: 'inplace=True on a frame read with read_sql',
      code: 'import pandas as pd\n\n\ndef extract(conn):\n    customers = pd.read_sql("SELECT id, email FROM customers WHERE updated_at > %s", conn, params=[since])\n    «customers.dropna(inplace=True)»\n    return customers\n',
    },
    {
      name: 'result bound to a new name and written',
      code: 'import pandas as pd\n\n\ndef clean(path):\n    raw = pd.read_parquet(path)\n    clean = «raw.dropna()»\n    clean.to_parquet("s3://lake/clean/orders.parquet")\n',
    },
    {
      name: 'subset= on a parameter named df',
      code: 'def keep_identified(df):\n    df = «df.dropna(subset=["customer_id", "order_id"])»\n    return df\n',
    },
    {
      name: 'thresh= drops partially filled rows',
      code: 'import pandas as pd\n\nframe = pd.read_excel("budget.xlsx")\nframe = «frame.dropna(thresh=3)»\nframe.to_csv("budget_clean.csv", index=False)\n',
    },
    {
      name: 'returned directly from a helper',
      code: 'import pandas as pd\n\n\ndef drop_incomplete(events_df: pd.DataFrame) -> pd.DataFrame:\n    return «events_df.dropna()»\n',
    },
    {
      name: 'chained straight into a writer',
      code: 'import pandas as pd\n\n\ndef export(df):\n    «df.dropna()».to_csv("export.csv", index=False)\n',
    },
    {
      name: 'chained with reset_index',
      code: 'import pandas as pd\n\n\ndef tidy():\n    orders = pd.read_json("orders.json")\n    orders = «orders.dropna()».reset_index(drop=True)\n    return orders\n',
    },
    {
      name: 'passed to a BigQuery load',
      code: 'from google.cloud import bigquery\nimport pandas as pd\n\n\ndef load(frame):\n    client = bigquery.Client()\n    client.load_table_from_dataframe(«frame.dropna()», "proj.ds.orders").result()\n',
    },
    {
      name: 'Spark na.drop on a frame read by spark.read',
      code: 'def clean_events(spark):\n    events = spark.read.parquet("s3a://lake/raw/events")\n    cleaned = «events.na.drop()»\n    cleaned.write.mode("overwrite").parquet("s3a://lake/clean/events")\n',
      message: /^na\.drop\(\) on events/,
    },
    {
      name: 'Spark dropna with subset in a PySpark module',
      code: 'from pyspark.sql import SparkSession\n\nspark = SparkSession.builder.getOrCreate()\n\n\ndef run():\n    sales = spark.table("raw.sales")\n    sales = «sales.dropna(subset=["sku"])»\n    sales.write.saveAsTable("clean.sales")\n',
    },
    {
      name: 'parameter annotated as pd.DataFrame',
      code: 'import pandas as pd\n\n\ndef prepare(payments: pd.DataFrame) -> pd.DataFrame:\n    payments = «payments.dropna(how="any", axis=0)»\n    payments["fee"] = payments["amount"] * 0.02\n    return payments\n',
    },
    {
      name: 'parameter annotated Union[pd.DataFrame, dd.DataFrame] in a pipeline step that logs only that it started',
      code: 'import logging\nfrom typing import Union\n\nimport pandas as pd\nfrom dask import dataframe as dd\n\nlogger = logging.getLogger(__name__)\n\n\ndef tidy_trips(trips: Union[pd.DataFrame, dd.DataFrame]) -> Union[pd.DataFrame, None]:\n    try:\n        logger.info("tidying trips")\n        trips = trips.drop_duplicates()\n        trips = «trips.dropna(axis=0, how="any")»\n        return trips\n    except Exception as exc:\n        logger.error("tidy failed: %s", exc)\n        raise\n',
    },
    {
      name: 'parameter annotated Optional[pd.DataFrame]',
      code: 'from typing import Optional\n\nimport pandas as pd\n\n\ndef settle(ledger: Optional[pd.DataFrame]) -> pd.DataFrame:\n    ledger = «ledger.dropna()»\n    return ledger.sort_values("posted_at")\n',
    },
    {
      name: 'frame kept on self',
      code: 'class Transformer:\n    def run(self):\n        self.df = «self.df.dropna()»\n        return self.df\n',
    },
    {
      name: 'only the count before is logged',
      code: 'import logging\nimport pandas as pd\n\nlogger = logging.getLogger(__name__)\n\n\ndef load(engine):\n    df = pd.read_csv("daily.csv")\n    logger.info("read %d rows", len(df))\n    df = «df.dropna()»\n    df.to_sql("daily", engine, if_exists="replace", index=False)\n',
    },
    {
      name: 'an emptiness check does not count partial loss',
      code: 'import pandas as pd\n\n\ndef stage(path):\n    df = pd.read_csv(path)\n    df = «df.dropna()»\n    if df.empty:\n        raise ValueError("nothing left to load")\n    return df\n',
    },
    {
      name: 'module-level script',
      code: 'import pandas as pd\nfrom sqlalchemy import create_engine\n\nengine = create_engine(DB_URL)\ndf = pd.read_csv("leads.csv")\ndf = «df.dropna()»\ndf.to_sql("leads", engine, if_exists="replace", index=False)\n',
    },
    {
      name: 'how="all" restricted to a subset still loses the other columns',
      code: 'import pandas as pd\n\n\ndef contacts():\n    df = pd.read_csv("contacts.csv")\n    df = «df.dropna(how="all", subset=["email", "phone"])»\n    return df\n',
    },
    {
      name: 'frame built by pd.merge',
      code: 'import pandas as pd\n\n\ndef enrich(orders, customers):\n    merged = pd.merge(orders, customers, on="customer_id", how="left")\n    merged = «merged.dropna()»\n    return merged\n',
    },
    {
      name: 'column selection of a frame',
      code: 'import pandas as pd\n\n\ndef pick():\n    df = pd.read_csv("x.csv")\n    slim = «df[["id", "amount"]].dropna()»\n    slim.to_parquet("slim.parquet")\n',
    },
    {
      name: 'Snowflake write_pandas of the dropped frame',
      code: 'from snowflake.connector.pandas_tools import write_pandas\n\n\ndef publish(conn, df):\n    write_pandas(conn, «df.dropna()», "ORDERS")\n',
    },
    {
      name: 'Airflow hook frame named by convention',
      code: 'from airflow.providers.postgres.hooks.postgres import PostgresHook\n\n\ndef extract_orders():\n    hook = PostgresHook(postgres_conn_id="sales")\n    orders_df = hook.get_pandas_df("SELECT * FROM orders WHERE day = %s", parameters=[ds])\n    orders_df = «orders_df.dropna()»\n    return orders_df\n',
    },
    {
      name: 'a print without a number is not accounting',
      code: 'import pandas as pd\n\n\ndef clean():\n    df = pd.read_csv("in.csv")\n    print("dropping incomplete rows")\n    df = «df.dropna()»\n    df.to_csv("out.csv")\n',
    },
    {
      name: 'BigQuery result frame',
      code: 'from google.cloud import bigquery\n\n\ndef pull():\n    client = bigquery.Client()\n    visits = client.query("SELECT * FROM web.visits WHERE day = @day").to_dataframe()\n    visits = «visits.dropna()»\n    return visits\n',
    },
    {
      name: 'two dropna calls, one accounted',
      code: 'import logging\nimport pandas as pd\n\nlog = logging.getLogger(__name__)\n\n\ndef two(path):\n    df = pd.read_csv(path)\n    before = len(df)\n    df = df.dropna(subset=["id"])\n    log.info("dropped %d rows without id", before - len(df))\n    extra = pd.read_csv(path + ".extra")\n    extra = «extra.dropna()»\n    return df.merge(extra, on="id")\n',
    },
    {
      name: 'mask keeps rows whose key parsed after a coercion',
      code: 'import pandas as pd\n\n\ndef transform_accounts(accounts_df):\n    accounts_df["account_id"] = pd.to_numeric(accounts_df["account_id"].astype(str), errors="coerce")\n    accounts_df = «accounts_df[accounts_df["account_id"].notna()]»\n    accounts_df["account_id"] = accounts_df["account_id"].astype("int64")\n    return accounts_df\n',
      message: /^accounts_df\[accounts_df\["account_id"\]\.notna\(\)\] keeps only rows where account_id is not null, dropping the others without counting them; log how many rows it removes or quarantine them$/,
    },
    {
      name: '.loc with a negated isna into a new name, written to Parquet',
      code: 'import pandas as pd\n\n\ndef publish(path):\n    leads = pd.read_csv(path)\n    reachable = «leads.loc[~leads.email.isna()]»\n    reachable.to_parquet("s3://crm/reachable.parquet")\n',
    },
    {
      name: 'sentinel "NULL" strings filtered out in a flat script before the load',
      code: 'import pandas as pd\nfrom sqlalchemy import create_engine\n\nengine = create_engine(DB_URL)\nstaff = pd.read_csv("staff.csv")\nstaff = «staff[staff["manager_id"] != "NULL"]»\nstaff.to_sql("staff", engine, if_exists="replace", index=False)\n',
      message: /^staff\[staff\["manager_id"\] != "NULL"\] drops rows where manager_id is "NULL" without counting them/,
    },
    {
      name: 'blank strings filtered after strip()',
      code: 'import pandas as pd\n\n\ndef clean(df: pd.DataFrame) -> pd.DataFrame:\n    df = «df[df["sku"].str.strip() != ""]»\n    return df\n',
    },
    {
      name: 'every required column present (notna().all(axis=1))',
      code: 'import pandas as pd\n\nREQUIRED = ["order_id", "customer_id"]\n\n\ndef keep_complete(orders_df):\n    orders_df = «orders_df[orders_df[REQUIRED].notna().all(axis=1)]»\n    return orders_df\n',
    },
    {
      name: 'pd.notna() on a column, then reset_index',
      code: 'import pandas as pd\n\n\ndef stage():\n    events = pd.read_json("events.json")\n    events = «events[pd.notna(events["user_id"])]».reset_index(drop=True)\n    return events\n',
    },
    {
      name: 'two null tests joined with &',
      code: 'import pandas as pd\n\n\ndef geo(df):\n    df = «df[(df["lat"].notnull()) & (df["lon"].notnull())]»\n    return df\n',
      message: /keeps only rows where lat and lon is not null/,
    },
    {
      name: 'Spark: cast, then filter out the nulls the cast made, then write',
      code: 'from pyspark.sql import SparkSession, functions as F\n\n\ndef clean(spark):\n    raw = spark.read.json("s3a://lake/raw/payments")\n    typed = raw.withColumn("amount", F.col("amount").cast("double"))\n    valid = «typed.filter(F.col("amount").isNotNull())»\n    valid.write.mode("overwrite").parquet("s3a://lake/clean/payments")\n',
      message: /^filter\(\) drops rows where amount is null after a cast, so values that failed to convert disappear without being counted/,
    },
    {
      name: 'Spark: to_timestamp in the chain, SQL-string where, returned',
      code: 'from pyspark.sql import DataFrame\nfrom pyspark.sql.functions import col, to_timestamp\n\n\ndef parse_events(events: DataFrame) -> DataFrame:\n    return «events.withColumn("event_time", to_timestamp(col("event_time"))).where("event_time IS NOT NULL")»\n',
    },
    {
      name: 'a dropped frame that is summarised and also returned is kept',
      code: 'import logging\nimport pandas as pd\n\nlogger = logging.getLogger(__name__)\n\n\ndef prepare(df):\n    clean = «df.dropna()»\n    logger.info("mean amount %.2f", clean["amount"].mean())\n    return clean\n',
    },
    {
      name: 'frames stacked (axis=0) and then dropped: not an alignment',
      code: 'import pandas as pd\n\n\ndef combine(january, february):\n    both = «pd.concat([january, february]).dropna()»\n    return both\n',
    },
    {
      name: 'sentinel strings excluded with ~isin, then a column selection',
      code: 'import pandas as pd\n\n\ndef contacts(raw_df):\n    raw_df = «raw_df[~raw_df["email"].isin(["", "N/A", "null"])]»[["id", "email"]]\n    return raw_df\n',
      message: /drops rows where email is "" without counting them/,
    },
    {
      name: 'a dropped frame that is plotted and also loaded is kept',
      code: 'import matplotlib.pyplot as plt\nimport pandas as pd\n\n\ndef publish(trips: pd.DataFrame, engine):\n    trips = «trips.dropna()»\n    plt.hist(trips["fare"])\n    trips.to_sql("trips", engine, if_exists="replace")\n',
    },
    {
      name: 'read_csv told to skip lines it cannot parse, in a loading loop',
      code: 'import pandas as pd\n\n\ndef load_all(raw_dir):\n    frames = {}\n    for path in sorted(raw_dir.glob("*.csv")):\n        frames[path.stem] = pd.read_csv(path, «on_bad_lines="skip"»)\n    return frames\n',
      message: /^read_csv\(\) skips every line it cannot parse without counting them; pass on_bad_lines="warn" or a function that collects the bad lines, or fail on them$/,
    },
    {
      name: 'old pandas spelling error_bad_lines=False',
      code: 'import pandas as pd\n\nraw = pd.read_csv("export.csv", «error_bad_lines=False»)\nraw.to_parquet("export.parquet")\n',
    },
    {
      name: 'Spark reader option mode DROPMALFORMED',
      code: 'from pyspark.sql import SparkSession\n\nspark = SparkSession.builder.getOrCreate()\norders = «spark.read.option("mode", "DROPMALFORMED")».option("header", True).csv("s3a://lake/raw/orders/")\norders.write.mode("overwrite").parquet("s3a://lake/bronze/orders/")\n',
      message: /^DROPMALFORMED drops every record Spark cannot parse without counting them/,
    },
    {
      name: 'Spark reader keyword mode="DROPMALFORMED"',
      code: 'def read_events(spark, path):\n    return spark.read.json(path, «mode="DROPMALFORMED"»)\n',
    },
    {
      name: 'a notebook keeps a hard-coded positional slice of the rows it read before exporting them',
      code: 'import pandas as pd\n\nmembers = pd.read_excel("members.xlsx", header=2)\nmembers.columns = members.iloc[0]\nmembers = «members.iloc[1:2001,]»\nmembers.to_csv("members.csv", index=False)\n',
      message: /^members\.iloc\[1:2001,\] keeps only the first 2000 rows of members and drops the rest without counting them; remove the hard-coded cut or log how many rows it leaves out$/,
    },
    {
      name: 'a stage caps its frame with head(5000) before the load',
      code: 'import pandas as pd\n\n\ndef load_events(path, engine):\n    events = pd.read_json(path, lines=True)\n    events = «events.head(5000)»\n    events.to_sql("events", engine, if_exists="append", index=False)\n',
    },
    {
      name: 'iloc[:N] on a frame returned by the stage',
      code: 'import pandas as pd\n\n\ndef extract_orders(conn) -> pd.DataFrame:\n    orders = pd.read_sql("SELECT * FROM orders WHERE day = CURRENT_DATE", conn)\n    orders = «orders.iloc[:1000]»\n    return orders\n',
    },
    {
      name: 'a helper that returns its cleaned frame inside a result dict hands the dropped rows on',
      code: `import pandas as pd


def prepare(frame: pd.DataFrame):
    clean = «frame.dropna(subset=["price"])»
    return {"rows": clean, "n": len(clean)}
`,
    },
    {
      name: 'an analysis notebook that writes the frame after dropping nulls',
      file: 'notebooks/prices.py',
      code: `# Databricks notebook source
# MAGIC %md
# MAGIC # Prices

# COMMAND ----------

import pandas as pd
prices = pd.read_csv("/dbfs/raw/prices.csv")
prices = «prices.dropna()»
prices.corr()

# COMMAND ----------

prices.to_parquet("/dbfs/curated/prices.parquet")
`,
    },
    {
      name: 'a statistics helper that passes the dropped frame whole to another function',
      code: `import pandas as pd


def score(panel: pd.DataFrame) -> dict:
    sub = «panel.dropna(subset=["signal", "fwd"])»
    persist_sample(sub)
    return {"ic": float(sub["signal"].corr(sub["fwd"]))}
`,
    },
    { name: "a Snowflake COPY that continues past bad rows and only counts what loaded", file: 'flows/load_events.py', code: 'def load_staging(cursor, stage, table):\n    cursor.execute(f"""\n        COPY INTO {table}\n        FROM @{stage}/events.csv.gz\n        FILE_FORMAT = (TYPE = \'CSV\' SKIP_HEADER = 1)\n        «ON_ERROR = \'CONTINUE\'»\n    """)\n    cursor.execute(f"SELECT COUNT(*) FROM {table}")\n    return cursor.fetchone()[0]\n', message: /^COPY with ON_ERROR = 'CONTINUE' skips the rows it cannot load without counting them/ },
    { name: 'a streaming insert whose rejected rows are only logged as a warning', file: 'cloud_functions/prices/main.py', code: 'import logging\n\nfrom google.cloud import bigquery\n\nlogger = logging.getLogger(__name__)\n\n\ndef load_prices(rows):\n    client = bigquery.Client()\n    errors = «client.insert_rows_json("prices.daily", rows)»\n    if not errors:\n        logger.debug("inserted")\n    else:\n        logger.warning("Encountered errors: %s", errors)\n', message: /^insert_rows_json\(\) loads the rows BigQuery accepts and returns the ones it rejects; they are only logged, so rejected rows disappear while the run succeeds/ },
    { name: 'a streaming insert whose result is discarded', file: 'main.py', code: 'from google.cloud import bigquery\n\n\ndef handler(request):\n    client = bigquery.Client()\n    rows = request.get_json()["rows"]\n    «client.insert_rows_json("ops.loan_counts", rows)»\n    return "ok"\n', message: /its result is discarded/ },
    { name: 'rejected rows only counted into a log line, through len()', code: 'import logging\n\nfrom google.cloud import bigquery\n\nlogger = logging.getLogger(__name__)\nclient = bigquery.Client()\n\n\ndef insert(table_id, rows):\n    errors = «client.insert_rows_json(table_id, rows)»\n    failed = len(errors)\n    logger.info("%s rows inserted", len(rows) - failed)\n    if failed > 0:\n        logger.info("%s rows failed: %s", failed, errors)\n' },
    { name: 'rejected rows of a frame insert printed in a flat script', code: 'import pandas as pd\nfrom google.cloud import bigquery\n\nclient = bigquery.Client()\nframe = pd.read_csv("trades.csv")\nerrors = «client.insert_rows_from_dataframe("raw.trades", frame)»\nprint("errors:", errors)\n' },
    { name: 'a COPY that skips whole files on error', file: 'load.py', code: 'COPY_SQL = """\nCOPY INTO raw.orders FROM @landing/orders/\nFILE_FORMAT = (FORMAT_NAME = csv_gz)\n«ON_ERROR = SKIP_FILE»\n"""\n\n\ndef load(conn):\n    conn.cursor().execute(COPY_SQL)\n' },
    { name: 'a Redshift COPY tolerating up to a hundred bad rows', file: 'etl/redshift_load.py', code: 'def copy_orders(cur, path, role):\n    cur.execute(f"COPY staging.orders FROM \'{path}\' IAM_ROLE \'{role}\' CSV «MAXERROR 100»")\n    cur.connection.commit()\n' },
  ],
  notFlagged: [
    { name: "an email's parts without a Content-Disposition header skipped while attachments are collected (a tree walk, not records)", code: 'def attachments(message):\n    files = []\n    for part in message.walk():\n        if part.get("Content-Disposition") is None:\n            continue\n        files.append(part.get_filename())\n    return files\n' },
    { name: 'records filtered on a value (a choice, not a loss)', code: 'def active(records):\n    rows = []\n    for rec in records:\n        if rec["status"] != "active":\n            continue\n        rows.append(rec)\n    return rows\n' },
    { name: 'records without an id skipped and counted', code: 'import logging\n\nlog = logging.getLogger(__name__)\n\n\ndef rows_of(records):\n    rows, skipped = [], 0\n    for rec in records:\n        if not rec.get("id"):\n            skipped += 1\n            continue\n        rows.append(rec)\n    log.warning("skipped %d records without id", skipped)\n    return rows\n' },
    { name: 'skips accounted by comparing what was kept with what was read', code: 'import logging\n\nlog = logging.getLogger(__name__)\n\n\ndef rows_of(records):\n    rows = []\n    for rec in records:\n        if rec.get("id") is None:\n            continue\n        rows.append(rec)\n    log.info("kept %d of %d records", len(rows), len(records))\n    return rows\n' },
    { name: 'a loop that builds nothing', code: 'def publish(records, send):\n    for rec in records:\n        if not rec.get("id"):\n            continue\n        send(rec)\n' },
    { name: 'null join keys dropped right before a left join that keeps the other side', code: 'import pandas as pd\n\n\ndef join_child(parent_df, child_df, join_by):\n    # get rid of rows that are empty for the join by key\n    child_df = child_df.dropna(subset=[join_by])\n    df_joined = pd.merge(parent_df, child_df, how="left", on=join_by)\n    return df_joined\n' },
    { name: 'null keys dropped before an inner join on the same keys', code: 'def match(orders, customers):\n    orders = orders.dropna(subset=["customer_id", "region"])\n    return orders.merge(customers, on=["customer_id", "region"])\n' },
    {
      name: 'an evaluation helper drops incomplete pairs before an information coefficient and returns only numbers',
      code: `import pandas as pd


def pooled_ic(panel: pd.DataFrame, signal: str, forward: str) -> dict:
    sub = panel.dropna(subset=[signal, forward])
    if len(sub) < 30:
        return {"ic": None, "n": len(sub)}
    return {"ic": float(sub[signal].corr(sub[forward], method="spearman")), "n": len(sub)}
`,
    },
    {
      name: 'a regression helper with a nested least-squares function returns a dict of coefficients',
      code: `import numpy as np
import pandas as pd


def beta_of(stock: pd.Series, market: pd.Series, min_obs: int = 60):
    df = pd.DataFrame({"y": stock, "x": market})
    df = df.dropna()
    if len(df) < min_obs:
        return None
    y = df["y"].to_numpy()

    def _ols(X):
        coef, _, _, _ = np.linalg.lstsq(X, y, rcond=None)
        return coef

    coef = _ols(np.column_stack([np.ones(len(df)), df["x"].to_numpy()]))
    result = {"n": len(df)}
    result["beta"] = round(float(coef[1]), 3)
    return result
`,
    },
    {
      name: 'a data-quality check counts the matched rows and returns only its verdict',
      code: `import pandas as pd
from dagster import AssetCheckResult, asset_check


@asset_check(asset="customers")
def matched_customers_have_country(customers: pd.DataFrame) -> AssetCheckResult:
    matched = customers[customers["crm_id"].notna()]
    missing = int(matched["country"].isna().sum())
    return AssetCheckResult(passed=missing == 0, metadata={"missing_country": missing})
`,
    },
    {
      name: 'a correlation notebook drops incomplete rows and only plots them (what it wrote came before the drop)',
      file: 'notebooks/correlations.py',
      code: `# Databricks notebook source
# MAGIC %md
# MAGIC # What drives popularity?

# COMMAND ----------

import pandas as pd
import seaborn as sns
songs = pd.read_csv("/dbfs/exports/songs.csv")
songs.to_csv("/dbfs/exports/songs_snapshot.csv")

# COMMAND ----------

songs = songs.dropna()
songs = songs[songs["bpm"] > 0]
songs.describe()

# COMMAND ----------

sns.heatmap(songs.drop(columns=["song_id"]).corr(), annot=True)
print(len(songs))
`,
    },
    {
      name: 'a read only counted (a statistic)',
      code: 'import pandas as pd\n\n\ndef count_rows(path) -> int:\n    return len(pd.read_csv(path, on_bad_lines="skip"))\n',
    },
    {
      name: 'bad lines reported with on_bad_lines="warn"',
      code: 'import pandas as pd\n\nraw = pd.read_csv("export.csv", on_bad_lines="warn")\nraw.to_parquet("export.parquet")\n',
    },
    {
      name: 'Spark PERMISSIVE read with a corrupt-record column',
      code: 'def read_events(spark, path):\n    return spark.read.option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", "_corrupt").json(path)\n',
    },
    {
      name: 'dropped frame only drawn with matplotlib and seaborn',
      code: 'import matplotlib.pyplot as plt\nimport pandas as pd\nimport seaborn as sns\n\ntrips = pd.read_csv("trips.csv")\ntrips = trips.dropna(subset=["distance", "fare"])\nplt.scatter(trips["distance"], trips["fare"])\nsns.histplot(trips["fare"])\nplt.show()\n',
    },
    {
      name: '~isin of business values is not a null drop',
      code: 'import pandas as pd\n\n\ndef crypto_only(df: pd.DataFrame, stocks: list) -> pd.DataFrame:\n    df = df[~df["symbol"].isin(["AAPL", "MSFT"])]\n    return df\n',
    },
    {
      name: 'dropna only builds a group lookup for imputing values',
      code: 'import pandas as pd\n\n\ndef fill_from_group(df: pd.DataFrame, col: str, keys: list) -> pd.Series:\n    lookup = (\n        df.dropna(subset=[col] + keys)\n        .groupby(keys, as_index=False)[col]\n        .first()\n        .rename(columns={col: "_fill"})\n    )\n    filled = df[keys].merge(lookup, on=keys, how="left")["_fill"]\n    return df[col].fillna(filled.set_axis(df.index))\n',
    },
    {
      name: 'helper frame of complete coordinates only feeds centroid means',
      code: 'import pandas as pd\n\n\ndef impute_coordinates(df: pd.DataFrame) -> pd.DataFrame:\n    located = df.dropna(subset=["lat", "lon"])\n    centroids = located.groupby("zip")[["lat", "lon"]].mean().rename(columns={"lat": "zip_lat", "lon": "zip_lon"})\n    df = df.join(centroids, on="zip")\n    df["lat"] = df["lat"].fillna(df["zip_lat"])\n    return df.drop(columns=["zip_lat", "zip_lon"])\n',
    },
    {
      name: 'two price series aligned with concat(axis=1).dropna() for a spread',
      code: 'import pandas as pd\n\n\ndef spread(prices: pd.DataFrame, a: str, b: str) -> pd.DataFrame:\n    left = prices[prices["symbol"] == a].set_index("ts")["close"]\n    right = prices[prices["symbol"] == b].set_index("ts")["close"]\n    aligned = pd.concat([left, right], axis=1).dropna()\n    aligned.columns = [a, b]\n    return pd.DataFrame({"ts": aligned.index, "spread": aligned[a] - aligned[b]})\n',
    },
    {
      name: 'feature series concatenated side by side, then aligned',
      code: 'import pandas as pd\n\n\ndef features(series):\n    parts = [series.shift(i) for i in range(1, 4)] + [series.rolling(5).mean()]\n    feature_df = pd.concat(parts, axis=1)\n    feature_df = feature_df.dropna()\n    return feature_df.values\n',
    },
    {
      name: 'a one-column subset used only for a total that is printed',
      code: 'import pandas as pd\n\nsales = pd.read_csv("sales.csv")\npriced = sales.dropna(subset=["amount"])\ntotal = priced["amount"].sum()\nprint(f"total revenue: {total}")\n',
    },
    {
      name: 'dropped frame only plotted',
      code: 'import pandas as pd\n\n\ndef chart(df):\n    df = df.dropna()\n    df.plot(x="day", y="visits")\n',
    },
    {
      name: 'dropped frame only measured and printed',
      code: 'import pandas as pd\n\n\ndef profile(df):\n    complete = df.dropna()\n    print(len(complete), complete.shape)\n',
    },
    {
      name: 'mask mixing a null test with business conditions',
      code: 'import pandas as pd\n\n\ndef available(vehicles_df):\n    free = vehicles_df.loc[vehicles_df.lon.notnull() & (vehicles_df["is_reserved"] == False)]\n    return free\n',
    },
    {
      name: 'mask filter with counts logged before and after',
      code: 'import logging\nimport pandas as pd\n\nlog = logging.getLogger(__name__)\n\n\ndef keep_keyed(df: pd.DataFrame) -> pd.DataFrame:\n    before = len(df)\n    df = df[df["id"].notna()]\n    log.warning("dropped %d rows without id", before - len(df))\n    return df\n',
    },
    {
      name: 'rows without a key written to a rejects file before the mask',
      code: 'import pandas as pd\n\n\ndef split(orders_df):\n    rejects = orders_df[orders_df["order_id"].isna()]\n    rejects.to_csv("orders_rejects.csv", index=False)\n    orders_df = orders_df[orders_df["order_id"].notna()]\n    return orders_df\n',
    },
    {
      name: 'mask on a Series (not a frame column)',
      code: 'def present(values):\n    values = values[values.notna()]\n    return values\n',
    },
    {
      name: 'mask result only summarised',
      code: 'import pandas as pd\n\n\ndef average_price(df: pd.DataFrame) -> float:\n    priced = df[df["price"].notna()]\n    return priced["price"].mean()\n',
    },
    {
      name: 'Spark: null filter on a column that was never cast (a filter by intent)',
      code: 'from pyspark.sql import DataFrame\nfrom pyspark.sql.functions import col\n\n\ndef customers(df: DataFrame) -> DataFrame:\n    return df.select(col("id"), col("name")).filter(col("id").isNotNull())\n',
    },
    {
      name: 'Spark: rows the cast nulled go to quarantine before the filter',
      code: 'from pyspark.sql import functions as F\n\n\ndef split_events(spark, raw_path):\n    raw = spark.read.json(raw_path)\n    typed = raw.withColumn("played_at", F.to_timestamp("played_at"))\n    invalid = typed.filter(F.col("played_at").isNull())\n    quarantine_invalid_records(invalid, "s3://lake/quarantine/")\n    valid = typed.filter(F.col("played_at").isNotNull())\n    valid.write.mode("append").parquet("s3://lake/clean/")\n',
    },
    {
      name: 'Spark: counts before and after the filter logged',
      code: 'import logging\nfrom pyspark.sql import functions as F\n\nlogger = logging.getLogger(__name__)\n\n\ndef typed_orders(orders):\n    orders = orders.withColumn("qty", F.col("qty").cast("int"))\n    before = orders.count()\n    valid = orders.filter(F.col("qty").isNotNull())\n    logger.warning("dropped %d orders with a bad qty", before - valid.count())\n    return valid\n',
    },
    {
      name: 'Optional[pd.Series] parameter used only for a statistic',
      code: 'from typing import Optional\n\nimport pandas as pd\n\n\ndef median_fare(fares: Optional[pd.Series]) -> float:\n    return float(fares.dropna().median())\n',
    },
    {
      name: 'counts before and after, difference logged',
      code: 'import logging\nimport pandas as pd\n\nlogger = logging.getLogger(__name__)\n\n\ndef drop_missing(df: pd.DataFrame, required: list) -> pd.DataFrame:\n    before = len(df)\n    df = df.dropna(subset=required)\n    after = len(df)\n    logger.info("Dropped %d rows; %d remaining", before - after, after)\n    return df\n',
    },
    {
      name: 'shape logged before and after',
      code: 'import logging\nimport pandas as pd\n\nlogger = logging.getLogger(__name__)\n\n\ndef drop_null_rows(df: pd.DataFrame) -> pd.DataFrame:\n    logger.info(f"rows before dropping nulls: {df.shape}")\n    new_df = df.dropna(axis=0)\n    logger.info(f"rows after dropping nulls: {new_df.shape}")\n    return new_df\n',
    },
    {
      name: 'Spark counts before and after',
      code: 'def clean(df, columns):\n    initial_count = df.count()\n    df_cleaned = df.dropna(subset=columns)\n    final_count = df_cleaned.count()\n    return df_cleaned, initial_count - final_count\n',
    },
    {
      name: 'assert on the surviving fraction',
      code: 'import pandas as pd\n\n\ndef check(raw):\n    clean = raw.dropna()\n    assert len(clean) >= 0.95 * len(raw), "too many incomplete rows"\n    return clean\n',
    },
    {
      name: 'raise when too few rows survive',
      code: 'import pandas as pd\n\nMIN_ROWS = 1000\n\n\ndef stage():\n    df = pd.read_csv("in.csv")\n    df = df.dropna()\n    if len(df) < MIN_ROWS:\n        raise RuntimeError(f"only {len(df)} complete rows")\n    return df\n',
    },
    {
      name: 'quarantine of null rows before dropping',
      code: 'import pandas as pd\n\n\ndef stage():\n    orders = pd.read_csv("orders.csv")\n    rejects = orders[orders.isna().any(axis=1)]\n    rejects.to_csv("orders_rejects.csv", index=False)\n    orders = orders.dropna()\n    return orders\n',
    },
    {
      name: 'null rows counted and logged before dropping',
      code: 'import logging\nimport pandas as pd\n\nlogger = logging.getLogger(__name__)\n\n\ndef stage(df):\n    logger.warning("%d rows have nulls and will be dropped", df.isna().any(axis=1).sum())\n    df = df.dropna()\n    return df\n',
    },
    {
      name: 'series dropna for a statistic',
      code: 'import pandas as pd\n\n\ndef stats():\n    df = pd.read_csv("sales.csv")\n    average = df["amount"].dropna().mean()\n    return average\n',
    },
    {
      name: 'len of dropna feeding a ratio',
      code: 'import pandas as pd\n\n\ndef completeness(df):\n    return len(df.dropna()) / len(df)\n',
    },
    {
      name: 'unique values of a column',
      code: 'import pandas as pd\n\n\ndef ids():\n    orders = pd.read_csv("orders.csv")\n    customer_ids = orders["customer_id"].dropna().unique()\n    return customer_ids\n',
    },
    {
      name: 'dropping empty columns (axis=1 / axis="columns")',
      code: 'import pandas as pd\n\n\ndef tidy():\n    df = pd.read_excel("sheet.xlsx")\n    df = df.dropna(axis=1, how="all")\n    df.dropna(axis="columns", inplace=True)\n    return df\n',
    },
    {
      name: 'how="all" without subset drops only empty rows',
      code: 'import pandas as pd\n\n\ndef tidy():\n    df = pd.read_excel("sheet.xlsx")\n    df = df.dropna(how="all")\n    return df\n',
    },
    {
      name: 'print of the dropped count',
      code: 'import pandas as pd\n\n\ndef clean():\n    df = pd.read_csv("in.csv")\n    before = len(df)\n    df = df.dropna()\n    print(f"dropped {before - len(df)} rows")\n    return df\n',
    },
    {
      name: 'metric of the remaining rows',
      code: 'import pandas as pd\nfrom datadog import statsd\n\n\ndef clean():\n    df = pd.read_csv("in.csv")\n    df = df.dropna()\n    statsd.gauge("etl.clean_rows", len(df))\n    return df\n',
    },
    {
      name: 'series dropna reassigned to its column',
      code: 'import pandas as pd\n\n\ndef f():\n    df = pd.read_csv("in.csv")\n    df["x"] = df["x"].dropna()\n    return df\n',
    },
    {
      name: 'result discarded (a no-op statement)',
      code: 'import pandas as pd\n\ndf = pd.read_csv("in.csv")\ndf.dropna()\ndf.to_csv("out.csv")\n',
    },
    {
      name: 'Spark display of a dropped view',
      code: 'df = spark.read.csv("zip.csv", header=True)\ndf.dropna().show(truncate=False)\ndf.na.drop(subset=["population"]).show()\n',
    },
    {
      name: 'keyword arguments passed through **kwargs',
      code: 'class DropNa:\n    def process(self, chunks):\n        for chunk_df in chunks:\n            yield chunk_df.dropna(**self.kwargs)\n',
    },
    {
      name: 'receiver that is not known to be a DataFrame',
      code: 'def f(values):\n    values = values.dropna()\n    return values\n',
    },
    {
      name: 'xarray dataset dropna along a dimension',
      code: 'import xarray as xr\n\n\ndef load(path):\n    ds = xr.open_dataset(path)\n    ds = ds.dropna("time")\n    return ds\n',
    },
    {
      name: 'Dagster output metadata with the row count',
      code: 'import pandas as pd\n\n\ndef orders_asset(context):\n    df = pd.read_parquet("orders.parquet")\n    df = df.dropna()\n    context.add_output_metadata({"rows": len(df)})\n    return df\n',
    },
    {
      name: 'Airflow task logger',
      code: 'import pandas as pd\n\n\nclass CleanOperator(BaseOperator):\n    def execute(self, context):\n        df = pd.read_csv(self.path)\n        n_before = len(df)\n        df = df.dropna()\n        self.log.info("Dropped %s incomplete rows", n_before - len(df))\n        return df\n',
    },
    {
      name: 'dropped count stored in a stats dict that is logged',
      code: 'import logging\nimport pandas as pd\n\n\ndef run(df):\n    stats = {}\n    clean = df.dropna()\n    stats["dropped"] = len(df) - len(clean)\n    logging.info("clean stats: %s", stats)\n    return clean\n',
    },
    {
      name: 'Spark null count logged before na.drop',
      code: 'from pyspark.sql import functions as F\n\n\ndef clean(events, logger):\n    missing = events.filter(F.col("user_id").isNull()).count()\n    logger.warning("dropping %d events without user", missing)\n    return events.na.drop(subset=["user_id"])\n',
    },
    {
      name: 'dropna inside a len difference',
      code: 'import logging\nimport pandas as pd\n\n\ndef report(df):\n    dropped = len(df) - len(df.dropna())\n    logging.getLogger(__name__).info("%d incomplete rows", dropped)\n',
    },
    {
      name: 'guarded warning on the count after',
      code: 'import logging\nimport pandas as pd\n\nlogger = logging.getLogger(__name__)\n\n\ndef stage(df):\n    before = df.shape[0]\n    df.dropna(inplace=True)\n    if df.shape[0] < before:\n        logger.warning("lost rows to nulls")\n    return df\n',
    },
    {
      name: 'how="all" over a computed group of columns defines that group\'s population (a survey denominator)',
      code: 'import pandas as pd\n\n\ndef indicator_rate(responses: pd.DataFrame, questions: pd.DataFrame, indicator: str) -> pd.DataFrame:\n    columns = questions.loc[questions["indicator"] == indicator, "column"].unique()\n    universe = responses.dropna(subset=columns, how="all")\n    return universe[columns].notna().sum() / len(universe)\n',
    },
    {
      name: 'how="all" over a computed subset, chained after a query, returned',
      code: 'def universe_of(frame, condition, answer_columns):\n    universe = frame.query(condition).dropna(subset=answer_columns, how="all")\n    return universe\n',
    },
    {
      name: 'dropna on a data dictionary keeps the rows that define something',
      code: 'import pandas as pd\n\n\ndef definitions(datadictionary: pd.DataFrame) -> pd.DataFrame:\n    return datadictionary.dropna(subset="metric_id").drop_duplicates(subset=["metric_id", "kind"])\n',
    },
    {
      name: 'dropna on an answer key selected from an object attribute',
      code: 'import pandas as pd\n\n\ndef indicator_ids(survey):\n    keys = survey.answer_key[["indicator_id", "kind"]].dropna(subset="indicator_id").drop_duplicates()\n    return keys\n',
    },
    {
      name: 'dropna on a lookup frame read from a codebook file',
      code: 'import pandas as pd\n\n\ndef load_lookup(path):\n    code_lookup = pd.read_csv(path)\n    code_lookup = code_lookup.dropna(subset=["code"])\n    return dict(zip(code_lookup["code"], code_lookup["label"]))\n',
    },
    {
      name: 'the nulls of every dropped column are counted in the log before the merge that brings them in',
      code: 'import logging\nimport pandas as pd\n\nlogger = logging.getLogger(__name__)\n\n\ndef by_area(responses_path, geocodes_path):\n    responses = pd.read_csv(responses_path)\n    geo = pd.read_csv(geocodes_path)\n    logger.info("missing districts: %d", geo["district"].isna().sum())\n    logger.info("missing zones: %d", geo["zone"].isna().sum())\n    responses = responses.merge(geo, on="response_id")\n    located = responses.dropna(subset=["district", "zone"])\n    located.to_csv("by_area.csv", index=False)\n',
    },
    {
      name: 'a top-N after sorting is a ranking, not a cap',
      code: 'import pandas as pd\n\n\ndef top_customers(orders):\n    ranked = orders.groupby("customer_id", as_index=False)["total"].sum()\n    ranked = ranked.sort_values("total", ascending=False)\n    ranked = ranked.head(500)\n    ranked.to_csv("top_customers.csv", index=False)\n',
    },
    {
      name: 'a small preview cut and a slice without an upper bound',
      code: 'import pandas as pd\n\nsheet = pd.read_excel("sheet.xlsx")\nsheet.columns = sheet.iloc[0]\nsheet = sheet.iloc[1:]\npreview = sheet.head(20)\nprint(preview)\nsheet.to_csv("sheet.csv", index=False)\n',
    },
    {
      name: 'a capped frame whose row count is logged afterwards',
      code: 'import logging\nimport pandas as pd\n\nlogger = logging.getLogger(__name__)\n\n\ndef sample_load(path):\n    rows = pd.read_csv(path)\n    total = len(rows)\n    rows = rows.iloc[:10000]\n    logger.info("kept %d of %d rows", len(rows), total)\n    return rows\n',
    },
    { name: 'a streaming insert that raises when rows were rejected', code: 'from google.cloud import bigquery\n\n\ndef load(rows):\n    client = bigquery.Client()\n    errors = client.insert_rows_json("raw.events", rows)\n    if errors:\n        raise RuntimeError(f"BigQuery rejected {len(errors)} rows: {errors[:5]}")\n' },
    { name: 'a streaming insert whose errors are returned to the caller', code: 'from google.cloud import bigquery\n\n\ndef insert(client: bigquery.Client, table, rows):\n    errors = client.insert_rows(table, rows)\n    return errors\n' },
    { name: 'a streaming insert whose errors are logged and then raised', code: 'import logging\n\nfrom google.cloud import bigquery\n\nlog = logging.getLogger(__name__)\n\n\ndef insert(rows):\n    client = bigquery.Client()\n    errors = client.insert_rows_json("raw.events", rows)\n    if errors:\n        log.error("rejected: %s", errors)\n        raise Exception("BigQuery insert failed")\n    log.info("inserted %s", len(rows))\n' },
    { name: 'rejected rows written to a rejects table', code: 'from google.cloud import bigquery\n\n\ndef insert(client: bigquery.Client, rows):\n    errors = client.insert_rows_json("raw.events", rows)\n    if errors:\n        write_rejects(errors)\n' },
    { name: 'an assertion on the insert result', code: 'from google.cloud import bigquery\n\nclient = bigquery.Client()\nerrors = client.insert_rows_json("raw.events", [{"id": 1}])\nassert errors == [], errors\n' },
    { name: 'the result returned directly', code: 'from google.cloud import bigquery\n\n\ndef insert(rows):\n    return bigquery.Client().insert_rows_json("raw.events", rows)\n' },
    { name: "Airflow DbApiHook.insert_rows raises on failure (no rejected rows returned)", code: 'from airflow.providers.postgres.hooks.postgres import PostgresHook\n\n\ndef load(rows):\n    PostgresHook(postgres_conn_id="dwh").insert_rows(table="staging.orders", rows=rows)\n' },
    { name: "an openpyxl sheet's insert_rows", code: 'from openpyxl import load_workbook\n\nwb = load_workbook("report.xlsx")\nws = wb.active\nws.insert_rows(4)\nwb.save("report.xlsx")\n' },
    { name: 'a COPY whose result rows are fetched and logged', code: 'import logging\n\nlogger = logging.getLogger(__name__)\n\n\ndef load_staging(cursor, table):\n    cursor.execute(f"COPY INTO {table} FROM @landing/events/ ON_ERROR = \'CONTINUE\'")\n    for row in cursor.fetchall():\n        logger.info("load result %s", row)\n' },
    { name: 'a COPY whose result is fetched on the call', code: 'def load_staging(cursor):\n    results = cursor.execute("COPY INTO raw.events FROM @landing/events/ ON_ERROR = \'CONTINUE\'").fetchall()\n    report(results)\n' },
    { name: 'a COPY whose rejects are read with VALIDATE', code: 'def load_staging(cursor):\n    cursor.execute("COPY INTO raw.events FROM @landing/events/ ON_ERROR = \'CONTINUE\'")\n    cursor.execute("SELECT * FROM TABLE(VALIDATE(raw.events, JOB_ID => \'_last\'))")\n    rejects = cursor.fetchall()\n    if rejects:\n        raise ValueError(f"{len(rejects)} rows rejected")\n' },
    { name: 'a COPY dry run with VALIDATION_MODE loads nothing', code: 'def check_files(cursor):\n    cursor.execute("COPY INTO raw.events FROM @landing/events/ VALIDATION_MODE = RETURN_ERRORS ON_ERROR = \'CONTINUE\'")\n    return cursor.fetchall()\n' },
    { name: 'a COPY that aborts on the first error', code: 'def load_staging(cursor):\n    cursor.execute("COPY INTO raw.events FROM @landing/events/ ON_ERROR = \'ABORT_STATEMENT\'")\n' },
    { name: 'a Redshift COPY with MAXERROR 0', code: 'def copy_orders(cur, path):\n    cur.execute(f"COPY staging.orders FROM \'{path}\' CSV MAXERROR 0")\n' },
    { name: 'a Redshift COPY whose load errors are checked', code: 'def copy_orders(cur, path):\n    cur.execute(f"COPY staging.orders FROM \'{path}\' CSV MAXERROR 10")\n    cur.execute("SELECT count(*) FROM stl_load_errors WHERE query = pg_last_copy_id()")\n    if cur.fetchone()[0]:\n        raise RuntimeError("rows rejected")\n' },
  ],
  fixes: [
    {
      name: 'count and log (reference ETL): creates the module logger',
      fix: 'Count and log dropped rows',
      safe: true,
      code: 'import pandas as pd\n\n\ndef transform_sales():\n    orders = pd.read_csv("/tmp/sales_extract.csv")\n\n    # Drop incomplete rows\n    orders = orders.dropna()\n\n    orders.to_parquet("/tmp/sales_transformed.parquet")\n    return len(orders)\n',
      output: 'import logging\nimport pandas as pd\n\nlogger = logging.getLogger(__name__)\n\n\ndef transform_sales():\n    orders = pd.read_csv("/tmp/sales_extract.csv")\n\n    # Drop incomplete rows\n    rows_before = len(orders)\n    orders = orders.dropna()\n    dropped_rows = rows_before - len(orders)\n    if dropped_rows:\n        logger.warning("dropna removed %d of %d rows", dropped_rows, rows_before)\n\n    orders.to_parquet("/tmp/sales_transformed.parquet")\n    return len(orders)\n',
    },
    {
      name: 'count and log with an existing logger and inplace=True',
      fix: 'Count and log dropped rows',
      safe: true,
      code: 'import logging\n\nimport pandas as pd\n\nlog = logging.getLogger(__name__)\n\n\ndef extract(conn):\n    customers = pd.read_sql("SELECT id, email FROM customers", conn)\n    customers.dropna(inplace=True)  # incomplete sign-ups\n    return customers\n',
      output: 'import logging\n\nimport pandas as pd\n\nlog = logging.getLogger(__name__)\n\n\ndef extract(conn):\n    customers = pd.read_sql("SELECT id, email FROM customers", conn)\n    rows_before = len(customers)\n    customers.dropna(inplace=True)  # incomplete sign-ups\n    dropped_rows = rows_before - len(customers)\n    if dropped_rows:\n        log.warning("dropna removed %d of %d rows", dropped_rows, rows_before)\n    return customers\n',
    },
    {
      name: 'count and log into a new name, at the end of a file without a newline',
      fix: 'Count and log dropped rows',
      code: 'import logging\nimport pandas as pd\n\nlogger = logging.getLogger(__name__)\n\nraw = pd.read_parquet("raw.parquet")\nclean = raw.dropna(subset=["id"]).reset_index(drop=True)',
      output: 'import logging\nimport pandas as pd\n\nlogger = logging.getLogger(__name__)\n\nraw = pd.read_parquet("raw.parquet")\nrows_before = len(raw)\nclean = raw.dropna(subset=["id"]).reset_index(drop=True)\ndropped_rows = rows_before - len(clean)\nif dropped_rows:\n    logger.warning("dropna removed %d of %d rows", dropped_rows, rows_before)',
    },
    {
      name: 'quarantine mirrors subset and how',
      fix: 'Quarantine dropped rows',
      safe: false,
      code: 'import pandas as pd\n\n\ndef contacts():\n    df = pd.read_csv("contacts.csv")\n    df = df.dropna(subset=["email", "phone"], how="all")\n    return df\n',
      output: 'import logging\nimport pandas as pd\n\nlogger = logging.getLogger(__name__)\n\n\ndef contacts():\n    df = pd.read_csv("contacts.csv")\n    rejected_rows = df[["email", "phone"]].isna().all(axis=1)\n    if rejected_rows.any():\n        rejects_path = f"df_rejects_{pd.Timestamp.now(tz=\'UTC\'):%Y%m%dT%H%M%S}.csv"\n        df[rejected_rows].to_csv(rejects_path, index=False)\n        logger.warning("quarantined %d rows with nulls to %s", rejected_rows.sum(), rejects_path)\n    df = df.dropna(subset=["email", "phone"], how="all")\n    return df\n',
    },
    {
      name: 'quarantine before a return',
      fix: 'Quarantine dropped rows',
      code: 'import logging\n\nimport pandas as pd\n\nLOGGER = logging.getLogger(__name__)\n\n\ndef drop_incomplete(events_df: pd.DataFrame) -> pd.DataFrame:\n    return events_df.dropna()\n',
      output: 'import logging\n\nimport pandas as pd\n\nLOGGER = logging.getLogger(__name__)\n\n\ndef drop_incomplete(events_df: pd.DataFrame) -> pd.DataFrame:\n    rejected_rows = events_df.isna().any(axis=1)\n    if rejected_rows.any():\n        rejects_path = f"events_df_rejects_{pd.Timestamp.now(tz=\'UTC\'):%Y%m%dT%H%M%S}.csv"\n        events_df[rejected_rows].to_csv(rejects_path, index=False)\n        LOGGER.warning("quarantined %d rows with nulls to %s", rejected_rows.sum(), rejects_path)\n    return events_df.dropna()\n',
    },
    {
      name: 'restrict to the columns used later and log',
      fix: 'Restrict dropna to subset=',
      safe: false,
      code: 'import logging\nimport pandas as pd\n\nlogger = logging.getLogger(__name__)\n\n\ndef totals():\n    orders = pd.read_csv("orders.csv")\n    orders = orders.dropna()\n    orders["total"] = orders["quantity"] * orders["unit_price"]\n    return orders[["order_id", "total"]]\n',
      output: 'import logging\nimport pandas as pd\n\nlogger = logging.getLogger(__name__)\n\n\ndef totals():\n    orders = pd.read_csv("orders.csv")\n    rows_before = len(orders)\n    orders = orders.dropna(subset=["quantity", "unit_price", "order_id"])\n    dropped_rows = rows_before - len(orders)\n    if dropped_rows:\n        logger.warning("dropna removed %d of %d rows", dropped_rows, rows_before)\n    orders["total"] = orders["quantity"] * orders["unit_price"]\n    return orders[["order_id", "total"]]\n',
    },
    {
      name: 'count and log the rows a null mask drops',
      fix: 'Count and log the rows the filter drops',
      safe: true,
      code: 'import pandas as pd\n\n\ndef transform_accounts(accounts_df):\n    accounts_df["account_id"] = pd.to_numeric(accounts_df["account_id"], errors="coerce")\n    accounts_df = accounts_df[accounts_df["account_id"].notna()]\n    return accounts_df\n',
      output: 'import logging\nimport pandas as pd\n\nlogger = logging.getLogger(__name__)\n\n\ndef transform_accounts(accounts_df):\n    accounts_df["account_id"] = pd.to_numeric(accounts_df["account_id"], errors="coerce")\n    rows_before = len(accounts_df)\n    accounts_df = accounts_df[accounts_df["account_id"].notna()]\n    dropped_rows = rows_before - len(accounts_df)\n    if dropped_rows:\n        logger.warning("dropped %d of %d rows with nulls in account_id", dropped_rows, rows_before)\n    return accounts_df\n',
    },
    {
      name: 'warn about each skipped line instead of skipping silently',
      fix: 'Warn about each skipped line',
      safe: false,
      code: 'import pandas as pd\n\nraw = pd.read_csv("export.csv", on_bad_lines="skip")\nraw.to_parquet("export.parquet")\n',
      output: 'import pandas as pd\n\nraw = pd.read_csv("export.csv", on_bad_lines="warn")\nraw.to_parquet("export.parquet")\n',
    },
  ],
};

export default cases;
