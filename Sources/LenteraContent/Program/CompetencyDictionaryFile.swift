import Foundation
import LenteraCore

/// Reads the competency dictionary, `programs/kompetensi.xml`: the competencies and the standards of positions, every
/// problem located by line.
///
/// ```xml
/// <competencies>
///   <competency id="pengolahan-data" kind="teknis">
///     <name>Pengelolaan Data dan Pelaporan</name>
///     <level n="1">Mengenal …</level>          <!-- optional, levels 1-5 -->
///   </competency>
///   <standard position="Pengelola Data Kesehatan">
///     <require competency="pengolahan-data" level="3"/>
///   </standard>
/// </competencies>
/// ```
public enum CompetencyDictionaryFile {
    /// The dictionary's file name in the programs directory.
    public static let fileName = "kompetensi.xml"

    /// Reads the dictionary in a programs directory: nil (and no problem) when there is none; the dictionary when it
    /// has no errors.
    public static func load(programsDirectory: String) -> (dictionary: CompetencyDictionary?, problems: [Problem]) {
        let loaded = loadVersioned(programsDirectory: programsDirectory)
        return (loaded.dictionary, loaded.problems)
    }

    /// ``load(programsDirectory:)``, with the sha256 of the bytes read (what mirrors are given when it has no errors).
    public static func loadVersioned(programsDirectory: String) -> (dictionary: CompetencyDictionary?, problems: [Problem], sha256: String?) {
        let path = programsDirectory + "/" + fileName
        guard FileManager.default.fileExists(atPath: path) else { return (nil, [], nil) }
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            return (nil, [Problem(file: fileName, line: nil, kind: .unreadableFile((error as NSError).localizedDescription))], nil)
        }
        let parsed = parse(bytes)
        return (parsed.dictionary, parsed.problems, ContentMirror.sha256(bytes))
    }

    static func parse(_ bytes: [UInt8]) -> (dictionary: CompetencyDictionary?, problems: [Problem]) {
        let root: XMLElement
        do {
            root = try SafeXMLParser.parse(bytes)
        } catch {
            return (nil, [Problem(file: fileName, line: error.line, kind: error.kind)])
        }
        var problems: [Problem] = []
        let dictionary = read(root, problems: &problems)
        return (problems.contains { $0.severity == .error } ? nil : dictionary, problems)
    }

    static func read(_ root: XMLElement, problems: inout [Problem]) -> CompetencyDictionary {
        func problem(_ line: Int, _ indonesian: String, _ english: String) {
            problems.append(Problem(file: fileName, line: line, kind: .programDeclaration(indonesian: indonesian, english: english)))
        }
        var dictionary = CompetencyDictionary()
        guard root.name == "competencies" else {
            problem(root.line, "elemen akar kamus kompetensi harus <competencies>, bukan <\(root.name)>",
                    "the root element of the competency dictionary must be <competencies>, not <\(root.name)>")
            return dictionary
        }
        var firstLine: [String: Int] = [:]
        for element in root.children where element.name == "competency" {
            let id = element.attributes["id"]?.trimmingSpaces() ?? ""
            guard CoursePath.isValidID(id) else {
                problem(element.line, "id kompetensi \"\(id)\" tidak valid: gunakan huruf, angka, tanda hubung, titik atau garis bawah",
                        "competency id \"\(id)\" is invalid: use letters, digits, hyphens, dots or underscores")
                continue
            }
            if let first = firstLine[id] {
                problem(element.line, "id kompetensi \"\(id)\" sudah dipakai di baris \(first)", "competency id \"\(id)\" is already used on line \(first)")
                continue
            }
            firstLine[id] = element.line
            let kindText = element.attributes["kind"]?.trimmingSpaces().lowercased() ?? ""
            guard let kind = Competency.Kind(rawValue: kindText) else {
                problem(element.line, "kind=\"\(kindText)\" harus teknis, manajerial atau sosial-kultural",
                        "kind=\"\(kindText)\" must be teknis, manajerial or sosial-kultural")
                continue
            }
            let name = element.child(named: "name")?.trimmedText.collapsingWhitespace() ?? ""
            guard !name.isEmpty else {
                problems.append(Problem(file: fileName, line: element.line, kind: .missingElement("name")))
                continue
            }
            var levels = Array(repeating: "", count: Competency.levelRange.count)
            for level in element.children where level.name == "level" {
                guard let n = level.attributes["n"].flatMap({ Int($0) }), Competency.levelRange.contains(n) else {
                    problem(level.line, "<level n> harus 1 sampai 5", "<level n> must be 1 to 5")
                    continue
                }
                levels[n - 1] = level.trimmedText.collapsingWhitespace()
            }
            dictionary.competencies.append(Competency(id: id, name: name, kind: kind, levels: levels.allSatisfy(\.isEmpty) ? [] : levels))
        }
        var positions: [String: Int] = [:]
        for element in root.children where element.name == "standard" {
            let position = element.attributes["position"]?.collapsingWhitespace() ?? ""
            guard !position.isEmpty else {
                problems.append(Problem(file: fileName, line: element.line, kind: .missingAttribute(element: "standard", attribute: "position")))
                continue
            }
            let key = ProgramTarget.normalized(position)
            if let first = positions[key] {
                problem(element.line, "standar jabatan \"\(position)\" sudah ditulis di baris \(first)",
                        "the standard of \"\(position)\" is already written on line \(first)")
                continue
            }
            positions[key] = element.line
            var required: [String: Int] = [:]
            for requirement in element.children where requirement.name == "require" {
                let competency = requirement.attributes["competency"]?.trimmingSpaces() ?? ""
                guard firstLine[competency] != nil else {
                    problem(requirement.line, "kompetensi \"\(competency)\" tidak ada di kamus ini", "competency \"\(competency)\" is not in this dictionary")
                    continue
                }
                guard let level = requirement.attributes["level"].flatMap({ Int($0.trimmingSpaces()) }), Competency.levelRange.contains(level) else {
                    problem(requirement.line, "level harus 1 sampai 5", "level must be 1 to 5")
                    continue
                }
                required[competency] = level
            }
            if required.isEmpty {
                problem(element.line, "standar jabatan \"\(position)\" tidak menuntut kompetensi apa pun: tambahkan <require>",
                        "the standard of \"\(position)\" requires no competency: add <require>")
                continue
            }
            dictionary.standards.append(CompetencyStandard(position: position, required: required))
        }
        for element in root.children where !["competency", "standard"].contains(element.name) {
            problems.append(Problem(file: fileName, line: element.line, kind: .unknownElement(element.name)))
        }
        if dictionary.competencies.isEmpty, !problems.contains(where: { $0.severity == .error }) {
            problem(root.line, "kamus tidak memuat kompetensi: tambahkan <competency>", "the dictionary holds no competency: add <competency>")
        }
        problems = problems.enumerated().sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }.map(\.element)
        return dictionary
    }

    /// The competencies courses declare that the dictionary does not hold, as warnings on each course's `course.xml`.
    public static func unknownReferences(_ dictionary: CompetencyDictionary, courses: [Course]) -> [Problem] {
        courses.flatMap { course in
            course.competencies.keys.sorted().filter { dictionary.competency(withID: $0) == nil }.map { id in
                Problem(file: course.folderName + "/course.xml", line: nil, kind: .programWarning(
                    indonesian: "kompetensi \"\(id)\" tidak ada di programs/kompetensi.xml: kursus ini tidak akan disarankan untuknya",
                    english: "competency \"\(id)\" is not in programs/kompetensi.xml: this course will not be suggested for it"))
            }
        }
    }
}
