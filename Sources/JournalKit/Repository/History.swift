import Foundation
import GitKit

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
    public let hours: Double
    public let tags: [String]
    public let papers: [Link]
    public let shipped: [Link]
    public let commit: String
    public let authoredAt: Date
    /// Position in history (later commits higher), for ordering entries of one day.
    public internal(set) var order: Int = 0
}

/// What one commit says to history, applied oldest first.
enum HistoryEvent: Equatable {
    case entry(HistoryEntry)
    case deleteEntry(String)
    case rest(Day, declared: Bool)
}

/// History after some commits: the newest state of each entry and each declared rest day.
struct HistoryState: Equatable {
    var entries: [String: HistoryEntry] = [:]
    var restDeclarations: [Day: Bool] = [:]
    /// How many entry events were applied: the next entry's `order`.
    var applied = 0

    mutating func apply(_ event: HistoryEvent) {
        switch event {
        case .entry(var entry):
            entry.order = applied
            applied += 1
            entries[entry.id] = entry
        case .deleteEntry(let id): entries[id] = nil
        case .rest(let day, let declared): restDeclarations[day] = declared
        }
    }
}

/// Reads entries and rest days from commit history: the statistics' only source.
public struct History {
    /// Entries, newest first (by day, then by position in history).
    public let entries: [HistoryEntry]
    /// Days declared as rest days with `journal rest`.
    public let restDays: Set<Day>

    init(state: HistoryState) {
        entries = state.entries.values.sorted { ($0.date, $0.order) > ($1.date, $1.order) }
        restDays = Set(state.restDeclarations.filter(\.value).keys)
    }

    /// Reads the whole history from HEAD, without the cache.
    public static func read(_ repository: Repository) throws -> History {
        History(state: try replay(repository, from: nil, onto: HistoryState()))
    }

    /// Applies the commits reachable from HEAD but not from `base` to `state`, oldest first.
    static func replay(_ repository: Repository, from base: ObjectID?, onto state: HistoryState) throws -> HistoryState {
        guard let head = try repository.headCommitID() else { return HistoryState() }
        var perCommit: [[HistoryEvent]] = []
        do {
            try repository.walkCommits(from: head, hiding: base) { id in
                let events = try self.events(of: repository.commit(id), in: repository)
                if !events.isEmpty { perCommit.append(events) }
                return true
            }
        } catch let error as GitError {
            throw JournalError.journal("cannot read the journal's history: \(error.message)")
        }
        var state = state
        for events in perCommit.reversed() {
            for event in events { state.apply(event) }
        }
        return state
    }

    /// The commit protocol read as history: an Entry-Id commit sets or deletes that entry; a commit
    /// without one counts when it is not a merge and changes `entries/`, on its Entry-Date, else on
    /// its author date in the author's own UTC offset.
    static func events(of commit: Commit, in repository: Repository) throws -> [HistoryEvent] {
        let facts = try CommitProtocol.read(message: commit.message)
        var events: [HistoryEvent] = facts.restDays.map { .rest($0, declared: true) }
            + facts.cancelledRestDays.map { .rest($0, declared: false) }
        let id: String
        let kind: HistoryEntry.Kind
        if let explicit = facts.entryID {
            if facts.deleted { return events + [.deleteEntry(explicit)] }
            id = explicit
            kind = .entry
        } else {
            guard commit.parentIDs.count <= 1, try touchesEntries(commit, in: repository) else { return events }
            id = commit.id.hex
            kind = .plain
        }
        let date = facts.entryDate ?? Day(commit.author.date, offsetMinutes: commit.author.offsetMinutes)
        events.append(.entry(HistoryEntry(
            id: id, kind: kind, date: date, title: facts.title, hours: facts.hours, tags: facts.tags,
            papers: facts.papers, shipped: facts.shipped, commit: commit.id.hex, authoredAt: commit.author.date)))
        return events
    }

    static func touchesEntries(_ commit: Commit, in repository: Repository) throws -> Bool {
        let mine = try repository.treeEntryID(tree: commit.treeID, path: "entries")
        guard let parent = commit.parentIDs.first else { return mine != nil }
        return try repository.treeEntryID(commit: parent, path: "entries") != mine
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
