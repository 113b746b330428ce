import Foundation

/// Human and JSON views of entries read from history.
public enum EntryListing {
    /// One line an entry: short id, date, hours, title, tags, with papers and shipped items beneath.
    public static func text(_ entries: [HistoryEntry], shortIDs: ShortIDs, style: TerminalStyle) -> String {
        var out = ""
        text(entries, shortIDs: shortIDs, style: style) { out += $0 }
        return out
    }

    /// The same lines, handed to `write` in pieces of about 64 KiB.
    public static func text(_ entries: [HistoryEntry], shortIDs: ShortIDs, style: TerminalStyle, write: (String) -> Void) {
        var out = ""
        for entry in entries {
            let hours = entry.hours > 0 ? Hours.format(entry.hours) + " h" : "-"
            let id = shortIDs.short(entry.id)
            var line = style.yellow(id.padding(toLength: max(ShortIDs.minimumLength, id.count), withPad: " ", startingAt: 0)) + "  "
            line +=
                "\(style.dim(entry.date.iso))  \(style.cyan(hours.padding(toLength: max(6, hours.count), withPad: " ", startingAt: 0)))  \(entry.title)"
            if !entry.tags.isEmpty { line += "  " + style.yellow(entry.tags.map { "#" + $0 }.joined(separator: " ")) }
            out += line + "\n"
            let indent = String(repeating: " ", count: max(ShortIDs.minimumLength, id.count) + 22)
            for paper in entry.papers { out += indent + "paper: \(paper.trailerValue)\n" }
            for item in entry.shipped { out += indent + style.green("shipped: \(item.trailerValue)") + "\n" }
            if out.utf8.count > 1 << 16 {
                write(out)
                out = ""
            }
        }
        write(out)
    }

    struct JSONEntry: Encodable {
        let id: String
        let short_id: String
        let kind: String
        let date: String
        let title: String
        let body: String
        /// Null for an entry without hours.
        let hours: Double?
        let tags: [String]
        let papers: [JSONLink]
        let shipped: [JSONLink]
        let commit: String
        let authored_at: String

        enum CodingKeys: String, CodingKey { case id, short_id, kind, date, title, body, hours, tags, papers, shipped, commit, authored_at }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            for (key, value) in [(CodingKeys.id, id), (.short_id, short_id), (.kind, kind), (.date, date), (.title, title), (.body, body)] {
                try c.encode(value, forKey: key)
            }
            try c.encode(hours, forKey: .hours)  // null, not left out
            try c.encode(tags, forKey: .tags)
            try c.encode(papers, forKey: .papers)
            try c.encode(shipped, forKey: .shipped)
            try c.encode(commit, forKey: .commit)
            try c.encode(authored_at, forKey: .authored_at)
        }
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
    public static func json(_ entries: [HistoryEntry], shortIDs: ShortIDs) throws -> String {
        var out = ""
        try json(entries, shortIDs: shortIDs) { out += $0 }
        return out
    }

    /// The same JSON, handed to `write` in pieces, so 100,000 entries are never one string in
    /// memory. Laid out as `JSONOutput` lays out the whole.
    public static func json(_ entries: [HistoryEntry], shortIDs: ShortIDs, write: (String) throws -> Void) throws {
        guard !entries.isEmpty else { return try write(JSONOutput.encode(["entries": [JSONEntry]()])) }
        let iso = ISO8601DateFormatter()
        let encoder = JSONOutput.encoder()
        try write("{\n  \"entries\" : [\n")
        var chunk = ""
        for (index, e) in entries.enumerated() {
            let row = JSONEntry(
                id: e.id, short_id: shortIDs.short(e.id), kind: e.kind.rawValue, date: e.date.iso, title: e.title, body: e.body,
                hours: e.hours > 0 ? Hours.json(e.hours) : nil, tags: e.tags, papers: jsonLinks(e.papers), shipped: jsonLinks(e.shipped),
                commit: e.commit.hex,
                authored_at: iso.string(from: e.authoredAt))
            let text = JSONOutput.compactingEmpty(String(decoding: try encoder.encode(row), as: UTF8.self))
            // Two levels deeper, as inside the whole.
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
        compactingEmpty(String(decoding: try encoder().encode(value), as: UTF8.self)) + "\n"
    }

    /// Writes an empty array or object as `[]` or `{}` (the encoder spreads them over lines).
    /// A JSON string never holds a raw line break, so only the layout is touched.
    static func compactingEmpty(_ json: String) -> String {
        let bytes = Array(json.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var inString = false
        var escaped = false
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            out.append(c)
            i += 1
            if inString {
                if escaped {
                    escaped = false
                } else if c == UInt8(ascii: "\\") {
                    escaped = true
                } else if c == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            if c == UInt8(ascii: "\"") {
                inString = true
            } else if c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
                var j = i
                while j < bytes.count && (bytes[j] == 0x20 || bytes[j] == 0x0A) { j += 1 }
                let close = c == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: "}")
                if j < bytes.count && bytes[j] == close {
                    out.append(close)
                    i = j + 1
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
