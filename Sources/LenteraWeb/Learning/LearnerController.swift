import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import LenteraCore
import Mustache
import NIOPosix

/// Sign-in, the learner's home, progress, feedback, certificates and their public verification.
struct LearnerController: Sendable {
    let store: any LearningStore
    let learning: LearningService
    let renderer: PageRenderer
    let throttle: SignInThrottle
    let baseURL: String?
    /// The office, signatory and logo on certificates' PDFs where the course names none of its own.
    let certificateIssuer: CertificateIssuer
    /// Limits the audit entries of refused sign-ins to one a minute per NIP and address.
    let auditSampler = AuditSampler()

    func addRoutes(to router: Router<LenteraContext>) {
        router.get("/masuk", use: signInPage)
        router.post("/masuk", use: signIn)
        router.post("/keluar", use: signOut)
        router.get("/verifikasi", use: verificationForm)
        router.get("/verifikasi/:number", use: verification)
        // Everything below needs a signed-in account, and gets it by construction.
        let signedIn = router.group(context: SignedInContext.self)
        signedIn.get("/sandi", use: passwordPage)
        signedIn.post("/sandi", use: changePassword)
        signedIn.get("/beranda", use: home)
        signedIn.post("/api/detak", use: heartbeat)
        signedIn.post("/kursus/:course/:module/selesai", use: markDone)
        signedIn.post("/kursus/:course/:module/umpan-balik", use: feedback)
        signedIn.post("/kursus/:course/umpan-balik", use: courseFeedback)
        signedIn.get("/sertifikat/:number", use: certificate)
        signedIn.get("/sertifikat/:number/pdf", use: certificatePDF)
    }

    // MARK: Rendering

    /// A page rendered for one person from its typed context (which holds its chrome and labels): never cached by
    /// browsers or proxies.
    func page(_ template: String, model: some MustacheParent, request: Request, context: some PageContext,
              status: HTTPResponse.Status = .ok) -> Response {
        Self.privateHTML(pageHTML(template, model: model, request: request, context: context), status: status)
    }

    /// The HTML of a page rendered for one person from its typed context, in the layout with their account links.
    func pageHTML(_ template: String, model: some MustacheParent, request: Request, context: some PageContext) -> String {
        let language = LanguagePreference.resolve(request).language
        let html = renderer.render(model, template)
        return Personalizer.withAccountNav(html, signedIn: context.layout.signedIn, renderer: renderer, language: language)
    }

    /// The `message` page: a heading, a sentence and a link back.
    func messagePage(heading: String, text: String, backHref: String, backText: String, request: Request, context: some PageContext,
                     title: String, status: HTTPResponse.Status) -> Response {
        let language = language(request)
        let model = MessagePage(
            chrome: renderer.chrome(language, title: title), labels: Text.table(language), heading: heading, text: text,
            backHref: backHref, backText: backText
        )
        return page("message", model: model, request: request, context: context, status: status)
    }

    /// An HTML answer no browser or proxy may store (`private, no-store`) and that is never compressed: for pages with
    /// a secret (forms before signing in, password forms, temporary passwords), with what the request sent (a search),
    /// or for staff. Pages that stay the same for a learner until their progress changes use ``PrivatePage``.
    static func privateHTML(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "private, no-store"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    /// The language a request's pages are in.
    func language(_ request: Request) -> Language {
        LanguagePreference.resolve(request).language
    }

    // MARK: Sign-in

    @Sendable func signInPage(_ request: Request, context: LenteraContext) async throws -> Response {
        let returnTo = Self.safeReturn(request.queryFields["kembali"])
        if context.signedIn != nil { return Self.redirect(returnTo ?? "/beranda") }
        return signInForm(request, context: context, error: nil, nip: "", returnTo: returnTo)
    }

    /// Where a page that needs a signed-in learner sends someone who is not: back to it after signing in.
    static func signInFirst(_ request: Request) -> Response {
        var path = request.uri.path
        if request.method == .post, path.hasSuffix("/mulai") { path = String(path.dropLast("/mulai".count)) }  // back to the quiz page
        // A page asked for with a query comes back with it (an event's check-in address carries its code there); one
        // that is no safe return address with it (``safeReturn``: too long, a `://`) comes back without it.
        if request.method == .get, let query = request.uri.query, !query.isEmpty, let withQuery = safeReturn(path + "?" + query) {
            path = withQuery
        }
        return redirect("/masuk?kembali=" + FormFields.encode(path))
    }

    /// A return address only within this site: a path, never another host (`//host`, a scheme, a backslash).
    ///
    /// Judged by its bytes: visible ASCII only (a browser sends a path percent-encoded), starting with one `/`. Compared
    /// as Swift characters, `//` followed by U+FE0F is not `//`, and a browser, whose host parser drops the mark,
    /// went to the other host.
    static func safeReturn(_ value: String?) -> String? {
        guard let value else { return nil }
        let bytes = Array(value.utf8)
        guard bytes.count <= 500, bytes.first == UInt8(ascii: "/"), bytes.count == 1 || (bytes[1] != UInt8(ascii: "/") && bytes[1] != UInt8(ascii: "\\")),
            bytes.allSatisfy({ (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "\\") }), !value.contains("://")
        else { return nil }
        return value
    }

    func signInForm(_ request: Request, context: LenteraContext, error: String?, nip: String, returnTo: String? = nil,
                    status: HTTPResponse.Status = .ok) -> Response {
        // Double-submit token for the form, since there is no session yet.
        let token = request.cookie(named: SessionToken.signInCookieName).flatMap { SessionToken.isWellFormed($0) ? $0 : nil }
            ?? SessionToken.random()
        let language = language(request)
        let model = SignInPage(
            chrome: renderer.chrome(language, title: Text.Learner.signIn(language)), labels: Text.table(language), csrf: token, error: error,
            nip: nip, returnTo: returnTo
        )
        var response = page("signIn", model: model, request: request, context: context, status: status)
        response.setCookie(SessionToken.cookie(name: SessionToken.signInCookieName, value: token, maxAge: 3600, request: request))
        return response
    }

    @Sendable func signIn(_ request: Request, context: LenteraContext) async throws -> Response {
        let form = try await context.formFields(request, limit: 64 * 1024)
        let nipText = (form["nip"] ?? "").filter { !$0.isWhitespace }
        let password = form["sandi"] ?? ""
        let returnTo = Self.safeReturn(form["kembali"])
        let language = language(request)
        let typedNIP = try? NIP(validating: nipText)
        if let wait = try await throttle.begin(nip: nipText, address: context.remoteAddress) {
            LenteraMetrics.signIn("throttled")
            // Once a minute per NIP and address: a flood of refused attempts must not become a flood of writes.
            if await auditSampler.admits((typedNIP?.digits ?? "-") + "|" + context.remoteAddress) {
                try await store.record([AuditEvent(date: Date(), action: .signInThrottled, actor: nil, subject: typedNIP?.digits,
                                                   address: context.remoteAddress)])
            }
            let minutes = Int((wait / 60).rounded(.up))
            var response = signInForm(
                request, context: context, error: Text.Learner.signInThrottled(language, minutes), nip: nipText, returnTo: returnTo,
                status: .tooManyRequests
            )
            response.headers[.retryAfter] = String(Int(wait.rounded(.up)))
            return response
        }
        let account = (try? NIP(validating: nipText)).map { nip in Task { try await store.account(nip: nip) } }
        let found = try await account?.value ?? nil
        // Verify against a dummy hash when there is no account, so that timing does not reveal which NIPs exist.
        // An account without a password yet (`!`, made by a node or a roster) takes as long as any other.
        let usable = found.flatMap { $0.passwordHash.hasPrefix("$2") ? $0 : nil }
        let hash = usable?.passwordHash ?? Self.dummyHash
        let valid = try await NIOThreadPool.singleton.runIfActive {
            // A temporary password is hashed at a lower cost: check the dummy too, so it takes as long as any other.
            if (RosterImport.cost(of: hash) ?? 0) < RosterImport.bcryptCost { _ = Bcrypt.verify(password, hash: Self.dummyHash) }
            return Bcrypt.verify(password, hash: hash)
        }
        guard let found = usable, valid else {
            LenteraMetrics.signIn("failure")
            try await store.record([AuditEvent(date: Date(), action: .signInFailed, actor: nil, subject: typedNIP?.digits, unit: found?.unit,
                                               address: context.remoteAddress)])
            return signInForm(
                request, context: context, error: Text.Learner.signInFailed(language), nip: nipText, returnTo: returnTo, status: .unauthorized
            )
        }
        try await throttle.recordSuccess(nip: nipText, address: context.remoteAddress)
        // A deactivated account (retired, left the service) keeps its history and no longer signs in.
        guard found.isActive else {
            LenteraMetrics.signIn("failure")
            try await store.record([AuditEvent(date: Date(), action: .signInFailed, actor: nil, subject: found.nip.digits, unit: found.unit,
                                               detail: "akun tidak aktif", address: context.remoteAddress)])
            return signInForm(request, context: context, error: Text.Accounts.inactiveSignIn(language),
                              nip: nipText, returnTo: returnTo, status: .forbidden)
        }
        LenteraMetrics.signIn("success")
        // Hashes from before the cost was set to today's are made again, now that the password is known.
        if let cost = RosterImport.cost(of: found.passwordHash), cost > RosterImport.bcryptCost, !found.mustChangePassword {
            try await store.setPassword(accountID: found.id, hash: try await RosterImport.passwordHash(password), mustChange: false)
        }
        try await store.record([AuditEvent(date: Date(), action: .signIn, actor: found.nip.digits, subject: found.nip.digits, unit: found.unit,
                                           address: context.remoteAddress)])
        // A new session id at every sign-in; the old one, if any, ends.
        if let old = request.cookie(named: SessionToken.cookieName) {
            try await store.deleteSession(tokenHash: SessionToken.hash(old))
        }
        var response = Self.redirect(found.mustChangePassword ? "/sandi" : (returnTo ?? "/beranda"))
        response.setCookie(try await startSession(for: found, request: request))
        response.setCookie(SessionToken.cookie(name: SessionToken.signInCookieName, value: "", maxAge: 0, request: request))
        return response
    }

    static let dummyHash = Bcrypt.hash("lentera-dummy-password", cost: RosterImport.bcryptCost)

    func startSession(for account: Account, request: Request) async throws -> Cookie {
        let token = SessionToken.random()
        try await store.createSession(
            StoredSession(
                tokenHash: SessionToken.hash(token), accountID: account.id, csrfToken: SessionToken.random(),
                expires: Date().addingTimeInterval(SessionToken.lifetime)
            )
        )
        return SessionToken.cookie(name: SessionToken.cookieName, value: token, maxAge: Int(SessionToken.lifetime), request: request)
    }

    @Sendable func signOut(_ request: Request, context: LenteraContext) async throws -> Response {
        if let signedIn = context.signedIn {
            try await store.deleteSession(tokenHash: signedIn.session.tokenHash)
        }
        var response = Self.redirect("/")
        response.setCookie(SessionToken.cookie(name: SessionToken.cookieName, value: "", maxAge: 0, request: request))
        // The browser may have kept signed-in pages (PrivatePage), and pages saved for offline reading (progress, the
        // session's token): on a shared computer, the next person finds none. "storage" also ends the service worker
        // and drops what was recorded offline and not sent yet (it could only be sent under this person's session,
        // which ends here); browsers act on it over HTTPS and on localhost, the same places where service workers run.
        response.headers[.clearSiteData] = #""cache", "storage""#
        return response
    }

    // MARK: Password

    @Sendable func passwordPage(_ request: Request, context: SignedInContext) async throws -> Response {
        let signedIn = context.signedIn
        return passwordForm(request, context: context.base, signedIn: signedIn, error: nil)
    }

    func passwordForm(_ request: Request, context: LenteraContext, signedIn: SignedIn, error: String?) -> Response {
        let language = language(request)
        let model = PasswordPage(
            chrome: renderer.chrome(language, title: Text.Learner.changePassword(language)), labels: Text.table(language),
            csrf: signedIn.session.csrfToken, mustChange: signedIn.account.mustChangePassword, error: error
        )
        return page("password", model: model, request: request, context: context, status: error == nil ? .ok : .badRequest)
    }

    @Sendable func changePassword(_ request: Request, context: SignedInContext) async throws -> Response {
        let signedIn = context.signedIn
        let form = try await context.form(request, limit: 64 * 1024)
        let language = language(request)
        let current = form["lama"] ?? ""
        let new = form["baru"] ?? ""
        let hash = signedIn.account.passwordHash
        // Guesses at the current password are limited like sign-ins (a stolen session must not become a password
        // oracle): per NIP and per address, with the same counters.
        let nip = signedIn.account.nip.digits
        if let wait = try await throttle.begin(nip: nip, address: context.base.remoteAddress) {
            var response = passwordForm(
                request, context: context.base, signedIn: signedIn, error: Text.Learner.signInThrottled(language, Int((wait / 60).rounded(.up)))
            )
            response.status = .tooManyRequests
            response.headers[.retryAfter] = String(Int(wait.rounded(.up)))
            return response
        }
        guard try await NIOThreadPool.singleton.runIfActive({ Bcrypt.verify(current, hash: hash) }) else {
            return passwordForm(request, context: context.base, signedIn: signedIn, error: Text.Learner.passwordWrong(language))
        }
        try await throttle.recordSuccess(nip: nip, address: context.base.remoteAddress)
        guard new.count >= 8 else {
            return passwordForm(request, context: context.base, signedIn: signedIn, error: Text.Learner.passwordTooShort(language))
        }
        guard new == form["ulang"] else {
            return passwordForm(request, context: context.base, signedIn: signedIn, error: Text.Learner.passwordMismatch(language))
        }
        let newHash = try await RosterImport.passwordHash(new)
        try await store.setPassword(accountID: signedIn.account.id, hash: newHash, mustChange: false)
        try await store.deleteSessions(accountID: signedIn.account.id)
        try await store.record([AuditEvent(date: Date(), action: .passwordChanged, actor: nip, subject: nip, unit: signedIn.account.unit,
                                           address: context.base.remoteAddress)])
        var account = signedIn.account
        account.mustChangePassword = false
        var response = Self.redirect("/beranda")
        response.setCookie(try await startSession(for: account, request: request))
        return response
    }

    // MARK: Home

    @Sendable func home(_ request: Request, context: SignedInContext) async throws -> Response {
        let signedIn = context.signedIn
        let account = signedIn.account
        let language = language(request)
        let courses = learning.site.site.courses
        let entries = try await store.entries(accountID: account.id)
        let recent = try await store.recentSummaries(accountID: account.id)
        let year = JPLedger.year(of: Date())
        let total = JPLedger.total(entries, year: year)

        var inProgress: [HomePage.CourseInProgress] = []
        var seen: Set<String> = []
        for summary in recent where !seen.contains(summary.courseID) {
            seen.insert(summary.courseID)
            guard let course = courses.first(where: { $0.id == summary.courseID }),
                !entries.contains(where: { $0.courseID == course.id && $0.courseVersion == course.creditVersion })
            else { continue }
            let summaries = try await store.summaries(accountID: account.id, courseID: course.id)
            let percent = Int((CourseRequirements(course).progress(summaries) * 100).rounded(.down))
            inProgress.append(.init(href: PageRenderer.courseHref(course), title: course.title, percent: percent))
        }
        // Continue where you left off: the last module opened in a course not completed yet, or the next one not done.
        var continueTarget: (href: String, title: String)?
        for last in recent {
            guard let course = courses.first(where: { $0.id == last.courseID }),
                !entries.contains(where: { $0.courseID == course.id && $0.courseVersion == course.creditVersion }),
                let index = course.modules.firstIndex(where: { $0.id == last.moduleID })
            else { continue }
            let summaries = try await store.summaries(accountID: account.id, courseID: course.id)
            let next = course.modules[index...].first { summaries[$0.id]?.isComplete != true }
                ?? course.modules.first { summaries[$0.id]?.isComplete != true } ?? course.modules[index]
            continueTarget = (PageRenderer.moduleHref(course, next), next.title)
            break
        }
        let completed = entries.map { entry in
            HomePage.CompletedCourse(
                title: entry.courseTitle, jp: entry.jp.formatted(for: language), date: Self.date(entry.completedAt, language),
                certificateHref: "/sertifikat/\(entry.certificateNumber)", number: entry.certificateNumber
            )
        }
        let programs = LearnerPrograms.cards(
            for: account, programs: learning.site.site.programs, courses: courses, entries: entries, now: Date(), language: language
        )
        let model = HomePage(
            chrome: renderer.chrome(language, title: Text.Learner.home(language)), labels: Text.table(language),
            name: account.name, meta: PageRenderer.metaLine([account.unit.description, account.position, account.status.rawValue]),
            jpTitle: Text.Learner.jpThisYear(language, year), jpTotal: total.formatted(for: language),
            jpPercent: min(100, total.hundredths * 100 / JPLedger.target.hundredths), jpMet: JPLedger.meetsTarget(total),
            continueHref: continueTarget?.href, continueTitle: continueTarget?.title ?? "", inProgress: inProgress, completed: completed,
            programs: programs.cards, reminders: programs.reminders,
            surveys: try await NeedsController.homeItems(
                store: store, dictionary: learning.site.site.competencies, account: account, language: language
            ),
            followUps: try await FollowUpController.homeItems(
                store: store, programs: learning.site.site.programs, account: account, entries: entries, now: Date(), language: language
            )
        )
        // Gzipped, never stored: the learner's name, units and JP stay off a shared computer's disk.
        let html = pageHTML("home", model: model, request: request, context: context)
        return PrivatePage.respond(html: html, request: request)
    }

    /// A day as pages show it, in Western Indonesian Time: "6 Desember 2026", "6 December 2026".
    static func date(_ date: Date, _ language: Language) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: language == .indonesian ? "id_ID" : "en_GB")
        formatter.timeZone = JPLedger.timeZone
        formatter.dateStyle = .long
        return formatter.string(from: date)
    }

    /// A moment as pages show it: "6 Desember 2026 12:25 WIB", "6 December 2026 12:25 WIB".
    static func dateTime(_ date: Date, _ language: Language) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = JPLedger.timeZone
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return Self.date(date, language) + String(format: " %02d:%02d WIB", parts.hour ?? 0, parts.minute ?? 0)
    }

    // MARK: Progress

    @Sendable func heartbeat(_ request: Request, context: SignedInContext) async throws -> Response {
        let signedIn = context.signedIn
        let form = try await context.form(request, limit: 16 * 1024)
        // A visit's id is one the store made: one with a control character names none, and must not reach a batch of
        // heartbeats that PostgreSQL would refuse whole.
        guard let sessionID = form["sesi"], ControlCharacters.first(in: sessionID) == nil, let sequence = form["urutan"].flatMap(Int.init),
            sequence > 0
        else { return Response(status: .badRequest) }
        guard let summary = try await learning.recordHeartbeat(signedIn.account, sessionID: sessionID, sequence: sequence) else {
            return Response(status: .notFound)
        }
        // lentera.js asks for the module's progress while the page is open, so that the bar of a module completed by
        // time moves as it is read; a beacon (sent as the page closes) cannot read an answer and gets none.
        guard request.headers[.accept]?.contains("application/json") == true else { return Response(status: .noContent) }
        let progress = HeartbeatProgress(percent: Int((summary.progress * 100).rounded(.down)), complete: summary.isComplete)
        return Response(
            status: .ok, headers: [.contentType: "application/json", .cacheControl: "private, no-store", .vary: "Accept"],
            body: .init(byteBuffer: ByteBuffer(data: try JSONEncoder().encode(progress)))
        )
    }

    @Sendable func markDone(_ request: Request, context: SignedInContext) async throws -> Response {
        let signedIn = context.signedIn
        guard let (course, module) = learning.module(
            courseID: try context.parameters.require("course"), moduleID: try context.parameters.require("module")
        ) else { throw HTTPError(.notFound) }
        guard module.completion.allowsMarkingDone else { throw HTTPError(.badRequest, message: "this module is completed another way") }
        _ = try await learning.markDone(signedIn.account, course: course, module: module)
        return Self.redirect(PageRenderer.moduleHref(course, module))
    }

    @Sendable func feedback(_ request: Request, context: SignedInContext) async throws -> Response {
        let signedIn = context.signedIn
        guard let (course, module) = learning.module(
            courseID: try context.parameters.require("course"), moduleID: try context.parameters.require("module")
        ) else { throw HTTPError(.notFound) }
        let back = PageRenderer.moduleHref(course, module)
        if let refused = try await saveFeedback(
            request, context: context.base, signedIn: signedIn, courseID: course.id, moduleID: module.id, back: back
        ) {
            return refused
        }
        return Self.redirect(back + "?umpan-balik=terima-kasih#kemajuan")
    }

    /// Stores a 1-5 relevance rating and comment from a feedback form. A comment no store can keep (a control character
    /// other than a tab or a line break, see ``ControlCharacters``) is answered with a page that says so and links `back`;
    /// nil when the feedback was stored.
    func saveFeedback(_ request: Request, context: LenteraContext, signedIn: SignedIn, courseID: String, moduleID: String, back: String) async throws
        -> Response?
    {
        let form = try await context.formFields(request, limit: 64 * 1024)
        guard let relevance = form["relevansi"].flatMap(Int.init), (1...5).contains(relevance) else {
            throw HTTPError(.badRequest, message: "relevance must be 1 to 5")
        }
        let comment = String((form["komentar"] ?? "").prefix(2000))
        if let scalar = ControlCharacters.first(inFreeText: comment) {
            let language = language(request)
            return messagePage(
                heading: Text.Site.requestRefusedTitle(language), text: Text.Learner.feedbackRefused(language, ControlCharacters.name(scalar)),
                backHref: back, backText: Text.Site.backToCourse(language), request: request, context: context,
                title: Text.Site.requestRefusedTitle(language), status: .badRequest
            )
        }
        try await store.saveFeedback(
            Feedback(
                accountID: signedIn.account.id, courseID: courseID, moduleID: moduleID, relevance: relevance, comment: comment, createdAt: Date()
            )
        )
        return nil
    }

    /// Feedback on a whole course, once it is complete; stored with an empty module id.
    @Sendable func courseFeedback(_ request: Request, context: SignedInContext) async throws -> Response {
        let signedIn = context.signedIn
        let courseID = try context.parameters.require("course")
        guard let course = learning.site.site.courses.first(where: { $0.id == courseID }) else { throw HTTPError(.notFound) }
        guard try await store.entries(accountID: signedIn.account.id).contains(where: { $0.courseID == course.id }) else {
            throw HTTPError(.badRequest, message: "the course is not complete")
        }
        let back = PageRenderer.courseHref(course)
        if let refused = try await saveFeedback(request, context: context.base, signedIn: signedIn, courseID: course.id, moduleID: "", back: back) {
            return refused
        }
        return Self.redirect(back)
    }

    // MARK: Certificates

    /// The certificate of `entry` as its page and its verification show it, under `title`.
    func certificatePage(_ entry: LedgerEntry, owner: Account, language: Language, request: Request, title: String) -> CertificatePage {
        let path = "/verifikasi/\(entry.certificateNumber)"
        let origin = siteAddress(request)
        // The QR code carries the verification address; written here, so its SVG is ours and safe to embed.
        let qr = (try? QRCode(text: origin + path).svg(title: Text.Learner.verifyAt(language) + " " + origin + path)) ?? ""
        return CertificatePage(
            chrome: renderer.chrome(language, title: title), labels: Text.table(language), qr: qr,
            number: entry.certificateNumber, name: owner.name, maskedNIP: owner.nip.masked, courseTitle: entry.courseTitle,
            version: entry.displayVersion, jp: entry.jp.formatted(for: language),
            started: Self.date(entry.startedAt, language), completed: Self.date(entry.completedAt, language),
            verifyHref: path, verifyURL: origin + path, pdfHref: "/sertifikat/\(entry.certificateNumber)/pdf",
            // A grade only where the course has one (CourseGrade): no line at all otherwise, never module progress.
            score: entry.score.map { String($0) }
        )
    }

    @Sendable func certificate(_ request: Request, context: SignedInContext) async throws -> Response {
        let (entry, owner) = try await certificateShown(to: context)
        let language = language(request)
        let model = certificatePage(entry, owner: owner, language: language, request: request, title: Text.Learner.certificate(language))
        return page("certificate", model: model, request: request, context: context)
    }

    @Sendable func verification(_ request: Request, context: LenteraContext) async throws -> Response {
        let wantsJSON = request.headers[.accept]?.contains("application/json") == true
        let number = try context.parameters.require("number")
        guard let entry = try await store.entry(certificateNumber: number), let owner = try await store.account(id: entry.accountID) else {
            if wantsJSON {
                return Response(
                    status: .notFound, headers: [.contentType: "application/json", .vary: "Accept"],
                    body: .init(byteBuffer: ByteBuffer(string: #"{"error":"not found"}"#))
                )
            }
            // Someone who scanned a certificate's QR code learns plainly that this number is not on record, and may
            // type it again at the form.
            let language = language(request)
            var response = messagePage(
                heading: Text.Learner.verification(language), text: Text.Learner.certificateNotFound(language), backHref: "/verifikasi",
                backText: Text.Learner.verifyAnother(language), request: request, context: context, title: Text.Learner.verification(language),
                status: .notFound
            )
            response.headers[.vary] = "Accept"
            return response
        }
        if wantsJSON {
            let record = VerifiedCertificate(
                number: entry.certificateNumber, name: owner.name, nip: owner.nip.masked, course: entry.courseTitle,
                courseID: entry.courseID, version: entry.displayVersion, jp: Double(entry.jp.hundredths) / 100,
                started: entry.startedAt, completed: entry.completedAt, score: entry.score
            )
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.sortedKeys]
            var response = Response(
                status: .ok, headers: [.contentType: "application/json", .vary: "Accept", .cacheControl: "no-cache"],
                body: .init(byteBuffer: ByteBuffer(data: try encoder.encode(record)))
            )
            response.headers[.accessControlAllowOrigin] = "*"
            return response
        }
        let language = language(request)
        let model = certificatePage(entry, owner: owner, language: language, request: request, title: Text.Learner.verification(language))
        var response = page("verification", model: model, request: request, context: context)
        response.headers[.vary] = "Accept"
        return response
    }
}

/// A module's progress after a heartbeat, as `/api/detak` answers a request that accepts JSON.
struct HeartbeatProgress: Codable {
    /// The progress bar's value, 0 to 100, rounded down as the page shows it.
    var percent: Int
    /// Whether the module is complete.
    var complete: Bool
}

/// The public fields of a certificate, as `/verifikasi/NUMBER` answers in JSON (the NIP masked).
struct VerifiedCertificate: Codable {
    var number: String
    var name: String
    var nip: String
    var course: String
    var courseID: String
    var version: String
    var jp: Double
    var started: Date
    var completed: Date
    /// The learner's grade (``LedgerEntry/score``); the key is left out when there is none.
    var score: Int?
}

import NIOCore
