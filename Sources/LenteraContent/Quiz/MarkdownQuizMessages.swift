import Foundation
import LenteraCore

// MARK: - Messages

/// The kinds of question, as authors name them.
enum QuestionType: Equatable {
    case singleChoice, multipleResponse, trueFalse, shortAnswer, numeric, matching, ordering, gaps, essay, description

    static let names: [String: QuestionType] = [
        "pilihan-ganda": .singleChoice, "pilihan-tunggal": .singleChoice, "single-choice": .singleChoice,
        "multiple-choice": .singleChoice,
        "pilihan-ganda-kompleks": .multipleResponse, "pilihan-jamak": .multipleResponse, "multiple-response": .multipleResponse,
        "benar-salah": .trueFalse, "true-false": .trueFalse,
        "isian-singkat": .shortAnswer, "isian": .shortAnswer, "short-answer": .shortAnswer,
        "numerik": .numeric, "angka": .numeric, "numeric": .numeric, "numerical": .numeric,
        "menjodohkan": .matching, "matching": .matching,
        "mengurutkan": .ordering, "urutan": .ordering, "ordering": .ordering,
        "isian-rumpang": .gaps, "rumpang": .gaps, "fill-in-the-blanks": .gaps, "gaps": .gaps, "cloze": .gaps,
        "esai": .essay, "uraian": .essay, "essay": .essay,
        "deskripsi": .description, "description": .description,
    ]

    var indonesianName: String {
        switch self {
        case .singleChoice: "pilihan ganda"
        case .multipleResponse: "pilihan ganda kompleks"
        case .trueFalse: "benar-salah"
        case .shortAnswer: "isian singkat"
        case .numeric: "numerik"
        case .matching: "menjodohkan"
        case .ordering: "mengurutkan"
        case .gaps: "isian rumpang"
        case .essay: "esai"
        case .description: "deskripsi"
        }
    }

    /// The English name after "a" or "an".
    var englishNameWithArticle: String {
        let name = englishName
        return "aeiou".contains(name.first ?? "x") ? "an \(name)" : "a \(name)"
    }

    var englishName: String {
        switch self {
        case .singleChoice: "single choice"
        case .multipleResponse: "multiple response"
        case .trueFalse: "true/false"
        case .shortAnswer: "short answer"
        case .numeric: "numeric"
        case .matching: "matching"
        case .ordering: "ordering"
        case .gaps: "fill in the blanks"
        case .essay: "essay"
        case .description: "description"
        }
    }

    /// Whether answers written for `found` suit a question declared as `self`.
    func accepts(_ found: QuestionType) -> Bool {
        switch (self, found) {
        case (.singleChoice, .singleChoice), (.singleChoice, .multipleResponse), (.multipleResponse, .singleChoice),
            (.multipleResponse, .multipleResponse), (.trueFalse, .singleChoice), (.trueFalse, .multipleResponse),
            (.shortAnswer, .shortAnswer), (.shortAnswer, .numeric), (.numeric, .shortAnswer), (.numeric, .numeric):
            true
        default:
            self == found
        }
    }
}

/// Every message a Markdown quiz file can produce, in both interface languages.
enum Message {
    case unknownFrontMatterKey(String)
    case minutesInFrontMatter
    case unclosedComment
    case headingWithoutSpace(String)
    case titleHeadingBetweenQuestions
    case answersBeforeFirstQuestion
    case noQuestions
    case emptyQuestion(String)
    case noPrompt(String)
    case noAnswers(String)
    case unknownSetting(String, suggestion: String?)
    case duplicateSetting(String, firstLine: Int)
    case emptySetting(String)
    case invalidID(String)
    case duplicateID(String, firstLine: Int)
    case invalidPoints(String)
    case unknownType(String)
    case invalidYesNo(String, String)
    case settingNotApplicable(String, QuestionType)
    case typeMismatch(declared: QuestionType, found: QuestionType)
    case emptyFeedback
    case feedbackNotIndented
    case textAfterAnswers
    case settingsAfterAnswers
    case choicesInPrompt
    case unrecognizedList
    case mixedChoiceList
    case invalidCheckbox(String)
    case emptyChoice
    case duplicateChoice(String)
    case tooFewChoices
    case noCorrectChoice
    case trueFalseNeedsTwo
    case invalidWeight(String)
    case weightOnSingleCorrect(String)
    case fullWeightUnchecked(String)
    case negativeWeightInSingleChoice(String)
    case positiveWeightUnchecked(String)
    case nonPositiveWeightChecked(String)
    case weightsDoNotAddUp(String)
    case noShareLeft
    case markerWithoutAnswers(String)
    case emptyAnswer
    case noFullCreditAnswer
    case numbersMixedWithText(String)
    case invalidNumber(String)
    case ambiguousNumber(String)
    case reversedRange(String)
    case negativeTolerance(String)
    case matchingWithoutArrow
    case tooFewPairs
    case duplicatePremise(String)
    case emptyResponse
    case distractorIsAnswer(String)
    case tooFewOrderItems
    case duplicateOrderItem(String)
    case orderNumbering
    case weightNotUsed(QuestionType)
    case answerFeedbackNotSupported(QuestionType)
    case feedbackLineInAnswer
    case textAfterAnswerFeedback
    case unclosedGap
    case emptyGap
    case gapTextBeforeOption(String)
    case emptyGapOption
    case tooFewGapOptions
    case noCorrectGapOption
    case gapsWithAnswerList
    case gapsInType(QuestionType)

    var indonesian: String { text(indonesian: true) }
    var english: String { text(indonesian: false) }

    func text(indonesian id: Bool) -> String {
        switch self {
        case .unknownFrontMatterKey(let key):
            return id
                ? "kunci front matter \"\(key)\" tidak dikenal dalam kuis; yang dikenal hanya title (atau judul)"
                : "unknown front matter key \"\(key)\" in a quiz; only title (or judul) is known"
        case .minutesInFrontMatter:
            return id
                ? "minutes tidak dipakai dalam kuis: batas waktu diatur di course.xml dengan time-limit"
                : "minutes is not used in a quiz: set a time limit in course.xml with time-limit"
        case .unclosedComment:
            return id ? "komentar <!-- tidak pernah ditutup dengan -->" : "the comment <!-- is never closed with -->"
        case .headingWithoutSpace(let line):
            return id
                ? "judul soal \"\(line)\" memerlukan spasi setelah ##, misalnya \"## Soal 1\""
                : "the question heading \"\(line)\" needs a space after ##, as in \"## Soal 1\""
        case .titleHeadingBetweenQuestions:
            return id
                ? "judul # hanya boleh di atas soal pertama (sebagai judul kuis); setiap soal diawali ##"
                : "a # heading may only stand above the first question (as the quiz title); each question starts with ##"
        case .answersBeforeFirstQuestion:
            return id
                ? "ada jawaban sebelum soal pertama: setiap soal harus diawali judul ## (misalnya \"## Soal 1\")"
                : "there are answers before the first question: every question must start with a ## heading (such as \"## Soal 1\")"
        case .noQuestions:
            return id
                ? "kuis tidak berisi soal: setiap soal diawali judul ## (misalnya \"## Soal 1\")"
                : "the quiz holds no questions: each question starts with a ## heading (such as \"## Soal 1\")"
        case .emptyQuestion(let title):
            return id
                ? "soal \"\(title)\" kosong: tulis pertanyaan dan jawabannya di bawah judul"
                : "question \"\(title)\" is empty: write the question and its answers under the heading"
        case .noPrompt(let title):
            return id ? "soal \"\(title)\" tidak memiliki teks pertanyaan" : "question \"\(title)\" has no question text"
        case .noAnswers(let title):
            return id
                ? "soal \"\(title)\" tidak memiliki jawaban: tambahkan pilihan \"- [x]\" dan \"- [ ]\", baris \"Jawaban:\", daftar bernomor (urutan), pasangan \"->\" atau rumpang [[...]]; untuk esai tulis \"tipe: esai\", untuk teks tanpa pertanyaan \"tipe: deskripsi\""
                : "question \"\(title)\" has no answers: add choices \"- [x]\" and \"- [ ]\", an \"Answer:\" line, a numbered list (ordering), \"->\" pairs or [[...]] blanks; for an essay write \"type: essay\", for text without a question \"type: description\""
        case .unknownSetting(let key, let suggestion):
            let known = "id, poin, kategori, tipe, huruf-besar-kecil, nilai-sebagian"
            let knownEnglish = "id, points, category, type, case-sensitive, partial-credit"
            if let suggestion {
                return id
                    ? "pengaturan \"\(key)\" tidak dikenal; maksud Anda \"\(suggestion)\"? (yang dikenal: \(known)); jika baris ini bagian dari pertanyaan, beri baris kosong di atasnya"
                    : "unknown setting \"\(key)\"; did you mean \"\(suggestion)\"? (known: \(knownEnglish)); if this line belongs to the question, put a blank line above it"
            }
            return id
                ? "pengaturan \"\(key)\" tidak dikenal (yang dikenal: \(known)); jika baris ini bagian dari pertanyaan, beri baris kosong di atasnya"
                : "unknown setting \"\(key)\" (known: \(knownEnglish)); if this line belongs to the question, put a blank line above it"
        case .duplicateSetting(let key, let firstLine):
            return id ? "pengaturan \"\(key)\" sudah ditulis di baris \(firstLine)" : "setting \"\(key)\" is already given on line \(firstLine)"
        case .emptySetting(let key):
            return id ? "pengaturan \"\(key)\" tidak berisi nilai" : "setting \"\(key)\" has no value"
        case .invalidID(let value):
            return id
                ? "id soal \"\(value)\" tidak valid: gunakan huruf, angka, tanda hubung, titik atau garis bawah"
                : "question id \"\(value)\" is invalid: use letters, digits, hyphens, dots or underscores"
        case .duplicateID(let value, let firstLine):
            return id
                ? "id soal \"\(value)\" sudah dipakai di baris \(firstLine); beri setiap soal id sendiri"
                : "question id \"\(value)\" is already used on line \(firstLine); give each question its own id"
        case .invalidPoints(let value):
            return id
                ? "poin \"\(value)\" tidak valid: tulis angka tidak negatif, misalnya 2 atau 1,5"
                : "points \"\(value)\" is invalid: write a non-negative number such as 2 or 1.5"
        case .unknownType(let value):
            return id
                ? "tipe soal \"\(value)\" tidak dikenal: gunakan pilihan-ganda, pilihan-ganda-kompleks, benar-salah, isian-singkat, numerik, menjodohkan, mengurutkan, isian-rumpang, esai atau deskripsi"
                : "unknown question type \"\(value)\": use single-choice, multiple-response, true-false, short-answer, numeric, matching, ordering, fill-in-the-blanks, essay or description"
        case .invalidYesNo(let key, let value):
            return id ? "\(key): \"\(value)\" harus ya atau tidak" : "\(key): \"\(value)\" must be yes or no"
        case .settingNotApplicable(let key, let type):
            return id
                ? "pengaturan \"\(key)\" tidak berlaku untuk soal \(type.indonesianName)"
                : "setting \"\(key)\" does not apply to \(type.englishNameWithArticle) question"
        case .typeMismatch(let declared, let found):
            return id
                ? "soal ditandai tipe \(declared.indonesianName), tetapi jawabannya ditulis sebagai \(found.indonesianName)"
                : "the question is marked as \(declared.englishName), but its answers are written as \(found.englishName)"
        case .emptyFeedback:
            return id ? "\"Umpan balik:\" tidak berisi teks" : "\"Feedback:\" holds no text"
        case .feedbackNotIndented:
            return id
                ? "umpan balik untuk satu jawaban harus menjorok di bawah jawaban itu (dua spasi sebelum >); umpan balik untuk seluruh soal ditulis setelah \"Umpan balik:\""
                : "feedback for one answer must be indented under it (two spaces before >); feedback for the whole question goes after \"Feedback:\""
        case .textAfterAnswers:
            return id
                ? "ada teks setelah daftar jawaban: pindahkan ke atas jawaban, atau tulis penjelasan setelah \"Umpan balik:\""
                : "there is text after the list of answers: move it above the answers, or write explanations after \"Feedback:\""
        case .settingsAfterAnswers:
            return id
                ? "pengaturan (seperti poin atau kategori) ditulis tepat di bawah judul ##, sebelum pertanyaan"
                : "settings (such as points or category) go right under the ## heading, before the question"
        case .choicesInPrompt:
            return id
                ? "teks pertanyaan berisi daftar pilihan [ ]/[x] sebelum jawaban; setiap soal memerlukan judul ## sendiri"
                : "the question text holds a list of [ ]/[x] choices before the answers; each question needs its own ## heading"
        case .unrecognizedList:
            return id
                ? "daftar ini tidak dikenali sebagai jawaban: pilihan diawali [x] atau [ ], pasangan ditulis \"premis -> jawaban\", jawaban isian diberi baris \"Jawaban:\" di atasnya"
                : "this list is not recognised as answers: choices start with [x] or [ ], pairs are written \"premise -> response\", typed answers need an \"Answer:\" line above them"
        case .mixedChoiceList:
            return id
                ? "setiap pilihan dalam daftar harus diawali [x] (benar) atau [ ] (salah)"
                : "every choice in the list must start with [x] (right) or [ ] (wrong)"
        case .invalidCheckbox(let box):
            return id
                ? "kotak \"\(box)\" tidak dikenal: tulis [x] untuk jawaban benar dan [ ] (dengan satu spasi) untuk jawaban salah"
                : "box \"\(box)\" is not recognised: write [x] for a right answer and [ ] (with one space) for a wrong one"
        case .emptyChoice:
            return id ? "pilihan tidak berisi teks" : "the choice has no text"
        case .duplicateChoice(let text):
            return id ? "pilihan \"\(text)\" ditulis lebih dari sekali" : "choice \"\(text)\" is written more than once"
        case .tooFewChoices:
            return id ? "soal pilihan memerlukan paling sedikit dua pilihan" : "a choice question needs at least two choices"
        case .noCorrectChoice:
            return id ? "tidak ada pilihan yang ditandai benar dengan [x]" : "no choice is marked right with [x]"
        case .trueFalseNeedsTwo:
            return id
                ? "soal benar-salah memerlukan tepat dua pilihan, satu ditandai [x]"
                : "a true/false question needs exactly two choices, one marked [x]"
        case .invalidWeight(let text):
            return id
                ? "persentase \"\(text)\" tidak valid: tulis angka antara -100% dan 100%, misalnya (50%)"
                : "percentage \"\(text)\" is invalid: write a number from -100% to 100%, such as (50%)"
        case .weightOnSingleCorrect(let text):
            return id
                ? "jawaban [x] pada soal pilihan ganda selalu bernilai 100%; tulis \(text) pada jawaban [ ] yang benar sebagian"
                : "the [x] answer of a single-choice question always earns 100%; put \(text) on a partly right [ ] answer"
        case .fullWeightUnchecked(let text):
            return id ? "jawaban bernilai \(text) harus ditandai [x]" : "an answer worth \(text) must be marked [x]"
        case .negativeWeightInSingleChoice(let text):
            return id
                ? "persentase negatif \(text) hanya berlaku pada soal dengan beberapa jawaban benar (pilihan ganda kompleks)"
                : "a negative percentage \(text) only applies to questions with several right answers (multiple response)"
        case .positiveWeightUnchecked(let text):
            return id
                ? "pilihan bernilai \(text) adalah jawaban benar: tandai dengan [x]"
                : "a choice worth \(text) is a right answer: mark it [x]"
        case .nonPositiveWeightChecked(let text):
            return id
                ? "jawaban [x] harus bernilai lebih dari 0%, bukan \(text); tandai [ ] jika pilihan ini salah"
                : "an [x] answer must be worth more than 0%, not \(text); mark it [ ] if the choice is wrong"
        case .weightsDoNotAddUp(let total):
            return id
                ? "persentase jawaban [x] berjumlah \(total), bukan 100%"
                : "the percentages of the [x] answers add up to \(total), not 100%"
        case .noShareLeft:
            return id
                ? "persentase yang ditulis sudah mencapai 100%, sehingga jawaban [x] tanpa persentase tidak mendapat bagian"
                : "the percentages given already reach 100%, leaving nothing for the [x] answers without one"
        case .markerWithoutAnswers(let marker):
            return id ? "\"\(marker)\" tidak diikuti jawaban" : "\"\(marker)\" is not followed by any answer"
        case .emptyAnswer:
            return id ? "jawaban tidak berisi teks" : "the answer has no text"
        case .noFullCreditAnswer:
            return id
                ? "tidak ada jawaban yang bernilai 100%, sehingga tidak ada yang dapat memperoleh nilai penuh"
                : "no answer is worth 100%, so nobody can earn full points"
        case .numbersMixedWithText(let text):
            return id
                ? "jawaban \"\(text)\" berupa angka dengan ± atau rentang, tetapi jawaban lain berupa teks; tulis semua jawaban sebagai angka"
                : "answer \"\(text)\" is a number with ± or a range, but other answers are text; write every answer as a number"
        case .invalidNumber(let text):
            return id
                ? "angka \"\(text)\" tidak valid: tulis misalnya 20, -3 atau 6,07 (tanpa pemisah ribuan, paling banyak 15 angka)"
                : "number \"\(text)\" is invalid: write for example 20, -3 or 6.07 (no thousands separators, at most 15 digits)"
        case .ambiguousNumber(let text):
            return id
                ? "angka \"\(text)\" ambigu: tulis ribuan tanpa pemisah (2500), atau desimal dengan satu atau dua angka di belakang koma (2,5); jika jawabannya teks, tulis \"tipe: isian-singkat\""
                : "number \"\(text)\" is ambiguous: write thousands without a separator (2500), or a decimal with one or two digits after the point (2.5); if the answer is text, write \"type: short-answer\""
        case .reversedRange(let text):
            return id
                ? "rentang \"\(text)\" terbalik: tulis angka terkecil lebih dulu, misalnya 30..40"
                : "range \"\(text)\" is reversed: write the smaller number first, such as 30..40"
        case .negativeTolerance(let text):
            return id ? "toleransi dalam \"\(text)\" tidak boleh negatif" : "the tolerance in \"\(text)\" must not be negative"
        case .matchingWithoutArrow:
            return id
                ? "setiap baris soal menjodohkan ditulis \"premis -> jawaban\" (pengecoh: \"-> jawaban\")"
                : "every line of a matching question is written \"premise -> response\" (a distractor: \"-> response\")"
        case .tooFewPairs:
            return id ? "soal menjodohkan memerlukan paling sedikit dua pasangan" : "a matching question needs at least two pairs"
        case .duplicatePremise(let premise):
            return id ? "premis \"\(premise)\" ditulis lebih dari sekali" : "premise \"\(premise)\" is written more than once"
        case .emptyResponse:
            return id ? "tidak ada jawaban setelah ->" : "there is no response after ->"
        case .distractorIsAnswer(let response):
            return id
                ? "pengecoh \"\(response)\" sudah menjadi jawaban pasangan lain"
                : "distractor \"\(response)\" is already the response of a pair"
        case .tooFewOrderItems:
            return id ? "soal mengurutkan memerlukan paling sedikit dua langkah" : "an ordering question needs at least two items"
        case .duplicateOrderItem(let text):
            return id ? "langkah \"\(text)\" ditulis lebih dari sekali" : "item \"\(text)\" is written more than once"
        case .orderNumbering:
            return id
                ? "nomor urut harus 1, 2, 3, … sesuai urutan yang benar (atau semuanya 1.); tulis langkah dalam urutan yang benar"
                : "the numbers must run 1, 2, 3, … in the right order (or all be 1.); write the items in the right order"
        case .weightNotUsed(let type):
            return id
                ? "persentase tidak dipakai pada soal \(type.indonesianName)" : "percentages are not used in \(type.englishNameWithArticle) question"
        case .answerFeedbackNotSupported(let type):
            return id
                ? "soal \(type.indonesianName) tidak mendukung umpan balik per baris; tulis setelah \"Umpan balik:\""
                : "\(type.englishNameWithArticle) question has no feedback per line; write it after \"Feedback:\""
        case .feedbackLineInAnswer:
            return id
                ? "umpan balik untuk satu jawaban ditulis sebagai baris > yang menjorok di bawahnya"
                : "feedback for one answer is written as an indented > line under it"
        case .textAfterAnswerFeedback:
            return id
                ? "teks di bawah umpan balik jawaban: awali setiap baris umpan balik dengan >"
                : "text under an answer's feedback: start every feedback line with >"
        case .unclosedGap:
            return id ? "rumpang [[ tidak ditutup dengan ]] pada baris yang sama" : "the blank [[ is not closed with ]] on the same line"
        case .emptyGap:
            return id ? "rumpang [[ ]] tidak berisi jawaban" : "the blank [[ ]] holds no answer"
        case .gapTextBeforeOption(let text):
            return id
                ? "rumpang pilihan: \"\(text)\" harus diawali = (benar) atau ~ (salah)"
                : "dropdown blank: \"\(text)\" must start with = (right) or ~ (wrong)"
        case .emptyGapOption:
            return id ? "rumpang pilihan berisi pilihan kosong" : "the dropdown blank has an empty option"
        case .tooFewGapOptions:
            return id ? "rumpang pilihan memerlukan paling sedikit dua pilihan" : "a dropdown blank needs at least two options"
        case .noCorrectGapOption:
            return id ? "rumpang pilihan tidak memiliki pilihan benar (diawali =)" : "the dropdown blank has no right option (starting with =)"
        case .gapsWithAnswerList:
            return id
                ? "soal berisi rumpang [[...]] sekaligus daftar jawaban; pilih salah satu"
                : "the question has both [[...]] blanks and a list of answers; use one or the other"
        case .gapsInType(let type):
            return id
                ? "soal \(type.indonesianName) tidak boleh berisi rumpang [[...]]"
                : "\(type.englishNameWithArticle) question cannot hold [[...]] blanks"
        }
    }
}
