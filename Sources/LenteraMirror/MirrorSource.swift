import AsyncHTTPClient
import CompressNIO
import Foundation
import LenteraCore
import NIOCore

/// Where a mirror reads from: an upstream Lentera over HTTP, or an export on a folder (a USB drive).
public protocol MirrorSource: Sendable {
    /// A name for messages and the sync state.
    var name: String { get }
    /// A small resource (catalogue, manifest) by its path (`/mirror/catalogue.json`), and the bytes that travelled.
    func fetch(_ path: String, limit: Int) async throws -> (bytes: [UInt8], transferred: Int)
    /// Appends a file's bytes from `offset` to `handle`, calling `received` with each chunk; returns the bytes written.
    /// Stops with an error past `limit` bytes.
    func download(hash: String, from offset: Int64, limit: Int64, into handle: FileHandle, received: (UnsafeRawBufferPointer) throws -> Void) async throws
        -> Int64
}

/// Why an upstream could not be read.
public struct MirrorSourceError: Error, CustomStringConvertible {
    /// What a download's failure means for the partial file.
    public enum Kind: Sendable {
        case other
        /// More bytes than the manifest declares: the partial file is thrown away.
        case oversized
        /// A range answered with the whole file: the partial file is thrown away and the file fetched again.
        case rangeIgnored
        /// The upstream does not have the file, or will not give it to this node.
        case notFound
    }

    public var description: String
    public var kind: Kind

    public init(_ description: String, kind: Kind = .other) {
        self.description = description
        self.kind = kind
    }
}

/// An upstream Lentera (or any HTTP server or cache holding its layout).
public struct HTTPMirrorSource: MirrorSource {
    public let base: String
    public let key: String?
    let client: HTTPClient

    public var name: String { base }

    public init(base: String, key: String?, client: HTTPClient = MirrorHTTP.client) {
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.key = key
        self.client = client
    }

    func request(_ path: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: base + path)
        request.headers.add(name: "User-Agent", value: "Lentera-mirror")
        if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        return request
    }

    /// Sends a request and follows redirects only within the upstream's own origin (scheme, host and port): the
    /// node's key goes to no other host, and a hostile upstream cannot point the mirror elsewhere.
    func execute(_ request: HTTPClientRequest, timeout: TimeAmount) async throws -> HTTPClientResponse {
        var request = request
        for _ in 0..<5 {
            let response = try await client.execute(request, timeout: timeout)
            guard [301, 302, 303, 307, 308].contains(response.status.code) else { return response }
            let location = response.headers.first(name: "Location") ?? ""
            guard let current = URL(string: request.url), let target = URL(string: location, relativeTo: current)?.absoluteURL,
                target.scheme?.lowercased() == current.scheme?.lowercased(), target.host?.lowercased() == current.host?.lowercased(),
                target.port ?? Self.defaultPort(target.scheme) == current.port ?? Self.defaultPort(current.scheme)
            else {
                throw MirrorSourceError("\(URL(string: request.url)?.path ?? request.url): the upstream redirects to another origin (\(location)); not followed")
            }
            request.url = target.absoluteString
        }
        throw MirrorSourceError("\(request.url): too many redirects")
    }

    static func defaultPort(_ scheme: String?) -> Int {
        scheme?.lowercased() == "https" ? 443 : 80
    }

    public func fetch(_ path: String, limit: Int) async throws -> (bytes: [UInt8], transferred: Int) {
        var request = request(path)
        request.headers.add(name: "Accept-Encoding", value: "gzip")
        let response = try await execute(request, timeout: .seconds(60))
        guard response.status == .ok else { throw MirrorSourceError("\(path): HTTP \(response.status.code)") }
        var body = try await response.body.collect(upTo: limit)
        let transferred = body.readableBytes
        if response.headers.first(name: "Content-Encoding")?.lowercased() == "gzip" {
            body = try body.decompress(with: .gzip(), maxSize: limit)
        }
        return (Array(body.readableBytesView), transferred)
    }

    public func download(hash: String, from offset: Int64, limit: Int64, into handle: FileHandle, received: (UnsafeRawBufferPointer) throws -> Void) async throws
        -> Int64
    {
        var request = request("/mirror/files/\(hash)")
        if offset > 0 { request.headers.add(name: "Range", value: "bytes=\(offset)-") }
        let response = try await execute(request, timeout: .hours(6))
        if offset > 0, response.status == .ok {
            throw MirrorSourceError("the upstream ignored the byte range; starting this file again", kind: .rangeIgnored)
        }
        guard response.status == .ok || response.status == .partialContent else {
            throw MirrorSourceError("file \(hash.prefix(8)): HTTP \(response.status.code)", kind: response.status == .notFound ? .notFound : .other)
        }
        var written: Int64 = 0
        for try await buffer in response.body {
            written += Int64(buffer.readableBytes)
            guard offset + written <= limit else { throw MirrorSourceError("file \(hash.prefix(8)) is larger than its manifest says", kind: .oversized) }
            try buffer.withUnsafeReadableBytes { bytes in
                try received(bytes)
                try Self.write(bytes, to: handle)
            }
        }
        return written
    }
}

extension HTTPMirrorSource {
    /// Writes bytes with write(2), without copying them into a `Data` first.
    static func write(_ bytes: UnsafeRawBufferPointer, to handle: FileHandle) throws {
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(handle.fileDescriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw MirrorSourceError("cannot write: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }
}

/// An export (`lentera export`) in a folder: the same layout as the HTTP endpoints, without the `/mirror` prefix.
public struct FolderMirrorSource: MirrorSource {
    public let folder: String
    public let name: String

    /// - Parameter name: what the sync state calls it (the zip's path when the folder is its unpacked copy).
    public init(folder: String, name: String? = nil) {
        self.folder = folder
        self.name = name ?? folder
    }

    /// A file of the export; links, and anything resolving outside the folder, are refused.
    func local(_ path: String) throws -> String {
        let relative = path.hasPrefix("/mirror/") ? String(path.dropFirst("/mirror/".count)) : path
        guard let safe = CoursePath.normalize(relative) else { throw MirrorSourceError("unsafe path \(path)") }
        let file = folder + "/" + safe
        if (try? FileManager.default.destinationOfSymbolicLink(atPath: file)) != nil {
            throw MirrorSourceError("\(safe) is a link, which an export may not contain")
        }
        guard let root = realpath(folder, nil).map({ pointer in defer { free(pointer) }; return String(cString: pointer) }),
            let real = realpath(file, nil).map({ pointer in defer { free(pointer) }; return String(cString: pointer) }),
            real.hasPrefix(root + "/")
        else { throw MirrorSourceError("\(safe) is missing or outside the export") }
        return real
    }

    public func fetch(_ path: String, limit: Int) async throws -> (bytes: [UInt8], transferred: Int) {
        let file = try local(path)
        guard let handle = FileHandle(forReadingAtPath: file) else { throw MirrorSourceError("\(file) cannot be read") }
        defer { try? handle.close() }
        let data = try handle.read(upToCount: limit + 1) ?? Data()
        guard data.count <= limit else { throw MirrorSourceError("\(file) is too large") }
        return (Array(data), data.count)
    }

    public func download(hash: String, from offset: Int64, limit: Int64, into handle: FileHandle, received: (UnsafeRawBufferPointer) throws -> Void) async throws
        -> Int64
    {
        let file = try local("files/\(hash)")
        guard let input = FileHandle(forReadingAtPath: file) else { throw MirrorSourceError("files/\(hash.prefix(8)) is missing") }
        defer { try? input.close() }
        try input.seek(toOffset: UInt64(offset))
        var written: Int64 = 0
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
            written += Int64(chunk.count)
            guard offset + written <= limit else { throw MirrorSourceError("file \(hash.prefix(8)) is larger than its manifest says", kind: .oversized) }
            try chunk.withUnsafeBytes { bytes in
                try received(bytes)
                try HTTPMirrorSource.write(bytes, to: handle)
            }
        }
        return written
    }
}

/// The HTTP client of mirrors and pushes: an upstream that is down fails at once (a connection refused is not
/// retried until the request's deadline), so the caller's own backoff decides when to try again.
public enum MirrorHTTP {
    public static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(120))
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.decompression = .disabled
        // Redirects are followed by hand, within the upstream's origin only (HTTPMirrorSource.execute).
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
