import pandas as pd
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
