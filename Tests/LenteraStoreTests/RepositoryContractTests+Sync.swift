import Foundation
import LenteraCore
import Testing

@testable import LenteraStore

/// The contract of upward sync: nodes, the statements they send, publications, the outbox and an upstream's roster.
extension RepositoryContractTests {
    typealias SentStatement = (id: String, canonical: [UInt8], completion: XAPI.Completion)

    /// A completion as a node sends it: its id and canonical bytes.
    static func statement(_ completion: XAPI.Completion) -> SentStatement {
        (completion.id, XAPI.canonical(completion.statement()), completion)
    }

    /// A module completion reported by the node `sleman`.
    static func moduleCompletion(
        _ nip: String, _ module: String, course: String = "c1", name: String = "Budi Santoso", unit: String = RepositoryContractTests.bkpsdm,
        status: EmployeeStatus = .pns, at date: Date
    ) throws -> XAPI.Completion {
        XAPI.Completion(
            node: "sleman", nip: try NIP(validating: nip), name: name, unit: Self.unit(unit), status: status, courseID: course,
            object: .module(module), timestamp: date
        )
    }

    /// A course completion reported by the node `sleman`, with the node's own JP, title and certificate number.
    static func courseCompletion(_ nip: String, version: String, certificate: String, status: EmployeeStatus = .pns, at date: Date) throws
        -> XAPI.Completion
    {
        XAPI.Completion(
            node: "sleman", nip: try NIP(validating: nip), name: "Budi Santoso", unit: Self.unit(Self.bkpsdm), status: status, courseID: "c1",
            object: .course(jp: JP(hundredths: 9900), version: version, certificate: certificate, title: "Judul dari node"), timestamp: date,
            started: date - 7200, score: 88
        )
    }

    /// Publishes course `c1` (folder `kursus-1`) with these versions.
    static func publish(_ store: any LenteraDatabase, _ versions: [PublishedVersion], at date: Date) async throws {
        _ = try await store.recordPublication(versions, folders: ["c1": "kursus-1"], present: ["kursus-1"], at: date)
    }

    // MARK: Nodes

    @Test(arguments: StoreKind.allCases)
    func nodesAreKnownByTheirKeyUntilRevoked(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let sleman = try await store.createNode(name: "bkpsdm-sleman", keyHash: "kunci-sleman", units: [Self.unit(Self.sleman)])
        #expect(sleman.name == "bkpsdm-sleman" && sleman.units == [Self.unit(Self.sleman)] && sleman.statements == 0 && sleman.lastSync == nil)
        let bantul = try await store.createNode(
            name: "bkpsdm-bantul", keyHash: "kunci-bantul", units: [Self.unit(Self.bantul), Self.unit(Self.diskominfo)]
        )
        #expect(sleman.id != bantul.id)
        #expect(try await store.node(keyHash: "kunci-sleman") == sleman)
        #expect(try await store.node(keyHash: "kunci-bantul") == bantul)
        #expect(try await store.node(keyHash: "tidak-ada") == nil)
        #expect(try await store.nodes().sorted { $0.name < $1.name } == [bantul, sleman])

        #expect(try await store.revokeNode(name: "bkpsdm-sleman"))
        #expect(try await store.node(keyHash: "kunci-sleman") == nil)
        #expect(try await store.node(keyHash: "kunci-bantul") == bantul)
        #expect(try await store.nodes().map(\.name).sorted() == ["bkpsdm-bantul", "bkpsdm-sleman"])  // its history stays
        #expect(try await store.revokeNode(name: "tidak-ada") == false)
    }

    // MARK: Publications

    @Test(arguments: StoreKind.allCases)
    func aCourseIsWithdrawnOnlyWhenItsFolderIsGoneUntilItIsServedAgain(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let one = PublishedVersion(courseID: "c1", version: "1", jp: JP(hundredths: 200), title: "Satu", moduleIDs: ["m1"])
        let two = PublishedVersion(courseID: "c2", version: "1", jp: JP(hundredths: 300), title: "Dua", moduleIDs: ["m1"])
        let both = ["c1": "kursus-1", "c2": "kursus-2"]
        let t0 = Self.t0

        #expect(try await store.recordPublication([one, two], folders: both, present: ["kursus-1", "kursus-2"], at: t0).isEmpty)
        // Not served while its folder is still there: broken, not withdrawn.
        #expect(try await store.recordPublication([one], folders: ["c1": "kursus-1"], present: ["kursus-1", "kursus-2"], at: t0 + 60).isEmpty)
        // Its folder removed: withdrawn, and the tombstone stays with the moment it was withdrawn.
        let tombstone = ContentMirror.Withdrawal(id: "c2", folder: "kursus-2", at: t0 + 120)
        #expect(try await store.recordPublication([one], folders: ["c1": "kursus-1"], present: ["kursus-1"], at: t0 + 120) == [tombstone])
        #expect(try await store.recordPublication([one], folders: ["c1": "kursus-1"], present: ["kursus-1"], at: t0 + 180) == [tombstone])
        // Served again: no longer a tombstone.
        #expect(try await store.recordPublication([one, two], folders: both, present: ["kursus-1", "kursus-2"], at: t0 + 240).isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func aProgramFileIsWithdrawnOnlyWhenItIsGoneFromTheFolderAndOnlyByTheNodeThatDecides(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let t0 = Self.t0
        let files: Set<String> = ["a.xml", "b.xml", "kompetensi.xml"]
        #expect(try await store.recordProgramPublication(files, present: files, at: t0).isEmpty)
        // Broken (not published) while still there: not withdrawn. A node that does not decide (nil) withdraws nothing.
        #expect(try await store.recordProgramPublication(["a.xml"], present: files, at: t0 + 60).isEmpty)
        #expect(try await store.recordProgramPublication(["a.xml"], present: nil, at: t0 + 90).isEmpty)
        // b.xml renamed to c.xml, the dictionary removed: both withdrawn, with the moment, in name order, and they stay.
        let withdrawn = [
            ContentMirror.ProgramWithdrawal(file: "b.xml", at: t0 + 120), ContentMirror.ProgramWithdrawal(file: "kompetensi.xml", at: t0 + 120),
        ]
        #expect(try await store.recordProgramPublication(["a.xml", "c.xml"], present: ["a.xml", "c.xml"], at: t0 + 120) == withdrawn)
        #expect(try await store.recordProgramPublication(["a.xml", "c.xml"], present: ["a.xml", "c.xml"], at: t0 + 180) == withdrawn)
        // Published again: no longer a tombstone; a file never published is never one.
        #expect(
            try await store.recordProgramPublication(["a.xml", "b.xml", "c.xml"], present: ["a.xml", "b.xml", "c.xml", "rusak.xml"], at: t0 + 240)
                == [withdrawn[1]]
        )
    }

    // MARK: Statements

    @Test(arguments: StoreKind.allCases)
    func aNodesStatementsAreMergedWithThisServersOwnCredit(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let node = try await store.createNode(name: "sleman", keyHash: "kunci", units: [Self.unit(Self.sleman)])
        let now = Self.t0
        // Version 1 is published, then again with other JP and a post-test that grades it, then replaced by version 2:
        // it stays known, with its latest JP and grade quiz.
        try await Self.publish(
            store, [PublishedVersion(courseID: "c1", version: "1", jp: JP(hundredths: 100), title: "Kursus Lama", moduleIDs: ["m1", "m2"])],
            at: now - 3 * 86400
        )
        try await Self.publish(
            store,
            [
                PublishedVersion(
                    courseID: "c1", version: "1", jp: JP(hundredths: 200), title: "Kursus Satu", moduleIDs: ["m1", "m2"], gradeQuizID: "post-test"
                )
            ],
            at: now - 2 * 86400
        )
        try await Self.publish(
            store, [PublishedVersion(courseID: "c1", version: "2", jp: JP(hundredths: 300), title: "Kursus Satu (revisi)", moduleIDs: ["m1", "m3"])],
            at: now - 86400
        )

        let module = try Self.moduleCompletion(Self.budi, "m2", status: .pppk, at: now - 3600)
        let course = try Self.courseCompletion(Self.budi, version: "1", certificate: "NODE-0001", status: .pppk, at: now - 600)
        let outcome = try await store.receive([Self.statement(module), Self.statement(course)], from: node, at: now)
        #expect(outcome == .stored(new: 2, duplicates: 0))

        // The learner, new here, is known from now on.
        let budi = try #require(try await store.account(nip: try NIP(validating: Self.budi)))
        #expect(budi.name == "Budi Santoso" && budi.unit == Self.unit(Self.bkpsdm) && budi.role == .learner && budi.status == .pppk)
        let summary = try #require(try await store.summaries(accountID: budi.id, courseID: "c1")["m2"])
        #expect(summary.isComplete && summary.completedAt == now - 3600 && summary.progress == 1)

        // JP and title are this server's, for the version as last published; the certificate number is its own.
        let entries = try await store.entries(accountID: budi.id)
        #expect(entries.count == 1)
        let entry = try #require(entries.first)
        #expect(entry.courseID == "c1" && entry.courseVersion == "1" && entry.courseTitle == "Kursus Satu" && entry.jp == JP(hundredths: 200))
        #expect(entry.year == 2027 && entry.startedAt == now - 600 - 7200 && entry.completedAt == now - 600 && entry.score == 88)
        #expect(entry.certificateNumber.hasPrefix("LTR-2027-") && entry.certificateNumber != "NODE-0001")
        #expect(try await store.entry(certificateNumber: entry.certificateNumber) == entry)
        #expect(try await store.entry(certificateNumber: "NODE-0001") == nil)

        // The node's record: how many statements it sent, and when it last did.
        let stored = try #require(try await store.nodes().first)
        #expect(stored.statements == 2 && stored.lastSync == now)
    }

    /// A node's score is a grade only for a version this server grades with a quiz: for one without, the centre's
    /// certificate has no score (not the node's, and not 100).
    @Test(arguments: StoreKind.allCases)
    func aNodesScoreIsKeptOnlyForAVersionGradedHere(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let node = try await store.createNode(name: "sleman", keyHash: "kunci", units: [Self.unit(Self.sleman)])
        let now = Self.t0
        try await Self.publish(
            store,
            [
                PublishedVersion(courseID: "c1", version: "1", jp: JP(hundredths: 200), title: "Satu", moduleIDs: ["m1"], gradeQuizID: "post-test"),
                PublishedVersion(courseID: "c1", version: "2", jp: JP(hundredths: 200), title: "Satu (tanpa kuis)", moduleIDs: ["m1"]),
            ],
            at: now - 86400
        )
        let graded = try Self.courseCompletion(Self.budi, version: "1", certificate: "NODE-0001", at: now - 1200)
        let ungraded = try Self.courseCompletion(Self.budi, version: "2", certificate: "NODE-0002", at: now - 600)
        #expect(graded.score == 88 && ungraded.score == 88)
        #expect(try await store.receive([Self.statement(graded), Self.statement(ungraded)], from: node, at: now) == .stored(new: 2, duplicates: 0))

        let budi = try #require(try await store.account(nip: try NIP(validating: Self.budi)))
        let entries = try await store.entries(accountID: budi.id)
        let scores = Dictionary(uniqueKeysWithValues: entries.map { ($0.courseVersion, $0.score) })
        let expected: [String: Int?] = ["1": 88, "2": nil]
        #expect(scores == expected)
    }

    @Test(arguments: StoreKind.allCases)
    func aRepeatedStatementIsADuplicateAndOneWithOtherContentAConflict(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let node = try await store.createNode(name: "sleman", keyHash: "kunci", units: [Self.unit(Self.sleman)])
        let now = Self.t0
        try await Self.publish(
            store, [PublishedVersion(courseID: "c1", version: "1", jp: JP(hundredths: 200), title: "Satu", moduleIDs: ["m1"])], at: now - 86400
        )

        let first = try Self.moduleCompletion(Self.budi, "m1", at: now - 60)
        #expect(try await store.receive([Self.statement(first)], from: node, at: now) == .stored(new: 1, duplicates: 0))
        // A retried push: the same statement again is recognised, and stored once.
        #expect(try await store.receive([Self.statement(first)], from: node, at: now + 60) == .stored(new: 0, duplicates: 1))

        // The same id with other content is a conflict, and nothing of its batch is stored.
        var renamed = first
        renamed.name = "Budi Santoso, S.E."
        #expect(renamed.id == first.id)
        let other = try Self.moduleCompletion(Self.dewi, "m1", name: "Dewi Lestari", at: now - 60)
        #expect(try await store.receive([Self.statement(other), Self.statement(renamed)], from: node, at: now + 120) == .conflict(first.id))
        #expect(try await store.account(nip: try NIP(validating: Self.dewi)) == nil)
        #expect(try await store.account(nip: try NIP(validating: Self.budi))?.name == "Budi Santoso")
        #expect(try await store.nodes().first?.statements == 1)

        // Sent again without it, the batch is stored.
        #expect(try await store.receive([Self.statement(other), Self.statement(first)], from: node, at: now + 180) == .stored(new: 1, duplicates: 1))
        #expect(try await store.account(nip: try NIP(validating: Self.dewi))?.name == "Dewi Lestari")
        #expect(try await store.nodes().first?.statements == 2)
    }

    @Test(arguments: StoreKind.allCases)
    func aStatementThatIsNotTheNodesToMakeRefusesItsWholeBatch(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let node = try await store.createNode(name: "sleman", keyHash: "kunci", units: [Self.unit(Self.sleman)])
        let now = Self.t0
        try await Self.publish(
            store, [PublishedVersion(courseID: "c1", version: "1", jp: JP(hundredths: 200), title: "Satu", moduleIDs: ["m1", "m2"])], at: now - 86400
        )
        _ = try await Self.makeAccount(store, Self.agus, "Agus Salim", role: .operator)
        _ = try await Self.makeAccount(store, Self.eko, "Eko Budiman", unit: Self.bantul)
        let valid = try Self.moduleCompletion(Self.budi, "m1", at: now - 60)

        let unknownCourse = try Self.moduleCompletion(Self.budi, "m1", course: "c9", at: now - 60)
        let unknownModule = try Self.moduleCompletion(Self.budi, "m9", at: now - 60)
        let unknownVersion = try Self.courseCompletion(Self.budi, version: "7", certificate: "NODE-0007", at: now - 60)
        let newOutside = try Self.moduleCompletion(Self.fajar, "m1", name: "Fajar", unit: Self.bantul, at: now - 60)
        // A learner known here in Bantul cannot be moved into the node's units by the statement.
        let knownOutside = try Self.moduleCompletion(Self.eko, "m1", name: "Eko Budiman", unit: Self.bkpsdm, at: now - 60)
        let staff = try Self.moduleCompletion(Self.agus, "m1", name: "Agus Salim", at: now - 60)
        let future = try Self.moduleCompletion(Self.budi, "m2", at: now + 3600)
        // Text PostgreSQL cannot hold (U+0000) and SQLite could: refused by the same rule in both, never written.
        let named = try Self.moduleCompletion(Self.citra, "m1", name: "Citra\u{0}", at: now - 60)
        var placed = try Self.moduleCompletion(Self.hadi, "m1", name: "Hadi", at: now - 60)
        placed.unit = UnitPath(["Pemkab Sleman", "BKP\u{0}SDM"])
        let certified = try Self.courseCompletion(Self.budi, version: "1", certificate: "NODE\u{0}0001", at: now - 60)
        let cases: [(XAPI.Completion, StatementRefusal)] = [
            (unknownCourse, .unknownCourse(statementID: unknownCourse.id, courseID: "c9")),
            (unknownModule, .unknownModule(statementID: unknownModule.id, courseID: "c1", moduleID: "m9")),
            (unknownVersion, .unknownVersion(statementID: unknownVersion.id, courseID: "c1", version: "7")),
            (newOutside, .outsideNodeUnits(statementID: newOutside.id, nip: Self.fajar)),
            (knownOutside, .outsideNodeUnits(statementID: knownOutside.id, nip: Self.eko)),
            (staff, .notALearner(statementID: staff.id, nip: Self.agus)),
            (future, .fromTheFuture(statementID: future.id)),
            (named, .controlCharacter(statementID: named.id, field: "name")),
            (placed, .controlCharacter(statementID: placed.id, field: "unit")),
            (certified, .controlCharacter(statementID: certified.id, field: "certificate number")),
        ]
        for (completion, refusal) in cases {
            let outcome = try await store.receive([Self.statement(valid), Self.statement(completion)], from: node, at: now)
            #expect(outcome == .refused(refusal))
        }
        // Nothing of those batches was stored.
        #expect(try await store.account(nip: try NIP(validating: Self.budi)) == nil)
        #expect(try await store.account(nip: try NIP(validating: Self.fajar)) == nil)
        #expect(try await store.account(nip: try NIP(validating: Self.citra)) == nil)
        #expect(try await store.account(nip: try NIP(validating: Self.hadi)) == nil)
        #expect(try await store.nodes().first?.statements == 0)
        #expect(try await store.receive([Self.statement(valid)], from: node, at: now) == .stored(new: 1, duplicates: 0))
    }

    @Test(arguments: StoreKind.allCases)
    func oneStatementInSeveralBatchesAtOnceIsStoredOnce(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let node = try await store.createNode(name: "sleman", keyHash: "kunci", units: [Self.unit(Self.sleman)])
        try await Self.publish(
            store, [PublishedVersion(courseID: "c1", version: "1", jp: JP(hundredths: 200), title: "Satu", moduleIDs: ["m1"])], at: Self.t0 - 86400
        )
        let completion = try Self.courseCompletion(Self.budi, version: "1", certificate: "NODE-0001", at: Self.t0 - 600)
        let batch = [Self.statement(completion)]

        async let first = store.receive(batch, from: node, at: Self.t0)
        async let second = store.receive(batch, from: node, at: Self.t0)
        let outcomes = try await [first, second]

        #expect(outcomes.filter { $0 == .stored(new: 1, duplicates: 0) }.count == 1)
        #expect(outcomes.filter { Self.storedNothingNew($0) }.count == 1)
        let budi = try #require(try await store.account(nip: try NIP(validating: Self.budi)))
        #expect(try await store.accounts(nips: [budi.nip]).count == 1)
        #expect(try await store.entries(accountID: budi.id).count == 1)
        #expect(try await store.nodes().first?.statements == 1)
    }

    static func storedNothingNew(_ outcome: StatementOutcome) -> Bool {
        switch outcome {
        case .stored(let new, _): return new == 0
        default: return false
        }
    }

    // MARK: Reporting upward

    @Test(arguments: StoreKind.allCases)
    func completionsAreReportedUpwardOnceInOrderAfterTheHighWaterMark(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let budi = try await Self.makeAccount(store, Self.budi, "Budi Santoso")
        let t0 = Self.t0
        #expect(try await store.outbox(after: 0, limit: 10, node: "sleman").isEmpty)

        _ = try await store.recordView(accountID: budi.id, courseID: "c1", moduleID: "m1", rule: .viewed, at: t0)
        _ = try await store.recordView(accountID: budi.id, courseID: "c1", moduleID: "m2", rule: .markedDone, at: t0 + 30)  // not done yet
        _ = try await store.markDone(accountID: budi.id, courseID: "c1", moduleID: "m2", rule: .markedDone, at: t0 + 60)
        _ = try await store.recordView(accountID: budi.id, courseID: "c1", moduleID: "m1", rule: .viewed, at: t0 + 90)  // done already
        _ = try await store.markDone(accountID: budi.id, courseID: "c1", moduleID: "m2", rule: .markedDone, at: t0 + 100)  // done already
        let entry = LedgerEntry(
            accountID: budi.id, courseID: "c1", courseTitle: "Kursus Satu", courseVersion: "1", year: 2027, jp: JP(hundredths: 250), startedAt: t0,
            completedAt: t0 + 120, score: 90, certificateNumber: "LTR-2027-AAAA-BBBB-CCCC"
        )
        _ = try await store.credit(entry)
        _ = try await store.credit(entry)  // credited once, reported once

        let outbox = try await store.outbox(after: 0, limit: 10, node: "sleman")
        let nip = try NIP(validating: Self.budi)
        let unit = Self.unit(Self.bkpsdm)
        #expect(
            outbox.map { $0.completion } == [
                XAPI.Completion(
                    node: "sleman", nip: nip, name: "Budi Santoso", unit: unit, status: .pns, courseID: "c1", object: .module("m1"), timestamp: t0
                ),
                XAPI.Completion(
                    node: "sleman", nip: nip, name: "Budi Santoso", unit: unit, status: .pns, courseID: "c1", object: .module("m2"),
                    timestamp: t0 + 60
                ),
                XAPI.Completion(
                    node: "sleman", nip: nip, name: "Budi Santoso", unit: unit, status: .pns, courseID: "c1",
                    object: .course(jp: JP(hundredths: 250), version: "1", certificate: "LTR-2027-AAAA-BBBB-CCCC", title: "Kursus Satu"),
                    timestamp: t0 + 120, started: t0, score: 90
                ),
            ]
        )
        let sequences = outbox.map { $0.sequence }
        #expect(sequences == sequences.sorted() && Set(sequences).count == 3)
        // After a mark, only what follows it; a limit cuts the rest.
        #expect(try await store.outbox(after: sequences[0], limit: 10, node: "sleman").map { $0.sequence } == Array(sequences.dropFirst()))
        #expect(try await store.outbox(after: 0, limit: 1, node: "sleman").map { $0.sequence } == [sequences[0]])
        #expect(try await store.outbox(after: sequences[2], limit: 10, node: "sleman").isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func highWaterMarksAndRefusedStatementsAreKeptPerUpstream(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let centre = "https://pusat.example"
        let other = "https://lain.example"
        #expect(try await store.highWaterMark(upstream: centre) == 0)
        try await store.setHighWaterMark(upstream: centre, to: 5)
        try await store.setHighWaterMark(upstream: centre, to: 7)
        #expect(try await store.highWaterMark(upstream: centre) == 7)
        // A high-water mark only rises: a late answer to an older push does not send again what followed it.
        try await store.setHighWaterMark(upstream: centre, to: 3)
        #expect(try await store.highWaterMark(upstream: centre) == 7)
        #expect(try await store.highWaterMark(upstream: other) == 0)

        try await store.recordRefused(upstream: centre, sequence: 2, statementID: "id-2", reason: "kursus tidak diterbitkan", at: Self.t0)
        try await store.recordRefused(upstream: centre, sequence: 4, statementID: "id-4", reason: "di luar unit node", at: Self.t0 + 60)
        try await store.recordRefused(upstream: other, sequence: 1, statementID: "id-1", reason: "lain", at: Self.t0)
        let refused = try await store.refusedStatements(upstream: centre)
        #expect(refused.map { "\($0.sequence) \($0.statementID) \($0.reason)" } == ["2 id-2 kursus tidak diterbitkan", "4 id-4 di luar unit node"])
        #expect(refused.map { $0.at } == [Self.t0, Self.t0 + 60])
        #expect(try await store.refusedStatements(upstream: other).map { $0.statementID } == ["id-1"])
        #expect(try await store.refusedStatements(upstream: "https://ketiga.example").isEmpty)
    }

    // MARK: The push status every node shows

    @Test(arguments: StoreKind.allCases)
    func aSyncStatusWrittenByOneNodeIsReadByTheOther(_ kind: StoreKind) async throws {
        let (nodeA, nodeB) = try await kind.openTwice()
        let centre = "https://pusat.example"
        #expect(try await nodeB.syncStatuses().isEmpty)
        #expect(try await nodeB.syncStatus(.push, upstream: centre) == nil)

        let failed = SyncStatus(
            kind: .push, upstream: centre, node: "node-a/101/1a2b3c4d", attemptedAt: Self.t0, succeededAt: nil, outcome: .failed,
            message: "https://pusat.example answered 503: sedang pemeliharaan — coba lagi"
        )
        try await nodeA.saveSyncStatus(failed)
        #expect(try await nodeB.syncStatus(.push, upstream: centre) == failed)

        // The next push, by the node that took the lease over, replaces it: one status per kind and upstream.
        let partial = SyncStatus(
            kind: .push, upstream: centre, node: "node-b/202/5e6f7a8b", attemptedAt: Self.t0 + 30, succeededAt: Self.t0 + 30, outcome: .partial,
            message: "kursus tidak diterbitkan", sent: 12, refused: 2
        )
        try await nodeB.saveSyncStatus(partial)
        #expect(try await nodeA.syncStatus(.push, upstream: centre) == partial)

        let other = SyncStatus(
            kind: .push, upstream: "https://lain.example", node: "node-a/101/1a2b3c4d", attemptedAt: Self.t0 + 40, succeededAt: Self.t0 + 40,
            outcome: .succeeded, message: nil
        )
        let mirror = SyncStatus(
            kind: .mirror, upstream: centre, node: "node-a/101/1a2b3c4d", attemptedAt: Self.t0 + 50, succeededAt: nil, outcome: .partial,
            message: "kursus-2: hash berbeda", detail: "kursus-1@1a2b3c4d"
        )
        try await nodeA.saveSyncStatus(other)
        try await nodeA.saveSyncStatus(mirror)
        // By kind, then upstream, in byte order.
        #expect(try await nodeA.syncStatuses() == [mirror, other, partial])
        #expect(try await nodeB.syncStatuses() == [mirror, other, partial])
        #expect(try await nodeB.syncStatus(.mirror, upstream: "https://lain.example") == nil)
    }

    // MARK: An upstream's roster

    @Test(arguments: StoreKind.allCases)
    func anUpstreamsRosterAddsAndUpdatesLearnersButNeverStaff(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let agus = try await Self.makeAccount(store, Self.agus, "Agus Salim", role: .operator)
        let budiNIP = try NIP(validating: Self.budi)
        let dewiNIP = try NIP(validating: Self.dewi)

        let addedOutcome = try await store.upsertRosterLearner(
            nip: budiNIP, name: "Budi Santoso", unit: Self.unit(Self.bkpsdm), status: .pns, position: "Analis", passwordHash: nil
        )
        #expect(addedOutcome == .added)
        let added = try #require(try await store.account(nip: budiNIP))
        #expect(added.name == "Budi Santoso" && added.unit == Self.unit(Self.bkpsdm) && added.status == .pns && added.position == "Analis")
        #expect(added.role == .learner && added.isActive)
        // An upstream that shares the password hash.
        #expect(
            try await store.upsertRosterLearner(
                nip: dewiNIP, name: "Dewi Lestari", unit: Self.unit(Self.diskominfo), status: .pppk, position: "", passwordHash: "hash-pusat"
            ) == .added
        )
        #expect(try await store.account(nip: dewiNIP)?.passwordHash == "hash-pusat")

        // A learner already here is updated; without a hash, the password stays.
        #expect(
            try await store.upsertRosterLearner(
                nip: budiNIP, name: "Budi Santoso, S.E.", unit: Self.unit(Self.diskominfo), status: .pppk, position: "Kepala Seksi", passwordHash: nil
            ) == .updated
        )
        let updated = try #require(try await store.account(nip: budiNIP))
        #expect(updated.id == added.id && updated.name == "Budi Santoso, S.E." && updated.unit == Self.unit(Self.diskominfo))
        #expect(updated.status == .pppk && updated.position == "Kepala Seksi" && updated.passwordHash == added.passwordHash)
        #expect(
            try await store.upsertRosterLearner(
                nip: budiNIP, name: "Budi Santoso, S.E.", unit: Self.unit(Self.diskominfo), status: .pppk, position: "Kepala Seksi",
                passwordHash: "hash-baru"
            ) == .updated
        )
        #expect(try await store.account(nip: budiNIP)?.passwordHash == "hash-baru")

        // A NIP of another role here is left as it is.
        #expect(
            try await store.upsertRosterLearner(
                nip: agus.nip, name: "Bukan Agus", unit: Self.unit(Self.bantul), status: .pns, position: "", passwordHash: "hash-lain"
            ) == .collision(.operator)
        )
        #expect(try await store.account(id: agus.id) == agus)

        let found = try await store.accounts(nips: [budiNIP, dewiNIP, try NIP(validating: Self.eko), agus.nip])
        #expect(Set(found.map(\.nip.digits)) == [Self.budi, Self.dewi, Self.agus])
        #expect(found.first { $0.nip == agus.nip } == agus)
        #expect(try await store.accounts(nips: []).isEmpty)
    }
}
