import Foundation

/// What a section of a day file says about its entry, read as the built-in `entry.md` writes it:
///
///     ## Title <!-- entry:ID -->
///     10:01 · 1.5 h · #papers #llm
///
///     - Paper: [LoRA](https://arxiv.org/abs/2106.09685)
///     - Shipped: [RAG demo](https://example.org/rag)
///
///     The body, any Markdown (its own headings are ### and below).
///
/// A section written by hand may leave out the header line, or write only hours and tags in it.
struct SectionFields: Equatable {
    var title: String
    var time: String?
    var hours: Hours?
    var tags: [String] = []
    var papers: [Link] = []
    var shipped: [Link] = []
    var body: String = ""

    init(title: String, hours: Hours?, tags: [String], papers: [Link], shipped: [Link], body: String) {
        self.title = title
        self.hours = hours
        self.tags = tags
        self.papers = papers
        self.shipped = shipped
        self.body = body
    }

    /// The fields of `section`; a header line that does not read as one is taken as body text.
    init(_ section: DaySections.Section) {
        title = section.title
        var lines = section.text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
        if let first = lines.first, let header = SectionFields.header(first) {
            time = header.time
            hours = header.hours
            tags = header.tags
            lines = lines.dropFirst()
        }
        while let line = lines.first, line.trimmingCharacters(in: .whitespaces).isEmpty { lines = lines.dropFirst() }
        while let line = lines.first, let (kind, link) = SectionFields.linkLine(line) {
            if kind == "Paper" { papers.append(link) } else { shipped.append(link) }
            lines = lines.dropFirst()
        }
        while let line = lines.first, line.trimmingCharacters(in: .whitespaces).isEmpty { lines = lines.dropFirst() }
        body = DaySections.joined(Array(lines))
    }

    /// The fields an entry in history should show in its section.
    init(entry: HistoryEntry, body: String) {
        self.init(
            title: entry.title, hours: entry.hours > 0 ? Hours(minutes: entry.hours * 60) : nil, tags: entry.tags,
            papers: entry.papers, shipped: entry.shipped, body: SectionFields.dayFileBody(body))
    }

    /// Whether two readings agree on everything an entry records (the time of day is not one).
    func sameEntry(as other: SectionFields) -> Bool {
        title == other.title && Hours.format(hours?.value ?? 0) == Hours.format(other.hours?.value ?? 0) && tags == other.tags
            && papers == other.papers && shipped == other.shipped
            && body.trimmingCharacters(in: .whitespacesAndNewlines) == other.body.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `10:01 · 1.5 h · #papers #llm`, or any part of it: time, hours (`1.5 h`, `90m`, `1h30m`),
    /// tags. Nil when the line is anything else.
    static func header(_ line: Substring) -> (time: String?, hours: Hours?, tags: [String])? {
        let parts = line.components(separatedBy: " · ").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        var time: String?
        var hours: Hours?
        var tags: [String] = []
        for part in parts {
            if time == nil, hours == nil, tags.isEmpty, isTime(part) {
                time = part
            } else if hours == nil, tags.isEmpty, let parsed = hoursValue(part) {
                hours = parsed
            } else if tags.isEmpty, part.hasPrefix("#") {
                let words = part.split(separator: " ")
                guard words.allSatisfy({ $0.hasPrefix("#") && $0.count > 1 }) else { return nil }
                guard let normalised = try? Entry.normaliseTags(words.map(String.init)) else { return nil }
                tags = normalised
            } else {
                return nil
            }
        }
        return (time, hours, tags)
    }

    static func isTime(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 5, bytes[2] == UInt8(ascii: ":") else { return false }
        return [0, 1, 3, 4].allSatisfy { bytes[$0] >= 0x30 && bytes[$0] <= 0x39 }
    }

    static func hoursValue(_ text: String) -> Hours? {
        var value = text
        if value.hasSuffix(" h") { value.removeLast(2) }
        guard let first = value.first, first.isNumber || first == "." else { return nil }
        return try? Hours(parsing: value)
    }

    /// `- Paper: [Title](url)` or `- Shipped: Title`.
    static func linkLine(_ line: Substring) -> (String, Link)? {
        for kind in ["Paper", "Shipped"] where line.hasPrefix("- \(kind): ") {
            let value = String(line.dropFirst(kind.count + 4)).trimmingCharacters(in: .whitespaces)
            guard !value.isEmpty else { return nil }
            if value.hasPrefix("["), value.hasSuffix(")"), let middle = value.range(of: "](", options: .backwards) {
                let title = LinkText.unescape(String(value[value.index(after: value.startIndex)..<middle.lowerBound]))
                let url = String(value[middle.upperBound..<value.index(before: value.endIndex)])
                return (kind, Link(title: title, url: url))
            }
            return (kind, (try? Link(parsing: LinkText.unescape(value), option: kind)) ?? Link(title: value, url: nil))
        }
        return nil
    }

    /// A body as a day file shows it: its own `#` and `##` headings one level below the entry's
    /// (`###`), so that no line of a body can start another section.
    static func dayFileBody(_ body: String) -> String {
        body.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            if line.hasPrefix("## ") || line == "##" { return "#" + line }
            if line.hasPrefix("# ") || line == "#" { return "##" + line }
            return String(line)
        }.joined(separator: "\n")
    }
}

/// Link text in a day file: brackets escaped so `[a [b] c](url)` stays one link.
enum LinkText {
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            if character == "[" || character == "]" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out
    }

    static func unescape(_ text: String) -> String {
        var out = ""
        var escaped = false
        for character in text {
            if escaped || character != "\\" {
                out.append(character)
                escaped = false
            } else {
                escaped = true
            }
        }
        return out
    }
}
