import Foundation
import LenteraCore
import Testing

@testable import LenteraStore

/// The contract of what programs read: the active learners of unit subtrees, each with their credits for the courses
/// a program names, a batch at a time (issue 14).
extension RepositoryContractTests {
    @Test(arguments: StoreKind.allCases)
    func learnersOfSubtreesComeWithTheirCreditsForTheCoursesNamed(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        _ = try await Self.reportFixture(store)

        /// Each learner as `name: course/version ...`, batches separated by `|`.
        func read(_ units: [String?], _ courses: [String], batch: Int) async throws -> String {
            var batches: [String] = []
            try await store.eachLearnerCredits(under: units.map { $0.map(Self.unit) }, courseIDs: courses, batch: batch) { learners in
                batches.append(learners.map { learner in
                    ([learner.account.name + ":"] + learner.credits.map { "\($0.courseID)/\($0.courseVersion)" }.sorted()).joined(separator: " ")
                }.joined(separator: ", "))
            }
            return batches.joined(separator: " | ")
        }

        // BKPSDM and below, in unit and name order, two at a time: learners only (not the operator Agus), each with
        // their c1 credits (Hadi has two versions), Citra with none.
        #expect(try await read([Self.bkpsdm], ["c1"], batch: 2) == "Budi Santoso: c1/1, Citra Dewi: | Hadi Wijaya: c1/1 c1/2")
        // Two subtrees in the order given; the deactivated (Fajar, Gita) are no longer anyone's participants.
        #expect(try await read([Self.diskominfo, Self.bantul], ["c1", "c2"], batch: 10) == "Dewi Lestari: c1/1 c2/1 | Eko Budiman: c1/1")
        // Every unit (nil), no course named: every active learner, without credits.
        #expect(try await read([nil], [], batch: 100) == "Eko Budiman:, Budi Santoso:, Citra Dewi:, Hadi Wijaya:, Dewi Lestari:")
        // A unit that nobody is in gives nothing, and no batch.
        #expect(try await read(["Pemkab Gunungkidul"], ["c1"], batch: 10) == "")
    }
}
