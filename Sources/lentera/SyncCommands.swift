import ArgumentParser
import Crypto
import Foundation
import LenteraCore
import LenteraMirror
import LenteraStore
import ZIPFoundation

/// The node key from the environment: keys given as options show in the process list.
func nodeKeyFromEnvironment() -> String? {
    ProcessInfo.processInfo.environment["LENTERA_NODE_KEY"].flatMap { $0.isEmpty ? nil : $0 }
}

/// One process at a time writes into a courses folder (a mirror, an import, or a server mirroring into it).
func mirrorLock(_ courses: String, purpose: String) throws -> FolderLock {
    do {
        return try FolderLock(directory: courses, name: ".lentera-mirror.lock", purpose: purpose)
    } catch let error as FolderLock.Busy {
        FileHandle.standardError.write(Data("lentera: \(error.description)\n".utf8))
        throw ExitCode(1)
    }
}

/// Prints a line as soon as it is known (mirrors of large courses take a while).
/// The programs folder beside a courses folder: where `serve`, `mirror`, `export` and `import` look by default.
func programsBeside(_ courses: String) -> String {
    URL(fileURLWithPath: courses).deletingLastPathComponent().appendingPathComponent("programs").path
}

func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

struct MirrorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mirror",
        abstract: "Bring a courses folder up to date from an upstream Lentera, once.",
        discussion: "Only missing or changed files are fetched; partial downloads resume; every hash is verified; each course switches atomically."
    )

    @Option(help: "The upstream's address, such as http://pusat.example:8080.") var from: String
    @Option(help: "The courses directory.") var courses = "courses"
    @Option(help: "This node's key at the upstream (needed for quiz sources); or set LENTERA_NODE_KEY.") var key: String?
    @Option(help: "The programs directory the upstream's program files go into (default: programs beside the courses directory).")
    var programs: String?

    func run() async throws {
        try FileManager.default.createDirectory(atPath: courses, withIntermediateDirectories: true)
        let lock = try mirrorLock(courses, purpose: "lentera mirror")
        defer { withExtendedLifetime(lock) {} }
        var client = MirrorClient(coursesDirectory: courses)
        client.programsDirectory = programs ?? programsBeside(courses)
        let report = await client.sync(from: HTTPMirrorSource(base: from, key: key ?? nodeKeyFromEnvironment())) {
            say($0)
        }
        if !report.succeeded { throw ExitCode(1) }
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write courses to a folder or zip (for a USB drive), in the layout mirrors read."
    )

    @Option(help: "The courses directory.") var courses = "courses"
    @Option(help: "A course id to export (repeatable); all courses when none is given.") var course: [String] = []
    @Option(help: "The programs directory whose program files (those whose courses are exported) and kompetensi.xml go too (default: programs beside the courses directory).")
    var programs: String?
    @Option(help: "The folder, or a file ending in .zip.") var to: String

    func run() throws {
        let zip = to.lowercased().hasSuffix(".zip")
        let folder = zip ? NSTemporaryDirectory() + "lentera-export-" + UUID().uuidString : to
        defer { if zip { try? FileManager.default.removeItem(atPath: folder) } }
        let report = try Exporter.export(
            coursesDirectory: courses, courseIDs: Set(course), programsDirectory: programs ?? programsBeside(courses), to: folder
        )
        if zip {
            try? FileManager.default.removeItem(atPath: to)
            // As for a folder: the zip's own folder is made when missing.
            try FileManager.default.createDirectory(
                atPath: URL(fileURLWithPath: to).deletingLastPathComponent().path, withIntermediateDirectories: true
            )
            let archive = try Archive(url: URL(fileURLWithPath: to), accessMode: .create)
            for relative in (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []).sorted() {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: folder + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
                try archive.addEntry(with: relative, relativeTo: URL(fileURLWithPath: folder), compressionMethod: .deflate)
            }
        }
        say("export: \(report.courses) courses, \(report.programFiles) program files, \(report.files) files, \(report.bytes) bytes to \(to)")
    }
}

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load courses from an export (folder or zip), with the same verification as a mirror."
    )

    @Argument(help: "The exported folder or zip.") var path: String
    @Option(help: "The courses directory.") var courses = "courses"
    @Option(help: "The programs directory the export's program files go into (default: programs beside the courses directory).")
    var programs: String?

    func run() async throws {
        var folder = path
        var temporary: String?
        defer { if let temporary { try? FileManager.default.removeItem(atPath: temporary) } }
        if path.lowercased().hasSuffix(".zip") {
            let extracted = NSTemporaryDirectory() + "lentera-import-" + UUID().uuidString
            do {
                try SafeUnzip.extract(path, to: extracted, maximumTotal: 256 * 1024 * 1024 * 1024)
            } catch {
                say("import: \(error)")
                throw ExitCode(1)
            }
            temporary = extracted
            folder = extracted
        }
        try FileManager.default.createDirectory(atPath: courses, withIntermediateDirectories: true)
        let source = FolderMirrorSource(folder: folder, name: path)
        var client = MirrorClient(coursesDirectory: courses)
        client.programsDirectory = programs ?? programsBeside(courses)
        let report = await client.sync(from: source, removeMissing: false) { say($0) }
        if !report.succeeded { throw ExitCode(1) }
    }
}

struct NodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "node", abstract: "Regional nodes that mirror from and push to this Lentera.",
                                                    subcommands: [AddNode.self, ListNodes.self, RevokeNode.self])
}

struct AddNode: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Register a node and print its key (shown once).")

    @Option(help: "The node's name, such as bkpsdm-sleman.") var name: String
    @Option(help: ArgumentHelp("A unit subtree the node serves, such as \"Pemkab Sleman\" (repeatable).",
                               discussion: "The node may report progress, and gets the roster, only for learners in these units."))
    var unit: [String] = []
    @Option(help: "The data directory.") var data = "data"
    @Option(help: databaseHelp) var database: String?

    func run() async throws {
        guard !unit.isEmpty else { fail("give the units the node serves with --unit \"Instansi > Unit\" (repeatable)") }
        if let scalar = ControlCharacters.first(in: name) { fail("--name holds the control character \(ControlCharacters.name(scalar))") }
        var units: [UnitPath] = []
        for text in unit {
            guard let parsed = UnitPath(parsing: text) else { fail("--unit \(text): not a unit (write \"Instansi > Unit\")") }
            units.append(parsed)
        }
        let store = try await openStore(data, database)
        var generator = SystemRandomNumberGenerator()
        let key = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }.hexString
        do {
            _ = try await store.createNode(name: name, keyHash: SHA256.hash(data: Data(key.utf8)).hexString, units: units)
        } catch {
            fail("node \(name) cannot be added (is the name taken?): \(error)")
        }
        try await store.record([AuditEvent(date: Date(), action: .nodeAdded, actor: "cli", detail: "\(name): \(units.map(\.description).joined(separator: "; "))")])
        say("node \(name) key: \(key)")
        say("node \(name) serves: \(units.map(\.description).joined(separator: "; "))")
    }
}

struct ListNodes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the registered nodes and when each last synced.")

    @Option(help: "The data directory.") var data = "data"
    @Option(help: databaseHelp) var database: String?

    func run() async throws {
        let store = try await openStore(data, database)
        for node in try await store.nodes() {
            let last = node.lastSync.map { ISO8601DateFormatter().string(from: $0) } ?? "never"
            let units = node.units.isEmpty ? "no units (add the node again with --unit)" : node.units.map(\.description).joined(separator: "; ")
            say("\(node.name)\tlast sync \(last)\t\(node.statements) statements\t\(units)")
        }
    }
}

struct RevokeNode: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revoke a node's key (a leaked key, a closed office); what it sent stays.",
        discussion: "Register the office again with lentera node add under a new name to give it a new key."
    )

    @Option(help: "The node's name.") var name: String
    @Option(help: "The data directory.") var data = "data"
    @Option(help: databaseHelp) var database: String?

    func run() async throws {
        let store = try await openStore(data, database)
        guard try await store.revokeNode(name: name) else { fail("no node is named \(name)") }
        try await store.record([AuditEvent(date: Date(), action: .nodeRevoked, actor: "cli", detail: name)])
        say("node \(name): key revoked")
    }
}

struct PushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Send this node's completions to its upstream as xAPI statements, from where the last push stopped."
    )

    @Option(help: "The upstream's address.") var to: String
    @Option(help: "This node's key at the upstream; or set LENTERA_NODE_KEY.") var key: String?
    @Option(help: "The data directory.") var data = "data"
    @Option(help: databaseHelp) var database: String?

    func run() async throws {
        guard let key = key ?? nodeKeyFromEnvironment() else { fail("give the node's key with --key or LENTERA_NODE_KEY") }
        let store = try await openStore(data, database)
        let report = await PushClient(store: store, upstream: to, key: key).push()
        for refusal in report.refused {
            say("push: statement \(refusal.statementID) refused by the upstream: \(refusal.reason); kept here, passed over")
        }
        if let failure = report.failure {
            say("push: \(failure)")
            say("push: \(report.sent) statements sent before the failure; the next push resumes from there")
            throw ExitCode(1)
        }
        say("push: \(report.sent) statements sent, \(report.alreadyStored) already stored")
    }
}

struct RosterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "roster", abstract: "Learners shared by an upstream.",
                                                    subcommands: [PullRoster.self])
}

struct PullRoster: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pull", abstract: "Copy the upstream's learners to this node.")

    @Option(help: "The upstream's address.") var from: String
    @Option(help: "This node's key at the upstream; or set LENTERA_NODE_KEY.") var key: String?
    @Option(help: "The data directory.") var data = "data"
    @Option(help: databaseHelp) var database: String?

    func run() async throws {
        guard let key = key ?? nodeKeyFromEnvironment() else { fail("give the node's key with --key or LENTERA_NODE_KEY") }
        let store = try await openStore(data, database)
        let roster: SharedRoster
        do {
            roster = try await RosterClient.fetch(from: from, key: key)
        } catch {
            say("roster: cannot fetch from \(from): \(error)")
            throw ExitCode(1)
        }
        // The upstream's answer is input like any other: entries outside the units it gives are not taken, and an
        // account here that is not a learner is never changed (a NIP collision is reported instead).
        let units = roster.units.compactMap(UnitPath.init(parsing:))
        var added = 0
        var updated = 0
        var skipped = 0
        var outside = 0
        var collisions: [String] = []
        for learner in roster.learners {
            // A name or position with a control character is refused as in a roster file (see ControlCharacters).
            guard let nip = try? NIP(validating: learner.nip), let unit = UnitPath(parsing: learner.unit),
                ControlCharacters.first(in: learner.name) == nil, ControlCharacters.first(in: learner.position ?? "") == nil
            else {
                skipped += 1
                continue
            }
            guard units.contains(where: { $0.contains(unit) }) else {
                outside += 1
                continue
            }
            // Only bcrypt hashes are taken over; anything else leaves the learner without a password here.
            let hash = learner.passwordHash.flatMap { $0.hasPrefix("$2") && ControlCharacters.first(in: $0) == nil ? $0 : nil }
            switch try await store.upsertRosterLearner(
                nip: nip, name: learner.name, unit: unit, status: EmployeeStatus(rawValue: learner.status) ?? .pns,
                position: learner.position ?? "", passwordHash: hash
            ) {
            case .added: added += 1
            case .updated: updated += 1
            case .collision(let role): collisions.append("\(nip.masked) (\(role.rawValue))")
            }
        }
        for collision in collisions {
            say("roster: NIP \(collision) belongs to an account here that is not a learner: not applied")
        }
        if outside > 0 { say("roster: \(outside) outside this node's units, not taken") }
        say("roster: \(added) added, \(updated) updated\(skipped > 0 ? ", \(skipped) skipped (invalid NIP, unit, name or position)" : "")"
            + (collisions.isEmpty ? "" : ", \(collisions.count) not applied (NIP collision)"))
    }
}
