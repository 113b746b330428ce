import Foundation
import XCTest

/// "Now" comes from GIT_AUTHOR_DATE / GIT_COMMITTER_DATE as in git (the tests fix both), and the
/// runner's own git setup never reaches the journal or git processes the tests start.
final class FixedClockTests: JournalTestCase {
    /// Author and committer time (seconds since 1970) and Entry-Date of a commit.
    func commitTimes(_ dir: URL, _ rev: String = "HEAD") throws -> String {
        try gitOK(["log", "-1", "--format=%at %ct %(trailers:key=Entry-Date,valueonly,separator=)", rev], in: dir)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func testEveryProcessRunsAtTheTestsFixedNoon() throws {
        let fixed = Int(Self.fixedNow.timeIntervalSince1970)
        XCTAssertEqual(fixed % 86_400, 12 * 3600, "noon UTC")
        XCTAssertLessThan(abs(Self.fixedNow.timeIntervalSince(Date())), 86_400, "today's noon")
        let dir = try makeJournal()
        XCTAssertEqual(try commitTimes(dir), "\(fixed) \(fixed)")
        let added = try journalOK(["add", "At noon", "--hours", "1", "--json"], in: dir)
        let object = try json(added.stdout) as? [String: Any]
        XCTAssertEqual(object?["date"] as? String, isoDay(0))
        XCTAssertEqual(try commitTimes(dir), "\(fixed) \(fixed) \(isoDay(0))")
        XCTAssertEqual(
            try logEntries(dir).first?["authored_at"] as? String,
            ISO8601DateFormatter().string(from: Self.fixedNow))
        // The day file says when the entry was written; the tests' own git commits at the same moment.
        XCTAssertTrue(read(dayFile(isoDay(0), in: dir))?.contains("12:00") ?? false, read(dayFile(isoDay(0), in: dir)) ?? "no day file")
        try "by hand\n".write(to: dir.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        try gitOK(["add", "notes.txt"], in: dir)
        try gitOK(["commit", "-q", "-m", "plain"], in: dir)
        XCTAssertEqual(try commitTimes(dir), "\(fixed) \(fixed)")
    }

    func testATestsOwnDateIsTodayForTheJournal() throws {
        let dir = try makeJournal()
        // 23:30 in New York on 2025-06-14 is 03:30 UTC on the 15th; the zone is TZ's (UTC here).
        let date = "2025-06-14T23:30:00-04:00"
        try journalOK(["add", "Late", "--hours", "1"], in: dir, env: ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date])
        XCTAssertEqual(try commitTimes(dir), "1749958200 1749958200 2025-06-15")
        // Only the committer date set: it is "now" too (as the author date, since journal has one now).
        try journalOK(
            ["add", "Committer only", "--hours", "1"], in: dir,
            env: ["GIT_AUTHOR_DATE": "", "GIT_COMMITTER_DATE": "Mon, 16 Jun 2025 09:00:00 +0200"])
        XCTAssertEqual(try commitTimes(dir), "1750057200 1750057200 2025-06-16")
        let status = try journalOK(["status", "--json"], in: dir, env: ["GIT_AUTHOR_DATE": "2025-06-16 18:00 +0000"])
        XCTAssertTrue(status.stdout.contains("2025-06-16"), status.stdout)
    }

    func testADateGitWouldRefuseIsRefusedInOneLine() throws {
        let dir = try makeJournal()
        try journalOK(["add", "Kept", "--hours", "1"], in: dir)
        for (name, value) in [
            ("GIT_AUTHOR_DATE", "next tuesday"), ("GIT_COMMITTER_DATE", "2026-02-30 10:00:00 +0100"),
            ("GIT_AUTHOR_DATE", "not\na date"),
        ] {
            let env = [name: value]
            for args in [
                ["add", "Refused", "--hours", "1"], ["status"], ["rest", "tomorrow"], ["config", "set", "goal.weekly-hours", "3"],
            ] {
                let stderr = try assertRefused(args + ["--journal", dir.path], in: dir, env: env)
                XCTAssertTrue(stderr.hasPrefix("journal: invalid date format in \(name): "), stderr)
                XCTAssertEqual(try run(args + ["--journal", dir.path], env: env).status, 64)
            }
        }
        XCTAssertEqual(try commitCount(dir), 2)
    }

    func testTheRunnersGitSetupDoesNotReachJournalOrGit() throws {
        let hostile = tempDir.appendingPathComponent("hostile").path
        try FileManager.default.createDirectory(atPath: hostile + "/.config/git", withIntermediateDirectories: true)
        for file in ["/.gitconfig", "/.config/git/config", "/global", "/system"] {
            try "[user]\n\tname = Hostile\n\temail = hostile@example.invalid\n[commit]\n\tgpgSign = true\n"
                .write(toFile: hostile + file, atomically: true, encoding: .utf8)
        }
        let parent = [
            "HOME": hostile, "XDG_CONFIG_HOME": hostile + "/.config", "JOURNAL_DIR": hostile,
            "GIT_CONFIG_GLOBAL": hostile + "/global", "GIT_CONFIG_SYSTEM": hostile + "/system", "GIT_CONFIG_NOSYSTEM": "0",
            "GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "user.name", "GIT_CONFIG_VALUE_0": "Hostile",
            "GIT_CONFIG_PARAMETERS": "'user.email'='hostile@example.invalid'",
            "GIT_AUTHOR_NAME": "Hostile", "GIT_COMMITTER_EMAIL": "hostile@example.invalid",
            "GIT_AUTHOR_DATE": "@1000000000 +0000", "GIT_COMMITTER_DATE": "@1000000000 +0000",
            "GIT_DIR": hostile + "/not-a-repository", "GIT_WORK_TREE": hostile,
        ]
        let saved = parent.keys.map { ($0, ProcessInfo.processInfo.environment[$0]) }
        defer {
            for (key, value) in saved {
                if let value { setenv(key, value, 1) } else { unsetenv(key) }
            }
        }
        for (key, value) in parent { setenv(key, value, 1) }
        XCTAssertEqual(ProcessInfo.processInfo.environment["GIT_CONFIG_GLOBAL"], hostile + "/global", "the runner's environment is hostile")

        let dir = try makeJournal()
        try journalOK(["add", "Isolated", "--hours", "1"], in: dir)
        let fixed = Int(Self.fixedNow.timeIntervalSince1970)
        let expected = "\(Self.userName)|\(Self.userEmail)|\(Self.userName)|\(Self.userEmail)|\(fixed)|\(fixed)"
        XCTAssertEqual(try gitOK(["log", "-1", "--format=%an|%ae|%cn|%ce|%at|%ct"], in: dir), expected + "\n")
        try gitOK(["commit", "-q", "--allow-empty", "-m", "plain"], in: dir)
        XCTAssertEqual(try gitOK(["log", "-1", "--format=%an|%ae|%cn|%ce|%at|%ct"], in: dir), expected + "\n")

        let listed = try gitOK(["config", "--list", "--show-origin"], in: dir)
        let origins = Set(listed.split(separator: "\n").map { String($0.prefix { $0 != "\t" }) })
        XCTAssertEqual(origins, ["file:\(homeDir.path)/.gitconfig", "file:.git/config"], listed)
        XCTAssertFalse(listed.lowercased().contains("hostile"), listed)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: hostile).sorted(), [".config", ".gitconfig", "global", "system"],
            "nothing was written into the runner's HOME or JOURNAL_DIR")
    }
}
