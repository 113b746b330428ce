import Foundation

/// Human and JSON views of entries read from history.
public enum EntryListing {
    /// One line an entry: date, hours, title, tags, with papers and shipped items beneath.
    public static func text(_ entries: [HistoryEntry], style: TerminalStyle) -> String {
        var out = ""
        for entry in entries {
            let hours = entry.hours > 0 ? Hours.format(entry.hours) + " h" : "-"
            var line = "\(style.dim(entry.date.iso))  \(style.cyan(hours.padding(toLength: max(6, hours.count), withPad: " ", startingAt: 0)))  \(entry.title)"
            if !entry.tags.isEmpty { line += "  " + style.yellow(entry.tags.map { "#" + $0 }.joined(separator: " ")) }
            out += line + "\n"
            for paper in entry.papers { out += "                    paper: \(paper.trailerValue)\n" }
            for item in entry.shipped { out += "                    " + style.green("shipped: \(item.trailerValue)") + "\n" }
        }
        return out
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
        let iso = ISO8601DateFormatter()
        let rows = entries.map { e in
            JSONEntry(id: e.id, kind: e.kind.rawValue, date: e.date.iso, title: e.title, hours: (e.hours * 100).rounded() / 100,
                      tags: e.tags, papers: jsonLinks(e.papers), shipped: jsonLinks(e.shipped), commit: e.commit.hex,
                      authored_at: iso.string(from: e.authoredAt))
        }
        return try JSONOutput.encode(["entries": rows])
    }
}

/// Stable, pretty, key-sorted JSON for `--json`.
public enum JSONOutput {
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
