import Foundation
import XCTest

/// `journal export` in each format, read back by `journal import`, the real jrnl, and plain parsers.
final class ExportTests: JournalTestCase {
    func journalWithEntries() throws -> URL {
        let dir = try makeJournal()
        try journalOK(
            [
                "add", "Read the LoRA paper", "--hours", "1.5", "-t", "papers", "-t", "llm", "--date", "yesterday",
                "--paper", "LoRA <https://arxiv.org/abs/2106.09685>", "--body", "# Key idea\nlow-rank updates",
            ], in: dir)
        try journalOK(["add", "Quote \"this\", ok", "--hours", "1h 15m", "--shipped", "Demo <https://example.org/demo>"], in: dir)
        try journalOK(["add", "No hours, a body", "--body", "line one\nline two", "-t", "starred"], in: dir)
        return dir
    }

    func testJSONExportImportExportGivesTheSameFile() throws {
        let dir = try journalWithEntries()
        let first = path("first.json")
        try journalOK(["export", first.path], in: dir)
        let copy = try makeJournal("copy")
        try journalOK(["import", "--from", "journal", first.path], in: copy)
        let again = try journalOK(["export", "--format", "json", "-"], in: copy).stdout
        XCTAssertEqual(again, read(first))
        let object = try json(again) as? [String: Any]
        let entries = object?["entries"] as? [[String: Any]] ?? []
        XCTAssertEqual(entries.map { $0["title"] as? String }, ["Read the LoRA paper", "Quote \"this\", ok", "No hours, a body"])
        XCTAssertEqual(entries.first?["body"] as? String, "# Key idea\nlow-rank updates")
        XCTAssertEqual(entries[1]["hours"] as? Double, 1.25)
        // The same Entry-Ids in the copy's history, as git reads them; importing again adds nothing.
        XCTAssertEqual(
            try gitOK(["log", "--format=%(trailers:key=Entry-Id,valueonly)"], in: copy).split(separator: "\n"),
            try gitOK(["log", "--format=%(trailers:key=Entry-Id,valueonly)"], in: dir).split(separator: "\n"))
        let before = try commitCount(copy)
        try journalOK(["import", "--from", "journal", first.path], in: copy)
        XCTAssertEqual(try commitCount(copy), before)
        // Filters.
        let filtered = try journalOK(["export", "--since", "today", "-t", "starred"], in: dir).stdout
        XCTAssertEqual(((try json(filtered) as? [String: Any])?["entries"] as? [[String: Any]])?.count, 1)
    }

    func testCSVQuotesAsRFC4180AndMarkdownHasDayHeadings() throws {
        let dir = try journalWithEntries()
        let csv = try journalOK(["export", "--format", "csv"], in: dir).stdout
        let rows = csv.components(separatedBy: "\r\n")
        XCTAssertEqual(rows[0], "date,title,hours,tags,papers,shipped")
        XCTAssertEqual(rows[1], "\(isoDay(-1)),Read the LoRA paper,1.5,papers llm,LoRA <https://arxiv.org/abs/2106.09685>,")
        XCTAssertEqual(rows[2], "\(isoDay(0)),\"Quote \"\"this\"\", ok\",1.25,,,Demo <https://example.org/demo>")
        XCTAssertEqual(rows.count, 5)  // header, three rows, and the empty string after the last CRLF
        // Python's csv module (RFC 4180) reads the same fields back.
        let parsed = try runProcess(
            "/usr/bin/python3", ["-c", "import csv,sys,json; print(json.dumps(list(csv.reader(sys.stdin))))"], stdin: csv)
        let table = try json(parsed.stdout) as? [[String]]
        XCTAssertEqual(table?[2][1], "Quote \"this\", ok")

        let markdown = try journalOK(["export", "--format", "markdown"], in: dir).stdout
        let headings = markdown.split(separator: "\n").filter { $0.hasPrefix("## ") }
        XCTAssertEqual(headings.count, 2)
        XCTAssertTrue(headings[0].hasSuffix(isoDay(-1)), "\(headings)")
        XCTAssertTrue(markdown.contains("### Read the LoRA paper\n"), markdown)
        XCTAssertTrue(markdown.contains("#### Key idea\n"), markdown)
        XCTAssertTrue(markdown.contains("- Paper: [LoRA](https://arxiv.org/abs/2106.09685)"), markdown)
    }

    /// `--format jrnl` into the real jrnl (`jrnl --import`), and back out with `jrnl --export json`
    /// into `journal import --from jrnl`: titles, days, tags and hours survive.
    func testJrnlFormatGoesIntoTheRealJrnlAndBack() throws {
        let env = ProcessInfo.processInfo.environment
        guard let jrnl = env["JOURNAL_TEST_JRNL"], FileManager.default.isExecutableFile(atPath: jrnl) else {
            if env["CI"] == "true" { XCTFail("JOURNAL_TEST_JRNL is not set: scripts/test installs jrnl from PyPI") }
            throw XCTSkip("the real jrnl is not installed (scripts/test installs it)")
        }
        let dir = try journalWithEntries()
        let journalFile = path("jrnl.txt")
        try Data().write(to: journalFile)
        let config = try writeJrnlConfig(journal: journalFile)
        let exported = path("export.jrnl")
        try journalOK(["export", "--format", "jrnl", exported.path], in: dir)
        let imported = try runProcess(jrnl, ["--config-file", config.path, "--import", "--file", exported.path])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        let back = try runProcess(jrnl, ["--config-file", config.path, "--export", "json"])
        XCTAssertEqual(back.status, 0, back.stderr)
        let entries = (try json(back.stdout) as? [String: Any])?["entries"] as? [[String: Any]] ?? []
        // jrnl orders entries by its own sort (all three are written at the same minute here).
        var byTitle: [String: [String: Any]] = [:]
        for entry in entries { byTitle[entry["title"] as? String ?? ""] = entry }
        XCTAssertEqual(Set(byTitle.keys), ["Read the LoRA paper", "Quote \"this\", ok", "No hours, a body"])
        XCTAssertEqual(byTitle["Read the LoRA paper"]?["date"] as? String, isoDay(-1))
        XCTAssertEqual(byTitle["Quote \"this\", ok"]?["date"] as? String, isoDay(0))
        XCTAssertEqual(Set(byTitle["Read the LoRA paper"]?["tags"] as? [String] ?? []), ["@papers", "@llm"])
        XCTAssertEqual(byTitle["No hours, a body"]?["starred"] as? Bool, true)
        XCTAssertEqual(byTitle["Quote \"this\", ok"]?["starred"] as? Bool, false)
        XCTAssertTrue((byTitle["No hours, a body"]?["body"] as? String ?? "").hasPrefix("line one\nline two"))

        let jrnlJSON = path("jrnl.json")
        try back.stdout.write(to: jrnlJSON, atomically: true, encoding: .utf8)
        let copy = try makeJournal("copy")
        try journalOK(["import", "--from", "jrnl", jrnlJSON.path], in: copy)
        let hours = try gitOK(["log", "--format=%s%x1f%(trailers:key=Hours,valueonly,separator=%x2C)"], in: copy)
        XCTAssertTrue(hours.contains("Read the LoRA paper\u{1f}1.5\n"), hours)
        XCTAssertTrue(hours.contains("Quote \"this\", ok\u{1f}1.25\n"), hours)

        // --format jrnl-json is what jrnl --export json writes: the same titles, tags and stars.
        let ours = try json(try journalOK(["export", "--format", "jrnl-json"], in: dir).stdout) as? [String: Any]
        let ourEntries = ours?["entries"] as? [[String: Any]] ?? []
        XCTAssertEqual(ourEntries.count, 3)
        for entry in ourEntries {
            let title = entry["title"] as? String ?? ""
            XCTAssertEqual(Set(entry["tags"] as? [String] ?? []), Set(byTitle[title]?["tags"] as? [String] ?? ["?"]), title)
            XCTAssertEqual(entry["starred"] as? Bool, byTitle[title]?["starred"] as? Bool, title)
            XCTAssertEqual(entry["time"] as? String, byTitle[title]?["time"] as? String, title)
        }
        XCTAssertEqual((ours?["tags"] as? [String: Int])?["@llm"], 1)
    }

    func testAnUnwritableFileIsOneLine() throws {
        let dir = try journalWithEntries()
        let stderr = try assertRefused(["export", path("missing/dir/out.json").path, "--journal", dir.path], in: dir)
        XCTAssertTrue(stderr.contains("cannot write"), stderr)
    }
}
