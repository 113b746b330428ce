import ArgumentParser
import Foundation
import JournalKit

struct StreakCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "streak",
        abstract: "Strict, forgiving and weekly streaks: current, longest, grace days banked.",
        discussion: """
            Strict: consecutive days with an entry. Forgiving (the headline): every 7th active day of a run \
            banks a grace day (at most 2); a missed day spends one, and planned rest days \
            (streak.rest-days, journal rest) are bridged. Weekly: ISO weeks reaching goal.weekly-hours.
            Examples: journal streak; journal streak --history; journal streak --json --as-of 2026-10-31
            """
    )

    @Flag(help: "Also list past runs of each streak.")
    var history = false

    @OptionGroup var journalOptions: JournalOptions
    @OptionGroup var report: ReportOptions

    func run() throws {
        try CLI.run {
            let context = try ReportContext(journal: journalOptions, report: report)
            let streaks = Streaks(try context.activity())
            CLI.print(
                report.json
                    ? try StreakRendering.json(streaks, today: context.today, history: history)
                    : StreakRendering.text(streaks, today: context.today, history: history, style: CLI.style))
            return context.journal
        }
    }
}
