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
        switch self {
        case .jrnl: return try JrnlExport.read(path: path)
        case .markdown: return try MarkdownNotes.read(directory: path)
        case .journal: return try JournalExport.read(path: path)
        }
    }
}

/// jrnl's `--export json`: `{"tags": {...}, "entries": [{"title", "body", "date", "time", "tags", "starred"}]}`.
enum JrnlExport {
    struct File: Decodable { let entries: [Item] }
    struct Item: Decodable {
        let title: String
        let body: String?
        let date: String
        let time: String?
        let tags: [String]?
        let starred: Bool?
    }

    static func read(path: String) throws -> [ImportedEntry] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw JournalError.badInput("cannot read \(path)")
        }
        return try parse(data, name: (path as NSString).lastPathComponent)
    }

    static func parse(_ data: Data, name: String) throws -> [ImportedEntry] {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch let error as DecodingError {
            throw JournalError.badInput("\(name): \(describe(error, in: data)); is it jrnl's --export json output?")
        }
        return try file.entries.enumerated().map { index, item in
            let origin = "entry \(index + 1)"
            func fail(_ message: String) -> JournalError {
                JournalError.badInput("\(name), \(origin) (\(item.date) \"\(item.title.prefix(40))\"): \(message)")
            }
            guard let date = Day(iso: item.date) else { throw fail("\"\(item.date)\" is not a date (YYYY-MM-DD)") }
            var minute = 9 * 60  // jrnl's default time of day
            if let time = item.time {
                let parts = time.split(separator: ":")
                guard parts.count >= 2, let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m) else {
                    throw fail("\"\(time)\" is not a time (HH:MM)")
                }
                minute = h * 60 + m
            }
            var tags = (item.tags ?? []).map { String($0.drop { $0 == "@" || $0 == "#" }) }
            if item.starred == true { tags.append("starred") }
            do {
                let (body, hours) = try ImportText.takeHours(from: item.body ?? "")
                return ImportedEntry(
                    date: date, minute: minute, title: item.title.trimmingCharacters(in: .whitespacesAndNewlines),
                    body: body, tags: tags, hours: hours, origin: origin)
            } catch let error as JournalError {
                throw fail(error.description)
            }
        }
    }

    /// Where a JSON file is broken: the entry (by its place in the list) or the line.
    static func describe(_ error: DecodingError, in data: Data) -> String {
        func place(_ path: [CodingKey]) -> String {
            var parts: [String] = []
            for key in path {
                if let index = key.intValue {
                    parts.append("entry \(index + 1)")
                } else if key.stringValue != "entries" {
                    parts.append("\"\(key.stringValue)\"")
                }
            }
            return parts.joined(separator: ", ")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let at = place(context.codingPath)
            return (at.isEmpty ? "" : at + ": ") + "missing \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return place(context.codingPath) + ": " + context.debugDescription
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty, let line = JSONSyntax.firstErrorLine(data) {
                return "not valid JSON at line \(line)"
            }
            let at = place(context.codingPath)
            return at.isEmpty ? "not valid JSON" : "\(at): \(context.debugDescription)"
        @unknown default:
            return "not valid JSON"
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
    /// Takes the first `Hours: 1.5` (or `hours:`) line out of a body, as the entry's hours.
    static func takeHours(from body: String) throws -> (body: String, hours: Hours?) {
        var lines = body.components(separatedBy: "\n")
        guard
            let index = lines.firstIndex(where: { line in
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                return trimmed.hasPrefix("Hours:") || trimmed.hasPrefix("hours:")
            })
        else { return (body, nil) }
        let value = lines[index].trimmingCharacters(in: .whitespaces).dropFirst("hours:".count)
        let hours: Hours
        do {
            hours = try Hours(parsing: String(value))
        } catch let error as JournalError {
            throw JournalError.badInput(
                "line \"\(lines[index].trimmingCharacters(in: .whitespaces))\": \(error.description.replacingOccurrences(of: "--hours: ", with: ""))"
            )
        }
        lines.remove(at: index)
        return (lines.joined(separator: "\n"), hours)
    }
}

/// Finds where a JSON text first breaks the grammar, for the message (the decoder does not say).
enum JSONSyntax {
    static func firstErrorLine(_ data: Data) -> Int? {
        let bytes = [UInt8](data)
        var index = 0
        var line = 1

        func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) {
                if bytes[index] == 0x0A { line += 1 }
                index += 1
            }
        }
        func expect(_ byte: UInt8) -> Bool {
            skipSpace()
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        func string() -> Bool {
            guard expect(UInt8(ascii: "\"")) else { return false }
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    index += 1
                    return true
                case UInt8(ascii: "\\"): index += 2
                case 0x0A: return false
                default: index += 1
                }
            }
            return false
        }
        func value(depth: Int) -> Bool {
            skipSpace()
            guard index < bytes.count, depth < 512 else { return false }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                if expect(UInt8(ascii: "}")) { return true }
                repeat {
                    guard string(), expect(UInt8(ascii: ":")), value(depth: depth + 1) else { return false }
                } while expect(UInt8(ascii: ","))
                return expect(UInt8(ascii: "}"))
            case UInt8(ascii: "["):
                index += 1
                if expect(UInt8(ascii: "]")) { return true }
                repeat {
                    guard value(depth: depth + 1) else { return false }
                } while expect(UInt8(ascii: ","))
                return expect(UInt8(ascii: "]"))
            case UInt8(ascii: "\""):
                return string()
            default:
                let start = index
                while index < bytes.count, !" \t\r\n,]}:".utf8.contains(bytes[index]) { index += 1 }
                let word = String(decoding: bytes[start..<index], as: UTF8.self)
                return ["true", "false", "null"].contains(word) || Double(word) != nil
            }
        }
        guard value(depth: 0) else { return line }
        skipSpace()
        return index < bytes.count ? line : nil
    }
}
