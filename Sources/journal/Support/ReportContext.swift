import Foundation
import JournalKit

/// What every report reads: the journal, its settings and the report's today.
struct ReportContext {
    let journal: Journal
    let settings: Settings
    let today: Day

    init(journal options: JournalOptions, report: ReportOptions) throws {
        journal = try options.open()
        settings = try journal.settings()
        today = try journal.reportDay(asOf: report.asOf, clock: CLI.clock)
    }

    /// Day-level facts up to today; with a tag, only that tag's entries.
    func activity(tag: String? = nil) throws -> Activity {
        if let tag {
            return Activity(summary: try journal.historySummary(tag: tag), settings: settings, today: today)
        }
        return Activity(summary: try journal.historySummary(), settings: settings, today: today)
    }
}
