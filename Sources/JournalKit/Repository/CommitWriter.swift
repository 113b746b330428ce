import Foundation
import GitKit

/// A change to one file in a commit: its new content, computed from what is there now.
public struct FileUpdate {
    public let path: String
    public let transform: (Data?) throws -> Data

    public init(path: String, transform: @escaping (Data?) throws -> Data) {
        self.path = path
        self.transform = transform
    }
}

/// The only way the tool writes history: under the journal lock, it stages the new content of
/// some files, commits on top of HEAD (checking HEAD did not move), then updates the working
/// tree and the index. Nothing on disk changes unless the commit is made.
public struct CommitWriter {
    public let journal: Journal
    public let authorship: Authorship
    /// How long to wait for another process's `index.lock` or journal lock before giving up.
    public var lockWait: TimeInterval

    public init(journal: Journal, authorship: Authorship, lockWait: TimeInterval = 2) {
        self.journal = journal
        self.authorship = authorship
        self.lockWait = lockWait
    }

    /// What a commit did, including a warning when the commit landed but the index could not be refreshed.
    public struct Outcome {
        public let commit: ObjectID
        public let warning: String?
    }

    /// The checks `commit` starts with, to make before anything else is written: the journal can
    /// be written (no detached HEAD, no merge under way) and no other git process holds the index.
    public func preflight() throws {
        try journal.requireWritable()
        try waitForIndexLock()
    }

    /// Commits `updates`, and with them any hand edits under `entries/` not yet committed (so
    /// they are never overwritten or left behind). If another program commits or holds a lock in
    /// between, the whole step is redone from the new HEAD, a few times, with a growing pause.
    @discardableResult
    public func commit(_ updates: [FileUpdate], message: String, authorDate: Date, authorZone: TimeZone,
                       committerDate: Date? = nil) throws -> Outcome {
        try journal.requireWritable()
        let lock = try JournalLock(gitDirectory: journal.repository.gitDirectory, timeout: max(lockWait, 10))
        defer { withExtendedLifetime(lock) {} }
        var pause: UInt32 = 50_000
        for attempt in 1...5 {
            try waitForIndexLock()
            do {
                return try commitOnce(updates, message: message, authorDate: authorDate, authorZone: authorZone,
                                      committerDate: committerDate)
            } catch let error as GitError where (error.isModified || error.isLocked) && attempt < 5 {
                usleep(pause)
                pause *= 2
            } catch let error as GitError where error.isModified || error.isLocked {
                throw JournalError.locked("another program kept changing the journal while committing (\(error.message)); nothing was written, try again")
            } catch let error as GitError {
                throw JournalError.failed("cannot commit: \(error.message)")
            }
        }
        throw JournalError.locked("the journal is busy; nothing was written, try again")
    }

    private func commitOnce(_ updates: [FileUpdate], message: String, authorDate: Date, authorZone: TimeZone,
                            committerDate: Date?) throws -> Outcome {
        let repository = journal.repository
        let head = try repository.headCommitID()
        let index = try repository.index()
        try index.reload()
        var contents: [(String, Data)] = []
        for update in updates {
            try journal.requireInside(update.path)
            let current = FileManager.default.contents(atPath: journal.path(update.path))
            let data = try update.transform(current)
            try index.add(path: update.path, data: data)
            contents.append((update.path, data))
        }
        // Hand edits elsewhere under entries/ go into this commit too.
        let written = Set(updates.map(\.path))
        let handEdits = try repository.workdirChanges(under: "entries").filter { !written.contains($0.path) }
        for change in handEdits {
            if change.deleted { try index.remove(path: change.path) } else { try index.addFromWorkdir(path: change.path) }
        }
        let tree = try index.writeTree()
        let author = Signature(name: authorship.authorName, email: authorship.authorEmail, date: authorDate, timeZone: authorZone)
        let committer = Signature(name: authorship.committerName, email: authorship.committerEmail,
                                  date: committerDate ?? authorDate, timeZone: authorZone)
        let id = try repository.createCommit(tree: tree, parents: head.map { [$0] } ?? [], author: author,
                                             committer: committer, message: message)

        // The commit is made; from here on a failure is reported, never a lost entry.
        for (path, data) in contents {
            try AtomicFile.write(data, to: journal.path(path))
        }
        do {
            for (path, _) in contents { try index.addFromWorkdir(path: path) }
            try index.write()
        } catch let error as GitError {
            return Outcome(commit: id, warning: "committed \(id.hex.prefix(8)), but the index was not updated (\(error.message)); git status may show the day file as changed until git reset")
        }
        return Outcome(commit: id, warning: nil)
    }

    private func waitForIndexLock() throws {
        let path = journal.repository.gitDirectory + "index.lock"
        let deadline = Date().addingTimeInterval(lockWait)
        while FileManager.default.fileExists(atPath: path) {
            guard Date() < deadline else {
                throw JournalError.locked("\(path) exists: another git process is using the journal; if none is running, remove that file and try again")
            }
            usleep(50_000)
        }
    }
}
