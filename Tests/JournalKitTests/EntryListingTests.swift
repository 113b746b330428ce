import Foundation
import XCTest

@testable import JournalKit

final class EntryListingTests: JournalTestCase {
    func testStreamedLogJSONIsTheSameTextAsEncodingItWhole() throws {
        try add(
            "Read \"Attention\" / notes", hours: "1.5", tags: ["papers", "ml"], papers: ["Attention <https://arxiv.org/abs/1706.03762>"])
        try add("Shipped the CLI", hours: "2", date: "yesterday")
        try add("Ünïcode title", tags: ["writing"])
        let history = try journal.history()
        let entries = history.filtered()
        let shortIDs = ShortIDs(history)
        XCTAssertEqual(entries.count, 3)
        let iso = ISO8601DateFormatter()
        let rows = entries.map { e in
            EntryListing.JSONEntry(
                id: e.id, short_id: shortIDs.short(e.id), kind: e.kind.rawValue, date: e.date.iso, title: e.title, body: e.body,
                hours: e.hours > 0 ? Hours.json(e.hours) : nil, tags: e.tags, papers: EntryListing.jsonLinks(e.papers),
                shipped: EntryListing.jsonLinks(e.shipped),
                commit: e.commit.hex, authored_at: iso.string(from: e.authoredAt))
        }
        var pieces: [String] = []
        try EntryListing.json(entries, shortIDs: shortIDs) { pieces.append($0) }
        XCTAssertEqual(pieces.joined(), try JSONOutput.encode(["entries": rows]))
        XCTAssertEqual(try EntryListing.json([], shortIDs: shortIDs), try JSONOutput.encode(["entries": [EntryListing.JSONEntry]()]))
        XCTAssertEqual(try EntryListing.json([], shortIDs: shortIDs), "{\n  \"entries\" : []\n}\n")
    }

    func testEmptyArraysAndObjectsAreCompactedOutsideStringsOnly() {
        XCTAssertEqual(JSONOutput.compactingEmpty("{\n  \"a\" : [\n\n  ],\n  \"b\" : {\n\n  }\n}"), "{\n  \"a\" : [],\n  \"b\" : {}\n}")
        XCTAssertEqual(JSONOutput.compactingEmpty(#"{"t" : "[  ] \" [ ]"}"#), #"{"t" : "[  ] \" [ ]"}"#)
        XCTAssertEqual(JSONOutput.compactingEmpty("[\n  1\n]"), "[\n  1\n]")
    }
}
