import Foundation

/// A change to an entry that a hand edit of its day file says: the history must follow it, so
/// the day files and the numbers agree (docs/PROTOCOL.md, "Hand edits read back").
enum EntryChange: Equatable {
    /// A section of an entry changed: its complete new state, same Entry-Id.
    case amend(Entry)
    /// An entry's section was removed.
    case delete(id: String, title: String, date: Day)
    /// A `## ` section written by hand: a new entry of that day, with a new id.
    case add(Entry)

    /// The entry concerned.
    var id: String {
        switch self {
        case .amend(let entry), .add(let entry): return entry.id
        case .delete(let id, _, _): return id
        }
    }

    /// One line for the user: `amended "Title" (2026-11-29)`.
    public var summary: String {
        switch self {
        case .amend(let entry): return "amended \"\(entry.title)\" (\(entry.date.iso))"
        case .add(let entry): return "added \"\(entry.title)\" (\(entry.date.iso))"
        case .delete(_, let title, let date): return "deleted \"\(title)\" (\(date.iso))"
        }
    }

    /// The commit message that records the change.
    var message: String {
        switch self {
        case .amend(let entry), .add(let entry): return CommitProtocol.message(for: entry)
        case .delete(let id, let title, let date): return CommitProtocol.deletion(id: id, title: title, date: date)
        }
    }
}

/// Reads a hand edit of one day file back into entry changes, by comparing the file as HEAD has
/// it (`old`) with the file as it is now (`new`) and with the entries history holds for that day.
struct DayFileReading {
    let day: Day
    /// The live entries of that day in history (written by journal), by id.
    let entries: [String: HistoryEntry]
    let now: Date
    /// Makes the id of a new entry.
    var makeID: () -> String

    /// The changes, and the new text with a marker on every section read as a new entry (the
    /// rest of the text exactly as the user left it).
    func read(old: String?, new raw: String) -> (changes: [EntryChange], text: String) {
        // An editor's CRLF is read (and written back) as LF.
        let new = raw.replacingOccurrences(of: "\r\n", with: "\n")
        let before = DaySections(old?.replacingOccurrences(of: "\r\n", with: "\n") ?? "")
        let after = DaySections(new)
        var changes: [EntryChange] = []
        // Sections of entries: changed or removed.
        for section in after.sections {
            guard let id = section.id, let entry = entries[id] else { continue }
            if before.section(id)?.text == section.text { continue }
            let fields = SectionFields(section)
            if fields.sameEntry(as: SectionFields(entry: entry, body: entry.body)) { continue }
            if let amended = try? fields.entry(id: id, date: day, writtenAt: entry.authoredAt) { changes.append(.amend(amended)) }
        }
        let present = Set(after.ids)
        for id in before.ids where !present.contains(id) {
            guard let entry = entries[id] else { continue }
            changes.append(.delete(id: id, title: entry.title, date: day))
        }
        // Sections written by hand become entries, unless the day still has entries from before
        // sections carried ids: then a `## ` line may be a heading inside one of them.
        let marked = Set(before.ids)
        guard entries.keys.allSatisfy(marked.contains) else { return (changes, new) }
        let oldUnmarked = Set(before.sections.filter { $0.id == nil }.map(\.text))
        var headings: [Int: String] = [:]  // line index of a new section's heading → its id
        let lineIndex = DayFileReading.headingLines(new)
        for (index, section) in after.sections.enumerated() where index < lineIndex.count {
            let line = lineIndex[index]
            guard section.id == nil, !oldUnmarked.contains(section.text) else { continue }
            let id = makeID()
            guard let entry = try? SectionFields(section).entry(id: id, date: day, writtenAt: now) else { continue }
            changes.append(.add(entry))
            headings[line] = id
        }
        guard !headings.isEmpty else { return (changes, new) }
        var lines = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (index, id) in headings {
            lines[index] = SectionMarker.strip(lines[index]).trimmingCharacters(in: .whitespaces) + " " + SectionMarker.marker(id)
        }
        return (changes, lines.joined(separator: "\n"))
    }

    /// The index of every line that starts a section, in order.
    static func headingLines(_ text: String) -> [Int] {
        var result: [Int] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.hasPrefix("## ") || line == "##" || line == "##\r" {
            result.append(index)
        }
        return result
    }
}

extension SectionFields {
    /// The entry these fields describe, checked as `journal add` checks what is typed.
    func entry(id: String, date: Day, writtenAt: Date) throws -> Entry {
        try Entry(
            id: id, date: date, title: title, body: body, hours: hours, tags: tags, papers: papers, shipped: shipped,
            writtenAt: writtenAt)
    }
}

/// Edits of one entry's section inside a day file, keeping every other byte as it is.
enum DayFileEdit {
    /// `text` with the section of entry `id` replaced by `section` (removed when nil); nil when
    /// the file has no section of that entry.
    static func replacing(_ id: String, with section: String?, in text: String) -> String? {
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map(
            String.init)
        guard let start = lines.firstIndex(where: { ($0.hasPrefix("## ") || $0 == "##") && SectionMarker.id(in: Substring($0)) == id })
        else { return nil }
        var end = start + 1
        while end < lines.count, !(lines[end].hasPrefix("## ") || lines[end] == "##") { end += 1 }
        // The section's own lines end at its last non-blank line; the blank lines after it stay.
        var last = end
        while last > start + 1, lines[last - 1].trimmingCharacters(in: .whitespaces).isEmpty { last -= 1 }
        if let section {
            var replacement = section.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            while replacement.last == "" { replacement.removeLast() }
            lines.replaceSubrange(start..<last, with: replacement)
        } else {
            // Removed with the blank lines before it, so the sections around it stay one blank line apart.
            var first = start
            while first > 0, lines[first - 1].trimmingCharacters(in: .whitespaces).isEmpty { first -= 1 }
            if first == 0 || end == lines.count { lines.removeSubrange(first..<end) } else { lines.removeSubrange(first..<last) }
        }
        var result = lines.joined(separator: "\n")
        if !result.isEmpty, !result.hasSuffix("\n") { result += "\n" }
        return result
    }
}
