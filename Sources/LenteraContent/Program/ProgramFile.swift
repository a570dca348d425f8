import LenteraCore

/// Reads a program file's XML tree into a ``Program``, every problem located by line.
///
/// ```xml
/// <program id="literasi-data-2027" version="1" timezone="WIB">
///   <title>…</title>
///   <goal>…</goal>
///   <period start="2027-01-04" end="2027-06-30"/>
///   <target><unit>Pemkab Contoh > BKPSDM</unit><position>Analis SDM Aparatur</position></target>
///   <course id="pengelolaan-data-spreadsheet" deadline="2027-02-26"/>
///   <course id="penyusunan-program-pembinaan-asn" deadline="2027-04-30" required="false"/>
///   <follow-up weeks="8"/>
/// </program>
/// ```
enum ProgramFile {
    static let knownChildren: Set<String> = ["title", "goal", "period", "target", "course", "event", "follow-up"]

    static func read(_ root: XMLElement, fileName: String, contentVersion: String, courseIDs: Set<String>, problems: inout [Problem]) -> Program? {
        func problem(_ line: Int?, _ indonesian: String, _ english: String) {
            problems.append(Problem(file: fileName, line: line, kind: .programDeclaration(indonesian: indonesian, english: english)))
        }
        guard root.name == "program" else {
            problem(root.line, "elemen akar berkas program harus <program>, bukan <\(root.name)>",
                    "the root element of a program file must be <program>, not <\(root.name)>")
            return nil
        }
        let fallbackID = String(fileName.dropLast(".xml".count))
        let id = root.attributes["id"].map { $0.trimmingSpaces() }.flatMap { $0.isEmpty ? nil : $0 } ?? fallbackID
        if !CoursePath.isValidID(id) {
            problem(root.line, "id program \"\(id)\" tidak valid: gunakan huruf, angka, tanda hubung, titik atau garis bawah",
                    "program id \"\(id)\" is invalid: use letters, digits, hyphens, dots or underscores")
        }
        var zone = IndonesianTimeZone.wib
        if let written = root.attributes["timezone"] {
            if let known = IndonesianTimeZone(rawValue: written.trimmingSpaces().uppercased()) {
                zone = known
            } else {
                problem(root.line, "zona waktu \"\(written)\" tidak dikenal: tulis WIB, WITA atau WIT",
                        "unknown time zone \"\(written)\": write WIB, WITA or WIT")
            }
        }
        let title = root.child(named: "title")?.trimmedText.collapsingWhitespace() ?? ""
        if title.isEmpty { problems.append(Problem(file: fileName, line: root.line, kind: .missingElement("title"))) }
        let goal = root.child(named: "goal")?.trimmedText.collapsingWhitespace() ?? ""
        if goal.isEmpty { problems.append(Problem(file: fileName, line: root.line, kind: .missingElement("goal"))) }

        let versionLabel = root.attributes["version"].map { $0.trimmingSpaces() }.flatMap { $0.isEmpty ? nil : $0 }
        let period = readPeriod(root, fileName: fileName, problems: &problems)
        let target = readTarget(root, fileName: fileName, problems: &problems)
        var activities: [ProgramActivity] = []
        var firstLine: [String: Int] = [:]
        for element in root.children {
            if element.name == "event" {
                let eventID = element.attributes["id"]?.trimmingSpaces() ?? ""
                if let first = firstLine["event:" + eventID], !eventID.isEmpty {
                    problem(element.line, "acara \"\(eventID)\" sudah ada di program ini (baris \(first))",
                            "event \"\(eventID)\" is already in this program (line \(first))")
                    continue
                }
                firstLine["event:" + eventID] = element.line
                if let activity = ProgramEventFile.read(element, programID: id, edition: versionLabel ?? "1", zone: zone, period: period, fileName: fileName, problems: &problems) {
                    activities.append(activity)
                }
                continue
            }
            guard element.name == "course" else {
                if !knownChildren.contains(element.name) {
                    problems.append(Problem(file: fileName, line: element.line, kind: .unknownElement(element.name)))
                }
                continue
            }
            guard let courseID = element.attributes["id"]?.trimmingSpaces(), !courseID.isEmpty else {
                problems.append(Problem(file: fileName, line: element.line, kind: .missingAttribute(element: "course", attribute: "id")))
                continue
            }
            if let first = firstLine[courseID] {
                problem(element.line, "kursus \"\(courseID)\" sudah ada di program ini (baris \(first))",
                        "course \"\(courseID)\" is already in this program (line \(first))")
                continue
            }
            firstLine[courseID] = element.line
            if !courseIDs.contains(courseID) {
                problem(element.line, "kursus \"\(courseID)\" tidak ada di folder kursus (atau sedang bermasalah): tulis id dari course.xml-nya",
                        "course \"\(courseID)\" is not in the courses folder (or has errors): write the id from its course.xml")
            }
            if element.attributes["jp"] != nil {
                problem(element.line, "JP kursus ditetapkan di course.xml-nya, bukan di program: hapus atribut jp",
                        "a course's JP is set in its course.xml, not in the program: remove the jp attribute")
            }
            var required = true
            if let text = element.attributes["required"]?.trimmingSpaces().lowercased() {
                if ["true", "false", "ya", "tidak"].contains(text) {
                    required = text == "true" || text == "ya"
                } else {
                    problems.append(Problem(file: fileName, line: element.line, kind: .invalidRequired(text)))
                }
            }
            guard let deadlineText = element.attributes["deadline"] else {
                problems.append(Problem(file: fileName, line: element.line, kind: .missingAttribute(element: "course", attribute: "deadline")))
                continue
            }
            guard let deadline = ProgramDay(parsing: deadlineText) else {
                problem(element.line, "tenggat \"\(deadlineText)\" bukan tanggal: tulis TTTT-BB-HH, misalnya 2027-03-31",
                        "deadline \"\(deadlineText)\" is not a date: write YYYY-MM-DD, such as 2027-03-31")
                continue
            }
            if let period, !period.contains(deadline) {
                problem(element.line, "tenggat \(deadline) di luar periode program (\(period.lowerBound) s.d. \(period.upperBound))",
                        "deadline \(deadline) is outside the program's period (\(period.lowerBound) to \(period.upperBound))")
            }
            activities.append(ProgramActivity(kind: .course(courseID), deadline: deadline, required: required, line: element.line))
        }
        if activities.isEmpty, !root.children.contains(where: { $0.name == "course" || $0.name == "event" }) {
            problem(root.line, "program tidak memiliki kegiatan: tambahkan <course id=\"…\" deadline=\"…\"/> atau <event>",
                    "the program has no activities: add <course id=\"…\" deadline=\"…\"/> or <event>")
        }
        let followUpWeeks = readFollowUp(root, fileName: fileName, problems: &problems)
        guard let period, let target else { return nil }
        return Program(
            id: id, versionLabel: versionLabel, title: title, goal: goal, period: period, zone: zone, target: target, activities: activities,
            followUpWeeks: followUpWeeks, fileName: fileName, contentVersion: contentVersion
        )
    }

    /// `<follow-up weeks="N"/>`: the weeks after completing the program that a learner is asked whether it changed how
    /// they work (evaluation level 3); nil when absent or wrong.
    static func readFollowUp(_ root: XMLElement, fileName: String, problems: inout [Problem]) -> Int? {
        let elements = root.children.filter { $0.name == "follow-up" }
        guard let element = elements.first else { return nil }
        for extra in elements.dropFirst() {
            problems.append(Problem(file: fileName, line: extra.line, kind: .programDeclaration(
                indonesian: "<follow-up> sudah ditulis di baris \(element.line): satu program, satu evaluasi pasca-program",
                english: "<follow-up> is already written on line \(element.line): one program, one follow-up")))
        }
        guard let text = element.attributes["weeks"] else {
            problems.append(Problem(file: fileName, line: element.line, kind: .missingAttribute(element: "follow-up", attribute: "weeks")))
            return nil
        }
        guard let weeks = Int(text.trimmingSpaces()), FollowUp.weeksRange.contains(weeks) else {
            let range = FollowUp.weeksRange
            problems.append(Problem(file: fileName, line: element.line, kind: .programDeclaration(
                indonesian: "weeks=\"\(text)\" bukan jumlah minggu: tulis bilangan bulat \(range.lowerBound) sampai \(range.upperBound)",
                english: "weeks=\"\(text)\" is not a number of weeks: write a whole number from \(range.lowerBound) to \(range.upperBound)")))
            return nil
        }
        return weeks
    }

    static func readPeriod(_ root: XMLElement, fileName: String, problems: inout [Problem]) -> ClosedRange<ProgramDay>? {
        guard let element = root.child(named: "period") else {
            problems.append(Problem(file: fileName, line: root.line, kind: .missingElement("period")))
            return nil
        }
        var days: [ProgramDay] = []
        for name in ["start", "end"] {
            guard let text = element.attributes[name] else {
                problems.append(Problem(file: fileName, line: element.line, kind: .missingAttribute(element: "period", attribute: name)))
                continue
            }
            guard let day = ProgramDay(parsing: text) else {
                problems.append(Problem(file: fileName, line: element.line, kind: .programDeclaration(
                    indonesian: "\(name)=\"\(text)\" bukan tanggal: tulis TTTT-BB-HH, misalnya 2027-01-04",
                    english: "\(name)=\"\(text)\" is not a date: write YYYY-MM-DD, such as 2027-01-04")))
                continue
            }
            days.append(day)
        }
        guard days.count == 2 else { return nil }
        guard days[0] <= days[1] else {
            problems.append(Problem(file: fileName, line: element.line, kind: .programDeclaration(
                indonesian: "periode berakhir (\(days[1])) sebelum dimulai (\(days[0]))",
                english: "the period ends (\(days[1])) before it starts (\(days[0]))")))
            return nil
        }
        return days[0]...days[1]
    }

    static func readTarget(_ root: XMLElement, fileName: String, problems: inout [Problem]) -> ProgramTarget? {
        guard let element = root.child(named: "target") else {
            problems.append(Problem(file: fileName, line: root.line, kind: .missingElement("target")))
            return nil
        }
        var target = ProgramTarget(units: [])
        for child in element.children {
            switch child.name {
            case "unit":
                do {
                    target.units.append(try UnitPath(validating: child.text))
                } catch {
                    problems.append(Problem(file: fileName, line: child.line, kind: .programDeclaration(
                        indonesian: error.message(in: .indonesian), english: error.message(in: .english))))
                }
            case "position":
                let position = child.trimmedText.collapsingWhitespace()
                if position.isEmpty {
                    problems.append(Problem(file: fileName, line: child.line, kind: .programDeclaration(
                        indonesian: "<position> kosong: tulis nama jabatan", english: "empty <position>: write the position's name")))
                } else {
                    target.positions.append(position)
                }
            default:
                problems.append(Problem(file: fileName, line: child.line, kind: .unknownElement(child.name)))
            }
        }
        if target.units.isEmpty, target.positions.isEmpty {
            problems.append(Problem(file: fileName, line: element.line, kind: .programDeclaration(
                indonesian: "<target> tidak menyebut <unit> atau <position>: program tidak akan sampai ke siapa pun",
                english: "<target> names no <unit> or <position>: the program would reach nobody")))
            return nil
        }
        return target
    }
}
