import Foundation
internal import GitKit

/// What one commit says to the journal's history, in the order the commit states it.
enum HistoryEvent: Equatable {
    /// An entry's state as this commit leaves it: written, corrected (its Entry-Id again; the
    /// newest state wins), or a plain-git commit's activity (kind `.plain`).
    case entry(HistoryEntry)
    /// `Entry-Deleted: yes`: the entry counts nowhere from here on.
    case deleteEntry(String)
    /// `Rest-Day` (declared) or `Rest-Day-Cancelled`: the newest word on a day wins.
    case rest(Day, declared: Bool)
    /// Day files edited by hand and committed by journal (`Hand-Edits`): no entry, no activity.
    case handEdit
    /// A commit that changed `.journal/config` and no day file: no activity.
    case settingsChanged
}

/// The one reading of a commit as history (docs/PROTOCOL.md): the whole read of history and
/// the incremental update of the cache both call it, so they cannot disagree.
enum CommitEvents {
    /// The events of `commit`: an Entry-Id commit sets or deletes that entry; a commit without one
    /// counts as activity when it is not a merge, not a hand-edit commit, and changes `entries/`
    /// (on its Entry-Date, else its author date in the author's own UTC offset). Rest days come
    /// first, as the commit declares them.
    static func of(_ commit: ScannedCommit, message: CommitMessage, in repository: Repository) throws -> [HistoryEvent] {
        let facts = try CommitProtocol.read(message)
        var events =
            facts.restDays.map { HistoryEvent.rest($0, declared: true) }
            + facts.cancelledRestDays.map { HistoryEvent.rest($0, declared: false) }
        if let id = facts.entryID {
            events.append(facts.deleted ? .deleteEntry(id) : .entry(entry(id: id, kind: .entry, facts: facts, commit: commit)))
        } else if facts.handEdits {
            events.append(.handEdit)
        } else if facts.review {
            // A saved review (`Review: 2026-W48`, docs/PROTOCOL.md): a document, not an entry.
        } else if commit.isMerge {
            // A merge brings in what its parents did; it does nothing itself.
        } else if try changes("entries", commit, in: repository) {
            events.append(.entry(entry(id: commit.id.hex, kind: .plain, facts: facts, commit: commit)))
        } else if facts.restDays.isEmpty && facts.cancelledRestDays.isEmpty, try changes(Journal.configPath, commit, in: repository) {
            events.append(.settingsChanged)
        }
        return events
    }

    /// Whether a commit changed `path` against its first parent (or, as a root, has it at all).
    static func changes(_ path: String, _ commit: ScannedCommit, in repository: Repository) throws -> Bool {
        let mine = try repository.treeEntryID(tree: commit.treeID, path: path)
        guard let parent = commit.firstParentID else { return mine != nil }
        return try repository.treeEntryID(commit: parent, path: path) != mine
    }

    /// An entry from a commit: its day is its Entry-Date, else the author date in the author's own offset.
    static func entry(id: String, kind: HistoryEntry.Kind, facts: CommitFacts, commit: ScannedCommit) -> HistoryEntry {
        let authored = Date(timeIntervalSince1970: TimeInterval(commit.authorTime))
        return HistoryEntry(
            id: id, kind: kind, date: facts.entryDate ?? Day(authored, offsetMinutes: commit.authorOffsetMinutes),
            title: facts.title, body: facts.body, hours: facts.hours, tags: facts.tags, papers: facts.papers, shipped: facts.shipped,
            commit: commit.id, authoredAt: authored)
    }
}
