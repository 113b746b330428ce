import Foundation
internal import GitKit

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

    /// Whether a record of the history cache may hold a match: false only when it certainly does
    /// not. The fields are stored with `\`, tab, CR and LF escaped and a link as title, U+001F,
    /// url, so a plain pattern without those characters, `<` or `>`, or a trailing space, found
    /// in a field (or in `Title <url>`) is found in the record's bytes as it is. With -i, only a
    /// pattern and a record both plain ASCII are compared (lower-casing other text can give ASCII).
    func mayMatch<Record: Collection<UInt8>>(_ record: Record) -> Bool {
        guard let needle = prefilter else { return true }
        if !ignoreCase { return EntrySearch.contains(record, needle) }
        guard record.allSatisfy({ $0 < 0x80 }) else { return true }
        return EntrySearch.contains(record.lazy.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, needle)
    }

    /// The pattern's bytes for `mayMatch` (lower-cased with -i), or nil when it cannot rule a record out.
    var prefilter: [UInt8]? {
        guard expression == nil, !pattern.hasSuffix(" ") else { return nil }
        let bytes = Array(pattern.utf8)
        guard !bytes.contains(where: { [0x5C, 0x09, 0x0A, 0x0D, 0x3C, 0x3E, 0x1E, 0x1F].contains($0) }) else { return nil }
        if ignoreCase {
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            return bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        }
        return bytes
    }

    static func contains<C: Collection>(_ haystack: C, _ needle: [UInt8]) -> Bool where C.Element == UInt8 {
        guard let first = needle.first else { return true }
        var index = haystack.startIndex
        while let found = haystack[index...].firstIndex(of: first) {
            if haystack[found...].starts(with: needle) { return true }
            index = haystack.index(after: found)
        }
        return false
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

extension Journal {
    /// `journal search`: the matching entries, newest first, within the days and tag given. Only
    /// the cache records that may match are built into entries (`HistoryRecords`).
    public func search(_ search: EntrySearch, since: Day?, until: Day?, tag: String?) throws -> [HistoryEntry] {
        let records = try translatingGitErrors("cannot read the journal's history", as: JournalError.journal) {
            try HistoryRecords.current(repository)
        }
        if let records, let found = try matches(search, in: records, since: since, until: until, tag: tag) { return found.entries }
        return search.entries(in: try history(), since: since, until: until, tag: tag)
    }
}
