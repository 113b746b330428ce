import Foundation
import XCTest

/// `journal search`: every field searched, newest first, the filters, -i and -E, and highlighting.
final class SearchTests: JournalTestCase {
    func testSearchFindsEveryFieldNewestFirst() throws {
        let dir = try makeJournal()
        try journalOK(["add", "Read the LoRA paper", "--hours", "1", "--date", "yesterday"], in: dir)
        try journalOK(["add", "Body match", "--hours", "1", "--body", "notes on lora ranks"], in: dir)
        try journalOK(["add", "Tag match", "--hours", "1", "-t", "lora"], in: dir)
        try journalOK(["add", "Paper match", "--hours", "1", "--paper", "Low-Rank Adaptation <https://example.org/lora>"], in: dir)
        try journalOK(["add", "Shipped match", "--hours", "1", "--shipped", "My LoRA demo"], in: dir)
        try journalOK(["add", "Nothing here", "--hours", "1"], in: dir)
        func titles(_ args: [String]) throws -> [String] {
            let result = try journalOK(["search"] + args + ["--json"], in: dir)
            let entries = (try json(result.stdout) as? [String: Any])?["entries"] as? [[String: Any]] ?? []
            return entries.compactMap { $0["title"] as? String }
        }
        XCTAssertEqual(try titles(["lora", "-i"]), ["Shipped match", "Paper match", "Tag match", "Body match", "Read the LoRA paper"])
        // Case matters without -i (tags are lower-cased when written, so "lora" is in the tag).
        XCTAssertEqual(try titles(["LoRA"]), ["Shipped match", "Read the LoRA paper"])
        XCTAssertEqual(try titles(["lo.a", "-E", "-i", "--since", "today"]), ["Shipped match", "Paper match", "Tag match", "Body match"])
        XCTAssertEqual(try titles(["lo.a"]), [])
        XCTAssertEqual(try titles(["lora", "-t", "lora"]), ["Tag match"])
        XCTAssertEqual(try titles(["lora", "-i", "-u", "yesterday"]), ["Read the LoRA paper"])
        // Text: the matching body line beneath its entry; highlighted only on a terminal (here none).
        let text = try journalOK(["search", "ranks"], in: dir).stdout
        XCTAssertTrue(text.contains("Body match"), text)
        XCTAssertTrue(text.contains("notes on lora ranks"), text)
        XCTAssertFalse(text.contains("\u{1B}["), text)
        let bad = try assertRefused(["search", "(", "-E", "--journal", dir.path], in: dir)
        XCTAssertTrue(bad.contains("not a regular expression"), bad)
    }

    /// The same answer as git's own message search, on the same repository.
    func testSearchAgreesWithGitLogGrep() throws {
        let dir = try makeJournal()
        for index in 0..<12 {
            try journalOK(["add", "Entry \(index) about \(index % 3 == 0 ? "pytorch" : "jax")", "--hours", "1"], in: dir)
        }
        let ids = try gitOK(["log", "--all-match", "--grep", "pytorch", "--format=%H"], in: dir).split(separator: "\n").map(String.init)
        let result = try journalOK(["search", "pytorch", "--json"], in: dir)
        let entries = (try json(result.stdout) as? [String: Any])?["entries"] as? [[String: Any]] ?? []
        XCTAssertEqual(entries.compactMap { $0["commit"] as? String }, ids)
        XCTAssertEqual(ids.count, 4)
    }
}
