import Foundation

/// What the writing commands print: `add`, `recover`, `show`, `edit` and `rest`.
public enum WriteRendering {
    /// `journal add --json`: `hours` is null when none was given.
    public static func json(_ written: WrittenEntry) throws -> String {
        struct Row: Encodable {
            let id, date, title, commit, file: String
            let hours: Double?
            let tags: [String]

            enum CodingKeys: String, CodingKey { case id, date, title, commit, file, hours, tags }

            func encode(to encoder: Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                for (key, value) in [(CodingKeys.id, id), (.date, date), (.title, title), (.commit, commit), (.file, file)] {
                    try container.encode(value, forKey: key)
                }
                try container.encode(hours, forKey: .hours)  // null, not left out
                try container.encode(tags, forKey: .tags)
            }
        }
        let entry = written.entry
        return try JSONOutput.encode(
            Row(
                id: entry.id, date: entry.date.iso, title: entry.title, commit: written.commit.hex, file: written.dayFile,
                hours: entry.hours.map { Hours.json($0.value) }, tags: entry.tags))
    }

    public static func text(_ written: WrittenEntry, style: TerminalStyle) -> String {
        let entry = written.entry
        var line = "Added \"\(entry.title)\" to \(entry.date.iso)"
        if let hours = entry.hours { line += " (\(hours) h)" }
        return line + style.dim("  [\(written.commit.short)]") + "\n"
    }

    /// What stderr says beside a written entry: a warning, and hand edits that rode along.
    public static func notes(_ written: WrittenEntry) -> [String] {
        var notes: [String] = []
        if let warning = written.warning { notes.append(warning) }
        if !written.handEdits.isEmpty { notes.append("also committed your edits to \(written.handEdits.joined(separator: ", "))") }
        notes += written.entryChanges.map { "your edits \($0)" }
        return notes
    }

    /// `journal recover --json`.
    public static func json(_ recovery: Journal.Recovery) throws -> String {
        struct Row: Encodable {
            let committed: [String]
            let already_committed: [String]
            let kept: [[String: String]]
        }
        return try JSONOutput.encode(
            Row(
                committed: recovery.committed.map(\.entry.id), already_committed: recovery.alreadyCommitted,
                kept: recovery.kept.map { ["path": $0.path, "reason": $0.reason] }))
    }

    public static func text(_ recovery: Journal.Recovery, style: TerminalStyle) -> String {
        var out = ""
        for written in recovery.committed {
            out += "Recovered \"\(written.entry.title)\" on \(written.entry.date.iso)" + style.dim("  [\(written.commit.short)]") + "\n"
        }
        if !recovery.alreadyCommitted.isEmpty {
            out += "Removed \(recovery.alreadyCommitted.count) draft(s) whose entries were already committed\n"
        }
        if recovery.committed.isEmpty && recovery.alreadyCommitted.isEmpty && recovery.kept.isEmpty {
            out += "Nothing to recover\n"
        }
        return out
    }

    /// `journal show --json`: `markdown` is null for a day with no file.
    public static func showJSON(day: Day, markdown: String?) throws -> String {
        struct Row: Encodable {
            let date: String
            let file: String
            let markdown: String?

            enum CodingKeys: String, CodingKey { case date, file, markdown }

            func encode(to encoder: Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(date, forKey: .date)
                try container.encode(file, forKey: .file)
                try container.encode(markdown, forKey: .markdown)
            }
        }
        return try JSONOutput.encode(Row(date: day.iso, file: Journal.dayFile(day), markdown: markdown))
    }

    /// `journal amend --json` and `journal delete --json`: the entry's id, its new state (`null`
    /// fields after a deletion) and the commit.
    public static func json(_ revision: EntryRevision) throws -> String {
        struct Row: Encodable {
            let id: String, commit: String, deleted: Bool
            let date: String?, title: String?, hours: Double?, tags: [String]?

            enum CodingKeys: String, CodingKey { case id, commit, deleted, date, title, hours, tags }

            func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(id, forKey: .id)
                try c.encode(commit, forKey: .commit)
                try c.encode(deleted, forKey: .deleted)
                try c.encode(date, forKey: .date)
                try c.encode(title, forKey: .title)
                try c.encode(hours, forKey: .hours)
                try c.encode(tags, forKey: .tags)
            }
        }
        let after = revision.after
        return try JSONOutput.encode(
            Row(
                id: revision.before.id, commit: revision.commit.hex, deleted: after == nil, date: after?.date.iso, title: after?.title,
                hours: after?.hours.map { ($0.value * 100).rounded() / 100 }, tags: after?.tags))
    }

    public static func text(_ revision: EntryRevision, style: TerminalStyle) -> String {
        guard let after = revision.after else {
            return "Deleted \"\(revision.before.title)\" of \(revision.before.date.iso)" + style.dim("  [\(revision.commit.short)]") + "\n"
        }
        var line = "Amended \"\(after.title)\" of \(after.date.iso)"
        if after.date != revision.before.date { line += " (moved from \(revision.before.date.iso))" }
        if let hours = after.hours { line += " (\(hours) h)" }
        return line + style.dim("  [\(revision.commit.short)]") + "\n"
    }

    /// `journal check --json`: `{"ok", "disagreements": [{"file", "entry", "what"}]}`.
    public static func json(_ found: [Disagreement]) throws -> String {
        struct Item: Encodable {
            let file: String, entry: String?, what: String

            enum CodingKeys: String, CodingKey { case file, entry, what }

            func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(file, forKey: .file)
                try c.encode(entry, forKey: .entry)
                try c.encode(what, forKey: .what)
            }
        }
        struct Row: Encodable { let ok: Bool, disagreements: [Item] }
        return try JSONOutput.encode(
            Row(ok: found.isEmpty, disagreements: found.map { Item(file: $0.file, entry: $0.entry, what: $0.what) }))
    }

    public static func text(_ found: [Disagreement]) -> String {
        guard !found.isEmpty else { return "The day files and history agree\n" }
        return found.map { "\($0.file): \($0.what)" + ($0.entry.map { " [\($0.prefix(ShortIDs.minimumLength + 2))]" } ?? "") + "\n" }
            .joined()
    }
}
