import Foundation
import XCTest

/// Rest days: weekdays from `streak.rest-days` and days declared with `journal rest` bridge the
/// forgiving streak; a rest day with an entry counts as active; `journal rest DATE --cancel` undoes it.
final class RestDayTests: JournalTestCase {
    func testRestWeekdaysAndDeclaredRestDaysBridgeTheForgivingStreak() throws {
        let dir = try makeJournal()
        // October 2026: 10-01 Thu, 10-04 Sun, 10-05 Mon, 10-11 Sun. One hour on each of
        // 10-01, 02, 03, 05, 06, 08, 10 and 11 (a Sunday).
        try addOnEach(
            dir,
            [
                "2026-10-01", "2026-10-02", "2026-10-03", "2026-10-05", "2026-10-06",
                "2026-10-08", "2026-10-10", "2026-10-11",
            ])

        // No rest days yet: 10-04 is a plain miss with nothing banked (3 active days), so the run
        // 10-01..03 ends and 10-05 starts a new one.
        try assertStreak(dir, asOf: "2026-10-05", strict: [1, 3], forgiving: [1, 3, 0], today: "done")

        try journalOK(["config", "set", "streak.rest-days", "sun"], in: dir)
        // Sunday 10-04 is now a planned rest day: bridged, adds nothing: 10-01, 02, 03, 05 = 4.
        try assertStreak(dir, asOf: "2026-10-05", strict: [1, 3], forgiving: [4, 4, 0], today: "done")
        // As of Sunday 10-04 itself (no entry): pending, yesterday active.
        try assertStreak(dir, asOf: "2026-10-04", strict: [3, 3], forgiving: [3, 3, 0], today: "pending")
        // Wednesday 10-07 is a plain miss (5 active days, nothing banked): 10-08 starts over.
        try assertStreak(dir, asOf: "2026-10-08", strict: [1, 3], forgiving: [1, 5, 0], today: "done")

        // Declaring 10-07 a rest day bridges it: 10-01, 02, 03, (04), 05, 06, (07), 08 = 6 active.
        var out = try journalOK(["rest", "2026-10-07"], in: dir)
        XCTAssertTrue(out.stdout.contains("2026-10-07"), out.stdout)
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Rest-Day"), ["2026-10-07"])
        try assertStreak(dir, asOf: "2026-10-08", strict: [1, 3], forgiving: [6, 6, 0], today: "done")

        // Declaring Friday 10-09 too: 10-10 is the 7th active day (banks one), Sunday 10-11 has an
        // entry so it counts +1 (8), rather than being bridged (which would leave 7).
        try journalOK(["rest", "2026-10-09"], in: dir)
        try assertStreak(dir, asOf: "2026-10-10", strict: [1, 3], forgiving: [7, 7, 1], today: "done")
        try assertStreak(dir, asOf: "2026-10-11", strict: [2, 3], forgiving: [8, 8, 1], today: "done")

        // Cancelling 10-09 makes it a plain miss again: nothing banked after 6 active days, so the
        // run 10-01..08 (6) ends; 10-10, 10-11 make a new run of 2.
        out = try journalOK(["rest", "2026-10-09", "--cancel"], in: dir)
        XCTAssertTrue(out.stdout.contains("2026-10-09"), out.stdout)
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Rest-Day-Cancelled"), ["2026-10-09"])
        try assertStreak(dir, asOf: "2026-10-11", strict: [2, 3], forgiving: [2, 6, 0], today: "done")
        // The declared 10-07 still holds.
        try assertStreak(dir, asOf: "2026-10-08", strict: [1, 3], forgiving: [6, 6, 0], today: "done")

        // The heatmap of the two weeks 09-28..10-11 as of 10-11: before the first entry nothing is
        // a rest day; Sunday 10-04 and declared 10-07 are rest; the cancelled 10-09 is a plain
        // miss; Sunday 10-11 with an entry is active. Daily goal 10 h / 6 working days = 1.67 h,
        // so 1 h (0.6 of it) is level 2.
        let map = try reportJSON(["heatmap", "--weeks", "2", "--as-of", "2026-10-11"], in: dir)
        let cells = (map["days"] as? [[String: Any]] ?? []).map {
            "\($0["date"] as? String ?? "?") \($0["state"] as? String ?? "?") \($0["level"] as? Int ?? -1)"
        }
        XCTAssertEqual(
            cells,
            [
                "2026-09-28 none 0", "2026-09-29 none 0", "2026-09-30 none 0", "2026-10-01 active 2",
                "2026-10-02 active 2", "2026-10-03 active 2", "2026-10-04 rest 0",
                "2026-10-05 active 2", "2026-10-06 active 2", "2026-10-07 rest 0", "2026-10-08 active 2",
                "2026-10-09 none 0", "2026-10-10 active 2", "2026-10-11 active 2",
            ])
        XCTAssertEqual(map["daily_goal"] as? Double, 1.67)
        try assertFsckClean(dir)
    }

    func testRestDaysInTheHoursTimesheet() throws {
        let dir = try makeJournal()
        try journalOK(["config", "set", "streak.rest-days", "sat,sun"], in: dir)
        try journalOK(["config", "set", "goal.weekly-hours", "5"], in: dir)
        // Daily goal: 5 h over 5 working days = 1 h. 10-09 Fri and 10-10 Sat are before the first
        // entry (not listed), 10-11 Sun (rest with 0.5 h: under the daily share, still "rest"), 10-12 Mon 2 h,
        // 10-13 Tue (declared rest, nothing), 10-14 Wed 1 h with the report's today on 10-15 (nothing yet).
        try addOn(dir, "2026-10-11", hours: "0.5")
        try addOn(dir, "2026-10-12", hours: "2")
        try addOn(dir, "2026-10-14", hours: "1")
        try journalOK(["rest", "2026-10-13"], in: dir)
        let (rows, total) = try hoursRows(dir, ["--by", "day", "--since", "2026-10-09", "--as-of", "2026-10-15"])
        XCTAssertEqual(
            rows,
            [
                "2026-10-11 2026-10-11 2026-10-11 0.50 0.00 rest",
                "2026-10-12 2026-10-12 2026-10-12 2.00 1.00 met",
                "2026-10-13 2026-10-13 2026-10-13 0.00 0.00 rest",
                "2026-10-14 2026-10-14 2026-10-14 1.00 1.00 met",
                "2026-10-15 2026-10-15 2026-10-15 0.00 1.00 pending",
            ])
        XCTAssertEqual(total, 3.5)
        // Forgiving: 10-11 active, 10-12 active, 10-13 declared rest, 10-14 active, 10-15 pending = 3.
        try assertStreak(dir, asOf: "2026-10-15", strict: [1, 2], forgiving: [3, 3, 0], today: "pending")
        // Declared days may be planned ahead (tomorrow works) and are refused more than a year ahead.
        try journalOK(["rest", "tomorrow"], in: dir)
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Rest-Day"), [isoDay(1)])
        try assertRefused(["rest", isoDay(400), "--journal", dir.path], in: dir)
    }
}
