#!/usr/bin/env bash
# Cluster training benchmark (issue 16, item 3): generates a market of USERS users (400 brands, 600
# experts, as batch-training/benchmark.sh) and runs the daily training job on a Spark standalone cluster
# of two workers with one executor JVM each, submitted as the -spark-submit jar with the driver's heap
# capped at 1 GiB. Prints the stages, the driver's heap after its collections, and the evaluation.
#   deploy/local/cluster-training-benchmark.sh                 # 1,000,000 users, executors of 8g
#   deploy/local/cluster-training-benchmark.sh 100000 4g       # users, executor memory
# Results are recorded in docs/benchmarks.md. Needs about 2 x executor memory + 2 GiB of RAM.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
users="${1:-1000000}"
executor_memory="${2:-8g}"
work="${BENCH_DIR:-/tmp/chuanliu-cluster-bench}"
[[ -f deploy/local/target/test-classes/io/chuanliu/deploy/local/bench/ClusterTrainingBenchmark.class \
  && -f batch-training/target/chuanliu-batch-training-0.1.0-SNAPSHOT-spark-submit.jar ]] \
  || ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package
market="$work/market-$users"
if [[ ! -f "$market/summary.json" ]]; then
  java -Xmx6g -cp "market-generator/target/classes:$(cat market-generator/target/classpath.txt)" \
    io.chuanliu.generator.cli.MarketCli generate --out "$market" --users "$users" --brands 400 --experts 600
fi
rm -rf "$work/run-$users"
echo "== $users users, Spark standalone: 2 workers x 1 core, executors of $executor_memory, driver heap 1g =="
java -Xmx256m -Dchuanliu.home="$(pwd)" \
  -cp "deploy/local/target/test-classes:deploy/local/target/classes:$(cat deploy/local/target/classpath.txt)" \
  io.chuanliu.deploy.local.bench.ClusterTrainingBenchmark "$market" "$work/run-$users" "$executor_memory"
