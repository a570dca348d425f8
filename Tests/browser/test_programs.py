#!/usr/bin/env python3
"""Real-browser test of development programs (issue 14): nothing is created by hand on any page.

An operator signs in and finds no program; a program file is dropped into the programs folder and appears without a
restart. Learners of the target units see it on their home page (a phone, 360 px); a learner of another unit does
not. One learner registers for the program's workshop, the operator's screen shows the session's QR code, and the
learner's phone opens the address decoded (zbarimg) from a screenshot of that screen: the presence is recorded and the
workshop's JP credited. The learner completes the e-learning part; the program report then shows the right numbers
per unit, and its CSV agrees. Every new kind of page passes axe-core (WCAG 2.1 A/AA and best practices) at the
desktop width and at 360 px. Screenshots go to .build/browser/programs-*.png.
"""
import argparse
import csv
import datetime
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from test_browser import ROOT, AxeGate, follow, free_port, sign_in, wait_until_up

WIB = datetime.timezone(datetime.timedelta(hours=7))
PASSWORD = "kata-sandi-uji"
OPERATOR = ("197001012000031001", "Operator BKPSDM", "Pemerintah Kabupaten Contoh", "operator")
BUDI = ("198503152010011001", "Budi Santoso", "Pemerintah Kabupaten Contoh > BKPSDM", "learner", "Analis SDM Aparatur")
SARI = ("199001012015032002", "Sari Dewi", "Pemerintah Kabupaten Contoh > Dinas Kesehatan", "learner")
TONO = ("199201012016031003", "Tono Wibowo", "Pemerintah Kabupaten Contoh > Dinas Pendidikan", "learner")


def program_file():
    """A program for BKPSDM and the health office: the spreadsheet course due in two weeks, a workshop on now."""
    now = datetime.datetime.now(WIB)
    day = lambda days: (now + datetime.timedelta(days=days)).strftime("%Y-%m-%d")
    moment = lambda minutes: (now + datetime.timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<program id="literasi-data-uji" version="1">
  <title>Program Literasi Data Uji</title>
  <goal>Pengelola kepegawaian mengolah data JP dengan spreadsheet.</goal>
  <period start="{day(-7)}" end="{day(60)}"/>
  <target>
    <unit>Pemerintah Kabupaten Contoh &gt; BKPSDM</unit>
    <unit>Pemerintah Kabupaten Contoh &gt; Dinas Kesehatan</unit>
  </target>
  <course id="pengelolaan-data-spreadsheet" deadline="{day(14)}"/>
  <event id="lokakarya" jp="6" capacity="20">
    <title>Lokakarya Rekap JP</title>
    <place>Aula BKPSDM</place>
    <session start="{moment(-10)}" end="{moment(50)}"/>
  </event>
</program>
"""


def browser(width):
    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size={width},1000"]:
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)
    # The command line's size is clamped to Chromium's smallest window; this one is not.
    driver.set_window_size(width, 1000)
    return driver


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    work = tempfile.mkdtemp(prefix="lentera-programs-")
    data, programs, courses = (os.path.join(work, name) for name in ("data", "programs", "courses"))
    os.makedirs(programs)
    shutil.copytree(os.path.join(ROOT, "courses"), courses)
    shots = os.path.join(ROOT, ".build", "browser")
    os.makedirs(shots, exist_ok=True)
    for nip, name, unit, role, *position in (OPERATOR, BUDI, SARI, TONO):
        subprocess.run([args.binary, "user", "add", "--nip", nip, "--name", name, "--unit", unit, "--role", role, "--data", data]
                       + (["--position", position[0]] if position else []),
                       input=PASSWORD + "\n", text=True, check=True, capture_output=True)
    # The shipped competency dictionary, for the needs survey at the end.
    shutil.copy(os.path.join(ROOT, "programs", "kompetensi.xml"), programs)
    server = subprocess.Popen([args.binary, "serve", "--courses", courses, "--programs", programs, "--public", os.path.join(ROOT, "public"),
                               "--data", data, "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    checks = []
    office = phone = None
    try:
        wait_until_up(base + "/")
        office, phone = browser(1280), browser(360)
        axe = AxeGate(office, checks)
        phone_axe = AxeGate(phone, checks)

        # The operator finds no program; the file is dropped in and appears without a restart.
        sign_in(office, base, OPERATOR[0], PASSWORD)
        office.get(base + "/operator/program")
        checks.append(("no program before the file is dropped", "literasi-data-uji" not in office.page_source))
        with open(os.path.join(programs, "literasi-data-uji.xml"), "w", encoding="utf-8") as f:
            f.write(program_file())
        deadline = time.time() + 15
        while time.time() < deadline and "Program Literasi Data Uji" not in office.page_source:
            time.sleep(0.5)
            office.get(base + "/operator/program")
        checks.append(("the dropped program appears on /operator/program without a restart", "Program Literasi Data Uji" in office.page_source))
        office.save_screenshot(os.path.join(shots, "programs-list.png"))
        axe.check("program list (operator)")

        # Learners of the target units see it on their phones; another unit's learner does not.
        sign_in(phone, base, TONO[0], PASSWORD)
        checks.append(("a learner of another unit does not see the program", "Program Literasi Data Uji" not in phone.page_source))
        sign_in(phone, base, SARI[0], PASSWORD)
        checks.append(("a learner of the health office sees the program", "Program Literasi Data Uji" in phone.page_source))
        sign_in(phone, base, BUDI[0], PASSWORD)
        home = phone.find_element(By.TAG_NAME, "body").text
        checks.append(("Budi's home shows the program, its workshop and the course",
                       "Program Literasi Data Uji" in home and "Lokakarya Rekap JP" in home and "Dasar Pengelolaan Data dengan Spreadsheet" in home))
        checks.append(("the workshop due today is reminded", "Pengingat tenggat" in home))
        width, inner = phone.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        checks.append((f"the home page fits a 360 px phone (scrollWidth {width}, window {inner})", inner == 360 and width <= 360))
        phone.save_screenshot(os.path.join(shots, "programs-home-phone.png"))
        phone_axe.check("home with a program (learner)")

        # Budi registers for the workshop on its page.
        follow(phone, phone.find_element(By.PARTIAL_LINK_TEXT, "Lokakarya Rekap JP"))
        phone_axe.check("event (learner, not registered)")
        follow(phone, phone.find_element(By.XPATH, "//button[text()='Daftar']"))
        checks.append(("registered with a seat", "Anda terdaftar dan mendapat kursi." in phone.page_source))
        event_url = phone.current_url

        # The operator's screen at the venue: the QR code of session 1, decoded from a screenshot.
        office.get(base + "/operator/program/literasi-data-uji")
        follow(office, office.find_element(By.PARTIAL_LINK_TEXT, "Lokakarya Rekap JP"))
        axe.check("event roster (operator)")
        follow(office, office.find_element(By.PARTIAL_LINK_TEXT, "Tampilkan kode QR presensi"))
        office.save_screenshot(os.path.join(shots, "programs-code.png"))
        axe.check("attendance code (operator)")
        decoded = subprocess.run(["zbarimg", "--quiet", "--raw", os.path.join(shots, "programs-code.png")],
                                 capture_output=True, text=True).stdout.strip()
        checks.append((f"the screen's QR code decodes to the check-in address ({decoded[:60]}...)",
                       decoded.startswith(base + "/program/literasi-data-uji/acara/lokakarya/hadir?kode=")))
        phone.get(decoded)
        body = phone.find_element(By.TAG_NAME, "body").text
        checks.append(("scanning records the presence and credits the workshop's 6 JP",
                       "Kehadiran Anda di sesi 1" in body and "6 JP dikreditkan" in body))
        phone.save_screenshot(os.path.join(shots, "programs-check-in-phone.png"))
        phone_axe.check("check-in result (learner)")
        phone.get(decoded)
        checks.append(("the same code again is refused as used", "sudah Anda pakai" in phone.find_element(By.TAG_NAME, "body").text))

        # Budi completes the e-learning part: every module of the spreadsheet course.
        phone.get(base + "/kursus/pengelolaan-data-spreadsheet")
        follow(phone, phone.find_element(By.LINK_TEXT, "Mulai belajar"))
        for _ in range(5):
            nexts = phone.find_elements(By.CSS_SELECTOR, "a[rel=next]")
            if not nexts:
                break
            follow(phone, nexts[0])
        checks.append(("the course is complete", "Kursus selesai" in phone.find_element(By.ID, "kemajuan").text))
        phone.get(base + "/beranda")
        home = phone.find_element(By.TAG_NAME, "body").text
        checks.append(("Budi's program is completed with 8 JP from it", "JP dari program ini: 8" in home and "Pengingat tenggat" not in home))
        phone.save_screenshot(os.path.join(shots, "programs-home-done-phone.png"))
        phone.get(event_url)
        checks.append(("the workshop's page links its certificate", len(phone.find_elements(By.LINK_TEXT, "Sertifikat")) == 1))

        # The program report: BKPSDM 1 enrolled and completed with 8 JP; the health office 1 on track.
        office.get(base + "/operator/program/literasi-data-uji")
        rows = {r.find_elements(By.CSS_SELECTOR, "td, th")[0].text: [c.text for c in r.find_elements(By.CSS_SELECTOR, "td")]
                for r in office.find_elements(By.CSS_SELECTOR, "table.report tbody tr")}
        checks.append((f"report rows {rows}", rows.get("BKPSDM") == ["BKPSDM", "1", "0", "0", "1", "8"]
                       and rows.get("Dinas Kesehatan") == ["Dinas Kesehatan", "1", "1", "0", "0", "0"]
                       and rows.get("Jumlah") == ["2", "1", "0", "1", "8"]))
        office.save_screenshot(os.path.join(shots, "programs-report.png"))
        axe.check("program report (operator)")
        follow(office, office.find_element(By.LINK_TEXT, "Evaluasi program"))
        evaluation = office.find_element(By.TAG_NAME, "body").text
        checks.append(("the evaluation page counts the participants and activities", "Peserta: 2" in evaluation and "Lokakarya Rekap JP" in evaluation))
        office.save_screenshot(os.path.join(shots, "programs-evaluation.png"))
        axe.check("program evaluation (operator)")
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in office.get_cookies())
        import urllib.request
        request = urllib.request.Request(base + "/operator/program/literasi-data-uji/peserta.csv", headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=30) as response:
            rows = list(csv.DictReader(io.StringIO(response.read().decode("utf-8-sig"))))
        # NIPs are written as text formulas (="…") so that spreadsheets keep every digit.
        by_nip = {row["nip"].removeprefix('="').removesuffix('"'): row for row in rows}
        checks.append((f"the participants' CSV agrees ({len(rows)} rows)", len(rows) == 2
                       and by_nip[BUDI[0]]["status_program"] == "selesai" and by_nip[BUDI[0]]["jp_program"] == "8"
                       and by_nip[SARI[0]]["status_program"] == "sesuai_jadwal" and TONO[0] not in by_nip))

        # Needs analysis: the operator opens a survey for the regency; Budi answers on his phone; the matrix shows the gap.
        office.get(base + "/operator/kebutuhan")
        axe.check("needs surveys (operator)")
        office.find_element(By.ID, "judul").send_keys("Survei Kebutuhan 2027")
        follow(office, office.find_element(By.XPATH, "//button[text()='Buka survei']"))
        survey_url = office.current_url
        phone.get(base + "/beranda")
        follow(phone, phone.find_element(By.PARTIAL_LINK_TEXT, "Survei Kebutuhan 2027"))
        questions = [legend.text for legend in phone.find_elements(By.CSS_SELECTOR, "fieldset legend")]
        checks.append((f"Budi is asked his position's competencies ({questions})", len(questions) == 2
                       and any("Perencanaan Pengembangan Kompetensi" in q for q in questions)))
        phone_axe.check("needs survey form (learner)")
        for competency in ("pengembangan-kompetensi", "pengelolaan-data"):
            phone.find_element(By.ID, f"k-{competency}-2").click()
        follow(phone, phone.find_element(By.XPATH, "//button[text()='Kirim jawaban']"))
        checks.append(("the answers are saved", "jawaban Anda tersimpan" in phone.page_source))
        phone.save_screenshot(os.path.join(shots, "programs-needs-form-phone.png"))
        office.get(survey_url)
        cells = [[c.text for c in r.find_elements(By.TAG_NAME, "td")] for r in office.find_elements(By.CSS_SELECTOR, "table.report tbody tr")]
        # One answer: the row, its staff and respondents show, never the mean of one person's answer.
        checks.append((f"the gap matrix lists Budi's position without revealing his answer ({cells})",
                       ["Analis SDM Aparatur", "Perencanaan Pengembangan Kompetensi", "3", "—", "—", "1", "1", "— (0)", "—",
                        "Penyusunan Program Pembinaan ASN"] in cells))
        office.save_screenshot(os.path.join(shots, "programs-needs-matrix.png"))
        axe.check("needs gap matrix (operator)")
    finally:
        for driver in (office, phone):
            if driver is not None:
                driver.quit()
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    failed = 0
    for name, ok in checks:
        print(("PASS " if ok else "FAIL ") + name)
        failed += 0 if ok else 1
    print(f"programs (browser): {len(checks) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
