#!/usr/bin/env python3
"""End-to-end load test of the packaged service (default H2 build, embedded sandbox as SnapCall).

Starts the service in a fresh directory, measures time to ready, creates one webhook rule
(`agent.update` with the payload's number, so every event needs one SnapCall request), then:
  1. latency phase: LATENCY_EVENTS signed webhooks at 500/s — p50/p99 from "webhook accepted"
     (event received_at) to "SnapCall request sent" (first attempt started_at), read from the DB;
  2. throughput phase: the rest of TOTAL_EVENTS as fast as 64 connections go — events/s counted
     until the last action was sent (everything stored durably: events, traces, actions, attempts);
  3. RSS of the service after all events; SnapCall requests per needed change.
Loopback only, bounded counts and waits. Usage: python3 bench/load.py [TOTAL_EVENTS] [LATENCY_EVENTS]
BENCH_JAVA_OPTS adds JVM options to the service (e.g. "-Xmx256m"). With BENCH_POSTGRES=1 the service runs the PostgreSQL build (package it with
-Dquarkus.datasource.db-kind=postgresql) on database switchboard_bench at 127.0.0.1:5432.
"""
import glob
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, "target", "quarkus-app", "quarkus-run.jar")
PORT = 18090
KEY = "bench-admin"
SECRET = "bench-secret"
TOTAL = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
LATENCY_EVENTS = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
POSTGRES = os.environ.get("BENCH_POSTGRES") == "1"
LATENCY_SQL = ("select {diff} from events e "
               "join executions x on x.event_id = e.id join actions a on a.execution_id = x.id "
               "join action_attempts t on t.action_id = a.id and t.number = 1 where e.id <= {last}")


def api(method, path, body=None, key=KEY):
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", method=method,
                                     data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Content-Type", "application/json")
    if key:
        request.add_header("Authorization", "Bearer " + key)
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read().decode()
        return json.loads(text) if text.startswith(("{", "[")) else text


def wait(predicate, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.05)
    return False


def settled():
    backlog = api("GET", "/api/status")["backlog"]
    return backlog["unprocessed_events"] == 0 and backlog["pending_actions"] == 0


def load(total, rate, first):
    out = subprocess.run(["java", os.path.join(ROOT, "bench", "WebhookLoad.java"),
                          f"http://127.0.0.1:{PORT}/hooks/bench", SECRET, str(total), str(rate), "64", str(first)],
                         check=True, capture_output=True, text=True).stdout.strip()
    print("  load:", out, flush=True)
    return dict(kv.split("=") for kv in out.split())


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, max(0, int(round(p * len(values) + 0.5)) - 1))]


def main():
    work = tempfile.mkdtemp(prefix="switchboard-bench-")
    env = dict(os.environ, QUARKUS_HTTP_PORT=str(PORT), SWITCHBOARD_AUTH_ADMIN_KEYS=KEY,
               SWITCHBOARD_WEBHOOKS_BENCH_SECRET=SECRET, SWITCHBOARD_RULES_EXAMPLES="false",
               SWITCHBOARD_SANDBOX_SIMULATOR_ENABLED="false", QUARKUS_LOG_LEVEL="WARN")
    if POSTGRES:
        for sql in ("drop database if exists switchboard_bench", "create database switchboard_bench"):
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-qc", sql], check=True,
                           capture_output=True)
        env.update(QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/switchboard_bench",
                   QUARKUS_DATASOURCE_USERNAME="postgres", QUARKUS_DATASOURCE_PASSWORD="")
    log = open(os.path.join(work, "service.log"), "w")
    started = time.time()
    jvm = os.environ.get("BENCH_JAVA_OPTS", "").split()
    service = subprocess.Popen(["java", *jvm, "-jar", JAR], cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        ready = wait(lambda: urllib.request.urlopen(f"http://127.0.0.1:{PORT}/q/health/ready", timeout=2).status == 200, 60)
        ready_s = time.time() - started
        print(f"time to ready: {ready_s:.2f} s (JVM start to /q/health/ready 200)" if ready else "NOT READY", flush=True)
        api("POST", "/api/rules", {"name": "bench", "trigger": {"type": "webhook", "source": "bench"},
                                   "actions": [{"type": "agent.update", "agent": "alice@example.com",
                                                "wrap_up_time": "{{ event.payload.n }}"}]})

        print(f"latency phase: {LATENCY_EVENTS} events at 500/s", flush=True)
        load(LATENCY_EVENTS, 500, 1)
        assert wait(settled, 300), "latency phase did not settle"
        last_latency_event = api("GET", "/api/events?size=1")["items"][0]["id"]

        rest = TOTAL - LATENCY_EVENTS
        print(f"throughput phase: {rest} events, 64 connections, no rate limit", flush=True)
        t0 = time.time()
        result = load(rest, 0, LATENCY_EVENTS + 1)
        accept_s = time.time() - t0
        assert wait(settled, 1200), "throughput phase did not settle"
        done_s = time.time() - t0
        print(f"  accepted {result['accepted']} in {accept_s:.1f} s ({int(result['accepted']) / accept_s:.0f}/s); "
              f"all processed and sent after {done_s:.1f} s: {rest / done_s:.0f} events/s end to end", flush=True)

        with open(f"/proc/{service.pid}/status") as status:
            rss = next(line for line in status if line.startswith("VmRSS")).split()[1]
        print(f"RSS after {TOTAL} events: {int(rss) / 1024:.0f} MB", flush=True)

        metrics = api("GET", "/q/metrics")
        sent = sum(float(line.split()[-1]) for line in metrics.splitlines()
                   if line.startswith("switchboard_snapcall_requests_seconds_count")
                   and 'endpoint="PUT /v2/agents/{email}"' in line)
        fired = api("GET", "/api/executions?status=fired&size=1")["total"]
        print(f"SnapCall requests per needed change: {sent / fired:.2f} ({sent:.0f} requests for {fired} firings)")
    finally:
        service.terminate()
        service.wait(timeout=30)

    if POSTGRES:
        sql = LATENCY_SQL.format(diff="(extract(epoch from t.started_at - e.received_at) * 1000000)::bigint",
                                 last=last_latency_event)
        out = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "switchboard_bench", "-tAc", sql],
                             check=True, capture_output=True, text=True).stdout
    else:
        h2 = sorted(glob.glob(os.path.expanduser("~/.m2/repository/com/h2database/h2/*/h2-*.jar")))[-1]
        sql = LATENCY_SQL.format(diff="datediff('MICROSECOND', e.received_at, t.started_at)", last=last_latency_event)
        out = subprocess.run(["java", "-cp", h2, "org.h2.tools.Shell", "-url",
                              f"jdbc:h2:file:{work}/data/switchboard", "-user", "sa", "-sql", sql],
                             check=True, capture_output=True, text=True).stdout
    micros = [int(line.strip()) for line in out.splitlines() if line.strip().lstrip("-").isdigit()]
    print(f"latency at 500 events/s, accepted -> SnapCall request sent ({len(micros)} events): "
          f"p50 {percentile(micros, 0.5) / 1000:.1f} ms, p99 {percentile(micros, 0.99) / 1000:.1f} ms")


if __name__ == "__main__":
    main()
