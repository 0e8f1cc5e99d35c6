#!/usr/bin/env python3
"""Repeated SIGKILLs of the packaged service (default H2 build) under concurrent webhooks, on one
database file, while the compaction job frees chunks and H2 reuses their space. With RETENTION_TIME=0
in the URL a CI run of this script lost one group commit (H2CrashRecoveryTest pins the cause down);
the default URL keeps H2's retention time.

Six cycles: start on the same directory, eight connections of signed webhooks for a random 3–8 s,
SIGKILL. After each restart the service must be ready on that file, and at the end every webhook
ever answered 202 must be stored (the dedupe key makes a resent one count once).
Loopback only; every wait bounded. Usage: kill_loop.py [jar] [cycles]. Prints "N passed, M failed".
"""
import hashlib
import hmac
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import harness  # noqa: E402  (src/test/harness.py)
from harness import check, wait_until  # noqa: E402

JAR = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/quarkus-app/quarkus-run.jar")
CYCLES = int(sys.argv[2]) if len(sys.argv) > 2 else 6
PORT = 18131
ADMIN = "kill-loop-admin"
SECRET = "kill-loop-secret"
CONNECTIONS = 8
WORK = tempfile.mkdtemp(prefix="switchboard-kill-loop-")
ENV = dict(os.environ, QUARKUS_HTTP_PORT=str(PORT), SWITCHBOARD_AUTH_ADMIN_KEYS=ADMIN,
           SWITCHBOARD_WEBHOOKS_LOOP_SECRET=SECRET, QUARKUS_LOG_LEVEL="WARN")


def start():
    with open(os.path.join(WORK, "service.log"), "a") as log:
        process = subprocess.Popen(["java", "-jar", JAR], cwd=WORK, env=ENV, stdout=log, stderr=subprocess.STDOUT)
    ready = wait_until(lambda: process.poll() is None
                       and harness.call(PORT, "GET", "/q/health/ready", timeout=2)[0] == 200, 90)
    return process, ready


def hook(n):
    raw = json.dumps({"n": n, "note": "x" * 200}).encode()
    signature = "sha256=" + hmac.new(SECRET.encode(), raw, hashlib.sha256).hexdigest()
    return harness.call(PORT, "POST", "/hooks/loop", raw=raw, timeout=5,
                        headers={"X-Switchboard-Signature": signature, "Idempotency-Key": f"loop-{n}"})[0]


def main():
    accepted, numbers, lock = [], iter(range(1, 10_000_000)), threading.Lock()

    def stream(stop):
        while not stop.is_set():
            with lock:
                n = next(numbers)
            try:
                if hook(n) == 202:
                    with lock:
                        accepted.append(n)
            except OSError:
                pass  # the kill: no answer, so no promise

    for cycle in range(1, CYCLES + 1):
        process, ready = start()
        check(f"cycle {cycle}: ready on the file the previous kill left", ready)
        if not ready:
            process.kill()
            return
        stop = threading.Event()
        streams = [threading.Thread(target=stream, args=(stop,)) for _ in range(CONNECTIONS)]
        for s in streams:
            s.start()
        time.sleep(random.uniform(3, 8))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        stop.set()
        for s in streams:
            s.join(timeout=10)
        print(f"  cycle {cycle}: killed with {len(accepted)} webhooks answered 202 so far", flush=True)

    process, ready = start()
    try:
        check("ready after the last kill", ready)
        events = harness.all_items(PORT, "/api/events?type=webhook", ADMIN, max_pages=1_000)
        stored = {e["payload"]["payload"]["n"] for e in events}
        lost = [n for n in accepted if n not in stored]
        check(f"every webhook answered 202 over {CYCLES} kills was stored ({len(accepted)})", accepted and not lost,
              f"{len(lost)} lost, e.g. {lost[:5]}")
        check("each stored once", len(events) == len(stored), f"{len(events)} events for {len(stored)} numbers")
    finally:
        process.terminate()
        process.wait(timeout=20)


if __name__ == "__main__":
    harness.run(main, on_failure=lambda: print("service log: " + os.path.join(WORK, "service.log")))
