import Foundation

/// A day file read back as the journal writes it: the text before its first entry (the day's
/// heading, notes written by hand), then one section per `## ` heading. A section the journal
/// wrote carries its Entry-Id in an HTML comment at the end of its heading line, which GitHub,
/// GitLab and Obsidian do not render: `## Read the LoRA paper <!-- entry:01KB9V… -->`.
struct DaySections: Equatable {
    struct Section: Equatable {
        /// The Entry-Id of the heading's marker; nil for a `## ` section written by hand.
        var id: String?
        /// The section's lines, from its heading to the line before the next section, without
        /// trailing blank lines.
        var text: String

        /// The heading line without `## ` and without the marker.
        var title: String {
            let heading = text.prefix { $0 != "\n" }
            return SectionMarker.strip(String(heading.dropFirst(3))).trimmingCharacters(in: .whitespaces)
        }
    }

    /// Everything before the first section, without trailing blank lines.
    var preamble: String
    var sections: [Section]

    init(preamble: String, sections: [Section]) {
        self.preamble = preamble
        self.sections = sections
    }

    /// Reads `text` (CRLF read as LF). Every line starting with `## ` starts a section.
    init(_ text: String) {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        var preamble: [Substring] = []
        var sections: [Section] = []
        var current: [Substring]?
        func close() {
            guard let lines = current else { return }
            let heading = lines[0]
            sections.append(Section(id: SectionMarker.id(in: heading), text: DaySections.joined(lines)))
            current = nil
        }
        for line in lines {
            if line.hasPrefix("## ") || line == "##" {
                close()
                current = [line]
            } else if current != nil {
                current!.append(line)
            } else {
                preamble.append(line)
            }
        }
        close()
        self.preamble = DaySections.joined(preamble)
        self.sections = sections
    }

    /// The file again: the preamble, then each section after one blank line, ending in a newline.
    var text: String {
        var parts: [String] = []
        if !preamble.isEmpty { parts.append(preamble) }
        parts += sections.map(\.text)
        return parts.isEmpty ? "" : parts.joined(separator: "\n\n") + "\n"
    }

    /// The section of entry `id`, if the file has one.
    func section(_ id: String) -> Section? {
        sections.first { $0.id == id }
    }

    var ids: [String] { sections.compactMap(\.id) }

    /// Lines joined, trailing blank lines (and trailing spaces of the last) dropped.
    static func joined(_ lines: [Substring]) -> String {
        var lines = lines
        while let last = lines.last, last.allSatisfy({ $0 == " " || $0 == "\t" }) { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}

/// The invisible mark that ties a section of a day file to its entry.
enum SectionMarker {
    static func marker(_ id: String) -> String { "<!-- entry:\(id) -->" }

    /// The Entry-Id marked at the end of a heading line.
    static func id(in heading: Substring) -> String? {
        let line = heading.trimmingCharacters(in: .whitespaces)
        guard line.hasSuffix("-->"), let open = line.range(of: "<!-- entry:", options: .backwards) else { return nil }
        let id = line[open.upperBound...].dropLast(3).trimmingCharacters(in: .whitespaces)
        return EntryID.isValid(id) ? id : nil
    }

    /// A heading without its marker.
    static func strip(_ heading: String) -> String {
        guard let open = heading.range(of: "<!-- entry:", options: .backwards), heading.hasSuffix("-->") else { return heading }
        return String(heading[..<open.lowerBound])
    }

    /// `section` with `id` marked on its first `## ` heading (one is added when a custom template
    /// wrote none).
    static func mark(_ section: String, id: String, title: String) -> String {
        var lines = section.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let index = lines.firstIndex(where: { $0.hasPrefix("## ") }) {
            lines[index] = strip(lines[index]).trimmingCharacters(in: .whitespaces) + " " + marker(id)
            return lines.joined(separator: "\n")
        }
        return "## \(title) \(marker(id))\n" + section
    }
}
