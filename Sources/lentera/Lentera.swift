import ArgumentParser
import Foundation
import LenteraCore
import LenteraContent
import LenteraWeb
import Logging

@main
struct Lentera: AsyncParsableCommand {
    /// The release; `lentera --version` adds the commit it was built from.
    static let version = "0.10.0"

    /// Parses the command line, with `serve`'s settings also read from `LENTERA_*` variables and a config file.
    static func main() async {
        do {
            var command = try parseAsRoot(try ServeSettings.completed(Array(CommandLine.arguments.dropFirst())))
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    static let configuration = CommandConfiguration(
        commandName: "lentera",
        abstract: "Lentera: e-learning content server for ASN competency development.",
        version: "lentera \(Lentera.version) (commit \(BuildInfo.commit))",
        subcommands: [
            Serve.self, Check.self, Render.self, User.self, QuizCommand.self, MirrorCommand.self, ExportCommand.self, ImportCommand.self,
            NodeCommand.self, PushCommand.self, RosterCommand.self, BackupCommand.self, RestoreCommand.self, MigrateToCommand.self,
        ],
        defaultSubcommand: Serve.self
    )
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate every course and program and print each problem as file:line: message.",
        discussion: """
            Given a course folder (one holding course.xml), checks that course alone. Given a courses directory, also checks \
            the program files beside it (the programs directory next to it, or --programs) against the courses that load. \
            Exits with status 1 when any course or program has an error.
            """
    )

    @Argument(help: "The courses directory, or one course folder.") var directory = "courses"
    @Option(help: "The programs directory (default: programs beside the courses directory, when it exists).") var programs: String?
    @Option(help: "Language of the messages: id or en.") var lang = "id"

    func run() throws {
        let language = Language(code: lang) ?? .indonesian
        guard FileManager.default.fileExists(atPath: directory) else {
            print(language == .indonesian ? "\(directory): folder tidak ada" : "\(directory): no such directory")
            throw ExitCode(2)
        }
        if let programs, !FileManager.default.fileExists(atPath: programs) {
            print(language == .indonesian ? "\(programs): folder tidak ada" : "\(programs): no such directory")
            throw ExitCode(2)
        }
        let target = CourseLoader.checkTarget(directory)
        let results: [CourseLoadResult]
        do {
            results = try CourseLoader.check(target)
        } catch {
            print(language == .indonesian ? "\(directory): folder tidak dapat dibaca (\(error.reason))" : "\(error)")
            throw ExitCode(2)
        }
        var errors = 0
        var warnings = 0
        for result in results {
            for problem in result.problems {
                let line = problem.formatted(in: language)
                print(target.folderName.map { line.replacingFolder($0, with: directory) } ?? line.replacingPrefix(with: directory))
                if problem.severity == .error { errors += 1 } else { warnings += 1 }
            }
        }
        let loaded = results.filter { $0.course != nil }.count
        var summary =
            language == .indonesian
            ? "\(results.count) kursus diperiksa, \(loaded) valid"
            : "\(results.count) courses checked, \(loaded) valid"
        if let programsDirectory = programsDirectory(target) {
            let programResults: [ProgramLoadResult]
            do {
                programResults = try ProgramLoader(programsDirectory: programsDirectory).loadAll(
                    courseIDs: Set(results.compactMap { $0.course?.id })
                )
            } catch {
                print(language == .indonesian ? "\(programsDirectory): folder tidak dapat dibaca (\(error.reason))" : "\(error)")
                throw ExitCode(2)
            }
            for result in programResults {
                for problem in result.problems {
                    print(problem.formatted(in: language).replacingPrefix(with: programsDirectory))
                    if problem.severity == .error { errors += 1 } else { warnings += 1 }
                }
            }
            let (dictionary, dictionaryProblems) = CompetencyDictionaryFile.load(programsDirectory: programsDirectory)
            var extra = dictionaryProblems.map { $0.formatted(in: language).replacingPrefix(with: programsDirectory) }
            if let dictionary {
                extra += CompetencyDictionaryFile.unknownReferences(dictionary, courses: results.compactMap(\.course)).map {
                    $0.formatted(in: language).replacingPrefix(with: directory)
                }
            }
            for line in extra { print(line) }
            for problem in dictionaryProblems {
                if problem.severity == .error { errors += 1 } else { warnings += 1 }
            }
            if let dictionary { warnings += CompetencyDictionaryFile.unknownReferences(dictionary, courses: results.compactMap(\.course)).count }
            let valid = programResults.filter { $0.program != nil }.count
            summary += language == .indonesian
                ? ", \(programResults.count) program diperiksa, \(valid) valid"
                : ", \(programResults.count) programs checked, \(valid) valid"
        }
        summary += language == .indonesian ? ", \(errors) galat, \(warnings) peringatan" : ", \(errors) errors, \(warnings) warnings"
        FileHandle.standardError.write(Data((summary + "\n").utf8))
        if errors > 0 { throw ExitCode(1) }
    }

    /// The programs directory to check: the one given, else `programs` beside a courses directory when it exists;
    /// none for a single course.
    func programsDirectory(_ target: CourseLoader.CheckTarget) -> String? {
        if let programs { return programs }
        guard case .courses(let courses) = target else { return nil }
        let trimmed = courses.hasSuffix("/") ? String(courses.dropLast()) : courses
        let parent = (trimmed as NSString).deletingLastPathComponent
        let candidate = parent.isEmpty ? "programs" : parent + "/programs"
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory) && isDirectory.boolValue ? candidate : nil
    }
}

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the HTML the server produces for a Markdown module.",
        discussion: "Inside a course folder, links and images resolve as they do on the site."
    )

    @Argument(help: "The Markdown file.") var file: String

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            FileHandle.standardError.write(Data("lentera: cannot read \(file)\n".utf8))
            throw ExitCode(2)
        }
        print(ModuleRendering.render(source: String(decoding: data, as: UTF8.self), path: file), terminator: "")
    }
}

extension String {
    /// Problems are reported relative to the courses folder; print them relative to where the author ran the command.
    func replacingPrefix(with directory: String) -> String {
        let trimmed = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        return trimmed == "." ? self : trimmed + "/" + self
    }

    /// A problem in one course folder (`folder/course.xml:4: ...`), printed with the course path the author gave
    /// (`courses/one/course.xml:4: ...`, or `course.xml:4: ...` for `.`).
    func replacingFolder(_ folder: String, with path: String) -> String {
        guard hasPrefix(folder + "/") || hasPrefix(folder + ":") else { return self }
        let rest = dropFirst(folder.count)
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        return trimmed == "." && rest.hasPrefix("/") ? String(rest.dropFirst()) : trimmed + rest
    }
}
