import Crypto
import Foundation
import LenteraCore

/// Files embedded in a Moodle XML question: the base64 `<file>` elements Moodle writes beside each text that shows a
/// picture or a sound (`<img src="@@PLUGINFILE@@/name">`), and Moodle 1.9's `<image>` with `<image_base64>`.
///
/// As in Moodle, each text area (`<questiontext>`, `<generalfeedback>`, an `<answer>`, its `<feedback>`...) has its own
/// files: a text's `@@PLUGINFILE@@/name` is the `<file>` of that name beside it. Each becomes a file of the course at
/// `<xml file>/<digest>/<name>`, beside the quiz file, in a folder named after the quiz file (which no file on disk can
/// be) and a digest of the file's bytes: pictures of feedback, shown only after an answer, cannot be found by guessing
/// their address before. A text showing a file not embedded beside it, a file that is not base64, or a name that could
/// climb out of its folder refuses the question by name.
enum MoodleXMLFiles {
    /// Moodle's placeholder for the folder of a text's files.
    static let placeholder = "@@PLUGINFILE@@/"
    /// Characters kept as they are in an address written here; any other is percent-encoded.
    static let plain = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    struct Refusal: Error {
        var indonesian: String
        var english: String
    }

    /// The question with its `@@PLUGINFILE@@/` addresses pointing at its files, and those files by their path relative
    /// to the quiz file's folder (`bank.xml/3f9a…/peta.png`); or why not.
    static func read(_ question: XMLElement, id: String, fileName: String) -> Result<(XMLElement, [String: EmbeddedFile]), QuizProblem> {
        var question = question
        do {
            question = try withOldImage(question)
            var files: [String: EmbeddedFile] = [:]
            let folder = "./" + encoded(fileName)
            question = try rewrite(question, folder: folder, fileName: fileName, files: &files)
            return .success((question, files))
        } catch let refusal as Refusal {
            return .failure(QuizProblem(
                line: question.line, indonesian: "soal \"\(id)\": " + refusal.indonesian, english: "question \"\(id)\": " + refusal.english))
        } catch {
            return .failure(QuizProblem(line: question.line, indonesian: "soal \"\(id)\": \(error)", english: "question \"\(id)\": \(error)"))
        }
    }

    /// Moodle 1.9's picture of the question, shown after its text as Moodle imports it: an `<img>` and a `<file>` added
    /// to `<questiontext>`.
    static func withOldImage(_ question: XMLElement) throws -> XMLElement {
        guard let image = question.child(named: "image")?.trimmedText, !image.isEmpty else { return question }
        guard let data = question.child(named: "image_base64")?.text, !data.trimmingSpaces().isEmpty else {
            throw Refusal(
                indonesian: "gambar gaya lama <image>\(image)</image> tanpa isinya (<image_base64>): simpan gambarnya di folder kursus dan tautkan",
                english: "the old-style image <image>\(image)</image> comes without its data (<image_base64>): put it in the course folder and link it")
        }
        let format = question.child(named: "questiontext")?.attributes["format"]?.lowercased()
        guard format != "plain_text" else {
            throw Refusal(indonesian: "gambar gaya lama <image> pada teks polos tidak dapat ditampilkan",
                          english: "an old-style <image> cannot be shown in a plain-text question")
        }
        let address = placeholder + encoded(image)
        let shown = format == "markdown" ? "\n\n![](\(address))" : "<p><img src=\"\(address)\" alt=\"\"></p>"
        let file = XMLElement(name: "file", namespace: nil, attributes: ["name": image, "encoding": "base64"], children: [], text: data,
                              line: question.line, content: [.text(data)])
        return updating(question, child: "questiontext") { area in
            var area = area
            if !area.children.contains(where: { $0.name == "text" }) {
                let text = XMLElement(name: "text", namespace: nil, attributes: [:], children: [], text: "", line: area.line)
                area.children.append(text)
                area.content.append(.element(text))
            }
            area = updating(area, child: "text") { text in
                var text = text
                text.text += shown
                text.content.append(.text(shown))
                return text
            }
            area.children.append(file)
            area.content.append(.element(file))
            return area
        }
    }

    /// The element with every text area below it rewritten: each `<text>` child's addresses pointing at the `<file>`
    /// children beside it, which are added to `files`. Every element is visited once, through its content.
    static func rewrite(_ element: XMLElement, folder: String, fileName: String, files: inout [String: EmbeddedFile]) throws -> XMLElement {
        var area: [String: String]?  // name in this area to its digest folder, read when a `<text>` child needs it
        func areaFiles() throws -> [String: String] {
            if let area { return area }
            var found: [String: String] = [:]
            var bytesByName: [String: [UInt8]] = [:]
            for file in element.children where file.name == "file" {
                let written = (file.attributes["path"] ?? "/") + (file.attributes["name"] ?? "")
                guard let name = safeName(written) else {
                    throw Refusal(indonesian: "nama berkas tertanam \"\(written)\" tidak dapat dipakai",
                                  english: "the embedded file name \"\(written)\" cannot be used")
                }
                let base64 = file.text.filter { !$0.isWhitespace }
                guard let data = Data(base64Encoded: base64) else {
                    throw Refusal(indonesian: "berkas tertanam \"\(name)\" tidak terbaca (bukan base64)",
                                  english: "the embedded file \"\(name)\" cannot be read (not base64)")
                }
                let bytes = [UInt8](data)
                if let other = bytesByName[name], other != bytes {
                    throw Refusal(indonesian: "dua berkas tertanam berbeda bernama \"\(name)\" di tempat yang sama",
                                  english: "two different embedded files are named \"\(name)\" in the same place")
                }
                bytesByName[name] = bytes
                let digest = MoodleXMLFiles.digest(bytes)
                found[name] = digest
                files["\(fileName)/\(digest)/\(name)"] = EmbeddedFile(bytes: bytes)
            }
            area = found
            return found
        }
        var rewritten = element
        rewritten.content = []
        rewritten.children = []
        rewritten.text = ""
        for node in element.content {
            switch node {
            case .text(let text):
                rewritten.content.append(.text(text))
                rewritten.text += text
            case .element(var child):
                if child.name == "text", child.children.isEmpty, child.text.contains(placeholder) {
                    let pointed = try pointing(child.text, at: try areaFiles(), folder: folder)
                    child.text = pointed
                    child.content = [.text(pointed)]
                } else if child.name != "file" {
                    child = try rewrite(child, folder: folder, fileName: fileName, files: &files)
                }
                rewritten.content.append(.element(child))
                rewritten.children.append(child)
                rewritten.text += child.text
            }
        }
        if element.content.isEmpty {  // an element built without content (never from the parser): its text as it was
            rewritten.text = element.text
        }
        return rewritten
    }

    /// A text with each `@@PLUGINFILE@@/name` pointing at the file of that name beside it.
    static func pointing(_ text: String, at area: [String: String], folder: String) throws -> String {
        var result = ""
        var rest = Substring(text)
        while let range = rest.range(of: placeholder) {
            result += rest[..<range.lowerBound]
            rest = rest[range.upperBound...]
            let written = rest.prefix { !"\"'<>() \t\r\n?#".contains($0) }
            let name = safeName(String(written).removingPercentEncoding ?? String(written)) ?? String(written)
            guard let digest = area[name] else {
                throw Refusal(indonesian: "teks menampilkan @@PLUGINFILE@@/\(written), tetapi berkas itu tidak tertanam di sampingnya",
                              english: "a text shows @@PLUGINFILE@@/\(written), which is not embedded beside it")
            }
            result += "\(folder)/\(digest)/"
        }
        return result + rest
    }

    /// A file's path inside its text's folder, when every part is a plain name (no `.` or `..`, no hidden or empty
    /// part, no backslash or control character); split by bytes, as paths are read everywhere else.
    static func safeName(_ path: String) -> String? {
        let parts = CoursePath.components(path)
        guard !parts.isEmpty, parts.count <= 8, parts.allSatisfy({ part in
            !part.hasPrefix(".") && part.utf8.count <= 200 && !part.utf8.contains(UInt8(ascii: "\\"))
                && !part.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
        }) else { return nil }
        return parts.joined(separator: "/")
    }

    /// An embedded file's key (`bank.xml/<digest>/peta.png`, as ``read(_:id:fileName:)`` gives it, or a file carried
    /// from beside a quiz, ``QuizFiles/readCarryingFiles(path:)``) as its quiz file, digest and name; nil for a key of
    /// another kind.
    static func parts(ofKey key: String) -> (fileName: String, digest: String, name: String)? {
        let components = key.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        for index in components.indices.dropFirst().dropLast() {
            let digest = components[index]
            guard digest.utf8.count == 24, digest.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { continue }
            return (components[..<index].joined(separator: "/"), digest, components[(index + 1)...].joined(separator: "/"))
        }
        return nil
    }

    /// The folder name of a file's bytes: the first 12 bytes of their SHA-256, in hexadecimal (24 characters).
    static func digest(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).prefix(12).map { String(format: "%02x", $0) }.joined()
    }

    /// How texts read from a Moodle XML file address the folder of an embedded file: `./bank.xml/<digest>/`, the
    /// file's name written after it as the text wrote it after `@@PLUGINFILE@@/`.
    static func folderAddress(fileName: String, digest: String) -> String {
        "./" + encoded(fileName) + "/" + digest + "/"
    }

    /// A name as an address part: everything but letters, digits and `-._~` percent-encoded.
    static func encoded(_ name: String) -> String {
        CoursePath.components(name).map { $0.addingPercentEncoding(withAllowedCharacters: plain) ?? $0 }.joined(separator: "/")
    }

    /// The element with its first child of a name replaced, in both views of its content.
    static func updating(_ element: XMLElement, child name: String, _ change: (XMLElement) -> XMLElement) -> XMLElement {
        guard let index = element.children.firstIndex(where: { $0.name == name }) else { return element }
        var element = element
        let updated = change(element.children[index])
        element.children[index] = updated
        if let position = element.content.firstIndex(where: { if case .element(let child) = $0 { child.name == name } else { false } }) {
            element.content[position] = .element(updated)
        }
        return element
    }
}
