import Foundation
import LenteraCore
import LenteraTestSupport
import Testing

@testable import LenteraStore

/// A store the contract runs against. Every contract test runs once per kind, on a new, empty database.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// A new, empty store. PostgreSQL runs in a throwaway cluster (``TestPostgres``); when it is not installed, opening
    /// throws and the test fails: the contract is never skipped.
    func open() async throws -> any LenteraDatabase {
        switch self {
        case .sqlite: return try SQLiteStore(path: try Self.newSQLitePath())
        case .postgres: return try await PostgresStore(url: try await TestPostgres.newDatabase(), maximumConnections: 6)
        }
    }

    /// Two stores on one new database, as two processes (SQLite) or two nodes (PostgreSQL) share it.
    func openTwice() async throws -> (any LenteraDatabase, any LenteraDatabase) {
        switch self {
        case .sqlite:
            let path = try Self.newSQLitePath()
            return (try SQLiteStore(path: path), try SQLiteStore(path: path))
        case .postgres:
            let url = try await TestPostgres.newDatabase()
            return (try await PostgresStore(url: url, maximumConnections: 6), try await PostgresStore(url: url, maximumConnections: 6))
        }
    }

    static func newSQLitePath() throws -> String {
        let folder = NSTemporaryDirectory() + "lentera-contract-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder + "/lentera.sqlite"
    }
}

/// The repository contract (``LenteraDatabase``): the same tests against every store. Expected values are what the
/// protocols' documentation promises, written out, never copied from one store's answers.
///
/// Quiz attempts are in `RepositoryContractTests+Quiz.swift`, upward sync in `+Sync.swift`, roster imports and the
/// audit trail in `+Roster.swift`.
@Suite struct RepositoryContractTests {
    // MARK: Fixtures

    /// A fixed moment (2027-01-15 08:00 UTC, 15:00 in Western Indonesian Time), in whole seconds so that every store
    /// gives it back exactly.
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static let budi = "198503152010011001"
    static let citra = "198601012010012002"
    static let agus = "198702022010011003"
    static let dewi = "199001012015032004"
    static let eko = "199101012015031005"
    static let fajar = "199202022016011006"
    static let hadi = "199303032017011007"
    static let admin = "198001012005011008"

    static let sleman = "Pemkab Sleman"
    static let bkpsdm = "Pemkab Sleman > BKPSDM"
    static let diskominfo = "Pemkab Sleman > Diskominfo"
    static let bantul = "Pemkab Bantul"

    static func unit(_ text: String) -> UnitPath {
        UnitPath(parsing: text)!
    }

    static func makeAccount(
        _ store: any LenteraDatabase, _ nip: String, _ name: String, unit: String = RepositoryContractTests.bkpsdm, role: Role = .learner,
        status: EmployeeStatus = .pns
    ) async throws -> Account {
        try await store.createAccount(
            NewAccount(nip: try NIP(validating: nip), name: name, unit: Self.unit(unit), status: status, role: role, passwordHash: "x",
                       mustChangePassword: false)
        )
    }

    /// A date cut to whole seconds (sessions expire relative to the real clock).
    static func wholeSeconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    /// What a call did: its value or its error (for calls made at once).
    static func outcome<T: Sendable>(_ body: @Sendable () async throws -> T) async -> Result<T, any Error> {
        do { return .success(try await body()) } catch { return .failure(error) }
    }

    // MARK: Accounts

    @Test(arguments: StoreKind.allCases)
    func accountsAreFoundByNIPIdAndUnitSubtree(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let budi = try await Self.makeAccount(store, Self.budi, "Budi Santoso", unit: "Pemkab Sleman > BKPSDM > Bidang A")
        let dewi = try await Self.makeAccount(store, Self.dewi, "Dewi Lestari", unit: Self.diskominfo)
        let near = try await Self.makeAccount(store, Self.eko, "Eko Budiman", unit: "Pemkab Sleman > BKPSDM2")

        #expect(budi.nip.digits == Self.budi && budi.name == "Budi Santoso" && budi.role == .learner && budi.isActive)
        #expect(Set([budi.id, dewi.id, near.id]).count == 3)
        #expect(try await store.account(nip: budi.nip) == budi)
        #expect(try await store.account(id: budi.id) == budi)
        #expect(try await store.account(nip: try NIP(validating: Self.citra)) == nil)
        #expect(try await store.account(id: max(budi.id, dewi.id, near.id) + 1000) == nil)
        // A subtree is its unit and what lies below it: BKPSDM2 is not below BKPSDM.
        #expect(try await store.accounts(under: Self.unit(Self.bkpsdm)).map(\.id) == [budi.id])
        #expect(try await store.accounts(under: Self.unit(Self.sleman)).map(\.id) == [budi.id, near.id, dewi.id])
        #expect(try await store.accounts(under: nil).map(\.id) == [budi.id, near.id, dewi.id])
        #expect(try await store.accounts(under: Self.unit(Self.bantul)).isEmpty)

        await #expect(throws: StoreError.duplicateNIP) { _ = try await Self.makeAccount(store, Self.budi, "Orang Lain", unit: Self.bantul) }
        #expect(try await store.account(nip: budi.nip) == budi)
    }

    @Test(arguments: StoreKind.allCases)
    func unitsWithNonASCIINamesScopeCorrectly(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let a = try await Self.makeAccount(store, Self.budi, "Budi", unit: "Dinas Pendidikan – Kab. Sleman > Bidang Guru")
        _ = try await Self.makeAccount(store, Self.dewi, "Dewi", unit: "Dinas Pendidikan – Kab. Slemanx")
        #expect(try await store.accounts(under: Self.unit("Dinas Pendidikan – Kab. Sleman")).map(\.id) == [a.id])
    }

    @Test(arguments: StoreKind.allCases)
    func aPageOfAccountsIsSearchedByNIPOrNameAndCountsEveryMatch(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        _ = try await Self.makeAccount(store, Self.budi, "Budi Santoso")
        _ = try await Self.makeAccount(store, Self.citra, "Citra Dewi")
        _ = try await Self.makeAccount(store, Self.agus, "Agus Salim", role: .operator)
        _ = try await Self.makeAccount(store, Self.dewi, "Dewi Lestari", unit: Self.diskominfo)
        _ = try await Self.makeAccount(store, Self.eko, "Eko Budiman", unit: Self.bantul)
        let sleman = Self.unit(Self.sleman)

        /// The names on a page, in order, and how many match in all.
        func page(_ unit: UnitPath?, _ search: String = "", learnersOnly: Bool = false, offset: Int = 0, limit: Int = 10) async throws -> String {
            let found = try await store.accountsPage(under: unit, search: search, learnersOnly: learnersOnly, offset: offset, limit: limit)
            return found.accounts.map(\.name).joined(separator: ", ") + " / \(found.total)"
        }

        // Ordered by unit, then name.
        #expect(try await page(nil) == "Eko Budiman, Agus Salim, Budi Santoso, Citra Dewi, Dewi Lestari / 5")
        #expect(try await page(sleman, learnersOnly: true, limit: 2) == "Budi Santoso, Citra Dewi / 3")
        #expect(try await page(sleman, learnersOnly: true, offset: 2, limit: 2) == "Dewi Lestari / 3")
        #expect(try await page(sleman, limit: 2) == "Agus Salim, Budi Santoso / 4")
        #expect(try await page(nil, offset: 10) == " / 5")
        // Part of a name, in any case.
        #expect(try await page(nil, "budi") == "Eko Budiman, Budi Santoso / 2")
        #expect(try await page(nil, "BUDI") == "Eko Budiman, Budi Santoso / 2")
        #expect(try await page(sleman, "budi") == "Budi Santoso / 1")
        #expect(try await page(nil, "Salim", learnersOnly: true) == " / 0")
        // The start of a NIP.
        #expect(try await page(nil, "1985") == "Budi Santoso / 1")
        #expect(try await page(nil, "19850315 2010") == "Budi Santoso / 1")  // spaced as printed on cards
        #expect(try await page(nil, "198", learnersOnly: true) == "Budi Santoso, Citra Dewi / 2")
        #expect(try await page(nil, "0315") == " / 0")
        // A wildcard typed in the search is a character, not a pattern.
        #expect(try await page(nil, "%") == " / 0")
        #expect(try await page(nil, "_") == " / 0")
    }

    @Test(arguments: StoreKind.allCases)
    func accountChangesAreStoredWithTheirAuditEntriesAndEndSessionsWhenTheyMust(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let budi = try await Self.makeAccount(store, Self.budi, "Budi Santoso")

        try await store.setPassword(accountID: budi.id, hash: "hash-sementara", mustChange: true)
        var stored = try #require(try await store.account(id: budi.id))
        #expect(stored.passwordHash == "hash-sementara" && stored.mustChangePassword)
        try await store.setPassword(accountID: budi.id, hash: "hash-sendiri", mustChange: false)
        stored = try #require(try await store.account(id: budi.id))
        #expect(stored.passwordHash == "hash-sendiri" && !stored.mustChangePassword)

        let expires = Self.wholeSeconds(Date().addingTimeInterval(3600))
        try await store.createSession(StoredSession(tokenHash: "sesi-1", accountID: budi.id, csrfToken: "csrf-1", expires: expires))

        // A transfer keeps the session, which carries the account as it is now.
        let (moved, transfer) = try AccountRules.apply(AccountChange(unit: Self.unit(Self.diskominfo)), to: stored, by: nil)
        try await store.updateAccount(moved, audit: AuditEvent.changes(transfer, of: moved, by: "cli", at: Self.t0, address: nil))
        #expect(try await store.account(id: budi.id) == moved)
        #expect(try await store.signedInAccount(tokenHash: "sesi-1")?.1 == moved)

        // A changed role ends the account's sessions.
        let (author, promotion) = try AccountRules.apply(AccountChange(role: .author), to: moved, by: nil)
        try await store.updateAccount(author, audit: AuditEvent.changes(promotion, of: author, by: "cli", at: Self.t0 + 60, address: "10.0.0.9"))
        #expect(try await store.signedInAccount(tokenHash: "sesi-1") == nil)
        #expect(try await store.account(id: budi.id)?.role == .author)

        // So does a deactivation, which is stored with its reason and date.
        try await store.createSession(StoredSession(tokenHash: "sesi-2", accountID: budi.id, csrfToken: "csrf-2", expires: expires))
        #expect(try await store.signedInAccount(tokenHash: "sesi-2")?.1 == author)
        let leaving = Deactivation(reason: .retired, date: Self.t0 + 120)
        let (retired, retirement) = try AccountRules.apply(AccountChange(deactivation: .some(leaving)), to: author, by: nil)
        try await store.updateAccount(retired, audit: AuditEvent.changes(retirement, of: retired, by: Self.agus, at: Self.t0 + 120, address: nil))
        #expect(try await store.signedInAccount(tokenHash: "sesi-2") == nil)
        #expect(try await store.account(id: budi.id) == retired)
        #expect(try await store.account(id: budi.id)?.deactivation == leaving)

        let trail = try await store.auditEvents(AuditFilter(nip: Self.budi), offset: 0, limit: 10)
        #expect(trail.total == 3)
        #expect(trail.events.map(\.action) == [.deactivated, .roleChanged, .transferred])
        #expect(trail.events.map(\.actor) == [Self.agus, "cli", "cli"])
        #expect(trail.events.map(\.date) == [Self.t0 + 120, Self.t0 + 60, Self.t0])
        #expect(trail.events[1].address == "10.0.0.9")
        #expect(trail.events[2].detail == "unit: Pemkab Sleman > BKPSDM → Pemkab Sleman > Diskominfo")
        #expect(trail.events[2].subject == Self.budi && trail.events[2].unit == Self.unit(Self.diskominfo))

        // An account that does not exist is not found, and nothing of the change is written.
        var ghost = retired
        ghost.id = retired.id + 1000
        let missing = ghost
        await #expect(throws: StoreError.notFound) {
            try await store.updateAccount(
                missing, audit: [AuditEvent(date: Self.t0 + 180, action: .accountChanged, actor: "cli", subject: Self.budi)]
            )
        }
        await #expect(throws: StoreError.notFound) { try await store.setPassword(accountID: missing.id, hash: "x", mustChange: false) }
        #expect(try await store.account(id: missing.id) == nil)
        #expect(try await store.auditEvents(AuditFilter(nip: Self.budi), offset: 0, limit: 10).total == 3)
    }

    // MARK: Sessions

    @Test(arguments: StoreKind.allCases)
    func sessionsExpireEndAndNeverOpenADeactivatedAccount(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let budi = try await Self.makeAccount(store, Self.budi, "Budi Santoso")
        let dewi = try await Self.makeAccount(store, Self.dewi, "Dewi Lestari")
        let later = Self.wholeSeconds(Date().addingTimeInterval(3600))
        let live = StoredSession(tokenHash: "a", accountID: budi.id, csrfToken: "csrf-a", expires: later)
        try await store.createSession(live)
        try await store.createSession(
            StoredSession(tokenHash: "b", accountID: budi.id, csrfToken: "csrf-b", expires: Self.wholeSeconds(Date().addingTimeInterval(-60)))
        )
        try await store.createSession(StoredSession(tokenHash: "c", accountID: budi.id, csrfToken: "csrf-c", expires: later))
        try await store.createSession(StoredSession(tokenHash: "d", accountID: dewi.id, csrfToken: "csrf-d", expires: later))

        let (session, account) = try #require(try await store.signedInAccount(tokenHash: "a"))
        #expect(session == live && account == budi)
        #expect(try await store.signedInAccount(tokenHash: "b") == nil)  // expired
        #expect(try await store.signedInAccount(tokenHash: "tidak-ada") == nil)

        try await store.deleteSession(tokenHash: "a")
        #expect(try await store.signedInAccount(tokenHash: "a") == nil)
        #expect(try await store.signedInAccount(tokenHash: "c")?.0.csrfToken == "csrf-c")

        try await store.deleteSessions(accountID: budi.id)
        #expect(try await store.signedInAccount(tokenHash: "c") == nil)
        #expect(try await store.signedInAccount(tokenHash: "d")?.1 == dewi)  // another account's session stays

        // A deactivation ends the account's sessions, and a session of a deactivated account opens nothing.
        let leaving = AccountChange(deactivation: .some(Deactivation(reason: .left, date: Self.t0)))
        let (gone, changes) = try AccountRules.apply(leaving, to: dewi, by: nil)
        try await store.updateAccount(gone, audit: AuditEvent.changes(changes, of: gone, by: "cli", at: Self.t0, address: nil))
        #expect(try await store.signedInAccount(tokenHash: "d") == nil)
        try await store.createSession(StoredSession(tokenHash: "e", accountID: dewi.id, csrfToken: "csrf-e", expires: later))
        #expect(try await store.signedInAccount(tokenHash: "e") == nil)
    }

    // MARK: Sign-in throttles

    @Test(arguments: StoreKind.allCases)
    func failedSignInsAreCountedPerNIPAndAddressUntilOneSucceeds(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let limits = SignInLimits(maximumPerNIP: 3, maximumPerAddress: 5, window: 600)
        let budi = SignInLimits.keys(nip: Self.budi, address: "10.0.0.1")
        let citra = SignInLimits.keys(nip: Self.citra, address: "10.0.0.1")
        let dewi = SignInLimits.keys(nip: Self.dewi, address: "10.0.0.1")
        let eko = SignInLimits.keys(nip: Self.eko, address: "10.0.0.2")
        let t0 = Self.t0
        func begin(_ keys: (nip: String, address: String), at date: Date) async throws -> TimeInterval? {
            try await store.beginSignIn(nipKey: keys.nip, addressKey: keys.address, limits: limits, at: date)
        }

        // Each attempt counts as a failure until it succeeds: the fourth for one NIP waits for the first to leave the window.
        #expect(try await begin(budi, at: t0) == nil)
        #expect(try await begin(budi, at: t0 + 1) == nil)
        #expect(try await begin(budi, at: t0 + 2) == nil)
        #expect(try await begin(budi, at: t0 + 3) == 597)
        // The address counts every NIP's attempts; a refused attempt is not counted.
        #expect(try await begin(citra, at: t0 + 4) == nil)
        #expect(try await begin(dewi, at: t0 + 5) == nil)
        #expect(try await begin(dewi, at: t0 + 6) == 594)
        // Failures older than the window no longer count.
        #expect(try await begin(dewi, at: t0 + 700) == nil)

        // A success forgets the NIP's failures and the address's pending attempt: three more attempts pass (the address
        // holds two failures, not three), and only the fourth waits.
        #expect(try await begin(eko, at: t0 + 10) == nil)
        #expect(try await begin(eko, at: t0 + 11) == nil)
        #expect(try await begin(eko, at: t0 + 12) == nil)
        try await store.signInSucceeded(nipKey: eko.nip, addressKey: eko.address)
        #expect(try await begin(eko, at: t0 + 13) == nil)
        #expect(try await begin(eko, at: t0 + 14) == nil)
        #expect(try await begin(eko, at: t0 + 15) == nil)
        #expect(try await begin(eko, at: t0 + 16) == 597)
    }

    @Test(arguments: StoreKind.allCases)
    func parallelSignInsOfOneNIPCannotAllPass(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let limits = SignInLimits(maximumPerNIP: 3, maximumPerAddress: 100, window: 600)
        let keys = SignInLimits.keys(nip: Self.budi, address: "10.0.0.1")
        let allowed = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<12 {
                group.addTask { try await store.beginSignIn(nipKey: keys.nip, addressKey: keys.address, limits: limits, at: Self.t0) == nil }
            }
            return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(allowed == 3)
    }

    // MARK: The database

    @Test(arguments: StoreKind.allCases)
    func theDatabaseTakesWritesSaysWhereItIsAndShutsDown(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        try await store.checkWritable()
        switch kind {
        case .sqlite: #expect(store.location.hasSuffix("/lentera.sqlite"))
        case .postgres: #expect(store.location.hasPrefix("postgres://"))
        }
        try await store.shutDown()
    }

    @Test(arguments: StoreKind.allCases)
    func aSecondStoreOnTheSameDatabaseSeesTheFirstsWrites(_ kind: StoreKind) async throws {
        let (first, second) = try await kind.openTwice()
        let budi = try await Self.makeAccount(first, Self.budi, "Budi Santoso")
        #expect(try await second.account(nip: budi.nip) == budi)
        await #expect(throws: StoreError.duplicateNIP) { _ = try await Self.makeAccount(second, Self.budi, "Budi Lain") }

        // An attempt started on one is answered on the other with the questions as shown, and graded once.
        let attempt = try await Self.start(first, budi)
        let (seen, _) = try #require(try await second.attempt(attempt.key, policy: Self.policy, at: Self.t0))
        #expect(seen == attempt)
        let graded = try await second.submit(attempt.key, answers: ["q1": .choices(["a"])], cleared: [], policy: Self.policy, at: Self.t0 + 10)
        #expect(graded.score == 1)
        await #expect(throws: QuizRefusal.alreadySubmitted) {
            _ = try await first.submit(attempt.key, answers: [:], cleared: [], policy: Self.policy, at: Self.t0 + 20)
        }
        #expect(try await first.attempts(accountID: budi.id, courseID: "c", quizID: "k", policy: Self.policy, at: Self.t0 + 30) == [graded])
    }
}
