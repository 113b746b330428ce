import Foundation
import GitKit

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
    }

    /// Title, optional body, then the trailer block as the last paragraph.
    public static func message(for entry: Entry) -> String {
        var text = entry.title + "\n\n"
        if !entry.body.isEmpty {
            text += commitBody(entry.body) + "\n\n"
        }
        var trailers = [(Key.entryID, entry.id), (Key.entryDate, entry.date.iso)]
        if let hours = entry.hours { trailers.append((Key.hours, hours.description)) }
        if !entry.tags.isEmpty { trailers.append((Key.tags, entry.tags.joined(separator: ", "))) }
        trailers += entry.papers.map { (Key.paper, $0.trailerValue) }
        trailers += entry.shipped.map { (Key.shipped, $0.trailerValue) }
        text += trailers.map { "\($0): \($1)" }.joined(separator: "\n") + "\n"
        return text
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

    /// Whether a trailer key is `name`, ignoring case, without making a C string of `name` (which
    /// passing a Swift String to strcasecmp would do for every trailer of every commit).
    static func isKey(_ key: UnsafePointer<CChar>, _ name: StaticString) -> Bool {
        let expected = name.utf8Start
        let count = name.utf8CodeUnitCount
        for i in 0..<count {
            let a = UInt8(bitPattern: key[i]), b = expected[i]
            guard a != 0, a | 0x20 == b | 0x20 else { return false }
        }
        return key[count] == 0
    }

    /// `a, B ,c` as `["a", "b", "c"]`, working on bytes (the history read does this 100,000 times).
    static func tagList(_ value: UnsafePointer<CChar>) -> [String] {
        var tags: [String] = []
        var bytes: [UInt8] = []
        var asciiOnly = true
        var p = value
        func flush() {
            while let last = bytes.last, last == 0x20 || last == 0x09 { bytes.removeLast() }
            if !bytes.isEmpty {
                let tag = String(decoding: bytes, as: UTF8.self)
                tags.append(asciiOnly ? tag : tag.lowercased())
            }
            bytes.removeAll(keepingCapacity: true)
            asciiOnly = true
        }
        while p.pointee != 0 {
            let byte = UInt8(bitPattern: p.pointee)
            if byte == UInt8(ascii: ",") {
                flush()
            } else if !(bytes.isEmpty && (byte == 0x20 || byte == 0x09)) {
                if byte >= 0x41 && byte <= 0x5A { bytes.append(byte + 0x20) } else { bytes.append(byte) }
                if byte >= 0x80 { asciiOnly = false }
            }
            p += 1
        }
        flush()
        return tags
    }

    /// What a commit message says, read with libgit2's trailer parser.
    public static func read(message: String) throws -> CommitFacts {
        try message.withCString { try read(message: $0, title: String(message.prefix { $0 != "\n" })) }
    }

    /// The same, straight from libgit2's memory: only the values the journal keeps become Swift strings.
    static func read(message: UnsafePointer<CChar>, title: String) throws -> CommitFacts {
        var facts = CommitFacts(title: title)
        var sawHours = false
        try Trailers.forEach(in: message) { key, value in
            if isKey(key, "Entry-Id") {
                if facts.entryID == nil {
                    let id = String(cString: value)
                    if EntryID.isValid(id) { facts.entryID = id }
                }
            } else if isKey(key, "Entry-Date") {
                if facts.entryDate == nil { facts.entryDate = Day(isoCString: value) }
            } else if isKey(key, "Hours") {
                // The first Hours trailer counts; an invalid one counts as nothing.
                if !sawHours { facts.hours = Hours(trailerCString: value)?.value ?? 0; sawHours = true }
            } else if isKey(key, "Tags") {
                facts.tags += tagList(value)
            } else if isKey(key, "Paper") {
                if let link = Link(trailer: String(cString: value)) { facts.papers.append(link) }
            } else if isKey(key, "Shipped") {
                if let link = Link(trailer: String(cString: value)) { facts.shipped.append(link) }
            } else if isKey(key, "Entry-Deleted") {
                facts.deleted = ["yes", "true", "1"].contains(String(cString: value).lowercased())
            } else if isKey(key, "Rest-Day") {
                if let day = Day(isoCString: value) { facts.restDays.append(day) }
            } else if isKey(key, "Rest-Day-Cancelled") {
                if let day = Day(isoCString: value) { facts.cancelledRestDays.append(day) }
            } else if isKey(key, "Hand-Edits") {
                facts.handEdits = true
            }
        }
        return facts
    }
}

/// What the commit protocol reads from one commit message.
public struct CommitFacts: Equatable, Sendable {
    public var title: String
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

    public init(title: String) { self.title = title }
}
