import Foundation

/// The facts every report is computed from: hours and entries per day up to "today", the rest
/// days, and the goals. Built from history alone.
public struct Activity: Sendable {
    public struct DayTotal: Sendable, Equatable {
        public var hours: Double = 0
        public var entries: Int = 0
    }

    /// The report's "today" (`--as-of`): entries dated after it are ignored; it is pending until it has one.
    public let today: Day
    public let days: [Day: DayTotal]
    /// Rest days declared with `journal rest` (any date).
    public let declaredRest: Set<Day>
    /// Days whose newest word is `journal rest --cancel`: ordinary days, even on a rest weekday.
    public let cancelledRest: Set<Day>
    /// Planned rest weekdays from `streak.rest-days` (1 Monday ... 7 Sunday).
    public let restWeekdays: Set<Int>
    public let weeklyGoal: Double
    /// Papers and shipped items up to today, oldest first.
    public let papers: [DatedLink]
    public let shipped: [DatedLink]
    /// The journal's first entry, when `days` holds only some entries (a tag).
    let firstEntryDay: Day?
    /// The first day with an entry, if any (found once: reports ask for it once a week of history).
    public let firstDay: Day?

    public init(summary: HistorySummary, settings: Settings, today: Day) {
        self.today = today
        days = summary.days.filter { $0.key <= today }
        declaredRest = summary.restDays
        cancelledRest = summary.cancelledRestDays
        restWeekdays = settings.restDays
        weeklyGoal = settings.weeklyHours
        papers = summary.papers.filter { $0.date <= today }
        shipped = summary.shipped.filter { $0.date <= today }
        firstEntryDay = summary.firstEntryDay
        firstDay = days.keys.min()
    }

    /// `tag` keeps only entries with that tag.
    public init(history: History, settings: Settings, today: Day, tag: String? = nil) {
        self.init(summary: HistorySummary(history: history, tag: tag), settings: settings, today: today)
    }

    public func isActive(_ day: Day) -> Bool { (days[day]?.entries ?? 0) > 0 }

    /// A day's hours, rounded to the minute (the unit every report shows and compares).
    public func hours(on day: Day) -> Double { Hours.toMinute(days[day]?.hours ?? 0) }

    /// A planned rest day: declared with `journal rest`, or one of the rest weekdays unless
    /// `journal rest --cancel` took it back.
    public func isRest(_ day: Day) -> Bool {
        declaredRest.contains(day) || (restWeekdays.contains(day.weekday) && !cancelledRest.contains(day))
    }

    /// The day the journal's goals start: its first entry (of any tag), or today when it has
    /// none. Periods before it are not reported and never missed.
    public var start: Day { min(firstEntryDay ?? firstDay ?? today, today) }

    /// The hours goal of `first ... last` (inclusive): the weekly goal times days/7, counting only
    /// days from the journal's `start`; 0 when the range ends before it.
    public func goal(from first: Day, to last: Day) -> Double {
        let from = max(first, start)
        guard last >= from else { return 0 }
        return weeklyGoal * Double(last.days(since: from) + 1) / 7
    }

    /// Hours from `start` to `end` inclusive, rounded to the minute.
    public func hours(from start: Day, to end: Day) -> Double {
        Hours.toMinute(exactHours(from: start, to: end))
    }

    private func exactHours(from start: Day, to end: Day) -> Double {
        if end.days(since: start) < days.count {
            var total = 0.0
            var day = start
            while day <= end {
                total += hours(on: day)
                day = day.adding(days: 1)
            }
            return total
        }
        return days.reduce(0) { $1.key >= start && $1.key <= end ? $0 + $1.value.hours : $0 }
    }

    /// The share of the weekly goal a working day carries: the goal spread over non-rest weekdays.
    public var dailyGoal: Double {
        weeklyGoal / Double(max(1, 7 - restWeekdays.count))
    }
}
