import Foundation

/// Checks on text a user types, so that nothing typed can break a file or forge a trailer.
enum Text {
    /// One line without control characters, tab included: titles, tags, papers and shipped items
    /// are shown inside one Markdown line, where a tab would not be what was meant.
    static func requireOneLine(_ text: String, what: String) throws {
        // Printable ASCII alone passes every check below.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return }
        if text.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\u{2028}" || $0 == "\u{2029}" }) {
            throw JournalError.badInput("\(what) must be one line")
        }
        if text.unicodeScalars.contains(where: { $0 == "\t" }) {
            throw JournalError.badInput("\(what) contains a tab; use spaces")
        }
        if text.unicodeScalars.contains(where: { isControl($0) }) {
            throw JournalError.badInput("\(what) contains a control character")
        }
    }

    /// `text` without the white space at its ends: what Foundation's `trimmingCharacters(in:)`
    /// gives on Linux with `.whitespaces` (tab, U+0020, U+00A0, U+1680, U+2000-U+200B, U+202F,
    /// U+205F, U+3000: listed by asking Foundation for every scalar), or with
    /// `.whitespacesAndNewlines` when `newlines` (also U+000A-U+000D, U+0085, U+2028, U+2029),
    /// read scalar by scalar without going through NSString (an import trims 100,000 bodies).
    static func trimmed(_ text: some StringProtocol, newlines: Bool = false) -> String {
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x20, 0x09, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: return true
            case 0x0A...0x0D, 0x85, 0x2028, 0x2029: return newlines
            default: return false
            }
        }
        let scalars = Substring(text).unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }), let last = scalars.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(scalars[first...last])
    }

    /// Whether `normaliseBody` would give `text` back unchanged, read from its bytes: printable
    /// ASCII, tabs, line feeds and non-ASCII other than C1 controls (UTF-8 C2 80-C2 9F), no
    /// carriage return, no space or tab before a line end, no line feed at either end.
    static func isNormalBody(_ text: String) -> Bool {
        let utf8 = text.utf8
        if utf8.first == 0x0A || utf8.last == 0x0A || utf8.last == 0x20 || utf8.last == 0x09 { return false }
        var previous: UInt8 = 0
        for byte in utf8 {
            switch byte {
            case 0x0A where previous == 0x20 || previous == 0x09: return false
            case 0x09, 0x0A, 0x20..<0x7F, 0xC3...: break
            case 0x80...0x9F where previous == 0xC2: return false
            case 0x80...0xC2: break
            default: return false
            }
            previous = byte
        }
        return true
    }

    /// C0 and C1 controls other than tab, newline and carriage return.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || (0x7F...0x9F).contains(v)
    }

    /// A body as stored: LF line ends, no controls, no trailing blank lines or spaces.
    static func normaliseBody(_ text: String) throws -> String {
        if isNormalBody(text) { return text }
        let unified = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        if unified.unicodeScalars.contains(where: { isControl($0) }) {
            throw JournalError.badInput("the body contains a control character")
        }
        let lines = unified.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            var l = line
            while let last = l.last, last == " " || last == "\t" { l = l.dropLast() }
            return l
        }
        var result = lines.joined(separator: "\n")
        while result.hasSuffix("\n") { result.removeLast() }
        while result.hasPrefix("\n") { result.removeFirst() }
        return result
    }
}
