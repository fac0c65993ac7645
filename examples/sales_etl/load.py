import pandas as pd
from google.cloud import bigquery


def load_to_bigquery():
    orders = pd.read_parquet("/tmp/sales_transformed.parquet")

    client = bigquery.Client()
    table_id = "project.dataset.sales_fact"

    job = client.load_table_from_dataframe(orders, table_id)
    job.result()

    return len(orders)


if __name__ == "__main__":
    row_count = load_to_bigquery()
    print(f"Loaded {row_count} rows")
