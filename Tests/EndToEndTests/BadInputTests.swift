import Foundation
import XCTest

/// Bad input: a non-zero exit, exactly one line on stderr, and nothing changed on disk.
final class BadInputTests: JournalTestCase {
    /// A journal with one entry, so that HEAD and a day file already exist.
    func journalWithAnEntry() throws -> URL {
        let dir = try makeJournal()
        try journalOK(["add", "First entry", "--hours", "1"], in: dir)
        return dir
    }

    func add(_ dir: URL, _ args: [String]) -> [String] { ["add"] + args + ["--journal", dir.path] }

    func testBadHoursAreRefused() throws {
        let dir = try journalWithAnEntry()
        for hours in ["abc", "0", "25", "0m", "24h1m", "1h60m", "1.5.5", "nan", "1e2"] {
            let stderr = try assertRefused(add(dir, ["Bad hours", "--hours", hours]), in: dir)
            XCTAssertTrue(stderr.contains("--hours"), "--hours \(hours): \(stderr)")
        }
        let stderr = try assertRefused(add(dir, ["Negative hours", "--hours=-1"]), in: dir)
        XCTAssertTrue(stderr.contains("--hours"), stderr)
        XCTAssertEqual(try commitCount(dir), 2)
    }

    func testBadDatesAreRefused() throws {
        let dir = try journalWithAnEntry()
        var stderr = try assertRefused(add(dir, ["Not a real day", "--hours", "1", "--date", "2026-02-30"]), in: dir)
        XCTAssertTrue(stderr.contains("2026-02-30"), stderr)
        stderr = try assertRefused(add(dir, ["Tomorrow", "--hours", "1", "--date", isoDay(1)]), in: dir)
        XCTAssertTrue(stderr.contains("future"), stderr)
        try assertRefused(add(dir, ["Next year", "--hours", "1", "--date", isoDay(400)]), in: dir)
        try assertRefused(add(dir, ["Gibberish", "--hours", "1", "--date", "someday"]), in: dir)
        try assertRefused(["log", "--since", "2026-13-01", "--journal", dir.path], in: dir)
        try assertRefused(["show", "2026-02-30", "--journal", dir.path], in: dir)
        try assertRefused(["show", isoDay(1), "--journal", dir.path], in: dir)
    }

    func testBadTitlesAreRefused() throws {
        let dir = try journalWithAnEntry()
        var stderr = try assertRefused(add(dir, ["Two\nlines", "--hours", "1"]), in: dir)
        XCTAssertTrue(stderr.contains("one line"), stderr)
        try assertRefused(add(dir, ["Carriage\rreturn", "--hours", "1"]), in: dir)
        // No title, stdin not a terminal (here /dev/null): the editor cannot open.
        stderr = try assertRefused(add(dir, ["--hours", "1"]), in: dir)
        XCTAssertTrue(stderr.contains("title"), stderr)
        try assertRefused(add(dir, []), in: dir)
        try assertRefused(add(dir, [""]), in: dir)
        try assertRefused(add(dir, ["", "--hours", "1"]), in: dir, stdin: "")
        try assertRefused(add(dir, ["   ", "--hours", "1"]), in: dir)
    }

    func testBadLinksAndTagsAreRefused() throws {
        let dir = try journalWithAnEntry()
        let stderr = try assertRefused(add(dir, ["Paper", "--hours", "1", "--paper", "Title <no-close"]), in: dir)
        XCTAssertTrue(stderr.contains("--paper"), stderr)
        try assertRefused(add(dir, ["Shipped", "--hours", "1", "--shipped", "Demo <>"]), in: dir)
        try assertRefused(add(dir, ["Paper", "--hours", "1", "--paper", "Two\nlines <https://x.org>"]), in: dir)
        try assertRefused(add(dir, ["Tag", "--hours", "1", "--tag", "Hours: 99"]), in: dir)
        try assertRefused(add(dir, ["Tag", "--hours", "1", "--tag", "a\nb"]), in: dir)
    }

    func testMissingJournalIsRefused() throws {
        let missing = URL(fileURLWithPath: "/nonexistent/x")
        var stderr = try assertRefused(["add", "Anything", "--hours", "1", "--journal", missing.path], in: missing)
        XCTAssertTrue(stderr.contains("/nonexistent/x"), stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/nonexistent"))
        for args in [["log"], ["show"], ["config", "get", "goal.weekly-hours"], ["config", "set", "goal.weekly-hours", "3"]] {
            try assertRefused(args + ["--journal", missing.path], in: missing)
        }
        // The default journal is ~/journal, which does not exist in the test HOME.
        let home = homeDir.appendingPathComponent("journal")
        stderr = try assertRefused(["add", "Anything", "--hours", "1"], in: home)
        XCTAssertTrue(stderr.contains(home.path), stderr)
        // $JOURNAL_DIR is honoured too.
        let fromEnv = path("not-here")
        stderr = try assertRefused(["log"], in: fromEnv, env: ["JOURNAL_DIR": fromEnv.path])
        XCTAssertTrue(stderr.contains(fromEnv.path), stderr)
    }

    func testAFolderThatIsNotAJournalIsRefused() throws {
        let empty = path("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        try assertRefused(["add", "Anything", "--hours", "1", "--journal", empty.path], in: empty)
        try assertRefused(["log", "--journal", empty.path], in: empty)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: empty.path), [])

        let repo = path("plain-repo")
        try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
        try gitOK(["init", "-q"], in: repo)
        try "hello\n".write(to: repo.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        try gitOK(["add", "README.md"], in: repo)
        try gitOK(["commit", "-q", "-m", "readme"], in: repo)
        let stderr = try assertRefused(["add", "Anything", "--hours", "1", "--journal", repo.path], in: repo)
        XCTAssertTrue(stderr.contains(".journal/config"), stderr)
        try assertRefused(["config", "set", "goal.weekly-hours", "3", "--journal", repo.path], in: repo)
        try assertRefused(["edit", "--journal", repo.path], in: repo, env: ["EDITOR": "/bin/true"])

        let file = tempDir.appendingPathComponent("a-file")
        try "x".write(to: file, atomically: true, encoding: .utf8)
        try assertRefused(["add", "Anything", "--hours", "1", "--journal", file.path], in: file)
        XCTAssertEqual(read(file), "x")
    }

    func testDetachedHeadIsRefused() throws {
        let dir = try journalWithAnEntry()
        try gitOK(["checkout", "-q", "--detach"], in: dir)
        let stderr = try assertRefused(add(dir, ["While detached", "--hours", "1"]), in: dir)
        XCTAssertTrue(stderr.contains("detached"), stderr)
        try assertRefused(["config", "set", "goal.weekly-hours", "3", "--journal", dir.path], in: dir)
        try assertRefused(["edit", "--journal", dir.path], in: dir, env: ["EDITOR": "/bin/true"])
        XCTAssertEqual(try gitOK(["rev-parse", "HEAD"], in: dir), try gitOK(["rev-parse", "main"], in: dir))
    }

    func testJournalWithMergeHeadIsRefused() throws {
        let dir = try journalWithAnEntry()
        try (try head(dir) + "\n").write(to: dir.appendingPathComponent(".git/MERGE_HEAD"), atomically: true, encoding: .utf8)
        let stderr = try assertRefused(add(dir, ["Mid-merge", "--hours", "1"]), in: dir)
        XCTAssertTrue(stderr.contains("merge"), stderr)
        try assertRefused(["config", "set", "goal.weekly-hours", "3", "--journal", dir.path], in: dir)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent(".git/MERGE_HEAD").path))
    }

    func testJournalInARealMergeConflictIsRefused() throws {
        let dir = try journalWithAnEntry()
        try "base\n".write(to: dir.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        try gitOK(["add", "README.md"], in: dir)
        try gitOK(["commit", "-q", "-m", "readme"], in: dir)
        try gitOK(["checkout", "-q", "-b", "other"], in: dir)
        try "other side\n".write(to: dir.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        try gitOK(["commit", "-q", "-am", "other"], in: dir)
        try gitOK(["checkout", "-q", "main"], in: dir)
        try "main side\n".write(to: dir.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        try gitOK(["commit", "-q", "-am", "main"], in: dir)
        let merge = try git(["merge", "other"], in: dir)
        XCTAssertNotEqual(merge.status, 0, "the merge should conflict")
        XCTAssertTrue(try status(dir).contains("UU README.md"))

        let stderr = try assertRefused(add(dir, ["Mid-conflict", "--hours", "1"]), in: dir)
        XCTAssertTrue(stderr.contains("merge"), stderr)
        try assertRefused(["edit", "--journal", dir.path], in: dir, env: ["EDITOR": "/bin/true"])
    }

    func testIndexLockOfAnotherProcessIsWaitedForThenRefusedAndKept() throws {
        let dir = try journalWithAnEntry()
        let lock = dir.appendingPathComponent(".git/index.lock")
        try Data().write(to: lock)
        let started = Date()
        let stderr = try assertRefused(add(dir, ["While locked", "--hours", "1"]), in: dir)
        let waited = Date().timeIntervalSince(started)
        XCTAssertTrue(stderr.contains("index.lock"), stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: lock.path), "the other process's index.lock must not be deleted")
        XCTAssertGreaterThanOrEqual(waited, 0.5, "the command should wait briefly for the lock")
        XCTAssertLessThan(waited, 30)
        // Once the other process is gone, writing works again.
        try FileManager.default.removeItem(at: lock)
        try journalOK(["add", "After the lock", "--hours", "1"], in: dir)
        XCTAssertEqual(try commitCount(dir), 3)
        XCTAssertEqual(try status(dir), "")
    }

    func testUnreadableConfigIsRefused() throws {
        let dir = try journalWithAnEntry()
        try "[[[\n".write(to: dir.appendingPathComponent(".journal/config"), atomically: true, encoding: .utf8)
        try gitOK(["commit", "-q", "-am", "break the config"], in: dir)
        XCTAssertEqual(try status(dir), "")
        var stderr = try assertRefused(add(dir, ["With a broken config", "--hours", "1"]), in: dir)
        XCTAssertTrue(stderr.contains(".journal/config"), stderr)
        try assertRefused(["config", "get", "goal.weekly-hours", "--journal", dir.path], in: dir)
        try assertRefused(["config", "set", "goal.weekly-hours", "3", "--journal", dir.path], in: dir)
        try assertRefused(["config", "list", "--journal", dir.path], in: dir)
        try assertRefused(["log", "--journal", dir.path], in: dir)

        try "[goal]\n\tweekly-hours = abc\n".write(to: dir.appendingPathComponent(".journal/config"), atomically: true, encoding: .utf8)
        try gitOK(["commit", "-q", "-am", "a bad value"], in: dir)
        stderr = try assertRefused(["config", "get", "goal.weekly-hours", "--journal", dir.path], in: dir)
        XCTAssertTrue(stderr.contains("weekly-hours"), stderr)
        try assertRefused(add(dir, ["With a bad value", "--hours", "1"]), in: dir)
    }

    func testBadInputWithABodyOnStdinChangesNothing() throws {
        let dir = try journalWithAnEntry()
        try assertRefused(add(dir, ["Bad hours with a body", "--body-file", "-", "--hours", "abc"]), in: dir, stdin: "a body I typed\n")
        try assertRefused(add(dir, ["Body with a control char", "--body-file", "-", "--hours", "1"]), in: dir, stdin: "bell \u{07}\n")
    }
}
