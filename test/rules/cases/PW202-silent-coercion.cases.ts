import type { RuleCases } from '../../helpers/rule-tester';

const cases: RuleCases = {
  rule: 'PW202',
  flagged: [
    {
      name: 'local converted series summarised and then written back',
      code: `import pandas as pd


def normalise_weights(parcels: pd.DataFrame) -> pd.DataFrame:
    grams = «pd.to_numeric(parcels["weight_g"], errors="coerce")»
    print(grams.mean())
    parcels["weight_g"] = grams
    return parcels
`,
      message: /pd\.to_numeric\(errors="coerce"\) turns values of grams that fail to parse into NaN/,
    },
    {
      name: 'numeric column coerced in place',
      code: 'import pandas as pd\n\n\ndef transform():\n    orders = pd.read_csv("orders.csv")\n    orders["amount"] = «pd.to_numeric(orders["amount"], errors="coerce")»\n    orders.to_parquet("orders.parquet")\n',
      priority: 'P2',
      message: /^pd\.to_numeric\(errors="coerce"\) turns values of orders\["amount"\] that fail to parse into NaN without counting them; log how many values it nulls$/,
    },
    {
      name: 'every column of a loop coerced',
      code: 'import pandas as pd\n\n\ndef clean_numeric_columns(df, columns):\n    for col in columns:\n        df[col] = «pd.to_numeric(df[col], errors="coerce")»\n    return df\n',
    },
    {
      name: 'timestamps coerced to NaT',
      code: 'import pandas as pd\n\n\ndef parse(events):\n    events["ts"] = «pd.to_datetime(events["ts"], errors="coerce", utc=True)»\n    return events\n',
      message: /into NaT/,
    },
    {
      name: 'imported by name',
      code: 'from pandas import to_numeric\n\n\ndef f(df):\n    df["qty"] = «to_numeric(df["qty"], errors="coerce")»\n    return df\n',
    },
    {
      name: 'apply(pd.to_numeric, errors="coerce") over several columns',
      code: 'import pandas as pd\n\nNUMERIC = ["price", "qty"]\n\n\ndef f(df):\n    df[NUMERIC] = «df[NUMERIC].apply(pd.to_numeric, errors="coerce")»\n    return df\n',
      message: /^apply\(pd\.to_numeric\)\(errors="coerce"\)/,
    },
    {
      name: 'whole frame coerced and returned',
      code: 'import pandas as pd\n\n\ndef to_numeric(data):\n    return «data.apply(pd.to_numeric, errors="coerce")»\n',
    },
    {
      name: 'errors="ignore" hands bad input back',
      code: 'import pandas as pd\n\n\ndef ensure_numeric_columns(df):\n    for col in df.columns:\n        df[col] = «pd.to_numeric(df[col], errors="ignore")»\n    return df\n',
      message: /errors="ignore"\) returns df\[col\] unchanged when a value fails to parse/,
    },
    {
      name: 'astype(errors="ignore")',
      code: 'import pandas as pd\n\n\ndef types(df):\n    df["zip"] = «df["zip"].astype("int64", errors="ignore")»\n    return df\n',
      message: /^astype\(errors="ignore"\) leaves df\["zip"\] in its old type/,
    },
    {
      name: 'coerced then filled with zero',
      code: 'import pandas as pd\n\n\ndef qty(df):\n    df["qty"] = «pd.to_numeric(df["qty"], errors="coerce")».fillna(0)\n    return df\n',
    },
    {
      name: 'inside assign()',
      code: 'import pandas as pd\n\n\ndef f():\n    df = pd.read_csv("x.csv")\n    df = df.assign(amount=«pd.to_numeric(df["amount"], errors="coerce")»)\n    return df\n',
    },
    {
      name: 'helper returning the coerced series',
      code: 'import pandas as pd\n\n\ndef as_float(series):\n    return «pd.to_numeric(series, errors="coerce")»\n',
    },
    {
      name: 'timedelta',
      code: 'import pandas as pd\n\n\ndef durations(df):\n    df["duration"] = «pd.to_timedelta(df["duration"], errors="coerce")»\n    return df\n',
    },
    {
      name: 'another column is checked, not this one',
      code: 'import logging\nimport pandas as pd\n\nlogger = logging.getLogger(__name__)\n\n\ndef f(df):\n    df["a"] = «pd.to_numeric(df["a"], errors="coerce")»\n    logger.info("missing b: %d", df["b"].isna().sum())\n    return df\n',
    },
    {
      name: 'date part of a coerced timestamp',
      code: 'import pandas as pd\n\n\ndef days(events):\n    order_day = «pd.to_datetime(events["ts"], errors="coerce")».dt.date\n    return order_day\n',
    },
    {
      name: 'null count computed but never reported',
      code: 'import pandas as pd\n\n\ndef f(df):\n    df["x"] = «pd.to_numeric(df["x"], errors="coerce")»\n    bad = df["x"].isna().sum()\n    return df\n',
    },
    {
      name: 'SQLAlchemy read then load',
      code: 'import pandas as pd\nfrom sqlalchemy import text\n\n\ndef sync(conn, engine):\n    df = pd.read_sql(text("SELECT id, price FROM staging.prices WHERE day = :day"), conn, params={"day": day})\n    df["price"] = «pd.to_numeric(df["price"], errors="coerce")»\n    df.to_sql("prices", engine, if_exists="replace", index=False)\n',
    },
    {
      name: 'module-level script with single quotes',
      code: "import pandas as pd\n\ndf = pd.read_csv('in.csv')\ndf['when'] = «pd.to_datetime(df['when'], errors='coerce')»\ndf.to_csv('out.csv')\n",
    },
    {
      name: 'cleaned string column coerced',
      code: 'import pandas as pd\n\n\ndef prices(df):\n    df["price"] = «pd.to_numeric(df["price"].str.replace(",", ""), errors="coerce")»\n    return df\n',
    },
    {
      name: 'numeric ratio decides, nothing reports',
      code: 'import pandas as pd\n\n\ndef coerce_like(df):\n    out = df.copy()\n    for column in out.columns:\n        converted = «pd.to_numeric(out[column], errors="coerce")»\n        if converted.notna().any():\n            out[column] = converted\n    return out\n',
    },
    {
      name: 'NaN years silently filtered by between(), only the row count is logged',
      code: 'import logging\nimport pandas as pd\n\nlogger = logging.getLogger(__name__)\n\n\ndef fetch(rows):\n    df = pd.DataFrame(rows)\n    df["Year"] = «pd.to_numeric(df["Year"], errors="coerce")»\n    df = df[df["Year"].between(2015, 2025)]\n    logger.info(f"Fetched {len(df)} records")\n    return df\n',
    },
    {
      name: 'coerced then defaulted to 0: bad values become zeros in the fact table',
      code: 'import pandas as pd\n\n\ndef build_fact(lines: pd.DataFrame) -> pd.DataFrame:\n    lines["quantity"] = «pd.to_numeric(lines["quantity"], errors="coerce")».fillna(0).astype(int)\n    return lines\n',
    },
    {
      name: 'coerced inside a DataFrame constructor for a dimension',
      code: 'import pandas as pd\n\n\ndef build_dim(products: pd.DataFrame) -> pd.DataFrame:\n    return pd.DataFrame({\n        "product_nk": «pd.to_numeric(products["productID"], errors="coerce")»,\n        "name": products["productName"],\n    })\n',
    },
    {
      name: 'a local that is compared and also written back',
      code: 'import pandas as pd\n\n\ndef clip_prices(df):\n    prices = «pd.to_numeric(df["price"], errors="coerce")»\n    too_high = prices > 10_000\n    df["price"] = prices\n    return df[~too_high]\n',
    },
    {
      name: 'a null test on a whole column in a branch is not handling each value',
      code: 'import pandas as pd\n\n\ndef sniff(df):\n    for column in df.columns:\n        parsed = «pd.to_datetime(df[column], errors="coerce")»\n        if parsed.notna().all() or parsed.notna().sum() > 10:\n            df[column] = parsed\n    return df\n',
    },
  ],
  notFlagged: [
    {
      name: 'a Streamlit dashboard converting query results for a chart',
      file: 'dashboard/app.py',
      code: 'import pandas as pd\nimport streamlit as st\n\n\ndef show_cases(frame: pd.DataFrame):\n    frame["cases"] = pd.to_numeric(frame["cases"], errors="coerce")\n    st.line_chart(frame, x="week", y="cases")\n',
    },
    {
      name: 'parses a clock reading the code has just formatted (it cannot fail)',
      code: 'import datetime as dt\n\nimport pandas as pd\n\n\ndef stamp(record):\n    record["seen_at"] = pd.to_datetime(dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S"), format="%Y-%m-%d %H:%M:%S", errors="coerce")\n    return record\n',
    },
    {
      name: 'a null filter of the coerced column afterwards (PW201 reports the drop)',
      code: 'import pandas as pd\n\n\ndef f(df):\n    df["price"] = pd.to_numeric(df["price"], errors="coerce")\n    df = df[df["price"].notna()]\n    return df\n',
    },
    {
      name: 'a validation screen that parses values only to compare them with bounds',
      code: 'import pandas as pd\n\n\ndef out_of_range(df: pd.DataFrame, column: str, low: float, high: float) -> list:\n    numeric = pd.to_numeric(df[column], errors="coerce").dropna()\n    problems = []\n    for i in numeric.index[numeric < low]:\n        problems.append(f"{column}={numeric[i]} below {low}")\n    for i in numeric.index[numeric > high]:\n        problems.append(f"{column}={numeric[i]} above {high}")\n    return problems\n',
    },
    {
      name: 'coerced series only feeds baseline statistics',
      code: 'import pandas as pd\n\n\ndef baseline(df):\n    stats = {}\n    for col in df.columns:\n        s = pd.to_numeric(df[col], errors="coerce").dropna()\n        if len(s):\n            stats[col] = {"mean": float(s.mean()), "std": float(s.std())}\n    return stats\n',
    },
    {
      name: 'dates parsed only for an effective-date comparison in a lookup',
      code: 'import pandas as pd\n\n\ndef current_row(dim: pd.DataFrame, key, event_date):\n    eff = pd.to_datetime(dim["effective_date"], errors="coerce")\n    evt = pd.to_datetime(event_date, errors="coerce")\n    return dim[(dim["key"] == key) & (eff <= evt)]\n',
    },
    {
      name: 'one value parsed and its NaT handled explicitly',
      code: 'import pandas as pd\n\nUNKNOWN_DATE_KEY = 19000101\n\n\ndef date_key(value) -> int:\n    ts = pd.to_datetime(value, errors="coerce")\n    if pd.isna(ts):\n        return UNKNOWN_DATE_KEY\n    return int(ts.strftime("%Y%m%d"))\n',
    },
    {
      name: 'coercion reduced to one statistic (a load watermark)',
      code: `import pandas as pd


def next_watermark(batch: pd.DataFrame):
    return pd.to_datetime(batch["modified_at"], errors="coerce").max()
`,
    },
    {
      name: 'scalar parse probe inside pd.isna()',
      code: `import pandas as pd


def looks_numeric(cell) -> bool:
    return not pd.isna(pd.to_numeric(cell, errors="coerce"))
`,
    },
    {
      name: 'local converted series only summarised',
      code: `import pandas as pd


def weight_profile(parcels: pd.DataFrame) -> dict:
    grams = pd.to_numeric(parcels["weight_g"], errors="coerce")
    return {"lightest": grams.min(), "heaviest": grams.max(), "typical": grams.median()}
`,
    },
    {
      name: 'errors="raise"',
      code: 'import pandas as pd\n\n\ndef f(df):\n    df["x"] = pd.to_numeric(df["x"], errors="raise")\n    return df\n',
    },
    {
      name: 'no errors keyword',
      code: 'import pandas as pd\n\n\ndef f(orders):\n    orders["order_month"] = pd.to_datetime(orders["order_date"]).dt.to_period("M")\n    return orders\n',
    },
    {
      name: 'null count logged when non-zero',
      code: 'import logging\nimport pandas as pd\n\nlogger = logging.getLogger(__name__)\n\n\ndef f(df):\n    df["x"] = pd.to_numeric(df["x"], errors="coerce")\n    bad = df["x"].isna().sum()\n    if bad:\n        logger.warning("%d unparseable x values", bad)\n    return df\n',
    },
    {
      name: 'assert that nothing was nulled',
      code: 'import pandas as pd\n\n\ndef f(df):\n    df["amount"] = pd.to_numeric(df["amount"], errors="coerce")\n    assert df["amount"].notna().all(), "unparseable amounts"\n    return df\n',
    },
    {
      name: 'parseability test',
      code: 'import pandas as pd\n\n\ndef numeric_mask(series):\n    return pd.to_numeric(series, errors="coerce").notna()\n',
    },
    {
      name: 'coerced then dropped: PW201 accounts for the dropna',
      code: 'import pandas as pd\n\n\ndef f(df):\n    df["amount"] = pd.to_numeric(df["amount"], errors="coerce")\n    df = df.dropna(subset=["amount"])\n    return df\n',
    },
    {
      name: 'frame-wide null counts logged',
      code: 'import logging\nimport pandas as pd\n\n\ndef f(df):\n    df["qty"] = pd.to_numeric(df["qty"], errors="coerce")\n    logging.info("nulls after parsing: %s", df.isna().sum().to_dict())\n    return df\n',
    },
    {
      name: 'errors="ignore" followed by a dtype assertion',
      code: 'import pandas as pd\n\n\ndef f(df):\n    df["x"] = pd.to_numeric(df["x"], errors="ignore")\n    assert pd.api.types.is_numeric_dtype(df["x"]), "x did not convert"\n    return df\n',
    },
    {
      name: 'pandera schema validation afterwards',
      code: 'import pandas as pd\nimport pandera as pa\n\nschema = pa.DataFrameSchema({"price": pa.Column(float, nullable=False)})\n\n\ndef f(df):\n    df["price"] = pd.to_numeric(df["price"], errors="coerce")\n    return schema.validate(df)\n',
    },
    {
      name: 'errors mode from a parameter',
      code: 'import pandas as pd\n\n\ndef f(df, errors="raise"):\n    df["x"] = pd.to_numeric(df["x"], errors=errors)\n    return df\n',
    },
    {
      name: 'astype without errors',
      code: 'import pandas as pd\n\n\ndef f(df):\n    df["x"] = df["x"].astype(int)\n    df["y"] = df["y"].astype(str, errors="raise")\n    return df\n',
    },
    {
      name: 'print of the unparsed count',
      code: 'import pandas as pd\n\n\ndef f(df):\n    df["ts"] = pd.to_datetime(df["ts"], errors="coerce")\n    print(f"{df[\'ts\'].isna().sum()} timestamps did not parse")\n    return df\n',
    },
    {
      name: 'raise when anything failed to parse',
      code: 'import pandas as pd\n\n\ndef f(df):\n    df["ts"] = pd.to_datetime(df["ts"], errors="coerce")\n    if df["ts"].isna().any():\n        raise ValueError("unparseable timestamps")\n    return df\n',
    },
    {
      name: 'unparsed rows quarantined',
      code: 'import pandas as pd\n\n\ndef f(df):\n    df["amount"] = pd.to_numeric(df["amount"], errors="coerce")\n    bad_rows = df[df["amount"].isna()]\n    bad_rows.to_csv("bad_amounts.csv", index=False)\n    return df\n',
    },
    {
      name: 'metric of the unparsed count',
      code: 'import pandas as pd\nfrom datadog import statsd\n\n\ndef f(df):\n    df["amount"] = pd.to_numeric(df["amount"], errors="coerce")\n    statsd.gauge("etl.unparsed_amounts", int(df["amount"].isna().sum()))\n    return df\n',
    },
    {
      name: 'count stored in a stats dict that is logged',
      code: 'import logging\nimport pandas as pd\n\nlogger = logging.getLogger(__name__)\n\n\ndef f(df):\n    df["amount"] = pd.to_numeric(df["amount"], errors="coerce")\n    stats = {"bad_amount": int(df["amount"].isnull().sum())}\n    logger.info("parse stats: %s", stats)\n    return df\n',
    },
    {
      name: 'errors= on functions that are not pandas converters',
      code: 'import codecs\n\n\ndef f(raw, path):\n    text = raw.decode("utf-8", errors="ignore")\n    data = codecs.decode(raw, "latin-1", errors="ignore")\n    handle = open(path, errors="ignore")\n    return my_parse(text, errors="coerce"), data, handle\n',
    },
    {
      name: 'encoding_errors on read_csv',
      code: 'import pandas as pd\n\n\ndef f():\n    return pd.read_csv("x.csv", encoding_errors="ignore")\n',
    },
    {
      name: 'downcast only',
      code: 'import pandas as pd\n\n\ndef f(df):\n    df["n"] = pd.to_numeric(df["n"], downcast="integer")\n    return df\n',
    },
    {
      name: 'target name checked and logged with loguru',
      code: 'from loguru import logger\nimport pandas as pd\n\n\ndef f(df):\n    parsed = pd.to_datetime(df["ts"], errors="coerce")\n    logger.warning("{} timestamps did not parse", parsed.isna().sum())\n    return parsed\n',
    },
    {
      name: 'Great Expectations null check',
      code: 'import great_expectations as ge\nimport pandas as pd\n\n\ndef f(df):\n    df["amount"] = pd.to_numeric(df["amount"], errors="coerce")\n    ge.from_pandas(df).expect_column_values_to_not_be_null("amount")\n    return df\n',
    },
  ],
  fixes: [
    {
      name: 'count and log: creates the module logger',
      fix: 'Count and log values that fail to parse',
      safe: true,
      code: 'import pandas as pd\n\n\ndef transform():\n    orders = pd.read_csv("orders.csv")\n    orders["amount"] = pd.to_numeric(orders["amount"], errors="coerce")\n    orders.to_parquet("orders.parquet")\n',
      output: 'import logging\nimport pandas as pd\n\nlogger = logging.getLogger(__name__)\n\n\ndef transform():\n    orders = pd.read_csv("orders.csv")\n    nulls_before = int(orders["amount"].isna().sum())\n    orders["amount"] = pd.to_numeric(orders["amount"], errors="coerce")\n    unparsed_values = int(orders["amount"].isna().sum()) - nulls_before\n    if unparsed_values:\n        logger.warning("%d values of amount could not be parsed and became null", unparsed_values)\n    orders.to_parquet("orders.parquet")\n',
    },
    {
      name: 'count and log a date part into a new name with an existing logger',
      fix: 'Count and log values that fail to parse',
      code: 'import logging\nimport pandas as pd\n\nlog = logging.getLogger("etl")\n\n\ndef days(events: pd.DataFrame):\n    order_day = pd.to_datetime(events["ts"], errors="coerce").dt.date  # UTC\n    return order_day\n',
      output: 'import logging\nimport pandas as pd\n\nlog = logging.getLogger("etl")\n\n\ndef days(events: pd.DataFrame):\n    nulls_before = int(events["ts"].isna().sum())\n    order_day = pd.to_datetime(events["ts"], errors="coerce").dt.date  # UTC\n    unparsed_values = int(order_day.isna().sum()) - nulls_before\n    if unparsed_values:\n        log.warning("%d values of ts could not be parsed and became null", unparsed_values)\n    return order_day\n',
    },
    {
      name: 'count and log a cleaned string column (frame known only by its name: not automatic)',
      fix: 'Count and log values that fail to parse',
      safe: false,
      code: 'import logging\nimport pandas as pd\n\nlogger = logging.getLogger(__name__)\n\n\ndef prices(df):\n    df["price"] = pd.to_numeric(df["price"].str.replace(",", ""), errors="coerce")\n    return df\n',
      output: 'import logging\nimport pandas as pd\n\nlogger = logging.getLogger(__name__)\n\n\ndef prices(df):\n    nulls_before = int(df["price"].str.replace(",", "").isna().sum())\n    df["price"] = pd.to_numeric(df["price"].str.replace(",", ""), errors="coerce")\n    unparsed_values = int(df["price"].isna().sum()) - nulls_before\n    if unparsed_values:\n        logger.warning("%d values of price could not be parsed and became null", unparsed_values)\n    return df\n',
    },
    {
      name: 'errors="ignore" becomes errors="raise"',
      fix: 'Fail on values that do not parse',
      safe: false,
      code: 'import pandas as pd\n\n\ndef types(df):\n    df["zip"] = df["zip"].astype("int64", errors=\'ignore\')\n    return df\n',
      output: 'import pandas as pd\n\n\ndef types(df):\n    df["zip"] = df["zip"].astype("int64", errors=\'raise\')\n    return df\n',
    },
    {
      name: 'apply form: only the raise fix',
      fix: 'Fail on values that do not parse',
      code: 'import pandas as pd\n\n\ndef to_numeric(data):\n    return data.apply(pd.to_numeric, errors="coerce")\n',
      output: 'import pandas as pd\n\n\ndef to_numeric(data):\n    return data.apply(pd.to_numeric, errors="raise")\n',
    },
  ],
};

export default cases;
