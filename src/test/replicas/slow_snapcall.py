#!/usr/bin/env python3
"""Two replicas on one PostgreSQL and a slow SnapCall: every action is still sent once.

The known bug: with SnapCall answering every PUT 1 s late and a claim lease of 10 s, a worker
round (the whole claimed batch, sent one by one) outlives its lease; the other replica takes
the claim over and sends the same actions again — 15 of 40 agents got their status PUT twice.

This script runs a stub SnapCall in-process (a loopback HTTP server that answers
PUT /v2/agents/{email}/status after 1 s and counts those PUTs per agent) and two instances of
the jar on a fresh database, both pointed at the stub, with a 10 s claim lease. One webhook
rule sets the status of the agent named in the payload; 40 signed webhooks (one per agent) are
sent in a burst. It waits until every action is settled, at least 25 s passed (time for lease
takeovers) and the stub has seen no PUT for a while; then checks that each agent got exactly
one PUT and each action ended "succeeded".

Both replicas send one request at a time (switchboard.actions.max-in-flight=1), so A needs
about 40 s for its 40 actions: four leases. Default: replica A takes the 40 webhooks alone and replica B starts right after they are
accepted, so A claims (nearly) all 40 actions and B is up before A's lease runs out: that makes
the takeover certain. With --together both replicas run from the start and the webhooks
alternate between them (the issue's literal scenario); how many doubles that gives depends on
how the two replicas happen to split the claims (an even split gives few or none).

Usage: slow_snapcall.py [--together] [path to quarkus-run.jar built with db-kind=postgresql]
Talks to 127.0.0.1 only; every wait is bounded. Prints "N passed, M failed"; exits 1 on failure.
"""
import hashlib
import hmac
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import harness  # noqa: E402  (src/test/harness.py)
from harness import check, psql, wait_until  # noqa: E402

ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
TOGETHER = "--together" in sys.argv[1:]
JAR = ARGS[0] if ARGS else "target/quarkus-app/quarkus-run.jar"
DB = "switchboard_slow"
A, B = 18091, 18092
ADMIN = "slow-admin"
SOURCE = "slow"
SECRET = "slow-secret"
AGENTS = 40
PUT_DELAY = 1.0          # seconds SnapCall takes to answer each status PUT
LEASE = "10s"            # switchboard.actions.claim-lease on both replicas
TAKEOVER_WINDOW = 25     # seconds after the burst (and B's start) before the counts are read, at least
QUIET = 3                # seconds without any PUT (and none in flight) before the counts are read
SETTLE_LIMIT = 150       # seconds after the last webhook, at most

LOGS = []  # where the service logs are, printed on failure


# --- the stub SnapCall --------------------------------------------------------------------------

class Stub:
    """What the stub saw: status PUTs per agent, in flight, and when the last one ended."""

    def __init__(self):
        self.lock = threading.Lock()
        self.puts = {}
        self.in_flight = 0
        self.last_put_end = 0.0

    def begin(self, email):
        with self.lock:
            self.puts[email] = self.puts.get(email, 0) + 1
            self.in_flight += 1

    def end(self):
        with self.lock:
            self.in_flight -= 1
            self.last_put_end = time.time()

    def snapshot(self):
        with self.lock:
            return dict(self.puts), self.in_flight, self.last_put_end


STUB = Stub()
EMPTY_PAGE = {"data": [], "page": 1, "limit": 100, "total": 0}


class SnapCallHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            return json.loads(raw) if raw else {}
        except ValueError:
            return {}

    def parts(self):
        path = urllib.parse.urlsplit(self.path).path
        return [urllib.parse.unquote(p) for p in path.strip("/").split("/")]

    def do_GET(self):
        p = self.parts()
        if p == ["v2", "users", "me"]:
            return self.answer(200, {"id": "1", "email": "x@example.com"})
        if p in (["v2", "buttons"], ["v2", "calls"]):
            return self.answer(200, EMPTY_PAGE)
        if len(p) == 3 and p[:2] == ["v2", "agents"]:
            return self.answer(200, {"email": p[2], "status": "online"})
        return self.answer(404, {"error": "not found"})

    def do_PUT(self):
        p = self.parts()
        body = self.body()
        if len(p) == 4 and p[:2] == ["v2", "agents"] and p[3] == "status":
            STUB.begin(p[2])
            try:
                time.sleep(PUT_DELAY)
                return self.answer(200, {"email": p[2], "status": body.get("status")})
            finally:
                STUB.end()
        return self.answer(404, {"error": "not found"})

    def do_POST(self):
        self.body()
        return self.answer(404, {"error": "not found"})

    do_DELETE = do_POST


# --- the replicas -------------------------------------------------------------------------------

def all_items(port, path):
    return harness.all_items(port, path, ADMIN)


def call(port, method, path, body=None, headers=None, key=ADMIN, raw=None):
    return harness.call(port, method, path, body, key, raw, headers)


def start(port, stub_port, log):
    env = dict(os.environ,
               QUARKUS_HTTP_PORT=str(port),
               QUARKUS_DATASOURCE_JDBC_URL=f"jdbc:postgresql://127.0.0.1:5432/{DB}",
               QUARKUS_DATASOURCE_USERNAME="postgres",
               QUARKUS_DATASOURCE_PASSWORD="",
               SNAPCALL_URL=f"http://127.0.0.1:{stub_port}",
               SNAPCALL_API_KEY="stub",
               SWITCHBOARD_SANDBOX_ENABLED="false",
               SWITCHBOARD_ACTIONS_CLAIM_LEASE=LEASE,
               # One request in flight at a time: A's sending outlives the lease (as the old sequential worker
               # did), so only lease renewal and fencing keep B from sending again.
               SWITCHBOARD_ACTIONS_MAX_IN_FLIGHT="1",
               SWITCHBOARD_AUTH_ADMIN_KEYS=ADMIN,
               SWITCHBOARD_WEBHOOKS_SLOW_SECRET=SECRET,
               SWITCHBOARD_RULES_EXAMPLES="false")
    return subprocess.Popen(["java", "-jar", JAR], env=env, stdout=log, stderr=subprocess.STDOUT)


TERMINAL = {"succeeded", "no_change", "failed", "dead"}


def main():
    stub = ThreadingHTTPServer(("127.0.0.1", 0), SnapCallHandler)
    stub.daemon_threads = True
    threading.Thread(target=stub.serve_forever, name="stub-snapcall", daemon=True).start()
    stub_port = stub.server_address[1]
    psql(f"drop database if exists {DB}")
    psql(f"create database {DB}")
    logs = tempfile.mkdtemp(prefix="slow-snapcall-")
    LOGS.append(logs)
    log_a, log_b = open(os.path.join(logs, "a.log"), "w"), open(os.path.join(logs, "b.log"), "w")
    processes = []
    began = time.time()
    try:
        # A first: it migrates the fresh database.
        processes.append(start(A, stub_port, log_a))
        ready_a = wait_until(lambda: call(A, "GET", "/q/health/ready", key=None)[0] == 200, 90)
        check("replica A ready on PostgreSQL, talking to the stub SnapCall", ready_a, "A not ready in 90 s")
        if not ready_a:
            return
        print(f"  A ready after {time.time() - began:.0f} s; stub SnapCall on 127.0.0.1:{stub_port}; "
              f"mode: {'together' if TOGETHER else 'B joins after the burst'}", flush=True)

        def start_b():
            processes.append(start(B, stub_port, log_b))
            ready_b = wait_until(lambda: call(B, "GET", "/q/health/ready", key=None)[0] == 200, 90)
            check("replica B ready on the same database", ready_b, "B not ready in 90 s")
            return ready_b

        if TOGETHER and not start_b():
            return

        rule = {"name": "Webhook sets the agent's status", "trigger": {"type": "webhook", "source": SOURCE},
                "actions": [{"type": "agent.set_status", "agent": "{{ event.payload.agent }}", "status": "busy"}]}
        status, body = call(A, "POST", "/api/rules", rule)
        check("the rule is created", status == 201, f"{status}: {body}")
        if status != 201:
            return
        time.sleep(2)  # B's in-memory rule index follows A's write

        def deliver(i):
            agent = f"agent{i}@example.com"
            port = B if TOGETHER and i % 2 else A
            raw = json.dumps({"agent": agent}).encode()
            signature = "sha256=" + hmac.new(SECRET.encode(), raw, hashlib.sha256).hexdigest()
            headers = {"X-Switchboard-Signature": signature, "Idempotency-Key": f"slow-{i}"}
            for _ in range(5):  # 503 + Retry-After: the delivery was not stored, send it again
                status, body = call(port, "POST", f"/hooks/{SOURCE}", raw=raw, headers=headers, key=None)
                if status != 503:
                    break
                time.sleep(1)
            ok = status == 202 and isinstance(body, dict) and body.get("duplicate") is False
            if not ok:
                print(f"  webhook {i} answered {status}: {body}", flush=True)
            return ok

        agents = [f"agent{i}@example.com" for i in range(AGENTS)]
        sent_at = time.time()
        with ThreadPoolExecutor(max_workers=8) as pool:  # a burst: the actions are queued nearly together
            accepted = sum(pool.map(deliver, range(AGENTS)))
        last_webhook = time.time()
        check(f"all {AGENTS} webhooks accepted", accepted == AGENTS, f"{accepted} accepted")
        print(f"  {AGENTS} webhooks sent in {last_webhook - sent_at:.1f} s", flush=True)

        if not TOGETHER:
            if not start_b():
                return
            backlog = call(B, "GET", "/api/status")[1]["backlog"]
            print(f"  B ready {time.time() - last_webhook:.0f} s after the burst, with "
                  f"{backlog['pending_actions']} actions pending or being sent", flush=True)
        both_up = time.time()

        # Settled: every event processed, 40 firings each with its actions in a final status, no
        # pending or sending action — and the takeover window passed, and the stub is quiet (a
        # round whose actions another replica settled may still be sending them).
        state = {"fired": [], "backlog": None}

        def settled():
            status, body = call(A, "GET", "/api/status")
            if status != 200:
                return False
            backlog = body["backlog"]
            state["backlog"] = backlog
            if backlog["unprocessed_events"] or backlog["pending_actions"]:
                return False
            fired = all_items(A, "/api/executions?status=fired")
            state["fired"] = fired
            actions = [a for x in fired for a in x["actions"]]
            if len(fired) < AGENTS or any(a["status"] not in TERMINAL for a in actions):
                return False
            if time.time() - both_up < TAKEOVER_WINDOW:
                return False
            _, in_flight, last_end = STUB.snapshot()
            return in_flight == 0 and time.time() - last_end >= QUIET

        done = wait_until(settled, SETTLE_LIMIT - (both_up - last_webhook), step=1)
        settled_after = time.time() - last_webhook
        check("every action settles", done,
              f"not settled {SETTLE_LIMIT} s after the last webhook; backlog {state['backlog']}, "
              f"{len(state['fired'])} firings")
        print(f"  settled (or gave up) {settled_after:.0f} s after the last webhook", flush=True)

        puts, in_flight, _ = STUB.snapshot()
        twice = {agent: puts[agent] for agent in agents if puts.get(agent, 0) > 1}
        missing = [agent for agent in agents if puts.get(agent, 0) == 0]
        strangers = sorted(set(puts) - set(agents))
        print(f"  stub SnapCall: {sum(puts.values())} status PUTs for {len(puts)} agents "
              f"({len(twice)} agents more than once)", flush=True)
        for agent, n in twice.items():
            print(f"    {agent}: {n} PUTs", flush=True)
        check("every agent got its status PUT exactly once",
              not twice and not missing and not strangers,
              f"{len(twice)} of {AGENTS} agents got more than one PUT"
              + (f", {len(missing)} got none: {missing}" if missing else "")
              + (f", unexpected agents {strangers}" if strangers else ""))

        fired = all_items(A, "/api/executions?status=fired")
        actions = [(x, a) for x in fired for a in x["actions"]]
        statuses = {}
        for _, a in actions:
            statuses[a["status"]] = statuses.get(a["status"], 0) + 1
        lost = [(a["params"].get("agent"), [t["outcome"] for t in a["attempt_log"]]) for _, a in actions
                if any(t["outcome"] == "lost" for t in a["attempt_log"])]
        if lost:
            print(f"  {len(lost)} actions have a 'lost' attempt (a claim taken over after its lease):", flush=True)
            for agent, outcomes in lost:
                print(f"    {agent}: attempts {outcomes}", flush=True)
        check("one firing per webhook, one agent.set_status action each",
              len(fired) == AGENTS and len(actions) == AGENTS
              and sorted(a["params"].get("agent") for _, a in actions) == sorted(agents),
              f"{len(fired)} firings, {len(actions)} actions")
        check("every action ended succeeded", statuses == {"succeeded": AGENTS}, f"statuses {statuses}")
    finally:
        for p in processes:
            p.terminate()
        for p in processes:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=10)
        stub.shutdown()
        stub.server_close()
        log_a.close()
        log_b.close()
        print(f"  took {time.time() - began:.0f} s", flush=True)


if __name__ == "__main__":
    harness.run(main, on_failure=lambda: LOGS and print(f"service logs in {LOGS[0]}"))
