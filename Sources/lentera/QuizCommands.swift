import ArgumentParser
import Foundation
import LenteraCore
import LenteraContent
import ZIPFoundation

struct QuizCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quiz",
        abstract: "Inspect quiz files, score answers to them and export them to other systems.",
        subcommands: [ShowQuiz.self, ExportQuiz.self, ScoreQuiz.self]
    )
}

/// Reading a quiz from a file, a folder or a zipped package, with every problem printed as `file:line: message`.
struct QuizSource {
    static func read(_ path: String, language: Language) throws -> [QuizItem] {
        try readWithFiles(path, language: language, carryFiles: false).items
    }

    /// The questions and the files they show, to export: those that came embedded in them (pictures in a Moodle XML
    /// file) and those beside the quiz (``QuizFiles/readCarryingFiles(path:)``).
    static func readWithFiles(_ path: String, language: Language, carryFiles: Bool = true) throws -> (items: [QuizItem], files: [String: EmbeddedFile]) {
        var source = path
        var temporary: String?
        defer { if let temporary { try? FileManager.default.removeItem(atPath: temporary) } }
        if path.lowercased().hasSuffix(".zip") {
            let folder = NSTemporaryDirectory() + "lentera-quiz-" + UUID().uuidString
            try SafeUnzip.extract(path, to: folder)
            temporary = folder
            source = folder
        }
        let result = carryFiles ? QuizFiles.readCarryingFiles(path: source) : QuizFiles.read(path: source)
        for problem in result.problems {
            let location = problem.line.map { "\(path):\($0)" } ?? path
            FileHandle.standardError.write(Data("\(location): \(language == .indonesian ? problem.indonesian : problem.english)\n".utf8))
        }
        if !result.problems.isEmpty { throw ExitCode(1) }
        return (result.items, result.files)
    }
}

/// Extracts a zip without trusting it: entries leaving the folder, absolute paths, links and size bombs are refused.
enum SafeUnzip {
    static let maximumTotal: UInt64 = 256 * 1024 * 1024
    static let maximumEntries = 10_000

    struct Refused: Error, CustomStringConvertible {
        var description: String
    }

    /// Unpacks a zip into a new folder; a refused or failed zip leaves nothing behind (the folder is removed).
    static func extract(_ path: String, to folder: String, maximumTotal: UInt64 = maximumTotal) throws {
        do {
            try unpack(path, to: folder, maximumTotal: maximumTotal)
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
    }

    private static func unpack(_ path: String, to folder: String, maximumTotal: UInt64) throws {
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw Refused(description: "\(path): not a readable zip (\(error))")
        }
        var total: UInt64 = 0
        var count = 0
        for entry in archive {
            count += 1
            guard count <= maximumEntries else { throw Refused(description: "\(path): more than \(maximumEntries) entries") }
            guard entry.type != .symlink else { throw Refused(description: "\(path): \(entry.path) is a link, which is not allowed") }
            guard let relative = CoursePath.normalize(entry.path) else {
                throw Refused(description: "\(path): \(entry.path) leaves the package folder")
            }
            total += entry.uncompressedSize
            guard total <= maximumTotal else { throw Refused(description: "\(path): more than \(maximumTotal / 1024 / 1024) MB when unpacked") }
            if count == 1, let free = (try? FileManager.default.attributesOfFileSystem(forPath: NSTemporaryDirectory())[.systemFreeSize] as? NSNumber)?.uint64Value {
                // The whole archive must fit, by what its entries claim (and each entry is held to its claim below).
                let claimed = archive.reduce(UInt64(0)) { $0 + $1.uncompressedSize }
                guard claimed < free else { throw Refused(description: "\(path): \(claimed) bytes to unpack, \(free) free") }
            }
            guard entry.type == .file else { continue }
            let target = folder + "/" + relative
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            var written: UInt64 = 0
            FileManager.default.createFile(atPath: target, contents: nil)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: target))
            defer { try? handle.close() }
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                written += UInt64(chunk.count)
                // The sizes in the header may lie; count what really comes out.
                guard written <= entry.uncompressedSize, total - entry.uncompressedSize + written <= maximumTotal else {
                    throw Refused(description: "\(path): \(entry.path) unpacks to more than its header says")
                }
                try handle.write(contentsOf: chunk)
            }
        }
    }
}

struct ShowQuiz: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Read a quiz (.quiz.md, .gift, QTI .xml, imsmanifest.xml, a folder or a .zip package) and print its questions.",
        discussion: "Exits with status 1 and prints file:line: message for every problem."
    )

    @Argument(help: "The quiz file, folder or zip.") var file: String
    @Flag(help: "Print the questions as JSON (Lentera's item model).") var json = false
    @Option(help: "Language of the messages: id or en.") var lang = "id"

    func run() throws {
        let items = try QuizSource.read(file, language: Language(code: lang) ?? .indonesian)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(items.map { item -> QuizItem in
                var item = item
                item.line = nil
                return item
            }), as: UTF8.self))
            return
        }
        for item in items {
            print("\(item.id)\t\(Self.kind(item))\t\(item.points)\t\(item.title ?? String(item.prompt.prefix(60)).replacingOccurrences(of: "\n", with: " "))")
        }
        FileHandle.standardError.write(Data("\(items.count) questions\n".utf8))
    }

    static func kind(_ item: QuizItem) -> String {
        switch item.interaction {
        case .choice(_, let multiple): multiple ? "multiple-response" : "choice"
        case .text: "text"
        case .numeric: "numeric"
        case .matching: "matching"
        case .ordering: "ordering"
        case .gaps: "gaps"
        case .essay: "essay"
        case .description: "description"
        }
    }
}

struct ExportQuiz: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a quiz as QTI 2.1 items in an IMS content package, or as a Moodle XML file.",
        discussion: """
            QTI: the package is a zip when --output ends in .zip, else a folder; every item is valid QTI 2.1. Moodle XML \
            (--to moodle-xml): one file, ordering questions as qtype_ordering and blanks as cloze; a blank that does not \
            stand in its question's text once is refused by id. Importing either gives back the same questions.
            """
    )

    @Argument(help: "The quiz file, folder or zip.") var file: String
    @Option(help: "The target format: qti or moodle-xml.") var to = "qti"
    @Option(help: "Where to write the package (.zip or a folder), or the Moodle XML file.") var output: String
    @Option(help: "Language of the messages: id or en.") var lang = "id"

    func validate() throws {
        guard ["qti", "moodle-xml"].contains(to.lowercased()) else { throw ValidationError("--to must be qti or moodle-xml") }
    }

    func run() throws {
        let (items, embedded) = try QuizSource.readWithFiles(file, language: Language(code: lang) ?? .indonesian)
        if to.lowercased() == "moodle-xml" {
            do {
                let document = try MoodleXMLExporter.document(items, files: embedded)
                try Data(document.utf8).write(to: URL(fileURLWithPath: output))
            } catch let refusal as MoodleXMLExporter.Refusal {
                let indonesian = Language(code: lang) != .english
                for (id, kind) in refusal.items {
                    if kind == "files" {
                        let megabytes = ShownFiles.maximumBytes / 1024 / 1024
                        FileHandle.standardError.write(Data((indonesian
                            ? "\(file): berkas yang ditampilkan soal-soal sampai soal \"\(id)\" melebihi \(megabytes) MB bila ditulis di samping setiap teks (Moodle XML meminta demikian); ekspor sebagai QTI\n"
                            : "\(file): the files the questions up to \"\(id)\" show come to more than \(megabytes) MB written beside each text (as Moodle XML wants them); export as QTI\n").utf8))
                        continue
                    }
                    FileHandle.standardError.write(Data((indonesian
                        ? "\(file): soal \"\(id)\" (\(kind)) tidak dapat ditulis sebagai Moodle XML: setiap celah harus tepat sekali dalam teks soal\n"
                        : "\(file): question \"\(id)\" (\(kind)) cannot be written as Moodle XML: each blank must stand once in the question text\n").utf8))
                }
                throw ExitCode(1)
            }
            FileHandle.standardError.write(Data("\(items.count) questions written to \(output)\n".utf8))
            return
        }
        let title = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        let renderer = MarkdownRenderer()
        let files = QTIExporter.package(title: title, items: items, embedded: embedded) { text, format in
            switch format {
            case .markdown: renderer.render(text).html
            case .html: RawHTMLFilter.filter(text)
            case .plain: escapeText(text).replacingOccurrences(of: "\n", with: "<br>")
            }
        }
        if output.lowercased().hasSuffix(".zip") {
            try? FileManager.default.removeItem(atPath: output)
            let archive = try Archive(url: URL(fileURLWithPath: output), accessMode: .create)
            for (path, bytes) in files {
                let data = Data(bytes)
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
        } else {
            for (path, bytes) in files {
                let target = output + "/" + path
                try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(bytes).write(to: URL(fileURLWithPath: target))
            }
        }
        FileHandle.standardError.write(Data("\(items.count) questions written to \(output)\n".utf8))
    }
}
