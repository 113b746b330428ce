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

    /// What a commit message says, read with libgit2's trailer parser.
    public static func read(message: String) throws -> CommitFacts {
        var facts = CommitFacts(title: String(message.prefix { $0 != "\n" }))
        var sawHours = false
        for (key, value) in try Trailers.parse(message) {
            switch key.lowercased() {
            case Key.entryID.lowercased():
                if facts.entryID == nil, EntryID.isValid(value) { facts.entryID = value }
            case Key.entryDate.lowercased():
                if facts.entryDate == nil { facts.entryDate = Day(iso: value) }
            case Key.hours.lowercased():
                // The first Hours trailer counts; an invalid one counts as nothing.
                if !sawHours { facts.hours = Hours(trailer: value)?.value ?? 0; sawHours = true }
            case Key.tags.lowercased():
                facts.tags += value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
            case Key.paper.lowercased():
                if let link = try? Link(parsing: value, option: "Paper") { facts.papers.append(link) }
            case Key.shipped.lowercased():
                if let link = try? Link(parsing: value, option: "Shipped") { facts.shipped.append(link) }
            case Key.deleted.lowercased():
                facts.deleted = ["yes", "true", "1"].contains(value.lowercased())
            case Key.restDay.lowercased():
                if let day = Day(iso: value) { facts.restDays.append(day) }
            case Key.restDayCancelled.lowercased():
                if let day = Day(iso: value) { facts.cancelledRestDays.append(day) }
            default:
                break
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

    public init(title: String) { self.title = title }
}
