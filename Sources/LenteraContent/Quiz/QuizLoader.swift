import Crypto
import Foundation
import LenteraCore

/// Reads the quizzes a `course.xml` declares, in whichever format each is written, and checks them.
public enum QuizLoader {
    /// Whether a course file is a quiz source by its name; such files are never served, declared or not.
    public static func isQuizSource(_ path: String) -> Bool {
        let lowered = path.lowercased()
        return lowered.hasSuffix(".quiz.md") || lowered.hasSuffix(".gift") || lowered.hasSuffix(".gift.txt")
    }

    /// The most bytes of embedded files (``QuizParseResult/files``) the quizzes of one course may bring; they are
    /// served from memory.
    public static let maximumEmbeddedBytes = 32 * 1_048_576

    /// The quizzes that loaded, and every file they were read from (to keep them off the served files).
    static func load(
        _ declarations: [QuizSettings], files: [String: CourseFile], folderName: String, manifestName: String, problems: inout [Problem]
    ) -> ([Quiz], Set<String>) {
        var quizzes: [Quiz] = []
        var sources: Set<String> = []
        var embeddedTotal = 0
        for settings in declarations {
            guard let href = CoursePath.normalize(settings.href) else {
                problems.append(Problem(file: manifestName, line: settings.line, kind: .pathOutsideCourse(settings.href)))
                continue
            }
            // A folder is a question pool: every quiz file in it.
            let poolPrefix = href.hasSuffix("/") ? href : href + "/"
            let members = files[href] != nil ? [href] : files.keys.filter { $0.hasPrefix(poolPrefix) && isPoolMember($0) }.sorted()
            guard !members.isEmpty else {
                problems.append(Problem(file: manifestName, line: settings.line, kind: .quizDeclaration(
                    indonesian: "berkas kuis \"\(settings.href)\" tidak ditemukan", english: "quiz file \"\(settings.href)\" does not exist")))
                continue
            }
            var items: [QuizItem] = []
            var directories: [String: String] = [:]
            var embedded: [String: EmbeddedFile] = [:]
            var hasher = SHA256()
            var failed = false
            for member in members {
                let file = folderName + "/" + member
                var read: Set<String> = [member]
                let result = parse(member, files: files, read: &read)
                sources.formUnion(read)
                for path in read.sorted() {
                    if let bytes = files[path].flatMap({ FileManager.default.contents(atPath: $0.path) }) { hasher.update(data: bytes) }
                }
                guard let result else {
                    problems.append(Problem(file: manifestName, line: settings.line, kind: .quizDeclaration(
                        indonesian: "berkas kuis \"\(member)\" harus berakhiran .quiz.md, .gift atau .xml (QTI atau Moodle XML)",
                        english: "quiz file \"\(member)\" must end in .quiz.md, .gift or .xml (QTI or Moodle XML)")))
                    failed = true
                    continue
                }
                for problem in result.problems {
                    problems.append(Problem(file: file, line: problem.line, kind: .quizContent(indonesian: problem.indonesian, english: problem.english)))
                    failed = true
                }
                let directory = CoursePath.directory(of: member)
                var memberFiles: [String: EmbeddedFile] = [:]
                for (relative, file) in result.files {
                    guard let path = CoursePath.normalize(relative, relativeTo: directory) else { continue }
                    memberFiles[path] = EmbeddedFile(bytes: file.bytes, modified: files[member]?.modified ?? 0)
                }
                embedded.merge(memberFiles) { first, _ in first }
                for problem in checkResources(result.items, directory: directory, files: files, embedded: memberFiles) {
                    problems.append(Problem(file: file, line: problem.line, kind: .quizContent(indonesian: problem.indonesian, english: problem.english)))
                    failed = true
                }
                for item in result.items {
                    directories[item.id] = directory
                    if let first = items.first(where: { $0.id == item.id }) {
                        problems.append(Problem(file: file, line: item.line, kind: .quizContent(
                            indonesian: "id soal \"\(item.id)\" sudah dipakai\(first.line.map { " di baris \($0)" } ?? "") dalam kuis \(settings.id)",
                            english: "question id \"\(item.id)\" is already used\(first.line.map { " on line \($0)" } ?? "") in quiz \(settings.id)")))
                        failed = true
                    } else {
                        items.append(item)
                    }
                }
            }
            // Embedded files are held in memory: all the quizzes of a course together (each quiz reads its files anew,
            // so one file named by several quizzes counts for each) bring at most a bounded amount.
            embeddedTotal += embedded.values.reduce(0) { $0 + $1.bytes.count }
            if embeddedTotal > maximumEmbeddedBytes {
                problems.append(Problem(file: manifestName, line: settings.line, kind: .quizDeclaration(
                    indonesian: "dengan kuis \"\(settings.id)\", berkas yang tertanam dalam kuis kursus ini melebihi \(maximumEmbeddedBytes / 1_048_576) MB: simpan gambar besar di folder kursus dan tautkan",
                    english: "with quiz \"\(settings.id)\", the files embedded in this course's quizzes exceed \(maximumEmbeddedBytes / 1_048_576) MB: put large pictures in the course folder and link them")))
                failed = true
            }
            if failed { continue }
            guard items.contains(where: \.isAnswerable) else {
                problems.append(Problem(file: manifestName, line: settings.line, kind: .quizDeclaration(
                    indonesian: "kuis \"\(settings.id)\" tidak berisi soal", english: "quiz \"\(settings.id)\" holds no questions")))
                continue
            }
            let categories = Set(items.compactMap(\.category))
            var valid = true
            for (category, count) in settings.drawPerCategory.sorted(by: { $0.key < $1.key }) {
                let available = items.filter { $0.category == category }.count
                if !categories.contains(category) || count > available {
                    problems.append(Problem(file: manifestName, line: settings.line, kind: .quizDeclaration(
                        indonesian: "<draw category=\"\(category)\" count=\"\(count)\"> meminta lebih banyak soal daripada yang ada (\(available))",
                        english: "<draw category=\"\(category)\" count=\"\(count)\"> asks for more questions than there are (\(available))")))
                    valid = false
                }
            }
            if let draw = settings.draw, draw > items.count {
                problems.append(Problem(file: manifestName, line: settings.line, kind: .quizDeclaration(
                    indonesian: "draw=\"\(draw)\" lebih dari jumlah soal (\(items.count))",
                    english: "draw=\"\(draw)\" is more than the number of questions (\(items.count))")))
                valid = false
            }
            // A pool whose items run their own QTI rules is a new version: a pool stored by a release that scored the
            // same files from their declarations alone is not reused for them.
            if items.contains(where: { $0.qti != nil }) { hasher.update(data: Data("qti-response-processing-1".utf8)) }
            // Likewise a pool whose items keep choices in place: one stored before shuffled them all.
            if items.contains(where: { $0.fixedChoices != nil }) { hasher.update(data: Data("fixed-choices-1".utf8)) }
            if valid {
                var settings = settings
                var introduction: String?
                // A single Markdown quiz may carry its own title and introduction.
                if members.count == 1, members[0].lowercased().hasSuffix(".quiz.md"),
                    let data = files[members[0]].flatMap({ FileManager.default.contents(atPath: $0.path) })
                {
                    let document = MarkdownQuizParser.parseDocument(String(decoding: data, as: UTF8.self))
                    if !settings.titleGiven, let title = document.title { settings.title = title }
                    introduction = document.introduction
                }
                var quiz = Quiz(
                    settings: settings, items: items, version: hasher.finalize().hexString, introduction: introduction, directories: directories
                )
                quiz.files = embedded
                quizzes.append(quiz)
            }
        }
        return (quizzes, sources)
    }

    /// Whether a course file holds QTI or Moodle XML questions or a QTI package manifest (with their answer keys): such
    /// files are never served, whether a quiz declares them or not.
    public static func looksLikeQTI(_ file: CourseFile, path: String) -> Bool {
        if path.lowercased().hasSuffix(".zip") { return looksLikeQuizPackage(file) }
        guard path.lowercased().hasSuffix(".xml"), let handle = FileHandle(forReadingAtPath: file.path) else { return false }
        defer { try? handle.close() }
        let head = String(decoding: (try? handle.read(upToCount: 4096)) ?? Data(), as: UTF8.self)
        return head.contains("assessmentItem") || head.contains("imsqti") || head.contains("assessmentTest")
            || MoodleXMLImporter.looksLikeMoodleXML(head)
    }

    /// Whether a zip holds a QTI package or quiz sources (an export left in the course folder, say): the names in a
    /// zip's central directory, at its end, are stored uncompressed, so its last bytes tell without unpacking it.
    static func looksLikeQuizPackage(_ file: CourseFile) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: file.path) else { return false }
        defer { try? handle.close() }
        let tail = 1024 * 1024
        if file.size > tail { try? handle.seek(toOffset: UInt64(file.size - tail)) }
        guard let data = try? handle.read(upToCount: tail) else { return false }
        let names = String(decoding: data, as: UTF8.self).lowercased()
        return names.contains("imsmanifest.xml") || names.contains(".quiz.md") || names.contains(".gift")
    }

    /// Relative links and images in questions must name files of the course, resolved from the quiz file's folder.
    static func checkResources(
        _ items: [QuizItem], directory: String, files: [String: CourseFile], embedded: [String: EmbeddedFile] = [:]
    ) -> [QuizProblem] {
        var problems: [QuizProblem] = []
        let renderer = MarkdownRenderer()
        for item in items {
            var missing: [String] = []
            let check: (String) -> String? = { destination in
                guard let target = QuizResources.resolve(destination, directory: directory) else { return nil }
                if case .missing(let written) = target { missing.append(written) }
                if case .outside(let written) = target { missing.append(written) }
                return nil
            }
            for text in QuizResources.texts(of: item) {
                switch item.format {
                case .markdown: _ = renderer.render(text) { check($0.destination) }
                case .html: _ = RawHTMLFilter.filter(text) { url, _ in check(url) }
                case .plain: break
                }
            }
            for destination in Set(missing).sorted() {
                let path = QuizResources.path(destination, directory: directory) ?? ""
                guard files[path] == nil, embedded[path] == nil else { continue }
                problems.append(QuizProblem(
                    line: item.line, indonesian: "soal \"\(item.id)\": berkas \"\(destination)\" tidak ditemukan (jalur relatif dari folder berkas kuis)",
                    english: "question \"\(item.id)\": file \"\(destination)\" does not exist (paths are relative to the quiz file's folder)"))
            }
        }
        return problems
    }

    static func isPoolMember(_ path: String) -> Bool {
        isQuizSource(path) || path.lowercased().hasSuffix(".xml")
    }

    /// Parses one quiz file by its extension; nil for a file of no quiz format. `read` collects the files used.
    static func parse(_ path: String, files: [String: CourseFile], read: inout Set<String>) -> QuizParseResult? {
        guard let file = files[path], let data = FileManager.default.contents(atPath: file.path) else {
            return QuizParseResult(problems: [QuizProblem(line: nil, indonesian: "berkas tidak dapat dibaca", english: "the file cannot be read")])
        }
        let lowered = path.lowercased()
        if lowered.hasSuffix(".quiz.md") {
            return MarkdownQuizParser.parse(String(decoding: data, as: UTF8.self))
        }
        if lowered.hasSuffix(".gift") || lowered.hasSuffix(".gift.txt") {
            return GIFTParser.parse(String(decoding: data, as: UTF8.self))
        }
        if lowered.hasSuffix("imsmanifest.xml") {
            let directory = CoursePath.directory(of: path)
            var used: Set<String> = []
            let result = QTIImporter.package(manifest: [UInt8](data)) { relative in
                guard let target = CoursePath.normalize(relative, relativeTo: directory), let file = files[target] else { return nil }
                used.insert(target)
                return FileManager.default.contents(atPath: file.path).map { [UInt8]($0) }
            }
            read.formUnion(used)
            return result
        }
        if lowered.hasSuffix(".xml") {
            // Moodle XML (root <quiz>) or a QTI item, by what the file starts with.
            if MoodleXMLImporter.looksLikeMoodleXML(String(decoding: data.prefix(4096), as: UTF8.self)) {
                return MoodleXMLImporter.parse([UInt8](data), fileName: (path as NSString).lastPathComponent)
            }
            return QTIImporter.item([UInt8](data))
        }
        return nil
    }

    /// Module rules and pre/post pairs must name quizzes that loaded.
    static func checkReferences(manifest: CourseManifest, quizzes: [Quiz], manifestName: String, problems: inout [Problem]) {
        let declared = Set(manifest.quizzes.map(\.id))
        for entry in manifest.moduleEntries {
            if case .quizPassed(let quizID) = entry.completion, !declared.contains(quizID) {
                problems.append(Problem(file: manifestName, line: entry.line, kind: .quizDeclaration(
                    indonesian: "modul \"\(entry.id)\" diselesaikan dengan kuis \"\(quizID)\" yang tidak dideklarasikan",
                    english: "module \"\(entry.id)\" is completed by quiz \"\(quizID)\", which is not declared")))
            }
        }
        for settings in manifest.quizzes {
            guard let pair = settings.pair else { continue }
            if !declared.contains(pair) || pair == settings.id {
                problems.append(Problem(file: manifestName, line: settings.line, kind: .quizDeclaration(
                    indonesian: "pair=\"\(pair)\" tidak menunjuk kuis lain dalam kursus ini",
                    english: "pair=\"\(pair)\" does not name another quiz of this course")))
            }
        }
    }
}

/// Links and images inside questions, resolved like those of modules: relative to the file the question is in.
public enum QuizResources {
    enum Target {
        case missing(String)
        case outside(String)
    }

    /// The course-relative path a relative destination names; nil for absolute, anchored or external ones.
    public static func path(_ destination: String, directory: String) -> String? {
        guard !destination.isEmpty, !destination.hasPrefix("#"), !destination.hasPrefix("/"), !CoursePath.hasScheme(destination) else { return nil }
        var part = Substring(destination)
        if let cut = part.firstIndex(where: { $0 == "#" || $0 == "?" }) { part = part[..<cut] }
        return CoursePath.normalize(String(part).removingPercentEncoding ?? String(part), relativeTo: directory)
    }

    /// The address a destination is served at, or nil to keep it as written.
    public static func url(_ destination: String, directory: String, course: Course) -> String? {
        guard let path = path(destination, directory: directory), course.files[path] != nil || course.quizzes.contains(where: { $0.files[path] != nil })
        else { return nil }
        let suffix = destination.firstIndex(where: { $0 == "#" || $0 == "?" }).map { String(destination[$0...]) } ?? ""
        return CourseLoader.fileURL(courseID: course.id, path: path) + suffix
    }

    static func resolve(_ destination: String, directory: String) -> Target? {
        guard !destination.isEmpty, !destination.hasPrefix("#"), !destination.hasPrefix("/"), !CoursePath.hasScheme(destination) else { return nil }
        return path(destination, directory: directory) == nil ? .outside(destination) : .missing(destination)
    }

    /// Every text of an item that may hold links or images.
    static func texts(of item: QuizItem) -> [String] {
        var texts = [item.prompt] + [item.generalFeedback].compactMap { $0 }
        switch item.interaction {
        case .choice(let choices, _): texts += choices.map(\.text) + choices.compactMap(\.feedback)
        case .matching(let pairs, let responses): texts += pairs.map(\.premise) + pairs.map(\.response) + responses
        case .ordering(let order, _): texts += order
        case .gaps(let gaps): texts += gaps.flatMap { $0.options.map(\.text) }
        default: break
        }
        return texts
    }
}

/// Quiz files outside a course, for the command line: `lentera quiz show` and `lentera quiz export`.
public enum QuizFiles {
    /// Reads a quiz file (`.quiz.md`, `.gift`, a QTI item `.xml` or a package's `imsmanifest.xml`) or a folder holding
    /// a package manifest or quiz files. Problems carry lines; a file of no quiz format is a problem too.
    public static func read(path: String) -> QuizParseResult {
        read(path: path, carryFiles: false)
    }

    static func read(path: String, carryFiles: Bool) -> QuizParseResult {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return QuizParseResult(problems: [QuizProblem(line: nil, indonesian: "berkas tidak ada", english: "no such file")])
        }
        let directory = isDirectory.boolValue ? path : (path as NSString).deletingLastPathComponent
        let files = CourseLoader.indexFiles(in: directory.isEmpty ? "." : directory)
        var members: [String]
        if isDirectory.boolValue {
            members = files["imsmanifest.xml"] != nil ? ["imsmanifest.xml"] : files.keys.filter(QuizLoader.isPoolMember).sorted()
        } else {
            members = [(path as NSString).lastPathComponent]
        }
        var result = QuizParseResult()
        for member in members {
            var read: Set<String> = []
            guard let parsed = QuizLoader.parse(member, files: files, read: &read) else {
                result.problems.append(QuizProblem(
                    line: nil, indonesian: "\(member): bukan berkas kuis (.quiz.md, .gift atau .xml)",
                    english: "\(member): not a quiz file (.quiz.md, .gift or .xml)"))
                continue
            }
            if carryFiles {
                // What an export would carry must be there, as a course loading the quiz requires: a picture missing
                // beside the quiz is a problem, never left behind in silence.
                let directory = CoursePath.directory(of: member)
                let embedded = Dictionary(parsed.files.map { (CoursePath.normalize($0.key, relativeTo: directory) ?? $0.key, $0.value) }) { first, _ in first }
                result.problems += QuizLoader.checkResources(parsed.items, directory: directory, files: files, embedded: embedded)
                result.items += carrying(parsed.items, member: member, files: files, into: &result.files, problems: &result.problems)
            } else {
                result.items += parsed.items
            }
            result.problems += parsed.problems
            result.files.merge(parsed.files) { first, _ in first }
        }
        return result
    }
}
