import Foundation
import XCTest

/// Issue 12: the journal found as people expect, and input read as people type it.
final class CommandLineFormTests: JournalTestCase {
    func titles(_ dir: URL) throws -> [String] {
        try gitOK(["log", "--format=%s"], in: dir).split(separator: "\n").map(String.init)
    }

    func testJournalOptionBeforeOrAfterTheCommandAndDashC() throws {
        let dir = try makeJournal()
        for (index, args) in [
            ["--journal", dir.path, "add", "Before", "--hours", "1"],
            ["add", "After", "--hours", "1", "--journal", dir.path],
            ["-C", dir.path, "add", "Dash C", "--hours", "1"],
            ["--journal=\(dir.path)", "add", "Equals", "--hours", "1"],
            ["add", "Dash C after", "-C", dir.path, "--hours", "1"],
            ["-C", dir.path, "add", "--hours", "1", "--", "-- a title after --"],
        ].enumerated() {
            let result = try run(args)
            XCTAssertEqual(result.status, 0, "\(index): \(args) \(result.stderr)")
        }
        XCTAssertEqual(
            Array(try titles(dir).prefix(6)), ["-- a title after --", "Dash C after", "Equals", "Dash C", "After", "Before"])
        // A report with the option first, and the default command.
        XCTAssertEqual(try run(["--journal", dir.path, "log", "-n", "1"]).stdout.contains("-- a title after --"), true)
        XCTAssertEqual(try run(["-C", dir.path]).status, 0)
    }

    func testTheJournalHoldingTheCurrentFolderComesBeforeHomeJournal() throws {
        let home = try makeJournal("home/journal")
        let dir = try makeJournal("projects/notes")
        let inside = dir.appendingPathComponent("entries/deeper")
        try FileManager.default.createDirectory(at: inside, withIntermediateDirectories: true)
        let result = try run(["add", "From inside", "--hours", "1"], cwd: inside)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try titles(dir).first, "From inside")
        XCTAssertEqual(try titles(home), ["Start a learning journal"])
        // It says where it wrote, as the last line of its output; JSON stays clean.
        XCTAssertEqual(result.stdout.split(separator: "\n").last.map(String.init), "(in the journal at \(dir.path))")
        let json = try run(["add", "As JSON", "--hours", "1", "--json"], cwd: inside)
        XCTAssertNotNil(try self.json(json.stdout) as? [String: Any], json.stdout)
        // Outside any journal: ~/journal, and no line about where.
        let outside = try run(["add", "At home", "--hours", "1"], cwd: path("projects"))
        XCTAssertEqual(outside.status, 0, outside.stderr)
        XCTAssertEqual(try titles(home).first, "At home")
        XCTAssertFalse(outside.stdout.contains("(in the journal"), outside.stdout)
        // $JOURNAL_DIR still wins over the current folder.
        let env = try run(["add", "By env", "--hours", "1"], env: ["JOURNAL_DIR": home.path], cwd: inside)
        XCTAssertEqual(env.status, 0, env.stderr)
        XCTAssertEqual(try titles(home).first, "By env")
    }

    func testAWhileReadLoopAddsEveryLine() throws {
        let dir = try makeJournal()
        try "first\nsecond\nthird\n".write(to: path("titles.txt"), atomically: true, encoding: .utf8)
        let script = "while read t; do \"$JOURNAL\" add \"$t\" --hours 0.5 --journal \"$DIR\"; done < titles.txt"
        let result = try runProcess(
            "/bin/sh", ["-c", script], env: ["JOURNAL": try Self.journalBinary(), "DIR": dir.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(Array(try titles(dir).prefix(3)), ["third", "second", "first"])
        XCTAssertEqual(try gitOK(["log", "-3", "--format=%b"], in: dir).contains("second"), false, "no entry took the rest as its body")
    }

    func testBodyOnlyWhenAskedAndTitleFromStdinWithoutOne() throws {
        let dir = try makeJournal()
        try journalOK(["add", "No body", "--hours", "1"], in: dir, stdin: "not for me\n")
        XCTAssertFalse(try gitOK(["log", "-1", "--format=%B"], in: dir).contains("not for me"))
        try journalOK(["add", "Dash F", "--hours", "1", "-F", "-"], in: dir, stdin: "body from stdin\n")
        XCTAssertTrue(try gitOK(["log", "-1", "--format=%b"], in: dir).hasPrefix("body from stdin\n"))
        try "body from a file\n".write(to: path("body.md"), atomically: true, encoding: .utf8)
        try journalOK(["add", "Body file", "--hours", "1", "--body-file", path("body.md").path], in: dir)
        XCTAssertTrue(try gitOK(["log", "-1", "--format=%b"], in: dir).hasPrefix("body from a file\n"))
        try journalOK(["add", "--hours", "2", "--tag", "llm"], in: dir, stdin: "Title on the first line\nthe rest\nis the body\n")
        XCTAssertEqual(try gitOK(["log", "-1", "--format=%s"], in: dir), "Title on the first line\n")
        XCTAssertTrue(try gitOK(["log", "-1", "--format=%b"], in: dir).hasPrefix("the rest\nis the body\n"))
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Hours"), ["2"])
        try assertRefused(["add", "Both", "--body", "x", "-F", "-", "--journal", dir.path], in: dir, stdin: "y\n")
        try assertRefused(["add", "Missing", "--body-file", path("nope.md").path, "--journal", dir.path], in: dir)
        let edit = try assertRefused(["add", "Title", "--edit", "--journal", dir.path], in: dir)
        XCTAssertTrue(edit.contains("the editor needs a terminal"), edit)
    }

    func testHoursAsPeopleTypeThem() throws {
        let dir = try makeJournal()
        for (form, stored) in [
            ("1:30", "1.5"), ("1h 30m", "1.5"), ("90 min", "1.5"), ("2 hrs", "2"), ("2 h", "2"), ("2hours", "2"), ("45 minutes", "0.75"),
        ] {
            try journalOK(["add", "Hours as \(form)", "--hours", form], in: dir)
            XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Hours"), [stored], form)
        }
        for negative in ["-1", "-0.5", "-1h"] {
            let stderr = try assertRefused(["add", "Negative", "--hours", negative, "--journal", dir.path], in: dir)
            XCTAssertTrue(stderr.contains("hours must be more than 0"), stderr)
        }
        let stderr = try assertRefused(["add", "Bad", "--hours", "1:75", "--journal", dir.path], in: dir)
        XCTAssertTrue(stderr.contains("--hours"), stderr)
    }

    func testDateFormsShortOptionsAndRepeatedTags() throws {
        let dir = try makeJournal()
        try journalOK(["add", "Three days ago", "-d", "3 days ago", "--hours", "1", "-t", "llm", "--tag", "llm", "-t", "LLM"], in: dir)
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Entry-Date"), [isoDay(-3)])
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Tags"), ["llm"])
        for back in 1...7 {
            try journalOK(["add", "Last \(weekdayName(-back))", "--date", "last \(weekdayName(-back))", "--hours", "1"], in: dir)
            XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Entry-Date"), [isoDay(-back)], "last \(weekdayName(-back))")
        }
        try journalOK(["rest", "tomorrow"], in: dir)
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Rest-Day"), [isoDay(1)])
        // show takes --date (and -d) as well as the argument.
        XCTAssertTrue(try journalOK(["show", "--date", "3 days ago"], in: dir).stdout.contains("Three days ago"))
        XCTAssertTrue(try journalOK(["show", "-d", isoDay(-3)], in: dir).stdout.contains("Three days ago"))
        // -n, -t, -s, -u on log.
        let newest = try logEntries(dir, ["-n", "2"])
        XCTAssertEqual(newest.count, 2)
        XCTAssertEqual(try logEntries(dir, ["-t", "llm"]).map { $0["title"] as? String }, ["Three days ago"])
        let window = try logEntries(dir, ["-s", isoDay(-3), "-u", isoDay(-3)]).compactMap { $0["title"] as? String }
        XCTAssertTrue(window.contains("Three days ago"), "\(window)")
        XCTAssertTrue(window.allSatisfy { !$0.hasPrefix("Last") || $0 == "Last \(weekdayName(-3))" }, "\(window)")
    }

    func testPeriodsForSinceAndUntil() throws {
        let dir = try makeJournal()
        let today = isoDay(0)
        let year = String(today.prefix(4))
        let month = String(today.prefix(7))
        try journalOK(["add", "Old one", "--date", "\(Int(year)! - 1)-06-15", "--hours", "1"], in: dir)
        try journalOK(["add", "Today's", "--hours", "1"], in: dir)
        func titles(_ args: [String]) throws -> [String] { try logEntries(dir, args).compactMap { $0["title"] as? String } }
        XCTAssertEqual(try titles(["--since", year]), ["Today's"])
        XCTAssertEqual(try titles(["--since", month, "--until", month]), ["Today's"])
        XCTAssertEqual(try titles(["--until", "\(Int(year)! - 1)"]), ["Old one"])
        XCTAssertEqual(try titles(["--since", "\(Int(year)! - 1)-06", "--until", "\(Int(year)! - 1)-06"]), ["Old one"])
        XCTAssertEqual(try titles(["--since", "this year"]), ["Today's"])
        XCTAssertEqual(try titles(["--since", "this month"]), ["Today's"])
        XCTAssertEqual(try titles(["--since", "this week"]), ["Today's"])
        XCTAssertEqual(try titles(["--until", "last week"]), ["Old one"])
        XCTAssertEqual(try titles(["-s", "last month", "-u", "last month"]), [])
        try assertRefused(["log", "--since", "\(year)-13", "--journal", dir.path], in: dir)
    }
}
