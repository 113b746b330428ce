import XCTest

@testable import JournalKit

/// Issue 12's input forms, by table with a fixed today.
final class InputFormTests: XCTestCase {
    let monday = Day(iso: "2026-11-30")!  // a Monday
    let january = Day(iso: "2027-01-13")!  // a Wednesday

    func testRelativeDays() throws {
        XCTAssertEqual(try DateInput.parse("3 days ago", today: monday).iso, "2026-11-27")
        XCTAssertEqual(try DateInput.parse("1 day ago", today: monday).iso, "2026-11-29")
        XCTAssertEqual(try DateInput.parse("0 days ago", today: monday).iso, "2026-11-30")
        // last WEEKDAY is before today: on a Monday, last monday is a week ago.
        XCTAssertEqual(try DateInput.parse("last monday", today: monday).iso, "2026-11-23")
        XCTAssertEqual(try DateInput.parse("last sunday", today: monday).iso, "2026-11-29")
        XCTAssertEqual(try DateInput.parse("last tue", today: monday).iso, "2026-11-24")
        XCTAssertEqual(try DateInput.parse("monday", today: monday).iso, "2026-11-30")
        for bad in ["-1 days ago", "x days ago", "last", "last moonday", "3 weeks ago"] {
            XCTAssertThrowsError(try DateInput.parse(bad, today: monday), bad)
        }
    }

    func testPeriods() throws {
        func range(_ text: String, _ today: Day) throws -> String {
            let r = try DateInput.range(text, today: today, option: "--since")
            return "\(r.first.iso)..\(r.last.iso)"
        }
        XCTAssertEqual(try range("this week", monday), "2026-11-30..2026-12-06")
        XCTAssertEqual(try range("last week", monday), "2026-11-23..2026-11-29")
        XCTAssertEqual(try range("this month", monday), "2026-11-01..2026-11-30")
        XCTAssertEqual(try range("last month", january), "2026-12-01..2026-12-31")
        XCTAssertEqual(try range("this year", january), "2027-01-01..2027-12-31")
        XCTAssertEqual(try range("2024-02", monday), "2024-02-01..2024-02-29")
        XCTAssertEqual(try range("2025", monday), "2025-01-01..2025-12-31")
        XCTAssertEqual(try range("yesterday", monday), "2026-11-29..2026-11-29")
        for bad in ["2026-13", "2027-01", "2027", "next week", "20261"] {
            XCTAssertThrowsError(try DateInput.range(bad, today: monday, option: "--since"), bad)
        }
    }

    func testHoursForms() throws {
        for (text, stored) in [
            ("1:30", "1.5"), ("0:45", "0.75"), ("1h 30m", "1.5"), ("1 h 30 min", "1.5"), ("90 min", "1.5"), ("2 hrs", "2"),
            ("2 h", "2"), ("2hours", "2"), ("1 hour", "1"), ("30 minutes", "0.5"), ("1h30", "1.5"),
        ] {
            XCTAssertEqual(try Hours(parsing: text).description, stored, text)
        }
        for bad in ["1:5", "1:60", "1h 1h", "1.5h 30m", "30m 1h", "2 days", "1 30", "1h30m5"] {
            XCTAssertThrowsError(try Hours(parsing: bad), bad)
        }
        XCTAssertThrowsError(try Hours(parsing: "-2h")) { error in
            XCTAssertTrue("\(error)".contains("hours must be more than 0"), "\(error)")
        }
    }
}
