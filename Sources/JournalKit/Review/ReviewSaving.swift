import Foundation
internal import GitKit

/// Where `journal review --save` put a review, and the commit (nil when the file already held it).
public struct SavedReview: Sendable {
    public let path: String
    public let commit: CommitID?
}

extension Journal {
    /// The review of `period` from this journal's history and settings.
    public func review(of period: ReviewPeriod) throws -> Review {
        let restDays = try historySummary().restDays
        // Entries are built one at a time from the history file, never all held.
        return try Review(settings: try settings(), period: period, restDays: restDays) { body in
            try translatingGitErrors("cannot read the journal's history", as: JournalError.journal) {
                try HistoryCache.forEachBuiltEntry(repository, body)
            }
        }
    }

    /// Writes `markdown` to the period's file under `reviews/` and commits it (a file already there with other text,
    /// perhaps edited by hand, is refused) with a `Review`
    /// trailer (docs/PROTOCOL.md): a document, so it counts as no entry and no activity. No
    /// commit when HEAD already holds exactly this text there.
    public func saveReview(_ markdown: String, period: ReviewPeriod, clock: Clock, writer: CommitWriter) throws -> SavedReview {
        let path = period.savePath
        let data = Data(markdown.utf8)
        try writer.preflight()
        try requireInside(path)
        let committed = try repository.headCommitID().flatMap { try repository.blobContent(commit: $0, path: path) }
        let working = FileManager.default.contents(atPath: self.path(path))
        if committed == data && working == data { return SavedReview(path: path, commit: nil) }
        // A saved review is the user's to edit: never written over.
        if committed != nil || working != nil {
            throw JournalError.badInput("\(path) already exists with other text; edit it, or remove it (git rm) to save this review again")
        }
        let outcome = try writer.commit(
            [FileUpdate(path: path, transform: { _ in data })],
            message: CommitProtocol.message(title: "Review of \(period.name)", trailers: [(CommitProtocol.Key.review, period.name)]),
            authorDate: clock.now, authorZone: clock.timeZone)
        return SavedReview(path: path, commit: CommitID(outcome.commit))
    }
}
