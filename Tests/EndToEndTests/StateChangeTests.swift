import Foundation
import XCTest

/// Commands that change state say what they did and commit only a change (issue 11): `rest`
/// (weekday rest days too), `config set|unset|get`, and `status` about what is not yet pushed.
final class StateChangeTests: JournalTestCase {
    func testCancellingAPlannedRestWeekdayMakesItAnOrdinaryDay() throws {
        let dir = try makeJournal()
        try journalOK(["config", "set", "streak.rest-days", "sun"], in: dir)
        // October 2026: Thu 10-01 to Sat 10-03, Sunday 10-04 (planned rest), Monday 10-05.
        try addOnEach(dir, ["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-05"])
        try assertStreak(dir, asOf: "2026-10-05", strict: [1, 3], forgiving: [4, 4, 0], today: "done")

        let cancelled = try journalOK(["rest", "2026-10-04", "--cancel"], in: dir)
        XCTAssertTrue(cancelled.stdout.contains("2026-10-04 is an ordinary day now"), cancelled.stdout)
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Rest-Day-Cancelled"), ["2026-10-04"])
        // Sunday 10-04 is now a plain miss with nothing banked: the run 10-01..03 ends.
        try assertStreak(dir, asOf: "2026-10-05", strict: [1, 3], forgiving: [1, 3, 0], today: "done")
        let days = try reportJSON(["hours", "--by", "day", "--since", "2026-10-04", "--as-of", "2026-10-11"], in: dir)
        let statuses = (days["periods"] as? [[String: Any]] ?? []).map {
            "\($0["period"] as? String ?? "?") \($0["status"] as? String ?? "?")"
        }
        XCTAssertEqual(statuses.first, "2026-10-04 missed")
        XCTAssertEqual(statuses.last, "2026-10-11 rest", "the other Sundays are still rest days")

        // Saying again what is already so commits nothing, says so, and exits 0.
        let headBefore = try head(dir)
        let again = try journalOK(["rest", "2026-10-04", "--cancel"], in: dir)
        XCTAssertTrue(again.stdout.contains("2026-10-04 is not a rest day; nothing to cancel, nothing committed"), again.stdout)
        let planned = try journalOK(["rest", "2026-10-11"], in: dir)
        XCTAssertTrue(planned.stdout.contains("2026-10-11 is already a rest day (streak.rest-days); nothing committed"), planned.stdout)
        try journalOK(["rest", "2026-10-07"], in: dir)
        let headAfterDeclare = try head(dir)
        XCTAssertNotEqual(headAfterDeclare, headBefore)
        XCTAssertTrue(try journalOK(["rest", "2026-10-07"], in: dir).stdout.contains("already a rest day; nothing committed"))
        XCTAssertEqual(try head(dir), headAfterDeclare)

        // Declaring the cancelled Sunday again brings it back.
        try journalOK(["rest", "2026-10-04"], in: dir)
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Rest-Day"), ["2026-10-04"])
        try assertStreak(dir, asOf: "2026-10-05", strict: [1, 3], forgiving: [4, 4, 0], today: "done")
        try assertFsckClean(dir)
    }

    func testConfigSetToTheSameValueCommitsNothingAndGetPrintsTheValueInEffect() throws {
        let dir = try makeJournal()
        // What a command says, without the line naming the journal it wrote to.
        func said(_ args: [String]) throws -> String {
            try journalOK(args, in: dir).stdout.split(separator: "\n").filter { !$0.hasPrefix("(in the journal at ") }
                .map { $0 + "\n" }.joined()
        }
        XCTAssertEqual(try journalOK(["config", "get", "goal.weekly-hours"], in: dir).stdout, "10\n")
        XCTAssertEqual(try journalOK(["config", "get", "day.starts-at"], in: dir).stdout, "00:00\n")
        XCTAssertEqual(try journalOK(["config", "get", "goal.yearly-papers"], in: dir).stdout, "24\n")
        let commits = try commitCount(dir)
        XCTAssertEqual(try said(["config", "set", "goal.weekly-hours", "12"]), "goal.weekly-hours = 12\n")
        XCTAssertEqual(try commitCount(dir), commits + 1)
        let head = try self.head(dir)
        // The same value, however typed, changes nothing.
        XCTAssertEqual(try said(["config", "set", "goal.weekly-hours", "12.0"]), "goal.weekly-hours is already 12; nothing changed\n")
        XCTAssertEqual(try self.head(dir), head)
        XCTAssertEqual(try journalOK(["config", "get", "goal.weekly-hours"], in: dir).stdout, "12\n")
        XCTAssertEqual(try said(["config", "unset", "goal.yearly-papers"]), "goal.yearly-papers is not set; nothing changed\n")
        XCTAssertEqual(try self.head(dir), head)
        XCTAssertEqual(try said(["config", "unset", "goal.weekly-hours"]), "goal.weekly-hours unset\n")
        XCTAssertEqual(try commitCount(dir), commits + 2)
        XCTAssertEqual(try journalOK(["config", "get", "goal.weekly-hours"], in: dir).stdout, "10\n")
    }

    func testStatusCountsEveryUnpushedCommitAndWaitingHandEdits() throws {
        let remote = try makeBare()
        let dir = path("laptop")
        XCTAssertEqual(try run(["init", dir.path, "--remote", remote.path]).status, 0)
        try journalOK(["add", "First", "--hours", "1"], in: dir)
        try journalOK(["sync"], in: dir)
        XCTAssertTrue(try journalOK(["status"], in: dir).stdout.contains("up to date with origin"))

        // A setting, a rest day and an entry: three commits the remote lacks, as git counts them.
        try journalOK(["config", "set", "goal.weekly-hours", "8"], in: dir)
        try journalOK(["rest", "tomorrow"], in: dir)
        try journalOK(["add", "Second", "--hours", "1"], in: dir)
        XCTAssertEqual(try gitOK(["rev-list", "--count", "origin/main..HEAD"], in: dir), "3\n")
        let status = try reportJSON(["status"], in: dir)
        let sync = status["sync"] as? [String: Any] ?? [:]
        XCTAssertEqual(sync["unpushed_commits"] as? Int, 3)
        XCTAssertEqual(status["hand_edits_waiting"] as? [String], [])
        XCTAssertTrue(try journalOK(["status"], in: dir).stdout.contains("3 commits not yet pushed to origin"))

        // A day file edited by hand and not committed is pointed out.
        let file = dayFile(isoDay(), in: dir)
        let relative = "entries/" + file.path.components(separatedBy: "/entries/").last!
        try (read(file)! + "\nA line added by hand.\n").write(to: file, atomically: true, encoding: .utf8)
        let waiting = try reportJSON(["status"], in: dir)
        XCTAssertEqual(waiting["hand_edits_waiting"] as? [String], [relative])
        XCTAssertTrue(try journalOK(["status"], in: dir).stdout.contains("1 day file edited, not committed yet"))

        // Sync commits the hand edit and sends everything.
        try journalOK(["sync"], in: dir)
        let after = try reportJSON(["status"], in: dir)
        XCTAssertEqual((after["sync"] as? [String: Any])?["unpushed_commits"] as? Int, 0)
        XCTAssertEqual(after["hand_edits_waiting"] as? [String], [])
        XCTAssertEqual(try gitOK(["rev-list", "--count", "origin/main..HEAD"], in: dir), "0\n")
    }
}
