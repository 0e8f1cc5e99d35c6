#!/usr/bin/env python3
"""Time to ready: process start -> /q/health/ready answers 200, as a user starts the service.

Each run starts the packaged service on its embedded defaults (H2 file, sandbox, example rules)
in a new empty directory ("first start": schema created, example rules stored), then starts it
again on the same directory ("restart"), and stops it each time. Prints every run and the median.

Usage: ./mvnw -q package -DskipTests && python3 bench/startup.py [--runs N]
  BENCH_JAVA       the java binary (default: java on the PATH)
  BENCH_JAVA_OPTS  JVM options, e.g. the README's settings, or -XX:AOTCache=... (see docker/aot-train.sh)
Loopback only; each start waits at most 60 s; the service is stopped on exit.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from pipeline import JAR, KEY, Service, free_port, stop_process, wait_ready


def start_once(java, jvm, work):
    port = free_port()
    env = dict(os.environ, QUARKUS_HTTP_PORT=str(port), SWITCHBOARD_AUTH_ADMIN_KEYS=KEY)
    log_path = os.path.join(work, "service.log")
    service = Service(port)
    with open(log_path, "a") as log:
        started = time.monotonic()
        service.process = subprocess.Popen([java, *jvm, "-jar", JAR], cwd=work, env=env, stdout=log,
                                           stderr=subprocess.STDOUT)
        try:
            if not wait_ready(service, 60):
                raise RuntimeError(f"not ready within 60 s (or it exited); see {log_path}")
            return time.monotonic() - started, quarkus_started(log_path)
        finally:
            stop_process(service.process)


def quarkus_started(log_path):
    """Quarkus's own "started in" figure of the last start in the log (its clock starts in main)."""
    with open(log_path, errors="replace") as f:
        found = re.findall(r"started in (\d+\.\d+)s", f.read())
    return float(found[-1]) if found else float("nan")


def main():
    p = argparse.ArgumentParser(description="Switchboard time to ready")
    p.add_argument("--runs", type=int, default=3)
    opts = p.parse_args()
    if not os.path.exists(JAR):
        sys.exit(f"{JAR} missing: run ./mvnw -q package -DskipTests first")
    java = os.environ.get("BENCH_JAVA", "java")
    jvm = os.environ.get("BENCH_JAVA_OPTS", "").split()
    print(f"java {java}, options {jvm or 'default'}", flush=True)
    figures = {"first start": [], "restart": []}
    for run in range(opts.runs):
        work = tempfile.mkdtemp(prefix="switchboard-startup-")
        try:
            for kind in figures:
                ready, quarkus = start_once(java, jvm, work)
                figures[kind].append(ready)
                print(f"run {run + 1} {kind}: ready {ready:.2f} s (Quarkus: started in {quarkus:.2f} s)", flush=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    for kind, values in figures.items():
        print(f"{kind}: median {statistics.median(values):.2f} s, "
              f"{min(values):.2f}-{max(values):.2f} s over {len(values)} runs")


if __name__ == "__main__":
    main()
