#!/usr/bin/env python3
"""Mirroring and upward sync (issue 5) with real Lentera processes on loopback.

Every scenario gets its own temporary folders and free ports: a centre (pusat), a province (provinsi) and a regency
(kabupaten) are separate `lentera serve` processes with their own data folders; `lentera mirror`, `import`, `export`,
`push` and `roster pull` run as the node operator runs them. Upstreams that misbehave on purpose (corrupted files,
hostile paths, endless streams) are small http.server fakes inside this script; a throttling proxy slows a large
download enough to SIGKILL the mirror in the middle of it; a recording proxy captures a real push to replay it.

    python3 Tests/mirror/test_mirror.py --binary .build/debug/lentera [--only 1,4,9]
"""
import argparse
import copy
import glob
import hashlib
import http.client
import http.cookiejar
import http.server
import json
import os
import re
import shlex
import shutil
import signal
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
import uuid
import xml.etree.ElementTree as ElementTree
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHIPPED = os.path.join(ROOT, "courses")
PUBLIC = os.path.join(ROOT, "public")
SPREADSHEET = "pengelolaan-data-spreadsheet"  # three modules, all completed by viewing; 2 JP
PEMBINAAN = "penyusunan-program-pembinaan-asn"  # eight modules, the last one marked done by the learner; 4 JP
BIG = "berkas-besar"
BIG_FILE = "lampiran/rekaman-pelatihan.bin"
BIG_SIZE = 30 * 1024 * 1024
FORMAT = "lentera-mirror/1"
PASSWORD = "kata-sandi-uji"
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
LEARNER_NIP = "198503152010011001"
LEARNER_2_NIP = "199001012015032002"
LEARNER_3_NIP = "199101012015031003"
AUTHOR_NIP = "199202022015031004"

COURSE_LINE = re.compile(
    r"mirror: (?P<folder>\S+): (?P<old>\S+) -> (?P<new>\S+): (?P<fetched>\d+) files? fetched \((?P<bytes>\d+) bytes?\), "
    r"(?P<reused>\d+) reused, (?P<removed>\d+) removed")
SUMMARY_LINE = re.compile(
    r"mirror: fetched (?P<files>\d+) files?, (?P<bytes>\d+) bytes?; (?P<updated>\d+) courses? updated, "
    r"(?P<unchanged>\d+) unchanged, (?P<rejected>\d+) rejected")
RESUMED_LINE = re.compile(r"mirror: resumed (?P<hash>[0-9a-f]+) at byte (?P<offset>\d+)")
PUSH_LINE = re.compile(r"push: (?P<sent>\d+) statements? sent, (?P<stored>\d+) already stored")
ROSTER_LINE = re.compile(r"roster: (?P<added>\d+) added, (?P<updated>\d+) updated")
EXPORT_LINE = re.compile(r"export: (?P<courses>\d+) courses?, (?P<programs>\d+) program files?, (?P<files>\d+) files?, (?P<bytes>\d+) bytes? to")
KEY_LINE = re.compile(r"node (?P<name>\S+) key: (?P<key>[0-9a-f]{64})\b")

# Child processes must reach loopback directly even where the environment names an HTTP proxy.
CHILD_ENV = dict(os.environ, NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")


# MARK: - Results


class Abort(Exception):
    """Raised by Checks.require: the failure is already printed and the scenario cannot go on."""


class Checks:
    """Prints PASS/FAIL lines as they happen, with the evidence under a failure."""

    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.prefix = ""

    def __call__(self, name, ok, detail=""):
        ok = bool(ok)
        print(("PASS " if ok else "FAIL ") + self.prefix + name, flush=True)
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            if detail:
                text = detail() if callable(detail) else str(detail)
                print(indent(text.rstrip()), flush=True)
        return ok

    def require(self, name, ok, detail=""):
        if not self(name, ok, detail):
            raise Abort(name)
        return ok


def indent(text, prefix="    "):
    return "\n".join(prefix + line for line in text.splitlines())


def clip(text, limit=4000):
    text = text or ""
    return text if len(text) <= limit else text[:limit // 2] + f"\n... [{len(text) - limit} characters left out] ...\n" + text[-limit // 2:]


class Result:
    """A finished command: exit status (None after a timeout) and its output."""

    def __init__(self, argv, returncode, stdout, stderr, seconds):
        self.argv, self.returncode, self.stdout, self.stderr, self.seconds = argv, returncode, stdout, stderr, seconds

    @property
    def out(self):
        return (self.stdout or "") + "\n" + (self.stderr or "")

    def describe(self, note=""):
        status = "timed out" if self.returncode is None else f"exit {self.returncode}"
        text = f"$ {' '.join(shlex.quote(a) for a in self.argv)}\n{status} after {self.seconds:.1f} s"
        if note:
            text += f"\n{note}"
        return text + f"\n--- stdout\n{clip(self.stdout)}\n--- stderr\n{clip(self.stderr)}"


# MARK: - Files


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def file_sha(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read(path):
    with open(path, "rb") as f:
        return f.read()


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)


def tree(folder):
    """{relative path: sha256} of the regular files under folder (a symlink to a folder is followed), hidden ones skipped."""
    files = {}
    if not os.path.isdir(folder):
        return files
    for directory, subdirectories, names in os.walk(folder):
        subdirectories[:] = [d for d in subdirectories if not d.startswith(".")]
        for name in names:
            if name.startswith("."):
                continue
            path = os.path.join(directory, name)
            if os.path.isfile(path):
                files[os.path.relpath(path, folder)] = file_sha(path)
    return files


def tree_diff(expected, actual):
    lines = []
    for path in sorted(set(expected) | set(actual)):
        if path not in actual:
            lines.append(f"missing: {path}")
        elif path not in expected:
            lines.append(f"extra: {path}")
        elif expected[path] != actual[path]:
            lines.append(f"different bytes: {path}")
    return "\n".join(lines[:20]) + (f"\n... {len(lines) - 20} more" if len(lines) > 20 else "") or "identical"


def all_paths(folder):
    """Every path (files, folders, symlinks) under folder, relative, without following symlinks."""
    found = []
    for directory, subdirectories, names in os.walk(folder):
        for name in subdirectories + names:
            found.append(os.path.relpath(os.path.join(directory, name), folder))
    return found


def disk_bytes(folder):
    """Apparent size of every regular file under folder (symlinks not followed), so sparse files count in full."""
    total = 0
    for directory, _, names in os.walk(folder):
        for name in names:
            info = os.lstat(os.path.join(directory, name))
            if not os.path.islink(os.path.join(directory, name)):
                total += info.st_size
    return total


def course_xml(course_id, title, modules, jp=1):
    lines = [f'<?xml version="1.0" encoding="UTF-8"?>', f'<course id="{course_id}" lang="id" jp="{jp}" version="1.0">',
             f"  <title>{title}</title>"]
    lines += [f'  <module id="{module_id}" href="{href}"/>' for module_id, href in modules]
    return "\n".join(lines + ["</course>", ""])


def small_course(course_id, title, text):
    """The files of a minimal valid course: one module."""
    return {"course.xml": course_xml(course_id, title, [("modul", "01-modul.md")]).encode(),
            "01-modul.md": f"# {title}\n\n{text}\n".encode()}


def write_course(folder, files):
    for path, data in files.items():
        write(os.path.join(folder, path), data)


def make_big_course(courses):
    """A generated course beside the shipped ones, with a ~30 MB attachment (random bytes, so nothing compresses it)."""
    folder = os.path.join(courses, BIG)
    write_course(folder, {
        "course.xml": course_xml(BIG, "Rekaman Pelatihan", [("unduhan", "01-unduhan.md")]),
        "01-unduhan.md": f"# Rekaman Pelatihan\n\nUnduh [rekaman pelatihan]({BIG_FILE}) untuk ditonton tanpa jaringan.\n",
    })
    data = os.urandom(BIG_SIZE)
    write(os.path.join(folder, BIG_FILE), data)
    return sha256(data)


def modules_of(course_folder):
    """(module id, completion rule) in course order, read from course.xml."""
    root = ElementTree.parse(os.path.join(course_folder, "course.xml")).getroot()
    return [(m.get("id"), m.get("completion", "viewed")) for m in root.iter("module")]


# MARK: - Processes and HTTP


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, seconds, interval=0.1):
    """Polls predicate until it returns something truthy (returned) or the deadline passes (None)."""
    deadline = time.time() + seconds
    while True:
        value = predicate()
        if value:
            return value
        if time.time() >= deadline:
            return None
        time.sleep(interval)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def opener(jar=None):
    handlers = [urllib.request.ProxyHandler({}), NoRedirect]
    if jar is not None:
        handlers.append(urllib.request.HTTPCookieProcessor(jar))
    return urllib.request.build_opener(*handlers)


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


def loads(body):
    """A JSON object from bytes, or {} when they are not one."""
    try:
        value = json.loads(body)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def fetch_json(url, headers=None):
    status, _, body = fetch(url, headers=headers)
    if status != 200:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None


def sign_in(base, nip, password=PASSWORD):
    """An opener carrying the `sesi` cookie of a fresh session."""
    jar = http.cookiejar.CookieJar()
    browser = opener(jar)
    status, _, body = fetch(base + "/masuk", via=browser)
    found = re.search(r'name="csrf" value="([^"]+)"', body.decode(errors="replace"))
    if status != 200 or not found:
        raise RuntimeError(f"GET {base}/masuk: {status}, no csrf field:\n{clip(body.decode(errors='replace'), 1500)}")
    form = urllib.parse.urlencode({"nip": nip, "sandi": password, "csrf": found.group(1)}).encode()
    status, _, body = fetch(base + "/masuk", "POST", form, via=browser)
    if status != 303 or not any(cookie.name == "sesi" for cookie in jar):
        raise RuntimeError(f"sign-in as {nip} at {base}: {status}\n{clip(body.decode(errors='replace'), 1500)}")
    return browser


def complete_course(base, browser, course_id, course_folder):
    """Views every module of a course as a signed-in learner; a module completed by marking is marked done."""
    for module_id, completion in modules_of(course_folder):
        url = f"{base}/kursus/{course_id}/{module_id}"
        status, _, body = fetch(url, via=browser)
        if status != 200:
            raise RuntimeError(f"GET {url}: {status}")
        if completion == "marked":
            page = body.decode(errors="replace")
            found = re.search(r'name="csrf" value="([^"]+)"', page)
            if not found:
                raise RuntimeError(f"{url}: no csrf field to mark the module done")
            status, _, _ = fetch(url + "/selesai", "POST", urllib.parse.urlencode({"csrf": found.group(1)}).encode(), via=browser)
            if status not in (200, 303):
                raise RuntimeError(f"POST {url}/selesai: {status}")


class Server:
    """A `lentera serve` process on a loopback port, its output in a log file."""

    def __init__(self, env, courses, data, port, extra):
        self.env, self.courses, self.data, self.port, self.extra = env, courses, data, port, list(extra)
        self.base = f"http://127.0.0.1:{port}"
        self.log = env.path(f"serve-{port}-{len(env.processes)}.log")
        # Each server's programs beside its courses (as `lentera mirror` writes them), never the checkout's programs/.
        programs = [] if "--programs" in self.extra else ["--programs", os.path.join(os.path.dirname(courses), "programs")]
        self.argv = [env.binary, "serve", "--courses", courses, "--data", data, "--public", PUBLIC,
                     "--host", "127.0.0.1", "--port", str(port), *programs, *self.extra]
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(self.argv, stdout=log, stderr=subprocess.STDOUT, env=CHILD_ENV)
        env.processes.append(self.process)

    def wait_up(self, seconds=40):
        def up():
            if self.process.poll() is not None:
                return "exited"
            status, _, _ = fetch(self.base + "/", timeout=2)
            return "up" if status is not None else None
        state = wait_until(up, seconds)
        if state != "up":
            raise RuntimeError(f"lentera serve on port {self.port} did not start ({state or 'timeout'}):\n"
                               f"$ {' '.join(shlex.quote(a) for a in self.argv)}\n{self.log_tail()}")
        return self

    def stop(self, sig=signal.SIGTERM):
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def log_tail(self, limit=3000):
        try:
            text = read(self.log).decode(errors="replace")
        except OSError:
            return "(no log)"
        return f"--- log of lentera serve :{self.port}\n" + (text[-limit:] if text else "(empty)")


class Env:
    """One scenario's temporary folder, processes and fake servers; close() removes them all."""

    def __init__(self, binary, name):
        self.binary = binary
        self.work = tempfile.mkdtemp(prefix=f"lentera-mirror-{name}-")
        self.processes = []
        self.servers = []
        self.http_servers = []

    def path(self, *parts):
        return os.path.join(self.work, *parts)

    def run(self, *arguments, input=None, timeout=120):
        argv = [self.binary, *arguments]
        started = time.time()
        try:
            done = subprocess.run(argv, input=input, capture_output=True, text=True, timeout=timeout, env=CHILD_ENV)
            return Result(argv, done.returncode, done.stdout, done.stderr, time.time() - started)
        except subprocess.TimeoutExpired as expired:
            def text(value):
                return value.decode(errors="replace") if isinstance(value, bytes) else (value or "")
            return Result(argv, None, text(expired.stdout), text(expired.stderr), time.time() - started)

    def start(self, *arguments, log_name):
        """A command left running (stdout and stderr to a log file); returns (process, log path)."""
        log_path = self.path(log_name)
        with open(log_path, "wb") as log:
            process = subprocess.Popen([self.binary, *arguments], stdout=log, stderr=subprocess.STDOUT, env=CHILD_ENV)
        self.processes.append(process)
        return process, log_path

    def serve(self, courses, data, port=None, extra=(), wait=True):
        server = Server(self, courses, data, port or free_port(), extra)
        self.servers.append(server)
        return server.wait_up() if wait else server

    def logs(self):
        return "\n".join(server.log_tail(1500) for server in self.servers)

    def close(self):
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        for server in self.http_servers:
            server.stop()
        shutil.rmtree(self.work, ignore_errors=True)

    # Lentera commands used as set-up steps: a failure stops the scenario with the command's output.

    def node_add(self, data, name, unit="Pemkab Sleman"):
        result = self.run("node", "add", "--name", name, "--unit", unit, "--data", data)
        found = KEY_LINE.search(result.out)
        if result.returncode != 0 or not found:
            raise RuntimeError("lentera node add printed no key:\n" + result.describe())
        return found.group("key")

    def user_add(self, data, nip, name, unit="Pemkab Sleman > BKPSDM", role="learner"):
        result = self.run("user", "add", "--nip", nip, "--name", name, "--unit", unit, "--role", role, "--data", data,
                          input=PASSWORD + "\n")
        if result.returncode != 0:
            raise RuntimeError("lentera user add failed:\n" + result.describe())

    def mirror(self, upstream, courses, key=None, timeout=180):
        arguments = ["mirror", "--from", upstream, "--courses", courses]
        if key:
            arguments += ["--key", key]
        return self.run(*arguments, timeout=timeout)


# MARK: - Mirror output and endpoints


def course_lines(output):
    return {m.group("folder"): {k: (int(v) if v.isdigit() else v) for k, v in m.groupdict().items()}
            for m in COURSE_LINE.finditer(output)}


def summary_of(output):
    found = SUMMARY_LINE.search(output)
    return {k: int(v) for k, v in found.groupdict().items()} if found else None


def catalogue(base, key=None):
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    value = fetch_json(base + "/mirror/catalogue.json", headers)
    return value if isinstance(value, dict) and isinstance(value.get("courses"), list) else None


def catalogue_entry(base, folder, key=None):
    value = catalogue(base, key)
    return next((c for c in value["courses"] if c.get("folder") == folder), None) if value else None


def manifest_of(base, entry, key=None):
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return fetch_json(urllib.parse.urljoin(base + "/", entry["manifest"]), headers)


def wait_for_file(base, folder, path, sha, seconds=30):
    """Waits until the upstream's catalogue names a version of folder whose manifest lists path with the given sha256."""
    def published():
        entry = catalogue_entry(base, folder)
        manifest = manifest_of(base, entry) if entry else None
        return manifest and any(f.get("path") == path and f.get("sha256") == sha for f in manifest.get("files", []))
    return wait_until(published, seconds, 0.25)


def version_folder(courses, folder, sha):
    return os.path.join(courses, ".lentera-mirror", "versions", f"{folder}@{sha[:8]}")


def endpoint_checks(check, base, key):
    """The upstream endpoints' caching contract, on a real lentera serve."""
    status, headers, body = fetch(base + "/mirror/catalogue.json")
    etag = headers.get("ETag", "") if status == 200 else ""
    check("catalogue.json: lentera-mirror/1, Cache-Control no-cache, strong ETag",
          status == 200 and loads(body).get("format") == FORMAT and "no-cache" in headers.get("Cache-Control", "")
          and etag.startswith('"'), f"status {status}, headers:\n{headers}")
    status, _, _ = fetch(base + "/mirror/catalogue.json", headers={"If-None-Match": etag})
    check("catalogue.json revalidates: If-None-Match -> 304", status == 304, f"status {status}")
    entry = catalogue_entry(base, SPREADSHEET)
    if not check(f"the catalogue lists {SPREADSHEET}", entry, clip(body.decode(errors="replace"))):
        return
    status, headers, body = fetch(urllib.parse.urljoin(base + "/", entry["manifest"]))
    check("manifest: its sha256 is the catalogue's, immutable, ETag \"SHA\"",
          status == 200 and sha256(body) == entry["sha256"] and "immutable" in headers.get("Cache-Control", "")
          and headers.get("ETag") == f'"{entry["sha256"]}"',
          f"status {status}, sha256 {sha256(body)} vs catalogue {entry['sha256']}, headers:\n{headers}")
    manifest = loads(body) if status == 200 else {}
    files = {f["path"]: f for f in manifest.get("files", [])}
    quiz = files.get("kuis/cek-rumus.quiz.md")
    plain = files.get("course.xml")
    check("manifest: quiz sources are private, course.xml is not",
          quiz and quiz.get("private") is True and plain and plain.get("private") is False, json.dumps(manifest, indent=1)[:3000])
    if not plain or not quiz:
        return
    url = f"{base}/mirror/files/{plain['sha256']}"
    status, headers, body = fetch(url)
    expected = read(os.path.join(SHIPPED, SPREADSHEET, "course.xml"))
    check("files/H: the bytes of the file, strong ETag \"H\"",
          status == 200 and body == expected and headers.get("ETag") == f'"{plain["sha256"]}"', f"status {status}, headers:\n{headers}")
    status, headers, body = fetch(url, headers={"Range": "bytes=10-19"})
    check("files/H: a Range request -> 206 with those bytes", status == 206 and body == expected[10:20], f"status {status}, body {body!r}")
    status, _, _ = fetch(url, headers={"If-None-Match": f'"{plain["sha256"]}"'})
    check("files/H: If-None-Match -> 304", status == 304, f"status {status}")
    url = f"{base}/mirror/files/{quiz['sha256']}"
    status, _, _ = fetch(url)
    check("files/H of a private quiz source without a node key -> 404", status == 404, f"status {status}")
    status, _, _ = fetch(url, headers={"Authorization": "Bearer " + "0" * 64})
    check("files/H of a private quiz source with a wrong key -> 404", status == 404, f"status {status}")
    status, headers, body = fetch(url, headers={"Authorization": f"Bearer {key}"})
    check("files/H of a private quiz source with the node key -> 200, Cache-Control private",
          status == 200 and sha256(body) == quiz["sha256"] and "private" in headers.get("Cache-Control", ""),
          f"status {status}, headers:\n{headers}")


# MARK: - Fake upstreams and proxies


class HTTPServerThread:
    def __init__(self, handler, port=0):
        self.handler, self.port = handler, port
        self.server = None
        self.start()

    def start(self):
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), self.handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


def course_version(folder, files, course_id=None, version="1.0", extra_entries=(), catalogue_folder=None):
    """A course version as an upstream publishes it: catalogue entry, manifest bytes and blobs by sha256."""
    entries, blobs = [], {}
    for path, data in files.items():
        entries.append({"path": path, "sha256": sha256(data), "size": len(data), "private": False})
        blobs[sha256(data)] = data
    for entry, data in extra_entries:
        entries.append(entry)
        blobs[entry["sha256"]] = data
    manifest = {"format": FORMAT, "course": course_id or folder, "folder": catalogue_folder or folder, "version": version,
                "files": entries}
    manifest_bytes = json.dumps(manifest, indent=1, sort_keys=True).encode()
    sha = sha256(manifest_bytes)
    entry = {"id": course_id or folder, "folder": catalogue_folder or folder, "version": version,
             "manifest": f"/mirror/manifests/{sha}.json", "sha256": sha}
    return {"entry": entry, "manifest": manifest_bytes, "sha": sha, "blobs": blobs}


class FakeUpstream(HTTPServerThread):
    """An upstream under the test's control: routes map a path to bytes or to a function that answers."""

    def __init__(self):
        self.routes = {}
        self.requests = []
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                path = urllib.parse.urlsplit(self.path).path
                fake.requests.append((self.command, self.path))
                route = fake.routes.get(path)
                if route is None:
                    self.send_error(404)
                elif callable(route):
                    route(self)
                else:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json" if path.endswith(".json") else "application/octet-stream")
                    self.send_header("Content-Length", str(len(route)))
                    self.end_headers()
                    self.wfile.write(route)

        super().__init__(Handler)

    def publish(self, versions):
        """Serves a new catalogue of these versions; manifests and blobs published before stay available."""
        for version in versions:
            self.routes[version["entry"]["manifest"]] = version["manifest"]
            for h, data in version["blobs"].items():
                self.routes[f"/mirror/files/{h}"] = data
        self.routes["/mirror/catalogue.json"] = json.dumps({"format": FORMAT, "courses": [v["entry"] for v in versions]}).encode()


def read_request_body(handler):
    """The request body, whether sent with Content-Length or chunked."""
    if "chunked" in handler.headers.get("Transfer-Encoding", "").lower():
        body = b""
        while True:
            size = int(handler.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while handler.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass
                return body
            body += handler.rfile.read(size)
            handler.rfile.readline()
    length = int(handler.headers.get("Content-Length") or 0)
    return handler.rfile.read(length) if length else None


class Proxy(HTTPServerThread):
    """Forwards requests to a target, optionally throttling response bodies; records every request."""

    def __init__(self, target, rate=None, port=0):
        self.target = urllib.parse.urlsplit(target)
        self.rate = rate  # bytes per second, or None
        self.records = []
        self.drop_responses = 0  # how many of the next POST/PUT answers to swallow after the target handled them
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def forward(self):
                body = read_request_body(self)
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in ("host", "connection", "keep-alive", "proxy-connection", "transfer-encoding")}
                proxy.records.append({"method": self.command, "path": self.path, "body": body,
                                      "headers": {k.lower(): v for k, v in headers.items()}})
                try:
                    upstream = http.client.HTTPConnection(proxy.target.hostname, proxy.target.port, timeout=60)
                    upstream.request(self.command, self.path, body=body, headers=headers)
                    response = upstream.getresponse()
                except OSError:
                    self.close_connection = True  # the target is down: the client sees the connection drop
                    return
                if proxy.drop_responses > 0 and self.command in ("POST", "PUT"):
                    proxy.drop_responses -= 1  # the target handled the request; its answer is lost on the way back
                    proxy.records[-1]["dropped"] = response.status
                    response.read()
                    upstream.close()
                    self.close_connection = True
                    return
                try:
                    self.send_response(response.status, response.reason)
                    for name, value in response.getheaders():
                        if name.lower() not in ("connection", "keep-alive", "transfer-encoding", "server", "date"):
                            self.send_header(name, value)
                    self.send_header("Connection", "close")
                    self.end_headers()
                    while self.command != "HEAD":
                        chunk = response.read(64 * 1024)
                        if not chunk:
                            break
                        self.wfile.write(chunk)
                        if proxy.rate:
                            time.sleep(len(chunk) / proxy.rate)
                except OSError:
                    pass  # the client went away (or was killed)
                finally:
                    upstream.close()
                    self.close_connection = True

            do_GET = do_POST = do_PUT = do_HEAD = forward

        super().__init__(Handler, port)


# MARK: - Scenarios


def scenario_first_mirror(env, check):
    """1. A province mirrors the centre: the shipped courses and a generated one with a ~30 MB file."""
    centre_courses, centre_data = env.path("pusat", "courses"), env.path("pusat", "data")
    shutil.copytree(SHIPPED, centre_courses)
    big_sha = make_big_course(centre_courses)
    key = env.node_add(centre_data, "provinsi")
    centre = env.serve(centre_courses, centre_data)
    folders = [SPREADSHEET, PEMBINAAN, BIG]

    def all_published():
        value = catalogue(centre.base)
        if not value or not {c.get("folder") for c in value["courses"]} >= set(folders):
            return None
        # The centre may publish again while it finishes loading: wait until the catalogue holds still.
        time.sleep(0.5)
        return value if catalogue(centre.base) == value else None
    published = wait_until(all_published, 30, 0.25)
    check.require("the centre publishes the three courses in /mirror/catalogue.json", published,
                  lambda: f"{fetch(centre.base + '/mirror/catalogue.json')[2][:2000]!r}\n{centre.log_tail()}")
    endpoint_checks(check, centre.base, key)

    province_courses = env.path("provinsi", "courses")
    os.makedirs(province_courses)
    result = env.mirror(centre.base, province_courses, key)
    check.require("lentera mirror --from CENTRE exits 0", result.returncode == 0, lambda: result.describe() + "\n" + centre.log_tail())
    lines = course_lines(result.stdout + result.stderr)
    # The mirror takes the catalogue as published when it asks: the one seen before it, or one published meanwhile.
    after = catalogue(centre.base) or {"courses": []}
    shas = {f: {c["sha256"][:8] for c in (published["courses"] + after["courses"]) if c["folder"] == f} for f in folders}
    check("mirror prints FOLDER: none -> NEW8 for each new course",
          all(lines.get(f, {}).get("old") == "none" and lines[f]["new"] in shas[f] for f in folders),
          lambda: f"{result.describe()}\nprinted: {lines!r}\npublished: {shas!r}\n{centre.log_tail()}")
    summary = summary_of(result.out)
    check("mirror summary: 3 courses updated, 0 rejected",
          summary and summary["updated"] == 3 and summary["rejected"] == 0 and summary["bytes"] >= BIG_SIZE, result.describe())
    for folder in folders:
        expected, actual = tree(os.path.join(centre_courses, folder)), tree(os.path.join(province_courses, folder))
        check(f"{folder}: the province holds the centre's files, byte for byte ({len(expected)} files)",
              expected and expected == actual, tree_diff(expected, actual))
    check(f"{BIG}: the 30 MB file arrived intact",
          os.path.isfile(os.path.join(province_courses, BIG, BIG_FILE)) and file_sha(os.path.join(province_courses, BIG, BIG_FILE)) == big_sha)
    layout = {f: (os.path.islink(os.path.join(province_courses, f)),
                  os.path.realpath(os.path.join(province_courses, f)) == os.path.realpath(version_folder(province_courses, f, c["sha256"])))
              for f in folders for c in published["courses"] if c["folder"] == f}
    check("each course folder is a symlink to .lentera-mirror/versions/FOLDER@SHA8",
          all(link and right for link, right in layout.values()),
          f"(is symlink, points at the right version) per folder: {layout}\n" + "\n".join(all_paths(province_courses)[:40]))
    check(".lentera-mirror/state.json records the sync", os.path.isfile(os.path.join(province_courses, ".lentera-mirror", "state.json")))
    checked = env.run("check", province_courses)
    check("lentera check passes on the mirrored courses", checked.returncode == 0, checked.describe())

    province = env.serve(province_courses, env.path("provinsi", "data"))
    for folder in folders:
        status, _, _ = fetch(f"{province.base}/kursus/{folder}")
        check(f"the province's lentera serve serves /kursus/{folder}", status == 200, lambda: f"status {status}\n{province.log_tail()}")
    status, _, body = fetch(f"{province.base}/berkas/{BIG}/{BIG_FILE}", timeout=60)
    check("the province serves the 30 MB file", status == 200 and sha256(body) == big_sha, f"status {status}, {len(body)} bytes")


def scenario_changed_module(env, check):
    """2. Only the changed file travels; the other course is untouched; a course removed upstream goes away."""
    centre_courses, centre_data = env.path("pusat", "courses"), env.path("pusat", "data")
    shutil.copytree(SHIPPED, centre_courses)
    key = env.node_add(centre_data, "provinsi")
    centre = env.serve(centre_courses, centre_data)
    check.require("the centre publishes both shipped courses",
                  wait_until(lambda: catalogue_entry(centre.base, SPREADSHEET) and catalogue_entry(centre.base, PEMBINAAN), 30, 0.25),
                  centre.log_tail)
    province_courses = env.path("provinsi", "courses")
    local = small_course("kursus-lokal", "Kursus Lokal", "Dibuat di provinsi, tidak pernah dari pusat.")
    write_course(os.path.join(province_courses, "kursus-lokal"), local)
    first = env.mirror(centre.base, province_courses, key)
    check.require("first mirror exits 0", first.returncode == 0, first.describe())
    again = env.mirror(centre.base, province_courses, key)
    summary = summary_of(again.out)
    check("mirroring again without changes fetches nothing: 0 files, 0 bytes, 0 updated, 2 unchanged",
          again.returncode == 0 and summary and summary["files"] == 0 and summary["bytes"] == 0 and summary["updated"] == 0
          and summary["unchanged"] == 2 and not course_lines(again.out), again.describe())

    untouched_before = os.path.realpath(os.path.join(province_courses, PEMBINAAN))
    module = os.path.join(centre_courses, SPREADSHEET, "02-rumus-dasar.md")
    changed = read(module) + "\n\nParagraf tambahan dari pusat: rumus dapat disalin ke sel lain dengan menyeret gagangnya.\n".encode()
    write(module, changed)
    check.require("the centre's catalogue shows the module's new sha256",
                  wait_for_file(centre.base, SPREADSHEET, "02-rumus-dasar.md", sha256(changed)), centre.log_tail)
    result = env.mirror(centre.base, province_courses, key)
    lines = course_lines(result.out)
    line = lines.get(SPREADSHEET, {})
    total_files = len(tree(os.path.join(centre_courses, SPREADSHEET)))
    check(f"mirror after the change exits 0 and says {SPREADSHEET}: 1 file fetched ({len(changed)} bytes)",
          result.returncode == 0 and line.get("fetched") == 1 and line.get("bytes") == len(changed), result.describe())
    check(f"the other {total_files - 1} files are reused, none removed",
          line.get("reused") == total_files - 1 and line.get("removed") == 0, result.describe())
    summary = summary_of(result.out)
    check("summary: fetched 1 file; 1 course updated, 1 unchanged",
          summary and summary["files"] == 1 and summary["bytes"] == len(changed) and summary["updated"] == 1 and summary["unchanged"] == 1,
          result.describe())
    check("the province has the new module and otherwise the same files",
          tree(os.path.join(province_courses, SPREADSHEET)) == tree(os.path.join(centre_courses, SPREADSHEET)),
          tree_diff(tree(os.path.join(centre_courses, SPREADSHEET)), tree(os.path.join(province_courses, SPREADSHEET))))
    check(f"{PEMBINAAN} is unchanged: no line for it, still the same version folder",
          PEMBINAAN not in lines and os.path.realpath(os.path.join(province_courses, PEMBINAAN)) == untouched_before, result.describe())

    shutil.rmtree(os.path.join(centre_courses, PEMBINAAN))
    check.require(f"the centre's catalogue drops {PEMBINAAN} once its folder is gone",
                  wait_until(lambda: (lambda c: c and all(e.get("folder") != PEMBINAAN for e in c["courses"]))(catalogue(centre.base)), 30, 0.25),
                  centre.log_tail)
    result = env.mirror(centre.base, province_courses, key)
    check(f"a course removed upstream is removed at the province, {SPREADSHEET} stays",
          result.returncode == 0 and not os.path.lexists(os.path.join(province_courses, PEMBINAAN))
          and os.path.isfile(os.path.join(province_courses, SPREADSHEET, "course.xml")), result.describe())
    check("a local course that never came from the centre is left alone",
          tree(os.path.join(province_courses, "kursus-lokal")) == {p: sha256(d) for p, d in local.items()},
          "\n".join(all_paths(province_courses)[:40]))


def scenario_chain(env, check):
    """3. Centre -> province (lentera serve publishes /mirror/...) -> regency; a change travels down the chain."""
    centre_courses, centre_data = env.path("pusat", "courses"), env.path("pusat", "data")
    shutil.copytree(SHIPPED, centre_courses)
    province_key = env.node_add(centre_data, "provinsi")
    centre = env.serve(centre_courses, centre_data)
    check.require("the centre publishes both shipped courses",
                  wait_until(lambda: catalogue_entry(centre.base, SPREADSHEET) and catalogue_entry(centre.base, PEMBINAAN), 30, 0.25),
                  centre.log_tail)
    province_courses, province_data = env.path("provinsi", "courses"), env.path("provinsi", "data")
    os.makedirs(province_courses)
    result = env.mirror(centre.base, province_courses, province_key)
    check.require("the province mirrors the centre", result.returncode == 0, result.describe())
    regency_key = env.node_add(province_data, "kabupaten")
    province = env.serve(province_courses, province_data)
    centre_catalogue = catalogue(centre.base)
    republished = wait_until(lambda: (lambda c: c if c and {e.get("folder") for e in c["courses"]} >= {SPREADSHEET, PEMBINAAN} else None)(
        catalogue(province.base)), 30, 0.25)
    check.require("the province's lentera serve publishes /mirror/catalogue.json with both courses", republished,
                  lambda: f"{fetch(province.base + '/mirror/catalogue.json')[:2]}\n{province.log_tail()}")
    shas = {e["folder"]: e["sha256"] for e in centre_catalogue["courses"]}
    check("the province republishes the same course versions (same manifest sha256 as the centre)",
          all(shas.get(e["folder"]) == e["sha256"] for e in republished["courses"]),
          f"centre: {json.dumps(centre_catalogue, indent=1)}\nprovince: {json.dumps(republished, indent=1)}")

    regency_courses = env.path("kabupaten", "courses")
    os.makedirs(regency_courses)
    result = env.mirror(province.base, regency_courses, regency_key)
    check("the regency mirrors the province: exit 0, 2 courses updated",
          result.returncode == 0 and (summary_of(result.out) or {}).get("updated") == 2, lambda: result.describe() + "\n" + province.log_tail())
    for folder in (SPREADSHEET, PEMBINAAN):
        expected, actual = tree(os.path.join(centre_courses, folder)), tree(os.path.join(regency_courses, folder))
        check(f"{folder}: the regency holds the centre's bytes, private quiz sources included",
              expected and expected == actual, tree_diff(expected, actual))

    module = os.path.join(centre_courses, PEMBINAAN, "04-koordinasi.md")
    changed = read(module) + "\nCatatan revisi dari pusat.\n".encode()
    write(module, changed)
    check.require("the centre's catalogue shows the changed module",
                  wait_for_file(centre.base, PEMBINAAN, "04-koordinasi.md", sha256(changed)), centre.log_tail)
    result = env.mirror(centre.base, province_courses, province_key)
    check("the province fetches just the changed file",
          result.returncode == 0 and course_lines(result.out).get(PEMBINAAN, {}).get("fetched") == 1, result.describe())
    check.require("the province's lentera serve republishes the new version",
                  wait_for_file(province.base, PEMBINAAN, "04-koordinasi.md", sha256(changed)), province.log_tail)
    result = env.mirror(province.base, regency_courses, regency_key)
    line = course_lines(result.out).get(PEMBINAAN, {})
    check(f"the regency fetches just the changed file through the province (1 file, {len(changed)} bytes)",
          result.returncode == 0 and line.get("fetched") == 1 and line.get("bytes") == len(changed)
          and SPREADSHEET not in course_lines(result.out), result.describe())
    check("the regency's copy of the changed course equals the centre's",
          tree(os.path.join(regency_courses, PEMBINAAN)) == tree(os.path.join(centre_courses, PEMBINAAN)),
          tree_diff(tree(os.path.join(centre_courses, PEMBINAAN)), tree(os.path.join(regency_courses, PEMBINAAN))))


def scenario_resume(env, check):
    """4. SIGKILL the mirror during a large download; the next run resumes from the partial file."""
    centre_courses, centre_data = env.path("pusat", "courses"), env.path("pusat", "data")
    os.makedirs(centre_courses)
    big_sha = make_big_course(centre_courses)
    key = env.node_add(centre_data, "provinsi")
    centre = env.serve(centre_courses, centre_data)
    check.require("the centre publishes the large course", wait_until(lambda: catalogue_entry(centre.base, BIG), 30, 0.25), centre.log_tail)
    proxy = Proxy(centre.base, rate=4 * 1024 * 1024)  # ~7 s for 30 MB: time to catch it in the middle
    env.http_servers.append(proxy)
    node = env.path("provinsi", "courses")
    os.makedirs(node)
    partial = os.path.join(node, ".lentera-mirror", "partial")
    process, log = env.start("mirror", "--from", proxy.base, "--courses", node, "--key", key, log_name="mirror-killed.log")

    def grown():
        if process.poll() is not None:
            return "exited"
        parts = glob.glob(os.path.join(partial, "*.part"))
        sizes = [(os.path.getsize(p), p) for p in parts if os.path.exists(p)]
        return max(sizes) if sizes and max(sizes)[0] > 1024 * 1024 else None
    state = wait_until(grown, 60, 0.02)
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    proxy.rate = None
    check.require("a .lentera-mirror/partial/H.part grows past 1 MB during the download, then the mirror is SIGKILLed",
                  isinstance(state, tuple),
                  lambda: f"state {state}; mirror exit {process.returncode}\n{read(log).decode(errors='replace')[-3000:]}\n"
                          + "\n".join(all_paths(node)))
    parts = glob.glob(os.path.join(partial, "*.part"))
    kept = {os.path.basename(p): os.path.getsize(p) for p in parts}
    check(f"the partial file is kept after SIGKILL and named by the file's sha256 ({big_sha[:8]}...part)",
          f"{big_sha}.part" in kept and kept[f"{big_sha}.part"] > 0, f"partial folder: {kept}")
    check("no course folder appears from an unfinished download", not os.path.lexists(os.path.join(node, BIG)), "\n".join(all_paths(node)))

    result = env.mirror(proxy.base, node, key)
    resumed = RESUMED_LINE.search(result.out)
    check("the second run exits 0 and prints mirror: resumed H8 at byte N",
          result.returncode == 0 and resumed and big_sha.startswith(resumed.group("hash")) and 0 < int(resumed.group("offset")) < BIG_SIZE,
          result.describe(f"partial before: {kept}"))
    ranged = [r for r in proxy.records if big_sha in r["path"] and "range" in r["headers"]]
    check("the resumed request carries a Range header", ranged, "\n".join(f"{r['method']} {r['path']} {r['headers']}" for r in proxy.records))
    summary = summary_of(result.out)
    check(f"the second run fetched fewer bytes than the file's {BIG_SIZE}",
          summary and 0 < summary["bytes"] < BIG_SIZE, result.describe())
    target = os.path.join(node, BIG, BIG_FILE)
    check("the resumed file is intact", os.path.isfile(target) and file_sha(target) == big_sha)
    check("no partial file is left after the download completes",
          not os.path.exists(os.path.join(partial, f"{big_sha}.part")), "\n".join(all_paths(node)))


def scenario_corrupted(env, check):
    """5. A corrupted file or manifest upstream: the version is rejected, the old one kept."""
    fake = FakeUpstream()
    env.http_servers.append(fake)
    folder = "kursus-palsu"
    good = small_course(folder, "Kursus Palsu", "Versi pertama, utuh.")
    first = course_version(folder, good)
    fake.publish([first])
    node = env.path("node", "courses")
    os.makedirs(node)
    result = env.mirror(fake.base, node)
    check.require("mirror from the (still honest) fake upstream exits 0", result.returncode == 0, result.describe())
    good_tree = {p: sha256(d) for p, d in good.items()}
    check.require("the first version is in place", tree(os.path.join(node, folder)) == good_tree,
                  tree_diff(good_tree, tree(os.path.join(node, folder))))
    held = os.path.realpath(os.path.join(node, folder))

    new_module = "# Kursus Palsu\n\nVersi kedua, rusak di perjalanan.\n".encode()
    second = course_version(folder, dict(good, **{"01-modul.md": new_module}))
    corrupted = bytearray(new_module)
    corrupted[20] ^= 0x20  # same size, one flipped bit
    second["blobs"][sha256(new_module)] = bytes(corrupted)
    fake.publish([second])
    result = env.mirror(fake.base, node)
    check("a file whose bytes do not match its sha256: exit 1, rejected: sha256 mismatch for 01-modul.md, keeping OLD8",
          result.returncode == 1 and "rejected" in result.out and "sha256 mismatch" in result.out and "01-modul.md" in result.out
          and first["sha"][:8] in result.out, result.describe())
    check("summary counts 1 rejected", (summary_of(result.out) or {}).get("rejected") == 1, result.describe())
    check("the old version is still in place, unchanged",
          tree(os.path.join(node, folder)) == good_tree and os.path.realpath(os.path.join(node, folder)) == held,
          tree_diff(good_tree, tree(os.path.join(node, folder))))

    third = course_version(folder, dict(good, **{"01-modul.md": "# Kursus Palsu\n\nVersi ketiga.\n".encode()}))
    third["manifest"] += b"\n "  # still JSON, but no longer the bytes the catalogue's sha256 names
    fake.publish([third])
    result = env.mirror(fake.base, node)
    check("a manifest whose bytes do not match the catalogue's sha256 is rejected (exit 1), old version kept",
          result.returncode == 1 and "rejected" in result.out and tree(os.path.join(node, folder)) == good_tree
          and os.path.realpath(os.path.join(node, folder)) == held, result.describe())


def scenario_hostile(env, check):
    """6. A hostile upstream cannot write outside the courses folder nor fill the disk."""
    fake = FakeUpstream()
    env.http_servers.append(fake)
    folder = "kursus-jahat"
    base_files = small_course(folder, "Kursus Jahat", "Isi biasa.")
    payload = b"tidak boleh keluar\n"
    marker = "lolos-" + uuid.uuid4().hex[:8]

    def entry(path, data=payload, size=None, sha=None):
        return ({"path": path, "sha256": sha or sha256(data), "size": len(data) if size is None else size, "private": False}, data)

    def endless(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/octet-stream")
        handler.end_headers()
        chunk, sent = b"x" * 65536, 0
        try:
            while sent < 64 * 1024 * 1024:
                handler.wfile.write(chunk)
                sent += len(chunk)
        except OSError:
            pass
        fake.streamed = sent

    cases = []
    for number in range(1, 7):
        case = env.path(f"kasus-{number}")
        os.makedirs(os.path.join(case, "courses"))
        cases.append(case)
    declared_blob = b"y" * 1000
    scenarios = [
        ("a manifest path ../NAME", course_version(folder, base_files, extra_entries=[entry(f"../{marker}-1.txt")]), True),
        ("an absolute manifest path", course_version(folder, base_files, extra_entries=[entry(os.path.join(cases[1], f"{marker}-2.txt"))]), True),
        ("a manifest path a/../../NAME", course_version(folder, base_files, extra_entries=[entry(f"a/../../{marker}-3.txt")]), True),
        ("a catalogue folder ../NAME", course_version(folder, base_files, catalogue_folder=f"../{marker}-4"), True),
        ("a file that streams far past its declared 1000 bytes", course_version(folder, base_files, extra_entries=[entry("lampiran/besar.bin", declared_blob)]), False),
        ("a declared size of 1 TB for a 6-byte file", course_version(folder, base_files, extra_entries=[entry("lampiran/raksasa.bin", b"kecil\n", size=10 ** 12)]), False),
    ]
    for case, (name, version, is_path) in zip(cases, scenarios):
        fake.streamed = 0
        fake.publish([version])
        if name.startswith("a file that streams"):
            fake.routes[f"/mirror/files/{sha256(declared_blob)}"] = endless
        courses = os.path.join(case, "courses")
        result = env.mirror(fake.base, courses, timeout=60)
        outside = sorted(set(os.listdir(case)) - {"courses"})
        leaked = [p for p in all_paths(env.work) if marker in p] + [p for p in os.listdir(os.path.dirname(env.work)) if marker in p]
        ok = result.returncode == 1 and "rejected" in result.out and (not is_path or "unsafe" in result.out)
        check(f"{name}: exit 1, the course is rejected" + (" (unsafe path)" if is_path else ""), ok, result.describe())
        check(f"{name}: nothing written outside the courses folder",
              not outside and not leaked and not os.path.lexists(os.path.join(courses, folder, "course.xml")),
              lambda: f"beside courses/: {outside}; paths with the marker: {leaked}\n" + "\n".join(all_paths(case)[:40]))
        if not is_path:
            used = disk_bytes(case)
            check(f"{name}: the download stops, disk use stays bounded ({used} bytes; the fake streamed {fake.streamed})",
                  result.returncode is not None and used < 4 * 1024 * 1024, "\n".join(all_paths(case)[:40]))

    # Export folders and zips (a USB drive) are upstreams too: a symlink in them is not followed out of the package.
    case = env.path("kasus-usb")
    source = os.path.join(case, "sumber")
    secret = "# Rahasia\n\nIsi berkas di luar paket.\n".encode()
    write_course(os.path.join(source, "kursus-usb"), dict(small_course("kursus-usb", "Kursus USB", "x"), **{"01-modul.md": secret}))
    write(os.path.join(case, "rahasia.txt"), secret)
    package = os.path.join(case, "ekspor")
    exported = env.run("export", "--courses", source, "--to", package)
    if not check("lentera export writes a folder to build the hostile packages from",
                 exported.returncode == 0 and os.path.isdir(os.path.join(package, "files")), exported.describe()):
        return
    blob = os.path.join(package, "files", sha256(secret))
    os.remove(blob)
    os.symlink(os.path.join(case, "rahasia.txt"), blob)
    courses = os.path.join(case, "courses-folder")
    os.makedirs(courses)
    result = env.run("import", package, "--courses", courses)
    check("an export folder whose files/H is a symlink out of the folder: exit 1, the course is not installed",
          result.returncode == 1 and not os.path.exists(os.path.join(courses, "kursus-usb", "01-modul.md")),
          result.describe())

    hostile_zip = os.path.join(case, "ekspor.zip")
    with zipfile.ZipFile(hostile_zip, "w") as archive:
        for directory, _, names in os.walk(package):
            for name in names:
                path = os.path.join(directory, name)
                relative = os.path.relpath(path, package)
                if os.path.islink(path):
                    info = zipfile.ZipInfo(relative)
                    info.create_system = 3
                    info.external_attr = 0o120777 << 16  # a symlink entry: its data is the link target
                    archive.writestr(info, os.readlink(path))
                else:
                    archive.write(path, relative)
        archive.writestr(f"../{marker}-zip.txt", payload)
        archive.writestr(f"files/../../{marker}-zip2.txt", payload)
    courses = os.path.join(case, "courses-zip")
    os.makedirs(courses)
    result = env.run("import", hostile_zip, "--courses", courses)
    leaked = [p for p in all_paths(env.work) if marker in p] + [p for p in os.listdir(tempfile.gettempdir()) if marker in p] \
        + [p for p in os.listdir(case) if marker in p]
    check("a zip whose files/H is a symlink entry: exit 1, the course is not installed",
          result.returncode == 1 and not os.path.exists(os.path.join(courses, "kursus-usb", "01-modul.md")),
          result.describe())
    check("zip entries with ../ are not extracted outside", not leaked, f"leaked: {leaked}")


def scenario_upstream_down(env, check):
    """7. An upstream that is down: mirror says so; lentera serve keeps serving, shows the error, and retries."""
    dead_port = free_port()
    dead = f"http://127.0.0.1:{dead_port}"
    node = env.path("node", "courses")
    os.makedirs(node)
    result = env.mirror(dead, node, timeout=90)
    check("mirror from a closed port: exit 1, mirror: cannot reach URL",
          result.returncode == 1 and "cannot reach" in result.out and f"127.0.0.1:{dead_port}" in result.out, result.describe())

    province_courses, province_data = env.path("provinsi", "courses"), env.path("provinsi", "data")
    shutil.copytree(SHIPPED, province_courses)
    env.user_add(province_data, AUTHOR_NIP, "Dewi Penulis", role="author")
    province = env.serve(province_courses, province_data, extra=["--mirror-from", dead, "--mirror-every", "1s"])
    for folder in (SPREADSHEET, PEMBINAAN):
        status, _, _ = fetch(f"{province.base}/kursus/{folder}")
        check(f"with its upstream down the province still serves /kursus/{folder}", status == 200,
              lambda: f"status {status}\n{province.log_tail()}")
    author = sign_in(province.base, AUTHOR_NIP)
    errors = ("cannot reach", "tidak dapat", "terjangkau", "gagal", "refused", "connect", "koneksi")

    def status_shows_error():
        status, _, body = fetch(province.base + "/status", via=author)
        page = body.decode(errors="replace")
        return page if status == 200 and f"127.0.0.1:{dead_port}" in page and any(e in page.lower() for e in errors) else None
    page = wait_until(status_shows_error, 20, 0.5)
    check("/status (author) names the upstream and its last error", page,
          lambda: clip(fetch(province.base + "/status", via=author)[2].decode(errors="replace"), 3000) + "\n" + province.log_tail())

    # The upstream comes up on that port: the service retries and brings in its course without a restart.
    centre_courses = env.path("pusat", "courses")
    write_course(os.path.join(centre_courses, "kursus-baru"), small_course("kursus-baru", "Kursus Baru", "Dari pusat."))
    env.serve(centre_courses, env.path("pusat", "data"), port=dead_port)
    arrived = wait_until(lambda: fetch(f"{province.base}/kursus/kursus-baru")[0] == 200, 45, 0.5)
    check("once the upstream is back the service's retry brings its course in (no restart)", arrived,
          lambda: "\n".join(all_paths(province_courses)[:30]) + "\n" + province.log_tail())
    status, _, _ = fetch(f"{province.base}/kursus/{SPREADSHEET}")
    check("the province's own courses are left alone by the sync", status == 200 and os.path.isdir(os.path.join(province_courses, SPREADSHEET))
          and not os.path.islink(os.path.join(province_courses, SPREADSHEET)), f"status {status}")


def scenario_export_import(env, check):
    """8. Export to a folder and to a zip (a USB drive), import elsewhere; a tampered export is refused."""
    centre_courses = env.path("pusat", "courses")
    shutil.copytree(SHIPPED, centre_courses)
    expected = {folder: tree(os.path.join(centre_courses, folder)) for folder in (SPREADSHEET, PEMBINAAN)}
    file_count = sum(len(t) for t in expected.values())
    folder_export = env.path("usb", "lentera-ekspor")
    result = env.run("export", "--courses", centre_courses, "--to", folder_export)
    printed = EXPORT_LINE.search(result.out)
    check(f"export to a folder: exit 0, export: 2 courses, {file_count} files",
          result.returncode == 0 and printed and int(printed.group("courses")) == 2 and int(printed.group("files")) == file_count,
          result.describe())
    listing = json.loads(read(os.path.join(folder_export, "catalogue.json"))) if os.path.isfile(os.path.join(folder_export, "catalogue.json")) else {}
    blobs = set(os.listdir(os.path.join(folder_export, "files"))) if os.path.isdir(os.path.join(folder_export, "files")) else set()
    wanted = {h for t in expected.values() for h in t.values()}
    check("the folder has catalogue.json, manifests/SHA.json and files/H for every file (quiz sources included)",
          listing.get("format") == FORMAT and len(listing.get("courses", [])) == 2
          and all(os.path.isfile(os.path.join(folder_export, "manifests", f"{c['sha256']}.json")) for c in listing.get("courses", []))
          and wanted <= blobs, lambda: "\n".join(all_paths(folder_export)[:60]) or f"{folder_export} does not exist")

    imported = env.path("kabupaten-1", "courses")
    os.makedirs(imported)
    result = env.run("import", folder_export, "--courses", imported)
    check("import from the folder: exit 0, 2 courses updated",
          result.returncode == 0 and (summary_of(result.out) or {}).get("updated") == 2, result.describe())
    for folder, files in expected.items():
        check(f"{folder} imported from the folder: same files", tree(os.path.join(imported, folder)) == files,
              tree_diff(files, tree(os.path.join(imported, folder))))
    checked = env.run("check", imported)
    check("lentera check passes on the imported courses",
          checked.returncode == 0 and all(os.path.isdir(os.path.join(imported, f)) for f in expected), checked.describe())

    zip_export = env.path("usb", "lentera-ekspor.zip")
    result = env.run("export", "--courses", centre_courses, "--to", zip_export)
    check("export to a .zip: exit 0, a zip file with catalogue.json",
          result.returncode == 0 and zipfile.is_zipfile(zip_export) and "catalogue.json" in zipfile.ZipFile(zip_export).namelist(),
          result.describe())
    imported = env.path("kabupaten-2", "courses")
    os.makedirs(imported)
    result = env.run("import", zip_export, "--courses", imported)
    check("import from the zip: exit 0", result.returncode == 0, result.describe())
    for folder, files in expected.items():
        check(f"{folder} imported from the zip: same files", tree(os.path.join(imported, folder)) == files,
              tree_diff(files, tree(os.path.join(imported, folder))))

    result = env.run("export", "--courses", centre_courses, "--course", SPREADSHEET, "--to", env.path("usb", "satu"))
    printed = EXPORT_LINE.search(result.out)
    check("export --course ID exports just that course", result.returncode == 0 and printed and int(printed.group("courses")) == 1,
          result.describe())

    tampered = env.path("usb", "dirusak")
    shutil.copytree(folder_export, tampered, symlinks=True)
    victim = expected[SPREADSHEET]["01-data-yang-rapi.md"]
    blob = bytearray(read(os.path.join(tampered, "files", victim)))
    blob[len(blob) // 2] ^= 0x01
    write(os.path.join(tampered, "files", victim), bytes(blob))
    imported = env.path("kabupaten-3", "courses")
    os.makedirs(imported)
    result = env.run("import", tampered, "--courses", imported)
    check(f"importing an export with a flipped byte: exit 1, {SPREADSHEET} rejected: sha256 mismatch",
          result.returncode == 1 and "rejected" in result.out and "sha256 mismatch" in result.out, result.describe())
    module = os.path.join(imported, SPREADSHEET, "01-data-yang-rapi.md")
    check("the tampered module is not installed", not os.path.exists(module) or file_sha(module) == victim)
    check(f"{PEMBINAAN}, untouched in the export, is still imported",
          tree(os.path.join(imported, PEMBINAAN)) == expected[PEMBINAAN], result.describe())


def ledger(data, nip, course=None):
    sql = ("SELECT l.course_id, l.course_version, l.jp_hundredths, l.certificate_number FROM ledger_entry l "
           "JOIN account a ON a.id = l.account_id WHERE a.nip = ?")
    return query(data, sql + (" AND l.course_id = ?" if course else ""), (nip, course) if course else (nip,))


def query(data, sql, parameters=()):
    connection = sqlite3.connect(os.path.join(data, "lentera.sqlite"), timeout=10)
    try:
        return connection.execute(sql, parameters).fetchall()
    finally:
        connection.close()


def statements_in(records):
    found = []
    for record in records:
        if record["path"].startswith("/xapi/statements") and record["body"]:
            try:
                value = json.loads(record["body"])
            except ValueError:
                continue
            found += value if isinstance(value, list) else [value]
    return found


def scenario_push(env, check):
    """9. Progress goes up: completions at the province reach the centre's JP ledger exactly once, across an outage."""
    centre_courses, centre_data = env.path("pusat", "courses"), env.path("pusat", "data")
    shutil.copytree(SHIPPED, centre_courses)
    key = env.node_add(centre_data, "provinsi")
    env.user_add(centre_data, AUTHOR_NIP, "Dewi Penulis", role="author")
    centre_port = free_port()
    centre = env.serve(centre_courses, centre_data, port=centre_port)
    proxy = Proxy(centre.base)  # records the push, to replay it; the node only ever talks to the proxy's address
    env.http_servers.append(proxy)

    province_courses, province_data = env.path("provinsi", "courses"), env.path("provinsi", "data")
    shutil.copytree(SHIPPED, province_courses)
    env.user_add(province_data, LEARNER_NIP, "Budi Santoso", unit="Pemkab Sleman > BKPSDM")
    province = env.serve(province_courses, province_data)
    learner = sign_in(province.base, LEARNER_NIP)
    complete_course(province.base, learner, SPREADSHEET, os.path.join(SHIPPED, SPREADSHEET))
    check.require(f"precondition: the learner completed {SPREADSHEET} at the province (its own ledger has it)",
                  len(ledger(province_data, LEARNER_NIP, SPREADSHEET)) == 1, province.log_tail)

    result = env.run("push", "--to", proxy.base, "--key", key, "--data", province_data)
    pushed = PUSH_LINE.search(result.out)
    check("lentera push: exit 0, push: N statements sent (N > 0)",
          result.returncode == 0 and pushed and int(pushed.group("sent")) > 0, lambda: result.describe() + "\n" + centre.log_tail())
    first_push = list(proxy.records)
    statements = statements_in(first_push)
    posts = [r for r in first_push if r["path"].startswith("/xapi/statements")]
    check("the push speaks xAPI: X-Experience-API-Version 1.0.3, Bearer node key, JSON",
          posts and all(r["headers"].get("x-experience-api-version") == "1.0.3" and r["headers"].get("authorization") == f"Bearer {key}"
                        and "json" in r["headers"].get("content-type", "") for r in posts),
          "\n".join(f"{r['method']} {r['path']} {r['headers']}" for r in first_push))
    check("the NIP never appears in a URL", posts and all(LEARNER_NIP not in r["path"] for r in first_push))
    course_statement = next((s for s in statements if s.get("verb", {}).get("id") == COMPLETED
                             and s.get("object", {}).get("id") == f"lentera:course:{SPREADSHEET}"), None)
    actor = (course_statement or {}).get("actor", {})
    check("a course completed statement names the learner by account (homePage https://lentera.id/nip, name NIP)",
          course_statement and actor.get("account") == {"homePage": "https://lentera.id/nip", "name": LEARNER_NIP},
          json.dumps(statements[:6], indent=1)[:3000])
    module_objects = {s.get("object", {}).get("id") for s in statements if s.get("verb", {}).get("id") == COMPLETED}
    check("module completed statements for all three modules",
          all(f"lentera:course:{SPREADSHEET}:module:{m}" in module_objects for m, _ in modules_of(os.path.join(SHIPPED, SPREADSHEET))),
          f"completed objects: {sorted(module_objects)}")
    rows = ledger(centre_data, LEARNER_NIP, SPREADSHEET)
    check(f"the centre's JP ledger has exactly one row for the learner and {SPREADSHEET}, 2 JP",
          len(rows) == 1 and rows[0][2] == 200, f"rows: {rows}\n{centre.log_tail()}")
    account = query(centre_data, "SELECT role, unit FROM account WHERE nip = ?", (LEARNER_NIP,))
    check("the unknown NIP became a learner account in the statement's unit",
          account and account[0][0] == "learner" and "BKPSDM" in account[0][1], f"account: {account}")
    completed_modules = query(centre_data, "SELECT s.module_id FROM content_summary_log s JOIN account a ON a.id = s.account_id "
                                           "WHERE a.nip = ? AND s.course_id = ? AND s.completed_at IS NOT NULL", (LEARNER_NIP, SPREADSHEET))
    check("the centre marks the three modules complete", len(completed_modules) == 3, f"completed: {completed_modules}")

    result = env.run("push", "--to", proxy.base, "--key", key, "--data", province_data)
    pushed = PUSH_LINE.search(result.out)
    check("pushing again sends nothing new (0 sent, or all already stored)",
          result.returncode == 0 and pushed and (int(pushed.group("sent")) == 0 or int(pushed.group("stored")) == int(pushed.group("sent"))),
          result.describe())
    check("still one ledger row", len(ledger(centre_data, LEARNER_NIP, SPREADSHEET)) == 1)

    # Replays of the captured push, straight to the centre.
    headers = {"Content-Type": "application/json", "X-Experience-API-Version": "1.0.3", "Authorization": f"Bearer {key}"}
    if posts:
        first = posts[0]
        status, _, body = fetch(centre.base + first["path"], first["method"], first["body"], headers)
        check(f"replaying the push's first request byte for byte -> {'200' if first['method'] == 'POST' else '204'}",
              status == (200 if first["method"] == "POST" else 204), f"status {status}: {body[:500]!r}")
    if course_statement:
        one = json.dumps([course_statement]).encode()
        status, _, body = fetch(centre.base + "/xapi/statements", "POST", one, headers)
        try:
            ids = json.loads(body) if status == 200 else None
        except ValueError:
            ids = None
        check("POST of a stored statement (same id, same content) -> 200 with its id",
              status == 200 and ids == [course_statement.get("id")], f"status {status}: {body[:500]!r}")
        status, _, body = fetch(f"{centre.base}/xapi/statements?statementId={course_statement.get('id')}", "PUT",
                                json.dumps(course_statement).encode(), headers)
        check("PUT ?statementId= of a stored statement -> 204", status == 204, f"status {status}: {body[:500]!r}")
        altered = copy.deepcopy(course_statement)
        altered.setdefault("result", {})["response"] = "diubah di tengah jalan"
        status, _, body = fetch(centre.base + "/xapi/statements", "POST", json.dumps([altered]).encode(), headers)
        check("same id, different content -> 409", status == 409, f"status {status}: {body[:500]!r}")
        status, _, body = fetch(centre.base + "/xapi/statements", "POST", json.dumps([course_statement, course_statement]).encode(), headers)
        check("two statements with the same id in one batch -> 400", status == 400, f"status {status}: {body[:500]!r}")
        without = {k: v for k, v in headers.items() if k != "X-Experience-API-Version"}
        status, _, body = fetch(centre.base + "/xapi/statements", "POST", one, without)
        check("no X-Experience-API-Version header -> 400", status == 400, f"status {status}: {body[:500]!r}")
        status, _, body = fetch(centre.base + "/xapi/statements", "POST", one, dict(headers, Authorization="Bearer " + "0" * 64))
        check("a wrong node key -> 401", status == 401, f"status {status}: {body[:500]!r}")
        status, _, body = fetch(centre.base + "/xapi/statements", "POST", one, {k: v for k, v in headers.items() if k != "Authorization"})
        check("no node key -> 401", status == 401, f"status {status}: {body[:500]!r}")
    rows = ledger(centre_data, LEARNER_NIP, SPREADSHEET)
    check("after the replays the ledger still has one row, 2 JP", len(rows) == 1 and rows[0][2] == 200, f"rows: {rows}")

    # The centre goes down; the learner keeps learning at the province; the push waits for the centre.
    centre.stop()
    proxy.stop()
    result = env.run("push", "--to", proxy.base, "--key", key, "--data", province_data, timeout=90)
    check("push while the centre is down: exit 1, push: cannot reach URL", result.returncode == 1 and "cannot reach" in result.out,
          result.describe())
    complete_course(province.base, learner, PEMBINAAN, os.path.join(SHIPPED, PEMBINAAN))
    check.require(f"precondition: the learner completed {PEMBINAAN} at the province while the centre was down",
                  len(ledger(province_data, LEARNER_NIP, PEMBINAAN)) == 1, province.log_tail)
    centre = env.serve(centre_courses, centre_data, port=centre_port)
    proxy.records.clear()
    proxy.start()
    # The centre stores the batch but its answer never reaches the node (the link drops): the node must resend it
    # next time and the centre must recognise it.
    proxy.drop_responses = 1
    result = env.run("push", "--to", proxy.base, "--key", key, "--data", province_data, timeout=90)
    dropped = [r for r in proxy.records if "dropped" in r]
    check("a push whose answer is lost after the centre stored the batch: exit 1",
          result.returncode == 1 and dropped and dropped[0]["dropped"] in (200, 204), result.describe(f"dropped answers: {[r.get('dropped') for r in dropped]}"))
    rows = ledger(centre_data, LEARNER_NIP, PEMBINAAN)
    check(f"the centre credited {PEMBINAAN} from that batch, 4 JP", len(rows) == 1 and rows[0][2] == 400, f"rows: {rows}\n{centre.log_tail()}")
    result = env.run("push", "--to", proxy.base, "--key", key, "--data", province_data)
    pushed = PUSH_LINE.search(result.out)
    check("the next push resends the unacknowledged batch: exit 0, the centre reports them already stored",
          result.returncode == 0 and pushed and int(pushed.group("stored")) > 0, result.describe())
    rows = ledger(centre_data, LEARNER_NIP, PEMBINAAN)
    check(f"{PEMBINAAN} is still in the centre's ledger exactly once", len(rows) == 1, f"rows: {rows}\n{centre.log_tail()}")
    everything = ledger(centre_data, LEARNER_NIP)
    check("the learner has exactly two ledger rows at the centre, nothing double-counted", len(everything) == 2, f"rows: {everything}")
    resent = [s for s in statements_in(proxy.records) if s.get("object", {}).get("id", "").startswith(f"lentera:course:{SPREADSHEET}")]
    check(f"pushes after the outage do not resend {SPREADSHEET}'s acknowledged statements", statements_in(proxy.records) and not resent,
          json.dumps(resent, indent=1)[:2000])
    result = env.run("push", "--to", proxy.base, "--key", key, "--data", province_data)
    pushed = PUSH_LINE.search(result.out)
    check("once acknowledged, a push sends nothing new (0 sent, or all already stored)",
          result.returncode == 0 and pushed and (int(pushed.group("sent")) == 0 or int(pushed.group("stored")) == int(pushed.group("sent"))),
          result.describe())

    author = sign_in(centre.base, AUTHOR_NIP)
    status, _, body = fetch(centre.base + "/status", via=author)
    check("the centre's /status shows the node provinsi", status == 200 and "provinsi" in body.decode(errors="replace"),
          clip(body.decode(errors="replace"), 3000))


def scenario_roster(env, check):
    """10. A node pulls the roster; password hashes travel only when the upstream shares them."""
    centre_courses, centre_data = env.path("pusat", "courses"), env.path("pusat", "data")
    shutil.copytree(SHIPPED, centre_courses)
    learners = {LEARNER_NIP: "Budi Santoso", LEARNER_2_NIP: "Ani Lestari"}
    for nip, name in learners.items():
        env.user_add(centre_data, nip, name, unit="Pemprov DIY > BKD > Bidang PKP")
    env.user_add(centre_data, LEARNER_3_NIP, "Rina Kementerian", unit="Kementerian Lain > Biro")  # outside the node's units
    key = env.node_add(centre_data, "provinsi", unit="Pemprov DIY")
    centre = env.serve(centre_courses, centre_data)
    status, _, _ = fetch(centre.base + "/api/roster")
    check("GET /api/roster without a node key -> 401", status == 401, f"status {status}")
    status, _, _ = fetch(centre.base + "/api/roster", headers={"Authorization": "Bearer " + "0" * 64})
    check("GET /api/roster with a wrong key -> 401", status == 401, f"status {status}")
    status, _, body = fetch(centre.base + "/api/roster", headers={"Authorization": f"Bearer {key}"})
    roster = loads(body) if status == 200 else {}
    listed = {l.get("nip"): l for l in roster.get("learners", [])}
    check("GET /api/roster with the key lists the learners of the node's units (not another ministry's) with name and unit, no passwordHash",
          set(learners) == set(listed) and all(listed[n].get("name") == learners[n] and listed[n].get("unit") == "Pemprov DIY > BKD > Bidang PKP"
                                               and "passwordHash" not in listed[n] for n in learners),
          f"status {status}: {body[:2000]!r}")

    province_data = env.path("provinsi", "data")
    env.user_add(province_data, AUTHOR_NIP, "Dewi Penulis", role="author")  # the province's own account, not in the roster
    result = env.run("roster", "pull", "--from", centre.base, "--key", key, "--data", province_data)
    pulled = ROSTER_LINE.search(result.out)
    check("lentera roster pull: exit 0, roster: 2 added", result.returncode == 0 and pulled and int(pulled.group("added")) == 2,
          result.describe())
    centre_hashes = dict(query(centre_data, "SELECT nip, password_hash FROM account"))
    rows = {nip: (name, unit, hash_) for nip, name, unit, hash_ in query(province_data, "SELECT nip, name, unit, password_hash FROM account")}
    check("the province's account table has the learners with their names and unit",
          all(n in rows and rows[n][0] == learners[n] and rows[n][1].strip("\x1f").split("\x1f") == ["Pemprov DIY", "BKD", "Bidang PKP"]
              for n in learners) and AUTHOR_NIP in rows, f"province accounts: {rows}")
    check("without --share-password-hashes the centre's password hashes stay at the centre",
          all(n in rows and rows[n][2] != centre_hashes[n] for n in learners))
    result = env.run("roster", "pull", "--from", centre.base, "--key", key, "--data", province_data)
    pulled = ROSTER_LINE.search(result.out)
    check("pulling again adds nobody (roster: 0 added)", result.returncode == 0 and pulled and int(pulled.group("added")) == 0,
          result.describe())

    centre.stop()
    centre = env.serve(centre_courses, centre_data, port=centre.port, extra=["--share-password-hashes"])
    status, _, body = fetch(centre.base + "/api/roster", headers={"Authorization": f"Bearer {key}"})
    listed = {l.get("nip"): l for l in (loads(body) if status == 200 else {}).get("learners", [])}
    check("with --share-password-hashes the roster carries passwordHash",
          all(listed.get(n, {}).get("passwordHash") == centre_hashes[n] for n in learners), f"status {status}: {body[:2000]!r}")
    sharing_data = env.path("kabupaten", "data")
    result = env.run("roster", "pull", "--from", centre.base, "--key", key, "--data", sharing_data)
    hashes = dict(query(sharing_data, "SELECT nip, password_hash FROM account")) if result.returncode == 0 else {}
    check("a node pulling from it stores the same hashes", all(hashes.get(n) == centre_hashes[n] for n in learners), result.describe())
    regency = env.serve(centre_courses, sharing_data)
    try:
        sign_in(regency.base, LEARNER_2_NIP)
        signed_in = True
    except RuntimeError as error:
        signed_in = str(error)
    check("the learner signs in at that node with the centre's password", signed_in is True, signed_in)


PROGRAM_FILE = "literasi-data-pembinaan-2027.xml"


def scenario_programs(env, check):
    """11. Programs travel with the courses: each file verified and switched in whole; a broken edit at the centre is
    not published; a local file or a local edit at the province blocks the centre's; a file gone upstream stays."""
    centre_courses, centre_data, centre_programs = env.path("pusat", "courses"), env.path("pusat", "data"), env.path("pusat", "programs")
    shutil.copytree(SHIPPED, centre_courses)
    shutil.copytree(os.path.join(ROOT, "programs"), centre_programs)
    wanted = sorted(f for f in os.listdir(centre_programs) if f.endswith(".xml"))
    key = env.node_add(centre_data, "provinsi")
    centre = env.serve(centre_courses, centre_data)

    def published_programs(expected=None):
        value = catalogue(centre.base)
        if not value:
            return None
        files = {p["file"]: p for p in value.get("programs", [])}
        return files if (expected(files) if expected else sorted(files) == wanted) else None
    published = wait_until(published_programs, 30, 0.25)
    check.require(f"the centre's catalogue lists its program files {wanted}", published,
                  lambda: f"{fetch(centre.base + '/mirror/catalogue.json')[2][:2000]!r}\n{centre.log_tail()}")
    node = {"Authorization": f"Bearer {key}"}
    check("each program file is served to a registered node at /mirror/files/SHA with exactly its bytes",
          all(sha256(fetch(centre.base + "/mirror/files/" + p["sha256"], headers=node)[2]) == p["sha256"]
              == sha256(read(os.path.join(centre_programs, f))) for f, p in published.items()))
    check("and to nobody else: a program names its events' places and links (404 without the node's key)",
          all(fetch(centre.base + "/mirror/files/" + p["sha256"])[0] == 404 for p in published.values()))

    province_courses, province_programs = env.path("provinsi", "courses"), env.path("provinsi", "programs")
    os.makedirs(province_courses)
    result = env.mirror(centre.base, province_courses, key)
    check.require("lentera mirror exits 0 and prints programs/FILE: none -> SHA8 for each program file",
                  result.returncode == 0 and all(f"mirror: programs/{f}: none -> {p['sha256'][:8]}" in result.out for f, p in published.items()),
                  result.describe())
    held = sorted(os.listdir(province_programs)) if os.path.isdir(province_programs) else []
    check("the province's programs/ holds the centre's files byte for byte, and nothing half-written",
          held == wanted and all(sha256(read(os.path.join(province_programs, f))) == published[f]["sha256"] for f in wanted), f"{held}")
    checked = env.run("check", province_courses)
    check("lentera check: the mirrored program loads against the mirrored courses",
          checked.returncode == 0 and "1 program diperiksa, 1 valid" in checked.out, checked.describe())
    again = env.mirror(centre.base, province_courses, key)
    check("mirroring again fetches no program file", again.returncode == 0 and "programs/" not in again.out, again.describe())

    # A change travels; a broken edit is not published, and the province keeps the good version.
    program = os.path.join(centre_programs, PROGRAM_FILE)
    changed = read(program).replace(b"<title>Program Literasi", b"<title>Program Lanjutan Literasi")
    check.require("the shipped program has the title the test changes", changed != read(program))
    write(program, changed)
    check.require("the centre publishes the changed program",
                  wait_until(lambda: published_programs(lambda f: f.get(PROGRAM_FILE, {}).get("sha256") == sha256(changed)), 30, 0.25), centre.log_tail)
    result = env.mirror(centre.base, province_courses, key)
    check(f"the change travels: programs/{PROGRAM_FILE}: {published[PROGRAM_FILE]['sha256'][:8]} -> {sha256(changed)[:8]}",
          result.returncode == 0 and f"mirror: programs/{PROGRAM_FILE}: {published[PROGRAM_FILE]['sha256'][:8]} -> {sha256(changed)[:8]}" in result.out
          and read(os.path.join(province_programs, PROGRAM_FILE)) == changed, result.describe())
    write(program, changed.replace(b"</program>", b""))
    check.require("a broken edit at the centre leaves the program out of its catalogue",
                  wait_until(lambda: published_programs(lambda f: PROGRAM_FILE not in f and len(f) == len(wanted) - 1), 30, 0.25), centre.log_tail)
    result = env.mirror(centre.base, province_courses, key)
    check("absent from the catalogue, the province's copy stays as it was (absence is not deletion)",
          result.returncode == 0 and read(os.path.join(province_programs, PROGRAM_FILE)) == changed, result.describe())

    # Local files at the province: one of its own is left alone; an edited copy blocks the centre's next version.
    own = os.path.join(province_programs, "program-provinsi.xml")
    write(own, b"<program id=\"provinsi\"/>\n")
    edited = changed + b"<!-- disunting di provinsi -->\n"
    write(os.path.join(province_programs, PROGRAM_FILE), edited)
    newer = changed.replace(b"<title>Program Lanjutan Literasi", b"<title>Program Lanjutan II Literasi")
    write(program, newer)
    check.require("the centre publishes the newer program",
                  wait_until(lambda: published_programs(lambda f: f.get(PROGRAM_FILE, {}).get("sha256") == sha256(newer)), 30, 0.25), centre.log_tail)
    result = env.mirror(centre.base, province_courses, key)
    check(f"an edit at the province blocks the centre's version: exit 1, programs/{PROGRAM_FILE}: rejected, the edit kept",
          result.returncode == 1 and f"mirror: programs/{PROGRAM_FILE}: rejected: programs/{PROGRAM_FILE} was edited here" in result.out
          and read(os.path.join(province_programs, PROGRAM_FILE)) == edited, result.describe())
    check("the province's own program file is left alone", read(own) == b"<program id=\"provinsi\"/>\n")
    # A file of the same name that never came from the centre blocks it too (another province).
    other_courses, other_programs = env.path("kabupaten", "courses"), env.path("kabupaten", "programs")
    os.makedirs(other_courses)
    os.makedirs(other_programs)
    write(os.path.join(other_programs, PROGRAM_FILE), b"<program id=\"milik-kabupaten\"/>\n")
    other_key = env.node_add(centre_data, "kabupaten")
    result = env.mirror(centre.base, other_courses, other_key)
    check("a local file of the same name blocks the centre's: exit 1, rejected, the local file kept, the dictionary still mirrored",
          result.returncode == 1 and f"programs/{PROGRAM_FILE}: rejected: a local file programs/{PROGRAM_FILE} exists" in result.out
          and read(os.path.join(other_programs, PROGRAM_FILE)) == b"<program id=\"milik-kabupaten\"/>\n"
          and all(os.path.isfile(os.path.join(other_programs, f)) for f in wanted), result.describe())
    # A link planted where the program would go is not followed, nor replaced.
    linked_courses, linked_programs = env.path("kota", "courses"), env.path("kota", "programs")
    os.makedirs(linked_courses)
    os.makedirs(linked_programs)
    target = env.path("kota", "rahasia.txt")
    write(target, b"bukan untuk ditimpa\n")
    os.symlink(target, os.path.join(linked_programs, PROGRAM_FILE))
    result = env.mirror(centre.base, linked_courses, env.node_add(centre_data, "kota"))
    check("a link in the programs folder is refused as not a regular file; its target is untouched",
          result.returncode == 1 and f"programs/{PROGRAM_FILE}: rejected: programs/{PROGRAM_FILE} is not a regular file" in result.out
          and read(target) == b"bukan untuk ditimpa\n" and os.path.islink(os.path.join(linked_programs, PROGRAM_FILE)), result.describe())
    # Without a node key the program files are refused, with the advice to register (they name events' places and links).
    keyless_courses = env.path("tanpa-kunci", "courses")
    os.makedirs(keyless_courses)
    result = env.mirror(centre.base, keyless_courses)
    check("a mirror without a node key is told to register for the program files, and writes none",
          result.returncode == 1 and f"programs/{PROGRAM_FILE}: rejected: programs/{PROGRAM_FILE} is given only to registered nodes" in result.out
          and not [f for f in os.listdir(env.path("tanpa-kunci", "programs")) if f.endswith(".xml")], result.describe())


def scenario_program_withdrawals(env, check):
    """12. A program file renamed or removed at the centre is withdrawn (a tombstone, kept across restarts); the node
    removes its unedited copy before writing the new one, keeps an edited one; programs travel on a USB drive too."""
    centre_courses, centre_data, centre_programs = env.path("pusat", "courses"), env.path("pusat", "data"), env.path("pusat", "programs")
    shutil.copytree(SHIPPED, centre_courses)
    shutil.copytree(os.path.join(ROOT, "programs"), centre_programs)
    wanted = sorted(f for f in os.listdir(centre_programs) if f.endswith(".xml"))
    key = env.node_add(centre_data, "provinsi")
    centre = env.serve(centre_courses, centre_data)

    def listed(expected):
        value = catalogue(centre.base)
        return value if value and expected(value) else None
    check.require("the centre publishes its program files",
                  wait_until(lambda: listed(lambda c: sorted(p["file"] for p in c.get("programs", [])) == wanted), 30, 0.25), centre.log_tail)
    province_courses, province_programs = env.path("provinsi", "courses"), env.path("provinsi", "programs")
    os.makedirs(province_courses)
    result = env.mirror(centre.base, province_courses, key)
    check.require("the province mirrors them", result.returncode == 0 and sorted(os.listdir(province_programs)) == wanted, result.describe())

    # Renamed at the centre: the old name is withdrawn, the new one published.
    renamed = "literasi-data-2027.xml"
    os.rename(os.path.join(centre_programs, PROGRAM_FILE), os.path.join(centre_programs, renamed))
    value = wait_until(lambda: listed(lambda c: [w["file"] for w in c.get("withdrawnPrograms", [])] == [PROGRAM_FILE]
                                      and renamed in [p["file"] for p in c.get("programs", [])]), 30, 0.25)
    check.require(f"the centre's catalogue withdraws {PROGRAM_FILE} (withdrawnPrograms, with its moment) and lists {renamed}",
                  value and value["withdrawnPrograms"][0].get("at"),
                  lambda: f"{fetch(centre.base + '/mirror/catalogue.json')[2][:2000]!r}\n{centre.log_tail()}")
    result = env.mirror(centre.base, province_courses, key)
    removed_at = result.out.find(f"mirror: programs/{PROGRAM_FILE}: withdrawn upstream; removed here")
    written_at = result.out.find(f"mirror: programs/{renamed}: none -> ")
    check("the province removes its copy of the old name, then writes the new one (exit 0)",
          result.returncode == 0 and 0 <= removed_at < written_at and sorted(os.listdir(province_programs)) == sorted([renamed, "kompetensi.xml"]),
          result.describe())
    checked = env.run("check", province_courses)
    check("lentera check at the province: the program loads once, under its new name",
          checked.returncode == 0 and "1 program diperiksa, 1 valid" in checked.out, checked.describe())
    again = env.mirror(centre.base, province_courses, key)
    check("mirroring again changes nothing", again.returncode == 0 and "programs/" not in again.out, again.describe())

    # A tombstone survives the centre's restart; a file published again is no longer one.
    centre.stop()
    centre = env.serve(centre_courses, centre_data, port=centre.port)
    check("after a restart the centre still withdraws the old name",
          wait_until(lambda: listed(lambda c: [w["file"] for w in c.get("withdrawnPrograms", [])] == [PROGRAM_FILE]), 30, 0.25), centre.log_tail)

    # The dictionary removed at the centre while the province edited its copy: the edit is kept, as a local file.
    dictionary = os.path.join(province_programs, "kompetensi.xml")
    edited = read(dictionary) + b"<!-- disunting di provinsi -->\n"
    write(dictionary, edited)
    os.remove(os.path.join(centre_programs, "kompetensi.xml"))
    check.require("the centre withdraws kompetensi.xml",
                  wait_until(lambda: listed(lambda c: "kompetensi.xml" in [w["file"] for w in c.get("withdrawnPrograms", [])]), 30, 0.25),
                  centre.log_tail)
    result = env.mirror(centre.base, province_courses, key)
    check("an edited copy of a withdrawn file is kept, as a local file (exit 0)",
          result.returncode == 0 and "mirror: programs/kompetensi.xml: withdrawn upstream, but edited here (or gone); kept as a local file" in result.out
          and read(dictionary) == edited, result.describe())
    again = env.mirror(centre.base, province_courses, key)
    check("and is not mentioned again", again.returncode == 0 and "kompetensi.xml" not in again.out and read(dictionary) == edited, again.describe())
    # A node's own file of a withdrawn name is never removed (another node that has its own, never mirrored).
    other_courses, other_programs = env.path("kabupaten", "courses"), env.path("kabupaten", "programs")
    os.makedirs(other_courses)
    os.makedirs(other_programs)
    own = os.path.join(other_programs, PROGRAM_FILE)
    write(own, b"<program id=\"milik-kabupaten\"/>\n")
    result = env.mirror(centre.base, other_courses, env.node_add(centre_data, "kabupaten"))
    check("a node's own file with a withdrawn name is left alone",
          result.returncode == 0 and read(own) == b"<program id=\"milik-kabupaten\"/>\n" and "withdrawn" not in result.out, result.describe())

    # A USB drive: the program files go with the courses that they need.
    write(os.path.join(centre_programs, "kompetensi.xml"), read(os.path.join(ROOT, "programs", "kompetensi.xml")))
    drive = env.path("usb", "lentera.zip")
    result = env.run("export", "--courses", centre_courses, "--to", drive)
    printed = EXPORT_LINE.search(result.out)
    check("lentera export writes the program and the dictionary: export: 2 courses, 2 program files",
          result.returncode == 0 and printed and int(printed.group("courses")) == 2 and int(printed.group("programs")) == 2, result.describe())
    village_courses, village_programs = env.path("desa", "courses"), env.path("desa", "programs")
    os.makedirs(village_courses)
    result = env.run("import", drive, "--courses", village_courses)
    check("lentera import writes them byte for byte beside the courses",
          result.returncode == 0 and sorted(os.listdir(village_programs)) == sorted([renamed, "kompetensi.xml"])
          and all(read(os.path.join(village_programs, f)) == read(os.path.join(centre_programs, f)) for f in (renamed, "kompetensi.xml")),
          result.describe())
    checked = env.run("check", village_courses)
    check("lentera check at the office: the imported program loads against the imported courses",
          checked.returncode == 0 and "1 program diperiksa, 1 valid" in checked.out, checked.describe())
    partial = env.path("usb", "sebagian")
    result = env.run("export", "--courses", centre_courses, "--course", "pengelolaan-data-spreadsheet", "--to", partial)
    printed = EXPORT_LINE.search(result.out)
    listing = json.loads(read(os.path.join(partial, "catalogue.json"))) if os.path.isfile(os.path.join(partial, "catalogue.json")) else {}
    check("an export of one course leaves the program that needs another behind (only kompetensi.xml goes)",
          result.returncode == 0 and printed and int(printed.group("programs")) == 1
          and [p["file"] for p in listing.get("programs", [])] == ["kompetensi.xml"], result.describe())

    # A node that mirrors the centre and also imports a drive: the import leaves the files to the centre, whose
    # tombstone still removes them.
    city_courses, city_programs = env.path("kota", "courses"), env.path("kota", "programs")
    os.makedirs(city_courses)
    city_key = env.node_add(centre_data, "kota")
    check.require("the centre publishes kompetensi.xml again",
                  wait_until(lambda: listed(lambda c: "kompetensi.xml" in [p["file"] for p in c.get("programs", [])]), 30, 0.25), centre.log_tail)
    result = env.mirror(centre.base, city_courses, city_key)
    check.require("another node mirrors the centre's programs", result.returncode == 0 and os.path.isfile(os.path.join(city_programs, renamed)),
                  result.describe())
    imported = env.run("import", drive, "--courses", city_courses)
    check("importing the drive with the same files changes nothing there", imported.returncode == 0 and "programs/" not in imported.out,
          imported.describe())
    # A withdrawal a crash interrupted left the file under its hidden name: the next run puts it back.
    hidden = os.path.join(city_programs, f".lentera-withdrawn-{renamed}-12345")
    os.rename(os.path.join(city_programs, renamed), hidden)
    removed_program = read(os.path.join(centre_programs, renamed))
    os.remove(os.path.join(centre_programs, renamed))
    check.require(f"the centre withdraws {renamed}",
                  wait_until(lambda: listed(lambda c: renamed in [w["file"] for w in c.get("withdrawnPrograms", [])]), 30, 0.25), centre.log_tail)
    result = env.mirror(centre.base, city_courses, city_key)
    check("the file set aside by an interrupted withdrawal is put back, then removed on the centre's tombstone (the import did not take it)",
          result.returncode == 0 and f"mirror: programs/{renamed}: put back from .lentera-withdrawn-{renamed}-12345" in result.out
          and f"mirror: programs/{renamed}: withdrawn upstream; removed here" in result.out
          and sorted(os.listdir(city_programs)) == ["kompetensi.xml"], result.describe())
    # The centre's programs folder emptied (a failed mount, a mistake): nothing more is withdrawn from the nodes.
    write(os.path.join(centre_programs, renamed), removed_program)
    check.require(f"{renamed} is published again",
                  wait_until(lambda: listed(lambda c: renamed in [p["file"] for p in c.get("programs", [])]), 30, 0.25), centre.log_tail)
    for name in os.listdir(centre_programs):
        os.remove(os.path.join(centre_programs, name))
    time.sleep(3)
    value = catalogue(centre.base) or {}
    check("an empty programs folder at the centre withdraws nothing",
          [w["file"] for w in value.get("withdrawnPrograms", [])] == [PROGRAM_FILE], f"{value.get('withdrawnPrograms')}\n{centre.log_tail()}")


SCENARIOS = [
    ("first mirror of the shipped courses and a 30 MB file", scenario_first_mirror),
    ("a changed module: only that file travels", scenario_changed_module),
    ("a chain through the province's lentera serve", scenario_chain),
    ("resume after SIGKILL in a large download", scenario_resume),
    ("a corrupted upstream", scenario_corrupted),
    ("a hostile upstream", scenario_hostile),
    ("an upstream that is down", scenario_upstream_down),
    ("export and import through a folder and a zip", scenario_export_import),
    ("upward push to the JP ledger, exactly once", scenario_push),
    ("roster pull", scenario_roster),
    ("programs travel with the courses", scenario_programs),
    ("program files withdrawn upstream, and on a USB drive", scenario_program_withdrawals),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--only", help="comma-separated scenario numbers, e.g. 1,4 (for debugging)")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    chosen = {int(n) for n in args.only.split(",")} if args.only else set(range(1, len(SCENARIOS) + 1))
    check = Checks()
    started = time.time()
    for number, (title, scenario) in enumerate(SCENARIOS, start=1):
        if number not in chosen:
            continue
        check.prefix = f"[{number}] "
        env = Env(binary, str(number))
        began = time.time()
        try:
            scenario(env, check)
        except Abort:
            pass
        except Exception:
            check(f"{title}: the scenario ran to its end", False, traceback.format_exc() + env.logs())
        finally:
            env.close()
            print(f"mirror: [{number}] {title}: {time.time() - began:.1f} s", flush=True)
    check.prefix = ""
    print(f"mirror: {check.passed} passed, {check.failed} failed in {time.time() - started:.0f} s")
    sys.exit(1 if check.failed else 0)


if __name__ == "__main__":
    main()
