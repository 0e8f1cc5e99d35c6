#!/usr/bin/env bash
# Training run for the JDK 25 AOT cache (JEP 483/514/515): starts the packaged service with
# -XX:AOTCacheOutput, waits until it is ready, stops it, and the JVM writes the cache as it exits.
# Later starts with -XX:AOTCache=<cache> load and link those classes from the cache instead of from
# the jars: ready in about a third of the time (BENCHMARKS.md).
#
# Why the start alone by default: JDK 25 also stores which methods the training compiled and at
# which tier, and a production run compiles a method trained at tier 1 (C1 without profiling)
# straight at tier 1 and never moves it on (CompilationPolicy::trained_transition_from_none).
# Training under C1 alone (as here: C1 is what makes a start fast) therefore pins what the training
# compiled at C1. Trained on requests too, the request path stayed at C1 while the service runs
# with C2: 2,043-2,382 events/s against 2,972-3,551/s without the method data (BENCHMARKS.md,
# session 21). Trained on the start alone, only what the start compiled is pinned: ready as fast,
# 2,324-2,939/s.
# TRAIN_WORKLOAD=1 also drives the paths a running Switchboard uses (API, console, signed webhooks
# through a rule to SnapCall, the pollers against the embedded sandbox) and records classes only,
# no method data (-XX:-AOTRecordTraining): the most events per second and first requests served
# from the cache, but every method then compiles the usual way while starting: ready ~0.5 s later.
#
# The cache is only valid for the same JDK build, the same jars at the same paths, and the same
# garbage collector and compressed-oops mode. Train again after every build: the JVM checks the
# JDK and the class path's names but not every jar's content (JDK 25.0.3 accepted a cache trained
# on another build of the same jar names and ran its classes). Keeping the cache in
# target/quarkus-app makes a build delete it; a missing cache costs only the gain. Build the jars with aot-jar packaging (the JDK's own class loader, which the
# cache requires; Quarkus's fast-jar loader is not cached):
#
#   ./mvnw package -DskipTests -Dquarkus.package.jar.type=aot-jar
#   JAVA=/path/to/jdk-25/bin/java docker/aot-train.sh target/quarkus-app target/quarkus-app/app.aot
#   cd target/quarkus-app && /path/to/jdk-25/bin/java -XX:AOTCache=app.aot <README settings> -jar quarkus-run.jar
#
# The service runs with the environment given (embedded H2 and sandbox by default; set
# QUARKUS_DATASOURCE_* for the PostgreSQL build) in a fresh temporary directory, on TRAIN_PORT
# (default 8089), with an admin key and a webhook source of its own. JAVA_TRAIN_OPTS are the JVM
# options of the training run: the production ones with more heap and metaspace (dumping the cache
# needs them), and C1 alone (-XX:TieredStopAtLevel=1) for the start's training data; the collector
# must be the production one.
set -euo pipefail

app=$(cd "${1:?usage: aot-train.sh APP_DIR CACHE_FILE}" && pwd)
cache=${2:?usage: aot-train.sh APP_DIR CACHE_FILE}
case $cache in /*) ;; *) cache=$PWD/$cache ;; esac
java=${JAVA:-java}
port=${TRAIN_PORT:-8089}
key=aot-training-key
secret=aot-training-secret
opts=${JAVA_TRAIN_OPTS:--Xmx256m -Xss512k -XX:+UseSerialGC -XX:SurvivorRatio=4 -XX:TieredStopAtLevel=1 -XX:MaxMetaspaceSize=256m -XX:MetaspaceSize=64m -XX:ReservedCodeCacheSize=24m -XX:-UseCodeCacheFlushing -XX:MaxDirectMemorySize=16m}
base=http://127.0.0.1:$port
workload=${TRAIN_WORKLOAD:-0}
# Classes only from a workload: its method data would pin the request path at C1 (see above).
if [ "$workload" = 1 ]; then opts="$opts -XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining"; fi

work=$(mktemp -d)
pid=
trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi; rm -rf "$work"' EXIT
cd "$work"
# shellcheck disable=SC2086 # the options are words
QUARKUS_HTTP_PORT=$port SWITCHBOARD_AUTH_ADMIN_KEYS=$key SWITCHBOARD_WEBHOOKS_TRAINING_SECRET=$secret \
    "$java" $opts -XX:AOTCacheOutput="$cache" -jar "$app/quarkus-run.jar" >"$work/service.log" 2>&1 &
pid=$!

for _ in $(seq 1 600); do
    curl -sf "$base/q/health/ready" >/dev/null && break
    kill -0 "$pid" 2>/dev/null || { tail -20 "$work/service.log"; echo "aot-train: the service exited" >&2; exit 1; }
    sleep 0.2
done
curl -sf "$base/q/health/ready" >/dev/null || { echo "aot-train: not ready within 120 s" >&2; exit 1; }

accepted=0
if [ "$workload" = 1 ]; then
    api() { curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $key" -H 'Content-Type: application/json' "$@"; }
    rule='{"name": "aot training", "trigger": {"type": "webhook", "source": "training"},
      "condition": "event.payload.status == '"'"'offline'"'"'",
      "actions": [{"type": "button.set_active", "button": "{{ event.payload.button }}", "active": false}]}'
    created=$(api -X POST "$base/api/rules" -d "$rule")
    api >/dev/null -X POST "$base/api/rules/test" -d "{\"rule\": $rule, \"event\": {\"source\": \"training\", \"payload\": {\"status\": \"offline\", \"button\": \"b1\"}}}"
    for i in $(seq 1 40); do
        body="{\"button\": \"aot$i\", \"status\": \"offline\"}"
        if command -v openssl >/dev/null; then
            sig=$(printf '%s' "$body" | openssl dgst -sha256 -hmac "$secret" -r | cut -d' ' -f1)
            code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
                -H "X-Switchboard-Signature: sha256=$sig" -d "$body" "$base/hooks/training")
            [ "$code" = 202 ] && accepted=$((accepted + 1))
        fi
        for path in /api/rules /api/events /api/executions /api/actions /q/health /q/metrics /q/openapi; do
            api "$base$path" >/dev/null
        done
        curl -s -o /dev/null "$base/console/rules"
    done
    sleep "${TRAIN_SECONDS:-5}"   # the pollers' rounds and the sender's answers
fi

kill -TERM "$pid"
wait "$pid" || true   # the cache is written while the JVM exits
trap 'rm -rf "$work"' EXIT
if [ ! -s "$cache" ]; then
    tail -20 "$work/service.log"
    echo "aot-train: no cache written to $cache" >&2
    exit 1
fi
if [ "$workload" = 1 ]; then
    echo "aot-train: rule created ($created), $accepted of 40 signed webhooks accepted; wrote $cache ($(du -h "$cache" | cut -f1))"
else
    echo "aot-train: trained on the start; wrote $cache ($(du -h "$cache" | cut -f1))"
fi
