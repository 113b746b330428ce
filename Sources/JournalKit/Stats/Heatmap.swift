import Foundation

/// A grid of days (rows Monday to Sunday, one column a week) shaded by hours.
public struct Heatmap: Sendable {
    public enum State: String, Sendable {
        /// No entry on a working day (or before the journal began).
        case none
        case active
        /// A planned or declared rest day without an entry.
        case rest
        /// A missed day bridged by a banked grace day.
        case grace
        /// After the report's today.
        case future
    }

    public struct Cell: Sendable, Equatable {
        public let date: Day
        public let hours: Double
        /// 0 (nothing) to 4, by hours against the daily share of the weekly goal.
        public let level: Int
        public let state: State
    }

    /// Columns of seven cells, oldest week first.
    public let weeks: [[Cell]]
    public let dailyGoal: Double

    public init(activity: Activity, streaks: Streaks, weeks count: Int) {
        dailyGoal = activity.dailyGoal
        let lastMonday = activity.today.startOfISOWeek
        let firstMonday = lastMonday.adding(days: -7 * (max(1, count) - 1))
        var columns: [[Cell]] = []
        var monday = firstMonday
        while monday <= lastMonday {
            columns.append(
                (0..<7).map { offset in
                    let day = monday.adding(days: offset)
                    let hours = activity.hours(on: day)
                    let state: State
                    if day > activity.today {
                        state = .future
                    } else if activity.isActive(day) {
                        state = .active
                    } else if streaks.graceDays.contains(day) {
                        state = .grace
                    } else if activity.isRest(day), let first = activity.firstDay, day >= first {
                        state = .rest
                    } else {
                        state = .none
                    }
                    return Cell(
                        date: day, hours: hours, level: state == .active ? Heatmap.level(hours, dailyGoal: activity.dailyGoal) : 0,
                        state: state)
                })
            monday = monday.adding(days: 7)
        }
        weeks = columns
    }

    static func level(_ hours: Double, dailyGoal: Double) -> Int {
        let ratio = dailyGoal > 0 ? hours / dailyGoal : 1
        switch ratio {
        case ..<0.5: return 1
        case ..<1: return 2
        case ..<1.5: return 3
        default: return 4
        }
    }
}
