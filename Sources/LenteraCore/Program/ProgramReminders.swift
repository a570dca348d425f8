import Foundation

/// A reminder mailed: to whom, about which activity of which program, and whether it was near or past its deadline.
public struct ReminderKey: Hashable, Sendable {
    public var accountID: Int64
    public var programID: String
    /// The activity's key (``ProgramActivity/key``).
    public var activity: String
    public var overdue: Bool

    public init(accountID: Int64, programID: String, activity: String, overdue: Bool) {
        self.accountID = accountID
        self.programID = programID
        self.activity = activity
        self.overdue = overdue
    }
}

/// What reminder mails remember: each one sent, so that none is sent twice (whichever node sends).
public protocol ReminderRepository: Sendable {
    /// The reminders about a program mailed already to any of these learners.
    func mailedReminders(programID: String, accountIDs: [Int64]) async throws -> Set<ReminderKey>
    /// Records reminders as mailed (or refused for good by the relay: they are not tried again).
    func recordMailedReminders(_ keys: [ReminderKey], at date: Date) async throws
}

/// Which reminders of deadlines a learner is owed by mail: the ones their home page lists (``ProgramProgress/reminders(_:now:)``,
/// from the program's start until ``Program/shownAfterEnd`` after its end), each activity once when its deadline nears and
/// once when it has passed, and only to a learner with a plain mail address.
public enum ProgramReminders {
    public static func owed(_ program: Program, schedule: ProgramProgress.Schedule, learner: LearnerCredits, mailed: Set<ReminderKey>, now: Date)
        -> [(activity: Int, key: ReminderKey)]
    {
        let account = learner.account
        guard let email = account.email, MailAddress.isPlain(email), program.targets(account), now >= program.starts,
            now < program.ends.addingTimeInterval(Program.shownAfterEnd)
        else { return [] }
        let progress = ProgramProgress(program, schedule: schedule, credits: learner.credits, now: now)
        return progress.reminders(program, now: now).compactMap { index in
            let key = ReminderKey(
                accountID: account.id, programID: program.id, activity: program.activities[index].key, overdue: progress.states[index] == .overdue
            )
            return mailed.contains(key) ? nil : (index, key)
        }
    }
}
