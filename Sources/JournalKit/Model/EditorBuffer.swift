import Foundation

/// The text a user edits for a new entry: a front-matter block of fields, then the Markdown body.
///
///     ---
///     title: Read the LoRA paper
///     hours: 1.5
///     tags: papers, llm
///     paper: LoRA <https://arxiv.org/abs/2106.09685>
///     ---
///     body...
public enum EditorBuffer {
    static let fields = ["title", "hours", "tags", "date", "paper", "shipped"]

    /// Fills template `kind` (daily, paper, shipped) with what was already given on the command line.
    public static func render(kind: String, input: EntryInput, templates: Templates) throws -> String {
        try templates.render(
            kind,
            [
                "title": input.title ?? "",
                "hours": input.hours ?? "",
                "tags": input.tags.joined(separator: ", "),
                "paper": input.papers.first ?? "",
                "shipped": input.shipped.first ?? "",
                "date": input.date ?? "",
            ])
    }

    /// Reads an edited buffer back. Fields missing from the buffer keep the values of `base`;
    /// prompt headings left with nothing under them are dropped from the body.
    public static func parse(_ text: String, base: EntryInput = EntryInput()) throws -> EntryInput {
        var result = base
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map(
            String.init)
        if lines.first?.trimmingCharacters(in: .whitespaces) == "---",
            let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" })
        {
            var papers: [String] = []
            var shipped: [String] = []
            for line in lines[1..<end] {
                guard let colon = line.firstIndex(of: ":") else {
                    if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                    throw JournalError.badInput("the entry's header has a line that is not \"field: value\": \(line)")
                }
                let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                switch key {
                case "title": result.title = value
                case "hours": result.hours = value.isEmpty ? nil : value
                case "date": result.date = value.isEmpty ? nil : value
                case "tags": result.tags = value.isEmpty ? [] : [value]
                case "paper": if !value.isEmpty { papers.append(value) }
                case "shipped": if !value.isEmpty { shipped.append(value) }
                default:
                    throw JournalError.badInput(
                        "the entry's header has an unknown field \"\(key)\"; known: \(fields.joined(separator: ", "))")
                }
            }
            result.papers = papers
            result.shipped = shipped
            lines = Array(lines[(end + 1)...])
        }
        var body = dropEmptyHeadings(lines).joined(separator: "\n")
        body = body.trimmingCharacters(in: .whitespacesAndNewlines)
        if (result.title ?? "").trimmingCharacters(in: .whitespaces).isEmpty, let first = body.split(separator: "\n").first {
            // No title field: the first line of the body is the title.
            var title = first.trimmingCharacters(in: .whitespaces)
            while title.hasPrefix("#") { title.removeFirst() }
            result.title = title.trimmingCharacters(in: .whitespaces)
            body = body.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n")
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        result.body = body
        return result
    }

    /// Whether the user wrote nothing at all.
    public static func isEmpty(_ input: EntryInput) -> Bool {
        (input.title ?? "").trimmingCharacters(in: .whitespaces).isEmpty && (input.body ?? "").isEmpty
    }

    static func dropEmptyHeadings(_ lines: [String]) -> [String] {
        var kept: [String] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if line.hasPrefix("#") {
                var next = index + 1
                while next < lines.count, lines[next].trimmingCharacters(in: .whitespaces).isEmpty { next += 1 }
                if next == lines.count || lines[next].hasPrefix("#") {
                    index = next
                    continue
                }
            }
            kept.append(line)
            index += 1
        }
        return kept
    }

    /// A buffer holding a checked entry, its date fixed, for its draft while it is committed.
    public static func serialise(_ entry: Entry) -> String {
        serialise(
            EntryInput(
                title: entry.title, body: entry.body, hours: entry.hours?.trailerValue, date: entry.date.iso,
                tags: entry.tags, papers: entry.papers.map(\.trailerValue), shipped: entry.shipped.map(\.trailerValue)))
    }

    /// A buffer holding a whole entry, for keeping it in drafts when a commit fails.
    public static func serialise(_ input: EntryInput) -> String {
        var text = "---\n"
        text += "title: \(input.title ?? "")\n"
        if let hours = input.hours { text += "hours: \(hours)\n" }
        if let date = input.date { text += "date: \(date)\n" }
        if !input.tags.isEmpty { text += "tags: \(input.tags.joined(separator: ", "))\n" }
        for paper in input.papers { text += "paper: \(paper)\n" }
        for item in input.shipped { text += "shipped: \(item)\n" }
        text += "---\n"
        if let body = input.body, !body.isEmpty { text += body + "\n" }
        return text
    }
}
