import Foundation
import GitKit
import XCTest

@testable import JournalKit

/// Sync's merge of a day file both machines changed: entry by entry, every entry once in its
/// newest state, the same file whichever machine merges.
final class DayFileMergeTests: XCTestCase {
    let day = Day(iso: "2026-11-29")!
    let header = "# Sunday, 29 November 2026\n"
    let commit = ObjectID(hex: String(repeating: "a", count: 40))!

    func entry(_ id: String, _ title: String, hours: Double, body: String = "") -> HistoryEntry {
        HistoryEntry(
            id: id, kind: .entry, date: day, title: title, body: body, hours: hours, tags: [], papers: [], shipped: [], commit: commit,
            authoredAt: Date(timeIntervalSince1970: 0))
    }

    func section(_ id: String, _ title: String, _ header: String, body: String = "") -> String {
        "## \(title) <!-- entry:\(id) -->\n\(header)\n" + (body.isEmpty ? "" : "\n\(body)\n")
    }

    func merge(_ base: String?, _ ours: String, _ theirs: String, _ entries: [HistoryEntry]) -> String {
        let live = Dictionary(uniqueKeysWithValues: entries.map { ($0.id, $0) })
        let merged = DayFileMerge.byEntry(
            day: day, base: base.map { Data($0.utf8) }, ours: Data(ours.utf8), theirs: Data(theirs.utf8), entries: live)
        let swapped = DayFileMerge.byEntry(
            day: day, base: base.map { Data($0.utf8) }, ours: Data(theirs.utf8), theirs: Data(ours.utf8), entries: live)
        XCTAssertEqual(merged, swapped, "both machines compute the same file")
        return String(decoding: merged, as: UTF8.self)
    }

    func testEntriesOfBothSidesAreKeptOnceInTimeOrderUnderOneHeading() {
        let morning = section("AAAAAA0001", "Morning", "08:00 · 1 h")
        let laptop = section("AAAAAA0002", "Laptop", "12:00 · 1 h")
        let work = section("AAAAAA0003", "Work", "10:00 · 2 h")
        let base = header + "\n" + morning
        let result = merge(
            base, base + "\n" + laptop, base + "\n" + work,
            [entry("AAAAAA0001", "Morning", hours: 1), entry("AAAAAA0002", "Laptop", hours: 1), entry("AAAAAA0003", "Work", hours: 2)])
        XCTAssertEqual(result, header + "\n" + morning + "\n" + work + "\n" + laptop)
    }

    func testLinesThatSeveralEntriesShareAreNeverDropped() {
        // Bodies ending in the same line, and header lines that are the same: a line union keeps each once.
        let todo = "Notes.\n- [ ] review tomorrow"
        let a = section("AAAAAA0001", "A", "16:42 · 0.5 h", body: todo)
        let b = section("AAAAAA0002", "B", "16:42 · 0.5 h", body: todo)
        let c = section("AAAAAA0003", "C", "16:42 · 0.5 h", body: todo)
        let entries = ["A", "B", "C"].enumerated().map { entry("AAAAAA000\($0.offset + 1)", $0.element, hours: 0.5, body: todo) }
        let result = merge(header, header + "\n" + a + "\n" + b, header + "\n" + c, entries)
        XCTAssertEqual(result.components(separatedBy: "- [ ] review tomorrow").count - 1, 3, result)
        XCTAssertEqual(result.components(separatedBy: "16:42 · 0.5 h").count - 1, 3, result)
    }

    func testTheNewestStateOfAnEntryWinsAndADeletedEntryLeaves() {
        let old = section("AAAAAA0001", "Paper", "09:00 · 0.75 h")
        let amended = section("AAAAAA0001", "Paper", "09:00 · 3 h")
        let gone = section("AAAAAA0002", "Gone", "10:00 · 1 h")
        let base = header + "\n" + old + "\n" + gone
        // Ours amended the paper; theirs deleted "Gone"; the merged history says both.
        let result = merge(base, header + "\n" + amended + "\n" + gone, header + "\n" + old, [entry("AAAAAA0001", "Paper", hours: 3)])
        XCTAssertEqual(result, header + "\n" + amended)
    }

    func testTextOutsideEntriesFromBothSidesIsKeptAndCRLFBecomesLF() {
        let a = section("AAAAAA0001", "A", "08:00 · 1 h")
        let base = header + "\n" + a
        let ours = (header + "Slept badly.\n\n" + a).replacingOccurrences(of: "\n", with: "\r\n")
        let theirs = header + "Rainy.\n\n" + a + "\n## Written by hand\nNot read yet.\n"
        let result = merge(base, ours, theirs, [entry("AAAAAA0001", "A", hours: 1)])
        XCTAssertFalse(result.contains("\r"), result)
        XCTAssertTrue(result.contains("Slept badly.") && result.contains("Rainy."), result)
        XCTAssertEqual(result.components(separatedBy: "## A <!--").count - 1, 1, "the base entry is not doubled: \(result)")
        XCTAssertTrue(result.contains("## Written by hand\nNot read yet."), result)
    }
}
