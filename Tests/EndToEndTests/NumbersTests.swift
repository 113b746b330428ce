import Foundation
import XCTest

/// Numbers that are right (issue 11): a day holds at most 24 h, minutes add up exactly, ranges
/// clip periods, the first week or month is prorated from the first entry, and JSON is consistent.
/// Checked with the built binary and the real git.
final class NumbersTests: JournalTestCase {
    func testADayHoldsAtMost24HoursForAddAndImport() throws {
        let dir = try makeJournal()
        try addOn(dir, "2026-10-05", hours: "20")
        let refused = try run(["add", "Too much", "--date", "2026-10-05", "--hours", "4.5", "--journal", dir.path])
        XCTAssertEqual(refused.status, 64, refused.stderr)
        let stderr = try assertRefused(["add", "Too much", "--date", "2026-10-05", "--hours", "4.5", "--journal", dir.path], in: dir)
        XCTAssertTrue(stderr.contains("2026-10-05 already has 20 h"), stderr)
        // With a body (kept as a draft on other failures) it is refused before anything is written.
        try assertRefused(["add", "Too much", "--date", "2026-10-05", "--hours", "5", "--body", "notes", "--journal", dir.path], in: dir)
        // Exactly 24 h is allowed; another day is untouched by the limit.
        try addOn(dir, "2026-10-05", hours: "4h")
        try addOn(dir, "2026-10-06", hours: "24")
        XCTAssertEqual(try gitOK(["log", "--format=%(trailers:key=Hours,valueonly)", "-2"], in: dir), "24\n\n4\n\n")

        // An import that would take 2026-10-06 (24 h already) or one imported day past 24 h is refused whole.
        let notes = path("notes")
        try FileManager.default.createDirectory(at: notes, withIntermediateDirectories: true)
        try "---\ntitle: Fine\nhours: 2\n---\nok\n".write(
            to: notes.appendingPathComponent("2026-10-07.md"), atomically: true, encoding: .utf8)
        try "---\ntitle: Late\nhours: 1\n---\nmore\n".write(
            to: notes.appendingPathComponent("2026-10-06.md"), atomically: true, encoding: .utf8)
        let imported = try run(["import", "--from", "markdown", notes.path, "--journal", dir.path])
        XCTAssertEqual(imported.status, 64, imported.stderr)
        XCTAssertTrue(imported.stderr.contains("2026-10-06 already has 24 h"), imported.stderr)
        try assertRefused(["import", "--from", "markdown", notes.path, "--journal", dir.path], in: dir)
        try FileManager.default.removeItem(at: notes.appendingPathComponent("2026-10-06.md"))
        XCTAssertTrue(try journalOK(["import", "--from", "markdown", notes.path], in: dir).stdout.contains("Imported 1"))
        try assertFsckClean(dir)
    }

    func testThreeEntriesOfTwentyMinutesMakeOneHour() throws {
        let dir = try makeJournal()
        for _ in 0..<3 { try addOn(dir, "2026-10-05", hours: "20m") }
        // The trailer keeps six decimals, as git reads it; 1.5 and 2 stay as they are.
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Hours"), ["0.333333"])
        try addOn(dir, "2026-10-06", hours: "90m")
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Hours"), ["1.5"])
        let report = try reportJSON(["hours", "--by", "day", "--since", "2026-10-05", "--as-of", "2026-10-06"], in: dir)
        let rows = report["periods"] as? [[String: Any]] ?? []
        XCTAssertEqual(rows.map { $0["hours"] as? Double }, [1, 1.5])
        XCTAssertEqual(report["total_hours"] as? Double, 2.5)
        let text = try journalOK(["hours", "--by", "week", "--as-of", "2026-10-06"], in: dir).stdout
        XCTAssertTrue(text.contains("Total 2.5 h"), text)
        // Each entry is shown rounded to the minute, in text and JSON.
        XCTAssertEqual(
            try logEntries(dir, ["--since", "2026-10-05", "--until", "2026-10-05"]).map { $0["hours"] as? Double }, [0.33, 0.33, 0.33])
        XCTAssertTrue(try journalOK(["log"], in: dir).stdout.contains("0.33 h"))
    }

    func testSinceAndUntilClipWeeksAndMonthsAndMarkThemPartial() throws {
        let dir = try makeJournal()
        // One hour a day from Monday 2026-10-05 to Sunday 2026-10-25 (weeks 41, 42, 43).
        try addOnEach(dir, isoDays("2026-10-05", "2026-10-25"))
        try journalOK(["config", "set", "goal.weekly-hours", "7"], in: dir)
        let report = try reportJSON(
            ["hours", "--by", "week", "--since", "2026-10-08", "--until", "2026-10-20", "--as-of", "2026-10-30"], in: dir)
        let rows = report["periods"] as? [[String: Any]] ?? []
        XCTAssertEqual(rows.map { $0["period"] as? String }, ["2026-W41", "2026-W42", "2026-W43"])
        XCTAssertEqual(rows.map { $0["start"] as? String }, ["2026-10-08", "2026-10-12", "2026-10-19"])
        XCTAssertEqual(rows.map { $0["end"] as? String }, ["2026-10-11", "2026-10-18", "2026-10-20"])
        XCTAssertEqual(rows.map { $0["hours"] as? Double }, [4, 7, 2])
        XCTAssertEqual(rows.map { $0["goal"] as? Double }, [4, 7, 2])
        XCTAssertEqual(rows.map { $0["partial"] as? Bool }, [true, false, true])
        XCTAssertEqual(rows.map { $0["status"] as? String }, ["met", "met", "met"])
        XCTAssertEqual(report["total_hours"] as? Double, 13)
        let month = try reportJSON(
            ["hours", "--by", "month", "--since", "2026-10-10", "--until", "2026-10-12", "--as-of", "2026-10-30"], in: dir)
        let monthRows = month["periods"] as? [[String: Any]] ?? []
        XCTAssertEqual(monthRows.map { $0["hours"] as? Double }, [3])
        XCTAssertEqual(monthRows.map { $0["goal"] as? Double }, [3])
        XCTAssertEqual(monthRows.map { $0["partial"] as? Bool }, [true])
        let text = try journalOK(
            ["hours", "--by", "week", "--since", "2026-10-08", "--until", "2026-10-20", "--as-of", "2026-10-30"], in: dir
        )
        .stdout
        XCTAssertTrue(text.contains("2026-W41*"), text)
        XCTAssertTrue(text.contains("2026-W42 "), text)
        XCTAssertTrue(text.contains("* partial"), text)
    }

    func testNothingBeforeTheFirstEntryIsMissedAndTheFirstWeekIsProrated() throws {
        let dir = try makeJournal()
        // The journal starts on Friday 2026-10-09: 1 h on each of Fri, Sat, Sun, then 7 h the next week.
        try addOnEach(dir, ["2026-10-09", "2026-10-10", "2026-10-11"])
        try journalOK(["config", "set", "goal.weekly-hours", "7"], in: dir)
        let weeks = try reportJSON(["hours", "--by", "week", "--as-of", "2026-10-11"], in: dir)
        let rows = weeks["periods"] as? [[String: Any]] ?? []
        XCTAssertEqual(rows.map { $0["period"] as? String }, ["2026-W41"], "no missed weeks before the first entry")
        XCTAssertEqual(rows.first?["goal"] as? Double, 3)
        XCTAssertEqual(rows.first?["start"] as? String, "2026-10-09")
        XCTAssertEqual(rows.first?["status"] as? String, "met")
        XCTAssertEqual(rows.first?["partial"] as? Bool, true)
        let months = try reportJSON(["hours", "--by", "month", "--since", "2026-01-01", "--as-of", "2026-10-11"], in: dir)
        XCTAssertEqual((months["periods"] as? [[String: Any]] ?? []).map { $0["period"] as? String }, ["2026-10"])
        XCTAssertEqual((months["periods"] as? [[String: Any]])?.first?["goal"] as? Double, 23)  // 7 h × 23 days / 7
        let years = try reportJSON(["hours", "--by", "year", "--as-of", "2026-10-11"], in: dir)
        XCTAssertEqual((years["periods"] as? [[String: Any]])?.first?["goal"] as? Double, 84)  // 84 days from 10-09
        let status = try reportJSON(["status", "--as-of", "2026-10-11"], in: dir)
        let week = status["week"] as? [String: Any] ?? [:]
        XCTAssertEqual(week["goal"] as? Double, 3)
        XCTAssertEqual(week["status"] as? String, "met")
        // The weekly streak counts the first week, met against its prorated goal.
        try assertStreak(dir, asOf: "2026-10-11", strict: [3, 3], forgiving: [3, 3, 0], weekly: [1, 1], today: "done")
    }

    func testJSONHoursAreNullWithoutHoursAndLogListsShortIdsAndBodies() throws {
        let dir = try makeJournal()
        let added = try json(try journalOK(["add", "No hours", "--json"], in: dir).stdout) as? [String: Any] ?? [:]
        XCTAssertTrue(added["hours"] is NSNull, "\(added)")
        let withBody = try journalOK(["add", "With a body", "--hours", "1", "--body", "notes\nline two"], in: dir)
        XCTAssertEqual(withBody.status, 0)
        let raw = try journalOK(["log", "--json"], in: dir).stdout
        XCTAssertTrue(raw.contains("\"tags\" : []"), raw)
        XCTAssertNil(raw.range(of: #"\[\s+\]"#, options: .regularExpression), "empty arrays print as []: \(raw)")
        let entries = try logEntries(dir)
        XCTAssertEqual(entries.count, 2)
        let byTitle = Dictionary(uniqueKeysWithValues: entries.map { ($0["title"] as? String ?? "", $0) })
        XCTAssertTrue(byTitle["No hours"]?["hours"] is NSNull)
        XCTAssertEqual(byTitle["With a body"]?["hours"] as? Double, 1)
        XCTAssertEqual(byTitle["With a body"]?["body"] as? String, "notes\nline two")
        XCTAssertEqual(byTitle["No hours"]?["body"] as? String, "")
        for entry in entries {
            let id = entry["id"] as? String ?? ""
            let short = entry["short_id"] as? String ?? "?"
            XCTAssertTrue(id.hasPrefix(short) && short.count >= 6, "\(short) of \(id)")
        }
        // The text lists each entry's short id, as git would print it.
        let ids = Set(try gitOK(["log", "--format=%(trailers:key=Entry-Id,valueonly)"], in: dir).split(separator: "\n").map(String.init))
        let text = try journalOK(["log"], in: dir).stdout
        for entry in entries { XCTAssertTrue(text.contains(entry["short_id"] as? String ?? "?"), text) }
        XCTAssertEqual(ids, Set(entries.compactMap { $0["id"] as? String }))
        // Empty lists print as [] in reports too.
        XCTAssertTrue(try journalOK(["papers", "--json"], in: dir).stdout.contains("\"papers\" : []"))
    }

    func testTextChecksRefuseSpacesInTagsAndTabsInTitles() throws {
        let dir = try makeJournal()
        let stderr = try assertRefused(["add", "Notes", "--tag", "machine learning", "--journal", dir.path], in: dir)
        XCTAssertEqual(stderr, "journal: --tag: \"machine learning\" has a space; use machine-learning\n")
        let tab = try assertRefused(["add", "A\ttab", "--journal", dir.path], in: dir)
        XCTAssertTrue(tab.contains("the title contains a tab"), tab)
        try assertRefused(["add", "Bell\u{7}", "--journal", dir.path], in: dir)
        // Comma-separated tags with spaces around them are still fine.
        try journalOK(["add", "Tags", "--tag", "ml, rag"], in: dir)
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Tags"), ["ml, rag"])
    }

    func testAPaperGivenAsABareURLIsListedOnce() throws {
        let dir = try makeJournal()
        let url = "https://arxiv.org/abs/2106.09685"
        try journalOK(["add", "LoRA", "--paper", url], in: dir)
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Paper"), [url])
        let text = try journalOK(["papers"], in: dir).stdout
        XCTAssertEqual(text.components(separatedBy: url).count - 1, 1, text)
        try journalOK(["add", "LoRA again", "--paper", "LoRA <\(url)>"], in: dir)
        let report = try reportJSON(["papers"], in: dir)
        XCTAssertEqual(report["count"] as? Int, 1)
    }
}
