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

    /// Builds a resource from bytes, compressing text types.
    init(bytes: ByteBuffer, contentType: String, modified: Date) {
        self.body = bytes
        self.contentType = contentType
        let digest = SHA256.hash(data: bytes.readableBytesView).map { String(format: "%02x", $0) }.joined()
        self.digest = digest
        self.etag = "\"\(digest.prefix(32))\""
        self.gzipETag = "\"\(digest.prefix(32))-gz\""
        self.modifiedSeconds = Int(modified.timeIntervalSince1970)
        self.lastModified = HTTPDate.format(Date(timeIntervalSince1970: TimeInterval(modifiedSeconds)))
        if StaticResource.isCompressible(contentType), bytes.readableBytes > 256 {
            var input = bytes
            if let compressed = try? input.compress(with: .gzip()), compressed.readableBytes < bytes.readableBytes {
                self.gzipBody = compressed
            }
        }
    }

    /// Builds a resource for an HTML page.
    init(html: String, modified: Date) {
        self.init(bytes: ByteBuffer(string: html), contentType: "text/html; charset=utf-8", modified: modified)
    }

    static func isCompressible(_ contentType: String) -> Bool {
        contentType.hasPrefix("text/") || contentType.hasPrefix("application/json") || contentType.hasPrefix("application/javascript")
            || contentType.hasPrefix("application/xml") || contentType.hasPrefix("image/svg+xml")
            || contentType.hasPrefix("application/xhtml+xml")
    }
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
