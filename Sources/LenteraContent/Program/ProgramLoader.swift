import Crypto
import Foundation
import LenteraCore

/// The outcome of loading one program file: the program when it has no errors, and every problem found.
public struct ProgramLoadResult: Sendable {
    /// The file's name under the programs directory.
    public var fileName: String
    /// The program, or nil when an error stops it from loading.
    public var program: Program?
    /// Errors and warnings, in line order.
    public var problems: [Problem]

    /// Whether any problem is an error.
    public var hasErrors: Bool { problems.contains { $0.severity == .error } }
}

/// Reads program files (`programs/*.xml`) and checks them against the courses served.
public struct ProgramLoader: Sendable {
    /// The programs directory.
    public let programsDirectory: String

    /// Creates a loader for a programs directory.
    public init(programsDirectory: String) {
        self.programsDirectory = programsDirectory
    }

    /// The program files present now (`*.xml`, hidden files skipped), sorted; nil when the directory does not exist.
    /// A listing that fails is an error, never an empty folder: callers keep what they have.
    public func fileNames() throws(CourseLoader.ListingError) -> [String]? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: programsDirectory, isDirectory: &isDirectory) else { return nil }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: programsDirectory)
        } catch {
            throw CourseLoader.ListingError(directory: programsDirectory, reason: (error as NSError).localizedDescription)
        }
        return names.filter { !$0.hasPrefix(".") && $0.lowercased().hasSuffix(".xml") && !Self.reservedNames.contains($0) }.sorted()
    }

    /// Files in the programs directory that are not programs.
    static let reservedNames: Set<String> = [CompetencyDictionaryFile.fileName]

    /// A cheap fingerprint of the directory (names, sizes, modification times), to notice changes without reading.
    public func fingerprint() -> String {
        guard let programs = try? fileNames() else { return "" }
        let names = programs + Self.reservedNames.sorted().filter { FileManager.default.fileExists(atPath: programsDirectory + "/" + $0) }
        return names.map { name -> String in
            let attributes = try? FileManager.default.attributesOfItem(atPath: programsDirectory + "/" + name)
            let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(name)|\(size)|\(modified)"
        }.joined(separator: "\n")
    }

    /// Loads every program file, checked against the ids of the courses served, and reports duplicate program ids:
    /// of the files declaring one id, the first by name keeps it.
    public func loadAll(courseIDs: Set<String>) throws(CourseLoader.ListingError) -> [ProgramLoadResult] {
        var results = (try fileNames() ?? []).map { load(fileName: $0, courseIDs: courseIDs) }
        var seen: [String: String] = [:]
        for index in results.indices {
            guard let program = results[index].program else { continue }
            if let other = seen[program.id] {
                results[index].problems.append(Problem(file: program.fileName, line: 1, kind: .programDeclaration(
                    indonesian: "id program \"\(program.id)\" sudah dipakai oleh \(other)",
                    english: "program id \"\(program.id)\" is already used by \(other)")))
                results[index].program = nil
            } else {
                seen[program.id] = program.fileName
            }
        }
        return results
    }

    /// Loads one program file.
    public func load(fileName: String, courseIDs: Set<String>) -> ProgramLoadResult {
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: programsDirectory + "/" + fileName)))
        } catch {
            return ProgramLoadResult(fileName: fileName, program: nil, problems: [
                Problem(file: fileName, line: nil, kind: .unreadableFile((error as NSError).localizedDescription))
            ])
        }
        let root: XMLElement
        do {
            root = try SafeXMLParser.parse(bytes)
        } catch {
            return ProgramLoadResult(fileName: fileName, program: nil, problems: [Problem(file: fileName, line: error.line, kind: error.kind)])
        }
        var problems: [Problem] = []
        let program = ProgramFile.read(
            root, fileName: fileName, contentVersion: SHA256.hash(data: bytes).hexString, courseIDs: courseIDs, problems: &problems
        )
        // In line order, and in the order found within a line (a stable sort).
        problems = problems.enumerated().sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }.map(\.element)
        return ProgramLoadResult(fileName: fileName, program: problems.contains { $0.severity == .error } ? nil : program, problems: problems)
    }
}
