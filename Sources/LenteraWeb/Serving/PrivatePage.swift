import CompressNIO
import Crypto
import Hummingbird
import LenteraCore
import NIOCore

/// Answers for signed-in pages that stay the same for the person until their progress or the course changes (the
/// catalogue, course and module pages; the home page is gzipped but not stored): `private, no-cache` with a strong ETag of the page and the
/// person's part, 304 without a body while the browser's copy still matches, gzip when the browser accepts it.
///
/// `private` keeps them out of shared caches (nginx, an office proxy); `no-cache` lets the browser keep its copy but
/// ask every time, so new progress shows at once. A stored copy holds the session's CSRF token, which is useless once
/// the session ends; sign-out asks the browser to drop its copies (`Clear-Site-Data`). Pages with something a stored
/// copy must not keep (the sign-in form, password forms, temporary passwords, staff reports) stay `private, no-store`
/// (``LearnerController/privateHTML(_:status:)``), and so do pages that show what the request sent (a search), which
/// are not compressed either.
enum PrivatePage {
    /// Stored by the browser only, and revalidated every time.
    static let cacheControl = "private, no-cache"
    /// The answer depends on the session cookie (and the language cookie) and on gzip.
    static let vary = "Cookie, Accept-Encoding"
    /// For a page rendered whole per request: a 16 KB window (2^14, as long as a page) and half the default state.
    static let pageConfiguration = ZlibConfiguration(windowSize: 14, compressionLevel: 6, memoryLevel: 7)

    /// The answer for a page of the site with the person's fragments (HTML by region name) in its regions.
    ///
    /// Gzip costs the fragments' compression only (about a tenth of the page; the whole page where it does not
    /// splice well, ``SplicedPage/splices``); a 304 costs no compression at all.
    static func respond(
        _ page: SplicedPage, fragments: [String: FragmentHTML], kept: GzipSplice.Pieces, signedIn: SignedIn, request: Request
    ) -> Response {
        var hasher = validator(for: signedIn)
        add(page.etag, to: &hasher)
        for region in page.regions {
            // A region left with its placeholder differs from one filled with the same text. A kept fragment adds
            // the digest of its text, kept with it; another its text.
            if let fragment = fragments[region] {
                if let kept = fragment.kept {
                    add("kept", to: &hasher)
                    kept.digest.withUnsafeBytes { hasher.update(bufferPointer: $0) }
                } else {
                    add("fragment", to: &hasher)
                    add(fragment.html, to: &hasher)
                }
            } else {
                add("placeholder", to: &hasher)
            }
        }
        return answer(
            tag: String(hasher.finalize().hexString.prefix(32)), request: request, identity: { page.text(filling: fragments) },
            gzipped: { try page.gzip(filling: fragments, kept: kept) }
        )
    }

    /// The answer for the home page, rendered whole for this request: gzipped, but never stored (`private, no-store`).
    ///
    /// It holds the person's name, units and yearly JP: on a shared office computer, Back after signing out must not
    /// show it from the browser's cache, and browsers that ignore `Clear-Site-Data` (Firefox before 138, Safari
    /// before 17) would. Its gzip is safe for the same reason as the fragments': nothing the request sent is on it.
    static func respond(html: String, request: Request) -> Response {
        var body = ByteBuffer(string: html)
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "private, no-store"
        headers[.vary] = vary
        if ResourceResponder.acceptsGzip(request.headers[.acceptEncoding]),
            let zipped = try? body.compress(with: .gzip(configuration: pageConfiguration))
        {
            headers[.contentEncoding] = "gzip"
            body = zipped
        }
        if request.method == .head {
            headers[.contentLength] = String(body.readableBytes)
            return Response(status: .ok, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
    }

    /// A hasher that starts with who the answer is for: another person's, or another session's, copy never matches.
    static func validator(for signedIn: SignedIn) -> SHA256 {
        var hasher = SHA256()
        add(String(signedIn.account.id), to: &hasher)
        add(signedIn.session.tokenHash, to: &hasher)
        return hasher
    }

    /// Adds a text and its length (so that texts added one after another cannot be cut differently).
    static func add(_ text: String, to hasher: inout SHA256) {
        var text = text
        withUnsafeBytes(of: UInt64(text.utf8.count).littleEndian) { hasher.update(bufferPointer: $0) }
        text.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
    }

    /// 304 when If-None-Match names the page as it is now, else the page, gzipped when accepted.
    ///
    /// The strong ETags of the two encodings differ (`-gz`), and either validates, as for the pages of anonymous
    /// visitors (``ResourceResponder``). If-Modified-Since is not looked at: these answers have no date.
    static func answer(tag: String, request: Request, identity: () -> ByteBuffer, gzipped: () throws -> ByteBuffer) -> Response {
        let etag = "\"p\(tag)\""
        let gzipETag = "\"p\(tag)-gz\""
        let acceptsGzip = ResourceResponder.acceptsGzip(request.headers[.acceptEncoding])
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = cacheControl
        headers[.vary] = vary
        headers[.eTag] = acceptsGzip ? gzipETag : etag
        if ResourceResponder.ifNoneMatchNames(request, etags: [etag, gzipETag]) {
            return Response(status: .notModified, headers: headers)
        }
        let body: ByteBuffer
        if acceptsGzip, let zipped = try? gzipped() {
            headers[.contentEncoding] = "gzip"
            body = zipped
        } else {
            headers[.eTag] = etag
            body = identity()
        }
        if request.method == .head {
            headers[.contentLength] = String(body.readableBytes)
            return Response(status: .ok, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
    }
}
