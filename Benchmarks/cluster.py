"""`make bench` (or `bench.py --only cluster`): the learner load of `--only learners` (200 signed-in learners,
heartbeats and home pages under wrk) on SQLite, on PostgreSQL with one node, and on PostgreSQL with two nodes behind
nginx, in one run, printed as ratios against SQLite's figures.

PostgreSQL is a throwaway cluster (initdb and pg_ctl in the work folder, as the `postgres` user when run as root),
tuned as a small production server would be (fsync on, synchronous_commit on: every acknowledged heartbeat is on
disk, as SQLite's WAL commits are). Everything runs on this machine's loopback, on its two cores: the database, the
nodes, nginx and wrk compete for them, so two nodes here measure overhead, not scaling.
"""
import glob
import os
import pwd
import re
import shutil
import subprocess
import time

import bench


def postgres(work):
    """Starts a cluster; returns (url, stop)."""
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    binaries = os.path.dirname(versions[-1]) if versions else os.path.dirname(shutil.which("initdb") or "")
    if not binaries:
        raise SystemExit("PostgreSQL is not installed: apt-get install postgresql")
    folder = os.path.join(work, "pg")
    os.makedirs(folder)
    prefix = []
    if os.geteuid() == 0:
        entry = pwd.getpwnam("postgres")
        os.chown(folder, entry.pw_uid, entry.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    subprocess.run(prefix + [f"{binaries}/initdb", "-D", f"{folder}/data", "-U", "lentera", "-A", "trust", "-E", "UTF8",
                             "--locale=C.UTF-8"], check=True, capture_output=True)
    port = bench.free_port()
    subprocess.run(prefix + [f"{binaries}/pg_ctl", "-D", f"{folder}/data", "-l", f"{folder}/log", "-w", "-o",
                             f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=200 "
                             "-c shared_buffers=256MB", "start"], check=True, capture_output=True)
    subprocess.run([f"{binaries}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "lentera", "lentera"], check=True)

    def stop():
        subprocess.run(prefix + [f"{binaries}/pg_ctl", "-D", f"{folder}/data", "-m", "fast", "stop"], capture_output=True)

    return f"postgres://lentera@127.0.0.1:{port}/lentera?sslmode=disable", stop


def nginx_in_front(work, ports):
    """nginx on a free port spreading requests over the nodes; returns (base, process)."""
    port = bench.free_port()
    folder = os.path.join(work, "nginx")
    os.makedirs(folder)
    servers = "".join(f"server 127.0.0.1:{p};" for p in ports)
    with open(os.path.join(folder, "nginx.conf"), "w") as f:
        f.write(f"""
worker_processes 1; daemon off; pid {folder}/nginx.pid; error_log {folder}/error.log;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {folder}/body; proxy_temp_path {folder}/proxy;
  fastcgi_temp_path {folder}/fastcgi; uwsgi_temp_path {folder}/uwsgi; scgi_temp_path {folder}/scgi;
  upstream lentera {{ {servers} keepalive 256; }}
  server {{
    listen 127.0.0.1:{port};
    location / {{ proxy_pass http://lentera; proxy_http_version 1.1; proxy_set_header Connection "";
                 proxy_set_header Host $host; proxy_set_header X-Forwarded-For $remote_addr; }}
  }}
}}
""")
    process = subprocess.Popen(["nginx", "-c", os.path.join(folder, "nginx.conf")], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    return f"http://127.0.0.1:{port}", process


def cluster_benchmark(binary, work, seconds):
    url, stop = postgres(work)
    port = re.search(r":(\d+)/", url).group(1)
    cores = os.cpu_count() or 2

    def fresh_database():
        subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-p", port, "-U", "lentera", "-d", "postgres",
                        "-c", "DROP DATABASE lentera", "-c", "CREATE DATABASE lentera"], check=True)

    results = {}
    try:
        results["SQLite, one node"] = bench.learner_benchmark(binary, os.path.join(work, "sqlite"), seconds)
        results["PostgreSQL, one node"] = bench.learner_benchmark(binary, os.path.join(work, "pg1"), seconds, database=url)
        # Several nodes always sit behind a proxy, so two nodes are compared with one node behind the same nginx.
        fresh_database()
        results["PostgreSQL, one node + nginx"] = bench.learner_benchmark(binary, os.path.join(work, "pg1n"), seconds, database=url,
                                                                          front=nginx_in_front)
        # Nodes sharing one machine share its cores (--threads), as deploy/cluster/README.md says to run them.
        fresh_database()
        results["PostgreSQL, two nodes + nginx"] = bench.learner_benchmark(binary, os.path.join(work, "pg2"), seconds, database=url,
                                                                           nodes=2, front=nginx_in_front,
                                                                           threads=max(1, cores // 2))
    finally:
        stop()
    reference = results["SQLite, one node"]
    print("\ncluster: requests per second (ratio to SQLite on one node, same run)")
    for name, figures in results.items():
        print(f"  {name:32s} heartbeat {figures['heartbeat']:8.0f} ({figures['heartbeat'] / reference['heartbeat']:.2f})"
              f"   home page {figures['home page']:8.0f} ({figures['home page'] / reference['home page']:.2f})")
    one, two = results["PostgreSQL, one node + nginx"], results["PostgreSQL, two nodes + nginx"]
    print(f"  two nodes / one node, both behind nginx: heartbeat {two['heartbeat'] / one['heartbeat']:.2f}, "
          f"home page {two['home page'] / one['home page']:.2f}")
    print("  targets: PostgreSQL on one node within 2x of SQLite's heartbeats (ratio >= 0.5); two nodes at least one node's")
    print()
    report_benchmark(binary, os.path.join(work, "reports"))


def report_benchmark(binary, work, accounts=1_000_000, ledger_rows=10_000_000):
    """/operator and the JP CSV on PostgreSQL over 1,000,000 generated accounts and 10,000,000 ledger rows: time to
    first byte, total time, and the node's peak memory."""
    url, stop = postgres(work)
    port_text = re.search(r":(\d+)/", url).group(1)
    try:
        admin_nip, password = bench.bulk_nip(9_999_000), "kata-sandi-bench"
        subprocess.run([binary, "user", "add", "--nip", admin_nip, "--name", "Admin", "--unit", "Pemprov Uji", "--role", "admin",
                        "--database", url], input=password + "\n", text=True, check=True, capture_output=True)
        year = time.gmtime().tm_year
        started = time.monotonic()
        # NIPs as bench.bulk_nip makes them, written by PostgreSQL itself (a million rows in seconds).
        script = f"""
            INSERT INTO account (nip, name, unit, position, status, role, password_hash, must_change_password, created_at)
            SELECT to_char(DATE '1965-01-01' + (n / 999), 'YYYYMMDD') || '200001' || (1 + n % 2) || lpad((n % 999 + 1)::text, 3, '0'),
                   'Pegawai ' || lpad(n::text, 7, '0'),
                   'Pemprov Uji' || chr(31) || 'Kab ' || (n % 35) || chr(31) || 'Dinas ' || (n % 23) || chr(31),
                   '', CASE WHEN n % 5 = 0 THEN 'PPPK' ELSE 'PNS' END, 'learner', '!', false, now()
            FROM generate_series(0, {accounts - 1}) AS n;
            INSERT INTO ledger_entry (account_id, course_id, course_title, course_version, year, jp_hundredths, started_at, completed_at,
                                      score, certificate_number)
            SELECT a.id, 'kursus-' || k, 'Kursus ' || k, '1', CASE WHEN k % 2 = 0 THEN {year} ELSE {year - 1} END, 200 + (a.id % 3) * 100,
                   now(), now(), 100, 'LTR-' || a.id || '-' || k
            FROM account a CROSS JOIN generate_series(1, {ledger_rows // accounts}) AS k WHERE a.role = 'learner';
            ANALYZE;
        """
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", port_text, "-U", "lentera", "-d", "lentera", "-c",
                        script], check=True)
        counts = subprocess.run(["psql", "-At", "-h", "127.0.0.1", "-p", port_text, "-U", "lentera", "-d", "lentera", "-c",
                                 "SELECT (SELECT count(*) FROM account) || ' accounts, ' || (SELECT count(*) FROM ledger_entry) || ' ledger rows'"],
                                capture_output=True, text=True, check=True).stdout.strip()
        print(f"report data: {counts}, generated in {time.monotonic() - started:.0f} s", flush=True)
        port = bench.free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([binary, "serve", "--courses", os.path.join(bench.ROOT, "courses"), "--data", os.path.join(work, "data-report"),
                                   "--host", "127.0.0.1", "--port", str(port), "--database", url],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            bench.wait_for(base + "/healthz", seconds=300)
            cookie = bench.session_cookie(base, admin_nip, password)
            before = bench.rss_kib(server.pid)

            def timed(path, note=""):
                status, first, total, size_bytes = bench.timed_get(base + path, cookie)
                print(f"PostgreSQL {accounts:,} accounts {path}{note}: {status}, first byte {first * 1000:.0f} ms, total {total * 1000:.0f} ms, "
                      f"{size_bytes / 1024:.0f} KB", flush=True)

            # Before the report job's first sum (a minute after the start), the whole scope is summed live.
            timed("/operator", " (summed live)")
            waited = time.monotonic()
            while "diperbarui tiap 10 menit" not in bench.get(base + "/operator", cookie):
                if time.monotonic() - waited > 300:
                    raise RuntimeError("the report snapshot was not summed within 5 minutes")
                time.sleep(5)
            print(f"report snapshot ready {time.monotonic() - waited:.0f} s later", flush=True)
            for path in ["/operator", "/operator?unit=Pemprov%20Uji%20%3E%20Kab%207", "/operator?q=Pegawai%200012345",
                         "/operator/laporan/kepatuhan.csv", "/operator/laporan/jp.csv", "/operator/pengguna",
                         "/operator/pengguna?q=Pegawai%200012345"]:
                timed(path)
            print(f"PostgreSQL {accounts:,} accounts: node RSS {before / 1024:.0f} MB before, peak {bench.peak_kib(server.pid) / 1024:.0f} MB "
                  "(target: first byte under 1 s, memory flat under 150 MB)", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=60)
    finally:
        stop()
