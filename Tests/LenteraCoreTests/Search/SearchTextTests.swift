import Testing

@testable import LenteraCore

/// Issue 12, "Search inside the modules": how search reads words, stems and typos.
@Suite struct SearchTextTests {
    @Test func wordsAreFoldedAndKeepTheirPlaceInTheText() {
        let words = SearchText.words(in: "Résumé CAFÉ, naïve—data_2025 (Disdukcapil)")
        #expect(words.map(\.folded) == ["resume", "cafe", "naive", "data", "2025", "disdukcapil"])
        // Ranges are UTF-8 bytes: "Résumé" is 8 of them, then a space, then "CAFÉ" is 5.
        #expect(words[0].range == 0..<8)
        #expect(words[1].range == 9..<14)
        #expect(SearchText.fold("ÉDUCATION Ñandú") == "education nandu")
    }

    @Test func accentsWrittenAsCombiningMarksFoldLikePrecomposedOnes() {
        let combining = SearchText.words(in: "Re\u{0301}sume\u{0301}").map(\.folded)
        #expect(combining == ["resume"])
    }

    @Test func indonesianAffixesMeetAtAStem() {
        #expect(SearchText.stems(of: "pelatihan").contains("latih"))
        #expect(SearchText.stems(of: "melatih").contains("latih"))
        #expect(SearchText.stems(of: "pengelolaan").contains("kelola"))  // peng- swallows the k of kelola
        #expect(SearchText.stems(of: "pembinaan").contains("bina"))
        #expect(SearchText.stems(of: "dilaksanakan").contains("laksana"))
        #expect(SearchText.stems(of: "kegiatannya").contains("giat"))
        // Too short to lose anything, and words with digits are left alone.
        #expect(SearchText.stems(of: "makan") == ["makan"])
        #expect(SearchText.stems(of: "asn") == ["asn"])
        #expect(SearchText.stems(of: "ke2025") == ["ke2025"])
    }

    @Test func typosAreCountedAsEdits() {
        #expect(SearchText.withinEdits(Array("spreadshet".utf8), Array("spreadsheet".utf8), limit: 1))
        #expect(SearchText.withinEdits(Array("rumsu".utf8), Array("rumus".utf8), limit: 1))  // two letters swapped
        #expect(!SearchText.withinEdits(Array("rumah".utf8), Array("rumus".utf8), limit: 1))
        #expect(SearchText.withinEdits(Array("rumah".utf8), Array("rumus".utf8), limit: 2))
        #expect(SearchText.typoAllowance(length: 3) == 0)
        #expect(SearchText.typoAllowance(length: 4) == 1)
        #expect(SearchText.typoAllowance(length: 7) == 1)
        #expect(SearchText.typoAllowance(length: 8) == 2)
    }
}
