import Clibgit2

#if canImport(Glibc)
    import Glibc
#endif

/// A commit met during a history scan: its header as plain values. Its message is lent to the
/// scan's callback as bytes (see `CommitMessage`), so reading 100,000 commits makes no Strings.
public struct ScannedCommit: Sendable, Equatable {
    public let id: ObjectID
    public let treeID: ObjectID
    public let parentIDs: [ObjectID]
    /// Author time, seconds since 1970.
    public let authorTime: Int64
    /// The author's UTC offset in minutes.
    public let authorOffsetMinutes: Int

    public init(id: ObjectID, treeID: ObjectID, parentIDs: [ObjectID], authorTime: Int64, authorOffsetMinutes: Int) {
        self.id = id
        self.treeID = treeID
        self.parentIDs = parentIDs
        self.authorTime = authorTime
        self.authorOffsetMinutes = authorOffsetMinutes
    }

    public var firstParentID: ObjectID? { parentIDs.first }
    public var isMerge: Bool { parentIDs.count > 1 }
}

/// A commit message lent to a scan's callback: GitKit's own copy, valid only during the call.
public struct CommitMessage {
    /// The message bytes (no terminating NUL counted; one follows them, for libgit2's parser).
    public let bytes: UnsafeRawBufferPointer

    /// The first line.
    public var summary: String {
        let line = bytes.prefix { $0 != 0x0A }
        return String(decoding: line, as: UTF8.self)
    }

    /// Calls `body` with each trailer's key and value (see `Trailers.forEach`).
    public func forEachTrailer(_ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void) throws {
        try Trailers.forEach(inTerminated: bytes, body)
    }
}

/// A reusable buffer that copies each message out of libgit2's memory, NUL-terminated.
struct MessageBuffer {
    private var storage: [UInt8] = []

    /// Copies `count` bytes at `source` and lends them to `body` as a `CommitMessage`.
    mutating func lend<R>(_ source: UnsafeRawPointer?, count: Int, _ body: (CommitMessage) throws -> R) rethrows -> R {
        if storage.count < count + 1 { storage = [UInt8](repeating: 0, count: max(count + 1, storage.count * 2)) }
        return try storage.withUnsafeMutableBytes { target in
            if count > 0, let source { target.baseAddress!.copyMemory(from: source, byteCount: count) }
            target[count] = 0
            return try body(CommitMessage(bytes: UnsafeRawBufferPointer(rebasing: target[..<count])))
        }
    }
}

extension Repository {
    /// Walks like `walkCommits` (newest first, stopping at what `hiding` reaches), handing each
    /// commit's header and message to `body`; `body` returns false to stop.
    public func scanCommits(
        from start: ObjectID, hiding: ObjectID? = nil, _ body: (ScannedCommit, CommitMessage) throws -> Bool
    ) throws {
        var buffer = MessageBuffer()
        try walkCommits(from: start, hiding: hiding) { id in
            var oid = id.raw
            var handle: OpaquePointer?
            try check(git_commit_lookup(&handle, pointer, &oid), "cannot read commit \(id)")
            defer { git_commit_free(handle) }
            let commit = ScannedCommit(lookedUp: handle!)
            let message = git_commit_message_raw(handle)
            return try buffer.lend(message, count: message.map { strlen($0) } ?? 0) { try body(commit, $0) }
        }
    }
}

extension ScannedCommit {
    /// The header of a commit libgit2 has looked up.
    init(lookedUp handle: OpaquePointer) {
        let author = git_commit_author(handle).pointee
        self.init(
            id: ObjectID(git_commit_id(handle).pointee), treeID: ObjectID(git_commit_tree_id(handle).pointee),
            parentIDs: (0..<git_commit_parentcount(handle)).compactMap { git_commit_parent_id(handle, $0).map { ObjectID($0.pointee) } },
            authorTime: Int64(author.when.time), authorOffsetMinutes: Int(author.when.offset))
    }
}
