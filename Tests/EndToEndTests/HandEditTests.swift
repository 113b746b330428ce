import Foundation
import XCTest

/// Day files edited or created by hand ride along in the next entry commit: never overwritten,
/// never left behind. Deletions and files that are not day files are left for the user, and a
/// rest day or a setting never takes edits along (that would make them count as activity).
final class HandEditTests: JournalTestCase {
    func relative(_ iso: String) -> String {
        "entries/\(iso.prefix(4))/\(iso.dropFirst(5).prefix(2))/\(iso).md"
    }

    func testEditedAndNewDayFilesGoIntoTheNextAddButDeletionsAndOtherFilesDoNot() throws {
        let dir = try makeJournal()
        let edited = isoDay(-2)
        let deleted = isoDay(-3)
        let today = isoDay(0)
        try journalOK(["add", "Two days ago", "--hours", "1", "--date", edited], in: dir)
        try journalOK(["add", "Three days ago", "--hours", "1", "--date", deleted], in: dir)
        XCTAssertEqual(try status(dir), "")

        // By hand: append to one day, add a new day file and a file that is not a day, delete another day.
        let typed = "A line I typed by hand, after the fact."
        let newDay = isoDay(-5)
        try writeJournalFile("# Written elsewhere\n", to: relative(newDay), in: dir)
        let editedURL = dayFile(edited, in: dir)
        let original = read(editedURL) ?? ""
        try (original + "\n" + typed + "\n").write(to: editedURL, atomically: true, encoding: .utf8)
        let newRelative = "entries/notes/reading-list.md"
        try writeJournalFile("# Reading list\n\n- LoRA\n", to: newRelative, in: dir)
        try FileManager.default.removeItem(at: dayFile(deleted, in: dir))

        try journalOK(["add", "Today, with hand edits pending", "--hours", "1"], in: dir)
        // The entry's commit takes the files; the line typed into the end of "Two days ago" is that
        // entry's body now, which a correction after it records (no file change).
        XCTAssertEqual(try gitOK(["log", "-1", "--format=%s", "HEAD"], in: dir), "Two days ago\n")
        XCTAssertEqual(try gitOK(["show", "--format=", "--name-only", "HEAD"], in: dir), "")

        let changes = try gitOK(["show", "--format=", "--name-status", "HEAD~1"], in: dir)
            .split(separator: "\n").map { $0.split(separator: "\t").joined(separator: " ") }.sorted()
        XCTAssertEqual(changes, ["A \(relative(newDay))", "A \(relative(today))", "M \(relative(edited))"].sorted())
        // The deletion and the other file are left as the user left them.
        XCTAssertEqual(try status(dir), " D \(relative(deleted))\n?? \(newRelative)\n")
        XCTAssertEqual(try gitOK(["log", "-1", "--format=%s", "HEAD~1"], in: dir), "Today, with hand edits pending\n")
        XCTAssertEqual(try trailerValues(dir, "HEAD~1", key: "Hours"), ["1"])

        // What was typed is still there, on disk and in the commit.
        XCTAssertTrue((read(editedURL) ?? "").contains(typed))
        XCTAssertTrue((read(editedURL) ?? "").contains("## Two days ago <!-- entry:"))
        XCTAssertTrue(try gitOK(["show", "HEAD:\(relative(edited))"], in: dir).contains(typed))
        XCTAssertEqual(read(dir.appendingPathComponent(newRelative)), "# Reading list\n\n- LoRA\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dayFile(deleted, in: dir).path))
        XCTAssertEqual(
            try git(["cat-file", "-e", "HEAD:\(relative(deleted))"], in: dir).status, 0, "a deletion is not committed for the user")
        XCTAssertTrue((read(dayFile(today, in: dir)) ?? "").contains("## Today, with hand edits pending <!-- entry:"))

        // An edit of today's own file, made before the add, is kept too (appended to, not replaced).
        let todayURL = dayFile(today, in: dir)
        try ((read(todayURL) ?? "") + "\nMore typed by hand today.\n").write(to: todayURL, atomically: true, encoding: .utf8)
        try journalOK(["add", "Second entry today", "--hours", "1"], in: dir)
        let todayText = read(todayURL) ?? ""
        XCTAssertTrue(todayText.contains("More typed by hand today."), todayText)
        XCTAssertTrue(
            todayText.contains("## Today, with hand edits pending <!-- entry:") && todayText.contains("## Second entry today <!-- entry:"),
            todayText)
        XCTAssertEqual(try gitOK(["show", "HEAD:\(relative(today))"], in: dir), todayText)
        XCTAssertEqual(try status(dir), " D \(relative(deleted))\n?? \(newRelative)\n")
        try assertFsckClean(dir)
    }

    func testConfigSetAndRestLeaveHandEditsForTheNextEntry() throws {
        let dir = try makeJournal()
        try journalOK(["add", "Yesterday", "--hours", "1", "--date", "yesterday"], in: dir)
        let yesterday = isoDay(-1)
        let url = dayFile(yesterday, in: dir)
        try ((read(url) ?? "") + "\nTyped before config set.\n").write(to: url, atomically: true, encoding: .utf8)
        try journalOK(["config", "set", "goal.weekly-hours", "12"], in: dir)
        XCTAssertEqual(try gitOK(["show", "--format=", "--name-only", "HEAD"], in: dir), ".journal/config\n")
        try journalOK(["rest", isoDay(-3)], in: dir)
        XCTAssertEqual(try gitOK(["show", "--format=", "--name-only", "HEAD"], in: dir), "")
        XCTAssertEqual(try status(dir), " M \(relative(yesterday))\n", "the edit waits, untouched")
        XCTAssertTrue((read(url) ?? "").contains("Typed before config set."))
        // Neither the rest day nor the setting counts as activity.
        let log = try journalOK(["log", "--json"], in: dir).stdout
        XCTAssertEqual(log.components(separatedBy: "\"title\"").count - 1, 1, log)

        // The next entry takes the edit along.
        try journalOK(["add", "Today", "--hours", "1"], in: dir)
        XCTAssertTrue(try gitOK(["show", "HEAD:\(relative(yesterday))"], in: dir).contains("Typed before config set."))
        XCTAssertEqual(try status(dir), "")
        try assertFsckClean(dir)
    }
}

/// The user's path from the issue that found two readers of history disagreeing: a report warms
/// the cache, a day file is edited by hand, sync commits the edit, and log must not list it.
final class HandEditSyncTests: JournalTestCase {
    func testHandEditsCommittedBySyncAreNeverListedAsAnEntry() throws {
        let dir = try makeJournal()
        let remote = try makeBare()
        try journalOK(["remote", "add", remote.path], in: dir)
        try journalOK(["add", "Yesterday's work", "--hours", "1", "--date", "yesterday"], in: dir)
        try journalOK(["status"], in: dir)
        let url = dayFile(isoDay(-1), in: dir)
        try ((read(url) ?? "") + "\nA line typed by hand.\n").write(to: url, atomically: true, encoding: .utf8)
        try journalOK(["sync"], in: dir)
        // The hand edits, then the correction they made (the line went into that entry's body).
        XCTAssertEqual(try trailerValues(dir, "HEAD~1", key: "Hand-Edits"), ["1"])
        XCTAssertEqual(try gitOK(["log", "-1", "--format=%s", "HEAD"], in: dir), "Yesterday's work\n")

        let titles = try logEntries(dir).compactMap { $0["title"] as? String }
        XCTAssertEqual(titles, ["Yesterday's work"])
        // The same after the cache is rebuilt from scratch.
        try FileManager.default.removeItem(at: dir.appendingPathComponent(".git/journal"))
        XCTAssertEqual(try logEntries(dir).compactMap { $0["title"] as? String }, ["Yesterday's work"])
        let hours = try json(journalOK(["hours", "--by", "day", "--json"], in: dir).stdout) as? [String: Any]
        XCTAssertEqual(hours?["total_hours"] as? Double, 1)
    }
}
