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
    /// (`ShortIDs`), for `amend` and `delete` completions.
    public func recentEntries(limit: Int = 20) throws -> [EntryChoice] {
        var ids: [String] = []
        var newest: [(order: Int, id: String, date: Day, title: String)] = []
        try translatingGitErrors("cannot read the journal's history", as: JournalError.journal) {
            try HistoryCache.forEachEntry(repository) { fact in
                ids.append(fact.id)
                guard fact.isEntry else { return }
                if newest.count < limit {
                    newest.append((fact.order, fact.id, fact.date, fact.title))
                } else if let oldest = newest.indices.min(by: { newest[$0].order < newest[$1].order }), newest[oldest].order < fact.order {
                    newest[oldest] = (fact.order, fact.id, fact.date, fact.title)
                }
            }
        }
        let shortIDs = ShortIDs(ids: ids)
        return newest.sorted { $0.order > $1.order }.map { EntryChoice(shortID: shortIDs.short($0.id), date: $0.date, title: $0.title) }
    }
}

/// What completions read of one cached entry.
struct EntryFact {
    let id: String
    let isEntry: Bool
    let date: Day
    let title: String
    /// Comma-separated, as the cache keeps them.
    let tags: Substring
    let order: Int
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
                guard fields.count == 13, fields[0].first == UInt8(ascii: "E"), let date = RecordFile.day(fields[3]),
                    let order = RecordFile.int(fields[11])
                else { continue }
                body(
                    EntryFact(
                        id: RecordFile.string(fields[1]), isEntry: fields[2].first == UInt8(ascii: "e"), date: date,
                        title: RecordFile.string(fields[8]), tags: Substring(RecordFile.string(fields[7])), order: order))
            }
            return
        }
        for entry in History(state: try loadState(repository)).entries {
            body(
                EntryFact(
                    id: entry.id, isEntry: entry.kind == .entry, date: entry.date, title: entry.title,
                    tags: Substring(entry.tags.joined(separator: ",")), order: entry.order))
        }
    }
}
