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
    /// Planned rest weekdays from `streak.rest-days` (1 Monday ... 7 Sunday).
    public let restWeekdays: Set<Int>
    public let weeklyGoal: Double
    /// Papers and shipped items up to today, oldest first.
    public let papers: [DatedLink]
    public let shipped: [DatedLink]

    public init(summary: HistorySummary, settings: Settings, today: Day) {
        self.today = today
        days = summary.days.filter { $0.key <= today }
        declaredRest = summary.restDays
        restWeekdays = settings.restDays
        weeklyGoal = settings.weeklyHours
        papers = summary.papers.filter { $0.date <= today }
        shipped = summary.shipped.filter { $0.date <= today }
    }

    /// `tag` keeps only entries with that tag.
    public init(history: History, settings: Settings, today: Day, tag: String? = nil) {
        self.init(summary: HistorySummary(history: history, tag: tag), settings: settings, today: today)
    }

    public func isActive(_ day: Day) -> Bool { (days[day]?.entries ?? 0) > 0 }

    public func hours(on day: Day) -> Double { days[day]?.hours ?? 0 }

    /// A planned rest day: one of the rest weekdays, or declared with `journal rest`.
    public func isRest(_ day: Day) -> Bool { restWeekdays.contains(day.weekday) || declaredRest.contains(day) }

    /// The first day with an entry, if any.
    public var firstDay: Day? { days.keys.min() }

    /// Hours from `start` to `end` inclusive.
    public func hours(from start: Day, to end: Day) -> Double {
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
