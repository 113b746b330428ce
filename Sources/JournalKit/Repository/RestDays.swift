import Foundation

extension Journal {
    /// Declares (or, with `cancel`, takes back) a rest day: a commit with a `Rest-Day` trailer and no file change.
    @discardableResult
    public func declareRest(_ day: Day, cancel: Bool = false, clock: Clock, writer: CommitWriter) throws -> CommitID {
        let title = cancel ? "Cancel rest day \(day.iso)" : "Rest day \(day.iso)"
        let key = cancel ? CommitProtocol.Key.restDayCancelled : CommitProtocol.Key.restDay
        return CommitID(
            try writer.commit(
                [], message: CommitProtocol.message(title: title, trailers: [(key, day.iso)]),
                authorDate: clock.now, authorZone: clock.timeZone
            ).commit)
    }
}
