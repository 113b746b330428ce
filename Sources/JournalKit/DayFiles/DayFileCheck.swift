import Foundation

/// One place where a day file and history disagree (`journal check`).
public struct Disagreement: Equatable, Sendable {
    /// The day file, relative to the journal.
    public let file: String
    /// The entry concerned (its Entry-Id), when there is one.
    public let entry: String?
    /// What differs, in one line.
    public let what: String
}

extension Journal {
    /// Compares every day file in the working tree with what history says of its day: each live
    /// entry journal wrote has one section with its id, showing its newest state; no section
    /// belongs to a deleted or unknown entry; no section written by hand waits unread.
    public func check() throws -> [Disagreement] {
        let history = try self.history()
        var byDay: [Day: [HistoryEntry]] = [:]
        for entry in history.entries where entry.kind == .entry { byDay[entry.date, default: []].append(entry) }
        let live = Dictionary(history.entries.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var days = Set(byDay.keys)
        days.formUnion(dayFilesOnDisk())
        var found: [Disagreement] = []
        for day in days.sorted() {
            let file = Journal.dayFile(day)
            let entries = byDay[day] ?? []
            guard let data = dayText(day) else {
                for entry in entries.sorted(by: { $0.order < $1.order }) {
                    found.append(Disagreement(file: file, entry: entry.id, what: "the file is missing; history has \"\(entry.title)\""))
                }
                continue
            }
            let sections = DaySections(String(decoding: data, as: UTF8.self))
            var seen = Set<String>()
            // Sections from before sections carried ids match their entries by title.
            var unmarkedTitles = sections.sections.filter { $0.id == nil }.map(\.title)
            for entry in entries.sorted(by: { $0.order < $1.order }) {
                guard let section = sections.section(entry.id) else {
                    if let index = unmarkedTitles.firstIndex(of: entry.title) {
                        unmarkedTitles.remove(at: index)
                    } else {
                        found.append(
                            Disagreement(file: file, entry: entry.id, what: "no section for \"\(entry.title)\", which history has"))
                    }
                    continue
                }
                seen.insert(entry.id)
                let inFile = SectionFields(section)
                let inHistory = SectionFields(entry: entry, body: entry.body)
                if !inFile.sameEntry(as: inHistory) {
                    found.append(Disagreement(file: file, entry: entry.id, what: Journal.difference(inFile, inHistory)))
                }
            }
            for section in sections.sections {
                if let id = section.id {
                    if seen.contains(id) { continue }
                    if sections.sections.filter({ $0.id == id }).count > 1 {
                        found.append(Disagreement(file: file, entry: id, what: "\"\(section.title)\" appears more than once"))
                    } else if let other = live[id] {
                        found.append(
                            Disagreement(file: file, entry: id, what: "\"\(section.title)\" is an entry of \(other.date.iso) in history"))
                    } else {
                        found.append(Disagreement(file: file, entry: id, what: "\"\(section.title)\" is deleted or unknown in history"))
                    }
                    seen.insert(id)
                } else if unmarkedTitles.contains(section.title), entries.allSatisfy({ sections.section($0.id) != nil }) {
                    found.append(
                        Disagreement(
                            file: file, entry: nil,
                            what: "\"\(section.title)\" was written by hand and not yet committed (journal sync commits it)"))
                }
            }
        }
        return found
    }

    /// The days that have a day file in the working tree.
    private func dayFilesOnDisk() -> [Day] {
        guard let enumerator = FileManager.default.enumerator(atPath: path("entries")) else { return [] }
        var days: [Day] = []
        for case let relative as String in enumerator {
            if let day = Journal.day(ofDayFile: "entries/" + relative) { days.append(day) }
        }
        return days
    }

    /// What differs between a section and history, in one line.
    static func difference(_ file: SectionFields, _ history: SectionFields) -> String {
        var parts: [String] = []
        if file.title != history.title { parts.append("title \"\(file.title)\" in the file, \"\(history.title)\" in history") }
        let hours = { (fields: SectionFields) in fields.hours.map { "\($0) h" } ?? "no hours" }
        if hours(file) != hours(history) { parts.append("\(hours(file)) in the file, \(hours(history)) in history") }
        if file.tags != history.tags { parts.append("tags differ") }
        if file.papers != history.papers { parts.append("papers differ") }
        if file.shipped != history.shipped { parts.append("shipped items differ") }
        if parts.isEmpty { parts.append("the body differs") }
        return "\"\(history.title)\": " + parts.joined(separator: "; ")
    }
}
