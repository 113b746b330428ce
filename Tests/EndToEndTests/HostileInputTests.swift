import Foundation
import XCTest

/// Input meant to break things: refused with one line and nothing changed, or stored safely.
final class HostileInputTests: JournalTestCase {
    func journalWithAnEntry() throws -> URL {
        let dir = try makeJournal()
        try journalOK(["add", "First entry", "--hours", "1"], in: dir)
        return dir
    }

    func add(_ dir: URL, _ args: [String]) -> [String] { ["add"] + args + ["--journal", dir.path] }

    func relative(_ iso: String) -> String {
        "entries/\(iso.prefix(4))/\(iso.dropFirst(5).prefix(2))/\(iso).md"
    }

    // MARK: - Refused

    func testControlCharactersAndOverlongTitlesAreRefused() throws {
        let dir = try journalWithAnEntry()
        var stderr = try assertRefused(add(dir, ["Bell \u{7} in the title", "--hours", "1"]), in: dir)
        XCTAssertTrue(stderr.contains("title"), stderr)
        try assertRefused(add(dir, ["Escape \u{1b}[31mred\u{1b}[0m", "--hours", "1"]), in: dir)
        try assertRefused(add(dir, ["\u{1b}]0;owned\u{7}", "--hours", "1"]), in: dir)
        stderr = try assertRefused(add(dir, [String(repeating: "x", count: 301), "--hours", "1"]), in: dir)
        XCTAssertTrue(stderr.contains("300"), stderr)
        try assertRefused(add(dir, [String(repeating: "é", count: 301), "--hours", "1"]), in: dir)
        try assertRefused(add(dir, ["Tag with a newline", "--hours", "1", "--tag", "ok,bad\ntag"]), in: dir)
        try assertRefused(add(dir, ["Tag with an escape", "--hours", "1", "--tag", "a\u{1b}b"]), in: dir)

        // The limit itself is fine.
        let longest = String(repeating: "y", count: 300)
        try journalOK(["add", longest, "--hours", "1"], in: dir)
        XCTAssertEqual(try gitOK(["log", "-1", "--format=%s"], in: dir), longest + "\n")
    }

    func testControlCharactersInBodiesAreRefused() throws {
        let dir = try journalWithAnEntry()
        var stderr = try assertRefused(add(dir, ["Escape in --body", "--hours", "1", "--body", "before \u{1b}[2J after"]), in: dir)
        XCTAssertTrue(stderr.contains("body"), stderr)
        // (A NUL cannot travel in argv at all; --body gets another C0 control instead.)
        try assertRefused(add(dir, ["SOH in --body", "--hours", "1", "--body", "a\u{1}b"]), in: dir)
        stderr = try assertRefused(
            add(dir, ["NUL on stdin", "--body-file", "-", "--hours", "1"]), in: dir, stdin: "line one\nNUL here: \u{0} end\n")
        XCTAssertTrue(stderr.contains("body"), stderr)
        try assertRefused(add(dir, ["Escape on stdin", "--body-file", "-", "--hours", "1"]), in: dir, stdin: "\u{1b}]52;c;AAAA\u{7}\n")
        try assertRefused(add(dir, ["Backspace on stdin", "--body-file", "-", "--hours", "1"]), in: dir, stdin: "abc\u{8}\u{8}\n")
        XCTAssertEqual(drafts(dir).count, 0, "refused input leaves no draft")
        // Tabs and newlines are fine.
        try journalOK(["add", "Tabs are fine", "--body-file", "-", "--hours", "1"], in: dir, stdin: "a\tb\n\nc\n")
        XCTAssertTrue(try gitOK(["log", "-1", "--format=%b"], in: dir).contains("a\tb\n\nc"))
    }

    func testPathLikeArgumentsAreRefused() throws {
        let dir = try journalWithAnEntry()
        var stderr = try assertRefused(add(dir, ["Template traversal", "--hours", "1", "--template", "../../etc/passwd"]), in: dir)
        XCTAssertTrue(stderr.contains("template"), "the refusal should be about --template: \(stderr)")
        try assertRefused(add(dir, ["--template", "../../etc/passwd"]), in: dir)
        try assertRefused(
            add(dir, ["Template with a slash", "--hours", "1", "--edit", "--template", "a/b"]), in: dir, env: ["EDITOR": "/bin/true"])
        stderr = try assertRefused(add(dir, ["Date traversal", "--hours", "1", "--date", "../../etc"]), in: dir)
        XCTAssertTrue(stderr.contains("--date"), stderr)
        try assertRefused(["show", "../../etc/passwd", "--journal", dir.path], in: dir)
        try assertRefused(["show", "/etc/passwd", "--journal", dir.path], in: dir)
        try assertRefused(["rest", "../../../tmp/x", "--journal", dir.path], in: dir)
    }

    func testASymlinkedYearFolderIsRefusedAndNothingIsWrittenOutside() throws {
        let dir = try journalWithAnEntry()
        let year = String(isoDay(0).prefix(4))
        // The real folder of this year moves aside; in its place, a link to a folder outside.
        let outside = path("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try gitOK(["rm", "-r", "-q", "entries/\(year)"], in: dir)
        try gitOK(["commit", "-q", "-m", "move the year away"], in: dir)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("entries"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: dir.appendingPathComponent("entries/\(year)").path,
            withDestinationPath: outside.path)
        let stderr = try assertRefused(add(dir, ["Through the link", "--hours", "1"]), in: dir)
        XCTAssertTrue(stderr.contains("symbolic link"), stderr)
        try assertRefused(add(dir, ["Through the link", "--hours", "1", "--date", "yesterday"]), in: dir)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outside.path), [], "nothing may be written outside the journal")
        XCTAssertEqual(drafts(dir).count, 0)
    }

    func testASymlinkedDayFileIsRefusedAndItsTargetNeverReachesHistory() throws {
        let dir = try journalWithAnEntry()
        let today = isoDay(0)
        let marker = "OUTSIDE-SECRET-7f3a9c"
        let secret = path("outside").appendingPathComponent("secret.md")
        try FileManager.default.createDirectory(at: secret.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "# \(marker)\n".write(to: secret, atomically: true, encoding: .utf8)
        // Today's day file becomes a link to a file outside the journal.
        let day = dayFile(today, in: dir)
        try gitOK(["rm", "-q", relative(today)], in: dir)
        try gitOK(["commit", "-q", "-m", "remove today's file"], in: dir)
        try FileManager.default.createDirectory(at: day.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: day.path, withDestinationPath: secret.path)

        let stderr = try assertRefused(add(dir, ["Into the link", "--hours", "1"]), in: dir)
        XCTAssertTrue(stderr.contains("symbolic link"), stderr)
        XCTAssertEqual(read(secret), "# \(marker)\n", "the file outside is untouched")

        // A commit on another day sweeps up hand edits under entries/: the link's target must not
        // come with it.
        try journalOK(["add", "Another day", "--hours", "1", "--date", "yesterday"], in: dir)
        let history = try gitOK(["log", "-p", "--all"], in: dir)
        XCTAssertFalse(history.contains(marker), "the content of a file outside the journal reached history")
        XCTAssertEqual(read(secret), "# \(marker)\n")
        try assertFsckClean(dir)
    }

    // MARK: - Stored safely

    func testAOneMebibyteSingleLineBodyOnStdinIsStored() throws {
        let dir = try makeJournal()
        var rng = SplitMix64(seed: 1)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789 ")
        let line = String((0..<(1 << 20)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
        let result = try runJournal(
            add(dir, ["A very long line", "--body-file", "-", "--hours", "1.5"]), stdinData: Data((line + "\n").utf8))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "")
        let file = try gitOK(["show", "HEAD:\(relative(isoDay(0)))"], in: dir)
        XCTAssertTrue(file.contains(line), "the day file in the commit holds the whole line")
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Hours"), ["1.5"])
        XCTAssertEqual(try parsedTrailers(dir, "HEAD").filter { $0.key == "Hours" }.map(\.value), ["1.5"])
        XCTAssertEqual(try logEntries(dir).first?["hours"] as? Double, 1.5)
        XCTAssertEqual(try status(dir), "")
        try assertFsckClean(dir)
    }

    func testInvalidUTF8OnStdinIsStoredWithReplacementCharacters() throws {
        let dir = try makeJournal()
        let bytes = Data("valid start ".utf8) + Data([0xFF, 0xFE, 0xC3, 0x28, 0xE2, 0x82]) + Data(" valid end\n".utf8)
        let result = try runJournal(add(dir, ["Broken bytes", "--body-file", "-", "--hours", "1"]), stdinData: bytes)
        XCTAssertEqual(result.status, 0, result.stderr)
        try assertFsckClean(dir)
        let file = read(dayFile(isoDay(0), in: dir)) ?? ""
        XCTAssertTrue(file.contains("\u{FFFD}"), file)
        XCTAssertTrue(file.contains("valid start") && file.contains("valid end"), file)
        let stored = try Data(contentsOf: dayFile(isoDay(0), in: dir))
        XCTAssertNotNil(String(data: stored, encoding: .utf8), "the day file is valid UTF-8")
        let message = try gitOK(["log", "-1", "--format=%B"], in: dir)
        XCTAssertTrue(message.contains("\u{FFFD}"), message)
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Hours"), ["1"])
        XCTAssertEqual(try status(dir), "")
    }

    func testTrailerLookAlikesInABodyNeverChangeTheHours() throws {
        let dir = try makeJournal()
        let forged = "Hours: 999\nEntry-Id: X\n---\nHours: 998"
        try journalOK(["add", "Forged by --body", "--hours", "1.5", "--body", forged], in: dir)
        try journalOK(["add", "Forged on stdin", "--body-file", "-", "--hours", "2"], in: dir, stdin: forged + "\n")
        try journalOK(
            ["add", "Forged with a blank line", "--body-file", "-", "--hours", "0.25"], in: dir, stdin: "text\n\n" + forged + "\n")

        for (rev, hours) in [("HEAD~2", "1.5"), ("HEAD~1", "2"), ("HEAD", "0.25")] {
            XCTAssertEqual(try trailerValues(dir, rev, key: "Hours"), [hours], rev)
            let ids = try trailerValues(dir, rev, key: "Entry-Id")
            XCTAssertEqual(ids.count, 1, rev)
            XCTAssertNotEqual(ids.first, "X", rev)
            let parsed = try parsedTrailers(dir, rev)
            XCTAssertEqual(parsed.filter { $0.key == "Hours" }.map(\.value), [hours], rev)
            XCTAssertEqual(parsed.filter { $0.key == "Entry-Id" }.count, 1, rev)
            XCTAssertTrue(try gitOK(["log", "-1", "--format=%b", rev], in: dir).contains("Hours: 999"), "the body text is kept")
        }
        let entries = try logEntries(dir)
        XCTAssertEqual(entries.map { $0["hours"] as? Double }, [0.25, 2, 1.5])
        XCTAssertEqual(Set(entries.compactMap { $0["id"] as? String }).count, 3)
        XCTAssertFalse(entries.contains { ($0["id"] as? String) == "X" })
        let report = try reportJSON(["hours", "--by", "day", "--since", isoDay(0)], in: dir)
        XCTAssertEqual(report["total_hours"] as? Double, 3.75, "\(report)")
    }

    func testARandomBinaryConfigMakesEveryCommandFailInOneLine() throws {
        let dir = try journalWithAnEntry()
        var rng = SplitMix64(seed: 0xC0FF1C)
        try rng.bytes(64 * 1024).write(to: dir.appendingPathComponent(".journal/config"))
        try gitOK(["add", ".journal/config"], in: dir)
        try gitOK(["commit", "-q", "-m", "garbage config"], in: dir)
        XCTAssertEqual(try status(dir), "")
        let j = ["--journal", dir.path]
        for args in [
            ["status"], ["add", "With garbage config", "--hours", "1"], ["log"], ["config", "list"],
            ["streak", "--json"], ["hours"],
        ] {
            let stderr = try assertRefused(args + j, in: dir)
            XCTAssertTrue(stderr.contains(".journal/config"), "journal \(args.joined(separator: " ")): \(stderr)")
            XCTAssertLessThan(stderr.utf8.count, 1000, "the error line should not echo the garbage")
        }
        // With stdin holding a body, the add still changes nothing.
        try assertRefused(["add", "Body and garbage", "--body-file", "-", "--hours", "1"] + j, in: dir, stdin: "a body\n")
    }

    func testAPlainCommitWithTenThousandTrailerLinesCountsOnce() throws {
        let dir = try makeJournal()
        let today = isoDay(0)
        try writeJournalFile("# Notes by hand\n", to: relative(today), in: dir)
        var message = "Plain commit with a huge trailer block\n\nSome body.\n\n"
        for i in 0..<10_000 {
            switch i % 4 {
            case 0: message += "Hours: 1\n"
            case 1: message += "Signed-off-by: Someone \(i) <s\(i)@example.test>\n"
            case 2: message += "Reviewed-by: Reviewer <r@example.test>\n"
            default: message += "Note: n\(i)\n"
            }
        }
        let messageFile = tempDir.appendingPathComponent("message.txt")
        try message.write(to: messageFile, atomically: true, encoding: .utf8)
        try gitOK(["add", "entries"], in: dir)
        try gitOK(["commit", "-q", "-F", messageFile.path], in: dir)
        XCTAssertEqual(
            try gitOK(["log", "-1", "--format=%(trailers:key=Hours,valueonly)"], in: dir)
                .split(separator: "\n").count, 2500, "git itself reads 2500 Hours trailers")

        var started = monotonicSeconds()
        let streak = try runJournal(["streak", "--json", "--journal", dir.path], stdinData: Data(), timeout: 30)
        let streakSeconds = monotonicSeconds() - started
        XCTAssertEqual(streak.status, 0, streak.stderr)
        let s = (try json(streak.stdout) as? [String: Any]) ?? [:]
        XCTAssertEqual((s["strict"] as? [String: Any])?["current"] as? Int, 1, streak.stdout)
        XCTAssertEqual((s["forgiving"] as? [String: Any])?["current"] as? Int, 1, streak.stdout)
        XCTAssertEqual(s["today"] as? String, "done", streak.stdout)

        started = monotonicSeconds()
        let log = try runJournal(["log", "--json", "--journal", dir.path], stdinData: Data(), timeout: 30)
        let logSeconds = monotonicSeconds() - started
        XCTAssertEqual(log.status, 0, log.stderr)
        let entries = ((try json(log.stdout) as? [String: Any])?["entries"] as? [[String: Any]]) ?? []
        XCTAssertEqual(entries.count, 1, "the commit is one entry")
        XCTAssertEqual(entries.first?["hours"] as? Double, 1)
        XCTAssertEqual(entries.first?["title"] as? String, "Plain commit with a huge trailer block")
        XCTAssertEqual(entries.first?["date"] as? String, today)

        let hours = try reportJSON(["hours", "--by", "day", "--since", today], in: dir)
        XCTAssertEqual(hours["total_hours"] as? Double, 1, "\(hours)")
        print(
            "10,000 trailer lines: streak --json \(String(format: "%.2f", streakSeconds)) s, log --json \(String(format: "%.2f", logSeconds)) s"
        )
    }
}
