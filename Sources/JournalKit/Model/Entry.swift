import Foundation

/// One journal entry as the user wrote it: the unit of one commit.
public struct Entry: Sendable, Equatable {
    public var id: String
    public var date: Day
    public var title: String
    public var body: String
    public var hours: Hours?
    public var tags: [String]
    public var papers: [Link]
    public var shipped: [Link]
    /// When it was written (shown as the section's time, used as the author date).
    public var writtenAt: Date

    /// Builds an entry from what a user typed, refusing anything that could break a file or a trailer.
    public init(
        id: String, date: Day, title: String, body: String = "", hours: Hours? = nil,
        tags: [String] = [], papers: [Link] = [], shipped: [Link] = [], writtenAt: Date
    ) throws {
        try Text.requireOneLine(title, what: "the title")
        let trimmedTitle = Text.trimmed(title)
        guard !trimmedTitle.isEmpty else {
            throw JournalError.badInput("the title is empty; give one, e.g. journal add \"Read the LoRA paper\"")
        }
        guard !trimmedTitle.hasPrefix("---") else {
            // git and libgit2 take a first line of `---` for the start of a patch and would not see the trailers.
            throw JournalError.badInput("a title cannot start with ---")
        }
        guard trimmedTitle.count <= 300 else {
            throw JournalError.badInput("the title is \(trimmedTitle.count) characters; keep it under 300 and put the rest in the body")
        }
        guard EntryID.isValid(id) else { throw JournalError.badInput("\"\(id)\" is not a valid entry id") }
        self.id = id
        self.date = date
        self.title = trimmedTitle
        self.body = try Text.normaliseBody(body)
        self.hours = hours
        self.tags = try Entry.normaliseTags(tags)
        self.papers = papers
        self.shipped = shipped
        self.writtenAt = writtenAt
    }

    /// Splits comma lists, drops a leading `#`, lower-cases, removes duplicates, keeps order.
    public static func normaliseTags(_ raw: [String]) throws -> [String] {
        var result: [String] = []
        for item in raw {
            try Text.requireOneLine(item, what: "--tag")
            for piece in item.split(separator: ",") {
                var tag = Text.trimmed(piece).lowercased()
                while tag.hasPrefix("#") { tag.removeFirst() }
                tag = Text.trimmed(tag)
                guard !tag.isEmpty else { continue }
                guard !tag.utf8.contains(UInt8(ascii: ":")) else { throw JournalError.badInput("--tag: \"\(tag)\" may not contain ':'") }
                // `#machine learning` would read as the tag `#machine` and a word in Markdown.
                if tag.contains(where: \.isWhitespace) {
                    let hint = tag.split(whereSeparator: \.isWhitespace).joined(separator: "-")
                    throw JournalError.badInput("--tag: \"\(tag)\" has a space; use \(hint)")
                }
                if !result.contains(tag) { result.append(tag) }
            }
        }
        return result
    }
}
