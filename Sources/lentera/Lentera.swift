import ArgumentParser
import Foundation
import LenteraCore
import LenteraWeb
import Logging

@main
struct Lentera: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lentera",
        abstract: "Lentera: e-learning content server for ASN competency development.",
        subcommands: [
            Serve.self, Check.self, Render.self, User.self, QuizCommand.self, MirrorCommand.self, ExportCommand.self, ImportCommand.self,
            NodeCommand.self, PushCommand.self, RosterCommand.self,
        ],
        defaultSubcommand: Serve.self
    )
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the courses over HTTP.")

    @Option(help: "The courses directory.") var courses = "courses"
    @Option(help: "The data directory.") var data = "data"
    @Option(help: "The directory of static assets.") var `public` = "public"
    @Option(help: "The address to listen on.") var host = "0.0.0.0"
    @Option(help: "The port to listen on.") var port = 8080
    @Option(help: "An upstream Lentera to mirror the courses from.") var mirrorFrom: String?
    @Option(help: "How often to mirror, such as 10m, 1h or 30s.") var mirrorEvery = "10m"
    @Option(help: "This node's key at the mirror upstream (needed for quiz sources); or set LENTERA_NODE_KEY.") var mirrorKey: String?
    @Option(help: "An upstream Lentera to push progress to.") var upstream: String?
    @Option(help: "This node's key at the upstream; or set LENTERA_NODE_KEY.") var upstreamKey: String?
    @Option(help: "How often to push progress, such as 30s.") var pushEvery = "30s"
    @Flag(help: "Share learners' password hashes with nodes that pull the roster.") var sharePasswordHashes = false
    @Option(help: "The site's public address, such as https://lentera.example.go.id, printed on certificates and in their QR codes.")
    var baseURL: String?
    @Option(help: "The most connections open at once (default: what the file descriptor limit allows, up to 10000).")
    var maxConnections: Int?
    @Option(help: "Seconds a connection may wait for its next request before it is closed.") var idleTimeout = 60

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
            return handler
        }
        var configuration = ServerConfiguration(
            coursesDirectory: courses, dataDirectory: data, publicDirectory: `public`, host: host, port: port
        )
        guard let mirrorInterval = Self.duration(mirrorEvery), let pushInterval = Self.duration(pushEvery) else {
            FileHandle.standardError.write(Data("lentera: intervals are written like 30s, 10m or 1h\n".utf8))
            throw ExitCode(2)
        }
        configuration.mirrorFrom = mirrorFrom
        configuration.mirrorEvery = mirrorInterval
        let environmentKey = nodeKeyFromEnvironment()
        configuration.mirrorKey = mirrorKey ?? upstreamKey ?? environmentKey
        configuration.upstream = upstream
        configuration.upstreamKey = upstreamKey ?? environmentKey
        configuration.pushEvery = pushInterval
        configuration.sharePasswordHashes = sharePasswordHashes
        if let baseURL {
            guard let url = URL(string: baseURL), ["http", "https"].contains(url.scheme ?? ""), url.host != nil, url.query == nil else {
                FileHandle.standardError.write(Data("lentera: --base-url must be an http(s) address such as https://lentera.example.go.id\n".utf8))
                throw ExitCode(2)
            }
            configuration.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        }
        var limits = ConnectionLimits.defaults()
        limits.idleTimeout = idleTimeout
        if let maxConnections { limits.maximumConnections = maxConnections }
        configuration.connectionLimits = limits
        do {
            let app = try await buildApplication(configuration)
            try await app.runService()
        } catch let error as StartupError {
            FileHandle.standardError.write(Data("lentera: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
    }
}

extension Serve {
    /// `30s`, `10m`, `1h` or a number of seconds.
    static func duration(_ text: String) -> Duration? {
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600]
        if let unit = text.last.flatMap({ units[$0] }), let value = Int(text.dropLast()), value > 0 { return .seconds(value * unit) }
        return Int(text).flatMap { $0 > 0 ? .seconds($0) : nil }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate every course and print each problem as file:line: message.",
        discussion: "Exits with status 1 when any course has an error."
    )

    @Argument(help: "The courses directory.") var directory = "courses"
    @Option(help: "Language of the messages: id or en.") var lang = "id"

    func run() throws {
        let language = Language(code: lang) ?? .indonesian
        guard FileManager.default.fileExists(atPath: directory) else {
            print(language == .indonesian ? "\(directory): folder tidak ada" : "\(directory): no such directory")
            throw ExitCode(2)
        }
        let results: [CourseLoadResult]
        do {
            results = try CourseLoader(coursesDirectory: directory).loadAll()
        } catch {
            print(language == .indonesian ? "\(directory): folder tidak dapat dibaca (\(error.reason))" : "\(error)")
            throw ExitCode(2)
        }
        var errors = 0
        var warnings = 0
        for result in results {
            for problem in result.problems {
                print(problem.formatted(in: language).replacingPrefix(with: directory))
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
}
