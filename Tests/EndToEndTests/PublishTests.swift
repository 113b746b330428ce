import Foundation
import XCTest

/// `journal publish`: the pages and files of the site, privacy by default, byte-identical output,
/// relative links that all resolve, and `--branch` as a commit built beside the journal.
final class PublishTests: JournalTestCase {
    /// A journal with a public entry (body shown), a plain one (body hidden), a private one and
    /// one with an excluded tag (never shown), a paper, shipped work and a saved review.
    func makeJournalToPublish() throws -> URL {
        let dir = try makeJournal()
        try journalOK(
            [
                "add", "Read the LoRA paper", "--date", "2025-03-03", "--hours", "1.5", "--tag", "papers,public",
                "--paper", "LoRA <https://arxiv.org/abs/2106.09685>", "--body", "Public notes: **low-rank** updates.",
            ], in: dir)
        try journalOK(
            [
                "add", "Ship the demo", "--date", "2025-03-05", "--hours", "2", "--tag", "llm", "--shipped",
                "RAG demo <https://example.org/rag>",
                "--body", "Hidden body text.",
            ], in: dir)
        try journalOK(["add", "Secret interview prep", "--date", "2025-03-06", "--hours", "3", "--tag", "private"], in: dir)
        try journalOK(["add", "Client work notes", "--date", "2025-03-07", "--hours", "4", "--tag", "work,llm"], in: dir)
        try journalOK(["config", "set", "publish.exclude-tags", "work"], in: dir)
        try journalOK(["review", "--ending", "2025-03-09", "--save"], in: dir)
        return dir
    }

    func testTheSiteHasItsPagesAndShowsOnlyWhatIsPublic() throws {
        let dir = try makeJournalToPublish()
        let site = path("site")
        let output = try journalOK(["publish", site.path], in: dir).stdout
        XCTAssertTrue(output.contains("<picture>") && output.contains("heatmap-dark.svg"), output)
        let files = siteFiles(site)
        for expected in [
            "index.html", "days/2025-03-03.html", "days/2025-03-05.html", "archive/index.html", "archive/2025-03.html", "tags/index.html",
            "tags/llm.html", "tags/papers.html", "papers.html", "shipped.html", "reviews/index.html", "reviews/2025-W10.html", "stats.html",
            "feed.xml", "reviews/feed.xml", "sitemap.xml", "404.html", ".nojekyll", "heatmap.svg", "heatmap-dark.svg", "style.css",
        ] {
            XCTAssertTrue(files.contains(expected), "missing \(expected) in \(files)")
        }
        // Private and excluded entries appear nowhere: no page for their days or tags, no title.
        XCTAssertFalse(files.contains("days/2025-03-06.html"))
        XCTAssertFalse(files.contains("days/2025-03-07.html"))
        XCTAssertFalse(files.contains("tags/private.html"))
        XCTAssertFalse(files.contains("tags/work.html"))
        for file in files {
            let text = read(site.appendingPathComponent(file)) ?? ""
            XCTAssertFalse(text.contains("Secret interview"), file)
            XCTAssertFalse(text.contains("Client work"), file)
            // A saved review is shown as the repository holds it (its highlights are the user's to edit).
            if !file.hasPrefix("reviews/") && file != "feed.xml" { XCTAssertFalse(text.contains("Hidden body text"), file) }
        }
        XCTAssertTrue(read(site.appendingPathComponent("days/2025-03-03.html"))!.contains("<strong>low-rank</strong>"))
        // The saved review, rendered: its shipped link is a link.
        let review = read(site.appendingPathComponent("reviews/2025-W10.html"))!
        XCTAssertTrue(review.contains("<a href=\"https://example.org/rag\" rel=\"nofollow noopener\">RAG demo</a>"), review)
        // The feed, which also carries the reviews, has no body for the entry not tagged public.
        let feed = read(site.appendingPathComponent("feed.xml"))!
        let shipEntry = feed.components(separatedBy: "<title>Ship the demo</title>").last?.components(separatedBy: "</entry>").first ?? ""
        XCTAssertFalse(shipEntry.isEmpty || shipEntry.contains("<content"), feed)
        XCTAssertTrue(feed.contains("&lt;strong&gt;low-rank&lt;/strong&gt;"), feed)
        let day = read(site.appendingPathComponent("days/2025-03-05.html"))!
        XCTAssertTrue(day.contains("Ship the demo") && day.contains("2 h") && day.contains("https://example.org/rag"), day)
        // Totals leave hidden hours out (3.5 h public of 10.5 h), unless publish.count-private.
        let stats = read(site.appendingPathComponent("stats.html"))!
        XCTAssertTrue(stats.contains("<strong>3.5 h</strong>in total"), stats)
        let heatmap = read(site.appendingPathComponent("heatmap.svg"))!
        XCTAssertTrue(heatmap.contains("role=\"img\"") && heatmap.contains("<desc"), heatmap)
        XCTAssertTrue(heatmap.contains("<title>2025-03-05: 1 entry, 2 h</title>"), heatmap)
        XCTAssertFalse(heatmap.contains("2025-03-06: 1 entry"), "a private day must not show")
        XCTAssertTrue(read(site.appendingPathComponent("style.css"))!.contains("prefers-color-scheme: dark"))
        for xml in ["feed.xml", "reviews/feed.xml", "sitemap.xml", "heatmap.svg", "heatmap-dark.svg"] {
            try assertWellFormedXML(site.appendingPathComponent(xml))
        }
        XCTAssertGreaterThan(assertInternalLinksResolve(site), 50)

        try journalOK(["config", "set", "publish.count-private", "true"], in: dir)
        try journalOK(["publish", site.path], in: dir)
        XCTAssertTrue(read(site.appendingPathComponent("stats.html"))!.contains("<strong>10.5 h</strong>in total"))
        XCTAssertFalse(read(site.appendingPathComponent("index.html"))!.contains("Secret interview"))
    }

    func testTheSameHistoryGivesTheSameBytes() throws {
        let dir = try makeJournalToPublish()
        let first = path("first")
        let second = path("second")
        try journalOK(["publish", first.path, "--base-url", "https://me.example.org/journal/"], in: dir)
        // Another day and time: nothing in the site may depend on them.
        try journalOK(
            ["publish", second.path, "--base-url", "https://me.example.org/journal/"], in: dir,
            env: ["GIT_AUTHOR_DATE": "@1900000000 +0200", "GIT_COMMITTER_DATE": "@1900000000 +0200"])
        XCTAssertEqual(siteFiles(first), siteFiles(second))
        for file in siteFiles(first) {
            XCTAssertEqual(
                try Data(contentsOf: first.appendingPathComponent(file)), try Data(contentsOf: second.appendingPathComponent(file)), file)
        }
        let feed = read(first.appendingPathComponent("feed.xml"))!
        XCTAssertTrue(feed.contains("<link rel=\"self\" href=\"https://me.example.org/journal/feed.xml\"/>"), feed)
        XCTAssertTrue(read(first.appendingPathComponent("sitemap.xml"))!.contains("<loc>https://me.example.org/journal/index.html</loc>"))
        XCTAssertTrue(
            read(first.appendingPathComponent("days/2025-03-03.html"))!.contains(
                "<link rel=\"canonical\" href=\"https://me.example.org/journal/days/2025-03-03.html\">"))
        // Pages link relatively even with a base URL.
        XCTAssertFalse(read(first.appendingPathComponent("index.html"))!.contains("href=\"https://me.example.org/journal/days"))
    }

    func testAnEntryMadePrivateLeavesAFolderPublishedBefore() throws {
        let dir = try makeJournalToPublish()
        let site = path("site")
        try journalOK(["publish", site.path], in: dir)
        XCTAssertTrue(siteFiles(site).contains("days/2025-03-05.html"))
        try journalOK(["config", "set", "publish.exclude-tags", "work,llm"], in: dir)
        try journalOK(["publish", site.path], in: dir)
        XCTAssertFalse(siteFiles(site).contains("days/2025-03-05.html"))
        XCTAssertFalse(siteFiles(site).contains("tags/llm.html"))
        // A folder that holds something else is refused, and left as it was.
        let other = path("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: other.appendingPathComponent("notes.txt"))
        _ = try assertRefused(["publish", other.path, "--journal", dir.path], in: dir)
        XCTAssertEqual(siteFiles(other), ["notes.txt"])
    }

    func testBranchHoldsExactlyTheSiteAndLeavesTheJournalAlone() throws {
        let dir = try makeJournalToPublish()
        let site = path("site")
        try journalOK(["publish", site.path, "--cname", "journal.example.org"], in: dir)
        let headBefore = try head(dir)
        let index = try Data(contentsOf: dir.appendingPathComponent(".git/index"))
        try Data("staged\n".utf8).write(to: dir.appendingPathComponent("notes.txt"))
        try gitOK(["add", "notes.txt"], in: dir)
        let status = try gitOK(["status", "--porcelain"], in: dir)
        let indexStaged = try Data(contentsOf: dir.appendingPathComponent(".git/index"))
        XCTAssertNotEqual(index, indexStaged)

        let printed = try journalOK(["publish", "--branch", "gh-pages", "--cname", "journal.example.org"], in: dir).stdout
        XCTAssertTrue(printed.contains("Committed the site on gh-pages"), printed)
        let listed = try gitOK(["ls-tree", "-r", "--name-only", "gh-pages"], in: dir).split(separator: "\n").map(String.init).sorted()
        XCTAssertEqual(listed, siteFiles(site))
        for file in ["index.html", "days/2025-03-03.html", "CNAME", "heatmap.svg"] {
            XCTAssertEqual(try gitOK(["show", "gh-pages:\(file)"], in: dir), read(site.appendingPathComponent(file)), file)
        }
        XCTAssertEqual(try head(dir), headBefore)
        XCTAssertEqual(try gitOK(["symbolic-ref", "HEAD"], in: dir), "refs/heads/main\n")
        XCTAssertEqual(try gitOK(["status", "--porcelain"], in: dir), status)
        XCTAssertEqual(try Data(contentsOf: dir.appendingPathComponent(".git/index")), indexStaged)

        // Publishing the same history again makes no commit; a new entry makes one on top.
        XCTAssertTrue(
            try journalOK(["publish", "--branch", "gh-pages", "--cname", "journal.example.org"], in: dir).stdout.contains("already holds"))
        XCTAssertEqual(try gitOK(["rev-list", "--count", "gh-pages"], in: dir), "1\n")
        try journalOK(["add", "One more", "--date", "2025-03-08", "--hours", "1"], in: dir)
        try journalOK(["publish", "--branch", "gh-pages"], in: dir)
        XCTAssertEqual(try gitOK(["rev-list", "--count", "gh-pages"], in: dir), "2\n")
        XCTAssertTrue(try gitOK(["ls-tree", "-r", "--name-only", "gh-pages"], in: dir).contains("days/2025-03-08.html"))
        try assertFsckClean(dir)

        _ = try assertRefused(["publish", "--branch", "main", "--journal", dir.path], in: dir)
        _ = try assertRefused(["publish", "--branch", "bad..name", "--journal", dir.path], in: dir)
        // Refused before anything is written, the folder included.
        _ = try assertRefused(["publish", path("new-site").path, "--branch", "main", "--journal", dir.path], in: dir)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("new-site").path))
        _ = try assertRefused(["publish", "--journal", dir.path], in: dir)
        _ = try assertRefused(["publish", site.path, "--push", "--journal", dir.path], in: dir)
        _ = try assertRefused(["publish", site.path, "--base-url", "javascript:alert(1)", "--journal", dir.path], in: dir)
    }

    func testPushSendsTheBranchAndChecksTheAnswer() throws {
        let dir = try makeJournalToPublish()
        let remote = path("remote.git")
        try gitOK(["init", "--bare", "-q", remote.path])
        try journalOK(["remote", "add", remote.path], in: dir)
        let printed = try journalOK(["publish", "--branch", "gh-pages", "--push"], in: dir).stdout
        XCTAssertTrue(printed.contains("Pushed gh-pages to origin"), printed)
        XCTAssertEqual(try gitOK(["rev-parse", "gh-pages"], in: remote), try gitOK(["rev-parse", "gh-pages"], in: dir))
        XCTAssertEqual(try git(["rev-parse", "--verify", "-q", "main"], in: remote).status, 1, "only the site's branch is pushed")
        // --push REMOTE names the remote; a folder may come before it.
        let second = path("second.git")
        try gitOK(["init", "--bare", "-q", second.path])
        try journalOK(["remote", "add", second.path, "--name", "mirror"], in: dir)
        let site = path("site")
        try journalOK(["publish", site.path, "--branch", "gh-pages", "--push", "mirror"], in: dir)
        XCTAssertEqual(try gitOK(["rev-parse", "gh-pages"], in: second), try gitOK(["rev-parse", "gh-pages"], in: dir))
        XCTAssertTrue(siteFiles(site).contains("index.html"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("mirror").path))
        _ = try assertRefused(["publish", "--branch", "gh-pages", "--push", "nowhere", "--journal", dir.path], in: dir)
        // Someone else's commit on the remote's gh-pages: the push is refused, never forced; exit 69.
        let other = path("other-clone")
        try gitOK(["clone", "-q", "--branch", "gh-pages", remote.path, other.path])
        try gitOK(["-c", "user.name=O", "-c", "user.email=o@example.test", "commit", "-q", "--allow-empty", "-m", "theirs"], in: other)
        try gitOK(["push", "-q", "origin", "gh-pages"], in: other)
        let theirs = try gitOK(["rev-parse", "gh-pages"], in: remote)
        try journalOK(["add", "One more", "--date", "2025-03-08", "--hours", "1"], in: dir)
        let refused = try run(["publish", "--branch", "gh-pages", "--push", "--journal", dir.path])
        XCTAssertEqual(refused.status, 69, refused.stderr)
        XCTAssertEqual(try gitOK(["rev-parse", "gh-pages"], in: remote), theirs)
        XCTAssertTrue(refused.stderr.contains("gh-pages"), refused.stderr)
        XCTAssertEqual(refused.stderr.split(separator: "\n").count, 1, refused.stderr)
    }
}
