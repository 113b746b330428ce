import Foundation
import JournalKit

/// What every report reads: the journal, its settings, its history and the report's today.
struct ReportContext {
    let journal: Journal
    let settings: Settings
    let history: History
    let today: Day

    init(journal options: JournalOptions, report: ReportOptions) throws {
        journal = try options.open()
        settings = try journal.settings()
        today = try journal.reportDay(asOf: report.asOf, clock: CLI.clock)
        history = try journal.history()
    }

    func activity(tag: String? = nil) -> Activity {
        Activity(history: history, settings: settings, today: today, tag: tag)
    }
}
