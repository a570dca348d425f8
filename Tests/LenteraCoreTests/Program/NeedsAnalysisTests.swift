import Foundation
import Testing

@testable import LenteraCore

/// The gap matrix of a needs analysis (issue 14), checked against the example matrix of the shipped course
/// "Penyusunan Program Pembinaan ASN" (module "Strategi: Analisis Kebutuhan").
@Suite struct NeedsAnalysisTests {
    static let dictionary = CompetencyDictionary(
        competencies: [
            Competency(id: "pelayanan-publik", name: "Pelayanan publik", kind: .sosialKultural),
            Competency(id: "pengelolaan-data", name: "Pengelolaan data dan pelaporan", kind: .teknis),
            Competency(id: "keuangan-daerah", name: "Pengelolaan keuangan daerah", kind: .teknis),
            Competency(id: "kepemimpinan", name: "Kepemimpinan", kind: .manajerial),
            Competency(id: "keamanan-informasi", name: "Keamanan informasi", kind: .teknis),
        ],
        standards: [
            CompetencyStandard(position: "Petugas Pendaftaran Puskesmas", required: ["pelayanan-publik": 3]),
            CompetencyStandard(position: "Pengelola Data Kesehatan", required: ["pengelolaan-data": 3]),
            CompetencyStandard(position: "Bendahara Pengeluaran", required: ["keuangan-daerah": 3]),
            CompetencyStandard(position: "Kepala Puskesmas", required: ["kepemimpinan": 4]),
            CompetencyStandard(position: "Pranata Komputer", required: ["keamanan-informasi": 3]),
        ]
    )

    /// `count` staff of a position, the first `answering` of them answering `levels` (cycled), as the database sums them.
    static func group(_ position: String, staff: Int, competency: String, levels: [Int], answering: Int? = nil)
        -> (staff: NeedsAnalysis.StaffCount, answers: NeedsAnalysis.AnswerTotal)
    {
        let answered = (0..<(answering ?? levels.count)).map { levels[$0 % levels.count] }
        return (NeedsAnalysis.StaffCount(position: position, count: staff),
                NeedsAnalysis.AnswerTotal(position: position, competencyID: competency, sum: answered.reduce(0, +), count: answered.count))
    }

    @Test func theShippedCoursesExampleMatrixComesOutRowForRow() {
        // Levels whose means are the example's: 2, 1.8, 2.6, 3 and 2.9.
        let groups = [
            Self.group("Petugas Pendaftaran Puskesmas", staff: 38, competency: "pelayanan-publik", levels: [2], answering: 38),
            Self.group("Pengelola Data Kesehatan", staff: 25, competency: "pengelolaan-data", levels: [2, 2, 2, 1, 2], answering: 25),
            Self.group("Bendahara Pengeluaran", staff: 22, competency: "keuangan-daerah", levels: [3, 3, 2, 3, 2], answering: 20),
            Self.group("kepala  puskesmas", staff: 22, competency: "kepemimpinan", levels: [3], answering: 22),
            Self.group("Pranata Komputer", staff: 4, competency: "keamanan-informasi", levels: [3, 3, 3, 3, 3, 3, 3, 3, 3, 2], answering: 10),
        ]
        let rows = NeedsAnalysis.matrix(
            dictionary: Self.dictionary, staff: groups.map(\.staff) + [NeedsAnalysis.StaffCount(position: "Sopir", count: 3)], answers: groups.map(\.answers),
            courses: [(id: "spreadsheet", develops: ["pengelolaan-data": 3]), (id: "pengantar", develops: ["pengelolaan-data": 2])]
        )
        let lines = rows.map { "\($0.position) | \($0.standard) | \($0.averageCurrent ?? -1) | \($0.gap ?? -1) | \($0.staff) | \($0.priority?.rawValue ?? "-")" }
        #expect(lines == [
            "Petugas Pendaftaran Puskesmas | 3 | 2.0 | 1.0 | 38 | tinggi",
            "Pengelola Data Kesehatan | 3 | 1.8 | 1.2 | 25 | tinggi",
            "Kepala Puskesmas | 4 | 3.0 | 1.0 | 22 | sedang",
            "Bendahara Pengeluaran | 3 | 2.6 | 0.4 | 22 | sedang",
            "Pranata Komputer | 3 | 2.9 | 0.1 | 4 | rendah",
        ])
        // The course that develops the competency to the standard level is suggested; one that stops below is not.
        #expect(rows[1].suggestedCourses == ["spreadsheet"] && rows[0].suggestedCourses.isEmpty)
        #expect(rows.map(\.respondents) == [38, 25, 22, 20, 10])
    }

    @Test func priorityWeighsTheGapByTheStaffItTouches() {
        #expect(NeedsAnalysis.priority(gap: 0, staff: 100) == nil)
        #expect(NeedsAnalysis.priority(gap: 1, staff: 25) == .high && NeedsAnalysis.priority(gap: 0.96, staff: 25) == .medium)
        #expect(NeedsAnalysis.priority(gap: 1, staff: 5) == .medium && NeedsAnalysis.priority(gap: 0.5, staff: 9) == .low)
        // Above the standard is no gap at all.
        let above = Self.group("Pranata Komputer", staff: 3, competency: "keamanan-informasi", levels: [5], answering: 3)
        let rows = NeedsAnalysis.matrix(dictionary: Self.dictionary, staff: [above.staff], answers: [above.answers], courses: [])
        #expect(rows.map(\.gap) == [0] && rows.first?.priority == nil)
    }

    @Test func tooFewAnswersShowNoMeanAndUnansweredPositionsStillShow() {
        // Two answers are a mean that shows what each said: none is given. A position with staff and no answer is listed.
        let two = Self.group("Pranata Komputer", staff: 4, competency: "keamanan-informasi", levels: [1, 2], answering: 2)
        let rows = NeedsAnalysis.matrix(
            dictionary: Self.dictionary, staff: [two.staff, NeedsAnalysis.StaffCount(position: "Bendahara pengeluaran", count: 7)],
            answers: [two.answers], courses: []
        )
        #expect(rows.map { "\($0.position) \($0.respondents) \($0.averageCurrent.map { "\($0)" } ?? "-") \($0.priority?.rawValue ?? "-")" } == [
            "Bendahara Pengeluaran 0 - -", "Pranata Komputer 2 - -",
        ])
        // Spellings of one position are one position, and answers of a position without a standard make no row.
        let spelled = NeedsAnalysis.matrix(
            dictionary: Self.dictionary,
            staff: [NeedsAnalysis.StaffCount(position: "pranata  komputer", count: 2), NeedsAnalysis.StaffCount(position: "Pranata Komputer", count: 1)],
            answers: [NeedsAnalysis.AnswerTotal(position: "PRANATA KOMPUTER", competencyID: "keamanan-informasi", sum: 6, count: 3),
                      NeedsAnalysis.AnswerTotal(position: "Sopir", competencyID: "keamanan-informasi", sum: 1, count: 5)],
            courses: []
        )
        #expect(spelled.map { "\($0.staff) \($0.respondents) \($0.averageCurrent ?? -1)" } == ["3 3 2.0"])
    }

    @Test func supervisorsMeansStandBesideTheStaffsOwnAndLeaveTheGapAlone() {
        let own = Self.group("Pranata Komputer", staff: 5, competency: "keamanan-informasi", levels: [2, 2, 2])
        func rows(_ supervisors: [Int]) -> [NeedsAnalysis.Row] {
            NeedsAnalysis.matrix(
                dictionary: Self.dictionary, staff: [own.staff], answers: [own.answers],
                supervisorAnswers: [NeedsAnalysis.AnswerTotal(position: "pranata komputer", competencyID: "keamanan-informasi",
                                                              sum: supervisors.reduce(0, +), count: supervisors.count)],
                courses: []
            )
        }
        // Three supervisors' assessments of 1, 1 and 2: a mean of 1.33 beside the staff's 2; the gap stays 1.
        let three = rows([1, 1, 2])
        #expect(three.map { "\($0.averageCurrent!) \($0.gap!) \($0.averageSupervisor ?? -1) \($0.supervisorRespondents)" } == ["2.0 1.0 1.33 3"])
        // Two are too few to show.
        #expect(rows([1, 2]).map { "\($0.averageSupervisor ?? -1) \($0.supervisorRespondents)" } == ["-1.0 2"])
    }

    @Test func aSurveyAsksTheActiveLearnersOfItsSubtreeWhileOpen() throws {
        let now = Date()
        let survey = NeedsSurvey(id: 1, title: "S", unit: UnitPath(parsing: "Pemkab Sleman > Dinkes")!, openedBy: "x", openedAt: now, closesAt: now + 3600)
        func account(_ unit: String, role: Role = .learner) throws -> Account {
            Account(id: 1, nip: try NIP(validating: "198503152010011001"), name: "A", unit: UnitPath(parsing: unit)!, position: "", status: .pns,
                    email: nil, role: role, passwordHash: "", mustChangePassword: false)
        }
        let inside = try account("Pemkab Sleman > Dinkes > Puskesmas A")
        let elsewhere = try account("Pemkab Sleman > Disdik")
        let office = try account("Pemkab Sleman > Dinkes", role: .operator)
        #expect(survey.asks(inside) && !survey.asks(elsewhere) && !survey.asks(office))
        #expect(survey.isOpen(at: now) && !survey.isOpen(at: now + 3600) && !survey.isOpen(at: now - 1))
    }
}
