#!/usr/bin/env python3
"""Crash and fault tests of the packaged service (default H2 build), against a separate SnapCall.

Instance S serves only the sandbox (the SnapCall stand-in, whose request log survives); instance
T, under test, talks to it. Two scenarios:
  crash:  SIGKILL T while it takes a stream of webhooks, holds a `for` timer and a cooldown, and
          polls; restart it; check every 202 was processed, every request to SnapCall is
          accounted for by a recorded try (a crash may add one "lost" try, never a silent one),
          no call was lost by the poller, the timer fired once and the cooldown held.
  faults: ~60 s of injected 5xx bursts, 429 with Retry-After, timeouts, dropped connections, slow
          and malformed answers while webhooks keep coming; check T stays alive, retries are
          bounded, the circuit opens (readiness 503) and closes, and nothing is lost afterwards.
Loopback only; every wait bounded. Usage: crash_and_faults.py [jar]. Prints "N passed, M failed".
"""
import hashlib
import hmac
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import harness  # noqa: E402  (src/test/harness.py)
from harness import check, wait_until  # noqa: E402

JAR = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/quarkus-app/quarkus-run.jar")
S, T = 18101, 18102
ADMIN = "crash-admin"
SECRETS = {"crash": "crash-secret", "cool": "cool-secret"}


def call(port, method, path, body=None, key=ADMIN, raw=None, headers=None, timeout=10):
    return harness.call(port, method, path, body, key, raw, headers, timeout)


def snapcall(method, path, body=None):
    return call(S, method, "/sandbox" + path, body, key="sandbox-key")


def hook(source, n, port=T):
    raw = json.dumps({"n": n}).encode()
    signature = "sha256=" + hmac.new(SECRETS[source].encode(), raw, hashlib.sha256).hexdigest()
    return call(port, "POST", f"/hooks/{source}", raw=raw, key=None,
                headers={"X-Switchboard-Signature": signature, "Idempotency-Key": f"{source}-{n}"}, timeout=5)


def all_items(path):
    return harness.all_items(T, path, ADMIN)


def settled():
    backlog = call(T, "GET", "/api/status")[1]["backlog"]
    return backlog["unprocessed_events"] == 0 and backlog["pending_actions"] == 0


class Service:
    def __init__(self, port, workdir, env):
        self.port, self.workdir, self.env, self.process = port, workdir, env, None

    def start(self):
        env = dict(os.environ, QUARKUS_HTTP_PORT=str(self.port), **self.env)
        log = open(os.path.join(self.workdir, "service.log"), "a")
        self.process = subprocess.Popen(["java", "-jar", JAR], cwd=self.workdir, env=env, stdout=log,
                                        stderr=subprocess.STDOUT)
        return wait_until(lambda: call(self.port, "GET", "/q/health/live", key=None)[0] == 200, 60)

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


def crash_scenario():
    status, _ = call(T, "POST", "/api/rules", {
        "name": "Webhook sets Alice's wrap-up", "trigger": {"type": "webhook", "source": "crash"},
        "actions": [{"type": "agent.update", "agent": "alice@example.com", "wrap_up_time": "{{ event.payload.n }}"}]})
    call(T, "POST", "/api/rules", {
        "name": "Carol gone for a while", "trigger": {"type": "agent.status_changed"},
        "condition": "event.agent == 'carol@example.com' && agents['carol@example.com'].status == 'offline'",
        "for": "PT6S", "actions": [{"type": "agent.update", "agent": "dave@example.com", "wrap_up_time": 77}]})
    call(T, "POST", "/api/rules", {
        "name": "Once an hour", "trigger": {"type": "webhook", "source": "cool"}, "cooldown": "PT1H",
        "actions": [{"type": "agent.update", "agent": "erin@example.com", "last_bridge_end": "{{ event.payload.n }}"}]})
    check("rules created", status == 201)
    # the agents named on buttons are watched once the buttons are known: wait for that baseline
    check("T knows the account's agents", wait_until(
        lambda: call(T, "GET", "/api/status")[1]["pollers"][1]["cursor"] == "4", 30))
    check("cooldown rule fires before the crash", hook("cool", 1)[0] == 202 and wait_until(
        lambda: len(all_items("/api/executions?status=fired")) == 1, 20))
    snapcall("PUT", "/v2/agents/carol@example.com/status", {"status": "offline"})
    check("a for-timer is waiting before the crash", wait_until(
        lambda: call(T, "GET", "/api/executions?status=waiting")[1]["total"] >= 1, 20))

    accepted, stop = [], threading.Event()

    def stream():
        n = 0
        while not stop.is_set() and n < 5000:
            n += 1
            try:
                if hook("crash", n)[0] == 202:
                    accepted.append(n)
            except (OSError, urllib.error.URLError):
                pass
    streamer = threading.Thread(target=stream)
    streamer.start()
    time.sleep(2.0)
    service_t.kill()
    stop.set()
    streamer.join(timeout=10)
    print(f"  killed T after {len(accepted)} webhooks answered 202", flush=True)
    missed_calls = [snapcall("POST", "/_control/calls", {"bid": "0846f80abb1c11e7b62e", "status": "missed"})[1]["id"]
                    for _ in range(3)]

    check("T restarts on the same database", service_t.start())
    hook("cool", 2)
    check("the loop settles after the restart", wait_until(settled, 90))
    check("the for-timer fired after the restart", wait_until(lambda: snapcall(
        "GET", "/v2/agents/dave@example.com")[1].get("wrap_up_time") == 77, 30))
    time.sleep(2)

    events = all_items("/api/events?type=webhook")
    stored = {e["payload"]["payload"]["n"] for e in events if e["source"] == "webhook:crash"}
    lost = [n for n in accepted if n not in stored]
    check("every webhook answered 202 was stored", not lost, f"{len(lost)} lost, e.g. {lost[:5]}")
    executions = all_items("/api/executions")
    alice = [x for x in executions if x["rule_name"] == "Webhook sets Alice's wrap-up" and x["outcome"] == "fired"]
    by_event = {}
    for x in alice:
        by_event.setdefault(x["event_id"], []).append(x)
    check("every stored webhook event fired once", len(by_event) == len(stored)
          and all(len(v) == 1 for v in by_event.values()), f"{len(by_event)} events fired for {len(stored)} stored")
    actions = [a for x in alice for a in x["actions"]]
    check("every action ended succeeded", all(a["status"] == "succeeded" for a in actions),
          [a for a in actions if a["status"] != "succeeded"][:3])
    tries = sum(1 for a in actions for t in a["attempt_log"] if t["outcome"] in ("succeeded", "lost") or t["http_status"])
    log = snapcall("GET", "/_control/requests?method=PUT&path=%5E/v2/agents/alice")[1]
    check("every request SnapCall got is a recorded try (no silent double send)",
          len(actions) <= len(log) <= tries, f"{len(log)} requests, {len(actions)} actions, {tries} recorded tries")
    call_events = {e["payload"]["call"]["id"] for e in all_items("/api/events?type=call.created")}
    check("calls made while T was down are polled afterwards", all(str(c) in call_events for c in missed_calls),
          f"{missed_calls} vs {sorted(call_events)[-5:]}")
    hold = [x for x in executions if x["rule_name"] == "Carol gone for a while" and x["outcome"] == "fired"]
    check("the for-timer fired exactly once", len(hold) == 1, f"{len(hold)} firings")
    cool = [x["outcome"] for x in executions if x["rule_name"] == "Once an hour"]
    check("the cooldown held across the restart", sorted(cool) == ["cooldown", "fired"], cool)


def faults_scenario():
    accepted, stop = [], threading.Event()

    def stream():
        n = 100_000
        while not stop.is_set() and n < 110_000:
            n += 1
            try:
                if hook("crash", n)[0] == 202:
                    accepted.append(n)
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.05)
    snapcall("DELETE", "/_control/requests")
    streamer = threading.Thread(target=stream)
    streamer.start()
    faults = [{"status": 503, "count": 30}, {"status": 429, "retry_after": 2, "count": 10},
              {"latency_ms": 3000, "count": 3}, {"drop": True, "count": 10}, {"latency_ms": 400, "count": 20},
              {"malformed": True, "count": 10, "method": "GET"}, {"status": 500, "count": 40}]
    saw_open, alive, ready_throughout = False, True, True
    started = time.time()
    for fault in faults:
        snapcall("POST", "/_control/faults", fault)
        phase_end = time.time() + 8
        while time.time() < phase_end:
            alive = alive and call(T, "GET", "/q/health/live", key=None)[0] == 200
            ready_throughout = ready_throughout and call(T, "GET", "/q/health/ready", key=None)[0] == 200
            status, body = call(T, "GET", "/q/health/group/snapcall", key=None)
            if status == 503 and any(c["name"] == "SnapCall" and c.get("data", {}).get("circuit") == "open"
                                     for c in body["checks"]):
                saw_open = True
            time.sleep(0.5)
    snapcall("DELETE", "/_control/faults")
    stop.set()
    streamer.join(timeout=10)
    print(f"  {time.time() - started:.0f} s of faults, {len(accepted)} webhooks accepted meanwhile", flush=True)
    check("T stayed alive through the faults", alive)
    check("T stayed ready (accepting webhooks) through the faults", ready_throughout)
    check("the circuit opened (SnapCall health group 503) while SnapCall failed", saw_open)
    check("the SnapCall health group recovers once SnapCall does", wait_until(
        lambda: call(T, "GET", "/q/health/group/snapcall", key=None)[0] == 200, 60))
    check("nothing is lost once SnapCall recovers", wait_until(settled, 120))
    executions = [x for x in all_items("/api/executions?status=fired") if x["rule_name"] == "Webhook sets Alice's wrap-up"]
    fault_actions = [a for x in executions for a in x["actions"]
                     if isinstance(a["params"].get("wrap_up_time"), int) and a["params"]["wrap_up_time"] > 100_000]
    check("every webhook of the fault phase was sent in the end",
          len(fault_actions) == len(accepted) and all(a["status"] == "succeeded" for a in fault_actions),
          f"{len(fault_actions)} actions for {len(accepted)} webhooks; "
          f"{[a['status'] for a in fault_actions if a['status'] != 'succeeded'][:5]}")
    requests = len(snapcall("GET", "/_control/requests?method=PUT")[1])
    check("retries are bounded (no hot loop)", requests <= 8 * max(1, len(fault_actions)) and requests < 2000,
          f"{requests} PUTs for {len(fault_actions)} actions")


service_s = service_t = None

if __name__ == "__main__":
    base = dict(SWITCHBOARD_AUTH_ADMIN_KEYS=ADMIN, SWITCHBOARD_RULES_EXAMPLES="false",
                SWITCHBOARD_SANDBOX_SIMULATOR_ENABLED="false", QUARKUS_LOG_LEVEL="WARN")
    service_s = Service(S, tempfile.mkdtemp(prefix="snapcall-"), dict(base, SWITCHBOARD_POLL_ENABLED="false",
                                                                    SWITCHBOARD_SANDBOX_ENABLED="true"))
    service_t = Service(T, tempfile.mkdtemp(prefix="switchboard-"), dict(
        base, SWITCHBOARD_SANDBOX_ENABLED="false", SNAPCALL_URL=f"http://localhost:{S}/sandbox",
        SNAPCALL_API_KEY="sandbox-key", SNAPCALL_TIMEOUT="2s", SWITCHBOARD_WEBHOOKS_CRASH_SECRET=SECRETS["crash"],
        SWITCHBOARD_WEBHOOKS_COOL_SECRET=SECRETS["cool"], SWITCHBOARD_ACTIONS_CLAIM_LEASE="4s",
        SWITCHBOARD_ACTIONS_BACKOFF="200ms", SWITCHBOARD_ACTIONS_MAX_BACKOFF="3s", SWITCHBOARD_ACTIONS_MAX_ATTEMPTS="30",
        SWITCHBOARD_POLL_AGENTS_EVERY="1s", SWITCHBOARD_POLL_CALLS_EVERY="1s", SWITCHBOARD_POLL_BUTTONS_EVERY="2s"))

    def scenarios():
        try:
            check("both services start", service_s.start() and service_t.start())
            crash_scenario()
            faults_scenario()
        finally:
            service_t.stop()
            service_s.stop()

    harness.run(scenarios)
