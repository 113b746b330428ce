import ArgumentParser
import Foundation
import JournalKit

extension HoursReport.Period: ExpressibleByArgument {}

struct HoursCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hours",
        abstract: "Hours per day, week, month or year against the goal, as a timesheet.",
        discussion: """
            Default ranges: the last 14 days, 8 weeks or 6 months, or every year. Periods overlapping \
            --since/--until are shown whole. A day's goal is the weekly goal spread over non-rest weekdays.
            Examples: journal hours; journal hours --by month; journal hours --tag papers --since 2026-01-01 --json
            """
    )

    @Option(help: "Period: day, week, month or year.")
    var by: HoursReport.Period = .week

    @OptionGroup var range: DayRangeOptions

    @Option(name: [.short, .long], help: ArgumentHelp("Count only entries with this tag.", valueName: "tag"))
    var tag: String?

    @OptionGroup var journalOptions: JournalOptions
    @OptionGroup var report: ReportOptions

    func run() throws {
        try CLI.run {
            let context = try ReportContext(journal: journalOptions, report: report)
            let (from, to) = try range.resolve(today: context.today)
            let hours = HoursReport(activity: try context.activity(tag: tag), by: by, since: from, until: to)
            CLI.print(report.json ? try HoursRendering.json(hours, today: context.today) : HoursRendering.text(hours, style: CLI.style))
            return context.journal
        }
    }
}
