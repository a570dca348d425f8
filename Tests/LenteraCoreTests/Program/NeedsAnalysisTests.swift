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

    /// `count` staff of a position whose answers are `levels` (cycled), the first `answering` of them answering.
    static func group(_ position: String, staff: Int, competency: String, levels: [Int], answering: Int? = nil, from id: Int64)
        -> (staff: [String], answers: [(position: String, assessment: SelfAssessment)])
    {
        let answers = (0..<(answering ?? levels.count)).map { index in
            (position: position, assessment: SelfAssessment(surveyID: 1, accountID: id + Int64(index), competencyID: competency,
                                                            level: levels[index % levels.count], answeredAt: Date()))
        }
        return (Array(repeating: position, count: staff), answers)
    }

    @Test func theShippedCoursesExampleMatrixComesOutRowForRow() {
        // Levels whose means are the example's: 2, 1.8, 2.6, 3 and 2.9.
        let groups = [
            Self.group("Petugas Pendaftaran Puskesmas", staff: 38, competency: "pelayanan-publik", levels: [2], answering: 38, from: 1),
            Self.group("Pengelola Data Kesehatan", staff: 25, competency: "pengelolaan-data", levels: [2, 2, 2, 1, 2], answering: 25, from: 100),
            Self.group("Bendahara Pengeluaran", staff: 22, competency: "keuangan-daerah", levels: [3, 3, 2, 3, 2], answering: 20, from: 200),
            Self.group("kepala  puskesmas", staff: 22, competency: "kepemimpinan", levels: [3], answering: 22, from: 300),
            Self.group("Pranata Komputer", staff: 4, competency: "keamanan-informasi", levels: [3, 3, 3, 3, 3, 3, 3, 3, 3, 2], answering: 10, from: 400),
        ]
        let rows = NeedsAnalysis.matrix(
            dictionary: Self.dictionary, staff: groups.flatMap(\.staff) + ["Sopir"], assessments: groups.flatMap(\.answers),
            courses: [(id: "spreadsheet", develops: ["pengelolaan-data": 3]), (id: "pengantar", develops: ["pengelolaan-data": 2])]
        )
        let lines = rows.map { "\($0.position) | \($0.standard) | \($0.averageCurrent) | \($0.gap) | \($0.staff) | \($0.priority?.rawValue ?? "-")" }
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
        let rows = NeedsAnalysis.matrix(
            dictionary: Self.dictionary, staff: ["Pranata Komputer"],
            assessments: Self.group("Pranata Komputer", staff: 1, competency: "keamanan-informasi", levels: [5], from: 1).answers, courses: []
        )
        #expect(rows.map(\.gap) == [0] && rows.first?.priority == nil)
    }

    @Test func positionsWithoutAStandardOrAnswersMakeNoRow() {
        let rows = NeedsAnalysis.matrix(
            dictionary: Self.dictionary, staff: ["Sopir", "Pranata Komputer"],
            assessments: Self.group("Sopir", staff: 1, competency: "pelayanan-publik", levels: [1], from: 1).answers, courses: []
        )
        #expect(rows.isEmpty)
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
