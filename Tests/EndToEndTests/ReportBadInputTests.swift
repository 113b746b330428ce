import Foundation
import XCTest

/// Bad input to the reports and to `journal rest`: one line on stderr, a non-zero exit, nothing changed.
final class ReportBadInputTests: JournalTestCase {
    func journalWithEntries() throws -> URL {
        let dir = try makeJournal()
        try addOnEach(dir, ["2026-10-01", "2026-10-02"])
        return dir
    }

    func testBadAsOfDatesAreRefusedByEveryReport() throws {
        let dir = try journalWithEntries()
        for report in [["status"], ["streak"], ["hours"], ["heatmap"], ["papers"]] {
            for json in [[], ["--json"]] {
                var stderr = try assertRefused(report + json + ["--as-of", "2026-02-30", "--journal", dir.path], in: dir)
                XCTAssertTrue(stderr.contains("2026-02-30"), "\(report): \(stderr)")
                stderr = try assertRefused(report + json + ["--as-of", isoDay(1), "--journal", dir.path], in: dir)
                XCTAssertTrue(stderr.contains("future"), "\(report): \(stderr)")
                try assertRefused(report + json + ["--as-of", "2026-10-32", "--journal", dir.path], in: dir)
                try assertRefused(report + json + ["--as-of", "someday", "--journal", dir.path], in: dir)
            }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("2026-02-30").path))
    }

    func testBadReportOptionsAreRefused() throws {
        let dir = try journalWithEntries()
        var stderr = try assertRefused(["hours", "--by", "fortnight", "--journal", dir.path], in: dir)
        XCTAssertTrue(stderr.contains("fortnight"), stderr)
        stderr = try assertRefused(["hours", "--by", "fortnight", "--json", "--journal", dir.path], in: dir)
        XCTAssertTrue(stderr.contains("fortnight"), stderr)
        stderr = try assertRefused(["heatmap", "--weeks", "0", "--journal", dir.path], in: dir)
        XCTAssertTrue(stderr.contains("--weeks"), stderr)
        try assertRefused(["heatmap", "--weeks", "261", "--journal", dir.path], in: dir)
        try assertRefused(["heatmap", "--weeks=-3", "--json", "--journal", dir.path], in: dir)
        try assertRefused(["hours", "--since", "2026-10-02", "--until", "2026-10-01", "--journal", dir.path], in: dir)
        try assertRefused(["hours", "--since", "2026-13-01", "--journal", dir.path], in: dir)
        try assertRefused(["papers", "--year", "0", "--journal", dir.path], in: dir)
        // A heatmap SVG that cannot be written: refused, nothing written anywhere in the journal.
        let svgInMissingFolder = tempDir.appendingPathComponent("no/such/folder/map.svg").path
        try assertRefused(["heatmap", "--svg", svgInMissingFolder, "--journal", dir.path], in: dir)
    }

    func testRestWithABadDateIsRefused() throws {
        let dir = try journalWithEntries()
        let commits = try commitCount(dir)
        for bad in ["2026-1-5", "2026-13-01", "2026-02-30", "26-10-01", "nonsense", "2026/10/01", ""] {
            let stderr = try assertRefused(["rest", bad, "--journal", dir.path], in: dir)
            XCTAssertTrue(stderr.contains("date"), "rest \(bad): \(stderr)")
        }
        try assertRefused(["rest", "2026-13-01", "--cancel", "--journal", dir.path], in: dir)
        try assertRefused(["rest", isoDay(400), "--journal", dir.path], in: dir)
        XCTAssertEqual(try commitCount(dir), commits, "a refused rest made no commit")
    }
}
