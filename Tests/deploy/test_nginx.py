#!/usr/bin/env python3
"""deploy/nginx/lentera.conf in a real nginx, in front of a real `lentera serve`, on loopback.

nginx (Debian's /usr/sbin/nginx, unprivileged, in the foreground) gets a small nginx.conf of our own that stands in
for Debian's /etc/nginx/nginx.conf (same http-level settings, gzip on included) and `include`s the site file. The
site file is the real one with only what cannot be the same on a test machine changed, by plain text substitution
(`substitutions()` below, each required to match exactly as often as it says, so a reshaped site file fails
loudly): the listen ports (IPv6 listens dropped), the certificate (a throwaway self-signed one for 127.0.0.1), the
upstream's port, the cache folders and the log files. Lentera runs as `lentera serve --trusted-proxy 127.0.0.1`,
as in deploy/lentera.env.example, on a copy of the shipped courses with a 24 MB attachment added. Requests are made
over HTTPS with the generated certificate as the only CA; two other loopback addresses (127.0.0.2, 127.0.0.3)
stand for two learners' machines.

What is checked, as a learner, a sysadmin or a node would notice it:
  - `nginx -t` accepts the site; HTTP answers 301 to the same path at https://SERVER_NAME
  - pages through nginx carry Lentera's headers, and the same body, ETag and Content-Encoding as Lentera
    answers directly (nginx compresses nothing again); the request id is nginx's, and the same id is in Lentera's
    access-log line and nginx's
  - /metrics (and /metrics/, //metrics) through nginx: 403 from nginx, never reaching Lentera; directly: 200;
    nginx keeps its connections to Lentera open between requests
  - /readyz and /healthz (and /readyz/, //readyz) through nginx from a learner's machine (127.0.0.2, which the site
    does not count as this machine or a private network): 403 from nginx, never reaching Lentera, even claiming
    X-Forwarded-For: 127.0.0.1; from the machine itself (127.0.0.1): 200
  - sign-in limits see the learner's address, not nginx's: 20 failed sign-ins from 127.0.0.2 (nginx's
    X-Forwarded-For) throttle 127.0.0.2, even when it claims another address in its own X-Forwarded-For, while
    127.0.0.3 signs in (Secure session cookie, since nginx says X-Forwarded-Proto: https)
  - /aset/: the second request is a cache HIT with the same bytes, answered by nginx alone, gzip kept apart from
    identity; an outdated asset version is never stored
  - /mirror/: manifests and public files cached; the catalogue never; a quiz file is 404 without a node key, 200
    with one, and never stored (nor anything a key was sent with)
  - a 24 MB course file downloads complete through nginx, whole and by range; body size limits as in Lentera
  - SIGTERM: Lentera exits 0; nginx then answers 503 with a page in Bahasa Indonesia, and still serves cached assets

    python3 Tests/deploy/test_nginx.py --binary .build/debug/lentera [--nginx /usr/sbin/nginx] [--site FILE] [--keep]

(While a build may relink .build/debug/lentera, run a copy of it instead.) Plain python3, standard library only.
Prints PASS/FAIL per check, numbered, and ends with `N passed, M failed`; exit 1 on any failure.
"""
import argparse
import hashlib
import http.client
import json
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "security"))
import test_security as harness  # noqa: E402  (the shared harness: results, processes, NIPs)
from test_security import CHILD_ENV, PASSWORD, ROOT, SHIPPED, SPREADSHEET, Abort, clip, free_port, nip  # noqa: E402

SITE = os.path.join(ROOT, "deploy", "nginx", "lentera.conf")
UNIT = "Pemkab Sleman > BKPSDM"
BIG_FILE = "lampiran/unduhan-besar.bin"
BIG_SIZE = 24 * 1024 * 1024 + 12345
# Failed sign-ins one address may make in 15 minutes (SignInThrottle.maximumPerAddress in Sessions.swift).
ADDRESS_LIMIT = 20
REQUEST_ID = re.compile(r"^[0-9a-f]{32}$")


class Checks(harness.Checks):
    """The shared checks, numbered: this test's failures are named by number in its docstring and logs."""

    def __call__(self, name, ok, detail=""):
        self.prefix = f"{self.passed + self.failed + 1:2d}. "
        return super().__call__(name, ok, detail)


def wait_until(predicate, seconds, interval=0.1):
    return harness.wait_until(predicate, seconds, interval)


# MARK: - HTTP


class Answer:
    """One HTTP answer: status (None when nothing answered), headers, body."""

    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        return self.headers.get(name) if self.headers is not None else None

    def describe(self):
        if self.status is None:
            return f"no answer: {self.body.decode(errors='replace')}"
        shown = "\n".join(f"{k}: {v}" for k, v in self.headers.items())
        return f"{self.status}\n{shown}\n\n{clip(self.body, 800)}"


class Client:
    """Requests from one client address (a loopback address of its own), with its cookies, over HTTPS or HTTP."""

    def __init__(self, tls_context, source="127.0.0.1"):
        self.tls_context, self.source, self.cookies, self.set_cookies = tls_context, source, {}, []

    def request(self, port, path, method="GET", body=None, headers=None, tls=True, timeout=60):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if tls:
            connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=timeout, context=self.tls_context,
                                                     source_address=(self.source, 0))
        else:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(self.source, 0))
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            for value in response.headers.get_all("Set-Cookie") or []:
                self.set_cookies.append(value)
                name, _, rest = value.partition("=")
                cookie = rest.split(";", 1)[0]
                if "max-age=0" in value.lower() or cookie == "":
                    self.cookies.pop(name.strip(), None)
                else:
                    self.cookies[name.strip()] = cookie
            return Answer(response.status, response.headers, data)
        except (OSError, http.client.HTTPException) as error:
            return Answer(None, None, str(error).encode())
        finally:
            connection.close()


def csrf_of(body):
    found = re.search(r'name="csrf" value="([^"]+)"', body.decode(errors="replace"))
    return found.group(1) if found else None


def sha256(data):
    return hashlib.sha256(data).hexdigest()


# MARK: - Processes


class Stack:
    """The temporary folder, the certificate, Lentera and nginx; close() stops what still runs and removes it."""

    def __init__(self, binary, nginx, keep, site):
        self.binary, self.nginx, self.keep, self.site = binary, nginx, keep, site
        self.work = tempfile.mkdtemp(prefix="lentera-nginx-test-")
        self.processes = []
        self.lentera = None
        self.nginx_process = None

    def path(self, *parts):
        return os.path.join(self.work, *parts)

    def run(self, argv, input=None, timeout=120):
        done = subprocess.run(argv, input=input, capture_output=True, text=True, timeout=timeout, env=CHILD_ENV)
        return done.returncode, done.stdout + done.stderr

    # Lentera

    def lentera_argv(self, port):
        return [self.binary, "serve", "--courses", self.path("courses"), "--data", self.path("data"), "--host", "127.0.0.1",
                "--port", str(port), "--trusted-proxy", "127.0.0.1"]

    def start_lentera(self, port):
        self.lentera_port = port
        self.lentera_log = self.path("lentera.log")
        with open(self.lentera_log, "wb") as log:
            self.lentera = subprocess.Popen(self.lentera_argv(port), stdout=log, stderr=subprocess.STDOUT, env=CHILD_ENV)
        self.processes.append(self.lentera)
        plain = Client(None)

        def up():
            if self.lentera.poll() is not None:
                return "exited"
            return "up" if plain.request(port, "/healthz", tls=False, timeout=2).status == 200 else None
        state = wait_until(up, 60)
        if state != "up":
            raise RuntimeError(f"lentera serve did not start ({state or 'timeout'}):\n$ {shlex.join(self.lentera_argv(port))}\n"
                               + clip(self.lentera_text()))

    def lentera_text(self):
        with open(self.lentera_log, "rb") as f:
            return f.read().decode(errors="replace")

    def lentera_line(self, request_id, seconds=5):
        """Lentera's access-log line for a request id (written when the answer's body is done), or None."""
        def find():
            return next((line for line in self.lentera_text().splitlines() if f"request_id={request_id} " in line + " "), None)
        return wait_until(find, seconds)

    # nginx

    def nginx_argv(self, *extra):
        directory = self.path("nginx")
        return [self.nginx, "-e", "stderr", "-p", directory + "/", "-c", os.path.join(directory, "nginx.conf"),
                "-g", f"daemon off; pid {directory}/nginx.pid; error_log stderr notice;", *extra]

    def demote(self):
        """Run as nobody when the test runs as root: nginx's master is unprivileged, as the brief of this test says."""
        if os.geteuid() != 0:
            return None
        nobody = pwd.getpwnam("nobody")
        for folder, _, files in os.walk(self.path("nginx")):
            for name in [folder] + [os.path.join(folder, f) for f in files]:
                os.chown(name, nobody.pw_uid, nobody.pw_gid)
        os.chmod(self.work, 0o711)  # nobody passes through to nginx/; the rest stays closed

        def drop():
            os.setgroups([])
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
        return drop

    def start_nginx(self):
        preexec = self.demote()
        tested = subprocess.run(self.nginx_argv("-t"), capture_output=True, text=True, preexec_fn=preexec, timeout=30)
        self.nginx_test = (tested.returncode, tested.stdout + tested.stderr)
        if tested.returncode != 0:
            return False
        self.nginx_log = self.path("nginx-stderr.log")
        with open(self.nginx_log, "wb") as log:
            self.nginx_process = subprocess.Popen(self.nginx_argv(), stdout=log, stderr=subprocess.STDOUT, preexec_fn=preexec)
        self.processes.append(self.nginx_process)
        return True

    def nginx_text(self):
        with open(self.nginx_log, "rb") as f:
            return f.read().decode(errors="replace")

    def access_log(self):
        path = self.path("nginx", "logs", "lentera.access.log")
        if not os.path.exists(path):
            return ""
        with open(path, "rb") as f:
            return f.read().decode(errors="replace")

    def close(self):
        if self.nginx_process and self.nginx_process.poll() is None:
            self.nginx_process.send_signal(signal.SIGQUIT)  # nginx's graceful stop
        for process in (p for p in self.processes if p.poll() is None and p is not self.nginx_process):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self.keep:
            print(f"kept {self.work}", flush=True)
        else:
            shutil.rmtree(self.work, ignore_errors=True)

    def logs(self):
        text = ""
        if self.lentera is not None:
            text += "--- lentera serve log (end)\n" + clip(self.lentera_text()[-3000:]) + "\n"
        if self.nginx_process is not None:
            text += "--- nginx stderr (end)\n" + clip(self.nginx_text()[-3000:]) + "\n"
        errors = self.path("nginx", "logs", "lentera.error.log")
        if os.path.exists(errors):
            with open(errors, "rb") as f:
                text += "--- the site's error log (end)\n" + clip(f.read()[-3000:]) + "\n"
        return text


# MARK: - The site file, adapted


def substitutions(ports, stack):
    """(text in deploy/nginx/lentera.conf, replacement, how many times it must occur): everything the test changes."""
    nginx = stack.path("nginx")
    return [
        ("listen 80;", f"listen 127.0.0.1:{ports['http']};", 1),
        ("listen [::]:80;", "# (IPv6 listen left out in the test)", 1),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{ports['https']} ssl http2;", 1),
        ("listen [::]:443 ssl http2;", "# (IPv6 listen left out in the test)", 1),
        ("/etc/ssl/certs/lentera.example.go.id.crt", f"{nginx}/tls/cert.pem", 1),
        ("/etc/ssl/private/lentera.example.go.id.key", f"{nginx}/tls/key.pem", 1),
        ("server 127.0.0.1:8080;", f"server 127.0.0.1:{ports['lentera']};", 1),
        ("/var/cache/nginx/lentera/", f"{nginx}/cache/", 2),
        ("/var/log/nginx/", f"{nginx}/logs/", 4),
    ]


def write_nginx_config(stack, ports):
    """The adapted site file and an nginx.conf around it; (server_name, the substitutions that did not match)."""
    nginx = stack.path("nginx")
    for folder in ("tls", "cache", "logs", "temp", "sites-enabled"):
        os.makedirs(os.path.join(nginx, folder), exist_ok=True)
    with open(stack.site) as f:
        site = f.read()
    mismatched = []
    for old, new, count in substitutions(ports, stack):
        found = site.count(old)
        if found != count:
            mismatched.append(f"{old!r}: {found} times, expected {count}")
        site = site.replace(old, new)
    with open(os.path.join(nginx, "sites-enabled", "lentera.conf"), "w") as f:
        f.write(site)
    # Debian's /etc/nginx/nginx.conf, with its own paths moved into the test folder: the site is included in the
    # http block it will be included in on a server (whose gzip on and ssl_protocols it must live with).
    temp = os.path.join(nginx, "temp")
    with open(os.path.join(nginx, "nginx.conf"), "w") as f:
        f.write(f"""worker_processes 1;
events {{
    worker_connections 512;
}}
http {{
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
    ssl_prefer_server_ciphers on;
    access_log {nginx}/logs/access.log;
    gzip on;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {nginx}/sites-enabled/lentera.conf;
}}
""")
    server_name = re.search(r"^\s*server_name\s+(\S+?)[\s;]", site, re.M).group(1)
    return server_name, mismatched


def make_certificate(stack):
    """A throwaway self-signed certificate for 127.0.0.1 (and localhost), valid for a day."""
    tls = stack.path("nginx", "tls")
    os.makedirs(tls)
    code, out = stack.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "1",
                           "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                           "-keyout", os.path.join(tls, "key.pem"), "-out", os.path.join(tls, "cert.pem")])
    if code != 0:
        raise RuntimeError("openssl req failed:\n" + out)
    context = ssl.create_default_context(cafile=os.path.join(tls, "cert.pem"))
    return context


def prepare_courses(stack):
    """The shipped courses, plus a 24 MB attachment: large enough to be streamed from disk and buffered by nginx."""
    courses = shutil.copytree(SHIPPED, stack.path("courses"))
    data = os.urandom(BIG_SIZE)
    with open(os.path.join(courses, SPREADSHEET, BIG_FILE), "wb") as f:
        f.write(data)
    return sha256(data)


# MARK: - The checks


def run_checks(stack, check):
    ports = {"lentera": free_port(), "http": free_port(), "https": free_port()}
    big_sha = prepare_courses(stack)
    with open(os.path.join(SHIPPED, SPREADSHEET, "kuis", "cek-rumus.quiz.md"), "rb") as f:
        quiz_bytes = f.read()
    code, out = stack.run([stack.binary, "user", "add", "--nip", nip(1), "--name", "Budi Santoso", "--unit", UNIT,
                           "--data", stack.path("data")], input=PASSWORD + "\n")
    check.require("precondition: lentera user add creates the learner", code == 0, out)
    code, out = stack.run([stack.binary, "node", "add", "--name", "kab-sleman", "--unit", "Pemkab Sleman", "--data", stack.path("data")])
    key = re.search(r"key: ([0-9a-f]{64})\b", out)
    check.require("precondition: lentera node add prints a node key", code == 0 and key, out)
    key = key.group(1)
    tls = make_certificate(stack)
    server_name, mismatched = write_nginx_config(stack, ports)
    check.require("the test's substitutions each match the site file as often as expected", not mismatched, "\n".join(mismatched))
    stack.start_lentera(ports["lentera"])
    started = stack.start_nginx()
    check.require("nginx -t accepts deploy/nginx/lentera.conf inside Debian's http block", started,
                  lambda: f"$ {shlex.join(stack.nginx_argv('-t'))}\nexit {stack.nginx_test[0]}\n{stack.nginx_test[1]}")

    https, http_port, direct_port = ports["https"], ports["http"], ports["lentera"]
    learner = Client(tls)
    ready = wait_until(lambda: learner.request(https, "/healthz", timeout=2).status == 200, 30)
    check.require("nginx answers /healthz over HTTPS with the configured certificate", ready, stack.logs)

    # Pages: Lentera's answer, unchanged by nginx.
    direct = Client(None)
    for encoding in ("", "gzip"):
        headers = {"Accept-Encoding": encoding} if encoding else {}
        proxied = learner.request(https, "/", headers=headers)
        plain = direct.request(direct_port, "/", headers=headers, tls=False)
        same = (proxied.status == 200 and proxied.body == plain.body and proxied.header("ETag") == plain.header("ETag")
                and proxied.header("Content-Encoding") == plain.header("Content-Encoding"))
        check(f"home page with Accept-Encoding {encoding or '(none)'}: 200 through nginx with Lentera's body, ETag and "
              f"Content-Encoding ({plain.header('Content-Encoding') or 'identity'}); nginx compresses nothing again", same,
              f"nginx: {proxied.describe()}\n--- direct: {plain.describe()}")
    home = learner.request(https, "/")
    check("Lentera's headers pass through: Content-Security-Policy, X-Content-Type-Options, Cache-Control, Vary",
          home.header("Content-Security-Policy") and home.header("X-Content-Type-Options") == "nosniff"
          and home.header("Cache-Control") == "no-cache" and "Cookie" in (home.header("Vary") or ""), home.describe())
    check("nginx adds Strict-Transport-Security and says no version in Server",
          home.header("Strict-Transport-Security") and home.header("Server") == "nginx", home.describe())
    request_id = home.header("X-Request-Id") or ""
    line = stack.lentera_line(request_id) if REQUEST_ID.match(request_id) else None
    check("the X-Request-Id nginx answers with is nginx's $request_id, and Lentera's access-log line has the same id",
          line and "method=GET" in line and "route=/ " in line + " " and "status=200" in line,
          lambda: f"X-Request-Id: {request_id!r}\n--- lentera log\n{clip(stack.lentera_text()[-2000:])}")
    check("nginx's access log names the same request id",
          wait_until(lambda: f"request_id={request_id} " in stack.access_log(), 5), lambda: clip(stack.access_log()[-2000:]))

    # Plain HTTP moves to HTTPS, at the site's own name.
    moved = learner.request(http_port, "/kursus/x?cari=a%20b", tls=False)
    check(f"HTTP -> 301 to https://{server_name}/ with the same path and query",
          moved.status == 301 and moved.header("Location") == f"https://{server_name}/kursus/x?cari=a%20b", moved.describe())

    # /metrics: closed at nginx, open to Prometheus on loopback.
    for path in ("/metrics", "/metrics/", "//metrics", "/metrics?format=text"):
        answer = learner.request(https, path)
        reached = stack.lentera_line(answer.header("X-Request-Id") or "-", seconds=0.5)
        check(f"{path} through nginx -> 403 from nginx itself (Lentera never sees it)",
              answer.status == 403 and not reached and b"lentera_" not in answer.body, answer.describe() + f"\n{reached}")
    # /healthz and /readyz: for a load balancer or the monitoring on this machine or the private networks; a
    # learner's machine (127.0.0.2: loopback, but not the 127.0.0.1 the site lets in) stands for the internet.
    outsider = Client(tls, source="127.0.0.2")
    for path, headers in [("/readyz", {}), ("/readyz/", {}), ("//readyz", {}), ("/readyz?cek=1", {}), ("/healthz", {}),
                          ("/readyz", {"X-Forwarded-For": "127.0.0.1"})]:
        answer = outsider.request(https, path, headers=headers)
        reached = stack.lentera_line(answer.header("X-Request-Id") or "-", seconds=0.5)
        claimed = f" claiming X-Forwarded-For: {headers['X-Forwarded-For']}" if headers else ""
        check(f"{path} through nginx from 127.0.0.2{claimed} -> 403 from nginx itself (Lentera never sees it)",
              answer.status == 403 and not reached and b'"status"' not in answer.body, answer.describe() + f"\n{reached}")
    ready = learner.request(https, "/readyz")
    check("/readyz through nginx from the machine itself (127.0.0.1) -> 200 ready, from Lentera",
          ready.status == 200 and b'"status":"ready"' in ready.body, ready.describe())
    metrics = direct.request(direct_port, "/metrics", tls=False)
    check("/metrics directly on Lentera's loopback port -> 200 with Prometheus text",
          metrics.status == 200 and b"lentera_http_requests_total" in metrics.body, metrics.describe())
    for _ in range(3):
        learner.request(https, "/healthz")
    time.sleep(1)  # connections that are closing are closed
    found = re.search(rb"^lentera_open_connections (\S+)$", direct.request(direct_port, "/metrics", tls=False).body, re.M)
    connections = float(found.group(1)) if found else None
    check("nginx keeps its connections to Lentera open for the next request (upstream keepalive): Lentera counts "
          "more open connections than the one reading /metrics", connections is not None and connections >= 2, f"{connections}")

    # Sign-in limits count the learner's address (from nginx's X-Forwarded-For), not nginx's.
    attacker = Client(tls, source="127.0.0.2")
    form_page = attacker.request(https, "/masuk")
    token = csrf_of(form_page.body)
    check.require("precondition: the sign-in form through nginx carries a CSRF token and its cookie",
                  form_page.status == 200 and token and "csrf_masuk" in attacker.cookies, form_page.describe())
    form_headers = {"Content-Type": "application/x-www-form-urlencoded"}

    def sign_in(client, number, password, headers=None):
        body = urllib.parse.urlencode({"nip": number, "sandi": password, "csrf": csrf_of(client.request(https, "/masuk").body) or ""})
        return client.request(https, "/masuk", "POST", body, dict(form_headers, **(headers or {})))
    failures = [sign_in(attacker, nip(100 + n), "salah-" + str(n)).status for n in range(ADDRESS_LIMIT)]
    check(f"{ADDRESS_LIMIT} wrong passwords ({ADDRESS_LIMIT} different NIPs) from 127.0.0.2 through nginx -> 401 each",
          failures == [401] * ADDRESS_LIMIT, lambda: f"{failures}\n{stack.logs()}")
    throttled = sign_in(attacker, nip(1), PASSWORD)
    check("then 127.0.0.2 is limited: the right password too -> 429 with Retry-After",
          throttled.status == 429 and throttled.header("Retry-After"), throttled.describe())
    spoofed = sign_in(attacker, nip(1), PASSWORD, {"X-Forwarded-For": "198.51.100.7"})
    check("127.0.0.2 claiming X-Forwarded-For: 198.51.100.7 is still limited (nginx appends the real address)",
          spoofed.status == 429, spoofed.describe())
    other = Client(tls, source="127.0.0.3")
    signed = sign_in(other, nip(1), PASSWORD)
    session = next((c for c in other.set_cookies if c.startswith("sesi=") and not c.startswith("sesi=;")), "")
    check("meanwhile 127.0.0.3 signs in (303) and gets a Secure, HttpOnly session cookie (X-Forwarded-Proto: https)",
          signed.status == 303 and "secure" in session.lower() and "httponly" in session.lower(),
          signed.describe() + f"\nSet-Cookie: {other.set_cookies}")
    home = other.request(https, "/beranda", headers={"Accept-Encoding": "gzip"})
    mine = direct.request(direct_port, "/beranda", headers={"Accept-Encoding": "gzip", "Cookie": f"sesi={other.cookies.get('sesi')}"},
                          tls=False)
    check("the signed-in home page through nginx: 200, private (never in nginx's cache), gzipped by Lentera and passed "
          f"on as it is ({mine.header('Content-Encoding') or 'identity'}: Debian's `gzip on` does not apply)",
          home.status == 200 and mine.status == 200 and "private" in (home.header("Cache-Control") or "")
          and not home.header("X-Cache-Status") and home.header("Content-Encoding") == mine.header("Content-Encoding") == "gzip",
          f"nginx: {home.describe()}\n--- direct: {mine.describe()}")

    # /aset/: versioned, immutable, cached.
    style = re.search(r'href="(/aset/[0-9a-f]+/style\.css)"', learner.request(https, "/").body.decode()).group(1)
    first = learner.request(https, style)
    second = learner.request(https, style)
    check(f"{style}: first MISS, second HIT with the same bytes",
          first.status == 200 and second.status == 200 and first.header("X-Cache-Status") == "MISS"
          and second.header("X-Cache-Status") == "HIT" and first.body == second.body and b"{" in second.body,
          f"first: {first.describe()}\n--- second: {second.describe()}")
    check("the cached answer keeps Lentera's Cache-Control: public, max-age=31536000, immutable",
          second.header("Cache-Control") == "public, max-age=31536000, immutable", second.describe())
    check("the HIT carries this request's own id, which Lentera never saw",
          second.header("X-Request-Id") != first.header("X-Request-Id") and REQUEST_ID.match(second.header("X-Request-Id") or "")
          and not stack.lentera_line(second.header("X-Request-Id"), seconds=0.5), second.describe())
    zipped = [learner.request(https, style, headers={"Accept-Encoding": "gzip"}) for _ in range(2)]
    again = learner.request(https, style)
    check("gzip and identity are kept apart in the cache (Vary: Accept-Encoding): gzip asked, gzip got (HIT the "
          "second time); not asked, never gzip",
          [z.header("Content-Encoding") for z in zipped] == ["gzip", "gzip"] and zipped[1].header("X-Cache-Status") == "HIT"
          and again.header("Content-Encoding") is None and again.body == first.body,
          "\n---\n".join(a.describe() for a in zipped + [again]))
    outdated = re.sub(r"/aset/[0-9a-f]+/", "/aset/000000000000/", style)
    states = [learner.request(https, outdated).header("X-Cache-Status") for _ in range(2)]
    check("an asset asked for at an outdated version (no-cache) is never stored: MISS, MISS", states == ["MISS", "MISS"], f"{states}")

    # /mirror/: what nodes download.
    catalogue = [learner.request(https, "/mirror/catalogue.json") for _ in range(2)]
    check("/mirror/catalogue.json is asked of Lentera every time (never HIT)",
          all(a.status == 200 for a in catalogue) and "HIT" not in [a.header("X-Cache-Status") for a in catalogue],
          "\n---\n".join(a.describe() for a in catalogue))
    try:
        manifest_path = next(c["manifest"] for c in json.loads(catalogue[0].body)["courses"] if c["id"] == SPREADSHEET)
    except (ValueError, KeyError, StopIteration):
        manifest_path = None
    manifests = [learner.request(https, manifest_path or "/mirror/manifests/none.json") for _ in range(2)]
    check("a manifest: 200, second HIT", manifest_path and manifests[0].status == 200 and manifests[1].header("X-Cache-Status") == "HIT",
          "\n---\n".join(a.describe() for a in manifests))
    manifest = manifests[0].body.decode(errors="replace")
    quiz_sha = sha256(quiz_bytes)
    check.require("precondition: the manifest lists the 24 MB file and the private quiz file",
                  big_sha in manifest and quiz_sha in manifest, clip(manifest))
    node = Client(tls)
    downloads = [node.request(https, f"/mirror/files/{big_sha}") for _ in range(2)]
    check("a 24 MB mirror file: complete and intact both times (sha256), first MISS, second HIT",
          [sha256(d.body) for d in downloads] == [big_sha, big_sha]
          and [d.header("X-Cache-Status") for d in downloads] == ["MISS", "HIT"],
          lambda: "\n---\n".join(f"{d.status} {len(d.body)} bytes, {d.header('X-Cache-Status')}" for d in downloads))
    offset = 20 * 1024 * 1024
    resumed = node.request(https, f"/mirror/files/{big_sha}", headers={"Range": f"bytes={offset}-"})
    check("a node resuming from the cache (Range) -> 206 with the right bytes",
          resumed.status == 206 and sha256(downloads[1].body[:offset] + resumed.body) == big_sha,
          f"{resumed.status} {len(resumed.body)} bytes {dict(resumed.headers or {})}")
    private = f"/mirror/files/{quiz_sha}"
    keyed = {"Authorization": f"Bearer {key}"}
    without = [node.request(https, private) for _ in range(2)]
    check("the quiz file without a node key -> 404 both times, nothing stored",
          [a.status for a in without] == [404, 404] and "HIT" not in [a.header("X-Cache-Status") for a in without],
          "\n---\n".join(a.describe() for a in without))
    with_key = [node.request(https, private, headers=keyed) for _ in range(2)]
    check("with the node key -> 200 with the quiz file, both times past the cache (BYPASS), Cache-Control private",
          [a.status for a in with_key] == [200, 200] and all(a.body == quiz_bytes for a in with_key)
          and [a.header("X-Cache-Status") for a in with_key] == ["BYPASS", "BYPASS"]
          and (with_key[0].header("Cache-Control") or "").startswith("private"),
          "\n---\n".join(a.describe() for a in with_key))
    after = node.request(https, private)
    check("and without the key afterwards -> 404 again (the keyed answer was not stored)", after.status == 404, after.describe())
    cached = []
    for folder, _, files in os.walk(stack.path("nginx", "cache")):
        for name in files:
            with open(os.path.join(folder, name), "rb") as f:
                cached.append(f.read())
    check(f"no file in nginx's cache holds the quiz file's bytes ({len(cached)} cache files)",
          cached and not any(quiz_bytes in content for content in cached))

    # A course file, streamed from disk by Lentera and buffered by nginx.
    course_file = f"/berkas/{SPREADSHEET}/{BIG_FILE}"
    began = time.time()
    whole = learner.request(https, course_file)
    seconds = time.time() - began
    check(f"a 24 MB course file through nginx arrives complete ({seconds:.1f} s): Content-Length and sha256 match",
          whole.status == 200 and whole.header("Content-Length") == str(BIG_SIZE) and sha256(whole.body) == big_sha,
          f"{whole.status} {len(whole.body)} bytes {dict(whole.headers or {})}")
    part = learner.request(https, course_file, headers={"Range": "bytes=1000-1999"})
    check("a range of it -> 206 with those 1000 bytes", part.status == 206 and part.body == whole.body[1000:2000],
          f"{part.status} {len(part.body)} bytes")

    # Body sizes: Lentera's limits, refused by nginx before they reach it.
    too_big = attacker.request(https, "/masuk", "POST", b"x" * (4 * 1024 * 1024 + 1), form_headers)
    check("a form body over 4 MB -> 413 from nginx (Lentera never sees it)",
          too_big.status == 413 and not stack.lentera_line(too_big.header("X-Request-Id") or "-", seconds=0.5), too_big.describe())
    batch = node.request(https, "/xapi/statements", "POST", b"[" + b" " * (8 * 1024 * 1024) + b"]",
                         dict(keyed, **{"Content-Type": "application/json"}))
    check("an 8 MB xAPI batch is passed to Lentera (it answers, here 400 for the missing version header)",
          batch.status == 400 and stack.lentera_line(batch.header("X-Request-Id") or "-"), batch.describe())
    huge = node.request(https, "/xapi/statements", "POST", b" " * (16 * 1024 * 1024 + 1), dict(keyed, **{"Content-Type": "application/json"}))
    check("an xAPI body over 16 MB -> 413 from nginx", huge.status == 413, huge.describe())

    # A stop.
    stack.lentera.send_signal(signal.SIGTERM)
    try:
        code = stack.lentera.wait(timeout=40)
    except subprocess.TimeoutExpired:
        code = None
    check("SIGTERM: lentera serve exits 0 within the grace period", code == 0, lambda: f"exit {code}\n{clip(stack.lentera_text()[-2000:])}")
    down = learner.request(https, "/kursus/" + SPREADSHEET)
    check("with Lentera stopped, nginx answers 503 with Retry-After and a page in Bahasa Indonesia naming the request id",
          down.status == 503 and down.header("Retry-After") and b"Lentera sedang dimulai ulang" in down.body
          and (down.header("X-Request-Id") or "-").encode() in down.body, down.describe())
    stale = learner.request(https, style)
    check("cached assets are still served while Lentera is down", stale.status == 200 and stale.body == first.body, stale.describe())
    problems = [line for line in stack.nginx_text().splitlines() if re.search(r"\[(emerg|alert|crit)\]", line)]
    check("nginx logged nothing at emerg, alert or crit", not problems, "\n".join(problems))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--nginx", default="/usr/sbin/nginx")
    parser.add_argument("--site", default=SITE, help="the site file to test (default: deploy/nginx/lentera.conf)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (configs, logs, cache)")
    args = parser.parse_args()
    for tool in (args.nginx, shutil.which("openssl")):
        if not tool or not os.access(tool, os.X_OK):
            print(f"missing {tool or 'openssl'}: apt-get install nginx openssl (make test-deps)", file=sys.stderr)
            sys.exit(2)
    check, started = Checks(), time.time()
    stack = Stack(os.path.abspath(args.binary), args.nginx, args.keep, os.path.abspath(args.site))
    try:
        run_checks(stack, check)
    except Abort:
        print(stack.logs(), flush=True)
    except Exception:
        check("the test ran to its end", False, traceback.format_exc() + stack.logs())
    finally:
        stack.close()
    print(f"deploy: {time.time() - started:.0f} s", flush=True)
    print(f"{check.passed} passed, {check.failed} failed", flush=True)
    sys.exit(1 if check.failed else 0)


if __name__ == "__main__":
    main()
