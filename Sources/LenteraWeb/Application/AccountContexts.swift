import Hummingbird
import LenteraCore

/// The request context of routes that need a signed-in account: the account is not optional, so a handler on such
/// a route cannot forget to check it. Made from ``LenteraContext`` by the route group; someone not signed in never
/// reaches the handler (``SignInRequired``).
struct SignedInContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    /// The request's context as the middleware left it: for the page layout and the form parsed by the CSRF check.
    let base: LenteraContext
    /// The signed-in account.
    let account: Account
    /// Its session.
    let session: StoredSession

    init(context: LenteraContext) throws {
        guard let signedIn = context.signedIn else { throw SignInRequired() }
        coreContext = context.coreContext
        base = context
        account = signedIn.account
        session = signedIn.session
    }

    /// The account with its session.
    var signedIn: SignedIn { SignedIn(account: account, session: session) }
}

/// A staff route's context: the signed-in account, of a role the route group admits, with the unit subtree whose
/// learners it may see (``Account/learnerScope``).
protocol StaffRequestContext: ChildRequestContext where ParentContext == LenteraContext {
    var base: LenteraContext { get }
    var account: Account { get }
    var session: StoredSession { get }
    var scope: UnitPath? { get }
    /// Whether a role may use the group's routes.
    static func admits(_ role: Role) -> Bool
    init(base: LenteraContext, account: Account, session: StoredSession)
}

extension StaffRequestContext {
    init(context: LenteraContext) throws {
        guard let signedIn = context.signedIn else { throw SignInRequired() }
        // Anyone else is told nothing: for them these pages do not exist.
        guard Self.admits(signedIn.account.role) else { throw HTTPError(.notFound) }
        self.init(base: context, account: signedIn.account, session: signedIn.session)
    }

    /// Whether the account may see a learner of this unit.
    func maySee(_ unit: UnitPath) -> Bool { scope?.contains(unit) ?? true }

    /// The account with its session.
    var signedIn: SignedIn { SignedIn(account: account, session: session) }

    var layout: LenteraContext { base }
}

/// The context of the staff's routes (authors, operators, admins: course status, item statistics, essay grading).
struct StaffContext: StaffRequestContext, PageContext {
    var coreContext: CoreRequestContextStorage
    let base: LenteraContext
    let account: Account
    let session: StoredSession
    let scope: UnitPath?

    static func admits(_ role: Role) -> Bool { role != .learner }

    init(base: LenteraContext, account: Account, session: StoredSession) {
        (coreContext, self.base, self.account, self.session, scope) = (base.coreContext, base, account, session, account.learnerScope)
    }

    /// Whether the account may grade this person's essays: a learner's, in its scope, and never its own (staff who
    /// take a quiz would otherwise grant themselves its credit).
    func mayGrade(_ person: Account) -> Bool {
        person.role == .learner && person.id != account.id && maySee(person.unit)
    }
}

/// The context of a training office's routes: operators (scoped to their unit subtree) and admins (everything).
struct OperatorContext: StaffRequestContext, PageContext {
    var coreContext: CoreRequestContextStorage
    let base: LenteraContext
    let account: Account
    let session: StoredSession
    let scope: UnitPath?

    static func admits(_ role: Role) -> Bool { role == .operator || role == .admin }

    init(base: LenteraContext, account: Account, session: StoredSession) {
        (coreContext, self.base, self.account, self.session, scope) = (base.coreContext, base, account, session, account.learnerScope)
    }
}

/// A route that needs a signed-in account was asked for without one: pages send the person to sign in and back,
/// the JSON endpoints under `/api/` answer 401.
struct SignInRequired: Error {
    func response(to request: Request) -> Response {
        if request.uri.path.hasPrefix("/api/") { return Response(status: .unauthorized, headers: [.cacheControl: "no-store"]) }
        return LearnerController.signInFirst(request)
    }
}

/// A request context a page can be laid out for (the account navigation shows who is signed in), and whose form
/// was parsed once by the CSRF check.
protocol PageContext: RequestContext {
    /// The context as the middleware left it.
    var layout: LenteraContext { get }
}

extension PageContext {
    /// The request's form fields, parsed once and refused above the route's own size limit.
    func form(_ request: Request, limit: Int) async throws -> FormFields {
        try await layout.formFields(request, limit: limit)
    }
}

extension LenteraContext: PageContext {
    var layout: LenteraContext { self }
}

extension SignedInContext: PageContext {
    var layout: LenteraContext { base }
}

