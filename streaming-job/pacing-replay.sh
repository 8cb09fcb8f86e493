#!/usr/bin/env bash
# Pacing replay: one demo run's budgeted proposals (decisions and refusals, in activity order) through
# the budget stage once per pacing mode, with the arrivals held fixed; prints the mean planted response
# probability of what each mode admits. The demo must have written outcomes/refusals.csv.
#   ./chuanliu demo --exit-when-done --work-dir /tmp/d --rate 0 --budget-pacing value
#   streaming-job/pacing-replay.sh /tmp/d                    # users, brands, seed default to the demo's
#   streaming-job/pacing-replay.sh /tmp/d 10000 120 42
#   REPLAY_JAVA_OPTS=-Dreplay.share-smoothing=1 streaming-job/pacing-replay.sh /tmp/d   # the share smoothed as before 3712e4b
# Results are recorded in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[[ -f streaming-job/target/classpath-test.txt && -f streaming-job/target/test-classes/io/chuanliu/stream/bench/PacingReplay.class ]] \
  || ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package
java -Xmx2g ${REPLAY_JAVA_OPTS:-} -cp "streaming-job/target/test-classes:streaming-job/target/classes:market-generator/target/classes:$(cat streaming-job/target/classpath-test.txt)" \
  io.chuanliu.stream.bench.PacingReplay "$@" 2> streaming-job/target/pacing-replay.log \
  || { tail -20 streaming-job/target/pacing-replay.log; exit 1; }
