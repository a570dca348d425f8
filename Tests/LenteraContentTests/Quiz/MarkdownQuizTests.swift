import Foundation
import Testing

@testable import LenteraCore
@testable import LenteraContent

@Suite struct MarkdownQuizTests {
    typealias Choice = QuizItem.Choice

    /// Parses a file that must be free of problems and returns its items.
    func parseItems(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [QuizItem] {
        let result = MarkdownQuizParser.parse(text)
        #expect(result.problems.isEmpty, "\(result.problems)", sourceLocation: sourceLocation)
        return result.items
    }

    /// The one item of a file that must be free of problems.
    func parseItem(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> QuizItem {
        let items = parseItems(text, sourceLocation: sourceLocation)
        #expect(items.count == 1, sourceLocation: sourceLocation)
        return try #require(items.first, sourceLocation: sourceLocation)
    }

    // MARK: Choices

    @Test func singleChoiceWithFeedbackTitleAndLine() throws {
        let item = try parseItem("""
            ## Hak pengembangan kompetensi

            Berapa JP paling sedikit per tahun?

            - [ ] 10 JP
              > Belum tepat.
            - [x] 20 JP
              > Tepat.
              > Itu batas minimal.
            - [ ] 40 JP

            Umpan balik: Diatur dalam PP 17/2020.
            """)
        #expect(item.id == "hak-pengembangan-kompetensi")
        #expect(item.title == "Hak pengembangan kompetensi")
        #expect(item.prompt == "Berapa JP paling sedikit per tahun?")
        #expect(item.line == 1)
        #expect(item.format == .markdown)
        #expect(item.points == 1)
        #expect(item.generalFeedback == "Diatur dalam PP 17/2020.")
        #expect(item.interaction == .choice(choices: [
            Choice(id: "10-jp", text: "10 JP", weight: 0, feedback: "Belum tepat."),
            Choice(id: "20-jp", text: "20 JP", weight: 1, feedback: "Tepat.\nItu batas minimal."),
            Choice(id: "40-jp", text: "40 JP", weight: 0),
        ], multiple: false))
        #expect(Scoring.score(item, .choices(["20-jp"])).isCorrect)
        #expect(Scoring.score(item, .choices(["10-jp"])).points == 0)
    }

    @Test func singleChoiceWithPartialCreditAndTwoRightAnswers() throws {
        let partial = try parseItem("""
            ## Instansi pembina
            poin: 4

            Siapa pembina pengembangan kompetensi?

            * [x] LAN
            * [ ] (50%) BKN
            * [ ] KemenPAN-RB
            """)
        #expect(Scoring.score(partial, .choices(["bkn"])).points == 2)
        #expect(Scoring.score(partial, .choices(["lan"])).points == 4)
        let either = try parseItem("""
            ## Dua jawaban
            tipe: pilihan-ganda

            Pilih salah satu kota di Pulau Jawa.

            - [x] Bandung
            - [x] Semarang
            - [ ] Makassar
            """)
        guard case .choice(_, let multiple) = either.interaction else { Issue.record("not a choice"); return }
        #expect(!multiple)
        #expect(Scoring.score(either, .choices(["semarang"])).isCorrect)
    }

    @Test func trueFalse() throws {
        let item = try parseItem("""
            ## Lama satu JP
            tipe: benar-salah

            Satu JP setara dengan 60 menit.

            - [ ] Benar
            - [X] Salah
            """)
        #expect(item.interaction == .choice(choices: [
            Choice(id: "benar", text: "Benar", weight: 0), Choice(id: "salah", text: "Salah", weight: 1),
        ], multiple: false))
    }

    @Test func multipleResponseAllOrNothing() throws {
        let item = try parseItem("""
            ## Nonklasikal

            Mana yang nonklasikal?

            - [x] E-learning
            - [x] Magang
            - [ ] Kelas tatap muka
            """)
        guard case .choice(let choices, let multiple) = item.interaction else { Issue.record("not a choice"); return }
        #expect(multiple)
        #expect(choices.map(\.weight) == [1, 1, 0])
        #expect(Scoring.score(item, .choices(["e-learning", "magang"])).isCorrect)
        #expect(Scoring.score(item, .choices(["e-learning"])).points == 0)
    }

    @Test func multipleResponseWeights() throws {
        let explicit = try parseItem("""
            ## Sumber data
            poin: 10

            Pilih sumber data kesenjangan kompetensi.

            - [x] (40%) Pemetaan kompetensi
            - [x] (30%) SKP
            - [x] (30%) Data pengaduan
            - [ ] (-100%) Survei keinginan
            """)
        #expect(Scoring.score(explicit, .choices(["pemetaan-kompetensi"])).points == 4)
        #expect(Scoring.score(explicit, .choices(["pemetaan-kompetensi", "skp", "data-pengaduan"])).points == 10)
        #expect(Scoring.score(explicit, .choices(["pemetaan-kompetensi", "survei-keinginan"])).points == 0)

        // [x] answers without a percentage share what is left; 33% three times counts as a third each.
        let shared = try parseItem("""
            ## Berbagi
            poin: 3

            Pilih.

            - [x] A
            - [x] B
            - [x] C
            - [ ] (-50%) D
            """)
        guard case .choice(let choices, _) = shared.interaction else { Issue.record("not a choice"); return }
        let expected: [Double] = [1.0 / 3, 1.0 / 3, 1.0 / 3, -0.5]
        #expect(choices.map(\.weight) == expected)
        #expect(Scoring.score(shared, .choices(["a", "b", "c"])).isCorrect)
        #expect(Scoring.score(shared, .choices(["a", "b"])).points == 2)
        let thirds = try parseItem("## Sepertiga\n\nPilih.\n\n- [x] (33%) A\n- [x] (33%) B\n- [x] (33%) C\n- [ ] D\n")
        #expect(Scoring.score(thirds, .choices(["a", "b", "c"])).isCorrect)

        let oneRight = try parseItem("""
            ## Satu benar
            tipe: pilihan-ganda-kompleks

            Pilih semua yang benar.

            - [x] A
            - [ ] B
            """)
        guard case .choice(_, let multiple) = oneRight.interaction else { Issue.record("not a choice"); return }
        #expect(multiple)
    }

    @Test func choiceIdsComeFromTextsAndStayUnique() throws {
        let item = try parseItem("## Q\n\nPilih.\n\n- [x] Évaluasi *Level* 1\n- [ ] Evaluasi level 1!\n- [ ] ???\n")
        guard case .choice(let choices, _) = item.interaction else { Issue.record("not a choice"); return }
        #expect(choices.map(\.id) == ["evaluasi-level-1", "evaluasi-level-1-2", "pilihan-3"])
    }

    @Test func multiLineChoiceTextsAndAPromptWithAList() throws {
        let item = try parseItem("""
            ## Langkah

            Perhatikan:

            1. Data dikumpulkan
            2. Data diolah

            Langkah mana yang pertama?

            - [x] Data dikumpulkan,
              lalu diperiksa
            - [ ] Data diolah
            """)
        #expect(item.prompt == "Perhatikan:\n\n1. Data dikumpulkan\n2. Data diolah\n\nLangkah mana yang pertama?")
        guard case .choice(let choices, _) = item.interaction else { Issue.record("not a choice"); return }
        #expect(choices[0].text == "Data dikumpulkan,\nlalu diperiksa")
    }

    // MARK: Typed answers

    @Test func shortAnswerListInlineWildcardsAndWeights() throws {
        let item = try parseItem("""
            ## Kepanjangan BKN

            Apa kepanjangan BKN?

            Jawaban:
            - Badan Kepegawaian Negara
            - (80%) Badan Kepegawaian*
              > Hampir lengkap.
            - (0%) *
              > Belum tepat.
            """)
        #expect(item.interaction == .text(answers: [
            QuizItem.TextAnswer(pattern: "Badan Kepegawaian Negara"),
            QuizItem.TextAnswer(pattern: "Badan Kepegawaian*", weight: 0.8, feedback: "Hampir lengkap."),
            QuizItem.TextAnswer(pattern: "*", weight: 0, feedback: "Belum tepat."),
        ], caseSensitive: false))
        #expect(Scoring.score(item, .text(" badan kepegawaian  NEGARA")).isCorrect)
        #expect(Scoring.score(item, .text("Badan Kepegawaian Daerah")).points == 0.8)
        #expect(Scoring.score(item, .text("LAN")).points == 0)

        let inline = try parseItem("## Singkatan\n\nLembaga pembina?\nJawaban: LAN\nJawaban: Lembaga Administrasi Negara\n")
        #expect(inline.prompt == "Lembaga pembina?")
        #expect(inline.interaction == .text(answers: [
            QuizItem.TextAnswer(pattern: "LAN"), QuizItem.TextAnswer(pattern: "Lembaga Administrasi Negara"),
        ], caseSensitive: false))
    }

    @Test func caseSensitiveShortAnswer() throws {
        let item = try parseItem("## NIP\nhuruf-besar-kecil: ya\n\nSingkatan Nomor Induk Pegawai?\n\nJawaban: NIP\n")
        #expect(Scoring.score(item, .text("NIP")).isCorrect)
        #expect(Scoring.score(item, .text("nip")).points == 0)
    }

    @Test func numericExactToleranceRangeAndWeights() throws {
        let item = try parseItem("""
            ## Menit
            poin: 2

            8 JP berapa menit?

            Jawaban:
            - 360
            - (50%) 350..370
              > Hampir.
            - (25%) 300 ± 50
            """)
        #expect(item.interaction == .numeric(answers: [
            QuizItem.NumericAnswer(value: 360),
            QuizItem.NumericAnswer(minimum: 350, maximum: 370, weight: 0.5, feedback: "Hampir."),
            QuizItem.NumericAnswer(value: 300, tolerance: 50, weight: 0.25),
        ]))
        #expect(Scoring.score(item, .number(360)).points == 2)
        #expect(Scoring.score(item, .number(365)).points == 1)
        #expect(Scoring.score(item, .number(260)).points == 0.5)
        #expect(Scoring.score(item, .number(100)).points == 0)
    }

    @Test func numbersWithDecimalCommasSignsAndOtherTolerances() throws {
        let item = try parseItem("## Rata-rata\n\nBerapa?\n\nJawaban:\n- 6,07 +- 0,01\n- (50%) -1.5 +/- 0.5\n- (10%) −3..-2\n")
        #expect(item.interaction == .numeric(answers: [
            QuizItem.NumericAnswer(value: 6.07, tolerance: 0.01),
            QuizItem.NumericAnswer(value: -1.5, tolerance: 0.5, weight: 0.5),
            QuizItem.NumericAnswer(minimum: -3, maximum: -2, weight: 0.1),
        ]))
        #expect(Scoring.score(item, .number(6.075)).isCorrect)
    }

    @Test func numberLikeAnswersThatStayText() throws {
        // An 18-digit NIP cannot be a number without losing digits; a date is text; tipe: isian-singkat keeps "08".
        let nip = try parseItem("## NIP\n\nNIP contoh?\n\nJawaban: 198703152010011002\n")
        #expect(nip.interaction == .text(answers: [QuizItem.TextAnswer(pattern: "198703152010011002")], caseSensitive: false))
        let date = try parseItem("## Tanggal\n\nTanggal?\n\nJawaban: 2025-04-03\n")
        #expect(date.interaction == .text(answers: [QuizItem.TextAnswer(pattern: "2025-04-03")], caseSensitive: false))
        let code = try parseItem("## Kode\ntipe: isian-singkat\n\nKode bulan Agustus?\n\nJawaban: 08\n")
        #expect(code.interaction == .text(answers: [QuizItem.TextAnswer(pattern: "08")], caseSensitive: false))
        let year = try parseItem("## Tahun\n\nTahun UU ASN terbaru?\n\nJawaban: 2023\n")
        #expect(year.interaction == .numeric(answers: [QuizItem.NumericAnswer(value: 2023)]))
    }

    // MARK: Matching and ordering

    @Test func matchingWithADistractor() throws {
        let item = try parseItem("""
            ## Kirkpatrick
            poin: 3

            Jodohkan.

            - Reaksi -> Kuesioner
            - Pembelajaran → Post-test
            - Perilaku -> Observasi atasan
            - -> Daftar hadir
            """)
        #expect(item.interaction == .matching(pairs: [
            QuizItem.Pair(premise: "Reaksi", response: "Kuesioner"), QuizItem.Pair(premise: "Pembelajaran", response: "Post-test"),
            QuizItem.Pair(premise: "Perilaku", response: "Observasi atasan"),
        ], responses: ["Kuesioner", "Post-test", "Observasi atasan", "Daftar hadir"]))
        #expect(Scoring.score(item, .matches(["Reaksi": "Kuesioner", "Pembelajaran": "Post-test", "Perilaku": "Daftar hadir"])).points == 2)
    }

    @Test func orderingStrictAndPartial() throws {
        let strict = try parseItem("## Siklus\n\nUrutkan.\n\n1. Analisis\n2. Perencanaan\n3. Pelaksanaan\n")
        #expect(strict.interaction == .ordering(correctOrder: ["Analisis", "Perencanaan", "Pelaksanaan"], partialCredit: false))
        #expect(Scoring.score(strict, .order(["Analisis", "Pelaksanaan", "Perencanaan"])).points == 0)
        let partial = try parseItem("## Siklus\npartial-credit: yes\n\nUrutkan.\n\n1. A\n1. B\n1. C\n1. D\n")
        #expect(partial.interaction == .ordering(correctOrder: ["A", "B", "C", "D"], partialCredit: true))
        #expect(Scoring.score(partial, .order(["A", "B", "D", "C"])).points == 0.5)
    }

    // MARK: Gaps

    @Test func typedAndDropdownGaps() throws {
        let item = try parseItem("""
            ## SMART
            poin: 2

            M berarti [[terukur|measurable|(50%)ukur*]], T berarti [[=berbatas waktu ~tepat ~(50%)tertib waktu]].
            Kode `[[bukan rumpang]]` dan \\[[juga bukan]] tetap.
            """)
        #expect(item.prompt == "M berarti [[g1]], T berarti [[g2]].\nKode `[[bukan rumpang]]` dan \\[[juga bukan]] tetap.")
        #expect(item.interaction == .gaps([
            QuizItem.Gap(id: "g1", answers: [
                QuizItem.TextAnswer(pattern: "terukur"), QuizItem.TextAnswer(pattern: "measurable"),
                QuizItem.TextAnswer(pattern: "ukur*", weight: 0.5),
            ]),
            QuizItem.Gap(id: "g2", options: [
                Choice(id: "berbatas-waktu", text: "berbatas waktu", weight: 1), Choice(id: "tepat", text: "tepat", weight: 0),
                Choice(id: "tertib-waktu", text: "tertib waktu", weight: 0.5),
            ]),
        ]))
        #expect(Scoring.score(item, .gaps(["g1": "Terukur", "g2": "berbatas-waktu"])).points == 2)
        #expect(Scoring.score(item, .gaps(["g1": "ukuran", "g2": "tepat"])).points == 0.5)
    }

    @Test func typedGapsMayStartWithEqualsAndEscapeSeparators() throws {
        let item = try parseItem("## Rumus\n\nRumus: [[=SUM(G2:G16)|=SUM($G$2:$G$16)]] dan [[a\\|b]] dan [[=x ~y\\~z]].\n")
        #expect(item.interaction == .gaps([
            QuizItem.Gap(id: "g1", answers: [QuizItem.TextAnswer(pattern: "=SUM(G2:G16)"), QuizItem.TextAnswer(pattern: "=SUM($G$2:$G$16)")]),
            QuizItem.Gap(id: "g2", answers: [QuizItem.TextAnswer(pattern: "a|b")]),
            QuizItem.Gap(id: "g3", options: [Choice(id: "x", text: "x", weight: 1), Choice(id: "y-z", text: "y~z", weight: 0)]),
        ]))
        #expect(Scoring.score(item, .gaps(["g1": "=sum(g2:g16)", "g2": "A|B", "g3": "x"])).isCorrect)
    }

    // MARK: Essays and descriptions

    @Test func essayAndDescription() throws {
        let items = parseItems("""
            ## Refleksi
            tipe: esai
            poin: 5

            Ceritakan pengalaman Anda:

            1. apa masalahnya;
            2. apa solusinya.

            Umpan balik: Sebutkan masalah dan solusi.

            Paragraf kedua umpan balik.

            ## Catatan
            type: description

            Soal disusun dari modul 1 sampai 6.
            """)
        #expect(items.count == 2)
        #expect(items[0].interaction == .essay)
        #expect(items[0].points == 5)
        #expect(items[0].prompt == "Ceritakan pengalaman Anda:\n\n1. apa masalahnya;\n2. apa solusinya.")
        #expect(items[0].generalFeedback == "Sebutkan masalah dan solusi.\n\nParagraf kedua umpan balik.")
        #expect(Scoring.score(items[0], .essay("...")).needsGrading)
        #expect(items[1].interaction == .description)
        #expect(items[1].points == 0)
        #expect(Scoring.score(items[1], nil).maximum == 0)
    }

    // MARK: Settings, ids and the file

    @Test func settingsAndEnglishAliases() throws {
        let item = try parseItem("""
            ## Capital
            ID: capital.city_1
            points: 2,5
            category: geografi
            type: short-answer
            case-sensitive: no

            Capital of Indonesia?

            Answers:
            - Jakarta

            Feedback: Since 1945.
            """)
        #expect(item.id == "capital.city_1")
        #expect(item.points == 2.5)
        #expect(item.category == "geografi")
        #expect(item.generalFeedback == "Since 1945.")
        #expect(item.interaction == .text(answers: [QuizItem.TextAnswer(pattern: "Jakarta")], caseSensitive: false))
    }

    @Test func aPromptLineWithAColonIsNotASetting() throws {
        let item = try parseItem("## Kasus\nKasus: seorang pegawai menolak berkas.\n\nApa langkahnya?\n\nJawaban: *\n")
        #expect(item.prompt == "Kasus: seorang pegawai menolak berkas.\n\nApa langkahnya?")
    }

    @Test func aNearMissIsASettingOnlyRightUnderTheHeading() throws {
        let prompt = try parseItem("## Tips\n\nTips: baca modul 3 dulu.\n\nSudah?\n\nJawaban: ya\n")
        #expect(prompt.prompt == "Tips: baca modul 3 dulu.\n\nSudah?")
        let result = MarkdownQuizParser.parse("## Tips\nTips: baca modul 3 dulu.\n\nSudah?\n\nJawaban: ya\n")
        #expect(result.problems.map(\.line) == [2])
        #expect(result.problems.first?.english.contains("did you mean \"tipe\"") == true)
    }

    @Test func aNumberedListIsOrderingEvenWithArrows() throws {
        let item = try parseItem("## Alur\n\nUrutkan.\n\n1. Berkas masuk -> diperiksa\n2. Diperiksa -> disetujui\n")
        #expect(item.interaction == .ordering(correctOrder: ["Berkas masuk -> diperiksa", "Diperiksa -> disetujui"], partialCredit: false))
    }

    @Test func defaultIDsAreUniqueAndSurviveReordering() throws {
        let source = """
            ## Soal
            Satu?
            Jawaban: 1

            ## Soal
            Dua?
            Jawaban: 2

            ##
            Tiga?
            Jawaban: 3

            ## Lain
            id: soal
            Empat?
            Jawaban: 4
            """
        #expect(parseItems(source).map(\.id) == ["soal-2", "soal-3", "soal-3-2", "soal"])
        let first = parseItems("## Hak ASN: 20 JP?\nX?\nJawaban: 1\n\n## Évaluasi — Level 2\nY?\nJawaban: 2\n").map(\.id)
        let swapped = parseItems("## Évaluasi — Level 2\nY?\nJawaban: 2\n\n## Hak ASN: 20 JP?\nX?\nJawaban: 1\n").map(\.id)
        #expect(first == ["hak-asn-20-jp", "evaluasi-level-2"])
        #expect(Set(first) == Set(swapped))
    }

    @Test func titleIntroductionFrontMatterAndComments() throws {
        let document = MarkdownQuizParser.parseDocument("""
            ---
            title: Pre-test
            ---

            # Judul lain

            Kerjakan dengan jujur.

            <!--
            ## Disembunyikan
            Tidak ada jawaban.
            -->

            ## Soal pertama
            <!-- catatan penulis -->
            Pertanyaan?

            Jawaban: ya
            """)
        #expect(document.title == "Pre-test")
        #expect(document.introduction == "Kerjakan dengan jujur.")
        #expect(document.result.problems.isEmpty)
        #expect(document.result.items.map(\.line) == [14])
        #expect(document.result.items.first?.prompt == "Pertanyaan?")
        #expect(MarkdownQuizParser.title(of: "# Kuis Akhir\n\n## A\nB?\nJawaban: c\n") == "Kuis Akhir")
        #expect(MarkdownQuizParser.title(of: "## A\nB?\nJawaban: c\n") == nil)
    }

    @Test func lineNumbersWithCarriageReturnsAndAByteOrderMark() throws {
        let result = MarkdownQuizParser.parse(
            "\u{FEFF}---\r\ntitle: X\r\n---\r\n\r\n## A\r\nB?\r\n- [x] c\r\n- [ ] d\r\n\r\n## E\r\nF?\r\n- [x] g\r\n")
        #expect(result.items.map(\.line) == [5])
        #expect(result.problems.map(\.line) == [12])  // question E has only one choice
        #expect(result.items.first?.prompt == "B?")
    }

    @Test func aFaultyQuestionIsLeftOutAndTheOthersStay() throws {
        let result = MarkdownQuizParser.parse("## Baik\nA?\n- [x] a\n- [ ] b\n\n## Salah\nB?\n- [ ] a\n- [ ] b\n\n## Juga baik\nC?\nJawaban: c\n")
        #expect(result.items.map(\.title) == ["Baik", "Juga baik"])
        #expect(result.problems.count == 1)
        #expect(result.problems.first?.line == 8)
    }

    // MARK: Problems

    struct ProblemCase: Sendable, CustomTestStringConvertible {
        var name: String
        var source: String
        var line: Int?
        var english: String
        var count = 1
        var testDescription: String { name }
    }

    static let problemCases: [ProblemCase] = [
        ProblemCase(name: "no questions", source: "Hanya teks.\n", line: nil, english: "holds no questions"),
        ProblemCase(name: "heading without space", source: "##Salah\nA?\n- [x] a\n- [ ] b\n", line: 1, english: "needs a space after ##"),
        ProblemCase(name: "# between questions", source: "## Salah\nA?\n\n# Bagian\n- [x] a\n- [ ] b\n", line: 4, english: "a # heading may only"),
        ProblemCase(name: "answers before the first question", source: "A?\n- [x] a\n- [ ] b\n\n## Baik\nB?\nJawaban: b\n", line: 2,
                    english: "answers before the first question"),
        ProblemCase(name: "empty question", source: "## Salah\n\n## Baik\nB?\nJawaban: b\n", line: 1, english: "is empty"),
        ProblemCase(name: "no question text", source: "## Salah\n- [x] a\n- [ ] b\n", line: 1, english: "has no question text"),
        ProblemCase(name: "no answers", source: "## Salah\nApa?\n", line: 1, english: "has no answers"),
        ProblemCase(name: "misspelt setting", source: "## Salah\npoinn: 2\n\nA?\n- [x] a\n- [ ] b\n", line: 2, english: "did you mean \"poin\""),
        ProblemCase(name: "unknown setting", source: "## Salah\npoin: 2\nbobot: 3\n\nA?\n- [x] a\n- [ ] b\n", line: 3,
                    english: "unknown setting \"bobot\""),
        ProblemCase(name: "duplicate setting", source: "## Salah\npoin: 2\npoin: 3\n\nA?\n- [x] a\n- [ ] b\n", line: 3,
                    english: "already given on line 2"),
        ProblemCase(name: "empty setting", source: "## Salah\nkategori:\n\nA?\n- [x] a\n- [ ] b\n", line: 2, english: "has no value"),
        ProblemCase(name: "invalid id", source: "## Salah\nid: soal 1\n\nA?\n- [x] a\n- [ ] b\n", line: 2,
                    english: "question id \"soal 1\" is invalid"),
        ProblemCase(name: "duplicate id", source: "## Baik\nid: x\n\nA?\nJawaban: a\n\n## Salah\nid: x\n\nB?\nJawaban: b\n", line: 8,
                    english: "already used on line 2"),
        ProblemCase(name: "invalid points", source: "## Salah\npoin: dua\n\nA?\n- [x] a\n- [ ] b\n", line: 2, english: "points \"dua\" is invalid"),
        ProblemCase(name: "negative points", source: "## Salah\npoin: -1\n\nA?\n- [x] a\n- [ ] b\n", line: 2, english: "points \"-1\" is invalid"),
        ProblemCase(name: "unknown type", source: "## Salah\ntipe: pilgan\n\nA?\n- [x] a\n- [ ] b\n", line: 2,
                    english: "unknown question type \"pilgan\""),
        ProblemCase(name: "yes or no", source: "## Salah\nnilai-sebagian: mungkin\n\nA?\n1. a\n2. b\n", line: 2, english: "must be yes or no"),
        ProblemCase(name: "setting not applicable", source: "## Salah\nnilai-sebagian: ya\n\nA?\n- [x] a\n- [ ] b\n", line: 2,
                    english: "does not apply to a single choice"),
        ProblemCase(name: "case setting on numbers", source: "## Salah\ncase-sensitive: yes\n\nA?\nJawaban: 5\n", line: 2,
                    english: "does not apply to a numeric"),
        ProblemCase(name: "points on a description", source: "## Salah\ntipe: deskripsi\npoin: 2\n\nTeks.\n", line: 3,
                    english: "does not apply to a description"),
        ProblemCase(name: "type mismatch", source: "## Salah\ntipe: numerik\n\nA?\n- [x] a\n- [ ] b\n", line: 2,
                    english: "marked as numeric, but its answers are written as single choice"),
        ProblemCase(name: "answers in an essay", source: "## Salah\ntipe: esai\n\nA?\n\nJawaban: contoh jawaban\n", line: 6,
                    english: "marked as essay, but its answers are written as short answer"),
        ProblemCase(name: "empty feedback", source: "## Salah\nA?\n- [x] a\n- [ ] b\n\nUmpan balik:\n", line: 6, english: "holds no text"),
        ProblemCase(name: "feedback not indented", source: "## Salah\nA?\n- [x] a\n- [ ] b\n> Tidak menjorok.\n", line: 5,
                    english: "must be indented under it"),
        ProblemCase(name: "text after answers", source: "## Salah\nA?\n- [x] a\n- [ ] b\n\nPenjelasan.\n", line: 6,
                    english: "text after the list of answers"),
        ProblemCase(name: "settings after answers", source: "## Salah\nA?\n- [x] a\n- [ ] b\n\npoin: 2\n", line: 6,
                    english: "go right under the ## heading"),
        ProblemCase(name: "choices in the question text", source: "## Salah\nA?\n- [x] a\n- [ ] b\n\nB?\n\n- [x] c\n- [ ] d\n", line: 3,
                    english: "holds a list of [ ]/[x] choices"),
        ProblemCase(name: "unrecognised list", source: "## Salah\nA?\n\n- a\n- b\n", line: 4, english: "not recognised as answers"),
        ProblemCase(name: "mixed list", source: "## Salah\nA?\n- [x] a\n- b\n", line: 4, english: "must start with [x] (right) or [ ] (wrong)"),
        ProblemCase(name: "invalid box", source: "## Salah\nA?\n- [v] a\n- [ ] b\n", line: 3, english: "box \"[v]\" is not recognised"),
        ProblemCase(name: "empty box", source: "## Salah\nA?\n\n- [] a\n- [] b\n", line: 4, english: "box \"[]\" is not recognised", count: 2),
        ProblemCase(name: "empty choice", source: "## Salah\nA?\n- [x]\n- [ ] b\n", line: 3, english: "the choice has no text"),
        ProblemCase(name: "duplicate choice", source: "## Salah\nA?\n- [x] a\n- [ ] a\n", line: 4, english: "choice \"a\" is written more than once"),
        ProblemCase(name: "one choice", source: "## Salah\nA?\n- [x] a\n", line: 3, english: "at least two choices"),
        ProblemCase(name: "no right choice", source: "## Salah\nA?\n- [ ] a\n- [ ] b\n", line: 3, english: "no choice is marked right"),
        ProblemCase(name: "true/false with three", source: "## Salah\ntipe: benar-salah\n\nA?\n- [x] a\n- [ ] b\n- [ ] c\n", line: 5,
                    english: "exactly two choices"),
        ProblemCase(name: "invalid percentage", source: "## Salah\nA?\n- [x] a\n- [ ] (150%) b\n", line: 4,
                    english: "percentage \"(150%)\" is invalid"),
        ProblemCase(name: "percentage on the single right answer", source: "## Salah\nA?\n- [x] (50%) a\n- [ ] b\n", line: 3,
                    english: "always earns 100%"),
        ProblemCase(name: "100% on a wrong answer", source: "## Salah\nA?\n- [x] a\n- [ ] (100%) b\n", line: 4, english: "must be marked [x]"),
        ProblemCase(name: "negative in a single choice", source: "## Salah\nA?\n- [x] a\n- [ ] (-50%) b\n", line: 4,
                    english: "negative percentage -50% only applies"),
        ProblemCase(name: "positive on an unticked answer", source: "## Salah\nA?\n- [x] a\n- [x] b\n- [ ] (50%) c\n", line: 5,
                    english: "a choice worth 50% is a right answer"),
        ProblemCase(name: "zero on a ticked answer", source: "## Salah\nA?\n- [x] (0%) a\n- [x] b\n- [ ] c\n", line: 3,
                    english: "must be worth more than 0%"),
        ProblemCase(name: "percentages not adding up", source: "## Salah\nA?\n- [x] (40%) a\n- [x] (40%) b\n- [ ] c\n", line: 3,
                    english: "add up to 80%, not 100%"),
        ProblemCase(name: "no share left", source: "## Salah\nA?\n- [x] (100%) a\n- [x] b\n- [ ] c\n", line: 3, english: "leaving nothing"),
        ProblemCase(name: "answer marker alone", source: "## Salah\nA?\n\nJawaban:\n", line: 4,
                    english: "\"Jawaban:\" is not followed by any answer"),
        ProblemCase(name: "empty answer", source: "## Salah\nA?\n\nJawaban:\n- a\n-\n- b\n", line: 6, english: "the answer has no text"),
        ProblemCase(name: "no full-credit answer", source: "## Salah\nA?\n\nJawaban:\n- (50%) a\n", line: 5, english: "no answer is worth 100%"),
        ProblemCase(name: "numbers mixed with text", source: "## Salah\nA?\n\nJawaban:\n- 20 ± 2\n- dua puluh\n", line: 5,
                    english: "other answers are text"),
        ProblemCase(name: "invalid number", source: "## Salah\nA?\n\nJawaban: 1.500.000\n", line: 4, english: "number \"1.500.000\" is invalid"),
        ProblemCase(name: "not a number", source: "## Salah\ntipe: numerik\n\nA?\n\nJawaban: dua\n", line: 6, english: "number \"dua\" is invalid"),
        ProblemCase(name: "ambiguous number", source: "## Salah\nA?\n\nJawaban: 2.500\n", line: 4, english: "number \"2.500\" is ambiguous"),
        ProblemCase(name: "ambiguous points", source: "## Salah\npoin: 1,500\n\nA?\nJawaban: a\n", line: 2, english: "number \"1,500\" is ambiguous"),
        ProblemCase(name: "reversed range", source: "## Salah\nA?\n\nJawaban: 40..30\n", line: 4, english: "range \"40..30\" is reversed"),
        ProblemCase(name: "negative tolerance", source: "## Salah\nA?\n\nJawaban: 20 ± -2\n", line: 4, english: "must not be negative"),
        ProblemCase(name: "matching line without arrow", source: "## Salah\nA?\n- a -> b\n- c\n", line: 4, english: "\"premise -> response\""),
        ProblemCase(name: "one pair", source: "## Salah\nA?\n- a -> b\n- -> c\n", line: 3, english: "at least two pairs"),
        ProblemCase(name: "duplicate premise", source: "## Salah\nA?\n- a -> b\n- a -> c\n", line: 4,
                    english: "premise \"a\" is written more than once"),
        ProblemCase(name: "empty response", source: "## Salah\nA?\n- a ->\n- b -> c\n- d -> e\n", line: 3, english: "no response after ->"),
        ProblemCase(name: "distractor that is an answer", source: "## Salah\nA?\n- a -> x\n- b -> y\n- -> x\n", line: 5,
                    english: "distractor \"x\" is already"),
        ProblemCase(name: "one ordering item", source: "## Salah\nA?\n\n1. a\n", line: 4, english: "at least two items"),
        ProblemCase(name: "duplicate ordering item", source: "## Salah\nA?\n\n1. a\n2. a\n", line: 5,
                    english: "item \"a\" is written more than once"),
        ProblemCase(name: "ordering numbers", source: "## Salah\nA?\n\n1. a\n3. b\n2. c\n", line: 4, english: "the numbers must run 1, 2, 3"),
        ProblemCase(name: "percentage in ordering", source: "## Salah\nA?\n\n1. (50%) a\n2. b\n", line: 4,
                    english: "percentages are not used in an ordering"),
        ProblemCase(name: "feedback in matching", source: "## Salah\nA?\n- a -> b\n  > umpan\n- c -> d\n", line: 4,
                    english: "a matching question has no feedback per line"),
        ProblemCase(name: "feedback marker in an answer", source: "## Salah\nA?\n- [x] a\n  Umpan balik: bagus\n- [ ] b\n", line: 4,
                    english: "indented > line under it"),
        ProblemCase(name: "text after an answer's feedback", source: "## Salah\nA?\n- [x] a\n  > bagus\n\n  lagi\n- [ ] b\n", line: 6,
                    english: "start every feedback line with >"),
        ProblemCase(name: "unclosed blank", source: "## Salah\nIsi [[a|b di sini.\n", line: 2, english: "not closed with ]]"),
        ProblemCase(name: "empty blank", source: "## Salah\nIsi [[ ]].\n", line: 2, english: "holds no answer"),
        ProblemCase(name: "empty typed alternative", source: "## Salah\nIsi [[a||b]].\n", line: 2, english: "holds no answer"),
        ProblemCase(name: "text before a dropdown option", source: "## Salah\nIsi [[a =b ~c]].\n", line: 2, english: "\"a\" must start with ="),
        ProblemCase(name: "empty dropdown option", source: "## Salah\nIsi [[=a ~ ~c]].\n", line: 2, english: "empty option"),
        ProblemCase(name: "one dropdown option", source: "## Salah\nIsi [[~a]].\n", line: 2, english: "at least two options"),
        ProblemCase(name: "no right dropdown option", source: "## Salah\nIsi [[~a ~b]].\n", line: 2, english: "no right option"),
        ProblemCase(name: "blanks and answers", source: "## Salah\nIsi [[a]].\n\n- [x] a\n- [ ] b\n", line: 4, english: "both [[...]] blanks"),
        ProblemCase(name: "blanks in an essay", source: "## Salah\ntipe: esai\n\nIsi [[a]].\n", line: 2, english: "essay question cannot hold"),
        ProblemCase(name: "unclosed comment", source: "<!-- catatan\n## Salah\nA?\nJawaban: a\n", line: 1, english: "never closed", count: 2),
        ProblemCase(name: "front matter key", source: "---\ntitle: X\nattempts: 3\n---\n## Baik\nA?\nJawaban: a\n", line: 3,
                    english: "unknown front matter key \"attempts\""),
        ProblemCase(name: "minutes in front matter", source: "---\ntitle: X\nminutes: 20\n---\n## Baik\nA?\nJawaban: a\n", line: 3,
                    english: "time-limit"),
        ProblemCase(name: "unclosed front matter", source: "---\ntitle: X\n## Baik\nA?\nJawaban: a\n", line: 1, english: "never closed", count: 2),
    ]

    @Test(arguments: problemCases) func problemsNameTheirLineInBothLanguages(_ problemCase: ProblemCase) {
        let result = MarkdownQuizParser.parse(problemCase.source)
        #expect(result.problems.contains { $0.line == problemCase.line && $0.english.contains(problemCase.english) }, "\(result.problems)")
        #expect(result.problems.count == problemCase.count, "\(result.problems)")
        #expect(!result.items.contains { $0.title == "Salah" })
        for problem in result.problems {
            #expect(!problem.indonesian.isEmpty && !problem.english.isEmpty && problem.indonesian != problem.english)
        }
    }

    /// Random quizzes, built from well-formed questions and then damaged at random: reading never crashes, is
    /// deterministic, and every item it gives is usable.
    @Test func randomFilesGiveConsistentResults() {
        let answerBlocks = [
            ["- [x] a", "  > benar", "- [ ] b", "- [ ] (50%) c"], ["- [x] a", "- [x] b", "- [ ] (-50%) c"],
            ["- [x] (60%) a", "- [x] (40%) b", "- [ ] c"], ["Jawaban:", "- 20 ± 2", "- (50%) 10..30"], ["Jawaban: teks*"],
            ["Jawaban:", "- Jakarta", "- (0%) *", "  > salah"], ["- a -> b", "- c -> d", "- -> e"], ["1. satu", "2. dua", "3. tiga"],
            ["Lengkapi [[a|b]] dan [[=c ~d]]."], [],
        ]
        let noise = [
            "", "## Soal", "##Soal", "# Judul", "poin: 2", "poinn: 2", "tipe: esai", "tipe: numerik", "id: x", "nilai-sebagian: ya",
            "huruf-besar-kecil: ya", "Isi [[", "- [v] x", "- [ ] b", "  > umpan", "> kutip", "Jawaban:", "- 2.500", "- teks", "- a -> b",
            "1. satu", "3. dua", "Umpan balik: bagus", "Feedback:", "```", "---", "<!--", "-->", "\t- [x] tab", "    kode", "-", "[[=x]]",
            "`[[kode]]`", "\\[[bukan]]",
        ]
        let settings = ["poin: 2", "kategori: a", "id: x", "tipe: esai", "tipe: pilihan-ganda", "nilai-sebagian: ya", "case-sensitive: yes"]
        var generator = SeededGenerator(seed: 2024)
        var itemsSeen = 0
        for _ in 0..<3000 {
            var lines: [String] = []
            for question in 0..<Int.random(in: 1...5, using: &generator) {
                lines.append(["## Soal", "## Soal \(question)", "##"][Int.random(in: 0...2, using: &generator)])
                if Bool.random(using: &generator) { lines.append(settings[Int.random(in: 0..<settings.count, using: &generator)]) }
                lines += ["", "Apa jawabannya?", ""]
                lines += answerBlocks[Int.random(in: 0..<answerBlocks.count, using: &generator)]
                if Bool.random(using: &generator) { lines += ["", "Umpan balik: karena."] }
                lines.append("")
            }
            for _ in 0..<Int.random(in: 0...2, using: &generator) {
                lines.insert(noise[Int.random(in: 0..<noise.count, using: &generator)], at: Int.random(in: 0...lines.count, using: &generator))
            }
            let source = lines.joined(separator: "\n")
            let result = MarkdownQuizParser.parse(source)
            itemsSeen += result.items.count
            #expect(result == MarkdownQuizParser.parse(source))
            #expect(Set(result.items.map(\.id)).count == result.items.count, "\(source)")
            for problem in result.problems {
                #expect(problem.line.map { (1...lines.count).contains($0) } ?? true, "\(source)")
                #expect(!problem.indonesian.isEmpty && !problem.english.isEmpty)
            }
            // Nothing is dropped silently: each question gives an item or a problem on one of its lines.
            if !lines.contains(where: { $0.hasPrefix("```") || $0.hasPrefix("<!--") }) {
                let headings = lines.indices.filter { lines[$0].hasPrefix("##") }.map { $0 + 1 }
                for (index, heading) in headings.enumerated() {
                    let end = index + 1 < headings.count ? headings[index + 1] : lines.count + 1
                    let accounted = result.items.contains { $0.line == heading }
                        || result.problems.contains { $0.line.map { (heading..<end).contains($0) } ?? false }
                    #expect(accounted, "question on line \(heading) of:\n\(source)")
                }
            }
            for item in result.items {
                #expect(item.line.map { lines[$0 - 1].hasPrefix("##") } ?? false, "\(source)")
                #expect(!item.prompt.isEmpty, "\(source)")
                switch item.interaction {
                case .choice(let choices, let multiple):
                    #expect(choices.count >= 2 && Set(choices.map(\.id)).count == choices.count && choices.contains { $0.weight > 0 }, "\(source)")
                    #expect(choices.allSatisfy { (-1...1).contains($0.weight) }, "\(source)")
                    let right = multiple ? choices.filter { $0.weight > 0 } : Array(choices.filter { $0.weight == 1 }.prefix(1))
                    let best = Scoring.score(item, .choices(Set(right.map(\.id))))
                    #expect(best.isCorrect || item.points == 0, "\(source)")
                case .gaps(let gaps):
                    #expect(gaps.allSatisfy { item.prompt.contains("[[\($0.id)]]") && ($0.answers.isEmpty != $0.options.isEmpty) }, "\(source)")
                case .text(let answers, _):
                    #expect(answers.contains { $0.weight == 1 }, "\(source)")
                case .numeric(let answers):
                    #expect(answers.contains { $0.weight == 1 } && answers.allSatisfy { $0.minimum <= $0.maximum }, "\(source)")
                case .matching(let pairs, let responses):
                    #expect(pairs.count >= 2 && pairs.allSatisfy { responses.contains($0.response) }, "\(source)")
                case .ordering(let order, _):
                    #expect(order.count >= 2 && Set(order).count == order.count, "\(source)")
                    #expect(Scoring.score(item, .order(order)).isCorrect || item.points == 0, "\(source)")
                case .essay, .description:
                    break
                }
            }
        }
        #expect(itemsSeen > 3000)  // most questions survive the damage, so the checks above see every kind
    }

    // MARK: The author guide and the shipped courses

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../..").standardized

    /// The fenced blocks whose info string is `markdown quiz`, with the line after each opening fence.
    static func quizExamples(in guide: String) -> [(line: Int, text: String)] {
        var examples: [(line: Int, text: String)] = []
        var current: (line: Int, lines: [String])?
        for (index, line) in guide.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if current == nil, line.trimmingSpaces() == "```markdown quiz" {
                current = (index + 2, [])
            } else if let open = current {
                if line.trimmingSpaces() == "```" {
                    examples.append((open.line, open.lines.joined(separator: "\n")))
                    current = nil
                } else {
                    current?.lines.append(String(line))
                }
            }
        }
        return examples
    }

    @Test func everyQuizExampleInTheAuthorGuideParses() throws {
        let guide = try String(contentsOf: Self.repository.appendingPathComponent("docs/authoring.md"), encoding: .utf8)
        let examples = Self.quizExamples(in: guide)
        #expect(examples.count >= 10)
        for example in examples {
            let result = MarkdownQuizParser.parse(example.text)
            #expect(result.problems.isEmpty, "docs/authoring.md, example at line \(example.line): \(result.problems)")
            #expect(!result.items.isEmpty, "docs/authoring.md, example at line \(example.line)")
        }
        // The first example is the complete one: every kind of question, each feature.
        let complete = MarkdownQuizParser.parseDocument(try #require(examples.first).text)
        #expect(complete.title != nil && complete.introduction != nil)
        let kinds = Set(complete.result.items.map { item -> String in
            switch item.interaction {
            case .choice(let choices, let multiple):
                multiple ? "multiple" : choices.map(\.text) == ["Benar", "Salah"] ? "true-false" : "single"
            case .text: "text"
            case .numeric: "numeric"
            case .matching: "matching"
            case .ordering: "ordering"
            case .gaps: "gaps"
            case .essay: "essay"
            case .description: "description"
            }
        })
        #expect(kinds == ["single", "true-false", "multiple", "text", "numeric", "matching", "ordering", "gaps", "essay", "description"])
        #expect(complete.result.items.contains { $0.generalFeedback != nil })
        #expect(complete.result.items.contains { $0.category != nil && $0.points != 1 })
    }

    @Test func theShippedCourseQuizzesParse() throws {
        let courses = Self.repository.appendingPathComponent("courses")
        let enumerator = try #require(FileManager.default.enumerator(at: courses, includingPropertiesForKeys: nil))
        var files: [URL] = []
        while let url = enumerator.nextObject() as? URL {
            if url.lastPathComponent.hasSuffix(".quiz.md") { files.append(url) }
        }
        #expect(files.count >= 3)
        for file in files {
            let document = MarkdownQuizParser.parseDocument(try String(contentsOf: file, encoding: .utf8))
            #expect(document.result.problems.isEmpty, "\(file.lastPathComponent): \(document.result.problems)")
            #expect(document.result.items.count >= 5, "\(file.lastPathComponent)")
            #expect(document.title != nil, "\(file.lastPathComponent)")
        }
    }
}
