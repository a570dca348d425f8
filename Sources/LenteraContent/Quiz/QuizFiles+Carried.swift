import Foundation
import LenteraCore

extension QuizFiles {
    /// What `lentera quiz export` reads: the questions, with the files beside the quiz that their texts show (relative
    /// images and links: a QTI package's pictures, a GIFT or Markdown quiz's `gambar/peta.png`) carried like the files
    /// a Moodle XML file embeds, at `<quiz file>/<digest>/<name>`, the texts pointing there; the exporters write both
    /// out with the questions. A file that cannot be read is a problem, never left out.
    public static func readCarryingFiles(path: String) -> QuizParseResult {
        read(path: path, carryFiles: true)
    }

    /// The items with each relative destination their texts show that names a file in `files` pointing at it as a
    /// carried file, which is added to `carried`.
    static func carrying(
        _ items: [QuizItem], member: String, files: [String: CourseFile], into carried: inout [String: EmbeddedFile], problems: inout [QuizProblem]
    ) -> [QuizItem] {
        let directory = CoursePath.directory(of: member)
        let fileName = (member as NSString).lastPathComponent
        let renderer = MarkdownRenderer()
        var addresses: [String: String] = [:]  // path in the folder → its address in the texts
        return items.map { item in
            var destinations: [String] = []
            for text in item.shownTexts {
                switch item.format {
                case .markdown: _ = renderer.render(text) { destinations.append($0.destination); return nil }
                case .html: _ = RawHTMLFilter.filter(text) { url, _ in destinations.append(url); return nil }
                case .plain: break
                }
            }
            var replacements: [(String, String)] = []
            for destination in Set(destinations).sorted() {
                guard let path = QuizResources.path(destination, directory: directory), let file = files[path] else { continue }
                if addresses[path] == nil {
                    guard let data = FileManager.default.contents(atPath: file.path) else {
                        problems.append(QuizProblem(
                            line: item.line, indonesian: "soal \"\(item.id)\": berkas \"\(destination)\" tidak dapat dibaca",
                            english: "question \"\(item.id)\": the file \"\(destination)\" cannot be read"))
                        continue
                    }
                    let bytes = [UInt8](data)
                    let digest = MoodleXMLFiles.digest(bytes)
                    let name = (path as NSString).lastPathComponent
                    carried["\(fileName)/\(digest)/\(name)"] = EmbeddedFile(bytes: bytes, modified: file.modified)
                    addresses[path] = MoodleXMLFiles.folderAddress(fileName: fileName, digest: digest) + MoodleXMLFiles.encoded(name)
                }
                // The destination as written, with what follows it (`#page=2`) kept.
                let bare = String(destination.prefix { $0 != "#" && $0 != "?" })
                if let address = addresses[path] { replacements.append((bare, address)) }
            }
            guard !replacements.isEmpty else { return item }
            return item.mappingShownTexts { text in
                var text = text
                // Where a destination stands: quoted in HTML, in parentheses or angle brackets (or after `]: `) in
                // Markdown, up to its end (a quote, a bracket, `#`, `?` or a space): never the start of a longer path.
                for (written, address) in replacements {
                    let pattern = #"(["'(<]|\]: )"# + NSRegularExpression.escapedPattern(for: written) + #"(?=["')>#?\s]|$)"#
                    text = text.replacingOccurrences(
                        of: pattern, with: "$1" + NSRegularExpression.escapedTemplate(for: address), options: .regularExpression)
                }
                return text
            }
        }
    }
}

extension QuizItem {
    /// The texts of an item that may show a file: the question, its feedback, choices, options and their feedback.
    /// (Matching and ordering texts are not among them: they are the keys the item's answers and a QTI item's rules
    /// are read by.)
    var shownTexts: [String] {
        var texts: [String] = []
        _ = mappingShownTexts { texts.append($0); return $0 }
        return texts
    }

    /// The item with ``shownTexts`` changed.
    func mappingShownTexts(_ change: (String) -> String) -> QuizItem {
        var item = self
        item.prompt = change(item.prompt)
        item.generalFeedback = item.generalFeedback.map(change)
        func choice(_ choice: QuizItem.Choice) -> QuizItem.Choice {
            var choice = choice
            choice.text = change(choice.text)
            choice.feedback = choice.feedback.map(change)
            return choice
        }
        func answer(_ answer: QuizItem.TextAnswer) -> QuizItem.TextAnswer {
            var answer = answer
            answer.feedback = answer.feedback.map(change)
            return answer
        }
        switch item.interaction {
        case .choice(let choices, let multiple):
            item.interaction = .choice(choices: choices.map(choice), multiple: multiple)
        case .text(let answers, let caseSensitive):
            item.interaction = .text(answers: answers.map(answer), caseSensitive: caseSensitive)
        case .numeric(let answers):
            item.interaction = .numeric(answers: answers.map { var answer = $0; answer.feedback = answer.feedback.map(change); return answer })
        case .gaps(let gaps):
            item.interaction = .gaps(gaps.map { gap in
                var gap = gap
                gap.options = gap.options.map(choice)
                gap.answers = gap.answers.map(answer)
                return gap
            })
        case .matching, .ordering, .essay, .description:
            break
        }
        return item
    }
}
