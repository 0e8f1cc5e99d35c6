#!/usr/bin/env python3
"""Two replicas of the packaged PostgreSQL build on one database: each effect happens once.

Replica A serves the sandbox (simulator off); replica B has its sandbox off and talks to A's.
Both poll, tick schedules, evaluate and send. The script drives webhooks (with redeliveries to
the other replica), agent status changes and schedule ticks, then checks with the sandbox's
request log and the API that every event was stored once and every action sent once.

Usage: two_replicas.py [path to target/quarkus-app/quarkus-run.jar built with db-kind=postgresql]
Talks to 127.0.0.1 only; every wait is bounded. Prints "N passed, M failed".
"""
import hashlib
from datetime import datetime
import hmac
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import harness  # noqa: E402  (src/test/harness.py)
from harness import check, psql, wait_until  # noqa: E402

JAR = sys.argv[1] if len(sys.argv) > 1 else "target/quarkus-app/quarkus-run.jar"
DB = "switchboard_replicas"
A, B = 18081, 18082
ADMIN = "replica-admin"
SECRET = "replica-secret"
WEBHOOKS = 60
CAROL_CHANGES = ["online", "busy", "online", "offline", "online"]



def all_items(port, path):
    return harness.all_items(port, path, ADMIN)


def call(port, method, path, body=None, headers=None, key=ADMIN, raw=None):
    return harness.call(port, method, path, body, key, raw, headers)


def sandbox(method, path, body=None):
    return call(A, method, "/sandbox" + path, body, key="sandbox-key")


def start(port, extra, log):
    env = dict(os.environ,
               QUARKUS_HTTP_PORT=str(port),
               QUARKUS_DATASOURCE_JDBC_URL=f"jdbc:postgresql://127.0.0.1:5432/{DB}",
               QUARKUS_DATASOURCE_USERNAME="postgres",
               QUARKUS_DATASOURCE_PASSWORD="",
               SWITCHBOARD_AUTH_ADMIN_KEYS=ADMIN,
               SWITCHBOARD_WEBHOOKS_BENCH_SECRET=SECRET,
               SWITCHBOARD_RULES_EXAMPLES="false",
               SWITCHBOARD_SANDBOX_SIMULATOR_ENABLED="false",
               SWITCHBOARD_POLL_AGENTS_EVERY="1s",
               SWITCHBOARD_POLL_CALLS_EVERY="2s",
               SWITCHBOARD_POLL_BUTTONS_EVERY="3s",
               **extra)
    return subprocess.Popen(["java", "-jar", JAR], env=env, stdout=log, stderr=subprocess.STDOUT)


def main():
    psql(f"drop database if exists {DB}")
    psql(f"create database {DB}")
    logs = tempfile.mkdtemp(prefix="replicas-")
    log_a, log_b = open(os.path.join(logs, "a.log"), "w"), open(os.path.join(logs, "b.log"), "w")
    a = start(A, {"SWITCHBOARD_SANDBOX_ENABLED": "true"}, log_a)
    ready_a = wait_until(lambda: call(A, "GET", "/q/health/live", key=None)[0] == 200, 60)
    b = start(B, {"SWITCHBOARD_SANDBOX_ENABLED": "false", "SNAPCALL_URL": f"http://localhost:{A}/sandbox",
                  "SNAPCALL_API_KEY": "sandbox-key"}, log_b)
    try:
        ready_b = wait_until(lambda: call(B, "GET", "/q/health/live", key=None)[0] == 200, 60)
        check("both replicas start on one PostgreSQL", ready_a and ready_b, f"logs in {logs}")
        if not (ready_a and ready_b):
            return
        check("replica B has no sandbox of its own", call(B, "GET", "/sandbox/v2/users/me", key="sandbox-key")[0] == 404)

        rules = [
            {"name": "Webhook sets Alice's wrap-up", "trigger": {"type": "webhook", "source": "bench"},
             "actions": [{"type": "agent.update", "agent": "alice@example.com", "wrap_up_time": "{{ event.payload.n }}"}]},
            {"name": "Tick renames the office hours", "trigger": {"type": "schedule", "cron": "0/3 * * * * ?"},
             "actions": [{"type": "schedule_template.update", "template": 1, "name": "Office hours {{ event.scheduled_at }}"}]},
            {"name": "Carol's moves", "trigger": {"type": "agent.status_changed"},
             "condition": "event.agent == 'carol@example.com'",
             "actions": [{"type": "agent.update", "agent": "dave@example.com", "last_bridge_end": "{{ event.id }}"}]},
        ]
        # SnapCall's request log starts before the rules exist: the tick rule can fire (and its PUT
        # arrive) within the half second below, and a log cleared after it lost that PUT (1 run in 6).
        sandbox("DELETE", "/_control/requests")
        started = time.time()
        rule_ids = {}
        for rule in rules:
            status, body = call(A, "POST", "/api/rules", rule)
            assert status == 201, body
            rule_ids[rule["name"]] = body["id"]
        time.sleep(0.5)  # a rule saved on A applies on B within 0.1 s

        def deliver(port, raw, headers):
            # A sender honours 503 + Retry-After (the delivery was not stored): it sends again.
            for _ in range(5):
                status, body = call(port, "POST", "/hooks/bench", raw=raw, headers=headers, key=None)
                if status != 503:
                    return status, body
                print(f"  503 from {port}, delivering again: {body}", flush=True)
                time.sleep(1)
            return status, body

        # Webhooks to both replicas; every fifth one is delivered again to the other replica.
        accepted, duplicates = 0, 0
        for n in range(WEBHOOKS):
            raw = json.dumps({"n": n}).encode()
            signature = "sha256=" + hmac.new(SECRET.encode(), raw, hashlib.sha256).hexdigest()
            headers = {"X-Switchboard-Signature": signature, "Idempotency-Key": f"delivery-{n}"}
            status, body = deliver(A if n % 2 else B, raw, headers)
            accepted += status == 202 and not body["duplicate"]
            if n % 5 == 0:
                status, body = deliver(B if n % 2 else A, raw, headers)
                duplicates += status == 202 and body["duplicate"]
                if not (status == 202 and body["duplicate"]):
                    print(f"  redelivery of {n} answered {status}: {body}", flush=True)
        check("every webhook accepted once, redeliveries answered as duplicates",
              accepted == WEBHOOKS and duplicates == WEBHOOKS // 5, f"{accepted} accepted, {duplicates} duplicates")

        # Agent changes made "in SnapCall", seen by whichever replica polls. A first sighting is a
        # baseline, not a change: wait until Carol was read once (she is watched once a button
        # poll has stored the button naming her), or a change made before that is the baseline
        # (CI's slower machine: the first change went unseen).
        waited = time.time()
        baseline = wait_until(lambda: psql("select data::json->>'status' from snapshots where kind = 'agent' "
                                           "and item_key = 'carol@example.com'", db=DB) == "away", 60)
        print(f"  Carol's baseline: {time.time() - waited:.1f} s after the webhooks, {time.time() - started:.1f} s after the rules",
              flush=True)
        check("Carol's status is known before it changes", baseline)
        for status in CAROL_CHANGES:
            sandbox("PUT", "/v2/agents/carol@example.com/status", {"status": status})
            time.sleep(3)

        def settled():
            s = call(A, "GET", "/api/status")[1]["backlog"]
            return s["unprocessed_events"] == 0 and s["pending_actions"] == 0
        time.sleep(4)
        # Stop the ticks before counting: a tick stored between reading the events and reading
        # SnapCall's log would have its request still on the way.
        call(A, "POST", f"/api/rules/{rule_ids['Tick renames the office hours']}/disable")
        time.sleep(1)
        check("the loop settles (no unprocessed event, no pending action)", wait_until(settled, 60))
        elapsed = time.time() - started

        events = all_items(A, "/api/events?")
        webhook_events = [e for e in events if e["type"] == "webhook"]
        check("each webhook stored once", len(webhook_events) == WEBHOOKS, f"{len(webhook_events)} stored")
        carol = [e for e in events if e["type"] == "agent.status_changed" and e["subject"] == "carol@example.com"]
        seen = [e["payload"]["status"] for e in sorted(carol, key=lambda e: (datetime.fromisoformat(e["received_at"]), e["id"]))]
        check("each agent change stored once", seen == CAROL_CHANGES[:len(seen)] and len(seen) >= 4,
              f"stored {seen} for changes {CAROL_CHANGES}")
        ticks = [e for e in events if e["type"] == "schedule"]
        due = [e["payload"]["scheduled_at"] for e in ticks]
        check("each schedule tick stored once", len(due) == len(set(due)) and len(due) >= 5, f"{len(due)} ticks: {due}")

        log = sandbox("GET", "/_control/requests")[1]
        puts = lambda path: len([r for r in log if r["method"] == "PUT" and r["path"] == path])
        check("each webhook action sent exactly once", puts("/v2/agents/alice@example.com") == WEBHOOKS,
              f"{puts('/v2/agents/alice@example.com')} requests for {WEBHOOKS} events")
        tick_puts = puts("/v2/schedule-templates/1")
        tick_actions = []
        if tick_puts != len(ticks):  # say what became of each tick's action
            tick_rule = rule_ids["Tick renames the office hours"]
            for x in all_items(A, f"/api/executions?rule={tick_rule}&"):
                for action in x["actions"]:
                    tick_actions.append((x["event_id"], action["params"].get("name"), action["status"],
                                         [(t["outcome"], t.get("http_status")) for t in action.get("attempt_log") or []]))
            names = [json.loads(r["body"]).get("name") if r.get("body") else None
                     for r in log if r["method"] == "PUT" and r["path"] == "/v2/schedule-templates/1"]
            tick_actions.append(("PUT names at SnapCall", names))
        check("each tick action sent exactly once", tick_puts == len(ticks),
              f"{tick_puts} requests for {len(ticks)} ticks; {tick_actions}")
        check("each agent-change action sent exactly once", puts("/v2/agents/dave@example.com") == len(carol),
              f"{puts('/v2/agents/dave@example.com')} requests for {len(carol)} events")
        # Schedule ticks go on meanwhile, so pages can shift: count each execution once, by id.
        executions = list({x["id"]: x for x in all_items(A, "/api/executions?status=fired")}.values())
        firings_per_event = {}
        for x in executions:
            firings_per_event[(x["event_id"], x["rule_id"])] = firings_per_event.get((x["event_id"], x["rule_id"]), 0) + 1
        expected = {e["id"] for e in webhook_events + ticks + carol}
        fired = {x["event_id"] for x in executions}
        check("one firing per event", all(n == 1 for n in firings_per_event.values()) and expected <= fired,
              f"{len(executions)} firings; {sum(1 for n in firings_per_event.values() if n > 1)} events fired twice; "
              f"{len(expected - fired)} events never fired")
        button_polls = len([r for r in log if r["method"] == "GET" and r["path"] == "/v2/buttons"])
        allowed = int(elapsed / 3) + 2
        check("buttons polled once per interval across both replicas", button_polls <= allowed,
              f"{button_polls} polls in {elapsed:.0f} s at one per 3 s")
        def firings(port):
            request = urllib.request.Request(f"http://127.0.0.1:{port}/q/metrics")
            request.add_header("Authorization", "Bearer " + ADMIN)
            with urllib.request.urlopen(request, timeout=10) as response:
                text = response.read().decode()
            return sum(float(line.split()[-1]) for line in (text or "").splitlines()
                       if line.startswith("switchboard_rule_firings_total"))
        check("both replicas did engine work", firings(A) > 0 and firings(B) > 0,
              f"rule firings: A {firings(A)}, B {firings(B)}; logs in {logs}")
    finally:
        for p in (a, b):
            p.terminate()
        for p in (a, b):
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


if __name__ == "__main__":
    harness.run(main)
