import Foundation

/// A day holds at most 24 hours in total (README "Streaks, hours and goals"). `add`, `import`
/// and `amend` all ask `requireRoom` before they write.
extension Journal {
    /// The most hours one day can hold, all its entries together.
    public static let maximumDayHours = 24.0

    /// Refuses (bad input, nothing written) when `hours` more on `day` would take the day past
    /// 24 h, saying how many hours it already has. The day's total comes from `summary` when the
    /// caller has it, else from `dayTotal`; `replacing` is an entry whose current hours give way
    /// to the new ones (an amended entry). `what` starts the message (`--hours`, `import: ...`).
    public func requireRoom(
        on day: Day, for hours: Hours?, replacing old: HistoryEntry? = nil, summary: HistorySummary? = nil,
        what: String = "--hours"
    ) throws {
        guard let hours, hours.minutes > 0 else { return }
        var already = try summary.map { $0.days[day]?.hours ?? 0 } ?? dayTotal(day)
        if let old, old.date == day { already -= old.hours }
        try Journal.requireRoom(on: day, already: already, adding: hours.value, what: what)
    }

    /// What `day` holds now, without bringing the history cache up to date (that rewrites it, a
    /// cost that grows with the journal, and `add` runs often): the cached summary when it is
    /// current at HEAD, else the hours its day file's sections show, which agree with history
    /// after every journal command (`journal check`).
    func dayTotal(_ day: Day) throws -> Double {
        if let summary = try HistoryCache.currentSummary(repository) { return summary.days[day]?.hours ?? 0 }
        guard let data = dayText(day) else { return 0 }
        return DaySections(String(decoding: data, as: UTF8.self)).sections.filter { $0.id != nil }
            .reduce(0) { $0 + (SectionFields($1).hours?.value ?? 0) }
    }

    /// The same for entries about to be imported: per day, their hours plus what the day has.
    func requireRoom(forImported entries: [Entry]) throws {
        var added: [Day: Double] = [:]
        for entry in entries { if let hours = entry.hours { added[entry.date, default: 0] += hours.minutes } }
        try requireRoom(forImportedMinutes: added)
    }

    /// The same, given the minutes the import adds to each day.
    func requireRoom(forImportedMinutes added: [Day: Double]) throws {
        guard !added.isEmpty else { return }
        let summary = try historySummary()
        for (day, minutes) in added.sorted(by: { $0.key < $1.key }) {
            try requireRoom(on: day, for: Hours(minutes: minutes), summary: summary, what: "import (nothing was imported)")
        }
    }

    /// The rule itself, on numbers: minutes are compared, so three entries of 8 h make exactly 24 h.
    static func requireRoom(on day: Day, already: Double, adding hours: Double, what: String) throws {
        let total = Hours.toMinute(max(0, already) + hours)
        guard total > maximumDayHours else { return }
        let has = Hours.format(max(0, already))
        throw JournalError.badInput(
            "\(what): \(day.iso) already has \(has) h; \(Hours.format(hours)) h more would make \(Hours.format(total)) h, "
                + "and a day holds at most 24 h")
    }
}
