import Foundation
import Testing

@testable import LenteraCore
@testable import LenteraContent
import LenteraTestSupport

/// Quizzes declared in course.xml: settings, loading in each format, checks, draws and reports.
@Suite struct QuizCourseTests {
    static let gift = """
        $CATEGORY: dasar

        ::a:: Satu tambah satu? {=2 ~3 ~4}

        ::b:: Langit berwarna biru. {T}

        $CATEGORY: lanjut

        ::c:: Ibu kota Jawa Tengah? {=Semarang =semarang}

        ::d:: Dua kali tiga? {#6}
        """

    func course(quiz: String, module: String = #"<module id="ujian" href="ujian.md" completion="quiz" quiz="akhir"/>"#,
                files: [String: String] = ["kuis/akhir.gift": gift]) throws -> (CoursesFixture, CourseLoadResult) {
        let fixture = try CoursesFixture()
        try fixture.write("k/course.xml", """
            <course jp="1">
              <title>K</title>
              <module id="baca" href="baca.md"/>
              \(module)
              \(quiz)
            </course>
            """)
        try fixture.write("k/baca.md", "# Baca\n")
        try fixture.write("k/ujian.md", "# Ujian\n")
        for (path, content) in files { try fixture.write("k/" + path, content) }
        return (fixture, CourseLoader(coursesDirectory: fixture.root).loadCourse(folderName: "k"))
    }

    @Test func aDeclaredQuizLoadsWithItsSettingsAndItsFileIsNotServed() throws {
        let (_, result) = try course(quiz: #"""
            <quiz id="akhir" title="Kuis Akhir" href="kuis/akhir.gift" attempts="3" time-limit="1.5" passing-score="80%"
                  feedback="after-close" closes="2026-12-31" review="false" shuffle="false" draw="3">
              <draw category="dasar" count="1"/>
            </quiz>
            """#)
        #expect(result.problems.isEmpty, "\(result.problems)")
        let course = try #require(result.course)
        let quiz = try #require(course.quiz(withID: "akhir"))
        #expect(quiz.items.map(\.id) == ["a", "b", "c", "d"])
        #expect(quiz.settings.attempts == 3 && quiz.settings.timeLimit == 90 && quiz.settings.passingScore == 80)
        #expect(quiz.settings.feedback == .afterClose && quiz.settings.review == false && quiz.settings.shuffle == false)
        #expect(quiz.settings.closes == ISO8601DateFormatter().date(from: "2026-12-31T16:59:59Z"))
        #expect(course.files["kuis/akhir.gift"] == nil)
        #expect(course.module(withID: "ujian")?.completion == .quizPassed(quizID: "akhir"))
        // N of M with one per named category: the same seed gives the same questions.
        let drawn = quiz.draw(seed: 7)
        #expect(drawn.count == 3)
        #expect(drawn.filter { $0.category == "dasar" }.count == 1)
        #expect(drawn.map(\.id) == quiz.draw(seed: 7).map(\.id))
        #expect(Set((0..<50).map { quiz.draw(seed: $0).map(\.id) }).count > 1)
    }

    @Test func everyMistakeInADeclarationIsNamedWithItsLine() throws {
        let (_, bad) = try course(quiz: #"<quiz id="akhir" href="kuis/akhir.gift" attempts="-1" feedback="kapan-kapan" warna="merah"/>"#)
        let messages = bad.problems.map { $0.formatted(in: .english) }
        #expect(bad.course == nil)
        #expect(messages.contains { $0.contains("course.xml:5:") && $0.contains("attempts=\"-1\"") })
        #expect(messages.contains { $0.contains("unknown feedback=\"kapan-kapan\"") })
        #expect(messages.contains { $0.contains("unknown attribute warna") })

        let (_, missing) = try course(quiz: #"<quiz id="akhir" href="kuis/tidak-ada.gift"/>"#)
        #expect(missing.problems.map { $0.formatted(in: .indonesian) }.contains { $0.contains("berkas kuis \"kuis/tidak-ada.gift\" tidak ditemukan") })

        let (_, unknown) = try course(quiz: "", module: #"<module id="ujian" href="ujian.md" completion="quiz" quiz="akhir"/>"#)
        #expect(unknown.problems.map { $0.formatted(in: .english) }.contains { $0.contains("completed by quiz \"akhir\", which is not declared") })

        let (_, tooMany) = try course(quiz: #"<quiz id="akhir" href="kuis/akhir.gift" draw="9"/>"#)
        #expect(tooMany.problems.map { $0.formatted(in: .english) }.contains { $0.contains("draw=\"9\" is more than the number of questions (4)") })

        let (_, outside) = try course(quiz: #"<quiz id="akhir" href="../lain/kuis.gift"/>"#)
        #expect(outside.problems.contains { $0.kind == .pathOutsideCourse("../lain/kuis.gift") })

        let (_, noRule) = try course(quiz: "", module: #"<module id="ujian" href="ujian.md" completion="quiz"/>"#)
        #expect(noRule.problems.contains { if case .invalidCompletion = $0.kind { true } else { false } })
    }

    @Test func aBrokenQuizFileNamesFileAndLineAndKeepsTheCourseOffline() throws {
        let (_, result) = try course(quiz: #"<quiz id="akhir" href="kuis/akhir.gift"/>"#, files: ["kuis/akhir.gift": "::a:: Satu? {=1 ~2\n\n::b:: Dua? {=2}\n"])
        #expect(result.course == nil)
        let problem = try #require(result.problems.first { $0.file == "k/kuis/akhir.gift" })
        #expect(problem.line == 1)
        #expect(problem.severity == .error)
    }

    @Test func quizSourcesAreNeverServedEvenWhenNotDeclared() throws {
        let (_, result) = try course(quiz: "", module: "", files: ["bank/lain.gift": "::x:: Y? {T}", "bank/lain.quiz.md": "# Kuis\n"])
        let course = try #require(result.course)
        #expect(course.files["bank/lain.gift"] == nil && course.files["bank/lain.quiz.md"] == nil)
        #expect(course.files["baca.md"] != nil)
    }

    @Test func imagesInQuestionsResolveFromTheQuizFileAndMissingOnesAreNamed() throws {
        let quiz = "## Bagan\n\nLihat ![bagan](gambar/bagan.png).\n\n- [x] Ya\n- [ ] Tidak\n"
        let (_, missing) = try course(quiz: #"<quiz id="akhir" href="kuis/akhir.quiz.md"/>"#, module: "", files: ["kuis/akhir.quiz.md": quiz])
        let problem = try #require(missing.problems.first { $0.file == "k/kuis/akhir.quiz.md" })
        #expect(problem.formatted(in: .english).contains("file \"gambar/bagan.png\" does not exist"))
        #expect(problem.line == 1)
        let (_, present) = try course(
            quiz: #"<quiz id="akhir" href="kuis/akhir.quiz.md"/>"#, module: "", files: ["kuis/akhir.quiz.md": quiz, "kuis/gambar/bagan.png": "PNG"]
        )
        let loaded = try #require(present.course?.quiz(withID: "akhir"))
        let item = try #require(loaded.items.first)
        #expect(loaded.directories[item.id] == "kuis")
        #expect(QuizResources.url("gambar/bagan.png", directory: "kuis", course: present.course!) == "/berkas/k/kuis/gambar/bagan.png")
    }

    @Test func qtiFilesAreNotServedEvenWhenNoQuizDeclaresThem() throws {
        let item = #"<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="x"><responseDeclaration identifier="RESPONSE"><correctResponse><value>A</value></correctResponse></responseDeclaration></assessmentItem>"#
        let (_, result) = try course(quiz: "", module: "", files: ["lama/soal.xml": item, "data/tabel.xml": "<tabel/>"])
        let course = try #require(result.course)
        #expect(course.files["lama/soal.xml"] == nil)
        #expect(course.files["data/tabel.xml"] != nil)
    }

    @Test func aQuizPackageZipInTheCourseFolderIsNotServed() throws {
        // A stored (uncompressed) zip's central directory names its entries in plain bytes.
        func zip(_ names: [String]) -> String {
            "PK\u{3}\u{4}" + names.map { "entry " + $0 }.joined(separator: " ") + " PK\u{1}\u{2}" + names.joined(separator: " PK\u{1}\u{2}")
        }
        let (_, result) = try course(quiz: "", module: "", files: [
            "ekspor/kuis-qti.zip": zip(["imsmanifest.xml", "items/q1.xml"]), "lampiran/templat.zip": zip(["templat.xlsx"]),
        ])
        let course = try #require(result.course)
        #expect(course.files["ekspor/kuis-qti.zip"] == nil)
        #expect(course.files["lampiran/templat.zip"] != nil)
    }

    static func attempt(_ account: Int64, _ quiz: String, number: Int = 1, score: Double, maximum: Double = 10) -> QuizAttempt {
        QuizAttempt(id: Int64(account * 100 + Int64(number)), accountID: account, courseID: "k", quizID: quiz, number: number, seed: 1, items: [],
                    quizVersion: "v", startedAt: Date(), deadline: nil, submittedAt: Date(), score: score, maximum: maximum,
                    passed: score / maximum >= 0.7)
    }

    @Test func learningGainComparesFirstPreTestWithBestPostTest() throws {
        let pre = [Self.attempt(1, "pre", score: 4), Self.attempt(1, "pre", number: 2, score: 9), Self.attempt(2, "pre", score: 6), Self.attempt(3, "pre", score: 5)]
        let post = [Self.attempt(1, "post", score: 7), Self.attempt(1, "post", number: 2, score: 8), Self.attempt(2, "post", score: 9)]
        let gain = try #require(QuizReports.gain(pre: pre, post: post))
        #expect(gain.learners == 2)  // learner 3 has no post-test
        #expect(gain.averagePre == 50 && gain.averagePost == 85 && gain.gain == 35)
        #expect(gain.normalized == 0.7)
        #expect(QuizReports.gain(pre: pre, post: []) == nil)
    }

    @Test func itemStatisticsGiveDifficultyDiscriminationAndChoicePicks() throws {
        let good = QuizItem(id: "g", prompt: "G", interaction: .choice(choices: [.init(id: "y", text: "Ya", weight: 1), .init(id: "n", text: "Tidak", weight: 0)], multiple: false))
        let other = QuizItem(id: "o", prompt: "O", interaction: .numeric(answers: [.init(value: 1)]), points: 4)
        var attempts: [QuizAttempt] = []
        var answers: [Int64: [String: QuizAnswer]] = [:]
        // Strong learners answer both right; weak ones both wrong; one mixed.
        let plan: [(String, Double)] = [("y", 1), ("y", 1), ("n", 0), ("n", 0), ("y", 0)]
        for (index, (choice, number)) in plan.enumerated() {
            var attempt = Self.attempt(Int64(index + 1), "k", score: 0)
            attempt.items = [good, other]
            attempts.append(attempt)
            answers[attempt.id] = [
                "g": QuizAnswer(attemptID: attempt.id, itemID: "g", response: .choices([choice]), savedAt: Date()),
                "o": QuizAnswer(attemptID: attempt.id, itemID: "o", response: .number(number), savedAt: Date()),
            ]
        }
        let statistics = QuizReports.itemStatistics(attempts, answers: answers)
        let g = try #require(statistics.first { $0.itemID == "g" })
        #expect(g.responses == 5 && g.difficulty == 0.6)
        #expect((g.discrimination ?? 0) > 0.5)
        #expect(g.choices.map(\.picked) == [3, 2])
        #expect(statistics.first { $0.itemID == "o" }?.difficulty == 0.4)
    }
}

@Suite struct AttemptLayoutTests {
    @Test func aLayoutRebuildsTheQuestionsExactlyAsShown() throws {
        let pool = [
            QuizItem(id: "c", prompt: "C", interaction: .choice(choices: (0..<5).map { .init(id: "k\($0)", text: "\"\($0)\"\n\\", weight: $0 == 0 ? 1 : 0) }, multiple: false)),
            QuizItem(id: "m", prompt: "M", interaction: .matching(pairs: [.init(premise: "a", response: "1"), .init(premise: "b", response: "2")], responses: ["1", "2", "3"])),
            QuizItem(id: "g", prompt: "[[g1]] [[g2]]", interaction: .gaps([.init(id: "g1", answers: [.init(pattern: "x")]), .init(id: "g2", options: [.init(id: "o1", text: "A", weight: 1), .init(id: "o2", text: "B", weight: 0)])])),
            QuizItem(id: "e", prompt: "E", interaction: .essay),
        ]
        for seed in UInt64(0)..<20 {
            let shown = Draw.items(pool, perCategory: [:], seed: seed).map { Draw.shuffledChoices($0, seed: seed) }
            let json = AttemptLayout(items: shown).json()
            let layout = try JSONDecoder().decode(AttemptLayout.self, from: Data(json.utf8))
            #expect(layout.items(from: pool) == shown)
        }
        // A pool that lost a question or a choice cannot rebuild the layout.
        let layout = AttemptLayout(items: pool)
        #expect(layout.items(from: Array(pool.dropLast())) == nil)
        var changed = pool
        changed[0].interaction = .choice(choices: [.init(id: "k0", text: "", weight: 1)], multiple: false)
        #expect(layout.items(from: changed) == nil)
    }
}
