import Foundation
import LenteraCore

/// The programs on a learner's home page: those that target them, with where they stand and what is due.
enum LearnerPrograms {
    /// The cards of the programs that target `account`, and the reminders of deadlines near or passed.
    static func cards(for account: Account, programs: [Program], courses: [Course], entries: [LedgerEntry], now: Date, language: Language)
        -> (cards: [ProgramCard], reminders: [String])
    {
        var cards: [ProgramCard] = []
        var reminders: [String] = []
        for program in programs where program.targets(account) && now < program.ends.addingTimeInterval(Program.shownAfterEnd) {
            let progress = ProgramProgress(program, credits: entries, now: now)
            var rows = ProgramText.activities(program, courses: courses, eventHref: { "/program/\(program.id)/acara/\($0.id)" }, language)
            for index in rows.indices {
                switch progress.states[index] {
                case .done(let at, let late):
                    rows[index].state = (late ? Text.Programs.programDoneLate : .programDone)(language, LearnerController.date(at, language))
                    rows[index].stateClass = late ? "due" : "done"
                case .due:
                    rows[index].state = Text.Programs.programDue(language)
                    rows[index].stateClass = ""
                case .overdue:
                    rows[index].state = Text.Programs.programOverdue(language)
                    rows[index].stateClass = "bad"
                }
            }
            if now >= program.starts {
                for index in progress.reminders(program, now: now) {
                    let activity = program.activities[index]
                    let day = ProgramText.day(activity.deadline, zone: program.zone, language)
                    let title = rows[index].title
                    reminders.append(
                        (progress.states[index] == .overdue ? Text.Programs.programReminderOverdue : .programReminderDue)(language, title, day, program.title)
                    )
                }
            }
            let standing = ProgramText.standing(progress.standing, language)
            cards.append(ProgramCard(
                title: program.title, goal: program.goal, period: ProgramText.period(program, language), standing: standing.text,
                standingClass: standing.style,
                starts: now < program.starts ? Text.Programs.programStarts(language, ProgramText.day(program.period.lowerBound, zone: program.zone, language)) : nil,
                jp: Text.Programs.programJPEarned(language, progress.jp.formatted(for: language)), activities: rows
            ))
        }
        return (cards, reminders)
    }
}
