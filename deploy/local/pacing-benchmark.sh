#!/usr/bin/env bash
# Pacing benchmark: the demo's loop (market, training, Kafka, Flink, replay, room responses) on one
# market, once with first-come pacing and once with value-aware pacing, interleaved for each round.
# Prints, per run, the routes of the brands with a budget and their planted incremental GMV per
# routed impression (the market's RoomResponse truth for the decisions the job made), and the ratio.
#   deploy/local/pacing-benchmark.sh                 # 20,000 users, 2 rounds
#   deploy/local/pacing-benchmark.sh 5000 3          # users, rounds
#   DEMO_ARGS="--kafka-port 19092 --flink-port 18081" deploy/local/pacing-benchmark.sh   # more demo options
#   PACING_RATE=1000 deploy/local/pacing-benchmark.sh 10000 2   # the live day at 1,000 events/s, not full speed
# At full speed (the default) the per-user subtasks run hours of event time apart, which a live platform does not.
# Results are recorded in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
users="${1:-20000}"
rounds="${2:-2}"
rate="${PACING_RATE:-0}"
work="${BENCH_DIR:-/tmp/chuanliu-pacing-bench}"
mkdir -p "$work"
for round in $(seq 1 "$rounds"); do
  for pacing in first-come value; do
    dir="$work/$pacing-$round"
    rm -rf "$dir"
    ./chuanliu demo --exit-when-done --work-dir "$dir" --users "$users" --rate "$rate" --drain-timeout PT10M \
      --budget-pacing "$pacing" ${DEMO_ARGS:-} > "$work/$pacing-$round.out" 2>&1 || { tail -30 "$work/$pacing-$round.out"; exit 1; }
    python3 - "$dir/summary.json" "$pacing" "$round" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
inc = s["incrementality"]
print(f"round {sys.argv[3]} {sys.argv[2]:<10} budgeted routes {inc['budgeted_routes']:>6}  "
      f"planted incremental GMV per routed impression {inc['budgeted_truth_per_route_cents'] / 100:8.3f} yuan  "
      f"(all brands: {s['decisions']} routes, truth {inc['planted_truth_cents'] / 100:,.0f} yuan)")
PY
  done
done
python3 - "$work" "$rounds" <<'PY'
import json, sys, statistics
work, rounds = sys.argv[1], int(sys.argv[2])
def per_route(p, r):
    return json.load(open(f"{work}/{p}-{r}/summary.json"))["incrementality"]["budgeted_truth_per_route_cents"]
ratios = [per_route("value", r) / per_route("first-come", r) for r in range(1, rounds + 1)]
print("value / first-come, planted incremental GMV per routed impression of budgeted brands, per round:",
      ", ".join(f"{x:.3f}" for x in ratios), f"(median {statistics.median(ratios):.3f})")
PY
