import CompressNIO
import NIOCore
import Synchronization

/// A page rendered at load, cut at its personal regions (`<!--lentera:name-->…<!--/lentera:name-->`, see
/// ``Personalizer``), with its static parts compressed once: a signed-in answer is these parts with the person's
/// fragments in the regions, gzipped by compressing only the fragments (``GzipSplice``).
struct SplicedPage: Sendable {
    /// The page outside its regions, markers included: one part more than there are regions.
    var parts: [GzipSplice.Piece]
    /// The regions' names, in page order.
    var regions: [String]
    /// What each region holds for anonymous visitors, kept where a request brings no fragment for it.
    var placeholders: [GzipSplice.Piece]
    /// The ETag of the page as rendered, which changes with its content.
    var etag: String
    /// Whether gzip answers are the parts as compressed at load joined with the fragments compressed per request.
    ///
    /// Parts compressed apart lose what gzip finds across them: on a module or course page (three or four regions)
    /// a tenth to a fifth of the page compressed whole, for a tenth of the work per request. Where they would lose more
    /// than a quarter (the catalogue, with a region in every card), the page is compressed whole per request instead.
    var splices: Bool

    /// Cuts a rendered page at its regions and compresses the parts.
    init(_ resource: StaticResource) throws {
        let body = resource.body
        var html = String(buffer: body)
        // Byte offsets of each region's content. The page is Swift's own UTF-8, so its bytes are the buffer's.
        let found: [(name: String, start: Int, end: Int)] = html.withUTF8 { bytes in
            var regions: [(name: String, start: Int, end: Int)] = []
            var from = 0
            while let opening = Personalizer.find("<!--lentera:", in: bytes, from: from),
                let close = Personalizer.find("-->", in: bytes, from: opening.upperBound)
            {
                let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[opening.upperBound..<close.lowerBound]), as: UTF8.self)
                guard let end = Personalizer.find("<!--/lentera:\(name)-->", in: bytes, from: close.upperBound) else { break }
                regions.append((name: name, start: close.upperBound, end: end.lowerBound))
                from = end.upperBound
            }
            return regions
        }
        func slice(_ from: Int, _ to: Int) -> ByteBuffer {
            body.getSlice(at: body.readerIndex + from, length: to - from) ?? ByteBuffer()
        }
        let stream = try GzipSplice.stream(GzipSplice.staticConfiguration)
        var parts: [GzipSplice.Piece] = []
        var placeholders: [GzipSplice.Piece] = []
        var position = 0
        for region in found {
            parts.append(try GzipSplice.piece(slice(position, region.start), stream: stream))
            placeholders.append(try GzipSplice.piece(slice(region.start, region.end), stream: stream))
            position = region.end
        }
        parts.append(try GzipSplice.piece(slice(position, body.readableBytes), stream: stream))
        self.parts = parts
        self.placeholders = placeholders
        regions = found.map { $0.name }
        etag = resource.etag
        let overhead = GzipSplice.header.count + GzipSplice.finalBlock.count + 8
        let apart = (parts + placeholders).reduce(overhead) { $0 + $1.deflated.readableBytes }
        let whole = resource.gzipBody?.readableBytes ?? body.readableBytes
        splices = apart <= whole + whole / 4 + 128
    }

    /// The page with `fragments` (HTML by region name) in their regions.
    func text(filling fragments: [String: FragmentHTML]) -> ByteBuffer {
        var size = 0
        for index in parts.indices { size += parts[index].text.readableBytes }
        for index in regions.indices { size += fragments[regions[index]]?.html.utf8.count ?? placeholders[index].text.readableBytes }
        var page = ByteBufferAllocator().buffer(capacity: size)
        for index in regions.indices {
            page.writeImmutableBuffer(parts[index].text)
            if let fragment = fragments[regions[index]] {
                page.writeString(fragment.html)
            } else {
                page.writeImmutableBuffer(placeholders[index].text)
            }
        }
        page.writeImmutableBuffer(parts[parts.count - 1].text)
        return page
    }

    /// The same page gzipped: the static parts as compressed at load, the fragments compressed now, one gzip member
    /// (or the whole page compressed now, where the page does not splice well: ``splices``).
    ///
    /// Each fragment is compressed on its own, never with the page around it or any text the request sent, so the
    /// length of the answer says nothing about the CSRF token in it (no BREACH); a fragment compressed before is
    /// kept with it (``KeptFragment``), or by its text in `kept`.
    func gzip(filling fragments: [String: FragmentHTML], kept: GzipSplice.Pieces) throws -> ByteBuffer {
        guard splices else {
            var page = text(filling: fragments)
            return try page.compress(with: .gzip(configuration: PrivatePage.pageConfiguration))
        }
        var stream: ZlibCompressor?
        var pieces: [GzipSplice.Piece] = []
        pieces.reserveCapacity(parts.count + regions.count)
        for index in regions.indices {
            pieces.append(parts[index])
            if let fragment = fragments[regions[index]] {
                let make = { (html: String) throws -> GzipSplice.Piece in
                    let compressor = try stream ?? GzipSplice.stream(GzipSplice.fragmentConfiguration)
                    stream = compressor
                    return try GzipSplice.piece(ByteBuffer(string: html), stream: compressor)
                }
                if let own = fragment.kept {
                    pieces.append(try own.gzipPiece(make: make))
                } else {
                    pieces.append(try kept.piece(fragment.html) { try make(fragment.html) })
                }
            } else {
                pieces.append(placeholders[index])
            }
        }
        pieces.append(parts[parts.count - 1])
        return GzipSplice.member(pieces)
    }
}

/// Holds a page's ``SplicedPage``, made the first time a signed-in person asks for the page and kept with the site
/// snapshot (start-up compresses nothing more, and pages nobody reads signed in are never cut).
final class SplicedPageBox: Sendable {
    private let stored = Mutex<SplicedPage?>(nil)

    /// The page, made by `make` the first time (two requests at once may both make it; either result is the same).
    func page(making make: () throws -> SplicedPage) rethrows -> SplicedPage {
        if let page = stored.withLock({ $0 }) { return page }
        let page = try make()
        stored.withLock { $0 = page }
        return page
    }
}
