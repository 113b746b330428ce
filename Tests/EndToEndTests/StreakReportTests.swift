import Foundation
import XCTest

/// `journal streak --json`: strict and forgiving streaks and grace days, worked out by hand.
/// The dates are a fixed block in 2026 (in the past of the real clock); `--as-of` fixes "today".
/// No rest days are configured here (the default), and the weekly goal is the default 10 h,
/// which no week below reaches (at most 7 one-hour days, 7.5 h in the busiest week).
final class StreakReportTests: JournalTestCase {
    func testGapsOfOneTwoAndThreeDays() throws {
        // See makeGapJournal: 09-01..10 active, 09-11 missed, 09-12..14 active, 09-15..16 missed,
        // 09-17..20 active, 09-21..23 missed, 09-24..25 active.
        let dir = try makeGapJournal()

        // As of 09-10: 10 active days in a row; the 7th (09-07) banked a grace day.
        try assertStreak(dir, asOf: "2026-09-10", strict: [10, 10], forgiving: [10, 10, 1], weekly: [0, 0], today: "done")
        // As of 09-11 (no entry): today is pending, never a miss; the grace day is not spent;
        // strict still counts the run ending yesterday.
        try assertStreak(dir, asOf: "2026-09-11", strict: [10, 10], forgiving: [10, 10, 1], weekly: [0, 0], today: "pending")
        // As of 09-12, the day after the miss: 09-11 spent the grace day (bridged, +0), 09-12 is
        // the 11th day of the run; strict restarts at 1.
        try assertStreak(dir, asOf: "2026-09-12", strict: [1, 10], forgiving: [11, 11, 0], weekly: [0, 0], today: "done")
        // As of 09-14: 13 active days (12th, 13th earn nothing), strict 3.
        try assertStreak(dir, asOf: "2026-09-14", strict: [3, 10], forgiving: [13, 13, 0], weekly: [0, 0], today: "done")
        // As of 09-15 (no entry, pending): yesterday was active, so strict is still 3; forgiving 13.
        try assertStreak(dir, asOf: "2026-09-15", strict: [3, 10], forgiving: [13, 13, 0], weekly: [0, 0], today: "pending")
        // As of 09-16, the day after a miss with nothing banked: 09-15 ended both runs.
        try assertStreak(dir, asOf: "2026-09-16", strict: [0, 10], forgiving: [0, 13, 0], weekly: [0, 0], today: "pending")
        // As of 09-20: a new run 09-17..20 (4 active days).
        try assertStreak(dir, asOf: "2026-09-20", strict: [4, 10], forgiving: [4, 13, 0], weekly: [0, 0], today: "done")
        // As of 09-22: 09-21 ended the run.
        try assertStreak(dir, asOf: "2026-09-22", strict: [0, 10], forgiving: [0, 13, 0], weekly: [0, 0], today: "pending")
        // As of 09-25: a run of 2.
        try assertStreak(dir, asOf: "2026-09-25", strict: [2, 10], forgiving: [2, 13, 0], weekly: [0, 0], today: "done")
        // As of 09-29: 09-26 ended it.
        try assertStreak(dir, asOf: "2026-09-29", strict: [0, 10], forgiving: [0, 13, 0], weekly: [0, 0], today: "pending")

        // --history lists the runs: forgiving 09-01..09-14 (13), 09-17..20 (4), 09-24..25 (2).
        let object = try reportJSON(["streak", "--history", "--as-of", "2026-09-25"], in: dir)
        let history = object["history"] as? [String: Any]
        let forgivingRuns = (history?["forgiving"] as? [[String: Any]] ?? []).map {
            "\($0["start"] as? String ?? "?")..\($0["end"] as? String ?? "?") \($0["length"] as? Int ?? -1)"
        }
        XCTAssertEqual(forgivingRuns, ["2026-09-01..2026-09-14 13", "2026-09-17..2026-09-20 4", "2026-09-24..2026-09-25 2"], "\(object)")
        let strictRuns = (history?["strict"] as? [[String: Any]] ?? []).map { $0["length"] as? Int ?? -1 }
        XCTAssertEqual(strictRuns, [10, 3, 4, 2])
    }

    func testGraceDayIsEarnedOnTheSeventhActiveDayAndAtMostTwoAreBanked() throws {
        let dir = try makeJournal()
        // Run A: 08-03..08-08, 6 active days, no grace day; 08-09 missed ends it.
        try addOnEach(dir, isoDays("2026-08-03", "2026-08-08"))
        // Run B: 08-12..08-18, 7 active days (the 7th banks one); 08-19 missed is bridged;
        // 08-20 active (8th); 08-21 missed with nothing banked ends it.
        try addOnEach(dir, isoDays("2026-08-12", "2026-08-18") + ["2026-08-20"])
        // Run C: 08-23..09-12, 21 active days (7th, 14th bank one each; the 21st would be a
        // third, capped at 2); 09-13, 09-14 missed are bridged; 09-15 missed ends it; 09-16 active.
        try addOnEach(dir, isoDays("2026-08-23", "2026-09-12") + ["2026-09-16"])

        try assertStreak(dir, asOf: "2026-08-08", strict: [6, 6], forgiving: [6, 6, 0], weekly: [0, 0], today: "done")
        // 6 active days then a miss: no grace day to spend, the run is over.
        try assertStreak(dir, asOf: "2026-08-10", strict: [0, 6], forgiving: [0, 6, 0], weekly: [0, 0], today: "pending")
        try assertStreak(dir, asOf: "2026-08-17", strict: [6, 6], forgiving: [6, 6, 0], weekly: [0, 0], today: "done")
        // Exactly the 7th active day banks the grace day.
        try assertStreak(dir, asOf: "2026-08-18", strict: [7, 7], forgiving: [7, 7, 1], weekly: [0, 0], today: "done")
        // 08-19 pending: nothing spent yet.
        try assertStreak(dir, asOf: "2026-08-19", strict: [7, 7], forgiving: [7, 7, 1], weekly: [0, 0], today: "pending")
        // 7 active days then a miss: bridged by the grace day; 08-20 is the 8th day.
        try assertStreak(dir, asOf: "2026-08-20", strict: [1, 7], forgiving: [8, 8, 0], weekly: [0, 0], today: "done")
        try assertStreak(dir, asOf: "2026-08-22", strict: [0, 7], forgiving: [0, 8, 0], weekly: [0, 0], today: "pending")
        // Run C: 14 active days (08-23..09-05) bank 2.
        try assertStreak(dir, asOf: "2026-09-05", strict: [14, 14], forgiving: [14, 14, 2], weekly: [0, 0], today: "done")
        // 21 active days: still 2 (the cap).
        try assertStreak(dir, asOf: "2026-09-12", strict: [21, 21], forgiving: [21, 21, 2], weekly: [0, 0], today: "done")
        // 09-13 missed: one spent; strict is over (the last active day is not yesterday).
        try assertStreak(dir, asOf: "2026-09-14", strict: [0, 21], forgiving: [21, 21, 1], weekly: [0, 0], today: "pending")
        // 09-13, 09-14 missed: both spent.
        try assertStreak(dir, asOf: "2026-09-15", strict: [0, 21], forgiving: [21, 21, 0], weekly: [0, 0], today: "pending")
        // The third miss (09-15) ends the run; had the bank held 3, it would have been bridged and
        // 09-16 would make 22.
        try assertStreak(dir, asOf: "2026-09-16", strict: [1, 21], forgiving: [1, 21, 0], weekly: [0, 0], today: "done")
    }
}
