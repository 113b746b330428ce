import Foundation
import XCTest

/// The published site in a real browser (headless Chromium): pages load without console
/// messages, the heatmap renders, and an entry's hostile title shows as text and runs nothing.
final class BrowserTests: JournalTestCase {
    func publishedSite() throws -> URL {
        let dir = try makeJournal()
        for (offset, hours) in [(-20, "1"), (-12, "2.5"), (-5, "0.5"), (-1, "3")] {
            try journalOK(
                [
                    "add", "Study session \(offset)", "--date", isoDay(offset), "--hours", hours, "--tag", "ml,public", "--body",
                    "Notes *here*.",
                ], in: dir)
        }
        let site = path("site")
        try journalOK(["publish", site.path], in: dir)
        return site
    }

    func testTheConsoleCheckSeesErrors() throws {
        // The check below must be able to fail: a page with a script error is caught.
        let page = tempDir.appendingPathComponent("broken.html", isDirectory: false)
        try Data("<!DOCTYPE html><title>x</title><p>x</p><script>missingFunction()</script>".utf8).write(to: page)
        let load = try load(page)
        XCTAssertTrue(load.console.contains { $0.contains("missingFunction") }, "console: \(load.console)")
    }

    func testIndexAndADayPageLoadWithoutConsoleMessages() throws {
        let site = try publishedSite()
        for page in ["index.html", "days/\(isoDay(-1)).html", "stats.html", "tags/ml.html"] {
            let load = try load(site.appendingPathComponent(page))
            XCTAssertEqual(load.console, [], page)
            XCTAssertTrue(load.dom.contains("<main>"), "\(page): \(load.dom.prefix(300))")
        }
        XCTAssertTrue(try load(site.appendingPathComponent("days/\(isoDay(-1)).html")).dom.contains("<em>here</em>"))
        assertInternalLinksResolve(site)
    }

    func testTheHeatmapRenders() throws {
        let site = try publishedSite()
        let shot = try screenshot(site.appendingPathComponent("heatmap.svg"), width: 900, height: 200)
        let colours = try pngColours(shot)
        XCTAssertGreaterThan(colours.distinct, 4, "the heatmap screenshot looks blank")
        XCTAssertGreaterThan(colours.green, 100, "no green cells in the heatmap screenshot")
        // The inline heatmap on the index, styled by the page's CSS.
        let index = try pngColours(try screenshot(site.appendingPathComponent("index.html"), width: 1000, height: 500))
        XCTAssertGreaterThan(index.green, 100, "no green cells on the index")
        // Dark mode from prefers-color-scheme: the same page on a dark background, cells still green.
        XCTAssertGreaterThan(index.corner, 200, "the light index should be light")
        let dark = try pngColours(try screenshot(site.appendingPathComponent("index.html"), width: 1000, height: 500, dark: true))
        XCTAssertLessThan(dark.corner, 60, "the index in dark mode should be dark")
        XCTAssertGreaterThan(dark.green, 100, "no green cells on the dark index")
        // A blank page has one colour: the measure can tell.
        let blank = tempDir.appendingPathComponent("blank.html", isDirectory: false)
        try Data("<!DOCTYPE html><title>b</title>".utf8).write(to: blank)
        XCTAssertEqual(try pngColours(try screenshot(blank, width: 300, height: 100)).distinct, 1)
    }

    func testAHostileTitleShowsAsTextAndRunsNothing() throws {
        let dir = try makeJournal()
        let title =
            "<script>document.documentElement.setAttribute('data-pwned','1')</script> \"quoted\" 'single' <img src=x onerror=\"document.title='pwned'\">"
        let body = """
            <script>document.documentElement.setAttribute('data-pwned','2')</script>
            <img src=x onerror="document.title='pwned'">
            [click](javascript:document.title='pwned') [ok](https://example.org/"onmouseover="x)
            ```"><script>document.title='pwned'</script>
            code
            ```
            """
        try journalOK(
            [
                "add", title, "--date", isoDay(-1), "--hours", "1", "--tag", "public", "--body", body,
                "--shipped", "Evil \"link\" <https://example.org/a\"b>",
            ], in: dir)
        let site = path("site")
        try journalOK(["publish", site.path, "--title", "My <b>journal</b> \"site\""], in: dir)
        for page in ["days/\(isoDay(-1)).html", "index.html"] {
            let load = try load(site.appendingPathComponent(page))
            XCTAssertFalse(load.dom.contains("data-pwned=\""), "\(page) ran a script: \(load.dom)")
            XCTAssertFalse(load.dom.contains("<title>pwned"), page)
            XCTAssertFalse(load.dom.contains("<script"), page)
            XCTAssertFalse(load.dom.contains("<img"), page)
            XCTAssertFalse(load.dom.contains("href=\"javascript"), page)
            XCTAssertTrue(
                load.dom.contains(
                    "&lt;script&gt;document.documentElement.setAttribute('data-pwned','1')&lt;/script&gt; \"quoted\" 'single'"),
                "\(page): \(load.dom)")
            XCTAssertTrue(load.dom.contains("My &lt;b&gt;journal&lt;/b&gt; \"site\""), page)
            XCTAssertEqual(load.console, [], page)
        }
        for xml in ["feed.xml", "sitemap.xml"] { try assertWellFormedXML(site.appendingPathComponent(xml)) }
    }
}
