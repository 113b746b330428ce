import Foundation
import XCTest

@testable import JournalKit

final class DayTests: XCTestCase {
    func testIsoParsingRefusesDatesThatDoNotExist() {
        XCTAssertNil(Day(iso: "2026-02-30"))
        XCTAssertNil(Day(iso: "2026-13-01"))
        XCTAssertNil(Day(iso: "2026-1-01"))
        XCTAssertNil(Day(iso: "２０２６-01-01"))
        XCTAssertNil(Day(iso: "2025-02-29"))
        XCTAssertEqual(Day(iso: "2024-02-29")?.iso, "2024-02-29")
    }

    func testDaysSinceEpochRoundTripsAcrossCenturies() {
        for n in stride(from: -800_000, through: 800_000, by: 997) {
            XCTAssertEqual(Day(daysSinceEpoch: n).daysSinceEpoch, n)
        }
        XCTAssertEqual(Day(daysSinceEpoch: 0).iso, "1970-01-01")
        XCTAssertEqual(Day(iso: "2026-11-29")!.adding(days: 3).iso, "2026-12-02")
    }

    func testWeekdaysAndIsoWeeks() {
        let day = Day(iso: "2026-11-29")!
        XCTAssertEqual(day.weekday, 7)  // a Sunday
        XCTAssertEqual(day.startOfISOWeek.iso, "2026-11-23")
        XCTAssertEqual(day.isoWeek.week, 48)
        XCTAssertEqual(Day(iso: "2027-01-01")!.isoWeek.year, 2026)  // a Friday: still 2026-W53
        XCTAssertEqual(Day(iso: "2027-01-01")!.isoWeek.week, 53)
        XCTAssertEqual(Day(iso: "2024-12-30")!.isoWeek.year, 2025)
    }

    func testAuthorDayUsesTheAuthorsOwnOffset() {
        // 10:00 UTC on the 18th is already the 19th at +14:00 and still the 17th at -11:00.
        let instant = Date(timeIntervalSince1970: 1_794_996_000)  // 2026-11-18T10:00:00Z
        XCTAssertEqual(Day(instant, offsetMinutes: 0).iso, "2026-11-18")
        XCTAssertEqual(Day(instant, offsetMinutes: 13 * 60 + 60).iso, "2026-11-19")
        XCTAssertEqual(Day(instant, offsetMinutes: -11 * 60).iso, "2026-11-17")
    }
}

final class HoursTests: XCTestCase {
    func testEveryDocumentedFormParses() throws {
        for text in ["1.5", "1.5h", "90m", "1h30m", "1h30", "90min", " 1.5 "] {
            XCTAssertEqual(try Hours(parsing: text).description, "1.5", text)
        }
        XCTAssertEqual(try Hours(parsing: "2h").description, "2")
        XCTAssertEqual(try Hours(parsing: "20m").description, "0.33")
        XCTAssertEqual(try Hours(parsing: "24").description, "24")
    }

    func testBadDurationsAreRefusedWithTheOptionName() {
        for text in ["abc", "0", "0m", "25", "-1", "1e3", "nan", "inf", "1h75m", "", "1..5", "1,5", "24h1m"] {
            XCTAssertThrowsError(try Hours(parsing: text), text) { error in
                guard case JournalError.badInput(let message) = error else { return XCTFail("\(error)") }
                XCTAssertTrue(message.hasPrefix("--hours"), message)
            }
        }
    }

    func testTrailerValuesOutsideTheRangeCountNothing() {
        XCTAssertNil(Hours(trailer: "99"))
        XCTAssertNil(Hours(trailer: "-2"))
        XCTAssertNil(Hours(trailer: "two"))
        XCTAssertEqual(Hours(trailer: "2")?.value, 2)
    }
}

final class DateInputTests: XCTestCase {
    let today = Day(iso: "2026-11-25")!  // a Wednesday

    func testWordsAndWeekdayNames() throws {
        XCTAssertEqual(try DateInput.parse("today", today: today).iso, "2026-11-25")
        XCTAssertEqual(try DateInput.parse("Yesterday", today: today).iso, "2026-11-24")
        XCTAssertEqual(try DateInput.parse("monday", today: today).iso, "2026-11-23")
        XCTAssertEqual(try DateInput.parse("wednesday", today: today).iso, "2026-11-25")
        XCTAssertEqual(try DateInput.parse("thu", today: today).iso, "2026-11-19")
        XCTAssertEqual(try DateInput.parse("2026-01-02", today: today).iso, "2026-01-02")
    }

    func testFutureAndImpossibleDatesAreRefused() {
        XCTAssertThrowsError(try DateInput.parse("2026-11-26", today: today))
        XCTAssertThrowsError(try DateInput.parse("2026-02-30", today: today)) { error in
            XCTAssertTrue("\(error)".contains("not a real date"))
        }
        XCTAssertThrowsError(try DateInput.parse("next week", today: today))
        XCTAssertThrowsError(try DateInput.parse("../../etc", today: today))
    }
}

final class ClockTests: XCTestCase {
    func testDayStartsAtShiftsLateNightWorkToTheDayBefore() {
        let zone = TimeZone(identifier: "Europe/Berlin")!
        // 2026-11-29 01:30 in Berlin (00:30 UTC)
        let clock = Clock(now: Date(timeIntervalSince1970: 1_795_912_200), timeZone: zone)
        XCTAssertEqual(clock.today(startsAt: (0, 0)).iso, "2026-11-29")
        XCTAssertEqual(clock.today(startsAt: (3, 0)).iso, "2026-11-28")
        XCTAssertEqual(clock.timeOfDay(clock.now), "01:30")
    }
}

final class LinkAndEntryTests: XCTestCase {
    func testLinksParseTitleAndURL() throws {
        let paper = try Link(parsing: "LoRA <https://arxiv.org/abs/2106.09685>", option: "--paper")
        XCTAssertEqual(paper, Link(title: "LoRA", url: "https://arxiv.org/abs/2106.09685"))
        XCTAssertEqual(try Link(parsing: "https://example.org/x", option: "--paper").url, "https://example.org/x")
        XCTAssertEqual(try Link(parsing: "A paper with no link", option: "--paper").url, nil)
        XCTAssertThrowsError(try Link(parsing: "Title <no-close", option: "--paper"))
        XCTAssertThrowsError(try Link(parsing: "Two\nlines", option: "--paper"))
    }

    func testTitleMustBeOneLineAndNotEmpty() {
        let at = Date()
        XCTAssertThrowsError(try Entry(id: "A1", date: Day(iso: "2026-11-29")!, title: "one\ntwo", writtenAt: at))
        XCTAssertThrowsError(try Entry(id: "A1", date: Day(iso: "2026-11-29")!, title: "   ", writtenAt: at))
        XCTAssertThrowsError(try Entry(id: "A1", date: Day(iso: "2026-11-29")!, title: "bell\u{07}", writtenAt: at))
    }

    func testTagsAreSplitTrimmedAndDeduplicated() throws {
        XCTAssertEqual(try Entry.normaliseTags(["Papers, #LLM", "papers", " rag "]), ["papers", "llm", "rag"])
        XCTAssertThrowsError(try Entry.normaliseTags(["Hours: 9"]))
    }

    func testEntryIDsAreUlidShapedAndSortByTime() {
        let a = EntryID.make(at: Date(timeIntervalSince1970: 1_700_000_000))
        let b = EntryID.make(at: Date(timeIntervalSince1970: 1_800_000_000))
        XCTAssertEqual(a.count, 26)
        XCTAssertLessThan(a, b)
        XCTAssertTrue(EntryID.isValid(a))
        XCTAssertFalse(EntryID.isValid("bad id\n"))
    }
}
