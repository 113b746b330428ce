import Foundation
import GitKit
import XCTest

@testable import JournalKit

final class HistoryTests: JournalTestCase {
    func testNewestStateOfAnEntryWinsAndDeletedEntriesVanish() throws {
        let entry = try EntryInput(title: "Draft title", hours: "1").entry(today: Day(iso: "2026-11-29")!, writtenAt: now, id: "ENTRY1")
        try journal.write(entry, clock: clock, writer: writer)
        var corrected = entry
        corrected.title = "Corrected title"
        corrected.hours = try Hours(parsing: "2")
        try journal.write(corrected, clock: clock, writer: writer)
        XCTAssertEqual(try History.read(journal.repository).entries.map(\.title), ["Corrected title"])
        XCTAssertEqual(try History.read(journal.repository).entries.map(\.hours), [2])

        try writer.commit(
            [FileUpdate(path: "entries/2026/11/2026-11-29.md") { ($0 ?? Data()) + Data("\n(removed)\n".utf8) }],
            message: "Delete entry\n\nEntry-Id: ENTRY1\nEntry-Deleted: yes\n", authorDate: now, authorZone: zone)
        XCTAssertEqual(try History.read(journal.repository).entries, [])
    }

    func testPlainGitCommitsTouchingEntriesCountAndOthersDoNot() throws {
        try FileManager.default.createDirectory(atPath: journal.path("entries/2026/11"), withIntermediateDirectories: true)
        try "# notes\n".write(toFile: journal.path("entries/2026/11/2026-11-20.md"), atomically: true, encoding: .utf8)
        try git(["add", "-A"])
        try git(["commit", "-q", "-m", "notes by hand", "--trailer", "Hours: 2", "--date", "2026-11-20T23:30:00-11:00"])
        try "more\n".write(toFile: journal.path("entries/2026/11/2026-11-20.md"), atomically: true, encoding: .utf8)
        try git(["commit", "-q", "-am", "more by hand", "--date", "2026-11-21T08:00:00+13:00"])
        try "readme\n".write(toFile: journal.path("README.md"), atomically: true, encoding: .utf8)
        try git(["add", "README.md"])
        try git(["commit", "-q", "-m", "readme", "--trailer", "Hours: 5"])
        let entries = try History.read(journal.repository).entries
        XCTAssertEqual(entries.map(\.title), ["more by hand", "notes by hand"])
        XCTAssertEqual(entries.map(\.kind), [.plain, .plain])
        // Each counts on the author's own calendar day, whatever zone reads it.
        XCTAssertEqual(entries.map(\.date.iso), ["2026-11-21", "2026-11-20"])
        XCTAssertEqual(entries.map(\.hours), [0, 2])
    }

    func testMergeCommitsAreNotActivity() throws {
        _ = try add("Base", hours: "1")
        try git(["checkout", "-q", "-b", "side"])
        _ = try add("On the side", hours: "1", date: "yesterday")
        try git(["checkout", "-q", "main"])
        _ = try add("On main", hours: "1")
        try git(["merge", "-q", "--no-edit", "side"])
        let entries = try History.read(try Journal.open(at: journal.root).repository).entries
        XCTAssertEqual(Set(entries.map(\.title)), ["Base", "On the side", "On main"])
        XCTAssertEqual(try git(["show", "HEAD:entries/2026/11/2026-11-29.md"]).components(separatedBy: "## ").count, 3)
    }
}
