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
    ///
    /// The commits are read and inflated on a second thread, through a repository handle of its
    /// own (`CommitReadAhead`, in CommitReadAhead.swift), while `body` runs on this thread on the
    /// commits read before; `body` sees the same commits in the same order as a read on one thread.
    public func readAllCommits(from starts: [ObjectID], _ body: (ScannedCommit, CommitMessage) throws -> Void) throws {
        if let readAhead = CommitReadAhead(repository: self, starts: starts) {
            try readAhead.consume(body)
            return
        }
        // No second handle (the repository could not be opened again): all on this thread.
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, pointer), "cannot open the object database")
        defer { git_odb_free(odb) }
        var walk = CommitWalk(repository: pointer, odb: odb!, starts: starts)
        var buffer = MessageBuffer()
        while try walk.next({ commit, message in
            try buffer.lend(message.baseAddress, count: message.count) { try body(commit, $0) }
        }) {}
    }
}

/// The order `readAllCommits` meets commits in: depth first from the tips, a commit's parents in
/// their order, each commit once. One walk is used by one thread, with handles no other thread
/// uses while it runs.
struct CommitWalk {
    /// For the odd commit the fast parser declines, read through `git_commit_lookup`.
    private let repository: OpaquePointer
    private let odb: OpaquePointer
    /// Commits read from the packs directly, when libgit2 would not verify their hashes either.
    private let packed: PackedCommits?
    // Along a single line of history each commit is reached once; only from the first merge on
    // can a commit be reached twice, so only from then on is it remembered (ancestors of the
    // merge cannot lead back to the line above it).
    private var seen = Set<ObjectID>()
    // Two tips can share ancestors, as a merge's parents do: remember from the start then.
    private var merged: Bool
    private var stack: [ObjectID]

    init(repository: OpaquePointer, odb: OpaquePointer, starts: [ObjectID]) {
        self.repository = repository
        self.odb = odb
        if (try? Libgit2Options.current())?.verifiesObjectHashes == false {
            let packs = PackedCommits(objectsDirectory: String(cString: git_repository_commondir(repository)) + "objects/")
            packed = packs.isEmpty ? nil : packs
        } else {
            packed = nil
        }
        merged = starts.count > 1
        stack = Array(starts.reversed())
    }

    /// Reads the next commit and hands `body` its header and its message bytes (libgit2's memory,
    /// valid only during the call); false when every commit has been read.
    mutating func next(_ body: (ScannedCommit, UnsafeRawBufferPointer) throws -> Void) throws -> Bool {
        var next: ObjectID?
        while let id = stack.popLast() {
            if merged { guard seen.insert(id).inserted else { continue } }
            next = id
            break
        }
        guard let id = next else { return false }
        let parents: [ObjectID]
        if let packed, let raw = packed.commit(id) {
            parents = try read(id, raw, body)
        } else {
            var oid = id.raw
            var object: OpaquePointer?
            try check(git_odb_read(&object, odb, &oid), "cannot read commit \(id)")
            defer { git_odb_object_free(object) }
            guard git_odb_object_type(object) == GIT_OBJECT_COMMIT, let data = git_odb_object_data(object) else {
                throw GitError(code: GIT_EINVALID.rawValue, message: "object \(id) is not a commit")
            }
            parents = try read(
                id, UnsafeBufferPointer(start: data.assumingMemoryBound(to: UInt8.self), count: git_odb_object_size(object)), body)
        }
        if parents.count > 1 { merged = true }
        stack.append(contentsOf: parents.reversed())
        return true
    }

    /// Parses the raw commit `bytes` and hands it to `body`; returns its parents.
    private func read(_ id: ObjectID, _ bytes: UnsafeBufferPointer<UInt8>, _ body: (ScannedCommit, UnsafeRawBufferPointer) throws -> Void)
        throws -> [ObjectID]
    {
        guard let header = RawCommitHeader(bytes) else {
            // Something this parser does not expect: read that commit as libgit2 reads it.
            return try readWithLibgit2(id, body)
        }
        let commit = ScannedCommit(
            id: id, treeID: header.tree, parentIDs: header.parents, authorTime: header.authorTime, authorOffsetMinutes: header.authorOffset)
        try body(commit, UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[header.messageStart...]))
        return header.parents
    }

    /// Reads one commit through `git_commit_lookup` (for odd commits the fast parser declines) and
    /// returns its parents.
    private func readWithLibgit2(_ id: ObjectID, _ body: (ScannedCommit, UnsafeRawBufferPointer) throws -> Void) throws -> [ObjectID] {
        var oid = id.raw
        var handle: OpaquePointer?
        try check(git_commit_lookup(&handle, repository, &oid), "cannot read commit \(id)")
        defer { git_commit_free(handle) }
        let commit = ScannedCommit(lookedUp: handle!)
        let message = git_commit_message_raw(handle)
        try body(commit, UnsafeRawBufferPointer(start: message, count: message.map { strlen($0) } ?? 0))
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
