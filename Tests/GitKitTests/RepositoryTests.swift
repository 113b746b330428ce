import Foundation
import XCTest

@testable import GitKit

final class RepositoryTests: XCTestCase {
    var dir: TemporaryDirectory!
    let when = Date(timeIntervalSince1970: 1_764_400_000)

    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.remove() }

    func signature(_ date: Date? = nil, offset: Int = 60) -> Signature {
        Signature(name: "Ada", email: "ada@example.org", date: date ?? when, offsetMinutes: offset)
    }

    func commitFile(_ repo: Repository, _ path: String, _ text: String, message: String, offset: Int = 60) throws -> ObjectID {
        let index = try repo.index()
        try index.add(path: path, data: Data(text.utf8))
        let tree = try index.writeTree()
        try index.write()
        let parents = try repo.headCommitID().map { [$0] } ?? []
        return try repo.createCommit(
            tree: tree, parents: parents, author: signature(offset: offset),
            committer: signature(offset: offset), message: message)
    }

    func testFirstCommitOnUnbornHeadHasNoParentsAndRealGitAgrees() throws {
        let repo = try Repository.create(at: dir.path + "/j")
        XCTAssertTrue(repo.isHeadUnborn)
        XCTAssertNil(try repo.headCommitID())
        XCTAssertEqual(try repo.headBranchName(), "main")
        let id = try commitFile(repo, "a.md", "hello\n", message: "First\n")
        XCTAssertEqual(try repo.headCommitID(), id)
        XCTAssertEqual(try repo.commit(id).parentIDs, [])
        let log = try TemporaryDirectory.git(["log", "--format=%H %P|%an|%ai"], in: dir.path + "/j")
        XCTAssertEqual(log.trimmingCharacters(in: .whitespacesAndNewlines), "\(id.hex) |Ada|2025-11-29 08:06:40 +0100")
        try TemporaryDirectory.git(["fsck", "--strict"], in: dir.path + "/j")
    }

    func testSecondCommitChainsToTheFirstAndBlobsReadBack() throws {
        let repo = try Repository.create(at: dir.path + "/j")
        let first = try commitFile(repo, "entries/a.md", "one\n", message: "One\n")
        let second = try commitFile(repo, "entries/a.md", "one\ntwo\n", message: "Two\n")
        XCTAssertEqual(try repo.commit(second).parentIDs, [first])
        XCTAssertEqual(try repo.blobContent(commit: second, path: "entries/a.md"), Data("one\ntwo\n".utf8))
        XCTAssertNil(try repo.blobContent(commit: second, path: "entries/missing.md"))
        XCTAssertNotEqual(try repo.treeEntryID(commit: first, path: "entries"), try repo.treeEntryID(commit: second, path: "entries"))
        XCTAssertTrue(try repo.isAncestor(first, of: second))
        XCTAssertFalse(try repo.isAncestor(second, of: first))
    }

    func testCommitFailsWithModifiedWhenHeadMovedUnderIt() throws {
        let repo = try Repository.create(at: dir.path + "/j")
        let first = try commitFile(repo, "a.md", "one\n", message: "One\n")
        _ = try commitFile(repo, "a.md", "two\n", message: "Two\n")
        let tree = try repo.commit(first).treeID
        XCTAssertThrowsError(
            try repo.createCommit(
                tree: tree, parents: [first], author: signature(), committer: signature(),
                message: "Stale\n")
        ) { error in
            XCTAssertTrue((error as? GitError)?.isModified == true, "\(error)")
        }
    }

    func testWalkIsNewestFirstAndHidesWhatIsAsked() throws {
        let repo = try Repository.create(at: dir.path + "/j")
        var ids: [ObjectID] = []
        for n in 0..<4 { ids.append(try commitFile(repo, "a.md", "\(n)\n", message: "C\(n)\n")) }
        var walked: [ObjectID] = []
        try repo.walkCommits(from: ids[3]) {
            walked.append($0)
            return true
        }
        XCTAssertEqual(walked, ids.reversed())
        walked = []
        try repo.walkCommits(from: ids[3], hiding: ids[1]) {
            walked.append($0)
            return true
        }
        XCTAssertEqual(walked, [ids[3], ids[2]])
    }

    func testAuthorOffsetSurvivesTheRoundTrip() throws {
        let repo = try Repository.create(at: dir.path + "/j")
        let east = try commitFile(repo, "a.md", "1\n", message: "East\n", offset: 13 * 60)
        let west = try commitFile(repo, "a.md", "2\n", message: "West\n", offset: -11 * 60)
        XCTAssertEqual(try repo.commit(east).author.offsetMinutes, 780)
        XCTAssertEqual(try repo.commit(west).author.offsetMinutes, -660)
        let dates = try TemporaryDirectory.git(["log", "--format=%ai"], in: dir.path + "/j")
        XCTAssertTrue(dates.contains("-1100") && dates.contains("+1300"), dates)
    }

    func testOpenDoesNotSearchParentFolders() throws {
        _ = try Repository.create(at: dir.path + "/j")
        try FileManager.default.createDirectory(atPath: dir.path + "/j/sub", withIntermediateDirectories: true)
        XCTAssertThrowsError(try Repository.open(at: dir.path + "/j/sub")) { error in
            XCTAssertTrue((error as? GitError)?.isNotFound == true, "\(error)")
        }
        XCTAssertThrowsError(try Repository.open(at: dir.path + "/nothing-here"))
    }

    func testDetachedHeadAndMergeInProgressAreSeen() throws {
        let path = dir.path + "/j"
        let repo = try Repository.create(at: path)
        let id = try commitFile(repo, "a.md", "1\n", message: "One\n")
        XCTAssertFalse(repo.isHeadDetached)
        XCTAssertNil(repo.operationInProgress)
        try (id.hex + "\n").write(toFile: path + "/.git/MERGE_HEAD", atomically: true, encoding: .utf8)
        XCTAssertEqual(try Repository.open(at: path).operationInProgress, "merge")
        try FileManager.default.removeItem(atPath: path + "/.git/MERGE_HEAD")
        try TemporaryDirectory.git(["checkout", "-q", "--detach"], in: path)
        XCTAssertTrue(try Repository.open(at: path).isHeadDetached)
    }

    func testIndexLockMakesIndexWriteFailWithLocked() throws {
        let path = dir.path + "/j"
        let repo = try Repository.create(at: path)
        _ = try commitFile(repo, "a.md", "1\n", message: "One\n")
        FileManager.default.createFile(atPath: path + "/.git/index.lock", contents: Data())
        let index = try repo.index()
        try index.add(path: "b.md", data: Data("b\n".utf8))
        XCTAssertThrowsError(try index.write()) { error in
            XCTAssertTrue((error as? GitError)?.isLocked == true, "\(error)")
        }
    }
}
