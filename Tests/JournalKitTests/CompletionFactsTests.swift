import Foundation
import XCTest

@testable import JournalKit

final class CompletionFactsTests: JournalTestCase {
    var cacheDirectory: String { journal.repository.gitDirectory + "journal" }

    func testTagsComeMostUsedFirstThenByNameWithTheCacheOrWithout() throws {
        _ = try add("One", hours: "1", tags: ["zeta", "llm"])
        _ = try add("Two", hours: "1", tags: ["llm", "alpha"])
        _ = try add("Three", hours: "1", tags: ["llm", "zeta"])
        _ = try add("Four", hours: "1", tags: ["beta"])
        let expected = ["llm", "zeta", "alpha", "beta"]
        XCTAssertEqual(try journal.tagsByUse(), expected)
        // The same from a cache built anew, and when its file cannot be read at all.
        try FileManager.default.removeItem(atPath: cacheDirectory)
        XCTAssertEqual(try journal.tagsByUse(), expected)
        try Data("damaged".utf8).write(to: URL(fileURLWithPath: cacheDirectory + "/history"))
        XCTAssertEqual(try journal.tagsByUse(), expected)
    }

    func testRecentEntriesAreTheNewestWithTheirShortIDsAndTitles() throws {
        var written: [WrittenEntry] = []
        for number in 1...5 { written.append(try add("Entry \(number)", hours: "1")) }
        let recent = try journal.recentEntries(limit: 3)
        XCTAssertEqual(recent.map(\.title), ["Entry 5", "Entry 4", "Entry 3"])
        let history = try journal.history()
        let shortIDs = ShortIDs(history)
        XCTAssertEqual(recent.map(\.shortID), written.reversed().prefix(3).map { shortIDs.short($0.entry.id) })
        for choice in recent {
            XCTAssertEqual(try history.entry(named: choice.shortID).title, choice.title, "a short id names its entry")
        }
        XCTAssertEqual(try journal.recentEntries(limit: 10).map(\.title), (1...5).reversed().map { "Entry \($0)" })
        // The same when the cache has to be rebuilt.
        try FileManager.default.removeItem(atPath: cacheDirectory)
        XCTAssertEqual(try journal.recentEntries(limit: 3), recent)
    }
}
