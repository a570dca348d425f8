import Foundation
import NIOCore
import LenteraCore
import LenteraContent
import Synchronization

/// What this Lentera publishes for its mirrors: the catalogue, one manifest per course version, and every file by
/// its hash.
struct MirrorPublication: Sendable {
    struct PublishedFile: Sendable {
        var path: String
        var size: Int
        var modified: Double
        var isPrivate: Bool
    }

    /// The catalogue and manifests with their gzip variants and headers, computed when courses load.
    var catalogue: StaticResource
    /// Manifests by their SHA-256.
    var manifests: [String: StaticResource] = [:]
    /// Files by their SHA-256.
    var files: [String: PublishedFile] = [:]

    static let empty = MirrorPublication(parts: [], withdrawn: [], programs: [], withdrawnPrograms: [])

    /// One course's part: its manifest and files.
    struct CoursePart: Sendable {
        var entry: ContentMirror.Entry
        var manifest: [UInt8]
        var files: [String: PublishedFile]
    }

    /// The manifest of a loaded course: every file of its folder, hashed (quiz sources included, marked private).
    static func part(for course: Course, root: String, hashes: FileHashes) -> CoursePart {
        var published: [String: PublishedFile] = [:]
        let listed = ContentMirror.files(of: course, inCourseFolder: root + "/" + course.folderName) { hashes.sha256(of: $0) }
        for (entry, file) in listed where published[entry.sha256] == nil || published[entry.sha256]!.isPrivate {
            // A hash held by a public file stays public.
            published[entry.sha256] = PublishedFile(path: file.path, size: file.size, modified: file.modified, isPrivate: entry.private)
        }
        let files = listed.map(\.file)
        let manifest = ContentMirror.Manifest(course: course.id, folder: course.folderName, version: course.creditVersion, files: files)
        let bytes = manifest.encoded()
        let hash = ContentMirror.sha256(bytes)
        return CoursePart(
            entry: ContentMirror.Entry(id: course.id, folder: course.folderName, version: course.creditVersion,
                                       manifest: "/mirror/manifests/\(hash).json", sha256: hash),
            manifest: bytes, files: published
        )
    }

    /// A program file as published: its entry, and where its bytes are.
    struct ProgramPart: Sendable {
        var entry: ContentMirror.ProgramFile
        var file: PublishedFile
    }

    /// The part of a program file whose bytes on disk are still `sha256` (the version that loaded without errors);
    /// nil when the file has changed since (a broken edit is not published: the mirrors keep the good version).
    static func programPart(path: String, fileName: String, sha256: String) -> ProgramPart? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path), attributes[.type] as? FileAttributeType == .typeRegular,
            let size = (attributes[.size] as? NSNumber)?.intValue, let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970,
            Int64(size) <= ContentMirror.ProgramFile.maximumSize, ContentMirror.sha256(ofFileAt: path) == sha256
        else { return nil }
        return ProgramPart(
            entry: ContentMirror.ProgramFile(file: fileName, sha256: sha256, size: Int64(size)),
            // Registered nodes only: a program names its events' places and meeting links, for the learners it targets.
            file: PublishedFile(path: path, size: size, modified: modified, isPrivate: true)
        )
    }

    /// The publication of every course served, with the tombstones of those withdrawn, and the program files with theirs.
    init(parts: [CoursePart], withdrawn: [ContentMirror.Withdrawal], programs: [ProgramPart], withdrawnPrograms: [ContentMirror.ProgramWithdrawal]) {
        let now = Date()
        let served = Set(parts.map(\.entry.folder))
        let catalogueValue = ContentMirror.Catalogue(
            courses: parts.map(\.entry), withdrawn: withdrawn.filter { !served.contains($0.folder) }, programs: programs.map(\.entry),
            withdrawnPrograms: withdrawnPrograms
        )
        catalogue = StaticResource(
            bytes: ByteBuffer(bytes: catalogueValue.encoded()), contentType: "application/json",
            modified: now, policy: .mirrorCatalogue
        )
        for part in parts {
            manifests[part.entry.sha256] = StaticResource(
                bytes: ByteBuffer(bytes: part.manifest), contentType: "application/json", modified: now, policy: .mirrorManifest,
                fullDigestETag: true
            )
            for (hash, file) in part.files where files[hash] == nil || files[hash]!.isPrivate {
                files[hash] = file
            }
        }
        for program in programs where files[program.entry.sha256] == nil {
            files[program.entry.sha256] = program.file
        }
    }
}

/// SHA-256 of course files, remembered by path, size and modification time: a 1 GB catalogue is hashed once.
final class FileHashes: Sendable {
    private let known = Mutex<[String: String]>([:])

    func sha256(of file: CourseFile) -> String? {
        let key = "\(file.path)|\(file.size)|\(file.modified)"
        if let hash = known.withLock({ $0[key] }) { return hash }
        guard let hash = ContentMirror.sha256(ofFileAt: file.path) else { return nil }
        known.withLock { $0[key] = hash }
        return hash
    }
}
