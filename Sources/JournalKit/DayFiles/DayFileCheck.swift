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
        // Where each live entry is, for a section found in another day's file: ids and days only.
        // Entries themselves come one day at a time (`forEachEntryOldestFirst`), never all held.
        var live: [String: Day] = [:]
        try translatingGitErrors("cannot read the journal's history", as: JournalError.journal) {
            try HistoryCache.forEachEntryDay(repository) { id, day in live[id] = day }
        }
        let disk = dayFilesOnDisk().sorted()
        var next = 0
        var found: [Disagreement] = []
        var current: (day: Day, entries: [HistoryEntry])?
        func finish() {
            guard let day = current else { return }
            check(day: day.day, entries: day.entries, live: live, into: &found)
            if next < disk.count && disk[next] == day.day { next += 1 }
        }
        /// Day files with no entry in history, before `day`.
        func onlyOnDisk(before day: Day?) {
            while next < disk.count, day.map({ disk[next] < $0 }) ?? true {
                check(day: disk[next], entries: [], live: live, into: &found)
                next += 1
            }
        }
        try translatingGitErrors("cannot read the journal's history", as: JournalError.journal) {
            try HistoryCache.forEachEntryOldestFirst(repository) { entry in
                guard entry.kind == .entry else { return }
                if current?.day == entry.date {
                    current?.entries.append(entry)
                    return
                }
                finish()
                onlyOnDisk(before: entry.date)
                current = (entry.date, [entry])
            }
        }
        finish()
        onlyOnDisk(before: nil)
        return found
    }

    /// What `check` finds in one day's file.
    private func check(day: Day, entries: [HistoryEntry], live: [String: Day], into found: inout [Disagreement]) {
        let file = Journal.dayFile(day)
        guard let data = dayText(day) else {
            for entry in entries.sorted(by: { $0.order < $1.order }) {
                found.append(Disagreement(file: file, entry: entry.id, what: "the file is missing; history has \"\(entry.title)\""))
            }
            return
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
                        Disagreement(file: file, entry: id, what: "\"\(section.title)\" is an entry of \(other.iso) in history"))
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
