import Foundation
import LenteraCore
import Testing

@testable import LenteraStore

/// The contract of the audit trail and of roster imports.
extension RepositoryContractTests {
    /// An entry without its id, to compare with the entry as recorded.
    static func withoutID(_ event: AuditEvent) -> AuditEvent {
        var event = event
        event.id = 0
        return event
    }

    // MARK: The audit trail

    @Test(arguments: StoreKind.allCases)
    func theAuditTrailIsFilteredPagedAndReadNewestFirst(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let t0 = Self.t0
        let trail = [
            AuditEvent(date: t0, action: .signIn, actor: Self.budi, subject: Self.budi, unit: Self.unit(Self.bkpsdm), address: "10.0.0.1"),
            AuditEvent(date: t0 + 60, action: .signInFailed, actor: nil, subject: Self.dewi, unit: Self.unit(Self.diskominfo), address: "10.0.0.2"),
            AuditEvent(
                date: t0 + 120, action: .transferred, actor: Self.agus, subject: Self.budi, unit: Self.unit(Self.diskominfo),
                detail: "unit: Pemkab Sleman > BKPSDM → Pemkab Sleman > Diskominfo"
            ),
            AuditEvent(date: t0 + 180, action: .nodeAdded, actor: "cli", detail: "node bkpsdm-sleman"),
            AuditEvent(
                date: t0 + 240, action: .deactivated, actor: Self.agus, subject: Self.eko, unit: Self.unit(Self.bantul),
                detail: "aktif: ya → tidak (pensiun)"
            ),
        ]
        try await store.record(Array(trail[0..<2]))
        try await store.record(Array(trail[2...]))
        try await store.record([])

        let all = try await store.auditEvents(AuditFilter(), offset: 0, limit: 10)
        #expect(all.total == 5)
        #expect(all.events.map(Self.withoutID) == Array(trail.reversed()))
        #expect(Set(all.events.map(\.id)).count == 5 && !all.events.contains { $0.id == 0 })

        /// Entries named by their place in `trail` (`e1` is the oldest), and how many match in all.
        func names(_ events: [AuditEvent]) -> String {
            events.map { event in trail.firstIndex(of: Self.withoutID(event)).map { "e\($0 + 1)" } ?? "?" }.joined(separator: ",")
        }
        func shown(_ filter: AuditFilter, offset: Int = 0, limit: Int = 10) async throws -> String {
            let page = try await store.auditEvents(filter, offset: offset, limit: limit)
            return names(page.events) + " / \(page.total)"
        }

        #expect(try await shown(AuditFilter()) == "e5,e4,e3,e2,e1 / 5")
        #expect(try await shown(AuditFilter(), offset: 1, limit: 2) == "e4,e3 / 5")
        #expect(try await shown(AuditFilter(), offset: 5, limit: 2) == " / 5")
        #expect(try await shown(AuditFilter(action: .transferred)) == "e3 / 1")
        // A NIP finds the entries it is the actor or the subject of.
        #expect(try await shown(AuditFilter(nip: Self.budi)) == "e3,e1 / 2")
        #expect(try await shown(AuditFilter(nip: Self.agus)) == "e5,e3 / 2")
        #expect(try await shown(AuditFilter(nip: Self.citra)) == " / 0")
        #expect(try await shown(AuditFilter(from: t0 + 30, until: t0 + 150)) == "e3,e2 / 2")
        #expect(try await shown(AuditFilter(nip: Self.budi, from: t0 + 30)) == "e3 / 1")
        // A unit subtree holds the entries about its people (an entry about nobody's unit is in none).
        #expect(try await shown(AuditFilter(unit: Self.unit(Self.sleman))) == "e3,e2,e1 / 3")
        #expect(try await shown(AuditFilter(unit: Self.unit(Self.bkpsdm))) == "e1 / 1")
        #expect(try await shown(AuditFilter(action: .signIn, unit: Self.unit(Self.sleman))) == "e1 / 1")
        #expect(try await shown(AuditFilter(action: .deactivated, unit: Self.unit(Self.sleman))) == " / 0")
        #expect(try await shown(AuditFilter(action: .signIn, unit: Self.unit(Self.sleman)), limit: 1) == "e1 / 1")

        /// Each batch handed over.
        func batches(_ filter: AuditFilter, batch: Int) async throws -> [String] {
            var handed: [String] = []
            try await store.eachAuditEvent(filter, batch: batch) { events in handed.append(names(events)) }
            return handed
        }
        #expect(try await batches(AuditFilter(), batch: 2) == ["e5,e4", "e3,e2", "e1"])
        #expect(try await batches(AuditFilter(), batch: 5) == ["e5,e4,e3,e2,e1"])
        #expect(try await batches(AuditFilter(unit: Self.unit(Self.sleman)), batch: 2) == ["e3,e2", "e1"])
        #expect(try await batches(AuditFilter(nip: Self.agus), batch: 1) == ["e5", "e3"])
        #expect(try await batches(AuditFilter(action: .passwordReset), batch: 2).isEmpty)

        // Entries of one moment are each handed over once across batches, in the order of the pages.
        let burst = (1...5).map {
            AuditEvent(date: t0 + 300, action: .signInFailed, actor: nil, subject: Self.citra, detail: "percobaan \($0)", address: "10.0.0.3")
        }
        try await store.record(burst)
        var streamed: [AuditEvent] = []
        var sizes: [Int] = []
        try await store.eachAuditEvent(AuditFilter(), batch: 3) { events in
            streamed += events
            sizes.append(events.count)
        }
        let paged = try await store.auditEvents(AuditFilter(), offset: 0, limit: 100)
        #expect(paged.total == 10 && streamed == paged.events)
        #expect(sizes == [3, 3, 3, 1])
        #expect(Set(streamed.map(\.id)).count == 10)
        #expect(Set(streamed.prefix(5).map(\.detail)) == Set(burst.map(\.detail)))
        let firstPage = try await store.auditEvents(AuditFilter(nip: Self.citra), offset: 0, limit: 3)
        let secondPage = try await store.auditEvents(AuditFilter(nip: Self.citra), offset: 3, limit: 3)
        #expect((firstPage.events + secondPage.events).map(\.id) == paged.events.prefix(5).map(\.id))
    }

    // MARK: Roster imports

    @Test(arguments: StoreKind.allCases)
    func aRosterImportIsPreviewedAppliedInBatchesAndConfirmed(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let admin = try await Self.makeAccount(store, Self.admin, "Admin Pusat", unit: Self.sleman, role: .admin)
        let budi = try await Self.makeAccount(store, Self.budi, "Budi Santoso")
        let citra = try await Self.makeAccount(store, Self.citra, "Citra Dewi")
        let csv = """
            nip,nama,unit
            \(Self.budi),Budi Santoso; aktif: ya → tidak,Pemkab Sleman > Diskominfo
            \(Self.dewi),Dewi Lestari,Pemkab Sleman > BKPSDM
            \(Self.eko),Eko Budiman,Pemkab Sleman > BKPSDM

            """

        // Uploaded: kept as a preview.
        let id = try await store.createRosterImport(actor: admin, csv: csv, deactivateMissing: true, at: Self.t0)
        #expect(
            try await store.rosterImport(id: id) == RosterImportRecord(
                id: id, actorID: admin.id, actorNIP: Self.admin, createdAt: Self.t0, state: .previewed, csv: csv, deactivateMissing: true, total: 0,
                done: 0
            )
        )
        let fromCLI = try await store.createRosterImport(actor: nil, csv: csv, deactivateMissing: false, at: Self.t0 + 10)
        let cliRecord = try #require(try await store.rosterImport(id: fromCLI))
        #expect(cliRecord.actorID == nil && cliRecord.actorNIP == "cli" && cliRecord.state == .previewed && !cliRecord.deactivateMissing)
        #expect(try await store.rosterImport(id: max(id, fromCLI) + 100) == nil)
        #expect(try await store.openRosterImports(actorID: admin.id).map(\.id) == [id])
        #expect(try await store.openRosterImports(actorID: nil).map(\.id) == [fromCLI, id])  // newest first
        #expect(try await store.rosterImportsApplying().isEmpty)

        // The plan: Budi moves, Dewi and Eko are added, Citra (missing from a complete roster) is deactivated.
        let roster = Roster(csv: csv)
        #expect(roster.rejections.isEmpty)
        let listed = try await store.accounts(nips: roster.rows.map(\.nip))
        let existing = Dictionary(uniqueKeysWithValues: listed.map { ($0.nip, $0) })
        let inScope = try await store.accounts(under: Self.unit(Self.sleman))
        let plan = RosterPlan.make(roster, existing: existing, actor: admin, deactivateMissing: true, inScope: inScope, at: Self.t0)
        #expect(plan.additions.count == 2 && plan.changes.count == 1 && plan.deactivations.count == 1)

        #expect(try await store.startRosterImport(id: id, plan: plan))
        #expect(try await store.startRosterImport(id: id, plan: plan) == false)  // started once
        var record = try #require(try await store.rosterImport(id: id))
        #expect(record.state == .applying && record.total == 4 && record.done == 0)
        #expect(try await store.rosterImportsApplying().map(\.id) == [id])

        let rows = try await store.rosterRows(importID: id)
        #expect(rows.map(\.seq) == rows.map(\.seq).sorted() && Set(rows.map(\.seq)).count == 4)
        let kinds = Dictionary(uniqueKeysWithValues: rows.map { ($0.nip, $0.kind) })
        #expect(kinds == [Self.dewi: .add, Self.eko: .add, Self.budi: .change, Self.citra: .deactivate])
        #expect(rows.allSatisfy { !$0.applied && $0.password == nil })
        let dewiRow = try #require(rows.first { $0.nip == Self.dewi })
        #expect(dewiRow.name == "Dewi Lestari" && dewiRow.unit == "Pemkab Sleman > BKPSDM" && dewiRow.line == 3)

        // Between the preview and the write, Eko was registered elsewhere.
        let ekoElsewhere = try await Self.makeAccount(store, Self.eko, "Eko dari Kantor Lain", unit: Self.bantul)

        func apply(_ pending: [(row: RosterImportRow, payload: Data)], at date: Date) async throws {
            try await store.applyRosterRows(
                importID: id,
                rows: pending.map { item -> (row: RosterImportRow, payload: Data, password: String?, hash: String?) in
                    let isNew = item.row.kind == .add
                    return (row: item.row, payload: item.payload, password: isNew ? "sandi-\(item.row.nip.suffix(3))" : nil,
                            hash: isNew ? "hash-\(item.row.nip.suffix(3))" : nil)
                },
                actor: Self.admin, at: date
            )
        }
        // Applied in batches, the next rows in order each time.
        let firstBatch = try await store.pendingRosterRows(importID: id, limit: 2)
        #expect(firstBatch.map { $0.row } == Array(rows.prefix(2)))
        try await apply(firstBatch, at: Self.t0 + 60)
        record = try #require(try await store.rosterImport(id: id))
        #expect(record.state == .applying && record.done == 2 && record.total == 4)
        let secondBatch = try await store.pendingRosterRows(importID: id, limit: 10)
        #expect(secondBatch.map { $0.row } == Array(rows.suffix(2)))
        try await apply(secondBatch, at: Self.t0 + 120)
        // Both batches again (a second node with a stale read, or a retry) write nothing twice.
        try await apply(firstBatch, at: Self.t0 + 150)
        try await apply(secondBatch, at: Self.t0 + 150)
        record = try #require(try await store.rosterImport(id: id))
        #expect(record.state == .applied && record.done == 4 && record.total == 4)
        #expect(try await store.rosterImportsApplying().isEmpty)
        #expect(try await store.pendingRosterRows(importID: id, limit: 10).isEmpty)

        // What it wrote.
        let dewi = try #require(try await store.account(nip: try NIP(validating: Self.dewi)))
        #expect(dewi.name == "Dewi Lestari" && dewi.unit == Self.unit(Self.bkpsdm) && dewi.role == .learner && dewi.isActive)
        #expect(dewi.passwordHash == "hash-004" && dewi.mustChangePassword)
        #expect(try await store.account(id: budi.id)?.unit == Self.unit(Self.diskominfo))
        #expect(try await store.account(id: citra.id)?.deactivation == Deactivation(reason: .left, date: Self.t0))
        // A NIP registered since the preview is left as it is, and gets no temporary password.
        #expect(try await store.account(id: ekoElsewhere.id) == ekoElsewhere)
        let applied = try await store.rosterRows(importID: id)
        #expect(applied.allSatisfy { $0.applied })
        #expect(
            Dictionary(uniqueKeysWithValues: applied.map { ($0.nip, $0.password) })
                == [Self.dewi: "sandi-004", Self.eko: nil, Self.budi: nil, Self.citra: nil]
        )
        // With its audit entries, made by the importer.
        let audit = try await store.auditEvents(AuditFilter(nip: Self.admin), offset: 0, limit: 20).events
        let actions = Dictionary(grouping: audit, by: { $0.subject ?? "" }).mapValues { Set($0.map(\.action)) }
        // Budi's new name reads like a deactivation: it is a name, and his entry says so.
        #expect(actions == [Self.dewi: [.accountCreated], Self.budi: [.transferred, .accountChanged], Self.citra: [.deactivated]])
        #expect(audit.count == 4)
        #expect(audit.contains { $0.action == .accountChanged && $0.detail == "nama: Budi Santoso → Budi Santoso; aktif: ya → tidak (impor #\(id))" })
        #expect(audit.allSatisfy { $0.actor == Self.admin })

        // Until the passwords are handed out, the import stays open; confirming forgets them.
        #expect(try await store.openRosterImports(actorID: admin.id).map(\.id) == [id])
        try await store.confirmRosterImport(id: id)
        #expect(try await store.rosterImport(id: id)?.state == .confirmed)
        #expect(try await store.rosterRows(importID: id).allSatisfy { $0.password == nil && $0.applied })
        #expect(try await store.openRosterImports(actorID: admin.id).isEmpty)

        // A previewed import can be cancelled instead, and is then never applied.
        try await store.cancelRosterImport(id: fromCLI)
        #expect(try await store.rosterImport(id: fromCLI)?.state == .cancelled)
        #expect(try await store.startRosterImport(id: fromCLI, plan: plan) == false)
        #expect(try await store.rosterRows(importID: fromCLI).isEmpty)
        #expect(try await store.openRosterImports(actorID: nil).isEmpty)
    }
}
