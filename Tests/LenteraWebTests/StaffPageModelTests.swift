import Foundation
import LenteraCore
import Testing

@testable import LenteraWeb

/// The staff's pages rendered from their typed contexts with fixed values, without a server or a store.
@Suite struct StaffPageModelTests {
    static func chrome(_ title: String) throws -> Chrome {
        try PageModelTests.renderer().chrome(.indonesian, title: title)
    }

    static let labels = PageModelTests.labels

    static func label(_ name: String) -> String { PageModelTests.label(name) }

    // MARK: Operator reports

    static func reports(feedback: [FeedbackRow] = [], nextHref: String? = nil) throws -> OperatorPage {
        OperatorPage(
            chrome: try chrome("Laporan"), labels: labels, intro: "Biro Umum", summedAt: nil, year: 2026, unitKey: "Biro%20Umum",
            unitName: "Biro Umum", upHref: "/operator?tahun=2026",
            units: [
                .init(name: "Bagian A", pns: 4, meeting: 3, percent: "75.0", pppk: 1, jp: "30", drillHref: "/operator?unit=A"),
                .init(name: "Bagian B", pns: 0, meeting: 0, percent: "0.0", pppk: 2, jp: "0", drillHref: nil),
            ],
            pns: [.init(nip: "198501012010011001", name: "Budi", unit: "Biro Umum", courses: 2, jp: "12", meets: false, meetsText: "Tidak")],
            pppk: [], pnsTotal: 1, pppkTotal: 0, search: "", pageNumber: 1, previousHref: nil, nextHref: nextHref,
            courseRows: [.init(title: "Etika ASN", jp: "2", started: 5, completed: 3)], quizCourses: [], feedback: feedback
        )
    }

    @Test func theReportsLinkOnlyUnitsWithUnitsUnderThem() throws {
        let html = try PageModelTests.renderer().render(try Self.reports(), "operator")

        #expect(html.contains("<tr><td><a href=\"/operator?unit=A\">Bagian A</a></td><td>4</td><td>3</td><td>75.0</td><td>1</td><td>30</td></tr>"))
        #expect(html.contains("<tr><td>Bagian B</td><td>0</td><td>0</td><td>0.0</td><td>2</td><td>0</td></tr>"))
        #expect(html.contains("<tr class=\"bad\"><td>198501012010011001</td><td>Budi</td><td>Biro Umum</td><td>2</td><td>12</td><td>Tidak</td></tr>"))
        #expect(html.contains("<a href=\"/operator/laporan/kepatuhan.csv?tahun=2026&amp;unit=Biro%20Umum\">"))
        #expect(html.contains("<input type=\"hidden\" name=\"unit\" value=\"Biro Umum\">"))
        #expect(html.contains("<p><a href=\"/operator?tahun=2026\">\(Self.label("drillUp"))</a></p>"))
        #expect(html.contains("<tr><td>Etika ASN</td><td>2</td><td>5</td><td>3</td></tr>"))
    }

    @Test func reportsWithoutFeedbackQuizzesOrMorePagesLeaveThemOut() throws {
        let html = try PageModelTests.renderer().render(try Self.reports(), "operator")

        #expect(html.contains("<p class=\"empty\">\(Self.label("noData"))</p>"))
        #expect(!html.contains(Self.label("averageRelevance")))
        #expect(!html.contains("<h2>\(Self.label("quizResultsTitle"))</h2>"))
        #expect(!html.contains("class=\"pager\""))
        #expect(!html.contains("<p class=\"notice\">"))
    }

    @Test func reportsShowFeedbackAndTheNextPage() throws {
        let feedback = FeedbackRow(course: "Etika ASN", module: "—", count: 3, average: "4.5", comments: ["Bagus", "Jelas"])

        let html = try PageModelTests.renderer().render(try Self.reports(feedback: [feedback], nextHref: "/operator?halaman=2"), "operator")

        #expect(html.contains("<tr><td>Etika ASN</td><td>—</td><td>3</td><td>4.5</td><td><p>Bagus</p><p>Jelas</p></td></tr>"))
        #expect(!html.contains("<p class=\"empty\">"))
        #expect(html.contains("<a href=\"/operator?halaman=2\" rel=\"next\">"))
        #expect(!html.contains("rel=\"prev\""))
    }

    @Test func theStatusPageHasNoQuizLinksWithoutQuizzes() throws {
        let renderer = try PageModelTests.renderer()

        let none = renderer.render(QuizStatisticsLinks(labels: Self.labels, quizzes: []), "quizStatisticsLinks")
        let one = renderer.render(
            QuizStatisticsLinks(labels: Self.labels, quizzes: [.init(href: "/penulis/kuis/k1/q", titleHTML: "Etika &amp; ASN: Kuis")]),
            "quizStatisticsLinks"
        )
        let table = renderer.render(FeedbackTable(labels: Self.labels, feedback: []), "feedbackTable")

        #expect(none.isEmpty)
        #expect(one.contains("<li><a href=\"/penulis/kuis/k1/q\">Etika &amp; ASN: Kuis</a></li>"))
        #expect(table.contains("<p class=\"empty\">\(Self.label("noData"))</p>"))
        #expect(!table.contains("<table"))
    }

    // MARK: Accounts

    @Test func anInactiveAccountsRecordShowsWhyAndOffersNoRoleToAnOperator() throws {
        let page = AccountRecordPage(
            chrome: try Self.chrome("Akun"), labels: Self.labels, csrf: "t", id: 7, nip: "198501012010011001", name: "Sri", unit: "Biro Umum",
            position: "", supervisor: "197001012000031001", email: "", role: "learner", roleName: "Peserta",
            statuses: [.init(value: "PNS", text: "PNS", selected: false), .init(value: "PPPK", text: "PPPK", selected: true)],
            isAdmin: false, roles: [], active: false, reasons: [.init(value: "pensiun", text: "pensiun", selected: true)],
            inactiveSince: "1 Desember 2026", inactiveReason: "pensiun", message: nil, error: nil
        )

        let html = try PageModelTests.renderer().render(page, "accountRecord")

        #expect(
            html.contains(
                "<p class=\"meta\">NIP 198501012010011001 · <span class=\"badge\">\(Self.label("inactive"))</span> pensiun, 1 Desember 2026</p>"
            )
        )
        #expect(html.contains("<form method=\"post\" action=\"/operator/pengguna/7\" class=\"stacked\">"))
        #expect(html.contains("<input id=\"atasan\" name=\"atasan\" value=\"197001012000031001\" inputmode=\"numeric\" maxlength=\"18\""))
        #expect(html.contains("<option value=\"PNS\">PNS</option><option value=\"PPPK\" selected>PPPK</option>"))
        #expect(!html.contains("id=\"peran\""))
        #expect(html.contains("<p class=\"meta\">\(Self.label("role")): Peserta. \(Self.label("roleAdminOnly"))</p>"))
        #expect(html.contains("<option value=\"ya\">\(Self.label("keepActive"))</option><option value=\"pensiun\" selected>"))
        #expect(!html.contains("<p class=\"error\""))
        #expect(!html.contains("<p class=\"done\""))
    }

    // MARK: Roster imports

    static func preview() -> RosterImportPage.Preview {
        RosterImportPage.Preview(
            additionsCount: 1, changesCount: 0, deactivationsCount: 1, unchangedCount: 4, refusalsCount: 1,
            additions: [.init(line: 2, nip: "199001012015011001", name: "Rina", unit: "Biro Umum", role: "Peserta")], changes: [],
            deactivations: [.init(nip: "198001012005011001", name: "Joko", unit: "Biro Umum")], refusals: ["Baris 3: NIP tidak sah"],
            canApply: true, deactivateMissing: true
        )
    }

    /// The values the import page was rendered from before it had a type (commit 18ed47a), for the same preview.
    static func previewDictionary() throws -> [String: Any] {
        [
            "chrome": try chrome("Pratinjau"), "labels": labels, "title": "Pratinjau", "csrf": "t", "id": Int64(12), "state": "previewed",
            "preview": true, "additionsCount": 1, "changesCount": 0, "deactivationsCount": 1, "unchangedCount": 4, "refusalsCount": 1,
            "additions": [["line": 2, "nip": "199001012015011001", "name": "Rina", "unit": "Biro Umum", "role": "Peserta"] as [String: Any]],
            "changes": [[String: Any]](),
            "deactivations": [["nip": "198001012005011001", "name": "Joko", "unit": "Biro Umum"]],
            "refusals": ["Baris 3: NIP tidak sah"], "hasRefusals": true, "hasAdditions": true, "hasChanges": false, "hasDeactivations": true,
            "canApply": true, "deactivateMissing": true,
        ]
    }

    @Test func anImportsPreviewRendersAsItsDictionaryDid() throws {
        let renderer = try PageModelTests.renderer()
        let page = RosterImportPage(
            chrome: try Self.chrome("Pratinjau"), labels: Self.labels, title: "Pratinjau", csrf: "t", id: 12, state: "previewed",
            preview: Self.preview(), cancelled: false
        )

        let typed = renderer.render(page, "rosterImport")
        let dictionary = renderer.render(try Self.previewDictionary(), "rosterImport")

        #expect(typed == dictionary)
        #expect(typed.contains("action=\"/operator/pengguna/impor/12/terapkan\" class=\"inline\"><input type=\"hidden\" name=\"csrf\" value=\"t\">"))
        #expect(typed.contains("<tr><td>2</td><td>199001012015011001</td><td>Rina</td><td>Biro Umum</td><td>Peserta</td></tr>"))
        #expect(typed.contains("<li class=\"error\">Baris 3: NIP tidak sah</li>"))
        #expect(!typed.contains("<th scope=\"col\">\(Self.label("auditDetail"))</th>"))
    }

    @Test func aFinishedImportListsTheTemporaryPasswordsUntilConfirmed() throws {
        let finished = RosterImportPage.Finished(
            confirmed: false, addedCount: 1, changedCount: 0, deactivatedCount: 0,
            passwords: [.init(nip: "199001012015011001", name: "Rina", password: "kata-sandi-1")], passwordsCount: 1
        )
        let page = RosterImportPage(
            chrome: try Self.chrome("Hasil"), labels: Self.labels, title: "Hasil", csrf: "t", id: 12, state: "applied", finished: finished,
            cancelled: false
        )

        let html = try PageModelTests.renderer().render(page, "rosterImport")

        #expect(html.contains("<tr><td>199001012015011001</td><td><code>kata-sandi-1</code></td><td>Rina</td></tr>"))
        #expect(html.contains("<a href=\"/operator/pengguna/impor/12/kata-sandi.csv\">"))
        #expect(html.contains("action=\"/operator/pengguna/impor/12/konfirmasi\"><input type=\"hidden\" name=\"csrf\" value=\"t\">"))
        #expect(!html.contains(Self.label("rosterConfirmed")))
        #expect(!html.contains(Self.label("rosterPreviewIntro")))
        #expect(!html.contains("<progress"))
    }
}
