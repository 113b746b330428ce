import Foundation

/// `journal search`: which entries match a pattern in their title, body, tags, papers or shipped
/// items, and where in a text it matches (for highlighting).
public struct EntrySearch {
    public let pattern: String
    let ignoreCase: Bool
    /// Set for `-E` (an extended regular expression, as NSRegularExpression reads it).
    let expression: NSRegularExpression?
    let foldedPattern: String

    /// Refuses an empty pattern and a regular expression that does not compile, in one line.
    public init(pattern: String, ignoreCase: Bool, regex: Bool) throws {
        guard !pattern.isEmpty else { throw JournalError.badInput("search: the pattern is empty") }
        try Text.requireOneLine(pattern, what: "the pattern")
        self.pattern = pattern
        self.ignoreCase = ignoreCase
        foldedPattern = ignoreCase ? pattern.lowercased() : pattern
        if regex {
            do {
                expression = try NSRegularExpression(pattern: pattern, options: ignoreCase ? [.caseInsensitive] : [])
            } catch {
                throw JournalError.badInput("search: \"\(pattern)\" is not a regular expression")
            }
        } else {
            expression = nil
        }
    }

    /// Whether `text` holds a match.
    public func matches(_ text: String) -> Bool {
        if let expression {
            return expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
        return (ignoreCase ? text.lowercased() : text).contains(foldedPattern)
    }

    /// Whether any searched field of the entry matches.
    public func matches(_ entry: HistoryEntry) -> Bool {
        matches(entry.title) || matches(entry.body) || entry.tags.contains(where: matches)
            || entry.papers.contains { matches($0.trailerValue) } || entry.shipped.contains { matches($0.trailerValue) }
    }

    /// The entries of `history` that match, newest first, within the days and tag given.
    public func entries(in history: History, since: Day?, until: Day?, tag: String?) -> [HistoryEntry] {
        history.filtered(since: since, until: until, tag: tag).filter(matches)
    }

    /// The ranges of `text` that match, in order and not overlapping.
    public func ranges(in text: String) -> [Range<String.Index>] {
        if let expression {
            return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
                $0.range.length > 0 ? Range($0.range, in: text) : nil
            }
        }
        var result: [Range<String.Index>] = []
        var from = text.startIndex
        let options: String.CompareOptions = ignoreCase ? [.caseInsensitive] : []
        while from < text.endIndex, let found = text.range(of: pattern, options: options, range: from..<text.endIndex) {
            result.append(found)
            from = found.upperBound
        }
        return result
    }
}
