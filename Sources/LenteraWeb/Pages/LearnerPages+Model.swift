import LenteraCore
import Mustache

// The typed contexts of a learner's own pages (home, certificate, verification) and of the fragments that personalize
// the pages every visitor sees. Each answers Mustache's look-ups by name (``MustacheParent``), as ``CataloguePage`` does:
// an optional left nil is absent, as a missing key of a dictionary was.

/// A page that says one thing and links back (the `message` template): a refused request, a certificate not found.
struct MessagePage: Sendable {
    var chrome: Chrome
    var labels: [String: String]
    /// The page's heading.
    var heading: String
    /// What happened, in a sentence or two.
    var text: String
    /// Where the link back goes.
    var backHref: String
    /// The link's text.
    var backText: String
}

/// `/beranda`: a learner's JP this year against the target, where to go on, and their courses.
struct HomePage: Sendable {
    /// A course the learner has started and not completed, with its progress.
    struct CourseInProgress: Sendable {
        /// The course page.
        var href: String
        var title: String
        /// Progress through the course's requirements, 0 to 100, rounded down.
        var percent: Int
    }

    /// A course the learner has completed, with its certificate.
    struct CompletedCourse: Sendable {
        var title: String
        /// The JP credited, as the language writes numbers.
        var jp: String
        /// The day it was completed, as people read it.
        var date: String
        /// The certificate's page.
        var certificateHref: String
        /// The certificate's number.
        var number: String
    }

    var chrome: Chrome
    var labels: [String: String]
    /// The learner's name.
    var name: String
    /// Unit, position and status between middle dots; nil when none is known.
    var meta: String?
    /// "JP tahun 2026".
    var jpTitle: String
    /// The JP credited this year, as the language writes numbers.
    var jpTotal: String
    /// The year's JP as a share of the target, 0 to 100.
    var jpPercent: Int
    /// Whether the year's JP meet the target.
    var jpMet: Bool
    /// The module to go on with, when a course is in progress.
    var continueHref: String?
    /// That module's title; empty without one.
    var continueTitle: String
    /// Courses started and not completed, most recently opened first.
    var inProgress: [CourseInProgress]
    /// Courses completed, with their certificates.
    var completed: [CompletedCourse]
    /// The development programs that target the learner.
    var programs: [ProgramCard] = []
    /// Deadlines near or passed in those programs.
    var reminders: [String] = []
    /// The needs surveys open for the learner's unit.
    var surveys: [NeedsHomeItem] = []
    /// The programs' follow-ups that ask the learner now (evaluation level 3).
    var followUps: [NeedsHomeItem] = []
}

/// A certificate (`certificate`) or its public verification (`verification`): the same record, the NIP masked.
struct CertificatePage: Sendable {
    var chrome: Chrome
    var labels: [String: String]
    /// The QR code of the verification address, as SVG made here (written unescaped).
    var qr: String
    /// The certificate's number.
    var number: String
    /// The learner's name.
    var name: String
    /// The learner's NIP with its middle hidden.
    var maskedNIP: String
    var courseTitle: String
    /// The version of the course completed.
    var version: String
    /// The JP credited, as the language writes numbers.
    var jp: String
    /// The days the course was started and completed, as people read them.
    var started: String
    var completed: String
    /// The verification page's path, and its full address.
    var verifyHref: String
    var verifyURL: String
    /// The certificate as PDF.
    var pdfHref: String
    /// The learner's grade, where the course has one (``CourseGrade``); nil leaves the line out.
    var score: String?
}

// MARK: Fragments

/// A personal fragment of a signed-in page: its template and every value it shows. Hashable (the labels are the
/// language's, so the language stands for them) so that ``FragmentCache`` keys a rendering by the fragment itself.
protocol PageFragment: MustacheParent, Hashable, Sendable {
    /// The template the fragment is rendered with.
    static var template: String { get }
    /// The language of its text.
    var language: Language { get }
}

extension PageFragment {
    /// The interface text of the fragment's language (`{{labels.name}}`), the same table pages get.
    var labels: [String: String] { Text.table(language) }
}

/// The header's account links for a signed-in person (`accountNav`).
struct AccountNavFragment: PageFragment {
    static let template = "accountNav"
    var language: Language
    /// The session's CSRF token, for the sign-out form.
    var csrf: String
    /// Names the account to lentera.js, which drops another account's offline copies (``OfflineFiles/accountKey(_:)``).
    var account: String
    /// Whether to link the operator's reports.
    var isOperator: Bool
    /// Whether to link the status page.
    var isAuthor: Bool
}

/// A module's progress panel for a signed-in learner (`moduleProgress`).
struct ModuleProgressFragment: PageFragment {
    static let template = "moduleProgress"
    var language: Language
    /// The session's CSRF token, for heartbeats and "Tandai selesai".
    var csrf: String
    /// The visit heartbeats are sent for; nil for a copy saved for offline reading.
    var sessionID: String?
    /// The last heartbeat counted in the visit.
    var lastSequence: Int
    /// Progress through the module, 0 to 100, rounded down.
    var percent: Int
    /// The rule that completes the module, in words.
    var ruleText: String
    /// Whether the module is complete.
    var complete: Bool
    /// Whether the learner may mark it done now.
    var canMarkDone: Bool
    /// The quiz that completes the module, if one does.
    var quizHref: String?
    /// Where "Tandai selesai" posts.
    var markDoneAction: String
    /// Whether the course is complete, and its certificate then.
    var courseComplete: Bool
    var certificateHref: String?
}

/// How relevant a module or course was: a rating from 1 to 5 and a comment (`feedbackForm`).
struct FeedbackFragment: PageFragment {
    /// One choice of the rating.
    struct Rating: Hashable, Sendable {
        var value: Int
        /// "1 (tidak relevan)", "2", ..., "5 (sangat relevan)".
        var text: String
    }

    static let template = "feedbackForm"

    /// The five choices of a relevance rating (modules, courses and events alike), 1 first.
    static func ratings(_ language: Language) -> [Rating] {
        (1...5).map { value in
            Rating(value: value, text: value == 1 ? Text.Learner.relevance1(language) : (value == 5 ? Text.Learner.relevance5(language) : String(value)))
        }
    }

    var language: Language
    /// The session's CSRF token.
    var csrf: String
    /// The five choices, 1 first.
    var ratings: [Rating]
    /// Where the form posts.
    var feedbackAction: String
    /// Whether to thank the learner for feedback just sent.
    var thanks: Bool
}

/// A course's progress panel for a signed-in learner, with the certificate once complete (`courseProgress`).
struct CourseProgressFragment: PageFragment {
    static let template = "courseProgress"
    var language: Language
    /// Progress through the course's requirements, 0 to 100, rounded down.
    var percent: Int
    /// The certificate, once the course is complete.
    var certificateHref: String?
}

/// "Simpan untuk dibaca luring" on a signed-in learner's course page (`offlinePanel`).
struct OfflinePanelFragment: PageFragment {
    static let template = "offlinePanel"
    var language: Language
    /// The list of what the device keeps (``OfflineFiles``).
    var listHref: String
    var courseID: String
    /// The server's estimate of the size, as people read it.
    var size: String
}

/// The course page's "Mulai belajar" leading to the pre-test (`startCourse`).
struct StartCourseFragment: PageFragment {
    static let template = "startCourse"
    var language: Language
    /// Where the button leads.
    var startHref: String
    /// Whether it leads to the pre-test, which the page then says.
    var preTest: Bool
}

/// A catalogue card's line with a signed-in learner's standing in the course (`courseStanding`).
struct CourseStandingFragment: PageFragment {
    static let template = "courseStanding"
    var language: Language
    /// The standing in words.
    var text: String
    /// Whether the course is in progress, and how far, 0 to 100; nil otherwise.
    var inProgress: Bool
    var percent: Int?
    /// Whether the course is completed.
    var completed: Bool
}

// MARK: Mustache

extension MessagePage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "labels": labels
        case "heading": heading
        case "text": text
        case "backHref": backHref
        case "backText": backText
        default: nil
        }
    }
}

extension HomePage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "labels": labels
        case "name": self.name
        case "meta": meta
        case "jpTitle": jpTitle
        case "jpTotal": jpTotal
        case "jpPercent": jpPercent
        case "jpMet": jpMet
        case "continueHref": continueHref
        case "continueTitle": continueTitle
        case "inProgress": inProgress
        case "hasInProgress": !inProgress.isEmpty
        case "completed": completed
        case "hasCompleted": !completed.isEmpty
        case "programs": programs
        case "hasPrograms": !programs.isEmpty
        case "reminders": reminders
        case "hasReminders": !reminders.isEmpty
        case "surveys": surveys
        case "hasSurveys": !surveys.isEmpty
        case "followUps": followUps
        case "hasFollowUps": !followUps.isEmpty
        default: nil
        }
    }
}

extension HomePage.CourseInProgress: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "href": href
        case "title": title
        case "percent": percent
        default: nil
        }
    }
}

extension HomePage.CompletedCourse: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "jp": jp
        case "date": date
        case "certificateHref": certificateHref
        case "number": number
        default: nil
        }
    }
}

extension CertificatePage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "labels": labels
        case "qr": qr
        case "number": number
        case "name": self.name
        case "maskedNIP": maskedNIP
        case "courseTitle": courseTitle
        case "version": version
        case "jp": jp
        case "started": started
        case "completed": completed
        case "verifyHref": verifyHref
        case "verifyURL": verifyURL
        case "pdfHref": pdfHref
        case "score": score
        default: nil
        }
    }
}

extension AccountNavFragment {
    func child(named name: String) -> Any? {
        switch name {
        case "labels": labels
        case "csrf": csrf
        case "account": account
        case "isOperator": isOperator
        case "isAuthor": isAuthor
        default: nil
        }
    }
}

extension ModuleProgressFragment {
    func child(named name: String) -> Any? {
        switch name {
        case "labels": labels
        case "csrf": csrf
        case "sessionID": sessionID
        case "lastSequence": lastSequence
        case "percent": percent
        case "ruleText": ruleText
        case "complete": complete
        case "canMarkDone": canMarkDone
        case "quizHref": quizHref
        case "markDoneAction": markDoneAction
        case "courseComplete": courseComplete
        case "certificateHref": certificateHref
        default: nil
        }
    }
}

extension FeedbackFragment {
    func child(named name: String) -> Any? {
        switch name {
        case "labels": labels
        case "csrf": csrf
        case "ratings": ratings
        case "feedbackAction": feedbackAction
        case "thanks": thanks
        default: nil
        }
    }
}

extension FeedbackFragment.Rating: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "value": value
        case "text": text
        default: nil
        }
    }
}

extension CourseProgressFragment {
    func child(named name: String) -> Any? {
        switch name {
        case "labels": labels
        case "percent": percent
        case "certificateHref": certificateHref
        default: nil
        }
    }
}

extension OfflinePanelFragment {
    func child(named name: String) -> Any? {
        switch name {
        case "labels": labels
        case "listHref": listHref
        case "courseID": courseID
        case "size": size
        default: nil
        }
    }
}

extension StartCourseFragment {
    func child(named name: String) -> Any? {
        switch name {
        case "labels": labels
        case "startHref": startHref
        case "preTest": preTest
        default: nil
        }
    }
}

extension CourseStandingFragment {
    func child(named name: String) -> Any? {
        switch name {
        case "text": text
        case "inProgress": inProgress
        case "percent": percent
        case "completed": completed
        default: nil
        }
    }
}

// MARK: Sign-in, password, verification form

/// Signing in with NIP and password (`signIn`).
struct SignInPage: Sendable {
    var chrome: Chrome
    var labels: [String: String]
    /// The double-submit token of the form (there is no session yet).
    var csrf: String
    /// Why the last try failed, if it did.
    var error: String?
    /// The NIP as typed, kept when a try fails.
    var nip: String
    /// Where to go after signing in, within the site.
    var returnTo: String?
}

/// Changing a password (`password`).
struct PasswordPage: Sendable {
    var chrome: Chrome
    var labels: [String: String]
    /// The session's CSRF token.
    var csrf: String
    /// Whether the password was issued by an operator and must be changed first, which the page then says.
    var mustChange: Bool
    /// Why the last try failed, if it did.
    var error: String?
}

/// `/verifikasi`: a certificate number typed by hand (`verificationForm`).
struct VerificationFormPage: Sendable {
    var chrome: Chrome
    var labels: [String: String]
    /// The number as typed; empty at first.
    var number: String
    /// Whether that number is not on record.
    var notFound: Bool
}

extension SignInPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "labels": labels
        case "csrf": csrf
        case "error": error
        case "nip": nip
        case "returnTo": returnTo
        default: nil
        }
    }
}

extension PasswordPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "labels": labels
        case "csrf": csrf
        case "mustChange": mustChange
        case "error": error
        default: nil
        }
    }
}

extension VerificationFormPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "labels": labels
        case "number": number
        case "notFound": notFound
        default: nil
        }
    }
}
