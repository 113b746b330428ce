import Foundation

/// A run of days (or weeks) that kept a streak alive.
public struct StreakRun: Sendable, Equatable, Encodable {
    public let start: Day
    public let end: Day
    public let length: Int
}

/// The three streaks of DESIGN.md, computed from activity.
public struct Streaks: Sendable, Equatable {
    public struct Count: Sendable, Equatable {
        public var current: Int
        public var longest: Int
    }

    /// Consecutive active days ending today, or yesterday while today is still open.
    public let strict: Count
    /// The headline number: rest days and banked grace days bridge a gap.
    public let forgiving: Count
    public let graceBanked: Int
    /// Consecutive ISO weeks that met the weekly goal.
    public let weekly: Count
    public let todayDone: Bool
    /// Runs of each streak, oldest first (the current one last when alive).
    public let strictRuns: [StreakRun]
    public let forgivingRuns: [StreakRun]
    public let weeklyRuns: [StreakRun]
    /// Missed days bridged by a grace day, and planned rest days bridged, inside forgiving runs.
    public let graceDays: Set<Day>
    public let bridgedRestDays: Set<Day>

    public init(_ activity: Activity) {
        let today = activity.today
        let done = activity.isActive(today)
        todayDone = done
        guard let first = activity.firstDay else {
            strict = Count(current: 0, longest: 0)
            forgiving = Count(current: 0, longest: 0)
            weekly = Count(current: 0, longest: 0)
            graceBanked = 0
            strictRuns = []; forgivingRuns = []; weeklyRuns = []
            graceDays = []; bridgedRestDays = []
            return
        }

        // Strict: runs of consecutive active days.
        var runs: [StreakRun] = []
        var runStart: Day?
        var day = first
        while day <= today {
            if activity.isActive(day) {
                if runStart == nil { runStart = day }
            } else if let start = runStart {
                runs.append(StreakRun(start: start, end: day.adding(days: -1), length: day.days(since: start)))
                runStart = nil
            }
            day = day.adding(days: 1)
        }
        if let start = runStart { runs.append(StreakRun(start: start, end: today, length: today.days(since: start) + 1)) }
        strictRuns = runs
        let strictCurrent = runs.last.map { $0.end == today || ($0.end == today.adding(days: -1) && !done) ? $0.length : 0 } ?? 0
        strict = Count(current: strictCurrent, longest: runs.map(\.length).max() ?? 0)

        // Forgiving: walk forward; every 7th active day of a run banks a grace day (at most 2).
        var fRuns: [StreakRun] = []
        var grace = Set<Day>(), rest = Set<Day>()
        var pendingGrace: [Day] = [], pendingRest: [Day] = []
        var length = 0, activeInRun = 0, bank = 0
        var start: Day?, lastActive: Day?
        day = first
        while day <= today {
            if activity.isActive(day) {
                if start == nil { start = day }
                length += 1
                activeInRun += 1
                if activeInRun % 7 == 0 { bank = min(bank + 1, 2) }
                lastActive = day
                grace.formUnion(pendingGrace); rest.formUnion(pendingRest)
                pendingGrace = []; pendingRest = []
            } else if day == today || start == nil {
                // Today before its first entry is pending; before any run there is nothing to break.
            } else if activity.isRest(day) {
                pendingRest.append(day)
            } else if bank > 0 {
                bank -= 1
                pendingGrace.append(day)
            } else {
                fRuns.append(StreakRun(start: start!, end: lastActive!, length: length))
                start = nil; length = 0; activeInRun = 0; bank = 0
                pendingGrace = []; pendingRest = []
            }
            day = day.adding(days: 1)
        }
        // Bridged days at the end of a live run count as bridged; the run is still alive.
        grace.formUnion(pendingGrace); rest.formUnion(pendingRest)
        if let start { fRuns.append(StreakRun(start: start, end: lastActive!, length: length)) }
        forgivingRuns = fRuns
        graceDays = grace
        bridgedRestDays = rest
        graceBanked = start == nil ? 0 : bank
        forgiving = Count(current: start == nil ? 0 : length, longest: fRuns.map(\.length).max() ?? 0)

        // Weekly: ISO weeks meeting the goal; the current week counts once met, else is pending.
        var wRuns: [StreakRun] = []
        var weekStart: Day?
        var weeks = 0
        var monday = first.startOfISOWeek
        let thisWeek = today.startOfISOWeek
        while monday <= thisWeek {
            let met = activity.hours(from: monday, to: monday.adding(days: 6)) >= activity.weeklyGoal - 1e-9
            if met {
                if weekStart == nil { weekStart = monday }
                weeks += 1
            } else if monday != thisWeek, let s = weekStart {
                wRuns.append(StreakRun(start: s, end: monday.adding(days: -1), length: weeks))
                weekStart = nil; weeks = 0
            }
            monday = monday.adding(days: 7)
        }
        if let s = weekStart {
            let metThisWeek = activity.hours(from: thisWeek, to: thisWeek.adding(days: 6)) >= activity.weeklyGoal - 1e-9
            wRuns.append(StreakRun(start: s, end: metThisWeek ? thisWeek.adding(days: 6) : thisWeek.adding(days: -1), length: weeks))
        }
        weeklyRuns = wRuns
        weekly = Count(current: weekStart == nil ? 0 : weeks, longest: wRuns.map(\.length).max() ?? 0)
    }
}
