#!/usr/bin/env python3
"""The command line as an author and an administrator use it: check, render, user add and user import."""
import argparse
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


GIFT = """// Kuis uji
$CATEGORY: dasar

::ibukota:: Ibu kota Jawa Tengah? {=Semarang#Benar ~Surakarta#Bukan ~Magelang}

::hitung:: Dua kali tiga? {#6:0}

::pasangan:: Pasangkan. {=PNS -> Pegawai Negeri Sipil =PPPK -> Pegawai Pemerintah dengan Perjanjian Kerja =JP -> Jam Pelajaran}

::uraian:: Jelaskan tujuan pengembangan kompetensi. {}
"""


def quiz_checks(run, work, courses, checks):
    """lentera quiz show/export and lentera check on quizzes, as an author uses them."""
    import xml.etree.ElementTree as ElementTree
    import zipfile
    gift = os.path.join(work, "kuis.gift")
    with open(gift, "w") as f:
        f.write(GIFT)
    shown = run("quiz", "show", gift)
    checks.append(("quiz show lists every question with its kind",
                   shown.returncode == 0 and [line.split("\t")[:2] for line in shown.stdout.splitlines()] ==
                   [["ibukota", "choice"], ["hitung", "numeric"], ["pasangan", "matching"], ["uraian", "essay"]]))
    package = os.path.join(work, "kuis-qti.zip")
    exported = run("quiz", "export", gift, "--to", "qti", "--output", package)
    checks.append(("quiz export writes a zip", exported.returncode == 0 and zipfile.is_zipfile(package)))
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
        well_formed = all(ElementTree.fromstring(archive.read(name)) is not None for name in names if name.endswith(".xml"))
    checks.append((f"the package holds imsmanifest.xml and one well-formed QTI item per question ({len(names)} files)",
                   "imsmanifest.xml" in names and len([n for n in names if n.startswith("items/")]) == 4 and well_formed))
    reimported = run("quiz", "show", package)
    checks.append(("importing the export gives back the same questions", reimported.returncode == 0 and reimported.stdout == shown.stdout))
    folder = os.path.join(work, "kuis-qti")
    checks.append(("quiz export writes a folder without .zip",
                   run("quiz", "export", gift, "--to", "qti", "--output", folder).returncode == 0
                   and os.path.exists(os.path.join(folder, "imsmanifest.xml"))
                   and run("quiz", "show", folder).stdout == shown.stdout))

    # Pictures embedded in a Moodle XML file go out with the questions, in either format.
    moodle = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures", "conformance", "moodle-xml", "moodle",
                          "question", "format", "xml", "tests", "fixtures", "multichoice.xml")
    again = os.path.join(work, "bendera.xml")
    exported = run("quiz", "export", moodle, "--to", "moodle-xml", "--output", again)
    with open(again) as f:
        written = f.read()
    checks.append((f"quiz export --to moodle-xml writes embedded pictures back beside their texts ({written.count('<file ')} files)",
                   exported.returncode == 0 and written.count("<file ") >= 2 and "@@PLUGINFILE@@/" in written
                   and "./multichoice.xml/" not in written
                   and run("quiz", "show", again).stdout == run("quiz", "show", moodle).stdout))
    package = os.path.join(work, "bendera-qti.zip")
    exported = run("quiz", "export", moodle, "--to", "qti", "--output", package)
    with zipfile.ZipFile(package) as archive:
        media = [n for n in archive.namelist() if n.startswith("media/")]
        items_text = "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("items/"))
        manifest_text = archive.read("imsmanifest.xml").decode()
    checks.append((f"quiz export --to qti puts embedded pictures in the package ({len(media)} files), listed and shown",
                   exported.returncode == 0 and len(media) >= 2 and all(f'href="{n}"' in manifest_text for n in media)
                   and all("../" + n.rsplit("/", 1)[0] + "/" in items_text for n in media)))

    # lentera quiz score: answers scored offline as the server scores a submission.
    items = {item["id"]: item for item in json.loads(run("quiz", "show", gift, "--json").stdout)}
    semarang = next(c["id"] for c in items["ibukota"]["interaction"]["choice"]["choices"] if c["text"] == "Semarang")
    magelang = next(c["id"] for c in items["ibukota"]["interaction"]["choice"]["choices"] if c["text"] == "Magelang")
    pairs = {p["premise"]: p["response"] for p in items["pasangan"]["interaction"]["matching"]["pairs"]}
    answers = os.path.join(work, "jawaban.jsonl")
    with open(answers, "w") as f:
        f.write(json.dumps({"ibukota": {"choices": [semarang]}, "hitung": {"number": 6}, "pasangan": {"matches": pairs}}) + "\n")
        f.write(json.dumps({"ibukota": {"choices": [magelang]}, "hitung": {"number": 6}, "uraian": {"essay": "..."}}) + "\n")
        f.write("{}\n")
    scored = run("quiz", "score", gift, "--answers", answers)
    checks.append((f"quiz score prints each submission's points of the maximum ({scored.stdout.strip()!r})",
                   scored.returncode == 0 and scored.stdout.splitlines() == ["1\t3\t4", "2\t1\t4", "3\t0\t4"]
                   and "3 submissions of 4 questions scored in" in scored.stderr))
    with open(answers, "a") as f:
        f.write(json.dumps({"bukan-soal": {"text": "x"}}) + "\n")
    refused = run("quiz", "score", gift, "--answers", answers)
    checks.append(("quiz score names the line of an answer to a question the quiz does not have",
                   refused.returncode != 0 and f"{answers}:4:" in refused.stderr and "bukan-soal" in refused.stderr))

    broken = os.path.join(work, "rusak.gift")
    with open(broken, "w") as f:
        f.write("::a:: Satu? {=1 ~2\n\n::b:: Dua? {=2}\n")
    result = run("quiz", "show", broken, "--lang", "en")
    checks.append(("a broken GIFT file is reported as file:line and exits 1",
                   result.returncode == 1 and result.stderr.startswith(f"{broken}:1:")))

    # A hostile zip: an entry climbing out of the folder is refused and nothing is written outside.
    hostile = os.path.join(work, "jahat.zip")
    with zipfile.ZipFile(hostile, "w") as archive:
        archive.writestr("imsmanifest.xml", "<manifest/>")
        archive.writestr("../../keluar.txt", "tidak boleh")
    result = run("quiz", "show", hostile)
    checks.append(("a zip entry leaving the package is refused",
                   result.returncode != 0 and "leaves the package folder" in result.stderr
                   and not os.path.exists(os.path.join(os.path.dirname(work), "keluar.txt"))))

    # lentera check validates quizzes declared in a course, naming the quiz file and line.
    course = os.path.join(courses, "berkuis")
    os.makedirs(course)
    with open(os.path.join(course, "course.xml"), "w") as f:
        f.write('<course jp="1">\n<title>Berkuis</title>\n<module id="a" href="a.md" completion="quiz" quiz="akhir"/>\n'
                '<quiz id="akhir" href="akhir.gift" attempts="dua"/>\n</course>\n')
    with open(os.path.join(course, "a.md"), "w") as f:
        f.write("# A\n")
    shutil.copy(broken, os.path.join(course, "akhir.gift"))
    result = run("check", courses, "--lang", "en")
    checks.append(("check reports a bad quiz attribute with its line",
                   f"{courses}/berkuis/course.xml:4: attempts=\"dua\" must be a whole number" in result.stdout))
    with open(os.path.join(course, "course.xml"), "w") as f:
        f.write('<course jp="1">\n<title>Berkuis</title>\n<module id="a" href="a.md" completion="quiz" quiz="akhir"/>\n'
                '<quiz id="akhir" href="akhir.gift"/>\n</course>\n')
    result = run("check", courses, "--lang", "en")
    checks.append(("check reports a broken quiz file by its own file and line", f"{courses}/berkuis/akhir.gift:1:" in result.stdout))
    shutil.rmtree(course)


def png_with_alpha(width, height):
    """A valid RGBA PNG: a logo a PDF cannot show as it is (its alpha channel would need a soft mask)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x0b\x5d\x4b\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def certificate_checks(binary, work, courses, checks):
    """A certificate's logo must be a JPEG or a plain PNG: `lentera check` reports another on its <logo> line, and
    serve refuses it as --certificate-logo (or LENTERA_CERTIFICATE_LOGO) before it starts."""
    logo = os.path.join(work, "logo-rgba.png")
    with open(logo, "wb") as f:
        f.write(png_with_alpha(4, 2))
    course = os.path.join(work, "bersertifikat")
    os.makedirs(os.path.join(course, "berkas"))
    shutil.copy(logo, os.path.join(course, "berkas", "logo.png"))
    with open(os.path.join(course, "course.xml"), "w") as f:
        f.write('<course jp="1">\n<title>Bersertifikat</title>\n<certificate>\n<office>BKPSDM Kabupaten Contoh</office>\n'
                '<logo>berkas/logo.png</logo>\n<signatory title="Kepala"/>\n</certificate>\n<module id="a" href="a.md"/>\n</course>\n')
    with open(os.path.join(course, "a.md"), "w") as f:
        f.write("# A\n")

    def run(*arguments, env=None):
        return subprocess.run([binary, *arguments], capture_output=True, text=True, timeout=60, env={**os.environ, **(env or {})})

    checked = run("check", course + "/", "--lang", "en")
    checks.append(("check reports a certificate logo a PDF cannot show, and a signatory without a name, on their lines",
                   checked.returncode == 1
                   and f'{course}/course.xml:5: logo "berkas/logo.png": the PNG logo has a palette or an alpha channel' in checked.stdout
                   and f"{course}/course.xml:6: the <signatory> element has no name attribute" in checked.stdout))
    serve = ["serve", "--data", os.path.join(work, "serve-data"), "--courses", courses, "--host", "127.0.0.1", "--port", str(closed_port())]
    refused = run(*serve, "--certificate-logo", logo)
    checks.append(("serve --certificate-logo refuses that logo before it starts",
                   refused.returncode == 2 and f"--certificate-logo {logo}: the PNG logo has a palette or an alpha channel" in refused.stderr))
    from_environment = run(*serve, env={"LENTERA_CERTIFICATE_LOGO": logo})
    checks.append(("LENTERA_CERTIFICATE_LOGO is the same setting",
                   from_environment.returncode == 2 and "--certificate-logo" in from_environment.stderr))
    untitled = run(*serve, "--certificate-signatory-title", "Kepala BKPSDM")
    checks.append(("serve refuses a signatory's title without the signatory",
                   untitled.returncode == 2 and "--certificate-signatory-title needs --certificate-signatory" in untitled.stderr))


def closed_port():
    """A loopback port nothing listens on (bound for a moment by the system, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="lentera-cli-")
    checks = []

    def run(*arguments, input=None):
        return subprocess.run([args.binary, *arguments], capture_output=True, text=True, input=input)

    try:
        # check: a broken course is reported as file:line: message and exits 1; the shipped courses pass.
        courses = os.path.join(work, "courses")
        shutil.copytree(os.path.join(ROOT, "courses"), courses)
        broken = os.path.join(courses, "rusak")
        os.makedirs(broken)
        with open(os.path.join(broken, "course.xml"), "w") as f:
            f.write('<course jp="1">\n<title>Rusak</title>\n<module id="a" href="a.md"/>\n<module id="a" href="b.md"/>\n</course>\n')
        with open(os.path.join(broken, "a.md"), "w") as f:
            f.write("# A\n\n![diagram](hilang.png)\n")
        with open(os.path.join(broken, "b.md"), "w") as f:
            f.write("# B\n")
        result = run("check", courses, "--lang", "en")
        checks.append(("check exits 1 on errors", result.returncode == 1))
        checks.append(("duplicate id reported with both lines",
                       f"{courses}/rusak/course.xml:4: module id \"a\" is already used on line 3" in result.stdout))
        checks.append(("missing image reported with its line", f"{courses}/rusak/a.md:3: image \"hilang.png\" does not exist" in result.stdout))
        checks.append(("shipped courses check clean", run("check", os.path.join(ROOT, "courses")).returncode == 0))
        # check of one course folder (it holds course.xml): that course, named by the path given, not its subfolders.
        one = run("check", broken + "/", "--lang", "en")
        checks.append(("check of one course folder checks that course, by the path given",
                       one.returncode == 1 and f"{broken}/course.xml:4: module id \"a\" is already used on line 3" in one.stdout
                       and f"{broken}/a.md:3: image \"hilang.png\" does not exist" in one.stdout
                       and one.stderr.startswith("1 courses checked, 0 valid")))
        inside = subprocess.run([os.path.abspath(args.binary), "check", ".", "--lang", "en"], cwd=broken, capture_output=True, text=True)
        checks.append(("check . inside a course folder names its files from there",
                       inside.returncode == 1 and "course.xml:4: module id \"a\" is already used on line 3" in inside.stdout.splitlines()))
        shipped = run("check", os.path.join(ROOT, "courses", "pengelolaan-data-spreadsheet"))
        checks.append(("check of one good course folder passes", shipped.returncode == 0 and shipped.stderr.startswith("1 kursus diperiksa, 1 valid")))
        certificate_checks(args.binary, work, courses, checks)

        # render: the server's HTML for a module, links resolved inside its course.
        rendered = run("render", os.path.join(ROOT, "courses/pengelolaan-data-spreadsheet/02-rumus-dasar.md"))
        checks.append(("render resolves module links",
                       'href="/kursus/pengelolaan-data-spreadsheet/data-yang-rapi"' in rendered.stdout))

        # user add: a bad NIP is refused; a good one is created once.
        data = os.path.join(work, "data")
        bad = run("user", "add", "--nip", "123", "--name", "X", "--unit", "Pemkab Sleman", "--data", data, input="kata-sandi-1\n")
        checks.append(("user add refuses a bad NIP", bad.returncode == 2 and "NIP harus 18 angka" in bad.stderr))
        good = run("user", "add", "--nip", "198503152010011001", "--name", "Budi", "--unit", "Pemkab Sleman > BKPSDM",
                   "--role", "operator", "--data", data, input="kata-sandi-1\n")
        checks.append(("user add creates an operator", good.returncode == 0 and "operator" in good.stdout))
        again = run("user", "add", "--nip", "198503152010011001", "--name", "Budi", "--unit", "Pemkab Sleman", "--data", data,
                    input="kata-sandi-1\n")
        checks.append(("user add refuses a registered NIP", again.returncode == 2 and "sudah terdaftar" in again.stderr))

        # user add --database on a PostgreSQL that refuses connections: exit 2 at the 15 s deadline, with the reason
        # the client met (the commands do not show its info log), and the URL's password nowhere.
        secret = "rahasia-basis-data-cli"
        unreachable = run("user", "add", "--nip", "199001012015032002", "--name", "Ani", "--unit", "Pemkab Sleman",
                          "--database", f"postgres://lentera:{secret}@127.0.0.1:{closed_port()}/lentera?sslmode=disable",
                          input="kata-sandi-1\n")
        checks.append(("user add --database on a closed port exits 2 saying the connection was refused, not the password",
                       unreachable.returncode == 2 and "within 15 s" in unreachable.stderr and "refused" in unreachable.stderr.lower()
                       and secret not in unreachable.stdout + unreachable.stderr))

        # user import: good rows imported with temporary passwords, bad rows reported by line.
        roster = os.path.join(work, "roster.csv")
        with open(roster, "w") as f:
            f.write("nip;nama;unit;status\n199001012015032002;Ani;Pemkab Sleman > Dinkes;PNS\n"
                    "12345;Salah;Pemkab Sleman;PNS\n199101012022211003;Citra;Pemkab Sleman;PPPK\n"
                    "198503152010011001;Budi Lagi;Pemkab Sleman;PNS\n")
        imported = run("user", "import", roster, "--data", data)
        lines = imported.stdout.strip().splitlines()
        checks.append(("import prints two temporary passwords", len(lines) == 3 and lines[1].startswith("199001012015032002,")))
        checks.append(("import reports the bad NIP's line", f"{roster}:3: NIP harus 18 angka" in imported.stderr))
        checks.append(("import refuses a staff account's NIP with the real reason, on its line",
                       f"{roster}:5: NIP ini terdaftar sebagai operator" in imported.stderr))
        checks.append(("import exits 1 when rows were rejected", imported.returncode == 1))

        quiz_checks(run, work, courses, checks)

        # node add/list/revoke: a key is shown once; a revoked node keeps its history.
        node_data = os.path.join(work, "node-data")
        unscoped = run("node", "add", "--name", "bkpsdm-sleman", "--data", node_data)
        checks.append(("node add without --unit is refused and says how", unscoped.returncode == 2 and "--unit" in unscoped.stderr))
        added = run("node", "add", "--name", "bkpsdm-sleman", "--unit", "Pemkab Sleman", "--unit", "Pemkab Bantul > BKPSDM", "--data", node_data)
        key_line = re.search(r"key: ([0-9a-f]{64})$", added.stdout, re.M)
        checks.append(("node add prints the key once, and the units it serves",
                        added.returncode == 0 and key_line and added.stdout.count(key_line.group(1)) == 1
                        and "serves: Pemkab Sleman; Pemkab Bantul > BKPSDM" in added.stdout))
        listed = run("node", "list", "--data", node_data)
        checks.append(("node list shows it, never synced, with its units",
                       "bkpsdm-sleman\tlast sync never\t0 statements\tPemkab Sleman; Pemkab Bantul > BKPSDM" in listed.stdout))
        revoked = run("node", "revoke", "--name", "bkpsdm-sleman", "--data", node_data)
        checks.append(("node revoke revokes the key", revoked.returncode == 0 and "key revoked" in revoked.stdout))
        checks.append(("node revoke of an unknown node fails", run("node", "revoke", "--name", "x", "--data", node_data).returncode == 2))
        # The key can come from the environment (options show in the process list).
        without = run("push", "--to", "http://127.0.0.1:9", "--data", node_data)
        checks.append(("push without a key says how to give one", without.returncode == 2 and "LENTERA_NODE_KEY" in without.stderr))
        with_env = subprocess.run([args.binary, "push", "--to", "http://127.0.0.1:9", "--data", node_data], capture_output=True, text=True,
                                  env={**os.environ, "LENTERA_NODE_KEY": "a" * 64})
        checks.append(("push takes LENTERA_NODE_KEY", with_env.returncode == 1 and "cannot reach" in with_env.stdout))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    passed = sum(1 for _, ok in checks if ok)
    for name, ok in checks:
        print(("PASS " if ok else "FAIL ") + name)
    print(f"cli: {passed} passed, {len(checks) - passed} failed")
    sys.exit(0 if passed == len(checks) else 1)


if __name__ == "__main__":
    main()
