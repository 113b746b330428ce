import Foundation

/// A run of days (or weeks) that kept a streak alive.
public struct StreakRun: Sendable, Equatable, Encodable {
    public let start: Day
    public let end: Day
    public let length: Int
}

/// The three streaks (README "Streaks, hours and goals"), computed from activity.
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
        todayDone = activity.isActive(activity.today)
        guard let first = activity.firstDay else {
            strict = Count(current: 0, longest: 0)
            forgiving = Count(current: 0, longest: 0)
            weekly = Count(current: 0, longest: 0)
            graceBanked = 0
            strictRuns = []
            forgivingRuns = []
            weeklyRuns = []
            graceDays = []
            bridgedRestDays = []
            return
        }
        let strictRule = StrictStreak(activity, from: first)
        strictRuns = strictRule.runs
        strict = strictRule.count
        let forgivingRule = ForgivingStreak(activity, from: first)
        forgivingRuns = forgivingRule.runs
        forgiving = forgivingRule.count
        graceBanked = forgivingRule.bank
        graceDays = forgivingRule.graceDays
        bridgedRestDays = forgivingRule.bridgedRestDays
        let weeklyRule = WeeklyStreak(activity, from: first)
        weeklyRuns = weeklyRule.runs
        weekly = weeklyRule.count
    }
}

/// Consecutive active days ending today, or yesterday while today is still open.
struct StrictStreak {
    var runs: [StreakRun] = []
    let count: Streaks.Count

    init(_ activity: Activity, from first: Day) {
        let today = activity.today
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
        let open = !activity.isActive(today)
        let current = runs.last.map { $0.end == today || ($0.end == today.adding(days: -1) && open) ? $0.length : 0 } ?? 0
        count = Streaks.Count(current: current, longest: runs.map(\.length).max() ?? 0)
    }
}

/// The headline streak. Walking forward, an active day adds 1 and every 7th active day of a run
/// banks a grace day (at most 2); a missed rest day is bridged; any other missed day spends a
/// banked grace day or, with none, ends the run and empties the bank. Today before its first
/// entry is pending, never a miss.
struct ForgivingStreak {
    var runs: [StreakRun] = []
    let count: Streaks.Count
    /// Grace days banked by the live run (0 when there is none).
    let bank: Int
    /// Missed days bridged by a grace day, and rest days bridged, inside runs.
    var graceDays = Set<Day>(), bridgedRestDays = Set<Day>()

    init(_ activity: Activity, from first: Day) {
        let today = activity.today
        var pendingGrace: [Day] = []
        var pendingRest: [Day] = []
        var length = 0
        var activeInRun = 0
        var bank = 0
        var start: Day?
        var lastActive: Day?
        var day = first
        while day <= today {
            if activity.isActive(day) {
                if start == nil { start = day }
                length += 1
                activeInRun += 1
                if activeInRun % 7 == 0 { bank = min(bank + 1, 2) }
                lastActive = day
                graceDays.formUnion(pendingGrace)
                bridgedRestDays.formUnion(pendingRest)
                pendingGrace = []
                pendingRest = []
            } else if day == today || start == nil {
                // Today before its first entry is pending; before any run there is nothing to break.
            } else if activity.isRest(day) {
                pendingRest.append(day)
            } else if bank > 0 {
                bank -= 1
                pendingGrace.append(day)
            } else {
                runs.append(StreakRun(start: start!, end: lastActive!, length: length))
                start = nil
                length = 0
                activeInRun = 0
                bank = 0
                pendingGrace = []
                pendingRest = []
            }
            day = day.adding(days: 1)
        }
        // Bridged days at the end of a live run count as bridged; the run is still alive.
        graceDays.formUnion(pendingGrace)
        bridgedRestDays.formUnion(pendingRest)
        if let start { runs.append(StreakRun(start: start, end: lastActive!, length: length)) }
        self.bank = start == nil ? 0 : bank
        count = Streaks.Count(current: start == nil ? 0 : length, longest: runs.map(\.length).max() ?? 0)
    }
}

/// Consecutive ISO weeks whose hours reach the weekly goal (the first week's goal prorated from the
/// journal's first entry); the current week counts once met and is pending until then.
struct WeeklyStreak {
    var runs: [StreakRun] = []
    let count: Streaks.Count

    init(_ activity: Activity, from first: Day) {
        let thisWeek = activity.today.startOfISOWeek
        func met(_ monday: Day) -> Bool {
            // The first week's goal is prorated from the journal's first entry (`Activity.goal`).
            activity.hours(from: monday, to: monday.adding(days: 6)) >= activity.goal(from: monday, to: monday.adding(days: 6)) - 1e-9
        }
        var weekStart: Day?
        var weeks = 0
        var monday = first.startOfISOWeek
        while monday <= thisWeek {
            if met(monday) {
                if weekStart == nil { weekStart = monday }
                weeks += 1
            } else if monday != thisWeek, let start = weekStart {
                runs.append(StreakRun(start: start, end: monday.adding(days: -1), length: weeks))
                weekStart = nil
                weeks = 0
            }
            monday = monday.adding(days: 7)
        }
        if let start = weekStart {
            runs.append(StreakRun(start: start, end: met(thisWeek) ? thisWeek.adding(days: 6) : thisWeek.adding(days: -1), length: weeks))
        }
        count = Streaks.Count(current: weekStart == nil ? 0 : weeks, longest: runs.map(\.length).max() ?? 0)
    }
}
