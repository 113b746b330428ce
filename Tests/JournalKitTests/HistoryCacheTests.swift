import Foundation
import GitKit
import XCTest

@testable import JournalKit

final class HistoryCacheTests: JournalTestCase {
    var cachePath: String { journal.repository.gitDirectory + "journal/history" }

    func assertCacheAgreesWithAFullWalk(file: StaticString = #filePath, line: UInt = #line) throws {
        let cached = try HistoryCache.load(journal.repository)
        let full = try History.read(journal.repository)
        XCTAssertEqual(cached.entries, full.entries, file: file, line: line)
        XCTAssertEqual(cached.restDays, full.restDays, file: file, line: line)
        // The summary, read back from its file, says what the full history says.
        XCTAssertEqual(try HistoryCache.loadSummary(journal.repository), HistorySummary(history: full), file: file, line: line)
    }

    func testCacheIsWrittenThenExtendedWithOnlyNewCommits() throws {
        _ = try add("One", hours: "1", tags: ["a"], papers: ["P1 <https://example.org/p1>"])
        try assertCacheAgreesWithAFullWalk()
        let firstTip = try String(contentsOfFile: cachePath, encoding: .utf8).split(separator: "\n")[0]
        // Titles may not hold a tab any more; a body may, and the cache escapes it.
        _ = try add("Two", hours: "2", date: "yesterday", body: "body\twith a tab")
        try journal.declareRest(Day(iso: "2026-11-27")!, clock: clock, writer: writer)
        try assertCacheAgreesWithAFullWalk()
        let secondTip = try String(contentsOfFile: cachePath, encoding: .utf8).split(separator: "\n")[0]
        XCTAssertNotEqual(firstTip, secondTip)
        XCTAssertTrue(secondTip.hasSuffix(try git(["rev-parse", "HEAD"]).trimmingCharacters(in: .newlines) + " 2"), String(secondTip))
        XCTAssertEqual(try HistoryCache.load(journal.repository).restDays, [Day(iso: "2026-11-27")!])
    }

    func testCacheFollowsCorrectionsAndDeletionsMadeAfterIt() throws {
        let entry = try EntryInput(title: "Before", hours: "1").entry(today: Day(iso: "2026-11-29")!, writtenAt: now, id: "FIXED1")
        try journal.write(entry, clock: clock, writer: writer)
        _ = try HistoryCache.load(journal.repository)
        var corrected = entry
        corrected.title = "After"
        try journal.write(corrected, clock: clock, writer: writer)
        XCTAssertEqual(try HistoryCache.load(journal.repository).entries.map(\.title), ["After"])
        try writer.commit([], message: "Delete\n\nEntry-Id: FIXED1\nEntry-Deleted: yes\n", authorDate: now, authorZone: zone)
        XCTAssertEqual(try HistoryCache.load(journal.repository).entries, [])
        try assertCacheAgreesWithAFullWalk()
    }

    func testRewrittenHistoryRebuildsTheCache() throws {
        _ = try add("Kept", hours: "1")
        _ = try add("Dropped", hours: "5")
        XCTAssertEqual(try HistoryCache.load(journal.repository).entries.count, 2)
        try git(["reset", "-q", "--hard", "HEAD~1"])
        _ = try add("New", hours: "2")
        let titles = try HistoryCache.load(journal.repository).entries.map(\.title)
        XCTAssertEqual(Set(titles), ["Kept", "New"])
        try assertCacheAgreesWithAFullWalk()
    }

    func testCorruptOrForeignCacheIsRebuiltNotTrusted() throws {
        _ = try add("Real", hours: "1.5")
        _ = try HistoryCache.load(journal.repository)
        let good = try String(contentsOfFile: cachePath, encoding: .utf8)
        let head = try git(["rev-parse", "HEAD"]).trimmingCharacters(in: .newlines)
        let forged = "journal-history 5 \(head) 1\nE\tX\te\t2026-11-29\t24\t0\tc\t\tForged\t\t\t0\t\nend 1\n"
        for broken in [
            "garbage", String(good.dropLast(10)), good.replacingOccurrences(of: "journal-history 5", with: "journal-history 9"),
            good.replacingOccurrences(of: "\t1.5\t", with: "\tlots\t"), forged,
        ] {
            try broken.write(toFile: cachePath, atomically: true, encoding: .utf8)
            XCTAssertEqual(try HistoryCache.load(journal.repository).entries.map(\.title), ["Real"], broken)
            XCTAssertEqual(try String(contentsOfFile: cachePath, encoding: .utf8), good)
        }
    }

    /// Naming an entry from the history file's records (amend, delete) answers what naming it
    /// among all entries in memory answers, errors included; a day's entries likewise.
    func testEntriesNamedFromRecordsAreThoseNamedInMemory() throws {
        for (id, title) in [("ABCD1111", "One"), ("ABCD2222", "Two"), ("abce3333", "Three"), ("ZZZZ9999", "Four")] {
            let entry = try EntryInput(title: title, hours: "0.5").entry(today: Day(iso: "2026-11-29")!, writtenAt: now, id: id)
            try journal.write(entry, clock: clock, writer: writer)
        }
        _ = try add("On another day", hours: "1", date: "2026-11-27", tags: ["a", "b"])
        _ = try add("Tagged too", hours: "0.33", date: "2026-11-28", tags: ["b"])
        let history = try History.read(journal.repository)
        for tag in ["a", "#B", "missing"] {
            XCTAssertEqual(try HistoryCache.taggedSummary(tag, in: journal.repository), HistorySummary(history: history, tag: tag), tag)
        }
        XCTAssertTrue(try HistoryCache.containsEntry("ABCD1111", in: journal.repository))
        XCTAssertFalse(try HistoryCache.containsEntry("ABCD", in: journal.repository))
        func named(_ reference: String, _ read: () throws -> HistoryEntry) -> String {
            do { return try read().id } catch { return "error: \(error)" }
        }
        for reference in ["last", "LAST", "ABCD1111", "abcd2", "ABCE", "ABCD", "AB", "zzzz9", "QQQQQ", " ABCD2222 "] {
            XCTAssertEqual(
                named(reference) { try HistoryCache.entry(named: reference, in: journal.repository) },
                named(reference) { try history.entry(named: reference) }, reference)
        }
        let day = Day(iso: "2026-11-29")!
        XCTAssertEqual(try HistoryCache.entries(on: [day], in: journal.repository), history.entries.filter { $0.date == day })
        var streamed: [HistoryEntry] = []
        try HistoryCache.forEachBuiltEntry(journal.repository) { streamed.append($0) }
        XCTAssertEqual(Set(streamed.map(\.id)), Set(history.entries.map(\.id)))
        XCTAssertEqual(streamed.map(\.order), streamed.map(\.order).sorted(by: >))
    }

    func testEmptyJournalHasEmptyHistory() throws {
        XCTAssertEqual(try HistoryCache.load(journal.repository).entries, [])
        let streaks = Streaks(Activity(history: try journal.history(), settings: try journal.settings(), today: Day(iso: "2026-11-29")!))
        XCTAssertEqual(streaks.forgiving.current, 0)
        XCTAssertFalse(streaks.todayDone)
    }
}

final class PapersReportTests: XCTestCase {
    func entry(_ date: String, papers: [Link]) -> HistoryEntry {
        HistoryEntry(
            id: UUID().uuidString, kind: .entry, date: Day(iso: date)!, title: "t", hours: 1, tags: [], papers: papers,
            shipped: [], commit: ObjectID(hex: String(repeating: "c", count: 40))!, authoredAt: Date())
    }

    func testPapersCountOncePerYearAndTheGoalDoublesLastYear() {
        var state = HistoryState()
        let lora = Link(title: "LoRA", url: "https://arxiv.org/abs/2106.09685")
        for e in [
            entry("2025-05-01", papers: [lora]), entry("2025-06-01", papers: [Link(title: "BERT", url: nil)]),
            entry("2026-01-10", papers: [lora]), entry("2026-03-01", papers: [lora, Link(title: "DPO", url: nil)]),
        ] {
            state.apply(.entry(e))
        }
        let act = Activity(history: History(state: state), settings: Settings(), today: Day(iso: "2026-11-29")!)
        let report = PapersReport(activity: act, year: 2026, configuredGoal: nil)
        XCTAssertEqual(report.papers.map(\.title), ["LoRA", "DPO"])
        XCTAssertEqual(report.papers.first?.date.iso, "2026-01-10")
        XCTAssertEqual(report.goal, 4)
        XCTAssertEqual(PapersReport(activity: act, year: 2025, configuredGoal: nil).goal, 24)
        XCTAssertEqual(PapersReport(activity: act, year: 2026, configuredGoal: 30).goal, 30)
    }
}

final class RecordFileTests: XCTestCase {
    func testStreamedFileOfManyChunksReadsBackWithItsChecksum() throws {
        let folder = NSTemporaryDirectory() + "records-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/file"
        var writer = try RecordWriter(header: "test-records 1", streamingBeside: path)
        for n in 0..<40_000 {
            writer.field("E")
            writer.field(n)
            writer.field(Double(n) / 4)
            writer.field("title \(n)\twith a tab" + String(repeating: "x", count: n % 13))
            writer.endRecord()
        }
        try writer.finish(renamingTo: path)
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        XCTAssertGreaterThan(size, 3 << 19, "more than one chunk was flushed")
        let file = try XCTUnwrap(RecordFile.load(path: path, header: "test-records 1"))
        XCTAssertEqual(file.records.count, 40_000)
        let last = RecordFile.fields(file.records[39_999])
        XCTAssertEqual(RecordFile.int(last[1]), 39_999)
        XCTAssertEqual(RecordFile.double(last[2]), 9999.75)
        XCTAssertEqual(RecordFile.string(last[3]), "title 39999\twith a tab" + String(repeating: "x", count: 39_999 % 13))
        // One flipped byte anywhere is caught.
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        data[data.count / 2] ^= 0x20
        XCTAssertNil(RecordFile(data: data, header: "test-records 1"))
    }
}

final class RecordNumberTests: XCTestCase {
    /// The quick decimal reading gives exactly what `Double(String)` gives, for every form the
    /// writer makes and for the long ones `String(Double)` makes.
    func testPlainDecimalsReadAsDoubleReadsThem() {
        var random = SeededRandom(seed: 42)
        var texts = ["0.5", "1.25", "12.07", "0.1", "0.33", "123456.78", "0.000001", "99999999999999.9", "7.0"]
        for _ in 0..<20_000 {
            let value = Double(random.next(upTo: 1_000_000)) / Double([1, 3, 7, 100, 60, 1000][Int(random.next(upTo: 6))])
            texts.append(String(value))
            texts.append(String(format: "%.2f", value))
        }
        for text in texts {
            XCTAssertEqual(RecordFile.double(Array(text.utf8)[...]), Double(text), text)
        }
        for text in [
            "0", "-0", "7", "-12", "123456789012345678", "-123456789012345678", "1234567890123456789", "9223372036854775807",
            "9223372036854775808", "-", "--5", "5-", "", "12a",
        ] {
            XCTAssertEqual(RecordFile.int(Array(text.utf8)[...]), Int(text), text)
        }
        for refused in ["1.2.3", ".5", "5.", "1e5", "-0.5", "1234567890123456.5", ""] {
            XCTAssertNil(RecordFile.plainDecimal(Array(refused.utf8)[...]), refused)
        }
    }
}
