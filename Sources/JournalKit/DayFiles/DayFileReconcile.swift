import Foundation
internal import GitKit

/// Brings day files in line with history after a merge: a side can correct or delete an entry in
/// a commit that does not touch its day file (a hand edit read back), so the file a merge takes
/// from the other side can show a state history no longer has. Each such section is rewritten
/// from the entry's newest state (its time of day kept), removed when the entry is deleted or
/// lives on another day, and a live entry with no section gets one.
enum DayFileReconcile {
    static func reconcile(_ text: String, day: Day, entries: [String: HistoryEntry], templates: Templates) throws -> String {
        let sections = DaySections(text)
        var result = text
        var shown = Set<String>()
        for section in sections.sections {
            guard let id = section.id else { continue }
            // A second section of one entry is left as it is (check reports it); only the first is kept in line.
            guard shown.insert(id).inserted else { continue }
            guard let entry = entries[id], entry.date == day else {
                result = DayFileEdit.replacing(id, with: nil, in: result) ?? result
                continue
            }
            let fields = SectionFields(section)
            if fields.sameEntry(as: SectionFields(entry: entry, body: entry.body)) { continue }
            let rendered = try DayFileRendering.section(for: try entry.asEntry(), time: fields.time ?? "00:00", templates: templates)
            result = DayFileEdit.replacing(id, with: rendered, in: result) ?? result
        }
        for entry in entries.values.filter({ $0.date == day && $0.kind == .entry && !shown.contains($0.id) }).sorted(by: { $0.id < $1.id })
        where !sections.sections.contains(where: { $0.id == nil && $0.title == entry.title }) {
            let section = try DayFileRendering.section(for: try entry.asEntry(), time: "00:00", templates: templates)
            result = String(
                decoding: try DayFileRendering.append(section: section, to: Data(result.utf8), day: day, templates: templates),
                as: UTF8.self)
        }
        return result
    }

    /// The days of entries that commits between `base` and `tip` set or deleted.
    static func touchedDays(from tip: ObjectID, since base: ObjectID, in repository: Repository, entries: [String: HistoryEntry]) throws
        -> Set<Day>
    {
        var days = Set<Day>()
        try repository.scanCommits(from: tip, hiding: base) { _, message in
            let facts = try CommitProtocol.read(message)
            if let date = facts.entryDate { days.insert(date) }
            if let id = facts.entryID, let entry = entries[id] { days.insert(entry.date) }
            return true
        }
        return days
    }
}

extension HistoryEntry {
    /// The entry as the writer renders it.
    func asEntry() throws -> Entry {
        try Entry(
            id: id, date: date, title: title, body: body, hours: hours > 0 ? Hours(minutes: hours * 60) : nil, tags: tags, papers: papers,
            shipped: shipped, writtenAt: authoredAt)
    }
}
