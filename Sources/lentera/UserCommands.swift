import ArgumentParser
import Foundation
import HummingbirdBcrypt
import LenteraCore
import LenteraStore
import LenteraWeb

struct User: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create learner, author, operator and admin accounts.",
        subcommands: [AddUser.self, ImportUsers.self]
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

    func run() async throws {
        let parsedNIP: NIP
        do { parsedNIP = try NIP(validating: nip) } catch { fail("NIP: \(error.message(in: .indonesian))") }
        guard let unitPath = UnitPath(parsing: unit) else { fail("unit kerja tidak valid: \(unit)") }
        guard let parsedRole = Role(rawValue: role.lowercased()) else { fail("peran tidak dikenal: \(role)") }
        guard let parsedStatus = EmployeeStatus(rawValue: status.uppercased()) else { fail("status harus PNS atau PPPK") }
        guard let line = readLine(strippingNewline: true), line.count >= 8 else {
            fail("tulis kata sandi (minimal 8 karakter) di masukan standar")
        }
        let store = try openStore(data)
        do {
            let account = try await store.createAccount(
                NewAccount(
                    nip: parsedNIP, name: name, unit: unitPath, position: position, status: parsedStatus, email: email, role: parsedRole,
                    passwordHash: Bcrypt.hash(line, cost: RosterImport.bcryptCost), mustChangePassword: false
                )
            )
            print("akun dibuat: \(account.name) (\(account.role.rawValue), \(account.unit))")
        } catch StoreError.duplicateNIP {
            fail("NIP sudah terdaftar")
        }
    }
}

struct ImportUsers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Create accounts from a roster CSV with a header row (nip, nama, unit, and optionally jabatan, status, email, peran).",
        discussion: """
            Every good row is imported with a temporary password, printed as CSV (nip,nama,kata_sandi_sementara) on standard \
            output; it must be changed at first sign-in. Bad rows are reported on standard error with their line number.
            """
    )

    @Argument(help: "The roster file.") var file: String
    @Option(help: "The data directory.") var data = "data"

    func run() async throws {
        guard let bytes = FileManager.default.contents(atPath: file) else { fail("berkas tidak dapat dibaca: \(file)") }
        let store = try openStore(data)
        let outcome = await RosterImport.run(Roster(csv: String(decoding: bytes, as: UTF8.self)), into: store)
        print("nip,nama,kata_sandi_sementara")
        for created in outcome.created {
            print("\(created.account.nip.digits),\"\(created.account.name.replacingOccurrences(of: "\"", with: "\"\""))\",\(created.password)")
        }
        for rejection in outcome.rejections {
            FileHandle.standardError.write(Data("\(file):\(rejection.line): \(rejection.reasonText(in: .indonesian))\n".utf8))
        }
        FileHandle.standardError.write(Data("\(outcome.created.count) akun dibuat, \(outcome.rejections.count) baris ditolak\n".utf8))
        if !outcome.rejections.isEmpty { throw ExitCode(1) }
    }
}

func openStore(_ data: String) throws -> SQLiteStore {
    do {
        try prepareDataDirectory(data)  // 0700, as `serve` makes it
        return try SQLiteStore(path: data + "/lentera.sqlite")
    } catch {
        fail("\(error)")
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("lentera: \(message)\n".utf8))
    Foundation.exit(2)
}
