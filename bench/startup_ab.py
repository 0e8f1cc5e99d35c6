#!/usr/bin/env python3
"""Restart-to-ready of several builds, interleaved: each round starts each build once, in turn, so
that a machine whose speed drifts (these 2-core VMs do, by 30% within minutes) weighs on every
build alike. The first round is each build's first start (schema created); the rest are restarts
on the same directory. Prints each build's median, mean and range.

Usage: python3 bench/startup_ab.py --rounds 16 base=/tmp/a new=/tmp/b
  each build is a quarkus-app directory (copy it out of target/); APP_DIR in BENCH_JAVA_OPTS
  is replaced by it, for the AOT cache trained there (docker/aot-train.sh), e.g.
  BENCH_JAVA=/path/to/jdk-25/bin/java BENCH_JAVA_OPTS="-XX:AOTMode=on -XX:AOTCache=APP_DIR/app.aot <README options>"
  LABEL=APP_DIR,JAVA_OPTS=... adds JVM options to that build's starts only (JAVA_OPTS only, and
  last), so one directory can be timed under two sets of options: a=/tmp/a "b=/tmp/a,JAVA_OPTS=-Xint"
"""
import argparse
import os
import shutil
import statistics
import tempfile

import startup


def main():
    p = argparse.ArgumentParser(description="Switchboard restart-to-ready, builds interleaved")
    p.add_argument("--rounds", type=int, default=12)
    p.add_argument("builds", nargs="+", metavar="LABEL=APP_DIR")
    opts = p.parse_args()
    builds, extra = {}, {}
    for spec in opts.builds:
        label, rest = spec.split("=", 1)
        app, _, more = rest.partition(",JAVA_OPTS=")
        builds[label], extra[label] = app, more.split()
    java = os.environ.get("BENCH_JAVA", "java")
    jvm = os.environ.get("BENCH_JAVA_OPTS", "").split()
    works = {label: tempfile.mkdtemp(prefix=f"startup-ab-{label}-") for label in builds}
    first, restarts = {}, {label: [] for label in builds}
    try:
        for round_number in range(opts.rounds):
            for label, app in builds.items():
                startup.JAR = os.path.join(app, "quarkus-run.jar")
                ready, _ = startup.start_once(java, [o.replace("APP_DIR", app) for o in jvm + extra[label]],
                                             works[label])
                if round_number == 0:
                    first[label] = ready
                else:
                    restarts[label].append(ready)
    finally:
        for work in works.values():
            shutil.rmtree(work, ignore_errors=True)
    for label, times in restarts.items():
        summary = (f"median {statistics.median(times):.3f} s, mean {statistics.mean(times):.3f}, "
                   f"{min(times):.3f}-{max(times):.3f} over {len(times)}") if times else "no restarts"
        print(f"{label}: restart {summary}; first start {first[label]:.2f} s")


if __name__ == "__main__":
    main()
