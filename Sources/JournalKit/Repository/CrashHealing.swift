import Foundation
internal import GitKit

/// Before every write: the journal lock, another program's index.lock waited out, and what a
/// command killed between moving HEAD and writing its files left behind HEAD put back.
extension CommitWriter {
    /// Puts back day files (and the config) that a command killed between moving HEAD and writing
    /// its files (it left an `InterruptedWrite` mark naming the move) left behind HEAD, so the next commit builds on what history says, not on a copy
    /// that lacks the last entry. Decided by content ids alone (git's and libgit2's stat caches
    /// can disagree about a file written in the same second as the index).
    func healFilesBehindHead() throws {
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
            try repository.treeID(ofCommit: head) == move.toTree
        else {
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
            AtomicFile.removeLeftovers(
                of: (path as NSString).lastPathComponent, in: (journal.path(path) as NSString).deletingLastPathComponent)
            let working = try FileManager.default.contents(atPath: journal.path(path)).map(ObjectID.blob)
            let old = try repository.treeEntryID(tree: before, path: path)
            if working == after {
                // Killed after writing the file, before the index: only the index is behind.
                if index.blobID(path: path) != after {
                    try index.addFromWorkdir(path: path)
                    healed = true
                }
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
    func lockAndTidy() throws -> JournalLock {
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

    func waitForIndexLock() throws {
        let path = journal.repository.gitDirectory + "index.lock"
        let deadline = Date().addingTimeInterval(lockWait)
        while FileManager.default.fileExists(atPath: path) {
            guard Date() < deadline else {
                throw JournalError.locked(
                    "\(path) exists: another git process is using the journal; if none is running, remove that file and try again")
            }
            usleep(50_000)
        }
    }
}
