import CompressNIO
import Crypto
import Foundation
import Hummingbird
import NIOCore

/// A response body held in memory with everything a conditional, ranged or compressed answer needs, computed once.
struct StaticResource: Sendable {
    /// The identity bytes.
    var body: ByteBuffer
    /// The gzip bytes, when the type is text and compression saves space.
    var gzipBody: ByteBuffer?
    /// Strong ETag of the identity bytes (quoted).
    var etag: String
    /// Strong ETag of the gzip bytes (quoted).
    var gzipETag: String
    /// The Content-Type header value.
    var contentType: String
    /// The Last-Modified header value (an HTTP date).
    var lastModified: String
    /// Seconds since 1970 of the modification, whole seconds.
    var modifiedSeconds: Int
    /// The hex SHA-256 of the identity bytes.
    var digest: String
    /// How responses for this resource are cached, secured and ranged.
    var policy: ResponsePolicy
    /// The complete headers of a 200 answer with the identity bytes, security headers included.
    var headers = HTTPFields()
    /// The complete headers of a 200 answer with the gzip bytes.
    var gzipHeaders = HTTPFields()

    /// Builds a resource from bytes, compressing text types and precomputing the headers of its answers.
    ///
    /// - Parameter fullDigestETag: whether the ETag is the whole SHA-256 (a mirror manifest, named by its hash).
    init(bytes: ByteBuffer, contentType: String, modified: Date, policy: ResponsePolicy, fullDigestETag: Bool = false) {
        self.policy = policy
        self.body = bytes
        self.contentType = contentType
        let digest = SHA256.hash(data: bytes.readableBytesView).hexString
        self.digest = digest
        let tag = fullDigestETag ? digest : String(digest.prefix(32))
        self.etag = "\"\(tag)\""
        self.gzipETag = "\"\(tag)-gz\""
        self.modifiedSeconds = Int(modified.timeIntervalSince1970)
        self.lastModified = HTTPDate.format(Date(timeIntervalSince1970: TimeInterval(modifiedSeconds)))
        if StaticResource.isCompressible(contentType), bytes.readableBytes > 256 {
            var input = bytes
            if let compressed = try? input.compress(with: .gzip()), compressed.readableBytes < bytes.readableBytes {
                self.gzipBody = compressed
            }
        }
        headers = makeHeaders(gzip: false)
        if let gzipBody {
            gzipHeaders = makeHeaders(gzip: true)
            gzipHeaders[.contentLength] = String(gzipBody.readableBytes)
        }
    }

    /// Builds a resource for an HTML page.
    init(html: String, modified: Date) {
        self.init(bytes: ByteBuffer(string: html), contentType: "text/html; charset=utf-8", modified: modified, policy: .page)
    }

    /// Whether answers of this type are worth compressing.
    static func isCompressible(_ contentType: String) -> Bool {
        contentType.hasPrefix("text/") || contentType.hasPrefix("application/json") || contentType.hasPrefix("application/javascript")
            || contentType.hasPrefix("application/xml") || contentType.hasPrefix("image/svg+xml")
            || contentType.hasPrefix("application/xhtml+xml")
    }

    /// The headers every answer carries: type, validators, caching, security; and the length of a 200.
    func makeHeaders(gzip: Bool) -> HTTPFields {
        var fields = HTTPFields()
        fields.reserveCapacity(13)
        fields[.contentType] = contentType
        fields[.eTag] = gzip ? gzipETag : etag
        fields[.lastModified] = lastModified
        fields[.cacheControl] = policy.cache.header
        if gzipBody != nil {
            fields[.vary] = policy.varyCookie ? "Accept-Encoding, Cookie" : "Accept-Encoding"
        } else if policy.varyCookie {
            fields[.vary] = "Cookie"
        }
        if policy.allowRanges { fields[.acceptRanges] = "bytes" }
        if gzip { fields[.contentEncoding] = "gzip" }
        fields[.contentLength] = String(body.readableBytes)
        SecurityHeaders.apply(to: &fields, contentSecurityPolicy: policy.contentSecurityPolicy)
        return fields
    }
}

/// How answers for a kind of resource are cached, secured and ranged.
struct ResponsePolicy: Sendable {
    var cache: ResourceResponder.CachePolicy
    var contentSecurityPolicy: String
    var varyCookie: Bool
    var allowRanges: Bool

    /// Rendered pages: revalidated, chosen by language cookie.
    static let page = ResponsePolicy(
        cache: .revalidate, contentSecurityPolicy: SecurityHeaders.pagePolicy, varyCookie: true, allowRanges: false
    )
    /// Files from course folders: revalidated, sandboxed, ranged.
    static let courseFile = ResponsePolicy(
        cache: .revalidate, contentSecurityPolicy: SecurityHeaders.courseFilePolicy, varyCookie: false, allowRanges: true
    )
    /// The mirror catalogue: revalidated by every cache, since it names the current versions.
    static let mirrorCatalogue = ResponsePolicy(
        cache: .revalidate, contentSecurityPolicy: SecurityHeaders.courseFilePolicy, varyCookie: false, allowRanges: false
    )
    /// Mirror manifests, named by their hash: immutable.
    static let mirrorManifest = ResponsePolicy(
        cache: .immutable, contentSecurityPolicy: SecurityHeaders.courseFilePolicy, varyCookie: false, allowRanges: false
    )
    /// Files from `public/` at their versioned URLs: immutable.
    static let asset = ResponsePolicy(
        cache: .immutable, contentSecurityPolicy: SecurityHeaders.pagePolicy, varyCookie: false, allowRanges: true
    )
    /// The web app manifest and the service worker, at fixed URLs: revalidated, the same for everyone.
    static let appFile = ResponsePolicy(
        cache: .revalidate, contentSecurityPolicy: SecurityHeaders.pagePolicy, varyCookie: false, allowRanges: false
    )
}

/// The Content-Type for a file name, with a charset for text.
enum ContentTypes {
    static let byExtension: [String: String] = [
        "html": "text/html; charset=utf-8", "htm": "text/html; charset=utf-8", "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8", "mjs": "text/javascript; charset=utf-8", "json": "application/json",
        "txt": "text/plain; charset=utf-8", "md": "text/markdown; charset=utf-8", "csv": "text/csv; charset=utf-8",
        "xml": "application/xml; charset=utf-8", "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg",
        "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp", "avif": "image/avif", "ico": "image/x-icon",
        "pdf": "application/pdf", "mp4": "video/mp4", "m4v": "video/mp4", "webm": "video/webm", "ogv": "video/ogg",
        "mp3": "audio/mpeg", "m4a": "audio/mp4", "ogg": "audio/ogg", "oga": "audio/ogg", "wav": "audio/wav",
        "vtt": "text/vtt; charset=utf-8", "srt": "text/plain; charset=utf-8", "zip": "application/zip",
        "woff": "font/woff", "woff2": "font/woff2", "ttf": "font/ttf", "otf": "font/otf",
        "doc": "application/msword", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls": "application/vnd.ms-excel", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt": "application/vnd.ms-powerpoint",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt": "application/vnd.oasis.opendocument.text", "ods": "application/vnd.oasis.opendocument.spreadsheet",
        "odp": "application/vnd.oasis.opendocument.presentation", "epub": "application/epub+zip",
        "gift": "text/plain; charset=utf-8", "bin": "application/octet-stream",
    ]

    static func forPath(_ path: String) -> String {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return "application/octet-stream" }
        return byExtension[path[path.index(after: dot)...].lowercased()] ?? "application/octet-stream"
    }
}

/// HTTP dates (RFC 9110 IMF-fixdate), formatted and parsed.
enum HTTPDate {
    static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Sun, 06 Nov 1994 08:49:37 GMT`, without a DateFormatter (called for every page and file at load).
    static func format(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(1900 + parts.tm_year) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }

    static func parse(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        for format in ["EEE, dd MMM yyyy HH:mm:ss 'GMT'", "EEEE, dd-MMM-yy HH:mm:ss 'GMT'", "EEE MMM d HH:mm:ss yyyy"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
