import Foundation
import XCTest

/// Helpers of the report tests (streak, hours, papers, status, heatmap, rest): build journals day
/// by day with `journal add --date`, and read reports as JSON.
extension JournalTestCase {
    /// Every day from `first` to `last` inclusive, as YYYY-MM-DD.
    func isoDays(_ first: String, _ last: String) -> [String] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Self.timeZone
        let formatter = DateFormatter()
        formatter.calendar = calendar
        formatter.timeZone = Self.timeZone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        guard var day = formatter.date(from: first), let end = formatter.date(from: last) else { return [] }
        var out: [String] = []
        while day <= end {
            out.append(formatter.string(from: day))
            day = calendar.date(byAdding: .day, value: 1, to: day)!
        }
        return out
    }

    /// `journal add "Study DATE" --date DATE --hours H` (plus `extra`), which must succeed.
    func addOn(
        _ dir: URL, _ date: String, hours: String = "1", extra: [String] = [],
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        try journalOK(["add", "Study \(date)", "--date", date, "--hours", hours] + extra, in: dir, file: file, line: line)
    }

    /// One 1-hour (or `hours`) entry on each of `dates`.
    func addOnEach(
        _ dir: URL, _ dates: [String], hours: String = "1",
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        for date in dates { try addOn(dir, date, hours: hours, file: file, line: line) }
    }

    /// Runs a report with `--json` (and `--journal dir`) and returns the top-level object.
    func reportJSON(_ args: [String], in dir: URL, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let result = try journalOK(args + ["--json"], in: dir, file: file, line: line)
        guard let object = try json(result.stdout, file: file, line: line) as? [String: Any] else {
            XCTFail("journal \(args.joined(separator: " ")) --json is not an object: \(result.stdout.prefix(300))", file: file, line: line)
            return [:]
        }
        return object
    }

    /// `journal streak --json --as-of asOf`, asserting every documented value:
    /// strict [current, longest], forgiving [current, longest, grace_banked], weekly [current, longest], today.
    func assertStreak(
        _ dir: URL, asOf: String, strict: [Int], forgiving: [Int], weekly: [Int]? = nil, today: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let object = try reportJSON(["streak", "--as-of", asOf], in: dir, file: file, line: line)
        let s = object["strict"] as? [String: Any] ?? [:]
        let f = object["forgiving"] as? [String: Any] ?? [:]
        let w = object["weekly"] as? [String: Any] ?? [:]
        func ints(_ d: [String: Any], _ keys: [String]) -> [Int] { keys.map { (d[$0] as? Int) ?? -1 } }
        XCTAssertEqual(ints(s, ["current", "longest"]), strict, "strict [current, longest] as of \(asOf)", file: file, line: line)
        XCTAssertEqual(
            ints(f, ["current", "longest", "grace_banked"]), forgiving,
            "forgiving [current, longest, grace_banked] as of \(asOf)", file: file, line: line)
        if let weekly {
            XCTAssertEqual(ints(w, ["current", "longest"]), weekly, "weekly [current, longest] as of \(asOf)", file: file, line: line)
        }
        XCTAssertEqual(object["today"] as? String, today, "today as of \(asOf)", file: file, line: line)
    }

    /// The `periods` of `journal hours --json`, each as "period start end hours goal status"
    /// (numbers with two decimals), and `total_hours`.
    func hoursRows(_ dir: URL, _ args: [String], file: StaticString = #filePath, line: UInt = #line) throws -> (
        rows: [String], total: Double
    ) {
        let object = try reportJSON(["hours"] + args, in: dir, file: file, line: line)
        let periods = object["periods"] as? [[String: Any]] ?? []
        let rows = periods.map { row -> String in
            let hours = (row["hours"] as? Double).map { String(format: "%.2f", $0) } ?? "?"
            let goal = (row["goal"] as? Double).map { String(format: "%.2f", $0) } ?? "?"
            return [
                row["period"] as? String ?? "?", row["start"] as? String ?? "?", row["end"] as? String ?? "?",
                hours, goal, row["status"] as? String ?? "?",
            ].joined(separator: " ")
        }
        return (rows, (object["total_hours"] as? Double) ?? .nan)
    }

    /// Writes `text` to `relative` inside `dir` (creating folders).
    func writeJournalFile(_ text: String, to relative: String, in dir: URL) throws {
        let url = dir.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// The journal of the gap scenario (no rest days, weekly goal 10 h):
    /// 2026-09-01 (Tue) .. 09-10: 10 active days, 1 h each except 09-07..09-10 with 0.5, 1, 1.5,
    /// 2.5 h; 09-11 missed (1-day gap); 09-12..14 active; 09-15, 16 missed (2-day gap);
    /// 09-17..20 active; 09-21..23 missed (3-day gap); 09-24, 25 active; nothing after.
    func makeGapJournal(file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        let dir = try makeJournal(file: file, line: line)
        try addOnEach(dir, isoDays("2026-09-01", "2026-09-06"), file: file, line: line)
        try addOn(dir, "2026-09-07", hours: "0.5", file: file, line: line)
        try addOn(dir, "2026-09-08", hours: "1", file: file, line: line)
        try addOn(dir, "2026-09-09", hours: "1.5", file: file, line: line)
        try addOn(dir, "2026-09-10", hours: "2.5", file: file, line: line)
        try addOnEach(
            dir, isoDays("2026-09-12", "2026-09-14") + isoDays("2026-09-17", "2026-09-20") + ["2026-09-24", "2026-09-25"],
            file: file, line: line)
        return dir
    }
}
