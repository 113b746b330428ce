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
            try bringHistoryUp(repository)
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

/// The entry records of a history file written for `tip` (see `HistoryFileScan`), read only up
/// to the fields completions use: the body, the longest field, is never scanned.
struct CompletionScan {
    let scan: HistoryFileScan

    init?(path: String, tip: ObjectID) {
        // Read into an array: the facts are slices of it, made without a copy each.
        guard let bytes = RecordFile.readBytes(path), let scan = HistoryFileScan(bytes: bytes), scan.tip == tip else { return nil }
        self.scan = scan
    }

    /// Calls `body` with each `E` record's fields 1, 2, 3, 7, 8 and 11 (see `HistoryCache.writeEntry`).
    func forEach(_ body: (EntryFact) -> Void) {
        scan.forEachRecord { record in
            guard record.isEntry, let order = record.int(11) else { return }
            body(
                EntryFact(
                    id: scan.file[record.range(1)], isEntry: record.field(2).first == UInt8(ascii: "e"),
                    day: scan.file[record.range(3)], tags: scan.file[record.range(7)], title: scan.file[record.range(8)],
                    order: order, escaped: true))
        }
    }
}
