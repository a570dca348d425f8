import Foundation
import Hummingbird
import LenteraCore

/// Fills the marked regions of a page rendered at load (`<!--lentera:akun-->…<!--/lentera:akun-->` and the like) for one
/// person.
enum Personalizer {
    /// Replaces the content between `<!--lentera:name-->` and `<!--/lentera:name-->`.
    ///
    /// The raw-HTML filter drops author comments that start with `lentera:` or `/lentera:`, so a module cannot
    /// plant a marker of its own.
    static func replaceRegion(_ html: String, _ name: String, with fragment: String) -> String {
        var html = html
        let found: (Int, Int)? = html.withUTF8 { bytes in
            guard let start = find("<!--lentera:\(name)-->", in: bytes, from: 0),
                let end = find("<!--/lentera:\(name)-->", in: bytes, from: start.upperBound)
            else { return nil }
            return (start.upperBound, end.lowerBound)
        }
        guard let (from, to) = found else { return html }
        // Byte offsets at ASCII markers are character boundaries.
        let utf8 = html.utf8
        return String(Substring(utf8[..<utf8.index(utf8.startIndex, offsetBy: from)])) + fragment
            + String(Substring(utf8[utf8.index(utf8.startIndex, offsetBy: to)...]))
    }

    /// Replaces the content of every region named in `fragments` with its fragment, in one pass over the page: a
    /// catalogue of many cards is searched once, not once per card. Regions not named stay as they are.
    static func replaceRegions(_ html: String, _ fragments: [String: String]) -> String {
        guard !fragments.isEmpty else { return html }
        var html = html
        var result = ""
        html.withUTF8 { bytes in
            result.reserveCapacity(bytes.count + fragments.values.reduce(0) { $0 + $1.utf8.count })
            var copied = 0
            var from = 0
            while let start = find("<!--lentera:", in: bytes, from: from), let close = find("-->", in: bytes, from: start.upperBound) {
                from = close.upperBound
                let name = String(decoding: bytes[start.upperBound..<close.lowerBound], as: UTF8.self)
                guard let fragment = fragments[name], let end = find("<!--/lentera:\(name)-->", in: bytes, from: close.upperBound) else {
                    continue
                }
                // Byte offsets at ASCII markers are character boundaries.
                result += String(decoding: bytes[copied..<close.upperBound], as: UTF8.self)
                result += fragment
                copied = end.lowerBound
                from = end.upperBound
            }
            result += String(decoding: bytes[copied...], as: UTF8.self)
        }
        return result
    }

    /// The byte range of an ASCII needle in UTF-8 bytes (pages are searched on every signed-in request, and
    /// Foundation's string search showed up in profiles).
    static func find(_ needle: String, in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Range<Int>? {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first, let base = bytes.baseAddress else { return nil }
        var index = from
        let last = bytes.count - pattern.count
        while index <= last {
            guard let hit = memchr(base + index, Int32(first), last - index + 1) else { return nil }
            let position = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
            if memcmp(base + position, pattern, pattern.count) == 0 { return position..<(position + pattern.count) }
            index = position + 1
        }
        return nil
    }

    /// The header's account links for a signed-in person.
    static func withAccountNav(_ html: String, signedIn: SignedIn?, renderer: PageRenderer, language: Language) -> String {
        guard let signedIn else { return html }
        return replaceRegion(html, "akun", with: accountNav(signedIn: signedIn, renderer: renderer, language: language))
    }

    /// The content of the `akun` region for a signed-in person: home, reports and status by role, and sign-out.
    static func accountNav(signedIn: SignedIn, renderer: PageRenderer, language: Language) -> String {
        keptAccountNav(signedIn: signedIn, renderer: renderer, language: language).html
    }

    /// The same, with what the fragment cache keeps of it.
    static func keptAccountNav(signedIn: SignedIn, renderer: PageRenderer, language: Language) -> FragmentHTML {
        let role = signedIn.account.role
        return renderer.keptFragment(
            AccountNavFragment(
                language: language, csrf: signedIn.session.csrfToken, account: OfflineFiles.accountKey(signedIn.account),
                isOperator: role == .operator || role == .admin, isAuthor: role != .learner
            )
        )
    }
}

/// The pages rendered at load, personalized for a signed-in learner: module views are logged and show progress, and
/// the catalogue and course pages show where the learner stands (``catalogueFragments(courses:signedIn:language:)``).
struct LearnerPages: Sendable {
    let store: any LearningStore
    let learning: LearningService
    let renderer: PageRenderer
    /// What a learner's device keeps of a course to read it offline.
    let offline: OfflineFiles

    /// The personalized answer for a page of the site, or nil when the path is not a page.
    ///
    /// The page as rendered at load with the person's fragments in its regions: stored by their browser, revalidated
    /// with an ETag and gzipped by compressing the fragments only (``PrivatePage``).
    func respond(path: String, request: Request, signedIn: SignedIn, site: Site) async throws -> Response? {
        guard let resource = site.pages[path] else { return nil }
        let preference = LanguagePreference.resolve(request)
        let language = preference.language
        var fragments = ["akun": Personalizer.keptAccountNav(signedIn: signedIn, renderer: renderer, language: language)]
        let parts = path.split(separator: "/")
        var regions: [String: FragmentHTML] = [:]
        if path == "/" {
            regions = try await catalogueFragments(courses: site.courses, signedIn: signedIn, language: language).mapValues(FragmentHTML.init)
        } else if parts.count == 3, parts[0] == "kursus", request.method == .get,
            let (course, module) = learning.module(courseID: String(parts[1]), moduleID: String(parts[2]))
        {
            regions = try await moduleRegions(course: course, module: module, signedIn: signedIn, request: request, language: language)
        } else if parts.count == 2, parts[0] == "kursus", let course = site.courses.first(where: { $0.id == parts[1] }) {
            regions = try await courseRegions(course: course, signedIn: signedIn, language: language).mapValues(FragmentHTML.init)
        }
        fragments.merge(regions) { _, new in new }
        let page = try resource.spliced(language)
        var response = PrivatePage.respond(page, fragments: fragments, kept: renderer.pieces, signedIn: signedIn, request: request)
        if let cookie = preference.cookieToSet { response.setCookie(cookie) }
        return response
    }

    /// The module's `kemajuan` and `umpan-balik` regions for the person, after logging the view.
    func moduleRegions(course: Course, module: Module, signedIn: SignedIn, request: Request, language: Language) async throws
        -> [String: FragmentHTML]
    {
        let session: ContentSession?
        let summary: ContentSummary
        let entry: LedgerEntry?
        if request.headers[OfflineFiles.savingHeader] != nil {
            // A copy kept for offline reading is no visit: nothing is logged and no module completes by being saved.
            // Without a visit the copy sends no heartbeats; its "Tandai selesai" form works as on any page.
            session = nil
            summary = try await store.summaries(accountID: signedIn.account.id, courseID: course.id)[module.id]
                ?? ContentSummary(accountID: signedIn.account.id, courseID: course.id, moduleID: module.id)
            entry = try await store.entries(accountID: signedIn.account.id).first {
                $0.courseID == course.id && $0.courseVersion == course.creditVersion
            }
        } else {
            let view = try await learning.recordView(signedIn.account, course: course, module: module)
            session = view.session
            summary = view.summary
            entry = view.entry
        }
        let ruleText: String
        switch module.completion {
        case .viewed: ruleText = Text.Learner.ruleViewed(language)
        case .timeSpent(let minutes): ruleText = Text.Learner.ruleTime(language, minutes)
        case .markedDone: ruleText = Text.Learner.ruleMarked(language)
        case .quizPassed(let quizID):
            ruleText = Text.Quiz.quizRuleText(language) + " " + (course.quiz(withID: quizID).map { QuizHTML.titleText($0.title) } ?? quizID)
        }
        var quizHref: String?
        if case .quizPassed(let quizID) = module.completion { quizHref = "/kursus/\(course.id)/kuis/\(quizID)" }
        let progress = ModuleProgressFragment(
            language: language, csrf: signedIn.session.csrfToken, sessionID: session?.id, lastSequence: session?.lastSequence ?? 0,
            percent: Int((summary.progress * 100).rounded(.down)), ruleText: ruleText, complete: summary.isComplete,
            canMarkDone: module.completion.allowsMarkingDone && !summary.isComplete, quizHref: quizHref,
            markDoneAction: PageRenderer.moduleHref(course, module) + "/selesai", courseComplete: entry != nil,
            certificateHref: entry.map { "/sertifikat/\($0.certificateNumber)" }
        )
        let feedback = feedbackFragment(
            action: PageRenderer.moduleHref(course, module) + "/umpan-balik", signedIn: signedIn, language: language,
            thanks: request.queryFields["umpan-balik"] != nil
        )
        return ["kemajuan": renderer.keptFragment(progress), "umpan-balik": renderer.keptFragment(feedback)]
    }

    /// The course's regions for the person: `kemajuan` (progress, the certificate, and feedback once complete), and
    /// `mulai` when "Mulai belajar" leads to the pre-test.
    func courseRegions(course: Course, signedIn: SignedIn, language: Language) async throws -> [String: String] {
        let summaries = try await store.summaries(accountID: signedIn.account.id, courseID: course.id)
        let entry = try await store.entries(accountID: signedIn.account.id).first {
            $0.courseID == course.id && $0.courseVersion == course.creditVersion
        }
        var panel = renderer.render(
            CourseProgressFragment(
                language: language, percent: Int((CourseRequirements(course).progress(summaries) * 100).rounded(.down)),
                certificateHref: entry.map { "/sertifikat/\($0.certificateNumber)" }
            )
        )
        if let list = offline.list(courseID: course.id, language: language) {
            panel += renderer.render(
                OfflinePanelFragment(
                    language: language, listHref: "/api/luring/\(course.id)", courseID: course.id, size: Text.Offline.size(list.size, language)
                )
            )
        }
        if entry != nil {
            // After a course, as after a module: how relevant was it to the learner's work.
            panel += renderer.render(
                feedbackFragment(action: PageRenderer.courseHref(course) + "/umpan-balik", signedIn: signedIn, language: language, thanks: false)
            )
        }
        var regions = ["kemajuan": panel]
        regions["mulai"] = try await startFragment(course: course, signedIn: signedIn, language: language)
        return regions
    }

    /// The feedback form posting to `action`, thanking the learner when `thanks`.
    func feedbackFragment(action: String, signedIn: SignedIn, language: Language, thanks: Bool) -> FeedbackFragment {
        FeedbackFragment(
            language: language, csrf: signedIn.session.csrfToken, ratings: FeedbackFragment.ratings(language), feedbackAction: action,
            thanks: thanks
        )
    }
}
