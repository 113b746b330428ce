import Foundation
import XCTest

@testable import JournalKit

/// The rules of `journal review` and `journal publish` that need no binary: the `Review` trailer
/// as history reads it, review periods, the Markdown-to-HTML escaping and tag page names.
final class ReviewAndSiteTests: JournalTestCase {
    /// A commit with a `Review` trailer is no event, for the whole read and the cache alike, even
    /// when it also changed a day file (which would make a plain commit an entry).
    func testReviewCommitIsNoEventEvenWhenItTouchesEntries() throws {
        _ = try add("Entry", hours: "1")
        _ = try HistoryCache.loadSummary(journal.repository)
        try writer.commit(
            [
                FileUpdate(path: "reviews/2026-W48.md") { _ in Data("# Review\n".utf8) },
                FileUpdate(path: Journal.dayFile(Day(iso: "2026-11-29")!)) { old in (old ?? Data()) + Data("note\n".utf8) },
            ],
            message: CommitProtocol.message(title: "Review of 2026-W48", trailers: [(CommitProtocol.Key.review, "2026-W48")]),
            authorDate: now, authorZone: zone)
        XCTAssertEqual(try HistoryCache.load(journal.repository).entries.map(\.title), ["Entry"])
        XCTAssertEqual(try History.read(journal.repository).entries.map(\.title), ["Entry"])
        let facts = try CommitProtocol.read(message: "Review of 2026-W48\n\nreview: 2026-W48\n")
        XCTAssertTrue(facts.review, "keys match case-insensitively")
        XCTAssertFalse(try CommitProtocol.read(message: "Reviewed\n\nReviewed-by: someone\n").review, "whole key only")
    }

    func testReviewPeriods() {
        let monday = Day(iso: "2026-11-30")!
        let week = ReviewPeriod(kind: .week, ending: nil, today: monday)
        XCTAssertEqual(
            [week.start.iso, week.end.iso, week.name, week.savePath], ["2026-11-23", "2026-11-29", "2026-W48", "reviews/2026-W48.md"])
        XCTAssertEqual(week.previous.name, "2026-W47")
        // A Sunday is still inside its week: the last complete week is the one before.
        XCTAssertEqual(ReviewPeriod(kind: .week, ending: nil, today: Day(iso: "2026-11-29")!).name, "2026-W47")
        let month = ReviewPeriod(kind: .month, ending: nil, today: monday)
        XCTAssertEqual(
            [month.start.iso, month.end.iso, month.name, month.previous.name], ["2026-10-01", "2026-10-31", "2026-10", "2026-09"])
        let sprint = ReviewPeriod(kind: .weeks(2), ending: Day(iso: "2026-11-25")!, today: monday)
        XCTAssertEqual([sprint.start.iso, sprint.end.iso, sprint.savePath], ["2026-11-16", "2026-11-29", "reviews/2026-W47-W48.md"])
        XCTAssertEqual(sprint.previous.start.iso, "2026-11-02")
        XCTAssertEqual(ReviewFileName.lastDay("2026-W48")?.iso, "2026-11-29")
        XCTAssertEqual(ReviewFileName.lastDay("2026-W47-W48")?.iso, "2026-11-29")
        XCTAssertEqual(ReviewFileName.lastDay("2026-02")?.iso, "2026-02-28")
        XCTAssertEqual(ReviewFileName.lastDay("2027-W01")?.iso, "2027-01-10")
    }

    func testBodiesRunNothingAndKeepTheirMarkdown() {
        let cases: [(String, String)] = [
            ("**bold** and `<i>`", "<p><strong>bold</strong> and <code>&lt;i&gt;</code></p>"),
            ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
            ("a <img src=x onerror=alert(1)> b", "a &lt;img src=x onerror=alert(1)&gt; b"),
            ("[site](https://example.org/a?b=1&c=2)", "<a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow noopener\">site</a>"),
            ("[x](javascript:alert(1))", "<p>x</p>"),
            ("[paper](<https://e.org/a>)", "<a href=\"https://e.org/a\" rel=\"nofollow noopener\">paper</a>"),
            ("[y](https://e.org/\"onmouseover=\"x)", "<p>y</p>"),
            ("![i](https://e.org/a.png)", "![i](https://e.org/a.png)"),
            ("```\"><script>x</script>\ncode\n```", "<pre><code>code\n</code></pre>"),
        ]
        for (markdown, expected) in cases {
            let html = MarkdownHTML.render(markdown)
            XCTAssertTrue(html.contains(expected), "\(markdown) gave \(html)")
            XCTAssertFalse(html.contains("<script"), html)
            XCTAssertFalse(html.contains("<img"), html)
            XCTAssertFalse(html.contains("javascript:"), html)
        }
        XCTAssertEqual(HTML.escape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        XCTAssertEqual(HTML.link(title: "t", url: "javascript:alert(1)"), "t")
    }

    func testTagPagesHaveSafeNames() {
        XCTAssertEqual(Site.tagSlug("llm"), "llm")
        XCTAssertEqual(Site.tagSlug("c++"), Site.tagSlug("c++"))
        for tag in ["c++", "../../etc", "a b", "日本語", ".hidden", "x\"y"] {
            let slug = Site.tagSlug(tag)
            XCTAssertTrue(slug.hasPrefix("tag-"), slug)
            XCTAssertTrue(slug.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }, slug)
        }
        XCTAssertNotEqual(Site.tagSlug("c++"), Site.tagSlug("c#"))
    }
}
