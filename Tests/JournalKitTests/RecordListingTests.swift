import Foundation
import XCTest

@testable import JournalKit

/// `journal log`, `search` and `export` write entries straight from the history file's records
/// (`HistoryRecords`, `RecordRendering.swift`); what they write must be byte for byte what the
/// entries of `History` give through `EntryListing` and `JSONEncoder`.
final class RecordListingTests: JournalTestCase {
    func testStringsNumbersAndTimesAreWrittenAsFoundationWritesThem() throws {
        let encoder = JSONOutput.encoder()
        var texts = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        texts += ["", "Ünïcode ✓ 😀", "\u{2028}\u{2029}", "a/b", "e\u{301}", "\r\n", "\u{FFFD}", "tab\there \"q\" \\ end"]
        for text in texts {
            var out = ByteOutput(sink: { _ in })
            out.appendJSONString(text)
            XCTAssertEqual(
                String(decoding: out.bytes, as: UTF8.self), String(decoding: try encoder.encode(text), as: UTF8.self), text.debugDescription
            )
        }
        var numbers = (0...2500).map { Double($0) / 100 } + (0...1440).map { Hours.json(Double($0) / 60) }
        numbers += (1...300).map { (Double($0) / 7 * 100).rounded() / 100 }
        numbers += [0.333333, 1e-7, 0.005, 24.000001, 123_456_789.5, 1e16, 3e9, 1.0 / 3]
        for number in numbers {
            var out = ByteOutput(sink: { _ in })
            out.appendJSONNumber(number)
            XCTAssertEqual(
                String(decoding: out.bytes, as: UTF8.self), String(decoding: try encoder.encode(number), as: UTF8.self), "\(number)")
        }
        let iso = ISO8601DateFormatter()
        for epoch in [0, 1, 59, 86_399, 86_400, 951_782_400, 1_796_000_400, 4_102_444_800, 253_402_300_799, -1, -86_401] {
            var out = ByteOutput(sink: { _ in })
            out.appendISOTime(epoch)
            XCTAssertEqual(String(decoding: out.bytes, as: UTF8.self), iso.string(from: Date(timeIntervalSince1970: TimeInterval(epoch))))
        }
        for days in [-719_468, -1, 0, 1, 10_957, 20_000, 2_932_896, 2_932_897] {
            var out = ByteOutput(sink: { _ in })
            out.appendISODay(days)
            XCTAssertEqual(String(decoding: out.bytes, as: UTF8.self), Day(daysSinceEpoch: days).iso)
        }
    }

    func testExportTimesAndTrimmedBodiesAreWhatFoundationGives() {
        var epochs = Array(stride(from: 1_767_225_600, to: 1_798_761_600, by: 4_380))  // 2026, every 73 minutes
        epochs += Array(stride(from: -2_208_988_800, to: 4_102_444_800, by: 7_777_777))  // 1900 to 2100
        for name in [
            "UTC", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "America/St_Johns", "Pacific/Chatham", "Europe/London",
        ] {
            let zone = TimeZone(identifier: name)!
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            for epoch in epochs {
                let date = Date(timeIntervalSince1970: TimeInterval(epoch))
                let time = calendar.dateComponents([.hour, .minute], from: date)
                XCTAssertEqual(
                    ExportText.time(date, in: zone), String(format: "%02d:%02d", time.hour ?? 0, time.minute ?? 0), "\(name) \(epoch)")
            }
        }
        for text in ["", "\n", "x", "\r\n a \n\u{2028}", "\u{85}x\u{85}", "a\n\u{301}", "\n\u{301}", "\u{2029}\t\n", "\n\n😀\n"] {
            XCTAssertEqual(ExportText.trimmingNewlines(text), text.trimmingCharacters(in: .newlines), text.debugDescription)
        }
    }

    func testLogSearchAndExportFromRecordsAreWhatTheEntriesGive() throws {
        _ = try add(
            "Read \"Attention\" / notes \\ back", hours: "1.5", date: "2026-11-01", tags: ["papers", "ml"],
            papers: ["Attention <https://arxiv.org/abs/1706.03762>", "Untitled idea", "https://example.org/bare"])
        _ = try add(
            "Ünïcode title, comma", hours: "20m", date: "2026-11-02", tags: ["writing", "starred"],
            body: "Body with\ttab and \"quotes\" and \\ backslash\n---\n# Heading\n[bracket\n\nÜnïcode ✓ 😀 \u{2028} sep")
        _ = try add("No hours", date: "2026-11-02")
        _ = try add("Backdated", hours: "0.333333", date: "2026-10-30", tags: ["a\\b", "c\"d", "x/y", "ünï"])
        _ = try add("Newest", hours: "1:45", tags: ["papers"])
        // A plain-git entry whose title holds control characters.
        let file = journal.root + "/entries/2026/11/2026-11-04.md"
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try "\n## plain\n".write(toFile: file, atomically: true, encoding: .utf8)
        try git(["add", "-A"])
        try git(["commit", "-q", "-m", "Plain \u{01}ctrl\u{1F} title\u{7F} end", "--trailer", "Hours: 2", "--trailer", "Tags: Plain, Git"])

        let history = try journal.history()
        let shortIDs = ShortIDs(history)
        let records = try XCTUnwrap(try HistoryRecords.current(journal.repository))
        XCTAssertEqual(records.slots.count, 6)
        let lengths = try XCTUnwrap(records.shortIDLengths())
        for (index, slot) in records.slots.enumerated() {
            let entry = try XCTUnwrap(records.entry(slot))
            XCTAssertEqual(String(entry.id.prefix(lengths[index])), shortIDs.short(entry.id))
        }
        XCTAssertEqual(records.slots.compactMap { records.entry($0)?.id }, history.entries.reversed().map(\.id))

        func bytes(_ body: (@escaping ([UInt8]) throws -> Void) throws -> Void) rethrows -> String {
            var out: [UInt8] = []
            try body { out += $0 }
            return String(decoding: out, as: UTF8.self)
        }
        let today = Day(iso: "2026-11-29")!
        let ranges: [(Day?, Day?, String?, Int?)] = [
            (nil, nil, nil, nil), (Day(iso: "2026-11-01"), Day(iso: "2026-11-02"), nil, nil), (nil, nil, "#Papers", nil),
            (nil, nil, "ünï", nil),
            (nil, nil, nil, 2), (today, nil, "nothing", nil),
        ]
        for (since, until, tag, limit) in ranges {
            let matching = history.filtered(since: since, until: until, tag: tag)
            let entries = limit.map { Array(matching.prefix($0)) } ?? matching
            for style in [TerminalStyle.plain, TerminalStyle(colour: true)] {
                let text = try bytes {
                    _ = try journal.writeLog(since: since, until: until, tag: tag, limit: limit, json: false, style: style, write: $0)
                }
                XCTAssertEqual(text, EntryListing.text(entries, shortIDs: shortIDs, style: style), "\(String(describing: tag))")
            }
            let json = try bytes {
                _ = try journal.writeLog(since: since, until: until, tag: tag, limit: limit, json: true, style: .plain, write: $0)
            }
            XCTAssertEqual(json, try EntryListing.json(entries, shortIDs: shortIDs))

            for format in ExportFormat.allCases {
                let exported = try bytes { try journal.export(format, since: since, until: until, tag: tag, timeZone: zone, write: $0) }
                let entries = CacheEntries(
                    records: nil, history: { history }, since: since, until: until,
                    wanted: tag.map { $0.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "# ")) })
                let expected = try bytes { write in
                    try withoutActuallyEscaping(write) { write in
                        var writer = ChunkedWriter(ByteOutput(sink: write))
                        switch format {
                        case .json: try JournalExport.write(entries, to: &writer)
                        case .jrnl: try JrnlExportWriter.writeText(entries, timeZone: zone, to: &writer)
                        case .jrnlJSON: try JrnlExportWriter.write(entries, timeZone: zone, to: &writer)
                        case .markdown: try MarkdownExport.write(entries, timeZone: zone, to: &writer)
                        case .csv: try CSVExport.write(entries, to: &writer)
                        }
                        try writer.flush()
                    }
                }
                XCTAssertEqual(exported, expected, "\(format) \(String(describing: tag))")
            }
        }
        for pattern in ["a", "\"", "\\", "ünï", "PLAIN", "zzz"] {
            let search = try EntrySearch(pattern: pattern, ignoreCase: true, regex: false)
            let found = search.entries(in: history, since: nil, until: nil, tag: nil)
            let json = try bytes {
                _ = try journal.writeSearch(search, since: nil, until: nil, tag: nil, json: true, style: .plain, write: $0)
            }
            XCTAssertEqual(json, try EntryListing.json(found, shortIDs: shortIDs), pattern)
            let text = try bytes {
                _ = try journal.writeSearch(search, since: nil, until: nil, tag: nil, json: false, style: .plain, write: $0)
            }
            var expected = ""
            if !found.isEmpty { SearchRendering.text(found, search: search, style: .plain) { expected += $0 } }
            XCTAssertEqual(text, expected, pattern)
        }
    }

    /// A history file that does not read (here: a malformed record under a good checksum) is
    /// not used: the listing comes from `History`, which rebuilds the cache.
    func testAHistoryFileThatDoesNotReadFallsBackToHistory() throws {
        _ = try add("One", hours: "1", tags: ["a"])
        _ = try add("Two", hours: "2", date: "yesterday")
        let expected = try EntryListing.json(try journal.history().entries, shortIDs: ShortIDs(try journal.history()))
        let path = HistoryCache.paths(journal.repository).history
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeLast(2)  // the end line and the empty string after it
        lines[1] = lines[1].replacingOccurrences(of: "\te\t", with: "\te\tnot-a-day-")
        let body = lines.joined(separator: "\n") + "\n"
        let sum = RecordFile.checksum(ArraySlice(Array(body.utf8)))
        try (body + "end \(lines.count - 1) \(String(sum, radix: 16))\n").write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertNil(HistoryRecords(path: path, tip: try XCTUnwrap(try journal.repository.headCommitID())))
        var out: [UInt8] = []
        _ = try journal.writeLog(since: nil, until: nil, tag: nil, limit: nil, json: true, style: .plain) { out += $0 }
        XCTAssertEqual(String(decoding: out, as: UTF8.self), expected)
    }
}
