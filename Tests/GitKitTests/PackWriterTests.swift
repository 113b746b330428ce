import Foundation
import XCTest

@testable import GitKit

final class PackWriterTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.remove() }

    let author = Signature(name: "Ada", email: "ada@example.org", date: Date(timeIntervalSince1970: 1_764_400_000), offsetMinutes: -300)

    func testObjectsWrittenIntoAPackHaveGitsIdsAndPassFsck() throws {
        let path = dir.path + "/j"
        let repo = try Repository.create(at: path)
        let pack = try PackWriter(repository: repo)
        let text = Data("# Sunday\n\n## Entry\n".utf8)
        let blob = try pack.writeBlob(text)
        // The same object twice is stored once.
        XCTAssertEqual(try pack.writeBlob(text), blob)
        let big = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let bigBlob = try pack.writeBlob(big)
        let month = try pack.writeTree([
            TreeEntry(name: "2026-11-29.md", mode: TreeEntry.fileMode, id: blob),
            TreeEntry(name: "2026-11-02.md", mode: TreeEntry.fileMode, id: bigBlob),
        ])
        // Names that sort differently as trees ("a.b" before "a/" but after "a" as a file).
        let root = try pack.writeTree([
            TreeEntry(name: "entries", mode: TreeEntry.treeMode, id: month),
            TreeEntry(name: "entries.md", mode: TreeEntry.fileMode, id: blob),
            TreeEntry(name: ".journal", mode: TreeEntry.treeMode, id: month),
        ])
        let first = try pack.writeCommit(tree: root, parents: [], author: author, committer: author, message: "First\n\nEntry-Id: X1\n")
        let second = try pack.writeCommit(tree: month, parents: [first], author: author, committer: author, message: "Second\n")
        XCTAssertEqual(pack.count, 6)
        try pack.finish()

        // The ids are git's own, and the objects are readable by libgit2 at once.
        XCTAssertEqual(blob, try ObjectID.blob(text))
        XCTAssertEqual(try repo.blobContent(bigBlob), big)
        XCTAssertEqual(try repo.commit(second).parentIDs, [first])
        try TemporaryDirectory.git(["update-ref", "refs/heads/main", second.hex], in: path)
        XCTAssertEqual(try TemporaryDirectory.git(["cat-file", "-p", "\(first.hex):entries.md"], in: path), "# Sunday\n\n## Entry\n")
        XCTAssertEqual(
            try TemporaryDirectory.git(["log", "--format=%s %an %ad", "--date=raw"], in: path),
            "Second Ada 1764400000 -0500\nFirst Ada 1764400000 -0500\n")
        XCTAssertEqual(try TemporaryDirectory.git(["ls-tree", "--name-only", first.hex], in: path), ".journal\nentries.md\nentries\n")
        try TemporaryDirectory.git(["fsck", "--strict", "--no-dangling"], in: path)
        let packs = try FileManager.default.contentsOfDirectory(atPath: path + "/.git/objects/pack")
        XCTAssertEqual(packs.filter { $0.hasSuffix(".idx") }.count, 1, "\(packs)")
        XCTAssertFalse(packs.contains { $0.hasPrefix("tmp-") }, "\(packs)")
        let verify = try TemporaryDirectory.git(
            ["verify-pack", "-v", ".git/objects/pack/" + packs.first { $0.hasSuffix(".idx") }!], in: path)
        XCTAssertTrue(verify.contains("non delta: 6 objects"), verify)
    }

    func testAnAbandonedPackLeavesNothingBehind() throws {
        let path = dir.path + "/j"
        let repo = try Repository.create(at: path)
        let pack = try PackWriter(repository: repo)
        try pack.writeBlob(Data("x".utf8))
        pack.abandon()
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: path + "/.git/objects/pack"), [])
    }

    func testOffsetsPastTwoGiBGoToTheLargeOffsetTable() throws {
        let small = [UInt8](repeating: 0x01, count: 20)
        let large = [UInt8](repeating: 0xAB, count: 20)
        let far: UInt64 = 0x1_2345_6789
        let bytes = try PackWriter.indexBytes(
            records: [
                (try XCTUnwrap(ObjectID(hex: String(repeating: "ab", count: 20))), 7, far),
                (try XCTUnwrap(ObjectID(hex: String(repeating: "01", count: 20))), 9, 12),
            ], packChecksum: [UInt8](repeating: 0, count: 20))
        func word(_ at: Int) -> UInt32 { bytes[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) } }
        let count = 2
        let tables = 8 + 256 * 4
        XCTAssertEqual(word(8 + 255 * 4), UInt32(count))  // fan-out total
        XCTAssertEqual(Array(bytes[tables..<tables + 20]), small)  // ids sorted
        let offsets = tables + count * 20 + count * 4
        XCTAssertEqual(word(offsets), 12)  // the small one, as is
        XCTAssertEqual(word(offsets + 4), 0x8000_0000)  // the far one: index 0 of the large table
        XCTAssertEqual(word(offsets + 8), UInt32(far >> 32))
        XCTAssertEqual(word(offsets + 12), UInt32(far & 0xFFFF_FFFF))
        XCTAssertEqual(bytes.count, offsets + 16 + 20 + 20)
    }
}
