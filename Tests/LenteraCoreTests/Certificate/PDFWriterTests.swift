import Foundation
import Testing

@testable import LenteraCore

/// A PDF file read the way a reader starts: from `startxref` at the end to the cross-reference table, and from there to
/// each object; enough to check the bytes ``PDFWriter`` writes without a PDF library.
struct PDFFile {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Where `text` first occurs at or after `start`, or last occurs when `last`.
    func offset(of text: String, from start: Int = 0, last: Bool = false) -> Int? {
        offset(of: Array(text.utf8), from: start, last: last)
    }

    /// Where `needle` first occurs at or after `start`, or last occurs when `last`.
    func offset(of needle: [UInt8], from start: Int = 0, last: Bool = false) -> Int? {
        guard !needle.isEmpty, bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        let candidates = Array(start...(bytes.count - needle.count))
        let ordered = last ? Array(candidates.reversed()) : candidates
        return ordered.first { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    /// Whether the file holds `text`, as bytes.
    func contains(_ text: String) -> Bool {
        offset(of: text) != nil
    }

    /// Whether the bytes at `offset` are `text`.
    func has(_ text: String, at offset: Int) -> Bool {
        let needle = Array(text.utf8)
        return offset >= 0 && offset + needle.count <= bytes.count && bytes[offset..<(offset + needle.count)].elementsEqual(needle)
    }

    /// The ASCII line that starts at `offset`, without its line feed.
    func line(at offset: Int) -> String {
        String(decoding: bytes[offset...].prefix { $0 != 0x0A }, as: UTF8.self)
    }

    /// The offsets the cross-reference table gives for objects 1, 2, …, read from `startxref`.
    func crossReferences() throws -> [Int] {
        let startxref = try #require(offset(of: "startxref\n", last: true))
        let table = try #require(Int(line(at: startxref + "startxref\n".count)))
        #expect(has("xref\n0 ", at: table))
        let count = try #require(Int(line(at: table + "xref\n0 ".count)))
        let first = table + "xref\n0 \(count)\n".count
        #expect(has("0000000000 65535 f \n", at: first))
        return try (1..<count).map { number in
            let entry = first + 20 * number
            #expect(has(" 00000 n \n", at: entry + 10), "entry \(number)")
            return try #require(Int(String(decoding: bytes[entry..<(entry + 10)], as: UTF8.self)))
        }
    }

    /// The data of object `number`'s stream, `/Length` bytes after `stream` and a line feed.
    func streamData(ofObject number: Int) throws -> [UInt8] {
        let start = try crossReferences()[number - 1]
        let lengthAt = try #require(offset(of: "/Length ", from: start)) + "/Length ".count
        let length = try #require(Int(line(at: lengthAt).prefix { $0.isNumber }))
        let data = try #require(offset(of: "stream\n", from: start)) + "stream\n".count
        #expect(has("\nendstream", at: data + length))
        return Array(bytes[data..<(data + length)])
    }

    /// The page's content stream, found through `/Contents N 0 R`.
    func contentStream() throws -> PDFFile {
        let contents = try #require(offset(of: "/Contents "))
        let number = try #require(Int(line(at: contents + "/Contents ".count).prefix { $0.isNumber }))
        return PDFFile(try streamData(ofObject: number))
    }
}

/// Issue 12, "Certificates people can hand in": the PDF writer's bytes are a file every reader opens.
@Suite struct PDFWriterTests {
    static let sampleText = CertificateText(
        heading: "Sertifikat Penyelesaian Kursus", awardedTo: "diberikan kepada", name: "Budi Santoso", nip: "NIP ••••••••••••••1001",
        forCompleting: "atas penyelesaian kursus", courseTitle: "Dasar Pengelolaan Data (Spreadsheet) \\ Lanjutan",
        facts: [CertificateFact("JP", "2"), CertificateFact("Selesai", "6 Desember 2026"), CertificateFact("Nilai", "80")],
        numberLabel: "Nomor sertifikat", number: "LTR-2026-XT7S-887T-QJMW", verifyAt: "Periksa keaslian di",
        verificationURL: "https://lentera.example.go.id/verifikasi/LTR-2026-XT7S-887T-QJMW"
    )
    static let sampleIssuer = CertificateIssuer(
        office: "BKPSDM Kabupaten Sleman", signatory: CertificateIssuer.Signatory(name: "Dr. Siti Aminah, M.Si.", title: "Kepala BKPSDM")
    )

    @Test func theFileIsAPDF14WithATrailerAtTheEnd() {
        let file = PDFFile(CertificatePDF.document(Self.sampleText, issuer: Self.sampleIssuer))
        #expect(file.has("%PDF-1.4\n%", at: 0))
        #expect(file.bytes[10..<14].allSatisfy { $0 > 127 })  // the binary comment
        #expect(file.line(at: file.bytes.count - 6) == "%%EOF")
        #expect(file.contains("trailer\n<< /Size "))
        #expect(file.contains("/Type /Catalog") && file.contains("/MediaBox [0 0 842 595]") && file.contains("/Count 1 >>"))
        #expect(file.contains("/BaseFont /Helvetica /Encoding /WinAnsiEncoding") && file.contains("/BaseFont /Helvetica-Bold /Encoding"))
    }

    @Test func everyCrossReferencePointsAtItsObject() throws {
        let logo = try CertificateImageTests.fixture("logo.jpg")
        for issuer in [Self.sampleIssuer, CertificateIssuer(), CertificateIssuer(logo: logo)] {
            let file = PDFFile(CertificatePDF.document(Self.sampleText, issuer: issuer))
            let offsets = try file.crossReferences()
            #expect(offsets.count >= 6)
            for (index, offset) in offsets.enumerated() {
                #expect(file.line(at: offset) == "\(index + 1) 0 obj", "object \(index + 1) at \(offset)")
            }
            #expect(offsets == offsets.sorted())
        }
    }

    @Test func theSameCertificateGivesTheSameBytes() {
        let first = CertificatePDF.document(Self.sampleText, issuer: Self.sampleIssuer)
        #expect(CertificatePDF.document(Self.sampleText, issuer: Self.sampleIssuer) == first)
        var other = Self.sampleText
        other.number = "LTR-2026-XT7S-887T-QJMX"
        #expect(CertificatePDF.document(other, issuer: Self.sampleIssuer) != first)
    }

    @Test func theContentStreamShowsEveryTextUncompressed() throws {
        let content = try PDFFile(CertificatePDF.document(Self.sampleText, issuer: Self.sampleIssuer)).contentStream()
        for text in [
            "Sertifikat Penyelesaian Kursus", "diberikan kepada", "Budi Santoso", "atas penyelesaian kursus", "JP", "2", "Selesai",
            "6 Desember 2026", "Nilai", "80", "Nomor sertifikat", "LTR-2026-XT7S-887T-QJMW", "Periksa keaslian di",
            "https://lentera.example.go.id/verifikasi/LTR-2026-XT7S-887T-QJMW", "BKPSDM Kabupaten Sleman", "Dr. Siti Aminah, M.Si.",
            "Kepala BKPSDM",
        ] {
            #expect(content.contains("(\(text)) Tj"), "\(text)")
        }
        // The title's parentheses and backslash are escaped; the NIP's bullets are WinAnsi's 0x95.
        #expect(content.contains(#"(Dasar Pengelolaan Data \(Spreadsheet\) \\ Lanjutan) Tj"#))
        let nip = Array("(NIP ".utf8) + [UInt8](repeating: 0x95, count: 14) + Array("1001) Tj".utf8)
        #expect(content.offset(of: "(NIP ").map { Array(content.bytes[$0..<($0 + nip.count)]) == nip } == true)
        #expect(content.contains(" Td (Budi Santoso) Tj ET") && content.contains("/F2 "))
    }

    @Test func stringsEscapeParenthesesAndBackslashes() {
        #expect(PDFWriter.literal(Array("a (b) \\ c".utf8)) == Array("(a \\(b\\) \\\\ c)".utf8))
        #expect(PDFWriter.literal(Array("))((".utf8)) == Array(#"(\)\)\(\()"#.utf8))
        #expect(PDFWriter.literal([]) == Array("()".utf8))
        #expect(PDFWriter.textString("Sé") == "<FEFF005300E9>")
    }

    @Test func numbersHaveAtMostTwoDecimalsAndNoExponent() {
        #expect(PDFWriter.number(842) == "842")
        #expect(PDFWriter.number(12.5) == "12.5")
        #expect(PDFWriter.number(0.04) == "0.04")
        #expect(PDFWriter.number(3.14159) == "3.14")
        #expect(PDFWriter.number(-2.999) == "-3")
        #expect(PDFWriter.number(-0.001) == "0")
        #expect(PDFWriter.number(1e-12) == "0" && PDFWriter.number(.nan) == "0")
    }
}
