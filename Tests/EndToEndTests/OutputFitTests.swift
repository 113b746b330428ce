import Foundation
import XCTest

/// Issue 12: output that fits the terminal, editors that need one, drafts that wait, and the
/// smaller fixes (exit codes, clone's config, remote add's hint).
final class OutputFitTests: JournalTestCase {
    func script(_ name: String, _ body: String) throws -> String {
        let url = tempDir.appendingPathComponent(name)
        try ("#!/bin/sh\n" + body + "\n").write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url.path
    }

    func testHeatmapFitsColumnsAndLabelsMonthsThatHaveRoom() throws {
        let dir = try makeJournal()
        try journalOK(["add", "Something", "--hours", "1"], in: dir)
        for columns in [40, 80, 200] {
            let text = try journalOK(["heatmap"], in: dir, env: ["COLUMNS": String(columns)]).stdout
            let rows = text.split(separator: "\n", omittingEmptySubsequences: false)
            let grid = rows.filter { $0.hasPrefix("Mon ") }.first.map(String.init) ?? ""
            let weeks = min(53, (columns - 3) / 2)
            XCTAssertEqual(grid.count, 4 + weeks * 2 - 1, "COLUMNS=\(columns): \(grid)")
            // Every row of the grid, labels included, fits.
            for row in rows.prefix(8) { XCTAssertLessThanOrEqual(row.count, columns, "COLUMNS=\(columns): \(row)") }
            // Labels are three letters apart by at least one space, never run together.
            let labels = rows[0].split(separator: " ")
            XCTAssertTrue(labels.allSatisfy { $0.count == 3 }, "\(labels)")
        }
        // Without $COLUMNS and no terminal: 80 columns; --weeks overrides.
        let plain = try journalOK(["heatmap"], in: dir).stdout
        XCTAssertEqual(plain.split(separator: "\n").first { $0.hasPrefix("Mon ") }?.count, 4 + 38 * 2 - 1)
        let wide = try journalOK(["heatmap", "--weeks", "53"], in: dir, env: ["COLUMNS": "40"]).stdout
        XCTAssertEqual(wide.split(separator: "\n").first { $0.hasPrefix("Mon ") }?.count, 4 + 53 * 2 - 1)
        // --svg - writes the SVG to stdout and no file.
        let svg = try journalOK(["heatmap", "--svg", "-"], in: dir)
        XCTAssertTrue(svg.stdout.hasPrefix("<svg"), svg.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: tempDir.appendingPathComponent("-").path))
    }

    func testHoursByDayKeepsColumnsApart() throws {
        let dir = try makeJournal()
        try journalOK(["add", "Something", "--hours", "1"], in: dir)
        let text = try journalOK(["hours", "--by", "day"], in: dir).stdout
        let row = text.split(separator: "\n").first { $0.hasPrefix(isoDay(0)) } ?? ""
        XCTAssertTrue(row.hasPrefix(isoDay(0) + "  "), String(row))
    }

    func testEditorsNeedATerminalOrANamedEditor() throws {
        let dir = try makeJournal()
        let edit = try assertRefused(["edit", "--journal", dir.path], in: dir)
        XCTAssertTrue(edit.contains("$EDITOR"), edit)
        let add = try assertRefused(["add", "A title", "--edit", "--journal", dir.path], in: dir)
        XCTAssertTrue(add.contains("needs a terminal"), add)
    }

    func testTwoFailedEditsInOneSecondKeepBothAndStatusSaysSo() throws {
        let dir = try makeJournal()
        try journalOK(["add", "Something", "--hours", "1"], in: dir)
        // The editor writes its text, then fails: the edit stays in drafts. GIT_AUTHOR_DATE fixes
        // the second, so both edits happen "at once".
        for word in ["first", "second"] {
            let editor = try script("editor-\(word)", "printf '\(word) edit\\n' >> \"$1\"; exit 3")
            let result = try run(["edit", "--journal", dir.path], env: ["EDITOR": editor])
            XCTAssertNotEqual(result.status, 0)
        }
        let drafts = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent(".journal/drafts").path)
            .filter { $0.hasPrefix("edit-") }
        XCTAssertEqual(drafts.count, 2, "\(drafts)")
        let texts = drafts.compactMap { read(dir.appendingPathComponent(".journal/drafts/\($0)")) }
        XCTAssertEqual(Set(texts.compactMap { $0.split(separator: "\n").last.map(String.init) }), ["first edit", "second edit"])
        let status = try journalOK(["status"], in: dir).stdout
        XCTAssertTrue(status.contains("2 edits of days wait"), status)
        XCTAssertTrue(status.contains("journal edit"), status)
        XCTAssertFalse(try journalOK(["status", "--json"], in: dir).stdout.contains("Drafts"))
    }

    func testCloneLeavesNoStrayBranchAndRemoteAddNamesTheRemote() throws {
        let dir = try makeJournal()
        try journalOK(["add", "Something", "--hours", "1"], in: dir)
        let bare = path("bare.git")
        try gitOK(["init", "-q", "--bare", "-b", "master", bare.path])
        let added = try journalOK(["remote", "add", bare.path, "--name", "backup"], in: dir).stdout
        XCTAssertTrue(added.contains("journal sync --remote backup"), added)
        XCTAssertTrue(try journalOK(["remote", "add", bare.path], in: dir).stdout.contains("with: journal sync\n"))
        try journalOK(["sync", "--remote", "backup"], in: dir)
        let copy = path("copy")
        let cloned = try run(["clone", bare.path, copy.path])
        XCTAssertEqual(cloned.status, 0, cloned.stderr)
        let config = read(copy.appendingPathComponent(".git/config")) ?? ""
        XCTAssertFalse(config.contains("[branch \"master\"]"), config)
        XCTAssertEqual(try gitOK(["config", "branch.main.remote"], in: copy), "origin\n")
        XCTAssertEqual(try gitOK(["status", "--porcelain"], in: copy), "")
    }

    func testExitCodesFollowSysexits() throws {
        let dir = try makeJournal()
        XCTAssertEqual(try run(["add", "x", "--hours", "abc", "--journal", dir.path]).status, 64)
        XCTAssertEqual(try run(["log", "--journal", path("nowhere").path]).status, 66)
        XCTAssertEqual(try run(["sync", "--remote", "nothing", "--journal", dir.path]).status, 64)  // no such remote: bad input
        XCTAssertEqual(try run(["log", "--bogus", "--journal", dir.path]).status, 64)
    }

    /// A file outside entries/ changed on both sides stops the sync: the user must resolve it,
    /// which is EX_DATAERR (65), not "service unavailable" (69).
    func testASyncConflictExits65() throws {
        let remote = path("remote.git")
        try gitOK(["init", "-q", "--bare", "-b", "main", remote.path])
        let laptop = path("laptop")
        XCTAssertEqual(try run(["init", laptop.path, "--remote", remote.path]).status, 0)
        let work = path("work")
        XCTAssertEqual(try run(["clone", remote.path, work.path]).status, 0)
        for (dir, text) in [(laptop, "laptop\n"), (work, "work\n")] {
            try text.write(to: dir.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
            try gitOK(["add", "notes.txt"], in: dir)
            try gitOK(["commit", "-q", "-m", "Notes"], in: dir)
        }
        try journalOK(["sync"], in: laptop)
        let result = try run(["sync", "--journal", work.path])
        XCTAssertEqual(result.status, 65, result.stderr)
        XCTAssertTrue(result.stderr.contains("notes.txt"), result.stderr)
    }
}
