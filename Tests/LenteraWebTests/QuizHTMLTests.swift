import Testing

@testable import LenteraWeb

/// Quiz titles and option letters, without HTTP.
@Suite struct QuizHTMLTests {
    @Test func aTitleKeepsItsInlineMarkdownAndNeverBecomesABlock() {
        #expect(QuizHTML.titleHTML("*Pre-test* Pembinaan") == "<em>Pre-test</em> Pembinaan")
        #expect(QuizHTML.titleHTML("**JP** 20") == "<strong>JP</strong> 20")
        // Written as a list, a heading, a quotation or a link definition, a title still reads as written.
        #expect(QuizHTML.titleHTML("1. Pengantar") == "1. Pengantar")
        #expect(QuizHTML.titleHTML("2) Penutup") == "2) Penutup")
        #expect(QuizHTML.titleHTML("# Kuis") == "# Kuis")
        #expect(QuizHTML.titleHTML("- Kuis") == "- Kuis")
        #expect(QuizHTML.titleHTML("* Kuis") == "* Kuis")
        #expect(QuizHTML.titleHTML("> Kuis") == "&gt; Kuis")
        #expect(QuizHTML.titleHTML("[a]: b") == "[a]: b")
        #expect(QuizHTML.titleHTML("2024 Kuis") == "2024 Kuis")
        // Through the filter: no script; as text for links and <title>, no markup at all.
        #expect(!QuizHTML.titleHTML("Kuis <script>alert(1)</script>").contains("<script"))
        #expect(QuizHTML.titleText("*Pre-test* & **post-test**") == "Pre-test & post-test")
    }

    @Test func optionLettersCountAsAnOrderedListOfTypeA() {
        #expect((0..<3).map(QuizHTML.letter) == ["A", "B", "C"])
        #expect(QuizHTML.letter(25) == "Z")
        #expect(QuizHTML.letter(26) == "AA")
        #expect(QuizHTML.letter(27) == "AB")
        #expect(QuizHTML.letter(701) == "ZZ")
        #expect(QuizHTML.letter(702) == "AAA")
    }
}
