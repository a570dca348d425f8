import Foundation
import LenteraCore
import Testing

@testable import LenteraWeb

/// Pages and personal fragments rendered from their typed contexts with fixed values, without a server or a store.
@Suite struct PageModelTests {
    static func renderer() throws -> PageRenderer {
        try PageRenderer(assets: .init(style: "/s.css", icon: "/i.svg", script: "/l.js"))
    }

    static let labels = Text.table(.indonesian)

    static func label(_ name: String) -> String { labels[name] ?? "?" }

    static func home(
        meta: String? = nil, jpPercent: Int = 45, jpMet: Bool = false, continueHref: String? = nil,
        inProgress: [HomePage.CourseInProgress] = [], completed: [HomePage.CompletedCourse] = []
    ) throws -> HomePage {
        HomePage(
            chrome: try renderer().chrome(.indonesian, title: "Beranda"), labels: labels, name: "Sri & Rahayu", meta: meta,
            jpTitle: "JP tahun 2026", jpTotal: "9", jpPercent: jpPercent, jpMet: jpMet, continueHref: continueHref,
            continueTitle: continueHref == nil ? "" : "Modul 2", inProgress: inProgress, completed: completed
        )
    }

    // MARK: Home

    @Test func theHomePageShowsTheYearsJPAndTheLearnersCourses() throws {
        let page = try Self.home(
            meta: "Biro Umum · Analis", continueHref: "/kursus/k1/m2",
            inProgress: [.init(href: "/kursus/k1", title: "Kursus <Satu>", percent: 40)],
            completed: [.init(title: "Kursus Dua", jp: "2", date: "6 Desember 2026", certificateHref: "/sertifikat/LTR-1", number: "LTR-1")]
        )

        let html = try Self.renderer().render(page, "home")

        #expect(html.contains("<h1>\(Self.label("welcome")), Sri &amp; Rahayu</h1>"))
        #expect(html.contains("<p class=\"meta\">Biro Umum · Analis</p>"))
        #expect(html.contains("<section class=\"jp-panel\" aria-label=\"JP tahun 2026\">"))
        #expect(html.contains("<p class=\"jp-total\"><strong>9 JP</strong> \(Self.label("jpTarget"))</p>"))
        #expect(html.contains("<progress max=\"100\" value=\"45\">45%</progress>"))
        #expect(!html.contains(Self.label("jpMet")))
        #expect(html.contains("<a class=\"button\" href=\"/kursus/k1/m2\">\(Self.label("continueLearning")): Modul 2</a>"))
        #expect(
            html.contains(
                "<ul class=\"cards\"><li class=\"card\"><h3><a href=\"/kursus/k1\">Kursus &lt;Satu&gt;</a></h3>"
                    + "<progress max=\"100\" value=\"40\">40%</progress> 40%</li></ul>"
            )
        )
        #expect(html.contains("<tr><td>Kursus Dua</td><td>2</td><td>6 Desember 2026</td><td><a href=\"/sertifikat/LTR-1\">LTR-1</a></td></tr>"))
        #expect(!html.contains(Self.label("noneInProgress")))
        #expect(!html.contains(Self.label("noneCompleted")))
    }

    @Test func aNewLearnersHomeLeavesOutWhatIsNotThere() throws {
        let html = try Self.renderer().render(try Self.home(jpPercent: 100, jpMet: true), "home")

        // No unit or position known: no empty meta line; nothing to go on with: no button.
        #expect(!html.contains("<p class=\"meta\">"))
        #expect(!html.contains(Self.label("continueLearning")))
        #expect(html.contains("<p class=\"done\">\(Self.label("jpMet"))</p>"))
        #expect(html.contains("<p class=\"empty\">\(Self.label("noneInProgress"))</p>"))
        #expect(html.contains("<p class=\"empty\">\(Self.label("noneCompleted"))</p>"))
        #expect(!html.contains("<ul class=\"cards\">"))
        #expect(!html.contains("<table"))
    }

    // MARK: Certificates

    static func certificate(score: String?) throws -> CertificatePage {
        CertificatePage(
            chrome: try renderer().chrome(.indonesian, title: "Sertifikat"), labels: labels, qr: "<svg></svg>", number: "LTR-2026-A",
            name: "Budi", maskedNIP: "1985****0001", courseTitle: "Etika ASN", version: "1.0", jp: "2", started: "1 Desember 2026",
            completed: "6 Desember 2026", verifyHref: "/verifikasi/LTR-2026-A", verifyURL: "https://lentera.example/verifikasi/LTR-2026-A",
            pdfHref: "/sertifikat/LTR-2026-A/pdf", score: score
        )
    }

    @Test func aCertificateShowsAGradeOnlyWhereTheCourseHasOne() throws {
        let renderer = try Self.renderer()
        let scoreLine = "<div><dt>\(Self.label("score"))</dt><dd>87</dd></div>"

        let graded = renderer.render(try Self.certificate(score: "87"), "certificate")
        let ungraded = renderer.render(try Self.certificate(score: nil), "certificate")
        let verification = renderer.render(try Self.certificate(score: nil), "verification")

        #expect(graded.contains(scoreLine))
        #expect(graded.contains("<div class=\"qr-box\"><svg></svg></div>"))
        #expect(graded.contains("<a href=\"/verifikasi/LTR-2026-A\">https://lentera.example/verifikasi/LTR-2026-A</a>"))
        #expect(!ungraded.contains("<dt>\(Self.label("score"))</dt>"))
        #expect(verification.contains("<dt>\(Self.label("nip"))</dt><dd>1985****0001</dd>"))
        #expect(!verification.contains("<dt>\(Self.label("score"))</dt>"))
    }

    // MARK: Fragments

    static func progress(csrf: String = "token-a", language: Language = .indonesian, sessionID: String? = "sesi-1") -> ModuleProgressFragment {
        ModuleProgressFragment(
            language: language, csrf: csrf, sessionID: sessionID, lastSequence: 3, percent: 50, ruleText: "Dibaca 5 menit", complete: false,
            canMarkDone: false, quizHref: nil, markDoneAction: "/kursus/k1/m1/selesai", courseComplete: false, certificateHref: nil
        )
    }

    @Test func aModulesProgressPanelWithoutAVisitSendsNoSession() throws {
        let renderer = try Self.renderer()

        let saved = renderer.render(Self.progress(sessionID: nil))
        let visited = renderer.render(Self.progress())

        #expect(saved.hasPrefix("<section id=\"kemajuan\" class=\"progress-panel\" data-sesi=\"\" data-urutan=\"3\" data-csrf=\"token-a\""))
        #expect(visited.contains("data-sesi=\"sesi-1\""))
        #expect(visited.contains("<strong>\(Self.label("progress")): 50%</strong> <progress max=\"100\" value=\"50\">50%</progress>"))
        #expect(!visited.contains("<form"))
        #expect(!visited.contains("class=\"button\""))
    }

    @Test func theAccountLinksFollowTheRole() throws {
        let renderer = try Self.renderer()
        func nav(operator: Bool, author: Bool) -> String {
            renderer.render(AccountNavFragment(language: .indonesian, csrf: "t", account: "a1", isOperator: `operator`, isAuthor: author))
        }

        let learner = nav(operator: false, author: false)
        let admin = nav(operator: true, author: true)

        #expect(learner.hasPrefix("<a href=\"/beranda\">\(Self.label("home"))</a><form class=\"inline\" method=\"post\" action=\"/keluar\" data-akun=\"a1\">"))
        #expect(!learner.contains("/operator"))
        #expect(admin.contains("<a href=\"/operator\">"))
        #expect(admin.contains("<a href=\"/status\">"))
    }

    @Test func theFeedbackFormOffersFiveRatings() throws {
        let learnerPages = try Self.renderer()
        let ratings = (1...5).map { FeedbackFragment.Rating(value: $0, text: String($0)) }

        let html = learnerPages.render(
            FeedbackFragment(language: .indonesian, csrf: "t", ratings: ratings, feedbackAction: "/kursus/k1/umpan-balik", thanks: false)
        )

        #expect(html.components(separatedBy: "type=\"radio\"").count == 6)
        #expect(html.contains("<label><input type=\"radio\" name=\"relevansi\" value=\"3\" required> 3</label>"))
        #expect(!html.contains("checked"))
        #expect(!html.contains("<p class=\"done\">"))
    }

    // MARK: The fragment cache

    @Test func cachedFragmentsAreKeptByEveryValueAndTheLanguage() {
        let cache = FragmentCache()
        var renders = 0
        func fragment(_ progress: ModuleProgressFragment) -> String {
            cache.fragment(progress) {
                renders += 1
                return "\(progress.csrf) \(progress.language.rawValue)"
            }.html
        }

        let first = fragment(Self.progress(csrf: "token-a"))
        let again = fragment(Self.progress(csrf: "token-a"))
        // Another learner's fragment differs only by its CSRF token: it is never the first one's.
        let other = fragment(Self.progress(csrf: "token-b"))
        let english = fragment(Self.progress(csrf: "token-a", language: .english))

        #expect(first == "token-a id")
        #expect(again == first)
        #expect(other == "token-b id")
        #expect(english == "token-a en")
        #expect(renders == 3)
        #expect(cache.count == 3)
    }

    @Test func fragmentsOfDifferentKindsNeverShareAnEntry() {
        let cache = FragmentCache()

        let start = cache.fragment(StartCourseFragment(language: .indonesian, startHref: "/k", preTest: true)) { "start" }.html
        let panel = cache.fragment(CourseProgressFragment(language: .indonesian, percent: 0, certificateHref: nil)) { "panel" }.html

        #expect(start == "start")
        #expect(panel == "panel")
        #expect(cache.count == 2)
    }

    // MARK: Quiz

    @Test func aQuizListsOpenAndSubmittedAttempts() throws {
        let open = QuizIntroPage.AttemptRow(
            number: 2, started: "6 Desember 2026 10:00:00", state: "Berlangsung", href: "/kursus/k1/kuis/q/percobaan/2", score: nil,
            passedText: nil, passed: false
        )
        let passed = QuizIntroPage.AttemptRow(
            number: 1, started: "5 Desember 2026 09:00:00", state: "Dinilai", href: "/kursus/k1/kuis/q/percobaan/1/hasil", score: "80%",
            passedText: "Lulus", passed: true
        )
        let page = QuizIntroPage(
            chrome: try Self.renderer().chrome(.indonesian, title: "Kuis"), labels: Self.labels, title: "Kuis", titleHTML: "Kuis",
            courseTitle: "Etika", courseHref: "/kursus/k1", introduction: nil, questions: 10, timeLimit: nil, attemptsAllowed: "3", used: 2,
            passingScore: "70", closes: nil, closed: false, canStart: false, csrf: "t", startAction: "/kursus/k1/kuis/q/mulai",
            continueHref: "/kursus/k1/kuis/q/percobaan/2", noAttemptsLeft: false, completes: [], attempts: [open, passed]
        )

        let html = try Self.renderer().render(page, "quizIntro")

        #expect(html.contains("<dd>2 / 3</dd>"))
        #expect(html.contains("<dd>\(Self.label("quizNoTimeLimit"))</dd>"))
        #expect(
            html.contains(
                "<tr><td>2</td><td>6 Desember 2026 10:00:00</td><td>Berlangsung</td><td> </td>"
                    + "<td><a href=\"/kursus/k1/kuis/q/percobaan/2\">\(Self.label("quizContinue"))</a></td></tr>"
            )
        )
        #expect(
            html.contains(
                "<tr><td>1</td><td>5 Desember 2026 09:00:00</td><td>Dinilai</td><td>80% <span class=\"done\">Lulus</span></td>"
                    + "<td><a href=\"/kursus/k1/kuis/q/percobaan/1/hasil\">\(Self.label("quizResult"))</a></td></tr>"
            )
        )
        #expect(!html.contains("<form"))
        #expect(!html.contains("<div class=\"prompt\">"))
    }
}
