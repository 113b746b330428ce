import Foundation

/// `journal search`: the entries as `journal log` lists them, the matches highlighted, with the
/// body lines that match beneath their entry.
public enum SearchRendering {
    public static func text(_ entries: [HistoryEntry], search: EntrySearch, style: TerminalStyle, write: (String) -> Void) {
        var out = ""
        let indent = String(repeating: " ", count: 20)
        for entry in entries {
            let hours = entry.hours > 0 ? Hours.format(entry.hours) + " h" : "-"
            var line =
                "\(style.dim(entry.date.iso))  \(style.cyan(hours.padding(toLength: max(6, hours.count), withPad: " ", startingAt: 0)))  "
                + highlight(entry.title, search: search, style: style)
            if !entry.tags.isEmpty {
                line += "  " + entry.tags.map { style.yellow("#") + highlight($0, search: search, style: style) }.joined(separator: " ")
            }
            out += line + "\n"
            for paper in entry.papers { out += indent + "paper: " + highlight(paper.trailerValue, search: search, style: style) + "\n" }
            for item in entry.shipped { out += indent + "shipped: " + highlight(item.trailerValue, search: search, style: style) + "\n" }
            for bodyLine in entry.body.split(separator: "\n") where search.matches(String(bodyLine)) {
                out += indent + highlight(String(bodyLine), search: search, style: style) + "\n"
            }
            if out.utf8.count > 1 << 16 {
                write(out)
                out = ""
            }
        }
        write(out)
    }

    /// `text` with each match in bold red on a terminal; unchanged otherwise.
    static func highlight(_ text: String, search: EntrySearch, style: TerminalStyle) -> String {
        guard style.colour else { return text }
        var out = ""
        var last = text.startIndex
        for range in search.ranges(in: text) {
            out += text[last..<range.lowerBound] + style.highlight(String(text[range]))
            last = range.upperBound
        }
        return out + text[last...]
    }
}
