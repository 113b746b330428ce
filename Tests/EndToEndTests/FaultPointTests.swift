import Foundation
import XCTest

/// Each crash window of `journal add`, hit exactly (JOURNAL_FAULT_POINT makes the process
/// SIGKILL itself there), followed by the commands a user would run next: nothing is lost,
/// nothing is doubled, and the day file, the index and history agree.
final class FaultPointTests: JournalTestCase {
    func testEveryCrashWindowOfAddIsRecoveredWithoutLossOrDuplicates() throws {
        let points = ["after-draft", "after-commit", "after-files", "before-draft-removal"]
        for (n, point) in points.enumerated() {
            let dir = try makeJournal("journal-\(n)")
            try journalOK(["add", "before \(n)", "--hours", "1"], in: dir)
            let crashed = try run(
                ["add", "crashed \(n)", "--hours", "1", "--body", "typed \(n)", "--journal", dir.path],
                env: ["JOURNAL_FAULT_POINT": point])
            XCTAssertNotEqual(crashed.status, 0, point)
            // Real git's status rewrites the index's stat data, as a user's shell prompt might.
            _ = try git(["status", "--porcelain"], in: dir)
            try journalOK(["add", "after \(n)", "--hours", "1"], in: dir)
            try journalOK(["recover", "--journal", dir.path], in: dir)

            let day = read(dayFile(isoDay(0), in: dir)) ?? ""
            for title in ["before \(n)", "crashed \(n)", "after \(n)"] {
                XCTAssertEqual(
                    day.components(separatedBy: "## \(title) <!-- entry:").count - 1, 1, "\(point): \(title) in the day file\n\(day)")
                let subjects = try gitOK(["log", "--format=%s"], in: dir).split(separator: "\n").filter { $0 == title }
                XCTAssertEqual(subjects.count, 1, "\(point): \(title) in history")
            }
            XCTAssertTrue(day.contains("typed \(n)"), point)
            XCTAssertEqual(
                try gitOK(["show", "HEAD:\(String(dayFile(isoDay(0), in: dir).path.dropFirst(dir.path.count + 1)))"], in: dir), day, point)
            XCTAssertEqual(try status(dir), "", point)
            XCTAssertEqual(
                try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent(".journal/drafts").path)
                    .filter { !$0.hasPrefix(".") }, [], point)
            try assertFsckClean(dir)
        }
    }
}
