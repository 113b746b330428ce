import Foundation
import GitKit

/// History facts cached under `.git/journal/` (never tracked), so a report reads only the commits
/// added since the last one. A cache that is unreadable, of another version, fails its checksum,
/// or whose tip is no longer an ancestor of HEAD is rebuilt from scratch, never trusted.
///
/// Two record files (see `RecordWriter`), both written whenever history is read anew:
///
///     history   journal-history 3 <tip> <entry events applied>
///               E id kind day hours authored commit tags title papers shipped order
///               R day declared(1|0)
///     summary   journal-summary 3 <tip>
///               D day hours entries | R day | P day title url | S day title url
///
/// Days are days since 1970-01-01; papers and shipped in `history` are `title US url` joined by RS.
/// The summary is all that streaks, hours, the heatmap, papers and status need, so those reports
/// read a file that grows with days, not entries.
public enum HistoryCache {
    static let historyHeader = "journal-history 3"
    static let summaryHeader = "journal-summary 3"

    static func paths(_ repository: Repository) -> (history: String, summary: String) {
        let dir = repository.gitDirectory + "journal/"
        return (dir + "history", dir + "summary")
    }

    /// History from HEAD, through the cache. A cache that cannot be written is not an error.
    public static func load(_ repository: Repository) throws -> History {
        History(state: try loadState(repository))
    }

    /// The summary at HEAD: straight from its file when that is current, else from history.
    public static func loadSummary(_ repository: Repository) throws -> HistorySummary {
        guard let head = try repository.headCommitID() else { return HistorySummary(state: HistoryState()) }
        if let file = RecordFile.load(path: paths(repository).summary, header: summaryHeader),
           file.headerWords.count == 3, ObjectID(hex: String(file.headerWords[2])) == head,
           let summary = HistorySummary(records: file.records) {
            return summary
        }
        return HistorySummary(state: try loadState(repository))
    }

    static func loadState(_ repository: Repository) throws -> HistoryState {
        guard let head = try repository.headCommitID() else { return HistoryState() }
        let paths = paths(repository)
        var state = HistoryState()
        var base: ObjectID?
        if let cached = readHistory(path: paths.history) {
            if cached.tip == head {
                if RecordFile.load(path: paths.summary, header: summaryHeader) == nil {
                    try? AtomicFile.write(HistorySummary(state: cached.state).encoded(tip: head), to: paths.summary)
                }
                return cached.state
            }
            if (try? repository.isAncestor(cached.tip, of: head)) == true {
                state = cached.state
                base = cached.tip
            }
        }
        if base == nil {
            // A whole history: small pack windows and a small object cache keep a long read small.
            Repository.limitPackMapping(windowBytes: 2 << 20, mappedLimitBytes: 16 << 20)
            Repository.limitObjectCache(bytes: 1 << 20)
            state = try History.replayAll(repository)
        } else {
            state = try History.replay(repository, from: base, onto: state)
        }
        try? AtomicFile.write(encodeHistory(state, tip: head), to: paths.history)
        try? AtomicFile.write(HistorySummary(state: state).encoded(tip: head), to: paths.summary)
        return state
    }

    static let unitSeparator = "\u{1F}", recordSeparator = "\u{1E}"

    static func encodeHistory(_ state: HistoryState, tip: ObjectID) -> Data {
        var writer = RecordWriter(header: "\(historyHeader) \(tip.hex) \(state.applied)", capacity: state.entries.count * 160)
        for entry in state.entries.values.sorted(by: { $0.order < $1.order }) {
            writer.field("E")
            writer.field(entry.id)
            writer.field(entry.kind == .entry ? "e" : "p")
            writer.field(entry.date.daysSinceEpoch)
            writer.field(entry.hours)
            writer.field(Int(entry.authoredAt.timeIntervalSince1970))
            writer.field(entry.commit.hex)
            writer.field(entry.tags.joined(separator: ","))
            writer.field(entry.title)
            writer.field(links(entry.papers))
            writer.field(links(entry.shipped))
            writer.field(entry.order)
            writer.endRecord()
        }
        for (day, declared) in state.restDeclarations.sorted(by: { $0.key < $1.key }) {
            writer.field("R")
            writer.field(day.daysSinceEpoch)
            writer.field(declared ? 1 : 0)
            writer.endRecord()
        }
        return writer.finish()
    }

    static func readHistory(path: String) -> (tip: ObjectID, state: HistoryState)? {
        guard let file = RecordFile.load(path: path, header: historyHeader), file.headerWords.count == 4,
              let tip = ObjectID(hex: String(file.headerWords[2])), let applied = Int(file.headerWords[3]) else { return nil }
        var state = HistoryState()
        state.applied = applied
        state.entries.reserveCapacity(file.records.count)
        for record in file.records {
            let f = RecordFile.fields(record)
            switch (f.first?.first, f.count) {
            case (UInt8(ascii: "E"), 12):
                guard let days = RecordFile.int(f[3]), let hours = RecordFile.double(f[4]), let epoch = RecordFile.int(f[5]),
                      let commit = ObjectID(hex: String(decoding: f[6], as: UTF8.self)),
                      let papers = parseLinks(f[9]), let shipped = parseLinks(f[10]), let order = RecordFile.int(f[11]) else { return nil }
                let id = RecordFile.string(f[1])
                let tags = RecordFile.string(f[7])
                state.entries[id] = HistoryEntry(
                    id: id, kind: f[2].first == UInt8(ascii: "e") ? .entry : .plain, date: Day(daysSinceEpoch: days),
                    title: RecordFile.string(f[8]), hours: hours,
                    tags: tags.isEmpty ? [] : tags.split(separator: ",").map(String.init), papers: papers, shipped: shipped,
                    commit: commit, authoredAt: Date(timeIntervalSince1970: TimeInterval(epoch)), order: order)
            case (UInt8(ascii: "R"), 3):
                guard let days = RecordFile.int(f[1]) else { return nil }
                state.restDeclarations[Day(daysSinceEpoch: days)] = f[2].first == UInt8(ascii: "1")
            default:
                return nil
            }
        }
        return (tip, state)
    }

    static func links(_ list: [Link]) -> String {
        list.map { $0.title + unitSeparator + ($0.url ?? "") }.joined(separator: recordSeparator)
    }

    static func parseLinks(_ field: ArraySlice<UInt8>) -> [Link]? {
        guard !field.isEmpty else { return [] }
        var result: [Link] = []
        for item in RecordFile.string(field).split(separator: Character(recordSeparator), omittingEmptySubsequences: false) {
            let parts = item.split(separator: Character(unitSeparator), omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            result.append(Link(title: String(parts[0]), url: parts[1].isEmpty ? nil : String(parts[1])))
        }
        return result
    }
}

/// What the day-level reports need: hours and entries per day, rest days, papers and shipped items.
public struct HistorySummary: Sendable, Equatable {
    public var days: [Day: Activity.DayTotal] = [:]
    public var restDays: Set<Day> = []
    public var papers: [DatedLink] = []
    public var shipped: [DatedLink] = []

    /// Everything from history, or only entries tagged `tag`.
    public init(history: History, tag: String? = nil) {
        let wanted = tag.map { $0.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "# ")) }
        for entry in history.entries where wanted.map({ entry.tags.contains($0) }) ?? true {
            days[entry.date, default: Activity.DayTotal()].hours += entry.hours
            days[entry.date, default: Activity.DayTotal()].entries += 1
            papers += entry.papers.map { DatedLink(date: entry.date, link: $0) }
            shipped += entry.shipped.map { DatedLink(date: entry.date, link: $0) }
        }
        restDays = history.restDays
        papers.sort { ($0.date, $0.link.title) < ($1.date, $1.link.title) }
        shipped.sort { ($0.date, $0.link.title) < ($1.date, $1.link.title) }
    }

    /// From history's state directly: no sorting of 100,000 entries just to add them up.
    init(state: HistoryState) {
        for entry in state.entries.values {
            days[entry.date, default: Activity.DayTotal()].hours += entry.hours
            days[entry.date, default: Activity.DayTotal()].entries += 1
            papers += entry.papers.map { DatedLink(date: entry.date, link: $0) }
            shipped += entry.shipped.map { DatedLink(date: entry.date, link: $0) }
        }
        restDays = Set(state.restDeclarations.filter(\.value).keys)
        papers.sort { ($0.date, $0.link.title) < ($1.date, $1.link.title) }
        shipped.sort { ($0.date, $0.link.title) < ($1.date, $1.link.title) }
    }

    init?(records: [ArraySlice<UInt8>]) {
        for record in records {
            let f = RecordFile.fields(record)
            guard let kind = f.first?.first, f.count >= 2, let days = RecordFile.int(f[1]) else { return nil }
            let day = Day(daysSinceEpoch: days)
            switch (kind, f.count) {
            case (UInt8(ascii: "D"), 4):
                guard let hours = RecordFile.double(f[2]), let count = RecordFile.int(f[3]) else { return nil }
                self.days[day] = Activity.DayTotal(hours: hours, entries: count)
            case (UInt8(ascii: "R"), 2):
                restDays.insert(day)
            case (UInt8(ascii: "P"), 4), (UInt8(ascii: "S"), 4):
                let url = RecordFile.string(f[3])
                let item = DatedLink(date: day, link: Link(title: RecordFile.string(f[2]), url: url.isEmpty ? nil : url))
                if kind == UInt8(ascii: "P") { papers.append(item) } else { shipped.append(item) }
            default:
                return nil
            }
        }
    }

    func encoded(tip: ObjectID) -> Data {
        var writer = RecordWriter(header: "\(HistoryCache.summaryHeader) \(tip.hex)", capacity: days.count * 24)
        for (day, total) in days.sorted(by: { $0.key < $1.key }) {
            writer.field("D"); writer.field(day.daysSinceEpoch); writer.field(total.hours); writer.field(total.entries)
            writer.endRecord()
        }
        for day in restDays.sorted() {
            writer.field("R"); writer.field(day.daysSinceEpoch)
            writer.endRecord()
        }
        for (kind, list) in [("P", papers), ("S", shipped)] {
            for item in list {
                writer.field(kind); writer.field(item.date.daysSinceEpoch); writer.field(item.link.title); writer.field(item.link.url ?? "")
                writer.endRecord()
            }
        }
        return writer.finish()
    }
}

/// A paper or shipped item with the day of its entry.
public struct DatedLink: Sendable, Equatable {
    public let date: Day
    public let link: Link
}

