extension Text {
    /// The interface text of development programs: the learner's programs on `/beranda` and the operator's program
    /// pages.
    enum Programs: String, TextKey {
        case programsTitle, programsNone, programPeriod, programGoal, programActivity, programDeadline, programStatus, programRequired,
            programOptional, programDone, programDoneLate, programDue, programOverdue, programRemindersTitle, programReminderDue,
            programReminderOverdue, programStandingCompleted, programStandingLate, programStandingOnTrack, programStarts,
            programListTitle, programListIntro, programTarget, programAllUnits, programAllPositions, programReportIntro, programEnrolled,
            programOnTrack, programLate, programCompleted, programJP, programTotal, programParticipantsCSV, programActivitiesTitle,
            programCourseMissing, programNoLearners, programsLink, programJPEarned, eventPlace, eventOnline, eventSessions, eventCapacity,
            eventSeats, eventUnlimited, eventRegister, eventCancel, eventSeated, eventWaiting, eventNotRegistered, eventAssigned, eventAttended,
            eventNotAttended, eventRegisterByOperator, eventClosed, eventCheckInTitle, eventRecorded, eventCredited, eventRefusedForged,
            eventRefusedExpired, eventRefusedOtherEvent, eventRefusedOutsideSession, eventRefusedReused, eventRefusedNotTargeted,
            eventRefusedNotRegistered, eventRefusedWaiting, eventBack, eventRosterTitle, eventShowCode, eventCodeTitle, eventCodeIntro,
            eventCodeOutside, eventMix, eventMixIntro, eventTick, eventAddLearner, eventAddLearnerButton, eventNoParticipants, eventNIPUnknown,
            eventTickTooEarly, eventSession, eventParticipants, eventCertificate, needsTitle, needsIntro, needsOpenTitle, needsSurveyTitle,
            needsUnit, needsCloses, needsOpenButton, needsNone, needsOpen, needsClosed, needsState, needsMatrixTitle, needsPosition,
            needsCompetency, needsStandard, needsAverage, needsGap, needsStaff, needsRespondents, needsPriority, needsSuggested,
            needsCloseButton, needsNoAnswers, needsNoDictionary, needsRespondentsOf, needsFormIntro, needsLevel, needsSave, needsSaved,
            needsMissing, needsHomeTitle, needsHomeItem, needsAnswered, needsBadTitle, needsBadUnit, needsBadDate, needsLink,
            needsPriorityHigh, needsPriorityMedium, needsPriorityLow, needsPriorityNone, needsMatrixCSV, needsClosedNotice, needsNoStandard,
            needsPrivacy, evaluationTitle, evaluationParticipation, evaluationLevels, evaluationLevelsIntro, evaluationDone, evaluationResponses,
            evaluationRelevance, evaluationLearners, evaluationPre, evaluationPost, evaluationGain, evaluationUnfit, dictionaryStatus, followUpTitle, followUpQuestion, followUpScale1, followUpScale2, followUpScale3, followUpScale4,
            followUpScale5, followUpComment, followUpSend, followUpSaved, followUpNotYet, followUpNotCompleted, followUpHomeTitle,
            followUpHomeItem, followUpBadRating, followUpBadComment, evaluationBehaviour, evaluationBehaviourIntro, evaluationBehaviourNone,
            evaluationAsked, evaluationAnswered, evaluationRating, evaluationFollowUpComment, followUpAbout, followUpSupervisorQuestion,
            followUpSupervisorNotYet, followUpSupervisorNotCompleted, followUpSupervisorHomeItem, evaluationSupervisorAnswered,
            evaluationSupervisorRating, evaluationSupervisorComment, needsSupervisorHomeItem, needsAbout, needsSupervisorAverage, needsFormIntroSupervisor, eventRatingTitle, eventRatingName, eventRatingEdition

        /// This key's text in Indonesian and in English.
        var translations: Translations {
            switch self {
            case .programsTitle: ("Program pengembangan Anda", "Your development programs")
            case .programsNone: ("Belum ada program yang ditujukan kepada Anda.", "No program is addressed to you yet.")
            case .programPeriod: ("Periode", "Period")
            case .programGoal: ("Tujuan", "Goal")
            case .programActivity: ("Kegiatan", "Activity")
            case .programDeadline: ("Tenggat", "Deadline")
            case .programStatus: ("Status", "Status")
            case .programRequired: ("wajib", "required")
            case .programOptional: ("pilihan", "optional")
            case .programDone: ("Selesai %@", "Done %@")
            case .programDoneLate: ("Selesai terlambat %@", "Done late %@")
            case .programDue: ("Belum selesai", "Not done yet")
            case .programOverdue: ("Lewat tenggat", "Overdue")
            case .programRemindersTitle: ("Pengingat tenggat", "Deadline reminders")
            case .programReminderDue: ("%@: selesaikan paling lambat %@ (%@)", "%@: finish by %@ (%@)")
            case .programReminderOverdue: ("%@: tenggat %@ sudah lewat (%@)", "%@: the deadline of %@ has passed (%@)")
            case .programStandingCompleted: ("Selesai", "Completed")
            case .programStandingLate: ("Terlambat", "Late")
            case .programStandingOnTrack: ("Sesuai jadwal", "On track")
            case .programStarts: ("Dimulai %@", "Starts %@")
            case .programListTitle: ("Program Pengembangan", "Development Programs")
            case .programListIntro:
                (
                    "Program dari folder programs/ yang menyasar pegawai di unit Anda. Untuk menambah atau mengubah program, ubah berkasnya: perubahan dimuat tanpa memulai ulang server.",
                    "Programs from the programs/ folder that target employees in your units. To add or change a program, edit its file: changes load without a restart."
                )
            case .programTarget: ("Sasaran", "Target")
            case .programAllUnits: ("semua unit", "all units")
            case .programAllPositions: ("semua jabatan", "all positions")
            case .programReportIntro: ("Peserta program di %@ dan unit di bawahnya, dihitung saat halaman dibuka.", "Program participants in %@ and the units below it, counted as the page opens.")
            case .programEnrolled: ("Peserta", "Enrolled")
            case .programOnTrack: ("Sesuai jadwal", "On track")
            case .programLate: ("Terlambat", "Late")
            case .programCompleted: ("Selesai", "Completed")
            case .programJP: ("JP diperoleh", "JP earned")
            case .programTotal: ("Jumlah", "Total")
            case .programParticipantsCSV: ("Unduh peserta (CSV)", "Download participants (CSV)")
            case .programActivitiesTitle: ("Kegiatan program", "Program activities")
            case .programCourseMissing: ("kursus tidak tersedia saat ini", "course not available now")
            case .programNoLearners: ("Belum ada peserta di cakupan ini.", "No participants in this scope yet.")
            case .programsLink: ("Program pengembangan", "Development programs")
            case .programJPEarned: ("JP dari program ini: %@", "JP from this program: %@")
            case .eventPlace: ("Tempat", "Place")
            case .eventOnline: ("Rapat daring", "Online meeting")
            case .eventSessions: ("Sesi", "Sessions")
            case .eventCapacity: ("Kapasitas", "Capacity")
            case .eventSeats: ("%d kursi, %d terisi, %d menunggu", "%d seats, %d taken, %d waiting")
            case .eventUnlimited: ("tanpa batas", "unlimited")
            case .eventRegister: ("Daftar", "Register")
            case .eventCancel: ("Batalkan pendaftaran", "Cancel registration")
            case .eventSeated: ("Anda terdaftar dan mendapat kursi.", "You are registered and have a seat.")
            case .eventWaiting: ("Anda dalam daftar tunggu, urutan ke-%d.", "You are on the waiting list, number %d.")
            case .eventNotRegistered: ("Anda belum terdaftar.", "You are not registered.")
            case .eventAssigned: ("Peserta acara ini ditetapkan oleh operator BKPSDM.", "Participants of this event are assigned by the training office.")
            case .eventAttended: ("Hadir", "Present")
            case .eventNotAttended: ("Belum tercatat", "Not recorded")
            case .eventRegisterByOperator: ("Daftarkan", "Register")
            case .eventClosed: ("Pendaftaran sudah ditutup: acara telah berakhir.", "Registration is closed: the event is over.")
            case .eventCheckInTitle: ("Presensi", "Attendance")
            case .eventRecorded: ("Kehadiran Anda di sesi %d (%@) tercatat.", "Your presence at session %d (%@) is recorded.")
            case .eventCredited: ("Semua sesi sudah Anda hadiri: %@ JP dikreditkan, dengan sertifikat %@.", "You attended every session: %@ JP credited, with certificate %@.")
            case .eventRefusedForged: ("Kode ini tidak sah. Pindai kode yang ditampilkan di tempat acara.", "This code is not valid. Scan the code shown at the venue.")
            case .eventRefusedExpired:
                ("Kode ini sudah kedaluwarsa (berlaku 2 menit). Pindai kode yang sedang ditampilkan.", "This code has expired (codes last 2 minutes). Scan the code shown now.")
            case .eventRefusedOtherEvent: ("Kode ini milik acara lain.", "This code belongs to another event.")
            case .eventRefusedOutsideSession: ("Sesi kode ini tidak sedang berlangsung.", "This code's session is not on now.")
            case .eventRefusedReused: ("Kode ini sudah Anda pakai: kehadiran Anda di sesi ini sudah tercatat.", "You have used this code already: your presence at this session is recorded.")
            case .eventRefusedNotTargeted: ("Program ini tidak ditujukan kepada Anda.", "This program is not addressed to you.")
            case .eventRefusedNotRegistered: ("Anda belum terdaftar di acara ini: daftar dulu, atau minta operator mencatat kehadiran Anda.", "You are not registered for this event: register first, or ask the operator to record your presence.")
            case .eventRefusedWaiting: ("Anda masih dalam daftar tunggu (urutan ke-%d): minta operator mencatat kehadiran Anda.", "You are still on the waiting list (number %d): ask the operator to record your presence.")
            case .eventBack: ("Kembali ke acara", "Back to the event")
            case .eventRosterTitle: ("Daftar peserta", "Participants")
            case .eventShowCode: ("Tampilkan kode QR presensi", "Show the attendance QR code")
            case .eventCodeTitle: ("Kode presensi sesi %d", "Attendance code, session %d")
            case .eventCodeIntro: ("Peserta memindai kode ini dengan ponsel setelah masuk. Kode berganti setiap 15 detik dan berlaku 2 menit.", "Participants scan this code with their phone after signing in. It changes every 15 seconds and lasts 2 minutes.")
            case .eventCodeOutside: ("Presensi sesi ini dibuka 30 menit sebelum mulai sampai 30 menit setelah selesai.", "Attendance of this session opens 30 minutes before it starts and closes 30 minutes after it ends.")
            case .eventMix: ("Asal unit peserta", "Participants' units")
            case .eventMixIntro: ("Peserta berkursi berasal dari %d unit.", "Seated participants come from %d units.")
            case .eventTick: ("Catat hadir", "Mark present")
            case .eventAddLearner: ("Daftarkan peserta (NIP)", "Register a participant (NIP)")
            case .eventAddLearnerButton: ("Daftarkan", "Register")
            case .eventNoParticipants: ("Belum ada peserta terdaftar.", "No participant registered yet.")
            case .eventNIPUnknown: ("NIP itu tidak ditemukan di antara pegawai sasaran program di unit Anda.", "That NIP is not among the program's targeted employees in your units.")
            case .eventTickTooEarly: ("Presensi sesi itu belum dibuka: kehadiran dicatat mulai 30 menit sebelum sesi.", "That session's attendance has not opened: presence is recorded from 30 minutes before the session.")
            case .eventSession: ("Sesi %d", "Session %d")
            case .eventParticipants: ("Peserta", "Participants")
            case .eventCertificate: ("Sertifikat", "Certificate")
            case .needsTitle: ("Analisis Kebutuhan", "Needs Analysis")
            case .needsIntro:
                (
                    "Buka survei untuk unit Anda: pegawainya menilai level kompetensi mereka saat ini terhadap standar jabatan di programs/kompetensi.xml, dan matriks kesenjangan dihitung dari jawabannya.",
                    "Open a survey for your units: their staff assess their current competency levels against the position standards in programs/kompetensi.xml, and the gap matrix is computed from the answers."
                )
            case .needsOpenTitle: ("Buka survei baru", "Open a new survey")
            case .needsSurveyTitle: ("Judul survei", "Survey title")
            case .needsUnit: ("Unit (beserta unit di bawahnya)", "Unit (with the units below it)")
            case .needsCloses: ("Jawaban diterima sampai", "Answers taken until")
            case .needsOpenButton: ("Buka survei", "Open the survey")
            case .needsNone: ("Belum ada survei.", "No survey yet.")
            case .needsOpen: ("Dibuka", "Open")
            case .needsClosed: ("Ditutup", "Closed")
            case .needsState: ("Status", "State")
            case .needsMatrixTitle: ("Matriks kesenjangan kompetensi", "Competency gap matrix")
            case .needsPosition: ("Jabatan", "Position")
            case .needsCompetency: ("Kompetensi", "Competency")
            case .needsStandard: ("Level standar", "Standard level")
            case .needsAverage: ("Level rata-rata saat ini", "Average current level")
            case .needsGap: ("Kesenjangan", "Gap")
            case .needsStaff: ("Jumlah pegawai", "Staff")
            case .needsRespondents: ("Responden", "Respondents")
            case .needsPriority: ("Prioritas", "Priority")
            case .needsSuggested: ("Kursus yang disarankan", "Suggested courses")
            case .needsCloseButton: ("Tutup survei sekarang", "Close the survey now")
            case .needsNoAnswers: ("Belum ada jawaban dari pegawai yang jabatannya memiliki standar kompetensi.", "No answers yet from staff whose position has a competency standard.")
            case .needsNoDictionary:
                ("Belum ada kamus kompetensi: tulis programs/kompetensi.xml (lihat docs/programs.md).", "There is no competency dictionary yet: write programs/kompetensi.xml (see docs/programs.md).")
            case .needsRespondentsOf: ("%d dari %d pegawai di %@ sudah menjawab.", "%d of %d staff in %@ have answered.")
            case .needsFormIntro:
                (
                    "Nilai level Anda saat ini untuk setiap kompetensi (1 = dasar, 5 = ahli). Jawaban Anda dipakai untuk merancang program pengembangan, bukan untuk menilai kinerja.",
                    "Rate your current level in each competency (1 = basic, 5 = expert). Your answers shape development programs; they do not appraise your performance."
                )
            case .needsLevel: ("Level %d", "Level %d")
            case .needsSave: ("Kirim jawaban", "Send my answers")
            case .needsSaved: ("Terima kasih: jawaban Anda tersimpan. Anda dapat mengubahnya sampai survei ditutup.", "Thank you: your answers are saved. You can change them until the survey closes.")
            case .needsMissing: ("Pilih level untuk setiap kompetensi: %@ belum dijawab.", "Choose a level for every competency: %@ not answered.")
            case .needsHomeTitle: ("Survei analisis kebutuhan", "Needs surveys")
            case .needsHomeItem: ("%@ (sampai %@)", "%@ (until %@)")
            case .needsAnswered: ("sudah dijawab", "answered")
            case .needsBadTitle: ("Tulis judul survei.", "Write the survey's title.")
            case .needsBadUnit: ("Unit itu tidak valid atau di luar unit Anda.", "That unit is not valid or is outside your units.")
            case .needsBadDate: ("Tanggal penutupan harus hari ini atau sesudahnya, ditulis TTTT-BB-HH.", "The closing day must be today or later, written YYYY-MM-DD.")
            case .needsLink: ("Analisis kebutuhan", "Needs analysis")
            case .needsPriorityHigh: ("Tinggi", "High")
            case .needsPriorityMedium: ("Sedang", "Medium")
            case .needsPriorityLow: ("Rendah", "Low")
            case .needsPriorityNone: ("—", "—")
            case .needsMatrixCSV: ("Unduh matriks (CSV)", "Download the matrix (CSV)")
            case .needsClosedNotice: ("Survei ini sudah ditutup.", "This survey is closed.")
            case .evaluationTitle: ("Evaluasi program", "Program evaluation")
            case .evaluationParticipation: ("Partisipasi dan penyelesaian", "Participation and completion")
            case .evaluationLevels: ("Level 1 (reaksi) dan level 2 (pembelajaran) per kegiatan", "Level 1 (reaction) and level 2 (learning) per activity")
            case .evaluationLevelsIntro:
                (
                    "Level 1: penilaian relevansi (1-5) kursus oleh pegawai unit sasaran. Level 2: nilai rata-rata pre-test dan post-test peserta yang mengerjakan keduanya, dan kenaikannya (poin persen).",
                    "Level 1: relevance ratings (1-5) of the courses by staff of the target units. Level 2: the mean pre-test and post-test scores of participants who took both, and the gain (percentage points)."
                )
            case .evaluationDone: ("Selesai", "Done")
            case .evaluationResponses: ("L1 tanggapan", "L1 responses")
            case .evaluationRelevance: ("L1 relevansi", "L1 relevance")
            case .evaluationLearners: ("L2 peserta", "L2 learners")
            case .evaluationPre: ("L2 pre-test (%)", "L2 pre-test (%)")
            case .evaluationPost: ("L2 post-test (%)", "L2 post-test (%)")
            case .evaluationGain: ("L2 kenaikan", "L2 gain")
            case .evaluationUnfit:
                ("Komentar: materi tidak sesuai pekerjaan sehari-hari (relevansi 1-2) atau tidak mengubah cara kerja (L3 1-2)", "Comments: material that did not fit daily work (relevance 1-2) or changed nothing in it (L3 1-2)")
            case .followUpTitle: ("Evaluasi pasca-program", "Post-program follow-up")
            case .followUpQuestion: ("Apakah program ini mengubah cara Anda bekerja?", "Has this program changed how you work?")
            case .followUpScale1: ("1 · Tidak berubah", "1 · Not at all")
            case .followUpScale2: ("2 · Sedikit berubah", "2 · A little")
            case .followUpScale3: ("3 · Cukup berubah", "3 · Somewhat")
            case .followUpScale4: ("4 · Banyak berubah", "4 · Much")
            case .followUpScale5: ("5 · Sangat berubah", "5 · A great deal")
            case .followUpComment:
                ("Contoh perubahan dalam pekerjaan Anda, atau mengapa tidak ada (boleh kosong)", "An example of the change in your work, or why there is none (optional)")
            case .followUpSend: ("Kirim jawaban", "Send the answer")
            case .followUpSaved: ("Terima kasih, jawaban Anda tersimpan. Anda masih dapat mengubahnya di sini.", "Thank you, your answer is saved. You can still change it here.")
            case .followUpNotYet: ("Evaluasi ini dibuka pada %@, %@ minggu setelah Anda menyelesaikan program.", "This follow-up opens on %@, %@ weeks after you completed the program.")
            case .followUpNotCompleted:
                ("Evaluasi ini dibuka %@ minggu setelah Anda menyelesaikan semua kegiatan wajib program.", "This follow-up opens %@ weeks after you complete every required activity of the program.")
            case .followUpHomeTitle: ("Evaluasi pasca-program", "Post-program follow-ups")
            case .followUpHomeItem: ("%@: apakah program ini mengubah cara Anda bekerja?", "%@: has this program changed how you work?")
            case .followUpBadRating: ("Pilih salah satu jawaban, dari 1 sampai 5.", "Choose one answer, from 1 to 5.")
            case .followUpBadComment:
                ("Komentar tidak dapat disimpan: paling banyak %@ karakter, tanpa karakter kendali.", "The comment cannot be saved: at most %@ characters, without control characters.")
            case .evaluationBehaviour: ("Level 3 (perilaku)", "Level 3 (behaviour)")
            case .evaluationBehaviourIntro:
                (
                    "Peserta ditanya %@ minggu setelah menyelesaikan program: apakah program ini mengubah cara mereka bekerja (1 tidak berubah, 5 sangat berubah).",
                    "Learners are asked %@ weeks after completing the program whether it changed how they work (1 not at all, 5 a great deal)."
                )
            case .evaluationBehaviourNone:
                (
                    "Program ini tidak menanyakan tingkat 3: tambahkan <follow-up weeks=\"8\"/> ke berkas programnya.",
                    "This program does not ask level 3: add <follow-up weeks=\"8\"/> to its program file."
                )
            case .evaluationAsked: ("L3 ditanya", "L3 asked")
            case .evaluationAnswered: ("L3 jawaban", "L3 answers")
            case .evaluationRating: ("L3 rata-rata (1-5)", "L3 mean (1-5)")
            case .evaluationFollowUpComment: ("Tindak lanjut (L3)", "Follow-up (L3)")
            case .followUpAbout: ("Sebagai atasan langsung, tentang:", "As the direct supervisor, about:")
            case .followUpSupervisorQuestion: ("Apakah program ini mengubah cara %@ bekerja?", "Has this program changed how %@ works?")
            case .followUpSupervisorNotYet: ("Evaluasi tentang %@ dibuka pada %@.", "The follow-up about %@ opens on %@.")
            case .followUpSupervisorNotCompleted:
                ("%@ belum menyelesaikan program ini: evaluasinya dibuka beberapa minggu setelah selesai.", "%@ has not completed this program yet: the follow-up opens some weeks after.")
            case .followUpSupervisorHomeItem: ("%@ (%@): apakah program ini mengubah cara kerjanya?", "%@ (%@): has this program changed how they work?")
            case .evaluationSupervisorAnswered: ("L3 jawaban atasan", "L3 supervisors' answers")
            case .evaluationSupervisorRating: ("L3 rata-rata atasan (1-5)", "L3 supervisors' mean (1-5)")
            case .needsSupervisorHomeItem:
                ("Nilai kompetensi %@ saat ini: %@ (sampai %@)", "Assess the current competencies of %@: %@ (until %@)")
            case .needsAbout:
                ("Sebagai atasan langsung, nilailah level kompetensi pegawai ini saat ini:", "As the direct supervisor, assess this person's current level:")
            case .eventRatingTitle: ("Seberapa relevan acara ini dengan pekerjaan Anda?", "How relevant was this event to your work?")
            case .eventRatingName: ("Acara: %@", "Event: %@")
            case .eventRatingEdition: ("edisi %@", "edition %@")
            case .needsFormIntroSupervisor:
                (
                    "Nilai level pegawai ini saat ini untuk setiap kompetensi (1 = dasar, 5 = ahli). Penilaian Anda dipakai untuk merancang program pengembangan, bukan untuk menilai kinerja, dan tidak ditampilkan kepada pegawai itu.",
                    "Rate this person's current level in each competency (1 = basic, 5 = expert). Your assessment is used to design development programs, not to appraise performance, and is not shown to them."
                )
            case .needsSupervisorAverage: ("Rata-rata menurut atasan (dinilai)", "Mean by supervisors (assessed)")
            case .evaluationSupervisorComment: ("Tindak lanjut atasan (L3)", "Supervisor's follow-up (L3)")
            case .dictionaryStatus: ("%@ kompetensi, %@ standar jabatan", "%@ competencies, %@ position standards")
            case .needsNoStandard:
                (
                    "Jabatan Anda belum memiliki standar kompetensi di kamus kompetensi, jadi survei ini tidak menanyakan apa pun kepada Anda.",
                    "Your position has no competency standard in the dictionary yet, so this survey asks you nothing."
                )
            case .needsPrivacy:
                (
                    "Rata-rata dan kesenjangan ditampilkan bila sedikitnya 3 pegawai menjawab, agar jawaban seseorang tidak terbaca.",
                    "Means and gaps are shown once at least 3 staff have answered, so that no one's answers can be read."
                )
            }
        }
    }
}
