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

    /// The report's today: `asOf` (as typed) when given, else today by the clock and `day.starts-at`.
    public func reportDay(asOf: String?, clock: Clock) throws -> Day {
        let today = try self.today(clock: clock)
        return try asOf.map { try DateInput.parse($0, today: today, option: "--as-of") } ?? today
    }

    /// Declares (or, with `cancel`, takes back) a rest day: a commit with a `Rest-Day` trailer and no file change.
    @discardableResult
    public func declareRest(_ day: Day, cancel: Bool = false, clock: Clock, writer: CommitWriter) throws -> CommitID {
        let title = cancel ? "Cancel rest day \(day.iso)" : "Rest day \(day.iso)"
        let key = cancel ? CommitProtocol.Key.restDayCancelled : CommitProtocol.Key.restDay
        return CommitID(try writer.commit([], message: CommitProtocol.message(title: title, trailers: [(key, day.iso)]),
                                 authorDate: clock.now, authorZone: clock.timeZone).commit)
    }
}
