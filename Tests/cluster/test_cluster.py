#!/usr/bin/env python3
"""deploy/cluster/: two Lentera nodes on one PostgreSQL, behind deploy/cluster/nginx-cluster.conf, on loopback.

A throwaway PostgreSQL (initdb and pg_ctl from /usr/lib/postgresql/NEWEST/bin, else the PATH; run as the postgres
user when the test runs as root) gets a database `lentera`; `lentera user add --database` creates the learners in
it. Node A is started as the brief of a centre says (`serve --database URL --data A --courses A ...`); node B takes
its settings from deploy/cluster/lentera-node.env.example, the values a test machine cannot share replaced, as
systemd's EnvironmentFile would pass them. Each node has its own data folder and its own copy of the shipped
courses. nginx (Debian's /usr/sbin/nginx, unprivileged, in the foreground) runs the cluster site with only ports,
node addresses, certificate, cache and log paths changed (`substitutions()`, each required to match exactly as often
as it says), inside the same stand-in for Debian's nginx.conf as Tests/deploy/test_nginx.py.

What is checked, as a learner or a sysadmin would notice it:
  - both nodes' /readyz: ready, the same course versions; the same course content (mirror manifests)
  - a session made on A works on B; a module opened on A continues on B (same visit, heartbeats counted once);
    a quiz attempt started on A is answered and submitted on B, and A then refuses to change it
  - signing out on B ends the session on A at once
  - sign-in limits count on both nodes: 5 wrong passwords for a NIP alternating A and B lock it on both; 20 from
    one address likewise; 10 sent at once to both nodes let exactly 5 through to the password check
  - through nginx: requests reach both nodes, each logs nginx's request id, the learner's address is the one
    counted; the site never passes a sent POST to another node; /readyz and /healthz are refused (403 from nginx,
    reaching no node) to a learner's machine (127.0.0.2) and answered to the nginx machine itself (127.0.0.1)
  - node A SIGKILLed (after a short freeze, so that requests are surely in flight at it) in the middle of 200
    heartbeats from 8 threads: every heartbeat answered 2xx is in the database; only requests in flight at A
    failed, POSTs among them answered by nginx's error page and never passed to B, GETs among them answered by B;
    everything sent after the kill succeeds through B

    python3 Tests/cluster/test_cluster.py --binary .build/debug/lentera [--nginx /usr/sbin/nginx] [--keep]

(While a build may relink .build/debug/lentera, run a copy of it instead.) Plain python3, standard library only.
Prints PASS/FAIL per check, numbered, and ends with `N passed, M failed`; exit 1 on any failure, a missing
PostgreSQL, nginx or openssl included.
"""
import argparse
import json
import os
import pwd
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse

TESTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TESTS, "security"))
sys.path.insert(0, os.path.join(TESTS, "deploy"))
import test_nginx  # noqa: E402  (its stack: nginx unprivileged in the foreground, the certificate, HTTPS clients)
from test_nginx import Checks, Client, csrf_of, make_certificate  # noqa: E402
from test_security import CHILD_ENV, PASSWORD, PEMBINAAN, ROOT, SHIPPED, Abort, attempt_form, clip, free_port, nip, wait_until  # noqa: E402

SITE = os.path.join(ROOT, "deploy", "cluster", "nginx-cluster.conf")
ENV_FILE = os.path.join(ROOT, "deploy", "cluster", "lentera-node.env.example")
UNIT = "Pemkab Sleman > BKPSDM"
LEARNER, LEARNER_NAME = nip(1), "Budi Santoso"
LOCKED = nip(2)          # the NIP whose password is guessed
RACED = nip(3)           # the NIP guessed at on both nodes at once
BURST = [nip(10 + n) for n in range(4)]
# SignInLimits in Sources/LenteraCore/Learning/SignInLimits.swift; the message is Text.Learner.signInThrottled.
NIP_LIMIT, ADDRESS_LIMIT = 5, 20
THROTTLED = "Terlalu banyak percobaan masuk yang gagal"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
DATABASE_PASSWORD = "rahasia-basis-data-uji"
SELECT_FAILURES = "SELECT count(*) FROM sign_in_failure WHERE key = :'k'"


# MARK: - PostgreSQL


class Postgres:
    """A throwaway PostgreSQL cluster on a free loopback port; close() stops it (immediate) and removes it."""

    def __init__(self):
        self.bin = self.binaries()
        self.user = "postgres" if os.geteuid() == 0 else None
        self.folder = None
        self.started = False
        self.port = None

    @staticmethod
    def binaries():
        """The folder with initdb and pg_ctl: Debian's newest /usr/lib/postgresql/N/bin, else the PATH; None if neither."""
        base = "/usr/lib/postgresql"
        versions = sorted((int(v) for v in (os.listdir(base) if os.path.isdir(base) else []) if v.isdigit()), reverse=True)
        for version in versions:
            folder = f"{base}/{version}/bin"
            if all(os.access(os.path.join(folder, tool), os.X_OK) for tool in ("initdb", "pg_ctl")):
                return folder
        found = shutil.which("initdb")
        if found and shutil.which("pg_ctl"):
            return os.path.dirname(found)
        return None

    def tool(self, name):
        path = os.path.join(self.bin, name)
        return path if os.access(path, os.X_OK) else shutil.which(name) or name

    def run(self, argv, input=None, timeout=120, as_owner=True):
        """(exit status, output) of a PostgreSQL tool, as the cluster's owner when the test runs as root."""
        if as_owner and self.user:
            argv = ["/usr/sbin/runuser", "-u", self.user, "--", *argv]
        try:
            done = subprocess.run(argv, input=input, capture_output=True, text=True, timeout=timeout, env=CHILD_ENV, cwd="/")
            return done.returncode, done.stdout + done.stderr
        except subprocess.TimeoutExpired as expired:
            return None, f"timeout after {timeout}s: {expired.stdout or ''}{expired.stderr or ''}"

    def start(self):
        """initdb, pg_ctl start, createdb: (True, "") or (False, what failed)."""
        self.folder = tempfile.mkdtemp(prefix="lentera-cluster-pg-")
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        code, out = self.run([self.tool("initdb"), "-D", f"{self.folder}/data", "-U", "lentera", "-A", "trust", "-E", "UTF8",
                              "--locale=C.UTF-8"])
        if code != 0:
            return False, f"initdb: exit {code}\n{out}"
        for _ in range(10):
            self.port = free_port()
            code, out = self.run([self.tool("pg_ctl"), "-D", f"{self.folder}/data", "-l", f"{self.folder}/log", "-w", "-t", "60",
                                  "-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1", "start"])
            if code == 0:
                self.started = True
                break
        if not self.started:
            return False, f"pg_ctl start: exit {code}\n{out}\n{self.log_tail()}"
        code, out = self.run([self.tool("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "lentera", "-E", "UTF8", "lentera"])
        return (True, "") if code == 0 else (False, f"createdb: exit {code}\n{out}")

    @property
    def url(self):
        return f"postgres://lentera@127.0.0.1:{self.port}/lentera?sslmode=disable"

    def query(self, sql, **variables):
        """Rows (tuples of text) of a query through psql; values named :'name' in the SQL are psql variables, quoted
        by psql. Raises on an error."""
        argv = [self.tool("psql"), "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(self.port),
                "-U", "lentera", "-d", "lentera"]
        for name, value in variables.items():
            argv += ["-v", f"{name}={value}"]
        code, out = self.run(argv + ["-f", "-"], input=sql, timeout=60, as_owner=False)
        if code != 0:
            raise RuntimeError(f"psql: exit {code}\n{sql}\n{out}")
        return [tuple(line.split("\t")) for line in out.splitlines() if line]

    def value(self, sql, **variables):
        rows = self.query(sql, **variables)
        return rows[0][0] if rows else None

    def log_tail(self, limit=2000):
        try:
            with open(f"{self.folder}/log", "rb") as f:
                return "--- PostgreSQL log (end)\n" + clip(f.read()[-limit:])
        except OSError:
            return ""

    def close(self):
        if self.started:
            self.run([self.tool("pg_ctl"), "-D", f"{self.folder}/data", "-m", "immediate", "-w", "stop"], timeout=60)
            self.started = False
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)


# MARK: - Nodes and nginx


class Node:
    """One `lentera serve` on a loopback port, its output in a log file."""

    def __init__(self, stack, name, argv, environment):
        self.name, self.argv, self.environment = name, argv, environment
        self.port = int(environment.get("LENTERA_PORT") or argv[argv.index("--port") + 1])
        self.log = stack.path(f"node-{name}.log")
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=dict(CHILD_ENV, **environment), cwd=stack.work)
        stack.processes.append(self.process)

    def wait_up(self, seconds=60):
        plain = Client(None)

        def up():
            if self.process.poll() is not None:
                return "exited"
            return "up" if plain.request(self.port, "/healthz", tls=False, timeout=2).status == 200 else None
        return wait_until(up, seconds, 0.1) == "up"

    def text(self):
        with open(self.log, "rb") as f:
            return f.read().decode(errors="replace")

    def has_request(self, request_id):
        return f"request_id={request_id} " in self.text().replace("\n", " \n")

    def describe(self):
        command = shlex.join(self.argv)
        settings = " ".join(f"{k}={v}" for k, v in sorted(self.environment.items()))
        return f"--- node {self.name}: {settings} {command}\n" + clip(self.text()[-2500:] or "(empty log)")


class Cluster(test_nginx.Stack):
    """The temporary folder, PostgreSQL, two nodes and nginx; close() stops them all and removes everything."""

    def __init__(self, binary, nginx, keep, site):
        self.binary, self.nginx, self.keep, self.site = binary, nginx, keep, site
        self.work = tempfile.mkdtemp(prefix="lentera-cluster-test-")
        self.processes, self.nodes = [], {}
        self.nginx_process = None
        self.postgres = Postgres()

    def command(self, *arguments, input=None):
        """(exit status, output) of a lentera command."""
        return self.run([self.binary, *arguments], input=input)

    def node_environment(self, port, name):
        """deploy/cluster/lentera-node.env.example as systemd reads it, with this machine's values: (variables, problems)."""
        with open(ENV_FILE) as f:
            given = dict(re.match(r"^([A-Z_]+)=(.*)$", line).groups() for line in f.read().splitlines()
                         if re.match(r"^[A-Z_]+=", line))
        replaced = {
            # With a password, as the README says (the test's PostgreSQL trusts loopback and never asks for it).
            "LENTERA_DATABASE_URL": self.postgres.url.replace("lentera@", f"lentera:{DATABASE_PASSWORD}@"),
            "LENTERA_HOST": "127.0.0.1", "LENTERA_PORT": str(port),
            "LENTERA_DATA": self.path(f"data-{name}"), "LENTERA_COURSES": self.path(f"courses-{name}"),
            "LENTERA_TRUSTED_PROXY": "127.0.0.1", "LENTERA_METRICS_ALLOW": "127.0.0.1/32",
        }
        kept = {"LENTERA_BASE_URL"}
        problems = [f"{key} is set in the example but the test neither replaces nor keeps it" for key in given
                    if key not in replaced and key not in kept]
        problems += [f"{key} is not set in the example" for key in list(replaced) + list(kept) if key not in given]
        return dict(given, **replaced), problems

    def start_node(self, name, argv, environment):
        node = Node(self, name, argv, environment)
        self.nodes[name] = node
        return node.wait_up()

    def logs(self):
        text = "".join(node.describe() + "\n" for node in self.nodes.values())
        if self.nginx_process is not None:
            text += "--- nginx stderr (end)\n" + clip(self.nginx_text()[-3000:]) + "\n"
        errors = self.path("nginx", "logs", "lentera.error.log")
        if os.path.exists(errors):
            with open(errors, "rb") as f:
                text += "--- the site's error log (end)\n" + clip(f.read()[-3000:]) + "\n"
        return text + self.postgres.log_tail()

    def access_lines(self):
        return self.access_log().splitlines()

    def close(self):
        try:
            super().close()
        finally:
            self.postgres.close()


def substitutions(ports, cluster):
    """(text in deploy/cluster/nginx-cluster.conf, replacement, how many times it must occur): everything changed."""
    nginx = cluster.path("nginx")
    return [
        ("listen 80;", f"listen 127.0.0.1:{ports['http']};", 1),
        ("listen [::]:80;", "# (IPv6 listen left out in the test)", 1),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{ports['https']} ssl http2;", 1),
        ("listen [::]:443 ssl http2;", "# (IPv6 listen left out in the test)", 1),
        ("/etc/ssl/certs/lentera.pusat.example.go.id.crt", f"{nginx}/tls/cert.pem", 1),
        ("/etc/ssl/private/lentera.pusat.example.go.id.key", f"{nginx}/tls/key.pem", 1),
        ("server 10.0.0.11:8080 ", f"server 127.0.0.1:{ports['a']} ", 1),
        ("server 10.0.0.12:8080 ", f"server 127.0.0.1:{ports['b']} ", 1),
        ("/var/cache/nginx/lentera/", f"{nginx}/cache/", 2),
        ("/var/log/nginx/", f"{nginx}/logs/", 4),
    ]


def write_nginx_config(cluster, ports):
    """The adapted cluster site, in test_nginx's stand-in for Debian's nginx.conf; (server name, mismatches).

    test_nginx's writer takes its edits from its module's substitutions(): the cluster's stand in for this one call.
    """
    original = test_nginx.substitutions
    test_nginx.substitutions = lambda _ports, _stack: substitutions(ports, cluster)
    try:
        return test_nginx.write_nginx_config(cluster, ports)
    finally:
        test_nginx.substitutions = original


# MARK: - Learner actions over HTTP


def sign_in(client, port, number, password=PASSWORD, tls=False, headers=None):
    """The answer to a sign-in at a node (tls=False) or through nginx (tls=True), with a fresh form token."""
    page = client.request(port, "/masuk", tls=tls)
    body = urllib.parse.urlencode({"nip": number, "sandi": password, "csrf": csrf_of(page.body) or ""})
    return client.request(port, "/masuk", "POST", body, dict(FORM, **(headers or {})), tls=tls)


def progress_panel(body):
    """(data-sesi, data-urutan, data-csrf) of a module page's progress panel, or None."""
    found = re.search(r'id="kemajuan"[^>]*data-sesi="([^"]*)" data-urutan="(\d+)" data-csrf="([^"]*)"', body.decode(errors="replace"))
    return (found.group(1), int(found.group(2)), found.group(3)) if found else None


def heartbeat(client, port, visit, sequence, tls=False, timeout=60):
    """POST /api/detak as lentera.js sends it (sendBeacon with URLSearchParams: a form body)."""
    session_id, _, token = visit
    body = urllib.parse.urlencode({"sesi": session_id, "urutan": str(sequence), "csrf": token})
    return client.request(port, "/api/detak", "POST", body, FORM, tls=tls, timeout=timeout)


def account_id(postgres, number):
    return postgres.value("SELECT id FROM account WHERE nip = :'nip'", nip=number)


# MARK: - The checks


def run_checks(cluster, check):
    postgres = cluster.postgres
    check.require("PostgreSQL is installed: initdb and pg_ctl in /usr/lib/postgresql/*/bin or on the PATH", postgres.bin,
                  "no initdb/pg_ctl found: apt-get install postgresql (make test-deps); this test never skips")
    for tool in (cluster.nginx, shutil.which("openssl")):
        check.require(f"{tool or 'openssl'} is installed", tool and os.access(tool, os.X_OK),
                      "apt-get install nginx openssl (make test-deps)")
    ok, out = postgres.start()
    check.require(f"a throwaway PostgreSQL ({postgres.bin}) starts on 127.0.0.1:{postgres.port} with a database lentera (UTF8)",
                  ok, lambda: out + "\n" + postgres.log_tail())
    for number, name in [(LEARNER, LEARNER_NAME), (LOCKED, "Sari Wulandari"), (RACED, "Dewi Lestari")] + [
            (n, f"Peserta {i}") for i, n in enumerate(BURST)]:
        code, out = cluster.command("user", "add", "--nip", number, "--name", name, "--unit", UNIT, "--database", postgres.url,
                                    "--data", cluster.path("unused-data"), input=PASSWORD + "\n")
        if code != 0:
            check.require(f"lentera user add --database creates {number}", False, out)
    check("lentera user add --database writes the accounts into PostgreSQL (and nothing into its --data folder)",
          postgres.value("SELECT count(*) FROM account") == str(3 + len(BURST)) and not os.path.exists(cluster.path("unused-data", "lentera.sqlite")),
          lambda: f"{postgres.query('SELECT nip, name FROM account')}")

    ports = {"a": free_port(), "b": free_port(), "http": free_port(), "https": free_port()}
    for name in ("a", "b"):
        shutil.copytree(SHIPPED, cluster.path(f"courses-{name}"))
    environment, problems = cluster.node_environment(ports["b"], "b")
    check.require("deploy/cluster/lentera-node.env.example sets the variables the test fills in (and no others)", not problems,
                  "\n".join(problems))
    started_a = cluster.start_node("a", [cluster.binary, "serve", "--database", postgres.url, "--data", cluster.path("data-a"), "--courses",
                                         cluster.path("courses-a"), "--host", "127.0.0.1", "--port", str(ports["a"]),
                                         "--trusted-proxy", "127.0.0.1"], {})
    check.require("node A starts: serve --database URL --data A --courses A --trusted-proxy 127.0.0.1", started_a, cluster.logs)
    started_b = cluster.start_node("b", [cluster.binary, "serve"], environment)
    check.require("node B starts from the env file's settings alone (LENTERA_DATABASE_URL, LENTERA_DATA, ...): `lentera serve`",
                  started_b, cluster.logs)
    node_a, node_b = cluster.nodes["a"], cluster.nodes["b"]
    check("node B logs the database's URL with its password replaced by ***, and the password nowhere",
          f"lentera:***@127.0.0.1:{postgres.port}/lentera" in node_b.text() and DATABASE_PASSWORD not in node_b.text(),
          lambda: clip(node_b.text()[:2000]))

    tls = make_certificate(cluster)
    server_name, mismatched = write_nginx_config(cluster, ports)
    check.require("the test's substitutions each match the cluster site as often as expected", not mismatched, "\n".join(mismatched))
    with open(cluster.site) as f:
        site = f.read()
    retry_lines = [line.strip() for line in site.splitlines() if re.match(r"\s*proxy_next_upstream\s", line)]
    check("the site passes failed requests on for errors, timeouts, 502 and 503 only, and never names non_idempotent "
          "(a POST a node may have processed is never sent to another)",
          retry_lines == ["proxy_next_upstream error timeout http_502 http_503;"], "\n".join(retry_lines))
    started = cluster.start_nginx()
    check.require("nginx -t accepts deploy/cluster/nginx-cluster.conf inside Debian's http block", started,
                  lambda: f"$ {shlex.join(cluster.nginx_argv('-t'))}\nexit {cluster.nginx_test[0]}\n{cluster.nginx_test[1]}")
    https = ports["https"]
    ready = wait_until(lambda: Client(tls).request(https, "/healthz", timeout=2).status == 200, 30)
    check.require("nginx answers /healthz over HTTPS", ready, cluster.logs)

    direct = Client(None)
    check_readiness(check, direct, node_a, node_b)
    check_sessions_and_progress(check, cluster, node_a, node_b)
    check_throttles(check, cluster, node_a, node_b)
    check_through_nginx(check, cluster, tls, https, node_a, node_b)
    check_kill(check, cluster, tls, https, node_a, node_b)
    problems = [line for line in cluster.nginx_text().splitlines() if re.search(r"\[(emerg|alert|crit)\]", line)]
    check("nginx logged nothing at emerg, alert or crit", not problems, "\n".join(problems))
    errors = [line for line in node_b.text().splitlines() if re.match(r"\S+ (error|critical) ", line)]
    check("node B logged no error through it all", not errors, lambda: clip("\n".join(errors)))


def check_readiness(check, direct, node_a, node_b):
    answers = {}
    for node in (node_a, node_b):
        answer = direct.request(node.port, "/readyz", tls=False)
        try:
            answers[node.name] = (answer.status, json.loads(answer.body))
        except ValueError:
            answers[node.name] = (answer.status, {})
    versions = {name: value.get("checks", {}).get("courses", {}).get("versions") for name, (_, value) in answers.items()}
    check("/readyz on each node: 200 ready, its database check ok",
          all(status == 200 and value.get("status") == "ready" and value["checks"]["database"]["ok"] for status, value in answers.values()),
          f"{answers}")
    check("/readyz lists the same course versions on both nodes, both shipped courses included",
          versions["a"] and versions["a"] == versions["b"] and PEMBINAAN in versions["a"] and len(versions["a"]) == 2, f"{versions}")
    manifests = {}
    for node in (node_a, node_b):
        catalogue = direct.request(node.port, "/mirror/catalogue.json", tls=False)
        try:
            manifests[node.name] = sorted((c["id"], c["manifest"]) for c in json.loads(catalogue.body)["courses"])
        except (ValueError, KeyError, TypeError):
            manifests[node.name] = catalogue.describe()
    check("and the same content: /mirror/catalogue.json names the same manifests (sha256) on both nodes",
          isinstance(manifests["a"], list) and manifests["a"] == manifests["b"], f"{manifests}")


def check_sessions_and_progress(check, cluster, node_a, node_b):
    postgres = cluster.postgres
    learner = Client(None)
    signed = sign_in(learner, node_a.port, LEARNER)
    check.require("signing in at node A directly: 303 and a session cookie", signed.status == 303 and learner.cookies.get("sesi"),
                  signed.describe())
    home = learner.request(node_b.port, "/beranda", tls=False)
    check("the same cookie at node B: /beranda 200 with the learner's name", home.status == 200 and LEARNER_NAME.encode() in home.body,
          home.describe())
    learner_id = account_id(postgres, LEARNER)
    check("the session is one row in PostgreSQL's session table (stored as a hash, not the cookie)",
          postgres.value("SELECT count(*) FROM session WHERE account_id = :'id'", id=learner_id) == "1"
          and postgres.value("SELECT count(*) FROM session WHERE token_hash = :'t'", t=learner.cookies["sesi"]) == "0")

    # Progress: a module opened on A, heartbeats as lentera.js sends them, the same visit continued on B.
    module = f"/kursus/{PEMBINAAN}/pendahuluan"
    page = learner.request(node_a.port, module, tls=False)
    visit = progress_panel(page.body)
    check.require("the module page at A has the progress panel with data-sesi, data-urutan and data-csrf",
                  page.status == 200 and visit and visit[0] and visit[2], page.describe())
    beats = [heartbeat(learner, node_a.port, visit, n).status for n in (1, 2)]

    def visit_row():
        return postgres.query("SELECT last_sequence, time_spent FROM content_session_log WHERE id = :'id'", id=visit[0])
    check("two heartbeats (POST /api/detak sesi, urutan 1 and 2, csrf) at A -> 204, and PostgreSQL's visit row has last_sequence 2",
          beats == [204, 204] and visit_row() and visit_row()[0][0] == "2", f"{beats} {visit_row()}")
    again = progress_panel(learner.request(node_b.port, module, tls=False).body)
    check("the same module opened at B continues A's visit: the same data-sesi, data-urutan 2",
          again and again[0] == visit[0] and again[1] == 2, f"A: {visit}\nB: {again}")
    third = heartbeat(learner, node_b.port, visit, 3).status
    repeat = heartbeat(learner, node_a.port, visit, 3).status
    row = visit_row()
    check("heartbeat 3 at B -> 204 and counted (last_sequence 3); the same heartbeat again at A is a repeat: 204, nothing "
          "counted twice", third == 204 and repeat == 204 and row and row[0][0] == "3", f"{third} {repeat} {row}")
    summary = postgres.query("SELECT progress, completed_at IS NOT NULL FROM content_summary_log WHERE account_id = :'id' "
                             "AND course_id = :'c' AND module_id = 'pendahuluan'", id=learner_id, c=PEMBINAAN)
    home = learner.request(node_b.port, "/beranda", tls=False).body.decode(errors="replace")
    shown = re.search(rf'href="/kursus/{PEMBINAAN}">[^<]*</a></h3><progress max="100" value="(\d+)"', home)
    check("the module viewed on A is complete in content_summary_log, and B's /beranda shows the course in progress with "
          "more than 0%", summary == [("1", "t")] and shown and int(shown.group(1)) > 0, f"{summary}\n{clip(home, 1500)}")

    # A quiz attempt started on A, answered and submitted on B.
    quiz = f"/kursus/{PEMBINAAN}/kuis/pre-test"
    intro = learner.request(node_a.port, quiz, tls=False)
    token = csrf_of(intro.body)
    begun = learner.request(node_a.port, quiz + "/mulai", "POST", urllib.parse.urlencode({"csrf": token or ""}), FORM, tls=False)
    found = re.search(r"/percobaan/(\d+)$", begun.header("Location") or "")
    check.require("the pre-test started at A: 303 to its attempt", begun.status == 303 and found, begun.describe())
    attempt = found.group(1)
    attempt_path = f"{quiz}/percobaan/{attempt}"
    page = learner.request(node_b.port, attempt_path, tls=False)
    fields = attempt_form(page.body)
    answers = [(n, v) for n, v in fields if n.startswith("a:")]
    check.require("the attempt page at B shows the attempt's questions", page.status == 200 and answers, page.describe())
    saved = learner.request(node_b.port, attempt_path, "POST", urllib.parse.urlencode([("aksi", "simpan")] + fields), FORM, tls=False)
    stored = postgres.value("SELECT count(*) FROM quiz_answer WHERE attempt_id = :'id'", id=attempt)
    check("its answers saved at B (aksi=simpan) -> 303 and stored in quiz_answer",
          saved.status == 303 and stored and int(stored) > 0, f"{saved.describe()}\nstored answers: {stored}")
    submitted = learner.request(node_b.port, attempt_path, "POST", urllib.parse.urlencode([("aksi", "kumpulkan")] + fields), FORM, tls=False)
    row = postgres.query("SELECT submitted_at IS NOT NULL, score IS NOT NULL FROM quiz_attempt WHERE id = :'id'", id=attempt)
    check("submitted at B (aksi=kumpulkan) -> 303 to .../hasil; quiz_attempt is submitted and scored",
          submitted.status == 303 and (submitted.header("Location") or "").endswith(attempt_path + "/hasil") and row == [("t", "t")],
          f"{submitted.describe()}\nrow: {row}")
    result = learner.request(node_a.port, attempt_path + "/hasil", tls=False)
    check("A shows the result of the attempt B submitted (200)", result.status == 200, result.describe())
    before = postgres.query("SELECT item_id, response FROM quiz_answer WHERE attempt_id = :'id' ORDER BY item_id", id=attempt)
    late = learner.request(node_a.port, attempt_path, "POST", urllib.parse.urlencode([("aksi", "simpan")] + fields), FORM, tls=False)
    after = postgres.query("SELECT item_id, response FROM quiz_answer WHERE attempt_id = :'id' ORDER BY item_id", id=attempt)
    check("A, which started the attempt, refuses a save after B submitted it (409) and changes no answer",
          late.status == 409 and after == before, f"{late.describe()}\nbefore {before}\nafter {after}")

    # Signing out on B ends the session everywhere.
    old = learner.cookies["sesi"]
    page = learner.request(node_b.port, "/beranda", tls=False)
    out = learner.request(node_b.port, "/keluar", "POST", urllib.parse.urlencode({"csrf": csrf_of(page.body) or ""}), FORM, tls=False)
    check.require("signing out at B (POST /keluar with the csrf token) -> 303", out.status == 303, out.describe())
    refused = Client(None).request(node_a.port, "/beranda", headers={"Cookie": f"sesi={old}"}, tls=False)
    check("A refuses the old cookie at once: /beranda -> 303 to /masuk (no session cache on any node)",
          refused.status == 303 and (refused.header("Location") or "").startswith("/masuk"), refused.describe())
    check("and the session row is gone from PostgreSQL",
          postgres.value("SELECT count(*) FROM session WHERE account_id = :'id'", id=learner_id) == "0")


def check_throttles(check, cluster, node_a, node_b):
    postgres = cluster.postgres
    client = Client(None)
    # Each attempt claims another learner's address (X-Forwarded-For from the trusted 127.0.0.1): only the NIP's count
    # is at work.
    statuses = []
    for n in range(NIP_LIMIT):
        node = (node_a, node_b)[n % 2]
        statuses.append(sign_in(client, node.port, LOCKED, "salah-" + str(n), headers={"X-Forwarded-For": f"192.0.2.{n + 1}"}).status)
    check(f"{NIP_LIMIT} wrong passwords for one NIP, alternating A and B (each from another address) -> 401 each",
          statuses == [401] * NIP_LIMIT, f"{statuses}\n{cluster.logs()}")
    for node in (node_b, node_a):
        refused = sign_in(client, node.port, LOCKED, PASSWORD, headers={"X-Forwarded-For": "192.0.2.50"})
        check(f"the next attempt at {node.name.upper()}, with the right password -> 429 with Retry-After and \"{THROTTLED}\"",
              refused.status == 429 and refused.header("Retry-After") and THROTTLED.encode() in refused.body, refused.describe())
    check(f"PostgreSQL counts {NIP_LIMIT} failures for that NIP", postgres.value(SELECT_FAILURES, k="nip:" + LOCKED) == str(NIP_LIMIT))

    # One address, many NIPs: the address's count is shared too.
    statuses = []
    for n in range(ADDRESS_LIMIT):
        node = (node_a, node_b)[n % 2]
        statuses.append(sign_in(client, node.port, nip(200 + n), "salah", headers={"X-Forwarded-For": "198.51.100.9"}).status)
    after = [sign_in(client, node.port, nip(300), "salah", headers={"X-Forwarded-For": "198.51.100.9"}).status for node in (node_a, node_b)]
    check(f"{ADDRESS_LIMIT} wrong passwords from one address ({ADDRESS_LIMIT} NIPs) alternating A and B -> 401 each, then 429 on both",
          statuses == [401] * ADDRESS_LIMIT and after == [429, 429], f"{statuses} then {after}")

    # At once: 10 attempts for one NIP, 5 to each node, in parallel.
    results = [None] * 10

    def attempt(n):
        node = (node_a, node_b)[n % 2]
        results[n] = sign_in(Client(None), node.port, RACED, "salah-" + str(n), headers={"X-Forwarded-For": f"203.0.113.{n + 1}"}).status
    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    check(f"10 wrong passwords for one NIP sent at once, 5 to each node: exactly {NIP_LIMIT} reach the password check (401), "
          "the others 429", sorted(results) == [401] * NIP_LIMIT + [429] * (10 - NIP_LIMIT),
          lambda: f"{results}; failures stored: {postgres.value(SELECT_FAILURES, k='nip:' + RACED)}")


def check_through_nginx(check, cluster, tls, https, node_a, node_b):
    postgres = cluster.postgres
    # The learner's address, from nginx's X-Forwarded-For, is what the node counts.
    visitor = Client(tls, source="127.0.0.2")
    failed = sign_in(visitor, https, nip(400), "salah", tls=True)
    check("a wrong password through nginx from 127.0.0.2 -> 401, counted in PostgreSQL under 127.0.0.2 (not nginx's address)",
          failed.status == 401 and postgres.value("SELECT count(*) FROM sign_in_failure WHERE key = 'ip:127.0.0.2'") == "1",
          f"{failed.describe()}\n{postgres.query('SELECT key, at FROM sign_in_failure ORDER BY at DESC LIMIT 5')}")
    # /healthz and /readyz: for a load balancer or the monitoring on the nginx machine or the private networks only
    # (127.0.0.2, a learner's machine, stands for the internet). The health checks in README.md ask nodes directly.
    for path in ("/readyz", "/readyz/", "/healthz"):
        answer = visitor.request(https, path)
        request_id = answer.header("X-Request-Id") or "-"
        reached = wait_until(lambda: node_a.has_request(request_id) or node_b.has_request(request_id), 0.5, 0.05)
        check(f"{path} through nginx from 127.0.0.2 -> 403 from nginx itself, reaching neither node",
              answer.status == 403 and not reached and b'"status"' not in answer.body, answer.describe())
    ready = Client(tls).request(https, "/readyz")
    check("/readyz through nginx from the nginx machine itself (127.0.0.1) -> 200 ready, from a node",
          ready.status == 200 and b'"status":"ready"' in ready.body, ready.describe())
    learner = Client(tls, source="127.0.0.3")
    signed = sign_in(learner, https, LEARNER, tls=True)
    session = next((c for c in learner.set_cookies if c.startswith("sesi=") and not c.startswith("sesi=;")), "")
    check.require("signing in through nginx: 303 and a Secure session cookie (X-Forwarded-Proto: https)",
                  signed.status == 303 and "secure" in session.lower(), signed.describe())
    answers = [learner.request(https, "/beranda") for _ in range(10)]
    ids = [a.header("X-Request-Id") or "-" for a in answers]
    served = {name: sum(1 for i in ids if node.has_request(i)) for name, node in (("a", node_a), ("b", node_b))}
    check("10 pages through nginx: all 200 with the learner's name, each request id logged by the node that answered, "
          "both nodes answering",
          all(a.status == 200 and LEARNER_NAME.encode() in a.body for a in answers) and served["a"] + served["b"] == 10
          and served["a"] > 0 and served["b"] > 0, f"{[a.status for a in answers]} served {served}")
    # nginx writes a request's log line after its answer: wait (up to 5 s) for all ten.
    deadline = time.monotonic() + 5
    while True:
        lines = [line for line in cluster.access_lines() if any(f"request_id={i} " in line for i in ids)]
        if len(lines) >= 10 or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    named = [re.search(r"upstream=(\S+)", line) for line in lines]
    check("nginx's access log names the node that answered each (upstream=127.0.0.1:PORT)",
          len(lines) == 10 and all(m and m.group(1) in (f"127.0.0.1:{node_a.port}", f"127.0.0.1:{node_b.port}") for m in named),
          "\n".join(lines))


def check_kill(check, cluster, tls, https, node_a, node_b):
    postgres = cluster.postgres
    # Four learners, two modules each: eight visits opened through nginx.
    modules = ["tujuan-program", "analisis-kebutuhan"]
    visits, problems = [], []
    for number in BURST:
        client = Client(tls)
        signed = sign_in(client, https, number, tls=True)
        if signed.status != 303:
            problems.append(f"{number} signing in: {signed.describe()}")
        for module in modules:
            page = client.request(https, f"/kursus/{PEMBINAAN}/{module}")
            visit = progress_panel(page.body)
            if page.status != 200 or not visit:
                problems.append(f"{number} opening {module}: {page.describe()}")
            visits.append((client, visit))
    check.require(f"precondition: {len(BURST)} learners sign in through nginx and open {len(modules)} modules each (a visit each)",
                  not problems, lambda: clip("\n".join(problems)))
    per_visit = 25
    results = []  # (kind, index, sequence, status, started, ended, request id)
    lock = threading.Lock()
    acknowledged = threading.Event()
    stop_reading = threading.Event()

    def write(index):
        client, visit = visits[index]
        for sequence in range(1, per_visit + 1):
            began = time.time()
            answer = heartbeat(client, https, visit, sequence, tls=True, timeout=30)
            with lock:
                results.append(("POST", index, sequence, answer.status, began, time.time(), answer.header("X-Request-Id")))
                if sum(1 for r in results if r[0] == "POST" and r[3] == 204) >= 80:
                    acknowledged.set()

    def read():
        reader = Client(tls)
        reader.cookies = dict(visits[0][0].cookies)
        while not stop_reading.is_set():
            began = time.time()
            answer = reader.request(https, "/beranda", timeout=30)
            with lock:
                results.append(("GET", -1, 0, answer.status, began, time.time(), answer.header("X-Request-Id")))

    writers = [threading.Thread(target=write, args=(i,)) for i in range(len(visits))]
    readers = [threading.Thread(target=read) for _ in range(2)]
    for thread in writers + readers:
        thread.start()
    halfway = acknowledged.wait(120)
    # A freezes (as a machine that hangs), so that requests are surely in flight at it, then dies.
    node_a.process.send_signal(signal.SIGSTOP)
    time.sleep(0.5)
    killed_at = time.time()
    node_a.process.kill()
    node_a.process.wait(timeout=30)
    dead_at = time.time()
    for thread in writers:
        thread.join(180)
    stop_reading.set()
    for thread in readers:
        thread.join(60)
    posts = [r for r in results if r[0] == "POST"]
    gets = [r for r in results if r[0] == "GET"]
    check.require(f"{len(visits)} threads sent {len(visits) * per_visit} heartbeats through nginx, node A killed (SIGKILL) "
                  "after about 80 were answered",
                  halfway and len(posts) == len(visits) * per_visit and any(r[4] > dead_at for r in posts),
                  f"{len(posts)} heartbeats, {sum(1 for r in posts if r[4] > dead_at)} after the kill")

    # Every acknowledged heartbeat is in the database: each visit's last_sequence covers its highest 2xx.
    stored = dict(postgres.query("SELECT id, last_sequence FROM content_session_log WHERE id IN ("
                                 + ", ".join(f"'{visit[0]}'" for _, visit in visits) + ")"))
    missing = []
    for index, (_, visit) in enumerate(visits):
        highest = max((r[2] for r in posts if r[1] == index and 200 <= (r[3] or 0) < 300), default=0)
        if int(stored.get(visit[0], 0)) < highest:
            missing.append(f"visit {index}: answered up to {highest}, stored last_sequence {stored.get(visit[0])}")
    answered = sum(1 for r in posts if 200 <= (r[3] or 0) < 300)
    check(f"every heartbeat answered 2xx ({answered} of {len(posts)}) is in PostgreSQL: each visit's last_sequence is at least "
          "its highest answered sequence", not missing and answered > 0, "\n".join(missing))

    failed = [r for r in results if not (200 <= (r[3] or 0) < 300)]
    in_flight = [r for r in failed if r[4] <= dead_at]
    check(f"only requests in flight at A's kill failed ({len(failed)}: each sent before A was dead), and at least one POST did",
          len(in_flight) == len(failed) and any(r[0] == "POST" for r in failed),
          lambda: "\n".join(f"{r[0]} {r[2]} -> {r[3]} sent {r[4] - killed_at:+.3f}s from the kill, id {r[6]}" for r in failed) or "none failed")
    log = cluster.access_lines()

    def line_of(request_id):
        return next((line for line in log if request_id and f"request_id={request_id} " in line), "")
    a_address = f"127.0.0.1:{node_a.port}"
    post_lines = [line_of(r[6]) for r in failed if r[0] == "POST"]
    check("the POSTs in flight at A got nginx's 503 page and were never passed to B (access log: A alone as upstream)",
          post_lines and all(re.search(rf'" 503 .*upstream={re.escape(a_address)} ', line) for line in post_lines),
          "\n".join(post_lines))
    moved = [line for line in (line_of(r[6]) for r in gets) if re.search(rf"upstream={re.escape(a_address)}, 127\.0\.0\.1:{node_b.port} ", line)]
    check("GETs in flight at A were passed to B and answered 200 (access log: upstream A, then B)",
          moved and all('" 200 ' in line for line in moved), lambda: "\n".join(moved) or clip("\n".join(line_of(r[6]) for r in gets), 2000))
    after = [r for r in results if r[4] > dead_at]
    check(f"every request sent after the kill ({len(after)}) succeeded through B",
          after and all(200 <= (r[3] or 0) < 300 for r in after), f"{[(r[0], r[3]) for r in after if not 200 <= (r[3] or 0) < 300]}")
    pages = [Client(tls).request(https, "/").status for _ in range(10)]
    more = [heartbeat(visits[0][0], https, visits[0][1], per_visit + 1 + n, tls=True).status for n in range(5)]
    check("and nginx keeps answering: 10 pages and 5 more heartbeats -> 200 and 204",
          pages == [200] * 10 and more == [204] * 5, f"{pages} {more}")
    check("node A died of SIGKILL (its data folder's lock went with it), node B still runs",
          node_a.process.returncode == -signal.SIGKILL and node_b.process.poll() is None, f"A: {node_a.process.returncode}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--nginx", default="/usr/sbin/nginx")
    parser.add_argument("--site", default=SITE, help="the site file to test (default: deploy/cluster/nginx-cluster.conf)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (configs, logs, cache); PostgreSQL is removed")
    args = parser.parse_args()
    # A stop (SIGTERM) unwinds like a failure, so that PostgreSQL, the nodes and nginx are stopped and removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    check, started = Checks(), time.time()
    cluster = Cluster(os.path.abspath(args.binary), args.nginx, args.keep, os.path.abspath(args.site))
    try:
        run_checks(cluster, check)
    except Abort:
        print(cluster.logs(), flush=True)
    except Exception:
        check("the test ran to its end", False, traceback.format_exc() + cluster.logs())
    finally:
        cluster.close()
    print(f"cluster: {time.time() - started:.0f} s", flush=True)
    print(f"{check.passed} passed, {check.failed} failed", flush=True)
    sys.exit(1 if check.failed else 0)


if __name__ == "__main__":
    main()
