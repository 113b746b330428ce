import Foundation
import Ink

/// Escaping for everything the site writes: every piece of text from an entry goes through
/// `text` (element content) or `attribute` (a quoted attribute value), so a title holding
/// `<script>` or quotes is shown as typed and runs nothing.
enum HTML {
    /// `&`, `<`, `>`, `"` and `'` as entities: safe as element content and inside a quoted attribute.
    static func escape(_ text: String) -> String {
        // Nearly every title and tag has nothing to escape: handed back as it is.
        let plain = !text.utf8.contains { byte in
            switch byte {
            case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"): return true
            case 0x09, 0x0A: return false
            default: return byte < 0x20
            }
        }
        if plain { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters other than tab and newline are not allowed in XML 1.0.
                if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A URL from an entry, if it may be a link target: http(s) or mailto, nothing that runs.
    static func safeURL(_ url: String?) -> String? {
        guard let url = url?.trimmingCharacters(in: .whitespaces), !url.isEmpty else { return nil }
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:") else { return nil }
        guard !url.unicodeScalars.contains(where: { $0.value < 0x21 || $0 == "\"" || $0 == "<" || $0 == ">" || $0 == "`" }) else {
            return nil
        }
        return url
    }

    /// `<a href="url">title</a>` when the URL is safe, else the title alone (both escaped).
    static func link(title: String, url: String?, rel: String = "noopener") -> String {
        guard let url = safeURL(url) else { return escape(title) }
        return "<a href=\"\(escape(url))\" rel=\"\(rel)\">\(escape(title))</a>"
    }
}

/// An entry's Markdown body as HTML, through Ink. Ink passes raw HTML, link and image targets and
/// a code block's language through unescaped, so its modifiers replace each of those: raw HTML
/// is shown as text, a link keeps its text only when its target is a safe http(s) URL, an image
/// becomes its source text, a code block loses its language class.
enum MarkdownHTML {
    static func render(_ markdown: String) -> String {
        var parser = MarkdownParser()
        parser.addModifier(Modifier(target: .html) { _, source in HTML.escape(String(source)) })
        parser.addModifier(Modifier(target: .images) { _, source in HTML.escape(String(source)) })
        parser.addModifier(Modifier(target: .links) { html, source in safeLink(html: html, source: Substring(source)) })
        parser.addModifier(Modifier(target: .codeBlocks) { html, source in plainCodeBlock(html: html, source: Substring(source)) })
        return parser.html(from: markdown)
    }

    /// Ink writes an inline link `[text](url)` as `<a href="url">text-html</a>`, with the URL as
    /// typed. The URL is found as the one whose `(url)` ends the source; anything else (a
    /// reference link, an odd shape) is shown as its escaped source.
    static func safeLink(html: String, source: Substring) -> String {
        let prefix = "<a href=\""
        guard html.hasPrefix(prefix), html.hasSuffix("</a>"), source.hasSuffix(")") else { return HTML.escape(String(source)) }
        let inner = html.dropFirst(prefix.count).dropLast(4)
        var search = inner.startIndex
        while let split = inner[search...].range(of: "\">") {
            let url = String(inner[..<split.lowerBound])
            if source.hasSuffix("(" + url + ")") {
                let text = String(inner[split.upperBound...])
                // `[text](<url>)`, CommonMark's form for a URL with spaces: Ink keeps the brackets.
                let bare = url.hasPrefix("<") && url.hasSuffix(">") ? String(url.dropFirst().dropLast()) : url
                guard let safe = HTML.safeURL(bare) else { return text }
                return "<a href=\"\(HTML.escape(safe))\" rel=\"nofollow noopener\">\(text)</a>"
            }
            search = split.upperBound
        }
        return HTML.escape(String(source))
    }

    /// A fenced block's HTML without the `class="language-..."` Ink copies from the fence line.
    static func plainCodeBlock(html: String, source: Substring) -> String {
        let plain = "<pre><code>"
        if html.hasPrefix(plain) { return html }
        let fence = source.prefix { $0 != "\n" }
        let language = fence.drop { $0 == "`" }.drop { $0 == " " || $0 == "\t" }
        var trimmed = Substring(language)
        while let last = trimmed.last, last == " " || last == "\t" { trimmed = trimmed.dropLast() }
        let head = "<pre><code class=\"language-\(trimmed)\">"
        guard html.hasPrefix(head) else { return "<pre><code>" + HTML.escape(String(source)) + "</code></pre>" }
        return plain + html.dropFirst(head.count)
    }
}
