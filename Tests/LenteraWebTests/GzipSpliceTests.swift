import CompressNIO
import Foundation
import NIOCore
import Testing

@testable import LenteraWeb

@Suite struct GzipSpliceTests {
    @Test func crc32GivesTheCheckValueAndCombinesTwoTexts() {
        #expect(CRC32.checksum(ByteBuffer(string: "123456789")) == 0xCBF4_3926)
        #expect(CRC32.checksum(ByteBuffer()) == 0)

        let first = ByteBuffer(string: "<p>Kemajuan: 100% ✓</p>")
        let second = ByteBuffer(string: String(repeating: "modul pembinaan ", count: 700))
        var joined = first
        joined.writeImmutableBuffer(second)
        let shift = CRC32.shift(byteCount: second.readableBytes)
        #expect(CRC32.combine(CRC32.checksum(first), CRC32.checksum(second), secondShift: shift) == CRC32.checksum(joined))
        #expect(CRC32.combine(0, CRC32.checksum(second), secondShift: shift) == CRC32.checksum(second))
        #expect(CRC32.combine(CRC32.checksum(first), 0, secondShift: CRC32.shift(byteCount: 0)) == CRC32.checksum(first))
    }

    @Test func piecesCompressedApartInflateAsOneMember() throws {
        // Static parts as compressed at load, fragments as compressed per request, an empty piece between them.
        let texts = [
            String(repeating: "<p>Pengembangan kompetensi ASN dilaksanakan secara terencana.</p>\n", count: 300),
            #"<a href="/beranda">Beranda ✓</a><form class="inline" method="post" action="/keluar">"#, "",
            String(repeating: "<li><a href=\"/kursus/dasar/satu\">Modul Satu</a></li>\n", count: 80), "<!--/lentera:akun-->",
        ]
        let whole = try GzipSplice.stream(GzipSplice.staticConfiguration)
        let fragment = try GzipSplice.stream(GzipSplice.fragmentConfiguration)
        let pieces = try texts.enumerated().map { index, text in
            try GzipSplice.piece(ByteBuffer(string: text), stream: index % 2 == 0 ? whole : fragment)
        }
        var member = GzipSplice.member(pieces)
        #expect(member.readableBytes < texts.joined().utf8.count / 10)

        // zlib checks the CRC-32 and the length in the trailer.
        let inflated = try member.decompress(with: .gzip())
        #expect(String(buffer: inflated) == texts.joined())
        var empty = GzipSplice.member([])
        #expect(try empty.decompress(with: .gzip()).readableBytes == 0)
    }

    @Test func aPageCutAtItsRegionsIsGzippedAsItReadsFilledIn() throws {
        let article = (1...40).map { "<p>Paragraf \($0): pengembangan kompetensi ASN dilaksanakan secara terencana.</p>" }
        let html = [
            #"<!DOCTYPE html><html><head><title>Modul</title></head><body><nav><!--lentera:akun--><a href="/masuk">Masuk</a>"#,
            #"<!--/lentera:akun--></nav><main><!--lentera:kemajuan--><!--/lentera:kemajuan-->"#, article.joined(separator: "\n"),
            "<!--lentera:umpan-balik--><!--/lentera:umpan-balik--></main></body></html>\n",
        ].joined()
        let page = try SplicedPage(StaticResource(html: html, modified: Date()))
        #expect(page.regions == ["akun", "kemajuan", "umpan-balik"])
        #expect(page.splices)
        #expect(String(buffer: page.text(filling: [:])) == html)  // placeholders where nothing is filled in

        let fragments = ["akun": #"<a href="/beranda">Beranda ✓</a>"#, "kemajuan": #"<section id="kemajuan" data-sesi="abc">50%</section>"#]
            .mapValues(FragmentHTML.init)
        let filled = String(buffer: page.text(filling: fragments))
        #expect(filled.contains(#"<!--lentera:akun--><a href="/beranda">Beranda ✓</a><!--/lentera:akun-->"#) && !filled.contains("Masuk"))
        #expect(filled.contains(#"<!--lentera:kemajuan--><section id="kemajuan" data-sesi="abc">50%</section><!--/lentera:kemajuan-->"#))
        let kept = GzipSplice.Pieces()
        let first = try page.gzip(filling: fragments, kept: kept)
        var gzipped = first
        let inflated = try gzipped.decompress(with: .gzip())
        #expect(String(buffer: inflated) == filled)
        #expect(kept.count == 2)

        // Again with the same fragments, their pieces as kept: the same bytes. With one fragment changed, only that
        // one is compressed anew, and the page reads with it.
        #expect(try page.gzip(filling: fragments, kept: kept) == first)
        var changed = fragments
        changed["kemajuan"] = FragmentHTML(#"<section id="kemajuan" data-sesi="abc">75%</section>"#)
        var again = try page.gzip(filling: changed, kept: kept)
        #expect(kept.count == 3)
        #expect(String(buffer: try again.decompress(with: .gzip())) == String(buffer: page.text(filling: changed)))

        // A fragment the fragment cache keeps carries its own piece: made once, used again without the text cache.
        let own = FragmentHTML(KeptFragment(html: #"<section id="kemajuan" data-sesi="abc">90%</section>"#))
        var ownFragments = fragments
        ownFragments["kemajuan"] = own
        var withOwn = try page.gzip(filling: ownFragments, kept: kept)
        #expect(kept.count == 3)
        #expect(String(buffer: try withOwn.decompress(with: .gzip())) == String(buffer: page.text(filling: ownFragments)))
        #expect(try page.gzip(filling: ownFragments, kept: kept) == page.gzip(filling: ownFragments, kept: GzipSplice.Pieces()))
    }

    @Test func aPageWithARegionInEveryCardIsCompressedWhole() throws {
        // Cards compressed one by one would lose most of what gzip finds across them.
        let cards = (1...50).map { number in
            #"<li class="card"><h2><a href="/kursus/k\#(number)">Kursus \#(number)</a></h2>"#
                + "<!--lentera:kursus:k\(number)--><!--/lentera:kursus:k\(number)--></li>"
        }
        let catalogue = try SplicedPage(StaticResource(html: "<ul>" + cards.joined(separator: "\n") + "</ul>", modified: Date()))
        #expect(catalogue.regions.count == 50 && catalogue.regions[6] == "kursus:k7")
        #expect(!catalogue.splices)
        let standing = ["kursus:k7": FragmentHTML(#"<p class="standing done">Selesai</p>"#)]
        var gzipped = try catalogue.gzip(filling: standing, kept: GzipSplice.Pieces())
        #expect(try gzipped.decompress(with: .gzip()) == catalogue.text(filling: standing))
    }
}
