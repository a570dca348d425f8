import Testing

@testable import LenteraCore

@Suite struct CourseOwnershipTests {
    @Test func theFolderServingAnIDKeepsItHoweverTheNamesSort() {
        let decision = CourseOwnership.decide(
            claims: ["dasar": "dasar", "a-salinan": "dasar", "lain": "lain"], serving: ["dasar": "dasar", "lain": "lain"], kept: [:]
        )

        #expect(decision.owners == ["dasar": "dasar", "lain": "lain"])
        #expect(decision.refused == ["a-salinan": "dasar"])
    }

    @Test func whenTheServingFolderGoesTheRefusedOneTakesTheID() {
        let decision = CourseOwnership.decide(claims: ["a-salinan": "dasar"], serving: ["dasar": "dasar"], kept: ["dasar": "dasar"])

        #expect(decision.owners == ["dasar": "a-salinan"])
        #expect(decision.refused.isEmpty)
    }

    @Test func atStartTheFolderWhoseCopyIsKeptWinsElseTheFirstByName() {
        let claims = ["a-salinan": "dasar", "dasar": "dasar", "b": "lain", "c": "lain"]

        let decision = CourseOwnership.decide(claims: claims, serving: [:], kept: ["dasar": "dasar", "lain": "hilang"])

        #expect(decision.owners == ["dasar": "dasar", "lain": "b"])
        #expect(decision.refused == ["a-salinan": "dasar", "c": "b"])
    }
}
