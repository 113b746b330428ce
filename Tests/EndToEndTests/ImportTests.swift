import Foundation
import XCTest

/// `journal import` from jrnl's JSON export and from a folder of daily Markdown notes: one
/// backdated commit per entry, idempotent, and a malformed source refused before anything is written.
final class ImportTests: JournalTestCase {
    let jrnlExport = """
        {"tags": {"@papers": 1, "@rust": 1}, "entries": [
          {"title": "Read the Raft paper.", "body": "Leader election, log matching.\\nHours: 1.5\\n", "date": "2025-03-04", "time": "21:15", "tags": ["@papers"], "starred": true},
          {"title": "Borrow checker kata", "body": "", "date": "2025-03-05", "time": "07:30", "tags": ["@rust"], "starred": false},
          {"title": "Same day, later", "body": "More notes", "date": "2025-03-05", "time": "22:00", "tags": [], "starred": false}
        ]}
        """

    func write(_ text: String, to name: String) throws -> URL {
        let url = path(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func testJrnlExportBecomesOneBackdatedCommitPerEntryAndASecondImportAddsNothing() throws {
        let dir = try makeJournal()
        let file = try write(jrnlExport, to: "jrnl.json")
        let first = try journalOK(["import", "--from", "jrnl", file.path, "--json"], in: dir)
        let report = try XCTUnwrap(try json(first.stdout) as? [String: Any])
        XCTAssertEqual(report["imported"] as? Int, 3)
        XCTAssertEqual(try commitCount(dir), 4)

        // Real git reads the commits: backdated author dates, the protocol's trailers, in order.
        let log = try gitOK(
            [
                "log", "--reverse", "HEAD~3..HEAD",
                "--format=%ad|%s|%(trailers:key=Entry-Date,valueonly,separator=)|%(trailers:key=Hours,valueonly,separator=)|%(trailers:key=Tags,valueonly,separator=)",
                "--date=format-local:%Y-%m-%d %H:%M",
            ], in: dir)
        XCTAssertEqual(
            log.split(separator: "\n"),
            [
                "2025-03-04 21:15|Read the Raft paper.|2025-03-04|1.5|papers, starred",
                "2025-03-05 07:30|Borrow checker kata|2025-03-05||rust",
                "2025-03-05 22:00|Same day, later|2025-03-05||",
            ])
        let day = try XCTUnwrap(read(dayFile("2025-03-05", in: dir)))
        XCTAssertTrue(
            day.range(of: #"## Borrow checker kata <!-- entry:\w+ -->\n07:30"#, options: .regularExpression) != nil
                && day.range(of: #"## Same day, later <!-- entry:\w+ -->\n22:00"#, options: .regularExpression) != nil, day)
        XCTAssertFalse(
            try XCTUnwrap(read(dayFile("2025-03-04", in: dir))).contains("Hours: 1.5"), "the Hours: line becomes the entry's hours")
        XCTAssertEqual(try status(dir), "")
        try assertFsckClean(dir)
        let papers = try XCTUnwrap(
            try json(try journalOK(["hours", "--json", "--since", "2025-03-01", "--until", "2025-03-09"], in: dir).stdout) as? [String: Any]
        )
        XCTAssertEqual(papers["total_hours"] as? Double, 1.5)

        let head = try self.head(dir)
        let again = try journalOK(["import", "--from", "jrnl", file.path], in: dir)
        XCTAssertTrue(again.stdout.contains("Imported 0 of 3") && again.stdout.contains("3 were imported before"), again.stdout)
        XCTAssertEqual(try self.head(dir), head)
    }

    func testImportedEntriesGoOnTopOfEntriesAlreadyThere() throws {
        let dir = try makeJournal()
        try journalOK(["add", "Written today", "--hours", "1"], in: dir)
        let file = try write(jrnlExport, to: "jrnl.json")
        try journalOK(["import", "--from", "jrnl", file.path], in: dir)
        let ids = try gitOK(["log", "--format=%(trailers:key=Entry-Id,valueonly,separator=)"], in: dir).split(separator: "\n")
        XCTAssertEqual(ids.count, 4)
        XCTAssertEqual(Set(ids).count, 4)
        XCTAssertEqual(try logEntries(dir).count, 4)
        XCTAssertEqual(try status(dir), "")
    }

    func testAMalformedJrnlFileIsRefusedWithTheLineOrEntryAtFault() throws {
        let dir = try makeJournal()
        let cases: [(String, String)] = [
            ("{\"entries\": [\n{\"title\": \"a\", \"date\": \"2025-01-01\"},\n{\"title\": \"b\" \"date\": \"2025-01-02\"}\n]}", "line 3"),
            ("{\"entries\": [{\"title\": \"a\", \"date\": \"2025-01-01\"}, {\"title\": \"b\", \"date\": \"2025-02-30\"}]}", "entry 2"),
            ("{\"entries\": [{\"title\": \"a\", \"date\": \"2025-01-01\", \"body\": \"Hours: lots\"}]}", "entry 1"),
            ("{\"entries\": [{\"title\": \"\", \"date\": \"2025-01-01\"}]}", "entry 1"),
            ("{\"entries\": [{\"date\": \"2025-01-01\"}]}", "entry 1: missing \"title\""),
            ("[1, 2]", "jrnl's --export json"),
        ]
        for (index, (text, expected)) in cases.enumerated() {
            let file = try write(text, to: "bad-\(index).json")
            let stderr = try assertRefused(["import", "--from", "jrnl", file.path, "--journal", dir.path], in: dir)
            XCTAssertTrue(stderr.contains(expected), "case \(index): \(stderr)")
        }
        XCTAssertEqual(try commitCount(dir), 1)
    }

    func testEscapesUnicodeAndUnknownNestedKeysImportAsJrnlWroteThem() throws {
        let dir = try makeJournal()
        let text = #"""
            {"tags": {"@ml": 1}, "version": {"jrnl": [4, 2], "note": null},
             "entries": [{"title": "Caf\u00e9 \"quotes\" \ud83d\ude00", "body": "tab\there\nsecond line \u2014 done\nHours: 0.5",
               "date": "2025-04-01", "time": "10:00", "tags": ["@ml"], "starred": false, "extra": [{"deep": [1.5e3, true]}]}]}
            """#
        let file = try write(text, to: "escapes.json")
        try journalOK(["import", "--from", "jrnl", file.path], in: dir)
        let entry = try XCTUnwrap(try logEntries(dir).first)
        XCTAssertEqual(entry["title"] as? String, "Café \"quotes\" 😀")
        XCTAssertEqual(entry["hours"] as? Double, 0.5)
        let day = try XCTUnwrap(read(dayFile("2025-04-01", in: dir)))
        XCTAssertTrue(day.contains("tab\there\nsecond line — done"), day)
        try assertFsckClean(dir)
    }

    func testMalformedJSONIsRefusedWithOneLineAndNothingWritten() throws {
        let dir = try makeJournal()
        let good = #"{"title": "fine", "date": "2025-01-01"}"#
        let cases: [(String, String)] = [
            ("{\"entries\": [\(good), {\"title\": \"\\ud83d\", \"date\": \"2025-01-02\"}]}", "surrogate"),
            ("{\"entries\": [\(good), {\"title\": \"\\q\", \"date\": \"2025-01-02\"}]}", "escape"),
            ("{\"entries\": [\(good),\n{\"title\": \"cut", "line 2"),
            ("{\"entries\": [\(good)]}\n\n,", "line 3"),
            ("{\"entries\": [\(good)], \"tags\": {\"a\": [1, 2,]}}", "not valid JSON"),
            ("", "not valid JSON at line 1"),
        ]
        for (index, (text, expected)) in cases.enumerated() {
            let file = try write(text, to: "malformed-\(index).json")
            let stderr = try assertRefused(["import", "--from", "jrnl", file.path, "--journal", dir.path], in: dir)
            XCTAssertTrue(stderr.contains(expected) && stderr.contains("malformed-\(index).json"), "case \(index): \(stderr)")
        }
        XCTAssertEqual(try commitCount(dir), 1)
        _ = try assertRefused(["import", "--from", "jrnl", path("missing.json").path, "--journal", dir.path], in: dir)
    }

    /// An import keeps only the latest day files in memory; a correction of an entry on a day
    /// written hundreds of days earlier in the same import reads that file back from the pack.
    func testACorrectionAfterManyNewDaysFindsItsDayFileInTheNewPack() throws {
        let dir = try makeJournal()
        func entry(_ title: String, _ day: String, _ time: String, body: String = "") -> String {
            #"{"title": "\#(title)", "body": "\#(body)", "date": "\#(day)", "time": "\#(time)", "tags": [], "starred": false}"#
        }
        let first = entry("Early entry", "2024-01-01", "20:00", body: "first text")
        try journalOK(["import", "--from", "jrnl", try write("{\"entries\": [\(first)]}", to: "one.json").path], in: dir)
        let start = Date(timeIntervalSince1970: 1_704_067_200)  // 2024-01-01
        let format = DateFormatter()
        format.dateFormat = "yyyy-MM-dd"
        format.timeZone = TimeZone(identifier: "UTC")
        let later = (1...300).map { entry("Day \($0)", format.string(from: start.addingTimeInterval(Double($0) * 86_400)), "09:00") }
        // The same file position keeps the early entry's id: it is corrected, and a new entry
        // lands on its day before it.
        let changed = entry("Early entry", "2024-01-01", "20:00", body: "second text")
        let text = "{\"entries\": [\(changed), \(entry("Same day, new", "2024-01-01", "08:00"))," + later.joined(separator: ",") + "]}"
        let report = try XCTUnwrap(
            try json(try journalOK(["import", "--from", "jrnl", try write(text, to: "many.json").path, "--json"], in: dir).stdout)
                as? [String: Any])
        XCTAssertEqual(report["imported"] as? Int, 301)
        XCTAssertEqual(report["amended"] as? Int, 1)
        let day = try XCTUnwrap(read(dayFile("2024-01-01", in: dir)))
        XCTAssertTrue(day.contains("Same day, new") && day.contains("second text") && !day.contains("first text"), day)
        XCTAssertEqual(try journalOK(["check"], in: dir).stdout, "The day files and history agree\n")
        XCTAssertEqual(try status(dir), "")
        try assertFsckClean(dir)
    }

    func testAFolderOfDailyNotesImportsTitlesHoursAndTags() throws {
        let dir = try makeJournal()
        let notes = path("vault")
        _ = try write("---\ntitle: Paper club\nhours: 1h30m\ntags: [papers, ml]\n---\nWe read LoRA.\n", to: "vault/daily/2025-01-06.md")
        _ = try write("# Shipped the blog\n\nHours: 2\nPosted it.\n", to: "vault/daily/2025-01-07.md")
        _ = try write("---\ntags:\n  - rust\n---\nJust notes.\n", to: "vault/2025-01-08.md")
        _ = try write("not a daily note\n", to: "vault/README.md")
        _ = try write("# hidden\n", to: "vault/.obsidian/2025-01-09.md")
        let out = try journalOK(["import", "--from", "markdown", notes.path], in: dir).stdout
        XCTAssertTrue(out.contains("Imported 3 of 3"), out)
        let entries = try logEntries(dir)
        let byTitle = Dictionary(uniqueKeysWithValues: entries.compactMap { e in (e["title"] as? String).map { ($0, e) } })
        XCTAssertEqual(byTitle["Paper club"]?["hours"] as? Double, 1.5)
        XCTAssertEqual(byTitle["Paper club"]?["tags"] as? [String], ["papers", "ml"])
        XCTAssertEqual(byTitle["Shipped the blog"]?["hours"] as? Double, 2)
        XCTAssertEqual(byTitle["Notes of 2025-01-08"]?["tags"] as? [String], ["rust"])
        XCTAssertEqual(byTitle["Notes of 2025-01-08"]?["date"] as? String, "2025-01-08")
        XCTAssertTrue(try XCTUnwrap(read(dayFile("2025-01-07", in: dir))).contains("Posted it."))
        try assertFsckClean(dir)
        XCTAssertTrue(try journalOK(["import", "--from", "markdown", notes.path], in: dir).stdout.contains("Imported 0 of 3"))
    }

    func testReimportingAChangedNoteCorrectsItsEntryAndNeverAddsASecond() throws {
        let dir = try makeJournal()
        let notes = path("vault")
        _ = try write("---\ntitle: Paper club\nhours: 1\n---\nWe read LoRA.\n", to: "vault/2025-01-06.md")
        _ = try write("# Other day\n\nHours: 2\nUnchanged.\n", to: "vault/2025-01-07.md")
        XCTAssertTrue(try journalOK(["import", "--from", "markdown", notes.path], in: dir).stdout.contains("Imported 2 of 2"))
        let id = try XCTUnwrap(try logEntries(dir).first { ($0["title"] as? String) == "Paper club" }?["id"] as? String)

        _ = try write("---\ntitle: Paper club\nhours: 2.5\n---\nWe read LoRA, then QLoRA.\n", to: "vault/2025-01-06.md")
        let again = try json(journalOK(["import", "--from", "markdown", notes.path, "--json"], in: dir).stdout) as? [String: Any]
        XCTAssertEqual(again?["imported"] as? Int, 0)
        XCTAssertEqual(again?["amended"] as? Int, 1)
        XCTAssertEqual(again?["already_there"] as? Int, 1)
        let entries = try logEntries(dir)
        XCTAssertEqual(entries.count, 2, "never a second entry")
        let club = try XCTUnwrap(entries.first { ($0["title"] as? String) == "Paper club" })
        XCTAssertEqual(club["id"] as? String, id, "the same entry, corrected")
        XCTAssertEqual(club["hours"] as? Double, 2.5)
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Entry-Id"), [id])
        let day = try XCTUnwrap(read(dayFile("2025-01-06", in: dir)))
        XCTAssertEqual(day.components(separatedBy: "## Paper club <!-- entry:").count - 1, 1, day)
        XCTAssertTrue(day.contains("then QLoRA") && !day.contains("We read LoRA.\n"), day)
        XCTAssertEqual(try journalOK(["check"], in: dir).stdout, "The day files and history agree\n")
        XCTAssertTrue(try journalOK(["import", "--from", "markdown", notes.path], in: dir).stdout.contains("Imported 0 of 2"))
        try assertFsckClean(dir)
    }

    func testANoteWithUnclosedFrontMatterIsRefusedWithItsFileAndLine() throws {
        let dir = try makeJournal()
        _ = try write("---\ntitle: fine\n---\nok\n", to: "vault/2025-01-06.md")
        _ = try write("---\ntitle: never closed\nhours: 1\n", to: "vault/2025-01-07.md")
        let stderr = try assertRefused(["import", "--from", "markdown", path("vault").path, "--journal", dir.path], in: dir)
        XCTAssertTrue(stderr.contains("2025-01-07.md") && stderr.contains("line 1"), stderr)
        XCTAssertEqual(try commitCount(dir), 1)
    }

    /// The real jrnl from PyPI (scripts/test installs it): entries written with jrnl, exported with
    /// `jrnl --export json`, imported here.
    func testEntriesExportedByTheRealJrnlImport() throws {
        let env = ProcessInfo.processInfo.environment
        guard let jrnl = env["JOURNAL_TEST_JRNL"], FileManager.default.isExecutableFile(atPath: jrnl) else {
            if env["CI"] == "true" { XCTFail("JOURNAL_TEST_JRNL is not set: scripts/test installs jrnl from PyPI") }
            throw XCTSkip("the real jrnl is not installed (scripts/test installs it)")
        }
        let journalFile = path("jrnl.txt")
        let config = try writeJrnlConfig(journal: journalFile)
        let jrnlEnv = ["JRNL_CONFIG": config.path]  // not read by every version: --config-file is passed too
        for text in [
            "2025-02-01 08:15: Read the Attention paper. Notes on #papers and @ml.\nHours: 2",
            "2025-02-02 19:00: Practised @rust lifetimes.",
        ] {
            let made = try runProcess(jrnl, ["--config-file", config.path, text], env: jrnlEnv)
            XCTAssertEqual(made.status, 0, made.stderr)
        }
        let exported = try runProcess(jrnl, ["--config-file", config.path, "--export", "json"], env: jrnlEnv)
        XCTAssertEqual(exported.status, 0, exported.stderr)
        let file = try write(exported.stdout, to: "export.json")
        let dir = try makeJournal()
        try journalOK(["import", "--from", "jrnl", file.path], in: dir)
        let entries = try logEntries(dir)
        let titles = Set(entries.compactMap { $0["title"] as? String })
        // Titles are what jrnl itself exported (its first line).
        let expected = try XCTUnwrap(try json(exported.stdout) as? [String: Any])["entries"] as? [[String: Any]]
        XCTAssertEqual(titles, Set((expected ?? []).compactMap { $0["title"] as? String }))
        XCTAssertEqual(titles.count, 2)
        let attention = try XCTUnwrap(entries.first { ($0["title"] as? String)?.hasPrefix("Read the Attention paper.") == true })
        XCTAssertEqual(attention["date"] as? String, "2025-02-01")
        XCTAssertEqual(attention["hours"] as? Double, 2)
        XCTAssertEqual(Set(attention["tags"] as? [String] ?? []), ["papers", "ml"])
        try assertFsckClean(dir)
    }
}
