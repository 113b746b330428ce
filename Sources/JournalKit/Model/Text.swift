import Foundation

/// Checks on text a user types, so that nothing typed can break a file or forge a trailer.
enum Text {
    /// One line without control characters, tab included: titles, tags, papers and shipped items
    /// are shown inside one Markdown line, where a tab would not be what was meant.
    static func requireOneLine(_ text: String, what: String) throws {
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

    /// C0 and C1 controls other than tab, newline and carriage return.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || (0x7F...0x9F).contains(v)
    }

    /// A body as stored: LF line ends, no controls, no trailing blank lines or spaces.
    static func normaliseBody(_ text: String) throws -> String {
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
