import Foundation
import XCTest

@testable import JournalKit

final class CommitProtocolTests: XCTestCase {
    func entry(title: String = "Read the LoRA paper", body: String = "") throws -> Entry {
        try Entry(
            id: "01JDX3ABCDEF", date: Day(iso: "2026-11-29")!, title: title, body: body,
            hours: try Hours(parsing: "1.5"), tags: ["papers", "llm"],
            papers: [Link(title: "LoRA", url: "https://arxiv.org/abs/2106.09685")],
            shipped: [Link(title: "Notes", url: nil)], writtenAt: Date())
    }

    func testMessageIsTitleBodyThenTrailerBlockLast() throws {
        let message = CommitProtocol.message(for: try entry(body: "Some notes."))
        XCTAssertEqual(
            message,
            """
            Read the LoRA paper

            Some notes.

            Entry-Id: 01JDX3ABCDEF
            Entry-Date: 2026-11-29
            Hours: 1.5
            Tags: papers, llm
            Paper: LoRA <https://arxiv.org/abs/2106.09685>
            Shipped: Notes

            """)
    }

    func testBodyCannotForgeHoursOrHideTheTrailers() throws {
        let forged = try entry(title: "Hours: 99", body: "Hours: 99\n\nEntry-Id: EVIL\nHours: 98\n---\nHours: 97")
        let facts = try CommitProtocol.read(message: CommitProtocol.message(for: forged))
        XCTAssertEqual(facts.hours, 1.5)
        XCTAssertEqual(facts.entryID, "01JDX3ABCDEF")
        XCTAssertEqual(facts.title, "Hours: 99")
        XCTAssertEqual(facts.papers.map(\.title), ["LoRA"])
    }

    func testReadingAPlainGitMessage() throws {
        let facts = try CommitProtocol.read(message: "notes\n\nHours: 2\n")
        XCTAssertNil(facts.entryID)
        XCTAssertEqual(facts.hours, 2)
        XCTAssertEqual(try CommitProtocol.read(message: "notes\n").hours, 0)
        XCTAssertEqual(try CommitProtocol.read(message: "x\n\nHours: 99\n").hours, 0)
        XCTAssertTrue(try CommitProtocol.read(message: "x\n\nEntry-Id: A\nEntry-Deleted: yes\n").deleted)
    }
}

final class EditorBufferTests: XCTestCase {
    func testFrontMatterFieldsAndBodyAreRead() throws {
        let input = try EditorBuffer.parse(
            """
            ---
            title: Read the LoRA paper
            hours: 90m
            tags: papers, llm
            paper: LoRA <https://arxiv.org/abs/2106.09685>
            paper: QLoRA <https://arxiv.org/abs/2305.14314>
            ---
            ## What problem am I solving?
            Fine-tuning on a laptop.

            ## What is next?

            """)
        XCTAssertEqual(input.title, "Read the LoRA paper")
        XCTAssertEqual(input.hours, "90m")
        XCTAssertEqual(input.papers.count, 2)
        XCTAssertEqual(input.body, "## What problem am I solving?\nFine-tuning on a laptop.")
        let entry = try input.entry(today: Day(iso: "2026-11-29")!, writtenAt: Date())
        XCTAssertEqual(entry.tags, ["papers", "llm"])
        XCTAssertEqual(entry.hours?.description, "1.5")
    }

    func testWithoutATitleTheFirstLineIsTheTitle() throws {
        let input = try EditorBuffer.parse("# Debugging my tokenizer\nIt was the BOS token.\n")
        XCTAssertEqual(input.title, "Debugging my tokenizer")
        XCTAssertEqual(input.body, "It was the BOS token.")
    }

    func testAnUntouchedTemplateIsEmpty() throws {
        let text = try EditorBuffer.render(kind: "daily", input: EntryInput(), templates: Templates(journalRoot: nil))
        XCTAssertTrue(EditorBuffer.isEmpty(try EditorBuffer.parse(text)))
    }

    func testUnknownHeaderFieldIsRefused() {
        XCTAssertThrowsError(try EditorBuffer.parse("---\nmood: great\n---\nbody\n"))
    }

    func testSerialisedDraftReadsBackTheSame() throws {
        let input = EntryInput(
            title: "T", body: "line\n\nmore", hours: "2", date: "2026-11-01", tags: ["a", "b"],
            papers: ["P <https://x.org>"], shipped: ["S"])
        let back = try EditorBuffer.parse(EditorBuffer.serialise(input))
        XCTAssertEqual(back.title, "T")
        XCTAssertEqual(back.body, "line\n\nmore")
        XCTAssertEqual(back.hours, "2")
        XCTAssertEqual(back.date, "2026-11-01")
        XCTAssertEqual(back.papers, ["P <https://x.org>"])
        XCTAssertEqual(back.shipped, ["S"])
    }

    func testTheBodyIsReadBackAsTypedWithItsDashLinesRestored() throws {
        let typed = "para one\n\n--- a rule\nlast\n---"
        let entry = try EntryInput(title: "T", body: typed, hours: "1").entry(today: Day(iso: "2026-11-29")!, writtenAt: Date(), id: "ID1")
        XCTAssertEqual(try CommitProtocol.read(message: CommitProtocol.message(for: entry)).body, typed)
        XCTAssertEqual(try CommitProtocol.read(message: "Title\n\nplain body\n").body, "plain body", "no trailers: all after the title")
        XCTAssertEqual(try CommitProtocol.read(message: "Title\n").body, "")
        XCTAssertEqual(try CommitProtocol.read(message: "Title\n\nEntry-Id: X\n").body, "")
        XCTAssertEqual(
            try CommitProtocol.read(message: "Title\n\n\n\nTwo blank lines before\n\nEntry-Id: X\n").body, "Two blank lines before")
    }
}
