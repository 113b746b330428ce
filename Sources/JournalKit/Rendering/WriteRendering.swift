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
}
