"""Airflow DAG: Chuanliu's daily training, train -> evaluate -> publish.

Training and evaluation run in one Spark application (TrainingJob: it evaluates on a time split,
applies the publication gate and writes models/<version>/ only if the gate passes); a second task
verifies the model's checksums and announces it on the model-updates topic (PublishModel). Exit
code 3 of the first task means the gate refused the model: the DAG run fails there and nothing is
published, so the streaming job keeps serving the previous model.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

JAR = "s3a://chuanliu/jars/chuanliu-batch-training-0.1.0-SNAPSHOT-spark-submit.jar"
MODELS = "s3a://chuanliu/models"  # the routing job's model.root (deploy/flink/flink-deployment.yaml)
S3A = "org.apache.hadoop:hadoop-aws:3.4.2"  # s3a:, the Hadoop version Spark 4.1.0 ships
VERSION = "{{ ds_nodash }}"

with DAG(
    dag_id="chuanliu_training",
    schedule="30 3 * * *",
    start_date=datetime(2026, 11, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 1, "retry_delay": timedelta(minutes=10)},
    tags=["chuanliu"],
) as dag:
    train_and_evaluate = SparkSubmitOperator(
        task_id="train_and_evaluate",
        application=JAR,
        java_class="io.chuanliu.training.job.TrainingJob",
        conn_id="spark_default",
        packages=S3A,
        application_args=[
            "--history", "s3a://chuanliu/history/{{ ds }}",
            "--models", MODELS,
            "--version", VERSION,
            "--store.max-parallelism", "1024",
        ],
        conf={"spark.sql.shuffle.partitions": "800"},
        retries=0,  # a refused gate must not be retried into a different answer
    )

    publish = SparkSubmitOperator(
        task_id="publish",
        application=JAR,
        java_class="io.chuanliu.training.job.PublishModel",
        conn_id="spark_default",
        packages=S3A,
        application_args=[
            "--model", f"{MODELS}/{VERSION}",
            "--kafka.bootstrap-servers", "{{ var.value.chuanliu_kafka_bootstrap }}",
        ],
    )

    train_and_evaluate >> publish
