import Foundation
internal import GitKit

/// A recent entry as a shell completion offers it: the short id `journal log` prints, and what
/// to show beside it.
public struct EntryChoice: Sendable, Equatable {
    public let shortID: String
    public let date: Day
    public let title: String
}

extension Journal {
    /// Every tag used by an entry in history (each entry's newest state), most used first, then
    /// by name. Read from the history cache without building the entries, so it stays quick on
    /// 100,000 entries (`scripts/bench`, row "complete tags").
    public func tagsByUse() throws -> [String] {
        // Counted per distinct tag field first: a few hundred combinations among 100,000 entries.
        var fields: [ArraySlice<UInt8>: Int] = [:]
        var escaped = false
        try translatingGitErrors("cannot read the journal's history", as: JournalError.journal) {
            try HistoryCache.forEachEntry(repository) { fact in
                fields[fact.tags, default: 0] += 1
                escaped = fact.escaped
            }
        }
        var counts: [String: Int] = [:]
        for (field, count) in fields where !field.isEmpty {
            let text = escaped ? RecordFile.string(field) : String(decoding: field, as: UTF8.self)
            for tag in text.split(separator: ",") { counts[String(tag), default: 0] += count }
        }
        return counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map(\.key)
    }

    /// The newest `limit` entries (by their place in history, newest first) with their short ids
    /// (as `ShortIDs` gives them, without sorting every id), for `amend` and `delete` completions.
    public func recentEntries(limit: Int = 20) throws -> [EntryChoice] {
        var newest: [(order: Int, id: String, date: Day, title: String)] = []
        try translatingGitErrors("cannot read the journal's history", as: JournalError.journal) {
            try HistoryCache.forEachEntry(repository) { fact in
                guard fact.isEntry else { return }
                if newest.count < limit {
                    newest.append((fact.order, fact.text(fact.id), fact.date, fact.text(fact.title)))
                } else if let oldest = newest.indices.min(by: { newest[$0].order < newest[$1].order }), newest[oldest].order < fact.order {
                    newest[oldest] = (fact.order, fact.text(fact.id), fact.date, fact.text(fact.title))
                }
            }
            newest.sort { $0.order > $1.order }
            // The longest prefix each shares with another entry's id (any kind: all must stay unique).
            var shared = [Int](repeating: 0, count: newest.count)
            let wanted = newest.map { Array($0.id.utf8) }
            try HistoryCache.forEachEntry(repository) { fact in
                for (index, id) in wanted.enumerated() where !id.elementsEqual(fact.id) {
                    shared[index] = max(shared[index], ShortIDs.commonPrefixLength(id, fact.id))
                }
            }
            for index in newest.indices {
                newest[index].id = String(newest[index].id.prefix(max(ShortIDs.minimumLength, shared[index] + 1)))
            }
        }
        return newest.map { EntryChoice(shortID: $0.id, date: $0.date, title: $0.title) }
    }
}

/// What completions read of one cached entry: the bytes of the fields they use, decoded only when
/// asked (100,000 records are scanned for one completion).
struct EntryFact {
    let id: ArraySlice<UInt8>
    let isEntry: Bool
    let day: ArraySlice<UInt8>
    /// Comma-separated, as the cache keeps them.
    let tags: ArraySlice<UInt8>
    let title: ArraySlice<UInt8>
    let order: Int
    /// As the history file writes text (`RecordFile.string` undoes it), or plain UTF-8.
    let escaped: Bool

    func text(_ field: ArraySlice<UInt8>) -> String {
        escaped ? RecordFile.string(field) : String(decoding: field, as: UTF8.self)
    }

    var date: Day { RecordFile.day(day) ?? Day(daysSinceEpoch: 0) }
}

extension HistoryCache {
    /// Calls `body` with every entry of history at HEAD: from the history file when it is current
    /// (brought up to date first when it is not), scanned for the fields completions use without
    /// splitting the rest; else from the entries built the slow way.
    static func forEachEntry(_ repository: Repository, _ body: (EntryFact) -> Void) throws {
        guard let head = try repository.headCommitID() else { return }
        let path = paths(repository).history
        var scan = CompletionScan(path: path, tip: head)
        if scan == nil {
            _ = try loadSummary(repository)  // brings both files up to HEAD
            scan = CompletionScan(path: path, tip: head)
        }
        if let scan {
            scan.forEach(body)
            return
        }
        for entry in History(state: try loadState(repository)).entries {
            body(
                EntryFact(
                    id: ArraySlice(entry.id.utf8), isEntry: entry.kind == .entry, day: ArraySlice(String(entry.date.daysSinceEpoch).utf8),
                    tags: ArraySlice(entry.tags.joined(separator: ",").utf8), title: ArraySlice(entry.title.utf8), order: entry.order,
                    escaped: false))
        }
    }
}

/// The entry records of a history file written for `tip`, checked as `RecordFile` checks it (the
/// end line's count and checksum) before any is read, and split only up to the fields completions
/// read: the body, the longest field, is skipped with `memchr`.
struct CompletionScan {
    let bytes: [UInt8]
    let firstRecord: Int
    let endLine: Int

    init?(path: String, tip: ObjectID) {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let bytes = [UInt8](data)
        guard bytes.count > 1, bytes[bytes.count - 1] == 0x0A else { return nil }
        var endLine = bytes.count - 1
        while endLine > 0, bytes[endLine - 1] != 0x0A { endLine -= 1 }
        guard endLine > 0, let headerEnd = bytes.firstIndex(of: 0x0A), headerEnd < endLine else { return nil }
        let header = String(decoding: bytes[..<headerEnd], as: UTF8.self).split(separator: " ")
        guard header.count == 4, "\(header[0]) \(header[1])" == HistoryCache.historyHeader, ObjectID(hex: String(header[2])) == tip
        else { return nil }
        var records = 0
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var start = headerEnd + 1
            while start < endLine {
                records += 1
                start =
                    (memchr(base + start, 0x0A, endLine - start).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base }
                        ?? endLine) + 1
            }
        }
        let expected = "end \(records) \(String(RecordFile.checksum(bytes[..<endLine]), radix: 16))"
        guard String(decoding: bytes[endLine..<(bytes.count - 1)], as: UTF8.self) == expected else { return nil }
        self.bytes = bytes
        self.firstRecord = headerEnd + 1
        self.endLine = endLine
    }

    /// Calls `body` with each `E` record's fields 1, 2, 3, 7, 8 and 11 (see `HistoryCache.writeEntry`).
    func forEach(_ body: (EntryFact) -> Void) {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var start = firstRecord
            while start < endLine {
                let end =
                    memchr(base + start, 0x0A, endLine - start).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base }
                    ?? endLine
                defer { start = end + 1 }
                guard base[start] == UInt8(ascii: "E") else { continue }
                // starts.(n - 1) is where field n begins (field 0 is the record's kind letter).
                var starts = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
                var field = 0
                var index = start
                while index < end, field < 12 {
                    if base[index] == 0x09 {
                        field += 1
                        switch field {
                        case 1: starts.0 = index + 1
                        case 2: starts.1 = index + 1
                        case 3: starts.2 = index + 1
                        case 4: starts.3 = index + 1
                        case 7: starts.6 = index + 1
                        case 8: starts.7 = index + 1
                        case 9: starts.8 = index + 1
                        case 11: starts.10 = index + 1
                        case 12: starts.11 = index + 1
                        default: break
                        }
                    }
                    index += 1
                }
                guard field == 12, let order = RecordFile.int(bytes[starts.10..<(starts.11 - 1)]) else { continue }
                body(
                    EntryFact(
                        id: bytes[starts.0..<(starts.1 - 1)], isEntry: base[starts.1] == UInt8(ascii: "e"),
                        day: bytes[starts.2..<(starts.3 - 1)], tags: bytes[starts.6..<(starts.7 - 1)],
                        title: bytes[starts.7..<(starts.8 - 1)], order: order, escaped: true))
            }
        }
    }
}
