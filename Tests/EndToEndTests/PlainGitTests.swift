import Foundation
import XCTest

final class PlainGitTests: JournalTestCase {
    func write(_ text: String, to relative: String, in dir: URL) throws {
        let url = dir.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func testPlainGitCommitsTouchingEntriesCountWithTheirHoursTrailer() throws {
        let dir = try makeJournal()
        let today = isoDay(0)
        let file = "entries/\(today.prefix(4))/\(today.dropFirst(5).prefix(2))/\(today).md"

        try journalOK(["add", "Written by journal", "--hours", "1"], in: dir)

        try write((read(dir.appendingPathComponent(file)) ?? "") + "\nHand-written notes\n", to: file, in: dir)
        try gitOK(["add", file], in: dir)
        try gitOK(["commit", "-q", "-m", "notes", "--trailer", "Hours: 2"], in: dir)
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Hours"), ["2"])

        try write("Another day by hand\n", to: "entries/\(today.prefix(4))/\(today.dropFirst(5).prefix(2))/scratch.md", in: dir)
        try gitOK(["add", "entries"], in: dir)
        try gitOK(["commit", "-q", "-m", "more notes without hours"], in: dir)

        try write("# My journal\n", to: "README.md", in: dir)
        try gitOK(["add", "README.md"], in: dir)
        try gitOK(["commit", "-q", "-m", "readme", "--trailer", "Hours: 5"], in: dir)

        let entries = try logEntries(dir)
        XCTAssertEqual(entries.count, 3, "\(entries)")
        let byTitle = Dictionary(entries.map { (($0["title"] as? String) ?? "?", $0) }, uniquingKeysWith: { a, _ in a })
        XCTAssertNil(byTitle["readme"], "a commit touching only README.md is not an entry")

        let notes = byTitle["notes"]
        XCTAssertEqual(notes?["kind"] as? String, "plain")
        XCTAssertEqual(notes?["hours"] as? Double, 2)
        XCTAssertEqual(notes?["date"] as? String, today)
        XCTAssertEqual(notes?["commit"] as? String, try gitOK(["rev-parse", "HEAD~2"], in: dir).trimmingCharacters(in: .newlines))

        let noHours = byTitle["more notes without hours"]
        XCTAssertEqual(noHours?["kind"] as? String, "plain")
        XCTAssertTrue(noHours?["hours"] is NSNull, "an entry without hours has null hours")

        XCTAssertEqual(byTitle["Written by journal"]?["kind"] as? String, "entry")
        XCTAssertEqual(entries.reduce(0.0) { $0 + (($1["hours"] as? Double) ?? 0) }, 3)
        try assertFsckClean(dir)
    }

    func testPlainGitCommitWithEntryDateCountsOnThatDay() throws {
        let dir = try makeJournal()
        let day = isoDay(-5)
        try write("Backfilled\n", to: "entries/\(day.prefix(4))/\(day.dropFirst(5).prefix(2))/\(day).md", in: dir)
        try gitOK(["add", "entries"], in: dir)
        try gitOK(["commit", "-q", "-m", "backfill", "--trailer", "Entry-Date: \(day)", "--trailer", "Hours: 1.25"], in: dir)
        let entries = try logEntries(dir)
        XCTAssertEqual(entries.count, 1)
        XCTAssertEqual(entries.first?["date"] as? String, day)
        XCTAssertEqual(entries.first?["hours"] as? Double, 1.25)
        XCTAssertEqual(entries.first?["kind"] as? String, "plain")
    }

    func testPlainGitCommitDayIsTheAuthorDateInTheAuthorsOffset() throws {
        let dir = try makeJournal()
        try write("Late night\n", to: "entries/late.md", in: dir)
        try gitOK(["add", "entries"], in: dir)
        // 23:30 on the 10th in UTC-05:00 is the 11th in UTC: the author's own offset decides.
        let date = "2025-03-10T23:30:00-05:00"
        try gitOK(["commit", "-q", "-m", "late"], in: dir, env: ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date])
        XCTAssertEqual(try logEntries(dir).first?["date"] as? String, "2025-03-10")
    }
}
