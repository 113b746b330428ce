import Foundation
import XCTest

/// `journal papers --json`: distinct papers per calendar year against the goal.
final class PapersReportTests: JournalTestCase {
    static let attention = "Attention Is All You Need <https://arxiv.org/abs/1706.03762>"
    static let bert = "BERT <https://arxiv.org/abs/1810.04805>"
    static let gpt3 = "GPT-3 <https://arxiv.org/abs/2005.14165>"
    static let chinchilla = "Chinchilla <https://arxiv.org/abs/2203.15556>"
    static let lora = "LoRA <https://arxiv.org/abs/2106.09685>"

    func papers(_ object: [String: Any]) -> [String] {
        (object["papers"] as? [[String: Any]] ?? []).map {
            "\($0["date"] as? String ?? "?") \($0["title"] as? String ?? "?") \($0["url"] as? String ?? "-")"
        }
    }

    func testPapersPerYearRepeatsCountOnceAndTheGoal() throws {
        let dir = try makeJournal()
        // 2025: Attention (03-10), BERT (06-01), Attention again (07-01) -> 2 distinct.
        try addOn(dir, "2025-03-10", extra: ["--paper", Self.attention])
        try addOn(dir, "2025-06-01", extra: ["--paper", Self.bert])
        try addOn(dir, "2025-07-01", extra: ["--paper", Self.attention])
        // 2026: Attention again (a new year: counts in 2026 too), a paper without a link read twice
        // (same title: once), GPT-3 and Chinchilla in one entry, GPT-3 again, LoRA -> 5 distinct.
        try addOn(dir, "2026-02-03", extra: ["--paper", Self.attention])
        try addOn(dir, "2026-03-03", extra: ["--paper", "Deep Residual Learning"])
        try addOn(dir, "2026-04-04", extra: ["--paper", "Deep Residual Learning"])
        try addOn(dir, "2026-05-05", extra: ["--paper", Self.gpt3, "--paper", Self.chinchilla])
        try addOn(dir, "2026-09-09", extra: ["--paper", Self.gpt3])
        try addOn(dir, "2026-10-20", extra: ["--paper", Self.lora])
        // An entry without papers changes nothing.
        try addOn(dir, "2026-10-21")

        // 2026: goal twice 2025's 2 = 4; each paper on the first day it was read that year, in
        // date order (ties by title).
        var report = try reportJSON(["papers", "--year", "2026"], in: dir)
        XCTAssertEqual(report["year"] as? Int, 2026)
        XCTAssertEqual(report["count"] as? Int, 5)
        XCTAssertEqual(report["goal"] as? Int, 4)
        XCTAssertEqual(
            papers(report),
            [
                "2026-02-03 Attention Is All You Need https://arxiv.org/abs/1706.03762",
                "2026-03-03 Deep Residual Learning -",
                "2026-05-05 Chinchilla https://arxiv.org/abs/2203.15556",
                "2026-05-05 GPT-3 https://arxiv.org/abs/2005.14165",
                "2026-10-20 LoRA https://arxiv.org/abs/2106.09685",
            ])

        // 2025: no 2024, so the goal is 24.
        report = try reportJSON(["papers", "--year", "2025"], in: dir)
        XCTAssertEqual(report["count"] as? Int, 2)
        XCTAssertEqual(report["goal"] as? Int, 24)
        XCTAssertEqual(
            papers(report),
            [
                "2025-03-10 Attention Is All You Need https://arxiv.org/abs/1706.03762",
                "2025-06-01 BERT https://arxiv.org/abs/1810.04805",
            ])

        // 2027: nothing yet; goal twice 2026's 5 = 10.
        report = try reportJSON(["papers", "--year", "2027"], in: dir)
        XCTAssertEqual(report["count"] as? Int, 0)
        XCTAssertEqual(report["goal"] as? Int, 10)
        XCTAssertEqual(papers(report), [])

        // --as-of 2026-06-30 without --year: the year of the report's today, later reads ignored.
        report = try reportJSON(["papers", "--as-of", "2026-06-30"], in: dir)
        XCTAssertEqual(report["year"] as? Int, 2026)
        XCTAssertEqual(report["count"] as? Int, 4)
        XCTAssertEqual(report["goal"] as? Int, 4)

        // goal.yearly-papers overrides the default for every year.
        try journalOK(["config", "set", "goal.yearly-papers", "30"], in: dir)
        for year in ["2025", "2026", "2027"] {
            report = try reportJSON(["papers", "--year", year], in: dir)
            XCTAssertEqual(report["goal"] as? Int, 30, year)
        }
        XCTAssertEqual(try reportJSON(["papers", "--year", "2026"], in: dir)["count"] as? Int, 5)
        let status = try reportJSON(["status", "--as-of", "2026-10-21"], in: dir)["papers"] as? [String: Any]
        XCTAssertEqual(status?["count"] as? Int, 5)
        XCTAssertEqual(status?["goal"] as? Int, 30)
    }
}
