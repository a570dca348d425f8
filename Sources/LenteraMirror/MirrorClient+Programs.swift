import Foundation
import LenteraCore

#if canImport(Glibc)
    import Glibc
#endif

extension MirrorClient {
    /// The most program files, and bytes of them, one catalogue may bring.
    static let maximumProgramFiles = 1000
    static let maximumProgramBytes: Int64 = 64 * 1024 * 1024

    /// Brings a programs folder up to date with the upstream's program files (programs and the competency dictionary):
    /// each file fetched by its hash, verified by size and sha256, written to a new file of its own, made durable and
    /// switched in by a rename, so a server reading the folder sees the old file or the new one, never part of one.
    ///
    /// A file the upstream lists is written only over a regular file a mirror brought and nobody edited since
    /// (checked again just before the switch); a local file of the same name with other bytes, an edited copy, or
    /// anything that is not a regular file blocks it (rejected, kept as it is). A file with the same bytes is taken as
    /// the upstream's. A file the upstream no longer lists stays (absence is not deletion) unless it is `withdrawn`
    /// (a tombstone): then this upstream's unedited copy is removed first, before any file is written (a program
    /// renamed upstream never shows twice). A mirror (`owns`) takes the files it writes or finds identical as its own;
    /// an import from a drive writes them but leaves them to the upstream that brought them, whose tombstones still
    /// apply.
    func syncPrograms(_ files: [ContentMirror.ProgramFile], withdrawn: [ContentMirror.ProgramWithdrawal], into directory: String,
                      from source: some MirrorSource, owns: Bool, state: inout State, report: inout Report,
                      log: @escaping @Sendable (String) -> Void) async {
        // A folder that is not there is made only for files to write: tombstones alone never make an empty one (which
        // a server reading it could take for a folder whose files were all removed).
        guard !files.isEmpty || (!withdrawn.isEmpty && FileManager.default.fileExists(atPath: directory)) else { return }
        func refuseAll(_ reason: String) {
            report.rejected.append(("programs", reason))
            log("mirror: programs: rejected: \(reason); keeping what is there")
        }
        guard files.count <= Self.maximumProgramFiles, files.reduce(Int64(0), { $0 + max(0, $1.size) }) <= Self.maximumProgramBytes else {
            return refuseAll("the catalogue lists more than \(Self.maximumProgramFiles) program files or \(Self.maximumProgramBytes) bytes of them")
        }
        // The folder once: a file in its place, or one that cannot be made, refuses every program before any download.
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { return refuseAll("\(directory) is not a folder") }
        } else {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                return refuseAll("\(directory) cannot be made (\(error))")
            }
        }
        // Temporary files a crash left behind (this process holds the mirror lock: none is being written now); a file
        // set aside while it was withdrawn goes back to its name when that is free (a later tombstone removes it again
        // if it is the mirror's own), and is reported while it cannot.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
            if name.hasPrefix(".lentera-mirror-") && name.hasSuffix(".part") {
                unlink(directory + "/" + name)
            } else if name.hasPrefix(Self.asidePrefix) {
                // `.lentera-withdrawn-NAME-RANDOM`: the name is what lies between the prefix and the last dash.
                let rest = name.dropFirst(Self.asidePrefix.count)
                guard let dash = rest.lastIndex(of: "-") else { continue }
                let original = String(rest[..<dash])
                guard ContentMirror.ProgramFile.isPlainName(original) else { continue }
                if link(directory + "/" + name, directory + "/" + original) == 0 {
                    unlink(directory + "/" + name)
                    log("mirror: programs/\(original): put back from \(name), where an interrupted withdrawal left it")
                } else {
                    log("mirror: programs/\(original): a copy set aside while it was withdrawn is kept as \(name) (the name is taken): look at it")
                }
            }
        }
        var held = state.programs ?? [:]
        let listed = Set(files.map(\.file))
        for tombstone in withdrawn where !listed.contains(tombstone.file) && ContentMirror.ProgramFile.isPlainName(tombstone.file) {
            // Only a file this upstream brought: one from another upstream, or a local one, is not its to withdraw.
            guard let mine = held[tombstone.file], mine.upstream == source.name else { continue }
            let label = "programs/" + tombstone.file
            do {
                if try Self.removeWithdrawn(directory + "/" + tombstone.file, sha256: mine.sha256, label: label) {
                    report.removedPrograms.append(tombstone.file)
                    log("mirror: \(label): withdrawn upstream; removed here")
                } else {
                    log("mirror: \(label): withdrawn upstream, but edited here (or gone); kept as a local file")
                }
                held[tombstone.file] = nil
                state.programs = held
                try? save(state)
            } catch {
                let reason = (error as? Rejection)?.reason ?? "\(error)"
                report.rejected.append((label, reason))
                log("mirror: \(label): withdrawn upstream, but not removed: \(reason); kept")
            }
        }
        for entry in files {
            // A name is logged only once it is known to be plain.
            let label = entry.problem == nil ? "programs/" + entry.file : "programs"
            let mine = held[entry.file]
            var kept = mine.map { String($0.sha256.prefix(8)) } ?? "none"
            do {
                if let problem = entry.problem { throw Rejection(reason: problem) }
                let path = directory + "/" + entry.file
                /// Whether the file there (if any) may be replaced: nil when there is none.
                func current() throws -> String? {
                    guard let hash = try Self.regularFileHash(path, label: label) else { return nil }
                    kept = hash == mine?.sha256 ? String(hash.prefix(8)) : "local"
                    return hash
                }
                let before = try current()
                if before == entry.sha256 {
                    held[entry.file] = State.Held(upstream: owns ? source.name : mine?.upstream ?? source.name, sha256: entry.sha256, version: "")
                    report.unchangedPrograms.append(entry.file)
                    continue
                }
                if let before {
                    guard let mine else { throw Rejection(reason: "a local file \(label) exists that did not come from this mirror") }
                    guard before == mine.sha256 else { throw Rejection(reason: "\(label) was edited here") }
                }
                let bytes: [UInt8]
                do {
                    bytes = try await source.fetch("/mirror/files/\(entry.sha256)", limit: Int(entry.size)).bytes
                } catch let error as MirrorSourceError where error.description.hasSuffix("HTTP 404") {
                    // Program files go to registered nodes only, as quiz sources do.
                    throw Rejection(reason: "\(label) is given only to registered nodes: register this node upstream (lentera node add) and pass its key (--key)")
                } catch {
                    throw Rejection(reason: "\(label) cannot be fetched (\(error))")
                }
                guard Int64(bytes.count) == entry.size, ContentMirror.sha256(bytes) == entry.sha256 else {
                    throw Rejection(reason: "sha256 mismatch for \(label)")
                }
                let temporary = try Self.writeNewFile(bytes, in: directory, for: entry.sha256)
                // Checked again just before the switch: an edit saved while the file downloaded is never overwritten.
                do {
                    guard try current() == before else { throw Rejection(reason: "\(label) changed here while it was fetched") }
                    if before == nil {
                        // Nothing was there: a link fails if a file appeared since, where a rename would replace it.
                        guard link(temporary, path) == 0 else {
                            throw Rejection(reason: errno == EEXIST ? "\(label) appeared here while it was fetched" : "\(label) cannot be written (errno \(errno))")
                        }
                        unlink(temporary)
                    } else {
                        try Self.rename(temporary, to: path)
                    }
                } catch {
                    unlink(temporary)
                    throw error
                }
                DurableFiles.syncDirectory(directory)
                held[entry.file] = State.Held(upstream: owns ? source.name : mine?.upstream ?? source.name, sha256: entry.sha256, version: "")
                // Saved at once: after a crash the file is known as this mirror's, not taken for a local one.
                state.programs = held
                try? save(state)
                report.updatedPrograms.append(entry.file)
                log("mirror: \(label): \(before == nil ? "none" : String(before!.prefix(8))) -> \(entry.sha256.prefix(8)) (\(bytes.count) bytes)")
            } catch {
                let reason = (error as? Rejection)?.reason ?? "\(error)"
                report.rejected.append((label, reason))
                log("mirror: \(label): rejected: \(reason); keeping \(kept)")
            }
        }
        state.programs = held
        log("mirror: programs: \(report.updatedPrograms.count) files updated, \(report.unchangedPrograms.count) unchanged")
    }

    /// Removes a withdrawn program file when it still holds the bytes this mirror wrote: moved aside under a hidden name
    /// first (the loader skips it), checked there, and only then unlinked, so an edit saved meanwhile is never lost (it
    /// is put back). Returns false when the file is gone or edited (kept).
    static func removeWithdrawn(_ path: String, sha256: String, label: String) throws -> Bool {
        guard let before = try regularFileHash(path, label: label), before == sha256 else { return false }
        let directory = (path as NSString).deletingLastPathComponent
        let aside = directory + "/" + asidePrefix + (path as NSString).lastPathComponent + "-\(UInt64.random(in: 0...UInt64.max))"
        guard Foundation.rename(path, aside) == 0 else { throw Rejection(reason: "\(label) cannot be moved aside (errno \(errno))") }
        guard (try? regularFileHash(aside, label: label)) == sha256 else {
            // Edited in between: back in its place, unless a new file took it (then the edit stays aside, hidden).
            if link(aside, path) == 0 {
                unlink(aside)
            } else {
                throw Rejection(reason: "\(label) was edited while it was withdrawn; the edit is kept as \((aside as NSString).lastPathComponent)")
            }
            return false
        }
        unlink(aside)
        DurableFiles.syncDirectory(directory)
        return true
    }

    /// The start of the name a withdrawn file has while it is checked before removal (hidden: the loader skips it).
    static let asidePrefix = ".lentera-withdrawn-"

    /// The sha256 of the regular file at `path`; nil when nothing is there. A link, a folder or anything else that is
    /// not a regular file, and a file that cannot be read whole, is an error (never taken as "no file").
    static func regularFileHash(_ path: String, label: String) throws -> String? {
        var status = stat()
        if lstat(path, &status) != 0 {
            if errno == ENOENT { return nil }
            throw Rejection(reason: "\(label) cannot be examined (errno \(errno))")
        }
        guard status.st_mode & S_IFMT == S_IFREG else { throw Rejection(reason: "\(label) is not a regular file") }
        // Non-blocking, and checked again on the descriptor: a file swapped for a pipe since neither hangs nor passes.
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw Rejection(reason: "\(label) cannot be read (errno \(errno))") }
        defer { close(descriptor) }
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { throw Rejection(reason: "\(label) is not a regular file") }
        var hasher = ContentMirror.Hasher()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count < 0 { throw Rejection(reason: "\(label) cannot be read (errno \(errno))") }
            if count == 0 { break }
            buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
        return hasher.finish()
    }

    /// Writes bytes to a new hidden file of the folder (never an existing one, never through a link), made durable;
    /// returns its path. The program loader skips names starting with a dot.
    static func writeNewFile(_ bytes: [UInt8], in directory: String, for sha256: String) throws -> String {
        let path = directory + "/.lentera-mirror-\(sha256.prefix(16))-\(UInt64.random(in: 0...UInt64.max)).part"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Rejection(reason: "a new file cannot be made in the programs folder (errno \(errno))") }
        var written = 0
        var failed: Int32 = 0
        bytes.withUnsafeBytes { raw in
            while written < raw.count {
                let count = write(descriptor, raw.baseAddress! + written, raw.count - written)
                if count < 0, errno == EINTR { continue }
                if count <= 0 {
                    failed = count == 0 ? EIO : errno
                    return
                }
                written += count
            }
        }
        if failed == 0, fsync(descriptor) != 0 { failed = errno }
        close(descriptor)
        guard failed == 0 else {
            unlink(path)
            throw Rejection(reason: "the programs folder cannot be written (errno \(failed))")
        }
        return path
    }
}
