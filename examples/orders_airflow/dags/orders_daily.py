"""Nightly orders pipeline: REST API → clean → PostgreSQL, one branch per region."""

from datetime import datetime, timedelta
from functools import partial

from airflow import DAG
from airflow.operators.python import PythonOperator

from orders_pipeline.api import fetch_orders
from orders_pipeline.transform import keep_complete_orders
from orders_pipeline.warehouse import load_orders

REGIONS = ["emea", "amer", "apac"]

default_args = {
    "owner": "data-eng",
    "retries": 3,
    "retry_delay": timedelta(minutes=5),
}

with DAG(
    dag_id="orders_daily",
    start_date=datetime(2026, 1, 1),
    schedule="0 3 * * *",
    catchup=False,
    default_args=default_args,
) as dag:
    for region in REGIONS:
        extract = PythonOperator(
            task_id=f"extract_{region}",
            python_callable=fetch_orders,
            op_kwargs={"region": region, "day": "{{ ds }}"},
        )
        clean = PythonOperator(
            task_id=f"clean_{region}",
            python_callable=keep_complete_orders,
            op_kwargs={"region": region, "day": "{{ ds }}"},
        )
        load = PythonOperator(
            task_id=f"load_{region}",
            python_callable=partial(load_orders, table="analytics.orders"),
            op_kwargs={"region": region, "day": "{{ ds }}"},
        )
        extract >> clean >> load
