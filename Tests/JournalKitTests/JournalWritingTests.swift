import Foundation
import GitKit
import XCTest

@testable import JournalKit

final class JournalWritingTests: JournalTestCase {
    func testNewJournalHasItsFilesAndOneCommitThatIsNotAnEntry() throws {
        for file in [".journal/config", ".gitattributes", ".gitignore"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: journal.path(file)), file)
        }
        XCTAssertEqual(try git(["rev-list", "--count", "HEAD"]), "1\n")
        XCTAssertEqual(try git(["check-attr", "merge", "entries/2026/11/2026-11-29.md"]), "entries/2026/11/2026-11-29.md: merge: union\n")
        XCTAssertEqual(try History.read(journal.repository).entries, [])
        XCTAssertEqual(try journal.settings().weeklyHours, 10)
    }

    func testAnEntryIsOneCommitAppendedToItsDayFile() throws {
        let first = try add("Read the LoRA paper", hours: "1.5", tags: ["papers"], papers: ["LoRA <https://arxiv.org/abs/2106.09685>"])
        let second = try add("Paper club: RLHF", hours: "90m", date: "yesterday")
        let third = try add("Fine-tuning experiments", hours: "2", body: "notes...")
        XCTAssertEqual(first.dayFile, "entries/2026/11/2026-11-29.md")
        XCTAssertEqual(second.dayFile, "entries/2026/11/2026-11-28.md")
        let text = try String(contentsOfFile: journal.path(first.dayFile), encoding: .utf8)
        XCTAssertTrue(
            text.hasPrefix(
                "# Sunday, 29 November 2026\n\n## Read the LoRA paper <!-- entry:\(first.entry.id) -->\n20:00 · 1.5 h · #papers\n"), text)
        XCTAssertTrue(text.contains("- Paper: [LoRA](https://arxiv.org/abs/2106.09685)"))
        XCTAssertTrue(text.hasSuffix("## Fine-tuning experiments <!-- entry:\(third.entry.id) -->\n20:00 · 2 h\n\nnotes...\n"), text)
        XCTAssertEqual(try git(["log", "--format=%(trailers:key=Hours,valueonly,separator=)"]), "2\n1.5\n1.5\n\n")
        XCTAssertEqual(try git(["status", "--porcelain"]), "")
        XCTAssertEqual(try git(["log", "-1", "--format=%ai", third.commit.hex]), "2026-11-29 20:00:00 -0500\n")
        let history = try History.read(journal.repository)
        XCTAssertEqual(history.entries.map(\.title), ["Fine-tuning experiments", "Read the LoRA paper", "Paper club: RLHF"])
        XCTAssertEqual(history.entries.map(\.hours), [2, 1.5, 1.5])
        XCTAssertEqual(history.filtered(tag: "#Papers").map(\.title), ["Read the LoRA paper"])
        XCTAssertEqual(history.filtered(until: Day(iso: "2026-11-28")).map(\.title), ["Paper club: RLHF"])
    }

    func testHandEditsToTheDayFileAreKeptAndCommittedWithTheNextEntry() throws {
        let written = try add("First", hours: "1")
        let path = journal.path(written.dayFile)
        let handle = FileHandle(forWritingAtPath: path)!
        handle.seekToEndOfFile()
        handle.write(Data("\nA line I typed by hand.\n".utf8))
        handle.closeFile()
        _ = try add("Second", hours: "1")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.contains("A line I typed by hand.\n\n## Second"), text)
        XCTAssertEqual(try git(["status", "--porcelain"]), "")
    }

    func testLockedIndexChangesNothingAndKeepsATypedBodyAsADraft() throws {
        _ = try add("First", hours: "1")
        let head = try git(["rev-parse", "HEAD"])
        FileManager.default.createFile(atPath: journal.repository.gitDirectory + "index.lock", contents: Data())
        XCTAssertThrowsError(try add("Second", hours: "1")) { error in
            XCTAssertTrue("\(error)".contains("index.lock"), "\(error)")
        }
        XCTAssertThrowsError(try add("Third", hours: "1", body: "text from stdin")) { error in
            XCTAssertTrue("\(error)".contains(".journal/drafts/"), "\(error)")
        }
        XCTAssertEqual(try git(["rev-parse", "HEAD"]), head)
        XCTAssertTrue(FileManager.default.fileExists(atPath: journal.repository.gitDirectory + "index.lock"))
        let drafts = Drafts(journal: journal).list()
        XCTAssertEqual(drafts.count, 1)
        try FileManager.default.removeItem(atPath: journal.repository.gitDirectory + "index.lock")
        let recovery = try journal.recoverDrafts(clock: clock, writer: writer)
        XCTAssertEqual(recovery.committed.map(\.entry.title), ["Third"])
        XCTAssertEqual(recovery.committed.first?.entry.body, "text from stdin")
        XCTAssertEqual(recovery.committed.first?.entry.id, Drafts.entryID(of: drafts[0]))
        XCTAssertEqual(Drafts(journal: journal).list(), [])
        XCTAssertEqual(try git(["status", "--porcelain"]), "")
    }

    func testEditorFlowCommitsWhatWasTypedAndKeepsItWhenInvalid() throws {
        let written = try journal.addWithEditor(EntryInput(), kind: "paper", clock: clock, writer: writer) { path in
            var text = try String(contentsOfFile: path, encoding: .utf8)
            text = text.replacingOccurrences(of: "title: \n", with: "title: Read QLoRA\n")
                .replacingOccurrences(of: "hours: \n", with: "hours: 1h\n")
                .replacingOccurrences(
                    of: "## The key idea, in my own words\n", with: "## The key idea, in my own words\n4-bit base, LoRA on top.\n")
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        XCTAssertEqual(written?.entry.title, "Read QLoRA")
        XCTAssertEqual(written?.entry.body, "### The key idea, in my own words\n4-bit base, LoRA on top.")
        XCTAssertEqual(Drafts(journal: journal).list(), [])

        XCTAssertThrowsError(
            try journal.addWithEditor(EntryInput(), kind: "daily", clock: clock, writer: writer) { path in
                try "---\ntitle: Typed a lot\nhours: lots\n---\nA long body I do not want to lose.\n".write(
                    toFile: path, atomically: true, encoding: .utf8)
            }
        ) { error in
            XCTAssertTrue("\(error)".contains("--hours") && "\(error)".contains(".journal/drafts/"), "\(error)")
        }
        let kept = Drafts(journal: journal).list()
        XCTAssertEqual(kept.count, 1)
        XCTAssertTrue(try String(contentsOfFile: kept[0], encoding: .utf8).contains("A long body I do not want to lose."))

        let nothing = try journal.addWithEditor(EntryInput(), kind: "daily", clock: clock, writer: writer) { _ in }
        XCTAssertNil(nothing)
        XCTAssertEqual(Drafts(journal: journal).list().count, 1)
    }

    func testRefusesToWriteOnDetachedHeadOrMidMerge() throws {
        _ = try add("First", hours: "1")
        let head = try git(["rev-parse", "HEAD"]).trimmingCharacters(in: .newlines)
        try (head + "\n").write(toFile: journal.repository.gitDirectory + "MERGE_HEAD", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try add("Second", hours: "1")) { XCTAssertTrue("\($0)".contains("merge is in progress"), "\($0)") }
        try FileManager.default.removeItem(atPath: journal.repository.gitDirectory + "MERGE_HEAD")
        try git(["checkout", "-q", "--detach"])
        let reopened = try Journal.open(at: journal.root)
        XCTAssertThrowsError(
            try reopened.add(EntryInput(title: "x"), clock: clock, writer: CommitWriter(journal: reopened, authorship: authorship))
        ) {
            XCTAssertTrue("\($0)".contains("HEAD is detached"), "\($0)")
        }
        XCTAssertEqual(try git(["rev-parse", "HEAD"]).trimmingCharacters(in: .newlines), head)
    }

    func testSettingsAreValidatedWrittenAndCommitted() throws {
        try journal.changeSetting("goal.weekly-hours", to: "12.5", clock: clock, writer: writer)
        try journal.changeSetting("streak.rest-days", to: "Sun, sat", clock: clock, writer: writer)
        try journal.changeSetting("day.starts-at", to: "3:00", clock: clock, writer: writer)
        let settings = try journal.settings()
        XCTAssertEqual(settings.weeklyHours, 12.5)
        XCTAssertEqual(settings.restDays, [6, 7])
        XCTAssertEqual(settings.dayStartsAt.hour, 3)
        XCTAssertEqual(try git(["config", "-f", ".journal/config", "streak.rest-days"]), "sat,sun\n")
        XCTAssertEqual(try git(["log", "-1", "--format=%s"]), "Set day.starts-at to 03:00\n")
        XCTAssertEqual(try git(["status", "--porcelain"]), "")
        let head = try git(["rev-parse", "HEAD"])
        XCTAssertThrowsError(try journal.changeSetting("goal.weekly-hours", to: "lots", clock: clock, writer: writer))
        XCTAssertThrowsError(try journal.changeSetting("goal.nonsense", to: "1", clock: clock, writer: writer))
        XCTAssertEqual(try git(["rev-parse", "HEAD"]), head)
        XCTAssertEqual(try journal.today(clock: clock).iso, "2026-11-29")
    }

    func testGarbageConfigIsOneClearError() throws {
        try "[[[ garbage\n".write(toFile: journal.path(".journal/config"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try journal.settings()) { error in
            guard case JournalError.journal(let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains(".journal/config") && !message.contains("\n"), message)
        }
        XCTAssertThrowsError(try add("x", hours: "1"))
    }

    func testTemplatesCanBeOverriddenPerJournal() throws {
        try FileManager.default.createDirectory(atPath: journal.path(".journal/templates"), withIntermediateDirectories: true)
        try "### {{{title}}} ({{hours}} h)\n".write(toFile: journal.path(".journal/templates/entry.md"), atomically: true, encoding: .utf8)
        let written = try add("Custom look", hours: "2")
        let text = try String(contentsOfFile: journal.path(written.dayFile), encoding: .utf8)
        XCTAssertTrue(text.hasSuffix("\n### Custom look (2 h)\n"), text)
    }

    func testEditingADayCommitsTheChangeWithItsDate() throws {
        _ = try add("First", hours: "1")
        let commit = try journal.editDay(Day(iso: "2026-11-29")!, clock: clock, writer: writer) { path in
            try (String(contentsOfFile: path, encoding: .utf8) + "\nAdded later.\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
        XCTAssertNotNil(commit)
        // The edit (no activity), then the correction it made to the entry it appended to.
        XCTAssertEqual(
            try git([
                "log", "-2", "--format=%s|%(trailers:key=Entry-Date,valueonly,separator=)|%(trailers:key=Hand-Edits,valueonly,separator=)",
            ]),
            "First|2026-11-29|\nEdit 2026-11-29|2026-11-29|1\n")
        XCTAssertEqual(try journal.history().entries.map(\.body), ["Added later."])
        XCTAssertNil(try journal.editDay(Day(iso: "2026-11-29")!, clock: clock, writer: writer) { _ in })
        XCTAssertEqual(try git(["status", "--porcelain"]), "")
    }
}
