import Foundation
import Testing

@testable import LenteraCore
@testable import LenteraContent

@Suite struct GIFTParserTests {
    typealias Choice = QuizItem.Choice

    /// Parses a file that must read without problems, and returns its items.
    func parsedItems(_ source: String, sourceLocation: SourceLocation = #_sourceLocation) -> [QuizItem] {
        let result = GIFTParser.parse(source)
        #expect(result.problems.isEmpty, "\(result.problems)", sourceLocation: sourceLocation)
        return result.items
    }

    /// The only item of a file that must read without problems.
    func parsedItem(_ source: String, sourceLocation: SourceLocation = #_sourceLocation) -> QuizItem? {
        let items = parsedItems(source, sourceLocation: sourceLocation)
        #expect(items.count == 1, sourceLocation: sourceLocation)
        return items.first
    }

    /// The problems of a file whose questions all fail.
    func problems(_ source: String) -> [QuizProblem] {
        let result = GIFTParser.parse(source)
        #expect(result.items.isEmpty, "\(result.items)")
        return result.problems
    }

    func choiceInteraction(_ item: QuizItem?) -> (choices: [Choice], multiple: Bool)? {
        guard case .choice(let choices, let multiple) = item?.interaction else { return nil }
        return (choices, multiple)
    }

    // MARK: Question types

    @Test func multipleChoice() throws {
        let item = try #require(parsedItem("Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}"))

        #expect(item.id == "q1")
        #expect(item.prompt == "Who's buried in Grant's tomb?")
        #expect(item.line == 1)
        #expect(item.points == 1)
        #expect(item.format == .html)
        #expect(item.title == nil)
        #expect(item.category == nil)
        #expect(item.interaction == .choice(choices: [
            Choice(id: "a", text: "Grant", weight: 0), Choice(id: "b", text: "Jefferson", weight: 0), Choice(id: "c", text: "no one", weight: 1),
        ], multiple: false))
        #expect(Scoring.score(item, .choices(["c"])).isCorrect)
        #expect(Scoring.score(item, .choices(["a"])).points == 0)
    }

    @Test func missingWordPutsABlankWhereTheBlockWas() {
        let items = parsedItems("""
            Grant is {~buried =entombed ~living} in Grant's tomb.

            The sun rises in the {
                ~west
                =east
            }.

            { =Asia } is the largest continent.

            Two plus two equals {=four =4}
            """)

        #expect(items.map(\.prompt) == [
            "Grant is _____ in Grant's tomb.", "The sun rises in the _____.", "_____ is the largest continent.", "Two plus two equals",
        ])
    }

    @Test func multipleResponseWithNegativeWeights() throws {
        let item = try #require(parsedItem("""
            ::colours:: What's between orange and green in the spectrum?
            {
                ~%50%yellow # right; good!
                ~%-100%red # [html]wrong
                ~%50%off-beige # right; good!
                ~%-100%[plain]blue # wrong
            }
            """))

        let (choices, multiple) = try #require(choiceInteraction(item))
        #expect(multiple)
        #expect(choices.map(\.weight) == [0.5, -1, 0.5, -1])
        #expect(choices.map(\.text) == ["yellow", "red", "off-beige", "blue"])
        #expect(choices.map(\.feedback) == ["right; good!", "wrong", "right; good!", "wrong"])
        #expect(Scoring.score(item, .choices(["a", "c"])).isCorrect)
        #expect(Scoring.score(item, .choices(["a"])).points == 0.5)
        #expect(Scoring.score(item, .choices(["a", "b", "c"])).points == 0)
    }

    @Test func multipleResponseWithDecimalWeights() throws {
        let item = try #require(parsedItem("Continents?{~%33.33333%Africa ~%33.33333%Asia ~%-100%China ~%33.33333%Antarctica}"))

        #expect(choiceInteraction(item)?.multiple == true)
        #expect(Scoring.score(item, .choices(["a", "b", "d"])).isCorrect)
    }

    /// As in Moodle, an `=` answer makes a single choice, even with partly right `~%50%` answers beside it.
    @Test func partialCreditSingleChoice() throws {
        let item = try #require(parsedItem("Difficult question.{~wrong answer ~%50%half credit answer =full credit answer}"))

        let (choices, multiple) = try #require(choiceInteraction(item))
        #expect(!multiple)
        #expect(choices.map(\.weight) == [0, 0.5, 1])
        #expect(Scoring.score(item, .choices(["b"])).points == 0.5)
        #expect(Scoring.score(item, .choices(["b", "c"])).points == 0)  // one answer only
    }

    @Test func severalFullMarksAnswersStaySingleChoice() throws {
        let item = try #require(parsedItem("Specify a season\\: {= spring = summer = winter = autumn ~ easter}"))

        let (choices, multiple) = try #require(choiceInteraction(item))
        #expect(!multiple)
        #expect(choices.filter { $0.weight == 1 }.count == 4)
        #expect(item.prompt == "Specify a season:")
    }

    @Test func trueFalseInAllSpellings() {
        let items = parsedItems("""
            The sun rises in the east.{T}

            The sun rises in the west.{F}

            Water is wet.{TRUE}

            Fire is cold.{FALSE}
            """)

        let correct = items.map { item in choiceInteraction(item)?.choices.first { $0.weight == 1 }?.id }
        #expect(correct == ["true", "false", "true", "false"])
        for item in items {
            #expect(choiceInteraction(item)?.choices.map(\.text) == ["Benar", "Salah"])
            #expect(choiceInteraction(item)?.multiple == false)
        }
        #expect(Scoring.score(items[1], .choices(["false"])).isCorrect)
        #expect(Scoring.score(items[1], .choices(["true"])).points == 0)
    }

    @Test func trueFalseFeedbackIsWrongThenRight() throws {
        let falseItem = try #require(parsedItem("Grant is buried in Grant's tomb.{FALSE#wrong answer feedback#right answer feedback}"))
        let trueItem = try #require(parsedItem("The sun rises in the east.{T#Look again.#Yes.####It always does.}"))

        #expect(choiceInteraction(falseItem)?.choices.map(\.feedback) == ["wrong answer feedback", "right answer feedback"])
        #expect(choiceInteraction(trueItem)?.choices.map(\.feedback) == ["Yes.", "Look again."])
        #expect(trueItem.generalFeedback == "It always does.")
    }

    /// Moodle reads `{True}` (not `T` or `TRUE`) as a short answer whose answer is "True".
    @Test func trueFalseKeywordsAreCaseSensitiveAsInMoodle() throws {
        let item = try #require(parsedItem("Is it?{True}"))

        #expect(item.interaction == .text(answers: [QuizItem.TextAnswer(pattern: "True")], caseSensitive: false))
    }

    @Test func shortAnswerWithWeightsAndFeedback() throws {
        let item = try #require(parsedItem("""
            ::Shortanswer::Which is the best animal?{
                =Frog#Good!
                =%50%Cat#What is it with Moodlers and cats?
                =%0%*#Completely wrong
            }
            """))

        #expect(item.interaction == .text(answers: [
            QuizItem.TextAnswer(pattern: "Frog", weight: 1, feedback: "Good!"),
            QuizItem.TextAnswer(pattern: "Cat", weight: 0.5, feedback: "What is it with Moodlers and cats?"),
            QuizItem.TextAnswer(pattern: "*", weight: 0, feedback: "Completely wrong"),
        ], caseSensitive: false))
        #expect(Scoring.score(item, .text("  frog ")).isCorrect)
        #expect(Scoring.score(item, .text("CAT")).points == 0.5)
        #expect(Scoring.score(item, .text("dog")).points == 0)
    }

    @Test func shortAnswerForms() {
        let items = parsedItems(#"""
            Who's buried in Grant's tomb?{=no one =nobody}

            How do you write the number 1? {One}

            Which path? {=C\\Windows}
            """#)

        #expect(items[0].interaction == .text(answers: [QuizItem.TextAnswer(pattern: "no one"), QuizItem.TextAnswer(pattern: "nobody")], caseSensitive: false))
        #expect(items[1].interaction == .text(answers: [QuizItem.TextAnswer(pattern: "One")], caseSensitive: false))
        #expect(Scoring.score(items[1], .text("one")).isCorrect)
        #expect(Scoring.score(items[2], .text(#"c:\windows"#)).points == 0)
        #expect(Scoring.score(items[2], .text(#"C\Windows"#)).isCorrect)  // a backslash stays a backslash
    }

    @Test func matchingWithDistractor() throws {
        let item = try #require(parsedItem("""
            ::Moodle activities::[html]Match the <b>activity</b> to the description.{
                =[html]An activity supporting asynchronous discussions. -> Forum
                =[moodle]A teacher asks a question. -> Choice
                =A bank of record entries.->Database
                = -> Chat
            }
            """))

        #expect(item.format == .html)
        #expect(item.prompt == "Match the <b>activity</b> to the description.")
        #expect(item.interaction == .matching(pairs: [
            QuizItem.Pair(premise: "An activity supporting asynchronous discussions.", response: "Forum"),
            QuizItem.Pair(premise: "A teacher asks a question.", response: "Choice"),
            QuizItem.Pair(premise: "A bank of record entries.", response: "Database"),
        ], responses: ["Forum", "Choice", "Database", "Chat"]))
        let right = ["An activity supporting asynchronous discussions.": "Forum", "A teacher asks a question.": "Choice", "A bank of record entries.": "Database"]
        #expect(Scoring.score(item, .matches(right)).isCorrect)
        var oneWrong = right
        oneWrong["A bank of record entries."] = "Chat"
        #expect(abs(Scoring.score(item, .matches(oneWrong)).points - 2.0 / 3) < 1e-6)
    }

    @Test func numericalForms() {
        let items = parsedItems("""
            What is pi to two decimals? {#3.14:0.01}

            A number from 1 to 5. {#1..5}

            When was Ulysses S. Grant born? {#
                =1822:0      # Correct! Full credit.
                =%50%1822:2  # He was born in 1822.
                             Half credit for being close.
            }

            ::Q5:: What is a number from 1 to 5? {#
            =3:2
            ~#Completely wrong}

            Exactly? {#-2.5e1}
            """)

        #expect(items[0].interaction == .numeric(answers: [QuizItem.NumericAnswer(value: 3.14, tolerance: 0.01)]))
        #expect(items[1].interaction == .numeric(answers: [QuizItem.NumericAnswer(minimum: 1, maximum: 5)]))
        #expect(items[2].interaction == .numeric(answers: [
            QuizItem.NumericAnswer(value: 1822, weight: 1, feedback: "Correct! Full credit."),
            QuizItem.NumericAnswer(value: 1822, tolerance: 2, weight: 0.5, feedback: "He was born in 1822.\nHalf credit for being close."),
        ]))
        #expect(items[4].interaction == .numeric(answers: [QuizItem.NumericAnswer(value: -25)]))
        #expect(Scoring.score(items[0], .number(3.149)).isCorrect)
        #expect(Scoring.score(items[0], .number(3.16)).points == 0)
        #expect(Scoring.score(items[1], .number(4.5)).isCorrect)
        #expect(Scoring.score(items[1], .number(5.5)).points == 0)
        #expect(Scoring.score(items[2], .number(1823)).points == 0.5)
        // `~#feedback`: any other number scores nothing but gets the feedback.
        guard case .numeric(let answers) = items[3].interaction else { Issue.record("not numeric"); return }
        #expect(answers.count == 2)
        #expect(answers.last?.weight == 0)
        #expect(answers.last?.feedback == "Completely wrong")
        #expect(Scoring.score(items[3], .number(4)).isCorrect)
        #expect(Scoring.score(items[3], .number(99)).points == 0)
    }

    @Test func essayWaitsForAGrader() throws {
        let items = parsedItems("""
            ::Q8:: How are you? {}

            Write about your day.{
            ####Any honest answer will do.
            }
            """)

        #expect(items.map(\.interaction) == [.essay, .essay])
        #expect(items[1].generalFeedback == "Any honest answer will do.")
        #expect(Scoring.score(items[0], .essay("Baik")).needsGrading)
    }

    @Test func descriptionHasNoAnswerAndNoPoints() throws {
        let items = parsedItems("""
            ::Description Title::You can use your pencil and paper for these next questions.

            True or false?{T}
            """)

        #expect(items.count == 2)
        #expect(items[0].interaction == .description)
        #expect(items[0].prompt == "You can use your pencil and paper for these next questions.")
        #expect(items[0].id == "description-title")
        #expect(items[0].points == 0)
        #expect(Scoring.score(items[0], nil).maximum == 0)
        #expect(items[1].id == "q2")
    }

    // MARK: Texts

    @Test func feedbackPerAnswerAndGeneral() throws {
        let item = try #require(parsedItem("""
            What's the answer?{
            ~wrong answer#feedback comment on the wrong answer
            ~another wrong answer#feedback on
            two lines
            =right answer#Very good!
            ####General feedback
            on two lines}
            """))

        #expect(choiceInteraction(item)?.choices.map(\.feedback) == ["feedback comment on the wrong answer", "feedback on\ntwo lines", "Very good!"])
        #expect(item.generalFeedback == "General feedback\non two lines")
    }

    @Test func titlesGiveIDs() {
        let items = parsedItems(#"""
            ::Kanji Origins::Japanese characters originally
            came from what country? {=China}

            ::Description Title\:::Text.

            ::Jesus' hometown::Jesus Christ was from {=Nazareth}

            ::Jesus' hometown::Jesus Christ was from {=Nazareth =Nasaret}

            ::Q1::Untitled ones get q and their position. {T}

            First? {T}
            """#)

        #expect(items.map(\.title) == ["Kanji Origins", "Description Title:", "Jesus' hometown", "Jesus' hometown", "Q1", nil])
        #expect(items.map(\.id) == ["kanji-origins", "description-title", "q3", "q4", "q1", "q6"])
        #expect(items[0].prompt == "Japanese characters originally\ncame from what country?")
    }

    @Test func idsStayUniqueWhenATitleLooksLikeAPosition() {
        let items = parsedItems("""
            ::Q2::First.{T}

            Second.{T}
            """)

        #expect(items.map(\.id) == ["q2", "q2-2"])
    }

    @Test func textFormats() {
        let items = parsedItems("""
            [html]<p>The sun rises in which direction?</p> {
                =<p>The east.</p>#<b>Awesome!</b>
                ~[plain]<p>The west.</p>#What planet did <em>you</em> grow up on?
            }

            [markdown]Who's buried in **Grant's tomb**?{=no one}

            [plain]Plain.{T}

            [moodle]Moodle.{T}

            No marker.{T}

            [unknown]Stays in the text.{T}
            """)

        #expect(items.map(\.format) == [.html, .markdown, .plain, .html, .html, .html])
        #expect(items[0].prompt == "<p>The sun rises in which direction?</p>")
        #expect(choiceInteraction(items[0])?.choices.map(\.text) == ["<p>The east.</p>", "<p>The west.</p>"])
        #expect(choiceInteraction(items[0])?.choices.first?.feedback == "<b>Awesome!</b>")
        #expect(items[1].prompt == "Who's buried in **Grant's tomb**?")
        #expect(items[5].prompt == "[unknown]Stays in the text.")
    }

    @Test func escapes() throws {
        let item = try #require(parsedItem(##"""
            ::GIFT Control Characters::
            Which is NOT a control character\: a\nb? {
               ~ \~     # \~ is a control character.
               ~ \=     # \= is a control character.
               ~ \#     # \# is a control character.
               ~ \{     # \{ is a control character.
               ~ \}     # \} is a control character.
               = \\     # Correct! \\ (backslash) is not.
            }
            """##))

        #expect(item.prompt == "Which is NOT a control character: a\nb?")
        #expect(choiceInteraction(item)?.choices.map(\.text) == ["~", "=", "#", "{", "}", "\\"])
        #expect(choiceInteraction(item)?.choices.last?.feedback == #"Correct! \ (backslash) is not."#)
    }

    @Test func backslashesBeforeOtherCharactersStay() throws {
        let item = try #require(parsedItem(#"::double backslash:: A \\\\ B \[x\] C{}"#))

        #expect(item.prompt == #"A \\ B \[x\] C"#)
    }

    /// The quick examples of Moodle's documentation use `=` and `:` unescaped where they cannot be syntax; Moodle
    /// imports them, and so does Lentera.
    @Test func harmlessUnescapedCharactersOutsideTheirRole() {
        let items = parsedItems("""
            ::Q1:: 1+1=2 {T}

            Which link? {=<a href\\="https://example.org">site</a> ~none}
            """)

        #expect(items[0].prompt == "1+1=2")
        #expect(choiceInteraction(items[1])?.choices.first?.text == #"<a href="https://example.org">site</a>"#)
    }

    @Test func commentsAndMoodleIDsAndTags() {
        let items = parsedItems("""
            // question: 1  name: Essay
            // [id:393]
            // [tag:fred] [tag:barney-wilma]
            Essay?{}
            // trailing comment

            // a block of comments only is no question
            // at all
            """)

        #expect(items.count == 1)
        #expect(items[0].prompt == "Essay?")
        #expect(items[0].line == 4)
    }

    @Test func categoriesApplyToTheQuestionsThatFollow() {
        let items = parsedItems("""
            First.{T}

            // question: 0  name: switch category
            $CATEGORY: $course$/top/Unit 1: Topic

            Second.{T}

            $CATEGORY: other
            Third, right under the category line.{T}
            """)

        #expect(items.map(\.category) == [nil, "$course$/top/Unit 1: Topic", "other"])
        #expect(items.map(\.line) == [1, 6, 9])
    }

    @Test func lineEndingsAndByteOrderMark() {
        let lf = "// c\n::A::First {T}\n\n\n   \nSecond {\n=x\n=y\n}\n"
        let expected = GIFTParser.parse(lf)

        for variant in [lf.replacingOccurrences(of: "\n", with: "\r\n"), lf.replacingOccurrences(of: "\n", with: "\r"), "\u{FEFF}" + lf] {
            let result = GIFTParser.parse(variant)
            #expect(result == expected)
            #expect(result.items.map(\.line) == [2, 6])
            #expect(result.items.first?.id == "a")
        }
        #expect(expected.items.count == 2)
        #expect(expected.problems.isEmpty)
    }

    // MARK: Problems

    @Test func anUnclosedBlockIsReportedAndReadingGoesOn() {
        let result = GIFTParser.parse("""
            A single line scope {

            Next {T}
            """)

        #expect(result.problems.map(\.line) == [1])
        #expect(result.problems.first?.english.contains("not closed with }") == true)
        #expect(result.problems.first?.indonesian.contains("tidak ditutup dengan }") == true)
        #expect(result.items.map(\.prompt) == ["Next"])
        #expect(result.items.map(\.id) == ["q2"])  // positions count the failed question
    }

    @Test func aBlankLineInsideABlockSplitsTheQuestion() {
        let problems = problems("""
            ::New Question:: {
                =An answer

            }
            """)

        #expect(problems.map(\.line) == [2, 4])
        #expect(problems.first?.english.contains("opened on line 1") == true)
    }

    @Test func braceProblems() {
        #expect(problems("A } before {=a}").map(\.line) == [1])
        #expect(problems("Nested {=a\n~{b}").map(\.line) == [2])
        #expect(problems("Two {=a} blocks {=b}").map(\.line) == [1])
        #expect(problems("Symbols such as +{}| {True}").first?.english.contains("only one answer block") == true)
    }

    @Test func titleProblems() {
        #expect(problems("::Title without end {T}").first?.english.contains("not closed with ::") == true)
        #expect(problems(":Title:: {=a ~b}").first?.english.contains("starts with ::") == true)
    }

    @Test func answerProblems() {
        let cases: [(String, Int, String)] = [
            ("Question {\n    Correct Answer\n    ~Incorrect 1\n    ~Incorrect 2\n}", 2, "before the first answer"),
            ("Empty {=a ~ #why}", 1, "empty answer"),
            ("Hash {\n~ \\#     # # is a control character.\n=b}", 2, "second #"),
            ("Weight {~%12,5%a =b}", 1, "%12,5%"),
            ("Weight {~%150%a =b}", 1, "%150%"),
            ("One choice {~%100%a}", 1, "at least 2 choices"),
            ("Nothing right {~a ~b}", 1, "no answer is right"),
            ("Half {~%50%a ~%40%b ~c}", 1, "add up to 90%"),
            ("No full marks {~a =%50%b}", 1, "worth 100%"),
            ("Short without full marks {=%50%a =%25%b}", 1, "worth 100%"),
            ("TF {T#a#b#c}", 1, "at most two feedbacks"),
            ("TF {T#a=b}", 1, "unescaped ="),
            ("Match {=a -> 1 =b}", 1, "without ->"),
            ("Match {=a -> 1 =b -> }", 1, "nothing after ->"),
            ("Match {=a -> 1 #good =b -> 2}", 1, "no # feedback"),
            ("Match {=a -> 1 = -> 2}", 1, "at least 2 pairs"),
            ("Match {=a -> 1 =a -> 2}", 1, "appears twice"),
            ("Number {#}", 1, "has no answer"),
            ("Number {#3,14}", 1, "not a number"),
            ("Number {#abc:1}", 1, "not a number"),
            ("Number {#1e308:1e308}", 1, "not a number"),
            ("Number {#3:2 ~oops#feedback}", 1, "followed directly by #feedback"),
        ]
        for (source, line, message) in cases {
            let result = GIFTParser.parse(source)
            #expect(result.items.isEmpty, "\(source)")
            #expect(result.problems.count == 1, "\(source)")
            #expect(result.problems.first?.line == line, "\(source)")
            #expect(result.problems.first?.english.contains(message) == true, "\(source): \(result.problems)")
            #expect(result.problems.first.map { !$0.indonesian.isEmpty && $0.indonesian != $0.english } == true, "\(source)")
        }
        #expect(GIFTParser.parse("Weight {~%abc%a =b}").problems.isEmpty)  // `%abc%` is text, not a weight
    }

    @Test func noQuestionIsDroppedSilently() {
        let source = """
            Good {T}

            Bad {

            }

            Bad again {~a ~b}

            ::Good too:: {=x}

            Description only.
            """

        let result = GIFTParser.parse(source)

        #expect(result.items.map(\.id) == ["q1", "good-too", "q6"])
        #expect(result.problems.map(\.line) == [3, 5, 7])
    }
}

// MARK: - Conformance

/// Moodle's own GIFT examples and fixtures, and the mocks of the ethan-ou/gift-parser-ide JavaScript parser, vendored in
/// `Tests/Fixtures/conformance/gift` (see `Tests/Fixtures/SOURCES.md`).
@Suite struct GIFTConformanceTests {
    @Test func corpus() throws {
        guard let report = try GIFTConformance.run(directory: GIFTConformance.directory) else {
            Issue.record("GIFT conformance: \(GIFTConformance.directory)/gift not found; the GIFT corpus belongs in Tests/Fixtures (see Tests/Fixtures/SOURCES.md)")
            return
        }
        print(report.summary)
        for line in report.details { print("  " + line) }

        #expect(report.moodleImported == report.moodleFiles)
        #expect(report.moodleFiles >= 3)
        #expect(report.moodleItems >= 56)
        #expect(report.passAgreeing >= 48)
        #expect(report.passStemsAgreeing >= 48)
        #expect(report.errorRejected >= 6)
        #expect(report.errorOnExpectedLine >= 5)
        #expect(report.cleanImported == report.cleanFiles)
    }
}

/// Runs the GIFT corpus and counts how far Lentera agrees.
enum GIFTConformance {
    struct Report {
        var moodleFiles = 0, moodleImported = 0, moodleItems = 0
        var passFiles = 0, passAgreeing = 0, passStemsAgreeing = 0
        var errorFiles = 0, errorRejected = 0, errorOnExpectedLine = 0
        /// Files of the error folder for which the JavaScript parser expects no error.
        var cleanFiles = 0, cleanImported = 0
        var details: [String] = []

        var summary: String {
            "GIFT conformance: moodle \(moodleImported)/\(moodleFiles) files import (\(moodleItems) questions); "
                + "ethan-ou pass \(passAgreeing)/\(passFiles) agree (stems \(passStemsAgreeing)/\(passFiles)), "
                + "error \(errorRejected)/\(errorFiles) rejected (\(errorOnExpectedLine) on an expected line), "
                + "\(cleanImported)/\(cleanFiles) error-folder files without expected errors import"
        }
    }

    static var directory: String {
        URL(fileURLWithPath: #filePath).appendingPathComponent("../../../Fixtures/conformance").standardized.path
    }

    /// The report, or nil when the corpus is absent.
    static func run(directory: String) throws -> Report? {
        let root = directory + "/gift"
        guard FileManager.default.fileExists(atPath: root) else { return nil }
        var report = Report()
        try moodle(root + "/moodle/question/format/gift", into: &report)
        try ethanPass(root + "/ethan-ou/tests/mocks/main/pass", into: &report)
        try ethanErrors(root + "/ethan-ou/tests/mocks/main/error", into: &report)
        return report
    }

    static func files(_ folder: String, suffix: String) throws -> [String] {
        try FileManager.default.subpathsOfDirectory(atPath: folder).filter { $0.hasSuffix(suffix) }.sorted().map { folder + "/" + $0 }
    }

    static func read(_ path: String) -> String {
        String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    }

    static func json(_ path: String) throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: FileManager.default.contents(atPath: path) ?? Data()) as? [[String: Any]] ?? []
    }

    /// Every Moodle file imports without problems (Moodle imports all their questions, the stray `";` lines included).
    static func moodle(_ folder: String, into report: inout Report) throws {
        for path in try files(folder, suffix: ".txt") {
            let result = GIFTParser.parse(read(path))
            report.moodleFiles += 1
            report.moodleItems += result.items.count
            if result.problems.isEmpty && !result.items.isEmpty {
                report.moodleImported += 1
            } else {
                report.details.append("moodle \(path.split(separator: "/").last ?? ""): \(result.problems)")
            }
        }
    }

    static func ethanPass(_ folder: String, into report: inout Report) throws {
        for path in try files(folder, suffix: ".gift") {
            let name = String(path.split(separator: "/").last ?? "")
            let expected = try json(String(path.dropLast(".gift".count)) + ".json").filter { $0["type"] as? String != "Category" }
            let result = GIFTParser.parse(read(path))
            report.passFiles += 1
            var differences = result.problems.map { "problem \($0)" }
            if result.items.count != expected.count {
                differences.append("\(result.items.count) questions, expected \(expected.count)")
            } else {
                differences += zip(result.items, expected).flatMap { differencesOf($0, $1) }
            }
            if differences.isEmpty { report.passAgreeing += 1 } else { report.details.append("pass \(name): \(differences)") }
            if result.items.count == expected.count, zip(result.items, expected).allSatisfy({ sameStem($0, $1) }) {
                report.passStemsAgreeing += 1
            } else {
                report.details.append("pass \(name): stems differ")
            }
        }
    }

    static func ethanErrors(_ folder: String, into report: inout Report) throws {
        for path in try files(folder, suffix: ".gift") {
            let name = String(path.split(separator: "/").last ?? "")
            let expected = try json(String(path.dropLast(".gift".count)) + ".json")
            let result = GIFTParser.parse(read(path))
            if expected.isEmpty {
                report.cleanFiles += 1
                if result.problems.isEmpty { report.cleanImported += 1 } else { report.details.append("error \(name) (none expected): \(result.problems)") }
                continue
            }
            report.errorFiles += 1
            let expectedLines = Set(expected.compactMap { (($0["location"] as? [String: Any])?["start"] as? [String: Any])?["line"] as? Int })
            guard !result.problems.isEmpty else {
                report.details.append("error \(name): accepted (expected lines \(expectedLines.sorted()))")
                continue
            }
            report.errorRejected += 1
            if result.problems.contains(where: { $0.line.map(expectedLines.contains) == true }) { report.errorOnExpectedLine += 1 }
        }
    }

    /// The JavaScript parser's type name for an item.
    static func kind(_ item: QuizItem) -> String {
        switch item.interaction {
        case .choice(let choices, _): choices.map(\.id) == ["true", "false"] ? "TF" : "MC"
        case .text: "Short"
        case .numeric: "Numerical"
        case .matching: "Matching"
        case .essay: "Essay"
        case .description: "Description"
        default: "?"
        }
    }

    /// Whether each answer earns something, for ours and for the JavaScript parser's answers.
    static func rightness(_ item: QuizItem) -> [Bool] {
        switch item.interaction {
        case .choice(let choices, _): choices.map { $0.weight > 0 }
        case .text(let answers, _): answers.map { $0.weight > 0 }
        case .numeric(let answers): answers.map { $0.weight > 0 }
        case .matching(let pairs, let responses):
            pairs.map { _ in true } + responses.filter { response in !pairs.contains { $0.response == response } }.map { _ in true }
        default: []
        }
    }

    static func expectedRightness(_ question: [String: Any]) -> [Bool] {
        if let pairs = question["matchPairs"] as? [Any] { return pairs.map { _ in true } }
        if question["choices"] is [String: Any] { return [true] }  // a single numerical answer
        guard let choices = question["choices"] as? [[String: Any]] else { return [] }
        return choices.map { choice in
            if let weight = choice["weight"] as? Double { return weight > 0 }
            return choice["isCorrect"] as? Bool ?? false
        }
    }

    static func differencesOf(_ item: QuizItem, _ question: [String: Any]) -> [String] {
        var differences: [String] = []
        let type = question["type"] as? String ?? ""
        if kind(item) != type { differences.append("\(item.id): \(kind(item)), expected \(type)") }
        if item.title != question["title"] as? String { differences.append("\(item.id): title \(item.title ?? "nil"), expected \(question["title"] ?? "nil")") }
        if type == "TF", let isTrue = question["isTrue"] as? Bool, rightness(item) != [isTrue, !isTrue] {
            differences.append("\(item.id): true/false answer differs")
        }
        if type != "TF", rightness(item) != expectedRightness(question) {
            differences.append("\(item.id): answers \(rightness(item)), expected \(expectedRightness(question))")
        }
        return differences
    }

    /// Stems compared loosely: all whitespace removed (the JavaScript parser spaces the `_____` blank differently).
    static func sameStem(_ item: QuizItem, _ question: [String: Any]) -> Bool {
        let stem = (question["stem"] as? [String: Any])?["text"] as? String ?? ""
        return item.prompt.filter { !$0.isWhitespace } == stem.filter { !$0.isWhitespace }
    }
}
