import Foundation
import HTTPTypes
import Hummingbird
import LenteraCore
import NIOCore

extension EventController {
    /// The event an operator's URL names, when its program concerns their units; anything else is "not found".
    func officeEvent(_ context: OperatorContext) throws -> (Program, ProgramEvent) {
        let programID = try context.parameters.require("program")
        let eventID = try context.parameters.require("event")
        guard let (program, event) = events.event(programID: programID, eventID: eventID), program.concerns(scope: context.scope) else {
            throw HTTPError(.notFound)
        }
        return (program, event)
    }

    func officeHref(_ program: Program, _ event: ProgramEvent) -> String { "/operator/program/\(program.id)/acara/\(event.id)" }

    @Sendable func roster(_ request: Request, context: OperatorContext) async throws -> Response {
        try await rosterPage(request, context: context, error: nil)
    }

    func rosterPage(_ request: Request, context: OperatorContext, error: String?) async throws -> Response {
        let (program, event) = try officeEvent(context)
        let language = pages.language(request)
        let (registrations, seats) = try await events.seats(program, event)
        let attendance = try await store.attendance(programID: program.id, eventID: event.recordID)
        var present: [Int64: Set<Int>] = [:]
        for record in attendance { present[record.accountID, default: []].insert(record.session) }
        // Only the learners of the operator's units: another office's participants are not theirs to see.
        var participants: [EventRosterPage.Participant] = []
        var visible: Set<Int64> = []
        var mix: [String: Int] = [:]
        for registration in registrations {
            guard let account = try await store.account(id: registration.accountID), context.maySee(account.unit) else { continue }
            visible.insert(account.id)
            let seat = seats[account.id] ?? .seated
            if seat == .seated { mix[account.unit.description, default: 0] += 1 }
            participants.append(EventRosterPage.Participant(
                nip: account.nip.digits, name: account.name, unit: account.unit.description,
                seat: seat == .seated ? Text.Programs.eventSeated(language) : {
                    if case .waiting(let position) = seat { return Text.Programs.eventWaiting(language, position) }
                    return ""
                }(),
                seatClass: seat == .seated ? "done" : "",
                sessions: event.sessions.indices.map {
                    EventRosterPage.Cell(present: present[account.id]?.contains(event.sessionKey($0)) ?? false, session: $0)
                }
            ))
        }
        let base = officeHref(program, event)
        let model = EventRosterPage(
            chrome: pages.renderer.chrome(language, title: event.title, breadcrumbs: [
                .init(text: Text.Operator.reports(language), href: "/operator"),
                .init(text: Text.Programs.programListTitle(language), href: "/operator/program"),
                .init(text: program.title, href: "/operator/program/\(program.id)"), .init(text: event.title),
            ]),
            labels: Text.table(language), programTitle: program.title, title: event.title, jp: event.jp.formatted(for: language), place: event.place,
            // Seats are shared by every office: the capacity line counts everyone on the list.
            link: event.link, capacity: capacityText(event, seats: seats, language),
            sessions: event.sessions.enumerated().map { index, session in
                // Presences of the operator's own participants only: another office's are not theirs to count.
                let count = attendance.filter { $0.session == event.sessionKey(index) && visible.contains($0.accountID) }.count
                return EventSessionRow(
                    name: Text.Programs.eventSession(language, index + 1), time: ProgramText.session(session, zone: program.zone, language),
                    state: "\(count) \(Text.Programs.eventAttended(language).lowercased())", stateClass: "", codeHref: "\(base)/kode/\(index + 1)"
                )
            },
            sessionHeaders: event.sessions.indices.map { Text.Programs.eventSession(language, $0 + 1) }, participants: participants,
            mix: mix.sorted { $0.key < $1.key }.map { EventRosterPage.UnitCount(unit: $0.key, count: $0.value) },
            mixIntro: Text.Programs.eventMixIntro(language, mix.count), csrf: context.session.csrfToken, action: base, error: error
        )
        var response = pages.page("eventRoster", model: model, request: request, context: context, status: error == nil ? .ok : .badRequest)
        response.headers[.cacheControl] = "private, no-store"
        return response
    }

    /// `POST /operator/program/P/acara/E`: `aksi=daftar` registers a learner by NIP, `aksi=hadir` with `sesi` marks them
    /// present, `aksi=batal` takes them off the list. The learner must be one the program targets, in the operator's units.
    @Sendable func rosterAction(_ request: Request, context: OperatorContext) async throws -> Response {
        let (program, event) = try officeEvent(context)
        let form = try await context.form(request, limit: 16 * 1024)
        let language = pages.language(request)
        let typed = (form["nip"] ?? "").filter { !$0.isWhitespace }
        // One answer for a NIP that does not exist, is not targeted or is another office's: an operator learns nothing
        // about people outside their units.
        guard let nip = try? NIP(validating: typed), let learner = try await store.account(nip: nip), program.targets(learner),
            context.maySee(learner.unit)
        else {
            return try await rosterPage(request, context: context, error: Text.Programs.eventNIPUnknown(language))
        }
        let now = Date()
        switch form["aksi"] {
        case "daftar":
            _ = try await store.register(EventRegistration(programID: program.id, eventID: event.recordID, accountID: learner.id, registeredAt: now,
                                                           assignedBy: context.account.nip.digits))
        case "batal":
            _ = try await store.cancelRegistration(programID: program.id, eventID: event.recordID, accountID: learner.id)
        case "hadir":
            guard let session = form["sesi"].flatMap({ Int($0) }), event.sessions.indices.contains(session) else { throw HTTPError(.badRequest) }
            guard try await events.tick(program: program, event: event, learner: learner, session: session, by: context.account.nip.digits, now: now)
                != nil
            else {
                return try await rosterPage(request, context: context, error: Text.Programs.eventTickTooEarly(language))
            }
        default:
            throw HTTPError(.badRequest)
        }
        return LearnerController.redirect(officeHref(program, event))
    }

    /// `GET …/kode/N`: the venue's screen for session N, its code renewed every 15 seconds (`Refresh`), shown only while
    /// the session's attendance is taken.
    @Sendable func codePage(_ request: Request, context: OperatorContext) async throws -> Response {
        let (program, event) = try officeEvent(context)
        // A code admits every learner the program targets: only an office whose units hold them all shows one.
        guard program.target.isWithin(scope: context.scope) else { throw HTTPError(.notFound) }
        guard let number = context.parameters.get("session").flatMap({ Int($0) }), event.sessions.indices.contains(number - 1) else {
            throw HTTPError(.notFound)
        }
        let index = number - 1
        let language = pages.language(request)
        let now = Date()
        var qr: String?
        var address: String?
        if event.takesAttendance(session: index, at: now) {
            let token = AttendanceCode.issue(programID: program.id, eventID: event.id, session: index, at: now).token(key: try await events.key())
            let url = pages.siteAddress(request) + href(program, event) + "/hadir?kode=" + token
            address = url
            qr = try QRCode(text: url).svg(title: Text.Programs.eventCodeTitle(language, number))
        }
        let heading = Text.Programs.eventCodeTitle(language, number)
        let model = EventCodePage(
            chrome: pages.renderer.chrome(language, title: heading), labels: Text.table(language), title: event.title, heading: heading,
            time: ProgramText.session(event.sessions[index], zone: program.zone, language), qr: qr, address: address,
            backHref: officeHref(program, event)
        )
        var response = pages.page("eventCode", model: model, request: request, context: context)
        response.headers[.cacheControl] = "private, no-store"
        response.headers[HTTPField.Name("Refresh")!] = String(Int(AttendanceCode.rotation))
        return response
    }
}
