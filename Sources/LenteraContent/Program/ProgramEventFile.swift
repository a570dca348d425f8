import Foundation
import LenteraCore

/// Reads a program file's `<event>`: a classroom event with its sessions, every problem located by line.
///
/// ```xml
/// <event id="lokakarya" jp="6" capacity="30" registration="learner">
///   <title>Lokakarya Analisis Kebutuhan Pelatihan</title>
///   <place>Aula BKPSDM Kabupaten Contoh</place>            <!-- or <link>https://…</link> for an online event -->
///   <session start="2027-03-10T08:30" end="2027-03-10T12:00"/>
///   <session start="2027-03-11T08:30" end="2027-03-11T12:00"/>
/// </event>
/// ```
enum ProgramEventFile {
    static func read(
        _ element: XMLElement, programID: String, edition: String, zone: IndonesianTimeZone, period: ClosedRange<ProgramDay>?, fileName: String,
        problems: inout [Problem]
    ) -> ProgramActivity? {
        func problem(_ line: Int, _ indonesian: String, _ english: String) {
            problems.append(Problem(file: fileName, line: line, kind: .programDeclaration(indonesian: indonesian, english: english)))
        }
        let before = problems.count
        let id = element.attributes["id"]?.trimmingSpaces() ?? ""
        if id.isEmpty {
            problems.append(Problem(file: fileName, line: element.line, kind: .missingAttribute(element: "event", attribute: "id")))
        } else if !CoursePath.isValidID(id) {
            problem(element.line, "id acara \"\(id)\" tidak valid: gunakan huruf, angka, tanda hubung, titik atau garis bawah",
                    "event id \"\(id)\" is invalid: use letters, digits, hyphens, dots or underscores")
        }
        let title = element.child(named: "title")?.trimmedText.collapsingWhitespace() ?? ""
        if title.isEmpty { problems.append(Problem(file: fileName, line: element.line, kind: .missingElement("title"))) }
        var jp = JP(hundredths: 0)
        if let text = element.attributes["jp"] {
            if let parsed = JP(parsing: text), parsed.hundredths > 0 { jp = parsed } else { problems.append(Problem(file: fileName, line: element.line, kind: .invalidJP(text))) }
        } else {
            problems.append(Problem(file: fileName, line: element.line, kind: .missingAttribute(element: "event", attribute: "jp")))
        }
        var capacity: Int?
        if let text = element.attributes["capacity"] {
            if let value = Int(text.trimmingSpaces()), value > 0, value <= 100_000 {
                capacity = value
            } else {
                problem(element.line, "capacity=\"\(text)\" harus bilangan bulat positif (jumlah kursi)",
                        "capacity=\"\(text)\" must be a positive whole number (the seats)")
            }
        }
        var registration = ProgramEvent.Registration.learner
        if let text = element.attributes["registration"] {
            if let value = ProgramEvent.Registration(rawValue: text.trimmingSpaces()) {
                registration = value
            } else {
                problem(element.line, "registration=\"\(text)\" harus learner (peserta mendaftar sendiri) atau operator (ditetapkan operator)",
                        "registration=\"\(text)\" must be learner (learners register) or operator (operators assign)")
            }
        }
        var required = true
        if let text = element.attributes["required"]?.trimmingSpaces().lowercased() {
            if ["true", "false", "ya", "tidak"].contains(text) {
                required = text == "true" || text == "ya"
            } else {
                problems.append(Problem(file: fileName, line: element.line, kind: .invalidRequired(text)))
            }
        }
        let place = element.child(named: "place")?.trimmedText.collapsingWhitespace()
        var link: String?
        if let linkElement = element.child(named: "link") {
            let text = linkElement.trimmedText
            if text.lowercased().hasPrefix("https://"), URL(string: text)?.host != nil, !text.contains(where: \.isWhitespace) {
                link = text
            } else {
                problem(linkElement.line, "<link> \"\(text)\" harus alamat https:// rapat daring", "<link> \"\(text)\" must be the online meeting's https:// address")
            }
        }
        if (place ?? "").isEmpty, element.child(named: "link") == nil {
            problem(element.line, "acara tidak menyebut tempat: tulis <place> atau <link> (rapat daring)",
                    "the event names no place: write <place> or <link> (an online meeting)")
        }
        var sessions: [ProgramEvent.Session] = []
        for child in element.children {
            switch child.name {
            case "session":
                guard let startText = child.attributes["start"], let endText = child.attributes["end"] else {
                    problems.append(Problem(file: fileName, line: child.line, kind: .missingAttribute(
                        element: "session", attribute: child.attributes["start"] == nil ? "start" : "end")))
                    continue
                }
                guard let start = moment(startText, zone: zone), let end = moment(endText, zone: zone) else {
                    problem(child.line, "waktu sesi harus ditulis TTTT-BB-HHTjj:mm, misalnya 2027-03-10T08:30 (\(zone.rawValue))",
                            "a session's times are written YYYY-MM-DDThh:mm, such as 2027-03-10T08:30 (\(zone.rawValue))")
                    continue
                }
                guard start < end else {
                    problem(child.line, "sesi berakhir sebelum dimulai", "the session ends before it starts")
                    continue
                }
                if let previous = sessions.last, start < previous.end {
                    problem(child.line, "sesi dimulai sebelum sesi sebelumnya berakhir: tulis sesi menurut urutan waktu",
                            "the session starts before the one before it ends: write sessions in time order")
                    continue
                }
                if let period, !period.contains(ProgramDay(start, in: zone)) || !period.contains(ProgramDay(end.addingTimeInterval(-1), in: zone)) {
                    problem(child.line, "sesi di luar periode program (\(period.lowerBound) s.d. \(period.upperBound))",
                            "the session is outside the program's period (\(period.lowerBound) to \(period.upperBound))")
                    continue
                }
                sessions.append(ProgramEvent.Session(start: start, end: end))
            case "title", "place", "link":
                break
            default:
                problems.append(Problem(file: fileName, line: child.line, kind: .unknownElement(child.name)))
            }
        }
        if sessions.isEmpty, !element.children.contains(where: { $0.name == "session" }) {
            problem(element.line, "acara tidak memiliki sesi: tambahkan <session start=\"…\" end=\"…\"/>",
                    "the event has no session: add <session start=\"…\" end=\"…\"/>")
        }
        guard problems[before...].allSatisfy({ $0.severity != .error }), let last = sessions.last else { return nil }
        let event = ProgramEvent(
            id: id, programID: programID, edition: edition, title: title, jp: jp, place: place.flatMap { $0.isEmpty ? nil : $0 }, link: link, capacity: capacity,
            registration: registration, sessions: sessions
        )
        return ProgramActivity(kind: .event(event), deadline: ProgramDay(last.end.addingTimeInterval(-1), in: zone), required: required, line: element.line)
    }

    /// `2027-03-10T08:30` in a zone.
    static func moment(_ text: String, zone: IndonesianTimeZone) -> Date? {
        let parts = text.trimmingSpaces().split(separator: "T", omittingEmptySubsequences: false)
        guard parts.count == 2, let day = ProgramDay(parsing: String(parts[0])) else { return nil }
        let clock = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 2, clock.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let hour = Int(clock[0]), let minute = Int(clock[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        return day.start(in: zone).addingTimeInterval(Double(hour * 3600 + minute * 60))
    }
}
