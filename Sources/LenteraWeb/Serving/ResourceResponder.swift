import Foundation
import Hummingbird
import NIOCore

/// Answers a request from a resource: 304 for a matching validator, 206/416 for ranges, gzip when accepted.
enum ResourceResponder {
    /// The cache policy of a response.
    enum CachePolicy {
        /// Revalidate every time (pages and files whose URL does not change with content).
        case revalidate
        /// A versioned URL: cache for a year and never revalidate.
        case immutable

        var header: String {
            switch self {
            case .revalidate: "no-cache"
            case .immutable: "public, max-age=31536000, immutable"
            }
        }
    }

    /// The answer for an in-memory resource; a plain GET is answered with headers computed at load.
    ///
    /// - Parameter cache: overrides the resource's cache policy (an asset asked for at an outdated version).
    static func respond(_ resource: StaticResource, to request: Request, cache: CachePolicy? = nil) -> Response {
        let policy = resource.policy
        let rangeHeader = policy.allowRanges ? request.headers[.range] : nil
        let useGzip = resource.gzipBody != nil && rangeHeader == nil && acceptsGzip(request.headers[.acceptEncoding])
        var headers = useGzip ? resource.gzipHeaders : resource.headers
        if let cache { headers[.cacheControl] = cache.header }
        let isHead = request.method == .head

        if isNotModified(request, etags: [resource.etag, resource.gzipETag], modifiedSeconds: resource.modifiedSeconds) {
            headers[.contentLength] = nil
            headers[.contentEncoding] = nil
            return Response(status: .notModified, headers: headers)
        }
        if let rangeHeader, ifRangeAllows(request, etag: resource.etag, lastModified: resource.lastModified) {
            let length = resource.body.readableBytes
            switch ByteRangeRequest(header: rangeHeader, length: length) {
            case .whole:
                break
            case .unsatisfiable:
                headers[.contentRange] = "bytes */\(length)"
                headers[.contentLength] = "0"
                return Response(status: .rangeNotSatisfiable, headers: headers)
            case .partial(let range):
                headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(length)"
                headers[.contentLength] = String(range.count)
                if isHead { return Response(status: .partialContent, headers: headers) }
                let slice = resource.body.getSlice(at: resource.body.readerIndex + range.lowerBound, length: range.count)!
                return Response(status: .partialContent, headers: headers, body: ResponseBody(byteBuffer: slice))
            }
        }
        if isHead { return Response(status: .ok, headers: headers) }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: useGzip ? resource.gzipBody! : resource.body))
    }

    /// The answer for a file too large to keep in memory, streamed from disk.
    static func respond(
        disk file: DiskFile, to request: Request, context: some RequestContext, cache: CachePolicy,
        contentSecurityPolicy: String, fileIO: FileIO
    ) async throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = file.contentType
        headers[.eTag] = file.etag
        headers[.lastModified] = file.lastModified
        headers[.cacheControl] = cache.header
        headers[.acceptRanges] = "bytes"
        SecurityHeaders.apply(to: &headers, contentSecurityPolicy: contentSecurityPolicy)
        if isNotModified(request, etags: [file.etag], modifiedSeconds: file.modifiedSeconds) {
            return Response(status: .notModified, headers: headers)
        }
        var range: ClosedRange<Int>? = nil
        if let rangeHeader = request.headers[.range], ifRangeAllows(request, etag: file.etag, lastModified: file.lastModified) {
            switch ByteRangeRequest(header: rangeHeader, length: file.size) {
            case .whole: break
            case .unsatisfiable:
                headers[.contentRange] = "bytes */\(file.size)"
                headers[.contentLength] = "0"
                return Response(status: .rangeNotSatisfiable, headers: headers)
            case .partial(let partial):
                range = partial
            }
        }
        let status: HTTPResponse.Status = range == nil ? .ok : .partialContent
        let bounds = range ?? 0...max(0, file.size - 1)
        if let range { headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(file.size)" }
        headers[.contentLength] = String(file.size == 0 ? 0 : bounds.count)
        if request.method == .head || file.size == 0 { return Response(status: status, headers: headers) }
        // Large chunks: a mirror pulls gigabytes through here, and fewer, larger reads and writes keep up with rsync.
        let body = try await fileIO.loadFile(path: file.path, range: bounds, context: context, chunkLength: bounds.count > 4 << 20 ? 1 << 20 : 128 * 1024)
        return Response(status: status, headers: headers, body: body)
    }

    /// Whether `Accept-Encoding` accepts gzip (with a non-zero quality).
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header, header.contains("gzip") || header.contains("*") else { return false }
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";")
            let coding = parts[0].trimmingSpaces().lowercased()
            guard coding == "gzip" || coding == "x-gzip" || coding == "*" else { continue }
            let quality = parts.dropFirst().first { $0.trimmingSpaces().hasPrefix("q=") }
                .flatMap { Double($0.trimmingSpaces().dropFirst(2)) } ?? 1
            return quality > 0
        }
        return false
    }

    /// RFC 9110 conditional GET: If-None-Match (weak comparison, lists, `*`) wins over If-Modified-Since.
    static func isNotModified(_ request: Request, etags: [String], modifiedSeconds: Int) -> Bool {
        guard request.method == .get || request.method == .head else { return false }
        if request.headers[.ifNoneMatch] != nil {
            return ifNoneMatchNames(request, etags: etags)
        }
        if let ifModifiedSince = request.headers[.ifModifiedSince], let date = HTTPDate.parse(ifModifiedSince) {
            return modifiedSeconds <= Int(date.timeIntervalSince1970)
        }
        return false
    }

    /// Whether a GET or HEAD carries If-None-Match naming one of `etags` (weak comparison, lists, `*`); false without
    /// the header. Signed-in pages are validated by this alone: a date says nothing about a person's part of a page.
    static func ifNoneMatchNames(_ request: Request, etags: [String]) -> Bool {
        guard request.method == .get || request.method == .head, let ifNoneMatch = request.headers[.ifNoneMatch] else { return false }
        let trimmed = ifNoneMatch.trimmingSpaces()
        if trimmed == "*" { return true }
        let candidates = trimmed.split(separator: ",").map { tag -> String in
            let value = tag.trimmingSpaces()
            return value.hasPrefix("W/") ? String(value.dropFirst(2)) : value
        }
        return candidates.contains { candidate in etags.contains(candidate) }
    }

    /// If-Range: the range applies only when the validator still matches (strong ETag or exact date).
    static func ifRangeAllows(_ request: Request, etag: String, lastModified: String) -> Bool {
        guard let ifRange = request.headers[.ifRange] else { return true }
        let value = ifRange.trimmingSpaces()
        return value == etag || value == lastModified
    }
}

/// A file served from disk in chunks, with validators computed at load.
struct DiskFile: Sendable {
    var path: String
    var size: Int
    var contentType: String
    var etag: String
    var lastModified: String
    var modifiedSeconds: Int
    var policy: ResponsePolicy
}
