import Foundation
import XCTest

/// Edits the user staged with `git add`, and HEADs moved by plain git, are the user's: neither the
/// next entry nor the repair after a killed command overwrites them.
final class StagedEditTests: JournalTestCase {
    func testAStagedEditOfTodaysFileGoesIntoTheNextEntry() throws {
        let dir = try makeJournal()
        try journalOK(["add", "Morning", "--hours", "1"], in: dir)
        let file = dayFile(isoDay(), in: dir)
        try (try XCTUnwrap(read(file)) + "\nA line I staged.\n").write(to: file, atomically: true, encoding: .utf8)
        try gitOK(["add", "--", file.path], in: dir)
        try journalOK(["add", "Evening", "--hours", "1"], in: dir)
        let committed = try gitOK(
            ["show", "HEAD:entries/\(isoDay().prefix(4))/\(isoDay().dropFirst(5).prefix(2))/\(isoDay()).md"], in: dir)
        XCTAssertTrue(committed.contains("A line I staged.") && committed.contains("## Evening"), committed)
        XCTAssertEqual(try status(dir), "")
    }

    func testTheRepairAfterAKilledAddLeavesAStagedEditElsewhereAlone() throws {
        let dir = try makeJournal()
        let old = "2025-06-02"
        try journalOK(["add", "Long ago", "--hours", "1", "--date", old], in: dir)
        let oldFile = dayFile(old, in: dir)
        let staged = try XCTUnwrap(read(oldFile)) + "\nStaged, not committed.\n"
        try staged.write(to: oldFile, atomically: true, encoding: .utf8)
        try gitOK(["add", "--", oldFile.path], in: dir)

        let killed = try run(
            ["add", "Killed after its commit", "--hours", "1", "--journal", dir.path],
            env: ["JOURNAL_FAULT_POINT": "after-commit"])
        XCTAssertNotEqual(killed.status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent(".git/journal/write-in-progress").path))
        try journalOK(["add", "Next", "--hours", "1"], in: dir)

        // The killed entry's file was repaired; the staged edit is still there, and still staged.
        let today = try XCTUnwrap(read(dayFile(isoDay(), in: dir)))
        XCTAssertTrue(today.contains("## Killed after its commit") && today.contains("## Next"), today)
        XCTAssertEqual(read(oldFile), staged)
        XCTAssertTrue(try gitOK(["diff", "--cached", "--name-only"], in: dir).contains("\(old).md"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent(".git/journal/write-in-progress").path))
        try assertFsckClean(dir)
    }

    func testAMarkThatDoesNotMatchHeadIsDroppedWithoutTouchingFiles() throws {
        let dir = try makeJournal()
        try journalOK(["add", "First", "--hours", "1"], in: dir)
        let file = dayFile(isoDay(), in: dir)
        let before = try XCTUnwrap(read(file))
        // A mark from a command whose move never happened (or that plain git moved on from).
        let previous = try gitOK(["rev-parse", "HEAD~1"], in: dir).trimmingCharacters(in: .whitespacesAndNewlines)
        let otherTree = try gitOK(["rev-parse", "HEAD~1^{tree}"], in: dir).trimmingCharacters(in: .whitespacesAndNewlines)
        try "\(previous) \(otherTree)\n".write(
            to: dir.appendingPathComponent(".git/journal/write-in-progress"), atomically: true, encoding: .utf8)
        try journalOK(["rest", isoDay(1)], in: dir)
        XCTAssertEqual(read(file), before)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent(".git/journal/write-in-progress").path))
        XCTAssertEqual(try status(dir), "")
    }
}
