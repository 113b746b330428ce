import Foundation

/// What `journal demo` shows: the journal's totals and its last week.
public struct DemoSummary: Encodable {
    public let today: String
    public let entries: Int
    public let active_days: Int
    public let total_hours: Double
    public let weeks: Int
    public let papers: Int
    public let shipped: Int
    public let last_week: [DayLine]

    public struct DayLine: Encodable {
        public let date: String
        public let hours: Double
        public let titles: [String]
    }

    public init(history: History, today: Day) {
        let entries = history.entries
        self.today = today.iso
        self.entries = entries.count
        active_days = Set(entries.map(\.date)).count
        total_hours = Hours.json(entries.reduce(0) { $0 + $1.hours })
        let first = entries.map(\.date).min() ?? today
        weeks = today.startOfISOWeek.days(since: first.startOfISOWeek) / 7 + 1
        papers = Set(entries.flatMap(\.papers).map(\.title)).count
        shipped = entries.flatMap(\.shipped).count
        last_week = (0..<7).reversed().map { back in
            let day = today.adding(days: -back)
            let those = entries.filter { $0.date == day }.sorted { $0.authoredAt < $1.authoredAt }
            return DayLine(date: day.iso, hours: Hours.json(those.reduce(0) { $0 + $1.hours }), titles: those.map(\.title))
        }
    }

    public func text(style: TerminalStyle) -> String {
        var out = style.bold("Demo journal: \(weeks) weeks of learning beside a job") + "\n"
        out += "  \(entries) entries on \(active_days) days, \(Hours.format(total_hours)) h"
        out += " (\(Hours.format(total_hours / Double(max(weeks, 1)))) h a week)\n"
        out += "  \(papers) papers read, \(shipped) things shipped\n\n"
        out += style.bold("The last seven days") + "\n"
        for line in last_week {
            let day = Day(iso: line.date)!
            let name = String(Day.weekdayNames[day.weekday - 1].prefix(3)).capitalized
            let hours = line.hours > 0 ? Hours.format(line.hours) + " h" : "-"
            out += "  \(style.dim(name + " " + line.date))  \(style.cyan(hours.padding(toLength: 6, withPad: " ", startingAt: 0)))  "
            out += (line.titles.first ?? style.dim("(no entry)"))
            if line.titles.count > 1 { out += style.dim(" +\(line.titles.count - 1) more") }
            out += "\n"
        }
        return out
    }
}
