import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// `journal amend` and `journal delete`: one commit each, the same Entry-Id, the section rewritten
/// in place or removed, and every report following the newest state.
final class AmendDeleteTests: JournalTestCase {
    func sections(_ dir: URL, _ day: String) -> String { read(dayFile(day, in: dir)) ?? "" }

    func testAmendRewritesTheSectionInPlaceAndReportsFollow() throws {
        let dir = try makeJournal()
        try journalOK(["add", "First", "--hours", "1", "--tag", "a"], in: dir)
        try journalOK(["add", "Second", "--hours", "20m", "--body", "notes"], in: dir)
        try journalOK(["add", "Third", "--hours", "2"], in: dir)
        let ids = try logEntries(dir).reduce(into: [String: String]()) { $0[$1["title"] as! String] = ($1["id"] as! String) }
        let before = try commitCount(dir)

        // A prefix long enough to be unique (ids made in the same millisecond share their first 10 characters).
        let out = try journalOK(["amend", String(ids["Second"]!.prefix(14)), "--hours", "45m", "--title", "Second, corrected"], in: dir)
        XCTAssertTrue(out.stdout.hasPrefix("Amended \"Second, corrected\""), out.stdout)
        XCTAssertEqual(try commitCount(dir), before + 1, "one commit")
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Entry-Id"), [ids["Second"]!])
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Hours"), ["0.75"])
        // The section is rewritten where it was: First, Second (corrected), Third.
        let text = sections(dir, isoDay(0))
        let order = try ["## First ", "## Second, corrected ", "## Third "].map { try XCTUnwrap(text.range(of: $0)?.lowerBound, text) }
        XCTAssertTrue(order[0] < order[1] && order[1] < order[2], text)
        XCTAssertFalse(text.contains("## Second <!--"), text)
        XCTAssertTrue(text.contains("0.75 h") && text.contains("notes"), text)
        let titles = try logEntries(dir).compactMap { $0["title"] as? String }
        XCTAssertEqual(Set(titles), ["First", "Second, corrected", "Third"])
        let hours = try json(journalOK(["hours", "--by", "day", "--json"], in: dir).stdout) as? [String: Any]
        XCTAssertEqual(hours?["total_hours"] as? Double, 3.75)
        XCTAssertEqual(try journalOK(["check"], in: dir).stdout, "The day files and history agree\n")
        XCTAssertEqual(try status(dir), "")
        try assertFsckClean(dir)
    }

    /// From review: an amend keeps a hand edit of the same entry, and a day file saved with CRLF
    /// line ends is read as LF (it used to trap).
    func testAmendKeepsAHandEditAndACRLFDayFileIsReadAsLF() throws {
        let dir = try makeJournal()
        try journalOK(["add", "Typed", "--hours", "1", "--body", "first words"], in: dir)
        let url = dayFile(isoDay(0), in: dir)
        try (read(url) ?? "").replacingOccurrences(of: "first words", with: "better words").write(
            to: url, atomically: true, encoding: .utf8)
        try journalOK(["amend", "last", "--hours", "2"], in: dir)
        let entry = try XCTUnwrap(try logEntries(dir).first)
        XCTAssertEqual(entry["body"] as? String, "better words")
        XCTAssertEqual(entry["hours"] as? Double, 2)
        XCTAssertTrue((read(url) ?? "").contains("better words"))

        // And the file saved with CRLF line ends.
        try (read(url) ?? "").replacingOccurrences(of: "\n", with: "\r\n").write(to: url, atomically: true, encoding: .utf8)
        try journalOK(["add", "Another", "--hours", "0.5"], in: dir)
        let titles = Set(try logEntries(dir).compactMap { $0["title"] as? String })
        XCTAssertEqual(titles, ["Typed", "Another"])
        XCTAssertFalse((read(url) ?? "").contains("\r"))
        XCTAssertEqual(try journalOK(["check"], in: dir).stdout, "The day files and history agree\n")
    }

    func testAmendLastWithANewDateMovesTheSectionToThatDaysFile() throws {
        let dir = try makeJournal()
        try journalOK(["add", "Wrong day", "--hours", "1", "--tag", "x"], in: dir)
        try journalOK(["amend", "--date", isoDay(-1), "--no-tags"], in: dir)
        XCTAssertFalse(sections(dir, isoDay(0)).contains("Wrong day"))
        XCTAssertTrue(sections(dir, isoDay(-1)).contains("## Wrong day <!-- entry:"))
        let entries = try logEntries(dir)
        XCTAssertEqual(entries.count, 1)
        XCTAssertEqual(entries.first?["date"] as? String, isoDay(-1))
        XCTAssertEqual(entries.first?["tags"] as? [String], [])
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Entry-Date"), [isoDay(-1)])
        XCTAssertEqual(try journalOK(["check"], in: dir).stdout, "The day files and history agree\n")
        XCTAssertEqual(try status(dir), "")
    }

    func testDeleteNeedsYesOffATerminalThenRemovesTheSectionAndTheNumbers() throws {
        let dir = try makeJournal()
        try journalOK(["add", "Keep", "--hours", "1"], in: dir)
        try journalOK(["add", "Drop", "--hours", "5"], in: dir)
        let before = try snapshot(dir)
        _ = try assertRefused(["delete", "last", "--journal", dir.path], in: dir)
        XCTAssertEqual(try snapshot(dir), before, "nothing changed")
        try journalOK(["delete", "last", "--yes"], in: dir)
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Entry-Deleted"), ["yes"])
        XCTAssertFalse(sections(dir, isoDay(0)).contains("Drop"))
        XCTAssertTrue(sections(dir, isoDay(0)).contains("## Keep <!-- entry:"))
        XCTAssertEqual(try logEntries(dir).compactMap { $0["title"] as? String }, ["Keep"])
        let hours = try json(journalOK(["hours", "--by", "day", "--json"], in: dir).stdout) as? [String: Any]
        XCTAssertEqual(hours?["total_hours"] as? Double, 1)
        XCTAssertEqual(try journalOK(["check"], in: dir).stdout, "The day files and history agree\n")
        try assertFsckClean(dir)
    }

    func testUnknownAmbiguousAndPlainGitEntriesAreRefusedInOneLine() throws {
        let dir = try makeJournal()
        try journalOK(["add", "Only", "--hours", "1"], in: dir)
        _ = try assertRefused(["amend", "ZZZZZZZZ", "--hours", "1", "--journal", dir.path], in: dir)
        _ = try assertRefused(["amend", "01", "--hours", "1", "--journal", dir.path], in: dir)
        _ = try assertRefused(["amend", "last", "--journal", dir.path], in: dir)  // nothing to change
        _ = try assertRefused(["amend", "last", "--hours", "-1h", "--journal", dir.path], in: dir)
    }

    /// Killed at any moment, an amend or a delete leaves the entry in its old state or its new
    /// one, never lost, never doubled, and the day file agrees with history after the next command.
    func testKilledAmendsAndDeletesLeaveOldOrNewStateNeverBoth() throws {
        let dir = try makeJournal()
        for k in 0..<6 { try journalOK(["add", "entry-\(k)", "--hours", "1"], in: dir) }
        var ids = try logEntries(dir).compactMap { $0["id"] as? String }
        var rng = SplitMix64(seed: 0xA3E1_D0_42)
        let begin = monotonicSeconds()
        try journalOK(["amend", ids[0], "--hours", "2"], in: dir)
        let typical = monotonicSeconds() - begin
        for i in 0..<40 {
            let target = ids[i % ids.count]
            let deleting = i % 5 == 4
            let args = deleting ? ["delete", target, "--yes"] : ["amend", target, "--hours", "\(i % 7 + 1)"]
            let process = try spawnJournal(args + ["--journal", dir.path])
            usleep(UInt32(Double.random(in: 0...(1.5 * typical), using: &rng) * 1_000_000))
            process.signal(SIGKILL)
            _ = process.wait()
            // A killed writer can leave git's lock files, as git itself does; the user removes them.
            _ = removeStaleLocks(in: dir)
            // The next command heals what the kill left; then file, history and git agree.
            try journalOK(["status"], in: dir)
            try journalOK(["add", "after-\(i)", "--hours", "0.1"], in: dir)
            let check = try run(["check", "--json", "--journal", dir.path])
            XCTAssertEqual(check.status, 0, "after iteration \(i): \(check.stdout)")
            let entries = try logEntries(dir)
            let titles = entries.compactMap { $0["title"] as? String }
            XCTAssertEqual(titles.count, Set(titles).count, "no entry doubled after iteration \(i)")
            if deleting, !entries.contains(where: { ($0["id"] as? String) == target }) {
                ids.removeAll { $0 == target }
                if ids.isEmpty { break }
            } else {
                XCTAssertTrue(entries.contains { ($0["id"] as? String) == target }, "entry \(target) lost after iteration \(i)")
            }
            XCTAssertEqual(try status(dir), "", "iteration \(i)")
        }
        try assertFsckClean(dir)
    }
}

/// Hand edits of day files read back into history when journal commits them.
final class HandEditReadBackTests: JournalTestCase {
    func testHandEditedHoursRemovedSectionAndNewSectionBecomeAmendDeleteAndAdd() throws {
        let dir = try makeJournal()
        try journalOK(["add", "Paper", "--hours", "0.75", "--tag", "papers"], in: dir)
        try journalOK(["add", "Gone", "--hours", "1"], in: dir)
        let url = dayFile(isoDay(0), in: dir)
        var text = read(url) ?? ""
        text = text.replacingOccurrences(of: " · 0.75 h · ", with: " · 3 h · ")
        let gone = try XCTUnwrap(text.range(of: "\n## Gone"))
        text = String(text[..<gone.lowerBound]) + "\n## Written by hand\n1.5 h · #manual\n\nTyped into the file.\n"
        try text.write(to: url, atomically: true, encoding: .utf8)
        XCTAssertEqual(try run(["check", "--journal", dir.path]).status, 1, "check sees the edit before it is read")

        let out = try journalOK(["sync"], in: dir)
        XCTAssertTrue(out.stdout.contains("No remote to send to"), out.stdout)
        let entries = try logEntries(dir)
        XCTAssertEqual(Set(entries.compactMap { $0["title"] as? String }), ["Paper", "Written by hand"])
        XCTAssertEqual(entries.first { ($0["title"] as? String) == "Paper" }?["hours"] as? Double, 3)
        XCTAssertEqual(entries.first { ($0["title"] as? String) == "Written by hand" }?["tags"] as? [String], ["manual"])
        // History alone says it: the trailers of the commits git shows.
        let subjects = try gitOK(
            ["log", "--format=%s|%(trailers:key=Hours,valueonly,separator=)|%(trailers:key=Entry-Deleted,valueonly)", "-4"], in: dir)
        XCTAssertTrue(subjects.contains("Paper|3|"), subjects)
        XCTAssertTrue(subjects.contains("Delete \"Gone\"||yes"), subjects)
        XCTAssertTrue(subjects.contains("Written by hand|1.5|"), subjects)
        XCTAssertTrue((read(url) ?? "").contains("## Written by hand <!-- entry:"), "the new section got its id")
        XCTAssertEqual(try journalOK(["check"], in: dir).stdout, "The day files and history agree\n")
        XCTAssertEqual(try status(dir), "")
        // The cache agrees with a rebuild.
        try FileManager.default.removeItem(at: dir.appendingPathComponent(".git/journal"))
        XCTAssertEqual(try logEntries(dir).count, 2)
    }

    func testAnEditThatChangesNoEntryIsNoActivityAndAnEmptyDayStaysEmpty() throws {
        let dir = try makeJournal()
        try journalOK(["add", "Today", "--hours", "1"], in: dir)
        // journal edit of an empty past day, adding only a note outside any entry.
        let editor = try writeScript("append-note", "printf '\\nJust a note.\\n' >> \"$1\"")
        try journalOK(["edit", isoDay(-2)], in: dir, env: ["EDITOR": editor])
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Hand-Edits"), ["1"])
        XCTAssertEqual(try logEntries(dir).count, 1, "the edit is not listed")
        let heatmap = try json(journalOK(["heatmap", "--json", "--weeks", "2"], in: dir).stdout) as? [String: Any]
        let day = (heatmap?["days"] as? [[String: Any]])?.first { ($0["date"] as? String) == isoDay(-2) }
        XCTAssertEqual(day?["state"] as? String, "none", "editing an empty day never makes it active")
        // A typo fixed in the day heading: committed, no entry changes.
        let url = dayFile(isoDay(0), in: dir)
        try ((read(url) ?? "").replacingOccurrences(of: "# ", with: "#  ", options: [.anchored])).write(
            to: url, atomically: true, encoding: .utf8)
        try journalOK(["sync"], in: dir)
        XCTAssertEqual(try logEntries(dir).count, 1)
        XCTAssertEqual(try journalOK(["check"], in: dir).stdout, "The day files and history agree\n")
    }

    func writeScript(_ name: String, _ body: String) throws -> String {
        let url = path(name)
        try "#!/bin/sh\n\(body)\n".write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url.path
    }
}
