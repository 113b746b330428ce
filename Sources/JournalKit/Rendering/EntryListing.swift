import Foundation

/// Human and JSON views of entries read from history.
public enum EntryListing {
    /// One line an entry: date, hours, title, tags, with papers and shipped items beneath.
    public static func text(_ entries: [HistoryEntry], style: TerminalStyle) -> String {
        var out = ""
        text(entries, style: style) { out += $0 }
        return out
    }

    /// The same lines, handed to `write` in pieces of about 64 KiB.
    public static func text(_ entries: [HistoryEntry], style: TerminalStyle, write: (String) -> Void) {
        var out = ""
        for entry in entries {
            let hours = entry.hours > 0 ? Hours.format(entry.hours) + " h" : "-"
            var line =
                "\(style.dim(entry.date.iso))  \(style.cyan(hours.padding(toLength: max(6, hours.count), withPad: " ", startingAt: 0)))  \(entry.title)"
            if !entry.tags.isEmpty { line += "  " + style.yellow(entry.tags.map { "#" + $0 }.joined(separator: " ")) }
            out += line + "\n"
            for paper in entry.papers { out += "                    paper: \(paper.trailerValue)\n" }
            for item in entry.shipped { out += "                    " + style.green("shipped: \(item.trailerValue)") + "\n" }
            if out.utf8.count > 1 << 16 {
                write(out)
                out = ""
            }
        }
        write(out)
    }

    struct JSONEntry: Encodable {
        let id: String
        let kind: String
        let date: String
        let title: String
        let hours: Double
        let tags: [String]
        let papers: [JSONLink]
        let shipped: [JSONLink]
        let commit: String
        let authored_at: String
    }

    struct JSONLink: Encodable {
        let title: String
        let url: String?

        enum CodingKeys: String, CodingKey { case title, url }

        // `url` is written as null when absent, as the README documents.
        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(title, forKey: .title)
            try container.encode(url, forKey: .url)
        }
    }

    static func jsonLinks(_ links: [Link]) -> [JSONLink] { links.map { JSONLink(title: $0.title, url: $0.url) } }

    /// `{"entries": [...]}`, keys documented in the README.
    public static func json(_ entries: [HistoryEntry]) throws -> String {
        var out = ""
        try json(entries) { out += $0 }
        return out
    }

    /// The same JSON, handed to `write` in pieces, so 100,000 entries are never one string in
    /// memory. Laid out as `JSONOutput` lays out the whole.
    public static func json(_ entries: [HistoryEntry], write: (String) throws -> Void) throws {
        guard !entries.isEmpty else { return try write(JSONOutput.encode(["entries": [JSONEntry]()])) }
        let iso = ISO8601DateFormatter()
        let encoder = JSONOutput.encoder()
        try write("{\n  \"entries\" : [\n")
        var chunk = ""
        for (index, e) in entries.enumerated() {
            let row = JSONEntry(
                id: e.id, kind: e.kind.rawValue, date: e.date.iso, title: e.title, hours: (e.hours * 100).rounded() / 100,
                tags: e.tags, papers: jsonLinks(e.papers), shipped: jsonLinks(e.shipped), commit: e.commit.hex,
                authored_at: iso.string(from: e.authoredAt))
            let text = String(decoding: try encoder.encode(row), as: UTF8.self)
            // Two levels deeper, as inside the whole; the empty line of an empty array stays empty.
            chunk += text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? "" : "    " + $0 }.joined(separator: "\n")
            chunk += index == entries.count - 1 ? "\n" : ",\n"
            if chunk.utf8.count > 1 << 16 {
                try write(chunk)
                chunk = ""
            }
        }
        try write(chunk + "  ]\n}\n")
    }
}

/// Stable, pretty, key-sorted JSON for `--json`.
public enum JSONOutput {
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder().encode(value), as: UTF8.self) + "\n"
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
