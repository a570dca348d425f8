/// A problem an author must fix (error) or should look at (warning), located by file and line.
public struct Problem: Sendable, Equatable, CustomStringConvertible {
    /// How serious a problem is.
    public enum Severity: String, Sendable { case error, warning }

    /// The file, relative to the courses folder (such as `pembinaan/course.xml`).
    public var file: String
    /// The 1-based line, or nil when the problem concerns the whole file or folder.
    public var line: Int?
    /// What is wrong.
    public var kind: ProblemKind

    /// Creates a problem.
    public init(file: String, line: Int?, kind: ProblemKind) {
        self.file = file
        self.line = line
        self.kind = kind
    }

    /// Error or warning.
    public var severity: Severity { kind.severity }

    /// `file:line: message` in the given language, as `lentera check` prints it.
    public func formatted(in language: Language = .indonesian) -> String {
        let location = line.map { "\(file):\($0)" } ?? file
        let label = severity == .error ? "" : (language == .indonesian ? "peringatan: " : "warning: ")
        return "\(location): \(label)\(kind.message(in: language))"
    }

    public var description: String { formatted(in: .english) }
}

/// Every kind of problem in a course, with the context an author needs to act.
public enum ProblemKind: Sendable, Equatable {
    case missingManifest
    case unreadableFile(String)
    case malformedXML(String)
    case doctypeNotAllowed
    case wrongRootElement(String)
    case missingElement(String)
    case missingAttribute(element: String, attribute: String)
    case invalidCourseID(String)
    case duplicateCourseID(String, otherFolder: String)
    case invalidJP(String)
    case unknownCategory(String)
    case unknownElement(String)
    case invalidModuleID(String)
    case invalidCompletion(String)
    case invalidRequired(String)
    case duplicateModuleID(String, firstLine: Int)
    case moduleFileMissing(String)
    case moduleFileNotMarkdown(String)
    case pathOutsideCourse(String)
    case noModules
    case emptySection(String)
    case frontMatterLine(String)
    case invalidMinutes(String)
    case unterminatedFrontMatter
    case missingImage(String)
    case missingLinkTarget(String)
    case linkToUnknownModule(String)
    /// A `<quiz>` declaration that cannot be used.
    case quizDeclaration(indonesian: String, english: String)
    /// A problem inside a quiz file (Markdown, GIFT or QTI).
    case quizContent(indonesian: String, english: String)
    /// A `<certificate>` setting that cannot be used, such as a logo that is not a JPEG or PNG a PDF can show.
    case certificateDeclaration(indonesian: String, english: String)
    /// A problem in a program file under `programs/`.
    case programDeclaration(indonesian: String, english: String)
    /// Something in a program file, the competency dictionary or a course's competencies to look at, which stops nothing.
    case programWarning(indonesian: String, english: String)

    /// Whether the problem stops the course from loading.
    public var severity: Problem.Severity {
        switch self {
        case .unknownElement, .emptySection, .frontMatterLine, .programWarning: .warning
        default: .error
        }
    }

    /// The message in words an author understands.
    public func message(in language: Language) -> String {
        let id = language == .indonesian
        switch self {
        case .missingManifest:
            return id ? "folder kursus tidak memiliki course.xml" : "the course folder has no course.xml"
        case .unreadableFile(let reason):
            return id ? "berkas tidak dapat dibaca (\(reason))" : "the file cannot be read (\(reason))"
        case .malformedXML(let detail):
            return id ? "XML tidak valid: \(detail)" : "malformed XML: \(detail)"
        case .doctypeNotAllowed:
            return id
                ? "deklarasi DOCTYPE tidak diizinkan (entitas dan DTD eksternal dimatikan demi keamanan)"
                : "a DOCTYPE declaration is not allowed (entities and external DTDs are off for safety)"
        case .wrongRootElement(let name):
            return id ? "elemen akar harus <course>, bukan <\(name)>" : "the root element must be <course>, not <\(name)>"
        case .missingElement(let name):
            return id ? "elemen <\(name)> wajib ada" : "the <\(name)> element is required"
        case .missingAttribute(let element, let attribute):
            return id
                ? "elemen <\(element)> tidak memiliki atribut \(attribute)"
                : "the <\(element)> element has no \(attribute) attribute"
        case .invalidCourseID(let value):
            return id
                ? "id kursus \"\(value)\" tidak valid: gunakan huruf, angka, tanda hubung, titik atau garis bawah"
                : "course id \"\(value)\" is invalid: use letters, digits, hyphens, dots or underscores"
        case .duplicateCourseID(let value, let other):
            return id
                ? "id kursus \"\(value)\" sudah dipakai oleh folder \(other)"
                : "course id \"\(value)\" is already used by folder \(other)"
        case .invalidJP(let value):
            return id
                ? "nilai jp \"\(value)\" tidak valid: tulis angka desimal tidak negatif, misalnya 2 atau 2.5"
                : "jp value \"\(value)\" is invalid: write a non-negative decimal such as 2 or 2.5"
        case .unknownCategory(let value):
            let allowed = Category.allCases.map(\.rawValue).joined(separator: ", ")
            return id
                ? "kategori \"\(value)\" tidak dikenal: pilih salah satu dari \(allowed)"
                : "unknown category \"\(value)\": choose one of \(allowed)"
        case .unknownElement(let name):
            return id ? "elemen <\(name)> tidak dikenal dan diabaikan" : "unknown element <\(name)> is ignored"
        case .invalidModuleID(let value):
            return id
                ? "id modul \"\(value)\" tidak valid: gunakan huruf, angka, tanda hubung, titik atau garis bawah"
                : "module id \"\(value)\" is invalid: use letters, digits, hyphens, dots or underscores"
        case .invalidCompletion(let value):
            return id
                ? "aturan penyelesaian \"\(value)\" tidak dikenal: gunakan completion=\"viewed\", \"marked\", \"time\" dengan minutes=\"N\" atau \"quiz\" dengan quiz=\"ID\""
                : "unknown completion rule \"\(value)\": use completion=\"viewed\", \"marked\", \"time\" with minutes=\"N\" or \"quiz\" with quiz=\"ID\""
        case .invalidRequired(let value):
            return id ? "required=\"\(value)\" harus true atau false" : "required=\"\(value)\" must be true or false"
        case .duplicateModuleID(let value, let firstLine):
            return id
                ? "id modul \"\(value)\" sudah dipakai di baris \(firstLine)"
                : "module id \"\(value)\" is already used on line \(firstLine)"
        case .moduleFileMissing(let href):
            return id ? "berkas modul \"\(href)\" tidak ditemukan" : "module file \"\(href)\" does not exist"
        case .moduleFileNotMarkdown(let href):
            return id
                ? "berkas modul \"\(href)\" harus berakhiran .md"
                : "module file \"\(href)\" must end in .md"
        case .pathOutsideCourse(let path):
            return id
                ? "jalur \"\(path)\" keluar dari folder kursus"
                : "path \"\(path)\" leaves the course folder"
        case .noModules:
            return id ? "kursus tidak memiliki modul" : "the course has no modules"
        case .emptySection(let title):
            return id ? "bagian \"\(title)\" tidak berisi modul" : "section \"\(title)\" holds no modules"
        case .frontMatterLine(let line):
            return id
                ? "baris front matter \"\(line)\" tidak berbentuk kunci: nilai dan diabaikan"
                : "front matter line \"\(line)\" is not key: value and is ignored"
        case .invalidMinutes(let value):
            return id
                ? "minutes \"\(value)\" harus bilangan bulat tidak negatif"
                : "minutes \"\(value)\" must be a non-negative whole number"
        case .unterminatedFrontMatter:
            return id
                ? "front matter dibuka dengan --- tetapi tidak pernah ditutup"
                : "front matter opens with --- but is never closed"
        case .missingImage(let path):
            return id ? "gambar \"\(path)\" tidak ditemukan" : "image \"\(path)\" does not exist"
        case .missingLinkTarget(let path):
            return id ? "tautan ke berkas \"\(path)\" yang tidak ada" : "link to file \"\(path)\" that does not exist"
        case .linkToUnknownModule(let path):
            return id
                ? "tautan ke \"\(path)\", yang bukan modul kursus ini"
                : "link to \"\(path)\", which is not a module of this course"
        case .quizDeclaration(let indonesian, let english), .quizContent(let indonesian, let english),
            .certificateDeclaration(let indonesian, let english), .programDeclaration(let indonesian, let english),
            .programWarning(let indonesian, let english):
            return id ? indonesian : english
        }
    }
}
