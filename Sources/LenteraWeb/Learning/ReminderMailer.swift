import Foundation
import LenteraCore
import LenteraMail
import Logging
import ServiceLifecycle

/// How reminders of program deadlines are mailed (`lentera serve --smtp URL --mail-from ADDRESS`); none without it.
public struct ReminderMailSettings: Sendable {
    public var relay: SMTPRelay
    /// The sender's address.
    public var from: String
    /// How often learners' reminders are looked at.
    public var interval: Duration
    public var language: Language

    public init(relay: SMTPRelay, from: String, interval: Duration = .seconds(3600), language: Language = .indonesian) {
        self.relay = relay
        self.from = from
        self.interval = interval
        self.language = language
    }
}

/// Mails learners the reminders of program deadlines their home page lists, as ``ProgramReminders`` owes them: each
/// activity once as its deadline nears and once when it has passed, all of a learner's in one mail per round. One node
/// sends at a time (a lease). A reminder is recorded once the relay took it, so a relay that is down delays mail and
/// loses none; one the relay refuses for good (an address it does not take) is recorded too, and logged.
struct ReminderMailer: Service {
    let site: SiteStore
    let store: any ProgramRepository & ReminderRepository & JobLeaseRepository & SyncStatusRepository
    let client: SMTPClient
    let settings: ReminderMailSettings
    let baseURL: String?
    let logger: Logger

    /// What one round did.
    struct Outcome: Sendable, Equatable {
        var mailed = 0
        var refused = 0
        var deferred = 0
    }

    /// Refusals in a row, before the relay took any mail this round, after which it is taken to refuse everyone (it
    /// does not relay for this server): the round stops and no refusal is recorded.
    static let refusalsInARow = 20

    /// How long the lease to mail lasts; renewed while a round goes on, given up when the server stops.
    static let lease: TimeInterval = 600

    func run() async throws {
        // A round is not cancelled by a graceful stop (a mail the relay took would go unrecorded, and out again after
        // the restart): it stops between two mails, and the wait for the next round is what the stop cuts short.
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            // One node mails at a time when several share the database.
            if await holdsLease() {
                var outcome = Outcome()
                var failure: String?
                do {
                    try await mailOnce(now: Date(), leaseTaken: Date(), outcome: &outcome)
                } catch is CancellationError {
                    break
                } catch {
                    failure = "\(error)"
                    logger.error("mailing reminders failed; they are tried again next round", metadata: [
                        "relay": "\(settings.relay.described)", "error": "\(error)",
                    ])
                }
                if failure == nil, outcome != Outcome() {
                    logger.info("reminders of program deadlines mailed", metadata: [
                        "mailed": "\(outcome.mailed)", "refused": "\(outcome.refused)", "deferred": "\(outcome.deferred)",
                    ])
                }
                // The status is the last round that had something to send: a round owing nothing says nothing about
                // the relay, and would hide the refusals or the failure before it.
                if failure != nil || outcome != Outcome() { await report(outcome, failure: failure) }
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: settings.interval) }
        }
        // The next server (this one restarted, or another node) mails at once, not when the lease runs out.
        try? await store.releaseLease("reminders", holder: LeaseHolder.current)
    }

    /// Whether this node may mail now (a database that cannot say is logged, and this round skipped).
    func holdsLease() async -> Bool {
        do {
            return try await store.holdLease("reminders", holder: LeaseHolder.current, for: Self.lease)
        } catch {
            logger.error("cannot take the lease to mail reminders", metadata: ["error": "\(error)"])
            return false
        }
    }

    /// Keeps the round's status for `/status` on every node (``SyncStatus/afterMail(_:relay:node:at:mailed:refused:deferred:failure:secrets:)``);
    /// a status that cannot be kept is logged, and mailing goes on.
    func report(_ outcome: Outcome, failure: String?) async {
        let relay = settings.relay.described
        do {
            let previous = try await store.syncStatus(.mail, upstream: relay)
            try await store.saveSyncStatus(.afterMail(
                previous, relay: relay, node: LeaseHolder.current, at: Date(), mailed: outcome.mailed, refused: outcome.refused,
                deferred: outcome.deferred, failure: failure, secrets: [settings.relay.password].compactMap { $0 }
            ))
        } catch {
            logger.error("cannot keep the status of the reminder mails", metadata: ["error": "\(error)"])
        }
    }

    /// One round: every learner's owed reminders, one mail each, through one connection to the relay. The lease taken
    /// at `leaseTaken` is renewed as the round goes on; a round that lost it stops. `outcome` counts as it goes, so that
    /// a round that breaks off still says what it did.
    func mailOnce(now: Date, leaseTaken: Date, outcome: inout Outcome) async throws {
        let site = self.site.site
        let language = settings.language
        var owed: [Int64: (account: Account, lines: [String], keys: [ReminderKey])] = [:]
        var order: [Int64] = []
        // A program whose first deadline is still beyond the reminders' window owes nobody anything yet.
        for program in site.programs where now >= program.starts && now < program.ends.addingTimeInterval(Program.shownAfterEnd)
            && program.activities.contains(where: { $0.deadline.end(in: program.zone).timeIntervalSince(now) <= ProgramProgress.reminderWindow })
        {
            let schedule = ProgramProgress.Schedule(program)
            // Each activity's words once per program, not once per learner (a date formatter is costly to make).
            let titles = ProgramText.activities(program, courses: site.courses, eventHref: { _ in "" }, language).map(\.title)
            let days = program.activities.map { ProgramText.day($0.deadline, zone: program.zone, language) }
            try await store.eachLearnerCredits(under: program.target.units(within: nil), courseIDs: program.creditIDs, batch: 2000) { batch in
                let mailed = try await store.mailedReminders(programID: program.id, accountIDs: batch.map(\.account.id))
                for learner in batch {
                    for (index, key) in ProgramReminders.owed(program, schedule: schedule, learner: learner, mailed: mailed, now: now) {
                        let line = (key.overdue ? Text.Programs.programReminderOverdue : .programReminderDue)(
                            language, titles[index], days[index], program.title
                        )
                        let id = learner.account.id
                        if owed[id] == nil {
                            owed[id] = (learner.account, [], [])
                            order.append(id)
                        }
                        owed[id]!.lines.append(line)
                        owed[id]!.keys.append(key)
                    }
                }
            }
        }
        guard !owed.isEmpty else { return }
        let domain = settings.from.split(separator: "@").last.map(String.init) ?? "lentera"
        var renewed = leaseTaken
        /// Keeps the lease through a long round: false when it was lost (it ran out, another node took it).
        func keepLease() async throws -> Bool {
            guard Date().timeIntervalSince(renewed) > Self.lease / 4 else { return true }
            guard try await store.holdLease("reminders", holder: LeaseHolder.current, for: Self.lease) else { return false }
            renewed = Date()
            return true
        }
        guard try await keepLease() else { return }
        var refusedKeys: [ReminderKey] = []
        var inARow = 0
        // In another order each round: addresses the relay refuses, wherever they sit, never hide the ones after them.
        order.shuffle()
        do {
            try await client.withSession { session in
                for id in order {
                    guard !Task.isShuttingDownGracefully, !Task.isCancelled, try await keepLease() else { break }
                    let (account, lines, keys) = owed[id]!
                    let message = Self.message(to: account, lines: lines, from: settings.from, baseURL: baseURL, language: language)
                    do {
                        try await session.send(message, messageID: "\(UUID().uuidString.lowercased())@\(domain)")
                    } catch let error as SMTPError where error.kind == .refused {
                        logger.warning("the relay refused a reminder's address for good; it is not tried again (the home page still lists it)", metadata: [
                            "nip": "\(account.nip)", "error": "\(error)",
                        ])
                        outcome.refused += 1
                        refusedKeys += keys
                        inARow += 1
                        guard inARow < Self.refusalsInARow || outcome.mailed > 0 else {
                            throw SMTPError("the relay refused the first \(inARow) addresses (does it relay for this server?); the round stops")
                        }
                        continue
                    } catch let error as SMTPError where error.kind == .deferred {
                        logger.warning("the relay deferred a reminder; it is tried again next round", metadata: ["nip": "\(account.nip)", "error": "\(error)"])
                        outcome.deferred += 1
                        continue
                    }
                    inARow = 0
                    outcome.mailed += 1
                    // Recorded even when the server is stopping at this moment: the relay has the mail.
                    try await Task { [store] in try await store.recordMailedReminders(keys, at: now) }.value
                }
            }
        } catch {
            // A round that broke off still records the refusals of a relay that took mail in it.
            if outcome.mailed > 0 { try await store.recordMailedReminders(refusedKeys, at: now) }
            throw error
        }
        // Refusals count only from a relay that took some mail this round: one that refuses everyone decides nothing.
        if outcome.mailed > 0 {
            try await store.recordMailedReminders(refusedKeys, at: now)
        } else if !refusedKeys.isEmpty {
            logger.warning("the relay took no reminder this round; the refused ones are tried again next round", metadata: ["refused": "\(outcome.refused)"])
        }
    }

    /// A learner's reminder mail.
    static func message(to account: Account, lines: [String], from: String, baseURL: String?, language: Language) -> MailMessage {
        let subject = lines.count == 1
            ? Text.Mail.mailReminderSubjectOne(language, lines[0])
            : Text.Mail.mailReminderSubjectMany(language, String(lines.count))
        let open = baseURL.map { Text.Mail.mailReminderOpen(language, $0 + "/beranda") } ?? Text.Mail.mailReminderOpenNoLink(language)
        let body = [
            Text.Mail.mailReminderGreeting(language, account.name), "", Text.Mail.mailReminderIntro(language), "",
        ] + lines.map { "- " + $0 } + ["", open, "", "-- ", Text.Mail.mailReminderFooter(language)]
        return MailMessage(
            from: from, fromName: Text.Mail.mailSenderName(language), to: account.email ?? "", toName: account.name,
            subject: subject, body: body.joined(separator: "\n") + "\n"
        )
    }
}
