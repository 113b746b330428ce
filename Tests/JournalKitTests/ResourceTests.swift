import Foundation
import XCTest

@testable import JournalKit

final class ResourceTests: XCTestCase {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func testCompiledInTemplatesMatchTemplatesFolder() throws {
        let folder = Self.repositoryRoot.appendingPathComponent("Templates")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".md") }
        XCTAssertEqual(Set(names.map { String($0.dropLast(3)) }), Set(EmbeddedResources.templates.keys))
        for name in names {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            XCTAssertEqual(EmbeddedResources.templates[String(name.dropLast(3))], text, "run scripts/embed-resources")
        }
        for kind in Templates.entryKinds { XCTAssertNotNil(EmbeddedResources.templates[kind]) }
    }

    func testSeedsDescribeHalfAYearOfLearning() throws {
        let url = Self.repositoryRoot.appendingPathComponent("seeds/journal.seed")
        XCTAssertEqual(EmbeddedResources.seeds["journal.seed"], try String(contentsOf: url, encoding: .utf8), "run scripts/embed-resources")
        let plan = try SeedPlan.builtIn()
        let today = Day(iso: "2026-11-29")!
        var hours = 0.0
        var papers = Set<String>()
        var shipped = 0
        for item in plan.entries {
            let entry = try item.input.entry(today: today, writtenAt: Date())
            hours += entry.hours?.value ?? 0
            papers.formUnion(entry.papers.map(\.title))
            shipped += entry.shipped.count
        }
        XCTAssertEqual(plan.entries.map(\.offset).min(), -181)
        XCTAssertEqual(plan.entries.map(\.offset).max(), 0)
        XCTAssertEqual(hours, 450, accuracy: 25)
        XCTAssertGreaterThanOrEqual(papers.count, 12)
        XCTAssertGreaterThanOrEqual(shipped, 8)
    }

    func testMalformedSeedLinesAreRefusedWithTheirLineNumber() {
        XCTAssertThrowsError(try SeedPlan(parsing: "config goal.weekly-hours 12\n@-1 25:00 1 [a] Title\n")) { error in
            XCTAssertTrue("\(error)".contains("seed line 2"), "\(error)")
        }
    }
}
