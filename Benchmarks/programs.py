"""A development program's report over 100,000 learners (`bench.py --only programs`, issue 14): a data folder of
100,000 generated learners in 35 regencies x 23 offices, a third credited for the program's first course and a
sixth for both, and a program in `programs/` that targets the whole province. Timed as an admin sees them: the
program's page (participants per unit, summed from every learner's ledger entries as it opens) and its participants'
CSV (every learner, one row each), beside `/operator` over the same accounts (the yearly reports, the reference in
the same run). Target: the program report under 2 s. The same data is then copied into a throwaway PostgreSQL cluster
(`lentera migrate-to`, when PostgreSQL is installed) and timed again, for a centre on PostgreSQL."""
import datetime
import glob
import os
import shutil
import sqlite3
import subprocess

import bench

PROGRAM = """<program id="bench-program">
  <title>Program Bench</title>
  <goal>Mengukur laporan program.</goal>
  <period start="{start}" end="{end}"/>
  <target><unit>Pemprov Uji</unit></target>
  <course id="pengelolaan-data-spreadsheet" deadline="{first}"/>
  <course id="penyusunan-program-pembinaan-asn" deadline="{second}"/>
</program>
"""


def programs_benchmark(binary, work, size=100_000):
    data = os.path.join(work, "data-programs")
    programs = os.path.join(work, "programs")
    os.makedirs(programs, exist_ok=True)
    today = datetime.date.today()
    with open(os.path.join(programs, "bench.xml"), "w") as f:
        f.write(PROGRAM.format(start=today - datetime.timedelta(days=60), end=today + datetime.timedelta(days=120),
                               first=today - datetime.timedelta(days=10), second=today + datetime.timedelta(days=60)))
    admin_nip, password = bench.bulk_nip(9_999_000), "kata-sandi-bench"
    subprocess.run([binary, "user", "add", "--nip", admin_nip, "--name", "Admin", "--unit", "Pemprov Uji", "--role", "admin", "--data", data],
                   input=password + "\n", text=True, check=True, capture_output=True)
    connection = sqlite3.connect(os.path.join(data, "lentera.sqlite"))

    def accounts():
        for n in range(size):
            unit = f"Pemprov Uji\x1fKab {n % 35}\x1fDinas {n % 23}\x1f"
            yield (bench.bulk_nip(n), f"Pegawai {n:07d}", unit, "PNS" if n % 5 else "PPPK", "learner", "!", 0)
    connection.executemany("INSERT INTO account (nip, name, unit, position, status, role, password_hash, must_change_password, created_at) "
                           "VALUES (?, ?, ?, 'Analis', ?, ?, ?, ?, '2026-01-01 00:00:00.000')", accounts())
    completed = (today - datetime.timedelta(days=20)).isoformat() + " 10:00:00.000"
    for course, jp, modulo in [("pengelolaan-data-spreadsheet", 200, 3), ("penyusunan-program-pembinaan-asn", 400, 6)]:
        connection.execute("INSERT INTO ledger_entry (account_id, course_id, course_title, course_version, year, jp_hundredths, started_at, "
                           f"completed_at, score, certificate_number) SELECT id, '{course}', 'Bench', '1.0', {today.year}, {jp}, "
                           f"'{completed}', '{completed}', NULL, 'LTR-{modulo}-' || id FROM account "
                           f"WHERE id % {modulo} = 0 AND role = 'learner'")
    connection.commit()
    connection.close()
    try:
        measure(binary, programs, data, admin_nip, password, size, "SQLite")
        if shutil.which("initdb") or glob.glob("/usr/lib/postgresql/*/bin/initdb"):
            import cluster
            url, stop = cluster.postgres(work)
            try:
                subprocess.run([binary, "migrate-to", url, "--data", data], check=True, capture_output=True, text=True)
                measure(binary, programs, data, admin_nip, password, size, "PostgreSQL", ["--database", url])
            finally:
                stop()
        else:
            print("program report on PostgreSQL: not measured (PostgreSQL is not installed: apt-get install postgresql)", flush=True)
    finally:
        shutil.rmtree(data, ignore_errors=True)


def measure(binary, programs, data, admin_nip, password, size, database, extra=()):
    """Serves the data folder (or the database `extra` names) and times the admin's pages, best of 3."""
    port = bench.free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([binary, "serve", "--courses", os.path.join(bench.ROOT, "courses"), "--programs", programs, "--data", data,
                               "--host", "127.0.0.1", "--port", str(port), *extra], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        bench.wait_for(base + "/healthz", seconds=300)
        cookie = bench.session_cookie(base, admin_nip, password)
        figures = {}
        for path in ["/operator", "/operator/program/bench-program", "/operator/program/bench-program/peserta.csv",
                     "/operator/program/bench-program?unit=Pemprov%20Uji%20%3E%20Kab%207"]:
            best = None
            for _ in range(3):
                status, first, total, size_bytes = bench.timed_get(base + path, cookie)
                best = total if best is None else min(best, total)
            figures[path] = best
            print(f"{database}: {size:,} learners {path}: {status}, best of 3 {best * 1000:.0f} ms, {size_bytes / 1024:.0f} KB", flush=True)
        report = figures["/operator/program/bench-program"]
        print(f"program report over {size:,} learners on {database}: {report * 1000:.0f} ms (target: under 2 s), "
              f"{report / figures['/operator']:.2f}x the yearly report page over the same accounts", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=60)
