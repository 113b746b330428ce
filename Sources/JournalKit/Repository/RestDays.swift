import Foundation

/// What `journal rest` did: a commit, or nothing because the day already was what was asked.
public struct RestChange: Sendable, Equatable {
    public let day: Day
    public let cancel: Bool
    /// Nil when nothing was committed.
    public let commit: CommitID?
    /// A planned rest weekday from `streak.rest-days` (before this change).
    public let isRestWeekday: Bool
}

extension Journal {
    /// Declares (or, with `cancel`, takes back) a rest day: a commit with a `Rest-Day` (or
    /// `Rest-Day-Cancelled`) trailer and no file change. Cancelling works for a planned weekday
    /// from `streak.rest-days` too: that day becomes an ordinary day. Declaring a day that is
    /// already a rest day, or cancelling one that is not, commits nothing.
    @discardableResult
    public func declareRest(_ day: Day, cancel: Bool = false, clock: Clock, writer: CommitWriter) throws -> RestChange {
        let summary = try historySummary()
        let restWeekday = try settings().restDays.contains(day.weekday)
        let isRest = summary.restDays.contains(day) || (restWeekday && !summary.cancelledRestDays.contains(day))
        guard isRest == cancel else { return RestChange(day: day, cancel: cancel, commit: nil, isRestWeekday: restWeekday) }
        let title = cancel ? "Cancel rest day \(day.iso)" : "Rest day \(day.iso)"
        let key = cancel ? CommitProtocol.Key.restDayCancelled : CommitProtocol.Key.restDay
        let commit = CommitID(
            try writer.commit(
                [], message: CommitProtocol.message(title: title, trailers: [(key, day.iso)]),
                authorDate: clock.now, authorZone: clock.timeZone
            ).commit)
        return RestChange(day: day, cancel: cancel, commit: commit, isRestWeekday: restWeekday)
    }
}
