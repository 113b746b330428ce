import Foundation
import XCTest

/// `journal review`: the numbers, sections and privacy of a week's review, the short post's
/// limits, and `--save` as a commit that counts for nothing.
final class ReviewTests: JournalTestCase {
    /// Week 2025-W10 (3 to 9 March 2025) and the week before, with a private and an excluded entry.
    func makeWeek() throws -> URL {
        let dir = try makeJournal()
        try journalOK(["add", "Warm-up week", "--date", "2025-02-26", "--hours", "2"], in: dir)
        try journalOK(
            [
                "add", "Read the LoRA paper", "--date", "2025-03-03", "--hours", "1.5", "--tag", "papers,llm",
                "--paper", "LoRA <https://arxiv.org/abs/2106.09685>", "--body",
                "Low-rank updates\nare enough.\n\nSecond paragraph stays out.",
            ], in: dir)
        try journalOK(
            [
                "add", "Ship the demo", "--date", "2025-03-05", "--hours", "2", "--tag", "llm", "--shipped",
                "RAG demo <https://example.org/rag>",
            ],
            in: dir)
        try journalOK(["add", "Secret interview prep", "--date", "2025-03-06", "--hours", "3", "--tag", "private"], in: dir)
        try journalOK(["add", "Client work notes", "--date", "2025-03-07", "--hours", "4", "--tag", "work"], in: dir)
        try journalOK(["config", "set", "publish.exclude-tags", "work"], in: dir)
        return dir
    }

    func testAWeekHasItsNumbersAndSectionsAndLeavesPrivateEntriesOut() throws {
        let dir = try makeWeek()
        let review = try reportJSON(["review", "--ending", "2025-03-09"], in: dir)
        XCTAssertEqual(review["period"] as? String, "2025-W10")
        XCTAssertEqual(review["start"] as? String, "2025-03-03")
        XCTAssertEqual(review["end"] as? String, "2025-03-09")
        XCTAssertEqual(review["entries"] as? Int, 2)
        XCTAssertEqual(review["active_days"] as? Int, 2)
        XCTAssertEqual(review["hours"] as? Double, 3.5)
        XCTAssertEqual(review["previous_hours"] as? Double, 2)
        let highlights = review["highlights"] as? [[String: Any]] ?? []
        XCTAssertEqual(highlights.map { $0["text"] as? String }, ["Low-rank updates are enough."])
        XCTAssertEqual((review["shipped"] as? [[String: Any]])?.first?["url"] as? String, "https://example.org/rag")
        XCTAssertEqual((review["papers"] as? [[String: Any]])?.first?["title"] as? String, "LoRA")
        XCTAssertEqual((review["top_tags"] as? [[String: Any]])?.first?["tag"] as? String, "llm")
        let markdown = review["markdown"] as? String ?? ""
        XCTAssertTrue(markdown.contains("2 entries on 2 days · 3.5 h (+1.5 h against the week before) · weekly streak: 0 weeks"), markdown)
        for heading in ["## Shipped", "## Papers", "## Highlights", "## Top tags"] { XCTAssertTrue(markdown.contains(heading), heading) }
        XCTAssertTrue(markdown.hasSuffix("## Next\n\n"), markdown)
        XCTAssertFalse(markdown.contains("Secret"), markdown)
        XCTAssertFalse(markdown.contains("Client work"), markdown)
        XCTAssertFalse(markdown.contains("Second paragraph"), markdown)
        // Deterministic: the same history and --ending, the same text.
        let text = try journalOK(["review", "--ending", "2025-03-09"], in: dir).stdout
        XCTAssertEqual(text, try journalOK(["review", "--ending", "2025-03-05", "--week"], in: dir).stdout)
        XCTAssertEqual(text, markdown)
    }

    func testShortPostsFitTheirNetworkAndNeverCutAURL() throws {
        let dir = try makeJournal()
        let url = "https://example.org/" + String(repeating: "very-long-path/", count: 8) + "end"
        let title = "A shipped thing with a very long title 👩‍💻 " + String(repeating: "words ", count: 40)
        try journalOK(
            [
                "add", "Ship it", "--date", "2025-03-04", "--hours", "2", "--tag", "shipping", "--shipped",
                "\(title.trimmingCharacters(in: .whitespaces)) <\(url)>",
            ],
            in: dir)
        for (network, limit) in [("x", 280), ("bluesky", 300), ("mastodon", 500)] {
            let post = try reportJSON(["review", "--ending", "2025-03-04", "--short", network], in: dir)["short"] as? String ?? ""
            XCTAssertLessThanOrEqual(post.count, limit, "\(network): \(post)")
            XCTAssertTrue(post.contains(url), "\(network) cut the URL: \(post)")
            XCTAssertTrue(post.hasPrefix("My week of learning (2025-W10): 1 entry, 2 h"), post)
        }
        let printed = try journalOK(["review", "--ending", "2025-03-04", "--short", "x"], in: dir).stdout
        XCTAssertLessThanOrEqual(printed.dropLast().count, 280)
        // A URL too long for the post is left out whole, never cut.
        let longURL = "https://example.org/" + String(repeating: "very-long-path/", count: 20) + "end"
        try journalOK(["add", "Ship more", "--date", "2025-03-05", "--shipped", "Long one <\(longURL)>"], in: dir)
        let post = try reportJSON(["review", "--ending", "2025-03-04", "--short", "x"], in: dir)["short"] as? String ?? ""
        XCTAssertLessThanOrEqual(post.count, 280)
        XCTAssertFalse(post.contains("very-long-path/very-long-path/very-long-path/very-long-path/very-long-path/very"), post)
    }

    func testSavedReviewIsACommitThatCountsForNothing() throws {
        let dir = try makeWeek()
        let hoursBefore = try journalOK(["hours", "--by", "day", "--since", "2025-02-20", "--json"], in: dir).stdout
        let logBefore = try journalOK(["log", "--json"], in: dir).stdout
        let streakBefore = try journalOK(["streak", "--json"], in: dir).stdout
        let commits = try commitCount(dir)
        let saved = try reportJSON(["review", "--ending", "2025-03-09", "--save"], in: dir)
        XCTAssertEqual(saved["saved"] as? String, "reviews/2025-W10.md")
        XCTAssertEqual(try commitCount(dir), commits + 1)
        XCTAssertEqual(read(dir.appendingPathComponent("reviews/2025-W10.md")), saved["markdown"] as? String)
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Review"), ["2025-W10"])
        XCTAssertEqual(try gitOK(["status", "--porcelain"], in: dir), "")
        XCTAssertEqual(try journalOK(["hours", "--by", "day", "--since", "2025-02-20", "--json"], in: dir).stdout, hoursBefore)
        XCTAssertEqual(try journalOK(["log", "--json"], in: dir).stdout, logBefore)
        XCTAssertEqual(try journalOK(["streak", "--json"], in: dir).stdout, streakBefore)
        // The same review again: nothing new to commit.
        let again = try reportJSON(["review", "--ending", "2025-03-09", "--save"], in: dir)
        XCTAssertTrue(again["commit"] is NSNull, "\(again)")
        XCTAssertEqual(try commitCount(dir), commits + 1)
        // A month goes to reviews/2025-03.md.
        try journalOK(["review", "--month", "--ending", "2025-03-31", "--save"], in: dir)
        XCTAssertNotNil(read(dir.appendingPathComponent("reviews/2025-03.md")))
        try assertFsckClean(dir)
    }

    func testAReviewEditedByHandIsNeverWrittenOver() throws {
        let dir = try makeWeek()
        try journalOK(["review", "--ending", "2025-03-09", "--save"], in: dir)
        let file = dir.appendingPathComponent("reviews/2025-W10.md")
        try Data("# My own words\n".utf8).write(to: file)
        try journalOK(["add", "One more", "--date", "2025-03-08", "--hours", "1"], in: dir)
        _ = try assertRefused(["review", "--ending", "2025-03-09", "--save", "--journal", dir.path], in: dir)
        XCTAssertEqual(read(file), "# My own words\n")
    }

    func testBadOptionsAreRefusedInOneLine() throws {
        let dir = try makeWeek()
        for args in [
            ["review", "--short", "myspace"], ["review", "--week", "--month"], ["review", "--weeks", "0"],
            ["review", "--ending", "not-a-day"], ["review", "--ending", "2999-01-01"],
        ] {
            _ = try assertRefused(args + ["--journal", dir.path], in: dir)
        }
    }
}
