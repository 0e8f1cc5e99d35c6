"""What the system scripts (crash/, replicas/) share: loopback HTTP calls, bounded waits, PASS/FAIL
lines, PostgreSQL setup. Standard library only; every wait is bounded."""
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else " — " + str(detail)), flush=True)


def run(main, on_failure=None):
    """Runs a script's scenarios; a crash of the script is a failure, not a pass. Prints
    "N passed, M failed" and exits 1 unless every check passed."""
    try:
        main()
    except Exception as e:
        check("the scenarios ran to their end", False, repr(e))
    ok = bool(results) and all(results)
    if not ok and on_failure:
        on_failure()
    print(f"{sum(results)} passed, {len(results) - sum(results)} failed", flush=True)
    sys.exit(0 if ok else 1)


def all_items(port, path, key, max_pages=100):
    """Every item of a paginated management-API list (at most max_pages pages of 500)."""
    items = []
    for page in range(max_pages):
        status, body = call(port, "GET", f"{path}{'&' if '?' in path else '?'}size=500&page={page}", key=key)
        assert status == 200, (status, body)
        items += body["items"]
        if len(items) >= body["total"] or not body["items"]:
            break
    return items


def call(port, method, path, body=None, key=None, raw=None, headers=None, timeout=10):
    """A request to 127.0.0.1:port; answers (status, JSON body or text), HTTP errors included."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if key:
        request.add_header("Authorization", "Bearer " + key)
    for k, v in (headers or {}).items():
        request.add_header(k, v)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read().decode()
            return response.status, (json.loads(text) if text[:1] in "{[" else text or None)
    except urllib.error.HTTPError as e:
        text = e.read().decode()
        return e.code, (json.loads(text) if text[:1] in "{[" else text)


def wait_until(predicate, seconds, step=0.3):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if predicate():
                return True
        except (OSError, urllib.error.URLError, subprocess.SubprocessError):
            pass  # not up yet (a refused connection, a psql that could not run): try again
        time.sleep(step)
    return False


def psql(sql, db="test"):
    """Runs a statement on the local PostgreSQL and returns what it printed (unaligned, tuples only)."""
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-qAtc", sql], check=True,
                          capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, PGOPTIONS="-c client_min_messages=warning")).stdout.strip()
