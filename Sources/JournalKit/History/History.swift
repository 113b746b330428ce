import Foundation
internal import GitKit

/// One entry as history says it is now: the newest state of its Entry-Id, or a plain-git commit
/// that touched `entries/`.
public struct HistoryEntry: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// Written by `journal` (has an Entry-Id).
        case entry
        /// A commit made by other means that touched entries/ (a hand edit, plain git).
        case plain
    }

    public let id: String
    public let kind: Kind
    public let date: Day
    public let title: String
    /// The body as the commit message holds it (a `---` line without the space the writer added).
    public internal(set) var body: String = ""
    public let hours: Double
    public let tags: [String]
    public let papers: [Link]
    public let shipped: [Link]
    let commit: ObjectID
    /// The commit that gave the entry its newest state.
    public var commitID: CommitID { CommitID(commit) }
    public let authoredAt: Date
    /// Position in history (later commits higher), for ordering entries of one day. Only its
    /// relative order means anything, so it is left out of equality.
    public internal(set) var order: Int = 0

    public static func == (a: HistoryEntry, b: HistoryEntry) -> Bool {
        a.id == b.id && a.kind == b.kind && a.date == b.date && a.title == b.title && a.body == b.body && a.hours == b.hours
            && a.tags == b.tags
            && a.papers == b.papers && a.shipped == b.shipped && a.commit == b.commit && a.authoredAt == b.authoredAt
    }
}

/// History after some commits: the newest state of each entry and each declared rest day.
struct HistoryState: Equatable {
    var entries: [String: HistoryEntry] = [:]
    var restDeclarations: [Day: Bool] = [:]
    /// How many entry events were applied: the next entry's `order`.
    var applied = 0

    /// Entries in the order a whole read decides them: the newest state first.
    var newestFirst: [HistoryEntry] {
        entries.values.sorted { $0.order > $1.order }
    }

    mutating func apply(_ event: HistoryEvent) {
        switch event {
        case .entry(var entry):
            entry.order = applied
            applied += 1
            entries[entry.id] = entry
        case .deleteEntry(let id): entries[id] = nil
        case .rest(let day, let declared): restDeclarations[day] = declared
        case .handEdit, .settingsChanged: break
        }
    }
}

/// What takes the decided history, entry by entry, from `NewestFirstReplay`.
protocol HistoryConsumer {
    /// The newest state of an entry (its `order` set: later commits higher).
    mutating func take(_ entry: HistoryEntry)
    mutating func takeRest(_ day: Day, declared: Bool)
}

/// Builds history from commits taken newest first (children before parents): the first word on
/// an entry or a rest day is the newest and wins; older ones are skipped as they come.
///
/// Every entry event is counted, the skipped ones too, so an entry's `order` is the place of its
/// winning event among all entry events of history. Read newest first, the count runs down from
/// 0; `shift` (the number of events less one) turns it into the place counted from the oldest,
/// which commits added later never change (docs/ARCHITECTURE.md, "The history cache").
struct NewestFirstReplay<Consumer: HistoryConsumer> {
    var consumer: Consumer
    private var decided = Set<String>()
    private var decidedRest = Set<Day>()
    private var nextOrder = 0

    init(_ consumer: Consumer) { self.consumer = consumer }

    /// How many entry events were applied.
    var entryEvents: Int { -nextOrder }

    /// What turns the orders handed out (0, -1, -2, …) into places from the oldest event.
    var shift: Int { max(0, entryEvents - 1) }

    /// The events of one commit, in the order the commit states them.
    mutating func apply(_ events: [HistoryEvent]) {
        for event in events.reversed() {
            switch event {
            case .entry(var entry):
                let order = nextOrder
                nextOrder -= 1
                guard decided.insert(entry.id).inserted else { continue }
                entry.order = order
                consumer.take(entry)
            case .deleteEntry(let id):
                decided.insert(id)
            case .rest(let day, let declared):
                guard decidedRest.insert(day).inserted else { continue }
                consumer.takeRest(day, declared: declared)
            case .handEdit, .settingsChanged:
                continue
            }
        }
    }
}

/// Collects the decided history as a `HistoryState`, its orders counted from the oldest event.
struct StateConsumer: HistoryConsumer {
    var state = HistoryState()

    mutating func take(_ entry: HistoryEntry) { state.entries[entry.id] = entry }
    mutating func takeRest(_ day: Day, declared: Bool) { state.restDeclarations[day] = declared }

    /// Moves the orders handed out newest first (0, -1, …) up by `shift` and counts `events`.
    mutating func finish(events: Int, shift: Int) {
        for id in state.entries.keys { state.entries[id]!.order += shift }
        state.applied = events
    }
}

/// Reads entries and rest days from commit history: the statistics' only source.
public struct History {
    /// Entries, newest first (by day, then by position in history).
    public let entries: [HistoryEntry]
    /// Days declared as rest days with `journal rest`.
    public let restDays: Set<Day>
    /// Days whose newest word is `Rest-Day-Cancelled` (a planned rest weekday among them is an ordinary day).
    public let cancelledRestDays: Set<Day>

    init(state: HistoryState) {
        entries = state.entries.values.sorted { ($0.date, $0.order) > ($1.date, $1.order) }
        restDays = Set(state.restDeclarations.filter(\.value).keys)
        cancelledRestDays = Set(state.restDeclarations.filter { !$0.value }.keys)
    }

    /// Reads the whole history from HEAD, without the cache.
    static func read(_ repository: Repository) throws -> History {
        History(state: try replayAll(repository))
    }

    /// Entries between `since` and `until` (inclusive) with `tag`, newest first.
    public func filtered(since: Day? = nil, until: Day? = nil, tag: String? = nil) -> [HistoryEntry] {
        let wanted = tag.map { $0.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "# ")) }
        return entries.filter { entry in
            if let since, entry.date < since { return false }
            if let until, entry.date > until { return false }
            if let wanted, !entry.tags.contains(wanted) { return false }
            return true
        }
    }
}
