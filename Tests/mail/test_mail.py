#!/usr/bin/env python3
"""Reminders of program deadlines by mail, through a real SMTP conversation on loopback (issue 14).

  A program whose deadlines are near and past targets a unit; its learners with an address get one mail each through
  an SMTP relay that wants STARTTLS and a login (a private certificate authority, ?ca=), in Bahasa Indonesia, naming
  every activity owed with its deadline and the link to their home page. Learners without an address, outside the
  target, or refused by the relay (550) get none; the refusal is logged and not tried again. Later rounds and a
  restart send nothing twice. A relay that is down delays mail and loses none. A login over plain SMTP, and --smtp
  without --mail-from, are refused at start.

    python3 Tests/mail/test_mail.py --binary .build/debug/lentera
"""
import argparse
import datetime
import email
import email.policy
import os
import shutil
import subprocess
import sys
import time
import traceback

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "security"))
from test_security import Checks, Env, fetch, free_port, nip, sign_in, wait_until  # noqa: E402  (the shared harness)
from smtp_sink import SMTPSink  # noqa: E402

SENDER = "lentera@bkpsdm.example.go.id"
UNIT = "Pemkab Sleman > BKPSDM"
PROGRAM_ID = "pengingat-uji"


def certificates(env):
    """A private certificate authority and a certificate for localhost signed by it (as an office's relay has)."""
    folder = env.path("tls")
    os.makedirs(folder)

    def openssl(*arguments):
        subprocess.run(["openssl", *arguments], cwd=folder, check=True, capture_output=True)
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca.key",
            "-out", "ca.pem", "-days", "2", "-subj", "/CN=Lentera Uji CA")
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "server.key",
            "-out", "server.csr", "-subj", "/CN=localhost")
    with open(os.path.join(folder, "san.cnf"), "w") as f:
        f.write("subjectAltName=DNS:localhost\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem",
            "-days", "2", "-extfile", "san.cnf")
    return os.path.join(folder, "ca.pem"), (os.path.join(folder, "server.pem"), os.path.join(folder, "server.key"))


def program(today):
    """A program of the shipped courses: one deadline in 5 days, one 3 days past (WIB days)."""
    day = lambda offset: (today + datetime.timedelta(days=offset)).isoformat()  # noqa: E731
    return f"""<program id="{PROGRAM_ID}" version="1" timezone="WIB">
  <title>Program Uji Pengingat</title>
  <goal>Menguji pengingat tenggat lewat surel.</goal>
  <period start="{day(-30)}" end="{day(90)}"/>
  <target><unit>Pemkab Sleman</unit></target>
  <course id="pengelolaan-data-spreadsheet" deadline="{day(5)}"/>
  <course id="penyusunan-program-pembinaan-asn" deadline="{day(-3)}"/>
</program>
"""


def parsed(message):
    return email.message_from_bytes(message["data"], policy=email.policy.default)


def scenario(env, check):
    courses = env.copy_shipped()
    programs = env.path("programs")
    os.makedirs(programs)
    today = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=7)).date()
    with open(os.path.join(programs, f"{PROGRAM_ID}.xml"), "w") as f:
        f.write(program(today))
    data = env.path("data")
    learners = {
        "ani": (nip(1), "Ani Lestari", UNIT, "ani@sleman.example.go.id"),
        "budi": (nip(2), "Budi Santoso", UNIT, None),
        "citra": (nip(3), "Citra Dewi", "Pemkab Bantul > BKPSDM", "citra@bantul.example.go.id"),
        "dodi": (nip(4), "Dodi Pratama", UNIT, "tidak-ada@sleman.example.go.id"),
        "fajar": (nip(6), "Fajar Nugroho", UNIT, "penuh@sleman.example.go.id"),
    }
    author = nip(9)
    env.user_add(data, author, "Penulis Kursus", unit=UNIT, role="author")
    for number, name, unit, address in learners.values():
        result = env.run("user", "add", "--nip", number, "--name", name, "--unit", unit, "--data", data,
                         *(["--email", address] if address else []), input="kata-sandi-uji\n")
        check.require(f"lentera user add {name}", result.returncode == 0, result.describe())

    # Refused at start: a login over plain SMTP, --smtp without --mail-from.
    plain = env.run("serve", "--courses", courses, "--data", env.path("data-x"), "--port", str(free_port()),
                    "--smtp", "smtp://lentera:rahasia@localhost:25", "--mail-from", SENDER, timeout=30)
    check("a login over plain SMTP is refused at start, saying why",
          plain.returncode not in (0, None) and "a login to the SMTP relay needs TLS" in plain.out, plain.describe())
    alone = env.run("serve", "--courses", courses, "--data", env.path("data-y"), "--port", str(free_port()),
                    "--smtp", "smtp://localhost:25", timeout=30)
    check("--smtp without --mail-from is refused at start", alone.returncode not in (0, None) and "--mail-from" in alone.out,
          alone.describe())

    ca, certificate = certificates(env)
    login = ("lentera", "rahasia uji")
    common = ["--programs", programs, "--mail-from", SENDER, "--remind-every", "1s", "--base-url", "https://lentera.example.go.id"]

    # A relay that wants a login the URL does not give (530 to MAIL FROM): the round fails, nobody is marked as mailed.
    sink = SMTPSink(certificate=certificate, login=login).start()
    server = env.serve(courses, data, extra=common + ["--smtp", f"smtp+starttls://localhost:{sink.port}?ca={ca}"])
    failed = wait_until(lambda: "mailing reminders failed" in server.log_text(), 20, 0.2)
    check("a relay refusing MAIL FROM (530, no login given) fails the round, saying why; no mail",
          failed and "530" in server.log_text() and not sink.messages, server.log_tail())
    server.process.terminate()
    server.process.wait(timeout=30)
    sink.stop()
    # Replies injected in plaintext right after the relay's 220 to STARTTLS are refused, not read as encrypted.
    injected = SMTPSink(certificate=certificate, login=login, inject_after_starttls=b"250 ok\r\n235 ok\r\n250 ok\r\n").start()
    server = env.serve(courses, data, extra=common + ["--smtp", f"smtp+starttls://lentera:rahasia%20uji@localhost:{injected.port}?ca={ca}"])
    refused = wait_until(lambda: "sent more after agreeing to STARTTLS" in server.log_text(), 20, 0.2)
    check("plaintext injected after the 220 to STARTTLS closes the session (no login sent, no mail)",
          refused and not injected.messages and ("C", "AUTH ***") not in injected.transcript, server.log_tail())
    server.process.terminate()
    server.process.wait(timeout=30)
    injected.stop()
    # Replies injected before STARTTLS (a forged 220 and what should follow) cannot stand in for the encrypted ones.
    early = SMTPSink(certificate=certificate, login=login, inject_after_ehlo=b"220 go ahead\r\n250 ok\r\n235 ok\r\n250 ok\r\n").start()
    server = env.serve(courses, data, extra=common + ["--smtp", f"smtp+starttls://lentera:rahasia%20uji@localhost:{early.port}?ca={ca}"])
    broken = wait_until(lambda: "mailing reminders failed" in server.log_text(), 20, 0.2)
    check("replies injected before STARTTLS make the session fail, never pass for the relay's (no login sent, no mail)",
          broken and not early.messages and ("C", "AUTH ***") not in early.transcript, server.log_tail() + f"\n{early.transcript}")
    server.process.terminate()
    server.process.wait(timeout=30)
    early.stop()

    sink = SMTPSink(certificate=certificate, login=login, refuse={learners["dodi"][3]}, defer={learners["fajar"][3]}).start()
    relay = f"smtp+starttls://lentera:rahasia%20uji@localhost:{sink.port}?ca={ca}"
    arguments = common + ["--smtp", relay]
    server = env.serve(courses, data, extra=arguments)
    ani = learners["ani"][3]
    mails = wait_until(lambda: sink.to(ani), 30, 0.2)
    check.require("Ani gets a reminder through the relay", mails, lambda: server.log_tail() + f"\n{sink.transcript[-30:]}")
    message = mails[0]
    check("the session was encrypted (STARTTLS, the private CA trusted) and logged in before MAIL FROM",
          message["tls"] and message["user"] == "lentera" and message["from"] == SENDER, f"{message}")
    mail = parsed(message)
    body = mail.get_content()
    check("in Bahasa Indonesia: the subject counts the 2 activities, the greeting names her",
          mail["Subject"] == "Pengingat tenggat: 2 kegiatan program pembinaan" and "Yth. Ani Lestari," in body, f"{mail['Subject']!r}\n{body}")
    check("it names each activity with its deadline: the one near (selesaikan paling lambat) and the one past (sudah lewat)",
          "Dasar Pengelolaan Data dengan Spreadsheet (2 JP): selesaikan paling lambat" in body and "selesaikan paling lambat" in body
          and "sudah lewat" in body and "Program Uji Pengingat" in body, body)
    check("it links to her home page at the site's address", "https://lentera.example.go.id/beranda" in body, body)
    check("From and To name the sender and Ani; the message is marked automatic",
          mail["From"].addresses[0].addr_spec == SENDER and mail["To"].addresses[0].addr_spec == ani
          and mail["To"].addresses[0].display_name == "Ani Lestari" and mail["Auto-Submitted"] == "auto-generated", str(mail))
    check("the password never travels in clear: AUTH only after STARTTLS",
          [line for who, line in sink.transcript if who == "C"].index("STARTTLS")
          < [line for who, line in sink.transcript if who == "C"].index("AUTH ***"), f"{sink.transcript[:20]}")

    refused = wait_until(lambda: "refused a reminder's address for good" in server.log_text(), 20, 0.2)
    check("the relay's 550 for Dodi is logged as refused for good", refused, server.log_tail())
    time.sleep(4)
    status_page = fetch(server.base + "/status", via=sign_in(server.base, author))[2].decode()
    check("/status shows the reminder mails: the relay without its password, the mails of the last round that sent any",
          "pengingat tenggat (surel)" in status_page and f"smtp+starttls://lentera@localhost:{sink.port}" in status_page
          and "rahasia%20uji" not in status_page and "rahasia uji" not in status_page and "1 surel terkirim pada putaran terakhir yang mengirim" in status_page,
          status_page[status_page.find("<h2"):][:3000])
    everyone = [a for m in sink.messages for a in m["to"]]
    check("after several rounds: one mail to Ani, none to Budi (no address), Citra (not targeted) or Dodi (refused)",
          everyone == [ani], f"{everyone}")
    rcpt_dodi = [line for who, line in sink.transcript if who == "C" and "tidak-ada@" in line]
    check("Dodi's address is tried once, not at every round", len(rcpt_dodi) == 1, f"{rcpt_dodi}")
    rcpt_fajar = [line for who, line in sink.transcript if who == "C" and "penuh@" in line]
    check("Fajar's mailbox answering 450 (try later) is tried again each round, without stopping the others",
          len(rcpt_fajar) >= 2 and not sink.to(learners["fajar"][3]), f"{rcpt_fajar}")

    server.process.terminate()
    server.process.wait(timeout=30)
    server = env.serve(courses, data, extra=arguments)
    time.sleep(3)
    check("a restart sends nothing twice", [a for m in sink.messages for a in m["to"]] == [ani], f"{[m['to'] for m in sink.messages]}")

    # The relay down: a new learner's reminder waits, and goes once the relay is back.
    port = sink.port
    sink.stop()
    eko = "eko@sleman.example.go.id"
    result = env.run("user", "add", "--nip", nip(5), "--name", "Eko Saputra", "--unit", UNIT, "--data", data, "--email", eko,
                     input="kata-sandi-uji\n")
    check.require("lentera user add Eko (while the server runs)", result.returncode == 0, result.describe())
    failed = wait_until(lambda: "mailing reminders failed" in server.log_text(), 20, 0.2)
    check("with the relay down, the round fails and says it is tried again", failed, server.log_tail())
    status_page = fetch(server.base + "/status", via=sign_in(server.base, author))[2].decode()
    check("/status says why the last round failed", "cannot connect to smtp+starttls://lentera@localhost" in status_page,
          status_page[status_page.find("<h2"):][:3000])
    back = SMTPSink(port=port, certificate=certificate, login=("lentera", "rahasia uji")).start()
    arrived = wait_until(lambda: back.to(eko), 30, 0.2)
    check("once the relay is back, Eko's reminder arrives", arrived, server.log_tail())
    time.sleep(3)
    check("exactly once, and nobody else's again (Fajar's, deferred before, arrives now that the relay takes it)",
          sorted(a for m in back.messages for a in m["to"]) == sorted([eko, learners["fajar"][3]]), f"{[m['to'] for m in back.messages]}")
    back.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    args = parser.parse_args()
    if not shutil.which("openssl"):
        sys.exit("mail: openssl is needed (apt-get install openssl)")
    check, started = Checks(), time.time()
    env = Env(os.path.abspath(args.binary), "mail")
    try:
        scenario(env, check)
    except Exception as error:  # Abort included: the scenario stops, the counts say so
        if type(error).__name__ != "Abort":
            check("the scenario ran to its end", False, traceback.format_exc() + env.logs())
    finally:
        env.close()
    print(f"mail: {check.passed} passed, {check.failed} failed in {time.time() - started:.0f} s", flush=True)
    sys.exit(1 if check.failed else 0)


if __name__ == "__main__":
    main()
