import Foundation
import LenteraCore

/// The interface text of quizzes, in both languages; merged into ``Labels/table(_:)`` for templates.
enum QuizText {
    /// Indonesian and English for each key.
    static let entries: [String: (String, String)] = [
        "quizzes": ("Kuis", "Quizzes"),
        "quiz": ("Kuis", "Quiz"),
        "quizQuestions": ("Soal per percobaan", "Questions per attempt"),
        "quizTimeLimit": ("Batas waktu", "Time limit"),
        "quizNoTimeLimit": ("Tanpa batas waktu", "No time limit"),
        "quizAttemptsAllowed": ("Percobaan", "Attempts"),
        "quizUnlimited": ("tanpa batas", "unlimited"),
        "quizPassingScore": ("Nilai lulus", "Passing score"),
        "quizCloses": ("Ditutup", "Closes"),
        "quizClosed": ("Kuis ini sudah ditutup.", "This quiz has closed."),
        "quizStart": ("Mulai percobaan", "Start attempt"),
        "quizContinue": ("Lanjutkan percobaan", "Continue attempt"),
        "quizNoAttemptsLeft": ("Semua percobaan yang diizinkan sudah dipakai.", "Every attempt allowed has been used."),
        "quizYourAttempts": ("Percobaan Anda", "Your attempts"),
        "quizAttempt": ("Percobaan", "Attempt"),
        "quizStarted": ("Dimulai", "Started"),
        "quizState": ("Keadaan", "State"),
        "quizScore": ("Nilai", "Score"),
        "quizInProgress": ("Berlangsung", "In progress"),
        "quizGraded": ("Dinilai", "Graded"),
        "quizAwaitingGrading": ("Menunggu penilaian esai", "Essay awaiting grading"),
        "quizTimedOut": ("Waktu habis, dinilai dari jawaban tersimpan", "Time ran out, graded from saved answers"),
        "quizPassed": ("Lulus", "Passed"),
        "quizFailed": ("Belum lulus", "Not passed"),
        "quizReview": ("Tinjau", "Review"),
        "quizResult": ("Hasil", "Result"),
        "quizSave": ("Simpan jawaban", "Save answers"),
        "quizSubmit": ("Kumpulkan", "Submit"),
        "quizSubmitConfirm": ("Jawaban yang sudah dikumpulkan tidak dapat diubah.", "Submitted answers cannot be changed."),
        "quizCheck": ("Periksa jawaban ini", "Check this answer"),
        "quizSaved": ("Jawaban tersimpan.", "Answers saved."),
        "quizNotANumber": (
            "Jawaban soal %d harus berupa angka, misalnya 16 atau 2,5. Jawaban lain sudah tersimpan; kuis belum dikumpulkan.",
            "The answer to question %d must be a number, such as 16 or 2.5. Your other answers are saved; the quiz is not submitted yet."
        ),
        "quizTimeLeft": ("Sisa waktu", "Time left"),
        "quizMinutes": ("%d menit", "%d min"),
        "quizSeconds": ("%d detik", "%d s"),
        "quizDeadline": ("Batas waktu berakhir pukul", "Time is up at"),
        "quizQuestion": ("Soal", "Question"),
        "quizPoints": ("poin", "points"),
        "quizYourAnswer": ("Jawaban Anda", "Your answer"),
        "quizCorrectAnswer": ("Jawaban benar", "Correct answer"),
        "quizNoAnswer": ("(tidak dijawab)", "(not answered)"),
        "quizCorrect": ("Benar", "Correct"),
        "quizPartlyCorrect": ("Sebagian benar", "Partly correct"),
        "quizIncorrect": ("Salah", "Incorrect"),
        "quizFeedback": ("Umpan balik", "Feedback"),
        "quizReviewLater": ("Tinjauan jawaban tersedia setelah kuis ditutup.", "The review is available after the quiz closes."),
        "quizReviewOff": ("Tinjauan jawaban tidak tersedia untuk kuis ini.", "Reviewing answers is not available for this quiz."),
        "quizChoose": ("— pilih —", "— choose —"),
        "quizPosition": ("Urutan ke-", "Position "),
        "quizEssayPending": ("Esai Anda akan dinilai oleh penulis atau operator.", "Your essay will be graded by an author or operator."),
        "quizScorePending": (
            "Nilai ini belum final: jawaban esai menunggu penilaian.", "This score is not final yet: an essay answer is waiting to be graded."
        ),
        "quizQuestionCount": ("%d soal", "%d questions"),
        "quizQuestionCountOne": ("%d soal", "%d question"),
        "quizOptions": ("Pilihan jawaban", "Answer options"),
        "quizGap": ("Isian", "Blank"),
        "quizGapAnswer": ("isian %d, jawaban Anda:", "blank %d, your answer:"),
        "quizAutosaved": ("Tersimpan.", "Saved."),
        "quizAutosaveOffline": ("Luring: belum tersimpan. Dicoba lagi otomatis.", "Offline: not saved yet. Trying again automatically."),
        "quizAutosaveFailed": ("Belum tersimpan. Tekan Simpan jawaban.", "Not saved. Press Save answers."),
        "quizPreTestDone": (
            "Pra-tes selesai. Langkah berikutnya: pelajari modul kursus ini, mulai dari yang pertama.",
            "The pre-test is done. Next: study this course's modules, starting with the first."
        ),
        "quizBackToQuiz": ("Kembali ke kuis", "Back to the quiz"),
        "quizCompletesModule": ("Lulus kuis ini menyelesaikan modul", "Passing this quiz completes the module"),
        "quizModuleCompleted": ("Modul selesai", "Module complete"),
        "quizRuleText": ("Modul ini selesai bila Anda lulus kuis:", "This module is complete when you pass the quiz:"),
        "quizSignIn": ("Masuk untuk mengerjakan kuis.", "Sign in to take the quiz."),
        "quizRefused": ("Jawaban ditolak", "Answer refused"),
        "quizPre": ("Pra-tes", "Pre-test"),
        "quizPost": ("Pasca-tes", "Post-test"),
        "quizGain": ("Peningkatan", "Gain"),
        "quizResultsTitle": ("Hasil kuis", "Quiz results"),
        "quizLearningGain": ("Peningkatan belajar (pra-tes → pasca-tes)", "Learning gain (pre-test → post-test)"),
        "quizLearners": ("Peserta", "Learners"),
        "quizBest": ("Nilai terbaik", "Best score"),
        "quizAttemptsUsed": ("Percobaan dipakai", "Attempts used"),
        "quizAveragePre": ("Rata-rata pra-tes", "Average pre-test"),
        "quizAveragePost": ("Rata-rata pasca-tes", "Average post-test"),
        "quizNormalizedGain": ("Gain ternormalisasi", "Normalized gain"),
        "quizItemStats": ("Statistik soal", "Item statistics"),
        "quizDifficulty": ("Tingkat kesukaran (p)", "Difficulty (p)"),
        "quizDiscrimination": ("Daya beda", "Discrimination"),
        "quizResponses": ("Jawaban", "Responses"),
        "quizChoicePicks": ("Pilihan dipilih", "Choices picked"),
        "quizGrading": ("Penilaian esai", "Essay grading"),
        "quizGradingNone": ("Tidak ada esai yang menunggu penilaian.", "No essays are waiting to be graded."),
        "quizGrade": ("Simpan nilai", "Save grade"),
        "quizNoResults": ("Belum ada percobaan yang dinilai.", "No attempts have been graded yet."),
    ]

    static let indonesian = entries.mapValues(\.0)
    static let english = entries.mapValues(\.1)

    /// The text for a key in a language.
    static func text(_ key: String, _ language: Language) -> String {
        guard let entry = entries[key] else { return key }
        return language == .indonesian ? entry.0 : entry.1
    }

    /// A span of time in whole minutes and seconds, as a page without JavaScript shows a time limit or the time left:
    /// "29 menit 59 detik", "30 menit", "45 detik" ("29 min 59 s" in English); never a bare count of seconds.
    static func minutesAndSeconds(_ seconds: Int, _ language: Language) -> String {
        let seconds = max(0, seconds)
        var parts: [String] = []
        if seconds >= 60 { parts.append(String(format: text("quizMinutes", language), seconds / 60)) }
        if seconds % 60 > 0 || seconds < 60 { parts.append(String(format: text("quizSeconds", language), seconds % 60)) }
        return parts.joined(separator: " ")
    }

    /// A number of questions with its noun: "6 soal" (lower case after a number, as Indonesian writes it), "6 questions".
    static func questionCount(_ count: Int, _ language: Language) -> String {
        String(format: text(count == 1 ? "quizQuestionCountOne" : "quizQuestionCount", language), count)
    }
}
