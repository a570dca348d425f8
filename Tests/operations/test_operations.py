#!/usr/bin/env python3
"""Lentera run the way a regional sysadmin runs it, with real processes on loopback (issue 10).

  install     `--version` names the release and commit; run from a folder without public/, pages still get their
              stylesheet (built in); `--public DIR` serves another look, a missing one is refused at start
  health      /healthz and /readyz answer JSON without signing in and hold no personal data; /readyz is 503 when
              the disk has less room than --min-free-disk; /metrics answers loopback and 403 outside
              --metrics-allow, and counts requests by route template, sign-ins and heartbeats
  logs        every response has an X-Request-Id; one access-log line per request with its route template, status,
              bytes and id; no NIP, password, cookie or token in the log; --log-format json writes JSON lines
  errors      a write that fails (the file size limit set to nothing under a running server) answers a page in
              the learner's language with the request id, logs the error at error level with the same id, and
              /readyz turns 503
  stop        SIGTERM while a large download is running: the download completes, the server exits 0, a new
              connection is refused meanwhile; SIGINT exits 0 too
  lock        a second serve on the same data folder, or a mirror into a folder a server mirrors into, is refused
              naming the holder's PID
  schema      a database from a newer Lentera is refused and left as it was; an older one is copied before it is
              migrated
  backup      `lentera backup` copies the database while serving; `restore` is refused while a server runs and
              puts the copy back once it stopped, keeping the replaced database aside
  proxy       with --trusted-proxy, learners behind the proxy are throttled by their own address (one learner's
              typos lock out nobody else); without it, X-Forwarded-For is ignored
  settings    every serve option from LENTERA_* and a config file; the command line wins; a bad config line is
              refused naming file and line
  accounts    operators page through and search their learners, edit a record, transfer within their subtree (not
              outside it), never change roles; an admin's role change ends the person's sessions; a deactivated
              account keeps its record and no longer signs in; `lentera user set|passwd|deactivate|activate`
  roster      a roster import is previewed (added, changed, deactivated, refused with the real reason) and changes
              nothing until applied; applied in the background with progress; the temporary passwords come as a CSV
              and a printable sheet until confirmed; a second import updates records; a server killed mid-import
              resumes it at the next start without losing or repeating a password
  audit       sign-ins, password resets, transfers, deactivations and essay-free account changes land in the audit
              trail with who, whom and from where; operators see their subtree only; the CSV has a byte-order mark,
              NIPs as text and a semicolon on request

    python3 Tests/operations/test_operations.py --binary .build/debug/lentera [--only health,logs]
"""
import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import traceback
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "security"))
from test_security import (  # noqa: E402  (the shared harness: processes, HTTP, checks)
    ROOT, Abort, CHILD_ENV, Checks, Env, PASSWORD, SPREADSHEET, csrf_of, fetch, free_port, nip, query, sign_in, wait_until,
)

LEARNER = nip(1)


def serve_in(env, cwd, courses, data, extra=(), environment=None):
    """A serve process started from another folder, without --public; returns (process, base URL, log path)."""
    port = free_port()
    log = env.path(f"serve-{port}.log")
    argv = [env.binary, "serve", "--courses", courses, "--data", data, "--host", "127.0.0.1", "--port", str(port), *extra]
    with open(log, "wb") as out:
        process = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=dict(CHILD_ENV, **(environment or {})))
    env.processes.append(process)
    base = f"http://127.0.0.1:{port}"
    wait_until(lambda: process.poll() is not None or fetch(base + "/healthz", timeout=2)[0] == 200, 40, 0.1)
    return process, base, log


def read(path):
    with open(path, "rb") as f:
        return f.read().decode(errors="replace")


def scenario_install(env, check):
    version = env.run("--version")
    check("--version prints the release and the commit", version.returncode == 0 and re.match(r"lentera \d+\.\d+\.\d+ \(commit \S+\)", version.out),
          version.describe)
    elsewhere = env.path("elsewhere")
    os.makedirs(elsewhere)
    courses = env.copy_shipped()
    process, base, log = serve_in(env, elsewhere, courses, env.path("data"))
    _, _, page = fetch(base + "/")
    style = re.search(r'href="(/aset/[^"]+/style\.css)"', page.decode())
    status, headers, body = fetch(base + style.group(1)) if style else (None, {}, b"")
    check("served from a folder without public/, the page's stylesheet answers 200 text/css",
          status == 200 and "text/css" in (headers.get("Content-Type") or "") and len(body) > 1000, f"{style and style.group(1)}: {status}")
    process.terminate()
    process.wait(timeout=30)
    custom = env.path("look")
    os.makedirs(custom)
    for name, text in [("style.css", "body { color: #123456 }\n"), ("lentera.js", "// custom\n"), ("lentera.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")]:
        with open(os.path.join(custom, name), "w") as f:
            f.write(text)
    process, base, _ = serve_in(env, elsewhere, courses, env.path("data2"), ["--public", custom])
    _, _, page = fetch(base + "/")
    style = re.search(r'href="(/aset/[^"]+/style\.css)"', page.decode())
    body = fetch(base + style.group(1))[2] if style else b""
    check("--public DIR serves that folder's stylesheet", b"#123456" in body, body[:200])
    process.terminate()
    process.wait(timeout=30)
    missing = subprocess.run([env.binary, "serve", "--courses", courses, "--data", env.path("data3"), "--public", env.path("nowhere"),
                              "--port", str(free_port())], capture_output=True, text=True, timeout=60, env=CHILD_ENV)
    check("--public naming a missing folder is refused at start, saying which", missing.returncode == 2 and "nowhere" in missing.stderr,
          f"{missing.returncode} {missing.stderr[-400:]}")


def scenario_health(env, check):
    courses, data = env.copy_shipped(), env.path("data")
    env.user_add(data, LEARNER, "Budi Santoso")
    server = env.serve(courses, data)
    status, headers, body = fetch(server.base + "/healthz")
    check("/healthz -> 200 {\"status\": \"ok\"} as JSON", status == 200 and json.loads(body) == {"status": "ok"}
          and headers.get("Content-Type") == "application/json", f"{status} {body[:200]}")
    status, _, body = fetch(server.base + "/readyz")
    ready = json.loads(body) if status else {}
    checks = ready.get("checks", {})
    check("/readyz -> 200 ready: database writable, both shipped courses loaded with their versions, disk ok",
          status == 200 and ready.get("status") == "ready" and checks.get("database", {}).get("ok") and checks.get("courses", {}).get("loaded") == 2
          and SPREADSHEET in checks.get("courses", {}).get("versions", {}) and checks.get("disk", {}).get("ok"), body[:400])
    check("/readyz holds no personal data", LEARNER not in body.decode() and "Budi" not in body.decode(), body[:400])
    browser = sign_in(server.base, LEARNER)
    fetch(server.base + "/masuk", "POST", urllib.parse.urlencode({"nip": LEARNER, "sandi": "salah", "csrf": "x"}).encode())
    fetch(server.base + f"/kursus/{SPREADSHEET}", via=browser)
    status, headers, body = fetch(server.base + "/metrics")
    text = body.decode()
    check("/metrics from loopback -> 200 Prometheus text", status == 200 and "text/plain" in (headers.get("Content-Type") or ""), f"{status}")
    check("/metrics counts requests by route template, not by path",
          re.search(r'lentera_http_requests_total\{method="GET",route="/kursus/{course}",status="200"\} \d', text) is not None
          and f"/kursus/{SPREADSHEET}\"" not in text, text[:1500])
    check("/metrics has latency histograms, sign-ins by result, courses and open connections",
          "lentera_http_request_duration_seconds_bucket" in text and re.search(r'lentera_signins_total\{result="success"\} 1', text)
          and 'lentera_courses{state="loaded"} 2' in text and "lentera_open_connections" in text, text[:3000])
    check("/metrics holds no NIP", LEARNER not in text)
    closed = env.serve(courses, env.path("data2"), extra=["--metrics-allow", "10.0.0.0/8"])
    status, _, _ = fetch(closed.base + "/metrics")
    check("with --metrics-allow 10.0.0.0/8, loopback gets 403 from /metrics", status == 403, f"{status}")
    full = env.serve(courses, env.path("data3"), extra=["--min-free-disk", "1000000T"])
    status, _, body = fetch(full.base + "/readyz")
    disk = json.loads(body).get("checks", {}).get("disk", {}) if status else {}
    check("/readyz -> 503 not ready when the disk has less room than --min-free-disk", status == 503 and disk.get("ok") is False, body[:300])
    bad = env.run("serve", "--courses", courses, "--data", env.path("data4"), "--metrics-allow", "10.0.0.300/8", "--port", str(free_port()))
    check("a malformed --metrics-allow is refused at start", bad.returncode == 2 and "10.0.0.300/8" in bad.out, bad.describe)


def scenario_logs(env, check):
    courses, data = env.copy_shipped(), env.path("data")
    env.user_add(data, LEARNER, "Budi Santoso")
    server = env.serve(courses, data)
    status, headers, _ = fetch(server.base + f"/kursus/{SPREADSHEET}")
    request_id = headers.get("X-Request-Id") or ""
    check("a response carries an X-Request-Id", status == 200 and re.fullmatch(r"[0-9a-f]{16}", request_id), f"{headers}")
    browser = sign_in(server.base, LEARNER)
    fetch(server.base + "/beranda", via=browser)
    fetch(server.base + "/tidak-ada")
    time.sleep(0.5)
    log = server.log_text()
    line = next((l for l in log.splitlines() if request_id and request_id in l), "")
    check("the access-log line has method, route template, status, bytes, duration and the request id",
          all(part in line for part in ["request", "method=GET", "route=/kursus/{course}", "status=200", "bytes=", "duration_ms="]), line)
    check("one access-log line per request (sign-in form, sign-in, home, 404)",
          re.search(r"method=POST .*route=/masuk status=303", log) and re.search(r"route=/beranda status=200", log)
          and re.search(r"route=NotFound status=404", log), log[-2500:])
    cookie = next((c.value for handler in browser.handlers if hasattr(handler, "cookiejar") for c in handler.cookiejar), "")
    check("no NIP, password or session cookie in the log", LEARNER not in log and PASSWORD not in log and (not cookie or cookie not in log),
          log[-1500:])
    json_server = env.serve(courses, env.path("data2"), extra=["--log-format", "json"])
    fetch(json_server.base + "/")
    time.sleep(0.5)
    lines = [l for l in json_server.log_text().splitlines() if l.strip()]
    parsed = []
    for l in lines:
        try:
            parsed.append(json.loads(l))
        except ValueError:
            parsed.append(None)
    check("--log-format json: every line is a JSON object", lines and all(isinstance(p, dict) for p in parsed), "\n".join(lines[-5:]))
    access = [p for p in parsed if p and p.get("message") == "request" and p.get("route") == "/"]
    check("--log-format json: the access line has route, status and request_id fields",
          access and access[0].get("status") == "200" and access[0].get("request_id"), f"{access[:1]}")


def scenario_errors(env, check):
    courses, data = env.copy_shipped(), env.path("data")
    env.user_add(data, LEARNER, "Budi Santoso")
    # The log goes through a pipe: the file size limit below would stop the server writing a log file of its own.
    port, log = free_port(), env.path("errors.log")
    process = subprocess.Popen([env.binary, "serve", "--courses", courses, "--data", data, "--host", "127.0.0.1", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=CHILD_ENV,
                               preexec_fn=lambda: signal.signal(signal.SIGXFSZ, signal.SIG_IGN))
    env.processes.append(process)

    def copy_log():
        with open(log, "ab", buffering=0) as out:
            for line in process.stdout:
                out.write(line)
    threading.Thread(target=copy_log, daemon=True).start()

    class Running:
        base = f"http://127.0.0.1:{port}"
        def log_text(self):
            return read(log)
    server = Running()
    server.process = process
    wait_until(lambda: fetch(server.base + "/healthz", timeout=2)[0] == 200, 40, 0.1)
    jar_browser = sign_in(server.base, LEARNER)
    # From here on, no file of the server's may grow: every database write fails as on a broken disk.
    limited = subprocess.run(["prlimit", "--pid", str(server.process.pid), "--fsize=1:1"], capture_output=True, text=True)
    check("prlimit limits the running server's file size", limited.returncode == 0, limited.stderr)
    _, _, page = fetch(server.base + "/masuk")
    form = urllib.parse.urlencode({"nip": LEARNER, "sandi": PASSWORD, "csrf": csrf_of(page) or ""}).encode()
    import http.cookiejar  # noqa: E402
    from test_security import opener  # noqa: E402
    browser = opener(http.cookiejar.CookieJar())
    _, _, page = fetch(server.base + "/masuk", via=browser)
    form = urllib.parse.urlencode({"nip": LEARNER, "sandi": PASSWORD, "csrf": csrf_of(page) or ""}).encode()
    status, headers, body = fetch(server.base + "/masuk", "POST", form, via=browser)
    request_id = headers.get("X-Request-Id") or "?"
    text = body.decode(errors="replace")
    check("a sign-in whose session cannot be written -> 500 page in Indonesian with the request id",
          status == 500 and "galat" in text.lower() and request_id in text and "<html" in text.lower(), f"{status} {text[:600]}")
    time.sleep(0.3)
    log = server.log_text()
    error_line = next((l for l in log.splitlines() if " error " in l and request_id in l), "")
    check("the failure is logged at error level with the same request id and the error", "request failed" in error_line
          and "error=" in error_line, log[-1500:])
    status, _, body = fetch(server.base + "/readyz")
    check("/readyz -> 503 while the database cannot be written", status == 503 and b'"database":{"error"' in body, f"{status} {body[:300]}")
    status, _, body = fetch(server.base + "/beranda", headers={"Accept-Language": "en"}, via=jar_browser)
    check("pages that only read still answer", status == 200, f"{status}")


def scenario_stop(env, check):
    courses = env.copy_shipped()
    big = os.path.join(courses, SPREADSHEET, "berkas-besar.bin")
    with open(big, "wb") as f:
        f.write(os.urandom(1024 * 1024) * 48)
    server = env.serve(courses, env.path("data"), extra=["--grace", "60s"])
    connection = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
    connection.sendall(f"GET /berkas/{SPREADSHEET}/berkas-besar.bin HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    received = connection.recv(65536)
    server.process.send_signal(signal.SIGTERM)
    time.sleep(1)
    refused = False
    try:
        socket.create_connection(("127.0.0.1", server.port), timeout=3).close()
    except OSError:
        refused = True
    check("after SIGTERM, new connections are refused", refused)
    while True:
        chunk = connection.recv(1024 * 1024)
        if not chunk:
            break
        received += chunk
        if len(received) > 48 * 1024 * 1024 + 4096:
            break
    connection.close()
    head, _, payload = received.partition(b"\r\n\r\n")
    check("the download in progress at SIGTERM completes (48 MB)", head.startswith(b"HTTP/1.1 200") and len(payload) == 48 * 1024 * 1024,
          f"{head[:100]} {len(payload)} bytes")
    code = server.process.wait(timeout=60)
    log = server.log_text()
    check("the server exits 0 after SIGTERM, without an error", code == 0 and "CancellationError" not in log and "stopped" in log,
          f"exit {code}\n{log[-800:]}")
    again = env.serve(courses, env.path("data2"))
    again.process.send_signal(signal.SIGINT)
    code = again.process.wait(timeout=60)
    check("SIGINT exits 0 too", code == 0, f"exit {code}")


def scenario_lock(env, check):
    courses, data = env.copy_shipped(), env.path("data")
    server = env.serve(courses, data)
    second = env.run("serve", "--courses", courses, "--data", data, "--port", str(free_port()), timeout=60)
    check("a second serve on the same data folder is refused naming the first one's PID",
          second.returncode == 2 and str(server.process.pid) in second.out and "in use" in second.out, second.describe)
    dead = f"http://127.0.0.1:{free_port()}"
    mirrored = env.path("mirrored")
    os.makedirs(mirrored)
    node = env.serve(mirrored, env.path("data2"), extra=["--mirror-from", dead])
    mirror = env.run("mirror", "--from", dead, "--courses", mirrored, timeout=60)
    check("`lentera mirror` into a folder a server mirrors into is refused naming its PID",
          mirror.returncode == 1 and str(node.process.pid) in mirror.out, mirror.describe)
    server.process.terminate()
    server.process.wait(timeout=30)
    third = env.serve(courses, data)
    check("once the first server stopped, the folder is free again", third.process.poll() is None)


def scenario_schema(env, check):
    courses, data = env.copy_shipped(), env.path("data")
    env.user_add(data, LEARNER, "Budi Santoso")
    database = os.path.join(data, "lentera.sqlite")
    connection = sqlite3.connect(database)
    connection.execute("INSERT INTO grdb_migrations (identifier) VALUES ('v99: from a newer Lentera')")
    connection.commit()
    connection.close()
    before = query(data, "SELECT nip, name FROM account") + query(data, "SELECT identifier FROM grdb_migrations")
    refused = env.run("serve", "--courses", courses, "--data", data, "--port", str(free_port()), timeout=60)
    check("a database written by a newer Lentera is refused at start, saying so", refused.returncode == 2 and "newer Lentera" in refused.out,
          refused.describe)
    after = query(data, "SELECT nip, name FROM account") + query(data, "SELECT identifier FROM grdb_migrations")
    check("the newer database is left as it was (accounts and schema rows)", after == before, f"{after}")
    older = env.path("older")
    os.makedirs(older)
    # A database as the release before the audit trail left it (schema v10).
    shutil.copy(os.path.join(ROOT, "Tests", "Fixtures", "databases", "lentera-schema-v10.sqlite"), os.path.join(older, "lentera.sqlite"))
    server = env.serve(courses, older)
    copies = [n for n in os.listdir(older) if n.startswith("lentera.sqlite.before-upgrade-")]
    check("an older database is copied before it is migrated", len(copies) == 1, f"{os.listdir(older)}")
    if copies:
        copy = sqlite3.connect(os.path.join(older, copies[0]))
        tables = [r[0] for r in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        accounts = copy.execute("SELECT COUNT(*) FROM account").fetchone()[0]
        copy.close()
        check("the copy is the database as it was before the upgrade", "audit_event" not in tables and accounts == 1, f"{tables} {accounts}")
    upgraded = query(older, "SELECT COUNT(*) FROM audit_event") if server.process.poll() is None else None
    check("the database served is at the new schema, with its learner", upgraded is not None
          and query(older, "SELECT name FROM account") == [("Budi Santoso",)], f"{upgraded}")
    check("the migrated database serves", server.process.poll() is None and "database upgraded" in server.log_text(), server.log_tail())


def scenario_backup(env, check):
    courses, data = env.copy_shipped(), env.path("data")
    env.user_add(data, LEARNER, "Budi Santoso")
    server = env.serve(courses, data)
    sign_in(server.base, LEARNER)
    copy = env.path("backups", "lentera-1.sqlite")
    os.makedirs(os.path.dirname(copy))
    backup = env.run("backup", "--data", data, copy)
    check("`lentera backup` while serving writes a copy and says what it holds",
          backup.returncode == 0 and os.path.exists(copy) and "account 1" in backup.out, backup.describe)
    connection = sqlite3.connect(copy)
    intact = connection.execute("PRAGMA integrity_check").fetchone()[0]
    accounts = connection.execute("SELECT nip FROM account").fetchall()
    connection.close()
    check("the copy is intact and holds the learner", intact == "ok" and accounts == [(LEARNER,)], f"{intact} {accounts}")
    check("the copy is readable by its owner only (0600)", oct(os.stat(copy).st_mode & 0o777) == "0o600", oct(os.stat(copy).st_mode))
    check("the copy is one file, with no -wal or -shm beside it", sorted(os.listdir(os.path.dirname(copy))) == ["lentera-1.sqlite"],
          f"{os.listdir(os.path.dirname(copy))}")
    env.user_add(data, nip(2), "Citra Dewi")
    refused = env.run("restore", "--data", data, copy)
    check("`lentera restore` while a server runs is refused naming its PID", refused.returncode == 1 and str(server.process.pid) in refused.out,
          refused.describe)
    server.process.terminate()
    server.process.wait(timeout=30)
    restored = env.run("restore", "--data", data, copy)
    kept = [n for n in os.listdir(data) if n.startswith("lentera.sqlite.before-restore-") and not n.endswith(("-wal", "-shm"))]
    check("after the stop, restore puts the copy back and keeps the replaced database aside",
          restored.returncode == 0 and len(kept) == 1 and query(data, "SELECT nip FROM account ORDER BY nip") == [(LEARNER,)], restored.describe)
    if kept:
        aside = sqlite3.connect(os.path.join(data, kept[0]))
        rows = aside.execute("SELECT COUNT(*) FROM account").fetchone()[0]
        aside.close()
        check("the database kept aside is whole (both learners)", rows == 2, f"{rows}")
    junk = env.path("junk.sqlite")
    with open(junk, "wb") as f:
        f.write(b"not a database" * 100)
    bad = env.run("restore", "--data", data, junk)
    check("restoring a file that is not a Lentera database is refused and changes nothing",
          bad.returncode == 1 and query(data, "SELECT nip FROM account") == [(LEARNER,)], bad.describe)
    server = env.serve(courses, data)
    sign_in(server.base, LEARNER)
    check("the restored data folder serves and the learner signs in", server.process.poll() is None)


def scenario_proxy(env, check):
    courses, data = env.copy_shipped(), env.path("data")
    for n in range(1, 4):
        env.user_add(data, nip(n), f"Pegawai {n}")
    server = env.serve(courses, data, extra=["--trusted-proxy", "127.0.0.1"])

    def attempt(number, password, client):
        from test_security import opener  # noqa: E402
        import http.cookiejar  # noqa: E402
        browser = opener(http.cookiejar.CookieJar())
        headers = {"X-Forwarded-For": client}
        _, _, page = fetch(server.base + "/masuk", headers=headers, via=browser)
        form = urllib.parse.urlencode({"nip": number, "sandi": password, "csrf": csrf_of(page) or ""}).encode()
        return fetch(server.base + "/masuk", "POST", form, headers=headers, via=browser)[0]

    typos = [attempt(nip(1000 + n), "salah", "203.0.113.7") for n in range(22)]
    check("behind a trusted proxy, one client's 22 failed sign-ins get it throttled (429)", typos[-1] == 429, f"{typos}")
    status = attempt(nip(2), PASSWORD, "203.0.113.8")
    check("another learner behind the same proxy still signs in", status == 303, f"{status}")
    forged = attempt(nip(3), PASSWORD, "198.51.100.1, 203.0.113.7")
    check("a client cannot escape its throttle by prepending a forged X-Forwarded-For entry", forged == 429, f"{forged}")
    plain = env.serve(courses, env.path("data2"))
    env.user_add(env.path("data2"), nip(5), "Pegawai 5")

    def plain_attempt(number, password, client):
        from test_security import opener  # noqa: E402
        import http.cookiejar  # noqa: E402
        browser = opener(http.cookiejar.CookieJar())
        _, _, page = fetch(plain.base + "/masuk", headers={"X-Forwarded-For": client}, via=browser)
        form = urllib.parse.urlencode({"nip": number, "sandi": password, "csrf": csrf_of(page) or ""}).encode()
        return fetch(plain.base + "/masuk", "POST", form, headers={"X-Forwarded-For": client}, via=browser)[0]

    statuses = [plain_attempt(nip(2000 + n), "salah", f"192.0.2.{n}") for n in range(22)]
    check("without --trusted-proxy, X-Forwarded-For is ignored: varying it does not escape the address throttle",
          statuses[-1] == 429, f"{statuses}")


def scenario_settings(env, check):
    courses = env.copy_shipped()
    port = free_port()
    process, base, log = serve_in(env, env.work, courses, env.path("data"), environment={
        "LENTERA_METRICS_ALLOW": "10.0.0.0/8", "LENTERA_BASE_URL": "https://lentera.contoh.go.id", "LENTERA_MAX_CONNECTIONS": "500"})
    status = fetch(base + "/metrics")[0]
    check("LENTERA_METRICS_ALLOW sets --metrics-allow (loopback now 403)", status == 403, f"{status}")
    check("LENTERA_MAX_CONNECTIONS and LENTERA_BASE_URL are read too (names as serve --help spells them)",
          process.poll() is None and "maximum=500" in read(log), read(log)[-600:])
    process.terminate()
    process.wait(timeout=30)
    config = env.path("lentera.conf")
    # Saved on Windows (a byte-order mark and CRLF line ends), as a file edited there and copied to the server is: still
    # read line by line.
    with open(config, "w", newline="", encoding="utf-8-sig") as f:
        f.write(f"# Lentera di BKPSDM\r\nport = {port}\r\nhost = 127.0.0.1\r\ncourses = {courses}\r\ndata = {env.path('data2')}\r\nlog-format = json\r\n")
    log = env.path("config.log")
    with open(log, "wb") as out:
        process = subprocess.Popen([env.binary, "serve"], stdout=out, stderr=subprocess.STDOUT, env=dict(CHILD_ENV, LENTERA_CONFIG=config))
    env.processes.append(process)
    up = wait_until(lambda: fetch(f"http://127.0.0.1:{port}/healthz", timeout=2)[0] == 200, 40, 0.1)
    check("a config file from LENTERA_CONFIG (byte-order mark, CRLF line ends) sets port, host, folders and log format", up and read(log).lstrip().startswith("{"), read(log)[-500:])
    process.terminate()
    process.wait(timeout=30)
    other = free_port()
    process, base, log = serve_in(env, env.work, courses, env.path("data3"), extra=["--config", config, "--port", str(other)],
                                  environment={"LENTERA_PORT": str(free_port())})
    check("the command line wins over the environment and the file", fetch(f"http://127.0.0.1:{other}/healthz", timeout=2)[0] == 200)
    process.terminate()
    process.wait(timeout=30)
    with open(config, "a") as f:
        f.write("tidak-ada = 1\n")
    bad = env.run("serve", "--config", config)
    check("an unknown name in the config file is refused naming file and line", bad.returncode != 0 and f"{config}:7" in bad.out, bad.describe)


def add_learners(data, count, unit_key, first=100):
    """Generated learners written straight into the database (no password: they never sign in here)."""
    connection = sqlite3.connect(os.path.join(data, "lentera.sqlite"))
    rows = [(nip(first + n), f"Pegawai Uji {n:03d}", unit_key, "PNS", "learner", "!", 0) for n in range(count)]
    connection.executemany("INSERT INTO account (nip, name, unit, position, status, role, password_hash, must_change_password, created_at) "
                           "VALUES (?, ?, ?, '', ?, ?, ?, ?, '2026-01-01 00:00:00.000')", rows)
    connection.commit()
    connection.close()


def unit_key(text):
    return "\x1f".join(text.split(" > ")) + "\x1f"


def form_post(base, path, browser, fields):
    _, _, page = fetch(base + path, via=browser)
    token = csrf_of(page) or ""
    return fetch(base + path, "POST", urllib.parse.urlencode(dict(fields, csrf=token)).encode(), via=browser)


def account_id(data, number):
    return query(data, "SELECT id FROM account WHERE nip = ?", (number,))[0][0]


def scenario_accounts(env, check):
    courses, data = env.copy_shipped(), env.path("data")
    admin, office, learner, elsewhere = nip(1), nip(2), nip(3), nip(4)
    env.user_add(data, admin, "Admin Pusat", unit="Pemprov DIY", role="admin")
    env.user_add(data, office, "Opi Operator", unit="Pemkab Sleman", role="operator")
    env.user_add(data, learner, "Budi Santoso", unit="Pemkab Sleman > Dinkes")
    env.user_add(data, elsewhere, "Wati Bantul", unit="Pemkab Bantul > Dinas")
    add_learners(data, 120, unit_key("Pemkab Sleman > Disdik"))
    server = env.serve(courses, data)
    operator = sign_in(server.base, office)
    status, _, body = fetch(server.base + "/operator/pengguna", via=operator)
    text = body.decode()
    rows = re.findall(r"<tr[^>]*><td>(\d{18})</td>", text)
    check("the users page shows 50 accounts of the operator's subtree, with a count and a next page",
          status == 200 and len(rows) == 50 and "dari 121 akun" in text and "halaman=2" in text and elsewhere not in text, f"{status} {len(rows)}")
    _, _, body = fetch(server.base + "/operator/pengguna?halaman=3", via=operator)
    check("page 3 holds the last 21 (operators see learners only)", len(re.findall(r"<tr[^>]*><td>(\d{18})</td>", body.decode())) == 21)
    huge = [fetch(server.base + path + "?halaman=9223372036854775807", via=operator)[0] for path in ("/operator/pengguna", "/operator", "/admin/audit")]
    check("an absurd page number answers a page, and the server lives on", huge == [200, 200, 200]
          and fetch(server.base + "/healthz")[0] == 200, f"{huge}")
    _, _, body = fetch(server.base + "/operator/pengguna?q=" + learner[:14], via=operator)
    found = re.findall(r"<tr[^>]*><td>(\d{18})</td>", body.decode())
    check("search by the start of a NIP", learner in found, f"{found}")
    _, _, body = fetch(server.base + "/operator/pengguna?q=uji+007", via=operator)
    found = re.findall(r"<tr[^>]*><td>(\d{18})</td>", body.decode())
    check("search by part of a name, any case", found == [nip(107)], f"{found}")
    status, _, body = fetch(server.base + "/operator", via=operator)
    text = body.decode()
    ledger_rows = re.findall(r"<tr class=\"[^\"]*\"><td>(\d{18})</td>", text)
    check("the reports page pages its JP table too: 50 of the 121 PNS learners, with a next page",
          status == 200 and "JP per pegawai — PNS (target 20 JP) (121)" in text and len(ledger_rows) == 50 and "halaman=2" in text, f"{status} {len(ledger_rows)}")
    _, _, body = fetch(server.base + "/operator?q=uji+007", via=operator)
    check("the JP table searches by name", re.findall(r"<tr class=\"[^\"]*\"><td>(\d{18})</td>", body.decode()) == [nip(107)])
    status, _, body = fetch(server.base + "/operator/laporan/jp.csv", via=operator)
    csv_lines = body.decode("utf-8").splitlines()
    check("the JP CSV streams every row (121 and the header), with a byte-order mark and NIPs as text",
          status == 200 and len(csv_lines) == 122 and csv_lines[0].startswith("\ufeffnip,") and csv_lines[1].startswith('="'), f"{status} {len(csv_lines)}")
    status, _, _ = fetch(server.base + f"/operator/pengguna/{account_id(data, elsewhere)}", via=operator)
    check("another office's learner does not exist for the operator (404)", status == 404, f"{status}")
    path = f"/operator/pengguna/{account_id(data, learner)}"
    _, _, page = fetch(server.base + path, via=operator)
    check("the record page has no role field for an operator", 'name="peran"' not in page.decode()
          and "hanya dapat diubah oleh admin" in page.decode())
    status, _, body = form_post(server.base, path, operator, {"nama": "Budi Santoso, S.Kom", "unit": "Pemkab Sleman > BKPSDM",
                                                             "jabatan": "Analis SDM", "status": "PNS", "surel": "budi@sleman.go.id", "aktif": "ya"})
    stored = query(data, "SELECT name, unit, position, email FROM account WHERE nip = ?", (learner,))
    check("the operator saves a record and transfers the learner within the subtree",
          status == 200 and "Perubahan disimpan" in body.decode() and stored == [("Budi Santoso, S.Kom", unit_key("Pemkab Sleman > BKPSDM"),
                                                                                  "Analis SDM", "budi@sleman.go.id")], f"{status} {stored}")
    status, _, body = form_post(server.base, path, operator, {"nama": "Budi Santoso, S.Kom", "unit": "Pemkab Bantul > Dinas"})
    check("a transfer outside the operator's subtree is refused, saying why, and changes nothing",
          status == 400 and "di luar wilayah Anda" in body.decode()
          and query(data, "SELECT unit FROM account WHERE nip = ?", (learner,)) == [(unit_key("Pemkab Sleman > BKPSDM"),)], f"{status}")
    status, _, body = form_post(server.base, path, operator, {"peran": "admin"})
    check("an operator cannot change a role (400, saying only admins may)",
          status == 400 and "Hanya admin" in body.decode() and query(data, "SELECT role FROM account WHERE nip = ?", (learner,)) == [("learner",)])
    status, _, body = form_post(server.base, path, operator, {"surel": "budi at sleman"})
    check("a malformed e-mail address is refused by name", status == 400 and "budi at sleman" in body.decode(), f"{status}")
    budi = sign_in(server.base, learner)
    root = sign_in(server.base, admin)
    status, _, _ = form_post(server.base, path, root, {"peran": "author"})
    status_after, headers, _ = fetch(server.base + "/beranda", via=budi)
    check("an admin changes the role, and the person's session ends at once",
          status == 200 and query(data, "SELECT role FROM account WHERE nip = ?", (learner,)) == [("author",)]
          and status_after == 303 and "/masuk" in (headers.get("Location") or ""), f"{status} {status_after}")
    form_post(server.base, path, root, {"peran": "learner"})
    status, _, body = form_post(server.base, path, operator, {"aktif": "pensiun"})
    check("the operator deactivates the learner (pensiun)", status == 200
          and query(data, "SELECT deactivation_reason FROM account WHERE nip = ?", (learner,)) == [("pensiun",)], f"{status}")
    from test_security import opener  # noqa: E402
    import http.cookiejar  # noqa: E402
    browser = opener(http.cookiejar.CookieJar())
    _, _, page = fetch(server.base + "/masuk", via=browser)
    status, _, body = fetch(server.base + "/masuk", "POST", urllib.parse.urlencode(
        {"nip": learner, "sandi": PASSWORD, "csrf": csrf_of(page) or ""}).encode(), via=browser)
    check("a deactivated account does not sign in, and is told why", status == 403 and "tidak aktif" in body.decode(), f"{status}")
    _, _, body = fetch(server.base + "/operator/pengguna?q=" + learner, via=operator)
    check("the deactivated account is still listed, marked inactive", "tidak aktif" in body.decode())
    result = env.run("user", "activate", "--nip", learner, "--data", data)
    check("lentera user activate lets it sign in again", result.returncode == 0 and sign_in(server.base, learner) is not None, result.describe())
    result = env.run("user", "passwd", "--nip", learner, "--data", data, input="sandi-baru-sekali\n")
    check("lentera user passwd sets a new password that signs in", result.returncode == 0 and sign_in(server.base, learner, "sandi-baru-sekali"),
          result.describe())
    result = env.run("user", "set", "--nip", learner, "--unit", "Pemkab Sleman > Dinkes", "--status", "PPPK", "--data", data)
    check("lentera user set transfers and changes the status, printing each change",
          result.returncode == 0 and "unit: Pemkab Sleman > BKPSDM → Pemkab Sleman > Dinkes" in result.out and "status: PNS → PPPK" in result.out,
          result.describe())
    result = env.run("user", "deactivate", "--nip", nip(999), "--data", data)
    check("lentera user deactivate of an unknown NIP says so", result.returncode == 2 and "tidak ada akun" in result.out, result.describe())


def scenario_audit(env, check):
    courses, data = env.copy_shipped(), env.path("data")
    admin, office, learner, elsewhere = nip(1), nip(2), nip(3), nip(4)
    env.user_add(data, admin, "Admin Pusat", unit="Pemprov DIY", role="admin")
    env.user_add(data, office, "Opi Operator", unit="Pemkab Sleman", role="operator")
    env.user_add(data, learner, "Budi Santoso", unit="Pemkab Sleman > Dinkes")
    env.user_add(data, elsewhere, "Wati Bantul", unit="Pemkab Bantul > Dinas")
    server = env.serve(courses, data, extra=["--trusted-proxy", "127.0.0.1"])
    from test_security import opener  # noqa: E402
    import http.cookiejar  # noqa: E402
    browser = opener(http.cookiejar.CookieJar())
    _, _, page = fetch(server.base + "/masuk", via=browser)
    fetch(server.base + "/masuk", "POST", urllib.parse.urlencode({"nip": learner, "sandi": "salah-sekali", "csrf": csrf_of(page) or ""}).encode(),
          headers={"X-Forwarded-For": "203.0.113.9"}, via=browser)
    sign_in(server.base, learner)
    operator = sign_in(server.base, office)
    root = sign_in(server.base, admin)
    form_post(server.base, f"/operator/pengguna/{account_id(data, learner)}", operator, {"unit": "Pemkab Sleman > BKPSDM"})
    form_post(server.base, f"/operator/pengguna/{account_id(data, learner)}", root, {"aktif": "berhenti"})
    fetch(server.base + f"/operator/pengguna/{account_id(data, elsewhere)}/setel-ulang", "POST",
          urllib.parse.urlencode({"csrf": csrf_of(fetch(server.base + "/operator/pengguna", via=root)[2]) or ""}).encode(), via=root)
    rows = query(data, "SELECT action, actor, subject, detail, address FROM audit_event ORDER BY id")
    actions = [r[0] for r in rows]
    check("sign-in failure and success, transfer, deactivation and password reset are in the trail",
          all(a in actions for a in ["masuk-gagal", "masuk", "mutasi", "dinonaktifkan", "sandi-disetel-ulang"]), f"{rows}")
    failed = next((r for r in rows if r[0] == "masuk-gagal"), None)
    check("a failed sign-in is recorded with the NIP tried and the client's address behind the proxy",
          failed and failed[2] == learner and failed[4] == "203.0.113.9", f"{failed}")
    transfer = next((r for r in rows if r[0] == "mutasi"), None)
    check("the transfer names who made it, whom, and the units", transfer and transfer[1] == office and transfer[2] == learner
          and "Pemkab Sleman > Dinkes → Pemkab Sleman > BKPSDM" in transfer[3], f"{transfer}")
    check("no password or token in the trail", not any(PASSWORD in str(r) or "salah-sekali" in str(r) for r in rows))
    status, _, body = fetch(server.base + "/admin/audit", via=operator)
    text = body.decode()
    check("an operator sees the trail of their subtree (the transfer) and not another office's (the Bantul reset)",
          status == 200 and "Mutasi unit" in text and learner in text and elsewhere not in text, f"{status}")
    _, _, body = fetch(server.base + "/admin/audit", via=root)
    check("an admin sees everything, the Bantul reset included", elsewhere in body.decode() and "Kata sandi disetel ulang" in body.decode())
    _, _, body = fetch(server.base + "/admin/audit?aksi=mutasi", via=root)
    check("filtering by action", "<td>Mutasi unit</td>" in body.decode() and "<td>Dinonaktifkan</td>" not in body.decode())
    _, _, body = fetch(server.base + f"/admin/audit?nip={elsewhere}", via=root)
    check("filtering by NIP", f"<td>{elsewhere}</td>" in body.decode() and "<td>Mutasi unit</td>" not in body.decode())
    status, headers, body = fetch(server.base + "/admin/audit/audit.csv?pemisah=titik-koma", via=root)
    lines = body.decode("utf-8").splitlines()
    check("the CSV starts with a byte-order mark, uses ';' on request and keeps NIPs as text",
          status == 200 and body.startswith(b"\xef\xbb\xbf") and lines[0] == "\ufeffwaktu;tindakan;oleh;akun;unit;rincian;alamat"
          and any(f'="{learner}"' in line for line in lines), f"{status} {lines[:3]}")
    env.user_add(data, nip(5), "Learner Lain", unit="Pemkab Sleman > Dinkes")
    plain = sign_in(server.base, nip(5))
    status, _, _ = fetch(server.base + "/admin/audit", via=plain)
    check("a learner finds no audit page (404)", status == 404, f"{status}")


def bulk_nip(n):
    """A valid NIP for any n up to a million: the birth date moves on a day every 999 people."""
    from datetime import date, timedelta
    born = date(1975, 1, 1) + timedelta(days=n // 999)
    return f"{born:%Y%m%d}200001{1}{n % 999 + 1:03d}"


def roster_csv(rows, unit="Pemkab Sleman > Disdik", first=5000, extra=""):
    lines = ["nip;nama;unit;jabatan"] + [f"{bulk_nip(first + n)};Guru {n:05d};{unit};Guru Ahli Pertama" for n in range(rows)]
    return "\n".join(lines) + "\n" + extra


def upload_roster(base, browser, text, complete=False):
    _, _, page = fetch(base + "/operator/pengguna", via=browser)
    token = csrf_of(page) or ""
    fields = {"csrf": token, "csv": text}
    if complete:
        fields["lengkap"] = "ya"
    status, headers, _ = fetch(base + "/operator/pengguna/impor", "POST", urllib.parse.urlencode(fields).encode(), via=browser, timeout=60)
    return status, headers.get("Location") or ""


def apply_roster(base, browser, page):
    _, _, body = fetch(base + page, via=browser, timeout=60)
    return fetch(base + page + "/terapkan", "POST", urllib.parse.urlencode({"csrf": csrf_of(body) or ""}).encode(), via=browser)[0]


def wait_finished(base, browser, page, seconds=240):
    return wait_until(lambda: "Impor selesai" in fetch(base + page, via=browser, timeout=30)[2].decode(errors="replace"), seconds, 0.5)


def scenario_roster(env, check):
    courses, data = env.copy_shipped(), env.path("data")
    office, staff = nip(2), nip(3)
    env.user_add(data, office, "Opi Operator", unit="Pemkab Sleman", role="operator")
    env.user_add(data, staff, "Sari Operator", unit="Pemkab Sleman > Dinkes", role="operator")
    server = env.serve(courses, data)
    operator = sign_in(server.base, office)
    text = roster_csv(3000, extra=f"{staff};Sari Lagi;Pemkab Sleman > Dinkes;Analis\n{bulk_nip(9000)};Luar;Pemkab Bantul;Guru\n")
    status, page = upload_roster(server.base, operator, text)
    _, _, body = fetch(server.base + page, via=operator, timeout=60)
    preview = body.decode()
    accounts_before = query(data, "SELECT COUNT(*) FROM account")[0][0]
    check("uploading shows a preview: 3000 to add, 2 refused, and nothing is written yet",
          status == 303 and "Ditambahkan: <strong>3000</strong>" in preview and "Baris ditolak: <strong>2</strong>" in preview
          and accounts_before == 2, f"{status} {page} {accounts_before}")
    check("a staff account's NIP is refused with the real reason", "baris 3002: NIP ini terdaftar sebagai operator" in preview, preview[-1500:])
    _, _, users_page = fetch(server.base + "/operator/pengguna", via=operator)
    check("the users page lists the import not finished, with a link to it", "Impor yang belum selesai" in users_page.decode()
          and f'href="{page}"' in users_page.decode())
    status, headers = upload_roster(server.base, operator, "   ")
    _, _, users_page = fetch(server.base + (headers or "/"), via=operator)
    check("an empty upload keeps no import and says what to do", status == 303 and "impor=kosong" in headers
          and "Pilih berkas CSV" in users_page.decode() and query(data, "SELECT COUNT(*) FROM roster_import") == [(1,)], f"{status} {headers}")
    check("a unit outside the operator's area is refused as such", "baris 3003: unit kerja Pemkab Bantul di luar wilayah Anda" in preview)
    started = time.time()
    status = apply_roster(server.base, operator, page)
    _, headers, body = fetch(server.base + page, via=operator)
    progress = body.decode()
    check("applying answers at once and the page shows progress, refreshing itself",
          status == 303 and (("Sedang diterapkan" in progress and headers.get("Refresh") == "2") or "Impor selesai" in progress), progress[-800:])
    finished = wait_finished(server.base, operator, page)
    elapsed = time.time() - started
    print(f"roster: 3000 rows applied in {elapsed:.1f} s", flush=True)
    created = query(data, "SELECT COUNT(*) FROM account WHERE must_change_password = 1 AND unit = ?", (unit_key("Pemkab Sleman > Disdik"),))
    check("the import finishes in the background: 3000 accounts with temporary passwords", finished and created == [(3000,)], f"{created}")
    status, headers, body = fetch(server.base + page + "/kata-sandi.csv", via=operator)
    lines = body.decode("utf-8").splitlines()
    check("the passwords CSV: byte-order mark, 3000 rows, NIPs as text",
          status == 200 and body.startswith(b"\xef\xbb\xbf") and len(lines) == 3001 and lines[1].startswith(f'="{bulk_nip(5000)}",'), f"{status} {lines[:2]}")
    password = lines[1].split(",")[-1]
    browser = sign_in(server.base, bulk_nip(5000), password)
    _, headers, _ = fetch(server.base + "/beranda", via=browser)
    check("a new learner signs in with the temporary password and must change it first",
          query(data, "SELECT must_change_password FROM account WHERE nip = ?", (bulk_nip(5000),)) == [(1,)])
    status, _, body = fetch(server.base + page + "/cetak", via=operator)
    check("the printable sheet has a slip per new account", status == 200 and body.decode().count('class="slip"') == 3000, f"{status}")
    _, _, body = fetch(server.base + page, via=operator)
    fetch(server.base + page + "/konfirmasi", "POST", urllib.parse.urlencode({"csrf": csrf_of(body) or ""}).encode(), via=operator)
    status, _, _ = fetch(server.base + page + "/kata-sandi.csv", via=operator)
    kept = query(data, "SELECT COUNT(*) FROM roster_import_row WHERE password IS NOT NULL")
    check("once confirmed, the passwords are gone from the server", status == 404 and kept == [(0,)], f"{status} {kept}")
    other = sign_in(server.base, staff)
    status, _, _ = fetch(server.base + page, via=other)
    check("another operator does not see this import (404)", status == 404, f"{status}")

    # A second roster: 100 transfers and renames, 5 new, and complete for the area (the rest deactivated).
    changed = "\n".join(["nip;nama;unit;jabatan"] + [f"{bulk_nip(5000 + n)};Guru {n:05d};Pemkab Sleman > Dinkes;Guru Ahli Muda" for n in range(100)]
                        + [f"{bulk_nip(5000 + n)};Guru {n:05d};Pemkab Sleman > Disdik;Guru Ahli Pertama" for n in range(100, 2990)]
                        + [f"{bulk_nip(8000 + n)};Baru {n};Pemkab Sleman > Disdik;Guru" for n in range(5)]) + "\n"
    status, page = upload_roster(server.base, operator, changed, complete=True)
    env.user_add(data, nip(6), "Admin Pusat", unit="Pemprov DIY", role="admin")
    root = sign_in(server.base, nip(6))
    viewed = fetch(server.base + page, via=root)[0]
    _, _, body = fetch(server.base + page, via=root)
    refused = fetch(server.base + page + "/terapkan", "POST", urllib.parse.urlencode({"csrf": csrf_of(body) or ""}).encode(), via=root)[0]
    check("an admin may look at an operator's import but not apply it (it would run with the admin's rights)",
          viewed == 200 and refused == 403 and query(data, "SELECT state FROM roster_import ORDER BY id DESC LIMIT 1") == [("previewed",)],
          f"{viewed} {refused}")
    preview = fetch(server.base + page, via=operator, timeout=60)[2].decode()
    check("the preview of an update: 5 added, 100 changed, 10 deactivated, 2890 unchanged",
          "Ditambahkan: <strong>5</strong>" in preview and "Diubah: <strong>100</strong>" in preview
          and "Dinonaktifkan: <strong>10</strong>" in preview and "Tidak berubah: 2890" in preview, preview[preview.find("counts"):][:600])
    check("the preview names each change", "unit: Pemkab Sleman &gt; Disdik → Pemkab Sleman &gt; Dinkes; jabatan: Guru Ahli Pertama → Guru Ahli Muda"
          in preview, preview[-2000:])
    apply_roster(server.base, operator, page)
    wait_finished(server.base, operator, page)
    moved = query(data, "SELECT COUNT(*) FROM account WHERE unit = ? AND position = 'Guru Ahli Muda'", (unit_key("Pemkab Sleman > Dinkes"),))
    inactive = query(data, "SELECT COUNT(*) FROM account WHERE deactivated_at IS NOT NULL")
    audit = query(data, "SELECT COUNT(*) FROM audit_event WHERE action = 'mutasi' AND detail LIKE '%impor%'")
    check("the update is applied: 100 moved, 10 deactivated, each transfer in the audit trail",
          moved == [(100,)] and inactive == [(10,)] and audit == [(100,)], f"{moved} {inactive} {audit}")


def scenario_roster_resume(env, check):
    courses, data = env.copy_shipped(), env.path("data")
    office = nip(2)
    env.user_add(data, office, "Opi Operator", unit="Pemkab Sleman", role="operator")
    server = env.serve(courses, data)
    operator = sign_in(server.base, office)
    _, page = upload_roster(server.base, operator, roster_csv(4000))
    apply_roster(server.base, operator, page)
    partway = wait_until(lambda: (lambda done: done if 0 < done < 3500 else None)(
        query(data, "SELECT done FROM roster_import")[0][0]), 60, 0.05)
    server.process.kill()
    server.process.wait(timeout=30)
    at_kill = query(data, "SELECT done, total, state FROM roster_import")[0]
    check("the server is killed in the middle of an import", partway and at_kill[0] < at_kill[1] and at_kill[2] == "applying", f"{at_kill}")
    server = env.serve(courses, data)
    operator = sign_in(server.base, office)
    finished = wait_finished(server.base, operator, page)
    rows = query(data, "SELECT COUNT(*), COUNT(password), COUNT(DISTINCT nip) FROM roster_import_row WHERE applied = 1")
    accounts = query(data, "SELECT COUNT(*) FROM account WHERE role = 'learner'")
    check("after the restart the import resumes and completes: 4000 accounts, each with exactly one password kept",
          finished and rows == [(4000, 4000, 4000)] and accounts == [(4000,)], f"{rows} {accounts}")
    check("the resumption is logged", "resuming a roster import" in server.log_text(), server.log_tail())
    status, _, body = fetch(server.base + page + "/kata-sandi.csv", via=operator)
    check("the passwords CSV holds all 4000", status == 200 and len(body.decode("utf-8").splitlines()) == 4001, f"{status}")


SCENARIOS = {
    "install": scenario_install, "health": scenario_health, "logs": scenario_logs, "errors": scenario_errors, "stop": scenario_stop,
    "lock": scenario_lock, "schema": scenario_schema, "backup": scenario_backup, "proxy": scenario_proxy, "settings": scenario_settings,
    "accounts": scenario_accounts, "audit": scenario_audit, "roster": scenario_roster, "roster_resume": scenario_roster_resume,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--only", help="comma-separated scenario names")
    args = parser.parse_args()
    chosen = args.only.split(",") if args.only else list(SCENARIOS)
    if set(chosen) - set(SCENARIOS):
        parser.error(f"unknown scenarios {sorted(set(chosen) - set(SCENARIOS))}")
    check, started = Checks(), time.time()
    for name in chosen:
        check.prefix = f"[{name}] "
        env = Env(os.path.abspath(args.binary), name)
        try:
            SCENARIOS[name](env, check)
        except Abort:
            print(env.logs(), flush=True)
        except Exception:
            check(f"{name}: the scenario ran to its end", False, traceback.format_exc() + env.logs())
        finally:
            env.close()
    check.prefix = ""
    print(f"operations: {time.time() - started:.0f} s", flush=True)
    print(f"{check.passed} passed, {check.failed} failed", flush=True)
    sys.exit(1 if check.failed else 0)


if __name__ == "__main__":
    main()
