import Foundation

/// One entry read from another tool's files, before it becomes an `Entry`.
public struct ImportedEntry: Sendable, Equatable {
    public let date: Day
    /// Minutes after midnight, as the source wrote it (no zone).
    public let minute: Int
    public let title: String
    public let body: String
    public let tags: [String]
    public let hours: Hours?
    /// Where it came from, for messages: `entry 12` or a file name.
    public let origin: String
    /// Kept as they were by `journal import --from journal` (an export of this tool); nil and
    /// empty from other sources, whose ids are derived from the content.
    public var id: String? = nil
    public var papers: [Link] = []
    public var shipped: [Link] = []
    public var writtenAt: Date? = nil
}

/// The sources `journal import` reads.
public enum ImportSource: String, CaseIterable, Sendable {
    case jrnl, markdown
    /// A file of `journal export --format json`.
    case journal

    public func read(_ path: String) throws -> [ImportedEntry] {
        var entries: [ImportedEntry] = []
        try forEach(path) { entries.append($0) }
        return entries
    }

    /// Hands out the entries one at a time, in the source's order: jrnl's export is read as a
    /// stream, so it is never held whole. A malformed source throws, possibly after some entries.
    func forEach(_ path: String, _ body: (ImportedEntry) throws -> Void) throws {
        switch self {
        case .jrnl: try JrnlExport.forEach(path: path, body)
        case .markdown: try MarkdownNotes.read(directory: path).forEach(body)
        case .journal: try JournalExport.read(path: path).forEach(body)
        }
    }
}

/// jrnl's `--export json`: `{"tags": {...}, "entries": [{"title", "body", "date", "time", "tags", "starred"}]}`,
/// read with `JSONStream` one entry at a time. Keys it does not know are skipped (checked all the
/// same); `body`, `time`, `tags` and `starred` may be missing or null.
enum JrnlExport {
    static let hint = "is it jrnl's --export json output?"

    static func forEach(path: String, _ body: (ImportedEntry) throws -> Void) throws {
        var reader = try JSONStream(path: path)
        defer { reader.close() }
        try read(&reader, name: (path as NSString).lastPathComponent, body)
    }

    /// Reads an export held in memory (tests).
    static func parse(_ data: Data, name: String) throws -> [ImportedEntry] {
        var reader = JSONStream(bytes: [UInt8](data))
        var entries: [ImportedEntry] = []
        try read(&reader, name: name) { entries.append($0) }
        return entries
    }

    /// A reason the file is not an export, as one line.
    private static func refuse(_ name: String, _ reason: String) -> JournalError {
        JournalError.badInput("\(name): \(reason); \(hint)")
    }

    static func read(_ reader: inout JSONStream, name: String, _ body: (ImportedEntry) throws -> Void) throws {
        do {
            guard try reader.peekKind() == .object else { throw refuse(name, "the file is not a JSON object") }
            try reader.beginObject()
            var sawEntries = false
            while let key = try reader.nextKey() {
                guard key == "entries" else {
                    try reader.skipValue()
                    continue
                }
                if try reader.isNull() { throw refuse(name, "\"entries\" is null") }
                guard try reader.peekKind() == .array else { throw refuse(name, "\"entries\" is not a list") }
                sawEntries = true
                try reader.beginArray()
                var index = 0
                while try reader.nextElement() {
                    index += 1
                    try body(try entry(&reader, number: index, name: name))
                }
            }
            try reader.finish()
            guard sawEntries else { throw refuse(name, "missing \"entries\"") }
        } catch let failure as JSONStream.Failure {
            throw refuse(name, failure.description)
        }
    }

    /// One element of `entries`, read and checked.
    static func entry(_ reader: inout JSONStream, number: Int, name: String) throws -> ImportedEntry {
        let origin = "entry \(number)"
        guard try reader.peekKind() == .object else { throw refuse(name, "\(origin) is not an object") }
        var title: String?
        var body: String?
        var date: String?
        var time: String?
        var tags: [String]?
        var starred: Bool?
        func string(_ key: String, optional: Bool) throws -> String? {
            if try reader.isNull() {
                guard optional else { throw refuse(name, "\(origin), \"\(key)\": null where a string belongs") }
                return nil
            }
            guard try reader.peekKind() == .string else { throw refuse(name, "\(origin), \"\(key)\": not a string") }
            return try reader.string()
        }
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "title": title = try string(key, optional: false)
            case "date": date = try string(key, optional: false)
            case "body": body = try string(key, optional: true)
            case "time": time = try string(key, optional: true)
            case "tags":
                if try reader.isNull() {
                    tags = nil
                    continue
                }
                guard try reader.peekKind() == .array else { throw refuse(name, "\(origin), \"tags\": not a list") }
                var list: [String] = []
                try reader.beginArray()
                while try reader.nextElement() {
                    guard try reader.peekKind() == .string else { throw refuse(name, "\(origin), \"tags\": a tag is not a string") }
                    list.append(try reader.string())
                }
                tags = list
            case "starred":
                if try reader.isNull() {
                    starred = nil
                    continue
                }
                guard try reader.peekKind() == .bool else { throw refuse(name, "\(origin), \"starred\": not true or false") }
                starred = try reader.bool()
            default:
                try reader.skipValue()
            }
        }
        guard let title else { throw refuse(name, "\(origin): missing \"title\"") }
        guard let date else { throw refuse(name, "\(origin): missing \"date\"") }
        return try item(
            title: title, body: body, date: date, time: time, tags: tags, starred: starred, origin: origin, name: name)
    }

    /// The fields of one entry as an `ImportedEntry`: jrnl's default time, tags without `@`/`#`,
    /// the star as the tag `starred`, and the hours taken out of the body.
    static func item(
        title: String, body: String?, date: String, time: String?, tags: [String]?, starred: Bool?, origin: String, name: String
    ) throws -> ImportedEntry {
        func fail(_ message: String) -> JournalError {
            JournalError.badInput("\(name), \(origin) (\(date) \"\(title.prefix(40))\"): \(message)")
        }
        guard let day = Day(iso: date) else { throw fail("\"\(date)\" is not a date (YYYY-MM-DD)") }
        var minute = 9 * 60  // jrnl's default time of day
        if let time {
            let parts = time.split(separator: ":")
            guard parts.count >= 2, let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m) else {
                throw fail("\"\(time)\" is not a time (HH:MM)")
            }
            minute = h * 60 + m
        }
        var tags = (tags ?? []).map { String($0.drop { $0 == "@" || $0 == "#" }) }
        if starred == true { tags.append("starred") }
        do {
            let (body, hours) = try ImportText.takeHours(from: body ?? "")
            return ImportedEntry(
                date: day, minute: minute, title: Text.trimmed(title, newlines: true),
                body: body, tags: tags, hours: hours, origin: origin)
        } catch let error as JournalError {
            throw fail(error.description)
        }
    }
}

/// A folder of `YYYY-MM-DD.md` daily notes (Obsidian, Logseq): one entry a file, its title from
/// the front matter or the first heading, hours and tags from the front matter or an `Hours:` line.
enum MarkdownNotes {
    static func read(directory: String) throws -> [ImportedEntry] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw JournalError.badInput("\(directory) is not a folder of daily notes")
        }
        guard let walker = FileManager.default.enumerator(atPath: directory) else {
            throw JournalError.badInput("cannot read \(directory)")
        }
        var files: [(Day, String)] = []
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            // Tool folders (.obsidian, .git, .trash) hold no notes.
            if name.hasPrefix(".") {
                walker.skipDescendants()
                continue
            }
            guard name.hasSuffix(".md"), let day = Day(iso: String(name.dropLast(3))) else { continue }
            files.append((day, relative))
        }
        return try files.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map { day, relative in
            guard let data = FileManager.default.contents(atPath: directory + "/" + relative) else {
                throw JournalError.badInput("cannot read \(relative)")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw JournalError.badInput("\(relative) is not UTF-8 text")
            }
            do {
                return try parse(text, day: day, origin: relative)
            } catch let error as JournalError {
                throw JournalError.badInput("\(relative): \(error.description)")
            }
        }
    }

    static func parse(_ text: String, day: Day, origin: String) throws -> ImportedEntry {
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        var fields: [String: String] = [:]
        var tags: [String] = []
        if lines.first?.trimmingCharacters(in: .whitespaces) == "---" {
            guard let end = lines.dropFirst().firstIndex(where: { ["---", "..."].contains($0.trimmingCharacters(in: .whitespaces)) }) else {
                throw JournalError.badInput("line 1: the front matter (---) is never closed")
            }
            var listKey: String?
            for (offset, line) in lines[1..<end].enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                if trimmed.hasPrefix("- "), listKey == "tags" {
                    tags.append(unquote(String(trimmed.dropFirst(2))))
                    continue
                }
                guard let colon = trimmed.firstIndex(of: ":") else {
                    throw JournalError.badInput("line \(offset + 2): \"\(trimmed.prefix(40))\" is not a key: value line")
                }
                let key = trimmed[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                listKey = value.isEmpty ? key : nil
                if key == "tags" && !value.isEmpty {
                    let inner = value.hasPrefix("[") && value.hasSuffix("]") ? String(value.dropFirst().dropLast()) : value
                    tags += inner.split(separator: ",").map { unquote($0.trimmingCharacters(in: .whitespaces)) }
                } else {
                    fields[key] = unquote(value)
                }
            }
            lines.removeSubrange(0...end)
        }
        var title = fields["title"]
        if title == nil, let heading = lines.firstIndex(where: { $0.hasPrefix("#") && $0.drop { $0 == "#" }.hasPrefix(" ") }) {
            title = lines[heading].drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
            lines.remove(at: heading)
        }
        var (body, hours) = try ImportText.takeHours(from: lines.joined(separator: "\n"))
        if let value = fields["hours"] ?? fields["time-spent"] {
            do { hours = try Hours(parsing: value) } catch let error as JournalError {
                throw JournalError.badInput("hours: \(error.description)")
            }
        }
        let chosen = (title?.isEmpty == false ? title! : "Notes of \(day.iso)")
        return ImportedEntry(
            date: day, minute: 12 * 60, title: chosen, body: body.trimmingCharacters(in: .whitespacesAndNewlines),
            tags: tags.map { String($0.drop { $0 == "#" }) }, hours: hours, origin: origin)
    }

    static func unquote(_ text: String) -> String {
        for quote in ["\"", "'"] where text.count >= 2 && text.hasPrefix(quote) && text.hasSuffix(quote) {
            return String(text.dropFirst().dropLast())
        }
        return text
    }
}

enum ImportText {
    /// Whether the bytes `ours:` occur in `text` (every `Hours:` or `hours:` line holds them).
    static func mentionsHours(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count >= 5 else { return false }
            for index in 0..<(bytes.count - 4) where bytes[index + 4] == UInt8(ascii: ":") {
                if bytes[index] == UInt8(ascii: "o") && bytes[index + 1] == UInt8(ascii: "u") && bytes[index + 2] == UInt8(ascii: "r")
                    && bytes[index + 3] == UInt8(ascii: "s")
                {
                    return true
                }
            }
            return false
        }
    }

    /// Takes the first `Hours: 1.5` (or `hours:`) line out of a body, as the entry's hours.
    static func takeHours(from body: String) throws -> (body: String, hours: Hours?) {
        // Most bodies have no such line: looked for in the bytes before any line is made.
        guard mentionsHours(body) else { return (body, nil) }
        var lines = body.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        guard
            let index = lines.firstIndex(where: { line in
                let trimmed = Text.trimmed(line)
                return trimmed.hasPrefix("Hours:") || trimmed.hasPrefix("hours:")
            })
        else { return (body, nil) }
        let value = Text.trimmed(lines[index]).dropFirst("hours:".count)
        let hours: Hours
        do {
            hours = try Hours(parsing: String(value))
        } catch let error as JournalError {
            throw JournalError.badInput(
                "line \"\(Text.trimmed(lines[index]))\": \(error.description.replacingOccurrences(of: "--hours: ", with: ""))"
            )
        }
        lines.remove(at: index)
        return (lines.joined(separator: "\n"), hours)
    }
}
