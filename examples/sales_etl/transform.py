import pandas as pd


def transform_sales():
    orders = pd.read_csv("/tmp/sales_extract.csv")

    # Derived columns for reporting
    orders["total_amount"] = orders["quantity"] * orders["unit_price"]
    orders["order_month"] = pd.to_datetime(orders["order_date"]).dt.to_period("M")

    # Drop incomplete rows
    orders = orders.dropna()

    orders.to_parquet("/tmp/sales_transformed.parquet")
    return len(orders)


if __name__ == "__main__":
    row_count = transform_sales()
    print(f"Transformed {row_count} rows")
