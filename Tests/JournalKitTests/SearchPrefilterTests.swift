import XCTest

@testable import JournalKit

/// `Journal.search` builds only the cache records its byte test lets through; it must find what
/// matching every entry of the whole history finds, for every kind of pattern.
final class SearchPrefilterTests: JournalTestCase {
    func testTheByteTestNeverLosesAMatch() throws {
        _ = try add("Read the LoRA paper", tags: ["papers"], papers: ["LoRA <https://arxiv.org/abs/2106.09685>"])
        _ = try add("Tabs and back\\slashes", body: "line one\nline two\twith a tab\r\nand CR")
        _ = try add("Ünïcode Straße", body: "İstanbul and the Kelvin sign \u{212A}")
        _ = try add("A bare link", papers: ["https://example.org/paper"])
        _ = try add("Plain", tags: ["llm"], body: "nothing else")
        let patterns = [
            "LoRA", "lora", "LoRA <https", "<https://arxiv", "paper <", "LoRA ", "\\slash", "\t", "two\twith", "line one",
            "STRASSE", "straße", "ünï", "k", "i̇", "example.org/paper", "llm", "papers", "xyz", "e", "ar", "2106",
        ]
        let history = try journal.history()
        for pattern in patterns {
            for ignoreCase in [false, true] {
                for regex in [false, true] {
                    guard let search = try? EntrySearch(pattern: pattern, ignoreCase: ignoreCase, regex: regex) else { continue }
                    let expected = search.entries(in: history, since: nil, until: nil, tag: nil).map(\.id)
                    let found = try journal.search(search, since: nil, until: nil, tag: nil).map(\.id)
                    XCTAssertEqual(found, expected, "\(pattern.debugDescription) -i \(ignoreCase) -E \(regex)")
                }
            }
        }
        // The byte test does rule records out (else it would be no faster).
        let plain = try EntrySearch(pattern: "xyz", ignoreCase: false, regex: false)
        XCTAssertNotNil(plain.prefilter)
        XCTAssertFalse(plain.mayMatch(ArraySlice(Array("E\tid\tsome other text".utf8))))
    }
}
