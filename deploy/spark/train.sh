#!/usr/bin/env bash
# Daily Chuanliu training with spark-submit: train -> evaluate -> gate -> publish.
#   deploy/spark/train.sh <history-dir> <models-dir> <kafka-bootstrap> [extra training settings...]
# Exit codes: 0 published; 2 bad settings or input; 3 the gate refused the model (the stream keeps
# serving the previous one). SPARK_MASTER and SPARK_SUBMIT_OPTS are passed through; the master is
# never hard-coded in the job. The driver and executors get training-jvm-options.txt (the throughput
# collector); SHUFFLE_PARTITIONS overrides the job's sizing of shuffles from the input.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="${CHUANLIU_TRAINING_JAR:-$here/../../batch-training/target/chuanliu-batch-training-0.1.0-SNAPSHOT-spark-submit.jar}"
history="$1"; models="$2"; bootstrap="$3"; shift 3
version="${CHUANLIU_VERSION:-$(date -u +%Y%m%d-%H%M%S)}"

jvm_options="$(cat "$here/training-jvm-options.txt")"
# Shuffle partitions are sized from the input by the job unless SHUFFLE_PARTITIONS sets them.
spark-submit --master "${SPARK_MASTER:-local[2]}" --class io.chuanliu.training.job.TrainingJob \
  --driver-java-options "$jvm_options" --conf spark.executor.extraJavaOptions="$jvm_options" \
  ${SHUFFLE_PARTITIONS:+--conf spark.sql.shuffle.partitions=$SHUFFLE_PARTITIONS} \
  "$jar" --history "$history" --models "$models" --version "$version" "$@"

spark-submit --master "${SPARK_MASTER:-local[2]}" --class io.chuanliu.training.job.PublishModel \
  "$jar" --model "$models/$version" --kafka.bootstrap-servers "$bootstrap"
