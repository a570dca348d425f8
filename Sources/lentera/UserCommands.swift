import ArgumentParser
import Foundation
import HummingbirdBcrypt
import LenteraCore
import LenteraStore
import LenteraWeb
import Logging

struct User: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create and manage learner, author, operator and admin accounts.",
        subcommands: [AddUser.self, ImportUsers.self, SetUser.self, SetPassword.self, DeactivateUser.self, ActivateUser.self]
    )
}

struct AddUser: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Create one account; the password is read from standard input and used as is."
    )

    @Option(help: "The 18-digit NIP.") var nip: String
    @Option(help: "The full name.") var name: String
    @Option(help: "The unit: Instansi > Unit > Sub-unit.") var unit: String
    @Option(help: "learner, author, operator or admin.") var role = "learner"
    @Option(help: "The position (jabatan).") var position = ""
    @Option(help: "PNS or PPPK.") var status = "PNS"
    @Option(help: "An e-mail address.") var email: String?
    @Option(help: "The data directory.") var data = "data"
    @Option(help: databaseHelp) var database: String?

    func run() async throws {
        let parsedNIP: NIP
        do { parsedNIP = try NIP(validating: nip) } catch { fail("NIP: \(error.message(in: .indonesian))") }
        guard let unitPath = UnitPath(parsing: unit) else { fail("unit kerja tidak valid: \(unit)") }
        guard let parsedRole = Role(rawValue: role.lowercased()) else { fail("peran tidak dikenal: \(role)") }
        guard let parsedStatus = EmployeeStatus(rawValue: status.uppercased()) else { fail("status harus PNS atau PPPK") }
        guard let line = readLine(strippingNewline: true), line.count >= 8 else {
            fail("tulis kata sandi (minimal 8 karakter) di masukan standar")
        }
        var record = NewAccount(
            nip: parsedNIP, name: name, unit: unitPath, position: position, status: parsedStatus, email: email, role: parsedRole, passwordHash: "",
            mustChangePassword: false
        )
        do { try AccountRules.refuseControlCharacters(in: record) } catch { fail(error.message(in: .indonesian)) }
        record.passwordHash = Bcrypt.hash(line, cost: RosterImport.bcryptCost)
        let store = try await openStore(data, database)
        do {
            let account = try await store.createAccount(record)
            try await store.record([AuditEvent(date: Date(), action: .accountCreated, actor: "cli", subject: account.nip.digits, unit: account.unit,
                                               detail: "peran \(account.role.rawValue)")])
            print("akun dibuat: \(account.name) (\(account.role.rawValue), \(account.unit))")
        } catch StoreError.duplicateNIP {
            fail("NIP sudah terdaftar")
        }
    }
}

struct ImportUsers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add and update accounts from a roster CSV (nip, nama, unit, and optionally jabatan, status, email, peran).",
        discussion: """
            A NIP that is new becomes an account with a temporary password, printed as CSV (nip,nama,unit,kata_sandi_sementara) \
            on standard output; it must be changed at first sign-in. A NIP already registered has its record updated \
            (columns the file leaves out are kept). --dry-run prints what would happen and changes nothing. Bad rows are \
            reported on standard error as file:line.
            """
    )

    @Argument(help: "The roster file.") var file: String
    @Option(help: "The data directory.") var data = "data"
    @Option(help: databaseHelp) var database: String?
    @Flag(help: "Print what the import would do, and change nothing.") var dryRun = false
    @Flag(help: "The roster is complete for its instansi: deactivate learners it does not list.") var deactivateMissing = false
    @Option(help: "Separator of the passwords CSV: comma or semicolon.") var separator = "comma"

    func run() async throws {
        guard let bytes = FileManager.default.contents(atPath: file) else { fail("berkas tidak dapat dibaca: \(file)") }
        let csv = String(decoding: bytes, as: UTF8.self)
        if let rejection = Roster.rejection(ofFile: csv) { fail("\(file):\(rejection.line): \(rejection.reasonText(in: .indonesian))") }
        let store = try await openStore(data, database)
        let service = RosterImportService(store: store, logger: Logger(label: "lentera"))
        let id = try await store.createRosterImport(actor: nil, csv: csv, deactivateMissing: deactivateMissing, at: Date())
        guard let record = try await store.rosterImport(id: id) else { fail("impor tidak tersimpan") }
        let plan = try await service.plan(for: record, actor: nil)
        for rejection in plan.refusals {
            FileHandle.standardError.write(Data("\(file):\(rejection.line): \(rejection.reasonText(in: .indonesian))\n".utf8))
        }
        let summary = "\(plan.additions.count) ditambahkan, \(plan.changes.count) diubah, \(plan.deactivations.count) dinonaktifkan, "
            + "\(plan.unchanged) tidak berubah, \(plan.refusals.count) baris ditolak"
        if dryRun {
            for change in plan.changes { print("\(change.account.nip.digits) \(change.changes.map(\.description).joined(separator: "; "))") }
            for change in plan.deactivations { print("\(change.account.nip.digits) dinonaktifkan (tidak ada di daftar)") }
            try await store.cancelRosterImport(id: id)
            FileHandle.standardError.write(Data("pratinjau: \(summary)\n".utf8))
            if !plan.refusals.isEmpty { throw ExitCode(1) }
            return
        }
        guard try await store.startRosterImport(id: id, plan: plan) else { fail("impor sudah berjalan") }
        try await service.applyAll(id, actor: "cli")
        try await store.record([AuditEvent(date: Date(), action: .rosterImported, actor: "cli", detail: "impor #\(id): \(summary)")])
        let format = CSVFormat(separator: separator == "semicolon" ? ";" : ",", byteOrderMark: false)
        var output = format.header(["nip", "nama", "unit", "kata_sandi_sementara"])
        for row in try await store.rosterRows(importID: id) where row.password != nil {
            output += format.row([.text(row.nip), .text(row.name), .text(row.unit), .text(row.password ?? "")])
        }
        FileHandle.standardOutput.write(Data(output.utf8))
        // Printed once: the server keeps no copy.
        try await store.confirmRosterImport(id: id)
        FileHandle.standardError.write(Data("\(summary)\n".utf8))
        if !plan.refusals.isEmpty { throw ExitCode(1) }
    }
}

/// The account with a NIP, or a clear refusal.
func existingAccount(_ nip: String, in store: any LenteraDatabase) async throws -> Account {
    let parsed: NIP
    do { parsed = try NIP(validating: nip) } catch { fail("NIP: \(error.message(in: .indonesian))") }
    guard let account = try await store.account(nip: parsed) else { fail("tidak ada akun dengan NIP \(parsed.digits)") }
    return account
}

/// Applies a change through the same rules as the web pages (the command line acts as the server's admin) and
/// records it in the audit trail.
func apply(_ change: AccountChange, to account: Account, in store: any LenteraDatabase) async throws {
    let (updated, changes): (Account, [AccountRules.FieldChange])
    do {
        (updated, changes) = try AccountRules.apply(change, to: account, by: nil)
    } catch {
        fail(error.message(in: .indonesian))
    }
    guard !changes.isEmpty else {
        print("tidak ada yang berubah: \(account.name) (\(account.nip.digits))")
        return
    }
    try await store.updateAccount(updated, audit: AuditEvent.changes(changes, of: updated, by: "cli", at: Date(), address: nil))
    for change in changes { print("\(account.nip.digits) \(change)") }
}

struct SetUser: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Change an account's name, unit (mutasi), position, status, e-mail or role; the ledger stays with the person.",
        discussion: "Changing the role ends the account's sessions. Every change is written to the audit trail."
    )

    @Option(help: "The account's NIP.") var nip: String
    @Option(help: "The full name.") var name: String?
    @Option(help: "The new unit: Instansi > Unit > Sub-unit.") var unit: String?
    @Option(help: "The position (jabatan).") var position: String?
    @Option(help: "PNS or PPPK.") var status: String?
    @Option(help: "An e-mail address; an empty value removes it.") var email: String?
    @Option(help: "learner, author, operator or admin.") var role: String?
    @Option(help: "The data directory.") var data = "data"
    @Option(help: databaseHelp) var database: String?

    func run() async throws {
        var change = AccountChange(name: name, position: position, email: email)
        if let unit {
            guard let parsed = UnitPath(parsing: unit) else { fail("unit kerja tidak valid: \(unit)") }
            change.unit = parsed
        }
        if let status {
            guard let parsed = EmployeeStatus(rawValue: status.uppercased()) else { fail("status harus PNS atau PPPK") }
            change.status = parsed
        }
        if let role {
            guard let parsed = Role(rawValue: role.lowercased()) else { fail("peran tidak dikenal: \(role)") }
            change.role = parsed
        }
        let store = try await openStore(data, database)
        try await apply(change, to: try await existingAccount(nip, in: store), in: store)
    }
}

struct SetPassword: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passwd",
        abstract: "Set an account's password from standard input (at least 8 characters); its sessions end.",
        discussion: "With --temporary the person must change it at the next sign-in."
    )

    @Option(help: "The account's NIP.") var nip: String
    @Flag(help: "Make it a temporary password, to be changed at the next sign-in.") var temporary = false
    @Option(help: "The data directory.") var data = "data"
    @Option(help: databaseHelp) var database: String?

    func run() async throws {
        guard let line = readLine(strippingNewline: true), line.count >= 8 else {
            fail("tulis kata sandi (minimal 8 karakter) di masukan standar")
        }
        let store = try await openStore(data, database)
        let account = try await existingAccount(nip, in: store)
        try await store.setPassword(accountID: account.id, hash: Bcrypt.hash(line, cost: RosterImport.bcryptCost), mustChange: temporary)
        try await store.deleteSessions(accountID: account.id)
        try await store.record([AuditEvent(date: Date(), action: .passwordReset, actor: "cli", subject: account.nip.digits, unit: account.unit)])
        print("kata sandi diganti: \(account.name) (\(account.nip.digits))")
    }
}

struct DeactivateUser: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deactivate",
        abstract: "Deactivate an account (pensiun, berhenti): it no longer signs in, and its history and certificates stay."
    )

    @Option(help: "The account's NIP.") var nip: String
    @Option(help: "pensiun, berhenti, meninggal or lainnya.") var reason = "lainnya"
    @Option(help: "The data directory.") var data = "data"
    @Option(help: databaseHelp) var database: String?

    func run() async throws {
        guard let parsed = Deactivation.Reason(rawValue: reason.lowercased()) else { fail("alasan: pensiun, berhenti, meninggal atau lainnya") }
        let store = try await openStore(data, database)
        let account = try await existingAccount(nip, in: store)
        guard account.isActive else { fail("akun \(account.nip.digits) sudah tidak aktif") }
        try await apply(AccountChange(deactivation: .some(Deactivation(reason: parsed, date: Date()))), to: account, in: store)
    }
}

struct ActivateUser: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "activate", abstract: "Let a deactivated account sign in again.")

    @Option(help: "The account's NIP.") var nip: String
    @Option(help: "The data directory.") var data = "data"
    @Option(help: databaseHelp) var database: String?

    func run() async throws {
        let store = try await openStore(data, database)
        try await apply(AccountChange(deactivation: .some(nil)), to: try await existingAccount(nip, in: store), in: store)
    }
}

/// The help of every command's `--database`.
let databaseHelp = ArgumentHelp(
    "The PostgreSQL database the server uses (postgres://…), or LENTERA_DATABASE_URL; without it, SQLite in the data directory.",
    valueName: "url"
)

/// The database a command works on: PostgreSQL when `--database` or `LENTERA_DATABASE_URL` names one, else the SQLite
/// file in the data directory.
func openStore(_ data: String, _ database: String?) async throws -> any LenteraDatabase {
    let url = database ?? ProcessInfo.processInfo.environment["LENTERA_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    do {
        if url == nil { try prepareDataDirectory(data) }  // 0700, as `serve` makes it
        var logger = Logger(label: "lentera")
        logger.logLevel = .warning  // a command prints what it did, not how the database was opened
        return try await openDatabase(url: url, dataDirectory: data, logger: logger)
    } catch {
        fail("\(error)")
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("lentera: \(message)\n".utf8))
    Foundation.exit(2)
}
