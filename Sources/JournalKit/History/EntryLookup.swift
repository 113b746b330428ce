import Foundation
internal import GitKit

/// Entries read from the history file one record at a time, built only when wanted, so naming
/// one entry (`journal amend`, `delete`), reading one day's (a hand edit read back) or adding up a
/// review never holds 100,000 entries. Each falls back to the whole `History` when the file
/// cannot be read (it is then rebuilt on the next read).
extension HistoryCache {
    /// The current history file, brought up to HEAD; nil when there is no history or it cannot
    /// be read.
    static func currentScan(_ repository: Repository) throws -> HistoryFileScan? {
        guard let head = try repository.headCommitID() else { return nil }
        try bringHistoryUp(repository)
        guard let scan = HistoryFileScan(path: paths(repository).history), scan.tip == head else { return nil }
        return scan
    }

    /// The entry `reference` names: `last` (the newest entry journal wrote), an Entry-Id, or a
    /// prefix of one that no other entry shares (`History.entry(named:)` says the same, from
    /// entries in memory).
    static func entry(named reference: String, in repository: Repository) throws -> HistoryEntry {
        guard try repository.headCommitID() != nil else { return try History(state: HistoryState()).entry(named: reference) }
        guard let scan = try currentScan(repository) else { return try History(state: loadState(repository)).entry(named: reference) }
        let wanted = reference.trimmingCharacters(in: .whitespaces)
        let last = wanted.lowercased() == "last"
        let exact = Array(wanted.utf8)
        let prefix = Array(wanted.uppercased().utf8)
        var newest: (order: Int, day: Int, record: Range<Int>)?
        var exactRecord: Range<Int>?
        var prefixed: [Range<Int>] = []
        var broken = false
        scan.forEachRecord(locating: 4) { record in
            guard record.kind == UInt8(ascii: "E") else { return true }
            let id = record.field(1)
            if last {
                guard record.field(2).first == UInt8(ascii: "e") else { return true }
                record.locate(12)
                guard let order = record.int(11), let day = record.int(3) else {
                    broken = true
                    return false
                }
                if newest.map({ ($0.order, $0.day) < (order, day) }) ?? true {
                    newest = (order, day, record.start..<record.end)
                }
            } else if id.elementsEqual(exact) {
                exactRecord = record.start..<record.end
                return false
            } else if id.count >= prefix.count, zip(id, prefix).allSatisfy({ Self.upper($0) == $1 }) {
                prefixed.append(record.start..<record.end)
            }
            return true
        }
        if broken { return try History(state: loadState(repository)).entry(named: reference) }
        func built(_ range: Range<Int>) throws -> HistoryEntry {
            guard let entry = entry(RecordFile.fields(scan.file[range])) else {
                throw JournalError.failed("the history cache in .git/journal/ is damaged; delete that folder and run the command again")
            }
            return entry
        }
        if last {
            guard let newest else { throw JournalError.badInput("there is no entry yet; write one with journal add") }
            return try built(newest.record)
        }
        if let exactRecord { return try built(exactRecord) }
        // The same messages as `History.entry(named:)`, from the few entries that match.
        return try History(entries: prefixed.map(built)).entry(named: reference)
    }

    private static func upper(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 32 : byte
    }

    /// Whether history has an entry `id` now (a deleted one has none).
    static func containsEntry(_ id: String, in repository: Repository) throws -> Bool {
        guard try repository.headCommitID() != nil else { return false }
        guard let scan = try currentScan(repository) else { return try loadState(repository).entries[id] != nil }
        let wanted = Array(id.utf8)
        var found = false
        scan.forEachRecord(locating: 2) { record in
            found = record.kind == UInt8(ascii: "E") && record.field(1).elementsEqual(wanted)
            return !found
        }
        return found
    }

    /// The summary of the entries tagged `tag` (as `HistorySummary(history:tag:)` makes it):
    /// records whose tags field lacks the tag are skipped unbuilt.
    static func taggedSummary(_ tag: String, in repository: Repository) throws -> HistorySummary {
        let full = try loadSummary(repository)
        guard let scan = try currentScan(repository) else {
            return HistorySummary(history: History(state: try loadState(repository)), tag: tag)
        }
        let tagName = tag.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "# "))
        let wanted = Array(tagName.utf8)
        var summary = HistorySummary()
        var broken = false
        scan.forEachRecord(locating: 8) { record in
            guard record.kind == UInt8(ascii: "E") else { return true }
            // The tags field as written (comma-joined, escaped): a record without the tag is
            // skipped unbuilt; one with an escape in it is built and asked.
            let tags = record.field(7)
            guard tags.contains(0x5C) || tags.split(separator: UInt8(ascii: ",")).contains(where: { $0.elementsEqual(wanted) }) else {
                return true
            }
            guard let entry = entry(RecordFile.fields(scan.file[record.start..<record.end])) else {
                broken = true
                return false
            }
            if entry.tags.contains(tagName) { summary.add(entry) }
            return true
        }
        if broken { return HistorySummary(history: History(state: try loadState(repository)), tag: tag) }
        // As from `History`: the journal's first entry of any tag starts the goals.
        summary.firstEntryDay = full.days.keys.min()
        summary.restDays = full.restDays
        summary.cancelledRestDays = full.cancelledRestDays
        summary.sortLinks()
        return summary
    }

    /// Each entry's id and day, read from its record without building it.
    static func forEachEntryDay(_ repository: Repository, _ body: (String, Day) -> Void) throws {
        guard try repository.headCommitID() != nil else { return }
        guard let scan = try currentScan(repository) else {
            for entry in try loadState(repository).entries.values { body(entry.id, entry.date) }
            return
        }
        scan.forEachRecord(locating: 4) { record in
            if record.kind == UInt8(ascii: "E"), let day = record.day(3) {
                body(RecordFile.string(ArraySlice(record.field(1))), day)
            }
            return true
        }
    }

    /// The entries with these ids, built from their records only.
    static func entries(withIDs ids: Set<String>, in repository: Repository) throws -> [HistoryEntry] {
        guard !ids.isEmpty else { return [] }
        let named = NamedIDs(ids)
        return try entries(in: repository, locating: 2, where: { named.contains($0.field(1)) }, else: { ids.contains($0.id) })
    }

    /// The entries of `days`, built from their records only, as `History` orders them.
    static func entries(on days: Set<Day>, in repository: Repository) throws -> [HistoryEntry] {
        let wanted = Set(days.map(\.daysSinceEpoch))
        let found = try entries(
            in: repository, locating: 4, where: { $0.int(3).map(wanted.contains) ?? false }, else: { days.contains($0.date) })
        return History(entries: found).entries
    }

    /// The entries whose record passes `keep` (its fields found up to `fields`), each built from
    /// its record; from the whole `History`, filtered by `fallback`, when the file is not current
    /// or a record does not build.
    private static func entries(
        in repository: Repository, locating fields: Int, where keep: (RawHistoryRecord) -> Bool,
        else fallback: (HistoryEntry) -> Bool
    ) throws -> [HistoryEntry] {
        guard try repository.headCommitID() != nil else { return [] }
        var result: [HistoryEntry]? = []
        if let scan = try currentScan(repository) {
            scan.forEachRecord(locating: fields) { record in
                guard record.kind == UInt8(ascii: "E"), keep(record) else { return true }
                guard let entry = entry(RecordFile.fields(scan.file[record.start..<record.end])) else {
                    result = nil
                    return false
                }
                result?.append(entry)
                return true
            }
        } else {
            result = nil
        }
        return try result ?? History(state: loadState(repository)).entries.filter(fallback)
    }

    /// Every entry, newest event first, each built when it is handed to `body` and let go after.
    static func forEachBuiltEntry(_ repository: Repository, _ body: (HistoryEntry) throws -> Void) throws {
        guard try repository.headCommitID() != nil else { return }
        guard let scan = try currentScan(repository) else {
            for entry in History(state: try loadState(repository)).entries.sorted(by: { $0.order > $1.order }) { try body(entry) }
            return
        }
        var failure: (any Error)?
        scan.forEachRecord(locating: 1) { record in
            guard record.kind == UInt8(ascii: "E") else { return true }
            do {
                guard let entry = entry(RecordFile.fields(scan.file[record.start..<record.end])) else {
                    throw JournalError.failed("the history cache in .git/journal/ is damaged; delete that folder and run the command again")
                }
                try body(entry)
                return true
            } catch {
                failure = error
                return false
            }
        }
        if let failure { throw failure }
    }
}

extension History {
    /// History of just these entries (ordered as `History` orders them), with no rest days.
    init(entries: [HistoryEntry]) {
        var state = HistoryState()
        for entry in entries { state.entries[entry.id] = entry }
        self.init(state: state)
    }
}
