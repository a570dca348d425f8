#!/usr/bin/env python3
"""Durability: SIGKILL the server during a burst of heartbeats; after a restart every acknowledged update is there.

Learners sign in and open a module; one thread per learner sends heartbeats with increasing sequence numbers and
remembers the highest one the server acknowledged (204). The server is killed with SIGKILL mid-burst, started
again on the same data folder, and the SQLite file must hold, for each visit, a sequence at least that high.
"""
import argparse
import http.cookiejar
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LEARNERS = [("198503152010011001", "Budi"), ("199001012015032002", "Ani"), ("199101012015031003", "Citra"),
            ("199202022015031004", "Dewi")]
PASSWORD = "kata-sandi-uji"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(binary, data, port):
    process = subprocess.Popen(
        [binary, "serve", "--courses", os.path.join(ROOT, "courses"), "--public", os.path.join(ROOT, "public"),
         "--data", data, "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read()
            return process
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def sign_in_and_open(base, nip):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    form = opener.open(base + "/masuk").read().decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    body = urllib.parse.urlencode({"nip": nip, "sandi": PASSWORD, "csrf": csrf}).encode()
    try:
        opener.open(base + "/masuk", body)
    except urllib.error.HTTPError as error:
        assert error.code == 303, error.code
    page = opener.open(base + "/kursus/penyusunan-program-pembinaan-asn/pendahuluan").read().decode()
    session = re.search(r'data-sesi="([^"]+)"', page).group(1)
    token = re.search(r'data-csrf="([^"]+)"', page).group(1)
    return opener, session, token


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="lentera-durability-")
    for nip, name in LEARNERS:
        subprocess.run([args.binary, "user", "add", "--nip", nip, "--name", name, "--unit", "Pemkab Sleman", "--data", data],
                       input=PASSWORD + "\n", text=True, check=True, capture_output=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start(args.binary, data, port)
    visits = [sign_in_and_open(base, nip) for nip, _ in LEARNERS]
    acknowledged = {session: 0 for _, session, _ in visits}
    stop = threading.Event()

    def burst(opener, session, token):
        sequence = 0
        while not stop.is_set():
            sequence += 1
            body = urllib.parse.urlencode({"sesi": session, "urutan": sequence, "csrf": token}).encode()
            try:
                response = opener.open(urllib.request.Request(base + "/api/detak", body), timeout=5)
                if response.status == 204:
                    acknowledged[session] = sequence
            except (urllib.error.URLError, ConnectionError, OSError):
                return  # the server is gone; updates not answered never counted

    threads = [threading.Thread(target=burst, args=visit) for visit in visits]
    for thread in threads:
        thread.start()
    time.sleep(2.0)
    server.send_signal(signal.SIGKILL)
    server.wait()
    stop.set()
    for thread in threads:
        thread.join(timeout=10)

    total = sum(acknowledged.values())
    # Restart on the same data folder: the database must open and hold every acknowledged update.
    port = free_port()
    restarted = start(args.binary, data, port)
    restarted.terminate()
    restarted.wait(timeout=10)
    database = sqlite3.connect(os.path.join(data, "lentera.sqlite"))
    passed = failed = 0
    for session, sequence in acknowledged.items():
        row = database.execute("SELECT last_sequence FROM content_session_log WHERE id = ?", (session,)).fetchone()
        stored = row[0] if row else 0
        ok = stored >= sequence and sequence > 0
        print(("PASS" if ok else "FAIL") + f" visit {session[:8]}: acknowledged up to {sequence}, stored {stored}")
        passed, failed = (passed + 1, failed) if ok else (passed, failed + 1)
    print(f"durability: {total} heartbeats acknowledged before SIGKILL")
    print(f"durability: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
