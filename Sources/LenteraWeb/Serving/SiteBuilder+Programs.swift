import Foundation
import LenteraContent
import LenteraCore
import Logging

/// One program file as the site knows it: the version served (the last that loaded without errors) and its problems.
struct ProgramFileState: Sendable {
    var good: Program?
    var problems: [Problem]
}

/// The state of one program file as the status page shows it.
struct ProgramStatus: Sendable {
    var fileName: String
    /// The program served: the last good version, which may be older than the file.
    var program: Program?
    var problems: [Problem]
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
        for removed in Set(programFiles.keys).subtracting(names) {
            programFiles[removed] = nil
            logger.info("program file removed", metadata: ["file": "\(removed)"])
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
                }
                state.good = program
            } else if state.good != nil {
                logger.error("program has errors; serving its last good version", metadata: ["file": "\(name)"])
            }
            programFiles[name] = state
        }
        return true
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
            statuses.append(ProgramStatus(fileName: name, program: served, problems: problems))
        }
        programs.sort { ($0.period.lowerBound, $0.title, $0.id) < ($1.period.lowerBound, $1.title, $1.id) }
        return (programs, statuses)
    }
}
