import Foundation
internal import GitKit

/// The commit message format every entry is written in (a public contract; see README).
public enum CommitProtocol {
    public enum Key {
        public static let entryID = "Entry-Id"
        public static let entryDate = "Entry-Date"
        public static let hours = "Hours"
        public static let tags = "Tags"
        public static let paper = "Paper"
        public static let shipped = "Shipped"
        /// `Entry-Deleted: yes` on a commit carrying an existing Entry-Id removes that entry from the counts.
        public static let deleted = "Entry-Deleted"
        /// `Rest-Day: DATE` declares a rest day (`journal rest`); `Rest-Day-Cancelled: DATE` takes it back.
        public static let restDay = "Rest-Day"
        public static let restDayCancelled = "Rest-Day-Cancelled"
        /// `Hand-Edits: N` marks a commit of day files edited by hand (`journal sync` makes it):
        /// not an entry, and no activity on any day.
        public static let handEdits = "Hand-Edits"
        /// `Review: 2026-W48` marks a saved review (`journal review --save`): not an entry, no activity.
        public static let review = "Review"
    }

    /// Title, optional body, then the trailer block as the last paragraph.
    public static func message(for entry: Entry) -> String {
        var text = entry.title + "\n\n"
        if !entry.body.isEmpty {
            text += commitBody(entry.body) + "\n\n"
        }
        var trailers = [(Key.entryID, entry.id), (Key.entryDate, entry.date.iso)]
        if let hours = entry.hours { trailers.append((Key.hours, hours.trailerValue)) }
        if !entry.tags.isEmpty { trailers.append((Key.tags, entry.tags.joined(separator: ", "))) }
        trailers += entry.papers.map { (Key.paper, $0.trailerValue) }
        trailers += entry.shipped.map { (Key.shipped, $0.trailerValue) }
        text += trailers.map { "\($0): \($1)" }.joined(separator: "\n") + "\n"
        return text
    }

    /// The message that deletes entry `id` (`journal delete`, a section removed by hand).
    public static func deletion(id: String, title: String, date: Day) -> String {
        let shown = title.count > 60 ? String(title.prefix(57)) + "..." : title
        return message(title: "Delete \"\(shown)\"", trailers: [(Key.entryID, id), (Key.entryDate, date.iso), (Key.deleted, "yes")])
    }

    /// A message for a commit that is not an entry (an edit of a day file, a config change),
    /// with an optional trailer block.
    public static func message(title: String, trailers: [(String, String)]) -> String {
        guard !trailers.isEmpty else { return title + "\n" }
        return title + "\n\n" + trailers.map { "\($0): \($1)" }.joined(separator: "\n") + "\n"
    }

    /// git and libgit2 take a line starting with `---` as the start of a patch and stop looking
    /// for trailers there; one leading space keeps the Markdown meaning and the trailers readable.
    static func commitBody(_ body: String) -> String {
        body.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("---") ? " " + $0 : String($0) }
            .joined(separator: "\n")
    }

    /// Whether a trailer key is `name`, ignoring case, without making a String of either.
    static func isKey(_ key: UnsafeRawBufferPointer, _ name: StaticString) -> Bool {
        let expected = name.utf8Start
        let count = name.utf8CodeUnitCount
        guard key.count == count else { return false }
        for i in 0..<count where key[i] | 0x20 != expected[i] | 0x20 { return false }
        return true
    }

    /// `a, B ,c` as `["a", "b", "c"]`, working on bytes (the history read does this 100,000 times).
    static func tagList(_ value: UnsafeRawBufferPointer) -> [String] {
        var tags: [String] = []
        var bytes: [UInt8] = []
        var asciiOnly = true
        func flush() {
            while let last = bytes.last, last == 0x20 || last == 0x09 { bytes.removeLast() }
            if !bytes.isEmpty {
                let tag = String(decoding: bytes, as: UTF8.self)
                tags.append(asciiOnly ? tag : tag.lowercased())
            }
            bytes.removeAll(keepingCapacity: true)
            asciiOnly = true
        }
        for byte in value {
            if byte == UInt8(ascii: ",") {
                flush()
            } else if !(bytes.isEmpty && (byte == 0x20 || byte == 0x09)) {
                if byte >= 0x41 && byte <= 0x5A { bytes.append(byte + 0x20) } else { bytes.append(byte) }
                if byte >= 0x80 { asciiOnly = false }
            }
        }
        flush()
        return tags
    }

    /// What a commit message says, read with libgit2's trailer parser.
    public static func read(message: String) throws -> CommitFacts {
        var facts = CommitFacts(title: String(message.prefix { $0 != "\n" }))
        var bytes = Array(message.utf8)
        var trailers = 0
        try bytes.withUnsafeMutableBytes { buffer in
            try Trailers.forEach(in: UnsafeRawBufferPointer(buffer)) {
                facts.take(key: $0, value: $1)
                trailers += 1
            }
            facts.body = body(of: UnsafeRawBufferPointer(buffer), withTrailers: trailers > 0)
        }
        return facts
    }

    /// The same, for a message a history scan lends: only the values the journal keeps become Strings.
    static func read(_ message: CommitMessage) throws -> CommitFacts {
        var facts = CommitFacts(title: message.summary)
        var trailers = 0
        try message.forEachTrailer {
            facts.take(key: $0, value: $1)
            trailers += 1
        }
        facts.body = body(of: message.bytes, withTrailers: trailers > 0)
        return facts
    }

    /// The paragraphs between the title and the trailer block (the last paragraph, when the message
    /// has trailers), with the space the writer put before `---` lines taken out again.
    static func body(of bytes: UnsafeRawBufferPointer, withTrailers: Bool) -> String {
        // The title ends at the first blank line (git's subject is the first paragraph).
        guard let titleEnd = paragraphBreak(in: bytes, from: 0) else { return "" }
        let start = titleEnd.upperBound
        var end = bytes.count
        func trimEnd() { while end > start, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x20 { end -= 1 } }
        trimEnd()
        if withTrailers {
            // The trailer block is the last paragraph: the body ends at the blank line before it.
            var last = end
            while last > start, !(bytes[last - 1] == 0x0A && last >= 2 && bytes[last - 2] == 0x0A) { last -= 1 }
            end = last
            trimEnd()
        }
        guard end > start else { return "" }
        // Read 100,000 times on a cold read: one String, unless a `---` line needs its space back.
        var escaped = false
        var i = start
        while i + 3 < end {
            if i == start || bytes[i - 1] == 0x0A, bytes[i] == 0x20, bytes[i + 1] == 0x2D, bytes[i + 2] == 0x2D, bytes[i + 3] == 0x2D {
                escaped = true
                break
            }
            i += 1
        }
        guard escaped else { return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        var atLineStart = true
        for j in start..<end {
            let byte = bytes[j]
            if atLineStart, byte == 0x20, j + 3 < end, bytes[j + 1] == 0x2D, bytes[j + 2] == 0x2D, bytes[j + 3] == 0x2D {
                atLineStart = false
                continue
            }
            out.append(byte)
            atLineStart = byte == 0x0A
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The first `\n\n` (and any more newlines after it) at or after `start`.
    private static func paragraphBreak(in bytes: UnsafeRawBufferPointer, from start: Int) -> Range<Int>? {
        var i = start
        while i + 1 < bytes.count {
            if bytes[i] == 0x0A && bytes[i + 1] == 0x0A {
                var end = i + 2
                while end < bytes.count && bytes[end] == 0x0A { end += 1 }
                return i..<end
            }
            i += 1
        }
        return nil
    }
}

extension CommitFacts {
    /// Takes one trailer into the facts. The first Entry-Id, Entry-Date and Hours count (an invalid
    /// Hours counts as nothing); Tags, Paper, Shipped and rest days add up.
    mutating func take(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        typealias P = CommitProtocol
        func text() -> String { String(decoding: value, as: UTF8.self) }
        if P.isKey(key, "Entry-Id") {
            if entryID == nil {
                let id = text()
                if EntryID.isValid(id) { entryID = id }
            }
        } else if P.isKey(key, "Entry-Date") {
            if entryDate == nil { entryDate = Day(isoBytes: value) }
        } else if P.isKey(key, "Hours") {
            if !sawHours {
                hours = Hours(trailerBytes: value)?.value ?? 0
                sawHours = true
            }
        } else if P.isKey(key, "Tags") {
            tags += P.tagList(value)
        } else if P.isKey(key, "Paper") {
            if let link = Link(trailer: text()) { papers.append(link) }
        } else if P.isKey(key, "Shipped") {
            if let link = Link(trailer: text()) { shipped.append(link) }
        } else if P.isKey(key, "Entry-Deleted") {
            deleted = ["yes", "true", "1"].contains(text().lowercased())
        } else if P.isKey(key, "Rest-Day") {
            if let day = Day(isoBytes: value) { restDays.append(day) }
        } else if P.isKey(key, "Rest-Day-Cancelled") {
            if let day = Day(isoBytes: value) { cancelledRestDays.append(day) }
        } else if P.isKey(key, "Hand-Edits") {
            handEdits = true
        } else if P.isKey(key, "Review") {
            review = true
        }
    }
}

/// What the commit protocol reads from one commit message.
public struct CommitFacts: Equatable, Sendable {
    public var title: String
    /// The text between the title and the trailer block.
    public var body = ""
    public var entryID: String?
    public var entryDate: Day?
    public var hours: Double = 0
    public var tags: [String] = []
    public var papers: [Link] = []
    public var shipped: [Link] = []
    public var deleted = false
    public var restDays: [Day] = []
    public var cancelledRestDays: [Day] = []
    /// A commit of hand edits only (`Hand-Edits` trailer): counted as nothing.
    public var handEdits = false
    /// A saved review (`Review` trailer): counted as nothing.
    public var review = false
    /// Whether an Hours trailer was seen (the first one counts, even when invalid).
    var sawHours = false

    public init(title: String) { self.title = title }

}
