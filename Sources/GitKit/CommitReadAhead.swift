import Clibgit2
import Foundation

/// The two-thread read of `Repository.readAllCommits` (HistoryRead.swift): a second thread walks
/// the history and inflates and parses each commit (`CommitWalk`) through a repository handle
/// opened for it alone, copying headers and messages into batches; the calling thread hands them
/// to the caller's closure in the order they were read, while the next ones are inflated.
///
/// libgit2's rule (its docs/threading.md) is that an object is used by one thread at a time: the
/// second handle is opened on the calling thread, then used only by the reading thread, which
/// frees it before it says it has finished. The caller's own repository stays on the calling
/// thread (the closure may read trees through it). Only Swift values cross between the threads,
/// through `CommitBatchQueue`, which holds at most a few batches: memory stays bounded however
/// long the history is.
struct CommitReadAhead {
    /// Commits in one batch, and the message bytes after which a batch is handed over early.
    static let batchCommits = 128
    static let batchBytes = 64 << 10
    /// Batches read but not yet taken, at most.
    static let queuedBatches = 8

    private let queue = CommitBatchQueue(capacity: queuedBatches)

    /// Starts reading from `starts` on a second thread; nil when the repository cannot be opened a
    /// second time (the caller then reads on its own thread).
    init?(repository: Repository, starts: [ObjectID]) {
        guard let handles = ReaderHandles(sameAs: repository) else { return nil }
        let queue = self.queue
        let thread = Thread {
            var walk = CommitWalk(repository: handles.repository, odb: handles.odb, starts: starts)
            var batch = CommitBatch()
            var failure: (any Error)?
            do {
                while try walk.next({ commit, message in batch.append(commit, message: message) }) {
                    if batch.isFull(commits: Self.batchCommits, bytes: Self.batchBytes) {
                        guard queue.put(&batch) else { break }
                    }
                }
            } catch {
                failure = error
            }
            // The commits read before a failure are handed on before it, as on one thread.
            if !batch.isEmpty { _ = queue.put(&batch) }
            handles.free()
            queue.finish(failure)
        }
        thread.name = "journal-read-ahead"
        thread.start()
    }

    /// Hands every commit to `body`, in the order the reading thread read them, then throws what
    /// stopped the reading thread if anything did. When `body` throws, the reading thread is
    /// stopped and waited for before the error goes on.
    func consume(_ body: (ScannedCommit, CommitMessage) throws -> Void) throws {
        do {
            while var batch = try queue.take() {
                try batch.forEach(body)
                batch.removeAll()
                queue.recycle(batch)
            }
        } catch {
            queue.stop()
            throw error
        }
    }
}

/// Commits read by the reading thread: headers, and messages back to back in one buffer, each
/// followed by a NUL (as `CommitMessage` promises).
struct CommitBatch: Sendable {
    private var commits: [ScannedCommit] = []
    /// Where each commit's message ends in `bytes` (its NUL is there); it starts after the NUL
    /// of the one before.
    private var messageEnds: [Int] = []
    private var bytes: [UInt8] = []

    var isEmpty: Bool { commits.isEmpty }

    func isFull(commits maximum: Int, bytes limit: Int) -> Bool {
        commits.count >= maximum || bytes.count >= limit
    }

    mutating func append(_ commit: ScannedCommit, message: UnsafeRawBufferPointer) {
        commits.append(commit)
        bytes.append(contentsOf: message)
        messageEnds.append(bytes.count)
        bytes.append(0)
    }

    /// Lends each commit and its message to `body`, in order.
    func forEach(_ body: (ScannedCommit, CommitMessage) throws -> Void) rethrows {
        try bytes.withUnsafeBytes { all in
            var start = 0
            for (commit, end) in zip(commits, messageEnds) {
                try body(commit, CommitMessage(bytes: UnsafeRawBufferPointer(rebasing: all[start..<end])))
                start = end + 1
            }
        }
    }

    /// Empty, keeping the memory for the next batch.
    mutating func removeAll() {
        commits.removeAll(keepingCapacity: true)
        messageEnds.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
    }
}

/// The reading thread's own repository and object database, opened on the calling thread and
/// then used and freed by the reading thread alone.
private final class ReaderHandles: @unchecked Sendable {
    let repository: OpaquePointer
    let odb: OpaquePointer

    /// The same repository opened again (its git directory), or nil when it cannot be.
    init?(sameAs original: Repository) {
        var repository: OpaquePointer?
        guard git_repository_open_ext(&repository, git_repository_path(original.pointer), GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil) == 0
        else {
            git_error_clear()
            return nil
        }
        var odb: OpaquePointer?
        guard git_repository_odb(&odb, repository) == 0 else {
            git_error_clear()
            git_repository_free(repository)
            return nil
        }
        self.repository = repository!
        self.odb = odb!
    }

    func free() {
        git_odb_free(odb)
        git_repository_free(repository)
    }
}

/// Batches from the reading thread to the calling thread, first in first out, at most `capacity`
/// waiting; emptied batches go back for reuse. Everything in it is guarded by `condition`.
private final class CommitBatchQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private let capacity: Int
    private var ready: [CommitBatch] = []
    private var spare: [CommitBatch] = []
    /// The reading thread has finished (and freed its handles); `failure` is what stopped it.
    private var finished = false
    private var failure: (any Error)?
    /// The calling thread takes nothing more.
    private var stopped = false

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Reading thread: queues `batch`, waiting while the queue is full, and leaves an empty batch
    /// in its place. False when the calling thread has stopped taking.
    func put(_ batch: inout CommitBatch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while ready.count >= capacity && !stopped { condition.wait() }
        if stopped { return false }
        ready.append(batch)
        batch = spare.popLast() ?? CommitBatch()
        condition.broadcast()
        return true
    }

    /// Reading thread, last: no more batches, and why (nil when every commit was read).
    func finish(_ error: (any Error)?) {
        condition.lock()
        defer { condition.unlock() }
        finished = true
        failure = error
        condition.broadcast()
    }

    /// Calling thread: the next batch, waiting for it; nil after the last; throws the reading
    /// thread's error once every batch read before it has been taken.
    func take() throws -> CommitBatch? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty && !finished { condition.wait() }
        if !ready.isEmpty {
            condition.broadcast()
            return ready.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }

    /// Calling thread: an emptied batch, for the reading thread to fill again.
    func recycle(_ batch: CommitBatch) {
        condition.lock()
        defer { condition.unlock() }
        spare.append(batch)
    }

    /// Calling thread: takes nothing more; returns once the reading thread has finished.
    func stop() {
        condition.lock()
        defer { condition.unlock() }
        stopped = true
        condition.broadcast()
        while !finished { condition.wait() }
    }
}
