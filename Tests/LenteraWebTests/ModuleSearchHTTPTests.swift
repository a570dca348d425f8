import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import LenteraWeb

/// Issue 12, "Search inside the modules": the catalogue search lists, below the courses, the modules that hold the words.
@Suite struct ModuleSearchHTTPTests {
    /// The courses shipped in the repository.
    static let shippedCourses = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../courses").standardized.path

    /// The links of the "Di dalam modul" section of a page, in order.
    static func moduleHits(_ page: String) -> [String] {
        guard let section = page.components(separatedBy: #"<section class="module-hits""#).dropFirst().first else { return [] }
        let list = section.components(separatedBy: "</section>").first ?? ""
        return list.components(separatedBy: #"<li><a href=""#).dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    @Test func aWordOfTheShippedModulesFindsEveryModuleThatHoldsIt() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application { $0.coursesDirectory = Self.shippedCourses }

        try await app.test(.router) { client in
            // Where "Disdukcapil" stands in the shipped Markdown: tables, code, a chart's description, prose. The two
            // quizzes that hold it are not modules and are not searched.
            let spreadsheet = ["data-yang-rapi", "rumus-dasar", "grafik-dan-laporan"].map { "/kursus/pengelolaan-data-spreadsheet/\($0)" }
            let pembinaan = ["tujuan-program", "lokakarya-dan-seminar", "evaluasi-dan-umpan-balik"].map {
                "/kursus/penyusunan-program-pembinaan-asn/\($0)"
            }
            let page = String(buffer: try await client.execute(uri: "/?q=Disdukcapil", method: .get).body)
            let hits = Self.moduleHits(page)
            #expect(hits.count == 6 && Set(hits) == Set(spreadsheet + pembinaan), "\(hits)")
            #expect(page.contains("Di dalam modul: 6"))
            #expect(page.contains("<mark>Disdukcapil</mark>"))
            // No course names it: the page says so and points to the modules that hold it.
            #expect(page.contains(##"<a href="#di-dalam-modul">Tidak ada kursus yang cocok menurut judul"##))

            // A category narrows the modules as it narrows the courses.
            let technical = String(buffer: try await client.execute(uri: "/?q=disdukcapil&kategori=teknis", method: .get).body)
            #expect(Set(Self.moduleHits(technical)) == Set(spreadsheet))

            // A typo and a lower case still find the spreadsheet modules; English labels with the English interface.
            let typo = try await client.execute(uri: "/?q=disdukcapli", method: .get, headers: [.cookie: "lang=en"])
            let typoPage = String(buffer: typo.body)
            #expect(Set(Self.moduleHits(typoPage)) == Set(spreadsheet + pembinaan))
            #expect(typoPage.contains("Inside modules: 6"))
        }
    }

    @Test func theTwoWordCourseSearchStillFindsItsCourse() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application { $0.coursesDirectory = Self.shippedCourses }

        try await app.test(.router) { client in
            let page = String(buffer: try await client.execute(uri: "/?q=pembinaan+asn", method: .get).body)
            #expect(page.contains(">Penyusunan Program Pembinaan ASN<") && !page.contains(">Dasar Pengelolaan Data dengan Spreadsheet<"))
            #expect(page.contains(#"name="q" type="search" value="pembinaan asn""#))
            let hits = Self.moduleHits(page)
            #expect(!hits.isEmpty && hits.allSatisfy { $0.hasPrefix("/kursus/penyusunan-program-pembinaan-asn/") }, "\(hits)")
        }
    }

    @Test func aSnippetIsEscapedTextWithOnlyTheMarksAsHTML() async throws {
        let fixture = try SiteFixture()
        try fixture.writeCourse(firstModuleText: "Jangan menempel `<script>alert(1)</script>` ke sel.")
        let app = try await fixture.application()
        _ = try await fixture.addAccount("198503152010011001", name: "Budi", unit: "Pemkab Sleman")

        try await app.test(.router) { client in
            let anonymous = String(buffer: try await client.execute(uri: "/?q=script", method: .get).body)
            #expect(Self.moduleHits(anonymous) == ["/kursus/dasar/satu"])
            #expect(anonymous.contains("menempel &lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; ke sel."))
            #expect(!anonymous.contains("<script>alert"))

            // A signed-in learner finds the same modules, on a page of their own.
            var budi = Browser()
            _ = try await budi.signIn(client, nip: "198503152010011001", password: "rahasia-123")
            let response = try await budi.get(client, "/?q=script")
            #expect(Self.moduleHits(String(buffer: response.body)) == ["/kursus/dasar/satu"])
            #expect(response.headers[.cacheControl] == "private, no-store")
        }
    }
}
