import Crypto
import Foundation

/// What a Lentera publishes for its mirrors: the list of course versions, and per version every file with its hash.
/// The pattern of apt and PyPI mirrors and Kolibri channels: plain HTTP resources, files at immutable addresses by
/// hash, so that any HTTP cache between the centre and the offices can serve them.
public enum ContentMirror {
    /// The format tag in every catalogue and manifest.
    public static let format = "lentera-mirror/1"

    /// One file of a course version.
    public struct File: Codable, Sendable, Equatable {
        /// The path inside the course folder.
        public var path: String
        /// SHA-256 of the bytes, lowercase hex.
        public var sha256: String
        public var size: Int64
        /// Whether only registered nodes may fetch it (quiz sources hold answer keys).
        public var `private`: Bool

        public init(path: String, sha256: String, size: Int64, private isPrivate: Bool) {
            self.path = path
            self.sha256 = sha256
            self.size = size
            self.private = isPrivate
        }
    }

    /// A course version: every file of the course folder.
    public struct Manifest: Codable, Sendable, Equatable {
        public var format: String
        public var course: String
        public var folder: String
        /// The author's version label ("1" when there is none).
        public var version: String
        /// Sorted by path.
        public var files: [File]

        public init(course: String, folder: String, version: String, files: [File]) {
            format = ContentMirror.format
            self.course = course
            self.folder = folder
            self.version = version
            self.files = files.sorted { $0.path < $1.path }
        }

        /// The manifest as published: canonical JSON, so that its hash names the version.
        public func encoded() -> [UInt8] {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return Array((try? encoder.encode(self)) ?? Data())
        }
    }

    /// One course version in the catalogue.
    public struct Entry: Codable, Sendable, Equatable {
        public var id: String
        public var folder: String
        public var version: String
        /// Where the manifest is, relative to the upstream's root (`/mirror/manifests/SHA.json`).
        public var manifest: String
        /// SHA-256 of the manifest bytes: the version's identity.
        public var sha256: String

        public init(id: String, folder: String, version: String, manifest: String, sha256: String) {
            self.id = id
            self.folder = folder
            self.version = version
            self.manifest = manifest
            self.sha256 = sha256
        }
    }

    /// A course this server published and withdrew (its folder was removed): a tombstone. A mirror removes a course
    /// only on a tombstone, never because a catalogue no longer lists it.
    public struct Withdrawal: Codable, Sendable, Equatable {
        /// The course id.
        public var id: String
        /// The folder it was served from.
        public var folder: String
        /// When it was withdrawn (ISO 8601).
        public var at: String

        /// Creates a tombstone.
        public init(id: String, folder: String, at: Date) {
            self.id = id
            self.folder = folder
            self.at = XAPI.timestamp(at)
        }
    }

    /// A file of the upstream's programs folder (a program, or the competency dictionary), served at
    /// `/mirror/files/SHA` like a course's files.
    public struct ProgramFile: Codable, Sendable, Equatable {
        /// The file's name in the programs folder (`literasi-2027.xml`).
        public var file: String
        public var sha256: String
        public var size: Int64

        public init(file: String, sha256: String, size: Int64) {
            self.file = file
            self.sha256 = sha256
            self.size = size
        }

        /// The largest program file a mirror accepts.
        public static let maximumSize: Int64 = 4 * 1024 * 1024

        /// Why a catalogue's entry cannot be written into a programs folder; nil when it can: a visible name of ASCII
        /// letters, digits, `.`, `-` and `_` (at most 200 bytes) ending in `.xml` (any case, as the program loader
        /// reads it), a well-formed hash, a sane size. The name is not repeated in the reason: it may be anything.
        public var problem: String? {
            guard Self.isPlainName(file) else { return "a program file name that is not plain ASCII ending in .xml" }
            guard ContentMirror.isHash(sha256) else { return "malformed sha256 for \(file)" }
            guard size >= 0, size <= Self.maximumSize else { return "\(file) is larger than \(Self.maximumSize) bytes" }
            return nil
        }

        /// Whether a name may be a program file's in a programs folder.
        public static func isPlainName(_ file: String) -> Bool {
            let plain = file.utf8.allSatisfy { byte in
                (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || byte == 46 || byte == 45 || byte == 95
            }
            return plain && file.utf8.count <= 200 && file.utf8.count > 4 && file.utf8.first != 46 && file.lowercased().hasSuffix(".xml")
        }
    }

    /// A program file this server published and whose author removed it (renamed, or gone): a tombstone. A mirror
    /// removes a program file only on a tombstone, and only its own unedited copy.
    public struct ProgramWithdrawal: Codable, Sendable, Equatable {
        /// The file's name in the programs folder.
        public var file: String
        /// When it was withdrawn (ISO 8601).
        public var at: String

        /// Creates a tombstone.
        public init(file: String, at: Date) {
            self.file = file
            self.at = XAPI.timestamp(at)
        }
    }

    /// Every course an upstream publishes, and the ones it withdrew; and its programs' files, and those withdrawn.
    public struct Catalogue: Codable, Sendable, Equatable {
        public var format: String
        public var courses: [Entry]
        /// Withdrawn courses; absent in catalogues from before tombstones, which then withdraw nothing.
        public var withdrawn: [Withdrawal]
        /// The programs folder's files that load without errors; absent in catalogues from before programs travelled.
        public var programs: [ProgramFile]
        /// Program files withdrawn (none listed in ``programs``); absent in catalogues from before, which withdraw none.
        public var withdrawnPrograms: [ProgramWithdrawal]

        public init(courses: [Entry], withdrawn: [Withdrawal] = [], programs: [ProgramFile] = [], withdrawnPrograms: [ProgramWithdrawal] = []) {
            format = ContentMirror.format
            self.courses = courses.sorted { $0.folder < $1.folder }
            self.withdrawn = withdrawn.sorted { $0.folder < $1.folder }
            self.programs = programs.sorted { $0.file < $1.file }
            let listed = Set(programs.map(\.file))
            self.withdrawnPrograms = withdrawnPrograms.filter { !listed.contains($0.file) }.sorted { $0.file < $1.file }
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            format = try container.decode(String.self, forKey: .format)
            courses = try container.decode([Entry].self, forKey: .courses)
            withdrawn = try container.decodeIfPresent([Withdrawal].self, forKey: .withdrawn) ?? []
            programs = try container.decodeIfPresent([ProgramFile].self, forKey: .programs) ?? []
            withdrawnPrograms = try container.decodeIfPresent([ProgramWithdrawal].self, forKey: .withdrawnPrograms) ?? []
        }

        public func encoded() -> [UInt8] {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return Array((try? encoder.encode(self)) ?? Data())
        }
    }

    /// SHA-256 of bytes as lowercase hex.
    public static func sha256(_ bytes: some DataProtocol) -> String {
        SHA256.hash(data: bytes).hexString
    }

    /// SHA-256 of a file, streamed; nil when it cannot be read.
    public static func sha256(ofFileAt path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = Hasher()
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(chunk) }
        return hasher.finish()
    }

    /// Whether a string is a SHA-256 in lowercase hex.
    public static func isHash(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// A path from a manifest that is safe to write under a course folder: relative, no `..`, no empty or hidden
    /// components, no backslashes or control characters, of sane length. Nil when it is not.
    public static func safePath(_ path: String) -> String? {
        guard !path.isEmpty, path.utf8.count <= 1024, !path.utf8.contains(UInt8(ascii: "\\")),
            !path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        else { return nil }
        // Components by the `/` bytes the file system splits at (a leading `/` gives an empty one): compared as Swift
        // characters, a `/` followed by a combining mark is no `/`.
        let components = CoursePath.components(path, omittingEmpty: false)
        guard components.allSatisfy({ !$0.isEmpty && $0.utf8.first != UInt8(ascii: ".") && $0.utf8.count <= 255 }) else {
            return nil
        }
        return path
    }

    /// Whether a course folder name from a catalogue is safe: one plain component.
    public static func safeFolder(_ folder: String) -> Bool {
        safePath(folder) != nil && !folder.utf8.contains(UInt8(ascii: "/"))
    }

    /// What a new version needs, compared with the files held now.
    public struct Plan: Sendable, Equatable {
        /// Files whose bytes are not held locally (by hash): to download, once per hash.
        public var fetch: [File]
        /// Files whose bytes are held already (possibly under another path).
        public var reuse: [File]
        /// Paths of the current version that the new one no longer has.
        public var remove: [String]
    }

    /// Plans the update from the files held now (path -> sha256) to a manifest.
    public static func plan(held: [String: String], to manifest: Manifest) -> Plan {
        let heldHashes = Set(held.values)
        var fetch: [File] = []
        var reuse: [File] = []
        var fetching: Set<String> = []
        for file in manifest.files {
            if heldHashes.contains(file.sha256) || fetching.contains(file.sha256) {
                reuse.append(file)
            } else {
                fetch.append(file)
                fetching.insert(file.sha256)
            }
        }
        let wanted = Set(manifest.files.map(\.path))
        return Plan(fetch: fetch, reuse: reuse, remove: held.keys.filter { !wanted.contains($0) }.sorted())
    }

    /// Checks a manifest before anything is written: safe paths, well-formed hashes, no duplicates, sane sizes.
    public static func validate(_ manifest: Manifest, maximumFileSize: Int64, maximumTotal: Int64) -> String? {
        guard manifest.format == format else { return "unknown manifest format \(manifest.format)" }
        guard safeFolder(manifest.folder) else { return "unsafe folder name \(manifest.folder)" }
        var seen: Set<String> = []
        var total: Int64 = 0
        for file in manifest.files {
            guard safePath(file.path) != nil else { return "unsafe path \(file.path)" }
            guard seen.insert(file.path.lowercased()).inserted else { return "duplicate path \(file.path)" }
            guard isHash(file.sha256) else { return "malformed sha256 for \(file.path)" }
            guard file.size >= 0, file.size <= maximumFileSize else { return "\(file.path) is larger than \(maximumFileSize) bytes" }
            total += file.size
            guard total <= maximumTotal else { return "the course is larger than \(maximumTotal) bytes" }
        }
        guard seen.contains("course.xml") else { return "the manifest has no course.xml" }
        return nil
    }
}

extension ContentMirror {
    /// Incremental SHA-256 (for files streamed in chunks).
    public struct Hasher: Sendable {
        private var inner = SHA256()

        public init() {}

        public mutating func update(_ bytes: some DataProtocol) {
            inner.update(data: bytes)
        }

        public mutating func update(_ bytes: UnsafeRawBufferPointer) {
            inner.update(bufferPointer: bytes)
        }

        public func finish() -> String {
            inner.finalize().hexString
        }
    }
}
