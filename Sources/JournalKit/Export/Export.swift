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
    /// entry by entry in pieces of about 64 KiB (the output is never held whole in memory).
    /// Times of day are in `timeZone`.
    public func export(
        _ format: ExportFormat, since: Day?, until: Day?, tag: String?, timeZone: TimeZone, write: ([UInt8]) throws -> Void
    ) throws {
        let wanted = tag.map { $0.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "# ")) }
        try translatingGitErrors("cannot read the journal's history", as: JournalError.journal) {
            try withoutActuallyEscaping(write) { write in
                var writer = ChunkedWriter(ByteOutput(sink: write))
                // Each entry is read from the history cache's records as the writer asks for the next one.
                let entries = CacheEntries(
                    records: try HistoryRecords.current(repository), history: { try self.history() }, since: since, until: until,
                    wanted: wanted)
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

/// The entries within the days and tag asked for, oldest first (by day, then by position in
/// history): from the history file's records when it reads (`HistoryRecords`), each decoded only
/// when it is handed on, so they are never all held; else from `History`.
struct CacheEntries {
    let records: HistoryRecords?
    let history: () throws -> History
    let since: Day?
    let until: Day?
    let wanted: String?

    func visit(_ body: (HistoryEntry) throws -> Void) throws {
        guard let records else {
            for entry in try history().entries.reversed() where includes(entry) { try body(entry) }
            return
        }
        var failed = false
        try records.withFields(records.slots.indices) { index, f in
            guard includes(day: records.slots[index].day), wanted.map(f.hasTag) ?? true else { return true }
            guard let entry = records.entry(records.slots[index]) else {
                failed = true
                return false
            }
            try body(entry)
            return true
        }
        if failed {
            throw JournalError.failed("the history cache in .git/journal/ is damaged; delete that folder and run the command again")
        }
    }

    /// The records themselves, for writers that write fields as they are stored; false (and
    /// nothing visited) when there are none to read.
    func visitRecords(_ body: (EntryRecordFields) throws -> Void) throws -> Bool {
        guard let records else { return false }
        try records.withFields(records.slots.indices) { index, f in
            if includes(day: records.slots[index].day), wanted.map(f.hasTag) ?? true { try body(f) }
            return true
        }
        return true
    }

    private func includes(day: Int) -> Bool {
        if let since, day < since.daysSinceEpoch { return false }
        if let until, day > until.daysSinceEpoch { return false }
        return true
    }

    private func includes(_ entry: HistoryEntry) -> Bool {
        includes(day: entry.date.daysSinceEpoch) && (wanted.map { entry.tags.contains($0) } ?? true)
    }
}

/// Collects output as bytes and hands it on in pieces of about 64 KiB.
struct ChunkedWriter {
    var out: ByteOutput

    init(_ out: ByteOutput) { self.out = out }

    mutating func callAsFunction(_ text: String) throws {
        out.append(text)
        try out.checkpoint()
    }

    mutating func flush() throws { try out.flush() }
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
        try out("{\"format\":\"\(formatName)\",\"entries\":[")
        var first = true
        let fromRecords = try entries.visitRecords { f in
            out.out.append(first ? "\n" : ",\n")
            row(f, to: &out.out)
            try out.out.checkpoint()
            first = false
        }
        if !fromRecords {
            let iso = ISO8601DateFormatter()
            try entries.visit { e in
                let row = Row(
                    id: e.id, kind: e.kind.rawValue, date: e.date.iso, written_at: iso.string(from: e.authoredAt), title: e.title,
                    body: e.body, hours: e.hours > 0 ? (e.hours * 100).rounded() / 100 : nil, tags: e.tags, papers: e.papers,
                    shipped: e.shipped)
                try out((first ? "\n" : ",\n") + (try CompactJSON.encode(row)))
                first = false
            }
        }
        try out("\n]}\n")
    }

    /// One `Row` from a record, byte for byte what `CompactJSON.encode` writes for it (keys
    /// sorted, `hours` and a link's `url` left out when absent).
    static func row(_ f: EntryRecordFields, to out: inout ByteOutput) {
        out.append("{\"body\":")
        f.withText(12) { out.appendJSONString($0) }
        out.append(",\"date\":\"")
        out.appendISODay(f.day)
        out.append("\",")
        let hours = f.hours
        if hours > 0 {
            out.append("\"hours\":")
            out.appendJSONNumber((hours * 100).rounded() / 100)
            out.append(",")
        }
        out.append("\"id\":")
        f.withText(1) { out.appendJSONString($0) }
        out.append(f.isEntry ? ",\"kind\":\"entry\",\"papers\":[" : ",\"kind\":\"plain\",\"papers\":[")
        links(f, 9, to: &out)
        out.append("],\"shipped\":[")
        links(f, 10, to: &out)
        out.append("],\"tags\":[")
        var first = true
        f.forEachTag { tag in
            if !first { out.append(",") }
            out.appendJSONString(tag)
            first = false
        }
        out.append("],\"title\":")
        f.withText(8) { out.appendJSONString($0) }
        out.append(",\"written_at\":\"")
        out.appendISOTime(f.epoch)
        out.append("\"}")
    }

    private static func links(_ f: EntryRecordFields, _ field: Int, to out: inout ByteOutput) {
        var first = true
        f.forEachLink(field) { title, url in
            out.append(first ? "{\"title\":" : ",{\"title\":")
            out.appendJSONString(title)
            if let url {
                out.append(",\"url\":")
                out.appendJSONString(url)
            }
            out.append("}")
            first = false
        }
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
        var body = ExportText.trimmingNewlines(e.body)
        func line(_ text: String) { body += (body.isEmpty ? "" : "\n") + text }
        for paper in e.papers { line("Paper: \(paper.trailerValue)") }
        for item in e.shipped { line("Shipped: \(item.trailerValue)") }
        if e.hours > 0 { line("Hours: \(Hours.format(e.hours))") }
        return body
    }

    static func writeText(_ entries: CacheEntries, timeZone: TimeZone, to out: inout ChunkedWriter) throws {
        var first = true
        try entries.visit { e in
            var text = body(of: e)
            let tags = e.tags.filter { $0 != "starred" }.map { "@" + $0 }
            if !tags.isEmpty { text += (text.isEmpty ? "" : "\n") + tags.joined(separator: " ") }
            // A line starting with [ could read as the next entry's date (a text without [ has none).
            if text.utf8.contains(UInt8(ascii: "[")) {
                text = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasPrefix("[") ? " " + $0 : String($0) }
                    .joined(separator: "\n")
            }
            let star = e.tags.contains("starred") ? " *" : ""
            try out(
                (first ? "" : "\n") + "[\(e.date.iso) \(ExportText.time(e.authoredAt, in: timeZone))] \(e.title)\(star)\n"
                    + (text.isEmpty ? "" : text + "\n"))
            first = false
        }
    }

    static func write(_ entries: CacheEntries, timeZone: TimeZone, to out: inout ChunkedWriter) throws {
        var counts: [String: Int] = [:]
        try out("{\"entries\": [")
        var first = true
        try entries.visit { e in
            let body = body(of: e)
            let tags = e.tags.filter { $0 != "starred" }.map { "@" + $0 }
            for tag in tags { counts[tag, default: 0] += 1 }
            // As `CompactJSON` writes {title, body, date, time, tags, starred}: keys sorted.
            out.out.append(first ? "\n{\"body\":" : ",\n{\"body\":")
            out.out.appendJSONString(body)
            out.out.append(",\"date\":")
            out.out.appendJSONString(e.date.iso)
            out.out.append(e.tags.contains("starred") ? ",\"starred\":true,\"tags\":[" : ",\"starred\":false,\"tags\":[")
            for (index, tag) in tags.enumerated() {
                if index > 0 { out.out.append(",") }
                out.out.appendJSONString(tag)
            }
            out.out.append("],\"time\":")
            out.out.appendJSONString(ExportText.time(e.authoredAt, in: timeZone))
            out.out.append(",\"title\":")
            out.out.appendJSONString(e.title)
            out.out.append("}")
            try out.out.checkpoint()
            first = false
        }
        try out("\n], \"tags\": \(try CompactJSON.encode(counts))}\n")
    }
}

/// `--format markdown`: one document, a `##` heading per day, a `###` heading per entry.
enum MarkdownExport {
    static func write(_ entries: CacheEntries, timeZone: TimeZone, to out: inout ChunkedWriter) throws {
        try out("# Learning journal\n")
        var day: Day?
        try entries.visit { e in
            if e.date != day {
                day = e.date
                try out("\n## \(Day.weekdayNames[e.date.weekday - 1].capitalized), \(e.date.iso)\n")
            }
            var facts = [ExportText.time(e.authoredAt, in: timeZone)]
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
            let body = ExportText.trimmingNewlines(e.body)
            if !body.isEmpty && !body.utf8.contains(UInt8(ascii: "#")) {
                section += "\n" + body + "\n"
            } else if !body.isEmpty {
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
        // Without any of those bytes there is none of those characters (the quick answer).
        if !field.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) { return field }
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Text the export formats compute for every entry, without a `Calendar` or `NSString` per entry.
enum ExportText {
    /// `HH:MM` of `date` in `timeZone`, as `Calendar.dateComponents([.hour, .minute])` gives it:
    /// the time at the zone's offset for that instant.
    static func time(_ date: Date, in timeZone: TimeZone) -> String {
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: date)
        let minute = Day.floorMod(Day.floorDiv(local, 60), 1440)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        return two(minute / 60) + ":" + two(minute % 60)
    }

    /// `text.trimmingCharacters(in: .newlines)`: U+000A to U+000D, U+0085, U+2028 and U+2029
    /// dropped from both ends.
    static func trimmingNewlines(_ text: String) -> String {
        func isNewline(_ scalar: Unicode.Scalar) -> Bool {
            (0x0A...0x0D).contains(scalar.value) || scalar.value == 0x85 || scalar.value == 0x2028 || scalar.value == 0x2029
        }
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, isNewline(scalars[start]) { start = scalars.index(after: start) }
        while end > start, isNewline(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        if start == scalars.startIndex && end == scalars.endIndex { return text }
        return String(scalars[start..<end])
    }
}
