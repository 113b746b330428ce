import Foundation
import GitKit
import XCTest

@testable import JournalKit

/// Builds activity from a picture of days ending today: `A` active, `.` missed, `r` a declared
/// rest day, `R` a declared rest day that also has an entry, `_` today before its entry.
func activity(
    _ picture: String, today: Day = Day(iso: "2026-11-29")!, restWeekdays: Set<Int> = [],
    hours: Double = 1, weeklyGoal: Double = 10
) -> Activity {
    var state = HistoryState()
    let start = today.adding(days: 1 - picture.count)
    for (offset, mark) in picture.enumerated() {
        let day = start.adding(days: offset)
        if mark == "A" || mark == "R" {
            state.apply(
                .entry(
                    HistoryEntry(
                        id: "E\(offset)", kind: .entry, date: day, title: "t", hours: hours, tags: [],
                        papers: [], shipped: [], commit: ObjectID(hex: String(repeating: "c", count: 40))!, authoredAt: Date())))
        }
        if mark == "r" || mark == "R" { state.apply(.rest(day, declared: true)) }
    }
    var settings = Settings()
    settings.restDays = restWeekdays
    settings.weeklyHours = weeklyGoal
    return Activity(history: History(state: state), settings: settings, today: today)
}

final class StreakRuleTests: XCTestCase {
    struct Case {
        let picture: String
        let strict: (current: Int, longest: Int)
        let forgiving: (current: Int, longest: Int, bank: Int)
        let line: UInt
        init(_ picture: String, strict: (Int, Int), forgiving: (Int, Int, Int), line: UInt = #line) {
            self.picture = picture
            self.strict = strict
            self.forgiving = forgiving
            self.line = line
        }
    }

    func testForgivingAndStrictStreaksByTable() {
        let cases: [Case] = [
            Case("", strict: (0, 0), forgiving: (0, 0, 0)),
            Case("_", strict: (0, 0), forgiving: (0, 0, 0)),
            Case("A", strict: (1, 1), forgiving: (1, 1, 0)),
            // Today pending: yesterday's run still counts, in both.
            Case("AAA_", strict: (3, 3), forgiving: (3, 3, 0)),
            // A 1-day gap with no grace banked ends the forgiving run too.
            Case("AAA.AA", strict: (2, 3), forgiving: (2, 3, 0)),
            // Gaps of 2 and 3 days.
            Case("AAAA..AA", strict: (2, 4), forgiving: (2, 4, 0)),
            Case("AAAAA...A", strict: (1, 5), forgiving: (1, 5, 0)),
            // Six active days earn nothing: the miss ends the run.
            Case("AAAAAA.A", strict: (1, 6), forgiving: (1, 6, 0)),
            // The 7th active day banks a grace day, which bridges the miss (adds nothing).
            Case("AAAAAAA.A", strict: (1, 7), forgiving: (8, 8, 0)),
            // Today pending after seven: both streaks stand, the bank untouched.
            Case("AAAAAAA.", strict: (7, 7), forgiving: (7, 7, 1)),
            // Grace is capped at 2: after 21 active days, three misses in a row end it.
            Case(String(repeating: "A", count: 21) + "..A", strict: (1, 21), forgiving: (22, 22, 0)),
            Case(String(repeating: "A", count: 21) + "...A", strict: (1, 21), forgiving: (1, 21, 0)),
            Case(String(repeating: "A", count: 14), strict: (14, 14), forgiving: (14, 14, 2)),
            Case(String(repeating: "A", count: 21), strict: (21, 21), forgiving: (21, 21, 2)),
            // Yesterday missed and no bank: today's pending does not save it.
            Case("AAA._", strict: (0, 3), forgiving: (0, 3, 0)),
            // A declared rest day bridges without adding; a rest day with an entry counts.
            Case("AAArAA", strict: (2, 3), forgiving: (5, 5, 0)),
            Case("AAARAA", strict: (6, 6), forgiving: (6, 6, 0)),
            Case("AArrrA", strict: (1, 2), forgiving: (3, 3, 0)),
            // One grace day bridges one miss; the second ends the run and empties the bank,
            // so the next run's miss ends it too.
            Case("AAAAAAA..AA.A", strict: (1, 7), forgiving: (1, 7, 0)),
        ]
        for c in cases {
            let picture = c.picture.hasSuffix("_") ? String(c.picture.dropLast()) + "." : c.picture
            let streaks = Streaks(activity(picture))
            XCTAssertEqual(streaks.strict.current, c.strict.current, "strict current \(c.picture)", line: c.line)
            XCTAssertEqual(streaks.strict.longest, c.strict.longest, "strict longest \(c.picture)", line: c.line)
            XCTAssertEqual(streaks.forgiving.current, c.forgiving.current, "forgiving current \(c.picture)", line: c.line)
            XCTAssertEqual(streaks.forgiving.longest, c.forgiving.longest, "forgiving longest \(c.picture)", line: c.line)
            XCTAssertEqual(streaks.graceBanked, c.forgiving.bank, "grace banked \(c.picture)", line: c.line)
        }
    }

    func testTodayIsPendingNeverAMiss() {
        let streaks = Streaks(activity("AAAAAAAA."))
        XCTAssertFalse(streaks.todayDone)
        XCTAssertEqual(streaks.forgiving.current, 8)
        XCTAssertEqual(streaks.graceBanked, 1, "the bank is untouched by a pending today")
        XCTAssertTrue(streaks.graceDays.isEmpty)
    }

    func testRestWeekdaysBridgeTheForgivingStreak() {
        // 2026-11-29 is a Sunday: A on Mon..Sat, Sunday missed, then Monday..Wednesday. Today: Wednesday.
        let today = Day(iso: "2026-12-02")!
        let withRest = Streaks(activity("AAAAAA.AAA", today: today, restWeekdays: [7]))
        XCTAssertEqual(withRest.forgiving.current, 9)
        XCTAssertEqual(withRest.bridgedRestDays, [Day(iso: "2026-11-29")!])
        XCTAssertEqual(withRest.graceBanked, 1, "six active days before Sunday, the 7th is Monday")
        let without = Streaks(activity("AAAAAA.AAA", today: today))
        XCTAssertEqual(without.forgiving.current, 3)
    }

    func testGraceDaysAreRecordedForTheHeatmap() {
        let streaks = Streaks(activity("AAAAAAA.A"))
        XCTAssertEqual(streaks.graceDays, [Day(iso: "2026-11-28")!])
        let map = Heatmap(activity: activity("AAAAAAA.A"), streaks: streaks, weeks: 2)
        let cells = map.weeks.flatMap { $0 }
        XCTAssertEqual(cells.first { $0.date.iso == "2026-11-28" }?.state, .grace)
        XCTAssertEqual(cells.first { $0.date.iso == "2026-11-29" }?.state, .active)
        XCTAssertEqual(cells.count, 14)
    }

    func testRunsHistoryListsEachRunOldestFirst() {
        let streaks = Streaks(activity("AA..AAA.A"))
        XCTAssertEqual(streaks.strictRuns.map(\.length), [2, 3, 1])
        XCTAssertEqual(streaks.forgivingRuns.map(\.length), [2, 3, 1])
        XCTAssertEqual(streaks.strictRuns.first?.start.iso, "2026-11-21")
    }
}

final class WeeklyAndHoursTests: XCTestCase {
    func testWeeklyStreakCountsWeeksAtGoalAndTheCurrentWeekOnceMet() {
        // Today is Sunday 2026-11-29. Three full weeks of 2 h a day = 14 h a week.
        let full = Streaks(activity(String(repeating: "A", count: 21), hours: 2, weeklyGoal: 10))
        XCTAssertEqual(full.weekly.current, 3)
        // This week (Mon..Wed so far, 6 h) is pending: the streak is the two weeks before.
        let pending = Streaks(activity(String(repeating: "A", count: 17), today: Day(iso: "2026-11-25")!, hours: 2, weeklyGoal: 10))
        XCTAssertEqual(pending.weekly.current, 2)
        XCTAssertEqual(pending.weekly.longest, 2)
        // A week below the goal ends it.
        let broken = Streaks(activity("AAAAAAA" + "A......" + "AAAAAAA", hours: 2, weeklyGoal: 10))
        XCTAssertEqual(broken.weekly.current, 1)
        XCTAssertEqual(broken.weekly.longest, 1)
    }

    func testHoursByWeekReadsLikeATimesheet() {
        let report = HoursReport(
            activity: activity("AAAAAAA" + "AAA...." + "AA.", today: Day(iso: "2026-11-25")!, hours: 1.5, weeklyGoal: 10),
            by: .week, since: Day(iso: "2026-11-09")!)
        XCTAssertEqual(report.rows.map(\.period), ["2026-W46", "2026-W47", "2026-W48"])
        XCTAssertEqual(report.rows.map(\.hours), [10.5, 4.5, 3])
        XCTAssertEqual(report.rows.map(\.status), [.met, .missed, .pending])
        XCTAssertEqual(report.rows.map(\.remaining), [0, 5.5, 7])
        XCTAssertEqual(report.totalHours, 18)
    }

    func testHoursByDayMarksRestDaysAndSpreadsTheGoal() {
        let report = HoursReport(
            activity: activity("AA.A", today: Day(iso: "2026-11-29")!, restWeekdays: [6, 7], hours: 2, weeklyGoal: 10),
            by: .day, since: Day(iso: "2026-11-26")!)
        XCTAssertEqual(report.rows.map(\.period), ["2026-11-26", "2026-11-27", "2026-11-28", "2026-11-29"])
        XCTAssertEqual(report.rows.map(\.goal), [2, 2, 0, 0])
        XCTAssertEqual(report.rows.map(\.status), [.met, .met, .rest, .met])
    }

    func testMonthAndYearPeriodsAndTheirGoals() {
        // The journal starts on 2026-02-27: February's and the year's goals count from that day.
        let act = activity("AAAA", today: Day(iso: "2026-03-02")!, hours: 1, weeklyGoal: 7)
        let months = HoursReport(activity: act, by: .month, since: Day(iso: "2026-01-01")!)
        XCTAssertEqual(months.rows.map(\.period), ["2026-02", "2026-03"], "January is before the first entry: not listed")
        XCTAssertEqual(months.rows.map(\.goal), [2, 31])
        XCTAssertEqual(months.rows.map(\.partial), [true, false])
        XCTAssertEqual(months.rows.map(\.start.iso), ["2026-02-27", "2026-03-01"])
        XCTAssertEqual(months.rows.map(\.hours), [2, 2])
        XCTAssertEqual(months.rows.map(\.status), [.met, .pending])
        let years = HoursReport(activity: act, by: .year)
        XCTAssertEqual(years.rows.map(\.period), ["2026"])
        XCTAssertEqual(years.rows.first?.goal, 308)
        XCTAssertEqual(years.rows.first?.partial, true)
    }

    func testSinceAndUntilClipEveryPeriodAndProrateItsGoal() {
        // Four weeks of 1 h a day from Monday 2026-11-02; today is Sunday 2026-11-29.
        let act = activity(String(repeating: "A", count: 28), hours: 1, weeklyGoal: 7)
        let weeks = HoursReport(activity: act, by: .week, since: Day(iso: "2026-11-04")!, until: Day(iso: "2026-11-17")!)
        XCTAssertEqual(weeks.rows.map(\.period), ["2026-W45", "2026-W46", "2026-W47"])
        XCTAssertEqual(weeks.rows.map(\.start.iso), ["2026-11-04", "2026-11-09", "2026-11-16"])
        XCTAssertEqual(weeks.rows.map(\.end.iso), ["2026-11-08", "2026-11-15", "2026-11-17"])
        XCTAssertEqual(weeks.rows.map(\.hours), [5, 7, 2])
        XCTAssertEqual(weeks.rows.map(\.goal), [5, 7, 2])
        XCTAssertEqual(weeks.rows.map(\.partial), [true, false, true])
        XCTAssertEqual(weeks.rows.map(\.status), [.met, .met, .met])
        XCTAssertEqual(weeks.totalHours, 14)
        let month = HoursReport(activity: act, by: .month, since: Day(iso: "2026-11-10")!, until: Day(iso: "2026-11-12")!)
        XCTAssertEqual(month.rows.map(\.hours), [3])
        XCTAssertEqual(month.rows.map(\.goal), [3])
        XCTAssertEqual(month.rows.map(\.partial), [true])
        // A clipped period that ended before today and fell short is missed, not pending.
        let short = HoursReport(
            activity: activity(String(repeating: "A", count: 10), hours: 1, weeklyGoal: 70), by: .month,
            since: Day(iso: "2026-11-20")!, until: Day(iso: "2026-11-25")!)
        XCTAssertEqual(short.rows.map(\.goal), [60])
        XCTAssertEqual(short.rows.map(\.status), [.missed])
    }

    func testTheFirstWeekIsNeitherMissedNorHeldToAWholeWeeksGoal() {
        // The journal starts on Friday 2026-11-27 with 1 h a day; today is Sunday 2026-11-29.
        let act = activity("AAA", hours: 1, weeklyGoal: 7)
        let weeks = HoursReport(activity: act, by: .week)
        XCTAssertEqual(weeks.rows.map(\.period), ["2026-W48"], "no weeks before the first entry")
        XCTAssertEqual(weeks.rows.first?.goal, 3)
        XCTAssertEqual(weeks.rows.first?.status, .met)
        XCTAssertEqual(Streaks(act).weekly.current, 1, "the first week met its prorated goal")
        let status = StatusReport(activity: act, settings: Settings())
        XCTAssertEqual(status.week.goal, 3)
        XCTAssertEqual(status.week.start.iso, "2026-11-27")
        XCTAssertEqual(status.week.end.iso, "2026-11-29")
    }

    func testMinutesAddUpExactly() {
        XCTAssertEqual(try Hours(parsing: "20m").trailerValue, "0.333333")
        XCTAssertEqual(try Hours(parsing: "1.5").trailerValue, "1.5")
        XCTAssertEqual(try Hours(parsing: "2h").trailerValue, "2")
        XCTAssertEqual(try Hours(parsing: "1m").trailerValue, "0.016667")
        XCTAssertEqual(try Hours(parsing: "20m").description, "0.33")
        let read = Hours(trailer: "0.333333")!.value
        XCTAssertEqual(Hours.toMinute(read + read + read), 1)
        XCTAssertEqual(Hours.json(read * 3), 1)
        XCTAssertEqual(Hours.format(read * 3), "1")
        // Through the whole report: three 20-minute entries on one day make the hour.
        var summary = HistorySummary()
        summary.days[Day(iso: "2026-11-29")!] = Activity.DayTotal(hours: read + read + read, entries: 3)
        let act = Activity(summary: summary, settings: Settings(), today: Day(iso: "2026-11-29")!)
        XCTAssertEqual(HoursReport(activity: act, by: .day).rows.map(\.hours), [1])
    }

    func testADayHoldsAtMost24Hours() throws {
        let day = Day(iso: "2026-11-29")!
        XCTAssertNoThrow(try Journal.requireRoom(on: day, already: 16, adding: 8, what: "--hours"))
        XCTAssertNoThrow(try Journal.requireRoom(on: day, already: 0.333333 * 3, adding: 23, what: "--hours"))
        XCTAssertThrowsError(try Journal.requireRoom(on: day, already: 20.5, adding: 4, what: "--hours")) { error in
            XCTAssertEqual(
                (error as? JournalError)?.description,
                "--hours: 2026-11-29 already has 20.5 h; 4 h more would make 24.5 h, and a day holds at most 24 h")
            XCTAssertEqual((error as? JournalError)?.exitCode, 64)
        }
    }

    func testACancelledRestWeekdayIsAnOrdinaryDay() {
        var summary = HistorySummary()
        summary.cancelledRestDays = [Day(iso: "2026-11-29")!]
        var settings = Settings()
        settings.restDays = [7]
        let act = Activity(summary: summary, settings: settings, today: Day(iso: "2026-11-30")!)
        XCTAssertFalse(act.isRest(Day(iso: "2026-11-29")!), "cancelled")
        XCTAssertTrue(act.isRest(Day(iso: "2026-11-22")!), "another Sunday is still a rest day")
    }
}
