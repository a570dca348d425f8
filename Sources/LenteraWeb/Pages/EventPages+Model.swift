import Foundation
import LenteraCore
import Mustache

/// One session of an event as pages list it.
struct EventSessionRow: Sendable {
    /// "Sesi 1".
    var name: String
    /// "10 Maret 2027 08.30 – 12.00 WITA".
    var time: String
    /// The viewer's presence (the learner's page), or the count present (the operator's).
    var state: String
    var stateClass: String
    /// The code page of the session (operators).
    var codeHref: String?
}

/// A classroom event as a learner sees it (`/program/ID/acara/ID`): when and where, and their place on its list.
struct EventPage: Sendable {
    var chrome: Chrome
    var labels: [String: String]
    var programTitle: String
    var title: String
    var jp: String
    var place: String?
    var link: String?
    var sessions: [EventSessionRow]
    var capacity: String
    /// "Anda terdaftar …", "Anda dalam daftar tunggu …" or "Anda belum terdaftar."
    var seat: String
    var seatClass: String
    var csrf: String
    /// Where the register and cancel forms post.
    var registerAction: String?
    var cancelAction: String?
    /// Why the learner cannot register themselves, when they cannot.
    var notice: String?
    /// The certificate, once the event is credited.
    var certificateHref: String?
    /// Where an attendee rates how relevant the event was to their work (evaluation level 1), once credited.
    var ratingAction: String? = nil
    var ratings: [FeedbackFragment.Rating] = []
    /// Whether to thank them for a rating just sent.
    var ratingThanks = false
}

/// A classroom event's list for an operator: seats, waiting list, presence per session, the units represented.
struct EventRosterPage: Sendable {
    struct Participant: Sendable {
        var nip: String
        var name: String
        var unit: String
        var seat: String
        var seatClass: String
        /// Per session: present, or a form to mark them present.
        var sessions: [Cell]
    }

    struct Cell: Sendable {
        var present: Bool
        var session: Int
    }

    struct UnitCount: Sendable {
        var unit: String
        var count: Int
    }

    var chrome: Chrome
    var labels: [String: String]
    var programTitle: String
    var title: String
    var jp: String
    var place: String?
    var link: String?
    var capacity: String
    var sessions: [EventSessionRow]
    var sessionHeaders: [String]
    var participants: [Participant]
    var mix: [UnitCount]
    var mixIntro: String
    var csrf: String
    var action: String
    var error: String?
}

/// The page a venue shows: the session's current attendance code as a QR code, renewed every 15 seconds.
struct EventCodePage: Sendable {
    var chrome: Chrome
    var labels: [String: String]
    var title: String
    var heading: String
    var time: String
    /// The QR code's SVG (made here, safe to embed), or nil outside the session's attendance window.
    var qr: String?
    var address: String?
    var backHref: String
}

extension EventSessionRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "time": time
        case "state": state
        case "stateClass": stateClass
        case "codeHref": codeHref
        default: nil
        }
    }
}

extension EventPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "ratingAction": ratingAction
        case "ratings": ratings
        case "ratingThanks": ratingThanks
        case "chrome": chrome
        case "labels": labels
        case "programTitle": programTitle
        case "title": title
        case "jp": jp
        case "place": place
        case "link": link
        case "sessions": sessions
        case "capacity": capacity
        case "seat": seat
        case "seatClass": seatClass
        case "csrf": csrf
        case "registerAction": registerAction
        case "cancelAction": cancelAction
        case "notice": notice
        case "certificateHref": certificateHref
        default: nil
        }
    }
}

extension EventRosterPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "labels": labels
        case "programTitle": programTitle
        case "title": title
        case "jp": jp
        case "place": place
        case "link": link
        case "capacity": capacity
        case "sessions": sessions
        case "sessionHeaders": sessionHeaders
        case "participants": participants
        case "hasParticipants": !participants.isEmpty
        case "mix": mix
        case "mixIntro": mixIntro
        case "csrf": csrf
        case "action": action
        case "error": error
        default: nil
        }
    }
}

extension EventRosterPage.Participant: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "nip": nip
        case "name": self.name
        case "unit": unit
        case "seat": seat
        case "seatClass": seatClass
        case "sessions": sessions
        default: nil
        }
    }
}

extension EventRosterPage.Cell: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "present": present
        case "session": session
        default: nil
        }
    }
}

extension EventRosterPage.UnitCount: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "unit": unit
        case "count": count
        default: nil
        }
    }
}

extension EventCodePage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "labels": labels
        case "title": title
        case "heading": heading
        case "time": time
        case "qr": qr
        case "address": address
        case "backHref": backHref
        default: nil
        }
    }
}
