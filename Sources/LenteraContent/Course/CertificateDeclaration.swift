import Foundation
import LenteraCore

/// A course's `<certificate>` element, its logo still a path until the course folder's files are known:
/// `<certificate><office>…</office><signatory name="…" title="…"/><logo>files/logo.jpg</logo></certificate>`.
struct CertificateDeclaration {
    var issuer = CertificateIssuer()
    var logoPath: String?
    var logoLine = 0

    static func read(_ element: XMLElement, problems: inout [Problem], file: String) -> CertificateDeclaration {
        var declaration = CertificateDeclaration()
        var firstLine: [String: Int] = [:]
        for child in element.children {
            guard ["office", "signatory", "logo"].contains(child.name) else {
                problems.append(Problem(file: file, line: child.line, kind: .unknownElement(child.name)))
                continue
            }
            if let first = firstLine[child.name] {
                problems.append(Problem(file: file, line: child.line, kind: .certificateDeclaration(
                    indonesian: "<certificate> hanya boleh memuat satu <\(child.name)>; yang pertama ada di baris \(first)",
                    english: "<certificate> may hold one <\(child.name)>; the first is on line \(first)")))
                continue
            }
            firstLine[child.name] = child.line
            switch child.name {
            case "office":
                let office = child.trimmedText.collapsingWhitespace()
                guard !office.isEmpty else {
                    problems.append(Problem(file: file, line: child.line, kind: .certificateDeclaration(
                        indonesian: "elemen <office> kosong: tulis nama instansi yang menerbitkan sertifikat",
                        english: "the <office> element is empty: write the name of the office that issues the certificates")))
                    continue
                }
                declaration.issuer.office = office
            case "signatory":
                let name = child.attributes["name"]?.collapsingWhitespace() ?? ""
                guard !name.isEmpty else {
                    problems.append(Problem(file: file, line: child.line, kind: .missingAttribute(element: "signatory", attribute: "name")))
                    continue
                }
                let title = child.attributes["title"]?.collapsingWhitespace() ?? ""
                declaration.issuer.signatory = CertificateIssuer.Signatory(name: name, title: title.isEmpty ? nil : title)
            default:
                let path = child.trimmedText
                guard !path.isEmpty else {
                    problems.append(Problem(file: file, line: child.line, kind: .certificateDeclaration(
                        indonesian: "elemen <logo> kosong: tulis jalur berkas JPEG atau PNG di folder kursus, misalnya berkas/logo.jpg",
                        english: "the <logo> element is empty: write the path of a JPEG or PNG file in the course folder, such as files/logo.jpg")))
                    continue
                }
                declaration.logoPath = path
                declaration.logoLine = child.line
            }
        }
        return declaration
    }

    /// The issuer with its logo read from the course folder; a logo that is missing, outside the folder or not a JPEG
    /// or PNG a PDF can show is a problem on the `<logo>` line, and the issuer is returned without it.
    func resolved(files: [String: CourseFile], manifestName: String, problems: inout [Problem]) -> CertificateIssuer {
        var issuer = self.issuer
        guard let logoPath else { return issuer }
        func refuse(_ kind: ProblemKind) -> CertificateIssuer {
            problems.append(Problem(file: manifestName, line: logoLine, kind: kind))
            return issuer
        }
        guard let path = CoursePath.normalize(logoPath) else { return refuse(.pathOutsideCourse(logoPath)) }
        guard let file = files[path] else { return refuse(.missingImage(logoPath)) }
        guard file.size <= CertificateImage.maximumBytes else {
            let problem = CertificateImage.Problem.tooLarge(bytes: file.size)
            return refuse(.certificateDeclaration(indonesian: problem.message(in: .indonesian), english: problem.message(in: .english)))
        }
        let bytes: [UInt8]
        do {
            bytes = try CourseLoader.readBytes(file.path)
        } catch {
            return refuse(.unreadableFile(String(describing: error)))
        }
        do {
            issuer.logo = try CertificateImage(bytes: bytes)
        } catch {
            let named = "logo \"\(logoPath)\": "
            return refuse(.certificateDeclaration(indonesian: named + error.message(in: .indonesian), english: named + error.message(in: .english)))
        }
        return issuer
    }
}
