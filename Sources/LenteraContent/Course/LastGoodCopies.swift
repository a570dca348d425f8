import Foundation
import LenteraCore

/// The last good version of each course served, copied into the data folder: a course whose folder is broken when
/// the server starts is served from its copy, as it was before the restart, instead of vanishing until it is fixed.
///
/// Layout under ``directory`` (`DATA/courses-last-good`), one copy per course id:
/// - `ID`: a symbolic link to the copy kept for the course `ID`, switched atomically (a new link renamed over it);
/// - `.versions/ID@DIGEST-RANDOM/`: one copy: `last-good.json` (its ``Manifest``) beside `FOLDER/`, the files of the
///   course folder as they were loaded;
/// - `.staging/`: copies being made. What a crash leaves there, and copies no link names, go at the next ``tidy()``.
///
/// A copy is made in `.staging`, flushed, checked against the folder's fingerprint from before and after copying (so
/// that it holds exactly the version that was loaded), renamed into `.versions` and only then linked: a link always
/// names a whole copy. A copy is never written again once made, so files unchanged since the copy before are hard
/// links to it, and keeping a new version of a course costs the files that changed.
public struct LastGoodCopies: Sendable {
    /// The directory of the copies (`DATA/courses-last-good`).
    public let directory: String
    /// Free bytes the copies must leave on the data folder's disk (the database is on it too).
    public let reserve: Int64

    /// The format of ``Manifest`` this build writes and reads.
    public static let format = 1
    static let manifestName = "last-good.json"

    /// Creates the copies of a data folder's `courses-last-good` directory.
    public init(directory: String, reserve: Int64 = 256 * 1024 * 1024) {
        self.directory = directory
        self.reserve = reserve
    }

    /// What a copy holds: the course, the folder it was copied from, and every file with its digest.
    public struct Manifest: Codable, Sendable, Equatable {
        /// One file copied.
        public struct File: Codable, Sendable, Equatable {
            /// The path relative to the course folder.
            public var path: String
            /// SHA-256 of the bytes copied, in lowercase hex.
            public var sha256: String
            /// The size in bytes.
            public var size: Int
            /// The modification time of the file copied (seconds since 1970), to recognise it unchanged next time.
            public var modified: Double
        }

        /// ``LastGoodCopies/format``.
        public var format: Int
        /// The course id.
        public var courseID: String
        /// The course folder's name under `courses/`.
        public var folder: String
        /// ``Course/contentVersion`` of the version copied.
        public var contentVersion: String
        /// When the copy was made.
        public var savedAt: Date
        /// Every file of the folder, by path.
        public var files: [File]
    }

    /// A copy kept in the data folder.
    public struct Copy: Sendable {
        /// What it holds.
        public var manifest: Manifest
        /// Its directory (`.versions/ID@...`), which holds `FOLDER/`: the courses directory to load it from.
        public var path: String
        /// The link that names it (`DATA/courses-last-good/ID`), to show people.
        public var link: String
    }

    /// The copies found, by course id, and the ids whose copy cannot be read, with the reason.
    public struct Listing: Sendable {
        /// Copies that can be read, by course id.
        public var copies: [String: Copy] = [:]
        /// Links whose copy cannot be read (they are replaced when the course loads, or dropped by ``prune(keeping:)``).
        public var damaged: [String: String] = [:]
    }

    /// Why a copy was not made, read or removed.
    public struct Failure: Error, CustomStringConvertible {
        /// The course folder changed while it was being copied: the copy would not be the version loaded.
        public var folderChanged = false
        /// What went wrong, for the log.
        public var description: String

        init(_ description: String, folderChanged: Bool = false) {
            self.description = description
            self.folderChanged = folderChanged
        }
    }

    var versionsDirectory: String { directory + "/.versions" }
    var stagingDirectory: String { directory + "/.staging" }

    // MARK: Reading

    /// The copies kept. No directory yet is no copies; a directory that cannot be listed is an error.
    public func list() throws -> Listing {
        guard FileManager.default.fileExists(atPath: directory) else { return Listing() }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw Failure("cannot list \(directory): \((error as NSError).localizedDescription)")
        }
        var listing = Listing()
        for id in names.sorted() where !id.hasPrefix(".") {
            do {
                listing.copies[id] = try readCopy(named: id)
            } catch {
                listing.damaged[id] = "\(error)"
            }
        }
        return listing
    }

    /// Whether a link's target is one copy's folder, `.versions/NAME` with NAME neither `.` nor `..` and without a
    /// slash: the only targets read, and the only ones ever removed, whatever a link was changed to.
    static func isVersionLink(_ target: String) -> Bool {
        guard target.hasPrefix(".versions/") else { return false }
        let name = target.dropFirst(".versions/".count)
        return !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.contains("\u{0}")
    }

    /// The copy the link `ID` names, with its manifest read and checked.
    func readCopy(named id: String) throws -> Copy {
        let linkPath = directory + "/" + id
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: linkPath) else {
            throw Failure("\(linkPath) is not a link to a copy")
        }
        guard Self.isVersionLink(target) else {
            throw Failure("\(linkPath) points outside \(versionsDirectory)")
        }
        let path = directory + "/" + target
        guard let data = FileManager.default.contents(atPath: path + "/" + Self.manifestName) else {
            throw Failure("\(path)/\(Self.manifestName) cannot be read")
        }
        let manifest: Manifest
        do {
            manifest = try Self.decoder.decode(Manifest.self, from: data)
        } catch {
            throw Failure("\(path)/\(Self.manifestName) is not a manifest: \(error)")
        }
        guard manifest.format == Self.format else { throw Failure("\(path)/\(Self.manifestName) has format \(manifest.format)") }
        guard manifest.courseID == id, ContentMirror.safeFolder(manifest.folder) else {
            throw Failure("\(path)/\(Self.manifestName) names course \(manifest.courseID) in folder \(manifest.folder)")
        }
        return Copy(manifest: manifest, path: path, link: linkPath)
    }

    /// Loads a copy as a course, after checking every file against its manifest: the same files, sizes and digests.
    /// The course keeps the content version it had when it was copied.
    public func load(_ copy: Copy, renderer: MarkdownRenderer = MarkdownRenderer()) throws -> Course {
        let root = copy.path + "/" + copy.manifest.folder
        let files = CourseLoader.indexFiles(in: root)
        guard Set(files.keys) == Set(copy.manifest.files.map(\.path)) else {
            throw Failure("the files in \(root) are not those of its manifest")
        }
        for file in copy.manifest.files {
            guard let found = files[file.path], found.size == file.size,
                ContentMirror.sha256(ofFileAt: found.path) == file.sha256
            else { throw Failure("\(root)/\(file.path) does not match its digest") }
        }
        let result = CourseLoader(coursesDirectory: copy.path, renderer: renderer).loadCourse(folderName: copy.manifest.folder)
        guard var course = result.course else {
            let first = result.problems.first { $0.severity == .error }.map { $0.formatted(in: .english) } ?? "no course"
            throw Failure("the copy in \(copy.path) does not load: \(first)")
        }
        guard course.id == copy.manifest.courseID else {
            throw Failure("the copy in \(copy.path) declares course \(course.id), not \(copy.manifest.courseID)")
        }
        course.contentVersion = copy.manifest.contentVersion
        return course
    }

    // MARK: Keeping

    /// Copies the folder of a course that loaded without errors and makes it the copy kept for its id.
    ///
    /// - Parameters:
    ///   - course: the course as loaded from `loader`'s courses directory.
    ///   - fingerprint: ``CourseLoader/fingerprint(folderName:)`` of the folder when the course was loaded; a folder
    ///     whose fingerprint differs, before or after copying, is not copied (``Failure/folderChanged``).
    ///   - previous: the copy kept for the id until now, whose unchanged files are linked instead of copied.
    public func keep(_ course: Course, from loader: CourseLoader, fingerprint: String, previous: Copy?) throws -> Copy {
        guard CoursePath.isValidID(course.id), ContentMirror.safeFolder(course.folderName) else {
            throw Failure("course \(course.id) in folder \(course.folderName) cannot be copied under a safe name")
        }
        guard loader.fingerprint(folderName: course.folderName) == fingerprint else {
            throw Failure("\(course.folderName) changed since it was loaded", folderChanged: true)
        }
        let files = CourseLoader.indexFiles(in: loader.coursesDirectory + "/" + course.folderName)
        let reusable = Dictionary((previous?.manifest.files ?? []).map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        func unchanged(_ relative: String, _ file: CourseFile) -> Manifest.File? {
            guard let old = reusable[relative], old.size == file.size, old.modified == file.modified else { return nil }
            return old
        }
        let needed = files.filter { unchanged($0.key, $0.value) == nil }.reduce(Int64(0)) { $0 + Int64($1.value.size) }
        for folder in [directory, versionsDirectory, stagingDirectory] {
            try Self.makeDirectory(folder)
        }
        if let free = Self.freeSpace(directory), free - needed < reserve {
            throw Failure("not enough free space in \(directory) to copy \(course.folderName): \(needed) bytes needed, \(free) free, \(reserve) kept free")
        }

        let name = "\(course.id)@\(course.contentVersion.prefix(12))-\(UUID().uuidString.prefix(8).lowercased())"
        let staging = stagingDirectory + "/" + name
        var placed = false
        defer { if !placed { try? FileManager.default.removeItem(atPath: staging) } }
        try Self.makeDirectory(staging + "/" + course.folderName)
        var copied: [Manifest.File] = []
        for relative in files.keys.sorted() {
            let file = files[relative]!
            let target = staging + "/" + course.folderName + "/" + relative
            try Self.makeDirectory((target as NSString).deletingLastPathComponent)
            if let old = unchanged(relative, file), let previous,
                Foundation.link(previous.path + "/" + previous.manifest.folder + "/" + relative, target) == 0
            {
                copied.append(old)
                continue
            }
            let (sha256, size) = try Self.copyFile(file.path, to: target)
            copied.append(Manifest.File(path: relative, sha256: sha256, size: size, modified: file.modified))
            // The copy's time is the original's, so that its validators (ETag, Last-Modified) stay the same.
            try? FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: file.modified)], ofItemAtPath: target)
        }
        guard loader.fingerprint(folderName: course.folderName) == fingerprint else {
            throw Failure("\(course.folderName) changed while it was being copied", folderChanged: true)
        }
        let manifest = Manifest(
            format: Self.format, courseID: course.id, folder: course.folderName, contentVersion: course.contentVersion, savedAt: Date(),
            files: copied
        )
        try Self.writeFile(staging + "/" + Self.manifestName, Self.encoder.encode(manifest))
        DurableFiles.syncDirectories(under: staging)

        let version = versionsDirectory + "/" + name
        try Self.rename(staging, to: version)
        placed = true
        DurableFiles.syncDirectory(versionsDirectory)
        let linkPath = directory + "/" + course.id
        let before = try? FileManager.default.destinationOfSymbolicLink(atPath: linkPath)
        let temporaryLink = directory + "/.\(course.id).link"
        try? FileManager.default.removeItem(atPath: temporaryLink)
        do {
            try FileManager.default.createSymbolicLink(atPath: temporaryLink, withDestinationPath: ".versions/" + name)
        } catch {
            try? FileManager.default.removeItem(atPath: version)
            throw Failure("cannot link \(temporaryLink): \((error as NSError).localizedDescription)")
        }
        do {
            try Self.rename(temporaryLink, to: linkPath)
        } catch {
            try? FileManager.default.removeItem(atPath: temporaryLink)
            try? FileManager.default.removeItem(atPath: version)
            throw error
        }
        DurableFiles.syncDirectory(directory)
        // The copy before goes only after the switch.
        if let before, Self.isVersionLink(before), before != ".versions/" + name {
            try? FileManager.default.removeItem(atPath: directory + "/" + before)
        }
        return Copy(manifest: manifest, path: version, link: linkPath)
    }

    // MARK: Removing

    /// Removes the copies of every course id not in `ids` (courses no longer served: their folder was removed, or
    /// declares another id now), and unreadable ones; returns the ids removed. Only one copy per course is ever kept.
    @discardableResult
    public func prune(keeping ids: Set<String>) throws -> [String] {
        guard FileManager.default.fileExists(atPath: directory) else { return [] }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw Failure("cannot list \(directory): \((error as NSError).localizedDescription)")
        }
        var removed: [String] = []
        for id in names.sorted() where !id.hasPrefix(".") && !ids.contains(id) {
            let linkPath = directory + "/" + id
            let target = try? FileManager.default.destinationOfSymbolicLink(atPath: linkPath)
            do {
                try FileManager.default.removeItem(atPath: linkPath)
            } catch {
                throw Failure("cannot remove \(linkPath): \((error as NSError).localizedDescription)")
            }
            if let target, Self.isVersionLink(target) {
                try? FileManager.default.removeItem(atPath: directory + "/" + target)
            }
            removed.append(id)
        }
        return removed
    }

    /// Removes what an interrupted copy left: staged copies, temporary links, and copies no link names. Only for a
    /// data folder no other process uses (`serve` holds its lock).
    public func tidy() {
        let fileManager = FileManager.default
        if let staged = try? fileManager.contentsOfDirectory(atPath: stagingDirectory) {
            for name in staged { try? fileManager.removeItem(atPath: stagingDirectory + "/" + name) }
        }
        guard let names = try? fileManager.contentsOfDirectory(atPath: directory) else { return }
        var linked: Set<String> = []
        for name in names {
            if name.hasPrefix("."), name.hasSuffix(".link") {
                try? fileManager.removeItem(atPath: directory + "/" + name)
            } else if !name.hasPrefix("."), let target = try? fileManager.destinationOfSymbolicLink(atPath: directory + "/" + name) {
                linked.insert(target)
            }
        }
        guard let versions = try? fileManager.contentsOfDirectory(atPath: versionsDirectory) else { return }
        for name in versions where !linked.contains(".versions/" + name) {
            try? fileManager.removeItem(atPath: versionsDirectory + "/" + name)
        }
    }

    // MARK: Files

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    static func makeDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw Failure("cannot create \(path): \((error as NSError).localizedDescription)")
        }
    }

    /// Copies a file into a new one, flushed to disk; returns the SHA-256 and the number of bytes copied.
    static func copyFile(_ source: String, to destination: String) throws -> (sha256: String, size: Int) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw Failure("cannot read \(source): \(String(cString: strerror(errno)))") }
        defer { close(input) }
        let output = open(destination, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw Failure("cannot create \(destination): \(String(cString: strerror(errno)))") }
        defer { close(output) }
        var hasher = ContentMirror.Hasher()
        var total = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure("cannot read \(source): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            try buffer.withUnsafeBytes { bytes in
                let chunk = UnsafeRawBufferPointer(rebasing: bytes[0..<count])
                hasher.update(chunk)
                try writeAll(output, chunk, path: destination)
            }
            total += count
        }
        guard fsync(output) == 0 else { throw Failure("cannot flush \(destination): \(String(cString: strerror(errno)))") }
        return (hasher.finish(), total)
    }

    /// Writes bytes into a new file, flushed to disk.
    static func writeFile(_ path: String, _ data: Data) throws {
        let output = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw Failure("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(output) }
        try data.withUnsafeBytes { try writeAll(output, $0, path: path) }
        guard fsync(output) == 0 else { throw Failure("cannot flush \(path): \(String(cString: strerror(errno)))") }
    }

    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw Failure("cannot write \(path): \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    static func rename(_ from: String, to: String) throws {
        guard Foundation.rename(from, to) == 0 else {
            throw Failure("cannot rename \(from) to \(to): \(String(cString: strerror(errno)))")
        }
    }

    static func freeSpace(_ path: String) -> Int64? {
        (try? FileManager.default.attributesOfFileSystem(forPath: path)[.systemFreeSize] as? NSNumber)?.int64Value
    }
}
