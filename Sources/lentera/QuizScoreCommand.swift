import ArgumentParser
import Foundation
import LenteraCore

/// `lentera quiz score`: scores answers to a quiz file offline, as the server scores a submission: to check a bank
/// bought from elsewhere against known answers, or to see what a change to a file does to past answers.
struct ScoreQuiz: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score answers to a quiz file as the server scores a submission.",
        discussion: """
            ANSWERS holds one submission per line, a JSON object of question id to answer: {"choices": ["a"]}, \
            {"text": "Jakarta"}, {"number": 20}, {"matches": {"premise": "response"}}, {"order": ["first", "second"]}, \
            {"gaps": {"g1": "text or option id"}} or {"essay": "..."}. A question left out is unanswered. Prints, per \
            submission, its line number, points and maximum separated by tabs; then how long scoring took.
            """
    )

    @Argument(help: "The quiz file, folder or zip.") var file: String
    @Option(help: "The answers: one JSON submission per line.") var answers: String
    @Option(help: "Language of the messages: id or en.") var lang = "id"

    func run() throws {
        let items = try QuizSource.read(file, language: Language(code: lang) ?? .indonesian)
        let known = Set(items.map(\.id))
        guard let text = FileManager.default.contents(atPath: answers).map({ String(decoding: $0, as: UTF8.self) }) else {
            throw ValidationError("\(answers) cannot be read")
        }
        var submissions: [[String: QuizResponse]] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.trimmingSpaces().isEmpty else { continue }
            do {
                submissions.append(try Self.submission(String(line), known: known))
            } catch {
                throw ValidationError("\(answers):\(index + 1): \(error)")
            }
        }
        let maximum = Quiz.maximum(items)
        var totals: [Double] = []
        totals.reserveCapacity(submissions.count)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for submission in submissions {
                totals.append(items.reduce(0) { $0 + Scoring.score($1, submission[$1.id]).points })
            }
        }
        var output = ""
        for (index, total) in totals.enumerated() { output += "\(index + 1)\t\(Self.plain(total))\t\(Self.plain(maximum))\n" }
        FileHandle.standardOutput.write(Data(output.utf8))
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Double(submissions.count) / seconds : 0
        FileHandle.standardError.write(Data(
            "\(submissions.count) submissions of \(items.count) questions scored in \(String(format: "%.3f", seconds)) s (\(Int(rate)) per second)\n".utf8))
    }

    /// Points as written in a result: no trailing zeros, at most six decimals.
    static func plain(_ value: Double) -> String {
        let rounded = (value * 1_000_000).rounded() / 1_000_000
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
        var text = String(format: "%.6f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    struct BadAnswer: Error, CustomStringConvertible {
        var description: String
    }

    /// One line: question id to answer.
    static func submission(_ line: String, known: Set<String>) throws -> [String: QuizResponse] {
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw BadAnswer(description: "a submission is a JSON object of question id to answer")
        }
        var result: [String: QuizResponse] = [:]
        for (id, value) in object {
            guard known.contains(id) else { throw BadAnswer(description: "no question has the id \"\(id)\"") }
            guard let answer = value as? [String: Any], answer.count == 1, let (kind, content) = answer.first else {
                throw BadAnswer(description: "the answer to \"\(id)\" must be one of {\"choices\": …}, {\"text\": …}, {\"number\": …}, …")
            }
            switch (kind, content) {
            case ("choices", let list as [String]): result[id] = .choices(Set(list))
            case ("text", let text as String): result[id] = .text(text)
            case ("number", let number as NSNumber): result[id] = .number(number.doubleValue)
            case ("matches", let matches as [String: String]): result[id] = .matches(matches)
            case ("order", let order as [String]): result[id] = .order(order)
            case ("gaps", let gaps as [String: String]): result[id] = .gaps(gaps)
            case ("essay", let text as String): result[id] = .essay(text)
            default: throw BadAnswer(description: "the answer to \"\(id)\" (\(kind)) cannot be read")
            }
        }
        return result
    }
}
