#!/usr/bin/env python3
"""Attacks on a JP record (issue 9), with real Lentera processes on loopback.

Each scenario gets its own temporary folders, free ports and `lentera serve` processes, and attacks over HTTP the
way the issue found the holes; every expectation is checked on what a user would notice (status codes, pages) and
on data/lentera.sqlite (nothing stored, nothing credited).

  quiz_routes   an attempt reached through another quiz's, course's or learner's URL is 404 and changes nothing;
                the right URL still saves and grades
  xss           the raw-HTML bypass shapes in a module, a Markdown quiz and a GIFT quiz ([markdown] and [html]),
                on every page that shows them and in `lentera render`: no script, no on* handler, no active URL
  node_scope    a node key is scoped (`node add --unit`): statements outside its units, for unpublished courses or
                versions, or for staff NIPs are refused whole (403); JP and certificate numbers come from the centre;
                `roster pull` never touches a staff account and creates learners of the node's units only
  absence       a failed course listing, an empty or truncated catalogue never remove courses; a withdrawn course is
                listed as a tombstone (`withdrawn`: [{id, at}]) and only then removed by a node
  connections   --max-connections/--idle-timeout under `ulimit -n 256`: 600 idle connections do not empty the
                site, idle connections are closed, the server recovers

    python3 Tests/security/test_security.py --binary .build/debug/lentera [--only quiz_routes,xss]

(--only takes names or numbers. While a build may relink .build/debug/lentera, run a copy of it instead.)

Plain python3 (standard library only). Prints PASS/FAIL per check and ends with `N passed, M failed`; exit 1 on
any failure.
"""
import argparse
import hashlib
import html
import html.parser
import http.client
import http.cookiejar
import http.server
import json
import os
import re
import resource
import shlex
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ElementTree
from datetime import datetime, timedelta, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHIPPED = os.path.join(ROOT, "courses")
PUBLIC = os.path.join(ROOT, "public")
SPREADSHEET = "pengelolaan-data-spreadsheet"
PEMBINAAN = "penyusunan-program-pembinaan-asn"
FORMAT = "lentera-mirror/1"
PASSWORD = "kata-sandi-uji"
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
EXT = "https://lentera.id/xapi/"
NODE = "kab-sleman"
NODE_UNIT = "Pemkab Sleman > BKPSDM"
OTHER_UNIT = "Kementerian Lain > Biro"
KEY_LINE = re.compile(r"node (?P<name>\S+) key: (?P<key>[0-9a-f]{64})\b")
CHILD_ENV = dict(os.environ, NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")


def nip(n):
    """A valid NIP (born 1985-03-15, appointed 2010-01, male) with sequence n."""
    return f"198503152010011{n:03d}"


# MARK: - Results


class Abort(Exception):
    """Raised by Checks.require: the failure is printed and the scenario cannot go on."""


class Checks:
    """Prints PASS/FAIL lines as they happen, with the evidence under a failure."""

    def __init__(self):
        self.passed, self.failed, self.prefix = 0, 0, ""

    def __call__(self, name, ok, detail=""):
        ok = bool(ok)
        print(("PASS " if ok else "FAIL ") + self.prefix + name, flush=True)
        self.passed, self.failed = self.passed + ok, self.failed + (not ok)
        text = "" if ok else detail() if callable(detail) else str(detail)
        if text:
            print("\n".join("    " + line for line in text.rstrip().splitlines()), flush=True)
        return ok

    def require(self, name, ok, detail=""):
        if not self(name, ok, detail):
            raise Abort(name)
        return ok


def clip(text, limit=3000):
    text = text if isinstance(text, str) else (text or b"").decode(errors="replace")
    return text if len(text) <= limit else text[:limit // 2] + f"\n... [{len(text) - limit} characters left out] ...\n" + text[-limit // 2:]


class Result:
    """A finished command: exit status (None after a timeout) and its output."""

    def __init__(self, argv, returncode, stdout, stderr):
        self.argv, self.returncode, self.stdout, self.out = argv, returncode, stdout or "", (stdout or "") + "\n" + (stderr or "")

    def describe(self):
        return f"$ {shlex.join(self.argv)}\nexit {self.returncode}\n--- output\n{clip(self.out)}"


# MARK: - Files, HTTP and processes


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, seconds, interval=0.2):
    deadline = time.time() + seconds
    while True:
        value = predicate()
        if value or time.time() >= deadline:
            return value
        time.sleep(interval)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def opener(jar=None):
    cookies = [urllib.request.HTTPCookieProcessor(jar)] if jar is not None else []
    return urllib.request.build_opener(urllib.request.ProxyHandler({}), NoRedirect, *cookies)


PLAIN = opener()


def fetch(url, method="GET", data=None, headers=None, via=None, timeout=20):
    """(status, headers, body); status None when nothing answered. Never raises for an HTTP status."""
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with (via or PLAIN).open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
    except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
        return None, {}, str(error).encode()


def fetch_json(url, headers=None, method="GET", data=None):
    """(status, JSON value or None)."""
    status, _, body = fetch(url, method, data, headers)
    try:
        return status, json.loads(body)
    except ValueError:
        return status, None


def csrf_of(body):
    found = re.search(r'name="csrf" value="([^"]+)"', body.decode(errors="replace") if isinstance(body, bytes) else body)
    return found.group(1) if found else None


def sign_in(base, number, password=PASSWORD):
    """An opener carrying the `sesi` cookie of a fresh session."""
    jar = http.cookiejar.CookieJar()
    browser = opener(jar)
    status, _, body = fetch(base + "/masuk", via=browser)
    token = csrf_of(body)
    if status != 200 or not token:
        raise RuntimeError(f"GET {base}/masuk: {status}, no csrf field")
    form = urllib.parse.urlencode({"nip": number, "sandi": password, "csrf": token}).encode()
    status, _, body = fetch(base + "/masuk", "POST", form, via=browser)
    if status != 303 or not any(cookie.name == "sesi" for cookie in jar):
        raise RuntimeError(f"sign-in as {number} at {base}: {status}\n{clip(body, 1500)}")
    return browser


def query(data, sql, parameters=()):
    connection = sqlite3.connect(os.path.join(data, "lentera.sqlite"), timeout=10)
    try:
        return connection.execute(sql, parameters).fetchall()
    finally:
        connection.close()


def catalogue(base):
    status, value = fetch_json(base + "/mirror/catalogue.json")
    return value if status == 200 and isinstance(value, dict) and isinstance(value.get("courses"), list) else None


def listed_ids(base):
    return sorted(c.get("id") for c in (catalogue(base) or {"courses": []})["courses"])


def course_ids(folder):
    """The ids of the course folders under folder, from each course.xml."""
    return sorted(ElementTree.parse(os.path.join(folder, name, "course.xml")).getroot().get("id") for name in os.listdir(folder)
                  if os.path.isfile(os.path.join(folder, name, "course.xml")))


def home_lists(base, ids):
    """The course ids the home page does not link to ([] when it lists them all), or None when it does not answer."""
    status, _, body = fetch(base + "/", timeout=10)
    return [i for i in ids if f"/kursus/{i}" not in body.decode(errors="replace")] if status == 200 else None


class Server:
    """A `lentera serve` process on a loopback port, its output in a log file."""

    def __init__(self, env, courses, data, port, extra, preexec):
        self.port, self.base = port, f"http://127.0.0.1:{port}"
        self.log = env.path(f"serve-{port}-{len(env.processes)}.log")
        self.argv = [env.binary, "serve", "--courses", courses, "--data", data, "--public", PUBLIC, "--host", "127.0.0.1",
                     "--port", str(port), *extra]
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(self.argv, stdout=log, stderr=subprocess.STDOUT, env=CHILD_ENV, preexec_fn=preexec)
        env.processes.append(self.process)

    def wait_up(self, seconds=40):
        def up():
            if self.process.poll() is not None:
                return "exited"
            return "up" if fetch(self.base + "/", timeout=2)[0] is not None else None
        state = wait_until(up, seconds, 0.1)
        if state != "up":
            raise RuntimeError(f"lentera serve did not start ({state or 'timeout'}):\n$ {shlex.join(self.argv)}\n{self.log_tail()}")
        return self

    def log_text(self):
        with open(self.log, "rb") as f:
            return f.read().decode(errors="replace")

    def log_tail(self, limit=2500):
        return f"--- log of lentera serve :{self.port}\n" + (self.log_text()[-limit:] or "(empty)")


class Env:
    """One scenario's temporary folder, processes and fake servers; close() removes them all."""

    def __init__(self, binary, name):
        self.binary = binary
        self.work = tempfile.mkdtemp(prefix=f"lentera-security-{name}-")
        self.processes, self.servers, self.http_servers = [], [], []

    def path(self, *parts):
        return os.path.join(self.work, *parts)

    def run(self, *arguments, input=None, timeout=120, env=None):
        argv = [self.binary, *arguments]
        try:
            done = subprocess.run(argv, input=input, capture_output=True, text=True, timeout=timeout, env=dict(CHILD_ENV, **(env or {})))
            return Result(argv, done.returncode, done.stdout, done.stderr)
        except subprocess.TimeoutExpired as expired:
            return Result(argv, None, str(expired.stdout or ""), str(expired.stderr or ""))

    def serve(self, courses, data, extra=(), preexec=None, wait=True):
        server = Server(self, courses, data, free_port(), extra, preexec)
        self.servers.append(server)
        return server.wait_up() if wait else server

    def copy_shipped(self, name="courses"):
        return shutil.copytree(SHIPPED, self.path(name))

    def user_add(self, data, number, name, unit=NODE_UNIT + " > Bidang PKP", role="learner"):
        result = self.run("user", "add", "--nip", number, "--name", name, "--unit", unit, "--role", role, "--data", data,
                          input=PASSWORD + "\n")
        if result.returncode != 0:
            raise RuntimeError("lentera user add failed:\n" + result.describe())

    def logs(self):
        return "\n".join(server.log_tail(1500) for server in self.servers)

    def close(self):
        for process in (p for p in self.processes if p.poll() is None):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        for server in self.http_servers:
            server.shutdown()
            server.server_close()
        shutil.rmtree(self.work, ignore_errors=True)


class FormFields(html.parser.HTMLParser):
    """What a browser submits from a quiz attempt page: hidden fields, the first radio of each name (checkboxes left
    out), numbers as 1, other text inputs and textareas filled with the given text."""

    def __init__(self, text_value):
        super().__init__()
        self.fields, self.text_value = [], text_value

    def handle_starttag(self, tag, attrs):
        a, names = dict(attrs), [n for n, _ in self.fields]
        name, kind = a.get("name") or "", a.get("type", "text")
        if tag == "textarea" and name or tag == "input" and name and "disabled" not in a and (
                kind == "hidden" or kind == "text" or kind == "radio" and name not in names):
            typed = "1" if a.get("inputmode") == "decimal" else self.text_value
            value = (a.get("value") or "") if kind in ("hidden", "radio") else typed
            self.fields.append((name, value))


def attempt_form(body, text_value="x"):
    parser = FormFields(text_value)
    parser.feed(body.decode(errors="replace"))
    return parser.fields


def start_quiz(base, browser, course, quiz):
    """Starts an attempt as the signed-in learner: (attempt id, csrf token), or (None, evidence)."""
    status, _, body = fetch(f"{base}/kursus/{course}/kuis/{quiz}", via=browser)
    token = csrf_of(body)
    if status != 200 or not token:
        return None, f"GET quiz page: {status}\n{clip(body, 1500)}"
    form = urllib.parse.urlencode({"csrf": token}).encode()
    status, headers, body = fetch(f"{base}/kursus/{course}/kuis/{quiz}/mulai", "POST", form, via=browser)
    found = re.search(r"/percobaan/(\d+)", headers.get("Location", "") if status in (302, 303) else "")
    return (int(found.group(1)), token) if found else (None, f"POST mulai: {status} {dict(headers or {})}\n{clip(body, 1500)}")


# MARK: - 1. Quiz routes


def scenario_quiz_routes(env, check):
    """Every attempt route x every mismatch of course, quiz, owner and id: 404 and nothing changed."""
    courses, data = env.copy_shipped(), env.path("data")
    roles = ["pre", "other", "owner", "final", "intruder", "repro"]
    numbers = {role: nip(100 + i) for i, role in enumerate(roles)}
    for role, number in numbers.items():
        env.user_add(data, number, f"Peserta {role}")
    server = env.serve(courses, data)
    base = server.base
    browsers = {role: sign_in(base, number) for role, number in numbers.items()}
    post = f"{base}/kursus/{PEMBINAAN}/kuis/post-test/percobaan"

    def state(attempt_id, number):
        row = query(data, "SELECT submitted_at, score, passed, expired, needs_grading FROM quiz_attempt WHERE id = ?", (attempt_id,))
        return {"attempt": row[0] if row else None,
                "answers": query(data, "SELECT COUNT(*) FROM quiz_answer WHERE attempt_id = ?", (attempt_id,))[0][0],
                "all answers": query(data, "SELECT COUNT(*) FROM quiz_answer")[0][0],
                "ledger": query(data, "SELECT COUNT(*) FROM ledger_entry l JOIN account a ON a.id = l.account_id WHERE a.nip = ?", (number,))[0][0],
                "all ledger": query(data, "SELECT COUNT(*) FROM ledger_entry")[0][0]}

    def is_open(snapshot):
        return snapshot["attempt"] is not None and snapshot["attempt"][:3] == (None, None, None) and snapshot["ledger"] == 0

    started = {}
    for role in ["pre", "other", "owner", "final", "repro"]:
        attempt_id, token = start_quiz(base, browsers[role], PEMBINAAN, "post-test")
        check.require(f"precondition: learner '{role}' starts the post-test", attempt_id, token)
        started[role] = (attempt_id, token)
    status, _, page = fetch(f"{post}/{started['final'][0]}", via=browsers["final"])
    fields = attempt_form(page)
    radios = [(n, v) for n, v in fields if n.startswith("a:")]
    check.require("precondition: the attempt page through its own URL shows the questions", status == 200 and radios,
                  f"status {status}\n{clip(page, 1500)}")
    answer = radios[0]
    item = html.unescape(answer[0][2:].split(":")[0])

    def attack(label, who, url, victim):
        """GET the page, save, check one answer, GET the result, submit: each 404 with nothing changed."""
        attempt_id = started[victim][0]
        token = started[who][1] if who in started else csrf_of(fetch(f"{base}/kursus/{PEMBINAAN}/kuis/post-test", via=browsers[who])[2])
        for name, method, path, action in [("GET attempt page", "GET", url, None), ("POST aksi=simpan", "POST", url, "simpan"),
                                           (f"POST aksi=periksa:{item}", "POST", url, f"periksa:{item}"),
                                           ("GET .../hasil", "GET", url + "/hasil", None), ("POST aksi=kumpulkan", "POST", url, "kumpulkan")]:
            body = None
            if action:
                body = urllib.parse.urlencode([("csrf", token or ""), ("aksi", action), (f"h:{item}", "1"), answer]).encode()
            before = state(attempt_id, numbers[victim])
            status, _, page = fetch(path, method, body, via=browsers[who])
            after = state(attempt_id, numbers[victim])
            check(f"{label}: {name} -> 404, the attempt unchanged and open, no answer or ledger row added",
                  status == 404 and after == before and is_open(after),
                  f"{method} {path} -> {status}\nbefore: {before}\nafter:  {after}\n{clip(page, 600)}")

    attack("post-test attempt under the pre-test's URL", "pre", f"{base}/kursus/{PEMBINAAN}/kuis/pre-test/percobaan/{started['pre'][0]}", "pre")
    attack(f"post-test attempt under {SPREADSHEET}/cek-rumus", "other",
           f"{base}/kursus/{SPREADSHEET}/kuis/cek-rumus/percobaan/{started['other'][0]}", "other")
    attack("another learner's attempt id under the right URL", "intruder", f"{post}/{started['owner'][0]}", "owner")
    missing = query(data, "SELECT COALESCE(MAX(id), 0) FROM quiz_attempt")[0][0] + 1000
    attack("an attempt id that does not exist", "final", f"{post}/{missing}", "final")

    # The reproduction, exactly: an empty submission of the post-test attempt under the pre-test's URL.
    attempt_id, token = started["repro"]
    url = f"{base}/kursus/{PEMBINAAN}/kuis/pre-test/percobaan/{attempt_id}"
    status, _, page = fetch(url, "POST", urllib.parse.urlencode({"csrf": token, "aksi": "kumpulkan"}).encode(), via=browsers["repro"])
    after = state(attempt_id, numbers["repro"])
    check("issue 9 reproduction: empty aksi=kumpulkan under pre-test/percobaan/N -> 404, no score, no pass, no JP",
          status == 404 and is_open(after), f"POST {url} -> {status}\n{after}\n{clip(page, 600)}")

    # The right URL still works: save, then submit; the attempt is graded; others still cannot see it.
    attempt_id, token = started["final"]
    fields = [("csrf", token), ("aksi", "simpan")] + fields
    before = state(attempt_id, numbers["final"])
    status, headers, _ = fetch(f"{post}/{attempt_id}", "POST", urllib.parse.urlencode(fields).encode(), via=browsers["final"])
    after = state(attempt_id, numbers["final"])
    check("the right URL: aksi=simpan -> 303 and the answers are stored",
          status == 303 and after["answers"] > before["answers"] and is_open(after), f"status {status}\nbefore {before}\nafter {after}")
    fields[1] = ("aksi", "kumpulkan")
    status, headers, _ = fetch(f"{post}/{attempt_id}", "POST", urllib.parse.urlencode(fields).encode(), via=browsers["final"])
    row = state(attempt_id, numbers["final"])["attempt"]
    check("the right URL: aksi=kumpulkan -> 303 to .../hasil, the attempt submitted and scored (pass/fail, or awaiting an essay grade)",
          status == 303 and headers.get("Location", "").endswith(f"/percobaan/{attempt_id}/hasil") and row and row[0] and row[1] is not None
          and (row[2] is not None or row[4]), f"status {status}, Location {headers.get('Location') if headers else None}, row {row}")
    status, _, _ = fetch(f"{post}/{attempt_id}/hasil", via=browsers["final"])
    check("the right URL: GET .../hasil -> 200 for its owner", status == 200, f"status {status}")
    for label, who, url in [("another learner", "intruder", f"{post}/{attempt_id}/hasil"),
                            ("its owner under the pre-test's URL", "final", f"{base}/kursus/{PEMBINAAN}/kuis/pre-test/percobaan/{attempt_id}/hasil")]:
        status, _, _ = fetch(url, via=browsers[who])
        check(f"the graded attempt's result for {label} -> 404", status == 404, f"GET {url} -> {status}")


# MARK: - 2. Stored XSS


XSS = "uji-xss"
SCRIPT_URL = f"/berkas/{XSS}/e.js"
JS_ENTITIES = "".join(f"&#{ord(c):07d}" for c in "javascript:")
DATA_HTML = "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="
JS_HEX = "".join(f"&#x{ord(c):X}" for c in "javascript") + ":"  # a hex reference before "alert" would swallow the "a"
PAYLOADS = [
    """<span title=' data-sourcepos="' class="x' onmouseover='alert(1)' y">z</span>""",
    f"""<span title=' data-sourcepos="'><!-- "'><script src={SCRIPT_URL}></script> --></span>""",
    f"""<!-- data-sourcepos="--><script src="{SCRIPT_URL}"></script>""",
    f"""<!-- data-sourcepos=" --><img title="--><script src={SCRIPT_URL}></script>">""",
    f"""<div title="<!--" data-sourcepos="x">--><script src={SCRIPT_URL}></script></div>""",
    f"""<p title=' data-sourcepos="'>a</p><!-- "' onmouseover=alert(1) x=' -->""",
    """<!--><script>alert(1)</script>-->""",
    """<!---><img src=x onerror=alert(1)>-->""",
    """<!-- --!><img src=x onerror=alert(1)> -->""",
    f"""<a href="{JS_ENTITIES}alert(1)">x</a>""",
    f"""<a href="{JS_HEX}alert(1)">x</a>""",
    f"""<a href={JS_HEX}alert(1)>x</a>""",
    f"""<a href={JS_ENTITIES}alert(1)>x</a>""",
    """<a href="jav&#x09;ascript:alert(1)">x</a> <a href=" &#14; javascript:alert(1)">y</a> <a href="javascript&colon;alert(1)">z</a>""",
    f"""<a href="JaVaScRiPt:alert(1)">x</a> <a href='vbscript:msgbox(1)'>y</a> <a href="{DATA_HTML}">z</a>""",
    """[x](javascript:alert(1)) [y](JAVASCRIPT:alert(1)) [z](&#106;avascript:alert(1)) [w](java&#115;cript:alert(1)) [v](<javascript:alert(1)>)""",
    f"""[d]({DATA_HTML}) [b](vbscript:msgbox(1)) ![i](javascript:alert(1)) <javascript:alert(1)>""",
    """<img src=x onerror=alert(1)> <IMG SRC="x" ONERROR="alert(1)"> <img src=x onerror
=alert(1)> <img src="data:text/html,<script>alert(1)</script>">""",
    """<svg><script>alert(1)</script></svg> <svg onload=alert(1)> <svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>""",
    """<math><mi xlink:href=javascript:alert(1)>x</mi></math>""",
    """<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">y</maction></math>""",
    """<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=alert(1)&gt;">""",
    """<math><![CDATA[</math><img src=x onerror=alert(1)>]]></math> <math href="javascript:alert(1)"><mi>x</mi></math>""",
    """<math><semantics><mi>x</mi><annotation-xml encoding="text/html"><img src=x onerror=alert(1)></annotation-xml></semantics></math>""",
    """<math><style><img src=x onerror=alert(1)></style></math> <math><mi><malignmark><mglyph src=x onerror=alert(1)></mi></math>""",
    """<iframe srcdoc="<script>alert(1)</script>"></iframe> <object data="javascript:alert(1)"></object> <embed src="javascript:alert(1)">""",
    """<meta http-equiv="refresh" content="0;url=javascript:alert(1)"> <base href="javascript:alert(1)//"> <style>@import 'x';</style>""",
    """<form><button formaction=javascript:alert(1)>x</button></form> <details open ontoggle=alert(1)>d</details>""",
    """<video poster=javascript:alert(1)></video> <input onfocus=alert(1) autofocus>""",
    """<scr<script>ipt>alert(1)</script> <p title="--><script>alert(1)</script>">x</p>""",
    """<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>""",
    """<div data-sourcepos="1:1-1:2" onclick=alert(1)>x</div> <a href="x" data-sourcepos='"' onclick="alert(1)">y</a>""",
]
LINKED_FILES = ["x", "jav\tascript:alert(1)", " \x0e javascript:alert(1)"]
REFERENCE = "[tautan][r]\n\n[r]: javascript:alert(1)"
HEADINGS = [
    "## Judul <img src=x onerror=alert(1)>",
    '## <a href="javascript:alert(1)">Tautan</a> dalam judul',
    "### Judul <script>alert(1)</script>",
    """## Judul <span title=' data-sourcepos="' class="x' onmouseover='alert(1)' y">z</span>""",
]


def xss_markdown():
    blocks = []
    for payload in PAYLOADS:
        blocks += [payload, f"Teks sebelum {payload} teks sesudah."]
    return "\n\n".join(["# Modul Uji", *HEADINGS, REFERENCE, *blocks]) + "\n"


def xss_quiz_markdown():
    parts = ["---\ntitle: Kuis Uji\n---", "\n\n".join(PAYLOADS[:4])]
    for i, payload in enumerate(PAYLOADS):
        parts.append(f"## Soal {i + 1}\n\nPertanyaan {i + 1}:\n\n{payload}\n\n"
                     f"- [x] Benar\n  > {payload}\n- [ ] Salah\n  > {payload}\n\nUmpan balik: {payload}")
    parts.append(f"## Soal {HEADINGS[0][3:]}\n\nPertanyaan.\n\n- [x] Benar\n- [ ] Salah")
    parts.append(f"## Esai\ntipe: esai\n\n{PAYLOADS[0]}\n\n{PAYLOADS[1]}")
    return "\n\n".join(parts) + "\n"


def gift_escape(text):
    return re.sub(r"([~=#{}:\\])", r"\\\1", text.replace("\n", " "))


def xss_gift():
    questions = []
    for i, payload in enumerate(PAYLOADS):
        p = gift_escape(payload)
        questions.append(f"::Soal {i + 1}::[markdown]{p}{{\n=Benar#{p}\n~Salah#{p}\n####{p}\n}}")
        questions.append(f"::Html {i + 1}::[html]{p}{{=Benar ~Salah}}")
    return "\n\n".join(questions) + "\n"


class ActiveContent(html.parser.HTMLParser):
    """A strict oracle: every element, attribute and URL that could run script, with the raw tag that carries it.
    Allowed: the page chrome's own stylesheet, icon and lentera.js under /aset/, its web app manifest, and the charset,
    viewport and theme-color metas."""

    FORBIDDEN = {"script", "style", "iframe", "object", "embed", "base", "meta", "frame", "frameset", "applet", "svg",
                 "link", "portal", "fencedframe"}
    # Formulas are shown (issue 13), but never with the elements of the namespace-confusion bypasses, an HTML
    # integration point, or a link.
    FORBIDDEN_IN_MATH = {"mglyph", "malignmark", "annotation-xml"}
    MATH_ATTRIBUTES = {"href", "xlink:href", "src", "encoding", "definitionurl"}
    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "background", "cite"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.math = 0

    def handle_endtag(self, tag):
        if tag == "math" and self.math:
            self.math -= 1

    def problem(self, reason):
        tag = self.get_starttag_text() or ""
        self.problems.append(f"{reason}: {tag if len(tag) <= 160 else tag[:160] + '...'!r} (line {self.getpos()[0]})")

    def handle_starttag(self, tag, attrs):
        a = {name: value or "" for name, value in attrs}
        if tag in self.FORBIDDEN and not self.chrome(tag, a):
            self.problem(f"<{tag}> element")
        if self.math and tag in self.FORBIDDEN_IN_MATH:
            self.problem(f"<{tag}> inside <math>")
        if self.math or tag == "math":
            for name in set(a) & self.MATH_ATTRIBUTES:
                self.problem(f"{name} inside <math>")
        if tag == "math" and self.get_starttag_text() and not self.get_starttag_text().endswith("/>"):
            self.math += 1
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problem(f"event handler {name}")
            if name in ("srcdoc", "http-equiv"):
                self.problem(f"attribute {name}")
            if name in self.URL_ATTRIBUTES:
                url = re.sub(r"[\x00-\x20\x7f]", "", value).lower()
                if url.startswith(("javascript:", "vbscript:", "livescript:")) or (
                        url.startswith("data:") and not (tag == "img" and name == "src" and url.startswith("data:image/"))):
                    self.problem(f"{name} with an active URL {value[:60]!r}")

    handle_startendtag = handle_starttag

    @staticmethod
    def chrome(tag, a):
        aset = re.compile(r"^/aset/[^/]+/[\w.-]+$")
        if tag == "script":
            return aset.match(a.get("src", "")) and set(a) <= {"src", "defer"}
        if tag == "link":
            if a.get("rel") == "manifest":
                return a.get("href") == "/manifest.webmanifest" and set(a) == {"rel", "href"}
            return aset.match(a.get("href", "")) and a.get("rel") in ("stylesheet", "icon") and set(a) <= {"rel", "href", "type"}
        if tag == "meta":
            return set(a) == {"charset"} or (a.get("name") in ("viewport", "theme-color") and set(a) == {"name", "content"})
        return False


def without_comments(text):
    """The text with comments removed as an HTML5 tokenizer ends them (`<!-->`, `<!--->`, `--!>`, bogus comments),
    which Python's html.parser before 3.13 does not."""
    out, i = [], 0
    opening = re.compile(r"<(!--|!|\?|/(?![A-Za-z>]))")
    closing = re.compile(r"--!?>")
    while True:
        m = opening.search(text, i)
        if not m:
            return "".join(out + [text[i:]])
        out.append(text[i:m.start()])
        j = m.end()
        if m.group(1) == "!--":
            if text.startswith(">", j) or text.startswith("->", j):
                i = text.index(">", j) + 1
                continue
            end = closing.search(text, j)
            i = end.end() if end else len(text)
        else:
            k = text.find(">", j)
            if m.group(1) == "!" and text[j:j + 7].lower() == "doctype":
                out.append(text[m.start():k + 1 if k >= 0 else len(text)])
            i = k + 1 if k >= 0 else len(text)


def active_content(text):
    """Every problem found by the oracle, on the text as it is and with comments ended the HTML5 way."""
    problems = []
    for variant in (text, without_comments(text)):
        parser = ActiveContent()
        parser.feed(variant)
        parser.close()
        problems += [p for p in parser.problems if p not in problems]
    return problems


def scenario_xss(env, check):
    """The bypass shapes on every HTML-producing path: module, course, quiz intro, attempt, result, grading, render."""
    courses, data = env.path("courses"), env.path("data")
    folder = os.path.join(courses, XSS)
    write(os.path.join(folder, "course.xml"), "\n".join([
        '<?xml version="1.0" encoding="UTF-8"?>', f'<course id="{XSS}" lang="id" jp="1" version="1.0">', "  <title>Uji XSS</title>",
        f"  <summary>{html.escape(PAYLOADS[0])}</summary>", '  <module id="modul" href="01-modul.md"/>',
        '  <quiz id="kuis-md" title="Kuis Markdown" href="kuis/uji.quiz.md" attempts="0"/>',
        '  <quiz id="kuis-gift" title="Kuis GIFT" href="kuis/uji.gift" attempts="0"/>', "</course>", ""]))
    write(os.path.join(folder, "01-modul.md"), xss_markdown())
    write(os.path.join(folder, "kuis", "uji.quiz.md"), xss_quiz_markdown())
    write(os.path.join(folder, "kuis", "uji.gift"), xss_gift())
    write(os.path.join(folder, "e.js"), "alert(document.cookie)\n")
    for name in LINKED_FILES:  # what `lentera check` reads as relative file links must exist, or the course is refused
        write(os.path.join(folder, name), "x")
        write(os.path.join(folder, "kuis", name), "x")
    learner, admin = nip(201), nip(202)
    env.user_add(data, learner, "Peserta Uji")
    env.user_add(data, admin, "Admin Uji", unit=NODE_UNIT, role="admin")
    lint = env.run("check", courses, "--lang", "en")
    server = env.serve(courses, data)
    browser = sign_in(server.base, learner)
    pages = {}

    def page(label, url, via=None):
        status, _, body = fetch(server.base + url, via=via or browser)
        if check(f"{label}: GET {url} -> 200", status == 200,
                 lambda: f"status {status}\n{clip(body, 800)}\n--- lentera check\n{clip(lint.out, 2000)}"):
            pages[label] = body.decode(errors="replace")
        return status, body

    page("home page", "/")
    page("course page", f"/kursus/{XSS}")
    page("module page", f"/kursus/{XSS}/modul")
    for quiz in ("kuis-md", "kuis-gift"):
        page(f"{quiz} intro", f"/kursus/{XSS}/kuis/{quiz}")
        attempt_id, token = start_quiz(server.base, browser, XSS, quiz)
        if not check(f"{quiz}: an attempt starts", attempt_id, lambda: f"{token}\n--- lentera check\n{clip(lint.out, 2000)}"):
            continue
        url = f"/kursus/{XSS}/kuis/{quiz}/percobaan/{attempt_id}"
        status, body = page(f"{quiz} attempt page", url)
        fields = [("csrf", token), ("aksi", "kumpulkan")] + attempt_form(body, PAYLOADS[1])
        status, _, _ = fetch(server.base + url, "POST", urllib.parse.urlencode(fields).encode(), via=browser)
        check(f"{quiz}: submitting -> 303", status == 303, f"status {status}")
        page(f"{quiz} result and review", url + "/hasil")
    status, body = page("essay grading page (admin)", "/penilaian", via=sign_in(server.base, admin))
    check("the grading page shows the learner's essay", b"Peserta Uji" in body and b"data-sourcepos" in body, lambda: clip(body, 1500))
    rendered = env.run("render", os.path.join(folder, "01-modul.md"))
    if check("lentera render 01-modul.md exits 0", rendered.returncode == 0, rendered.describe):
        pages["lentera render 01-modul.md"] = rendered.stdout
    for label, text in pages.items():
        problems = active_content(text)
        check(f"{label}: no script/style/iframe/object/embed/base/meta/svg, no mglyph/annotation-xml/link in a formula, no on* attribute, "
              "no javascript:/vbscript:/data: URL",
              not problems, lambda: "\n".join(problems[:40]) + (f"\n... {len(problems) - 40} more" if len(problems) > 40 else ""))


# MARK: - 3. Node scope


def statement_id(parts):
    digest = bytearray(hashlib.sha1(b"lentera-xapi-ids" + "|".join(parts).encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def timestamp(moment):
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def statement(number, course, unit, version=None, jp=None, certificate=None, module=None, title=None, node=NODE):
    """A completion as a node sends it (XAPI.Completion.statement()): a course when module is None, else a module."""
    now = datetime.now(timezone.utc) - timedelta(minutes=5)
    extensions = {EXT + "node": node, EXT + "unit": unit, EXT + "status": "pns"}
    result = {"completion": True}
    if module is None:
        object_id, parts = f"lentera:course:{course}", [node, "completed", number, "course", course, version]
        extensions.update({EXT + "version": version, EXT + "jp": jp, EXT + "certificate": certificate,
                           EXT + "started": timestamp(now - timedelta(days=1))})
        result["score"] = {"scaled": 0.9}
        definition = {"name": {"id": title or course}, "type": "http://adlnet.gov/expapi/activities/course"}
    else:
        object_id, parts = f"lentera:course:{course}:module:{module}", [node, "completed", number, "course", course, "module", module]
        definition = {"type": "http://adlnet.gov/expapi/activities/module"}
    return {"id": statement_id(parts), "timestamp": timestamp(now), "result": result, "context": {"extensions": extensions},
            "actor": {"objectType": "Agent", "name": f"Pegawai {number[-4:]}", "account": {"homePage": "https://lentera.id/nip", "name": number}},
            "verb": {"id": COMPLETED, "display": {"id": "menyelesaikan", "en": "completed"}},
            "object": {"objectType": "Activity", "id": object_id, "definition": definition}}


def certificate_number():
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    groups = ["".join(alphabet[b % len(alphabet)] for b in os.urandom(4)) for _ in range(3)]
    return f"LTR-{datetime.now().year}-" + "-".join(groups)


def scenario_node_scope(env, check):
    """A node key mints nothing outside its units, courses and versions; the centre decides JP and numbers."""
    courses, data = env.copy_shipped(), env.path("pusat", "data")
    inside, outside, admin, operator, collide, stranger, newcomer = (nip(n) for n in range(301, 308))
    env.user_add(data, inside, "Peserta Sleman", unit=NODE_UNIT + " > Bidang PKP")
    env.user_add(data, outside, "Peserta Kementerian", unit=OTHER_UNIT)
    env.user_add(data, admin, "Admin Sleman", unit=NODE_UNIT, role="admin")
    env.user_add(data, operator, "Operator Sleman", unit=NODE_UNIT, role="operator")
    env.user_add(data, collide, "Peserta Bentrok", unit=NODE_UNIT)
    result = env.run("node", "add", "--name", NODE, "--unit", NODE_UNIT, "--data", data)
    found = KEY_LINE.search(result.out)
    check.require(f"lentera node add --name {NODE} --unit \"{NODE_UNIT}\" prints the key", result.returncode == 0 and found, result.describe)
    key = found.group("key")
    centre = env.serve(courses, data, extra=["--share-password-hashes"])
    versions = {c.get("id"): c.get("version") for c in (catalogue(centre.base) or {"courses": []})["courses"]}
    check.require("precondition: the catalogue lists both shipped courses with their versions",
                  versions.get(PEMBINAAN) and versions.get(SPREADSHEET), f"{versions}")
    jp = {c: float(ElementTree.parse(os.path.join(SHIPPED, c, "course.xml")).getroot().get("jp")) for c in (PEMBINAAN, SPREADSHEET)}
    title = ElementTree.parse(os.path.join(SHIPPED, PEMBINAAN, "course.xml")).getroot().findtext("title")
    staff = sign_in(centre.base, admin)
    headers = {"Content-Type": "application/json", "X-Experience-API-Version": "1.0.3", "Authorization": f"Bearer {key}"}

    def reports():
        return [fetch(f"{centre.base}/operator/laporan/{name}", via=staff)[2] for name in ("jp.csv", "kepatuhan.csv")]

    def counts():
        tables = ("xapi_statement", "ledger_entry", "account", "content_summary_log")
        return {table: query(data, f"SELECT COUNT(*) FROM {table}")[0][0] for table in tables}

    def good(number=inside, course=SPREADSHEET, unit=NODE_UNIT + " > Bidang PKP"):
        return statement(number, course, unit, versions[course], str(jp[course]), certificate_number())

    baseline = reports()
    refused = [
        ("a course the centre does not publish", [statement(inside, "kursus-fiktif", NODE_UNIT, "1.0", "999", certificate_number())]),
        ("a module of a course the centre does not publish", [statement(inside, "kursus-fiktif", NODE_UNIT, module="modul-1")]),
        ("a published course in a version the centre does not publish", [statement(inside, PEMBINAAN, NODE_UNIT, "9.9", "4", certificate_number())]),
        ("an existing learner outside the node's units", [good(outside, unit=OTHER_UNIT)]),
        ("an existing learner outside the node's units, the statement claiming the node's unit", [good(outside)]),
        ("a new NIP in another ministry", [good(stranger, unit=OTHER_UNIT)]),
        ("the NIP of an admin in the node's unit", [good(admin, unit=NODE_UNIT)]),
        ("the NIP of an operator in the node's unit", [good(operator, unit=NODE_UNIT)]),
        ("a batch of one good and one bad statement (admin NIP)", [good(), good(admin, PEMBINAAN, NODE_UNIT)]),
    ]
    for label, batch in refused:
        before = counts()
        status, _, body = fetch(centre.base + "/xapi/statements", "POST", json.dumps(batch).encode(), headers)
        after = counts()
        check(f"POST /xapi/statements, {label} -> 403, nothing stored", status == 403 and after == before,
              f"status {status}: {body[:300]!r}\nbefore {before}\nafter  {after}")
    forged = good(operator, PEMBINAAN, NODE_UNIT)
    before = counts()
    status, _, body = fetch(f"{centre.base}/xapi/statements?statementId={forged['id']}", "PUT", json.dumps(forged).encode(), headers)
    check("PUT /xapi/statements?statementId= for an operator's NIP -> 403, nothing stored", status == 403 and counts() == before,
          f"status {status}: {body[:300]!r}")
    check("/operator JP and compliance reports are unchanged by the refused statements", reports() == baseline,
          lambda: "before:\n" + b"\n".join(baseline).decode(errors="replace") + "\nafter:\n" + b"\n".join(reports()).decode(errors="replace"))

    node_number = certificate_number()
    valid = statement(inside, PEMBINAAN, NODE_UNIT + " > Bidang PKP", versions[PEMBINAAN], "999", node_number, title="Judul Palsu")
    status, body = fetch_json(centre.base + "/xapi/statements", headers, "POST", json.dumps([valid]).encode())
    check("a valid statement for a learner of the node's unit -> 200 with its id", status == 200 and body == [valid["id"]],
          f"status {status}: {body}\n{centre.log_tail(800)}")
    rows = query(data, "SELECT l.jp_hundredths, l.certificate_number, l.course_title FROM ledger_entry l JOIN account a ON a.id = l.account_id "
                       "WHERE a.nip = ? AND l.course_id = ? AND l.course_version = ?", (inside, PEMBINAAN, versions[PEMBINAAN]))
    check(f"its JP is the centre's ({jp[PEMBINAAN]:g} from course.xml), not the statement's 999",
          len(rows) == 1 and rows[0][0] == round(jp[PEMBINAAN] * 100), f"ledger rows: {rows}")
    check("its certificate number is minted by the centre, not the node's", len(rows) == 1 and rows[0][1] != node_number,
          f"node's number {node_number}, ledger rows: {rows}")
    check("its course title is the centre's, not the statement's", len(rows) == 1 and rows[0][2] == title, f"ledger rows: {rows}")
    centre_number = rows[0][1] if len(rows) == 1 else "LTR-0000-NONE-NONE-NONE"
    accept = {"Accept": "application/json"}
    status, shown = fetch_json(f"{centre.base}/verifikasi/{urllib.parse.quote(node_number)}", accept)
    check("/verifikasi/NODE_NUMBER does not show a certificate under the node's number",
          status == 404 or (status == 200 and (shown or {}).get("number") == centre_number != node_number), f"status {status}: {shown}")
    status, verified = fetch_json(f"{centre.base}/verifikasi/{urllib.parse.quote(centre_number)}", accept)
    check("/verifikasi/CENTRE_NUMBER shows the certificate with the centre's JP",
          status == 200 and (verified or {}).get("number") == centre_number and verified.get("jp") == jp[PEMBINAAN], f"status {status}: {verified}")
    welcome = good(newcomer, SPREADSHEET, NODE_UNIT + " > Bidang Baru")
    status, _, body = fetch(centre.base + "/xapi/statements", "POST", json.dumps([welcome]).encode(), headers)
    rows = query(data, "SELECT l.jp_hundredths FROM ledger_entry l JOIN account a ON a.id = l.account_id WHERE a.nip = ? AND a.role = 'learner'",
                 (newcomer,))
    check("a new NIP inside the node's units -> 200, a learner credited with the centre's JP",
          status == 200 and [r[0] for r in rows] == [round(jp[SPREADSHEET] * 100)], f"status {status}: {body[:300]!r}; rows {rows}")

    # Roster pull: a node's own admin shares a NIP with a centre learner in the node's unit.
    node_data = env.path("node", "data")
    env.user_add(node_data, collide, "Admin Kabupaten", unit="Pemkab Sleman > Diskominfo", role="admin")
    sql = "SELECT role, unit, password_hash FROM account WHERE nip = ?"
    before = query(node_data, sql, (collide,))
    result = env.run("roster", "pull", "--from", centre.base, "--data", node_data, env={"LENTERA_NODE_KEY": key})
    check("lentera roster pull (LENTERA_NODE_KEY) exits 0", result.returncode == 0, result.describe)
    after = query(node_data, sql, (collide,))
    check("the node's admin with a colliding NIP keeps role, unit and password hash", after == before and before,
          f"before {before}\nafter  {after}\n{result.describe()}")
    check("roster pull reports the collision (names it: collision/conflict/not applied/skipped, or the NIP)",
          re.search(r"collision|conflict|bentrok|not applied|tidak diterapkan|skipped|dilewati", result.out, re.I)
          or collide in result.out or ("•" + collide[-4:]) in result.out, result.describe)
    created = dict(query(node_data, "SELECT nip, role FROM account"))
    check("roster pull creates no learner outside the node's units", outside not in created and stranger not in created, f"accounts: {created}")
    check("roster pull creates the learner of the node's unit", created.get(inside) == "learner", f"accounts: {created}\n{result.describe()}")


# MARK: - 4. Absence is never deletion


class Front(http.server.ThreadingHTTPServer):
    """The node's upstream address: forwards GETs to the centre, or answers the catalogue with fake bytes."""

    def __init__(self, target):
        self.target, self.fake = target, None
        front = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                if front.fake is not None and urllib.parse.urlsplit(self.path).path == "/mirror/catalogue.json":
                    status, headers, body = 200, {"Content-Type": "application/json"}, front.fake
                else:
                    status, headers, body = fetch(front.target + self.path, headers={
                        k: v for k, v in self.headers.items() if k.lower() in ("authorization", "range", "if-none-match", "if-range")})
                self.send_response(status or 502)
                for name, value in (headers or {}).items():
                    if name.lower() not in ("connection", "transfer-encoding", "content-length", "server", "date"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        super().__init__(("127.0.0.1", 0), Handler)
        self.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def handle_error(self, request, client_address):
        pass  # a mirror client that hangs up once it has what it needs is not news


def scenario_absence(env, check):
    """A failed listing keeps every course; only a tombstone removes one at a node; fake catalogues change nothing."""
    courses, data = env.copy_shipped("pusat"), env.path("pusat-data")
    withdrawn = "kursus-ditarik"
    write(os.path.join(courses, withdrawn, "course.xml"), "\n".join([
        '<?xml version="1.0" encoding="UTF-8"?>', f'<course id="{withdrawn}" lang="id" jp="1" version="1.0">', "  <title>Kursus Ditarik</title>",
        '  <module id="modul" href="01-modul.md"/>', "</course>", ""]))
    write(os.path.join(courses, withdrawn, "01-modul.md"), "# Kursus Ditarik\n\nKursus ini akan ditarik.\n")
    ids = course_ids(courses)
    result = env.run("node", "add", "--name", "kabupaten", "--unit", "Pemkab Sleman", "--data", data)
    key = KEY_LINE.search(result.out)
    check.require("precondition: lentera node add prints the key", key, result.describe)
    centre = env.serve(courses, data)
    front = Front(centre.base)
    env.http_servers.append(front)
    node = env.path("node", "courses")

    def mirror():
        return env.run("mirror", "--from", front.base, "--courses", node, "--key", key.group("key"), timeout=120)

    def node_has(expected):
        return [c for c in expected if not os.path.isfile(os.path.join(node, c, "course.xml"))]

    def resync(label, expected):
        """Waits until the centre lists the expected courses again and the node holds them (after an earlier failure)."""
        listed = wait_until(lambda: listed_ids(centre.base) == sorted(expected), 15)
        check.require(f"precondition ({label}): the centre lists {len(expected)} courses", listed, centre.log_tail)
        result = mirror()
        check.require(f"precondition ({label}): the node mirrors them", result.returncode == 0 and not node_has(expected), result.describe)

    resync("start", ids)

    for label, breaking in [("a regular file", lambda: write(courses, "bukan folder\n")),
                            ("a broken symlink", lambda: os.symlink(env.path("tidak-ada"), courses))]:
        os.rename(courses, courses + ".away")
        offset = len(centre.log_text())
        breaking()
        seen = [time.sleep(0.5) or listed_ids(centre.base) for _ in range(8)]  # several passes of the course watcher
        check(f"courses folder replaced by {label}: the catalogue lists every course throughout",
              all(s == sorted(ids) for s in seen), f"catalogue ids seen: {seen}\n{centre.log_tail()}")
        missing = home_lists(centre.base, ids)
        check(f"courses folder replaced by {label}: the home page lists every course", missing == [], f"missing: {missing}")
        log = centre.log_text()[offset:]
        check(f"courses folder replaced by {label}: the server logs an error and removes no course",
              re.search(r"\berror\b", log, re.I) and "course folder removed" not in log, f"log since:\n{clip(log, 2000)}")
        result = mirror()
        check(f"courses folder replaced by {label}: a node mirroring meanwhile keeps every course", not node_has(ids),
              f"missing at the node: {node_has(ids)}\n{result.describe()}")
        os.remove(courses)
        os.rename(courses + ".away", courses)
        resync(f"{label} put back", ids)

    shutil.rmtree(os.path.join(courses, withdrawn))
    listed = wait_until(lambda: (lambda c: c if c and withdrawn not in [e.get("id") for e in c["courses"]] else None)(catalogue(centre.base)), 15)
    stone = next((t for t in (listed or {}).get("withdrawn") or [] if isinstance(t, dict) and t.get("id") == withdrawn), {})
    stamped = re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d", str(stone.get("at")))  # an ISO 8601 time
    check(f"a deleted course folder: the catalogue lists it under \"withdrawn\" as {{id, at}}", listed and stamped,
          f"catalogue: {json.dumps(listed)[:1500]}")
    result = mirror()
    kept = [c for c in ids if c != withdrawn]
    check("the node removes the withdrawn course on its next mirror and keeps the others",
          not os.path.exists(os.path.join(node, withdrawn)) and not node_has(kept), result.describe)

    real = fetch(centre.base + "/mirror/catalogue.json")[2]
    for label, fake in [("an empty catalogue (format and no courses)", json.dumps({"format": FORMAT, "courses": []}).encode()),
                        ('{"courses":[]}', b'{"courses":[]}'), ("a truncated catalogue", real[:len(real) // 2])]:
        resync(f"before {label}", kept)
        front.fake = fake
        result = mirror()
        front.fake = None
        check(f"an upstream serving {label}: the node keeps its courses", not node_has(kept), f"missing: {node_has(kept)}\n{result.describe()}")


# MARK: - 5. Connections


def scenario_connections(env, check):
    """600 idle connections under ulimit -n 256 and a cap of 64: the site keeps its courses and recovers."""
    courses, data = env.copy_shipped(), env.path("data")
    ids = course_ids(courses)
    low = lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))  # noqa: E731
    server = env.serve(courses, data, extra=["--max-connections", "64", "--idle-timeout", "2"], preexec=low, wait=False)
    try:
        server.wait_up()
        check("serve accepts --max-connections 64 --idle-timeout 2", True)
    except RuntimeError as error:
        check("serve accepts --max-connections 64 --idle-timeout 2", False, str(error))
        server = env.serve(courses, data, preexec=low)  # the rest of the attack on a binary without the options
    address = ("127.0.0.1", server.port)

    quiet, slow = socket.create_connection(address, timeout=5), socket.create_connection(address, timeout=5)
    slow.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # a request whose headers never end
    began = time.time()
    for name, sock in (("nothing sent", quiet), ("headers never finished", slow)):
        sock.settimeout(max(0.1, began + 5 - time.time()))
        try:
            while sock.recv(4096):
                pass
            closed = True
        except socket.timeout:
            closed = False
        except OSError:  # reset by the server
            closed = True
        sock.close()
        check(f"a connection with {name} is closed by the server within 2x the idle timeout", closed,
              f"still open after {time.time() - began:.1f} s")

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 2048:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))
    monitor = http.client.HTTPConnection("127.0.0.1", server.port, timeout=3)  # accepted before the flood, kept busy

    def poll():
        try:
            monitor.request("GET", "/")
            response = monitor.getresponse()
            text = response.read().decode(errors="replace")
        except (OSError, http.client.HTTPException) as error:
            monitor.close()
            return f"no answer ({error.__class__.__name__})"
        missing = [i for i in ids if f"/kursus/{i}" not in text]
        return f"status {response.status}" if response.status != 200 else (f"missing {missing}" if missing else "all")

    check.require("precondition: GET / on a kept-alive connection lists every course", poll() == "all", server.log_tail)
    flood = [socket.socket() for _ in range(600)]
    for sock in flood:
        sock.setblocking(False)
        sock.connect_ex(address)  # EINPROGRESS; refused or reset ones are part of the test
    polls = [time.sleep(0.5) or poll() for _ in range(8)]  # several passes of the course watcher while descriptors are short
    connected = sum(1 for s in flood if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0)
    for sock in flood + [monitor]:
        sock.close()
    print(f"    (flood: 600 connections opened, {connected} without error)", flush=True)
    check("while 600 connections are open, GET / on a connection accepted before answers and lists every course each time",
          "all" in polls and all(p == "all" or p.startswith("no answer") for p in polls), f"polls: {polls}\n{server.log_tail()}")
    time.sleep(0.3)
    check("the server is still running after the flood", server.process.poll() is None, server.log_tail)
    missing = home_lists(server.base, ids)
    check("right after the flood GET / lists every course", missing == [], f"missing: {missing}\n{server.log_tail()}")
    listed = listed_ids(server.base)
    check("right after the flood /mirror/catalogue.json lists every course", listed == sorted(ids), f"catalogue lists {listed}")
    check("no course was removed during the flood (no 'course folder removed' in the log)", "course folder removed" not in server.log_text(),
          server.log_tail)
    statuses = [fetch(server.base + "/", timeout=10)[0] for _ in range(20)]
    check("the server recovers: 20 sequential GET / -> 200", statuses == [200] * 20, f"statuses: {statuses}\n{server.log_tail()}")
    check("the server is alive at the end", server.process.poll() is None, server.log_tail)


SCENARIOS = {"quiz_routes": scenario_quiz_routes, "xss": scenario_xss, "node_scope": scenario_node_scope, "absence": scenario_absence,
             "connections": scenario_connections}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--only", help="comma-separated scenario names or numbers, e.g. quiz_routes,xss")
    args = parser.parse_args()
    binary, names = os.path.abspath(args.binary), list(SCENARIOS)
    chosen = [n.strip() for n in args.only.split(",")] if args.only else names
    chosen = [names[int(n) - 1] if n.isdigit() and 0 < int(n) <= len(names) else n for n in chosen]
    if set(chosen) - set(names):
        parser.error(f"unknown scenarios {sorted(set(chosen) - set(names))}; known: {', '.join(names)}")
    if not os.access(binary, os.X_OK):
        parser.error(f"{binary} is not an executable")
    check, started = Checks(), time.time()
    for name, scenario in SCENARIOS.items():
        if name not in chosen:
            continue
        check.prefix = f"[{name}] "
        env = Env(binary, name)
        began = time.time()
        try:
            scenario(env, check)
        except Abort:
            print(env.logs(), flush=True)
        except Exception:
            check(f"{name}: the scenario ran to its end", False, traceback.format_exc() + env.logs())
        finally:
            env.close()
            print(f"security: [{name}] {time.time() - began:.1f} s", flush=True)
    check.prefix = ""
    print(f"security: {time.time() - started:.0f} s", flush=True)
    print(f"{check.passed} passed, {check.failed} failed", flush=True)
    sys.exit(1 if check.failed else 0)


if __name__ == "__main__":
    main()
