import Foundation

/// How sync merges one day file that both machines changed: entry by entry, never line by line.
/// Each side is read as its text outside entries and its sections (DaySections); the merge keeps
/// every entry history keeps, once, in its newest state (the merged history decides, so every
/// machine writes the same file), keeps both sides' text outside entries, orders sections by
/// their time of day, and writes LF line endings. It never depends on `merge=union`.
enum DayFileMerge {
    /// `entries`: the live entries of the merged history, by id.
    static func byEntry(day: Day, base: Data?, ours: Data, theirs: Data, entries: [String: HistoryEntry]) -> Data {
        let text = { (data: Data?) in data.map { String(decoding: $0, as: UTF8.self) } ?? "" }
        let before = DaySections(text(base))
        // The two sides in a fixed order, so both machines compute the same file.
        let sides = [DaySections(text(ours)), DaySections(text(theirs))].sorted { $0.text < $1.text }
        var sections: [(section: DaySections.Section, order: Int)] = []
        var seen = Set<String>()
        var order = 0
        for side in sides {
            for section in side.sections {
                order += 1
                if let id = section.id {
                    guard seen.insert(id).inserted else { continue }
                    // Deleted, or moved to another day, in the merged history: not in this file.
                    guard let entry = entries[id], entry.date == day else { continue }
                    sections.append((newest(of: id, entry: entry, among: sides.compactMap { $0.section(id) }), order))
                } else {
                    // Text written by hand in a section of its own: kept unless one side removed it.
                    guard !sections.contains(where: { $0.section == section }) else { continue }
                    let inBase = before.sections.contains(section)
                    let inBoth = sides.allSatisfy { $0.sections.contains(section) }
                    if !inBase || inBoth { sections.append((section, order)) }
                }
            }
        }
        sections.sort { a, b in
            let (ta, tb) = (SectionFields(a.section).time ?? "99:99", SectionFields(b.section).time ?? "99:99")
            return ta != tb ? ta < tb : a.order < b.order
        }
        let merged = DaySections(
            preamble: preamble(base: before.preamble, sides[0].preamble, sides[1].preamble), sections: sections.map(\.section))
        return Data(merged.text.utf8)
    }

    /// The section that shows the entry's newest state: the side whose section reads as history
    /// has the entry (both: the first in the fixed order).
    static func newest(of id: String, entry: HistoryEntry, among candidates: [DaySections.Section]) -> DaySections.Section {
        let wanted = SectionFields(entry: entry, body: entry.body)
        return candidates.first { SectionFields($0).sameEntry(as: wanted) } ?? candidates[0]
    }

    /// Both sides' text before the first entry: one side's change when only it changed, else the
    /// lines of both (in a fixed order).
    static func preamble(base: String, _ one: String, _ other: String) -> String {
        if one == other || other == base { return one }
        if one == base { return other }
        var lines = one.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let baseLines = Set(base.split(separator: "\n").map(String.init))
        for line in other.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        where !lines.contains(line) || line.isEmpty {
            if line.isEmpty || baseLines.contains(line) { continue }
            lines.append(line)
        }
        return DaySections.joined(lines.map { Substring($0) })
    }
}
