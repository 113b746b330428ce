import Foundation
import XCTest

@testable import JournalKit

/// `journal check` finds every kind of disagreement between day files and history, in day order.
final class DayFileCheckTests: JournalTestCase {
    func file(_ day: String) -> String { journal.path(Journal.dayFile(Day(iso: day)!)) }

    func testEachKindOfDisagreementIsFoundInDayOrder() throws {
        let kept = try add("Kept as it is", hours: "1", date: "2026-11-20")
        let retitled = try add("Title in history", hours: "1", date: "2026-11-21")
        let moved = try add("Moved by hand", hours: "1", date: "2026-11-22")
        let gone = try add("File removed", hours: "1", date: "2026-11-23")
        XCTAssertEqual(try journal.check(), [])

        // 21st: the title changed in the file only.
        let text21 = try String(contentsOfFile: file("2026-11-21"), encoding: .utf8)
        try text21.replacingOccurrences(of: "## Title in history", with: "## Title in the file").write(
            toFile: file("2026-11-21"), atomically: true, encoding: .utf8)
        // 22nd's section cut and pasted into the 20th's file.
        let text22 = try String(contentsOfFile: file("2026-11-22"), encoding: .utf8)
        let section = String(text22[text22.range(of: "## Moved by hand")!.lowerBound...])
        try (try String(contentsOfFile: file("2026-11-20"), encoding: .utf8) + "\n" + section).write(
            toFile: file("2026-11-20"), atomically: true, encoding: .utf8)
        try text22.replacingOccurrences(of: section, with: "").write(toFile: file("2026-11-22"), atomically: true, encoding: .utf8)
        // 23rd's file removed; day files with no entry: one holding an unknown id twice, one once.
        try FileManager.default.removeItem(atPath: file("2026-11-23"))
        try "# Tuesday, 24 November 2026\n\n## Twice <!-- entry:UNKNOWN456 -->\n\n## Twice <!-- entry:UNKNOWN456 -->\n".write(
            toFile: file("2026-11-24"), atomically: true, encoding: .utf8)
        try "# Wednesday, 25 November 2026\n\n## Nobody's <!-- entry:UNKNOWN123 -->\n".write(
            toFile: file("2026-11-25"), atomically: true, encoding: .utf8)

        let found = try journal.check()
        XCTAssertEqual(found.map(\.file), [20, 21, 22, 23, 24, 25].map { Journal.dayFile(Day(iso: "2026-11-\($0)")!) }, "\(found)")
        XCTAssertEqual(found[0].entry, moved.entry.id)
        XCTAssertEqual(found[0].what, "\"Moved by hand\" is an entry of 2026-11-22 in history")
        XCTAssertEqual(found[1].entry, retitled.entry.id)
        XCTAssertTrue(found[1].what.contains("title \"Title in the file\" in the file"), found[1].what)
        XCTAssertEqual(found[2].what, "no section for \"Moved by hand\", which history has")
        XCTAssertEqual(found[3].entry, gone.entry.id)
        XCTAssertEqual(found[3].what, "the file is missing; history has \"File removed\"")
        XCTAssertEqual(found[4].what, "\"Twice\" appears more than once")
        XCTAssertEqual(found[5].what, "\"Nobody's\" is deleted or unknown in history")
        XCTAssertFalse(found.contains { $0.entry == kept.entry.id })
    }
}
