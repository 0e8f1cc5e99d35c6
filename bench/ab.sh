#!/usr/bin/env bash
# Alternates runs of bench/pipeline.py over several builds, 40 s apart, so that a machine whose
# speed drifts (as this project's shared 2-core VMs do, by up to 50% within a session) affects
# each build alike (AB_PAUSE changes the 40 s). The README's JDK 17 JVM settings (for the JDK 25
# image's, add JAVA_OPTS=-XX:AOTCache=... -XX:+UseCodeCacheFlushing and BENCH_JAVA); each run's full output in
# $AB_DIR/ab-LABEL-N.log (default /tmp); pipeline.py's BENCH_* variables pass through.
#
# Usage: bench/ab.sh ROUNDS LABEL=JAR[,VAR=VALUE...] ...
#   e.g. bench/ab.sh 2 base=/tmp/base/quarkus-run.jar new=target/quarkus-app/quarkus-run.jar
#        bench/ab.sh 2 pg=/tmp/pg/quarkus-run.jar,BENCH_POSTGRES=1 h2=/tmp/h2/quarkus-run.jar
#        bench/ab.sh 2 base=/tmp/b/quarkus-run.jar "xmn=/tmp/b/quarkus-run.jar,JAVA_OPTS=-Xmn40m"
#   (JAVA_OPTS=... adds JVM options to that label's runs only)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=$1; shift
dir=${AB_DIR:-/tmp}
opts="-Xmx96m -Xss512k -XX:+UseSerialGC -XX:SurvivorRatio=4 -XX:MaxMetaspaceSize=128m"
opts="$opts -XX:MaxNodeLimit=40000 -XX:NodeLimitFudgeFactor=4000 -XX:FreqInlineSize=100 -XX:InlineSmallCode=1000"
opts="$opts -XX:MetaspaceSize=64m -XX:ReservedCodeCacheSize=48m -XX:-UseCodeCacheFlushing -XX:MaxDirectMemorySize=16m"
opts="$opts -Djdk.nio.maxCachedBufferSize=262144"
for round in $(seq 1 "$rounds"); do
  for spec in "$@"; do
    label=${spec%%=*}; rest=${spec#*=}
    IFS=',' read -r -a parts <<< "$rest"
    log="$dir/ab-$label-$round.log"
    sleep "${AB_PAUSE:-40}"
    extra=""; vars=()
    for part in "${parts[@]:1}"; do
      case $part in JAVA_OPTS=*) extra="$extra ${part#JAVA_OPTS=}" ;; *) vars+=("$part") ;; esac
    done
    env MALLOC_ARENA_MAX=1 MALLOC_MMAP_THRESHOLD_=16384 "${vars[@]}" BENCH_JAR="${parts[0]}" BENCH_JAVA_OPTS="$opts ${BENCH_JAVA_OPTS:-}$extra" \
      python3 bench/pipeline.py --warmup-seconds 10 > "$log" 2>&1 || echo "$label $round: failed, see $log"
    echo "$label $round: $(grep -E '^load[123] ' "$log" | awk '{printf "%s %s/s p99 %s ms, %s ms CPU/event (load generator %s ms, steal %s, %s KB written); ", $1, $6, $9, $16, $18, $20, $21}') $(grep -E '^latency ' "$log" | awk '{printf "latency p99 %s ms", $9}')"
  done
done
