import Foundation
import Testing

@testable import LenteraCore

/// Issue 12: the certificate's page, as drawn: the QR code module for module, the logo embedded, the issuer's parts
/// only where they are named, long names and titles kept on the page.
@Suite struct CertificatePDFTests {
    /// The lines of a content stream, as bytes (the text inside strings is WinAnsi, not UTF-8).
    static func lines(_ content: PDFFile) -> [[UInt8]] {
        content.bytes.split(separator: 0x0A).map { Array($0) }
    }

    /// A line's operators, with the bytes of any string in it read as Latin-1 (one character a byte).
    static func text(_ line: [UInt8]) -> String {
        String(line.map { Character(Unicode.Scalar($0)) })
    }

    /// The bytes a `BT … (string) Tj ET` line shows, its escapes undone.
    static func shown(_ line: [UInt8]) -> [UInt8]? {
        guard let open = line.firstIndex(of: 0x28), line.count >= open + 8 else { return nil }
        var shown: [UInt8] = []
        var escaped = false
        for byte in line[(open + 1)..<(line.count - " Tj ET".count - 1)] {
            if byte == 0x5C, !escaped {
                escaped = true
                continue
            }
            escaped = false
            shown.append(byte)
        }
        return shown
    }

    @Test func theQRCodeIsDrawnModuleForModule() throws {
        let text = PDFWriterTests.sampleText
        let lines = Self.lines(try PDFFile(CertificatePDF.document(text, issuer: CertificateIssuer())).contentStream()).map(Self.text)
        let start = try #require(lines.firstIndex { $0.hasPrefix("q 0 g ") && $0.hasSuffix(" cm") })
        let end = try #require(lines[start...].firstIndex(of: "f Q"))
        var dark: Set<[Int]> = []
        for line in lines[(start + 1)..<end] {
            let numbers = line.split(separator: " ").prefix(4).compactMap { Int($0) }
            #expect(numbers.count == 4 && line.hasSuffix(" 1 re"), "\(line)")
            guard numbers.count == 4 else { continue }
            for x in numbers[0]..<(numbers[0] + numbers[2]) { dark.insert([x, numbers[1]]) }
        }
        let code = try QRCode(text: text.verificationURL)
        var expected: Set<[Int]> = []
        for y in 0..<code.size {
            for x in 0..<code.size where code.isDark(x: x, y: y) { expected.insert([x, y]) }
        }
        #expect(dark == expected)
        // A module is a 120-point square's share, with four modules of quiet zone on each side; y runs down.
        let module = PDFWriter.number(120 / Double(code.size + 8))
        #expect(lines[start].hasPrefix("q 0 g \(module) 0 0 -\(module) "))
    }

    @Test func aLogoIsEmbeddedAsItsFileAndDrawnAboveTheOffice() throws {
        let jpeg = try CertificateImageTests.fixture("logo.jpg")
        let file = PDFFile(CertificatePDF.document(PDFWriterTests.sampleText, issuer: CertificateIssuer(office: "BKPSDM", logo: jpeg)))
        let entries = "/Subtype /Image /Width 24 /Height 12 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode"
        #expect(file.contains(entries + " /Length \(jpeg.data.count) >>\nstream\n"))
        let original = try CertificateImageTests.bytes("logo.jpg")
        #expect(file.offset(of: original) != nil)  // the JPEG file as it is
        #expect(file.contains("/XObject << /Im1 "))
        let content = Self.lines(try file.contentStream()).map(Self.text)
        let logo = try #require(content.firstIndex { $0.hasSuffix(" cm /Im1 Do Q") })
        let office = try #require(content.firstIndex { $0.contains("(BKPSDM) Tj") })
        #expect(logo < office)
        // Scaled into 180 by 64 points at most, keeping its proportions: 24 × 12 pixels become 128 × 64 points.
        #expect(content[logo].hasPrefix("q 128 0 0 64 "))

        let png = try CertificateImageTests.fixture("logo.png")
        let withPNG = PDFFile(CertificatePDF.document(PDFWriterTests.sampleText, issuer: CertificateIssuer(logo: png)))
        #expect(withPNG.contains("/Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors 3 /BitsPerComponent 8 /Columns 20 >>"))
        #expect(withPNG.offset(of: png.data) != nil)
    }

    @Test func whatTheIssuerDoesNotNameIsNotPrinted() throws {
        let file = PDFFile(CertificatePDF.document(PDFWriterTests.sampleText, issuer: CertificateIssuer()))
        #expect(!file.contains("/XObject") && !file.contains("/Im1"))
        let content = try file.contentStream()
        #expect(!content.contains(" l S Q") && !content.contains("BKPSDM"))  // no line to sign on, no office

        let untitled = CertificateIssuer(signatory: CertificateIssuer.Signatory(name: "Siti Aminah"))
        let signed = try PDFFile(CertificatePDF.document(PDFWriterTests.sampleText, issuer: untitled)).contentStream()
        #expect(signed.contains("(Siti Aminah) Tj") && signed.contains(" l S Q"))
    }

    @Test func longNamesAndTitlesStayOnThePage() throws {
        var text = PDFWriterTests.sampleText
        text.name = "Raden Roro Ayu Kusumawardhani Sekar Kinasih Pramesti Wulandari Prameswari Hadiningrat Soerjosoemarno"
        text.courseTitle = String(repeating: "Penyusunan Program Pembinaan Aparatur Sipil Negara Berbasis Analisis Kebutuhan ", count: 3)
        let issuer = CertificateIssuer(
            office: String(repeating: "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia ", count: 3),
            signatory: CertificateIssuer.Signatory(name: "Prof. Dr. Ir. Raden Mas Soerjosoemarno Hadiningrat, M.Sc., Ph.D.",
                                                   title: "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kabupaten Sleman"),
            logo: try CertificateImageTests.fixture("logo.png")
        )
        let content = try PDFFile(CertificatePDF.document(text, issuer: issuer)).contentStream()
        #expect(content.contains("(Raden Roro Ayu Kusumawardhani Sekar Kinasih Pramesti) Tj"))
        #expect(content.contains("(Wulandari Prameswari Hadiningrat Soerjosoemarno) Tj"))
        // Every line of text starts inside the frame and, measured in its font and size, ends inside it too.
        var shownLines = 0
        for line in Self.lines(content) where Self.text(line).hasPrefix("BT ") {
            let parts = Self.text(line).split(separator: " ")
            let font: StandardFont = parts.contains("/F2") ? .helveticaBold : .helvetica
            let operatorAt = try #require(parts.firstIndex(of: "Tf"))
            let size = try #require(Double(parts[operatorAt - 1]))
            let x = try #require(Double(parts[operatorAt + 1]))
            let y = try #require(Double(parts[operatorAt + 2]))
            let shown = try #require(Self.shown(line))
            #expect(x >= 27 && x + font.width(of: shown, size: size) <= 815 && y >= 27 && y <= 568, "\(Self.text(line))")
            shownLines += 1
        }
        #expect(shownLines > 20)
    }
}
