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

    @Test(arguments: StoreKind.allCases)
    func reminderMailsAreRememberedOncePerLearnerActivityAndKind(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let budi = try await Self.makeAccount(store, Self.budi, "Budi Santoso")
        let citra = try await Self.makeAccount(store, Self.citra, "Citra Dewi")
        let near = ReminderKey(accountID: budi.id, programID: "p", activity: "kursus-a", overdue: false)
        let past = ReminderKey(accountID: budi.id, programID: "p", activity: "kursus-a", overdue: true)
        let other = ReminderKey(accountID: citra.id, programID: "q", activity: "acara:q/e", overdue: false)
        #expect(try await store.mailedReminders(programID: "p", accountIDs: [budi.id, citra.id]).isEmpty)
        try await store.recordMailedReminders([near, other], at: Self.t0)
        // Recorded twice (a round that failed after the relay took it): kept once, no error.
        try await store.recordMailedReminders([near, past], at: Self.t0 + 60)
        #expect(try await store.mailedReminders(programID: "p", accountIDs: [budi.id, citra.id]) == [near, past])
        #expect(try await store.mailedReminders(programID: "q", accountIDs: [budi.id, citra.id]) == [other])
        #expect(try await store.mailedReminders(programID: "p", accountIDs: [citra.id]).isEmpty)
        #expect(try await store.mailedReminders(programID: "p", accountIDs: []).isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func eventRegistrationsAndAttendanceAreKeptOnceEach(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let budi = try await Self.makeAccount(store, Self.budi, "Budi Santoso")
        let citra = try await Self.makeAccount(store, Self.citra, "Citra Dewi")
        func registration(_ account: Account, _ offset: Double, by: String? = nil) -> EventRegistration {
            EventRegistration(programID: "p", eventID: "e", accountID: account.id, registeredAt: Self.t0 + offset, assignedBy: by)
        }
        #expect(try await store.register(registration(citra, 60, by: Self.agus)))
        #expect(try await store.register(registration(budi, 0)))
        // A second registration changes nothing (the first time is kept).
        #expect(!(try await store.register(registration(citra, 120))))
        #expect(try await store.registrations(programID: "p", eventID: "e") == [registration(budi, 0), registration(citra, 60, by: Self.agus)])
        // Another event's list is another list.
        #expect(try await store.registrations(programID: "p", eventID: "lain").isEmpty)
        #expect(try await store.cancelRegistration(programID: "p", eventID: "e", accountID: budi.id))
        #expect(!(try await store.cancelRegistration(programID: "p", eventID: "e", accountID: budi.id)))
        #expect(try await store.registrations(programID: "p", eventID: "e").map(\.accountID) == [citra.id])

        let present = EventAttendance(programID: "p", eventID: "e", session: 0, accountID: citra.id, at: Self.t0 + 600, method: .code, evidence: "nonce-1")
        #expect(try await store.recordAttendance(present))
        // The same session again, by any means: nothing changes.
        var again = present
        again.method = .operator
        again.evidence = Self.agus
        #expect(!(try await store.recordAttendance(again)))
        var second = present
        second.session = 1
        #expect(try await store.recordAttendance(second))
        #expect(try await store.attendance(programID: "p", eventID: "e") == [present, second])

        // An event's credit is this server's own: it is never queued to be reported upward, a course's is.
        for courseID in ["acara:p/e", "c1"] {
            _ = try await store.credit(LedgerEntry(
                accountID: citra.id, courseID: courseID, courseTitle: courseID, courseVersion: "1", year: 2027, jp: JP(hundredths: 200),
                startedAt: Self.t0, completedAt: Self.t0, score: nil, certificateNumber: "LTR-2027-OUTB-OX00-\(courseID.count)"
            ))
        }
        #expect(try await store.outbox(after: 0, limit: 100, node: "uji").map(\.completion.courseID) == ["c1"])

        // A secret is made once: later proposals get the first.
        #expect(try await store.secret(named: "uji", proposed: "pertama") == "pertama")
        #expect(try await store.secret(named: "uji", proposed: "kedua") == "pertama")
    }

    @Test(arguments: StoreKind.allCases)
    func needsSurveysAndTheirAnswers(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let budi = try await Self.makeAccount(store, Self.budi, "Budi Santoso")
        let dewi = try await Self.makeAccount(store, Self.dewi, "Dewi Lestari", unit: Self.diskominfo)
        let sleman = try await store.openSurvey(title: "Survei Sleman", unit: Self.unit("Pemkab Sleman"), openedBy: Self.agus, at: Self.t0,
                                                closesAt: Self.t0 + 86_400)
        let bkpsdm = try await store.openSurvey(title: "Survei BKPSDM", unit: Self.unit(Self.bkpsdm), openedBy: Self.agus, at: Self.t0 + 60,
                                                closesAt: Self.t0 + 3600)
        _ = try await store.openSurvey(title: "Survei Bantul", unit: Self.unit(Self.bantul), openedBy: Self.agus, at: Self.t0, closesAt: Self.t0 + 86_400)
        #expect(try await store.survey(id: sleman.id) == sleman && sleman.id != bkpsdm.id)
        // A subtree's surveys, newest first; the surveys a unit's learners answer: its own and those above it.
        #expect(try await store.surveys(under: Self.unit("Pemkab Sleman")).map(\.title) == ["Survei BKPSDM", "Survei Sleman"])
        #expect(try await store.surveys(under: nil).count == 3)
        #expect(try await store.openSurveys(for: Self.unit(Self.bkpsdm + " > Bidang A"), at: Self.t0 + 120).map(\.title) == ["Survei BKPSDM", "Survei Sleman"])
        #expect(try await store.openSurveys(for: Self.unit(Self.diskominfo), at: Self.t0 + 120).map(\.title) == ["Survei Sleman"])
        // Closed at its time, or earlier by an operator (never reopened by closing again later).
        #expect(try await store.openSurveys(for: Self.unit(Self.bkpsdm), at: Self.t0 + 3600).map(\.title) == ["Survei Sleman"])
        try await store.closeSurvey(id: sleman.id, at: Self.t0 + 600)
        try await store.closeSurvey(id: sleman.id, at: Self.t0 + 900)
        #expect(try await store.survey(id: sleman.id)?.closesAt == Self.t0 + 600)

        func answer(_ account: Account, _ competency: String, _ level: Int) -> SelfAssessment {
            SelfAssessment(surveyID: sleman.id, accountID: account.id, competencyID: competency, level: level, answeredAt: Self.t0 + 300)
        }
        try await store.saveAnswers(surveyID: sleman.id, accountID: budi.id, [answer(budi, "data", 2), answer(budi, "layanan", 3)])
        try await store.saveAnswers(surveyID: sleman.id, accountID: dewi.id, [answer(dewi, "data", 4)])
        // Answering again replaces the learner's answers, and only theirs.
        try await store.saveAnswers(surveyID: sleman.id, accountID: budi.id, [answer(budi, "data", 3)])
        #expect(try await store.answers(surveyID: sleman.id, accountID: budi.id) == [answer(budi, "data", 3)])
        #expect(try await store.answers(surveyID: sleman.id, accountID: nil).count == 2)
        #expect(try await store.answers(surveyID: bkpsdm.id, accountID: nil).isEmpty)
        #expect(try await store.answeredSurveys([sleman.id, bkpsdm.id], accountID: budi.id) == [sleman.id])
        #expect(try await store.answeredSurveys([], accountID: budi.id).isEmpty)
        // Summed by the database for a subtree: staff by position, answers by position and competency, respondents.
        let all = try await store.needsTotals(surveyID: sleman.id, under: Self.unit("Pemkab Sleman"))
        #expect(all.staff == [NeedsAnalysis.StaffCount(position: "", count: 2)])
        #expect(all.answers == [NeedsAnalysis.AnswerTotal(position: "", competencyID: "data", sum: 7, count: 2)] && all.respondents == 2)
        let part = try await store.needsTotals(surveyID: sleman.id, under: Self.unit(Self.bkpsdm))
        #expect(part.staff == [NeedsAnalysis.StaffCount(position: "", count: 1)])
        #expect(part.answers == [NeedsAnalysis.AnswerTotal(position: "", competencyID: "data", sum: 3, count: 1)] && part.respondents == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func followUpAnswersAreKeptOncePerRespondentAndReadBySubtree(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let accounts = try await Self.reportFixture(store)
        let (budi, hadi, dewi, eko, gita) = (accounts["budi"]!, accounts["hadi"]!, accounts["dewi"]!, accounts["eko"]!, accounts["gita"]!)
        func answer(_ account: Account, _ rating: Int, _ comment: String, by respondent: FollowUp.Respondent = .learner, at offset: Double = 0,
                    program: String = "p") -> FollowUp {
            FollowUp(programID: program, accountID: account.id, respondent: respondent, respondentID: respondent == .learner ? account.id : hadi.id,
                     rating: rating, comment: comment, answeredAt: Self.t0 + offset)
        }
        try await store.saveFollowUp(answer(budi, 2, "belum"))
        // Answering again replaces the respondent's answer; the supervisor's is kept beside it.
        try await store.saveFollowUp(answer(budi, 4, "lebih cepat menyusun laporan\nsetiap bulan", at: 60))
        try await store.saveFollowUp(answer(budi, 3, "cukup", by: .supervisor, at: 120))
        try await store.saveFollowUp(answer(hadi, 5, ""))
        try await store.saveFollowUp(answer(dewi, 1, "tidak dipakai"))
        try await store.saveFollowUp(answer(eko, 3, "bantul"))
        try await store.saveFollowUp(answer(gita, 2, "sudah pensiun"))  // left the service: no longer a participant
        try await store.saveFollowUp(answer(budi, 5, "program lain", program: "q"))
        #expect(try await store.followUps(programID: "p", accountID: budi.id) == [
            answer(budi, 3, "cukup", by: .supervisor, at: 120), answer(budi, 4, "lebih cepat menyusun laporan\nsetiap bulan", at: 60),
        ])
        #expect(try await store.followUps(programID: "p", accountID: eko.id).count == 1)
        #expect(try await store.followUps(programID: "r", accountID: budi.id).isEmpty)
        func read(_ unit: String?) async throws -> [String] {
            try await store.followUps(programID: "p", under: unit.map(Self.unit)).map { "\($0.unit.components.last!):\($0.answer.accountID == budi.id ? "budi" : String($0.answer.rating)):\($0.answer.respondent.rawValue)" }
        }
        // In order of unit and learner, answers about learners only, active ones only.
        #expect(try await read(Self.bkpsdm) == ["BKPSDM:budi:atasan", "BKPSDM:budi:peserta", "Bidang A:5:peserta"])
        #expect(try await read("Pemkab Sleman").count == 4)
        #expect(try await read(nil).count == 5)
        #expect(try await read(Self.bantul) == ["Pemkab Bantul:3:peserta"])
    }

    @Test(arguments: StoreKind.allCases)
    func aRosterNamesSupervisorsAndEachSupervisorsActiveStaffAreFound(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let admin = try await Self.makeAccount(store, Self.admin, "Admin Pusat", unit: Self.sleman, role: .admin)
        let budi = try await Self.makeAccount(store, Self.budi, "Budi Santoso")
        _ = try await Self.makeAccount(store, Self.citra, "Citra Dewi")
        // Agus supervises Budi (changed), Dewi (added) and Citra (a cell left empty: none).
        let csv = """
            nip,nama,unit,nip_atasan
            \(Self.budi),Budi Santoso,\(Self.bkpsdm),\(Self.agus)
            \(Self.dewi),Dewi Lestari,\(Self.bkpsdm),\(Self.agus)
            \(Self.citra),Citra Dewi,\(Self.bkpsdm),

            """
        let id = try await store.createRosterImport(actor: admin, csv: csv, deactivateMissing: false, at: Self.t0)
        let roster = Roster(csv: csv)
        let existing = Dictionary(uniqueKeysWithValues: try await store.accounts(nips: roster.rows.map(\.nip)).map { ($0.nip, $0) })
        let plan = RosterPlan.make(roster, existing: existing, actor: admin, deactivateMissing: false, inScope: [], at: Self.t0)
        #expect(plan.additions.count == 1 && plan.changes.count == 1 && plan.unchanged == 1)
        #expect(try await store.startRosterImport(id: id, plan: plan))
        try await store.applyRosterRows(
            importID: id, rows: try await store.pendingRosterRows(importID: id, limit: 10).map { ($0.row, $0.payload, nil, $0.row.kind == .add ? "h" : nil) },
            actor: Self.admin, at: Self.t0 + 60
        )
        let agus = try NIP(validating: Self.agus)
        #expect(try await store.account(id: budi.id)?.supervisorNIP == agus)
        #expect(try await store.supervisedLearners(supervisor: agus).map(\.name) == ["Budi Santoso", "Dewi Lestari"])
        #expect(try await store.supervisedLearners(supervisor: try NIP(validating: Self.budi)).isEmpty)
        // Kept by an account's own update, removed by one that clears it, and a deactivated learner is nobody's staff.
        var changed = try #require(try await store.account(id: budi.id))
        changed.name = "Budi S."
        try await store.updateAccount(changed, audit: [])
        #expect(try await store.account(id: budi.id)?.supervisorNIP == agus)
        changed.supervisorNIP = nil
        try await store.updateAccount(changed, audit: [])
        #expect(try await store.supervisedLearners(supervisor: agus).map(\.name) == ["Dewi Lestari"])
        var dewi = try #require(try await store.account(nip: try NIP(validating: Self.dewi)))
        dewi.deactivation = Deactivation(reason: .left, date: Self.t0)
        try await store.updateAccount(dewi, audit: [])
        #expect(try await store.supervisedLearners(supervisor: agus).isEmpty)
        // A new account from the command line may name one too.
        let made = try await store.createAccount(NewAccount(
            nip: try NIP(validating: Self.hadi), name: "Hadi Wijaya", unit: Self.unit(Self.bkpsdm), passwordHash: "h", mustChangePassword: false,
            supervisorNIP: agus
        ))
        let read = try await store.account(id: made.id)
        #expect(made.supervisorNIP == agus && read == made)
        // The upstream's roster carries no supervisor: kept while the learner stays in their unit, gone with a transfer.
        _ = try await store.upsertRosterLearner(nip: made.nip, name: "Hadi W.", unit: Self.unit(Self.bkpsdm), status: .pns, position: "", passwordHash: nil)
        #expect(try await store.account(id: made.id)?.supervisorNIP == agus)
        _ = try await store.upsertRosterLearner(nip: made.nip, name: "Hadi W.", unit: Self.unit(Self.diskominfo), status: .pns, position: "", passwordHash: nil)
        #expect(try await store.account(id: made.id)?.supervisorNIP == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func supervisorsAssessmentsAreKeptOncePerLearnerAndSummedByPosition(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let budi = try await Self.makeAccount(store, Self.budi, "Budi Santoso")
        let dewi = try await Self.makeAccount(store, Self.dewi, "Dewi Lestari", unit: Self.diskominfo)
        let agus = try await Self.makeAccount(store, Self.agus, "Agus Salim")
        let hadi = try await Self.makeAccount(store, Self.hadi, "Hadi Wijaya")
        let survey = try await store.openSurvey(title: "Survei", unit: Self.unit("Pemkab Sleman"), openedBy: Self.agus, at: Self.t0,
                                                closesAt: Self.t0 + 86_400)
        func answer(_ account: Account, _ competency: String, _ level: Int) -> SelfAssessment {
            SelfAssessment(surveyID: survey.id, accountID: account.id, competencyID: competency, level: level, answeredAt: Self.t0 + 60)
        }
        try await store.saveSupervisorAnswers(surveyID: survey.id, accountID: budi.id, supervisorID: agus.id, [answer(budi, "data", 2), answer(budi, "layanan", 4)])
        try await store.saveSupervisorAnswers(surveyID: survey.id, accountID: dewi.id, supervisorID: agus.id, [answer(dewi, "data", 4)])
        // A learner's own answers are apart; a new supervisor's assessment replaces the old one's.
        try await store.saveAnswers(surveyID: survey.id, accountID: budi.id, [answer(budi, "data", 5)])
        #expect(try await store.supervisorAnswers(surveyID: survey.id, accountID: budi.id, supervisorID: agus.id).map(\.level) == [2, 4])
        try await store.saveSupervisorAnswers(surveyID: survey.id, accountID: budi.id, supervisorID: hadi.id, [answer(budi, "data", 3)])
        #expect(try await store.supervisorAnswers(surveyID: survey.id, accountID: budi.id, supervisorID: agus.id).isEmpty)
        #expect(try await store.supervisorAnswers(surveyID: survey.id, accountID: budi.id, supervisorID: hadi.id) == [answer(budi, "data", 3)])
        #expect(try await store.answers(surveyID: survey.id, accountID: budi.id) == [answer(budi, "data", 5)])
        // Summed by the learner's position, for a subtree.
        #expect(try await store.supervisorTotals(surveyID: survey.id, under: Self.unit("Pemkab Sleman"))
            == [NeedsAnalysis.AnswerTotal(position: "", competencyID: "data", sum: 7, count: 2)])
        #expect(try await store.supervisorTotals(surveyID: survey.id, under: Self.unit(Self.diskominfo))
            == [NeedsAnalysis.AnswerTotal(position: "", competencyID: "data", sum: 4, count: 1)])
        #expect(try await store.supervisorTotals(surveyID: survey.id, under: Self.unit(Self.bantul)).isEmpty)
    }
}
