import Clibgit2

/// A commit seen during a history scan: libgit2's own memory, valid only inside the scan's
/// callback. Nothing is copied unless asked for, so reading 100,000 commits stays cheap.
public struct CommitView {
    let handle: OpaquePointer

    public var id: ObjectID { ObjectID(git_commit_id(handle).pointee) }
    public var treeID: ObjectID { ObjectID(git_commit_tree_id(handle).pointee) }
    public var parentCount: Int { Int(git_commit_parentcount(handle)) }
    public var firstParentID: ObjectID? { git_commit_parent_id(handle, 0).map { ObjectID($0.pointee) } }
    /// The raw message, NUL-terminated.
    public var message: UnsafePointer<CChar> { git_commit_message_raw(handle) }
    /// Author time, seconds since 1970.
    public var authorTime: Int64 { Int64(git_commit_author(handle).pointee.when.time) }
    /// The author's UTC offset in minutes.
    public var authorOffsetMinutes: Int { Int(git_commit_author(handle).pointee.when.offset) }

    /// The first line of the message as a String.
    public var summary: String {
        let start = UnsafeRawPointer(message).assumingMemoryBound(to: UInt8.self)
        var length = 0
        while start[length] != 0 && start[length] != 0x0A { length += 1 }
        return String(decoding: UnsafeBufferPointer(start: start, count: length), as: UTF8.self)
    }

    /// Calls `body` with each trailer's key and value as libgit2's trailer parser finds them.
    public func forEachTrailer(_ body: (UnsafePointer<CChar>, UnsafePointer<CChar>) throws -> Void) throws {
        try Trailers.forEach(in: message, body)
    }
}

extension Trailers {
    /// Trailers of a NUL-terminated message, without copying them into Swift strings.
    public static func forEach(in message: UnsafePointer<CChar>,
                               _ body: (UnsafePointer<CChar>, UnsafePointer<CChar>) throws -> Void) throws {
        var array = git_message_trailer_array()
        try check(git_message_trailers(&array, message), "cannot read trailers")
        defer { git_message_trailer_array_free(&array) }
        for i in 0..<array.count {
            let trailer = array.trailers[i]
            guard let key = trailer.key, let value = trailer.value else { continue }
            try body(key, value)
        }
    }
}

extension Repository {
    /// Walks like `walkCommits`, handing each commit to `body` as a view into libgit2's memory.
    public func scanCommits(from start: ObjectID, hiding: ObjectID? = nil, _ body: (CommitView) throws -> Bool) throws {
        try walkCommits(from: start, hiding: hiding) { id in
            var oid = id.raw
            var commit: OpaquePointer?
            try check(git_commit_lookup(&commit, pointer, &oid), "cannot read commit \(id)")
            defer { git_commit_free(commit) }
            return try body(CommitView(handle: commit!))
        }
    }

    /// Caps libgit2's object cache (shared by the process), so long walks stay small in memory.
    public static func limitObjectCache(bytes: Int) {
        _ = Libgit2.ready
        _ = journal_git_set_cache_max_size(bytes)
    }
}
