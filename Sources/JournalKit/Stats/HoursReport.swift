import Foundation

/// Hours per period against the goal: the timesheet of `journal hours`.
public struct HoursReport: Sendable {
    public enum Period: String, CaseIterable, Sendable {
        case day, week, month, year
    }

    public enum Status: String, Sendable {
        case met, missed, pending, rest
    }

    public struct Row: Sendable, Equatable {
        /// `2026-11-29`, `2026-W48`, `2026-11` or `2026`.
        public let period: String
        /// The days counted: the whole period, or the part of it inside `--since`/`--until` and
        /// on or after the journal's first entry.
        public let start: Day
        public let end: Day
        /// Rounded to the minute.
        public let hours: Double
        /// Prorated to the days counted, rounded to the minute.
        public let goal: Double
        public let status: Status
        /// True when some of the period's days are not counted (cut by the range or before the
        /// journal's first entry).
        public var partial: Bool = false
        public var remaining: Double { max(0, goal - hours) }
    }

    public let by: Period
    public let rows: [Row]
    public var totalHours: Double { rows.reduce(0) { $0 + $1.hours } }

    /// The periods overlapping `since ... until` (default: the last 14 days, 8 weeks, 6 months,
    /// or every year with entries), oldest first, clipped to that range and starting at the
    /// journal's first entry: a period cut by either counts only its days inside, against a goal
    /// prorated to them, and is `partial`. Hours never count entries after `activity.today`.
    public init(activity: Activity, by: Period, since: Day? = nil, until: Day? = nil) {
        self.by = by
        let today = activity.today
        let last = min(until ?? today, today)
        let first: Day
        if let since {
            first = since
        } else {
            switch by {
            case .day: first = last.adding(days: -13)
            case .week: first = last.startOfISOWeek.adding(days: -7 * 7)
            case .month: first = HoursReport.monthStart(last, monthsBack: 5)
            case .year: first = Day(year: (activity.firstDay ?? last).year, month: 1, day: 1)!
            }
        }
        // Days before the journal's first entry are neither counted nor missed.
        let counted = max(first, activity.start)
        var rows: [Row] = []
        var start = HoursReport.periodStart(counted, by)
        while start <= last {
            let end = HoursReport.periodEnd(start, by)
            let from = max(start, counted)
            let to = min(end, until ?? end)
            let hours = activity.hours(from: from, to: min(to, today))
            var goal: Double
            var isRest = false
            switch by {
            case .day:
                isRest = activity.isRest(start)
                goal = isRest ? 0 : activity.dailyGoal
            case .week, .month, .year: goal = activity.goal(from: from, to: to)
            }
            // To the minute, like the hours it is compared with, so text and JSON show the same goal.
            goal = Hours.toMinute(goal)
            let met = hours >= goal - 1e-9
            let status: Status
            if isRest {
                status = hours > 0 && hours >= activity.dailyGoal ? .met : .rest
            } else if met && goal > 0 {
                status = .met
            } else if to >= today {
                status = .pending
            } else {
                status = .missed
            }
            rows.append(
                Row(
                    period: HoursReport.label(start, by), start: from, end: to, hours: hours, goal: goal, status: status,
                    partial: from != start || to != end))
            start = end.adding(days: 1)
        }
        self.rows = rows
    }

    static func periodStart(_ day: Day, _ by: Period) -> Day {
        switch by {
        case .day: return day
        case .week: return day.startOfISOWeek
        case .month: return Day(year: day.year, month: day.month, day: 1)!
        case .year: return Day(year: day.year, month: 1, day: 1)!
        }
    }

    static func periodEnd(_ start: Day, _ by: Period) -> Day {
        switch by {
        case .day: return start
        case .week: return start.adding(days: 6)
        case .month: return Day(year: start.year, month: start.month, day: Day.daysIn(month: start.month, year: start.year))!
        case .year: return Day(year: start.year, month: 12, day: 31)!
        }
    }

    static func monthStart(_ day: Day, monthsBack: Int) -> Day {
        let index = day.year * 12 + (day.month - 1) - monthsBack
        return Day(year: index / 12, month: index % 12 + 1, day: 1)!
    }

    static func label(_ start: Day, _ by: Period) -> String {
        switch by {
        case .day: return start.iso
        case .week:
            let week = start.isoWeek
            return String(format: "%04d-W%02d", week.year, week.week)
        case .month: return String(format: "%04d-%02d", start.year, start.month)
        case .year: return String(start.year)
        }
    }
}
