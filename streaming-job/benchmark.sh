#!/usr/bin/env bash
# Streaming benchmark: a generated market in a real KRaft broker and a Flink MiniCluster (RocksDB),
# both in one JVM on this machine. Prints, for the backlog, sustained events/s of a Kafka-to-Kafka
# passthrough, the minimal keyed job and the routing job (and the ratios); then, for the routing
# job at each fixed rate, decision latency and order-to-routable percentiles; and the peak heap.
#   streaming-job/benchmark.sh                      # 50k users, rates 2000 and 10000 events/s, 30 s each
#   streaming-job/benchmark.sh 100000 5000,20000 60
#   BENCH_PROFILE=1 streaming-job/benchmark.sh     # also records JFR and prints the hottest methods
#   BENCH_JAVA_OPTS=-Dbench.rounds=7 streaming-job/benchmark.sh   # seven interleaved rounds instead of five (medians)
#   BENCH_JAVA_OPTS=-Dbench.buffer-timeout=10ms streaming-job/benchmark.sh   # the routing job's job.buffer-timeout [100ms]
#   BENCH_JAVA_OPTS=-Dbench.task-load=true streaming-job/benchmark.sh   # each task's busy and back-pressured ms/s at the
#                                                   # end of every backlog run and fixed-rate window (which stage
#                                                   # limits the rate)
#   BENCH_JAVA_OPTS=-Dbench.backlog=false streaming-job/benchmark.sh   # the fixed rates only (e.g. to profile them alone)
#   BENCH_JOB_ARGS='--checkpoint.interval 60s' streaming-job/benchmark.sh   # other settings of the routing job
#   BENCH_JAVA_OPTS=-Dbench.flink-config=state.backend.rocksdb.use-bloom-filter=true streaming-job/benchmark.sh
#                                                   # other settings of the MiniCluster (key=value,...), for every job
#   BENCH_CLASSPATH_PREFIX=/tmp/old/common/target/classes streaming-job/benchmark.sh   # other classes first: an A/B
#                                                   # against older code in the same hour
#   BENCH_OPERATOR=1 streaming-job/benchmark.sh 100000   # the routing operator alone in Flink's test harness (RocksDB,
#                                                   # one thread, no broker): microseconds per signal of the
#                                                   # backfill and of the live day with every brand live
#   BENCH_MODEL=0 streaming-job/benchmark.sh        # without a model (by default one is trained on the market's
#                                                   # history and served: user-store reads and the ranker on every
#                                                   # eligible activity)
# Results are recorded in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
users="${1:-50000}"
rates="${2:-2000,10000}"
seconds="${3:-30}"
[[ -f streaming-job/target/classpath-test.txt && -f streaming-job/target/test-classes/io/chuanliu/stream/bench/StreamingBenchmark.class \
   && -f market-generator/target/classpath.txt ]] || ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package
market="${BENCH_DIR:-/tmp/chuanliu-stream-bench}/market-$users"
if [[ ! -f "$market/summary.json" ]]; then
  java -Xmx4g -cp "market-generator/target/classes:$(cat market-generator/target/classpath.txt)" \
    io.chuanliu.generator.cli.MarketCli generate --out "$market" --users "$users"
fi
model_opts=()
if [[ "${BENCH_MODEL:-1}" != 0 ]]; then
  if [[ ! -f "$market/models/bench/manifest.json" ]]; then
    rm -rf "$market/models"
    CHUANLIU_SKIP_BUILD=1 ./chuanliu train --work-dir "$market/train" --history "$market/history" --models "$market/models" \
      --version bench --als.alphas 20 --gate.confidence 0 --gate.min-lift -1 --publish.serving-sample-users 0 > "$market/train.log" 2>&1 \
      || { echo "training the benchmark's model failed; see $market/train.log" >&2; exit 1; }
  fi
  model_opts=("-Dbench.model=$market/models/bench")
fi
profile=()
jfr_file="${BENCH_DIR:-/tmp/chuanliu-stream-bench}/bench.jfr"
[[ -n "${BENCH_PROFILE:-}" ]] && profile=("-XX:StartFlightRecording=filename=$jfr_file,settings=profile,dumponexit=true")
main=io.chuanliu.stream.bench.StreamingBenchmark
[[ "${BENCH_OPERATOR:-0}" != 0 ]] && main=io.chuanliu.stream.bench.OperatorBenchmark
java -Xmx8g -XX:+UseG1GC "${profile[@]}" "${model_opts[@]}" ${BENCH_JAVA_OPTS:-} -Dbench.job-args="${BENCH_JOB_ARGS:-}" -Dlog4j2.configurationFile=streaming-job/src/test/resources/log4j2-test.properties \
  -cp "${BENCH_CLASSPATH_PREFIX:+$BENCH_CLASSPATH_PREFIX:}streaming-job/target/test-classes:streaming-job/target/classes:$(cat streaming-job/target/classpath-test.txt)" \
  "$main" "$market" "$rates" "$seconds"
if [[ -n "${BENCH_PROFILE:-}" ]]; then
  echo "hottest methods (top frame of JFR execution samples, all threads):"
  jfr print --events jdk.ExecutionSample "$jfr_file" | awk '/stackTrace = \[/ {getline; sub(/^ +/, ""); sub(/ +line:.*/, ""); print}' \
    | sort | uniq -c | sort -rn | head -25
fi
