import Foundation
import XCTest

final class EditTests: JournalTestCase {
    /// Writes an executable shell script into the temp dir and returns its path.
    func script(_ name: String, _ body: String) throws -> String {
        let url = tempDir.appendingPathComponent(name)
        try ("#!/bin/sh\n" + body + "\n").write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url.path
    }

    func testEditCommitsWhatTheEditorChanged() throws {
        let dir = try makeJournal()
        let today = isoDay(0)
        try journalOK(["add", "Something to edit", "--hours", "1"], in: dir)
        let before = try head(dir)
        let editor = try script("append-editor", "printf 'Added by the editor\\n' >> \"$1\"")

        let result = try journalOK(["edit"], in: dir, env: ["EDITOR": editor])
        XCTAssertNotEqual(try head(dir), before)
        // The edit (no activity), then the correction it made: the line went to the last entry's body.
        XCTAssertEqual(try gitOK(["rev-parse", "HEAD~2"], in: dir).trimmingCharacters(in: .newlines), before)
        XCTAssertTrue(result.stdout.contains(today), result.stdout)
        XCTAssertTrue(result.stdout.contains("amended \"Something to edit\""), result.stdout)
        let subject = try gitOK(["log", "-1", "--format=%s", "HEAD~1"], in: dir)
        XCTAssertTrue(subject.hasPrefix("Edit \(today)"), subject)
        XCTAssertEqual(try trailerValues(dir, "HEAD~1", key: "Entry-Date"), [today])
        XCTAssertEqual(try trailerValues(dir, "HEAD~1", key: "Hand-Edits"), ["1"])
        XCTAssertEqual(try parsedTrailers(dir, "HEAD~1").first { $0.key == "Entry-Date" }?.value, today)
        XCTAssertEqual(
            try gitOK(["show", "--name-only", "--format=", "HEAD~1"], in: dir),
            "entries/\(today.prefix(4))/\(today.dropFirst(5).prefix(2))/\(today).md\n")
        XCTAssertEqual(try gitOK(["show", "--name-only", "--format=", "HEAD"], in: dir), "", "the correction changes no file")
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Hours"), ["1"])

        let text = read(dayFile(today, in: dir)) ?? ""
        XCTAssertTrue(text.contains("Something to edit"), text)
        XCTAssertTrue(text.hasSuffix("Added by the editor\n"), text)
        XCTAssertEqual(try gitOK(["show", "HEAD:entries/\(today.prefix(4))/\(today.dropFirst(5).prefix(2))/\(today).md"], in: dir), text)
        XCTAssertEqual(try status(dir), "")
        try assertFsckClean(dir)

        // The edited entry keeps counting once; the edit commit carries no hours.
        let entries = try logEntries(dir)
        XCTAssertEqual(entries.filter { $0["kind"] as? String == "entry" }.map { $0["title"] as? String }, ["Something to edit"])
        XCTAssertEqual(entries.reduce(0.0) { $0 + (($1["hours"] as? Double) ?? 0) }, 1)
    }

    func testEditOfAnotherDayCommitsThatDaysFile() throws {
        let dir = try makeJournal()
        let yesterday = isoDay(-1)
        let editor = try script("append-editor", "printf 'Late note\\n' >> \"$1\"")
        try journalOK(["edit", "yesterday"], in: dir, env: ["EDITOR": editor])
        XCTAssertEqual(try commitCount(dir), 2)
        XCTAssertTrue(try gitOK(["log", "-1", "--format=%s"], in: dir).hasPrefix("Edit \(yesterday)"))
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Entry-Date"), [yesterday])
        XCTAssertEqual(try logEntries(dir).count, 0, "a note on an empty day is no entry")
        XCTAssertTrue((read(dayFile(yesterday, in: dir)) ?? "").contains("Late note"))
        XCTAssertEqual(try status(dir), "")
    }

    func testEditorThatChangesNothingMakesNoCommit() throws {
        let dir = try makeJournal()
        try journalOK(["add", "Leave me alone", "--hours", "1"], in: dir)
        let before = try snapshot(dir)
        let editor = try script("noop-editor", "exit 0")
        let result = try run(["edit", "--journal", dir.path], env: ["EDITOR": editor])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try head(dir), before.head, "an unchanged file must not be committed")
        XCTAssertEqual(try status(dir), "")
        XCTAssertEqual(
            read(dayFile(isoDay(0), in: dir)).map { Data($0.utf8) },
            before.files["entries/\(isoDay(0).prefix(4))/\(isoDay(0).dropFirst(5).prefix(2))/\(isoDay(0)).md"])
    }

    func testVisualWinsOverEditor() throws {
        let dir = try makeJournal()
        let visual = try script("visual", "printf 'from VISUAL\\n' >> \"$1\"")
        let editor = try script("editor", "printf 'from EDITOR\\n' >> \"$1\"")
        try journalOK(["edit"], in: dir, env: ["VISUAL": visual, "EDITOR": editor])
        let text = read(dayFile(isoDay(0), in: dir)) ?? ""
        XCTAssertTrue(text.contains("from VISUAL") && !text.contains("from EDITOR"), text)
    }
}
