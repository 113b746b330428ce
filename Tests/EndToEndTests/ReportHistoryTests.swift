import Foundation
import XCTest

/// Reports over history made by plain git, and the history cache under `.git/journal/`.
final class ReportHistoryTests: JournalTestCase {
    // MARK: - Plain git commits on the author's own calendar day

    func testPlainGitCommitsCountOnTheAuthorsOwnDayWhateverTheZone() throws {
        let dir = try makeJournal()
        // 2026-10-06 08:00 at +13:00 is 2026-10-05 19:00 UTC; 2026-10-07 20:00 at -11:00 is
        // 2026-10-08 07:00 UTC. The test process runs with TZ=UTC; the days must still be the
        // author's: 10-06 and 10-07 (read in UTC they would be 10-05 and 10-08).
        try writeJournalFile("Kiritimati morning\n", to: "entries/2026/10/2026-10-06.md", in: dir)
        try gitOK(["add", "entries"], in: dir)
        try gitOK(["commit", "-q", "-m", "Morning in +13", "--date", "2026-10-06T08:00:00+13:00", "--trailer", "Hours: 1.5"], in: dir)
        try writeJournalFile("Pago Pago evening\n", to: "entries/2026/10/2026-10-07.md", in: dir)
        try gitOK(["add", "entries"], in: dir)
        try gitOK(["commit", "-q", "-m", "Evening in -11", "--date", "2026-10-07T20:00:00-11:00", "--trailer", "Hours: 2"], in: dir)
        XCTAssertEqual(
            try gitOK(["log", "-2", "--format=%aI"], in: dir).split(separator: "\n"),
            ["2026-10-07T20:00:00-11:00", "2026-10-06T08:00:00+13:00"])

        // By day from 10-05 as of 10-08 (daily share 10/7 = 1.43 h): 10-05 is before the first
        // entry (not listed, never missed), 10-06 1.5 h met, 10-07 2 h met, 10-08 today pending.
        let (rows, total) = try hoursRows(dir, ["--by", "day", "--since", "2026-10-05", "--as-of", "2026-10-08"])
        XCTAssertEqual(
            rows,
            [
                "2026-10-06 2026-10-06 2026-10-06 1.50 1.43 met",
                "2026-10-07 2026-10-07 2026-10-07 2.00 1.43 met",
                "2026-10-08 2026-10-08 2026-10-08 0.00 1.43 pending",
            ])
        XCTAssertEqual(total, 3.5)
        // As of 10-07: two days in a row, today done. (In UTC: 10-05 only, and 10-08 ignored.)
        try assertStreak(dir, asOf: "2026-10-07", strict: [2, 2], forgiving: [2, 2, 0], weekly: [0, 0], today: "done")
        // As of 10-06: the -11:00 commit (10-07 on its author's calendar) is not counted yet.
        try assertStreak(dir, asOf: "2026-10-06", strict: [1, 1], forgiving: [1, 1, 0], weekly: [0, 0], today: "done")
    }

    // MARK: - The history cache

    /// Every file of the cache folder `.git/journal/` (the history, and whatever else it keeps).
    func cacheFiles(_ dir: URL) -> [String: Data] {
        let folder = dir.appendingPathComponent(".git/journal")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var files: [String: Data] = [:]
        for name in names where !name.hasPrefix(".") {
            files[name] = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path)
        }
        return files
    }

    func streakText(_ dir: URL, _ asOf: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try journalOK(["streak", "--json", "--history", "--as-of", asOf], in: dir, file: file, line: line).stdout
    }

    func testCacheIsUsedUpdatedIncrementallyAndRebuiltWhenBrokenOrStale() throws {
        let dir = try makeJournal()
        let folder = dir.appendingPathComponent(".git/journal")
        // 09-01..09-05, one hour each. As of 09-06 (no entry yet): 5 in a row, pending.
        try addOnEach(dir, isoDays("2026-09-01", "2026-09-05"))
        let first = try streakText(dir, "2026-09-06")
        try assertStreak(dir, asOf: "2026-09-06", strict: [5, 5], forgiving: [5, 5, 0], today: "pending")
        let cached = cacheFiles(dir)
        XCTAssertNotNil(cached["history"], "no cache at .git/journal/history (found \(cached.keys.sorted()))")
        let headID = try head(dir)
        for (name, data) in cached {
            XCTAssertTrue(String(decoding: data, as: UTF8.self).contains(headID), "cache file \(name) names HEAD as its tip")
        }
        // A second run reads the cache: same answer, cache unchanged.
        XCTAssertEqual(try streakText(dir, "2026-09-06"), first)
        XCTAssertEqual(cacheFiles(dir), cached)
        XCTAssertEqual(try status(dir), "", "the cache lives under .git and is never tracked")

        // Incremental: one more entry on 09-06 (6 in a row, done), compared to a run without cache.
        try addOn(dir, "2026-09-06")
        let incremental = try streakText(dir, "2026-09-06")
        try assertStreak(dir, asOf: "2026-09-06", strict: [6, 6], forgiving: [6, 6, 0], today: "done")
        let incrementalCache = cacheFiles(dir)
        XCTAssertNotEqual(incrementalCache, cached, "the cache follows HEAD")
        try FileManager.default.removeItem(at: folder)
        XCTAssertEqual(try streakText(dir, "2026-09-06"), incremental)
        let good = cacheFiles(dir)
        // Entries' positions are numbered differently by a full read and an incremental one (only
        // their order matters), so the history file may differ in bytes; the summary may not.
        XCTAssertEqual(good["summary"], incrementalCache["summary"], "a rebuilt summary equals the incrementally updated one")
        XCTAssertEqual(Set(good.keys), Set(incrementalCache.keys))
        XCTAssertFalse(good.isEmpty)

        // Broken cache files give the right answer, and when all of them are broken all are rebuilt.
        let headNow = try head(dir)
        let breakages: [(String, (Data) -> Data)] = [
            ("garbage", { _ in Data("not a cache at all\n\u{0}\u{1}\u{2}".utf8) }),
            ("truncated", { $0.prefix($0.count / 2) }),
            ("truncated before the end line", { $0.prefix($0.count - 3) }),
            ("empty", { _ in Data() }),
            (
                "unknown tip",
                {
                    Data(
                        String(decoding: $0, as: UTF8.self).replacingOccurrences(of: headNow, with: String(repeating: "a", count: 40)).utf8)
                }
            ),
            (
                "one byte changed",
                { data in
                    var d = data
                    if d.count > 60 { d[d.startIndex + 60] ^= 0x01 }
                    return d
                }
            ),
        ]
        for (what, breakage) in breakages {
            for targets in good.keys.sorted().map({ [$0] }) + [good.keys.sorted()] {
                for name in targets {
                    try breakage(good[name]!).write(to: folder.appendingPathComponent(name))
                }
                XCTAssertEqual(try streakText(dir, "2026-09-06"), incremental, "with \(what) \(targets)")
                let (rows, _) = try hoursRows(dir, ["--by", "day", "--since", "2026-09-05", "--as-of", "2026-09-06"])
                XCTAssertEqual(
                    rows,
                    [
                        "2026-09-05 2026-09-05 2026-09-05 1.00 1.43 missed",
                        "2026-09-06 2026-09-06 2026-09-06 1.00 1.43 pending",
                    ], "with \(what) \(targets)")
                if targets.count == good.count {
                    XCTAssertEqual(cacheFiles(dir), good, "\(what) cache files are rebuilt")
                }
            }
            for (name, data) in good { try data.write(to: folder.appendingPathComponent(name)) }
        }

        // History rewritten behind the cache's back: the 09-06 entry is gone.
        try gitOK(["reset", "-q", "--hard", "HEAD~1"], in: dir)
        XCTAssertEqual(try streakText(dir, "2026-09-06"), first)
        try assertStreak(dir, asOf: "2026-09-06", strict: [5, 5], forgiving: [5, 5, 0], today: "pending")
        let afterReset = try head(dir)
        for (name, data) in cacheFiles(dir) where name == "history" {
            XCTAssertTrue(String(decoding: data, as: UTF8.self).contains(afterReset), "cache \(name) is rebuilt for the new HEAD")
        }
        var (rows, total) = try hoursRows(dir, ["--by", "day", "--since", "2026-09-05", "--as-of", "2026-09-06"])
        XCTAssertEqual(
            rows,
            [
                "2026-09-05 2026-09-05 2026-09-05 1.00 1.43 missed",
                "2026-09-06 2026-09-06 2026-09-06 0.00 1.43 pending",
            ])
        XCTAssertEqual(total, 1)

        // An entry amended with plain git (same Entry-Id and Entry-Date, Hours 2 -> 3) after the
        // cache saw it: the new HEAD does not descend from the cached tip, so nothing of the
        // dropped commit may linger.
        try addOn(dir, "2026-09-06", hours: "2")
        _ = try streakText(dir, "2026-09-06")
        let message = try gitOK(["log", "-1", "--format=%B"], in: dir)
        let edited = message.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("Hours:") ? "Hours: 3" : String($0) }.joined(separator: "\n")
        XCTAssertNotEqual(edited, message)
        try gitOK(["commit", "-q", "--amend", "-F", "-"], in: dir, stdin: edited)
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Hours"), ["3"])
        (rows, total) = try hoursRows(dir, ["--by", "day", "--since", "2026-09-06", "--as-of", "2026-09-06"])
        XCTAssertEqual(rows, ["2026-09-06 2026-09-06 2026-09-06 3.00 1.43 met"])
        XCTAssertEqual(total, 3)
        XCTAssertEqual(try logEntries(dir).count, 6)
    }
}
