import Foundation
import GitKit
import JournalKit

/// Feeds untrusted bytes to every parser that reads text from outside: commit messages and
/// their trailers, durations, dates, links, the editor's front matter, seed files, the config
/// reader, the cache's record files and raw commit headers. The first byte picks the parser.
/// Used by the libFuzzer target (`scripts/fuzz`) and by the unit tests, which replay Fuzz/corpus
/// on every run.
public enum ParserFuzzing {
    public static let parsers = ["message", "hours", "date", "link", "editor", "seed", "config", "cache", "tags", "commit"]

    /// Runs one input. Throwing is fine (bad input is refused); crashing, hanging or writing
    /// outside a scratch folder is not.
    public static func run(_ bytes: [UInt8]) {
        guard let selector = bytes.first else { return }
        let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
        let today = Day(iso: "2026-11-29")!
        switch Int(selector) % parsers.count {
        case 0:
            _ = try? CommitProtocol.read(message: text)
        case 1:
            _ = try? Hours(parsing: text)
        case 2:
            _ = try? DateInput.parse(text, today: today)
            _ = try? DateInput.parse(text, today: today, allowFuture: true)
            _ = try? DateInput.range(text, today: today, option: "--since")
            _ = Day(iso: text)
        case 3:
            _ = try? Link(parsing: text, option: "--paper")
        case 4:
            if let input = try? EditorBuffer.parse(text) {
                _ = try? input.entry(today: today, writtenAt: Date(timeIntervalSince1970: 1_796_000_000), id: "FUZZ")
            }
        case 5:
            _ = try? SeedPlan(parsing: text)
        case 6:
            let path = NSTemporaryDirectory() + "journal-fuzz-config-\(getpid())"
            defer { try? FileManager.default.removeItem(atPath: path) }
            if FileManager.default.createFile(atPath: path, contents: Data(bytes.dropFirst())) {
                _ = try? Settings.load(path: path)
            }
        case 7:
            _ = HistoryCacheFuzzing.read(Data(bytes.dropFirst()))
        case 8:
            _ = try? Entry.normaliseTags([text])
        default:
            _ = CommitHeaderFuzzing.read(Array(bytes.dropFirst()))
        }
    }
}
