#!/usr/bin/env bash
# Trains and evaluates on the public UCI Online Retail log in ../shared/data (CC BY 4.0, credit and
# mapping in its SOURCE.md): customers are the users, stock codes the "brands", every row with a
# customer id a purchase (the anonymous quarter of the rows is rejected, hence the 0.3 allowance).
# Time split as SOURCE.md suggests: train before 2011-11-01, test the 39 days after.
#   batch-training/public-log.sh                 # repurchases count
#   batch-training/public-log.sh unseen          # only brands the user never bought count (eval.exclude-seen)
#   PUBLIC_LOG_ARGS="--eval.export /tmp/uci-export" batch-training/public-log.sh unseen   # more training settings
#   PUBLIC_LOG_JAVA_OPTS=-Dspark.eventLog.enabled=true batch-training/public-log.sh         # more JVM options
# Prints the evaluation table, the gate's verdict, the stages and wall time. Results: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
log="${PUBLIC_LOG:-../shared/data/uci-online-retail/online_retail.csv.gz}"
[[ -f "$log" ]] || { echo "public-log.sh: $log not found (set PUBLIC_LOG)" >&2; exit 2; }
[[ -f batch-training/target/classpath-spark.txt ]] || ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package
work="${BENCH_DIR:-/tmp/chuanliu-public-log}"
mode="${1:-seen}"
exclude=false
[[ "$mode" == unseen ]] && exclude=true
rm -rf "$work/models-$mode"
mkdir -p "$work"
# As ./chuanliu train does (ClassArchive): the job's jar, and a class archive of the JVM written by the first run on
# this build and mapped by later ones (CLASS_ARCHIVE=0: neither; CLASSES=<dir or jar>: other classes, no archive).
archive_opts=""
if [[ -n "${CLASSES:-}" ]]; then
  classes="$CLASSES"
else
  classes=batch-training/target/chuanliu-batch-training-0.1.0-SNAPSHOT.jar
  if [[ "${CLASS_ARCHIVE:-1}" == 1 && -f "$classes" && -z "$(find batch-training/target/classes -newer "$classes" -type f -print -quit)" ]]; then
    cp_all="$classes:$(cat batch-training/target/classpath-runtime.txt):$(cat batch-training/target/classpath-spark.txt)"
    archive="$work/class-archive/classes-$( (readlink -f "$(command -v java)"; java -version 2>&1; tr ':' '\n' <<< "$cp_all" | xargs stat -c '%n %s %Y') | sha256sum | cut -c1-16).jsa"
    mkdir -p "$work/class-archive"
    if [[ -f "$archive" ]]; then
      archive_opts="-XX:SharedArchiveFile=$archive -Xlog:cds=off -Xlog:cds+dynamic=off"
    else
      echo "writing a class archive of the training JVM at its exit (once per build): $archive"
      rm -f "$work"/class-archive/classes-*
      archive_opts="-XX:ArchiveClassesAtExit=$archive -Xlog:cds=off -Xlog:cds+dynamic=off"
    fi
  else
    classes=batch-training/target/classes
  fi
fi
/usr/bin/time -f "wall %e s, max RSS %M KiB" java -Xmx6g $archive_opts ${PUBLIC_LOG_JAVA_OPTS:-} $(cat deploy/spark/jdk17-options.txt deploy/spark/training-jvm-options.txt) -Dspark.master='local[2]' \
  -Dspark.ui.enabled=false -Dspark.local.dir="$work/spark-tmp" \
  -Dchuanliu.training.log="$work/spark-$mode.log" \
  -cp "$classes:$(cat batch-training/target/classpath-runtime.txt):$(cat batch-training/target/classpath-spark.txt)" \
  io.chuanliu.training.job.TrainingJob --input.format generic --input.path "$log" \
    --input.column.user CustomerID --input.column.brand StockCode --input.column.time InvoiceDate \
    --input.time-format "yyyy-MM-dd HH:mm:ss" --input.kind purchase --input.max-rejected-fraction 0.3 \
    --split.date 2011-11-01 --split.horizon 39d --eval.exclude-seen "$exclude" \
    --models "$work/models-$mode" --version "uci-$mode" ${PUBLIC_LOG_ARGS:-} > "$work/run-$mode.log" 2>&1 || true
grep -E "^(method|model|als|cooc|own_history|popularity|lift|gate|stage|  step|wall|input|chuanliu|Exception|Caused)" "$work/run-$mode.log" \
  || tail -20 "$work/run-$mode.log"
