import Foundation
import XCTest

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `journal heatmap --json` cells and `journal heatmap --svg`.
final class HeatmapReportTests: JournalTestCase {
    /// The gap journal (see makeGapJournal) plus Sunday 09-27 declared a rest day, as of Tue 09-29.
    /// Four weeks: 09-07 (Mon) .. 10-04 (Sun). Daily goal 10 h / 7 = 1.43 h; levels by hours over
    /// it: 0.5 h (0.35) -> 1, 1 h (0.7) -> 2, 1.5 h (1.05) -> 3, 2.5 h (1.75) -> 4.
    /// 09-11 was bridged by the grace day banked on 09-07 (the 7th active day): "grace".
    /// 09-26 (Sat) ended the run; 09-27 is a declared rest day: "rest"; 09-28, and 09-29 (today,
    /// no entry) are "none"; 09-30 .. 10-04 are "future".
    static let expectedCells = [
        "2026-09-07 active 1 0.50", "2026-09-08 active 2 1.00", "2026-09-09 active 3 1.50", "2026-09-10 active 4 2.50",
        "2026-09-11 grace 0 0.00", "2026-09-12 active 2 1.00", "2026-09-13 active 2 1.00",
        "2026-09-14 active 2 1.00", "2026-09-15 none 0 0.00", "2026-09-16 none 0 0.00", "2026-09-17 active 2 1.00",
        "2026-09-18 active 2 1.00", "2026-09-19 active 2 1.00", "2026-09-20 active 2 1.00",
        "2026-09-21 none 0 0.00", "2026-09-22 none 0 0.00", "2026-09-23 none 0 0.00", "2026-09-24 active 2 1.00",
        "2026-09-25 active 2 1.00", "2026-09-26 none 0 0.00", "2026-09-27 rest 0 0.00",
        "2026-09-28 none 0 0.00", "2026-09-29 none 0 0.00", "2026-09-30 future 0 0.00", "2026-10-01 future 0 0.00",
        "2026-10-02 future 0 0.00", "2026-10-03 future 0 0.00", "2026-10-04 future 0 0.00",
    ]

    func makeHeatmapJournal() throws -> URL {
        let dir = try makeGapJournal()
        try journalOK(["rest", "2026-09-27"], in: dir)
        return dir
    }

    func testHeatmapJSONCellsAndLevels() throws {
        let dir = try makeHeatmapJournal()
        let map = try reportJSON(["heatmap", "--weeks", "4", "--as-of", "2026-09-29"], in: dir)
        XCTAssertEqual(map["start"] as? String, "2026-09-07")
        XCTAssertEqual(map["end"] as? String, "2026-10-04")
        XCTAssertEqual(map["daily_goal"] as? Double, 1.43)
        let cells = (map["days"] as? [[String: Any]] ?? []).map { cell -> String in
            let hours = (cell["hours"] as? Double).map { String(format: "%.2f", $0) } ?? "?"
            return "\(cell["date"] as? String ?? "?") \(cell["state"] as? String ?? "?") \(cell["level"] as? Int ?? -1) \(hours)"
        }
        XCTAssertEqual(cells, Self.expectedCells)
        // The declared rest day does not change the streak: 09-26 had already ended the run.
        try assertStreak(dir, asOf: "2026-09-29", strict: [0, 10], forgiving: [0, 13, 0], weekly: [0, 0], today: "pending")
    }

    func testHeatmapSVGIsWellFormedWithOneTitledCellPerPastDay() throws {
        let dir = try makeHeatmapJournal()
        let svgURL = tempDir.appendingPathComponent("calendar.svg")
        let out = try journalOK(["heatmap", "--weeks", "4", "--as-of", "2026-09-29", "--svg", svgURL.path], in: dir)
        XCTAssertTrue(out.stdout.contains(svgURL.path), out.stdout)
        let text = try XCTUnwrap(read(svgURL), "no SVG written")
        XCTAssertTrue(text.hasPrefix("<svg"), String(text.prefix(100)))

        let xmllint = ["/usr/bin/xmllint", "/usr/local/bin/xmllint"].first { FileManager.default.isExecutableFile(atPath: $0) }
        if let xmllint {
            let result = try runProcess(xmllint, ["--noout", svgURL.path])
            XCTAssertEqual(result.status, 0, "xmllint: \(result.stderr)")
        }
        // Well-formed XML either way (Foundation's parser), and count the day cells: a <rect> with
        // a data-date and a <title> inside, one per day up to today (09-07 .. 09-29 = 23).
        let collector = SVGCells()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = collector
        XCTAssertTrue(parser.parse(), "SVG is not well-formed XML: \(String(describing: parser.parserError))")
        XCTAssertEqual(collector.rootName, "svg")
        XCTAssertEqual(collector.titledDays.count, 23, "\(collector.titledDays)")
        XCTAssertEqual(collector.titledDays.first?.date, "2026-09-07")
        XCTAssertEqual(collector.titledDays.last?.date, "2026-09-29")
        XCTAssertEqual(Set(collector.titledDays.map(\.date)).count, 23)
        let titles = Dictionary(collector.titledDays.map { ($0.date, $0.title) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(titles["2026-09-11"], "2026-09-11: grace day")
        XCTAssertEqual(titles["2026-09-27"], "2026-09-27: rest day")
        XCTAssertEqual(titles["2026-09-15"], "2026-09-15: no entry")
        XCTAssertTrue(titles["2026-09-10"]?.hasPrefix("2026-09-10: 2.5") == true, titles["2026-09-10"] ?? "nil")
        XCTAssertNil(titles["2026-09-30"], "a future day has no cell")
        // Nothing in the journal changed.
        XCTAssertEqual(try status(dir), "")
    }
}

/// Collects the `<rect data-date=...><title>...</title></rect>` day cells of the heatmap SVG.
final class SVGCells: NSObject, XMLParserDelegate {
    var rootName: String?
    var titledDays: [(date: String, title: String)] = []
    private var currentDate: String?
    private var inTitle = false
    private var title = ""

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if rootName == nil { rootName = name }
        if name == "rect" { currentDate = attributes["data-date"] }
        if name == "title", currentDate != nil {
            inTitle = true
            title = ""
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inTitle { title += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "title", inTitle, let date = currentDate {
            titledDays.append((date, title))
            inTitle = false
        }
        if name == "rect" { currentDate = nil }
    }
}
