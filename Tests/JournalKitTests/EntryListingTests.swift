import Foundation
import XCTest

@testable import JournalKit

final class EntryListingTests: JournalTestCase {
    func testStreamedLogJSONIsTheSameTextAsEncodingItWhole() throws {
        try add(
            "Read \"Attention\" / notes", hours: "1.5", tags: ["papers", "ml"], papers: ["Attention <https://arxiv.org/abs/1706.03762>"])
        try add("Shipped the CLI", hours: "2", date: "yesterday")
        try add("Ünïcode title", tags: ["writing"])
        let entries = try journal.history().filtered()
        XCTAssertEqual(entries.count, 3)
        let iso = ISO8601DateFormatter()
        let rows = entries.map { e in
            EntryListing.JSONEntry(
                id: e.id, kind: e.kind.rawValue, date: e.date.iso, title: e.title, hours: (e.hours * 100).rounded() / 100,
                tags: e.tags, papers: EntryListing.jsonLinks(e.papers), shipped: EntryListing.jsonLinks(e.shipped),
                commit: e.commit.hex, authored_at: iso.string(from: e.authoredAt))
        }
        var pieces: [String] = []
        try EntryListing.json(entries) { pieces.append($0) }
        XCTAssertEqual(pieces.joined(), try JSONOutput.encode(["entries": rows]))
        XCTAssertEqual(try EntryListing.json([]), try JSONOutput.encode(["entries": [EntryListing.JSONEntry]()]))
    }
}
