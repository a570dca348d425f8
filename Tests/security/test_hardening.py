#!/usr/bin/env python3
"""The smaller holes found with issue 9, each tried the way it was found, with real Lentera processes on loopback.

  methods       a method Lentera's forms never use (PUT, DELETE, PATCH) answers 405, not 403
  forms         a POST is refused (403) before its body is read when it carries neither a session nor the sign-in
                cookie; a multipart roster upload still works
  password      wrong guesses at the current password on /sandi are limited like sign-ins (429 with Retry-After)
  visits        opening a module again in the same sitting adds no visit row
  base_url      `serve --base-url` fixes the address on certificates and their PDFs, whatever Host the request names
  files         the data folder is 0700 and the database 0600; a zero-byte or damaged database is refused at start
                and left as it was
  redirects     a mirror does not follow a redirect to another origin (its node key goes nowhere else)
  zip_import    a refused zip import leaves no temporary files
  push_refused  a statement the centre refuses does not stop a node's push: it is kept at the node with the reason
                and the rest arrives; the next push sends nothing again

    python3 Tests/security/test_hardening.py --binary .build/debug/lentera [--only methods,files]
"""
import argparse
import http.server
import os
import re
import socket
import stat
import sys
import threading
import time
import traceback
import urllib.parse
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_security import (  # noqa: E402  (the shared harness: processes, HTTP, checks)
    Abort, Checks, Env, PASSWORD, SPREADSHEET, csrf_of, fetch, free_port, nip, query, sign_in, wait_until,
)

LEARNER = nip(1)


def scenario_methods(env, check):
    courses, data = env.copy_shipped(), env.path("data")
    server = env.serve(courses, data)
    for method, path in [("PUT", "/beranda"), ("DELETE", "/"), ("PATCH", "/masuk"), ("PUT", f"/kursus/{SPREADSHEET}")]:
        status, headers, _ = fetch(server.base + path, method, b"x=1", {"Content-Type": "application/x-www-form-urlencoded"})
        check(f"{method} {path} -> 405 with Allow", status == 405 and "POST" in (headers.get("Allow") or ""), f"status {status}")


def scenario_forms(env, check):
    courses, data = env.copy_shipped(), env.path("data")
    env.user_add(data, LEARNER, "Budi")
    env.user_add(data, nip(2), "Opi Operator", role="operator", unit="Pemkab Sleman")
    server = env.serve(courses, data)
    # A 4 MB multipart body made to be slow to split, sent with nothing that could make it acceptable.
    boundary = "b" * 60
    crafted = (b"--" + b"b" * 59 + b"\r\n") * (4 * 1024 * 1024 // 64)
    # The refusal comes before the body is read: the answer arrives while most of the body is still unsent.
    with socket.create_connection(("127.0.0.1", server.port), timeout=20) as connection:
        connection.sendall(f"POST /operator/pengguna/impor HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary={boundary}\r\n"
                           f"Content-Length: {len(crafted)}\r\n\r\n".encode() + crafted[:65536])
        answer = connection.recv(4096)
    check("a crafted multipart POST without session or sign-in cookie -> 403 before its body is read",
          answer.startswith(b"HTTP/1.1 403"), answer[:200])
    # The same shape with a session still answers (403 for the missing token), and a real upload works.
    browser = sign_in(server.base, nip(2))
    status, _, _ = fetch(server.base + "/operator/pengguna/impor", "POST", crafted,
                         {"Content-Type": f"multipart/form-data; boundary={boundary}"}, via=browser, timeout=60)
    check("the crafted body with a session but no token -> 403", status == 403, f"status {status}")
    _, _, page = fetch(server.base + "/operator/pengguna", via=browser)
    token = csrf_of(page)
    roster = f"nip,nama,unit\n{nip(3)},Citra Baru,Pemkab Sleman > Dinsos\n"
    body = (f"--XYZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{token}\r\n"
            f"--XYZ\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"r.csv\"\r\nContent-Type: text/csv\r\n\r\n{roster}\r\n"
            "--XYZ--\r\n").encode()
    status, headers, page = fetch(server.base + "/operator/pengguna/impor", "POST", body, {"Content-Type": "multipart/form-data; boundary=XYZ"},
                                  via=browser)
    preview = headers.get("Location") or ""
    _, _, page = fetch(server.base + preview, via=browser)
    fetch(server.base + preview + "/terapkan", "POST", urllib.parse.urlencode({"csrf": csrf_of(page) or ""}).encode(), via=browser)
    created = wait_until(lambda: query(data, "SELECT name FROM account WHERE nip = ?", (nip(3),)) or None, 30, 0.1)
    check("a real multipart roster upload, previewed and applied, creates the learner",
          status == 303 and created == [("Citra Baru",)], f"status {status}, {created}")


def scenario_password(env, check):
    courses, data = env.copy_shipped(), env.path("data")
    env.user_add(data, LEARNER, "Budi")
    server = env.serve(courses, data)
    browser = sign_in(server.base, LEARNER)
    statuses = []
    for guess in range(7):
        _, _, page = fetch(server.base + "/sandi", via=browser)
        form = urllib.parse.urlencode({"csrf": csrf_of(page) or "", "lama": f"tebakan-{guess}", "baru": "sandi-baru-123",
                                       "ulang": "sandi-baru-123"}).encode()
        status, headers, _ = fetch(server.base + "/sandi", "POST", form, via=browser)
        statuses.append((status, headers.get("Retry-After")))
    check("five wrong current passwords -> 400 each, then 429 with Retry-After",
          [s for s, _ in statuses[:5]] == [400] * 5 and statuses[5][0] == 429 and statuses[5][1], f"{statuses}")
    _, _, page = fetch(server.base + "/sandi", via=browser)
    form = urllib.parse.urlencode({"csrf": csrf_of(page) or "", "lama": PASSWORD, "baru": "sandi-baru-123", "ulang": "sandi-baru-123"}).encode()
    status, _, _ = fetch(server.base + "/sandi", "POST", form, via=browser)
    check("while limited, even the right current password waits (429)", status == 429, f"status {status}")


def scenario_visits(env, check):
    courses, data = env.copy_shipped(), env.path("data")
    env.user_add(data, LEARNER, "Budi")
    server = env.serve(courses, data)
    browser = sign_in(server.base, LEARNER)
    modules = sorted(os.listdir(os.path.join(courses, SPREADSHEET)))
    first = next(m[:-3] for m in modules if m.endswith(".md"))
    first = re.sub(r"^\d+-", "", first)
    pages = []
    for _ in range(5):
        status, _, body = fetch(f"{server.base}/kursus/{SPREADSHEET}", via=browser)
        link = re.search(rf'href="(/kursus/{SPREADSHEET}/[^"/]+)"', body.decode())
        status, _, body = fetch(server.base + link.group(1), via=browser)
        pages.append((status, re.search(r'data-sesi="([^"]+)" data-urutan="(\d+)"', body.decode())))
    rows = query(data, "SELECT COUNT(*) FROM content_session_log")
    check("five views of a module in one sitting: one visit row, the same visit on every page",
          rows == [(1,)] and all(p[0] == 200 and p[1] for p in pages) and len({p[1].group(1) for p in pages}) == 1, f"{rows}, {pages}")
    session = pages[0][1].group(1)
    csrf = re.search(r'data-csrf="([^"]+)"', fetch(server.base + link.group(1), via=browser)[2].decode()).group(1)
    for sequence in (1, 2):
        fetch(server.base + "/api/detak", "POST", urllib.parse.urlencode({"sesi": session, "urutan": sequence, "csrf": csrf}).encode(), via=browser)
    _, _, body = fetch(server.base + link.group(1), via=browser)
    continued = re.search(r'data-urutan="(\d+)"', body.decode())
    check("the page opened again continues the heartbeats after the last one counted", continued and continued.group(1) == "2",
          continued and continued.group(0))


def scenario_base_url(env, check):
    courses, data = env.copy_shipped(), env.path("data")
    env.user_add(data, LEARNER, "Budi")
    server = env.serve(courses, data, extra=["--base-url", "https://lentera.contoh.go.id"])
    browser = sign_in(server.base, LEARNER)
    _, _, body = fetch(f"{server.base}/kursus/{SPREADSHEET}", via=browser)
    for link in dict.fromkeys(re.findall(rf'href="(/kursus/{SPREADSHEET}/[^"/]+)"', body.decode())):
        fetch(server.base + link, via=browser)
    numbers = query(data, "SELECT certificate_number FROM ledger_entry")
    check("reading the course completes it (a certificate exists)", len(numbers) == 1, f"{numbers}")
    if not numbers:
        return
    status, _, page = fetch(f"{server.base}/sertifikat/{numbers[0][0]}", headers={"Host": "jahat.example"}, via=browser)
    text = page.decode()
    check("the certificate names the configured address, not the request's Host",
          status == 200 and f"https://lentera.contoh.go.id/verifikasi/{numbers[0][0]}" in text and "jahat.example" not in text,
          f"status {status}")
    status, headers, pdf = fetch(f"{server.base}/sertifikat/{numbers[0][0]}/pdf", headers={"Host": "jahat.example"}, via=browser)
    check("the certificate's PDF prints and encodes the configured address, not the request's Host",
          status == 200 and headers.get("Content-Type") == "application/pdf" and b"jahat.example" not in pdf
          and f"(https://lentera.contoh.go.id/verifikasi/{numbers[0][0]}) Tj".encode() in pdf, f"status {status}")
    result = env.run("serve", "--base-url", "javascript:alert(1)", "--data", env.path("other"), "--courses", courses)
    check("serve --base-url refuses an address that is not http(s)", result.returncode == 2 and "--base-url" in result.out, result.describe)


def scenario_files(env, check):
    courses, data = env.copy_shipped(), env.path("data")
    server = env.serve(courses, data)
    mode = lambda path: stat.S_IMODE(os.stat(path).st_mode)  # noqa: E731
    check("the data folder is 0700", mode(data) == 0o700, oct(mode(data)))
    files = [f for f in os.listdir(data) if f.startswith("lentera.sqlite")]
    check("the database and its WAL files are 0600", files and all(mode(os.path.join(data, f)) == 0o600 for f in files),
          {f: oct(mode(os.path.join(data, f))) for f in files})
    server.process.terminate()
    server.process.wait(timeout=20)
    for label, content in [("a zero-byte", b""), ("a damaged", b"SQLite format 3\x00" + b"\x13" * 8192)]:
        broken = env.path(label.split()[-1])
        os.makedirs(broken)
        with open(os.path.join(broken, "lentera.sqlite"), "wb") as file:
            file.write(content)
        result = env.run("serve", "--courses", courses, "--data", broken, "--port", str(free_port()), "--host", "127.0.0.1", timeout=30)
        with open(os.path.join(broken, "lentera.sqlite"), "rb") as file:
            unchanged = file.read() == content
        check(f"{label} database is refused at start with a clear message, and left as it was",
              result.returncode == 2 and "database" in result.out and "backup" in result.out and unchanged, result.describe)


class Redirector(http.server.ThreadingHTTPServer):
    """An upstream that answers every request with a redirect to another origin, and a second server that records
    whatever reaches it (nothing should)."""

    def __init__(self, target):
        self.seen = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                server.seen.append((self.path, self.headers.get("Authorization")))
                if target:
                    self.send_response(302)
                    self.send_header("Location", target + self.path)
                    self.end_headers()
                else:
                    self.send_response(404)
                    self.end_headers()

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()


def scenario_redirects(env, check):
    elsewhere = Redirector(None)
    upstream = Redirector(f"http://localhost:{elsewhere.server_address[1]}")
    env.http_servers += [elsewhere, upstream]
    courses = env.path("node-courses")
    os.makedirs(courses)
    result = env.run("mirror", "--from", f"http://127.0.0.1:{upstream.server_address[1]}", "--courses", courses,
                     env={"LENTERA_NODE_KEY": "a" * 64}, timeout=60)
    check("the mirror fails on a redirect to another origin and says so", result.returncode == 1 and "another origin" in result.out,
          result.describe)
    check("the other origin received nothing (no request, no key)", elsewhere.seen == [], f"{elsewhere.seen}")


def scenario_zip_import(env, check):
    temporary = env.path("tmp")
    os.makedirs(temporary)
    archive = env.path("jahat.zip")
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("catalogue.json", "{}")
        zipped.writestr("manifests/a.json", "{}")
        zipped.writestr("../../keluar.txt", "x")
    courses = env.path("courses")
    os.makedirs(courses)
    result = env.run("import", archive, "--courses", courses, env={"TMPDIR": temporary + "/"})
    check("a zip with a path leaving its folder is refused", result.returncode == 1 and "leaves" in result.out, result.describe)
    check("and leaves no temporary files", os.listdir(temporary) == [], f"{os.listdir(temporary)}")
    check("nothing was written outside", not os.path.exists(env.path("keluar.txt")) and not os.path.exists(os.path.join(env.work, "..", "keluar.txt")))


def read_course(base, browser, course):
    """Opens every module of a course (the spreadsheet course completes by viewing)."""
    _, _, body = fetch(f"{base}/kursus/{course}", via=browser)
    for link in dict.fromkeys(re.findall(rf'href="(/kursus/{course}/[^"/]+)"', body.decode())):
        fetch(base + link, via=browser)


def scenario_push_refused(env, check):
    centre_courses, centre_data = env.copy_shipped("centre-courses"), env.path("centre")
    node_courses, node_data = env.copy_shipped("node-courses"), env.path("node")
    result = env.run("node", "add", "--name", "kab", "--unit", "Pemkab Sleman", "--data", centre_data)
    key = re.search(r"key: ([0-9a-f]{64})", result.out).group(1)
    centre = env.serve(centre_courses, centre_data)
    env.user_add(node_data, nip(11), "Budi Sleman", unit="Pemkab Sleman > BKPSDM")
    env.user_add(node_data, nip(12), "Rina Lain", unit="Kementerian Lain > Biro")
    node = env.serve(node_courses, node_data)
    for number in (nip(11), nip(12)):
        read_course(node.base, sign_in(node.base, number), SPREADSHEET)
    pushed = env.run("push", "--to", centre.base, "--data", node_data, env={"LENTERA_NODE_KEY": key})
    refused = query(node_data, "SELECT statement_id, reason FROM sync_refused")
    check("the push goes on past refused statements (exit 0) and names each", pushed.returncode == 0 and pushed.out.count("refused by the upstream") == len(refused)
          and len(refused) >= 1, pushed.describe)
    check("every refused statement is the out-of-scope learner's, kept at the node with the reason",
          refused and all("not in a unit this node serves" in reason for _, reason in refused), f"{refused}")
    credited = query(centre_data, "SELECT account.nip FROM ledger_entry JOIN account ON account.id = ledger_entry.account_id")
    check("the in-scope learner's course arrived at the centre, the other's did not", credited == [(nip(11),)], f"{credited}")
    again = env.run("push", "--to", centre.base, "--data", node_data, env={"LENTERA_NODE_KEY": key})
    check("the next push sends nothing and refuses nothing again", again.returncode == 0 and "push: 0 statements sent" in again.out
          and "refused" not in again.out, again.describe)


SCENARIOS = {
    "methods": scenario_methods, "forms": scenario_forms, "password": scenario_password, "visits": scenario_visits,
    "base_url": scenario_base_url, "files": scenario_files, "redirects": scenario_redirects, "zip_import": scenario_zip_import,
    "push_refused": scenario_push_refused,
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
    print(f"hardening: {time.time() - started:.0f} s", flush=True)
    print(f"{check.passed} passed, {check.failed} failed", flush=True)
    sys.exit(1 if check.failed else 0)


if __name__ == "__main__":
    main()
