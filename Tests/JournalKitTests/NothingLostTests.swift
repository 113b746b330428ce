import Foundation
import GitKit
import XCTest

@testable import JournalKit

final class NothingLostTests: JournalTestCase {
    func testCommitRetriesWhenAnotherProgramMovesHeadMidway() throws {
        _ = try add("First", hours: "1")
        var moved = false
        let outcome = try writer.commit(
            [
                FileUpdate(path: "entries/2026/11/2026-11-29.md") { current in
                    if !moved {
                        // Another program commits between our read of HEAD and our commit.
                        moved = true
                        try "by hand\n".write(toFile: self.journal.path("notes.txt"), atomically: true, encoding: .utf8)
                        try self.git(["add", "notes.txt"])
                        try self.git(["commit", "-q", "-m", "from another program"])
                    }
                    return (current ?? Data()) + Data("\nappended\n".utf8)
                }
            ], message: "Append\n", authorDate: now, authorZone: zone)
        XCTAssertTrue(moved)
        XCTAssertEqual(try git(["log", "--format=%s", "-3"]), "Append\nfrom another program\nFirst\n")
        XCTAssertEqual(try git(["rev-parse", "HEAD"]).trimmingCharacters(in: .newlines), outcome.commit.hex)
        XCTAssertEqual(try git(["status", "--porcelain"]), "")
    }

    func testHandEditedDayFilesRideAlongWithTheNextEntryButNothingElseDoes() throws {
        let yesterday = try add("Yesterday", hours: "1", date: "yesterday")
        _ = try add("Today", hours: "1")
        try "# notes\nwritten in another editor\n".write(
            toFile: journal.path("entries/2026/11/2026-11-01.md"), atomically: true, encoding: .utf8)
        try "swap\n".write(toFile: journal.path("entries/2026/11/.2026-11-01.md.swp"), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: journal.path(yesterday.dayFile))
        try "staged by hand\n".write(toFile: journal.path("notes.txt"), atomically: true, encoding: .utf8)
        try git(["add", "notes.txt"])
        let third = try add("Third", hours: "1")
        XCTAssertEqual(third.handEdits, ["entries/2026/11/2026-11-01.md"])
        let changed = try git(["show", "--name-status", "--format=", "HEAD"])
        XCTAssertEqual(changed, "A\tentries/2026/11/2026-11-01.md\nM\tentries/2026/11/2026-11-29.md\n")
        // The deletion, the swap file and what the user staged are left as they were.
        XCTAssertEqual(
            try git(["status", "--porcelain"]), " D \(yesterday.dayFile)\nA  notes.txt\n?? entries/2026/11/.2026-11-01.md.swp\n")
    }

    func testRestDaysAndSettingsNeverTakeHandEditsAlong() throws {
        _ = try add("Today", hours: "1")
        try "by hand\n".write(toFile: journal.path("entries/2026/11/2026-11-01.md"), atomically: true, encoding: .utf8)
        try journal.declareRest(Day(iso: "2026-11-30")!, clock: clock, writer: writer)
        try journal.changeSetting("goal.weekly-hours", to: "12", clock: clock, writer: writer)
        XCTAssertEqual(try git(["show", "--name-status", "--format=", "HEAD~1"]), "")
        XCTAssertEqual(try git(["show", "--name-status", "--format=", "HEAD"]), "M\t.journal/config\n")
        XCTAssertEqual(try History.read(journal.repository).entries.map(\.title), ["Today"])
    }

    func testCommitsAreBuiltFromHeadNotFromAnEmptiedIndex() throws {
        _ = try add("First", hours: "1")
        try FileManager.default.removeItem(atPath: journal.repository.gitDirectory + "index")
        _ = try add("Second", hours: "1")
        XCTAssertEqual(try git(["show", "--name-status", "--format=", "HEAD"]), "M\tentries/2026/11/2026-11-29.md\n")
        XCTAssertEqual(try git(["status", "--porcelain"]), "")
        XCTAssertEqual(try git(["ls-files"]).split(separator: "\n").count, 4)
    }

    func testEditRefusesToCommitOverADayThatChangedWhileEditing() throws {
        _ = try add("First", hours: "1")
        XCTAssertThrowsError(
            try journal.editDay(Day(iso: "2026-11-29")!, clock: clock, writer: writer) { path in
                _ = try self.add("Added while the editor was open", hours: "1", body: "precious notes")
                try (String(contentsOfFile: path, encoding: .utf8) + "my edit\n").write(toFile: path, atomically: true, encoding: .utf8)
            }
        ) { error in
            XCTAssertTrue("\(error)".contains("changed while you were editing"), "\(error)")
        }
        XCTAssertTrue(try git(["show", "HEAD:entries/2026/11/2026-11-29.md"]).contains("precious notes"))
        XCTAssertEqual(Drafts(journal: journal).list().count, 1, "the edit is kept")
    }

    func testSymlinkOnTheWayToTheDayFileIsRefused() throws {
        let outside = folder + "/outside"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: journal.path("entries"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: journal.path("entries/2026"), withDestinationPath: outside)
        let head = try git(["rev-parse", "HEAD"])
        XCTAssertThrowsError(try add("Through a link", hours: "1")) { error in
            XCTAssertTrue("\(error)".contains("symbolic link"), "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outside), [])
        XCTAssertEqual(try git(["rev-parse", "HEAD"]), head)
        XCTAssertEqual(Drafts(journal: journal).list(), [], "a refused entry leaves no draft")
    }

    func testRecoveryCommitsEachDraftOnceAndDropsThoseAlreadyCommitted() throws {
        let landed = try add("Landed", hours: "1")
        let drafts = Drafts(journal: journal)
        // A command killed after its commit, before removing its draft:
        try drafts.create("---\ntitle: Landed\nhours: 1\ndate: 2026-11-29\n---\n", entryID: landed.entry.id, at: now).release()
        // A command killed before its commit:
        try drafts.create(
            "---\ntitle: Lost in a crash\nhours: 2\ndate: 2026-11-28\n---\nbody\n", entryID: "01KBRECOVER0000000000000001",
            at: now.addingTimeInterval(1)
        ).release()
        // A draft still open in a live command is left alone:
        let open = try drafts.create(
            "---\ntitle: Still typing\n---\n", entryID: "01KBOPEN00000000000000000001", at: now.addingTimeInterval(2))
        XCTAssertEqual(journal.recoverableDrafts().count, 2)
        let result = try journal.recoverDrafts(clock: clock, writer: writer)
        XCTAssertEqual(result.committed.map(\.entry.title), ["Lost in a crash"])
        XCTAssertEqual(result.committed.first?.entry.id, "01KBRECOVER0000000000000001")
        XCTAssertEqual(result.committed.first?.entry.date.iso, "2026-11-28")
        XCTAssertEqual(result.alreadyCommitted.count, 1)
        XCTAssertEqual(result.kept.count, 1)
        XCTAssertEqual(try git(["log", "--format=%s"]).components(separatedBy: "\n").filter { $0 == "Landed" }.count, 1)
        XCTAssertEqual(try journal.recoverDrafts(clock: clock, writer: writer).committed.count, 0)
        open.discard()
        XCTAssertEqual(drafts.list(), [])
    }

    func testTemplateNamesCannotLeaveTheTemplatesFolder() {
        let templates = Templates(journalRoot: journal.root)
        XCTAssertThrowsError(try templates.source("../../etc/passwd"))
        XCTAssertThrowsError(try templates.source(""))
        XCTAssertNoThrow(try templates.source("daily"))
    }
}
