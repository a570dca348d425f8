import Foundation
import Testing

@testable import LenteraCore
@testable import LenteraWeb

/// Every kind of question as an open attempt shows it (unanswered, answered, checked) and as the review shows it
/// (answered, unanswered), compared byte for byte with `Snapshots/quiz-items.html`. A change to that HTML is a change
/// to read in the diff of the snapshot; the test writes what it got beside it (`quiz-items.actual.html`) when they differ.
@Suite struct QuizItemSnapshotTests {
    static let snapshot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/quiz-items.html")

    static let course = Course(
        id: "kuis-foto", language: "id", jp: JP(hundredths: 200), versionLabel: "1", contentVersion: "c0ffee", title: "Kursus Foto",
        summary: nil, category: nil, keywords: [], outline: [], modules: [], folderName: "kuis-foto", files: [:]
    )

    /// One item of each kind, with the answer a learner might give, in Markdown unless said otherwise.
    static let items: [(QuizItem, QuizResponse)] = [
        (QuizItem(
            id: "pilihan", prompt: "Apa kepanjangan **JP**?",
            interaction: .choice(choices: [
                .init(id: "c1", text: "Jam *pelajaran*", weight: 1, feedback: "Benar, satu JP = 45 menit."),
                .init(id: "c2", text: "Jumlah peserta", weight: 0, feedback: "Bukan."),
                .init(id: "c3", text: "Jadwal & <pelatihan>", weight: 0),
            ], multiple: false), points: 2, generalFeedback: "Lihat *Perka LAN*."
        ), .choices(["c2"])),
        (QuizItem(
            id: "banyak", prompt: "Pilih level evaluasi Kirkpatrick.",
            interaction: .choice(choices: [
                .init(id: "r", text: "Reaksi", weight: 0.5), .init(id: "p", text: "Pembelajaran", weight: 0.5),
                .init(id: "g", text: "Gaji", weight: -1),
            ], multiple: true), points: 1.5
        ), .choices(["r", "p"])),
        (QuizItem(
            id: "isian", prompt: "Singkatan dari Aparatur Sipil Negara?",
            interaction: .text(answers: [.init(pattern: "ASN", feedback: "Tepat."), .init(pattern: "PNS", weight: 0.5)], caseSensitive: false)
        ), .text("asn \"<b>\"")),
        (QuizItem(
            id: "angka", prompt: "Berapa JP minimal setahun?",
            interaction: .numeric(answers: [.init(value: 20, feedback: "Ya."), .init(minimum: 18.5, maximum: 19.25, weight: 0.5)])
        ), .number(19)),
        (QuizItem(
            id: "jodoh", prompt: "Jodohkan.",
            interaction: .matching(pairs: [.init(premise: "Reaksi", response: "Kuesioner"), .init(premise: "*Pembelajaran*", response: "Tes & ujian")],
                                   responses: ["Observasi"])
        ), .matches(["Reaksi": "Kuesioner", "*Pembelajaran*": "Observasi"])),
        (QuizItem(
            id: "urut", prompt: "Urutkan tahap pengembangan kompetensi.",
            interaction: .ordering(correctOrder: ["Analisis kebutuhan", "Perencanaan", "Pelaksanaan", "Evaluasi"], partialCredit: true)
        ), .order(["Analisis kebutuhan", "Pelaksanaan", "Perencanaan", "Evaluasi"])),
        (QuizItem(
            id: "rumpang", prompt: "Huruf M berarti [[g1]] dan T berarti [[g2]]; `[[g3]]` tidak diganti.",
            interaction: .gaps([
                .init(id: "g1", answers: [.init(pattern: "terukur"), .init(pattern: "measurable")]),
                .init(id: "g2", options: [.init(id: "o1", text: "berbatas *waktu*", weight: 1), .init(id: "o2", text: "bermakna", weight: 0)]),
                .init(id: "g3", answers: [.init(pattern: "x")]),
            ])
        ), .gaps(["g1": "terukur", "g2": "o2"])),
        (QuizItem(id: "esai", prompt: "Jelaskan manfaat pra-tes.\n\nDua paragraf.", interaction: .essay, points: 5), .essay("Baris satu.\nBaris <dua>.")),
        (QuizItem(id: "uraian", prompt: "Bacalah kasus berikut.", interaction: .description), .text("")),
        (QuizItem(
            id: "html", prompt: "<p>Pilih <b>satu</b><script>alert(1)</script></p>",
            interaction: .choice(choices: [.init(id: "a", text: "<i>Ya</i>", weight: 1), .init(id: "b", text: "Tidak", weight: 0)], multiple: false),
            format: .html
        ), .choices(["a"])),
        (QuizItem(
            id: "polos", prompt: "Tulis <tag> & *bintang*", interaction: .text(answers: [.init(pattern: "<tag>")], caseSensitive: true), format: .plain
        ), .text("<tag>")),
    ]

    static let attempt = QuizAttempt(
        id: 7, accountID: 1, courseID: "kuis-foto", quizID: "akhir", number: 1, seed: 42, items: items.map(\.0), quizVersion: "v",
        startedAt: Date(timeIntervalSince1970: 1_800_000_000), deadline: nil, maximum: 14
    )

    static func answer(_ item: QuizItem, _ response: QuizResponse, checked: Bool = false, points: Double? = nil) -> QuizAnswer {
        QuizAnswer(attemptID: 7, itemID: item.id, response: response, savedAt: Date(timeIntervalSince1970: 1_800_000_100), points: points,
                   checked: checked)
    }

    /// Every question in every state, each under a comment that names it.
    static func rendered() throws -> String {
        let html = QuizHTML()
        let renderer = try PageRenderer(assets: .init(style: "/s.css", icon: "/i.svg", script: "/l.js"))
        var out: [String] = []
        for (index, (item, response)) in items.enumerated() {
            let number = index + 1
            func question(_ state: String, _ answer: QuizAnswer?, immediate: Bool, language: Language = .indonesian) {
                out.append("<!-- \(item.id): \(state) -->")
                let view = html.question(item, number: number, attempt: attempt, answer: answer, course: course, language: language, immediate: immediate,
                                         renderer: renderer)
                out.append(renderer.render(view, "quizQuestion"))
            }
            func review(_ state: String, _ answer: QuizAnswer?, language: Language = .indonesian) {
                out.append("<!-- \(item.id): \(state) -->")
                out.append(renderer.render(html.review(item, number: number, answer: answer, course: course, language: language, renderer: renderer), "quizReview"))
            }
            question("kosong", nil, immediate: false)
            question("tersimpan, umpan balik langsung", answer(item, response), immediate: true)
            question("diperiksa", answer(item, response, checked: true), immediate: true)
            question("checked, English", answer(item, response, checked: true), immediate: true, language: .english)
            review("ulasan", answer(item, response))
            review("ulasan tanpa jawaban", nil)
            review("review, English", answer(item, response), language: .english)
            if item.interaction == .essay { review("ulasan, sudah dinilai", answer(item, response, points: 3.5)) }
        }
        return out.joined(separator: "\n") + "\n"
    }

    @Test func everyKindOfQuestionRendersAsItsSnapshot() throws {
        let actual = try Self.rendered()
        let expected = try String(contentsOf: Self.snapshot, encoding: .utf8)
        let actualFile = Self.snapshot.deletingPathExtension().appendingPathExtension("actual.html")
        if actual != expected { try actual.write(to: actualFile, atomically: true, encoding: .utf8) }
        #expect(actual == expected, "the quiz items' HTML differs from Snapshots/quiz-items.html: see \(actualFile.path)")
    }
}
