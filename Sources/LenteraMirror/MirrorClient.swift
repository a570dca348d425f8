import Foundation
import LenteraCore
import NIOCore

/// Brings a courses folder up to date from an upstream: fetch the catalogue and manifests, download only the files
/// not held (resuming partial downloads with a byte range), verify every hash, stage the new version beside the old
/// one, then switch atomically. Learners never see a half-updated course.
///
/// Layout under the courses folder: `FOLDER` is a symlink to `.lentera-mirror/versions/FOLDER@SHA8`; partial
/// downloads live in `.lentera-mirror/partial/`; `.lentera-mirror/state.json` records what came from where.
public struct MirrorClient: Sendable {
    public let coursesDirectory: String
    /// The programs folder the upstream's program files are brought into; none when nil.
    public var programsDirectory: String?
    /// The largest file accepted, and the largest course.
    public var maximumFileSize: Int64 = 16 * 1024 * 1024 * 1024
    public var maximumCourseSize: Int64 = 64 * 1024 * 1024 * 1024
    /// Files downloaded at once.
    public var parallelDownloads = 8

    public init(coursesDirectory: String) {
        self.coursesDirectory = coursesDirectory
    }

    var mirrorDirectory: String { coursesDirectory + "/.lentera-mirror" }

    /// What a sync did.
    public struct Report: Sendable {
        public var filesFetched = 0
        public var bytesFetched: Int64 = 0
        /// Bytes of the catalogue and manifests read.
        public var metadataBytes: Int64 = 0
        public var updated: [String] = []
        public var unchanged: [String] = []
        public var removed: [String] = []
        /// Program files written, and those already held.
        public var updatedPrograms: [String] = []
        public var unchangedPrograms: [String] = []
        /// Program files removed because the upstream withdrew them.
        public var removedPrograms: [String] = []
        /// Folder and reason for each version refused (the old one is kept).
        public var rejected: [(folder: String, reason: String)] = []
        /// Why the upstream could not be read at all.
        public var failure: String?

        public var succeeded: Bool { failure == nil && rejected.isEmpty }

        public var summary: String {
            "mirror: fetched \(filesFetched) files, \(bytesFetched) bytes; \(updated.count) courses updated, \(unchanged.count) unchanged, "
                + "\(rejected.count) rejected (and \(metadataBytes) bytes of catalogue and manifests)"
        }
    }

    /// The sync state kept beside the courses.
    public struct State: Codable, Sendable {
        public struct Held: Codable, Sendable {
            public var upstream: String
            public var sha256: String
            public var version: String
        }

        public struct Upstream: Codable, Sendable {
            public var lastAttempt: Date?
            public var lastSuccess: Date?
            public var lastError: String?
        }

        public var courses: [String: Held] = [:]
        public var upstreams: [String: Upstream] = [:]
        /// The program files this mirror brought, by name (absent in a state from before programs travelled).
        public var programs: [String: Held]?
    }

    public func loadState() -> State {
        guard let data = FileManager.default.contents(atPath: mirrorDirectory + "/state.json"),
            let state = try? JSONDecoder.iso.decode(State.self, from: data)
        else { return State() }
        return state
    }

    /// Writes the state: flushed to disk before it replaces the one before, and the folder flushed after, so that a
    /// crash leaves the old state or the new one, durable either way.
    func save(_ state: State) throws {
        let data = try JSONEncoder.iso.encode(state)
        let temporary = mirrorDirectory + "/state.json.tmp"
        try data.write(to: URL(fileURLWithPath: temporary))
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: temporary))
        try handle.synchronize()
        try handle.close()
        try Self.rename(temporary, to: mirrorDirectory + "/state.json")
        DurableFiles.syncDirectory(mirrorDirectory)
    }

    /// Syncs once; `log` receives each line a person should see.
    /// - Parameter removeMissing: whether courses this source brought before and has withdrawn (a tombstone in its
    ///   catalogue) are removed (a mirror: yes; an import of some courses from a drive: no). A course is never removed
    ///   because a catalogue does not list it: an empty or partial catalogue changes nothing.
    public func sync(from source: some MirrorSource, removeMissing: Bool = true, log: @escaping @Sendable (String) -> Void) async -> Report {
        var report = Report()
        var state = loadState()
        var upstream = state.upstreams[source.name] ?? State.Upstream()
        upstream.lastAttempt = Date()
        do {
            for folder in ["", "/versions", "/partial", "/manifests"] {
                try FileManager.default.createDirectory(atPath: mirrorDirectory + folder, withIntermediateDirectories: true)
            }
            let (catalogueBytes, catalogueTransferred) = try await source.fetch("/mirror/catalogue.json", limit: 16 * 1024 * 1024)
            report.metadataBytes += Int64(catalogueTransferred)
            let catalogue = try JSONDecoder().decode(ContentMirror.Catalogue.self, from: Data(catalogueBytes))
            guard catalogue.format == ContentMirror.format else { throw MirrorSourceError("unknown catalogue format \(catalogue.format)") }
            var listed: Set<String> = []
            for entry in catalogue.courses {
                guard ContentMirror.safeFolder(entry.folder), ContentMirror.isHash(entry.sha256) else {
                    report.rejected.append((entry.folder, "unsafe catalogue entry"))
                    log("mirror: \(entry.folder): rejected: unsafe catalogue entry")
                    continue
                }
                listed.insert(entry.folder)
                do {
                    if try await update(entry, from: source, state: &state, report: &report, log: log) {
                        report.updated.append(entry.folder)
                    } else {
                        report.unchanged.append(entry.folder)
                    }
                } catch let error as Rejection {
                    let old = state.courses[entry.folder].map { String($0.sha256.prefix(8)) } ?? "none"
                    report.rejected.append((entry.folder, error.reason))
                    log("mirror: \(entry.folder): rejected: \(error.reason); keeping \(old)")
                }
            }
            // Courses withdrawn upstream go only now, after every switch, and only on a tombstone.
            let withdrawn = Set(catalogue.withdrawn.map(\.folder))
            for (folder, held) in state.courses
            where removeMissing && held.upstream == source.name && !listed.contains(folder) && withdrawn.contains(folder) {
                try remove(folder, sha256: held.sha256)
                state.courses[folder] = nil
                report.removed.append(folder)
                log("mirror: \(folder): withdrawn upstream; removed here")
            }
            if let programsDirectory {
                await syncPrograms(
                    catalogue.programs, withdrawn: removeMissing ? catalogue.withdrawnPrograms : [], into: programsDirectory, from: source,
                    owns: removeMissing, state: &state, report: &report, log: log
                )
            }
            upstream.lastSuccess = report.rejected.isEmpty ? Date() : upstream.lastSuccess
            upstream.lastError = report.rejected.isEmpty ? nil : report.rejected.map { "\($0.folder): \($0.reason)" }.joined(separator: "; ")
        } catch {
            let reason = (error as? MirrorSourceError)?.description ?? "\(error)"
            report.failure = "cannot reach \(source.name): \(reason)"
            upstream.lastError = report.failure
            log("mirror: \(report.failure!)")
        }
        state.upstreams[source.name] = upstream
        try? save(state)
        log(report.summary)
        return report
    }

    struct Rejection: Error {
        var reason: String
    }

    /// Updates one course if its version changed; true when it did.
    func update(_ entry: ContentMirror.Entry, from source: some MirrorSource, state: inout State, report: inout Report,
                log: @escaping @Sendable (String) -> Void) async throws -> Bool {
        let link = coursesDirectory + "/" + entry.folder
        let versionName = "\(entry.folder)@\(entry.sha256.prefix(8))"
        let versionPath = mirrorDirectory + "/versions/" + versionName
        let held = state.courses[entry.folder]
        if let held, held.sha256 == entry.sha256, Self.linkTarget(link) == ".lentera-mirror/versions/" + versionName {
            return false
        }
        if held == nil, FileManager.default.fileExists(atPath: link) {
            throw Rejection(reason: "a local course folder \(entry.folder) exists that did not come from a mirror")
        }
        // The manifest: its hash must be the one the catalogue names.
        let manifestBytes: [UInt8]
        do {
            let fetched = try await source.fetch("/mirror/manifests/\(entry.sha256).json", limit: 64 * 1024 * 1024)
            manifestBytes = fetched.bytes
            report.metadataBytes += Int64(fetched.transferred)
        } catch {
            throw Rejection(reason: "manifest cannot be fetched (\(error))")
        }
        guard ContentMirror.sha256(manifestBytes) == entry.sha256 else { throw Rejection(reason: "sha256 mismatch for the manifest") }
        guard let manifest = try? JSONDecoder().decode(ContentMirror.Manifest.self, from: Data(manifestBytes)) else {
            throw Rejection(reason: "the manifest is not valid JSON")
        }
        guard manifest.folder == entry.folder else { throw Rejection(reason: "the manifest names folder \(manifest.folder)") }
        if let problem = ContentMirror.validate(manifest, maximumFileSize: maximumFileSize, maximumTotal: maximumCourseSize) {
            throw Rejection(reason: problem)
        }
        // What is held now, by hash, from the current version's manifest.
        var heldPaths: [String: String] = [:]  // sha256 -> absolute path of a file with those bytes
        var heldFiles: [String: String] = [:]  // path -> sha256
        if let held, let data = FileManager.default.contents(atPath: mirrorDirectory + "/manifests/\(held.sha256).json"),
            let current = try? JSONDecoder().decode(ContentMirror.Manifest.self, from: data)
        {
            let currentPath = mirrorDirectory + "/versions/\(entry.folder)@\(held.sha256.prefix(8))"
            for file in current.files {
                heldFiles[file.path] = file.sha256
                heldPaths[file.sha256] = currentPath + "/" + file.path
            }
        }
        let plan = ContentMirror.plan(held: heldFiles, to: manifest)
        let needed = plan.fetch.reduce(Int64(0)) { $0 + $1.size }
        if let free = Self.freeSpace(mirrorDirectory), needed > free - 64 * 1024 * 1024 {
            throw Rejection(reason: "not enough disk space: \(needed) bytes needed, \(free) free")
        }
        // Download what is missing, verified by hash.
        var fetchedPaths: [String: String] = [:]
        var fetchedBytes: Int64 = 0
        try await withThrowingTaskGroup(of: (String, String, Int64).self) { group in
            var pending = plan.fetch.makeIterator()
            var running = 0
            func startNext() {
                guard let file = pending.next() else { return }
                running += 1
                group.addTask { try await self.fetchFile(file, from: source, log: log) }
            }
            for _ in 0..<parallelDownloads { startNext() }
            while running > 0, let (hash, path, bytes) = try await group.next() {
                running -= 1
                fetchedPaths[hash] = path
                fetchedBytes += bytes
                startNext()
            }
        }
        // Stage the new version beside the old one.
        let staging = versionPath + ".staging"
        try? FileManager.default.removeItem(atPath: staging)
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        for file in manifest.files {
            let target = staging + "/" + file.path
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            guard let origin = fetchedPaths[file.sha256] ?? heldPaths[file.sha256] else {
                throw Rejection(reason: "\(file.path) was neither held nor fetched")
            }
            try Self.place(origin, at: target)
        }
        try? FileManager.default.removeItem(atPath: versionPath)
        DurableFiles.syncDirectories(under: staging)
        try Self.rename(staging, to: versionPath)
        DurableFiles.syncDirectory(mirrorDirectory + "/versions")
        // Switch atomically: a new symlink renamed over the old one.
        let temporaryLink = coursesDirectory + "/.\(entry.folder).lentera-link"
        try? FileManager.default.removeItem(atPath: temporaryLink)
        try FileManager.default.createSymbolicLink(atPath: temporaryLink, withDestinationPath: ".lentera-mirror/versions/" + versionName)
        try Self.rename(temporaryLink, to: link)
        DurableFiles.syncDirectory(coursesDirectory)
        // The old version goes only after the switch.
        if let held, held.sha256 != entry.sha256 {
            try? FileManager.default.removeItem(atPath: mirrorDirectory + "/versions/\(entry.folder)@\(held.sha256.prefix(8))")
            try? FileManager.default.removeItem(atPath: mirrorDirectory + "/manifests/\(held.sha256).json")
        }
        for hash in fetchedPaths.keys { try? FileManager.default.removeItem(atPath: mirrorDirectory + "/partial/\(hash).part") }
        try Data(manifestBytes).write(to: URL(fileURLWithPath: mirrorDirectory + "/manifests/\(entry.sha256).json"))
        state.courses[entry.folder] = State.Held(upstream: source.name, sha256: entry.sha256, version: entry.version)
        try save(state)
        report.filesFetched += plan.fetch.count
        report.bytesFetched += fetchedBytes
        let old = held.map { String($0.sha256.prefix(8)) } ?? "none"
        log("mirror: \(entry.folder): \(old) -> \(entry.sha256.prefix(8)): \(plan.fetch.count) files fetched (\(fetchedBytes) bytes), "
            + "\(plan.reuse.count) reused, \(plan.remove.count) removed")
        return true
    }

    /// Downloads one file into `partial/HASH.part`, resuming what is there, and verifies its hash and size.
    func fetchFile(_ file: ContentMirror.File, from source: some MirrorSource, log: @Sendable (String) -> Void) async throws
        -> (String, String, Int64)
    {
        let partial = mirrorDirectory + "/partial/\(file.sha256).part"
        var offset = (try? FileManager.default.attributesOfItem(atPath: partial)[.size] as? NSNumber)?.int64Value ?? 0
        if offset > file.size { try? FileManager.default.removeItem(atPath: partial); offset = 0 }
        if !FileManager.default.fileExists(atPath: partial) { FileManager.default.createFile(atPath: partial, contents: nil) }
        var hasher = ContentMirror.Hasher()
        if offset > 0 {
            // The bytes already here count towards the hash.
            guard let input = FileHandle(forReadingAtPath: partial) else { throw Rejection(reason: "cannot read \(partial)") }
            while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(chunk) }
            try input.close()
            if offset < file.size { log("mirror: resumed \(file.sha256.prefix(8)) at byte \(offset)") }
        }
        var written: Int64 = 0
        if offset < file.size {
            guard let handle = FileHandle(forWritingAtPath: partial) else { throw Rejection(reason: "cannot write \(partial)") }
            defer { try? handle.close() }
            try handle.seekToEnd()
            do {
                written = try await source.download(hash: file.sha256, from: offset, limit: file.size, into: handle) { bytes in
                    hasher.update(bytes)
                }
            } catch let error as MirrorSourceError {
                switch error.kind {
                case .oversized:
                    try? FileManager.default.removeItem(atPath: partial)
                    throw Rejection(reason: "\(file.path) is larger than its manifest says")
                case .rangeIgnored:
                    try? FileManager.default.removeItem(atPath: partial)
                case .notFound, .other:
                    break
                }
                if file.private, error.kind == .notFound {
                    throw Rejection(reason: "\(file.path) holds quiz answers and is given only to registered nodes: "
                        + "register this node upstream (lentera node add) and pass its key (--key)")
                }
                throw Rejection(reason: "\(file.path): \(error.description)")
            }
        }
        let size = offset + written
        // On disk before the version can be switched to: after a power cut the new version is whole or unused.
        if let handle = FileHandle(forWritingAtPath: partial) {
            fsync(handle.fileDescriptor)
            try? handle.close()
        }
        guard size == file.size, hasher.finish() == file.sha256 else {
            // A corrupted or truncated file is not kept, so the next try starts it again.
            try? FileManager.default.removeItem(atPath: partial)
            throw Rejection(reason: size == file.size ? "sha256 mismatch for \(file.path)" : "\(file.path) has \(size) bytes, not \(file.size)")
        }
        return (file.sha256, partial, written)
    }

    /// Removes a mirrored course: its link first, then its version.
    func remove(_ folder: String, sha256: String) throws {
        let link = coursesDirectory + "/" + folder
        if Self.linkTarget(link) != nil { try FileManager.default.removeItem(atPath: link) }
        try? FileManager.default.removeItem(atPath: mirrorDirectory + "/versions/\(folder)@\(sha256.prefix(8))")
        try? FileManager.default.removeItem(atPath: mirrorDirectory + "/manifests/\(sha256).json")
    }

    /// A hard link where the file system allows it (the same bytes, no copy), else a copy.
    static func place(_ origin: String, at target: String) throws {
        if link(origin, target) == 0 { return }
        try FileManager.default.copyItem(atPath: origin, toPath: target)
    }

    static func rename(_ from: String, to: String) throws {
        guard Foundation.rename(from, to) == 0 else {
            throw MirrorSourceError("cannot rename \(from) to \(to): \(String(cString: strerror(errno)))")
        }
    }

    static func linkTarget(_ path: String) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: path)
    }

    static func freeSpace(_ path: String) -> Int64? {
        (try? FileManager.default.attributesOfFileSystem(forPath: path)[.systemFreeSize] as? NSNumber)?.int64Value
    }
}

extension JSONDecoder {
    static var iso: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

extension JSONEncoder {
    static var iso: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return encoder
    }
}
