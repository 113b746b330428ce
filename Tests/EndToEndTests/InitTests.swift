import Foundation
import XCTest

final class InitTests: JournalTestCase {
    func testInitMakesARepositoryWithOneCommitAndTheJournalFiles() throws {
        let dir = path("journal")
        let result = try run(["init", dir.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "")

        let log = try gitOK(["log", "--oneline"], in: dir)
        XCTAssertEqual(log.split(separator: "\n").count, 1, "one commit expected, got: \(log)")
        let tracked = try gitOK(["ls-files"], in: dir).split(separator: "\n").map(String.init).sorted()
        XCTAssertEqual(tracked, [".gitattributes", ".gitignore", ".journal/config"])

        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent(".journal/config").path))
        let attributes = read(dir.appendingPathComponent(".gitattributes")) ?? ""
        XCTAssertTrue(attributes.split(separator: "\n").contains("entries/** merge=union"), attributes)
        let ignore = read(dir.appendingPathComponent(".gitignore")) ?? ""
        XCTAssertTrue(ignore.split(separator: "\n").contains(".journal/drafts/"), ignore)
        // git itself reads the config and the attribute.
        XCTAssertEqual(try gitOK(["config", "-f", ".journal/config", "goal.weekly-hours"], in: dir), "10\n")
        XCTAssertEqual(
            try gitOK(["check-attr", "merge", "--", "entries/2026/01/2026-01-01.md"], in: dir),
            "entries/2026/01/2026-01-01.md: merge: union\n")

        XCTAssertEqual(try status(dir), "")
        try assertFsckClean(dir)
        XCTAssertEqual(try gitOK(["log", "-1", "--format=%an <%ae>"], in: dir), "\(Self.userName) <\(Self.userEmail)>\n")
    }

    func testInitTwiceOnTheSameFolderFailsAndChangesNothing() throws {
        let dir = try makeJournal()
        let stderr = try assertRefused(["init", dir.path], in: dir)
        XCTAssertTrue(stderr.contains("already a journal"), stderr)
        XCTAssertEqual(try commitCount(dir), 1)
    }

    func testInitOfANonEmptyFolderFailsAndLeavesItUnchanged() throws {
        let dir = path("busy")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "my notes\n".write(to: dir.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let stderr = try assertRefused(["init", dir.path], in: dir)
        XCTAssertTrue(stderr.contains("not empty"), stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["notes.txt"])
        XCTAssertEqual(read(dir.appendingPathComponent("notes.txt")), "my notes\n")
    }

    func testInitIntoAnEmptyExistingFolderWorks() throws {
        let dir = path("empty")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        XCTAssertEqual(try run(["init", dir.path]).status, 0)
        XCTAssertEqual(try commitCount(dir), 1)
        try assertFsckClean(dir)
    }

    func testInitUsesJournalDirWhenNoFolderIsGiven() throws {
        let dir = path("from-env")
        let result = try run(["init"], env: ["JOURNAL_DIR": dir.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try commitCount(dir), 1)
    }
}
