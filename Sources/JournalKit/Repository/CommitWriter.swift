import Foundation
internal import GitKit

/// A change to one file in a commit: its new content, computed from what is there now.
public struct FileUpdate {
    public let path: String
    public let transform: (Data?) throws -> Data

    public init(path: String, transform: @escaping (Data?) throws -> Data) {
        self.path = path
        self.transform = transform
    }
}

/// Which day files a commit looks at for hand edits not yet committed: `journal sync` looks at all
/// of them; an entry looks at the months where hand edits happen (the entry's, this one and the
/// last), so that adding an entry to a journal of 100,000 does not read every day file.
public struct HandEditScope: Sendable {
    let folders: [String]

    public static let everywhere = HandEditScope(folders: ["entries"])

    public static func around(_ days: [Day]) -> HandEditScope {
        var folders: [String] = []
        for day in days {
            // The day's month, and the one before (its last day is `day.day` days back).
            for month in [day, day.adding(days: -day.day)] {
                let folder = String(format: "entries/%04d/%02d", month.year, month.month)
                if !folders.contains(folder) { folders.append(folder) }
            }
        }
        return HandEditScope(folders: folders)
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
        let commit: ObjectID
        public let warning: String?
        /// Day files edited by hand that this commit took along.
        public var handEdits: [String] = []
    }

    /// The checks `commit` starts with, to make before anything else is written: the journal can
    /// be written (no detached HEAD, no merge under way) and no other git process holds the index.
    public func preflight() throws {
        try journal.requireWritable()
        try waitForIndexLock()
    }

    /// Commits `updates` on top of HEAD's tree (never whatever `.git/index` holds), and with
    /// `takeHandEdits` also day files edited by hand and not yet committed, so they are never
    /// left behind (entry commits do; a rest day or a setting must not turn into activity). If
    /// another program commits or holds a lock in between, the whole step is redone from the new
    /// HEAD, a few times, with a growing pause.
    @discardableResult
    public func commit(_ updates: [FileUpdate], message: String, authorDate: Date, authorZone: TimeZone,
                       committerDate: Date? = nil, takeHandEdits: HandEditScope? = nil) throws -> Outcome {
        let lock = try lockAndTidy()
        defer { withExtendedLifetime(lock) {} }
        return try retrying {
            try commitOnce(updates, message: { _ in message }, authorDate: authorDate, authorZone: authorZone,
                           committerDate: committerDate, takeHandEdits: takeHandEdits, onlyIfChanged: false)!
        }
    }

    /// Commits day files edited by hand and not yet committed, if there are any (nil when none).
    /// `message` is given how many files the commit takes.
    public func commitHandEdits(message: (Int) -> String, authorDate: Date, authorZone: TimeZone) throws -> Outcome? {
        let lock = try lockAndTidy()
        defer { withExtendedLifetime(lock) {} }
        return try retrying {
            try commitOnce([], message: message, authorDate: authorDate, authorZone: authorZone,
                           committerDate: nil, takeHandEdits: .everywhere, onlyIfChanged: true)
        }
    }

    /// Runs `body` under the journal lock, after tidying what an interrupted command left.
    public func withLock<T>(_ body: () throws -> T) throws -> T {
        let lock = try lockAndTidy()
        defer { withExtendedLifetime(lock) {} }
        return try body()
    }

    /// Redoes `body` a few times, with a growing pause, while another program moves HEAD or
    /// holds a lock; then says so in one line.
    private func retrying<T>(_ body: () throws -> T) throws -> T {
        var pause: UInt32 = 50_000
        for attempt in 1...5 {
            try waitForIndexLock()
            do {
                return try body()
            } catch let error as GitError where (error.isModified || error.isLocked) && attempt < 5 {
                usleep(pause)
                pause *= 2
            } catch let error as GitError where error.isLocked {
                throw JournalError.locked("a git lock file is in the way (\(error.message)); if no other git program is running, remove that .lock file and try again")
            } catch let error as GitError where error.isModified {
                throw JournalError.locked("another program kept moving HEAD while committing; nothing was written, try again")
            } catch let error as GitError {
                throw JournalError(error, doing: "cannot commit")
            }
        }
        throw JournalError.locked("the journal is busy; nothing was written, try again")
    }

    private func commitOnce(_ updates: [FileUpdate], message: (Int) -> String, authorDate: Date, authorZone: TimeZone,
                            committerDate: Date?, takeHandEdits: HandEditScope?, onlyIfChanged: Bool) throws -> Outcome? {
        let repository = journal.repository
        let head = try repository.headCommitID()
        // Only the folders on the changed paths are rebuilt from HEAD's tree (never .git/index).
        let staged = TreeEdit(repository: repository, base: try head.map { try repository.treeID(ofCommit: $0) })
        var contents: [(String, Data)] = []
        for update in updates {
            try journal.requireInside(update.path)
            let data = try update.transform(try base(of: update.path, head: head))
            try staged.set(path: update.path, data: data)
            contents.append((update.path, data))
        }
        var handEdits: [String] = []
        if let scope = takeHandEdits {
            let written = Set(updates.map(\.path))
            for change in try scope.folders.flatMap({ try repository.workdirChanges(under: $0) })
            where !change.deleted && !written.contains(change.path) && Journal.isDayFile(change.path) {
                // A link among the day files is never followed; it is simply not taken along.
                guard (try? journal.requireInside(change.path)) != nil else { continue }
                guard let data = try base(of: change.path, head: head) else { continue }
                let before = try staged.blobID(path: change.path)
                // Only what really differs from HEAD (a stale .git/index can make any file look changed).
                if try staged.set(path: change.path, data: data) != before { handEdits.append(change.path) }
            }
        }
        if onlyIfChanged && updates.isEmpty && handEdits.isEmpty { return nil }
        let tree = try staged.write()
        let author = Signature(name: authorship.authorName, email: authorship.authorEmail, date: authorDate, timeZone: authorZone)
        let committer = Signature(name: authorship.committerName, email: authorship.committerEmail,
                                  date: committerDate ?? authorDate, timeZone: authorZone)
        let interrupted = InterruptedWrite(repository: repository)
        let id = try interrupted.around(from: head, toTree: tree) {
            try repository.createCommit(tree: tree, parents: head.map { [$0] } ?? [], author: author,
                                        committer: committer, message: message(handEdits.count))
        }

        FaultInjection.reached("after-commit")
        // The commit is made; from here on a failure is reported, never a lost entry. (A hand edit
        // merged with a commit it had not seen is written back too.)
        for (path, data) in contents {
            try AtomicFile.write(data, to: journal.path(path))
        }
        for path in handEdits {
            if let data = try repository.blobContent(commit: id, path: path),
               FileManager.default.contents(atPath: journal.path(path)) != data {
                try AtomicFile.write(data, to: journal.path(path))
            }
        }
        FaultInjection.reached("after-files")
        do {
            // Only the paths this commit wrote are refreshed in .git/index; anything else staged stays.
            let index = try repository.index()
            try index.reload()
            // A missing or emptied index (deleted by hand, a bare checkout) starts from the commit.
            if index.count == 0 { try index.read(treeOf: id) }
            for path in contents.map(\.0) + handEdits { try index.addFromWorkdir(path: path) }
            try index.write()
        } catch let error as GitError {
            // The mark stays: the next command brings the index up to HEAD.
            return Outcome(commit: id, warning: "committed \(id.hex.prefix(8)), but the index was not updated (\(error.message)); git status may show the day file as changed until git reset", handEdits: handEdits)
        }
        interrupted.end()
        return Outcome(commit: id, warning: nil, handEdits: handEdits)
    }

    /// Puts back day files (and the config) that a command killed between moving HEAD and writing
    /// its files (it left an `InterruptedWrite` mark naming the move) left behind HEAD, so the next commit builds on what history says, not on a copy
    /// that lacks the last entry. Decided by content ids alone (git's and libgit2's stat caches
    /// can disagree about a file written in the same second as the index).
    private func healFilesBehindHead() throws {
        let repository = journal.repository
        guard let head = try repository.headCommitID() else { return }
        let diskIndex = try repository.index()
        try diskIndex.reload()
        if diskIndex.count == 0 {
            // No index at all (deleted by hand, a bare checkout): start it from HEAD.
            try diskIndex.read(treeOf: head)
            try diskIndex.write()
        }
        let interrupted = InterruptedWrite(repository: repository)
        guard interrupted.wasLeft else { return }
        // Only a move that really happened, to the tree the mark names, is healed; and only files
        // still as they were before it (or already as after it). Anything else is someone's edit.
        guard let move = interrupted.move, let from = move.from,
              try repository.treeID(ofCommit: head) == move.toTree else {
            interrupted.end()
            return
        }
        let before = try repository.treeID(ofCommit: from)
        let changes = try repository.changedBlobs(from: before, to: move.toTree, under: "entries")
            .merging(try repository.changedBlobs(from: before, to: move.toTree, under: ".journal")) { first, _ in first }
        let index = try repository.index()
        try index.reload()
        var healed = false
        for (path, after) in changes.sorted(by: { $0.key < $1.key }) {
            try journal.requireInside(path)
            AtomicFile.removeLeftovers(of: (path as NSString).lastPathComponent, in: (journal.path(path) as NSString).deletingLastPathComponent)
            let working = try FileManager.default.contents(atPath: journal.path(path)).map(ObjectID.blob)
            let old = try repository.treeEntryID(tree: before, path: path)
            if working == after {
                // Killed after writing the file, before the index: only the index is behind.
                if index.blobID(path: path) != after { try index.addFromWorkdir(path: path); healed = true }
            } else if working == old {
                // Killed before writing the file: the file and the index are both behind.
                if let after {
                    try AtomicFile.write(try repository.blobContent(after), to: journal.path(path))
                    try index.addFromWorkdir(path: path)
                } else {
                    try? FileManager.default.removeItem(atPath: journal.path(path))
                    try index.remove(path: path)
                }
                healed = true
            }
        }
        if healed { try index.write() }
        interrupted.end()
    }

    /// Under the journal lock, puts back what an interrupted command left behind HEAD (see
    /// `healFilesBehindHead`), without committing anything.
    public func tidy() throws {
        _ = try lockAndTidy()
    }

    /// Takes the journal lock (returned: held until released), waits out another program's
    /// index.lock, and heals what an interrupted command left behind HEAD.
    private func lockAndTidy() throws -> JournalLock {
        try journal.requireWritable()
        let lock = try JournalLock(gitDirectory: journal.repository.gitDirectory, timeout: max(lockWait, 10))
        try waitForIndexLock()
        do {
            try healFilesBehindHead()
        } catch let error as GitError {
            throw JournalError.locked("cannot bring the working tree up to HEAD (\(error.message)); nothing was written, try again")
        }
        return lock
    }

    /// What a file's update starts from: the working copy (a hand edit, staged or not, included),
    /// or HEAD's content when the file is missing; when a hand edit and a commit the working copy
    /// never saw both happened, the two are union-merged, losing neither.
    private func base(of path: String, head: ObjectID?) throws -> Data? {
        let repository = journal.repository
        let working = FileManager.default.contents(atPath: journal.path(path))
        guard let head, let committed = try repository.blobContent(commit: head, path: path) else { return working }
        guard let working else { return committed }
        let workingID = try ObjectID.blob(working)
        let committedID = try ObjectID.blob(committed)
        if workingID == committedID { return working }
        let index = try repository.index()
        try index.reload()
        let recorded = index.blobID(path: path)
        // What a killed command left behind HEAD was healed before this (see healFilesBehindHead),
        // so a working copy the index agrees with is an edit the user staged: theirs.
        if workingID == recorded || recorded == committedID { return working }
        let ancestor = try recorded.map { try repository.blobContent($0) }
        return try MergeFile.union(ancestor: ancestor, ours: committed, theirs: working)
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
