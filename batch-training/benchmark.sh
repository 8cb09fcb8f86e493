#!/usr/bin/env bash
# Training benchmark: generates markets of about 10^6 and 10^7 interactions and trains on each with
# Spark local[2], printing each stage's wall time and rows, the evaluation table, and one summary line
# per size: interactions, wall, peak RSS and NDCG@10 of every method.
#   batch-training/benchmark.sh            # both sizes
#   batch-training/benchmark.sh 1000000    # one size (interactions, approximate)
#   BENCH_PROFILE=1 batch-training/benchmark.sh 1000000   # also writes a Spark event log and prints
#                                          # the time spent per call site (eventlog-summary.py)
#   BENCH_JAVA_OPTS=-XX:+UseParallelGC batch-training/benchmark.sh 1000000   # more JVM options
#   CLASSES=/tmp/old/batch-training/target/classes batch-training/benchmark.sh 1000000   # other code, same day
#   BENCH_HEAP=12g batch-training/benchmark.sh 1000000   # the heap (default 5g: 10^7 fits, peak RSS about 5.3 GiB)
# Results are recorded in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[[ -f batch-training/target/classpath-spark.txt && -f market-generator/target/classpath.txt ]] || ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package
work="${BENCH_DIR:-/tmp/chuanliu-training-bench}"
classes="${CLASSES:-batch-training/target/classes}"
sizes=("${@:-1000000 10000000}")
for size in ${sizes[*]}; do
  users=$(( size * 10 / 115 ))   # about 11.5 history interactions per user over 28 days
  market="$work/market-$size"
  if [[ ! -f "$market/summary.json" ]]; then
    java -Xmx6g -cp "market-generator/target/classes:$(cat market-generator/target/classpath.txt)" \
      io.chuanliu.generator.cli.MarketCli generate --out "$market" --users "$users" --brands 400 --experts 600
  fi
  rm -rf "$work/models-$size"
  profile=()
  if [[ "${BENCH_PROFILE:-0}" == 1 ]]; then
    rm -rf "$work/eventlog-$size" && mkdir -p "$work/eventlog-$size"
    profile=(-Dspark.eventLog.enabled=true -Dspark.eventLog.dir="$work/eventlog-$size" -Dspark.eventLog.compress=false)
  fi
  echo "== $size interactions ($users users, 400 brands), Spark local[2] =="
  /usr/bin/time -o "$work/time-$size.txt" -f "%e %M" java -Xmx"${BENCH_HEAP:-5g}" ${BENCH_JAVA_OPTS:-} $(cat deploy/spark/jdk17-options.txt deploy/spark/training-jvm-options.txt) -Dspark.master='local[2]' -Dspark.ui.enabled=false \
    -Dspark.sql.shuffle.partitions=8 -Dspark.local.dir="$work/spark-tmp" "${profile[@]}" \
    -Dlog4j2.configurationFile=deploy/spark/log4j2.properties \
    -cp "$classes:$(cat batch-training/target/classpath-runtime.txt):$(cat batch-training/target/classpath-spark.txt)" \
    io.chuanliu.training.job.TrainingJob --history "$market/history" --models "$work/models-$size" --version bench \
      --als.ranks 16 --als.alphas 20 --als.iterations 10 2>&1 | grep -E "^(stage|  step|method|model|als|cooc|own_history|popularity|gate|input|driver)" || true
  python3 - "$work/models-$size/bench/manifest.json" "$work/time-$size.txt" <<'PY'
import json, sys
time = open(sys.argv[2]).read().split()
try:
    manifest = json.load(open(sys.argv[1]))
except OSError:
    manifest = {"row_counts": {}, "evaluation": {"methods": {}}}
methods = manifest["evaluation"].get("methods", {})
ndcg = " ".join(f"{m}={v['ndcg']:.4f}" for m, v in methods.items())
print(f"summary: {manifest['row_counts'].get('interactions', '?')} interactions, wall {float(time[-2]):.1f} s, "
      f"peak RSS {int(time[-1]) / 2**20:.2f} GiB, NDCG@10 {ndcg or '(no model: see the gate line)'}")
PY
  if [[ "${BENCH_PROFILE:-0}" == 1 ]]; then
    python3 batch-training/eventlog-summary.py "$(ls -d "$work/eventlog-$size"/*/ | head -1)" 25
  fi
done
