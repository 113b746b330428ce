import Foundation
import XCTest

final class AddTests: JournalTestCase {
    /// The four examples of the issue, in one journal, checked with the real git.
    func testIssueExamplesAreCommitsThatRealGitReads() throws {
        let dir = try makeJournal()
        let today = isoDay(0)
        let yesterday = isoDay(-1)

        try journalOK(
            [
                "add", "Read the LoRA paper", "--hours", "1.5", "--tag", "papers",
                "--paper", "LoRA <https://arxiv.org/abs/2106.09685>",
            ], in: dir)
        try journalOK(["add", "Paper club: RLHF", "--hours", "90m", "--date", "yesterday"], in: dir)
        try journalOK(["add", "Fine-tuning experiments", "--body-file", "-", "--hours", "2", "--tag", "llm"], in: dir, stdin: "notes...\n")
        try journalOK(["add", "Shipped my RAG demo", "--shipped", "RAG demo <https://example.org/rag>", "--hours", "1"], in: dir)

        XCTAssertEqual(try commitCount(dir), 5)

        // Hours, as git's own trailer reader sees them, newest first.
        let hoursLog = try gitOK(["log", "--format=%s%x1f%(trailers:key=Hours,valueonly,separator=%x2C)"], in: dir)
        let rows = hoursLog.split(separator: "\n").map { $0.components(separatedBy: "\u{1f}") }
        XCTAssertEqual(
            rows.map { $0[0] },
            [
                "Shipped my RAG demo", "Fine-tuning experiments", "Paper club: RLHF",
                "Read the LoRA paper", "Start a learning journal",
            ])
        XCTAssertEqual(rows.map { $0.count > 1 ? $0[1] : "?" }, ["1", "2", "1.5", "1.5", ""])
        // The plain multi-line form the issue names.
        XCTAssertEqual(
            try gitOK(["log", "--format=%(trailers:key=Hours,valueonly)", "-4"], in: dir)
                .split(separator: "\n").map(String.init), ["1", "2", "1.5", "1.5"])

        // Every entry's trailer block, read by git interpret-trailers --parse.
        var ids = Set<String>()
        let expected: [(rev: String, date: String, hours: String, extra: [(String, String)])] = [
            ("HEAD", today, "1", [("Shipped", "RAG demo <https://example.org/rag>")]),
            ("HEAD~1", today, "2", [("Tags", "llm")]),
            ("HEAD~2", yesterday, "1.5", []),
            ("HEAD~3", today, "1.5", [("Tags", "papers"), ("Paper", "LoRA <https://arxiv.org/abs/2106.09685>")]),
        ]
        for item in expected {
            let trailers = try parsedTrailers(dir, item.rev)
            let keys = trailers.map(\.key)
            XCTAssertEqual(Array(keys.prefix(3)), ["Entry-Id", "Entry-Date", "Hours"], "\(item.rev): \(trailers)")
            let id = trailers.first { $0.key == "Entry-Id" }?.value ?? ""
            XCTAssertFalse(id.isEmpty, item.rev)
            ids.insert(id)
            XCTAssertEqual(trailers.first { $0.key == "Entry-Date" }?.value, item.date, item.rev)
            XCTAssertEqual(trailers.first { $0.key == "Hours" }?.value, item.hours, item.rev)
            for (key, value) in item.extra {
                XCTAssertEqual(trailers.first { $0.key == key }?.value, value, "\(item.rev) \(key)")
            }
        }
        XCTAssertEqual(ids.count, 4, "Entry-Ids must be unique")
        XCTAssertTrue(try parsedTrailers(dir, "HEAD~1").contains { $0.key == "Tags" })
        XCTAssertEqual(try trailerValues(dir, "HEAD~3", key: "Tags"), ["papers"])
        XCTAssertEqual(try trailerValues(dir, "HEAD~2", key: "Entry-Date"), [yesterday])

        // The stdin body is in the commit message, before the trailers.
        XCTAssertEqual(try gitOK(["log", "-1", "--format=%b", "HEAD~1"], in: dir).split(separator: "\n").first, "notes...")

        try assertFsckClean(dir)
        XCTAssertEqual(try status(dir), "", "working tree and index must agree with HEAD")
        XCTAssertEqual(try gitOK(["diff", "--cached", "--name-only", "HEAD"], in: dir), "")

        // The day files: today's has three entries, yesterday's the paper club.
        let todayText = read(dayFile(today, in: dir)) ?? ""
        for title in ["Read the LoRA paper", "Fine-tuning experiments", "Shipped my RAG demo", "notes..."] {
            XCTAssertTrue(todayText.contains(title), "today's file lacks \(title): \(todayText)")
        }
        XCTAssertFalse(todayText.contains("Paper club: RLHF"))
        let yesterdayText = read(dayFile(yesterday, in: dir)) ?? ""
        XCTAssertTrue(yesterdayText.contains("Paper club: RLHF"), yesterdayText)
        XCTAssertEqual(
            try gitOK(["log", "-1", "--format=%H", "--", dayFile(yesterday, in: dir).path], in: dir),
            try gitOK(["rev-parse", "HEAD~2"], in: dir))

        // journal log --json: four entries, newest first.
        let entries = try logEntries(dir)
        XCTAssertEqual(
            entries.map { $0["title"] as? String },
            [
                "Shipped my RAG demo", "Fine-tuning experiments",
                "Read the LoRA paper", "Paper club: RLHF",
            ])
        XCTAssertEqual(entries.map { $0["hours"] as? Double }, [1, 2, 1.5, 1.5])
        XCTAssertEqual(entries.map { $0["date"] as? String }, [today, today, today, yesterday])
        XCTAssertEqual(entries.map { $0["kind"] as? String }, ["entry", "entry", "entry", "entry"])
        XCTAssertEqual(entries.map { ($0["tags"] as? [String]) ?? ["?"] }, [[], ["llm"], ["papers"], []])
        let lora = entries[2]
        let papers = lora["papers"] as? [[String: Any]] ?? []
        XCTAssertEqual(papers.count, 1)
        XCTAssertEqual(papers.first?["title"] as? String, "LoRA")
        XCTAssertEqual(papers.first?["url"] as? String, "https://arxiv.org/abs/2106.09685")
        let shipped = entries[0]["shipped"] as? [[String: Any]] ?? []
        XCTAssertEqual(shipped.count, 1)
        XCTAssertEqual(shipped.first?["title"] as? String, "RAG demo")
        XCTAssertEqual(shipped.first?["url"] as? String, "https://example.org/rag")
        XCTAssertEqual((entries[1]["papers"] as? [Any])?.count, 0)
        XCTAssertEqual(entries[3]["commit"] as? String, try gitOK(["rev-parse", "HEAD~2"], in: dir).trimmingCharacters(in: .newlines))

        // Filters.
        XCTAssertEqual(try logEntries(dir, ["--tag", "papers"]).map { $0["title"] as? String }, ["Read the LoRA paper"])
        XCTAssertEqual(try logEntries(dir, ["--since", today]).count, 3)
        XCTAssertEqual(try logEntries(dir, ["--until", yesterday]).map { $0["title"] as? String }, ["Paper club: RLHF"])
        XCTAssertEqual(try logEntries(dir, ["--since", yesterday, "--until", yesterday]).count, 1)
        XCTAssertEqual(
            try logEntries(dir, ["--since", today, "--tag", "llm"]).map { $0["title"] as? String },
            ["Fine-tuning experiments"])

        // Human log lists all four.
        let human = try journalOK(["log"], in: dir).stdout
        for title in ["Shipped my RAG demo", "Fine-tuning experiments", "Read the LoRA paper", "Paper club: RLHF"] {
            XCTAssertTrue(human.contains(title), human)
        }
        XCTAssertFalse(human.contains("\u{1B}["), "NO_COLOR output must have no escape codes")

        // journal show: today's and yesterday's Markdown, as in the files.
        let shown = try journalOK(["show"], in: dir).stdout
        XCTAssertEqual(shown, todayText.hasSuffix("\n") ? todayText : todayText + "\n")
        let shownYesterday = try journalOK(["show", "yesterday"], in: dir).stdout
        XCTAssertEqual(shownYesterday, yesterdayText.hasSuffix("\n") ? yesterdayText : yesterdayText + "\n")
        XCTAssertTrue(shownYesterday.contains("Paper club: RLHF"))
    }

    func testEveryHoursFormWritesTheSameHoursTrailer() throws {
        let dir = try makeJournal()
        for form in ["1.5", "1.5h", "90m", "1h30m"] {
            let result = try journalOK(["add", "Hours as \(form)", "--hours", form], in: dir)
            XCTAssertEqual(result.stderr, "", form)
            XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Hours"), ["1.5"], "--hours \(form)")
            XCTAssertEqual(try gitOK(["log", "-1", "--format=%s"], in: dir), "Hours as \(form)\n")
        }
        XCTAssertEqual(try logEntries(dir).map { $0["hours"] as? Double }, [1.5, 1.5, 1.5, 1.5])
        try assertFsckClean(dir)
        XCTAssertEqual(try status(dir), "")
    }

    func testDateWithAWeekdayNameLandsOnTheMostRecentSuchDay() throws {
        let dir = try makeJournal()
        let threeDaysAgo = isoDay(-3)
        let name = weekdayName(-3)
        try journalOK(["add", "On \(name)", "--hours", "1", "--date", name], in: dir)
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Entry-Date"), [threeDaysAgo])
        XCTAssertTrue((read(dayFile(threeDaysAgo, in: dir)) ?? "").contains("On \(name)"))
        XCTAssertEqual(
            try gitOK(["show", "--name-only", "--format=", "HEAD"], in: dir),
            "entries/\(threeDaysAgo.prefix(4))/\(threeDaysAgo.dropFirst(5).prefix(2))/\(threeDaysAgo).md\n")

        // The three-letter form, capitalised.
        try journalOK(["add", "Short name", "--hours", "1", "--date", String(name.prefix(3)).capitalized], in: dir)
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Entry-Date"), [threeDaysAgo])

        // Today's own weekday name means today.
        try journalOK(["add", "Today by name", "--hours", "1", "--date", weekdayName(0)], in: dir)
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Entry-Date"), [isoDay(0)])

        try journalOK(["add", "Today", "--hours", "1", "--date", "today"], in: dir)
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Entry-Date"), [isoDay(0)])
        XCTAssertTrue((read(dayFile(isoDay(0), in: dir)) ?? "").contains("Today"))

        try journalOK(["add", "Explicit date", "--hours", "1", "--date", isoDay(-10)], in: dir)
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Entry-Date"), [isoDay(-10)])

        XCTAssertEqual(
            try logEntries(dir).map { $0["date"] as? String },
            [isoDay(0), isoDay(0), threeDaysAgo, threeDaysAgo, isoDay(-10)])
        XCTAssertEqual(try status(dir), "")
        try assertFsckClean(dir)
    }

    func testTextThatLooksLikeAnHoursTrailerCannotForgeOne() throws {
        let dir = try makeJournal()

        try journalOK(["add", "Hours: 99", "--hours", "1"], in: dir)
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Hours"), ["1"])
        XCTAssertEqual(try gitOK(["log", "-1", "--format=%(trailers:key=Hours,valueonly)"], in: dir), "1\n\n")
        XCTAssertEqual(try gitOK(["log", "-1", "--format=%s"], in: dir), "Hours: 99\n")

        try journalOK(
            ["add", "A body with trailer-like lines", "--body-file", "-", "--hours", "2"], in: dir, stdin: "Hours: 99\n---\nHours: 98\n")
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Hours"), ["2"])
        XCTAssertEqual(try parsedTrailers(dir, "HEAD").filter { $0.key.lowercased() == "hours" }.map(\.value), ["2"])
        XCTAssertTrue(try parsedTrailers(dir, "HEAD").contains { $0.key == "Entry-Id" })
        // The body is kept (the text is there), the trailers are the journal's own.
        let body = try gitOK(["log", "-1", "--format=%b"], in: dir)
        XCTAssertTrue(body.contains("Hours: 99") && body.contains("Hours: 98"), body)

        // A body given with --body is no different.
        try journalOK(["add", "Body option", "--hours", "0.5", "--body", "Hours: 99\n\nHours: 98"], in: dir)
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Hours"), ["0.5"])

        let entries = try logEntries(dir)
        XCTAssertEqual(entries.map { $0["title"] as? String }, ["Body option", "A body with trailer-like lines", "Hours: 99"])
        XCTAssertEqual(entries.map { $0["hours"] as? Double }, [0.5, 2, 1])
        XCTAssertEqual(try status(dir), "")
        try assertFsckClean(dir)
    }
}
