import Foundation
import ParserFuzzing
import XCTest

@testable import JournalKit

/// Replays the fuzzer's corpus (Fuzz/corpus: the seeds, and any crash inputs saved there) on every
/// test run, so an input that once broke a parser keeps being tried.
final class FuzzCorpusTests: XCTestCase {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/corpus")

    func testEveryCorpusInputIsHandledWithoutCrashing() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).sorted()
        XCTAssertGreaterThanOrEqual(names.count, ParserFuzzing.parsers.count, "a seed for every parser")
        var selectors = Set<Int>()
        for name in names {
            let bytes = [UInt8](try Data(contentsOf: Self.corpus.appendingPathComponent(name)))
            if let first = bytes.first { selectors.insert(Int(first) % ParserFuzzing.parsers.count) }
            ParserFuzzing.run(bytes)
        }
        XCTAssertEqual(selectors.count, ParserFuzzing.parsers.count, "the seeds reach every parser")
    }

    func testSeedsThatMustBeRefusedAreRefused() throws {
        func text(_ name: String) throws -> String {
            String(decoding: try Data(contentsOf: Self.corpus.appendingPathComponent(name)).dropFirst(), as: UTF8.self)
        }
        XCTAssertThrowsError(try Hours(parsing: text("hours-bad")))
        XCTAssertThrowsError(try DateInput.parse(text("date-path"), today: Day(iso: "2026-11-29")!))
        // libgit2 stops at the `---` line, as git does: the 98 before it is out of range, so 0 counts.
        XCTAssertEqual(try CommitProtocol.read(message: text("message-forged")).hours, 0)
        XCTAssertNil(
            HistorySummary(
                records: RecordFile(data: Data(try text("cache-huge-day").utf8), header: HistoryCache.summaryHeader, verify: false)!.records
            ))
    }
}
