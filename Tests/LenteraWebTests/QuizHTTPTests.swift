import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LenteraCore
import LenteraStore
import NIOCore
import Testing

@testable import LenteraWeb

extension Browser {
    /// Posts a form with repeated names (checkboxes) in the given order.
    mutating func post(_ client: some TestClientProtocol, _ uri: String, pairs: [(String, String)], headers extra: HTTPFields = [:])
        async throws -> TestResponse
    {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        headers.append(contentsOf: extra)
        if !cookies.isEmpty { headers[.cookie] = cookieHeader }
        let body = pairs.map {
            "\($0.0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        }.joined(separator: "&")
        let response = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        remember(response)
        return response
    }
}

extension SiteFixture {
    /// The course `ujian`: a module to read and a module completed by passing a GIFT quiz.
    func writeQuizCourse(attributes: String = #"attempts="2" passing-score="60""#, gift: String = QuizHTTPTests.gift) throws {
        try write(
            "courses/ujian/course.xml",
            """
            <course jp="3" lang="id">
              <title>Kursus Berujian</title>
              <module id="baca" href="baca.md"/>
              <module id="ujian" href="ujian.md" completion="quiz" quiz="akhir"/>
              <quiz id="akhir" title="Kuis Akhir" href="kuis/akhir.gift" \(attributes)/>
            </course>
            """
        )
        try write("courses/ujian/baca.md", "# Bacaan\n\nJakarta adalah ibu kota.\n")
        try write("courses/ujian/ujian.md", "# Ujian\n\nKerjakan kuis akhir.\n")
        try write("courses/ujian/kuis/akhir.gift", gift)
    }
}

@Suite struct QuizHTTPTests {
    static let budi = "198503152010011001"
    static let gift = """
        ::ibukota:: Ibu kota Indonesia adalah? {=Jakarta#Tepat sekali ~Bandung#Bandung ibu kota Jawa Barat ~Surabaya}

        ::asn:: ASN terdiri atas PNS dan PPPK. {T}

        """

    /// The value of the input whose label reads `text`, for a question.
    static func choiceID(_ page: String, item: String, text: String) -> String? {
        let pattern = #"name="a:\#(item)" value="([^"]+)"[^>]*> \#(text)<"#
        guard let match = page.range(of: pattern, options: .regularExpression) else { return nil }
        let found = String(page[match])
        guard let start = found.range(of: "value=\"") else { return nil }
        return String(found[start.upperBound...].prefix { $0 != "\"" })
    }

    /// Starts (or continues) an attempt of a course's quiz and returns its address, the form's token and its page.
    static func startAttempt(
        _ browser: inout Browser, _ client: some TestClientProtocol, course: String = "ujian", quiz: String = "akhir"
    ) async throws -> (String, String, TestResponse) {
        let intro = try await browser.get(client, "/kursus/\(course)/kuis/\(quiz)")
        let token = try #require(Browser.csrf(in: intro))
        let started = try await browser.post(client, "/kursus/\(course)/kuis/\(quiz)/mulai", ["csrf": token])
        guard started.status == .seeOther, let location = started.headers[.location] else { return ("", token, started) }
        return (location, token, try await browser.get(client, location))
    }

    @Test func passingTheQuizCompletesTheModuleAndTheCourse() async throws {
        let fixture = try SiteFixture()
        try fixture.writeQuizCourse()
        let app = try await fixture.application()
        let budi = try await fixture.addAccount(Self.budi, name: "Budi", unit: "Pemkab Sleman")
        try await app.test(.router) { client in
            // The quiz file is never served: its answer key stays on the server.
            #expect(try await client.execute(uri: "/berkas/ujian/kuis/akhir.gift", method: .get).status == .notFound)
            var browser = Browser()
            _ = try await browser.signIn(client, nip: Self.budi, password: "rahasia-123")
            _ = try await browser.get(client, "/kursus/ujian/baca")
            let module = String(buffer: try await browser.get(client, "/kursus/ujian/ujian").body)
            #expect(module.contains(#"href="/kursus/ujian/kuis/akhir""#))
            #expect(!module.contains("Tandai selesai"))

            let (location, token, attemptPage) = try await Self.startAttempt(&browser, client)
            #expect(location.hasPrefix("/kursus/ujian/kuis/akhir/percobaan/"))
            let page = String(buffer: attemptPage.body)
            #expect(page.contains("Ibu kota Indonesia adalah?"))
            // Neither the key nor the feedback reaches the browser before submission.
            #expect(!page.contains("Tepat sekali"))
            #expect(!page.contains("Bandung ibu kota Jawa Barat"))
            #expect(!page.contains("weight"))
            let jakarta = try #require(Self.choiceID(page, item: "ibukota", text: "Jakarta"))
            let benar = try #require(Self.choiceID(page, item: "asn", text: "Benar"))

            // Each answer is saved as it is given (autosave), then the attempt is submitted.
            let autosave = try await browser.post(
                client, location, pairs: [("csrf", token), ("h:ibukota", "1"), ("a:ibukota", jakarta)],
                headers: [HTTPField.Name("X-Lentera-Autosave")!: "1"]
            )
            #expect(autosave.status == .noContent)
            let reopened = String(buffer: try await browser.get(client, location).body)
            #expect(reopened.contains(#"value="\#(jakarta)" checked"#))
            let submitted = try await browser.post(client, location, pairs: [("csrf", token), ("h:asn", "1"), ("a:asn", benar), ("aksi", "kumpulkan")])
            #expect(submitted.status == .seeOther)
            let result = String(buffer: try await browser.get(client, try #require(submitted.headers[.location])).body)
            #expect(result.contains("2/2"))
            #expect(result.contains("Lulus"))
            #expect(result.contains("Tepat sekali"))  // the review shows feedback after submission

            let store = try await fixture.openStore()
            let summaries = try await store.summaries(accountID: budi.id, courseID: "ujian")
            #expect(summaries["ujian"]?.isComplete == true)
            #expect(try await store.entries(accountID: budi.id).map(\.courseID) == ["ujian"])
            // Mastery log and attempt log.
            let attempts = try await store.attempts(accountID: budi.id, courseID: "ujian", quizID: "akhir", policy: QuizPolicy(maximumAttempts: 0, passingScore: 60), at: Date())
            #expect(attempts.count == 1 && attempts[0].passed == true && attempts[0].score == 2)
            let answers = try await store.answers(attemptIDs: [attempts[0].id])[attempts[0].id] ?? [:]
            #expect(Set(answers.keys) == ["ibukota", "asn"])

            // A second submission of the same attempt is refused and changes nothing.
            let again = try await browser.post(client, location, pairs: [("csrf", token), ("h:asn", "1"), ("a:asn", "false"), ("aksi", "kumpulkan")])
            #expect(again.status == .conflict)
            #expect(String(buffer: again.body).contains("sudah dikumpulkan"))
            let after = try await store.attempts(accountID: budi.id, courseID: "ujian", quizID: "akhir", policy: QuizPolicy(maximumAttempts: 0, passingScore: 60), at: Date())
            #expect(after == attempts)
        }
    }

    @Test func failingUntilTheAttemptsRunOut() async throws {
        let fixture = try SiteFixture()
        try fixture.writeQuizCourse()
        let app = try await fixture.application()
        let budi = try await fixture.addAccount(Self.budi, name: "Budi", unit: "Pemkab Sleman")
        try await app.test(.router) { client in
            var browser = Browser()
            _ = try await browser.signIn(client, nip: Self.budi, password: "rahasia-123")
            for _ in 1...2 {
                let (location, token, attemptPage) = try await Self.startAttempt(&browser, client)
                let page = String(buffer: attemptPage.body)
                let bandung = try #require(Self.choiceID(page, item: "ibukota", text: "Bandung"))
                let submitted = try await browser.post(client, location, pairs: [("csrf", token), ("a:ibukota", bandung), ("aksi", "kumpulkan")])
                let result = String(buffer: try await browser.get(client, try #require(submitted.headers[.location])).body)
                #expect(result.contains("Belum lulus"))
                #expect(result.contains("0/2"))
            }
            let intro = try await browser.get(client, "/kursus/ujian/kuis/akhir")
            #expect(String(buffer: intro.body).contains("Semua percobaan yang diizinkan sudah dipakai"))
            let refused = try await browser.post(client, "/kursus/ujian/kuis/akhir/mulai", ["csrf": try #require(Browser.csrf(in: try await browser.get(client, "/beranda")))])
            #expect(refused.status == .conflict)
            let store = try await fixture.openStore()
            #expect(try await store.attempts(accountID: budi.id, courseID: "ujian", quizID: "akhir", policy: QuizPolicy(maximumAttempts: 0, passingScore: 60), at: Date()).count == 2)
            #expect(try await store.summaries(accountID: budi.id, courseID: "ujian")["ujian"]?.isComplete != true)
        }
    }

    @Test func anExpiredAttemptIsGradedFromItsSavedAnswers() async throws {
        let fixture = try SiteFixture()
        try fixture.writeQuizCourse(attributes: #"attempts="1" time-limit="1s" passing-score="50""#)
        let app = try await fixture.application()
        let budi = try await fixture.addAccount(Self.budi, name: "Budi", unit: "Pemkab Sleman")
        try await app.test(.router) { client in
            var browser = Browser()
            _ = try await browser.signIn(client, nip: Self.budi, password: "rahasia-123")
            let (location, token, attemptPage) = try await Self.startAttempt(&browser, client)
            let page = String(buffer: attemptPage.body)
            #expect(page.contains("data-deadline="))
            let jakarta = try #require(Self.choiceID(page, item: "ibukota", text: "Jakarta"))
            let saved = try await browser.post(client, location, pairs: [("csrf", token), ("a:ibukota", jakarta), ("aksi", "simpan")])
            #expect(saved.status == .seeOther)
            // Past the deadline and its grace, the late submission is refused; the saved answer counts.
            try await Task.sleep(for: .seconds(QuizAttempt.grace + 1.5))
            let late = try await browser.post(client, location, pairs: [("csrf", token), ("a:asn", "true"), ("aksi", "kumpulkan")])
            #expect(late.status == .conflict)
            #expect(String(buffer: late.body).contains("Waktu percobaan ini sudah habis"))
            let result = String(buffer: try await browser.get(client, location + "/hasil").body)
            #expect(result.contains("1/2"))
            #expect(result.contains("Waktu habis"))
            let store = try await fixture.openStore()
            let attempts = try await store.attempts(accountID: budi.id, courseID: "ujian", quizID: "akhir", policy: QuizPolicy(maximumAttempts: 0, passingScore: 50), at: Date())
            #expect(attempts.first?.expired == true && attempts.first?.passed == true)
            #expect(try await store.summaries(accountID: budi.id, courseID: "ujian")["ujian"]?.isComplete == true)
        }
    }

    @Test func forgedSubmissionsAreRefusedAndChangeNothing() async throws {
        let fixture = try SiteFixture()
        try fixture.writeQuizCourse(attributes: #"attempts="1" draw="1" shuffle="true""#)
        let app = try await fixture.application()
        let budi = try await fixture.addAccount(Self.budi, name: "Budi", unit: "Pemkab Sleman")
        _ = try await fixture.addAccount("199001012015032002", name: "Siti", unit: "Pemkab Sleman")
        try await app.test(.router) { client in
            var browser = Browser()
            _ = try await browser.signIn(client, nip: Self.budi, password: "rahasia-123")
            let (location, token, attemptPage) = try await Self.startAttempt(&browser, client)
            let page = String(buffer: attemptPage.body)
            // One question of two is drawn.
            #expect(page.components(separatedBy: "<fieldset class=\"question\"").count == 2)
            let shown = page.contains("name=\"a:ibukota\"") ? "ibukota" : "asn"
            let hidden = shown == "ibukota" ? "asn" : "ibukota"
            let store = try await fixture.openStore()
            let attemptID = try #require(Int64(location.split(separator: "/").last!))
            let before = try await store.answers(attemptIDs: [attemptID])

            let unknownChoice = try await browser.post(client, location, pairs: [("csrf", token), ("a:\(shown)", "tidak-ada"), ("aksi", "simpan")])
            #expect(unknownChoice.status == .badRequest)
            #expect(String(buffer: unknownChoice.body).contains("Tidak ada yang diubah"))
            let notInAttempt = try await browser.post(client, location, pairs: [("csrf", token), ("a:\(hidden)", "true"), ("aksi", "kumpulkan")])
            #expect(notInAttempt.status == .badRequest)
            #expect(String(buffer: notInAttempt.body).contains("tidak ada dalam percobaan ini"))
            let twoAnswersToOne = try await browser.post(
                client, location, pairs: [("csrf", token), ("a:\(shown)", "true"), ("a:\(shown)", "false"), ("aksi", "simpan")]
            )
            #expect(twoAnswersToOne.status == .badRequest)
            #expect(try await store.answers(attemptIDs: [attemptID]) == before)
            let open = try await store.attempts(accountID: budi.id, courseID: "ujian", quizID: "akhir", policy: QuizPolicy(maximumAttempts: 0, passingScore: 70), at: Date())
            #expect(open.first?.submittedAt == nil)

            // Someone else's attempt does not exist for this learner.
            var siti = Browser()
            _ = try await siti.signIn(client, nip: "199001012015032002", password: "rahasia-123")
            let sitiToken = try #require(Browser.csrf(in: try await siti.get(client, "/beranda")))
            #expect(try await siti.get(client, location).status == .notFound)
            let foreign = try await siti.post(client, location, pairs: [("csrf", sitiToken), ("aksi", "kumpulkan")])
            #expect(foreign.status == .notFound)

            // Without a CSRF token nothing is accepted.
            let noToken = try await browser.post(client, location, pairs: [("aksi", "kumpulkan")])
            #expect(noToken.status == .forbidden)

            // Submitting works; beyond the one attempt allowed, no new one starts.
            #expect(try await browser.post(client, location, pairs: [("csrf", token), ("aksi", "kumpulkan")]).status == .seeOther)
            let another = try await browser.post(client, "/kursus/ujian/kuis/akhir/mulai", ["csrf": token])
            #expect(another.status == .conflict)
        }
    }

    @Test func operatorsSeeResultsAndAuthorsSeeItemStatistics() async throws {
        let fixture = try SiteFixture()
        try fixture.writeQuizCourse(attributes: #"attempts="0""#)
        let app = try await fixture.application()
        _ = try await fixture.addAccount(Self.budi, name: "Budi", unit: "Pemkab Sleman")
        let operatorCookie = try await fixture.sessionCookie(role: .operator, nip: "199202022015031004", unit: "Pemkab Sleman")
        let authorCookie = try await fixture.sessionCookie(role: .author, nip: "199303032015031005", unit: "Pemprov")
        let learnerCookie = try await fixture.sessionCookie(role: .learner, nip: "199404042015031006", unit: "Pemkab Sleman")
        try await app.test(.router) { client in
            var browser = Browser()
            _ = try await browser.signIn(client, nip: Self.budi, password: "rahasia-123")
            for choice in ["Bandung", "Jakarta"] {
                let (location, token, attemptPage) = try await Self.startAttempt(&browser, client)
                let page = String(buffer: attemptPage.body)
                let id = try #require(Self.choiceID(page, item: "ibukota", text: choice))
                let benar = try #require(Self.choiceID(page, item: "asn", text: "Benar"))
                _ = try await browser.post(client, location, pairs: [("csrf", token), ("a:ibukota", id), ("a:asn", benar), ("aksi", "kumpulkan")])
            }
            let results = try await client.execute(uri: "/operator/kuis/ujian", method: .get, headers: [.cookie: operatorCookie])
            #expect(results.status == .ok)
            let html = String(buffer: results.body)
            #expect(html.contains(Self.budi) && html.contains("100%"))
            let csv = String(buffer: try await client.execute(uri: "/operator/kuis/ujian/akhir.csv", method: .get, headers: [.cookie: operatorCookie]).body)
            #expect(csv.hasPrefix("\u{FEFF}nip,") && csv.contains("=\"\(Self.budi)\",Budi,Pemkab Sleman,2,100,50,1"))
            let statistics = try await client.execute(uri: "/penulis/kuis/ujian/akhir", method: .get, headers: [.cookie: authorCookie])
            #expect(statistics.status == .ok)
            #expect(String(buffer: statistics.body).contains("Bandung: 1"))
            let statisticsCSV = String(buffer: try await client.execute(uri: "/penulis/kuis/ujian/akhir/statistik.csv", method: .get, headers: [.cookie: authorCookie]).body)
            #expect(statisticsCSV.contains("ibukota,ibukota,2,0.5,"))
            #expect(statisticsCSV.contains("asn,asn,2,1,"))
            // Learners see neither.
            #expect(try await client.execute(uri: "/penulis/kuis/ujian/akhir", method: .get, headers: [.cookie: learnerCookie]).status == .notFound)
            #expect(try await client.execute(uri: "/operator/kuis/ujian", method: .get, headers: [.cookie: learnerCookie]).status == .notFound)
        }
    }

    @Test func immediateFeedbackLocksACheckedAnswerAndTheRestStillWorks() async throws {
        let fixture = try SiteFixture()
        try fixture.writeQuizCourse(attributes: #"attempts="1" feedback="immediate" shuffle="false""#)
        let app = try await fixture.application()
        _ = try await fixture.addAccount(Self.budi, name: "Budi", unit: "Pemkab Sleman")
        try await app.test(.router) { client in
            var browser = Browser()
            _ = try await browser.signIn(client, nip: Self.budi, password: "rahasia-123")
            let (location, token, attemptPage) = try await Self.startAttempt(&browser, client)
            let page = String(buffer: attemptPage.body)
            // Choice values are positions as shown, never the author's ids.
            #expect(page.contains(#"name="a:ibukota" value="1""#) && !page.contains(#"value="a""#))
            #expect(!page.contains("Tepat sekali"))
            let bandung = try #require(Self.choiceID(page, item: "ibukota", text: "Bandung"))
            // Checking an unanswered question locks nothing.
            _ = try await browser.post(client, location, pairs: [("csrf", token), ("h:ibukota", "1"), ("aksi", "periksa:ibukota")])
            #expect(!String(buffer: try await browser.get(client, location).body).contains("Salah ·"))
            let checked = try await browser.post(
                client, location, pairs: [("csrf", token), ("h:ibukota", "1"), ("a:ibukota", bandung), ("aksi", "periksa:ibukota")]
            )
            #expect(checked.status == .seeOther)
            let after = String(buffer: try await browser.get(client, location).body)
            #expect(after.contains("Bandung ibu kota Jawa Barat"))  // its feedback, right away
            #expect(after.contains("disabled"))
            // The locked question's hidden marker comes with every later save; saving and submitting still work.
            let jakarta = try #require(Self.choiceID(page, item: "ibukota", text: "Jakarta"))
            let benar = try #require(Self.choiceID(page, item: "asn", text: "Benar"))
            let saved = try await browser.post(
                client, location, pairs: [("csrf", token), ("h:ibukota", "1"), ("a:ibukota", jakarta), ("h:asn", "1"), ("a:asn", benar), ("aksi", "simpan")]
            )
            #expect(saved.status == .seeOther)
            let submitted = try await browser.post(client, location, pairs: [("csrf", token), ("h:ibukota", "1"), ("h:asn", "1"), ("a:asn", benar), ("aksi", "kumpulkan")])
            #expect(submitted.status == .seeOther)
            let result = String(buffer: try await browser.get(client, location + "/hasil").body)
            #expect(result.contains("1/2"))  // the checked wrong answer stayed final
        }
    }

    @Test func anEmptiedQuestionLosesItsSavedAnswer() async throws {
        let fixture = try SiteFixture()
        try fixture.writeQuizCourse(attributes: #"attempts="1""#)
        let app = try await fixture.application()
        let budi = try await fixture.addAccount(Self.budi, name: "Budi", unit: "Pemkab Sleman")
        try await app.test(.router) { client in
            var browser = Browser()
            _ = try await browser.signIn(client, nip: Self.budi, password: "rahasia-123")
            let (location, token, attemptPage) = try await Self.startAttempt(&browser, client)
            let jakarta = try #require(Self.choiceID(String(buffer: attemptPage.body), item: "ibukota", text: "Jakarta"))
            _ = try await browser.post(client, location, pairs: [("csrf", token), ("h:ibukota", "1"), ("a:ibukota", jakarta), ("aksi", "simpan")])
            let store = try await fixture.openStore()
            let attemptID = try #require(Int64(location.split(separator: "/").last!))
            #expect(try await store.answers(attemptIDs: [attemptID])[attemptID]?["ibukota"] != nil)
            _ = try await browser.post(client, location, pairs: [("csrf", token), ("h:ibukota", "1"), ("aksi", "simpan")])
            #expect(try await store.answers(attemptIDs: [attemptID])[attemptID]?["ibukota"] == nil)
            #expect(budi.id > 0)
        }
    }

    @Test func afterCloseFeedbackHidesTheReviewUntilTheQuizCloses() async throws {
        let fixture = try SiteFixture()
        try fixture.writeQuizCourse(attributes: #"attempts="1" feedback="after-close" closes="2099-12-31""#)
        let app = try await fixture.application()
        _ = try await fixture.addAccount(Self.budi, name: "Budi", unit: "Pemkab Sleman")
        try await app.test(.router) { client in
            var browser = Browser()
            _ = try await browser.signIn(client, nip: Self.budi, password: "rahasia-123")
            let (location, token, attemptPage) = try await Self.startAttempt(&browser, client)
            let jakarta = try #require(Self.choiceID(String(buffer: attemptPage.body), item: "ibukota", text: "Jakarta"))
            _ = try await browser.post(client, location, pairs: [("csrf", token), ("a:ibukota", jakarta), ("aksi", "kumpulkan")])
            let result = String(buffer: try await browser.get(client, location + "/hasil").body)
            #expect(result.contains("1/2"))  // the score is shown
            #expect(result.contains("Tinjauan jawaban tersedia setelah kuis ditutup"))
            #expect(!result.contains("Tepat sekali") && !result.contains("Jawaban benar"))
        }
    }

    @Test func essaysWaitForAGraderAndThePassCompletesTheModule() async throws {
        let fixture = try SiteFixture()
        try fixture.writeQuizCourse(attributes: #"attempts="1" passing-score="100""#, gift: "::uraian:: Jelaskan <b>tujuan</b> pelatihan. {}\n")
        let app = try await fixture.application()
        let budi = try await fixture.addAccount(Self.budi, name: "Budi", unit: "Pemkab Sleman")
        let author = try await fixture.sessionCookie(role: .author, nip: "199303032015031005", unit: "Pemprov")
        let otherOperator = try await fixture.sessionCookie(role: .operator, nip: "199202022015031004", unit: "Pemkab Bantul")
        try await app.test(.router) { client in
            var browser = Browser()
            _ = try await browser.signIn(client, nip: Self.budi, password: "rahasia-123")
            let (location, token, _) = try await Self.startAttempt(&browser, client)
            _ = try await browser.post(client, location, pairs: [("csrf", token), ("a:uraian", "<script>alert(1)</script> Agar kompeten.\nBaris \"dua\"."), ("aksi", "kumpulkan")])
            let result = String(buffer: try await browser.get(client, location + "/hasil").body)
            #expect(result.contains("akan dinilai"))
            // An operator of another office does not see it; the author does, escaped.
            let hidden = String(buffer: try await client.execute(uri: "/penilaian", method: .get, headers: [.cookie: otherOperator]).body)
            #expect(!hidden.contains("Agar kompeten"))
            let grading = try await client.execute(uri: "/penilaian", method: .get, headers: [.cookie: author])
            let page = String(buffer: grading.body)
            // Escaped by the template, its lines broken there: no HTML of the answer is made in Swift.
            #expect(page.contains(#"<blockquote class="essay">&lt;script&gt;alert(1)&lt;/script&gt; Agar kompeten.<br>Baris &quot;dua&quot;.</blockquote>"#))
            let action = try #require(page.range(of: #"action="/penilaian/[^"]+""#, options: .regularExpression).map { String(page[$0].dropFirst(8).dropLast()) })
            let csrf = try #require(page.range(of: #"name="csrf" value="[^"]+""#, options: .regularExpression).map { String(page[$0].dropFirst(19).dropLast()) })
            let headers: HTTPFields = [.cookie: author, .contentType: "application/x-www-form-urlencoded"]
            let graded = try await client.execute(uri: action, method: .post, headers: headers, body: ByteBuffer(string: "csrf=\(csrf)&poin=1"))
            #expect(graded.status == .seeOther)
            let store = try await fixture.openStore()
            let attempts = try await store.attempts(accountID: budi.id, courseID: "ujian", quizID: "akhir", policy: QuizPolicy(maximumAttempts: 0, passingScore: 100), at: Date())
            #expect(attempts.first?.passed == true && attempts.first?.needsGrading == false)
            #expect(try await store.summaries(accountID: budi.id, courseID: "ujian")["ujian"]?.isComplete == true)
        }
    }

    /// Staff may take quizzes, but never grade their own essay (nor another staff member's): the credit would be theirs.
    @Test func staffCannotGradeTheirOwnEssays() async throws {
        let fixture = try SiteFixture()
        try fixture.writeQuizCourse(attributes: #"attempts="1" passing-score="100""#, gift: "::uraian:: Jelaskan tujuan pelatihan. {}\n")
        let app = try await fixture.application()
        _ = try await fixture.addAccount("197001012000031001", name: "Opi Operator", unit: "Pemkab Sleman", role: .operator)
        _ = try await fixture.addAccount("199303032015031005", name: "Ani Penulis", unit: "Pemkab Sleman", role: .author)
        try await app.test(.router) { client in
            var operatorBrowser = Browser()
            _ = try await operatorBrowser.signIn(client, nip: "197001012000031001", password: "rahasia-123")
            let (location, token, _) = try await Self.startAttempt(&operatorBrowser, client)
            _ = try await operatorBrowser.post(client, location, pairs: [("csrf", token), ("a:uraian", "Jawaban sendiri."), ("aksi", "kumpulkan")])
            var authorBrowser = Browser()
            _ = try await authorBrowser.signIn(client, nip: "199303032015031005", password: "rahasia-123")
            let (authorLocation, authorToken, _) = try await Self.startAttempt(&authorBrowser, client)
            _ = try await authorBrowser.post(client, authorLocation, pairs: [("csrf", authorToken), ("a:uraian", "Jawaban penulis."), ("aksi", "kumpulkan")])
            // Neither sees a staff member's essay to grade, their own included.
            for var browser in [operatorBrowser, authorBrowser] {
                let page = String(buffer: try await browser.get(client, "/penilaian").body)
                #expect(!page.contains("Jawaban sendiri.") && !page.contains("Jawaban penulis."))
            }
            // Posting the grade directly is "not found", and nothing is graded.
            let attemptID = try #require(location.split(separator: "/").last.map(String.init))
            let csrf = try #require(Browser.csrf(in: try await operatorBrowser.get(client, "/penilaian")))
            let graded = try await operatorBrowser.post(client, "/penilaian/\(attemptID)/uraian", ["csrf": csrf, "poin": "10"])
            #expect(graded.status == .notFound)
            let store = try await fixture.openStore()
            let waiting = try await store.attemptsNeedingGrading(courseIDs: nil)
            #expect(waiting.count == 2 && waiting.allSatisfy { $0.passed == nil })
        }
    }

    @Test func signingInFromAQuizPageComesBackToIt() async throws {
        let fixture = try SiteFixture()
        try fixture.writeQuizCourse()
        let app = try await fixture.application()
        _ = try await fixture.addAccount(Self.budi, name: "Budi", unit: "Pemkab Sleman")
        try await app.test(.router) { client in
            var browser = Browser()
            let anonymous = try await browser.get(client, "/kursus/ujian/kuis/akhir")
            #expect(anonymous.status == .seeOther)
            let location = try #require(anonymous.headers[.location])
            #expect(location == "/masuk?kembali=%2Fkursus%2Fujian%2Fkuis%2Fakhir")
            let form = try await browser.get(client, location)
            #expect(String(buffer: form.body).contains(#"name="kembali" value="/kursus/ujian/kuis/akhir""#))
            let signedIn = try await browser.post(
                client, "/masuk", ["nip": Self.budi, "sandi": "rahasia-123", "csrf": try #require(Browser.csrf(in: form)), "kembali": "/kursus/ujian/kuis/akhir"]
            )
            #expect(signedIn.headers[.location] == "/kursus/ujian/kuis/akhir")
            // Only paths of this site: another host's address goes home instead.
            var other = Browser()
            let page = try await other.get(client, "/masuk?kembali=//jahat.example/x")
            #expect(!String(buffer: page.body).contains("jahat.example"))
            let hostile = try await other.post(
                client, "/masuk", ["nip": Self.budi, "sandi": "rahasia-123", "csrf": try #require(Browser.csrf(in: page)), "kembali": "//jahat.example/x"]
            )
            #expect(hostile.headers[.location] == "/beranda")
            // "//" with a mark between that the browser's host parser drops (U+FE0F) is another host too.
            let marked = try await browser.get(client, "/masuk?kembali=//%EF%B8%8Fjahat.example")
            #expect(marked.headers[.location] == "/beranda")
        }
    }

    /// The sign-in form sends its token cookie back only when the token is one the server makes: a planted value
    /// cannot add attributes (`Domain=`) to the `Set-Cookie` header.
    @Test func theSignInTokenCookieIsTheServersOwn() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application()
        try await app.test(.router) { client in
            let first = try await client.execute(uri: "/masuk", method: .get)
            let cookie = try #require(first.headers[values: .setCookie].first { $0.hasPrefix("csrf_masuk=") })
            let token = String(cookie.dropFirst("csrf_masuk=".count).prefix { $0 != ";" })
            #expect(SessionToken.isWellFormed(token))
            let again = try await client.execute(uri: "/masuk", method: .get, headers: [.cookie: "csrf_masuk=\(token)"])
            #expect(again.headers[values: .setCookie].contains { $0.hasPrefix("csrf_masuk=\(token);") })
            let planted = try await client.execute(uri: "/masuk", method: .get, headers: [.cookie: "csrf_masuk=t\u{0600}; Domain=jahat.example"])
            let sent = try #require(planted.headers[values: .setCookie].first { $0.hasPrefix("csrf_masuk=") })
            #expect(!sent.contains("jahat") && !sent.contains("\u{0600}") && SessionToken.isWellFormed(String(sent.dropFirst(11).prefix { $0 != ";" })))
        }
    }

    @Test func aReturnAddressIsAPathOfThisSiteByItsBytes() {
        for hostile in ["//\u{FE0F}jahat.example", "/\\\u{FE0F}jahat.example", "/\\jahat.example", "/\t/jahat.example", "https://jahat.example",
            "/x?u=https://jahat.example", "jahat.example", "", "/\u{FE0F}/jahat.example", "/" + String(repeating: "a", count: 500)]
        {
            #expect(LearnerController.safeReturn(hostile) == nil, "\(hostile.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        for path in ["/", "/kursus/ujian/kuis/akhir", "/cari?q=pembinaan+asn&kategori=manajerial", "/kursus/%C3%A9tude"] {
            #expect(LearnerController.safeReturn(path) == path)
        }
    }

    @Test func aNumberThatDoesNotReadIsAskedAgainAndLosesNothing() async throws {
        let fixture = try SiteFixture()
        try fixture.writeQuizCourse(
            attributes: #"attempts="1" shuffle="false""#,
            gift: "::ibukota:: Ibu kota Indonesia adalah? {=Jakarta ~Bandung}\n\n::jumlah:: Dua kali delapan? {#16}\n"
        )
        let app = try await fixture.application()
        let budi = try await fixture.addAccount(Self.budi, name: "Budi", unit: "Pemkab Sleman")
        try await app.test(.router) { client in
            var browser = Browser()
            _ = try await browser.signIn(client, nip: Self.budi, password: "rahasia-123")
            let (location, token, attemptPage) = try await Self.startAttempt(&browser, client)
            let jakarta = try #require(Self.choiceID(String(buffer: attemptPage.body), item: "ibukota", text: "Jakarta"))
            // Submitting with "enam belas" typed: nothing is submitted, the choice is kept, the question is named.
            let typed = try await browser.post(client, location, pairs: [("csrf", token), ("a:ibukota", jakarta), ("a:jumlah", "enam belas"), ("aksi", "kumpulkan")])
            #expect(typed.status == .seeOther)
            let back = try #require(typed.headers[.location])
            #expect(back.hasPrefix(location + "?angka=jumlah"))
            let page = String(buffer: try await browser.get(client, back).body)
            #expect(page.contains("Jawaban soal 2 harus berupa angka"))
            #expect(page.contains(#"value="\#(jakarta)" checked"#))
            let store = try await fixture.openStore()
            let open = try await store.attempts(accountID: budi.id, courseID: "ujian", quizID: "akhir", policy: QuizPolicy(maximumAttempts: 0, passingScore: 70), at: Date())
            #expect(open.first?.submittedAt == nil)
            // Fixed with a decimal comma, it goes through.
            let fixed = try await browser.post(client, location, pairs: [("csrf", token), ("a:jumlah", " 16,0 "), ("aksi", "kumpulkan")])
            #expect(fixed.headers[.location] == location + "/hasil")
            #expect(String(buffer: try await browser.get(client, location + "/hasil").body).contains("2/2"))
        }
    }
}

/// Issue 9, finding 1: an attempt reached through another quiz's (or course's, or learner's) URL.
@Suite struct QuizURLTrustTests {
    /// A course with a pre-test anyone passes and a post-test that needs 70%; the module is completed by the post-test.
    func fixture() throws -> SiteFixture {
        let fixture = try SiteFixture()
        try fixture.write(
            "courses/ujian/course.xml",
            """
            <course jp="3" lang="id">
              <title>Kursus Berujian</title>
              <module id="ujian" href="ujian.md" completion="quiz" quiz="akhir"/>
              <quiz id="awal" title="Pra-tes" href="kuis/akhir.gift" passing-score="0"/>
              <quiz id="akhir" title="Pasca-tes" href="kuis/akhir.gift" attempts="2" passing-score="70"/>
            </course>
            """
        )
        try fixture.write("courses/ujian/ujian.md", "# Ujian\n\nKerjakan kuis akhir.\n")
        try fixture.write("courses/ujian/kuis/akhir.gift", QuizHTTPTests.gift)
        try fixture.write(
            "courses/lain/course.xml",
            """
            <course jp="2" lang="id">
              <title>Kursus Lain</title>
              <module id="m" href="m.md"/>
              <quiz id="akhir" title="Kuis Lain" href="kuis/akhir.gift" passing-score="0"/>
            </course>
            """
        )
        try fixture.write("courses/lain/m.md", "# Modul\n\nTeks.\n")
        try fixture.write("courses/lain/kuis/akhir.gift", QuizHTTPTests.gift)
        return fixture
    }

    @Test func everyQuizRouteRefusesAnAttemptItDoesNotName() async throws {
        let fixture = try fixture()
        let app = try await fixture.application()
        let budi = try await fixture.addAccount(QuizHTTPTests.budi, name: "Budi", unit: "Pemkab Sleman")
        _ = try await fixture.addAccount("199001012015032002", name: "Siti", unit: "Pemkab Sleman")
        try await app.test(.router) { client in
            var budiBrowser = Browser()
            _ = try await budiBrowser.signIn(client, nip: QuizHTTPTests.budi, password: "rahasia-123")
            let (location, token, _) = try await QuizHTTPTests.startAttempt(&budiBrowser, client)
            let id = try #require(location.split(separator: "/").last.map(String.init))
            var sitiBrowser = Browser()
            _ = try await sitiBrowser.signIn(client, nip: "199001012015032002", password: "rahasia-123")
            let sitiToken = try #require(Browser.csrf(in: try await sitiBrowser.get(client, "/kursus/ujian/kuis/akhir")))

            let wrongPaths = ["/kursus/ujian/kuis/awal/percobaan/\(id)", "/kursus/lain/kuis/akhir/percobaan/\(id)",
                              "/kursus/ujian/kuis/akhir/percobaan/\(Int(id)! + 1000)"]
            for path in wrongPaths {
                #expect(try await budiBrowser.get(client, path).status == .notFound, "GET \(path)")
                #expect(try await budiBrowser.get(client, path + "/hasil").status == .notFound, "GET \(path)/hasil")
                for action in ["kumpulkan", "simpan", "periksa:ibukota"] {
                    for autosave in [false, true] {
                        let response = try await budiBrowser.post(
                            client, path, pairs: [("csrf", token), ("aksi", action)],
                            headers: autosave ? [HTTPField.Name("X-Lentera-Autosave")!: "1"] : [:]
                        )
                        #expect(response.status == .notFound, "POST \(action) to \(path)")
                    }
                }
            }
            // Another learner, through the right URL.
            #expect(try await sitiBrowser.get(client, location).status == .notFound)
            #expect(try await sitiBrowser.get(client, location + "/hasil").status == .notFound)
            for action in ["kumpulkan", "simpan"] {
                #expect(try await sitiBrowser.post(client, location, pairs: [("csrf", sitiToken), ("aksi", action)]).status == .notFound)
            }

            let store = try await fixture.openStore()
            let attempts = try await store.attempts(
                accountID: budi.id, courseID: "ujian", quizID: "akhir", policy: QuizPolicy(maximumAttempts: 2, passingScore: 70), at: Date()
            )
            #expect(attempts.count == 1 && attempts[0].submittedAt == nil && attempts[0].passed == nil)
            #expect(try await store.answers(attemptIDs: [attempts[0].id])[attempts[0].id] == nil)
            #expect(try await store.entries(accountID: budi.id).isEmpty)
            #expect(try await store.summaries(accountID: budi.id, courseID: "ujian")["ujian"]?.isComplete != true)

            // The right URL still works: an empty submission fails the post-test and credits nothing.
            let submitted = try await budiBrowser.post(client, location, pairs: [("csrf", token), ("aksi", "kumpulkan")])
            #expect(submitted.status == .seeOther)
            let graded = try await store.attempts(
                accountID: budi.id, courseID: "ujian", quizID: "akhir", policy: QuizPolicy(maximumAttempts: 2, passingScore: 70), at: Date()
            )
            #expect(graded.first?.passed == false)
            #expect(try await store.entries(accountID: budi.id).isEmpty)
        }
    }
}
