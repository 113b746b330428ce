import Foundation
internal import GitKit

extension Authorship {
    /// The author for a journal not yet created: `GIT_AUTHOR_*`, else the user's git config.
    public static func forNewJournal(environment: [String: String]) throws -> Authorship {
        try translatingGitErrors("cannot read git configuration") {
            try resolve(environment: environment, config: ConfigSnapshot.userDefaults())
        }
    }
}

extension Journal {
    /// `journal init DIR [--remote URL]`: creates the journal and, with a remote, adds it as
    /// `origin` and pushes the first commit. The URL is checked before anything is created.
    public static func initialize(
        at path: String, remote: String?, console: Console, progress: ((SyncProgress) -> Void)? = nil
    ) throws -> (journal: Journal, firstSync: SyncReport?) {
        let authorship = try Authorship.forNewJournal(environment: console.environment)
        if let remote { _ = try RemoteURL.parse(remote) }
        let journal = try Journal.create(at: path, authorship: authorship, clock: console.clock)
        guard let remote else { return (journal, nil) }
        try journal.addRemote(url: remote)
        do {
            return (journal, try journal.sync(remote: nil, console: console, progress: progress))
        } catch let error as JournalError {
            throw JournalError.remote("the journal was created and origin added, but the first sync failed: \(error.description)")
        }
    }

    /// `journal sync [--remote NAME]` with this terminal's clock, environment and progress line.
    public func sync(remote: String?, console: Console, progress: ((SyncProgress) -> Void)? = nil) throws -> SyncReport {
        var sync = Sync(
            journal: self, writer: try writer(environment: console.environment), clock: console.clock,
            environment: console.environment)
        sync.progress = progress
        return try sync.run(remote: remote)
    }
}
