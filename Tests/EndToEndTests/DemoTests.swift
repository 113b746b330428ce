import Foundation
import XCTest

final class DemoTests: JournalTestCase {
    /// "  315 entries on 149 days, 447.5 h (17.21 h a week)" -> (315, 447.5)
    func summaryTotals(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> (entries: Int, hours: Double)? {
        for row in text.split(separator: "\n") {
            let words = row.split(separator: " ")
            guard words.count >= 6, words[1] == "entries", words[2] == "on", words[4].hasPrefix("days"),
                let entries = Int(words[0]), let hours = Double(words[5]), words.count > 6, words[6] == "h"
            else { continue }
            return (entries, hours)
        }
        XCTFail("no \"N entries on D days, H h\" line in the summary: \(text)", file: file, line: line)
        return nil
    }

    /// Sum of every Hours trailer in history, as git reads them.
    func gitHoursSum(_ dir: URL) throws -> Double {
        let out = try gitOK(["log", "--format=%(trailers:key=Hours,valueonly)"], in: dir)
        var sum = 0.0
        for value in out.split(separator: "\n") {
            let number = Double(value.trimmingCharacters(in: .whitespaces))
            XCTAssertNotNil(number, "an Hours trailer git cannot read as a number: \(value)")
            sum += number ?? 0
        }
        return sum
    }

    func testDemoKeepBuildsAJournalWhoseHoursTrailersSumToTheSummary() throws {
        let dir = path("demo")
        let result = try run(["demo", "--keep", dir.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "", "no progress on stderr when it is not a terminal")
        XCTAssertTrue(result.stdout.contains(dir.path), "the summary says where the journal is: \(result.stdout)")
        XCTAssertFalse(result.stdout.contains("\u{1B}["), "NO_COLOR output must have no escape codes")

        let commits = try gitOK(["log", "--oneline"], in: dir).split(separator: "\n").count
        XCTAssertGreaterThan(commits, 300)
        try assertFsckClean(dir)
        XCTAssertEqual(try status(dir), "")

        guard let totals = summaryTotals(result.stdout) else { return }
        XCTAssertEqual(try gitHoursSum(dir), totals.hours, accuracy: 0.01, "Hours trailers vs. the printed total")
        let entries = try logEntries(dir)
        XCTAssertEqual(entries.count, totals.entries)
        XCTAssertEqual(entries.reduce(0.0) { $0 + (($1["hours"] as? Double) ?? 0) }, totals.hours, accuracy: 0.01)
        // Every demo commit but the first and the config changes is an entry with the protocol's trailers.
        let withIds = try gitOK(["log", "--format=%(trailers:key=Entry-Id,valueonly)"], in: dir)
            .split(separator: "\n").filter { !$0.isEmpty }
        XCTAssertEqual(withIds.count, totals.entries)
        XCTAssertEqual(Set(withIds).count, withIds.count, "Entry-Ids must be unique")
        // The demo journal's settings came through config set.
        XCTAssertEqual(try gitOK(["config", "-f", dir.appendingPathComponent(".journal/config").path, "goal.weekly-hours"]), "12\n")
        // The demo journal is a normal journal.
        try journalOK(["add", "After the demo", "--hours", "1"], in: dir)
        XCTAssertEqual(try logEntries(dir).count, totals.entries + 1)
    }

    func testDemoJsonParsesAndMatchesTheTextSummary() throws {
        let result = try run(["demo", "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try json(result.stdout) as? [String: Any]
        XCTAssertNotNil(object)
        XCTAssertEqual(object?["today"] as? String, isoDay(0))
        XCTAssertGreaterThan((object?["entries"] as? Int) ?? 0, 300)
        XCTAssertGreaterThan((object?["total_hours"] as? Double) ?? 0, 0)
        XCTAssertEqual((object?["last_week"] as? [Any])?.count, 7)
        for key in ["active_days", "weeks", "papers", "shipped"] {
            XCTAssertNotNil(object?[key] as? Int, key)
        }
        // Without --keep nothing is left behind in TMPDIR.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: tempDir.path).filter { $0.hasPrefix("journal-demo-") }
        XCTAssertEqual(leftovers, [])
    }

    func testDemoKeepRefusesANonEmptyFolder() throws {
        let dir = path("busy")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "x\n".write(to: dir.appendingPathComponent("file.txt"), atomically: true, encoding: .utf8)
        try assertRefused(["demo", "--keep", dir.path], in: dir)
    }

    func testABinaryCopiedAloneStillRunsInitAddAndDemo() throws {
        let lonely = tempDir.appendingPathComponent("lonely", isDirectory: true)
        try FileManager.default.createDirectory(at: lonely, withIntermediateDirectories: true)
        let copy = lonely.appendingPathComponent("journal")
        try FileManager.default.copyItem(atPath: try Self.journalBinary(), toPath: copy.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: copy.path)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: lonely.path), ["journal"])

        let dir = path("journal")
        let initResult = try run(["init", dir.path], binary: copy.path, cwd: lonely)
        XCTAssertEqual(initResult.status, 0, initResult.stderr)
        let add = try run(
            [
                "add", "From a lonely binary", "--hours", "1", "--paper", "LoRA <https://arxiv.org/abs/2106.09685>",
                "--journal", dir.path,
            ], binary: copy.path, cwd: lonely)
        XCTAssertEqual(add.status, 0, add.stderr)
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Hours"), ["1"])
        XCTAssertTrue((read(dayFile(isoDay(0), in: dir)) ?? "").contains("From a lonely binary"))
        XCTAssertEqual(try status(dir), "")

        let demoDir = path("demo")
        let demo = try run(["demo", "--keep", demoDir.path], binary: copy.path, cwd: lonely)
        XCTAssertEqual(demo.status, 0, demo.stderr)
        XCTAssertGreaterThan(try commitCount(demoDir), 300)
        guard let totals = summaryTotals(demo.stdout) else { return }
        XCTAssertEqual(try gitHoursSum(demoDir), totals.hours, accuracy: 0.01)
    }
}
