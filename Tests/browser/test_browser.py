#!/usr/bin/env python3
"""Real-browser test: headless Chromium opens the catalogue, follows links to a module and reads its heading; a
signed-in learner reads, takes quizzes, and saves a course to read it offline (the server stopped and started again).

Starts `lentera serve` on a free loopback port with the shipped courses, drives Chromium through Selenium
(chromedriver from Debian's chromium-driver) and saves screenshots under .build/browser/.

Accessibility is a gate (issue 12): every kind of page the test visits, a learner's, an author's, an operator's
and an admin's, is checked with axe-core (Tests/Fixtures/axe/axe.min.js) at the desktop width and at 360 px, and
any violation of WCAG 2.0/2.1 A and AA or of axe's best practices fails the run, listed with its rule, impact, the
elements and the rule's help page. `--axe-report FILE` writes every result as JSON.
"""
import argparse
import base64
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not start")


def follow(driver, element):
    """Clicks a link or button and waits until the next page has replaced this one."""
    page = driver.find_element(By.TAG_NAME, "html")
    element.click()

    def replaced(d):
        # Chromium may answer "node does not belong to the document" while the old page goes away: that is the
        # navigation this waits for.
        try:
            return expected_conditions.staleness_of(page)(d)
        except WebDriverException:
            return True
    WebDriverWait(driver, 15).until(replaced)
    WebDriverWait(driver, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")


# axe-core, vendored (Tests/Fixtures/SOURCES.md): every rule tagged with one of these runs, those axe leaves off by
# default included (runOnly by tag selects rules by their tags, not by their default switch). No rule is disabled.
AXE_SCRIPT = os.path.join(ROOT, "Tests", "Fixtures", "axe", "axe.min.js")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
DESKTOP_WIDTH, PHONE_WIDTH = 1280, 360

AXE_RUN = """
const tags = arguments[0], done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]}).then(
  results => done({version: axe.version, violations: results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary}))}))}),
  error => done({error: String(error)}));
"""


class AxeGate:
    """Runs axe-core on the page the browser shows, at the desktop width and at a phone's, one check per width."""

    def __init__(self, driver, checks):
        self.driver, self.checks = driver, checks
        with open(AXE_SCRIPT, encoding="utf-8") as f:
            self.source = f.read()
        self.results = []
        self.kinds = []

    def check(self, kind):
        driver = self.driver
        size = driver.get_window_size()
        self.kinds.append(kind)
        try:
            for width in (DESKTOP_WIDTH, PHONE_WIDTH):
                driver.set_window_size(width, size["height"])
                eventually(driver, lambda d: d.execute_script("return window.innerWidth") == width, 5)
                if not driver.execute_script("return typeof window.axe === 'object' && typeof axe.run === 'function'"):
                    driver.execute_script(self.source)
                result = driver.execute_async_script(AXE_RUN, AXE_TAGS)
                violations = result.get("violations", [])
                self.results.append({"page": kind, "url": driver.current_url, "width": width, **result})
                self.checks.append((f"axe {result.get('version', '?')}: {kind} at {width} px ({driver.current_url}): "
                                    + describe_violations(result), "error" not in result and not violations))
        finally:
            driver.set_window_size(size["width"], size["height"])
            eventually(driver, lambda d: d.execute_script("return window.innerWidth") == size["width"], 5)


def describe_violations(result):
    """No violations, or each one with its rule, impact, help page and the elements (axe's CSS selectors)."""
    if "error" in result:
        return "axe did not run: " + result["error"]
    if not result["violations"]:
        return "no violations"
    lines = [f"{len(result['violations'])} violation(s)"]
    for violation in result["violations"]:
        lines.append(f"    {violation['id']} ({violation['impact']}): {violation['help']} {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append("        " + " ".join(" > ".join(part) if isinstance(part, list) else part for part in node["target"]))
    return "\n".join(lines)


QUIZ_GIFT = """::ibukota:: Ibu kota Provinsi Jawa Tengah adalah {=Semarang#Benar, Semarang. ~Surakarta#Bukan: Surakarta (Solo) adalah kota. ~Magelang}

::jp:: Setiap ASN berhak atas pengembangan kompetensi paling sedikit 20 JP setahun. {T}
"""


# Long option texts in selects (matching, ordering), a blank and an essay, under a title with Markdown in it.
QUIZ_MARKDOWN = """---
title: "*Pre-test* Ragam Soal"
---

## Level evaluasi

Jodohkan setiap level evaluasi model Kirkpatrick dengan instrumen yang sesuai.

- Reaksi -> Kuesioner kepuasan di akhir kegiatan yang dibagikan kepada seluruh peserta
- Pembelajaran -> *Pre-test* dan *post-test* dengan soal yang setara di awal dan akhir kegiatan
- Perilaku -> Lembar pengamatan atasan langsung beberapa bulan setelah kegiatan selesai dilaksanakan
- -> Daftar hadir dan foto kegiatan yang diunggah ke aplikasi kepegawaian daerah

## Persiapan kegiatan

Urutkan tugas persiapan sebuah lokakarya, dari yang paling awal.

1. Rapat koordinasi dengan perangkat daerah pengusul kegiatan pengembangan kompetensi
2. Konfirmasi narasumber dan kirim ringkasan hasil analisis kebutuhan pelatihan
3. Terima materi serta instrumen *pre-test* dan *post-test* dari narasumber kegiatan

## Tujuan SMART

Dalam rumusan tujuan SMART, huruf M berarti [[terukur|measurable]].

## Refleksi
tipe: esai

Jelaskan manfaat *pre-test* bagi Anda.
"""


# A QTI item with formulas (MathML) in its prompt and choices, as items from other tools carry them.
QUIZ_QTI_MATHML = """<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" xmlns:m="http://www.w3.org/1998/Math/MathML"
    identifier="pecahan" title="Pecahan" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
    <correctResponse><value>B</value></correctResponse>
  </responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <itemBody>
    <choiceInteraction responseIdentifier="RESPONSE" shuffle="false" maxChoices="1">
      <prompt><m:math><m:mstyle mathcolor="#0b5d4b"><m:mi><m:mi>?</m:mi></m:mi></m:mstyle></m:math> Berapakah <m:math><m:mfrac><m:mn>1</m:mn><m:mn>2</m:mn></m:mfrac><m:mo>+</m:mo><m:mfrac><m:mn>1</m:mn><m:mn>4</m:mn></m:mfrac></m:math>?</prompt>
      <simpleChoice identifier="A"><m:math><m:mfrac><m:mn>2</m:mn><m:mn>6</m:mn></m:mfrac></m:math></simpleChoice>
      <simpleChoice identifier="B"><m:math><m:mfrac><m:mn>3</m:mn><m:mn>4</m:mn></m:mfrac></m:math></simpleChoice>
      <simpleChoice identifier="C"><m:math><m:msqrt><m:mn>2</m:mn></m:msqrt></m:math></simpleChoice>
    </choiceInteraction>
  </itemBody>
  <responseProcessing template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"/>
</assessmentItem>
"""


# Formulas an author left open or mis-nested: the page after them must stay outside them.
MODULE_MATHML = """Luas <math alttext="L = pi r kuadrat"><mi>L</mi><mo>=</mo><mi>π</mi><msup><mi>r</mi><mn>2</mn></msup></math>.

Tak ditutup <math><mstyle mathcolor="red" mathsize="2px"><mi><mi>x</math> dan <math><mi>*y</math>* lalu
<math><mpadded voffset="60px" height="0" depth="0" width="0"><mspace width="1200px" height="120px" mathbackground="red"/></mpadded></math>
"""


def page_outside_formulas(driver):
    """The page's own parts that ended up inside an author's formula (none, when the filter works)."""
    return driver.execute_script("""
        return [...document.querySelectorAll('header.site, footer.site, nav, button, form, #kemajuan, a[rel]')]
            .filter(e => e.closest('math')).map(e => e.tagName + (e.className ? '.' + e.className : ''));""")


def mathml_checks(driver, base, shots, checks, axe):
    """A QTI item's formulas are drawn by the browser as MathML on a 360 px phone: a fraction stands taller than its
    digits, and choosing the formula that is right scores it."""
    driver.set_window_size(360, 800)
    driver.get(base + "/kursus/uji-kuis/bacaan")
    inside = page_outside_formulas(driver)
    footer = driver.execute_script("const f = document.querySelector('footer.site'); return getComputedStyle(f).fontSize")
    covered = driver.execute_script("""
        const h = document.querySelector('header.site').getBoundingClientRect();
        const e = document.elementFromPoint(h.left + 10, h.bottom - 5); return e ? e.tagName.toLowerCase() : null;""")
    checks.append((f"a module's formulas left open or mis-nested take nothing of the page in ({inside}, footer {footer}) "
                   f"and draw nothing over its header ({covered})",
                   inside == [] and footer != "2px" and covered not in ("mspace", "mpadded", "math")))
    driver.save_screenshot(os.path.join(shots, "module-mathml-phone.png"))
    axe.check("module with formulas (MathML)")
    driver.get(base + "/kursus/uji-kuis/kuis/rumus")
    follow(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Mulai percobaan']"))
    shape = driver.execute_script("""
        const fractions = [...document.querySelectorAll('.quiz-form math mfrac')];
        const f = fractions[0], digit = f && f.querySelector('mn');
        return {count: fractions.length, namespace: f ? f.namespaceURI : null,
                fraction: f ? f.getBoundingClientRect().height : 0, digit: digit ? digit.getBoundingClientRect().height : 0};""")
    checks.append((f"formulas are MathML, a fraction drawn taller than its digits ({shape})",
                   shape["count"] == 4 and shape["namespace"] == "http://www.w3.org/1998/Math/MathML"
                   and shape["fraction"] > 1.6 * shape["digit"] > 0))
    checks.append((f"at 360 px the formulas fit the screen", fits(driver)))
    inside = page_outside_formulas(driver)
    checks.append((f"a QTI item's mis-nested formula takes nothing of the page in ({inside})", inside == []))
    driver.save_screenshot(os.path.join(shots, "quiz-mathml-phone.png"))
    axe.check("quiz with formulas (MathML)")
    choice = driver.find_element(By.XPATH, "//label[contains(@class,'choice')][.//*[local-name()='mn'][normalize-space()='3']]//input")
    choice.click()
    follow(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Kumpulkan']"))
    result = driver.find_element(By.TAG_NAME, "body").text
    checks.append((f"the formula chosen scores as the item's rules say ({result[:80]!r}...)", "1/1" in result))
    driver.set_window_size(1280, 1000)


def write_quiz_course(folder):
    os.makedirs(os.path.join(folder, "kuis"))
    with open(os.path.join(folder, "course.xml"), "w") as f:
        f.write("""<course jp="1"><title>Uji Kuis</title>
  <module id="bacaan" href="bacaan.md"/>
  <module id="ujian" href="ujian.md" completion="quiz" quiz="akhir"/>
  <quiz id="akhir" title="Kuis Akhir" href="kuis/akhir.gift" attempts="2" time-limit="60" passing-score="100" shuffle="false"/>
  <quiz id="kilat" title="Kuis Kilat" href="kuis/akhir.gift" attempts="1" time-limit="4s" passing-score="50" shuffle="false"/>
  <quiz id="ragam" href="kuis/ragam.quiz.md" attempts="0" passing-score="0" shuffle="false"/>
  <quiz id="rumus" title="Kuis Rumus" href="kuis/rumus/" attempts="0" passing-score="0" shuffle="false"/>
</course>""")
    os.makedirs(os.path.join(folder, "kuis", "rumus"))
    with open(os.path.join(folder, "kuis", "rumus", "pecahan.xml"), "w") as f:
        f.write(QUIZ_QTI_MATHML)
    with open(os.path.join(folder, "bacaan.md"), "w") as f:
        f.write("# Bacaan\n\nSemarang adalah ibu kota Jawa Tengah.\n\n" + MODULE_MATHML)
    with open(os.path.join(folder, "ujian.md"), "w") as f:
        f.write("# Ujian\n\nLulus kuis akhir untuk menyelesaikan modul ini.\n")
    with open(os.path.join(folder, "kuis", "akhir.gift"), "w") as f:
        f.write(QUIZ_GIFT)
    with open(os.path.join(folder, "kuis", "ragam.quiz.md"), "w") as f:
        f.write(QUIZ_MARKDOWN)


def quiz_checks(driver, base, shots, checks, axe):
    """Takes a quiz in the browser: fails, retries and passes (completing the module); lets a timer run out."""
    def choose(text):
        label = driver.find_element(By.XPATH, f"//label[contains(@class,'choice')][normalize-space()='{text}']")
        label.find_element(By.TAG_NAME, "input").click()

    driver.get(base + "/kursus/uji-kuis/ujian")
    follow(driver, driver.find_element(By.CSS_SELECTOR, "#kemajuan a.button"))
    checks.append(("the module links to its quiz", driver.find_element(By.TAG_NAME, "h1").text == "Kuis Akhir"))
    axe.check("quiz start")
    follow(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Mulai percobaan']"))
    clock = driver.find_element(By.CSS_SELECTOR, "#hitung-mundur [data-sisa]")
    WebDriverWait(driver, 5).until(lambda d: ":" in clock.text)
    checks.append((f"the countdown runs ({clock.text})", clock.text.startswith("59:5") or clock.text.startswith("60:00")))
    source = driver.page_source
    checks.append(("no answer key or feedback in the attempt page", "Benar, Semarang" not in source and "weight" not in source))
    choose("Surakarta")
    WebDriverWait(driver, 10).until(lambda d: "Tersimpan" in d.find_element(By.CSS_SELECTOR, "[data-status-simpan]").text)
    driver.refresh()
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
    kept = driver.find_element(By.XPATH, "//label[normalize-space()='Surakarta']/input").is_selected()
    checks.append(("an answer is autosaved as it is given and is there after a reload", kept))
    axe.check("quiz in progress")
    choose("Benar")
    driver.save_screenshot(os.path.join(shots, "quiz-attempt.png"))
    follow(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Kumpulkan']"))
    result = driver.find_element(By.TAG_NAME, "body").text
    checks.append(("a wrong answer fails the quiz, with feedback in the review",
                   "Belum lulus" in result and "Surakarta (Solo) adalah kota" in result))
    driver.save_screenshot(os.path.join(shots, "quiz-failed.png"))
    axe.check("quiz result (failed) with its review")
    follow(driver, driver.find_element(By.LINK_TEXT, "Kembali ke kuis"))
    axe.check("quiz start with an attempt made")
    follow(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Mulai percobaan']"))
    choose("Semarang")
    choose("Benar")
    follow(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Kumpulkan']"))
    result = driver.find_element(By.TAG_NAME, "body").text
    checks.append(("the second attempt passes and completes the module", "Lulus" in result and "Modul selesai" in result))
    driver.save_screenshot(os.path.join(shots, "quiz-passed.png"))
    axe.check("quiz result (passed, module completed) with its review")
    follow(driver, driver.find_element(By.LINK_TEXT, "Kembali ke kuis"))
    body = driver.find_element(By.TAG_NAME, "body").text
    checks.append(("no third attempt", "Semua percobaan yang diizinkan sudah dipakai" in body))
    axe.check("quiz with no attempts left")
    driver.get(base + "/kursus/uji-kuis/ujian")
    checks.append(("the module shows as complete", "Kemajuan: 100%" in driver.find_element(By.ID, "kemajuan").text))

    # The time limit: the answer given is saved, the page submits itself at zero, the server grades it.
    driver.get(base + "/kursus/uji-kuis/kuis/kilat")
    follow(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Mulai percobaan']"))
    choose("Semarang")
    WebDriverWait(driver, 15).until(lambda d: "/hasil" in d.current_url)
    result = driver.find_element(By.TAG_NAME, "body").text
    checks.append(("when time runs out the attempt is graded from the saved answer", "1/2" in result and "Lulus" in result))
    axe.check("quiz result (time ran out)")
    driver.save_screenshot(os.path.join(shots, "quiz-timed-out.png"))


def certificate_print_checks(driver, shots, checks):
    """On the certificate page: the print button lentera.js shows, and the page printed as a person would on landscape
    A4 (the page's own size preferred, as browsers do) fits one sheet, which is landscape."""
    buttons = driver.find_elements(By.CSS_SELECTOR, "button[data-print]")
    checks.append((f"the certificate has a print button, shown where JavaScript runs ({[b.text for b in buttons]})",
                   len(buttons) == 1 and buttons[0].is_displayed() and buttons[0].text == "Cetak"))
    printed = driver.execute_cdp_cmd("Page.printToPDF", {
        "landscape": True, "paperWidth": 11.69, "paperHeight": 8.27, "preferCSSPageSize": True, "printBackground": True})
    pdf = base64.b64decode(printed["data"])
    with open(os.path.join(shots, "certificate.pdf"), "wb") as f:
        f.write(pdf)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    boxes = [(float(w), float(h)) for w, h in re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)]
    checks.append((f"the certificate prints on one landscape A4 page ({pages} pages, {boxes})",
                   pages == 1 and len(boxes) == 1 and boxes[0][0] > boxes[0][1] and abs(boxes[0][0] - 842) < 2))


def certificate_pdf_checks(driver, shots, checks, verify_url):
    """The certificate's PDF, fetched with the learner's session as the "Unduh PDF" link fetches it: its text (pdftotext)
    names the learner and the number, it is one landscape A4 page (pdfinfo), and the QR code on its rendering
    (pdftoppm) decodes to the verification address."""
    link = driver.find_element(By.PARTIAL_LINK_TEXT, "Unduh PDF")
    number = driver.current_url.rstrip("/").rsplit("/", 1)[-1]
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(link.get_attribute("href"), headers={"Cookie": cookies}), timeout=30) as response:
        kind, pdf = response.headers.get("Content-Type"), response.read()
    path = os.path.join(shots, "certificate-download.pdf")
    with open(path, "wb") as f:
        f.write(pdf)
    checks.append((f"the certificate's \"Unduh PDF\" link answers a PDF ({kind}, {len(pdf)} bytes)",
                   kind == "application/pdf" and pdf.startswith(b"%PDF-1.4")))
    text = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True).stdout
    checks.append((f"the PDF's text names the learner and the certificate number {number}",
                   "Budi Santoso" in text and number in text and "Dasar Pengelolaan Data dengan Spreadsheet" in text))
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
    checks.append(("the PDF is one landscape A4 page", re.search(r"^Pages:\s+1$", info, re.M) is not None
                   and re.search(r"^Page size:\s+842 x 595 pts", info, re.M) is not None))
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", path, os.path.join(shots, "certificate-download")], check=True)
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", os.path.join(shots, "certificate-download.png")],
                             capture_output=True, text=True).stdout.strip()
    checks.append((f"the PDF's QR code decodes to {decoded!r}", decoded == verify_url))


def fits(driver):
    """Whether the page needs no sideways scrolling: nothing is wider than the window."""
    return driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")


def eventually(driver, condition, seconds):
    """Whether `condition(driver)` comes true within `seconds` (a check that fails, not an exception)."""
    try:
        WebDriverWait(driver, seconds).until(condition)
        return True
    except TimeoutException:
        return False


def phone_quiz_checks(driver, base, shots, checks, axe):
    """On a 360 px phone: a quiz with long option texts and its review fit the screen; an answer given offline is
    saved by itself when the connection comes back."""
    driver.set_window_size(360, 800)
    driver.get(base + "/kursus/uji-kuis/kuis/ragam")
    follow(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Mulai percobaan']"))
    emphasis = [element.text for element in driver.find_elements(By.CSS_SELECTOR, "h1 em")]
    checks.append((f"the quiz title's Markdown is rendered ({emphasis}, title {driver.title!r})",
                   emphasis == ["Pre-test"] and "*Pre-test*" not in driver.title))
    selects = len(driver.find_elements(By.CSS_SELECTOR, "table.matching select, ol.ordering select"))
    width = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    checks.append((f"at 360 px the {selects} selects of a matching and an ordering question fit the screen (scrollWidth, window: {width})",
                   selects == 6 and fits(driver)))
    driver.save_screenshot(os.path.join(shots, "quiz-phone.png"))
    axe.check("quiz in progress (matching, ordering, blank, essay)")

    # Offline, an answer is not lost: the page says so, and saves it by itself once the browser is back online.
    status = lambda d: d.find_element(By.CSS_SELECTOR, "[data-status-simpan]").text
    conditions = {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", conditions)
    try:
        chosen = Select(driver.find_elements(By.CSS_SELECTOR, "table.matching select")[1])
        chosen.select_by_index(2)
        value = chosen.first_selected_option.get_attribute("value")
        offline = eventually(driver, lambda d: "Luring" in status(d), 10)
        checks.append((f"offline, the autosave says the answer is not saved yet ({status(driver)!r})", offline))
    finally:
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", dict(conditions, offline=False))
    # The `online` event saves at once; the retry timer (2 s, doubling) would within a minute.
    saved = eventually(driver, lambda d: "Tersimpan" in status(d), 70)
    checks.append((f"back online, the answer is saved without any action ({status(driver)!r})", saved))
    driver.execute_cdp_cmd("Network.disable", {})
    driver.refresh()
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
    kept = Select(driver.find_elements(By.CSS_SELECTOR, "table.matching select")[1]).first_selected_option.get_attribute("value")
    checks.append(("the answer saved after the connection came back is there after a reload", kept == value))

    # The review fits too, shows the blank's answer in its place and the title's Markdown rendered. The essay waits
    # for an author's grade (the grading page is checked in staff_checks).
    driver.find_element(By.CSS_SELECTOR, "input.gap").send_keys("terukur")
    driver.find_element(By.CSS_SELECTOR, ".quiz-form textarea").send_keys("Pre-test menunjukkan apa yang belum saya kuasai.")
    follow(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Kumpulkan']"))
    body = driver.find_element(By.TAG_NAME, "body").text
    answers = [element.text for element in driver.find_elements(By.CSS_SELECTOR, ".review .prompt .gap-answer")]
    checks.append((f"the review shows the blank's answer in place ({answers}), no (g1) and no raw Markdown",
                   any("terukur" in answer for answer in answers) and "(g1)" not in body and "*Pre-test*" not in body))
    width = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    checks.append((f"at 360 px the review fits the screen (scrollWidth, window: {width})", fits(driver)))
    driver.save_screenshot(os.path.join(shots, "quiz-review-phone.png"))
    axe.check("quiz result with its review (matching, ordering, blank, essay pending)")


# Staff accounts for the author's, operator's and admin's pages, in the learner's agency (their pages show only
# their unit's people).
STAFF = {
    "author": ("197202022000012002", "Rina Penulis"),
    "operator": ("197001012000011001", "Operator Diklat"),
    "admin": ("197303032000011003", "Admin Lentera"),
}
STAFF_UNIT = "Pemkab Sleman"
# A roster for the import pages: a new account, a change of position, and a row refused (an NIP of 3 digits).
ROSTER = """nip,nama,unit,jabatan
199001012015031001,Siti Rahmawati,Pemkab Sleman > BKPSDM,Pranata Komputer
198503152010011001,Budi Santoso,Pemkab Sleman > BKPSDM,Analis Kebijakan
123,Baris Salah,Pemkab Sleman > BKPSDM,
"""


def sign_in(driver, base, nip, password):
    """Signs in afresh (the cookies of whoever was signed in are dropped) through the sign-in form."""
    driver.delete_all_cookies()
    driver.get(base + "/masuk")
    driver.find_element(By.ID, "nip").send_keys(nip)
    driver.find_element(By.ID, "sandi").send_keys(password)
    follow(driver, driver.find_element(By.CSS_SELECTOR, "form.stacked button"))


def heading(driver):
    headings = driver.find_elements(By.TAG_NAME, "h1")
    return headings[0].text if headings else ""


def staff_checks(driver, base, password, checks, axe):
    """The author's, the operator's and the admin's pages, each checked with axe."""
    sign_in(driver, base, STAFF["author"][0], password)
    driver.get(base + "/status")
    checks.append((f"the author sees the course status ({heading(driver)!r})", heading(driver) == "Status Kursus"))
    axe.check("course status (author)")
    driver.get(base + "/penulis/kuis/uji-kuis/akhir")
    axe.check("quiz item statistics (author)")
    driver.get(base + "/penilaian")
    essays = driver.find_elements(By.CSS_SELECTOR, "section.question.review")
    checks.append((f"the author has the learner's essay to grade ({len(essays)})", len(essays) == 1))
    axe.check("essay grading (author)")

    sign_in(driver, base, STAFF["operator"][0], password)
    driver.get(base + "/operator")
    checks.append((f"the operator's reports ({heading(driver)!r})", heading(driver) == "Laporan Pengembangan Kompetensi"))
    axe.check("reports (operator)")
    driver.get(base + "/operator/kuis/uji-kuis")
    axe.check("quiz results (operator)")
    driver.get(base + "/operator/pengguna")
    axe.check("accounts (operator)")
    follow(driver, driver.find_element(By.LINK_TEXT, "Budi Santoso"))
    axe.check("account record (operator)")
    driver.get(base + "/operator/pengguna")
    driver.find_element(By.ID, "csv").send_keys(ROSTER)
    follow(driver, driver.find_element(By.XPATH, "//form[@action='/operator/pengguna/impor']//button[@type='submit']"))
    checks.append(("a roster import shows its preview", "/operator/pengguna/impor/" in driver.current_url))
    axe.check("roster import preview (operator)")
    follow(driver, driver.find_element(By.CSS_SELECTOR, "form[action$='/terapkan'] button"))
    applied = eventually(driver, lambda d: d.refresh() or d.find_elements(By.CSS_SELECTOR, "form[action$='/konfirmasi']"), 30)
    checks.append(("the roster import is applied and hands out a temporary password", applied))
    axe.check("roster import applied, with temporary passwords (operator)")
    new_nip = ROSTER.splitlines()[1].split(",")[0]
    temporary = [code.text for code in driver.find_elements(By.XPATH, f"//tr[td[normalize-space()='{new_nip}']]/td/code")]
    slips = driver.find_elements(By.CSS_SELECTOR, "a[href$='/cetak']")
    if slips:
        follow(driver, slips[0])
        axe.check("password slips (operator)")

    sign_in(driver, base, STAFF["admin"][0], password)
    driver.get(base + "/admin/audit")
    axe.check("audit trail (admin)")
    driver.get(base + "/operator/pengguna")
    follow(driver, driver.find_element(By.LINK_TEXT, "Budi Santoso"))
    checks.append(("the admin may change a role", len(driver.find_elements(By.ID, "peran")) == 1))
    axe.check("account record with roles (admin)")

    # The imported employee's first sign-in, with the temporary password: the password must be changed first.
    checks.append((f"the new account has a temporary password ({len(temporary)})", len(temporary) == 1))
    if temporary:
        sign_in(driver, base, new_nip, temporary[0])
        checks.append((f"a temporary password leads to the password page ({driver.current_url})", "/sandi" in driver.current_url))
        axe.check("password change required at the first sign-in")


def text_of(driver, selector):
    """The text of the first element a CSS selector finds, or "" (also while the page is being replaced)."""
    try:
        return driver.find_element(By.CSS_SELECTOR, selector).text
    except WebDriverException:
        return ""


def in_page(driver, script):
    """Runs a script that ends with a promise in the page and returns what it resolves to (or the error, as text)."""
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        f"Promise.resolve().then(() => {script}).then(done, error => done('error: ' + error));")


def offline_checks(driver, base, shots, checks, axe, stop_server, start_server, server_log):
    """Offline reading: a signed-in learner saves a course on its page, and with the server stopped (the origin truly
    offline, for the page and for the service worker alike; the page is also put offline through the DevTools protocol,
    so that the browser's `online` event fires when the connection returns) opens saved pages, answers a quiz question
    on an attempt page opened before and marks a module done; both reach the server exactly once when it comes back.
    Signing out leaves nothing on the device."""
    course = "/kursus/penyusunan-program-pembinaan-asn"
    module = course + "/penutup"
    cache = "lentera-course-penyusunan-program-pembinaan-asn"

    def posts(route):
        """POSTs that reached the server at a route, from its access log."""
        return sum(1 for line in open(server_log, errors="replace") if "method=POST" in line and re.search(route, line))
    marks = lambda: posts(r"route=/kursus/\{course\}/\{module\}/selesai\b")
    saves = lambda: posts(r"route=/kursus/\S+/kuis/\S+/percobaan/[^/\s]+(\s|$)")
    driver.set_window_size(DESKTOP_WIDTH, 1000)
    driver.get(base + course)
    save = driver.find_element(By.CSS_SELECTOR, "section[data-luring] button[data-simpan]")
    size = text_of(driver, "section[data-luring] [data-ukuran]")
    checks.append((f"the course page offers to save it for offline reading, with its size ({save.text!r}, {size!r})",
                   save.is_displayed() and save.text == "Simpan untuk dibaca luring"
                   and re.fullmatch(r"\d+(,\d)? (KB|MB)", size) is not None))
    save.click()
    status = lambda d: text_of(d, "[data-status-luring]")
    saved = eventually(driver, lambda d: status(d) == "Tersimpan di perangkat ini.", 60)
    remove = driver.find_element(By.CSS_SELECTOR, "button[data-hapus]")
    checks.append((f"once saved the page says so and offers {remove.text!r} ({status(driver)!r})",
                   saved and remove.is_displayed() and remove.text == "Hapus dari perangkat"))
    driver.save_screenshot(os.path.join(shots, "offline-saved.png"))
    axe.check("course (signed in, saved for offline reading)")
    controlled = eventually(driver, lambda d: d.execute_script("return !!navigator.serviceWorker.controller"), 15)
    kept = in_page(driver, f"caches.open('{cache}').then(c => c.keys()).then(keys => keys.map(k => new URL(k.url).pathname))")
    wanted = [course, module, "/berkas/penyusunan-program-pembinaan-asn/gambar/siklus-program.svg", "/api/luring/penyusunan-program-pembinaan-asn"]
    checks.append((f"the service worker controls the page and the copy holds the pages, the image and the list ({len(kept)} entries)",
                   controlled and isinstance(kept, list) and all(path in kept for path in wanted)
                   and any(path.endswith("/style.css") for path in kept) and any(path.endswith("/lentera.js") for path in kept)))
    # A quiz attempt opened online: the copy of a saved course keeps it, so that it can be answered offline.
    driver.get(base + course + "/kuis/pre-test")
    follow(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Mulai percobaan']"))
    attempt = driver.current_url
    answer = "//label[normalize-space()='20 JP']/input"
    before = (marks(), saves())

    conditions = {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
    stop_server()
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", conditions)
    try:
        driver.get(base + course + "/pendahuluan")
        drawn = eventually(driver, lambda d: d.execute_script(
            "const i = document.querySelector('article.module img'); return !!i && i.complete && i.naturalWidth > 0"), 10)
        checks.append((f"offline, a saved module opens with its image ({text_of(driver, 'article.module h1')!r})",
                       text_of(driver, "article.module h1") == "Pendahuluan" and drawn))
        driver.get(base + "/beranda")
        checks.append((f"offline, a page not saved says so and leads to the saved course ({text_of(driver, 'h1')!r})",
                       text_of(driver, "h1").startswith("Luring") and
                       len(driver.find_elements(By.CSS_SELECTOR, f"a[href='{course}']")) == 1))
        axe.check("offline page (not saved)")
        driver.get(attempt)
        driver.find_element(By.XPATH, answer).click()
        waiting = eventually(driver, lambda d: "Luring" in text_of(d, "[data-status-simpan]"), 10)
        checks.append((f"offline, a quiz answer on the kept attempt page is not lost ({text_of(driver, '[data-status-simpan]')!r})", waiting))
        driver.get(base + module)
        button = driver.find_element(By.XPATH, "//section[@id='kemajuan']//button[normalize-space()='Tandai selesai']")
        button.click()
        waiting = eventually(driver, lambda d: "Luring: akan dikirim saat tersambung." in text_of(d, "#kemajuan"), 10)
        queue = driver.execute_script("return JSON.parse(localStorage.getItem('lentera:antrean') || '[]').map(i => i.url)")
        checks.append((f"offline, the answer and 'Tandai selesai' are kept to be sent, in that order ({queue})",
                       waiting and len(queue) == 2 and queue[0] == attempt and queue[1].endswith(module + "/selesai")))
        driver.save_screenshot(os.path.join(shots, "offline-queued.png"))
        axe.check("module offline (mark waiting to be sent)")
        # Opened again offline, the page still shows the mark waiting, and keeps it once.
        driver.get(base + module)
        queue = driver.execute_script("return JSON.parse(localStorage.getItem('lentera:antrean') || '[]').length")
        checks.append(("opened again offline, the module shows the mark waiting, kept once",
                       "Luring: akan dikirim saat tersambung." in text_of(driver, "#kemajuan") and queue == 2))
        # Anyone at the computer can write into the queue: items that are not one of the three requests lentera.js
        # queues (a sign-out, a password change, a role change) are dropped, never posted with the next token.
        driver.execute_script("""
            const queue = JSON.parse(localStorage.getItem('lentera:antrean'));
            const account = queue[0].account;
            queue.push({key: 'selesai:x', url: '/keluar', body: '', headers: {}, account: account, id: 'f1'});
            queue.push({key: 'lain:1', url: '/sandi', body: 'lama=a&baru=b&ulang=b', headers: {}, account: account, id: 'f2'});
            queue.push({key: 'simpan:x', url: '/operator/pengguna/1', body: 'peran=admin', headers: {}, account: account, id: 'f3'});
            queue.push({key: 'detak:x', url: 'https://example.org/api/detak', body: 'sesi=a&urutan=1', headers: {}, account: account, id: 'f4'});
            localStorage.setItem('lentera:antrean', JSON.stringify(queue));""")
    finally:
        start_server()
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", dict(conditions, offline=False))
        driver.execute_cdp_cmd("Network.disable", {})
    # Back online: the `online` event sends the mark at once (the retry timer would within 15 s), and the page reloads.
    arrived = eventually(driver, lambda d: "Modul ini sudah selesai." in text_of(d, "#kemajuan"), 60)
    checks.append((f"back online, the mark is sent without any action and the module shows as done ({text_of(driver, '#kemajuan')[:60]!r})",
                   arrived and "Kemajuan: 100%" in text_of(driver, "#kemajuan")))
    driver.refresh()
    WebDriverWait(driver, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")
    time.sleep(2)
    left = driver.execute_script("return localStorage.getItem('lentera:antrean')")
    sent = (marks() - before[0], saves() - before[1])
    checks.append((f"the mark and the answer each reached the server exactly once ({sent} POSTs), and nothing waits ({left!r})",
                   sent == (1, 1) and left is None))
    forged = (posts(r"route=/keluar\b"), posts(r"route=/sandi\b"), posts(r"route=/operator/"))
    checks.append((f"items planted in the queue were dropped, not posted (sign-out, password, operator POSTs: {forged})",
                   forged == (0, 0, 0)))
    driver.get(attempt)
    checks.append(("the answer given offline is stored in the attempt", driver.find_element(By.XPATH, answer).is_selected()))

    # Signing out clears the device: the copies, the worker and what waits.
    follow(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/keluar'] button"))
    leftovers = in_page(driver, "Promise.all([caches.keys(), navigator.serviceWorker.getRegistrations()])"
                                ".then(([keys, workers]) => [keys.length, workers.length, localStorage.length])")
    checks.append((f"signed out, no copy, worker or queue is left on the device (caches, workers, storage: {leftovers})",
                   leftovers == [0, 0, 0]))


def search_checks(driver, shots, checks, axe):
    """Types two words into the catalogue's search box and submits the form as a person would."""
    box = driver.find_element(By.ID, "q")
    box.clear()
    box.send_keys("pembinaan asn")
    follow(driver, driver.find_element(By.CSS_SELECTOR, "form.search button[type=submit]"))
    # Chromium sends the space as `+`, which the server must read as a space.
    checks.append((f"the search form sends the words as a form does ({driver.current_url})", "q=pembinaan+asn" in driver.current_url))
    titles = [link.text for link in driver.find_elements(By.CSS_SELECTOR, "ul.cards li.card h2 a")]
    checks.append((f"a two-word search finds the course with both words ({titles})", "Penyusunan Program Pembinaan ASN" in titles))
    checks.append(("a two-word search leaves out a course without them", "Dasar Pengelolaan Data dengan Spreadsheet" not in titles))
    shown = driver.find_element(By.ID, "q").get_property("value")
    checks.append((f"the search box shows the words with a space ({shown!r})", shown == "pembinaan asn"))
    driver.save_screenshot(os.path.join(shots, "catalogue-search.png"))
    axe.check("catalogue search results")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--axe-report", help="write every page's axe-core results to this JSON file")
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    data = tempfile.mkdtemp(prefix="lentera-browser-")
    shots = os.path.join(ROOT, ".build", "browser")
    os.makedirs(shots, exist_ok=True)
    nip, password = "198503152010011001", "kata-sandi-uji"
    subprocess.run(
        [args.binary, "user", "add", "--nip", nip, "--name", "Budi Santoso", "--unit", "Pemkab Sleman > BKPSDM",
         "--position", "Analis SDM Aparatur", "--data", data],
        input=password + "\n", text=True, check=True, capture_output=True,
    )
    for role, (staff_nip, name) in STAFF.items():
        subprocess.run(
            [args.binary, "user", "add", "--nip", staff_nip, "--name", name, "--unit", STAFF_UNIT, "--role", role,
             "--data", data],
            input=password + "\n", text=True, check=True, capture_output=True,
        )
    # The shipped courses, and beside them a course whose module is completed by a quiz with a short time limit.
    courses = os.path.join(data, "courses")
    shutil.copytree(os.path.join(ROOT, "courses"), courses)
    write_quiz_course(os.path.join(courses, "uji-kuis"))
    # The access log (stderr) is kept: the offline test counts the requests that reached the server in it.
    server_log = os.path.join(data, "server.log")
    servers = []

    def start_server():
        with open(server_log, "ab") as log:
            servers.append(subprocess.Popen(
                [args.binary, "serve", "--courses", courses, "--public", os.path.join(ROOT, "public"),
                 "--data", data, "--host", "127.0.0.1", "--port", str(port)],
                stdout=subprocess.DEVNULL, stderr=log,
            ))
        wait_until_up(base + "/")

    def stop_server():
        servers[-1].terminate()
        servers[-1].wait(timeout=10)

    passed = failed = 0
    driver = None
    try:
        start_server()
        options = webdriver.ChromeOptions()
        for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000"]:
            options.add_argument(flag)
        options.binary_location = "/usr/bin/chromium"
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        driver.set_page_load_timeout(30)
        driver.set_script_timeout(60)

        checks = []
        axe = AxeGate(driver, checks)
        driver.get(base + "/")
        checks.append(("catalogue heading", driver.find_element(By.TAG_NAME, "h1").text == "Katalog Kursus"))
        driver.save_screenshot(os.path.join(shots, "catalogue.png"))
        axe.check("catalogue")
        search_checks(driver, shots, checks, axe)
        driver.get(base + "/")
        course_link = driver.find_element(By.LINK_TEXT, "Penyusunan Program Pembinaan ASN")
        follow(driver, course_link)
        checks.append(("course page", driver.find_element(By.TAG_NAME, "h1").text == "Penyusunan Program Pembinaan ASN"))
        axe.check("course")
        first_module = driver.find_element(By.CSS_SELECTOR, "ol.outline a")
        module_title = first_module.text
        follow(driver, first_module)
        heading = driver.find_element(By.CSS_SELECTOR, "article.module h1").text
        checks.append((f"module heading '{heading}' matches link '{module_title}'", heading == module_title))
        checks.append(("module page has a table of contents", len(driver.find_elements(By.CSS_SELECTOR, "nav.toc a")) > 0))
        stylesheet_applied = driver.execute_script(
            "return getComputedStyle(document.querySelector('header.site')).backgroundColor")
        checks.append((f"stylesheet applied (header {stylesheet_applied})", stylesheet_applied == "rgb(11, 93, 75)"))
        driver.save_screenshot(os.path.join(shots, "module.png"))
        axe.check("module")
        follow(driver, driver.find_element(By.CSS_SELECTOR, "a[rel=next]"))
        checks.append(("next link leads to another module", driver.current_url.rstrip("/") != base + "/" and
                       driver.find_element(By.CSS_SELECTOR, "article.module h1").text != heading))
        follow(driver, driver.find_element(By.LINK_TEXT, "English"))
        checks.append(("English interface", driver.find_element(By.CSS_SELECTOR, "nav.site-nav a").text == "Course Catalogue"))
        axe.check("module (English)")
        driver.set_window_size(390, 844)
        driver.get(base + "/")
        width = driver.execute_script("return document.documentElement.scrollWidth")
        checks.append((f"no horizontal scrolling on a phone (scrollWidth {width})", width <= 390))
        driver.save_screenshot(os.path.join(shots, "catalogue-phone.png"))
        driver.get(base + "/tidak-ada?lang=id")
        axe.check("page not found")
        driver.get(base + "/verifikasi")
        axe.check("certificate verification form")
        driver.get(base + "/verifikasi?nomor=LTR-0000-XXXX")
        axe.check("certificate verification form, number not found")

        # A learner signs in, reads, leaves, comes back, continues, completes a course and verifies the certificate.
        driver.set_window_size(1280, 1000)
        driver.get(base + "/?lang=id")
        follow(driver, driver.find_element(By.LINK_TEXT, "Masuk"))
        axe.check("sign-in")
        driver.find_element(By.ID, "nip").send_keys(nip)
        driver.find_element(By.ID, "sandi").send_keys("salah-" + password)
        follow(driver, driver.find_element(By.CSS_SELECTOR, "form.stacked button"))
        checks.append(("a wrong password is refused", len(driver.find_elements(By.CSS_SELECTOR, "p.alert")) == 1))
        axe.check("sign-in with an error")
        driver.find_element(By.ID, "nip").clear()
        driver.find_element(By.ID, "nip").send_keys(nip)
        driver.find_element(By.ID, "sandi").send_keys(password)
        follow(driver, driver.find_element(By.CSS_SELECTOR, "form.stacked button"))
        body = driver.find_element(By.TAG_NAME, "body").text
        checks.append(("signed in, the home page greets the learner", "Selamat datang, Budi Santoso" in body))
        jp = driver.find_element(By.CSS_SELECTOR, ".jp-total strong").text
        checks.append((f"no JP yet ({jp})", jp == "0 JP"))
        axe.check("home (nothing started)")
        driver.get(base + "/")
        axe.check("catalogue (signed in)")
        driver.get(base + "/kursus/pengelolaan-data-spreadsheet")
        axe.check("course (signed in)")
        follow(driver, driver.find_element(By.LINK_TEXT, "Mulai belajar"))
        first_title = driver.find_element(By.CSS_SELECTOR, "article.module h1").text
        checks.append(("module page shows progress", "Kemajuan: 100%" in driver.find_element(By.ID, "kemajuan").text))
        axe.check("module (signed in, with progress)")
        follow(driver, driver.find_element(By.LINK_TEXT, "Beranda"))
        continue_link = driver.find_element(By.PARTIAL_LINK_TEXT, "Lanjutkan belajar")
        checks.append(("home offers to continue with the next module", first_title not in continue_link.text))
        follow(driver, continue_link)
        second_title = driver.find_element(By.CSS_SELECTOR, "article.module h1").text
        checks.append((f"continued at '{second_title}'", second_title != first_title))
        follow(driver, driver.find_element(By.CSS_SELECTOR, "a[rel=next]"))
        panel = driver.find_element(By.ID, "kemajuan").text
        checks.append(("finishing the last module completes the course", "Kursus selesai" in panel))
        driver.save_screenshot(os.path.join(shots, "module-signed-in.png"))
        axe.check("module (course completed, feedback form)")
        follow(driver, driver.find_element(By.LINK_TEXT, "Beranda"))
        jp = driver.find_element(By.CSS_SELECTOR, ".jp-total strong").text
        checks.append((f"the home page shows the course's JP this year ({jp})", jp == "2 JP"))
        driver.save_screenshot(os.path.join(shots, "home.png"))
        axe.check("home (a course completed)")
        driver.get(base + "/sandi")
        axe.check("password change")
        driver.get(base + "/beranda")
        follow(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "LTR-"))
        certificate = driver.find_element(By.CSS_SELECTOR, "article.certificate").text
        checks.append(("the certificate names the learner and the course",
                       "Budi Santoso" in certificate and "Dasar Pengelolaan Data dengan Spreadsheet" in certificate))
        checks.append(("the certificate hides the NIP", nip not in driver.page_source))
        driver.save_screenshot(os.path.join(shots, "certificate.png"))
        axe.check("certificate")
        # The QR code on the certificate carries the verification address: decode it from the screenshot.
        verify_url = driver.find_element(By.PARTIAL_LINK_TEXT, "/verifikasi/").text
        decoded = subprocess.run(["zbarimg", "--quiet", "--raw", os.path.join(shots, "certificate.png")],
                                 capture_output=True, text=True).stdout.strip()
        checks.append((f"the certificate's QR code decodes to {decoded!r}", decoded == verify_url and decoded.startswith("http")))
        certificate_print_checks(driver, shots, checks)
        certificate_pdf_checks(driver, shots, checks, verify_url)
        follow(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "/verifikasi/"))
        checks.append(("the verification page confirms it",
                       "Sertifikat ini sah" in driver.find_element(By.TAG_NAME, "body").text))
        driver.save_screenshot(os.path.join(shots, "verification.png"))
        axe.check("certificate verification")

        quiz_checks(driver, base, shots, checks, axe)
        phone_quiz_checks(driver, base, shots, checks, axe)
        mathml_checks(driver, base, shots, checks, axe)
        offline_checks(driver, base, shots, checks, axe, stop_server, start_server, server_log)
        driver.set_window_size(DESKTOP_WIDTH, 1000)
        staff_checks(driver, base, password, checks, axe)

        # The gate covers every kind of page: a page left out by a change in the flow above fails here.
        kinds = {"catalogue", "course", "module", "sign-in", "home (a course completed)", "quiz start",
                 "quiz in progress", "quiz result (failed) with its review", "certificate", "certificate verification",
                 "reports (operator)", "course status (author)"}
        checks.append((f"axe checked every kind of page ({len(axe.kinds)} pages; missing: {sorted(kinds - set(axe.kinds))})",
                       kinds <= set(axe.kinds)))
        if args.axe_report:
            with open(args.axe_report, "w", encoding="utf-8") as f:
                json.dump(axe.results, f, indent=1, ensure_ascii=False)

        for name, ok in checks:
            print(("PASS " if ok else "FAIL ") + name)
            if ok:
                passed += 1
            else:
                failed += 1
        print(f"screenshots in {shots}")
    finally:
        if driver is not None:
            driver.quit()
        if servers and servers[-1].poll() is None:
            servers[-1].terminate()
            servers[-1].wait(timeout=10)
    print(f"browser: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
