import Clibgit2
#if canImport(Glibc)
import Glibc
#endif

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
    ///
    /// When the last paragraph is plainly a trailer block (not the subject, every line
    /// `Token: value` with an alphanumeric-and-dash token, and no `---` line anywhere) it is read
    /// here, as git would read it; anything less plain goes to libgit2's parser.
    public static func forEach(in message: UnsafePointer<CChar>,
                               _ body: (UnsafePointer<CChar>, UnsafePointer<CChar>) throws -> Void) throws {
        if try PlainTrailerBlock.forEach(in: message, body) { return }
        _ = Libgit2.ready
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
}

/// The common case of a trailer block, read without allocating (see `Trailers.forEach`).
enum PlainTrailerBlock {
    /// Calls `body` for each trailer and returns true, or returns false (calling nothing) when
    /// the message is not plain enough to be sure.
    static func forEach(in message: UnsafePointer<CChar>,
                        _ body: (UnsafePointer<CChar>, UnsafePointer<CChar>) throws -> Void) throws -> Bool {
        let bytes = UnsafeRawPointer(message).assumingMemoryBound(to: UInt8.self)
        let length = strlen(message)
        var end = length
        while end > 0 && (bytes[end - 1] == 0x0A || bytes[end - 1] == 0x20) { end -= 1 }
        guard end > 0 else { return false }
        // The start of the last paragraph: just after the last blank line before `end`.
        var start = end
        while start > 0 {
            if bytes[start - 1] == 0x0A && start >= 2 && bytes[start - 2] == 0x0A { break }
            start -= 1
        }
        guard start > 0 else { return false }  // one paragraph: that is the subject
        // A `---` line anywhere is where git and libgit2 think a patch starts.
        var lineStart = 0
        while lineStart < length {
            if bytes[lineStart] == 0x2D && lineStart + 2 < length && bytes[lineStart + 1] == 0x2D && bytes[lineStart + 2] == 0x2D { return false }
            while lineStart < length && bytes[lineStart] != 0x0A { lineStart += 1 }
            lineStart += 1
        }
        // Check every line first, then report: nothing is called unless the whole block is plain.
        func eachLine(_ visit: (Range<Int>, Range<Int>) throws -> Void) rethrows -> Bool {
            var position = start
            while position < end {
                var lineEnd = position
                while lineEnd < end && bytes[lineEnd] != 0x0A { lineEnd += 1 }
                var colon = position
                while colon < lineEnd && isTokenByte(bytes[colon]) { colon += 1 }
                guard colon > position, colon < lineEnd, bytes[colon] == 0x3A else { return false }
                var valueStart = colon + 1
                while valueStart < lineEnd && (bytes[valueStart] == 0x20 || bytes[valueStart] == 0x09) { valueStart += 1 }
                var valueEnd = lineEnd
                while valueEnd > valueStart && (bytes[valueEnd - 1] == 0x20 || bytes[valueEnd - 1] == 0x09) { valueEnd -= 1 }
                // libgit2 reads an empty value, and a carriage return, in ways of its own: let it.
                guard valueEnd > valueStart, !UnsafeBufferPointer(start: bytes + valueStart, count: valueEnd - valueStart).contains(0x0D) else { return false }
                try visit(position..<colon, valueStart..<valueEnd)
                position = lineEnd + 1
            }
            return true
        }
        guard eachLine({ _, _ in }) else { return false }
        // Each key and value is handed over NUL-terminated, from a scratch buffer on the stack.
        return try withUnsafeTemporaryAllocation(of: CChar.self, capacity: end - start + 2) { scratch in
            try eachLine { key, value in
                let base = scratch.baseAddress!
                let raw = UnsafeMutableRawPointer(base)
                raw.copyMemory(from: bytes + key.lowerBound, byteCount: key.count)
                base[key.count] = 0
                let valueBase = base + key.count + 1
                UnsafeMutableRawPointer(valueBase).copyMemory(from: bytes + value.lowerBound, byteCount: value.count)
                valueBase[value.count] = 0
                try body(base, valueBase)
            }
        }
    }

    static func isTokenByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D
    }

}
