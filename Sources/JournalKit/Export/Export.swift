import Foundation
internal import GitKit

/// The formats `journal export` writes.
public enum ExportFormat: String, CaseIterable, Sendable {
    /// Every entry with all its fields; `journal import --from journal` reads it back.
    case json
    /// jrnl's own journal file format, the one `jrnl --import` reads (jrnl 4.6 imports no JSON).
    case jrnl
    /// jrnl's `--export json` format, which `journal import --from jrnl` reads.
    case jrnlJSON = "jrnl-json"
    /// One Markdown document, a heading per day.
    case markdown
    /// One row per entry (date, title, hours, tags, papers, shipped), RFC 4180 quoting.
    case csv
}

extension Journal {
    /// `journal export`: the entries within the days and tag given, oldest first, handed to `write`
    /// entry by entry in pieces of about 64 KiB (the output is never one string in memory).
    /// Times of day are in `timeZone`.
    public func export(
        _ format: ExportFormat, since: Day?, until: Day?, tag: String?, timeZone: TimeZone, write: (String) throws -> Void
    ) throws {
        let wanted = tag.map { $0.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "# ")) }
        try translatingGitErrors("cannot read the journal's history", as: JournalError.journal) {
            try withoutActuallyEscaping(write) { write in
                var writer = ChunkedWriter(write: write)
                // Each entry is built from the history cache as the writer asks for the next one.
                let entries = CacheEntries(repository: repository) { entry in
                    if let since, entry.date < since { return false }
                    if let until, entry.date > until { return false }
                    if let wanted, !entry.tags.contains(wanted) { return false }
                    return true
                }
                switch format {
                case .json: try JournalExport.write(entries, to: &writer)
                case .jrnl: try JrnlExportWriter.writeText(entries, timeZone: timeZone, to: &writer)
                case .jrnlJSON: try JrnlExportWriter.write(entries, timeZone: timeZone, to: &writer)
                case .markdown: try MarkdownExport.write(entries, timeZone: timeZone, to: &writer)
                case .csv: try CSVExport.write(entries, to: &writer)
                }
                try writer.flush()
            }
        }
    }
}

/// The entries of the history cache that `include` accepts, oldest first, built one at a time.
struct CacheEntries {
    let repository: Repository
    let include: (HistoryEntry) -> Bool

    func visit(_ body: (HistoryEntry) throws -> Void) throws {
        try HistoryCache.forEachEntryOldestFirst(repository) { entry in
            if include(entry) { try body(entry) }
        }
    }
}

/// Collects output and hands it on in pieces of about 64 KiB.
struct ChunkedWriter {
    let write: (String) throws -> Void
    var buffer = ""

    mutating func callAsFunction(_ text: String) throws {
        buffer += text
        if buffer.utf8.count > 1 << 16 { try flush() }
    }

    mutating func flush() throws {
        if !buffer.isEmpty { try write(buffer) }
        buffer = ""
    }
}

/// JSON of one value on one line (keys sorted), for rows of a streamed document.
enum CompactJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func encode<T: Encodable>(_ value: T) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
}

/// `--format json`: `{"format": "journal-export 1", "entries": [...]}`, one entry a line.
enum JournalExport {
    static let formatName = "journal-export 1"

    struct Row: Codable {
        let id: String
        let kind: String
        let date: String
        let written_at: String
        let title: String
        let body: String
        let hours: Double?
        let tags: [String]
        let papers: [Link]
        let shipped: [Link]
    }

    static func write(_ entries: CacheEntries, to out: inout ChunkedWriter) throws {
        let iso = ISO8601DateFormatter()
        try out("{\"format\":\"\(formatName)\",\"entries\":[")
        var first = true
        try entries.visit { e in
            let row = Row(
                id: e.id, kind: e.kind.rawValue, date: e.date.iso, written_at: iso.string(from: e.authoredAt), title: e.title,
                body: e.body, hours: e.hours > 0 ? (e.hours * 100).rounded() / 100 : nil, tags: e.tags, papers: e.papers,
                shipped: e.shipped)
            try out((first ? "\n" : ",\n") + (try CompactJSON.encode(row)))
            first = false
        }
        try out("\n]}\n")
    }

    /// Reads a file this writer wrote, for `journal import --from journal`.
    static func read(path: String) throws -> [ImportedEntry] {
        guard let data = FileManager.default.contents(atPath: path) else { throw JournalError.badInput("cannot read \(path)") }
        struct File: Decodable {
            let format: String
            let entries: [Row]
        }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw JournalError.badInput("\(path) is not a journal export (journal export --format json)")
        }
        guard file.format == formatName else {
            throw JournalError.badInput("\(path) is a \(file.format) file; this journal reads \(formatName)")
        }
        let iso = ISO8601DateFormatter()
        return try file.entries.enumerated().map { index, row in
            let origin = "entry \(index + 1)"
            guard let day = Day(iso: row.date), let written = iso.date(from: row.written_at) else {
                throw JournalError.badInput("\(path): \(origin) has a bad date or written_at")
            }
            let hours = try row.hours.map { try Hours(parsing: String($0)) }
            let minute = Int(written.timeIntervalSince(day.start(in: TimeZone(identifier: "UTC")!)) / 60)
            return ImportedEntry(
                date: day, minute: max(0, min(minute, 1439)), title: row.title, body: row.body, tags: row.tags, hours: hours,
                origin: origin, id: row.kind == "entry" && EntryID.isValid(row.id) ? row.id : nil, papers: row.papers,
                shipped: row.shipped, writtenAt: written)
        }
    }
}

/// `--format jrnl-json`: `{"entries": [{"title", "body", "date", "time", "tags", "starred"}], "tags": {"@tag": n}}`,
/// as `jrnl --export json` writes it; `--format jrnl`: jrnl's journal file, `[YYYY-MM-DD HH:MM] title`
/// then the body, which `jrnl --import` reads. Tags get jrnl's `@` (in the text format, as a last
/// line of the body, where jrnl finds them); hours go into the body as an `Hours:` line, which
/// `journal import --from jrnl` takes back out; the tag `starred` is jrnl's star.
enum JrnlExportWriter {
    static func body(of e: HistoryEntry) -> String {
        var body = e.body.trimmingCharacters(in: .newlines)
        func line(_ text: String) { body += (body.isEmpty ? "" : "\n") + text }
        for paper in e.papers { line("Paper: \(paper.trailerValue)") }
        for item in e.shipped { line("Shipped: \(item.trailerValue)") }
        if e.hours > 0 { line("Hours: \(Hours.format(e.hours))") }
        return body
    }

    static func time(of e: HistoryEntry, _ calendar: Calendar) -> String {
        let time = calendar.dateComponents([.hour, .minute], from: e.authoredAt)
        return String(format: "%02d:%02d", time.hour ?? 0, time.minute ?? 0)
    }

    static func writeText(_ entries: CacheEntries, timeZone: TimeZone, to out: inout ChunkedWriter) throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var first = true
        try entries.visit { e in
            var text = body(of: e)
            let tags = e.tags.filter { $0 != "starred" }.map { "@" + $0 }
            if !tags.isEmpty { text += (text.isEmpty ? "" : "\n") + tags.joined(separator: " ") }
            // A line starting with [ could read as the next entry's date.
            text = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasPrefix("[") ? " " + $0 : String($0) }
                .joined(separator: "\n")
            let star = e.tags.contains("starred") ? " *" : ""
            try out(
                (first ? "" : "\n") + "[\(e.date.iso) \(time(of: e, calendar))] \(e.title)\(star)\n" + (text.isEmpty ? "" : text + "\n"))
            first = false
        }
    }

    struct Row: Encodable {
        let title: String
        let body: String
        let date: String
        let time: String
        let tags: [String]
        let starred: Bool
    }

    static func write(_ entries: CacheEntries, timeZone: TimeZone, to out: inout ChunkedWriter) throws {
        var counts: [String: Int] = [:]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        try out("{\"entries\": [")
        var first = true
        try entries.visit { e in
            let body = body(of: e)
            let tags = e.tags.filter { $0 != "starred" }.map { "@" + $0 }
            for tag in tags { counts[tag, default: 0] += 1 }
            let row = Row(
                title: e.title, body: body, date: e.date.iso, time: time(of: e, calendar),
                tags: tags, starred: e.tags.contains("starred"))
            try out((first ? "\n" : ",\n") + (try CompactJSON.encode(row)))
            first = false
        }
        try out("\n], \"tags\": \(try CompactJSON.encode(counts))}\n")
    }
}

/// `--format markdown`: one document, a `##` heading per day, a `###` heading per entry.
enum MarkdownExport {
    static func write(_ entries: CacheEntries, timeZone: TimeZone, to out: inout ChunkedWriter) throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        try out("# Learning journal\n")
        var day: Day?
        try entries.visit { e in
            if e.date != day {
                day = e.date
                try out("\n## \(Day.weekdayNames[e.date.weekday - 1].capitalized), \(e.date.iso)\n")
            }
            let time = calendar.dateComponents([.hour, .minute], from: e.authoredAt)
            var facts = [String(format: "%02d:%02d", time.hour ?? 0, time.minute ?? 0)]
            if e.hours > 0 { facts.append(Hours.format(e.hours) + " h") }
            if !e.tags.isEmpty { facts.append(e.tags.map { "#" + $0 }.joined(separator: " ")) }
            var section = "\n### \(e.title)\n\n\(facts.joined(separator: " · "))\n"
            let links = e.papers.map { ("Paper", $0) } + e.shipped.map { ("Shipped", $0) }
            if !links.isEmpty {
                section += "\n"
                for (label, link) in links {
                    let shown: String = link.url.map { "[\(link.title)](\($0))" } ?? link.title
                    section += "- \(label): \(shown)\n"
                }
            }
            let body = e.body.trimmingCharacters(in: .newlines)
            if !body.isEmpty {
                // A body's own headings go below the entry's, as in day files.
                let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                    line.hasPrefix("#") && !line.hasPrefix("####") ? "####" + line.drop { $0 == "#" }.description : String(line)
                }
                section += "\n" + lines.joined(separator: "\n") + "\n"
            }
            try out(section)
        }
    }
}

/// `--format csv`: `date,title,hours,tags,papers,shipped`, CRLF line ends, fields quoted when
/// they hold a comma, a quote or a line break (RFC 4180).
enum CSVExport {
    static func write(_ entries: CacheEntries, to out: inout ChunkedWriter) throws {
        try out("date,title,hours,tags,papers,shipped\r\n")
        try entries.visit { e in
            let fields = [
                e.date.iso, e.title, e.hours > 0 ? Hours.format(e.hours) : "", e.tags.joined(separator: " "),
                e.papers.map(\.trailerValue).joined(separator: "; "), e.shipped.map(\.trailerValue).joined(separator: "; "),
            ]
            try out(fields.map(quote).joined(separator: ",") + "\r\n")
        }
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
