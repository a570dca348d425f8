import Foundation
import HTTPTypes
import Hummingbird
import LenteraCore

/// Classroom events: a learner's page (register, cancel, scan the venue's code) and the operator's list (assign,
/// tick presence, show each session's rotating code). Learners reach only events of programs that target them;
/// operators only events of programs that concern their units, and only learners of their units.
struct EventController: Sendable {
    let events: EventService
    let store: any LearningStore
    let pages: LearnerController

    func addRoutes(to router: Router<LenteraContext>) {
        let learner = router.group("/program/:program/acara/:event", context: SignedInContext.self)
        learner.get(use: eventPage)
        learner.post("daftar", use: register)
        learner.post("batal", use: cancel)
        learner.get("hadir", use: checkIn)
        learner.post("nilai", use: rate)
        let office = router.group("/operator/program/:program/acara/:event", context: OperatorContext.self)
        office.get(use: roster)
        office.post(use: rosterAction)
        office.get("kode/:session", use: codePage)
    }

    // MARK: Learners

    /// The event a learner's URL names, when its program targets them; anything else is "not found".
    func targetedEvent(_ context: SignedInContext) throws -> (Program, ProgramEvent) {
        let programID = try context.parameters.require("program")
        let eventID = try context.parameters.require("event")
        guard let (program, event) = events.event(programID: programID, eventID: eventID), program.targets(context.account) else {
            throw HTTPError(.notFound)
        }
        return (program, event)
    }

    func href(_ program: Program, _ event: ProgramEvent) -> String { "/program/\(program.id)/acara/\(event.id)" }

    func capacityText(_ event: ProgramEvent, seats: [Int64: EventSeat], _ language: Language) -> String {
        guard let capacity = event.capacity else { return Text.Programs.eventUnlimited(language) }
        let seated = seats.values.filter { $0 == .seated }.count
        return Text.Programs.eventSeats(language, capacity, seated, seats.count - seated)
    }

    @Sendable func eventPage(_ request: Request, context: SignedInContext) async throws -> Response {
        let (program, event) = try targetedEvent(context)
        let language = pages.language(request)
        let account = context.account
        let (registrations, seats) = try await events.seats(program, event)
        let own = registrations.first { $0.accountID == account.id }
        let attended = Set(try await store.attendance(programID: program.id, eventID: event.recordID).filter { $0.accountID == account.id }.map(\.session))
        let credit = try await store.entries(accountID: account.id).first { $0.courseID == event.creditID && $0.courseVersion == event.edition }
        let seat = seats[account.id]
        let open = event.acceptsRegistration(at: Date())
        var notice: String?
        if !open, seat == nil {
            notice = Text.Programs.eventClosed(language)
        } else if event.registration == .operator, seat == nil {
            notice = Text.Programs.eventAssigned(language)
        }
        let seatText: String
        switch seat {
        case .seated?: seatText = Text.Programs.eventSeated(language)
        case .waiting(let position)?: seatText = Text.Programs.eventWaiting(language, position)
        case nil: seatText = Text.Programs.eventNotRegistered(language)
        }
        let base = href(program, event)
        let model = EventPage(
            chrome: pages.renderer.chrome(language, title: event.title, breadcrumbs: [
                .init(text: Text.Learner.home(language), href: "/beranda"), .init(text: event.title),
            ]),
            labels: Text.table(language), programTitle: program.title, title: event.title, jp: event.jp.formatted(for: language), place: event.place,
            link: event.link,
            sessions: event.sessions.enumerated().map { index, session in
                EventSessionRow(
                    name: Text.Programs.eventSession(language, index + 1), time: ProgramText.session(session, zone: program.zone, language),
                    state: (attended.contains(event.sessionKey(index)) ? Text.Programs.eventAttended : .eventNotAttended)(language),
                    stateClass: attended.contains(event.sessionKey(index)) ? "done" : ""
                )
            },
            capacity: capacityText(event, seats: seats, language), seat: seatText, seatClass: seat == .seated ? "done" : "",
            csrf: context.session.csrfToken,
            registerAction: seat == nil && open && event.registration == .learner ? base + "/daftar" : nil,
            cancelAction: own != nil && own?.assignedBy == nil && open && credit == nil ? base + "/batal" : nil, notice: notice,
            certificateHref: credit.map { "/sertifikat/\($0.certificateNumber)" },
            ratingAction: credit.map { _ in base + "/nilai" },
            ratings: FeedbackFragment.ratings(language),
            ratingThanks: request.queryFields["umpan-balik"] == "terima-kasih"
        )
        return pages.page("event", model: model, request: request, context: context)
    }

    /// An attendee's rating of how relevant the event was to their work (evaluation level 1), kept as feedback on the
    /// event's credit id and edition (a new edition is a new event: its ratings are its own); only once the event is
    /// credited to them (this edition).
    @Sendable func rate(_ request: Request, context: SignedInContext) async throws -> Response {
        let (program, event) = try targetedEvent(context)
        let credited = try await store.entries(accountID: context.account.id).contains { $0.courseID == event.creditID && $0.courseVersion == event.edition }
        guard credited else { throw HTTPError(.forbidden) }
        let back = href(program, event)
        if let refused = try await pages.saveFeedback(
            request, context: context.base, signedIn: context.signedIn, courseID: event.creditID, moduleID: event.edition, back: back
        ) {
            return refused
        }
        return LearnerController.redirect(back + "?umpan-balik=terima-kasih")
    }

    @Sendable func register(_ request: Request, context: SignedInContext) async throws -> Response {
        let (program, event) = try targetedEvent(context)
        // Only where learners register themselves, and while the event is not over.
        guard event.registration == .learner, event.acceptsRegistration(at: Date()) else { throw HTTPError(.forbidden) }
        _ = try await store.register(EventRegistration(programID: program.id, eventID: event.recordID, accountID: context.account.id, registeredAt: Date()))
        return LearnerController.redirect(href(program, event))
    }

    @Sendable func cancel(_ request: Request, context: SignedInContext) async throws -> Response {
        let (program, event) = try targetedEvent(context)
        // A place an operator assigned is the operator's to take back; an event already credited stays on the list.
        let credited = try await store.entries(accountID: context.account.id).contains { $0.courseID == event.creditID && $0.courseVersion == event.edition }
        let own = try await events.seats(program, event).registrations.first { $0.accountID == context.account.id }
        guard event.acceptsRegistration(at: Date()), !credited, own?.assignedBy == nil else { throw HTTPError(.forbidden) }
        _ = try await store.cancelRegistration(programID: program.id, eventID: event.recordID, accountID: context.account.id)
        return LearnerController.redirect(href(program, event))
    }

    /// `GET …/hadir?kode=TOKEN`: the address in the venue's QR code. Opening it records the signed-in learner's own
    /// presence: the code stands for being at the venue, so a page to confirm would only cost a round trip on a weak
    /// link. A code records only the learner who opens it; one sent on to someone elsewhere works until it expires
    /// (2 minutes), which is why the presence keeps the address it came from.
    @Sendable func checkIn(_ request: Request, context: SignedInContext) async throws -> Response {
        let (program, event) = try targetedEvent(context)
        let language = pages.language(request)
        let now = Date()
        let result = try await events.checkIn(
            token: request.queryFields["kode"] ?? "", program: program, event: event, account: context.account, address: context.base.remoteAddress,
            now: now
        )
        let heading = Text.Programs.eventCheckInTitle(language)
        let back = href(program, event)
        let backText = Text.Programs.eventBack(language)
        switch result {
        case .success(.recorded(let session, let credit)):
            var text = Text.Programs.eventRecorded(language, session + 1, ProgramText.session(event.sessions[session], zone: program.zone, language))
            if let credit { text += " " + Text.Programs.eventCredited(language, credit.jp.formatted(for: language), credit.certificateNumber) }
            return pages.messagePage(heading: heading, text: text, backHref: back, backText: backText, request: request, context: context,
                                     title: heading, status: .ok)
        case .failure(let refusal):
            let (text, status) = Self.refusal(refusal, language)
            return pages.messagePage(heading: heading, text: text, backHref: back, backText: backText, request: request, context: context,
                                     title: heading, status: status)
        }
    }

    /// What a learner is told when a scan records nothing, and the status it answers with.
    static func refusal(_ refusal: ProgramEvent.CheckInRefusal, _ language: Language) -> (String, HTTPResponse.Status) {
        switch refusal {
        case .code(.forged): (Text.Programs.eventRefusedForged(language), .forbidden)
        case .code(.expired): (Text.Programs.eventRefusedExpired(language), .gone)
        case .code(.otherEvent): (Text.Programs.eventRefusedOtherEvent(language), .forbidden)
        case .code(.outsideSession): (Text.Programs.eventRefusedOutsideSession(language), .conflict)
        case .code(.reused): (Text.Programs.eventRefusedReused(language), .conflict)
        case .notTargeted: (Text.Programs.eventRefusedNotTargeted(language), .forbidden)
        case .notRegistered: (Text.Programs.eventRefusedNotRegistered(language), .forbidden)
        case .waiting(let position): (Text.Programs.eventRefusedWaiting(language, position), .forbidden)
        }
    }
}
