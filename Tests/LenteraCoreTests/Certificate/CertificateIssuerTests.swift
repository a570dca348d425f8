import Foundation
import Testing

@testable import LenteraCore
@testable import LenteraContent
import LenteraTestSupport

/// Issue 12: a course names who issues its certificates in `<certificate>`, checked like the rest of course.xml, and
/// what it names goes over the server's settings one part at a time.
@Suite struct CertificateIssuerTests {
    /// The valid course with a `<certificate>` element written just before its first module.
    static func writeCourse(_ fixture: CoursesFixture, certificate: String) throws {
        try fixture.writeValidCourse()
        try fixture.write(
            "dasar/course.xml",
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <course lang="id" jp="2">
              <title>Kursus Dasar</title>
              \(certificate)
              <module id="pengantar" href="01-pengantar.md"/>
              <module id="lanjutan" href="02-lanjutan.md"/>
              <module id="penutup" href="03-penutup.md"/>
            </course>
            """
        )
    }

    static func load(_ fixture: CoursesFixture) -> CourseLoadResult {
        CourseLoader(coursesDirectory: fixture.root).loadCourse(folderName: "dasar")
    }

    @Test func aCourseNamesItsOfficeSignatoryAndLogo() throws {
        let fixture = try CoursesFixture()
        try Self.writeCourse(fixture, certificate: """
            <certificate>
                <office>BPSDM   Provinsi
                  Jawa Tengah</office>
                <signatory name="Dr. Siti Aminah, M.Si." title="Kepala BPSDM"/>
                <logo>berkas/logo.jpg</logo>
              </certificate>
            """)
        try fixture.write("dasar/berkas/logo.jpg", Data(CertificateImageTests.bytes("logo.jpg")))

        let result = Self.load(fixture)

        let course = try #require(result.course, "\(result.problems)")
        #expect(result.problems.isEmpty)
        #expect(course.certificateIssuer.office == "BPSDM Provinsi Jawa Tengah")
        #expect(course.certificateIssuer.signatory == CertificateIssuer.Signatory(name: "Dr. Siti Aminah, M.Si.", title: "Kepala BPSDM"))
        let logo = try CertificateImageTests.fixture("logo.jpg")
        #expect(course.certificateIssuer.logo == logo)
    }

    @Test func aCourseWithoutTheElementNamesNothing() throws {
        let fixture = try CoursesFixture()
        try fixture.writeValidCourse()
        let course = try #require(Self.load(fixture).course)
        #expect(course.certificateIssuer == CertificateIssuer())
    }

    @Test func settingsThatCannotBeUsedAreErrorsOnTheirLines() throws {
        let fixture = try CoursesFixture()
        try Self.writeCourse(fixture, certificate: """
            <certificate>
                <office> </office>
                <signatory title="Kepala"/>
                <logo>berkas/logo.png</logo>
                <stempel/>
              </certificate>
            """)
        // A PNG with an alpha channel (colour type 6).
        try fixture.write("dasar/berkas/logo.png", Data(CertificateImageTests.png(color: 6)))

        let result = Self.load(fixture)

        #expect(result.course == nil)
        let file = "dasar/course.xml"
        try #require(result.problems.map(\.line) == [5, 6, 7, 8], "\(result.problems)")
        #expect(result.problems[0].formatted(in: .english).hasPrefix("\(file):5: the <office> element is empty: write the name of the office"))
        #expect(result.problems[1] == Problem(file: file, line: 6, kind: .missingAttribute(element: "signatory", attribute: "name")))
        #expect(result.problems[2].formatted(in: .english).hasPrefix("\(file):7: logo \"berkas/logo.png\": the PNG logo has a palette or an alpha"))
        #expect(result.problems[2].formatted(in: .indonesian).contains("kanal alfa"))
        #expect(result.problems[3] == Problem(file: file, line: 8, kind: .unknownElement("stempel")))
        #expect(result.problems[3].severity == .warning)
    }

    @Test func aLogoMustBeAFileInTheCourseFolder() throws {
        let fixture = try CoursesFixture()
        let cases: [(String, ProblemKind)] = [
            ("berkas/tidak-ada.jpg", .missingImage("berkas/tidak-ada.jpg")), ("../rahasia.jpg", .pathOutsideCourse("../rahasia.jpg")),
        ]
        for (path, kind) in cases {
            try Self.writeCourse(fixture, certificate: "<certificate><logo>\(path)</logo></certificate>")
            #expect(Self.load(fixture).problems == [Problem(file: "dasar/course.xml", line: 4, kind: kind)])
        }
        try Self.writeCourse(fixture, certificate: "<certificate><logo>01-pengantar.md</logo></certificate>")
        #expect(Self.load(fixture).problems.first?.formatted(in: .english).hasSuffix("the logo must be a JPEG or PNG file") == true)
    }

    @Test func oneCertificateElementAndOneOfEachSetting() throws {
        let fixture = try CoursesFixture()
        try Self.writeCourse(fixture, certificate: """
            <certificate><office>A</office><office>B</office></certificate>
              <certificate><office>C</office></certificate>
            """)
        let messages = Self.load(fixture).problems.map { $0.formatted(in: .english) }
        #expect(messages == [
            "dasar/course.xml:4: <certificate> may hold one <office>; the first is on line 4",
            "dasar/course.xml:5: course.xml may hold one <certificate>; the first is on line 4",
        ])
    }

    @Test func aCoursesSettingsGoOverTheServersOnePartAtATime() throws {
        let logo = try CertificateImageTests.fixture("logo.png")
        let signatory = CertificateIssuer.Signatory(name: "Budi", title: "Kepala")
        let server = CertificateIssuer(office: "BKPSDM Kabupaten Sleman", signatory: signatory, logo: logo)
        let course = CertificateIssuer(office: "BPSDM Provinsi Jawa Tengah")
        #expect(course.overriding(server) == CertificateIssuer(office: "BPSDM Provinsi Jawa Tengah", signatory: server.signatory, logo: logo))
        #expect(CertificateIssuer().overriding(server) == server)
        #expect(server.overriding(CertificateIssuer()) == server)
    }
}
