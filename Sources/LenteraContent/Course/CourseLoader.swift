import Crypto
import Foundation
import LenteraCore

/// The outcome of loading one course folder: the course when it has no errors, and every problem found.
public struct CourseLoadResult: Sendable {
    /// The folder name under the courses directory.
    public var folderName: String
    /// The course, or nil when an error stops it from loading.
    public var course: Course?
    /// Errors and warnings, in file and line order.
    public var problems: [Problem]

    /// Whether any problem is an error.
    public var hasErrors: Bool { problems.contains { $0.severity == .error } }
}

/// Reads course folders: manifest, modules and files, rendered once.
public struct CourseLoader: Sendable {
    /// The courses directory.
    public let coursesDirectory: String
    /// The renderer used for modules.
    public let renderer: MarkdownRenderer
    /// The URL prefix under which course pages live (`/kursus`).
    public static let pagePrefix = "/kursus"
    /// The URL prefix under which course files live (`/berkas`).
    public static let filePrefix = "/berkas"

    /// Creates a loader for a courses directory.
    public init(coursesDirectory: String, renderer: MarkdownRenderer = MarkdownRenderer()) {
        self.coursesDirectory = coursesDirectory
        self.renderer = renderer
    }

    /// The courses directory could not be listed: nothing can be said about which courses are there.
    public struct ListingError: Error, CustomStringConvertible {
        /// The directory.
        public var directory: String
        /// What the system said.
        public var reason: String
        /// A message for the log and the command line.
        public var description: String { "cannot list the courses directory \(directory): \(reason)" }
    }

    /// The course folders present now, sorted; hidden folders are skipped. A listing that fails is an error, never
    /// an empty folder: callers keep what they have.
    public func folderNames() throws(ListingError) -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: coursesDirectory)
        } catch {
            throw ListingError(directory: coursesDirectory, reason: (error as NSError).localizedDescription)
        }
        return names.filter { name in
            guard !name.hasPrefix(".") else { return false }
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: coursesDirectory + "/" + name, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
    }

    /// Loads every course folder and reports duplicate course ids: of the folders declaring one id, the first by name
    /// keeps it. (A running server decides otherwise, with ``CourseOwnership``: the folder serving an id keeps it.)
    public func loadAll() throws(ListingError) -> [CourseLoadResult] {
        var results = try folderNames().map { loadCourse(folderName: $0) }
        var seen: [String: String] = [:]
        for index in results.indices {
            guard let course = results[index].course else { continue }
            if let other = seen[course.id] {
                results[index].problems.append(
                    Problem(file: course.folderName + "/course.xml", line: 1, kind: .duplicateCourseID(course.id, otherFolder: other))
                )
                results[index].course = nil
            } else {
                seen[course.id] = course.folderName
            }
        }
        return results
    }

    /// A cheap fingerprint of a folder (paths, sizes, modification times) to notice changes without reading files.
    public func fingerprint(folderName: String) -> String {
        let root = Self.realPath(coursesDirectory + "/" + folderName) ?? coursesDirectory + "/" + folderName
        var entries: [String] = [root]  // a switched mirror version changes the target even when the files look alike
        if let enumerator = FileManager.default.enumerator(atPath: root) {
            while let relative = enumerator.nextObject() as? String {
                guard let attributes = try? FileManager.default.attributesOfItem(atPath: root + "/" + relative) else { continue }
                let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
                let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
                entries.append("\(relative)|\(size)|\(modified)")
            }
        }
        return entries.sorted().joined(separator: "\n")
    }

    /// Loads one course folder.
    public func loadCourse(folderName: String) -> CourseLoadResult {
        var problems: [Problem] = []
        let root = coursesDirectory + "/" + folderName
        let manifestName = folderName + "/course.xml"
        let files = Self.indexFiles(in: root)
        guard files["course.xml"] != nil else {
            return CourseLoadResult(folderName: folderName, course: nil, problems: [Problem(file: folderName, line: nil, kind: .missingManifest)])
        }
        let manifestElement: XMLElement
        do {
            let bytes = try Self.readBytes(root + "/course.xml")
            manifestElement = try SafeXMLParser.parse(bytes)
        } catch let error as XMLParseError {
            return CourseLoadResult(folderName: folderName, course: nil, problems: [Problem(file: manifestName, line: error.line, kind: error.kind)])
        } catch {
            return CourseLoadResult(
                folderName: folderName, course: nil,
                problems: [Problem(file: manifestName, line: nil, kind: .unreadableFile(String(describing: error)))]
            )
        }
        var manifest = CourseManifest.read(manifestElement, folderName: folderName, problems: &problems, file: manifestName)
        for index in manifest.moduleEntries.indices {
            let entry = manifest.moduleEntries[index]
            guard let normalized = CoursePath.normalize(entry.href) else {
                problems.append(Problem(file: manifestName, line: entry.line, kind: .pathOutsideCourse(entry.href)))
                manifest.moduleEntries[index].valid = false
                continue
            }
            manifest.moduleEntries[index].href = normalized
            if !normalized.lowercased().hasSuffix(".md") {
                problems.append(Problem(file: manifestName, line: entry.line, kind: .moduleFileNotMarkdown(entry.href)))
                manifest.moduleEntries[index].valid = false
            } else if files[normalized] == nil {
                problems.append(Problem(file: manifestName, line: entry.line, kind: .moduleFileMissing(entry.href)))
                manifest.moduleEntries[index].valid = false
            }
        }
        let moduleIDByHref = Dictionary(
            manifest.moduleEntries.filter(\.valid).map { ($0.href, $0.id) }, uniquingKeysWith: { first, _ in first }
        )
        var modules: [Module] = []
        for entry in manifest.moduleEntries where entry.valid {
            let file = folderName + "/" + entry.href
            let source: String
            do {
                source = String(decoding: try Self.readBytes(files[entry.href]!.path), as: UTF8.self)
            } catch {
                problems.append(Problem(file: file, line: nil, kind: .unreadableFile(String(describing: error))))
                continue
            }
            let (frontMatter, body, offset, frontMatterProblems) = FrontMatter.split(source)
            problems += frontMatterProblems.map { Problem(file: file, line: $0.line, kind: $0.kind) }
            let directory = CoursePath.directory(of: entry.href)
            let rendered = renderer.render(String(body)) { reference in
                let resolution = Self.resolve(
                    reference, directory: directory, courseID: manifest.id, files: files, moduleIDByHref: moduleIDByHref
                )
                if let problem = resolution.problem {
                    problems.append(Problem(file: file, line: offset + reference.line, kind: problem))
                }
                return resolution.url
            }
            let title = entry.title ?? frontMatter.title ?? rendered.headings.first(where: { $0.level == 1 })?.text ?? entry.id
            modules.append(
                Module(
                    id: entry.id, href: entry.href, title: title, minutes: frontMatter.minutes, html: rendered.html,
                    headings: rendered.headings, sectionPath: entry.sectionPath, completion: entry.completion,
                    required: entry.required
                )
            )
        }
        if manifest.moduleEntries.isEmpty {
            problems.append(Problem(file: manifestName, line: manifestElement.line, kind: .noModules))
        }
        let (quizzes, quizSources) = QuizLoader.load(
            manifest.quizzes, files: files, folderName: folderName, manifestName: manifestName, problems: &problems
        )
        QuizLoader.checkReferences(manifest: manifest, quizzes: quizzes, manifestName: manifestName, problems: &problems)
        let certificateIssuer = manifest.certificate?.resolved(files: files, manifestName: manifestName, problems: &problems) ?? CertificateIssuer()
        // The manifest's problems first, then each module's, each in line order.
        problems.sort { ($0.file == manifestName ? 0 : 1, $0.file, $0.line ?? 0) < ($1.file == manifestName ? 0 : 1, $1.file, $1.line ?? 0) }
        guard !problems.contains(where: { $0.severity == .error }) else {
            return CourseLoadResult(folderName: folderName, course: nil, problems: problems)
        }
        var course = Course(
            id: manifest.id, language: manifest.language, jp: manifest.jp, versionLabel: manifest.versionLabel,
            contentVersion: Self.contentVersion(of: files), title: manifest.title, summary: manifest.summary,
            category: manifest.category, keywords: manifest.keywords, outline: manifest.outline, modules: modules,
            folderName: folderName,
            files: files.filter { !quizSources.contains($0.key) && !QuizLoader.isQuizSource($0.key) && !QuizLoader.looksLikeQTI($0.value, path: $0.key) },
            quizzes: quizzes, certificateIssuer: certificateIssuer
        )
        course.competencies = manifest.competencies
        return CourseLoadResult(folderName: folderName, course: course, problems: problems)
    }

    struct Resolution {
        var url: String?
        var problem: ProblemKind?
    }

    /// Resolves a relative link or image in a module to the URL the site serves it at.
    static func resolve(
        _ reference: MarkdownRenderer.Reference, directory: String, courseID: String, files: [String: CourseFile],
        moduleIDByHref: [String: String]
    ) -> Resolution {
        let destination = reference.destination
        if destination.isEmpty || destination.hasPrefix("#") || destination.hasPrefix("/") || CoursePath.hasScheme(destination) {
            return Resolution()
        }
        var pathPart = Substring(destination)
        var suffix = ""
        if let cut = pathPart.firstIndex(where: { $0 == "#" || $0 == "?" }) {
            suffix = String(pathPart[cut...])
            pathPart = pathPart[..<cut]
        }
        let decoded = String(pathPart).removingPercentEncoding ?? String(pathPart)
        guard let target = CoursePath.normalize(decoded, relativeTo: directory) else {
            return Resolution(problem: .pathOutsideCourse(destination))
        }
        if reference.kind == .link, target.lowercased().hasSuffix(".md") {
            guard let moduleID = moduleIDByHref[target] else { return Resolution(problem: .linkToUnknownModule(destination)) }
            let fragment = suffix.hasPrefix("#") ? suffix : ""
            return Resolution(url: "\(pagePrefix)/\(courseID)/\(moduleID)\(fragment)")
        }
        guard files[target] != nil else {
            return Resolution(problem: reference.kind == .image ? .missingImage(destination) : .missingLinkTarget(destination))
        }
        return Resolution(url: fileURL(courseID: courseID, path: target) + suffix)  // `#page=3` opens a PDF there
    }

    /// The URL at which a course file is served.
    public static func fileURL(courseID: String, path: String) -> String {
        let encoded = path.split(separator: "/").map {
            String($0).addingPercentEncoding(withAllowedCharacters: .urlPathSegmentAllowed) ?? String($0)
        }
        return "\(filePrefix)/\(courseID)/" + encoded.joined(separator: "/")
    }

    /// Lists the regular files of a course folder; symlinks are followed only when they stay inside it.
    public static func indexFiles(in root: String) -> [String: CourseFile] {
        let fileManager = FileManager.default
        // A mirrored course folder is a symlink to its current version: walk the folder it points to.
        guard let realRoot = realPath(root) else { return [:] }
        var files: [String: CourseFile] = [:]
        guard let enumerator = fileManager.enumerator(atPath: realRoot) else { return [:] }
        while let relative = enumerator.nextObject() as? String {
            let components = relative.split(separator: "/")
            if components.contains(where: { $0.hasPrefix(".") }) { continue }
            guard let real = realPath(realRoot + "/" + relative), real.hasPrefix(realRoot + "/") else { continue }
            guard let attributes = try? fileManager.attributesOfItem(atPath: real),
                attributes[.type] as? FileAttributeType == .typeRegular
            else { continue }
            files[relative] = CourseFile(
                path: real, size: (attributes[.size] as? NSNumber)?.intValue ?? 0,
                modified: (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            )
        }
        return files
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func readBytes(_ path: String) throws -> [UInt8] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return [UInt8](data)
    }

    /// SHA-256 over every file's path, size and modification time and the manifest and module bytes.
    static func contentVersion(of files: [String: CourseFile]) -> String {
        var hasher = SHA256()
        for key in files.keys.sorted() {
            let file = files[key]!
            hasher.update(data: Data(key.utf8))
            hasher.update(data: Data([0]))
            if file.size <= 4 * 1024 * 1024, let data = FileManager.default.contents(atPath: file.path) {
                hasher.update(data: data)
            } else {
                hasher.update(data: Data("\(file.size)|\(file.modified)".utf8))
            }
        }
        return hasher.finalize().hexString
    }
}

extension CharacterSet {
    /// Characters allowed unescaped in one path segment.
    static let urlPathSegmentAllowed: CharacterSet = {
        var set = CharacterSet.urlPathAllowed
        set.remove("/")
        return set
    }()
}
