import Foundation
import XCTest

@testable import JournalKit

/// "Now" from GIT_AUTHOR_DATE / GIT_COMMITTER_DATE, read as the real git reads them.
final class ClockEnvironmentTests: JournalTestCase {
    let newYork = TimeZone(identifier: "America/New_York")!

    /// Seconds since 1970 of `text` as `Clock.gitDate` reads it in New York, or nil.
    func seconds(_ text: String) -> Int? {
        Clock.gitDate(text, timeZone: newYork).map { Int($0.timeIntervalSince1970) }
    }

    /// Seconds since 1970 of `text` as the real git reads it from GIT_AUTHOR_DATE in New York
    /// (`git var GIT_AUTHOR_IDENT`), or nil when git says "invalid date format".
    func gitSeconds(_ text: String) throws -> Int? {
        let ident: String
        do {
            ident = try git(["var", "GIT_AUTHOR_IDENT"], environment: ["GIT_AUTHOR_DATE": text, "TZ": "America/New_York"])
        } catch {
            return nil
        }
        let fields = ident.split(separator: " ")
        XCTAssertTrue(ident.hasPrefix("Plain Git <plain@example.org> "), ident)
        return fields.count >= 2 ? Int(fields[fields.count - 2]) : nil
    }

    func testEachFormatGivesTheMomentItNames() {
        // 2026-11-30 10:00:00 at +01:00 is 09:00 UTC.
        let moment = 1_796_029_200
        for text in [
            "@1796029200 +0100", "1796029200 +0100", "@1796029200", "1796029200", "@1796029200 -05:00",
            "2026-11-30T10:00:00+01:00", "2026-11-30 10:00:00 +0100", "2026-11-30T10:00:00+0100",
            "2026-11-30T10:00+01", "2026-11-30T10:00:00.250+01:00", "2026-11-30T09:00:00Z",
            "2026-11-30 09:00:00 UTC", "2026-11-30t09:00:00z", "2026-11-30T03:00:00-06:00",
            "Mon, 30 Nov 2026 10:00:00 +0100", "30 Nov 2026 10:00 +0100", "Monday, 30 November 2026 10:00:00 +0100",
            "mon, 30 nov 2026 09:00:00 GMT", "Mon Nov 30 10:00:00 2026 +0100", "  2026-11-30T10:00:00+01:00\n",
        ] {
            XCTAssertEqual(seconds(text), moment, text)
        }
        // Offsets with minutes, and the far ends.
        XCTAssertEqual(seconds("2026-11-30T10:00:00+05:45"), moment + 3600 - 5 * 3600 - 45 * 60)
        XCTAssertEqual(seconds("2026-11-30T10:00:00-1130"), moment + 3600 + 11 * 3600 + 30 * 60)
        XCTAssertEqual(seconds("2026-11-30 23:59:60 +0000"), seconds("2026-12-01 00:00:00 +0000"))
        // Without a zone, the time is read in the given zone (New York is -05:00 in November and
        // -04:00 in July).
        XCTAssertEqual(seconds("2026-11-30T04:00:00"), moment)
        XCTAssertEqual(seconds("30 Nov 2026 04:00:00"), moment)
        XCTAssertEqual(seconds("2026-07-01 12:00"), 1_782_921_600)
    }

    func testValuesGitRefusesAreRefused() {
        for text in [
            "", " ", "garbage", "yesterday", "now", "2026-11-30", "2026-13-30 10:00:00 +0100", "@12345",
            "12345 +0100", "99999999 +0000", "@-5 +0000", "1969-12-31T23:59:59Z", "2100-01-01T00:00:00Z",
            "Mon, 30 Nov 26 10:00:00 +0100",
        ] {
            XCTAssertNil(seconds(text), text)
        }
    }

    func testWhereGitGuessesADateThatDoesNotExistItIsRefused() {
        // git rolls these over or drops what it does not understand; a clock that is off by a
        // day or ignores half of what was set would be worse than a refusal.
        for text in [
            "2026-02-30 10:00:00 +0100", "2026-11-30 25:00:00 +0100", "2026-11-30 10:60:00 +0100",
            "2026-11-30 10:00:00 +2500", "2026-11-30 10:00:00 +0160", "2026-11-30T10:00:00+01:00 extra",
            "2026-11-30T10:00:00+01:", "Mon, 30 Nov 2026 10:00:00 +0100 (CET)", "Blursday, 30 Nov 2026 10:00:00 +0100",
            "@99999999999999 +0000",
        ] {
            XCTAssertNil(seconds(text), text)
        }
    }

    func testTheRealGitReadsTheSameMomentOrRefusesTheSameValue() throws {
        let accepted = [
            "@1796029200 +0100", "1796029200 +0100", "@1796029200", "1796029200", "@99999999 +0000",
            "2026-11-30T10:00:00+01:00", "2026-11-30 10:00:00 +0100", "2026-11-30T10:00:00Z",
            "2026-11-30T10:00:00.5-11:30", "2026-11-30 10:00", "2026-07-01T12:00:00", "2026-1-3 10:00:00 +0545",
            "Mon, 30 Nov 2026 10:00:00 +0100", "30 Nov 2026 10:00 -0800", "Mon Nov 30 10:00:00 2026 +0100",
            "Sun, 01 Mar 2026 02:30:00", "Sun, 08 Mar 2026 12:00:00", "2026-11-30 23:59:60 +0000",
        ]
        for text in accepted {
            let ours = seconds(text)
            XCTAssertNotNil(ours, text)
            XCTAssertEqual(ours, try gitSeconds(text), text)
        }
        for text in [
            " ", "garbage", "yesterday", "2026-11-30", "2026-13-30 10:00:00 +0100", "@12345", "12345 +0100",
            "1969-12-31T23:59:59Z", "2100-01-01T00:00:00Z", "Mon, 30 Nov 26 10:00:00 +0100",
        ] {
            XCTAssertNil(seconds(text), text)
            XCTAssertNil(try gitSeconds(text), "git accepts \(text)")
        }
    }

    func testFromEnvironmentTakesTheAuthorDateThenTheCommitterDateThenTheSystemClock() throws {
        let both = try Clock.fromEnvironment(
            ["GIT_AUTHOR_DATE": "@1796029200 +0100", "GIT_COMMITTER_DATE": "@1796000000 +0000"],
            timeZone: newYork)
        XCTAssertEqual(both.now.timeIntervalSince1970, 1_796_029_200)
        XCTAssertEqual(both.timeZone, newYork, "the variables give the moment, not the zone")
        let committer = try Clock.fromEnvironment(
            ["GIT_COMMITTER_DATE": "2026-11-30T10:00:00+01:00", "GIT_AUTHOR_DATE": ""],
            timeZone: newYork)
        XCTAssertEqual(committer.now.timeIntervalSince1970, 1_796_029_200, "an empty GIT_AUTHOR_DATE counts as unset")
        XCTAssertEqual(committer.today(startsAt: (0, 0)).iso, "2026-11-30")
        XCTAssertEqual(committer.today(startsAt: (5, 0)).iso, "2026-11-29", "04:00 in New York, before the day starts at 05:00")

        let before = Date()
        let system = try Clock.fromEnvironment(["GIT_AUTHOR_NAME": "Someone", "GIT_COMMITTER_DATE": ""], timeZone: newYork)
        XCTAssertGreaterThanOrEqual(system.now, before)
        XCTAssertLessThanOrEqual(system.now, Date())
        XCTAssertEqual(system.timeZone, newYork)
    }

    func testAnInvalidDateIsOneLineOfBadInputNamingTheVariable() {
        let cases: [([String: String], String)] = [
            (["GIT_AUTHOR_DATE": "next tuesday"], "GIT_AUTHOR_DATE"),
            (["GIT_COMMITTER_DATE": "2026-02-30 10:00:00 +0100"], "GIT_COMMITTER_DATE"),
            // git checks both when it commits, so a broken committer date is not hidden by a good author date.
            (["GIT_AUTHOR_DATE": "@1796029200 +0100", "GIT_COMMITTER_DATE": "soon"], "GIT_COMMITTER_DATE"),
            (["GIT_AUTHOR_DATE": "not\na date"], "GIT_AUTHOR_DATE"),
        ]
        for (environment, name) in cases {
            XCTAssertThrowsError(try Clock.fromEnvironment(environment, timeZone: newYork), "\(environment)") { error in
                guard let error = error as? JournalError, case .badInput(let message) = error else {
                    return XCTFail("not bad input: \(error)")
                }
                XCTAssertEqual(error.exitCode, 64)
                XCTAssertTrue(message.hasPrefix("invalid date format in \(name): "), message)
                XCTAssertFalse(message.contains("\n"), message)
            }
        }
    }

    func testCommitsWrittenOnTheClockFromTheEnvironmentCarryItsDate() throws {
        let environment = ["GIT_AUTHOR_DATE": "2026-11-28T23:30:00-05:00", "GIT_COMMITTER_DATE": "2026-11-28T23:30:00-05:00"]
        let clock = try Clock.fromEnvironment(environment, timeZone: zone)
        let written = try journal.add(EntryInput(title: "Late reading", hours: "1"), clock: clock, writer: writer)
        XCTAssertEqual(written.entry.date.iso, "2026-11-28")
        let dates = try git(["log", "-1", "--format=%at %ct %(trailers:key=Entry-Date,valueonly,separator=)"])
        XCTAssertEqual(dates, "1795926600 1795926600 2026-11-28\n")
        _ = try journal.declareRest(Day(iso: "2026-11-29")!, clock: clock, writer: writer)
        XCTAssertEqual(try git(["log", "-1", "--format=%at %ct %s"]), "1795926600 1795926600 Rest day 2026-11-29\n")
    }
}
