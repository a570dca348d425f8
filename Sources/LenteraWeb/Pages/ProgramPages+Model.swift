import Foundation
import LenteraCore
import Mustache

/// One activity of a program as pages list it.
struct ProgramActivityRow: Sendable {
    var title: String
    /// The course page, when the course is served.
    var href: String?
    /// The deadline, as people read it.
    var deadline: String
    /// "wajib" or "pilihan".
    var requirement: String
    /// The learner's state of it (the learner's home only).
    var state: String?
    /// `done`, `due` or `bad`, for the state's style.
    var stateClass: String?
}

/// A program on the learner's home: where they stand in it.
struct ProgramCard: Sendable {
    var title: String
    var goal: String
    var period: String
    /// The standing, and its style (`done`, `bad` or empty).
    var standing: String
    var standingClass: String
    /// "Dimulai …" for a program that has not started.
    var starts: String?
    /// "JP dari program ini: …".
    var jp: String
    var activities: [ProgramActivityRow]
}

/// The operator's list of programs (`/operator/program`).
struct ProgramListPage: Sendable {
    struct Row: Sendable {
        var title: String
        var href: String
        var period: String
        var target: String
        var activities: Int
    }

    var chrome: Chrome
    var labels: [String: String]
    var programs: [Row]
}

/// One program's report for an operator's scope (`/operator/program/ID`).
struct ProgramReportPage: Sendable {
    struct UnitRow: Sendable {
        var name: String
        var drillHref: String?
        var enrolled: Int
        var onTrack: Int
        var late: Int
        var completed: Int
        var jp: String
    }

    var chrome: Chrome
    var labels: [String: String]
    var title: String
    var goal: String
    var period: String
    var target: String
    var intro: String
    var upHref: String?
    var csvHref: String
    var evaluationHref: String
    var activities: [ProgramActivityRow]
    var units: [UnitRow]
    var total: UnitRow
}

extension ProgramActivityRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "href": href
        case "deadline": deadline
        case "requirement": requirement
        case "state": state
        case "stateClass": stateClass
        default: nil
        }
    }
}

extension ProgramCard: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "goal": goal
        case "period": period
        case "standing": standing
        case "standingClass": standingClass
        case "starts": starts
        case "jp": jp
        case "activities": activities
        default: nil
        }
    }
}

extension ProgramListPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "labels": labels
        case "programs": programs
        case "hasPrograms": !programs.isEmpty
        default: nil
        }
    }
}

extension ProgramListPage.Row: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "href": href
        case "period": period
        case "target": target
        case "activities": activities
        default: nil
        }
    }
}

extension ProgramReportPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "labels": labels
        case "title": title
        case "goal": goal
        case "period": period
        case "target": target
        case "intro": intro
        case "upHref": upHref
        case "csvHref": csvHref
        case "evaluationHref": evaluationHref
        case "activities": activities
        case "units": units
        case "hasUnits": !units.isEmpty
        case "total": total
        default: nil
        }
    }
}

extension ProgramReportPage.UnitRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "drillHref": drillHref
        case "enrolled": enrolled
        case "onTrack": onTrack
        case "late": late
        case "hasLate": late > 0
        case "completed": completed
        case "jp": jp
        default: nil
        }
    }
}

/// How programs read on pages: days in the program's own zone, targets, activities.
enum ProgramText {
    /// A day as people read it: "31 Maret 2027", with the zone when it is not WIB ("31 Maret 2027 (WITA)").
    static func day(_ day: ProgramDay, zone: IndonesianTimeZone, _ language: Language) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: language == .indonesian ? "id_ID" : "en_GB")
        formatter.timeZone = zone.timeZone
        formatter.dateStyle = .long
        let text = formatter.string(from: day.start(in: zone))
        return zone == .wib ? text : "\(text) (\(zone.rawValue))"
    }

    /// "4 Januari 2027 – 30 Juni 2027".
    static func period(_ program: Program, _ language: Language) -> String {
        day(program.period.lowerBound, zone: program.zone, language) + " – " + day(program.period.upperBound, zone: program.zone, language)
    }

    /// "BKPSDM, Dinas Kesehatan · Analis SDM Aparatur".
    static func target(_ program: Program, _ language: Language) -> String {
        let units = program.target.units.isEmpty ? Text.Programs.programAllUnits(language) : program.target.units.map(\.description).joined(separator: "; ")
        let positions = program.target.positions.isEmpty ? Text.Programs.programAllPositions(language) : program.target.positions.joined(separator: ", ")
        return units + " · " + positions
    }

    /// Each activity's title, link, deadline and whether it is required; an event links to `eventHref`'s page.
    static func activities(_ program: Program, courses: [Course], eventHref: (ProgramEvent) -> String, _ language: Language) -> [ProgramActivityRow] {
        program.activities.map { activity in
            let deadline = day(activity.deadline, zone: program.zone, language)
            let requirement = (activity.required ? Text.Programs.programRequired : .programOptional)(language)
            switch activity.kind {
            case .course(let id):
                let course = courses.first { $0.id == id }
                return ProgramActivityRow(
                    title: course.map { "\($0.title) (\($0.jp.formatted(for: language)) JP)" } ?? "\(id) (\(Text.Programs.programCourseMissing(language)))",
                    href: course.map(PageRenderer.courseHref), deadline: deadline, requirement: requirement
                )
            case .event(let event):
                return ProgramActivityRow(
                    title: "\(event.title) (\(event.jp.formatted(for: language)) JP)", href: eventHref(event), deadline: deadline, requirement: requirement
                )
            }
        }
    }

    /// A moment as people read it in the program's zone: "10 Maret 2027 08.30 WITA".
    static func moment(_ date: Date, zone: IndonesianTimeZone, _ language: Language) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: language == .indonesian ? "id_ID" : "en_GB")
        formatter.timeZone = zone.timeZone
        formatter.dateStyle = .long
        formatter.timeStyle = .short
        return formatter.string(from: date) + " " + zone.rawValue
    }

    /// A session as people read it: "10 Maret 2027 08.30 – 12.00 WITA".
    static func session(_ session: ProgramEvent.Session, zone: IndonesianTimeZone, _ language: Language) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: language == .indonesian ? "id_ID" : "en_GB")
        formatter.timeZone = zone.timeZone
        formatter.dateStyle = .none
        formatter.timeStyle = .short
        let start = moment(session.start, zone: zone, language)
        return String(start.dropLast(zone.rawValue.count + 1)) + " – " + formatter.string(from: session.end) + " " + zone.rawValue
    }

    /// A standing as people read it, with its style.
    static func standing(_ standing: ProgramProgress.Standing, _ language: Language) -> (text: String, style: String) {
        switch standing {
        case .completed: (Text.Programs.programStandingCompleted(language), "done")
        case .late: (Text.Programs.programStandingLate(language), "bad")
        case .onTrack: (Text.Programs.programStandingOnTrack(language), "")
        }
    }
}

/// A program's evaluation for an operator's scope (`/operator/program/ID/evaluasi`), printable.
struct ProgramEvaluationPage: Sendable {
    struct UnitRow: Sendable {
        var name: String
        var enrolled: Int
        var completed: Int
        var jp: String
    }

    /// One activity (or the program) at levels 1 and 2.
    struct Row: Sendable {
        var title: String
        var done: String
        var responses: String
        var relevance: String
        var learners: String
        var pre: String
        var post: String
        var gain: String
    }

    struct Comment: Sendable {
        var activity: String
        var text: String
    }

    /// Level 3 of one unit (or of the program).
    struct BehaviourRow: Sendable {
        var name: String
        var asked: Int
        var answers: Int
        var rating: String
        var supervisorAnswers: Int
        var supervisorRating: String
    }

    /// Level 3, when the program asks a follow-up.
    struct Behaviour: Sendable {
        var intro: String
        var units: [BehaviourRow]
        var total: BehaviourRow
    }

    var chrome: Chrome
    var labels: [String: String]
    var title: String
    var period: String
    var intro: String
    var enrolled: Int
    var completed: Int
    var jp: String
    var units: [UnitRow]
    var activities: [Row]
    var program: Row
    var behaviour: Behaviour?
    var unfit: [Comment]
    var csvHref: String
}

extension ProgramEvaluationPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "labels": labels
        case "title": title
        case "period": period
        case "intro": intro
        case "enrolled": enrolled
        case "completed": completed
        case "jp": jp
        case "units": units
        case "activities": activities
        case "program": program
        case "behaviour": behaviour
        case "unfit": unfit
        case "hasUnfit": !unfit.isEmpty
        case "csvHref": csvHref
        default: nil
        }
    }
}

extension ProgramEvaluationPage.UnitRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "enrolled": enrolled
        case "completed": completed
        case "jp": jp
        default: nil
        }
    }
}

extension ProgramEvaluationPage.Row: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "done": done
        case "responses": responses
        case "relevance": relevance
        case "learners": learners
        case "pre": pre
        case "post": post
        case "gain": gain
        default: nil
        }
    }
}

extension ProgramEvaluationPage.Behaviour: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "intro": intro
        case "units": units
        case "total": total
        default: nil
        }
    }
}

extension ProgramEvaluationPage.BehaviourRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "asked": asked
        case "answers": answers
        case "rating": rating
        case "supervisorAnswers": supervisorAnswers
        case "supervisorRating": supervisorRating
        default: nil
        }
    }
}

extension ProgramEvaluationPage.Comment: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "activity": activity
        case "text": text
        default: nil
        }
    }
}

/// A learner's follow-up of a program (`/program/ID/tindak-lanjut`): has it changed how they work, 1 to 5, and a comment.
struct FollowUpFormPage: Sendable {
    struct Option: Sendable {
        var value: Int
        var label: String
        var checked: Bool
    }

    var chrome: Chrome
    var labels: [String: String]
    var programTitle: String
    /// Whom a supervisor answers about (name, NIP, position); nil when the learner answers for themselves.
    var about: String?
    var question: String
    /// Where the form posts; nil while the learner is not asked yet (``notice`` says when they will be).
    var action: String?
    var csrf: String
    var options: [Option]
    var comment: String
    var commentLimit: Int
    var notice: String?
    var error: String?
    var saved: Bool
}

extension FollowUpFormPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "labels": labels
        case "programTitle": programTitle
        case "about": about
        case "question": question
        case "action": action
        case "csrf": csrf
        case "options": options
        case "comment": comment
        case "commentLimit": commentLimit
        case "notice": notice
        case "error": error
        case "saved": saved
        default: nil
        }
    }
}

extension FollowUpFormPage.Option: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "value": value
        case "label": label
        case "checked": checked
        default: nil
        }
    }
}
