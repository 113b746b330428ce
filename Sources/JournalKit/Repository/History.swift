import Foundation
import GitKit

/// One entry as history says it is now: the newest state of its Entry-Id, or a plain-git commit
/// that touched `entries/`.
public struct HistoryEntry: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
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
    /// When the commit was authored (seconds since 1970), for ordering entries of one day.
    public let authoredAt: Date
}

/// Reads entries from commit history: the statistics' only source.
public struct History {
    public let entries: [HistoryEntry]

    /// Walks from HEAD, newest first. An Entry-Id's newest commit wins; `Entry-Deleted: yes` removes
    /// it. A commit without an Entry-Id counts when it is not a merge and changes `entries/`; its day
    /// is its Entry-Date, else its author date in the author's own UTC offset.
    public static func read(_ repository: Repository) throws -> History {
        guard let head = try repository.headCommitID() else { return History(entries: []) }
        var seen = Set<String>()
        var result: [HistoryEntry] = []
        do {
            try repository.walkCommits(from: head) { id in
                let commit = try repository.commit(id)
                let facts = try CommitProtocol.read(message: commit.message)
                let entryID: String
                let kind: HistoryEntry.Kind
                if let explicit = facts.entryID {
                    entryID = explicit
                    kind = .entry
                } else {
                    guard commit.parentIDs.count <= 1, try touchesEntries(commit, in: repository) else { return true }
                    entryID = commit.id.hex
                    kind = .plain
                }
                guard seen.insert(entryID).inserted, !facts.deleted else { return true }
                let date = facts.entryDate ?? Day(commit.author.date, offsetMinutes: commit.author.offsetMinutes)
                result.append(HistoryEntry(
                    id: entryID, kind: kind, date: date, title: facts.title, hours: facts.hours, tags: facts.tags,
                    papers: facts.papers, shipped: facts.shipped, commit: commit.id.hex, authoredAt: commit.author.date))
                return true
            }
        } catch let error as GitError {
            throw JournalError.journal("cannot read the journal's history: \(error.message)")
        }
        result.sort { ($0.date, $0.authoredAt) > ($1.date, $1.authoredAt) }
        return History(entries: result)
    }

    static func touchesEntries(_ commit: Commit, in repository: Repository) throws -> Bool {
        let mine = try repository.treeEntryID(commit: commit.id, path: "entries")
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
