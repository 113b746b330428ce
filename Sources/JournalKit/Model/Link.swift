import Foundation

/// A paper read or a thing shipped: a title and an optional URL, written `Title <url>`.
public struct Link: Equatable, Sendable, Codable {
    public let title: String
    public let url: String?

    public init(title: String, url: String?) {
        self.title = title
        self.url = url
    }

    /// Parses `Title <https://...>`, `Title`, or a bare URL. `option` names the flag in errors.
    public init(parsing input: String, option: String) throws {
        try Text.requireOneLine(input, what: option)
        let text = input.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw JournalError.badInput("\(option): empty; use \"Title <https://...>\"") }
        if text.hasSuffix(">"), let open = text.lastIndex(of: "<") {
            let title = text[..<open].trimmingCharacters(in: .whitespaces)
            let url = text[text.index(after: open)..<text.index(before: text.endIndex)].trimmingCharacters(in: .whitespaces)
            guard !url.isEmpty, !url.contains(" "), !url.contains("<") else {
                throw JournalError.badInput("\(option): \"\(input)\" has a malformed <url>")
            }
            self.init(title: title.isEmpty ? url : title, url: url)
        } else if Link.looksLikeURL(text) {
            self.init(title: text, url: text)
        } else {
            guard !text.contains("<"), !text.contains(">") else {
                throw JournalError.badInput("\(option): \"\(input)\" has a malformed <url>; use \"Title <https://...>\"")
            }
            self.init(title: text, url: nil)
        }
    }

    /// Reads a trailer value written by `trailerValue` (or by hand): lenient, never throws, and
    /// cheap, since history reads it for every paper and shipped item.
    init?(trailer text: String) {
        guard !text.isEmpty else { return nil }
        if text.hasSuffix(">"), let open = text.lastIndex(of: "<") {
            var title = text[..<open]
            while title.last == " " { title.removeLast() }
            let url = text[text.index(after: open)..<text.index(before: text.endIndex)]
            guard !url.isEmpty else { return nil }
            self.init(title: title.isEmpty ? String(url) : String(title), url: String(url))
        } else if Link.looksLikeURL(text) {
            self.init(title: text, url: text)
        } else {
            self.init(title: text, url: nil)
        }
    }

    /// The trailer value: `Title <url>` or `Title`.
    public var trailerValue: String {
        guard let url, url != title else { return url ?? title }
        return "\(title) <\(url)>"
    }

    static func looksLikeURL(_ text: String) -> Bool {
        !text.contains(" ") && (text.hasPrefix("http://") || text.hasPrefix("https://"))
    }
}
