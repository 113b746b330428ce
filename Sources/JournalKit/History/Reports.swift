import Foundation
internal import GitKit

extension Journal {
    /// History from HEAD, through the cache under `.git/journal/`.
    public func history() throws -> History {
        try translatingGitErrors("cannot read the journal's history", as: JournalError.journal) { try HistoryCache.load(repository) }
    }

    /// Day-level facts from HEAD, through the cache's summary file.
    public func historySummary() throws -> HistorySummary {
        try translatingGitErrors("cannot read the journal's history", as: JournalError.journal) { try HistoryCache.loadSummary(repository) }
    }

    /// Day-level facts of the entries tagged `tag` only (entries without it are never built).
    public func historySummary(tag: String) throws -> HistorySummary {
        try translatingGitErrors("cannot read the journal's history", as: JournalError.journal) {
            try HistoryCache.taggedSummary(tag, in: repository)
        }
    }

    /// The report's today: `asOf` (as typed) when given, else today by the clock and `day.starts-at`.
    public func reportDay(asOf: String?, clock: Clock) throws -> Day {
        let today = try self.today(clock: clock)
        return try asOf.map { try DateInput.parse($0, today: today, option: "--as-of") } ?? today
    }
}
