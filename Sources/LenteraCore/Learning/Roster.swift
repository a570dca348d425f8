/// A roster export (CSV with a header row) read into accounts to create, with every bad row reported by line.
public struct Roster: Sendable {
    /// A row that can become an account.
    public struct Row: Sendable, Equatable {
        public var line: Int
        public var nip: NIP
        public var name: String
        public var unit: UnitPath
        public var position: String
        public var status: EmployeeStatus
        public var email: String?
        public var role: Role
        /// The supervisor's NIP, when the roster has the column and the row fills it.
        public var supervisorNIP: NIP? = nil
    }

    /// A row that cannot, and why.
    public struct Rejection: Sendable, Equatable, Error {
        public var line: Int
        public var reason: Reason

        /// Creates a rejection of a line.
        public init(line: Int, reason: Reason) {
            self.line = line
            self.reason = reason
        }

        public enum Reason: Error, Sendable, Equatable {
            case missingColumn(String)
            case invalidNIP(NIP.Problem)
            /// The supervisor's NIP (`nip_atasan`) is not a NIP.
            case invalidSupervisorNIP(NIP.Problem)
            /// The supervisor's NIP is the row's own.
            case ownSupervisor
            case missingValue(String)
            case invalidUnit(String)
            case invalidStatus(String)
            case invalidRole(String)
            case duplicateNIP
            case unbalancedQuotes
            /// A field holds a control character (see ``ControlCharacters``): the column and the character.
            case controlCharacter(String, Unicode.Scalar)
            /// The file holds a control character that is not a tab or a line break, such as the U+0000 of a file
            /// saved as UTF-16: nothing of it is read.
            case unreadableFile(Unicode.Scalar)
            /// Refused by the import rules (who may import what), not by the file.
            case refused(RosterPlan.Refusal)
        }

        /// `line N: reason` in the given language.
        public func message(in language: Language) -> String {
            (language == .indonesian ? "baris \(line): " : "line \(line): ") + reasonText(in: language)
        }

        /// The reason alone, for `file:line: reason`.
        public func reasonText(in language: Language) -> String {
            let id = language == .indonesian
            let text: String
            switch reason {
            case .missingColumn(let name): text = id ? "kolom \(name) tidak ada di baris judul" : "the header has no \(name) column"
            case .invalidNIP(let problem): text = problem.message(in: language)
            case .invalidSupervisorNIP(let problem): text = (id ? "nip_atasan: " : "nip_atasan: ") + problem.message(in: language)
            case .ownSupervisor: text = id ? "nip_atasan sama dengan NIP pegawai itu sendiri" : "nip_atasan is the person's own NIP"
            case .missingValue(let name): text = id ? "\(name) kosong" : "\(name) is empty"
            case .invalidUnit(let value): text = id ? "unit kerja \"\(value)\" tidak valid" : "unit \"\(value)\" is invalid"
            case .invalidStatus(let value): text = id ? "status \"\(value)\" harus PNS atau PPPK" : "status \"\(value)\" must be PNS or PPPK"
            case .invalidRole(let value):
                text = id ? "peran \"\(value)\" tidak dikenal" : "unknown role \"\(value)\""
            case .duplicateNIP: text = id ? "NIP sudah terdaftar" : "the NIP is already registered"
            case .unbalancedQuotes: text = id ? "tanda kutip tidak seimbang" : "unbalanced quotes"
            case .controlCharacter(let name, let scalar):
                text = id ? "\(name) berisi karakter kendali \(ControlCharacters.name(scalar)), yang tidak dapat disimpan"
                    : "\(name) holds the control character \(ControlCharacters.name(scalar)), which cannot be stored"
            case .unreadableFile(let scalar):
                text = id ? "berkas berisi karakter kendali \(ControlCharacters.name(scalar)); simpan ulang sebagai CSV UTF-8 lalu unggah lagi"
                    : "the file holds the control character \(ControlCharacters.name(scalar)); save it again as CSV UTF-8 and upload it again"
            case .refused(let refusal): text = reason.refusalText(refusal, in: language)
            }
            return text
        }
    }

    /// The rows that can be imported.
    public var rows: [Row] = []
    /// The rows that cannot, by line.
    public var rejections: [Rejection] = []
    /// The optional columns the header names (`position`, `status`, `email`, `role`, `supervisor`): a column left out leaves
    /// that field of existing accounts as it is.
    public var columnsPresent: Set<String> = []

    static let columns: [String: [String]] = [
        "nip": ["nip"], "name": ["nama", "name"], "unit": ["unit", "unit_kerja", "unit kerja"], "position": ["jabatan", "position"],
        "status": ["status", "status_pegawai", "jenis_pegawai"], "email": ["email", "surel"], "role": ["peran", "role"],
        "supervisor": ["nip_atasan", "nip atasan", "atasan", "supervisor_nip", "supervisor"],
    ]

    /// Reads a roster: comma or semicolon separated, quoted fields allowed, a header row naming the columns
    /// (`nip`, `nama`, `unit`, and optionally `jabatan`, `status`, `email`, `peran`, `nip_atasan`).
    public init(csv text: String) {
        let lines = Self.records(text)
        guard let header = lines.first else {
            rejections.append(Rejection(line: 1, reason: .missingColumn("nip")))
            return
        }
        let names = header.fields.map { $0.trimmingSpaces().lowercased() }
        var index: [String: Int] = [:]
        for (key, aliases) in Self.columns {
            if let position = names.firstIndex(where: { aliases.contains($0) }) { index[key] = position }
        }
        columnsPresent = Set(index.keys)
        for required in ["nip", "name", "unit"] where index[required] == nil {
            rejections.append(Rejection(line: header.line, reason: .missingColumn(Self.columns[required]![0])))
        }
        guard rejections.isEmpty else { return }
        var seen: Set<NIP> = []
        for record in lines.dropFirst() {
            if record.fields.allSatisfy({ $0.trimmingSpaces().isEmpty }) { continue }
            if record.unbalanced {
                rejections.append(Rejection(line: record.line, reason: .unbalancedQuotes))
                continue
            }
            func value(_ key: String) -> String {
                guard let position = index[key], position < record.fields.count else { return "" }
                return record.fields[position].trimmingSpaces()
            }
            do {
                let nip: NIP
                do { nip = try NIP(validating: Self.nipText(value("nip"))) } catch { throw Rejection.Reason.invalidNIP(error) }
                var supervisor: NIP?
                if !value("supervisor").isEmpty {
                    do { supervisor = try NIP(validating: Self.nipText(value("supervisor"))) } catch { throw Rejection.Reason.invalidSupervisorNIP(error) }
                    guard supervisor != nip else { throw Rejection.Reason.ownSupervisor }
                }
                for key in ["name", "unit", "position", "email"] {
                    if let scalar = ControlCharacters.first(in: value(key)) { throw Rejection.Reason.controlCharacter(Self.columns[key]![0], scalar) }
                }
                let name = value("name")
                guard !name.isEmpty else { throw Rejection.Reason.missingValue(Self.columns["name"]![0]) }
                guard let unit = UnitPath(parsing: value("unit")) else { throw Rejection.Reason.invalidUnit(value("unit")) }
                var status = EmployeeStatus.pns
                if !value("status").isEmpty {
                    guard let parsed = EmployeeStatus(rawValue: value("status").uppercased()) else {
                        throw Rejection.Reason.invalidStatus(value("status"))
                    }
                    status = parsed
                }
                var role = Role.learner
                if !value("role").isEmpty {
                    guard let parsed = Role(rawValue: value("role").lowercased()) else { throw Rejection.Reason.invalidRole(value("role")) }
                    role = parsed
                }
                guard seen.insert(nip).inserted else { throw Rejection.Reason.duplicateNIP }
                rows.append(
                    Row(
                        line: record.line, nip: nip, name: name, unit: unit, position: value("position"), status: status,
                        email: value("email").isEmpty ? nil : value("email"), role: role, supervisorNIP: supervisor
                    )
                )
            } catch let reason as Rejection.Reason {
                rejections.append(Rejection(line: record.line, reason: reason))
            } catch {
                continue
            }
        }
    }

    /// A NIP as a spreadsheet keeps it: `="1985..."` (how spreadsheets keep a NIP as text, and how Lentera's own CSVs
    /// write it) or `'1985...`, read as its digits.
    static func nipText(_ text: String) -> String {
        var text = text
        if text.hasPrefix("=\""), text.hasSuffix("\""), text.count >= 3 { text = String(text.dropFirst(2).dropLast()) }
        if text.hasPrefix("'") { text = String(text.dropFirst()) }
        return text
    }

    /// Why a file cannot be kept as an import at all, at the line where the reason first appears; nil when it can.
    /// A file is free text (see ``ControlCharacters``): tabs and line breaks pass, any other control character refuses it.
    public static func rejection(ofFile text: String) -> Rejection? {
        var line = 1
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                line += 1
            } else if ControlCharacters.isRefused(scalar, inFreeText: true) {
                return Rejection(line: line, reason: .unreadableFile(scalar))
            }
        }
        return nil
    }

    struct Record {
        var line: Int
        var fields: [String]
        var unbalanced: Bool
    }

    /// Splits CSV text into records (RFC 4180 quoting; `,` or `;` as the header row uses), keeping line numbers.
    ///
    /// Read one Unicode scalar at a time, as a spreadsheet writes and reads the file: compared as Swift characters, a
    /// quote or separator followed by a combining mark (or after U+0600) is one character that is neither, so a name
    /// could close its quotes early and add columns of its own (a unit, a role); "\r\n", one character, is not "\n", so
    /// a pasted roster was one line long when its separator was chosen; and U+037E equals ";".
    static func records(_ text: String) -> [Record] {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        let firstLine = scalars.prefix { $0 != "\n" }
        let separator: Unicode.Scalar = firstLine.filter { $0 == ";" }.count > firstLine.filter { $0 == "," }.count ? ";" : ","
        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var inQuotes = false
        var line = 1
        var recordLine = 1
        if scalars.last != "\n" { scalars.append("\n") }
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if inQuotes {
                if scalar == "\"" {
                    if index + 1 < scalars.count, scalars[index + 1] == "\"" {
                        field.append("\"")
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.append(scalar)
                }
            } else if scalar == "\"" && field.isEmpty {
                inQuotes = true
            } else if scalar == separator {
                fields.append(String(field))
                field = String.UnicodeScalarView()
            } else if scalar == "\n" {
                if field.last == "\r" { field.removeLast() }
                fields.append(String(field))
                records.append(Record(line: recordLine, fields: fields, unbalanced: false))
                fields = []
                field = String.UnicodeScalarView()
                line += 1
                recordLine = line
            } else {
                field.append(scalar)
            }
            index += 1
        }
        if inQuotes {
            records.append(Record(line: recordLine, fields: fields + [String(field)], unbalanced: true))
        }
        return records
    }
}
