import Clibgit2
import Foundation
import XCTest

@testable import GitKit

final class Libgit2OptionsTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.remove() }

    /// The three settings libgit2 1.5 can report, read straight from libgit2.
    func libgit2Reports() throws -> (cache: Int, window: Int, mapped: Int) {
        var used = 0
        var cache = 0
        var window = 0
        var mapped = 0
        XCTAssertEqual(journal_git_get_cached_memory(&used, &cache), 0)
        XCTAssertEqual(journal_git_get_mwindow_size(&window), 0)
        XCTAssertEqual(journal_git_get_mwindow_mapped_limit(&mapped), 0)
        return (cache, window, mapped)
    }

    func testTheOptionsAreInEffectInsideAndTheOldValuesAreBackAfter() throws {
        let before = try Libgit2Options.current()
        let reportedBefore = try libgit2Reports()
        XCTAssertEqual(before.objectCacheBytes, reportedBefore.cache)
        XCTAssertEqual(before.packWindowBytes, reportedBefore.window)
        XCTAssertEqual(before.packMappedLimitBytes, reportedBefore.mapped)
        // libgit2's documented defaults, for the two it cannot report.
        XCTAssertEqual(before.commitCacheLimitBytes, 4096)
        XCTAssertEqual(before.verifiesObjectHashes, true)

        let wanted = Libgit2Options(
            objectCacheBytes: 3 << 20, commitCacheLimitBytes: 0, verifiesObjectHashes: false,
            packWindowBytes: 1 << 20, packMappedLimitBytes: 5 << 20)
        XCTAssertNotEqual(before, wanted)
        let inside = try wanted.whileSet { () -> (Libgit2Options, (cache: Int, window: Int, mapped: Int)) in
            (try Libgit2Options.current(), try libgit2Reports())
        }
        XCTAssertEqual(inside.0, wanted)
        XCTAssertEqual(inside.1.cache, 3 << 20)
        XCTAssertEqual(inside.1.window, 1 << 20)
        XCTAssertEqual(inside.1.mapped, 5 << 20)

        XCTAssertEqual(try Libgit2Options.current(), before)
        let reportedAfter = try libgit2Reports()
        XCTAssertEqual(reportedAfter.cache, reportedBefore.cache)
        XCTAssertEqual(reportedAfter.window, reportedBefore.window)
        XCTAssertEqual(reportedAfter.mapped, reportedBefore.mapped)
    }

    func testOptionsLeftOutAreNotTouchedAndABodyThatThrowsStillRestores() throws {
        struct Stop: Error {}
        let before = try Libgit2Options.current()
        XCTAssertThrowsError(
            try Libgit2Options(packWindowBytes: 2 << 20).whileSet {
                var inside = before
                inside.packWindowBytes = 2 << 20
                XCTAssertEqual(try Libgit2Options.current(), inside)
                XCTAssertEqual(try libgit2Reports().window, 2 << 20)
                throw Stop()
            }
        ) { XCTAssertTrue($0 is Stop, "\($0)") }
        XCTAssertEqual(try Libgit2Options.current(), before)
        XCTAssertEqual(try libgit2Reports().window, before.packWindowBytes)
    }

    func testANestedScopeGivesBackTheOuterScopesValues() throws {
        let before = try Libgit2Options.current()
        try Libgit2Options(objectCacheBytes: 64 << 20).whileSet {
            try Libgit2Options(objectCacheBytes: 8 << 20, verifiesObjectHashes: false).whileSet {
                XCTAssertEqual(try libgit2Reports().cache, 8 << 20)
                XCTAssertEqual(try Libgit2Options.current().verifiesObjectHashes, false)
            }
            XCTAssertEqual(try libgit2Reports().cache, 64 << 20)
            XCTAssertEqual(try Libgit2Options.current().verifiesObjectHashes, true)
        }
        XCTAssertEqual(try Libgit2Options.current(), before)
    }

    /// Hash verification has no getter in libgit2 1.5: its effect is checked on a corrupt object.
    func testHashVerificationIsOffOnlyInsideTheScope() throws {
        let path = dir.path + "/j"
        try TemporaryDirectory.git(["init", "-q", path], in: dir.path)
        try "first\n".write(toFile: dir.path + "/a", atomically: true, encoding: .utf8)
        try "second\n".write(toFile: dir.path + "/b", atomically: true, encoding: .utf8)
        let first = try TemporaryDirectory.git(["hash-object", "-w", dir.path + "/a"], in: path).trimmingCharacters(in: .newlines)
        let second = try TemporaryDirectory.git(["hash-object", "-w", dir.path + "/b"], in: path).trimmingCharacters(in: .newlines)
        // The loose object stored under the first id now holds the second blob.
        func loose(_ hex: String) -> String { path + "/.git/objects/" + hex.prefix(2) + "/" + hex.dropFirst(2) }
        try FileManager.default.removeItem(atPath: loose(first))
        try FileManager.default.copyItem(atPath: loose(second), toPath: loose(first))
        XCTAssertThrowsError(try TemporaryDirectory.git(["fsck"], in: path))  // git sees the damage too

        let id = try XCTUnwrap(ObjectID(hex: first))
        XCTAssertThrowsError(try Repository.open(at: path).blobContent(id)) { error in
            XCTAssertTrue("\(error)".contains("hash mismatch"), "\(error)")
        }
        let unchecked = try Libgit2Options(verifiesObjectHashes: false).whileSet {
            try Repository.open(at: path).blobContent(id)
        }
        XCTAssertEqual(unchecked, Data("second\n".utf8))
        XCTAssertThrowsError(try Repository.open(at: path).blobContent(id))
    }
}
