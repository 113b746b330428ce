import Foundation
import GitKit

/// History facts cached under `.git/journal/` (never tracked), so a report reads only the commits
/// added since the last one. A cache that is unreadable, of another version, or whose tip is no
/// longer an ancestor of HEAD is rebuilt from scratch, never trusted.
///
/// Format (text, one record a line, fields separated by tabs, `\t` `\n` `\\` escaped):
///
///     journal-history 2 <tip commit> <entry events applied>
///     E <id> <e|p> <date> <hours> <authored epoch> <commit> <tags,> <title> <papers> <shipped> <order>
///     R <date> <1|0>
///     end <record count> <FNV-1a 64 of every byte before this line, hex>
///
/// where papers and shipped are `title US url` items separated by RS.
public enum HistoryCache {
    static let header = "journal-history 2"

    /// History from HEAD, through the cache at `<git dir>/journal/history`. Writes the cache back
    /// when it changed; a cache that cannot be written is not an error.
    public static func load(_ repository: Repository) throws -> History {
        let path = repository.gitDirectory + "journal/history"
        guard let head = try repository.headCommitID() else { return History(state: HistoryState()) }
        var state = HistoryState()
        var base: ObjectID?
        if let cached = read(path: path) {
            if cached.tip == head { return History(state: cached.state) }
            if (try? repository.isAncestor(cached.tip, of: head)) == true {
                state = cached.state
                base = cached.tip
            }
        }
        state = try History.replay(repository, from: base, onto: state)
        write(state, tip: head, path: path)
        return History(state: state)
    }

    static func write(_ state: HistoryState, tip: ObjectID, path: String) {
        var text = "\(header) \(tip.hex) \(state.applied)\n"
        text.reserveCapacity(state.entries.count * 160)
        for entry in state.entries.values.sorted(by: { $0.id < $1.id }) {
            let fields = [
                "E", escape(entry.id), entry.kind == .entry ? "e" : "p", entry.date.iso, String(entry.hours),
                String(Int64(entry.authoredAt.timeIntervalSince1970)), entry.commit,
                escape(entry.tags.joined(separator: ",")), escape(entry.title), links(entry.papers), links(entry.shipped),
                String(entry.order),
            ]
            text += fields.joined(separator: "\t") + "\n"
        }
        for (day, declared) in state.restDeclarations.sorted(by: { $0.key < $1.key }) {
            text += "R\t\(day.iso)\t\(declared ? 1 : 0)\n"
        }
        var data = Data(text.utf8)
        let checksum = fnv1a(data[...])
        data.append(Data("end \(state.entries.count + state.restDeclarations.count) \(String(checksum, radix: 16))\n".utf8))
        try? AtomicFile.write(data, to: path)
    }

    static func read(path: String) -> (tip: ObjectID, state: HistoryState)? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
        guard lines.count >= 3, lines.removeLast().isEmpty else { return nil }
        let first = String(decoding: lines.removeFirst(), as: UTF8.self)
        let endLine = lines.removeLast()
        let last = String(decoding: endLine, as: UTF8.self)
        let covered = data[data.startIndex..<endLine.startIndex]  // every byte before the end line
        let words = first.split(separator: " ")
        guard first.hasPrefix(header + " "), words.count == 4, let tip = ObjectID(hex: String(words[2])),
              let applied = Int(words[3]),
              last == "end \(lines.count) \(String(fnv1a(covered), radix: 16))" else { return nil }
        var state = HistoryState()
        state.applied = applied
        state.entries.reserveCapacity(lines.count)
        for line in lines {
            let fields = line.split(separator: 0x09, omittingEmptySubsequences: false)
            switch (fields.first?.first, fields.count) {
            case (UInt8(ascii: "E"), 12):
                guard let date = Day(iso: String(decoding: fields[3], as: UTF8.self)),
                      let hours = Double(String(decoding: fields[4], as: UTF8.self)),
                      let epoch = Int64(String(decoding: fields[5], as: UTF8.self)),
                      let papers = parseLinks(fields[9]), let shipped = parseLinks(fields[10]),
                      let order = Int(String(decoding: fields[11], as: UTF8.self)) else { return nil }
                let id = unescape(fields[1])
                let tags = unescape(fields[7])
                state.entries[id] = HistoryEntry(
                    id: id, kind: fields[2].first == UInt8(ascii: "e") ? .entry : .plain, date: date, title: unescape(fields[8]),
                    hours: hours, tags: tags.isEmpty ? [] : tags.split(separator: ",").map(String.init),
                    papers: papers, shipped: shipped, commit: String(decoding: fields[6], as: UTF8.self),
                    authoredAt: Date(timeIntervalSince1970: TimeInterval(epoch)), order: order)
            case (UInt8(ascii: "R"), 3):
                guard let day = Day(iso: String(decoding: fields[1], as: UTF8.self)) else { return nil }
                state.restDeclarations[day] = fields[2].first == UInt8(ascii: "1")
            default:
                return nil
            }
        }
        return (tip, state)
    }

    /// A checksum, so that a cache damaged in a way that still parses is not trusted.
    static func fnv1a(_ data: Data.SubSequence) -> UInt64 {
        data.withUnsafeBytes { bytes in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            return hash
        }
    }

    static let unitSeparator = "\u{1F}", recordSeparator = "\u{1E}"

    static func links(_ list: [Link]) -> String {
        list.map { escape($0.title) + unitSeparator + escape($0.url ?? "") }.joined(separator: recordSeparator)
    }

    static func parseLinks(_ field: Data.SubSequence) -> [Link]? {
        guard !field.isEmpty else { return [] }
        var result: [Link] = []
        for item in field.split(separator: 0x1E, omittingEmptySubsequences: false) {
            let parts = item.split(separator: 0x1F, omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            let url = unescape(parts[1])
            result.append(Link(title: unescape(parts[0]), url: url.isEmpty ? nil : url))
        }
        return result
    }

    /// Tabs, newlines, the two separators and backslashes become `\t`, `\n`, `\u`, `\r`, `\\`.
    static func escape(_ text: String) -> String {
        guard text.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\\" || $0 == "\u{1F}" || $0 == "\u{1E}" || $0 == "\r" }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\c"
            case "\\": out += "\\\\"
            case "\u{1F}": out += "\\u"
            case "\u{1E}": out += "\\r"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func unescape(_ bytes: Data.SubSequence) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.contains("\\") else { return text }
        var out = ""
        var escaping = false
        for scalar in text.unicodeScalars {
            if escaping {
                switch scalar {
                case "t": out += "\t"
                case "n": out += "\n"
                case "c": out += "\r"
                case "u": out += "\u{1F}"
                case "r": out += "\u{1E}"
                default: out.unicodeScalars.append(scalar)
                }
                escaping = false
            } else if scalar == "\\" {
                escaping = true
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
