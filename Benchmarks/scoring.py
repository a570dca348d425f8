"""Scoring throughput (`bench.py --only scoring`): 10,000 submissions of a 20-question mixed quiz (12 GIFT questions
of six kinds and 8 QTI items run by their own response processing: templates, custom rules over mappings, tolerances,
positions in an order, blanks, pairs), scored by `lentera quiz score`; the reference in the same run is the same number
of submissions of 20 GIFT questions, scored without any QTI rules. Printed: submissions per second for each and their
ratio (the cost of running items' own rules)."""
import json
import os
import random
import subprocess

GIFT = """
::s1:: Ibu kota Indonesia? {=Jakarta ~Bandung ~Surabaya ~Medan}

::s2:: Satu JP lamanya? {=45 menit ~60 menit ~30 menit}

::s3:: Level pertama Kirkpatrick? {=Reaksi ~Perilaku ~Hasil ~Pembelajaran}

::m1:: Pilih bentuk klasikal. {~%50%Pelatihan ~%50%Seminar ~%-100%Coaching ~%-100%Mentoring}

::m2:: Pilih evaluasi. {~%33.33333%Reaksi ~%33.33333%Pembelajaran ~%33.33334%Perilaku ~%-100%Gaji}

::t1:: Singkatan Aparatur Sipil Negara? {=ASN =A.S.N. =%50%PNS}

::t2:: Lembaga yang mengatur JP? {=LAN =Lembaga Administrasi Negara}

::n1:: Berapa JP minimal setahun? {#20:0}

::n2:: Berapa menit satu JP? {#45:5}

::p1:: Jodohkan. {=Reaksi -> Kuesioner =Pembelajaran -> Tes =Perilaku -> Observasi}

::p2:: Jodohkan lembaga. {=BKN -> Kepegawaian =LAN -> Pelatihan =KemenPAN -> Kebijakan}

::b1:: ASN terdiri atas PNS dan PPPK. {T}
"""

HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" '
        'identifier="{id}" title="{id}" adaptive="false" timeDependent="false">\n')
SCORE = '<outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>\n'
CHOICES = "".join(f'<simpleChoice identifier="{c}">Pilihan {c}</simpleChoice>' for c in "ABCD")

QTI = {
    "q-match": HEAD + '<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">'
    '<correctResponse><value>B</value></correctResponse></responseDeclaration>' + SCORE +
    f'<itemBody><choiceInteraction responseIdentifier="RESPONSE" maxChoices="1"><prompt>Pilih B.</prompt>{CHOICES}'
    '</choiceInteraction></itemBody><responseProcessing template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"/>'
    '</assessmentItem>',
    "q-map": HEAD + '<responseDeclaration identifier="RESPONSE" cardinality="multiple" baseType="identifier">'
    '<correctResponse><value>A</value><value>C</value></correctResponse><mapping lowerBound="0" upperBound="2" defaultValue="-1">'
    '<mapEntry mapKey="A" mappedValue="1"/><mapEntry mapKey="C" mappedValue="1"/></mapping></responseDeclaration>' + SCORE +
    f'<itemBody><choiceInteraction responseIdentifier="RESPONSE" maxChoices="0"><prompt>Pilih A dan C.</prompt>{CHOICES}'
    '</choiceInteraction></itemBody><responseProcessing template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response"/>'
    '</assessmentItem>',
    "q-custom": HEAD + '<responseDeclaration identifier="RESPONSE" cardinality="multiple" baseType="identifier">'
    '<correctResponse><value>A</value><value>B</value><value>C</value></correctResponse><mapping lowerBound="0" upperBound="5">'
    '<mapEntry mapKey="A" mappedValue="2"/><mapEntry mapKey="B" mappedValue="2"/><mapEntry mapKey="C" mappedValue="2"/>'
    '<mapEntry mapKey="D" mappedValue="-2"/></mapping></responseDeclaration>' + SCORE +
    '<outcomeDeclaration identifier="MAXSCORE" cardinality="single" baseType="float"><defaultValue><value>5</value></defaultValue></outcomeDeclaration>'
    f'<itemBody><choiceInteraction responseIdentifier="RESPONSE" maxChoices="0"><prompt>Pilih tiga.</prompt>{CHOICES}'
    '</choiceInteraction></itemBody><responseProcessing><responseCondition><responseIf><match><variable identifier="RESPONSE"/>'
    '<correct identifier="RESPONSE"/></match><setOutcomeValue identifier="SCORE"><variable identifier="MAXSCORE"/></setOutcomeValue>'
    '</responseIf><responseElse><setOutcomeValue identifier="SCORE"><mapResponse identifier="RESPONSE"/></setOutcomeValue>'
    '</responseElse></responseCondition></responseProcessing></assessmentItem>',
    "q-text": HEAD + '<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="string">'
    '<correctResponse><value>York</value></correctResponse><mapping defaultValue="0"><mapEntry mapKey="York" mappedValue="1"/>'
    '<mapEntry mapKey="york" mappedValue="0.5"/></mapping></responseDeclaration>' + SCORE +
    '<itemBody><p>Richard of <textEntryInteraction responseIdentifier="RESPONSE"/></p></itemBody>'
    '<responseProcessing template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response"/></assessmentItem>',
    "q-number": HEAD + '<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="float">'
    '<correctResponse><value>3.14</value></correctResponse></responseDeclaration>' + SCORE +
    '<itemBody><p>Pi kira-kira <textEntryInteraction responseIdentifier="RESPONSE"/></p></itemBody><responseProcessing>'
    '<responseCondition><responseIf><equal toleranceMode="absolute" tolerance="0.01"><correct identifier="RESPONSE"/>'
    '<variable identifier="RESPONSE"/></equal><setOutcomeValue identifier="SCORE"><baseValue baseType="float">1</baseValue>'
    '</setOutcomeValue></responseIf></responseCondition></responseProcessing></assessmentItem>',
    "q-order": HEAD + '<responseDeclaration identifier="RESPONSE" cardinality="ordered" baseType="identifier">'
    '<correctResponse><value>A</value><value>B</value><value>C</value><value>D</value></correctResponse></responseDeclaration>' + SCORE +
    f'<itemBody><orderInteraction responseIdentifier="RESPONSE"><prompt>Urutkan.</prompt>{CHOICES}</orderInteraction></itemBody>'
    '<responseProcessing>' + "".join(
        f'<responseCondition><responseIf><match><index n="{n}"><variable identifier="RESPONSE"/></index>'
        f'<baseValue baseType="identifier">{c}</baseValue></match><setOutcomeValue identifier="SCORE"><sum>'
        '<variable identifier="SCORE"/><baseValue baseType="float">0.25</baseValue></sum></setOutcomeValue></responseIf></responseCondition>'
        for n, c in zip(range(1, 5), "ABCD")) + '</responseProcessing></assessmentItem>',
    "q-gaps": HEAD + "".join(
        f'<responseDeclaration identifier="G{g}" cardinality="single" baseType="identifier"><correctResponse><value>{g}Y</value>'
        f'</correctResponse><mapping defaultValue="0"><mapEntry mapKey="{g}Y" mappedValue="1"/></mapping></responseDeclaration>'
        for g in "12") + SCORE + '<itemBody><p>' + " ".join(
        f'Celah {g}: <inlineChoiceInteraction responseIdentifier="G{g}"><inlineChoice identifier="{g}Y">Ya</inlineChoice>'
        f'<inlineChoice identifier="{g}T">Tidak</inlineChoice></inlineChoiceInteraction>' for g in "12") + '</p></itemBody>'
    '<responseProcessing><setOutcomeValue identifier="SCORE"><sum><mapResponse identifier="G1"/><mapResponse identifier="G2"/>'
    '</sum></setOutcomeValue></responseProcessing></assessmentItem>',
    "q-pairs": HEAD + '<responseDeclaration identifier="RESPONSE" cardinality="multiple" baseType="directedPair">'
    '<correctResponse><value>P1 R1</value><value>P2 R2</value><value>P3 R3</value></correctResponse><mapping defaultValue="0" lowerBound="0">'
    '<mapEntry mapKey="P1 R1" mappedValue="1"/><mapEntry mapKey="P2 R2" mappedValue="1"/><mapEntry mapKey="P3 R3" mappedValue="1"/>'
    '</mapping></responseDeclaration>' + SCORE + '<itemBody><matchInteraction responseIdentifier="RESPONSE" maxAssociations="3">'
    '<prompt>Jodohkan.</prompt><simpleMatchSet>' + "".join(
        f'<simpleAssociableChoice identifier="P{i}" matchMax="1">Premis {i}</simpleAssociableChoice>' for i in range(1, 4)) +
    '</simpleMatchSet><simpleMatchSet>' + "".join(
        f'<simpleAssociableChoice identifier="R{i}" matchMax="3">Respons {i}</simpleAssociableChoice>' for i in range(1, 4)) +
    '</simpleMatchSet></matchInteraction></itemBody>'
    '<responseProcessing template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response"/></assessmentItem>',
}

EXTRA_GIFT = """
::x1:: Kota budaya? {=Yogyakarta ~Jakarta ~Bekasi}

::x2:: Pilih dua. {~%50%A ~%50%B ~%-100%C}

::x3:: Satuan JP? {=jam pelajaran}

::x4:: Dua kali dua? {#4}

::x5:: Jodohkan angka. {=satu -> 1 =dua -> 2 =tiga -> 3}

::x6:: Bumi bulat. {T}

::x7:: Kota pahlawan? {=Surabaya ~Bandung ~Malang}

::x8:: Tiga kali tiga? {#9:0}
"""


def answer(item, rng):
    """A random answer of the item's kind, from its own choices and answers (right, partly right or wrong)."""
    kind, content = next(iter(item["interaction"].items()))
    if kind == "choice":
        ids = [choice["id"] for choice in content["choices"]]
        chosen = rng.sample(ids, rng.randint(1, len(ids))) if content["multiple"] else [rng.choice(ids)]
        return {"choices": chosen}
    if kind == "text":
        return {"text": rng.choice([a["pattern"] for a in content["answers"]] + ["salah", "York", "york"])}
    if kind == "numeric":
        return {"number": rng.choice([a["minimum"] for a in content["answers"]] + [0, 3.14, 3.15])}
    if kind == "matching":
        responses = content["responses"] or [pair["response"] for pair in content["pairs"]]
        return {"matches": {pair["premise"]: rng.choice(responses) for pair in content["pairs"]}}
    if kind == "ordering":
        order = list(content["correctOrder"])
        rng.shuffle(order)
        return {"order": order}
    if kind == "gaps":
        filled = {}
        for gap in content["_0"]:
            options = [option["id"] for option in gap["options"]]
            filled[gap["id"]] = rng.choice(options) if options else rng.choice([a["pattern"] for a in gap["answers"]] + ["x"])
        return {"gaps": filled}
    return None


def score(binary, quiz, submissions, work, name):
    shown = subprocess.run([binary, "quiz", "show", quiz, "--json", "--lang", "en"], capture_output=True, text=True, check=True)
    items = json.loads(shown.stdout)
    rng = random.Random(20261207)
    path = os.path.join(work, name + ".jsonl")
    with open(path, "w") as f:
        for _ in range(submissions):
            answers = {item["id"]: answer(item, rng) for item in items}
            f.write(json.dumps({k: v for k, v in answers.items() if v is not None}) + "\n")
    rates = []
    for _ in range(3):  # the median of three runs
        run = subprocess.run([binary, "quiz", "score", quiz, "--answers", path], capture_output=True, text=True, check=True)
        # "N submissions of M questions scored in S s (R per second)"
        rates.append(float(run.stderr.strip().split("(")[-1].split()[0]))
        totals = [float(line.split("\t")[1]) for line in run.stdout.splitlines()]
    rates.sort()
    return len(items), rates[1], totals


def scoring_benchmark(binary, work, submissions=10_000):
    mixed = os.path.join(work, "kuis-campuran")
    os.makedirs(mixed)
    with open(os.path.join(mixed, "soal.gift"), "w") as f:
        f.write(GIFT)
    for name, xml in QTI.items():
        with open(os.path.join(mixed, name + ".xml"), "w") as f:
            f.write(xml)
    reference = os.path.join(work, "kuis-gift")
    os.makedirs(reference)
    with open(os.path.join(reference, "soal.gift"), "w") as f:
        f.write(GIFT + EXTRA_GIFT)
    count, rate, totals = score(binary, mixed, submissions, work, "campuran")
    reference_count, reference_rate, _ = score(binary, reference, submissions, work, "gift")
    assert count == 20 and reference_count == 20, (count, reference_count)
    print(f"scoring: {submissions} submissions of {count} mixed questions (8 QTI items run by their own rules): {rate:,.0f}/s; "
          f"reference, {reference_count} GIFT questions: {reference_rate:,.0f}/s; ratio {rate / reference_rate:.2f}; "
          f"mean score {sum(totals) / len(totals):.2f}")
