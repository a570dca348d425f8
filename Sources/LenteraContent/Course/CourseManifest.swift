import LenteraCore

/// The contents of a `course.xml`, read from its XML tree with every problem located by line.
struct CourseManifest {
    struct ModuleEntry {
        var id: String
        var href: String
        var title: String?
        var line: Int
        var sectionPath: [String]
        var completion: CompletionRule
        var required: Bool
        var valid = true
    }

    var id: String
    var language = "id"
    var jp = JP(hundredths: 0)
    var versionLabel: String?
    var title = ""
    var summary: String?
    var category: Category?
    var keywords: [String] = []
    var outline: [OutlineItem] = []
    var moduleEntries: [ModuleEntry] = []
    var quizzes: [QuizSettings] = []
    var certificate: CertificateDeclaration?
    var competencies: [String: Int] = [:]

    static let knownCourseChildren: Set<String> = [
        "title", "summary", "category", "keywords", "section", "module", "quiz", "certificate", "competency",
    ]

    static func read(_ root: XMLElement, folderName: String, problems: inout [Problem], file: String) -> CourseManifest {
        var manifest = CourseManifest(id: folderName)
        guard root.name == "course" else {
            problems.append(Problem(file: file, line: root.line, kind: .wrongRootElement(root.name)))
            return manifest
        }
        if let id = root.attributes["id"]?.trimmingSpaces(), !id.isEmpty {
            manifest.id = id
        }
        if !CoursePath.isValidID(manifest.id) {
            problems.append(Problem(file: file, line: root.line, kind: .invalidCourseID(manifest.id)))
        }
        if let language = root.attributes["lang"]?.trimmingSpaces(), !language.isEmpty {
            manifest.language = language
        }
        if let jpText = root.attributes["jp"] {
            if let jp = JP(parsing: jpText) {
                manifest.jp = jp
            } else {
                problems.append(Problem(file: file, line: root.line, kind: .invalidJP(jpText)))
            }
        } else {
            problems.append(Problem(file: file, line: root.line, kind: .missingAttribute(element: "course", attribute: "jp")))
        }
        manifest.versionLabel = root.attributes["version"].map { $0.trimmingSpaces() }.flatMap { $0.isEmpty ? nil : $0 }

        if let title = root.child(named: "title")?.trimmedText, !title.isEmpty {
            manifest.title = title.collapsingWhitespace()
        } else {
            problems.append(Problem(file: file, line: root.line, kind: .missingElement("title")))
        }
        if let summary = root.child(named: "summary")?.trimmedText, !summary.isEmpty {
            manifest.summary = summary.collapsingWhitespace()
        }
        if let categoryElement = root.child(named: "category") {
            let value = categoryElement.trimmedText.lowercased()
            if let category = Category(rawValue: value) {
                manifest.category = category
            } else {
                problems.append(Problem(file: file, line: categoryElement.line, kind: .unknownCategory(categoryElement.trimmedText)))
            }
        }
        if let keywords = root.child(named: "keywords") {
            manifest.keywords = keywords.text.split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        }
        let certificates = root.children.filter { $0.name == "certificate" }
        if let first = certificates.first {
            manifest.certificate = CertificateDeclaration.read(first, problems: &problems, file: file)
        }
        for extra in certificates.dropFirst() {
            problems.append(Problem(file: file, line: extra.line, kind: .certificateDeclaration(
                indonesian: "course.xml hanya boleh memuat satu <certificate>; yang pertama ada di baris \(certificates[0].line)",
                english: "course.xml may hold one <certificate>; the first is on line \(certificates[0].line)")))
        }
        for element in root.children where element.name == "competency" {
            let ref = element.attributes["ref"]?.trimmingSpaces() ?? ""
            guard CoursePath.isValidID(ref) else {
                problems.append(Problem(file: file, line: element.line, kind: .missingAttribute(element: "competency", attribute: "ref")))
                continue
            }
            guard let level = element.attributes["level"].flatMap({ Int($0.trimmingSpaces()) }), (1...5).contains(level) else {
                problems.append(Problem(file: file, line: element.line, kind: .programDeclaration(
                    indonesian: "<competency ref=\"\(ref)\"> harus menyebut level 1 sampai 5 yang dicapai peserta",
                    english: "<competency ref=\"\(ref)\"> must give the level 1 to 5 learners reach")))
                continue
            }
            manifest.competencies[ref] = level
        }
        var firstQuizLine: [String: Int] = [:]
        for element in root.children where element.name == "quiz" {
            guard let settings = QuizSettings.read(element, problems: &problems, file: file) else { continue }
            if let first = firstQuizLine[settings.id] {
                problems.append(Problem(file: file, line: element.line, kind: .quizDeclaration(
                    indonesian: "id kuis \"\(settings.id)\" sudah dipakai di baris \(first)",
                    english: "quiz id \"\(settings.id)\" is already used on line \(first)")))
                continue
            }
            firstQuizLine[settings.id] = element.line
            manifest.quizzes.append(settings)
        }
        var firstLineByID: [String: Int] = [:]
        manifest.outline = readItems(
            of: root, sectionPath: [], known: knownCourseChildren, manifest: &manifest, firstLineByID: &firstLineByID,
            problems: &problems, file: file
        )
        return manifest
    }

    private static func readItems(
        of parent: XMLElement, sectionPath: [String], known: Set<String>, manifest: inout CourseManifest,
        firstLineByID: inout [String: Int], problems: inout [Problem], file: String
    ) -> [OutlineItem] {
        var items: [OutlineItem] = []
        for child in parent.children {
            switch child.name {
            case "module":
                guard let id = child.attributes["id"]?.trimmingSpaces(), !id.isEmpty else {
                    problems.append(Problem(file: file, line: child.line, kind: .missingAttribute(element: "module", attribute: "id")))
                    continue
                }
                guard let href = child.attributes["href"]?.trimmingSpaces(), !href.isEmpty else {
                    problems.append(Problem(file: file, line: child.line, kind: .missingAttribute(element: "module", attribute: "href")))
                    continue
                }
                if !CoursePath.isValidID(id) {
                    problems.append(Problem(file: file, line: child.line, kind: .invalidModuleID(id)))
                    continue
                }
                if let firstLine = firstLineByID[id] {
                    problems.append(Problem(file: file, line: child.line, kind: .duplicateModuleID(id, firstLine: firstLine)))
                    continue
                }
                firstLineByID[id] = child.line
                let title = child.attributes["title"].map { $0.trimmingSpaces() }.flatMap { $0.isEmpty ? nil : $0 }
                guard let completion = CompletionRule(
                    attribute: child.attributes["completion"], minutes: child.attributes["minutes"], quiz: child.attributes["quiz"]
                ) else {
                    let written = [
                        child.attributes["completion"], child.attributes["minutes"].map { "minutes=\($0)" },
                        child.attributes["quiz"].map { "quiz=\($0)" },
                    ]
                        .compactMap { $0 }.joined(separator: " ")
                    problems.append(Problem(file: file, line: child.line, kind: .invalidCompletion(written)))
                    continue
                }
                var required = true
                if let requiredText = child.attributes["required"]?.trimmingSpaces().lowercased() {
                    guard ["true", "false", "ya", "tidak"].contains(requiredText) else {
                        problems.append(Problem(file: file, line: child.line, kind: .invalidRequired(requiredText)))
                        continue
                    }
                    required = requiredText == "true" || requiredText == "ya"
                }
                manifest.moduleEntries.append(
                    ModuleEntry(
                        id: id, href: href, title: title, line: child.line, sectionPath: sectionPath, completion: completion,
                        required: required
                    )
                )
                items.append(.module(id: id))
            case "section":
                let title = child.attributes["title"]?.trimmingSpaces() ?? ""
                if title.isEmpty {
                    problems.append(Problem(file: file, line: child.line, kind: .missingAttribute(element: "section", attribute: "title")))
                }
                let nested = readItems(
                    of: child, sectionPath: sectionPath + [title], known: ["section", "module"], manifest: &manifest,
                    firstLineByID: &firstLineByID, problems: &problems, file: file
                )
                if nested.isEmpty {
                    problems.append(Problem(file: file, line: child.line, kind: .emptySection(title)))
                }
                items.append(.section(title: title, items: nested))
            default:
                if !known.contains(child.name) {
                    problems.append(Problem(file: file, line: child.line, kind: .unknownElement(child.name)))
                }
            }
        }
        return items
    }
}

extension String {
    func collapsingWhitespace() -> String {
        split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
