import Foundation
import XCTest

/// The weekly streak, `journal hours` and `journal status`, on one journal with
/// `goal.weekly-hours 5`, `streak.rest-days sat,sun` (daily share 5 h / 5 = 1 h) and a declared
/// rest day. ISO weeks of October 2026: W40 09-28..10-04, W41 10-05..11, W42 10-12..18,
/// W43 10-19..25, W44 10-26..11-01, W45 11-02..08.
final class WeeklyHoursTests: JournalTestCase {
    /// Entries (hours, tags):
    ///   10-04 Sun 2 rust        -> W40: 2   (met: the journal starts on Sunday, goal 5 h x 1/7)
    ///   10-05 Mon 3 rust        -> W41: 3 + 2 = 5 (met, exactly the goal)
    ///   10-11 Sun 2 papers (+ a paper; backdated onto the Sunday ending W41)
    ///   10-12 Mon 2 rust        -> W42: 2 + 3 = 5 (met)
    ///   10-14 Wed 3 ml (+ shipped)
    ///   10-19 Mon 4 rust        -> W43: 4   (missed)
    ///   10-26 Mon 5 papers      -> W44: 5   (met)
    ///   11-02 Mon 2 rust        -> W45: 2 + 1 = 3
    ///   11-04 Wed 1 ml
    /// and 10-16 (Fri) declared a rest day.
    func makeGoalsJournal() throws -> URL {
        let dir = try makeJournal()
        try journalOK(["config", "set", "goal.weekly-hours", "5"], in: dir)
        try journalOK(["config", "set", "streak.rest-days", "sat,sun"], in: dir)
        try addOn(dir, "2026-10-04", hours: "2", extra: ["--tag", "rust"])
        try addOn(dir, "2026-10-05", hours: "3", extra: ["--tag", "rust"])
        // Added in this order on purpose: the Monday first, then backdated to the Sunday before.
        try addOn(dir, "2026-10-12", hours: "2", extra: ["--tag", "rust"])
        try addOn(
            dir, "2026-10-11", hours: "2",
            extra: ["--tag", "papers", "--paper", "Attention Is All You Need <https://arxiv.org/abs/1706.03762>"])
        try addOn(dir, "2026-10-14", hours: "3", extra: ["--tag", "ml", "--shipped", "Blog post <https://example.test/post>"])
        try addOn(dir, "2026-10-19", hours: "4", extra: ["--tag", "rust"])
        try addOn(dir, "2026-10-26", hours: "5", extra: ["--tag", "papers"])
        try addOn(dir, "2026-11-02", hours: "2", extra: ["--tag", "rust"])
        try addOn(dir, "2026-11-04", hours: "1", extra: ["--tag", "ml"])
        try journalOK(["rest", "2026-10-16"], in: dir)
        return dir
    }

    func testWeeklyStreakWeeksMetMissedAndPending() throws {
        let dir = try makeGoalsJournal()
        func weekly(_ asOf: String) throws -> [Int] {
            let w = try reportJSON(["streak", "--as-of", asOf], in: dir)["weekly"] as? [String: Any] ?? [:]
            return [(w["current"] as? Int) ?? -1, (w["longest"] as? Int) ?? -1]
        }
        // As of Sat 10-10: W40 (the first week, from Sunday 10-04: goal 5 h x 1/7) met with 2 h;
        // W41 has 3 h so far: pending, not counted yet.
        XCTAssertEqual(try weekly("2026-10-10"), [1, 1], "as of 2026-10-10")
        // As of Sun 10-11: Sunday's 2 h belong to W41 (Monday-first weeks): 5 h, met, counts.
        XCTAssertEqual(try weekly("2026-10-11"), [2, 2], "as of 2026-10-11")
        // As of Mon 10-12: W42 has 2 h, pending; W41 still counts.
        XCTAssertEqual(try weekly("2026-10-12"), [2, 2], "as of 2026-10-12")
        // As of Wed 10-14: W42 reaches 5 h.
        XCTAssertEqual(try weekly("2026-10-14"), [3, 3], "as of 2026-10-14")
        XCTAssertEqual(try weekly("2026-10-18"), [3, 3], "as of 2026-10-18")
        // As of Sun 10-25, the last day of W43 (4 h): still pending while today is open.
        XCTAssertEqual(try weekly("2026-10-25"), [3, 3], "as of 2026-10-25")
        // As of Mon 10-26: W43 missed ended the run; W44 already has 5 h.
        XCTAssertEqual(try weekly("2026-10-26"), [1, 3], "as of 2026-10-26")
        // As of Wed 11-04: W44 met, W45 3 h pending.
        XCTAssertEqual(try weekly("2026-11-04"), [1, 3], "as of 2026-11-04")

        // The whole streak as of 10-14. Strict: runs 10-04..05, 10-11..12, 10-14 -> [1, 2].
        // Forgiving (rest sat,sun): 10-04, 05 (2); 10-06 Tue missed, nothing banked: ends;
        // 10-11, 12 (2); 10-13 Tue missed: ends; 10-14 (1) -> [1, 2, 0].
        try assertStreak(dir, asOf: "2026-10-14", strict: [1, 2], forgiving: [1, 2, 0], weekly: [3, 3], today: "done")
    }

    func testHoursByWeekDayAndMonth() throws {
        let dir = try makeGoalsJournal()

        // By week, 10-01..10-21 as of Wed 10-21: W40 starts at the first entry (Sunday 10-04: goal
        // 5 h x 1/7, 43 minutes); W43 is cut by --until to 10-19..21 (goal 5 h x 3/7, 129 minutes)
        // and met with 4 h. Goals are rounded to the minute, like hours.
        var (rows, total) = try hoursRows(dir, ["--by", "week", "--since", "2026-10-01", "--until", "2026-10-21", "--as-of", "2026-10-21"])
        XCTAssertEqual(
            rows,
            [
                "2026-W40 2026-10-04 2026-10-04 2.00 0.72 met",
                "2026-W41 2026-10-05 2026-10-11 5.00 5.00 met",
                "2026-W42 2026-10-12 2026-10-18 5.00 5.00 met",
                "2026-W43 2026-10-19 2026-10-21 4.00 2.15 met",
            ])
        XCTAssertEqual(total, 16)

        // By week with the default range: 8 weeks ending with the report's week (W36..W43), but
        // none before the first entry's week: W40..W43, W43 whole and pending.
        (rows, total) = try hoursRows(dir, ["--by", "week", "--as-of", "2026-10-21"])
        XCTAssertEqual(rows.count, 4, "\(rows)")
        XCTAssertEqual(rows.first, "2026-W40 2026-10-04 2026-10-04 2.00 0.72 met")
        XCTAssertEqual(rows.last, "2026-W43 2026-10-19 2026-10-25 4.00 5.00 pending")
        XCTAssertEqual(total, 16)

        // By day as of Tue 10-13 from Fri 10-09 (daily share 1 h; Sat/Sun rest with goal 0):
        // 10-09 nothing: missed; 10-10 rest; 10-11 rest day with 2 h: met; 10-12 2 h met;
        // 10-13 today without an entry: pending.
        (rows, total) = try hoursRows(dir, ["--by", "day", "--since", "2026-10-09", "--as-of", "2026-10-13"])
        XCTAssertEqual(
            rows,
            [
                "2026-10-09 2026-10-09 2026-10-09 0.00 1.00 missed",
                "2026-10-10 2026-10-10 2026-10-10 0.00 0.00 rest",
                "2026-10-11 2026-10-11 2026-10-11 2.00 0.00 met",
                "2026-10-12 2026-10-12 2026-10-12 2.00 1.00 met",
                "2026-10-13 2026-10-13 2026-10-13 0.00 1.00 pending",
            ])
        XCTAssertEqual(total, 4)

        // By day 10-14..10-16 as of 10-16: the declared rest day (a Friday) is "rest", goal 0.
        (rows, total) = try hoursRows(dir, ["--by", "day", "--since", "2026-10-14", "--until", "2026-10-16", "--as-of", "2026-10-16"])
        XCTAssertEqual(
            rows,
            [
                "2026-10-14 2026-10-14 2026-10-14 3.00 1.00 met",
                "2026-10-15 2026-10-15 2026-10-15 0.00 1.00 missed",
                "2026-10-16 2026-10-16 2026-10-16 0.00 0.00 rest",
            ])
        XCTAssertEqual(total, 3)

        // By month as of 11-04 from 10-01: October from the first entry, 5 h x 28/7 = 20;
        // November 5 h x 30/7 = 21.43. October 2+3+2+2+3+4+5 = 21 (met); November so far 2+1 = 3 (pending).
        (rows, total) = try hoursRows(dir, ["--by", "month", "--since", "2026-10-01", "--as-of", "2026-11-04"])
        XCTAssertEqual(
            rows,
            [
                "2026-10 2026-10-04 2026-10-31 21.00 20.00 met",
                "2026-11 2026-11-01 2026-11-30 3.00 21.43 pending",
            ])
        XCTAssertEqual(total, 24)

        // --tag rust, 10-15..11-03, as of 11-04: months clipped to the range; October 10-15..31
        // (5 h x 17/7, 729 minutes) rust 4; November 11-01..03 (5 h x 3/7, 129 minutes) rust 2, over before today.
        (rows, total) = try hoursRows(
            dir, ["--by", "month", "--since", "2026-10-15", "--until", "2026-11-03", "--tag", "rust", "--as-of", "2026-11-04"])
        XCTAssertEqual(
            rows,
            [
                "2026-10 2026-10-15 2026-10-31 4.00 12.15 missed",
                "2026-11 2026-11-01 2026-11-03 2.00 2.15 missed",
            ])
        XCTAssertEqual(total, 6)

        // --tag papers by week: W41 2 h (missed), W42 0, W43 0, W44 5 h (met), as of Sun 11-01.
        // The journal's first entry (10-04, rust) decides where goals start, not the first paper.
        (rows, total) = try hoursRows(dir, ["--by", "week", "--since", "2026-10-05", "--tag", "papers", "--as-of", "2026-11-01"])
        XCTAssertEqual(
            rows,
            [
                "2026-W41 2026-10-05 2026-10-11 2.00 5.00 missed",
                "2026-W42 2026-10-12 2026-10-18 0.00 5.00 missed",
                "2026-W43 2026-10-19 2026-10-25 0.00 5.00 missed",
                "2026-W44 2026-10-26 2026-11-01 5.00 5.00 met",
            ])
        XCTAssertEqual(total, 7)
    }

    func testStatusJSON() throws {
        let dir = try makeGoalsJournal()
        // As of Wed 10-14 (see testWeeklyStreak... for the streaks): one entry of 3 h today, W42 at
        // 5 of 5 h, one paper this year (goal 24: no papers in 2025), one shipped item, today.
        let status = try reportJSON(["status", "--as-of", "2026-10-14"], in: dir)
        XCTAssertEqual(Set(status.keys), ["today", "streaks", "week", "papers", "shipped", "hand_edits_waiting"])
        let today = status["today"] as? [String: Any] ?? [:]
        XCTAssertEqual(today["date"] as? String, "2026-10-14")
        XCTAssertEqual(today["status"] as? String, "done")
        XCTAssertEqual(today["entries"] as? Int, 1)
        XCTAssertEqual(today["hours"] as? Double, 3)
        XCTAssertEqual(today["rest_day"] as? Bool, false)
        let streaks = status["streaks"] as? [String: Any] ?? [:]
        XCTAssertEqual((streaks["strict"] as? [String: Int]) ?? [:], ["current": 1, "longest": 2])
        XCTAssertEqual((streaks["forgiving"] as? [String: Int]) ?? [:], ["current": 1, "longest": 2, "grace_banked": 0])
        XCTAssertEqual((streaks["weekly"] as? [String: Int]) ?? [:], ["current": 3, "longest": 3])
        let week = status["week"] as? [String: Any] ?? [:]
        XCTAssertEqual(week["period"] as? String, "2026-W42")
        XCTAssertEqual(week["start"] as? String, "2026-10-12")
        XCTAssertEqual(week["end"] as? String, "2026-10-18")
        XCTAssertEqual(week["hours"] as? Double, 5)
        XCTAssertEqual(week["goal"] as? Double, 5)
        XCTAssertEqual(week["remaining"] as? Double, 0)
        XCTAssertEqual(week["status"] as? String, "met")
        let papers = status["papers"] as? [String: Any] ?? [:]
        XCTAssertEqual(papers["year"] as? Int, 2026)
        XCTAssertEqual(papers["count"] as? Int, 1)
        XCTAssertEqual(papers["goal"] as? Int, 24)
        let shipped = status["shipped"] as? [String: Any] ?? [:]
        XCTAssertEqual(shipped["count"] as? Int, 1)
        XCTAssertEqual(shipped["last_date"] as? String, "2026-10-14")
        XCTAssertEqual(shipped["last_title"] as? String, "Blog post")

        // As of the declared rest day (Fri 10-16) and a rest weekday (Sat 10-17): nothing due.
        for day in ["2026-10-16", "2026-10-17"] {
            let today = try reportJSON(["status", "--as-of", day], in: dir)["today"] as? [String: Any] ?? [:]
            XCTAssertEqual(today["rest_day"] as? Bool, true, day)
            XCTAssertEqual(today["status"] as? String, "pending", day)
            XCTAssertEqual(today["entries"] as? Int, 0, day)
        }
        // As of Tue 10-13 (no entry): pending, W42 has 2 of 5 h, 3 to go.
        let before = try reportJSON(["status", "--as-of", "2026-10-13"], in: dir)
        XCTAssertEqual((before["today"] as? [String: Any])?["status"] as? String, "pending")
        XCTAssertEqual((before["today"] as? [String: Any])?["rest_day"] as? Bool, false)
        XCTAssertEqual((before["week"] as? [String: Any])?["hours"] as? Double, 2)
        XCTAssertEqual((before["week"] as? [String: Any])?["remaining"] as? Double, 3)
        XCTAssertEqual((before["week"] as? [String: Any])?["status"] as? String, "pending")
        XCTAssertEqual((before["shipped"] as? [String: Any])?["count"] as? Int, 0)
    }
}
