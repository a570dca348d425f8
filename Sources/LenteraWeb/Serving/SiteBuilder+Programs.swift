import Foundation
import LenteraContent
import LenteraCore
import Logging

/// One program file as the site knows it: the version served (the last that loaded without errors) and its problems.
struct ProgramFileState: Sendable {
    var good: Program?
    var problems: [Problem]
}

/// The state of one file of the programs folder (a program, or the competency dictionary) as the status page shows it.
struct ProgramStatus: Sendable {
    var fileName: String
    /// What is served from it: the last good version, which may be older than the file.
    var title: String?
    var version: String?
    var href: String?
    var problems: [Problem]
    /// For the competency dictionary: how many competencies and position standards it holds (its title is made of
    /// them, in the reader's language).
    var dictionarySize: (competencies: Int, standards: Int)?

    /// Whether a version of it is served.
    var served: Bool { title != nil }
}

extension SiteBuilder {
    /// Loads the program files again when the programs folder or the courses served changed; returns whether anything
    /// did. A file that does not load keeps being served in its last good version; a folder that cannot be listed,
    /// or that is gone while programs were served, changes nothing (absence is not deletion).
    func refreshPrograms(courseIDs: Set<String>) -> Bool {
        guard let programLoader else { return false }
        // The courses are part of the fingerprint: a program naming a course that comes or goes is checked again.
        let fingerprint = programLoader.fingerprint() + "\n" + courseIDs.sorted().joined(separator: ",")
        guard fingerprint != programsFingerprint else { return false }
        let names: [String]
        do {
            guard let listed = try programLoader.fileNames() else {
                if !programFiles.isEmpty {
                    logger.error("the programs folder is gone; every program stays as it was", metadata: ["folder": "\(programLoader.programsDirectory)"])
                }
                return false
            }
            names = listed
        } catch {
            logger.error("cannot list the programs folder; every program stays as it was", metadata: ["error": "\(error)"])
            return false
        }
        programsFingerprint = fingerprint
        programFilesPresent = Set(names).union(dictionaryFilePresent(programLoader) ? [CompetencyDictionaryFile.fileName] : [])
        refreshDictionary(programLoader)
        for removed in Set(programFiles.keys).subtracting(names) {
            programFiles[removed] = nil
            logger.info("program file removed", metadata: ["file": "\(removed)"])
        }
        // A file its author removed (now, or while the server was down) loses its kept copy, so that a later broken
        // file of that name does not bring it back; so do copies a crash left half-written.
        if let keptPrograms, let kept = try? FileManager.default.contentsOfDirectory(atPath: keptPrograms) {
            for name in kept where name.hasPrefix(".") ? name.hasSuffix(".part") : !(programFilesPresent ?? []).contains(name) {
                unlink(keptPrograms + "/" + name)
            }
        }
        for name in names {
            let result = programLoader.load(fileName: name, courseIDs: courseIDs)
            var state = programFiles[name] ?? ProgramFileState(problems: [])
            state.problems = result.problems
            for problem in result.problems {
                logger.log(level: problem.severity == .error ? .error : .warning, "\(problem.formatted(in: .english))", metadata: ["program": "\(name)"])
            }
            if let program = result.program {
                if state.good?.contentVersion != program.contentVersion {
                    logger.info("program loaded", metadata: ["program": "\(program.id)", "activities": "\(program.activities.count)"])
                    keep(name, from: programLoader.programsDirectory, version: program.contentVersion)
                }
                state.good = program
            } else if state.good != nil {
                logger.error("program has errors; serving its last good version", metadata: ["file": "\(name)"])
            } else if let keptPrograms, let kept = ProgramLoader(programsDirectory: keptPrograms).load(fileName: name, courseIDs: courseIDs).program {
                // Broken since before this start: served as it was before the restart, from its kept copy.
                logger.error("program has errors; serving its last good copy kept in the data folder", metadata: ["file": "\(name)"])
                state.good = kept
            }
            programFiles[name] = state
        }
        return true
    }

    /// Keeps the bytes of a program file that loaded without errors, for a restart that finds the file broken: written
    /// to a new file, flushed and renamed over the copy before, and only while the file still holds the version loaded.
    func keep(_ name: String, from directory: String, version: String) {
        guard let keptPrograms else { return }
        do {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
            guard ContentMirror.sha256(bytes) == version else { return }
            try FileManager.default.createDirectory(atPath: keptPrograms, withIntermediateDirectories: true)
            let temporary = keptPrograms + "/.\(name).\(UInt64.random(in: 0...UInt64.max)).part"
            try bytes.write(to: URL(fileURLWithPath: temporary))
            if let handle = FileHandle(forUpdatingAtPath: temporary) {
                try? handle.synchronize()
                try? handle.close()
            }
            guard rename(temporary, keptPrograms + "/" + name) == 0 else {
                unlink(temporary)
                throw CocoaError(.fileWriteUnknown)
            }
            DurableFiles.syncDirectory(keptPrograms)
        } catch {
            logger.error("cannot keep a copy of the program file; a restart that finds it broken will not serve it", metadata: [
                "file": "\(name)", "error": "\(error)",
            ])
        }
    }

    /// Reads the competency dictionary again: a version with errors keeps the last good one served; a file that is gone
    /// from a folder still there is no dictionary.
    func refreshDictionary(_ loader: ProgramLoader) {
        let (loaded, problems, version) = CompetencyDictionaryFile.loadVersioned(programsDirectory: loader.programsDirectory)
        dictionaryProblems = problems
        for problem in problems {
            logger.log(level: problem.severity == .error ? .error : .warning, "\(problem.formatted(in: .english))", metadata: ["program": "\(CompetencyDictionaryFile.fileName)"])
        }
        if let loaded {
            if version != dictionaryVersion, let version {
                keep(CompetencyDictionaryFile.fileName, from: loader.programsDirectory, version: version)
            }
            dictionary = loaded
            dictionaryVersion = version
        } else if problems.isEmpty {
            dictionary = nil
            dictionaryVersion = nil
        } else if dictionary != nil {
            logger.error("the competency dictionary has errors; serving its last good version")
        } else if let keptPrograms, case let (kept?, _, version) = CompetencyDictionaryFile.loadVersioned(programsDirectory: keptPrograms) {
            // Broken since before this start: served as it was before the restart, from its kept copy (never published
            // to mirrors: the file no longer holds those bytes).
            logger.error("the competency dictionary has errors; serving its last good copy kept in the data folder")
            dictionary = kept
            dictionaryVersion = version
        }
    }

    /// Whether the competency dictionary's file is in the programs folder (anything there by that name, readable or not).
    func dictionaryFilePresent(_ loader: ProgramLoader) -> Bool {
        var status = stat()
        return lstat(loader.programsDirectory + "/" + CompetencyDictionaryFile.fileName, &status) == 0 || errno != ENOENT
    }

    /// The program files mirrors may copy: each program served whose file still holds the version served, and the
    /// competency dictionary when it loads without errors. A file broken since is left out: mirrors keep what they have.
    func publishedProgramFiles(_ programs: [Program]) -> [MirrorPublication.ProgramPart] {
        guard let directory = programLoader?.programsDirectory else { return [] }
        var parts = programs.compactMap { program in
            MirrorPublication.programPart(path: directory + "/" + program.fileName, fileName: program.fileName, sha256: program.contentVersion)
        }
        // The dictionary as it loaded, while its file still holds those bytes.
        if dictionary != nil, let version = dictionaryVersion, let part = MirrorPublication.programPart(
            path: directory + "/" + CompetencyDictionaryFile.fileName, fileName: CompetencyDictionaryFile.fileName, sha256: version
        ) {
            parts.append(part)
        }
        return parts
    }

    /// The programs served, each id once (the first file by name keeps it), ordered by start and title; and each
    /// file's status.
    func servedPrograms() -> (programs: [Program], statuses: [ProgramStatus]) {
        var holders: [String: String] = [:]
        var programs: [Program] = []
        var statuses: [ProgramStatus] = []
        for name in programFiles.keys.sorted() {
            let state = programFiles[name]!
            var problems = state.problems
            var served = state.good
            if let program = state.good {
                if let holder = holders[program.id] {
                    problems.insert(Problem(file: name, line: 1, kind: .programDeclaration(
                        indonesian: "id program \"\(program.id)\" sudah dipakai oleh \(holder)",
                        english: "program id \"\(program.id)\" is already used by \(holder)")), at: 0)
                    served = nil
                } else {
                    holders[program.id] = name
                    programs.append(program)
                }
            }
            statuses.append(ProgramStatus(
                fileName: name, title: served?.title, version: served.map { $0.versionLabel ?? String($0.contentVersion.prefix(8)) },
                href: served.map { "/operator/program/\($0.id)" }, problems: problems
            ))
        }
        if dictionary != nil || !dictionaryProblems.isEmpty {
            statuses.insert(ProgramStatus(
                fileName: CompetencyDictionaryFile.fileName,
                title: dictionary.map { _ in CompetencyDictionaryFile.fileName }, href: dictionary.map { _ in "/operator/kebutuhan" },
                problems: dictionaryProblems, dictionarySize: dictionary.map { ($0.competencies.count, $0.standards.count) }
            ), at: 0)
        }
        programs.sort { ($0.period.lowerBound, $0.title, $0.id) < ($1.period.lowerBound, $1.title, $1.id) }
        return (programs, statuses)
    }
}
