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
        abstract: "Validate every course and print each problem as file:line: message.",
        discussion: "Given a course folder (one holding course.xml), checks that course alone. Exits with status 1 when any course has an error."
    )

    @Argument(help: "The courses directory, or one course folder.") var directory = "courses"
    @Option(help: "Language of the messages: id or en.") var lang = "id"

    func run() throws {
        let language = Language(code: lang) ?? .indonesian
        guard FileManager.default.fileExists(atPath: directory) else {
            print(language == .indonesian ? "\(directory): folder tidak ada" : "\(directory): no such directory")
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
        let summary =
            language == .indonesian
            ? "\(results.count) kursus diperiksa, \(loaded) valid, \(errors) galat, \(warnings) peringatan"
            : "\(results.count) courses checked, \(loaded) valid, \(errors) errors, \(warnings) warnings"
        FileHandle.standardError.write(Data((summary + "\n").utf8))
        if errors > 0 { throw ExitCode(1) }
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
