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
        var counts: [String: Int] = [:]
        try translatingGitErrors("cannot read the journal's history", as: JournalError.journal) {
            try HistoryCache.forEachEntry(repository) { fact in
                for tag in fact.tags.split(separator: ",") { counts[String(tag), default: 0] += 1 }
            }
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
                    newest.append((fact.order, fact.id, fact.date, fact.title))
                } else if let oldest = newest.indices.min(by: { newest[$0].order < newest[$1].order }), newest[oldest].order < fact.order {
                    newest[oldest] = (fact.order, fact.id, fact.date, fact.title)
                }
            }
            newest.sort { $0.order > $1.order }
            // The longest prefix each shares with another entry's id (any kind: all must stay unique).
            var shared = [Int](repeating: 0, count: newest.count)
            let wanted = newest.map { Array($0.id.utf8) }
            try HistoryCache.forEachEntry(repository) { fact in
                fact.withIDBytes { other in
                    for (index, id) in wanted.enumerated() where !id.elementsEqual(other) {
                        shared[index] = max(shared[index], ShortIDs.commonPrefixLength(id, other))
                    }
                }
            }
            for index in newest.indices {
                newest[index].id = String(newest[index].id.prefix(max(ShortIDs.minimumLength, shared[index] + 1)))
            }
        }
        return newest.map { EntryChoice(shortID: $0.id, date: $0.date, title: $0.title) }
    }
}

/// What completions read of one cached entry: the fields of its record, decoded only when asked
/// (100,000 records are scanned for a completion), or an entry built the slow way.
struct EntryFact {
    enum Source {
        case record([ArraySlice<UInt8>])
        case entry(HistoryEntry)
    }
    let source: Source
    let isEntry: Bool
    let order: Int

    var id: String {
        switch source {
        case .record(let fields): return RecordFile.string(fields[1])
        case .entry(let entry): return entry.id
        }
    }

    var date: Day {
        switch source {
        case .record(let fields): return RecordFile.day(fields[3]) ?? Day(daysSinceEpoch: 0)
        case .entry(let entry): return entry.date
        }
    }

    var title: String {
        switch source {
        case .record(let fields): return RecordFile.string(fields[8])
        case .entry(let entry): return entry.title
        }
    }

    /// Comma-separated, as the cache keeps them.
    var tags: String {
        switch source {
        case .record(let fields): return RecordFile.string(fields[7])
        case .entry(let entry): return entry.tags.joined(separator: ",")
        }
    }

    func withIDBytes(_ body: (ArraySlice<UInt8>) -> Void) {
        switch source {
        case .record(let fields): body(fields[1])
        case .entry(let entry): body(ArraySlice(entry.id.utf8))
        }
    }
}

extension HistoryCache {
    /// Calls `body` with every entry of history at HEAD, read field by field from the history file
    /// once it is current (as `entryIDs` does), else from the entries built the slow way.
    static func forEachEntry(_ repository: Repository, _ body: (EntryFact) -> Void) throws {
        guard let head = try repository.headCommitID() else { return }
        _ = try loadSummary(repository)  // brings both files up to HEAD
        if let file = RecordFile.load(path: paths(repository).history, header: historyHeader), file.headerWords.count == 4,
            ObjectID(hex: String(file.headerWords[2])) == head
        {
            for record in file.records {
                let fields = RecordFile.fields(record)
                guard fields.count == 13, fields[0].first == UInt8(ascii: "E"), let order = RecordFile.int(fields[11]) else { continue }
                body(EntryFact(source: .record(fields), isEntry: fields[2].first == UInt8(ascii: "e"), order: order))
            }
            return
        }
        for entry in History(state: try loadState(repository)).entries {
            body(EntryFact(source: .entry(entry), isEntry: entry.kind == .entry, order: entry.order))
        }
    }
}
