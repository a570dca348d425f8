import Foundation
import Testing

@testable import LenteraCore

/// Issue 12: names and titles reach the PDF as WinAnsi text the standard fonts can show, centred and fitted with
/// Helvetica's own widths.
@Suite struct FittedTextTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func textBecomesWinAnsiWithAccentsKeptWhereTheyCanBe() {
        #expect(WinAnsi.encode("Budi Santoso") == Self.bytes("Budi Santoso"))
        #expect(WinAnsi.encode("Zoë Ñúñez") == [0x5A, 0x6F, 0xEB, 0x20, 0xD1, 0xFA, 0xF1, 0x65, 0x7A])  // Latin-1 as it is
        #expect(WinAnsi.encode("e\u{301}") == [0xE9])  // an accent typed apart is joined to its letter
        let punctuation: [UInt8] = [0x93, 0xD6, 0x6C, 0xE7, 0xFC, 0x94, 0x20, 0x96, 0x20, 0x95, 0x20, 0x80, 0x20, 0x85, 0x20, 0x97]
        #expect(WinAnsi.encode("“Ölçü” – • € … —") == punctuation)
        #expect(WinAnsi.encode("Łukasz Đorđe ő ŝ ﬁ") == Self.bytes("Lukasz Dorde o s fi"))  // no WinAnsi letter: the closest
        #expect(WinAnsi.encode("漢字 ok") == Self.bytes("?? ok"))
        #expect(WinAnsi.encode("  a\tb\n\nc  ") == Self.bytes("a b c"))
        #expect(WinAnsi.encode("ka\u{AD}ta\u{200B}kan ‐ −") == Self.bytes("katakan - -"))  // soft hyphen, zero-width space, dashes
    }

    @Test func widthsAreAdobesHelveticaMetrics() {
        #expect(StandardFont.helvetica.units(of: Self.bytes("Hello")) == 722 + 556 + 222 + 222 + 556)
        #expect(StandardFont.helveticaBold.units(of: Self.bytes("Hello")) == 722 + 556 + 278 + 278 + 611)
        #expect(StandardFont.helvetica.units(of: Self.bytes("@W")) == 1015 + 944)
        #expect(StandardFont.helvetica.units(of: [0x95, 0xE9, 0x80]) == 350 + 556 + 556)  // bullet, é, euro
        #expect(StandardFont.helveticaWidths.count == 224 && StandardFont.helveticaBoldWidths.count == 224)
        #expect(StandardFont.helvetica.width(of: Self.bytes("ii"), size: 10) == 4.44)
    }

    @Test func aShortTitleKeepsItsSizeOnOneLine() {
        let fitted = FittedText(WinAnsi.encode("Kursus Dasar"), font: .helveticaBold, size: 19, minimum: 10, width: 700, maximumLines: 2)
        #expect(fitted.size == 19 && fitted.lines == [Self.bytes("Kursus Dasar")])
    }

    @Test func aLongTitleShrinksALittleThenBreaksIntoTwoBalancedLines() {
        let slightly = "Penyusunan Program Pembinaan Aparatur Sipil Negara di Lingkungan Daerah"
        let shrunk = FittedText(WinAnsi.encode(slightly), font: .helveticaBold, size: 19, minimum: 10, width: 700, maximumLines: 2)
        #expect(shrunk.lines.count == 1 && shrunk.size < 19 && shrunk.size >= 19 * 0.8)
        #expect(StandardFont.helveticaBold.width(of: shrunk.lines[0], size: shrunk.size) <= 700)

        let title = "Penyusunan Program Pembinaan Aparatur Sipil Negara (ASN) Berbasis Analisis Kebutuhan Pelatihan dan Evaluasi Kirkpatrick"
        let fitted = FittedText(WinAnsi.encode(title), font: .helveticaBold, size: 19, minimum: 10, width: 700, maximumLines: 2)
        #expect(fitted.lines.count == 2 && fitted.size >= 10)
        #expect(fitted.lines.map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ") == title)  // broken at a space
        let widths = fitted.lines.map { StandardFont.helveticaBold.width(of: $0, size: fitted.size) }
        #expect(widths.allSatisfy { $0 <= 700 })
        #expect(abs(widths[0] - widths[1]) < 150)  // balanced, not one full line and a word
        #expect(abs(fitted.height - fitted.size * (FittedText.ascent + FittedText.descent + FittedText.leading)) < 1e-9)
    }

    @Test func textTooLongForItsLinesIsCutWithAnEllipsisAtTheSmallestSize() {
        let words = Array(repeating: "Pengembangan Kompetensi", count: 40).joined(separator: " ")
        let fitted = FittedText(WinAnsi.encode(words), font: .helveticaBold, size: 19, minimum: 10, width: 700, maximumLines: 2)
        #expect(fitted.size == 10 && fitted.lines.count == 2)
        #expect(fitted.lines[1].last == WinAnsi.ellipsis && fitted.lines[0].last != 0x20)
        #expect(fitted.lines.allSatisfy { StandardFont.helveticaBold.width(of: $0, size: 10) <= 700 })

        let one = FittedText(WinAnsi.encode(words), font: .helvetica, size: 12, minimum: 8, width: 300, maximumLines: 1)
        #expect(one.lines.count == 1 && one.lines[0].last == WinAnsi.ellipsis && one.size == 8)
    }

    @Test func anAddressWithoutSpacesBreaksBetweenCharacters() {
        let address = "https://lentera.bkpsdm.kabupaten-contoh.example.go.id/verifikasi/LTR-2026-XT7S-887T-QJMW"
        let fitted = FittedText(WinAnsi.encode(address), font: .helvetica, size: 9, minimum: 6, width: 150, maximumLines: 2)
        #expect(fitted.lines.count == 2 && Array(fitted.lines.joined()) == Self.bytes(address))
        #expect(fitted.lines.allSatisfy { StandardFont.helvetica.width(of: $0, size: fitted.size) <= 150 })
    }

    @Test func emptyTextHasNoLinesAndNoHeight() {
        let fitted = FittedText([], font: .helvetica, size: 12, minimum: 8, width: 300, maximumLines: 2)
        #expect(fitted.lines.isEmpty && fitted.height == 0)
    }
}
