import Foundation
import LenteraCore

extension Text {
    /// The interface text of quizzes: the quiz and attempt pages, results and review, reports, statistics and essay grading.
    enum Quiz: String, TextKey {
        case quizzes, quiz, quizQuestions, quizTimeLimit, quizNoTimeLimit, quizAttemptsAllowed, quizUnlimited, quizPassingScore, quizCloses,
            quizClosed, quizStart, quizContinue, quizNoAttemptsLeft, quizYourAttempts, quizAttempt, quizStarted, quizState, quizScore, quizInProgress,
            quizGraded, quizAwaitingGrading, quizTimedOut, quizPassed, quizFailed, quizReview, quizResult, quizSave, quizSubmit, quizSubmitConfirm,
            quizCheck, quizChooseAtMost, quizRowPerMatch, quizSaved, quizNotANumber, quizTimeLeft, quizMinutes, quizSeconds, quizDeadline, quizQuestion, quizPoints, quizYourAnswer,
            quizCorrectAnswer, quizNoAnswer, quizCorrect, quizPartlyCorrect, quizIncorrect, quizFeedback, quizReviewLater, quizReviewOff, quizChoose,
            quizPosition, quizEssayPending, quizScorePending, quizQuestionCount, quizQuestionCountOne, quizOptions, quizGap, quizGapAnswer,
            quizAutosaved, quizAutosaveOffline, quizAutosaveFailed, quizPreTestDone, quizBackToQuiz, quizCompletesModule, quizModuleCompleted,
            quizRuleText, quizSignIn, quizRefused, quizPre, quizPost, quizGain, quizResultsTitle, quizLearningGain, quizLearners, quizBest,
            quizAttemptsUsed, quizAveragePre, quizAveragePost, quizNormalizedGain, quizItemStats, quizDifficulty, quizDiscrimination, quizResponses,
            quizChoicePicks, quizGrading, quizGradingNone, quizGrade, quizNoResults, quizRefusedSubmitted, quizRefusedPastDeadline,
            quizRefusedUnknownItem, quizRefusedInvalidAnswer, quizRefusedAnswerFinal, quizRefusedControlCharacter, quizRefusedNotFound

        /// This key's text in Indonesian and in English.
        var translations: Translations {
            switch self {
            case .quizzes: ("Kuis", "Quizzes")
            case .quiz: ("Kuis", "Quiz")
            case .quizQuestions: ("Soal per percobaan", "Questions per attempt")
            case .quizTimeLimit: ("Batas waktu", "Time limit")
            case .quizNoTimeLimit: ("Tanpa batas waktu", "No time limit")
            case .quizAttemptsAllowed: ("Percobaan", "Attempts")
            case .quizUnlimited: ("tanpa batas", "unlimited")
            case .quizPassingScore: ("Nilai lulus", "Passing score")
            case .quizCloses: ("Ditutup", "Closes")
            case .quizClosed: ("Kuis ini sudah ditutup.", "This quiz has closed.")
            case .quizStart: ("Mulai percobaan", "Start attempt")
            case .quizContinue: ("Lanjutkan percobaan", "Continue attempt")
            case .quizNoAttemptsLeft: ("Semua percobaan yang diizinkan sudah dipakai.", "Every attempt allowed has been used.")
            case .quizYourAttempts: ("Percobaan Anda", "Your attempts")
            case .quizAttempt: ("Percobaan", "Attempt")
            case .quizStarted: ("Dimulai", "Started")
            case .quizState: ("Keadaan", "State")
            case .quizScore: ("Nilai", "Score")
            case .quizInProgress: ("Berlangsung", "In progress")
            case .quizGraded: ("Dinilai", "Graded")
            case .quizAwaitingGrading: ("Menunggu penilaian esai", "Essay awaiting grading")
            case .quizTimedOut: ("Waktu habis, dinilai dari jawaban tersimpan", "Time ran out, graded from saved answers")
            case .quizPassed: ("Lulus", "Passed")
            case .quizFailed: ("Belum lulus", "Not passed")
            case .quizReview: ("Tinjau", "Review")
            case .quizResult: ("Hasil", "Result")
            case .quizSave: ("Simpan jawaban", "Save answers")
            case .quizSubmit: ("Kumpulkan", "Submit")
            case .quizSubmitConfirm: ("Jawaban yang sudah dikumpulkan tidak dapat diubah.", "Submitted answers cannot be changed.")
            case .quizCheck: ("Periksa jawaban ini", "Check this answer")
            case .quizSaved: ("Jawaban tersimpan.", "Answers saved.")
            case .quizNotANumber:
                (
                    "Jawaban soal %d harus berupa angka, misalnya 16 atau 2,5. Jawaban lain sudah tersimpan; kuis belum dikumpulkan.",
                    "The answer to question %d must be a number, such as 16 or 2.5. Your other answers are saved; the quiz is not submitted yet."
                )
            case .quizTimeLeft: ("Sisa waktu", "Time left")
            case .quizMinutes: ("%d menit", "%d min")
            case .quizSeconds: ("%d detik", "%d s")
            case .quizDeadline: ("Batas waktu berakhir pukul", "Time is up at")
            case .quizQuestion: ("Soal", "Question")
            case .quizPoints: ("poin", "points")
            case .quizYourAnswer: ("Jawaban Anda", "Your answer")
            case .quizCorrectAnswer: ("Jawaban benar", "Correct answer")
            case .quizNoAnswer: ("(tidak dijawab)", "(not answered)")
            case .quizCorrect: ("Benar", "Correct")
            case .quizPartlyCorrect: ("Sebagian benar", "Partly correct")
            case .quizIncorrect: ("Salah", "Incorrect")
            case .quizFeedback: ("Umpan balik", "Feedback")
            case .quizReviewLater: ("Tinjauan jawaban tersedia setelah kuis ditutup.", "The review is available after the quiz closes.")
            case .quizReviewOff: ("Tinjauan jawaban tidak tersedia untuk kuis ini.", "Reviewing answers is not available for this quiz.")
            case .quizChoose: ("— pilih —", "— choose —")
            case .quizChooseAtMost: ("Pilih paling banyak %d jawaban.", "Choose at most %d answers.")
            case .quizRowPerMatch:
                ("Pernyataan yang muncul di beberapa baris punya jawaban yang berbeda di setiap baris.",
                 "A statement shown on several rows has a different answer on each row.")
            case .quizPosition: ("Urutan ke-", "Position ")
            case .quizEssayPending: ("Esai Anda akan dinilai oleh penulis atau operator.", "Your essay will be graded by an author or operator.")
            case .quizScorePending:
                (
                    "Nilai ini belum final: jawaban esai menunggu penilaian.",
                    "This score is not final yet: an essay answer is waiting to be graded."
                )
            case .quizQuestionCount: ("%d soal", "%d questions")
            case .quizQuestionCountOne: ("%d soal", "%d question")
            case .quizOptions: ("Pilihan jawaban", "Answer options")
            case .quizGap: ("Isian", "Blank")
            case .quizGapAnswer: ("isian %d, jawaban Anda:", "blank %d, your answer:")
            case .quizAutosaved: ("Tersimpan.", "Saved.")
            case .quizAutosaveOffline: ("Luring: belum tersimpan. Dicoba lagi otomatis.", "Offline: not saved yet. Trying again automatically.")
            case .quizAutosaveFailed: ("Belum tersimpan. Tekan Simpan jawaban.", "Not saved. Press Save answers.")
            case .quizPreTestDone:
                (
                    "Pra-tes selesai. Langkah berikutnya: pelajari modul kursus ini, mulai dari yang pertama.",
                    "The pre-test is done. Next: study this course's modules, starting with the first."
                )
            case .quizBackToQuiz: ("Kembali ke kuis", "Back to the quiz")
            case .quizCompletesModule: ("Lulus kuis ini menyelesaikan modul", "Passing this quiz completes the module")
            case .quizModuleCompleted: ("Modul selesai", "Module complete")
            case .quizRuleText: ("Modul ini selesai bila Anda lulus kuis:", "This module is complete when you pass the quiz:")
            case .quizSignIn: ("Masuk untuk mengerjakan kuis.", "Sign in to take the quiz.")
            case .quizRefused: ("Jawaban ditolak", "Answer refused")
            case .quizPre: ("Pra-tes", "Pre-test")
            case .quizPost: ("Pasca-tes", "Post-test")
            case .quizGain: ("Peningkatan", "Gain")
            case .quizResultsTitle: ("Hasil kuis", "Quiz results")
            case .quizLearningGain: ("Peningkatan belajar (pra-tes → pasca-tes)", "Learning gain (pre-test → post-test)")
            case .quizLearners: ("Peserta", "Learners")
            case .quizBest: ("Nilai terbaik", "Best score")
            case .quizAttemptsUsed: ("Percobaan dipakai", "Attempts used")
            case .quizAveragePre: ("Rata-rata pra-tes", "Average pre-test")
            case .quizAveragePost: ("Rata-rata pasca-tes", "Average post-test")
            case .quizNormalizedGain: ("Gain ternormalisasi", "Normalized gain")
            case .quizItemStats: ("Statistik soal", "Item statistics")
            case .quizDifficulty: ("Tingkat kesukaran (p)", "Difficulty (p)")
            case .quizDiscrimination: ("Daya beda", "Discrimination")
            case .quizResponses: ("Jawaban", "Responses")
            case .quizChoicePicks: ("Pilihan dipilih", "Choices picked")
            case .quizGrading: ("Penilaian esai", "Essay grading")
            case .quizGradingNone: ("Tidak ada esai yang menunggu penilaian.", "No essays are waiting to be graded.")
            case .quizGrade: ("Simpan nilai", "Save grade")
            case .quizNoResults: ("Belum ada percobaan yang dinilai.", "No attempts have been graded yet.")
            // Why an answer or a start was refused (``QuizRefusal``); `%@` is the question's id.
            case .quizRefusedSubmitted:
                (
                    "Percobaan ini sudah dikumpulkan; jawaban tidak dapat dikirim lagi.",
                    "This attempt was submitted already; answers cannot be sent again."
                )
            case .quizRefusedPastDeadline:
                (
                    "Waktu percobaan ini sudah habis. Percobaan dinilai dari jawaban yang tersimpan sebelum batas waktu.",
                    "The time for this attempt is up. It was graded from the answers saved before the deadline."
                )
            case .quizRefusedUnknownItem:
                (
                    "Jawaban untuk soal \"%@\" ditolak: soal itu tidak ada dalam percobaan ini. Tidak ada yang diubah.",
                    "The answer to question \"%@\" was refused: that question is not in this attempt. Nothing was changed."
                )
            case .quizRefusedInvalidAnswer:
                (
                    "Jawaban untuk soal \"%@\" ditolak: isinya bukan pilihan atau nilai yang ditawarkan soal itu. Tidak ada yang diubah.",
                    "The answer to question \"%@\" was refused: it is not a choice or value that question offers. Nothing was changed."
                )
            case .quizRefusedAnswerFinal:
                (
                    "Jawaban soal \"%@\" sudah diperiksa dan tidak dapat diubah.",
                    "The answer to question \"%@\" was checked and cannot be changed."
                )
            case .quizRefusedControlCharacter:
                (
                    "Jawaban untuk soal \"%@\" ditolak: isinya memuat karakter kendali yang tidak dapat disimpan. Hapus karakter itu lalu kirim lagi. Tidak ada yang diubah.",
                    "The answer to question \"%@\" was refused: it holds a control character that cannot be stored. Remove it and send again. Nothing was changed."
                )
            case .quizRefusedNotFound: ("Percobaan ini tidak ditemukan.", "This attempt was not found.")
            }
        }
    }
}

extension Text.Quiz {
    /// A span of time in whole minutes and seconds, as a page without JavaScript shows a time limit or the time left:
    /// "29 menit 59 detik", "30 menit", "45 detik" ("29 min 59 s" in English); never a bare count of seconds.
    static func minutesAndSeconds(_ seconds: Int, _ language: Language) -> String {
        let seconds = max(0, seconds)
        var parts: [String] = []
        if seconds >= 60 { parts.append(quizMinutes(language, seconds / 60)) }
        if seconds % 60 > 0 || seconds < 60 { parts.append(quizSeconds(language, seconds % 60)) }
        return parts.joined(separator: " ")
    }

    /// A number of questions with its noun: "6 soal" (lower case after a number, as Indonesian writes it), "6 questions".
    static func questionCount(_ count: Int, _ language: Language) -> String {
        (count == 1 ? quizQuestionCountOne : quizQuestionCount)(language, count)
    }

    /// Why a start, an answer or a submission was refused, and what became of the attempt.
    static func message(for refusal: QuizRefusal, _ language: Language) -> String {
        switch refusal {
        case .noAttemptsLeft: quizNoAttemptsLeft(language)
        case .closed: quizClosed(language)
        case .alreadySubmitted: quizRefusedSubmitted(language)
        case .pastDeadline: quizRefusedPastDeadline(language)
        case .unknownItem(let item): quizRefusedUnknownItem(language, item)
        case .invalidAnswer(let item): quizRefusedInvalidAnswer(language, item)
        case .answerFinal(let item): quizRefusedAnswerFinal(language, item)
        case .controlCharacter(let item): quizRefusedControlCharacter(language, item)
        case .notFound: quizRefusedNotFound(language)
        }
    }
}
