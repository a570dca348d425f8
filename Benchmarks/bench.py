#!/usr/bin/env python3
"""Benchmarks for Lentera, printed as ratios against nginx measured in the same run.

1. Throughput: nginx (sendfile on, one worker per core) and Lentera serve the same 2 KB file, 500 KB file and
   rendered module page (nginx gets the page as a saved HTML file). wrk drives each in alternation, several rounds.
2. Start-up: a generated catalogue of 1,000 modules in 50 courses; time until the catalogue answers with all
   courses, and resident memory then.
3. Scoring (`--only scoring`): 10,000 submissions of a 20-question mixed quiz with QTI items run by their own rules,
   against the same number of a GIFT-only quiz (Benchmarks/scoring.py).
4. A development program's report over 100,000 learners (`--only programs`, Benchmarks/programs.py).
5. Search inside modules (`--only search`): 1,000 modules of varied Indonesian text in 100 courses; the latency of
   catalogue searches (whole words, beginnings, other word forms, typos, two words), p50 and p99.
Everything runs on loopback and stops by itself.
"""
import argparse
import datetime
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, predicate=lambda body: True, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                body = response.read().decode("utf-8", "replace")
                if predicate(body):
                    return body
        except OSError:
            pass
        time.sleep(0.01)
    raise RuntimeError(f"{url} did not answer in {seconds}s")


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def wrk(url, seconds, connections):
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url], capture_output=True, text=True, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        raise RuntimeError(f"{url}: {non2xx.group(1)} error responses\n{out}")
    p99 = re.search(r"99%\s+([\d.]+\w+)", out)
    return rps, p99.group(1) if p99 else "?"


MODULE_TEXT = """---
title: {title}
minutes: {minutes}
---
# {title}

Pengembangan kompetensi ASN dilaksanakan secara terencana. Modul ini membahas {topic} dengan contoh dari
BKPSDM kabupaten dan dinas teknis, lengkap dengan **latihan** dan _refleksi_.

## Tujuan

- Memahami {topic}.
- Menerapkan langkah-langkah {topic} di unit kerja.
- Menilai hasil dengan indikator yang terukur.

## Uraian

{paragraphs}

| Tahap | Kegiatan | Keluaran |
|---|---|---|
| 1 | Analisis | Daftar kebutuhan |
| 2 | Perencanaan | Rencana kegiatan |
| 3 | Pelaksanaan | Laporan |

### Contoh

```text
Unit: Sekretariat Daerah
JP: 20
```

## Rangkuman

Ringkasan {topic}: rencanakan, laksanakan, evaluasi.
"""


def generate_catalogue(directory, courses=50, modules=20):
    rng = random.Random(7)
    words = "pembinaan kompetensi pegawai pelatihan evaluasi umpan balik koordinasi anggaran jadwal lokakarya seminar".split()
    for c in range(courses):
        folder = os.path.join(directory, f"kursus-{c:02d}")
        os.makedirs(folder)
        entries = []
        for m in range(modules):
            paragraphs = "\n\n".join(
                " ".join(rng.choice(words) for _ in range(60)).capitalize() + "." for _ in range(4)
            )
            name = f"{m:02d}-modul.md"
            with open(os.path.join(folder, name), "w") as f:
                f.write(MODULE_TEXT.format(title=f"Modul {m + 1} Kursus {c + 1}", minutes=15, topic=rng.choice(words),
                                           paragraphs=paragraphs))
            entries.append(f'    <module id="modul-{m:02d}" href="{name}"/>')
        with open(os.path.join(folder, "course.xml"), "w") as f:
            f.write(f'<course jp="2" lang="id"><title>Kursus Uji {c + 1}</title><summary>Kursus buatan untuk uji beban.</summary>'
                    f'<category>teknis</category><section title="Bagian">\n' + "\n".join(entries) + "\n</section></course>\n")


SEARCH_WORDS = """pembinaan kompetensi pegawai pelatihan evaluasi umpan balik koordinasi anggaran jadwal lokakarya seminar
analisis kebutuhan program kegiatan laporan rekap data jam pelajaran unit kerja dinas kabupaten kota provinsi sekretariat
daerah badan kepegawaian pengembangan sumber daya manusia aparatur sipil negara pelayanan publik berkas verifikasi
permohonan indikator kinerja sasaran tujuan rencana strategis dokumen arsip pengelolaan keuangan pengadaan barang jasa
peraturan undang kebijakan pimpinan atasan bawahan mentor coaching e-learning daring luring blended tatap muka peserta
narasumber fasilitator modul materi latihan tugas penilaian sertifikat rumus spreadsheet tabel grafik kolom baris sel
penjumlahan rata-rata persentase target capaian triwulan semester tahunan anggota tim rapat notulen surat edaran
disposisi tindak lanjut pemantauan pengawasan inspektorat integritas etika budaya kerja inovasi digitalisasi aplikasi
sistem informasi basis keamanan kata sandi cadangan jaringan internet perangkat komputer laptop pencetak""".split()

SEARCH_QUERIES = [
    "pelatihan", "anggaran", "pembinaan asn", "rekap jam pelajaran", "latih", "kelola", "spreadshet", "koordinsai",
    "verifikasi berkas", "indikator kinerja", "inspektorat", "Disdukcapil", "kebutuhan pelatihan pegawai", "digital",
    "evaluasi", "umpan balik", "sertifikat", "notulen rapat", "zebra", "pengawasan keuangan daerah", "rumus tabel",
    "fasilitator daring", "laporan triwulan", "pemantauan", "kata sandi", "inovasi", "Sekretariat", "mentoring", "data",
    "persentase capaian target",
]


def generate_search_catalogue(directory, courses=100, modules=10):
    """Courses of modules with varied prose (a vocabulary of about 200 words and their affixed forms) and one word,
    Disdukcapil, in every seventh module."""
    rng = random.Random(12)
    affixed = SEARCH_WORDS + [prefix + word for word in SEARCH_WORDS[:60] for prefix in ("pe", "me", "di")] + \
        [word + suffix for word in SEARCH_WORDS[:60] for suffix in ("an", "nya", "kan")]
    for c in range(courses):
        folder = os.path.join(directory, f"kursus-{c:03d}")
        os.makedirs(folder)
        entries = []
        for m in range(modules):
            sentences = []
            for _ in range(40):
                words = [rng.choice(affixed) for _ in range(rng.randint(8, 18))]
                sentences.append(" ".join(words).capitalize() + ".")
            if (c * modules + m) % 7 == 0:
                sentences.insert(rng.randrange(len(sentences)), "Contoh dari Disdukcapil kabupaten.")
            paragraphs = "\n\n".join(" ".join(sentences[i:i + 8]) for i in range(0, len(sentences), 8))
            name = f"{m:02d}-modul.md"
            with open(os.path.join(folder, name), "w") as f:
                f.write(MODULE_TEXT.format(title=f"{rng.choice(SEARCH_WORDS).capitalize()} {rng.choice(SEARCH_WORDS)} {m + 1}",
                                           minutes=15, topic=" ".join(rng.sample(SEARCH_WORDS, 2)), paragraphs=paragraphs))
            entries.append(f'    <module id="modul-{m:02d}" href="{name}"/>')
        keywords = ", ".join(rng.sample(SEARCH_WORDS, 5))
        with open(os.path.join(folder, "course.xml"), "w") as f:
            f.write(f'<course jp="2" lang="id"><title>Kursus {rng.choice(SEARCH_WORDS).capitalize()} {c + 1}</title>'
                    f'<summary>Kursus buatan untuk uji pencarian.</summary><keywords>{keywords}</keywords>'
                    f'<category>teknis</category>\n' + "\n".join(entries) + "\n</course>\n")


def search_benchmark(binary, work, requests=1000):
    """Catalogue searches over 1,000 generated modules, one at a time from one client: p50 and p99 of each answer
    (the search, the page rendered and compressed), with the modules found checked on a planted word."""
    courses = os.path.join(work, "courses-search")
    generate_search_catalogue(courses)
    port = free_port()
    started = time.monotonic()
    server = subprocess.Popen([binary, "serve", "--courses", courses, "--data", os.path.join(work, "data-search"), "--public",
                               os.path.join(ROOT, "public"), "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/", lambda body: body.count('class="card"') == 100, seconds=120)
        loaded = time.monotonic() - started
        planted = wait_for(base + "/?q=Disdukcapil")
        found = planted.count("<mark>Disdukcapil</mark>")
        if found != 50:
            raise RuntimeError(f"the planted word marks {found} snippets, expected 50 (the most hits listed)")
        latencies = []
        for index in range(requests):
            query = urllib.parse.quote_plus(SEARCH_QUERIES[index % len(SEARCH_QUERIES)])
            before = time.perf_counter()
            with urllib.request.urlopen(f"{base}/?q={query}", timeout=10) as response:
                response.read()
            latencies.append(time.perf_counter() - before)
        latencies.sort()
        p50 = latencies[len(latencies) // 2] * 1000
        p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))] * 1000
        print(f"search inside modules, 1,000 modules in 100 courses (loaded and indexed in {loaded:.2f} s): "
              f"{requests} searches of {len(SEARCH_QUERIES)} kinds, p50 {p50:.1f} ms  p99 {p99:.1f} ms (target p99 < 20 ms)")
        print(f"resident memory then: {rss_kib(server.pid) / 1024:.1f} MB")
    finally:
        server.terminate()
        server.wait(timeout=20)


HEARTBEAT_LUA = """
-- Each wrk thread drives its own learners round-robin; every request is a heartbeat with a new sequence number.
local learners = {}
local counter = 0
local next_index = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end
function init(args)
  local threads = tonumber(args[2])
  local path = args[1]
  local all = {}
  for line in io.lines(path) do
    local cookie, session, csrf = line:match("([^ ]+) ([^ ]+) ([^ ]+)")
    table.insert(all, {cookie = cookie, session = session, csrf = csrf, sequence = tonumber(args[3]) or 0})
  end
  for i, learner in ipairs(all) do
    if (i - 1) % threads == id - 1 then table.insert(learners, learner) end
  end
end
function request()
  next_index = next_index % #learners + 1
  local learner = learners[next_index]
  learner.sequence = learner.sequence + 1
  local body = "sesi=" .. learner.session .. "&urutan=" .. learner.sequence .. "&csrf=" .. learner.csrf
  return wrk.format("POST", "/api/detak", {["Cookie"] = "sesi=" .. learner.cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
"""

# A signed-in page as a browser asks for it (gzip accepted), each request with the next learner's session.
SIGNED_IN_LUA = """
local learners = {}
local next_index = 0
function init(args)
  for line in io.lines(args[1]) do
    local cookie = line:match("([^ ]+) ")
    table.insert(learners, cookie)
  end
end
function request()
  next_index = next_index % #learners + 1
  return wrk.format("GET", "PAGE_PATH", {["Cookie"] = "sesi=" .. learners[next_index], ["Accept-Encoding"] = "gzip"})
end
"""
# The same heartbeats at the target rate instead of as fast as they can go: each of the 200 connections waits 36 ms
# after each answer, about 5,000 heartbeats/s in all, numbered above the first run's (a number a visit has seen
# would not count, and would cost no write). Latency at a closed loop's full speed is its queue (200
# requests in flight divided by the rate); at the target rate it is what a learner's heartbeat waits.
PACED_HEARTBEAT_LUA = HEARTBEAT_LUA + """
function delay()
  return 36
end
"""
HOME_LUA = SIGNED_IN_LUA.replace("PAGE_PATH", "/beranda")
# Rounds of the signed-in and anonymous module pages, in alternation.
ROUNDS = 3
# The module page every benchmark learner opened while signing in (its visit is open).
MODULE_PATH = "/kursus/penyusunan-program-pembinaan-asn/pendahuluan"
MODULE_LUA = SIGNED_IN_LUA.replace("PAGE_PATH", MODULE_PATH)


def learner_benchmark(binary, work, seconds, learners=200, database=None, nodes=1, front=None, threads=None):
    """Heartbeats, the home page and a module page signed in at 200 concurrent learners, each with a real session and
    CSRF token, and the same module page for anonymous visitors in the same run; on SQLite, or on the PostgreSQL
    `database` with `nodes` servers (each with `threads` event-loop threads) behind what `front(work, ports)` starts.
    Pages are asked for with gzip accepted, as browsers ask. Returns req/s by name."""
    import concurrent.futures
    import http.cookiejar
    import urllib.parse
    os.makedirs(work, exist_ok=True)
    data = os.path.join(work, "data-learners")
    os.makedirs(data)
    with_database = ["--database", database] if database else []
    roster = os.path.join(work, "roster.csv")
    with open(roster, "w") as f:
        f.write("nip,nama,unit,status\n")
        for i in range(learners):
            f.write(f"19850315201001{1 if i % 2 else 2}{i:03d},Pegawai {i},Pemkab Uji > Unit {i % 10},PNS\n")
    imported = subprocess.run([binary, "user", "import", roster, "--data", data] + with_database, capture_output=True, text=True,
                              check=True)
    passwords = [line.split(",") for line in imported.stdout.strip().splitlines()[1:]]
    ports = [free_port() for _ in range(nodes)]
    # On SQLite the node serves the data folder the accounts were imported into; on PostgreSQL each node has its own.
    servers = [subprocess.Popen([binary, "serve", "--courses", os.path.join(ROOT, "courses"), "--data",
                                 data + f"-{index}" if database else data,
                                 "--public", os.path.join(ROOT, "public"), "--host", "127.0.0.1", "--port", str(port),
                                 "--trusted-proxy", "127.0.0.1"] + with_database
                                + (["--threads", str(threads)] if threads else []),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for index, port in enumerate(ports)]
    server = servers[0]
    for port in ports:
        wait_for(f"http://127.0.0.1:{port}/")
    base, proxy = front(work, ports) if front else (f"http://127.0.0.1:{ports[0]}", None)
    figures = {}
    try:
        wait_for(base + "/")

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        def prepare(entry):
            nip, _, password = entry[0], entry[1], entry[-1]
            jar = http.cookiejar.CookieJar()
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)

            def post(path, fields):
                try:
                    opener.open(base + path, urllib.parse.urlencode(fields).encode())
                except urllib.error.HTTPError as error:
                    if error.code != 303:
                        raise

            form = opener.open(base + "/masuk").read().decode()
            post("/masuk", {"nip": nip, "sandi": password, "csrf": re.search(r'name="csrf" value="([^"]+)"', form).group(1)})
            form = opener.open(base + "/sandi").read().decode()
            new = password + "-baru"
            post("/sandi", {"lama": password, "baru": new, "ulang": new,
                            "csrf": re.search(r'name="csrf" value="([^"]+)"', form).group(1)})
            page = opener.open(base + MODULE_PATH).read().decode()
            cookie = next(c.value for c in jar if c.name == "sesi")
            return (cookie, re.search(r'data-sesi="([^"]+)"', page).group(1), re.search(r'data-csrf="([^"]+)"', page).group(1))

        import urllib.error
        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            sessions = list(pool.map(prepare, passwords))
        print(f"learners: {len(sessions)} signed in, changed their temporary password and opened a module "
              f"in {time.monotonic() - started:.1f} s")
        sessions_file = os.path.join(work, "sessions.txt")
        with open(sessions_file, "w") as f:
            f.write("".join(f"{cookie} {session} {csrf}\n" for cookie, session, csrf in sessions))
        for name, cookie in [("module page", {"Cookie": "sesi=" + sessions[0][0]}), ("anonymous module page", {})]:
            request = urllib.request.Request(base + MODULE_PATH, headers={**cookie, "Accept-Encoding": "gzip"})
            with urllib.request.urlopen(request) as answer:
                print(f"{name}: {len(answer.read())} bytes, Content-Encoding {answer.headers.get('Content-Encoding')}, "
                      f"Cache-Control {answer.headers.get('Cache-Control')}")
        # The signed-in and the anonymous module page in alternation, three rounds, each figure the median of its
        # rounds: a machine that slows down for a while slows both alike, and the ratio compares like with like.
        runs = [("heartbeat", HEARTBEAT_LUA, ["2"]), ("paced heartbeat", PACED_HEARTBEAT_LUA, ["2", "10000000"]),
                ("home page", HOME_LUA, [])] + [("module page", MODULE_LUA, []), ("anonymous module page", None, [])] * ROUNDS
        rounds = {}
        for name, script, extra in runs:
            profiler = None
            if os.environ.get("LENTERA_PERF"):  # a profile of the server during this load only
                profiler = subprocess.Popen(["perf", "record", "-F", "999", "-g", "-p", str(server.pid), "-o",
                                             os.environ["LENTERA_PERF"] + "." + name.replace(" ", "-")],
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if script:
                path = os.path.join(work, f"{name.replace(' ', '-')}.lua")
                with open(path, "w") as f:
                    f.write(script)
                command = ["-s", path, base, "--", sessions_file] + extra
            else:  # no session cookie: the page kept in memory, gzipped at load
                command = ["-H", "Accept-Encoding: gzip", base + MODULE_PATH]
            out = subprocess.run(["wrk", "-t2", f"-c{learners}", f"-d{seconds}s", "--latency"] + command,
                                 capture_output=True, text=True, check=True).stdout
            rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
            p50 = re.search(r"50%\s+([\d.]+\w+)", out).group(1)
            p99 = re.search(r"99%\s+([\d.]+\w+)", out).group(1)
            if profiler:
                profiler.send_signal(signal.SIGINT)
                profiler.wait(timeout=30)
            errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
            rounds.setdefault(name, []).append(rps)
            figures[name] = statistics.median(rounds[name])
            print(f"{name:21s} {rps:10.0f} req/s  p50 {p50}  p99 {p99}  non-2xx {errors.group(1) if errors else 0}"
                  + ("   (target: 5,000 updates/s)" if name == "heartbeat" else "")
                  + ("   (each connection 36 ms apart, about 5,000/s; target: p99 < 20 ms)" if name == "paced heartbeat" else ""))
        ratio = figures["module page"] / figures["anonymous module page"]
        print(f"module page signed in / anonymous, medians of {ROUNDS} alternating rounds "
              f"({figures['module page']:.0f} / {figures['anonymous module page']:.0f} req/s): "
              f"{ratio:.2f} of the anonymous req/s (target: at least 0.5)")
        if database:
            port = re.search(r":(\d+)/", database).group(1)
            stored = subprocess.run(["psql", "-At", "-h", "127.0.0.1", "-p", port, "-U", "lentera", "-d", "lentera", "-c",
                                     "SELECT SUM(last_sequence % 10000000) FROM content_session_log"], capture_output=True, text=True).stdout.strip()
        else:
            import sqlite3
            stored = sqlite3.connect(os.path.join(data, "lentera.sqlite")).execute(
                "SELECT SUM(last_sequence % 10000000) FROM content_session_log").fetchone()[0]
        print(f"heartbeats stored (each visit's last sequence number applied, the paced run's counted from 10,000,000, summed): {stored}")
    finally:
        for process in servers + ([proxy] if proxy else []):
            process.terminate()
            process.wait(timeout=20)
    return figures


QUIZ_GIFT = "\n\n".join(
    f"::s{i}:: Soal {i}: berapa {i} tambah {i}? {{={2 * i} ~{2 * i + 1} ~{2 * i - 1} ~{i}}}" for i in range(1, 11)) + "\n"


def quiz_benchmark(binary, work, learners=500):
    """500 learners start the same quiz at once, load it, and submit it: attempts started and submitted per second,
    p50/p99 latency per step. Accounts and sessions are written straight into the database (signing 500 people in
    through bcrypt would take minutes and is not what is measured)."""
    import asyncio
    import hashlib
    import sqlite3
    courses = os.path.join(work, "courses-quiz")
    course = os.path.join(courses, "kuis")
    os.makedirs(course)
    with open(os.path.join(course, "course.xml"), "w") as f:
        f.write('<course jp="1"><title>Kuis</title><module id="ujian" href="ujian.md" completion="quiz" quiz="akhir"/>'
                '<quiz id="akhir" title="Kuis Akhir" href="akhir.gift" attempts="1" time-limit="30" passing-score="70"/></course>')
    with open(os.path.join(course, "ujian.md"), "w") as f:
        f.write("# Ujian\n\nKerjakan kuis.\n")
    with open(os.path.join(course, "akhir.gift"), "w") as f:
        f.write(QUIZ_GIFT)
    data = os.path.join(work, "data-quiz")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([binary, "serve", "--courses", courses, "--data", data, "--public", os.path.join(ROOT, "public"),
                               "--host", "127.0.0.1", "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(base + "/kursus/kuis")
        database = sqlite3.connect(os.path.join(data, "lentera.sqlite"), timeout=30)
        tokens = []
        now = time.strftime("%Y-%m-%d %H:%M:%S.000", time.gmtime())
        expires = time.strftime("%Y-%m-%d %H:%M:%S.000", time.gmtime(time.time() + 3600))
        for i in range(learners):
            nip = f"19850315201001{1 if i % 2 else 2}{i:03d}"
            cursor = database.execute(
                "INSERT INTO account (nip, name, unit, position, status, email, role, password_hash, must_change_password, created_at) "
                "VALUES (?, ?, ?, '', 'PNS', NULL, 'learner', 'x', 0, ?)", (nip, f"Pegawai {i}", "Pemkab Uji\x1fUnit\x1f", now))
            token = os.urandom(32).hex()
            csrf = os.urandom(32).hex()
            database.execute("INSERT INTO session (token_hash, account_id, csrf_token, expires) VALUES (?, ?, ?, ?)",
                             (hashlib.sha256(token.encode()).hexdigest(), cursor.lastrowid, csrf, expires))
            tokens.append((token, csrf))
        database.commit()

        async def request(reader, writer, method, path, cookie, body=None):
            head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: sesi={cookie}\r\n"
            if body is not None:
                head += f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
            writer.write((head + "\r\n").encode() + (body or b""))
            await writer.drain()
            status_line = await reader.readline()
            headers = {}
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.decode().partition(":")
                headers[name.strip().lower()] = value.strip()
            content = await reader.readexactly(int(headers.get("content-length", "0")))
            return int(status_line.split()[1]), headers, content

        latencies = {"start": [], "page": [], "submit": []}
        errors = []

        async def learner(token, csrf, barrier_start, barrier_submit):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            try:
                # Each learner opens the quiz page, then all press "Mulai" at the same moment.
                status, _, _ = await request(reader, writer, "GET", "/kursus/kuis/kuis/akhir", token)
                if status != 200:
                    errors.append(f"quiz page {status}")
                await barrier_start.wait()
                t = time.monotonic()
                status, headers, _ = await request(reader, writer, "POST", "/kursus/kuis/kuis/akhir/mulai", token,
                                                   f"csrf={csrf}".encode())
                latencies["start"].append(time.monotonic() - t)
                if status != 303:
                    errors.append(f"start {status}")
                    return
                location = headers["location"]
                t = time.monotonic()
                status, _, page = await request(reader, writer, "GET", location, token)
                latencies["page"].append(time.monotonic() - t)
                if status != 200:
                    errors.append(f"page {status}")
                    return
                html = page.decode()
                fields = [("csrf", csrf), ("aksi", "kumpulkan")]
                for i in range(1, 11):
                    match = re.search(rf'name="a:s{i}" value="([^"]+)"[^>]*> {2 * i}<', html)
                    if match:
                        fields.append((f"a:s{i}", match.group(1)))
                await barrier_submit.wait()
                t = time.monotonic()
                body = urllib.parse.urlencode(fields).encode()
                status, _, _ = await request(reader, writer, "POST", location, token, body)
                latencies["submit"].append(time.monotonic() - t)
                if status != 303:
                    errors.append(f"submit {status}")
            finally:
                writer.close()

        class Barrier:
            def __init__(self, parties):
                self.parties, self.count, self.event = parties, 0, asyncio.Event()

            async def wait(self):
                self.count += 1
                if self.count >= self.parties:
                    self.event.set()
                await self.event.wait()

        async def run():
            start_barrier, submit_barrier = Barrier(learners), Barrier(learners)
            phases = time.monotonic()
            await asyncio.gather(*(learner(token, csrf, start_barrier, submit_barrier) for token, csrf in tokens))
            return time.monotonic() - phases

        import urllib.parse
        profiler = None
        if os.environ.get("LENTERA_PERF"):
            profiler = subprocess.Popen(["perf", "record", "-F", "1999", "-g", "-p", str(server.pid), "-o", os.environ["LENTERA_PERF"] + ".quiz"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(1)
        client_cpu = time.process_time()
        elapsed = asyncio.run(run())
        client_cpu = time.process_time() - client_cpu
        if profiler:
            profiler.send_signal(signal.SIGINT)
            profiler.wait(timeout=30)

        def pct(values, q):
            values = sorted(values)
            return values[min(len(values) - 1, int(q * len(values)))] * 1000 if values else float("nan")

        for name in ["start", "page", "submit"]:
            values = latencies[name]
            span = max(values) if values else 0
            print(f"quiz {name:6s} {len(values):4d} requests, {len(values) / span if span else 0:7.0f}/s while all {learners} "
                  f"wait, p50 {pct(values, 0.5):6.1f} ms  p99 {pct(values, 0.99):6.1f} ms")
        time.sleep(3)  # modules are completed a second after each pass is answered (or at once on its result page)
        stored = database.execute("SELECT COUNT(*), SUM(submitted_at IS NOT NULL), SUM(passed) FROM quiz_attempt").fetchone()
        completed = database.execute("SELECT COUNT(*) FROM content_summary_log WHERE completed_at IS NOT NULL").fetchone()[0]
        credited = database.execute("SELECT COUNT(*) FROM ledger_entry").fetchone()[0]
        print(f"quiz: {completed} modules completed and {credited} courses credited by the passes")
        print(f"quiz: {stored[0]} attempts stored, {stored[1]} submitted, {stored[2]} passed; errors {len(errors)}"
              f"{' ' + str(sorted(set(errors))[:5]) if errors else ''}; {elapsed:.1f} s in all, of which the load client "
              f"used {client_cpu:.1f} s of CPU (target p99 < 100 ms, no errors)")
    finally:
        server.terminate()
        server.wait(timeout=20)


def mirror_benchmark(binary, work, total_mb=1024):
    """A catalogue of about 1 GB (text, images, video-sized files) mirrored over loopback, 1% of its files changed,
    mirrored again: bytes fetched against bytes changed, and time against rsync through an rsync daemon. Then the
    upward push of 20,000 completions in statements per second."""
    import sqlite3
    import hashlib
    rng = random.Random(7)
    centre = os.path.join(work, "mirror-centre")
    courses = 22
    per_course = total_mb * 1024 * 1024 // courses
    files = []
    for c in range(courses):
        folder = os.path.join(centre, f"kursus-{c:02d}")
        os.makedirs(os.path.join(folder, "gambar"))
        os.makedirs(os.path.join(folder, "video"))
        modules = "".join(f'<module id="m{m:02d}" href="m{m:02d}.md"/>' for m in range(20))
        with open(os.path.join(folder, "course.xml"), "w") as f:
            f.write(f'<course jp="2"><title>Kursus {c}</title>{modules}</course>')
        for m in range(20):
            path = os.path.join(folder, f"m{m:02d}.md")
            with open(path, "w") as f:
                f.write(f"# Modul {m}\n\n" + " ".join(rng.choice(["pegawai", "kompetensi", "pelatihan", "data", "laporan"])
                                                       for _ in range(3000)) + "\n")
            files.append(path)
        for i in range(20):
            path = os.path.join(folder, "gambar", f"g{i:02d}.png")
            with open(path, "wb") as f:
                f.write(os.urandom(200 * 1024))
            files.append(path)
        path = os.path.join(folder, "video", "materi.mp4")
        with open(path, "wb") as f:
            f.write(os.urandom(max(1, per_course - 20 * 200 * 1024 - 20 * 25 * 1024)))
        files.append(path)
    total = sum(os.path.getsize(p) for p in files)
    print(f"mirror: catalogue of {courses} courses, {len(files)} files, {total / 1e9:.2f} GB")
    data = os.path.join(work, "mirror-centre-data")
    added = subprocess.run([binary, "node", "add", "--name", "bench", "--unit", "Pemkab Uji", "--data", data], capture_output=True,
                           text=True, check=True).stdout
    key = re.search(r"key: ([0-9a-f]{64})", added).group(1)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([binary, "serve", "--courses", centre, "--data", data, "--public", os.path.join(ROOT, "public"),
                               "--host", "127.0.0.1", "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rsync_port = free_port()
    rsync_conf = os.path.join(work, "rsyncd.conf")
    with open(rsync_conf, "w") as f:
        f.write(f"use chroot = no\n[kursus]\npath = {centre}\nread only = yes\n")
    rsyncd = subprocess.Popen(["rsync", "--daemon", "--no-detach", f"--config={rsync_conf}", f"--port={rsync_port}",
                               "--address=127.0.0.1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        started = time.monotonic()
        catalogue = wait_for(base + "/mirror/catalogue.json", lambda body: body.count('"sha256"') == courses, seconds=300)
        print(f"mirror: the centre hashed and published it in {time.monotonic() - started:.1f} s")
        node = os.path.join(work, "mirror-node")
        rsync_target = os.path.join(work, "rsync-node")

        def lentera_mirror():
            t = time.monotonic()
            out = subprocess.run([binary, "mirror", "--from", base, "--courses", node, "--key", key], capture_output=True, text=True)
            elapsed = time.monotonic() - t
            summary = re.search(r"fetched (\d+) files, (\d+) bytes.*and (\d+) bytes of catalogue", out.stdout)
            if out.returncode != 0 or not summary:
                raise RuntimeError(out.stdout + out.stderr)
            # Everything that travelled: files, and the catalogue and manifests that say what changed.
            return elapsed, int(summary.group(1)), int(summary.group(2)) + int(summary.group(3))

        def rsync():
            t = time.monotonic()
            out = subprocess.run(["rsync", "-a", "--delete", "--stats", f"rsync://127.0.0.1:{rsync_port}/kursus/", rsync_target + "/"],
                                 capture_output=True, text=True, check=True)
            received = re.search(r"Total bytes received: ([\d,.]+)", out.stdout)
            return time.monotonic() - t, int(received.group(1).replace(",", "").replace(".", "")) if received else -1

        first, fetched_files, fetched_bytes = lentera_mirror()
        rsync_first, rsync_bytes = rsync()
        print(f"mirror: first sync   lentera {first:6.2f} s ({fetched_files} files, {fetched_bytes / 1e6:.0f} MB)   "
              f"rsync {rsync_first:6.2f} s ({rsync_bytes / 1e6:.0f} MB)   ratio {first / rsync_first:.2f}")
        # 1% of the files change.
        changed = rng.sample(files, max(1, len(files) // 100))
        changed_bytes = 0
        for path in changed:
            size = os.path.getsize(path)
            with open(path, "r+b") as f:
                f.seek(rng.randrange(size))
                f.write(os.urandom(min(64, size)))
            changed_bytes += os.path.getsize(path)
        before = catalogue
        wait_for(base + "/mirror/catalogue.json", lambda body: body != before, seconds=120)
        time.sleep(2)  # the centre republishes within a second of noticing; let every changed course land
        second, fetched_files, fetched_bytes = lentera_mirror()
        rsync_second, rsync_bytes = rsync()
        print(f"mirror: after changing {len(changed)} files ({changed_bytes / 1e6:.1f} MB in them): lentera fetched {fetched_files} files, "
              f"{fetched_bytes / 1e6:.3f} MB with catalogue and manifests = {fetched_bytes / changed_bytes:.3f}x the bytes of the changed files (target <= 1.05x); "
              f"rsync received {rsync_bytes / 1e6:.1f} MB (it sends deltas)")
        print(f"mirror: second sync  lentera {second:6.2f} s   rsync {rsync_second:6.2f} s   ratio {second / rsync_second:.2f} "
              f"(target: no slower than rsync)")
        same = all(hashlib.sha256(open(p, "rb").read()).digest() ==
                   hashlib.sha256(open(os.path.join(node, os.path.relpath(p, centre)), "rb").read()).digest() for p in changed)
        print(f"mirror: the node holds the changed files byte for byte: {same}")

        # Upward sync: 1,000 learners x 20 module completions at a node, pushed to the centre.
        node_data = os.path.join(work, "mirror-node-data")
        subprocess.run([binary, "user", "add", "--nip", "196001011990011001", "--name", "Operator", "--unit", "Pemkab Uji",
                        "--role", "operator", "--data", node_data], input="kata-sandi-uji\n", capture_output=True, text=True, check=True)
        database = sqlite3.connect(os.path.join(node_data, "lentera.sqlite"))
        now = time.strftime("%Y-%m-%d %H:%M:%S.000", time.gmtime())
        for i in range(1000):
            nip = f"19850315201001{1 if i % 2 else 2}{i:03d}"
            cursor = database.execute(
                "INSERT INTO account (nip, name, unit, position, status, email, role, password_hash, must_change_password, created_at) "
                "VALUES (?, ?, ?, '', 'PNS', NULL, 'learner', 'x', 0, ?)", (nip, f"Pegawai {i}", "Pemkab Uji\x1f", now))
            database.executemany(
                "INSERT INTO content_summary_log (account_id, course_id, module_id, progress, time_spent, first_access, last_access, "
                "completed_at, marked_done) VALUES (?, 'kursus-00', ?, 1, 60, ?, ?, ?, 0)",
                [(cursor.lastrowid, f"m{m:02d}", now, now, now) for m in range(20)])
        database.commit()
        t = time.monotonic()
        out = subprocess.run([binary, "push", "--to", base, "--key", key, "--data", node_data], capture_output=True, text=True)
        elapsed = time.monotonic() - t
        sent = re.search(r"(\d+) statements sent", out.stdout)
        count = int(sent.group(1)) if sent else 0
        print(f"push: {count} statements in {elapsed:.1f} s = {count / elapsed:.0f} statements/s "
              f"(batches of 100; {'ok' if out.returncode == 0 else out.stdout + out.stderr})")
    finally:
        for process in (server, rsyncd):
            process.terminate()
            process.wait(timeout=20)


def bulk_nip(n):
    """A valid NIP for any n up to several million: the birth date moves on a day every 999 people."""
    born = datetime.date(1965, 1, 1) + datetime.timedelta(days=n // 999)
    return f"{born:%Y%m%d}200001{1 + n % 2}{n % 999 + 1:03d}"


def peak_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def timed_get(url, cookie):
    """First byte and last byte of a GET, and its size."""
    import http.client
    import urllib.parse
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
    started = time.perf_counter()
    connection.request("GET", parts.path + ("?" + parts.query if parts.query else ""), headers={"Cookie": cookie})
    response = connection.getresponse()
    first = time.perf_counter() - started
    size = 0
    while True:
        chunk = response.read(1 << 16)
        if not chunk:
            break
        size += len(chunk)
    total = time.perf_counter() - started
    connection.close()
    return response.status, first, total, size


def get(url, cookie):
    """The body of a GET with a cookie, as text."""
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=600) as response:
        return response.read().decode()


def session_cookie(base, nip, password):
    import http.cookiejar
    import urllib.parse
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/masuk", timeout=60).read().decode()
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    opener.open(base + "/masuk", urllib.parse.urlencode({"nip": nip, "sandi": password, "csrf": token}).encode(), timeout=60).read()
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def operations_benchmark(binary, work, sizes=(100_000, 1_000_000)):
    """Issue 10: a 10,000-row roster import, /operator and its CSV over 100,000 and 1,000,000 accounts, a sign-in rush."""
    import sqlite3
    import concurrent.futures
    # Roster import of 10,000 rows through `lentera user import` (the same code as the web page's background import).
    data = os.path.join(work, "data-roster")
    admin_nip, password = bulk_nip(9_999_000), "kata-sandi-bench"
    subprocess.run([binary, "user", "add", "--nip", admin_nip, "--name", "Admin", "--unit", "Pemkab Uji", "--role", "admin", "--data", data],
                   input=password + "\n", text=True, check=True, capture_output=True)
    roster = os.path.join(work, "roster-10000.csv")
    with open(roster, "w") as f:
        f.write("nip;nama;unit;jabatan\n")
        for n in range(10_000):
            f.write(f"{bulk_nip(n)};Pegawai {n:05d};Pemkab Uji > Unit {n % 40};Analis\n")
    import resource
    started = time.perf_counter()
    imported = subprocess.run([binary, "user", "import", roster, "--data", data], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    passwords = [line.split(",") for line in imported.stdout.strip().splitlines()[1:]]
    print(f"roster import 10,000 rows: {seconds:.1f} s, peak RSS {peak / 1024:.0f} MB, {len(passwords)} temporary passwords "
          f"(target: under 60 s; exit {imported.returncode})", flush=True)

    # Sign-in rush: 400 learners sign in at once (with their temporary passwords, hashed at the import's cost, and
    # again after setting a password of their own, hashed at the cost people's passwords get).
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # As behind the recommended nginx: each learner from their own address, in X-Forwarded-For.
    server = subprocess.Popen([binary, "serve", "--courses", os.path.join(ROOT, "courses"), "--data", data, "--host", "127.0.0.1",
                               "--port", str(port), "--trusted-proxy", "127.0.0.1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def from_own_address(opener, entry):
        opener.addheaders = [("X-Forwarded-For", f"10.{int(entry[0][-6:-3]) % 250}.{int(entry[0][-3:]) % 250}.{int(entry[0][8:10])}")]
        return opener
    try:
        wait_for(base + "/healthz")
        # Passwords people chose: set with `lentera user passwd` would take a process each; write them the way the
        # server does, by signing in once and changing the temporary one, for 400 learners.
        def own_password(entry):
            import http.cookiejar
            import urllib.parse
            jar = http.cookiejar.CookieJar()
            opener = from_own_address(urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)), entry)
            page = opener.open(base + "/masuk", timeout=120).read().decode()
            token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
            page = opener.open(base + "/masuk", urllib.parse.urlencode({"nip": entry[0], "sandi": entry[-1], "csrf": token}).encode(),
                               timeout=120).read().decode()
            token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
            opener.open(base + "/sandi", urllib.parse.urlencode({"lama": entry[-1], "baru": "sandi-sendiri-123", "ulang": "sandi-sendiri-123",
                                                                  "csrf": token}).encode(), timeout=120).read()
        learners = passwords[:400]
        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            list(pool.map(own_password, learners))

        def rush(entries, secret):
            def one(entry):
                import http.cookiejar
                import urllib.parse
                jar = http.cookiejar.CookieJar()
                opener = from_own_address(urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)), entry)
                page = opener.open(base + "/masuk", timeout=120).read().decode()
                token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
                started = time.perf_counter()
                opener.open(base + "/masuk", urllib.parse.urlencode({"nip": entry[0], "sandi": secret(entry), "csrf": token}).encode(),
                            timeout=120).read()
                return time.perf_counter() - started, any(c.name == "sesi" for c in jar)
            started = time.perf_counter()
            with concurrent.futures.ThreadPoolExecutor(64) as pool:
                results = list(pool.map(one, entries))
            elapsed = time.perf_counter() - started
            latencies = sorted(r[0] for r in results)
            ok = sum(1 for r in results if r[1])
            return len(entries) / elapsed, latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.99) - 1], ok
        rate, p50, p99, ok = rush(learners, lambda e: "sandi-sendiri-123")
        print(f"sign-in rush, 400 learners at once (64 in flight), bcrypt cost 10: {rate:.1f} sign-ins/s, p50 {p50 * 1000:.0f} ms, "
              f"p99 {p99 * 1000:.0f} ms, {ok} signed in (capacity: what the 2 cores can hash; latency is the queue of 64)", flush=True)

        # The target as a load: 25 new sign-ins arriving every second for 16 s, each learner's form already open.
        def arrivals(entries, per_second):
            import http.cookiejar
            import urllib.parse
            prepared = []
            for entry in entries:
                jar = http.cookiejar.CookieJar()
                opener = from_own_address(urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)), entry)
                page = opener.open(base + "/masuk", timeout=120).read().decode()
                prepared.append((entry, jar, opener, re.search(r'name="csrf" value="([^"]+)"', page).group(1)))

            def one(index):
                entry, jar, opener, token = prepared[index]
                delay = index / per_second - (time.perf_counter() - began)
                if delay > 0:
                    time.sleep(delay)
                started = time.perf_counter()
                opener.open(base + "/masuk", urllib.parse.urlencode({"nip": entry[0], "sandi": "sandi-sendiri-123", "csrf": token}).encode(),
                            timeout=120).read()
                return time.perf_counter() - started, any(c.name == "sesi" for c in jar)
            began = time.perf_counter()
            with concurrent.futures.ThreadPoolExecutor(128) as pool:
                results = list(pool.map(one, range(len(prepared))))
            latencies = sorted(r[0] for r in results)
            return latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.99) - 1], sum(1 for r in results if r[1])
        p50, p99, ok = arrivals(learners, 25)
        print(f"sign-ins arriving at 25/s (400 over 16 s), bcrypt cost 10: p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, {ok} signed in "
              f"(target: 25/s with p99 under 2 s)", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=60)

    # /operator and its CSV over generated accounts, with a year of JP for a third of them.
    for size in sizes:
        data = os.path.join(work, f"data-{size}")
        subprocess.run([binary, "user", "add", "--nip", admin_nip, "--name", "Admin", "--unit", "Pemprov Uji", "--role", "admin", "--data", data],
                       input=password + "\n", text=True, check=True, capture_output=True)
        connection = sqlite3.connect(os.path.join(data, "lentera.sqlite"))
        year = datetime.date.today().year

        def accounts():
            for n in range(size):
                unit = f"Pemprov Uji\x1fKab {n % 35}\x1fDinas {n % 23}\x1f"
                yield (bulk_nip(n), f"Pegawai {n:07d}", unit, "PNS" if n % 5 else "PPPK", "learner", "!", 0)
        connection.executemany("INSERT INTO account (nip, name, unit, position, status, role, password_hash, must_change_password, created_at) "
                               "VALUES (?, ?, ?, '', ?, ?, ?, ?, '2026-01-01 00:00:00.000')", accounts())
        connection.execute("INSERT INTO ledger_entry (account_id, course_id, course_title, course_version, year, jp_hundredths, started_at, "
                           f"completed_at, score, certificate_number) SELECT id, 'bench', 'Bench', '1', {year}, 1500 + (id % 3) * 500, "
                           "'2026-01-01', '2026-01-02', 100, 'LTR-' || id FROM account WHERE id % 3 = 0 AND role = 'learner'")
        connection.commit()
        connection.close()
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([binary, "serve", "--courses", os.path.join(ROOT, "courses"), "--data", data, "--host", "127.0.0.1",
                                   "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for(base + "/healthz", seconds=300)
            cookie = session_cookie(base, admin_nip, password)
            before = rss_kib(server.pid)
            for path in ["/operator", "/operator/laporan/jp.csv", "/operator/pengguna", "/operator/pengguna?q=Pegawai+0012345"]:
                status, first, total, size_bytes = timed_get(base + path, cookie)
                print(f"{size:>9,} accounts {path}: {status}, first byte {first * 1000:.0f} ms, total {total * 1000:.0f} ms, "
                      f"{size_bytes / 1024:.0f} KB", flush=True)
            print(f"{size:>9,} accounts: server RSS {before / 1024:.0f} MB before, peak {peak_kib(server.pid) / 1024:.0f} MB", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=60)
        shutil.rmtree(data, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--only", choices=["content", "learners", "quiz", "scoring", "mirror", "operations", "signin", "cluster", "search",
                                                "programs"],
                        help="run one part")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="lentera-bench-")
    os.chmod(work, 0o755)  # nginx workers run as an unprivileged user
    processes = []
    if args.only in ("operations", "signin"):
        try:
            operations_benchmark(args.binary, work, sizes=(100_000, 1_000_000) if args.only == "operations" else ())
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    if args.only == "mirror":
        try:
            mirror_benchmark(args.binary, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    if args.only == "search":
        try:
            search_benchmark(args.binary, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    if args.only == "quiz":
        try:
            quiz_benchmark(args.binary, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    if args.only == "programs":
        import programs
        try:
            programs.programs_benchmark(args.binary, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    if args.only == "scoring":
        import scoring
        try:
            scoring.scoring_benchmark(args.binary, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    if args.only == "cluster":
        import cluster
        try:
            cluster.cluster_benchmark(args.binary, work, args.seconds)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    if args.only == "learners":
        try:
            learner_benchmark(args.binary, work, args.seconds)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    try:
        # Content: one course with a 2 KB and a 500 KB file and a module page.
        courses = os.path.join(work, "courses")
        course = os.path.join(courses, "bench")
        os.makedirs(course)
        rng = random.Random(1)
        words = "pembinaan kompetensi pegawai pelatihan evaluasi umpan balik koordinasi anggaran jadwal".split()
        with open(os.path.join(course, "modul.md"), "w") as f:
            paragraphs = "\n\n".join(" ".join(rng.choice(words) for _ in range(80)).capitalize() + "." for _ in range(8))
            f.write(MODULE_TEXT.format(title="Modul Uji", minutes=20, topic="analisis kebutuhan", paragraphs=paragraphs))
        with open(os.path.join(course, "course.xml"), "w") as f:
            f.write('<course jp="1"><title>Bench</title><module id="modul" href="modul.md"/></course>')
        for name, size in [("static-2k.bin", 2048), ("static-500k.bin", 500 * 1024)]:
            with open(os.path.join(course, name), "wb") as f:
                f.write(bytes(rng.getrandbits(8) for _ in range(size)))

        lentera_port = free_port()
        data = os.path.join(work, "data")
        lentera = subprocess.Popen(
            [args.binary, "serve", "--courses", courses, "--data", data, "--public", os.path.join(ROOT, "public"),
             "--host", "127.0.0.1", "--port", str(lentera_port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        processes.append(lentera)
        base = f"http://127.0.0.1:{lentera_port}"
        page = wait_for(base + "/kursus/bench/modul")

        # nginx serves the very same bytes: the files, and the page saved as HTML.
        nginx_root = os.path.join(work, "nginx-root")
        os.makedirs(os.path.join(nginx_root, "berkas"))
        os.symlink(course, os.path.join(nginx_root, "berkas", "bench"))
        os.makedirs(os.path.join(nginx_root, "kursus", "bench"))
        with open(os.path.join(nginx_root, "kursus", "bench", "modul"), "w") as f:
            f.write(page)
        nginx_port = free_port()
        conf = os.path.join(work, "nginx.conf")
        with open(conf, "w") as f:
            f.write(f"""
worker_processes {os.cpu_count()};
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
daemon off;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    default_type text/html;
    types {{ application/octet-stream bin; }}
    client_body_temp_path {work}/nginx-tmp; proxy_temp_path {work}/nginx-tmp; fastcgi_temp_path {work}/nginx-tmp;
    uwsgi_temp_path {work}/nginx-tmp; scgi_temp_path {work}/nginx-tmp;
    server {{ listen 127.0.0.1:{nginx_port}; root {nginx_root}; disable_symlinks off; }}
}}
""")
        nginx = subprocess.Popen(["nginx", "-c", conf, "-p", work], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        processes.append(nginx)
        nginx_base = f"http://127.0.0.1:{nginx_port}"
        try:
            wait_for(nginx_base + "/kursus/bench/modul", seconds=15)
        except RuntimeError:
            print(open(os.path.join(work, "nginx-error.log")).read()[-2000:], file=sys.stderr)
            raise

        targets = [("2 KB file", "/berkas/bench/static-2k.bin"), ("500 KB file", "/berkas/bench/static-500k.bin"),
                   ("module page", "/kursus/bench/modul")]
        for _, path in targets:
            a = urllib.request.urlopen(base + path).read()
            b = urllib.request.urlopen(nginx_base + path).read()
            assert a == b, f"{path}: Lentera and nginx serve different bytes"
        print(f"throughput: wrk -t2 -c{args.connections} -d{args.seconds}s, {args.rounds} rounds in alternation, "
              f"{os.cpu_count()} cores shared by wrk and the server")
        results = {name: {"nginx": [], "lentera": []} for name, _ in targets}
        for round_number in range(args.rounds):
            for name, path in targets:
                for server, url in [("nginx", nginx_base), ("lentera", base)]:
                    rps, p99 = wrk(url + path, args.seconds, args.connections)
                    results[name][server].append(rps)
                    print(f"  round {round_number + 1} {name:12s} {server:8s} {rps:10.0f} req/s  p99 {p99}")
        print()
        print(f"{'request':14s} {'nginx req/s':>12s} {'Lentera req/s':>14s} {'ratio':>7s}")
        for name, _ in targets:
            n = statistics.median(results[name]["nginx"])
            l = statistics.median(results[name]["lentera"])
            print(f"{name:14s} {n:12.0f} {l:14.0f} {l / n:7.2f}")
        print(f"Lentera resident memory after the load: {rss_kib(lentera.pid) / 1024:.1f} MB")
        lentera.send_signal(signal.SIGTERM)
        lentera.wait(timeout=20)

        # Start-up with 1,000 modules in 50 courses.
        catalogue = os.path.join(work, "catalogue")
        generate_catalogue(catalogue)
        port = free_port()
        started = time.monotonic()
        big = subprocess.Popen(
            [args.binary, "serve", "--courses", catalogue, "--data", os.path.join(work, "data2"), "--public",
             os.path.join(ROOT, "public"), "--host", "127.0.0.1", "--port", str(port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        processes.append(big)
        wait_for(f"http://127.0.0.1:{port}/", lambda body: body.count('class="card"') == 50)
        elapsed = time.monotonic() - started
        wait_for(f"http://127.0.0.1:{port}/kursus/kursus-49/modul-19")
        print()
        print(f"start-up, 1,000 modules in 50 courses: {elapsed:.2f} s until the catalogue lists all 50 (target < 2 s)")
        print(f"resident memory then: {rss_kib(big.pid) / 1024:.1f} MB (target < 150 MB)")
        big.terminate()
        big.wait(timeout=20)
        if args.only is None:
            print()
            search_benchmark(args.binary, work)
            print()
            learner_benchmark(args.binary, work, args.seconds)
            print()
            quiz_benchmark(args.binary, work)
            print()
            import scoring
            scoring.scoring_benchmark(args.binary, os.path.join(work, "scoring"))
            print()
            mirror_benchmark(args.binary, work)
            print()
            operations_benchmark(args.binary, work)
            print()
            import programs
            programs.programs_benchmark(args.binary, work)
            print()
            import cluster
            cluster.cluster_benchmark(args.binary, os.path.join(work, "cluster"), args.seconds)
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
