extension Text {
    /// The interface text of the training office's reports: JP per employee, compliance per unit, completion and feedback.
    enum Operator: String, TextKey {
        case reports, operatorTitle, operatorIntro, operatorSummedAt, allUnits, year, show, ledgerPNS, ledgerPPPK, unit, courses, meetsTarget, yes,
            no, complianceTitle, pnsCount, pnsMeeting, compliance, pppkCount, totalJP, drillUp, completionTitle, startedCount, completedCount,
            feedbackTitle, module, responses, averageRelevance, comments, downloadCSV, noData

        /// This key's text in Indonesian and in English.
        var translations: Translations {
            switch self {
            case .reports: ("Laporan", "Reports")
            case .operatorTitle: ("Laporan Pengembangan Kompetensi", "Competency Development Reports")
            case .operatorIntro: ("Laporan untuk unit %@ dan unit di bawahnya.", "Reports for %@ and the units below it.")
            case .operatorSummedAt:
                (
                    "Ringkasan unit dan kursus dijumlahkan pada %@ WIB dan diperbarui tiap 10 menit: cakupan ini terlalu besar untuk dihitung ulang setiap halaman dibuka. Tabel JP per pegawai selalu terkini.",
                    "Unit and course totals were summed at %@ WIB and are updated every 10 minutes: this scope is too large to sum on every view. The JP table per employee is always current."
                )
            case .allUnits: ("semua unit", "all units")
            case .year: ("Tahun", "Year")
            case .show: ("Tampilkan", "Show")
            case .ledgerPNS: ("JP per pegawai — PNS (target 20 JP)", "JP per employee — PNS (20 JP target)")
            case .ledgerPPPK: ("JP per pegawai — PPPK", "JP per employee — PPPK")
            case .unit: ("Unit kerja", "Unit")
            case .courses: ("Kursus", "Courses")
            case .meetsTarget: ("Memenuhi 20 JP", "Meets 20 JP")
            case .yes: ("Ya", "Yes")
            case .no: ("Tidak", "No")
            case .complianceTitle: ("Kepatuhan per unit", "Compliance per unit")
            case .pnsCount: ("PNS", "PNS")
            case .pnsMeeting: ("PNS memenuhi", "PNS meeting")
            case .compliance: ("Kepatuhan (%)", "Compliance (%)")
            case .pppkCount: ("PPPK", "PPPK")
            case .totalJP: ("Total JP", "Total JP")
            case .drillUp: ("Naik satu tingkat", "One level up")
            case .completionTitle: ("Penyelesaian per kursus", "Completion per course")
            case .startedCount: ("Mulai", "Started")
            case .completedCount: ("Selesai", "Completed")
            case .feedbackTitle: ("Umpan balik per modul", "Feedback per module")
            case .module: ("Modul", "Module")
            case .responses: ("Tanggapan", "Responses")
            case .averageRelevance: ("Rata-rata relevansi (1-5)", "Mean relevance (1-5)")
            case .comments: ("Komentar", "Comments")
            case .downloadCSV: ("Unduh CSV", "Download CSV")
            case .noData: ("Belum ada data.", "No data yet.")
            }
        }
    }
}
