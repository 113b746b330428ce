import Foundation
import XCTest

@testable import GitKit

/// `Repository.readAllCommits`: read ahead on a second thread (CommitReadAhead.swift), from the
/// packs directly when hashes are not verified (PackedCommits.swift), and the same commits in the
/// same order as a depth-first walk on one thread, whichever way each commit was read.
final class HistoryReadTests: XCTestCase {
    var dir: TemporaryDirectory!
    var path: String { dir.path + "/j" }
    let author = Signature(name: "Ada", email: "ada@example.org", date: Date(timeIntervalSince1970: 1_764_400_000), offsetMinutes: 60)

    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.remove() }

    @discardableResult
    func git(_ arguments: String...) throws -> String {
        try TemporaryDirectory.git(arguments, in: path)
    }

    /// A packed history of `count` commits on a line, with a side line of three merged back every
    /// 100 commits, one message longer than a batch; then two loose commits on top. Returns HEAD.
    func makeHistory(count: Int) throws -> ObjectID {
        let repo = try Repository.create(at: path)
        let pack = try PackWriter(repository: repo)
        let tree = try pack.writeTree([TreeEntry(name: "a.md", mode: TreeEntry.fileMode, id: try pack.writeBlob(Data("a\n".utf8)))])
        var tip = try pack.writeCommit(tree: tree, parents: [], author: author, committer: author, message: "Root\n")
        for i in 1..<count {
            var message = "Entry \(i)\n\nBody \(i)\n\nEntry-Id: E\(i)\nHours: 1\n"
            if i == 500 { message = "Long\n\n" + String(repeating: "a line of a long body\n", count: 5_000) }
            if i % 100 == 0 {
                var side = tip
                for s in 0..<3 {
                    side = try pack.writeCommit(tree: tree, parents: [side], author: author, committer: author, message: "Side \(i).\(s)\n")
                }
                tip = try pack.writeCommit(tree: tree, parents: [tip, side], author: author, committer: author, message: "Merge \(i)\n")
            } else {
                tip = try pack.writeCommit(tree: tree, parents: [tip], author: author, committer: author, message: message)
            }
        }
        try pack.finish()
        try git("update-ref", "refs/heads/main", tip.hex)
        try git("reset", "-q", "--hard")
        for message in ["Loose one", "Loose two"] { try git("commit", "-q", "--allow-empty", "-m", message) }
        return try XCTUnwrap(ObjectID(hex: try git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    /// The order `readAllCommits` promises, computed from git's own list of parents.
    func depthFirst(from tip: ObjectID) throws -> [ObjectID] {
        var parents: [ObjectID: [ObjectID]] = [:]
        for line in try git("rev-list", "--parents", tip.hex).split(separator: "\n") {
            let ids = line.split(separator: " ").compactMap { ObjectID(hex: String($0)) }
            parents[ids[0]] = Array(ids.dropFirst())
        }
        var order: [ObjectID] = []
        var seen = Set<ObjectID>()
        var stack = [tip]
        while let id = stack.popLast() {
            guard seen.insert(id).inserted else { continue }
            order.append(id)
            stack.append(contentsOf: (parents[id] ?? []).reversed())
        }
        return order
    }

    func readAll(_ repo: Repository, from tip: ObjectID) throws -> [(ObjectID, [UInt8])] {
        var read: [(ObjectID, [UInt8])] = []
        try repo.readAllCommits(from: tip) { commit, message in read.append((commit.id, Array(message.bytes))) }
        return read
    }

    func testEveryCommitOnceInDepthFirstOrderWithItsMessageEitherWay() throws {
        let tip = try makeHistory(count: 1_500)
        let repo = try Repository.open(at: path)
        let expected = try depthFirst(from: tip)
        XCTAssertEqual(expected.count, 1_500 + 14 * 3 + 2)
        let throughLibgit2 = try readAll(repo, from: tip)
        let fromPacks = try Libgit2Options(verifiesObjectHashes: false).whileSet { try readAll(repo, from: tip) }
        XCTAssertEqual(throughLibgit2.map(\.0), expected)
        XCTAssertEqual(fromPacks.map(\.0), expected)
        XCTAssertEqual(fromPacks.map(\.1), throughLibgit2.map(\.1))
        for (id, message) in fromPacks where [0, 1, 2, 100, 400, 1_000].contains(expected.firstIndex(of: id)!) {
            let raw = try git("cat-file", "commit", id.hex)
            XCTAssertEqual(String(decoding: message, as: UTF8.self), String(raw[raw.range(of: "\n\n")!.upperBound...]), id.hex)
        }
        XCTAssertEqual(String(decoding: fromPacks.first!.1, as: UTF8.self), "Loose two\n")
    }

    func testTwoTipsAreReadOnceEach() throws {
        let tip = try makeHistory(count: 300)
        let repo = try Repository.open(at: path)
        let merge = try git("rev-list", "--merges", "-n", "1", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        let side = try XCTUnwrap(ObjectID(hex: try git("rev-parse", merge + "^2").trimmingCharacters(in: .whitespacesAndNewlines)))
        var ids: [ObjectID] = []
        try repo.readAllCommits(from: [tip, side]) { commit, _ in ids.append(commit.id) }
        XCTAssertEqual(ids, try depthFirst(from: tip))
    }

    func testAThrowFromTheCallerStopsTheReadAndTheNextReadWorks() throws {
        let tip = try makeHistory(count: 2_000)
        let repo = try Repository.open(at: path)
        struct Enough: Error {}
        var calls = 0
        XCTAssertThrowsError(
            try repo.readAllCommits(from: tip) { _, _ in
                calls += 1
                if calls == 300 { throw Enough() }
            }
        ) { XCTAssertTrue($0 is Enough) }
        XCTAssertEqual(calls, 300)
        XCTAssertEqual(try readAll(repo, from: tip).count, 2_000 + 19 * 3 + 2)
    }

    func testAMissingParentFailsAfterTheCommitsReadBeforeIt() throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try git("init", "-q", "-b", "main")
        let repo = try Repository.open(at: path)
        func write(_ text: String) throws -> ObjectID {
            let file = dir.path + "/commit-\(UUID().uuidString)"
            try Data(text.utf8).write(to: URL(fileURLWithPath: file))
            return try XCTUnwrap(
                ObjectID(hex: try git("hash-object", "-t", "commit", "-w", file).trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        let header = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n"
        let signature = "Ada <ada@example.org> 1764400000 +0000"
        let orphan = try write(
            header + "parent \(String(repeating: "1", count: 40))\nauthor \(signature)\ncommitter \(signature)\n\nOrphan\n")
        let child = try write(header + "parent \(orphan.hex)\nauthor \(signature)\ncommitter \(signature)\n\nChild\n")
        for verifies in [true, false] {
            var read: [ObjectID] = []
            XCTAssertThrowsError(
                try Libgit2Options(verifiesObjectHashes: verifies).whileSet {
                    try repo.readAllCommits(from: child) { commit, _ in read.append(commit.id) }
                }
            ) { XCTAssertTrue(($0 as? GitError)?.message.contains("1111111111") == true, "\($0)") }
            XCTAssertEqual(read, [child, orphan])
        }
    }

    func testDeltifiedCommitsAreLeftToLibgit2AndWholeOnesReadFromThePack() throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try git("init", "-q", "-b", "main")
        let paragraph = String(repeating: "the same long paragraph of words, again and again ", count: 20)
        for i in 1...30 { try git("commit", "-q", "--allow-empty", "-m", "Entry \(i)", "-m", paragraph) }
        try git("repack", "-q", "-a", "-d", "-f", "--window=50", "--depth=50")
        let packed = PackedCommits(objectsDirectory: path + "/.git/objects/")
        XCTAssertFalse(packed.isEmpty)
        var whole = 0
        for hex in try git("rev-list", "HEAD").split(separator: "\n") {
            let id = try XCTUnwrap(ObjectID(hex: String(hex)))
            guard let raw = packed.commit(id) else { continue }
            whole += 1
            XCTAssertEqual(String(decoding: raw, as: UTF8.self), try git("cat-file", "commit", id.hex))
        }
        XCTAssertGreaterThan(whole, 0, "the delta bases are whole commits")
        XCTAssertLessThan(whole, 30, "git made deltas of the others")
        XCTAssertEqual(packed.commitsRead, whole)
        XCTAssertNil(packed.commit(try XCTUnwrap(ObjectID(hex: String(repeating: "1", count: 40)))))
        let repo = try Repository.open(at: path)
        let tip = try XCTUnwrap(try repo.headCommitID())
        let fromPacks = try Libgit2Options(verifiesObjectHashes: false).whileSet { try readAll(repo, from: tip) }
        XCTAssertEqual(fromPacks.map(\.1), try readAll(repo, from: tip).map(\.1))
        XCTAssertEqual(fromPacks.count, 30)
    }

    func testEveryObjectOfAPackIsFoundAtTheOffsetGitGivesAndNoOther() throws {
        _ = try makeHistory(count: 3_000)
        let packs = try FileManager.default.contentsOfDirectory(atPath: path + "/.git/objects/pack").filter { $0.hasSuffix(".idx") }
        let name = try XCTUnwrap(packs.first).dropLast(4)
        let pack = try XCTUnwrap(PackFile(index: path + "/.git/objects/pack/\(name).idx", pack: path + "/.git/objects/pack/\(name).pack"))
        var objects = 0
        for line in try git("verify-pack", "-v", ".git/objects/pack/\(name).idx").split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 5, let id = ObjectID(hex: String(fields[0])) else { continue }
            var raw = id.raw
            XCTAssertEqual(withUnsafeBytes(of: &raw) { pack.offset(of: UnsafeRawBufferPointer(rebasing: $0.prefix(20))) }, Int(fields[4]))
            // The same id with its last byte changed is not in the pack.
            withUnsafeMutableBytes(of: &raw) { $0[19] ^= 0x5A }
            XCTAssertNil(withUnsafeBytes(of: &raw) { pack.offset(of: UnsafeRawBufferPointer(rebasing: $0.prefix(20))) })
            objects += 1
        }
        XCTAssertGreaterThan(objects, 3_000)
    }

    func testAnOffsetPastTwoGiBIsReadFromTheLargeOffsetTable() throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let near = [UInt8](repeating: 0x01, count: 20)
        let far = [UInt8](repeating: 0xAB, count: 20)
        // A version 2 index written here: the near id at 12, the far one through the large table.
        func word(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value.bigEndian) { Array($0) } }
        var index: [UInt8] = [0xFF, 0x74, 0x4F, 0x63] + word(2)
        for byte in 0..<256 { index += word(byte < 0x01 ? 0 : byte < 0xAB ? 1 : 2) }
        index += near + far + word(9) + word(7) + word(12) + word(0x8000_0000)
        index += word(0x1) + word(0x2345_6789) + [UInt8](repeating: 0, count: 40)
        try Data(index).write(to: URL(fileURLWithPath: path + "/p.idx"))
        try Data(Array("PACK".utf8) + [0, 0, 0, 2, 0, 0, 0, 2] + [UInt8](repeating: 0, count: 40)).write(
            to: URL(fileURLWithPath: path + "/p.pack"))
        let pack = try XCTUnwrap(PackFile(index: path + "/p.idx", pack: path + "/p.pack"))
        func offset(_ id: [UInt8]) -> Int? { id.withUnsafeBytes { pack.offset(of: $0) } }
        XCTAssertEqual(offset(near), 12)
        XCTAssertEqual(offset(far), 0x1_2345_6789)
        XCTAssertNil(offset([UInt8](repeating: 0xAC, count: 20)))
        XCTAssertNil(pack.bytes(at: 0x1_2345_6789, count: 16), "past the end of this pack")
        XCTAssertNil(PackFile(index: path + "/p.pack", pack: path + "/p.pack"), "not an index")
    }
}
