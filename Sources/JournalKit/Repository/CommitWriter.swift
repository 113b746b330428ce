import Foundation
internal import GitKit

/// A change to one file in a commit: its new content, computed from what is there now.
public struct FileUpdate {
    public let path: String
    public let transform: (Data?) throws -> Data
    /// A day file the user edited (`journal edit`): its entries' changes are read back into
    /// history, as hand edits taken along are (see `DayFileReading`).
    public var readBack = false

    public init(path: String, readBack: Bool = false, transform: @escaping (Data?) throws -> Data) {
        self.path = path
        self.readBack = readBack
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
        /// What those edits (and a day file edited with `journal edit`) changed in entries; each
        /// is a commit of its own after the first.
        var entryChanges: [EntryChange] = []
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
    public func commit(
        _ updates: [FileUpdate], message: String, authorDate: Date, authorZone: TimeZone,
        committerDate: Date? = nil, takeHandEdits: HandEditScope? = nil
    ) throws -> Outcome {
        let lock = try lockAndTidy()
        defer { withExtendedLifetime(lock) {} }
        return try retrying {
            try commitOnce(
                updates, message: { _ in message }, authorDate: authorDate, authorZone: authorZone,
                committerDate: committerDate, takeHandEdits: takeHandEdits, onlyIfChanged: false)!
        }
    }

    /// Commits day files edited by hand and not yet committed, if there are any (nil when none).
    /// `message` is given how many files the commit takes.
    public func commitHandEdits(message: (Int) -> String, authorDate: Date, authorZone: TimeZone) throws -> Outcome? {
        let lock = try lockAndTidy()
        defer { withExtendedLifetime(lock) {} }
        return try retrying {
            try commitOnce(
                [], message: message, authorDate: authorDate, authorZone: authorZone,
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
                throw JournalError.locked(
                    "a git lock file is in the way (\(error.message)); if no other git program is running, remove that .lock file and try again"
                )
            } catch let error as GitError where error.isModified {
                throw JournalError.locked("another program kept moving HEAD while committing; nothing was written, try again")
            } catch let error as GitError {
                throw JournalError(error, doing: "cannot commit")
            }
        }
        throw JournalError.locked("the journal is busy; nothing was written, try again")
    }

    private func commitOnce(
        _ updates: [FileUpdate], message: (Int) -> String, authorDate: Date, authorZone: TimeZone,
        committerDate: Date?, takeHandEdits: HandEditScope?, onlyIfChanged: Bool
    ) throws -> Outcome? {
        let repository = journal.repository
        let head = try repository.headCommitID()
        // Only the folders on the changed paths are rebuilt from HEAD's tree (never .git/index).
        let staged = TreeEdit(repository: repository, base: try head.map { try repository.treeID(ofCommit: $0) })
        var contents: [(String, Data)] = []
        var entryChanges = try stage(updates, in: staged, head: head, now: authorDate, contents: &contents)
        let handEdits =
            try takeHandEdits.map { try stageHandEdits(in: $0, into: staged, head: head, skipping: Set(updates.map(\.path))) } ?? []
        if onlyIfChanged && updates.isEmpty && handEdits.isEmpty { return nil }
        let readBack = updates.filter(\.readBack).map(\.path) + handEdits
        entryChanges += try readBackEntries(
            in: readBack, staged: staged, contents: &contents, head: head, now: authorDate)
        let first = message(handEdits.count)
        // What this commit itself says of an entry wins over a hand edit of the same entry.
        if let id = try? CommitProtocol.read(message: first).entryID { entryChanges.removeAll { $0.id == id } }
        let messages = [first] + entryChanges.map(\.message)
        let id = try createCommits(
            tree: try staged.write(), head: head, messages: messages, authorDate: authorDate,
            authorZone: authorZone, committerDate: committerDate)
        FaultInjection.reached("after-commit")
        // The commit is made; from here on a failure is reported, never a lost entry.
        let interrupted = InterruptedWrite(repository: repository)
        try writeFiles(contents, handEdits: handEdits, of: id)
        FaultInjection.reached("after-files")
        do {
            try refreshIndex(paths: contents.map(\.0) + handEdits, commit: id)
        } catch let error as GitError {
            // The mark stays: the next command brings the index up to HEAD.
            return Outcome(
                commit: id,
                warning:
                    "committed \(id.hex.prefix(8)), but the index was not updated (\(error.message)); git status may show the day file as changed until git reset",
                handEdits: handEdits, entryChanges: entryChanges)
        }
        interrupted.end()
        return Outcome(commit: id, warning: nil, handEdits: handEdits, entryChanges: entryChanges)
    }

    /// Applies each update to the tree being built (`contents`: the new contents by path). A day
    /// file the user edited before this update changes it is read back first (the user's edits
    /// become entry changes, returned), then the update applies to it.
    private func stage(
        _ updates: [FileUpdate], in staged: TreeEdit, head: ObjectID?, now: Date, contents: inout [(String, Data)]
    ) throws -> [EntryChange] {
        var changes: [EntryChange] = []
        for update in updates {
            try journal.requireInside(update.path)
            var input = try base(of: update.path, head: head)
            let committed = try head.flatMap { try journal.repository.blobContent(commit: $0, path: update.path) }
            if !update.readBack, head != nil, let day = Journal.day(ofDayFile: update.path), let edited = input, edited != committed {
                let (found, text) = try readBack(
                    day: day, old: committed.map { String(decoding: $0, as: UTF8.self) }, new: String(decoding: edited, as: UTF8.self),
                    now: now)
                changes += found
                input = Data(text.utf8)
            }
            let data = try update.transform(input)
            try staged.set(path: update.path, data: data)
            contents.append((update.path, data))
        }
        return changes
    }

    /// Adds day files edited by hand (not deleted, not written by this commit) to the tree;
    /// returns the paths that really differ from HEAD.
    private func stageHandEdits(in scope: HandEditScope, into staged: TreeEdit, head: ObjectID?, skipping written: Set<String>) throws
        -> [String]
    {
        var handEdits: [String] = []
        var added: [Data] = []
        let changes = try scope.folders.flatMap { try journal.repository.workdirChanges(under: $0) }
        for change in changes where !change.deleted && !written.contains(change.path) && Journal.isDayFile(change.path) {
            // A link among the day files is never followed; it is simply not taken along.
            guard (try? journal.requireInside(change.path)) != nil else { continue }
            guard let raw = try base(of: change.path, head: head) else { continue }
            // An editor's CRLF line ends become LF, as journal writes day files.
            let data = CommitWriter.withLFLineEnds(raw)
            let before = try staged.blobID(path: change.path)
            // Only what really differs from HEAD (a stale .git/index can make any file look changed).
            if try staged.set(path: change.path, data: data) != before {
                handEdits.append(change.path)
                if before == nil { added.append(data) }
            } else if data != raw {
                // Only the line ends changed: nothing to commit, and the file is LF again.
                try AtomicFile.write(data, to: journal.path(change.path))
            }
        }
        // A day file moved by hand (mv): its old path goes, so the commit is a move, not a copy.
        guard let head, !added.isEmpty else { return handEdits }
        for change in changes where change.deleted && !written.contains(change.path) && Journal.isDayFile(change.path) {
            guard let old = try journal.repository.blobContent(commit: head, path: change.path),
                added.contains(CommitWriter.withLFLineEnds(old))
            else { continue }
            staged.remove(path: change.path)
            handEdits.append(change.path)
        }
        return handEdits
    }

    /// `data` with every CRLF line end as LF.
    static func withLFLineEnds(_ data: Data) -> Data {
        guard data.contains(0x0D) else { return data }
        var out = Data(capacity: data.count)
        var previous: UInt8 = 0
        for byte in data {
            if previous == 0x0D && byte == 0x0A { out.removeLast() }
            out.append(byte)
            previous = byte
        }
        return out
    }

    /// Writes the commit and moves the branch, marking the move so a crash before the files are
    /// written is healed by the next command (`InterruptedWrite`).
    /// Writes one commit per message, each on the one before, all with `tree` (the first takes the
    /// files; the rest record what they changed in entries), and moves the branch once to the
    /// last, marking the move so a crash before the files are written is healed by the next
    /// command (`InterruptedWrite`). Killed before the move, none of them is in history.
    private func createCommits(
        tree: ObjectID, head: ObjectID?, messages: [String], authorDate: Date, authorZone: TimeZone,
        committerDate: Date?
    ) throws -> ObjectID {
        let repository = journal.repository
        let author = Signature(name: authorship.authorName, email: authorship.authorEmail, date: authorDate, timeZone: authorZone)
        let committer = Signature(
            name: authorship.committerName, email: authorship.committerEmail,
            date: committerDate ?? authorDate, timeZone: authorZone)
        return try InterruptedWrite(repository: repository).around(from: head, toTree: tree) {
            guard messages.count > 1, let head, let branch = try repository.headReferenceName() else {
                return try repository.createCommit(
                    tree: tree, parents: head.map { [$0] } ?? [], author: author, committer: committer, message: messages[0])
            }
            var tip = head
            for message in messages {
                tip = try repository.createCommit(
                    tree: tree, parents: [tip], author: author, committer: committer, message: message, updateRef: nil)
            }
            try repository.moveReference(branch, to: tip, expected: head, message: "journal: \(messages.count) commits")
            return tip
        }
    }

    /// Reads the day files among `paths` back into entry changes against HEAD's version of each
    /// and history; a section written by hand gets its id marker, staged and written with it.
    private func readBackEntries(
        in paths: [String], staged: TreeEdit, contents: inout [(String, Data)], head: ObjectID?, now: Date
    ) throws -> [EntryChange] {
        let days = paths.compactMap { path in Journal.isDayFile(path) ? Journal.day(ofDayFile: path).map { (path, $0) } : nil }
        guard !days.isEmpty, let head else { return [] }
        var changes: [EntryChange] = []
        for (path, day) in days {
            guard let data = try staged.blobContent(path: path) else { continue }
            let old = try journal.repository.blobContent(commit: head, path: path).map { String(decoding: $0, as: UTF8.self) }
            let new = String(decoding: data, as: UTF8.self)
            let (found, text) = try readBack(day: day, old: old, new: new, now: now)
            changes += found
            if text != new {
                try staged.set(path: path, data: Data(text.utf8))
                if let index = contents.firstIndex(where: { $0.0 == path }) { contents[index].1 = Data(text.utf8) }
            }
        }
        return changes
    }

    /// One day file's edit read back against history: that day's entries, built from their
    /// records alone (`HistoryCache.entries(on:in:)`).
    private func readBack(day: Day, old: String?, new: String, now: Date) throws -> ([EntryChange], String) {
        let onDay = try translatingGitErrors("cannot read the journal's history", as: JournalError.journal) {
            try HistoryCache.entries(on: [day], in: journal.repository)
        }
        let entries = Dictionary(onDay.filter { $0.kind == .entry }.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return DayFileReading(day: day, entries: entries, now: now, makeID: { EntryID.make(at: now) }).read(old: old, new: new)
    }

    /// Writes what the commit holds into the working tree (a hand edit merged with a commit it had
    /// not seen is written back too).
    private func writeFiles(_ contents: [(String, Data)], handEdits: [String], of commit: ObjectID) throws {
        for (path, data) in contents {
            try AtomicFile.write(data, to: journal.path(path))
        }
        for path in handEdits {
            if let data = try journal.repository.blobContent(commit: commit, path: path),
                FileManager.default.contents(atPath: journal.path(path)) != data
            {
                try AtomicFile.write(data, to: journal.path(path))
            }
        }
    }

    /// Refreshes only `paths` in .git/index; anything else staged stays.
    private func refreshIndex(paths: [String], commit: ObjectID) throws {
        let index = try journal.repository.index()
        try index.reload()
        // A missing or emptied index (deleted by hand, a bare checkout) starts from the commit.
        if index.count == 0 { try index.read(treeOf: commit) }
        for path in paths {
            // A day file moved away is gone from the commit and from the index.
            if FileManager.default.fileExists(atPath: journal.path(path)) {
                try index.addFromWorkdir(path: path)
            } else if index.blobID(path: path) != nil {
                try index.remove(path: path)
            }
        }
        try index.write()
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
}
