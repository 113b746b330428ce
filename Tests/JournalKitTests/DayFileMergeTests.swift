import Foundation
import XCTest

@testable import JournalKit

final class DayFileMergeTests: XCTestCase {
    func merge(_ base: String?, _ ours: String, _ theirs: String) -> String? {
        DayFileMerge.appended(base: base.map { Data($0.utf8) }, ours: Data(ours.utf8), theirs: Data(theirs.utf8))
            .map { String(decoding: $0, as: UTF8.self) }
    }

    let header = "# Sunday, 29 November 2026\n"

    func testEntriesAppendedOnBothSidesKeepBothWithABlankLineBetween() {
        let base = header + "\n## Morning\n08:00 · 1 h\n"
        let ours = base + "\n## Laptop\n12:00 · 1 h\n"
        let theirs = base + "\n## Work\n13:00 · 2 h\n"
        XCTAssertEqual(merge(base, ours, theirs), base + "\n## Laptop\n12:00 · 1 h\n\n## Work\n13:00 · 2 h\n")
    }

    func testADayFileBothSidesCreatedHasOneHeading() {
        let ours = header + "\n## Laptop\n12:00 · 1 h\n"
        let theirs = header + "\n## Work\n13:00 · 2 h\n"
        XCTAssertEqual(merge(nil, ours, theirs), header + "\n## Laptop\n12:00 · 1 h\n\n## Work\n13:00 · 2 h\n")
    }

    func testASideThatIsAPrefixOfTheOtherAddsNothing() {
        let base = header
        let ours = header + "\n## A\n"
        XCTAssertEqual(merge(base, ours, base), ours)
        XCTAssertEqual(merge(base, ours + "\n## B\n", ours), ours + "\n## B\n")
    }

    func testAnEditAboveTheEndIsLeftToTheUnionMerge() {
        let base = header + "\n## Morning\n08:00 · 1 h\n"
        let ours = header + "\n## Morning (edited)\n08:00 · 1 h\n"
        let theirs = base + "\n## Work\n"
        XCTAssertNil(merge(base, ours, theirs))
    }

    func testAFileWithoutAFinalNewlineStillGetsItsBlankLine() {
        let ours = header + "\n## A\nno newline"
        let theirs = header + "\n## B\n"
        XCTAssertEqual(merge(nil, ours, theirs), header + "\n## A\nno newline\n\n## B\n")
    }
}
