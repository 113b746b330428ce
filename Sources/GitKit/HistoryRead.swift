import Clibgit2

#if canImport(Glibc)
    import Glibc
#endif

extension Repository {
    /// Reads every commit reachable from `start` exactly once, each object inflated once and parsed
    /// here (no revwalk, no object cache), in no particular order: callers order by `parentIDs`.
    /// This is the cold path over a whole history, as fast as `git log` reads it.
    public func readAllCommits(from start: ObjectID, _ body: (ScannedCommit, CommitMessage) throws -> Void) throws {
        try readAllCommits(from: [start], body)
    }

    /// The same from several tips (the two sides of a merge about to be made): every commit
    /// reachable from any of them, once.
    public func readAllCommits(from starts: [ObjectID], _ body: (ScannedCommit, CommitMessage) throws -> Void) throws {
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, pointer), "cannot open the object database")
        defer { git_odb_free(odb) }
        // Along a single line of history each commit is reached once; only from the first merge on
        // can a commit be reached twice, so only from then on is it remembered (ancestors of the
        // merge cannot lead back to the line above it).
        var seen = Set<ObjectID>()
        // Two tips can share ancestors, as a merge's parents do: remember from the start then.
        var merged = starts.count > 1
        var stack = Array(starts.reversed())
        var buffer = MessageBuffer()
        while let id = stack.popLast() {
            if merged { guard seen.insert(id).inserted else { continue } }
            var oid = id.raw
            var object: OpaquePointer?
            try check(git_odb_read(&object, odb, &oid), "cannot read commit \(id)")
            defer { git_odb_object_free(object) }
            guard git_odb_object_type(object) == GIT_OBJECT_COMMIT, let data = git_odb_object_data(object) else {
                throw GitError(code: GIT_EINVALID.rawValue, message: "object \(id) is not a commit")
            }
            let bytes = UnsafeBufferPointer(start: data.assumingMemoryBound(to: UInt8.self), count: git_odb_object_size(object))
            let parents: [ObjectID]
            if let header = RawCommitHeader(bytes) {
                let commit = ScannedCommit(
                    id: id, treeID: header.tree, parentIDs: header.parents, authorTime: header.authorTime,
                    authorOffsetMinutes: header.authorOffset)
                try buffer.lend(bytes.baseAddress! + header.messageStart, count: bytes.count - header.messageStart) {
                    try body(commit, $0)
                }
                parents = header.parents
            } else {
                // Something this parser does not expect: read that commit as libgit2 reads it.
                parents = try readWithLibgit2(id, buffer: &buffer, body)
            }
            if parents.count > 1 { merged = true }
            stack.append(contentsOf: parents.reversed())
        }
    }

    /// Reads one commit through `git_commit_lookup` (for odd commits the fast parser declines) and
    /// returns its parents.
    private func readWithLibgit2(
        _ id: ObjectID, buffer: inout MessageBuffer, _ body: (ScannedCommit, CommitMessage) throws -> Void
    ) throws -> [ObjectID] {
        var oid = id.raw
        var handle: OpaquePointer?
        try check(git_commit_lookup(&handle, pointer, &oid), "cannot read commit \(id)")
        defer { git_commit_free(handle) }
        let commit = ScannedCommit(lookedUp: handle!)
        let message = git_commit_message_raw(handle)
        try buffer.lend(message, count: message.map { strlen($0) } ?? 0) { try body(commit, $0) }
        return commit.parentIDs
    }
}

/// The header lines of a raw commit object that the journal needs.
struct RawCommitHeader {
    var tree = ObjectID(git_oid())
    var parents: [ObjectID] = []
    var authorTime: Int64 = 0
    var authorOffset = 0
    var messageStart = 0

    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        var lineStart = 0
        var sawTree = false
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            if lineEnd == lineStart {  // the blank line before the message
                messageStart = min(lineEnd + 1, bytes.count)
                if !sawTree { return nil }
                return
            }
            let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
            if RawCommitHeader.has(line, prefix: "tree "), let id = RawCommitHeader.oid(line, at: 5) {
                tree = id
                sawTree = true
            } else if RawCommitHeader.has(line, prefix: "parent "), let id = RawCommitHeader.oid(line, at: 7) {
                parents.append(id)
            } else if RawCommitHeader.has(line, prefix: "author ") {
                // "author Name <email> 1764400000 +0100": the last two fields.
                guard let (time, offset) = RawCommitHeader.timeAndOffset(line) else { return nil }
                authorTime = time
                authorOffset = offset
            }
            lineStart = lineEnd + 1
        }
        messageStart = bytes.count
        if !sawTree { return nil }
    }

    static func has(_ line: UnsafeBufferPointer<UInt8>, prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard line.count >= count else { return false }
        let p = prefix.utf8Start
        for i in 0..<count where line[i] != p[i] { return false }
        return true
    }

    static func oid(_ line: UnsafeBufferPointer<UInt8>, at offset: Int) -> ObjectID? {
        guard line.count >= offset + 40 else { return nil }
        var oid = git_oid()
        let ok = line.baseAddress!.advanced(by: offset).withMemoryRebound(to: CChar.self, capacity: 40) {
            git_oid_fromstrn(&oid, $0, 40) == 0
        }
        return ok ? ObjectID(oid) : nil
    }

    static func timeAndOffset(_ line: UnsafeBufferPointer<UInt8>) -> (Int64, Int)? {
        // libgit2 reads the time right after the e-mail's ">": anything else is left to it.
        guard let lastSpace = line.lastIndex(of: 0x20), lastSpace > 0,
            let timeSpace = line[..<lastSpace].lastIndex(of: 0x20), timeSpace > 0, line[timeSpace - 1] == 0x3E
        else { return nil }
        var time: Int64 = 0
        var timeDigits = line[(timeSpace + 1)..<lastSpace]
        let negative = timeDigits.first == 0x2D  // dates before 1970
        if negative { timeDigits = timeDigits.dropFirst() }
        guard !timeDigits.isEmpty, timeDigits.count <= 18 else { return nil }  // libgit2 refuses an overflow
        for byte in timeDigits {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            time = time &* 10 &+ Int64(byte - 0x30)
        }
        if negative { time = -time }
        let zone = line[(lastSpace + 1)...]
        // Not ±HHMM: libgit2 reads it its own way ("+01" is one minute), so it reads that commit.
        guard zone.count == 5, let sign = zone.first, sign == 0x2B || sign == 0x2D else { return nil }
        let digits = zone.dropFirst().map { Int($0) - 0x30 }
        guard digits.allSatisfy({ (0...9).contains($0) }) else { return nil }
        // As libgit2 reads it: an offset past 14 hours or 59 minutes counts as UTC.
        let hours = digits[0] * 10 + digits[1]
        let mins = digits[2] * 10 + digits[3]
        guard hours <= 14, mins <= 59 else { return (time, 0) }
        let minutes = hours * 60 + mins
        return (time, sign == 0x2D ? -minutes : minutes)
    }
}
