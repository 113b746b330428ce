import Foundation
import XCTest

final class ConfigTests: JournalTestCase {
    func testConfigSetCommitsTheChangeThatRealGitConfigReads() throws {
        let dir = try makeJournal()
        let before = try head(dir)

        let set = try journalOK(["config", "set", "goal.weekly-hours", "12"], in: dir)
        XCTAssertEqual(set.stderr, "")
        XCTAssertNotEqual(try head(dir), before, "config set must commit")
        XCTAssertEqual(try commitCount(dir), 2)
        XCTAssertEqual(try gitOK(["log", "-1", "--name-only", "--format="], in: dir), ".journal/config\n")
        XCTAssertEqual(try gitOK(["config", "-f", dir.appendingPathComponent(".journal/config").path, "goal.weekly-hours"]), "12\n")
        // The committed blob says the same as the file.
        XCTAssertEqual(try gitOK(["config", "--blob", "HEAD:.journal/config", "goal.weekly-hours"], in: dir), "12\n")
        XCTAssertEqual(try status(dir), "")
        try assertFsckClean(dir)

        XCTAssertEqual(try journalOK(["config", "get", "goal.weekly-hours"], in: dir).stdout, "12\n")
        // Defaults of keys that are not set.
        XCTAssertEqual(try journalOK(["config", "get", "day.starts-at"], in: dir).stdout, "00:00\n")

        let list = try journalOK(["config", "list", "--json"], in: dir)
        let object = try json(list.stdout) as? [String: Any]
        XCTAssertEqual(object?["goal.weekly-hours"] as? String, "12")
        XCTAssertEqual(object?["day.starts-at"] as? String, "00:00")
        XCTAssertNotNil(object?["streak.rest-days"])

        let human = try journalOK(["config", "list"], in: dir).stdout
        XCTAssertTrue(human.contains("goal.weekly-hours = 12"), human)

        // Another key, normalised.
        try journalOK(["config", "set", "streak.rest-days", "Sun,sat"], in: dir)
        XCTAssertEqual(try gitOK(["config", "-f", dir.appendingPathComponent(".journal/config").path, "streak.rest-days"]), "sat,sun\n")
        XCTAssertEqual(try commitCount(dir), 3)
        XCTAssertEqual(try status(dir), "")
    }

    func testConfigSetOfABadValueFailsWithOneLineAndNoCommit() throws {
        let dir = try makeJournal()
        try journalOK(["config", "set", "goal.weekly-hours", "12"], in: dir)
        let stderr = try assertRefused(["config", "set", "goal.weekly-hours", "abc", "--journal", dir.path], in: dir)
        XCTAssertTrue(stderr.contains("goal.weekly-hours"), stderr)
        XCTAssertEqual(try journalOK(["config", "get", "goal.weekly-hours"], in: dir).stdout, "12\n")
        XCTAssertEqual(try commitCount(dir), 2)
    }

    func testConfigWithAnUnknownKeyFailsWithOneLine() throws {
        let dir = try makeJournal()
        let stderr = try assertRefused(["config", "set", "goal.weekly-hourz", "12", "--journal", dir.path], in: dir)
        XCTAssertTrue(stderr.contains("unknown setting"), stderr)
        try assertRefused(["config", "get", "no.such-key", "--journal", dir.path], in: dir)
        try assertRefused(["config", "unset", "no.such-key", "--journal", dir.path], in: dir)
        XCTAssertEqual(try commitCount(dir), 1)
    }
}
