import Foundation
import LenteraCore
import LenteraStore
import Logging

/// Progress, completion and JP: what happens when a signed-in learner reads, marks done or finishes a course.
struct LearningService: Sendable {
    let store: any LearningStore
    let site: SiteStore
    let logger: Logger
    let heartbeats: HeartbeatBatcher

    init(store: any LearningStore, site: SiteStore, logger: Logger) {
        self.store = store
        self.site = site
        self.logger = logger
        heartbeats = HeartbeatBatcher(store: store, site: site)
    }

    /// The course and module a path names, if the site serves them.
    func module(courseID: String, moduleID: String) -> (Course, Module)? {
        guard let course = site.site.courses.first(where: { $0.id == courseID }), let module = course.module(withID: moduleID) else {
            return nil
        }
        return (course, module)
    }

    /// Logs a page view (a new session log, or the sitting's visit continued) and credits the course if that completed
    /// it; with the ledger entry of the course's current version, when the learner has one. One read answers a view that
    /// changes nothing.
    func recordView(_ account: Account, course: Course, module: Module, now: Date = Date()) async throws -> ModuleView {
        let visit = try await store.visitModule(
            accountID: account.id, courseID: course.id, moduleID: module.id, rule: module.completion, at: now
        )
        let summary = visit.summary
        // A course complete but never credited (say the server stopped between the two writes) is credited at the next
        // recorded view of a completed module; a course credited before is not credited again because its content or
        // version changed. A view that changed nothing completed nothing.
        if visit.recorded, summary.completedAt == now || (summary.isComplete && visit.courseEntries.isEmpty) {
            if let credited = try await creditIfComplete(account, course: course, now: now), credited.courseVersion == course.creditVersion {
                return ModuleView(session: visit.session, summary: summary, entry: credited)
            }
        }
        let entry = visit.courseEntries.first { $0.courseVersion == course.creditVersion }
        return ModuleView(session: visit.session, summary: summary, entry: entry)
    }

    /// Applies a heartbeat; nil when the session log is not the caller's.
    func recordHeartbeat(_ account: Account, sessionID: String, sequence: Int, now: Date = Date()) async throws -> ContentSummary? {
        let summary = try await heartbeats.submit(HeartbeatRequest(sessionID: sessionID, accountID: account.id, sequence: sequence, date: now))
        guard let summary else { return nil }
        let courses = site.site.courses
        // Only a heartbeat that completed its module can complete the course.
        if let completed = summary.completedAt, completed == now, let course = courses.first(where: { $0.id == summary.courseID }) {
            try await creditIfComplete(account, course: course, now: now)
        }
        return summary
    }

    /// Marks a module done (where its rule allows) and credits the course if that completed it.
    func markDone(_ account: Account, course: Course, module: Module, now: Date = Date()) async throws -> ContentSummary {
        let summary = try await store.markDone(accountID: account.id, courseID: course.id, moduleID: module.id, rule: module.completion, at: now)
        if summary.completedAt == now {
            try await creditIfComplete(account, course: course, now: now)
        }
        return summary
    }

    /// Credits the course's JP once when every required module is complete, with the learner's grade as it stands then.
    @discardableResult
    func creditIfComplete(_ account: Account, course: Course, now: Date = Date()) async throws -> LedgerEntry? {
        let requirements = CourseRequirements(course)
        let summaries = try await store.summaries(accountID: account.id, courseID: course.id)
        guard requirements.isComplete(summaries) else { return nil }
        let started = summaries.values.compactMap(\.firstAccess).min() ?? now
        let completed = summaries.values.compactMap(\.completedAt).max() ?? now
        let year = JPLedger.year(of: completed)
        let score = try await grade(account, course: course, now: now)
        var entry = LedgerEntry(
            accountID: account.id, courseID: course.id, courseTitle: course.title, courseVersion: course.creditVersion, year: year,
            jp: course.jp, startedAt: started, completedAt: completed, score: score,
            certificateNumber: JPLedger.certificateNumber(year: year)
        )
        entry.contentDigest = String(course.contentVersion.prefix(12))
        let stored = try await store.credit(entry)
        if stored.certificateNumber == entry.certificateNumber {
            logger.info("course completed", metadata: ["course": "\(course.id)", "account": "\(account.id)", "jp": "\(course.jp)"])
        }
        return stored
    }

    /// The learner's grade in a course (``CourseGrade``), from their attempts at its grade quiz; nil when the course
    /// has none or no attempt at it is graded.
    func grade(_ account: Account, course: Course, now: Date) async throws -> Int? {
        guard let quiz = CourseGrade.quiz(of: course) else { return nil }
        let attempts = try await store.attempts(
            accountID: account.id, courseID: course.id, quizID: quiz.id, policy: QuizPolicy(quiz.settings), at: now
        )
        return CourseGrade.score(in: course, attempts: attempts)
    }
}

/// A module page view as logged: the visit the page's heartbeats continue, the learner's summary of the module, and
/// their ledger entry for the course's current version (the certificate), if any.
struct ModuleView: Sendable {
    var session: ContentSession
    var summary: ContentSummary
    var entry: LedgerEntry?
}

/// Group commit for heartbeats: the ones that arrive while a transaction is being written go into the next one
/// together. Each request is answered only after its own transaction committed, so durability is unchanged; under
/// load, one write serves many learners instead of one each.
actor HeartbeatBatcher {
    let store: any LearningStore
    let site: SiteStore
    private var pending: [(HeartbeatRequest, CheckedContinuation<ContentSummary?, any Error>)] = []
    private var writing = false

    init(store: any LearningStore, site: SiteStore) {
        self.store = store
        self.site = site
    }

    /// Applies a heartbeat; nil when its visit is not the caller's.
    func submit(_ beat: HeartbeatRequest) async throws -> ContentSummary? {
        LenteraMetrics.heartbeat()
        return try await withCheckedThrowingContinuation { continuation in
            pending.append((beat, continuation))
            if !writing {
                writing = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = pending
            pending = []
            // The rule comes from the course as served now; the session log names the module.
            let courses = site.site.courses
            let start = ContinuousClock.now
            defer { WriteMetrics.batch("heartbeat", size: batch.count, since: start) }
            do {
                let results = try await store.recordHeartbeats(batch.map(\.0)) { courseID, moduleID in
                    courses.first { $0.id == courseID }?.module(withID: moduleID)?.completion ?? .viewed
                }
                for (index, item) in batch.enumerated() { item.1.resume(returning: results[index]) }
            } catch {
                for item in batch { item.1.resume(throwing: error) }
            }
        }
        writing = false
    }
}
