import Foundation
import XCTest

@testable import GitKit

/// `writeTree(files:)` and `commitOnBranch`: the same files give the tree git itself writes, the
/// commit lands on its branch with the old tip as parent, HEAD and the index are never touched,
/// and the same tree makes no commit.
final class BranchCommitTests: XCTestCase {
    var dir: TemporaryDirectory!
    var work: String { dir.path + "/j" }

    override func setUp() {
        dir = TemporaryDirectory()
        try! FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    }

    override func tearDown() { dir.remove() }

    @discardableResult
    func git(_ arguments: String...) throws -> String {
        try TemporaryDirectory.git(arguments, in: work).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    let files: [(path: String, data: Data)] = [
        ("index.html", Data("<h1>hi</h1>\n".utf8)), (".nojekyll", Data()), ("days/2026-11-29.html", Data("day\n".utf8)),
        ("tags/a/b.html", Data("deep\n".utf8)), ("days/2026-11-28.html", Data("other day\n".utf8)),
    ]

    func testTheTreeIsTheOneGitWritesForTheSameFiles() throws {
        try git("init", "-q", "-b", "main")
        let repo = try Repository.open(at: work)
        let tree = try repo.writeTree(files: files)
        // The same files through git's own index, in another folder.
        let other = dir.path + "/other"
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        _ = try TemporaryDirectory.git(["init", "-q"], in: other)
        for file in files {
            let url = URL(fileURLWithPath: other + "/" + file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.data.write(to: url)
        }
        _ = try TemporaryDirectory.git(["add", "-A"], in: other)
        XCTAssertEqual(tree.hex, try TemporaryDirectory.git(["write-tree"], in: other).trimmingCharacters(in: .whitespacesAndNewlines))
        XCTAssertEqual(
            try git("ls-tree", "-r", "--name-only", tree.hex).split(separator: "\n").map(String.init), files.map(\.path).sorted())
    }

    func testCommitsOnAnotherBranchOnlyWhenTheTreeChanges() throws {
        try git("init", "-q", "-b", "main")
        try Data("x\n".utf8).write(to: URL(fileURLWithPath: work + "/x.md"))
        try git("add", "x.md")
        try git("-c", "user.name=A", "-c", "user.email=a@example.org", "commit", "-q", "-m", "Base")
        let head = try git("rev-parse", "HEAD")
        let index = try Data(contentsOf: URL(fileURLWithPath: work + "/.git/index"))
        let repo = try Repository.open(at: work)
        let me = Signature(name: "A", email: "a@example.org", date: Date(timeIntervalSince1970: 1_796_000_000), offsetMinutes: 0)
        let first = try XCTUnwrap(
            try repo.commitOnBranch(
                "refs/heads/gh-pages", tree: try repo.writeTree(files: files), author: me, committer: me, message: "Site\n"))
        XCTAssertNil(
            try repo.commitOnBranch(
                "refs/heads/gh-pages", tree: try repo.writeTree(files: files), author: me, committer: me, message: "Site\n"),
            "the same tree makes no commit")
        let second = try XCTUnwrap(
            try repo.commitOnBranch(
                "refs/heads/gh-pages", tree: try repo.writeTree(files: Array(files.dropLast())), author: me, committer: me,
                message: "Site\n"))
        XCTAssertEqual(try git("rev-parse", "gh-pages"), second.hex)
        XCTAssertEqual(try git("rev-parse", "gh-pages^"), first.hex)
        XCTAssertEqual(try git("rev-parse", "HEAD"), head)
        XCTAssertEqual(try git("symbolic-ref", "HEAD"), "refs/heads/main")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: work + "/.git/index")), index)
        XCTAssertEqual(try git("status", "--porcelain"), "")
        XCTAssertEqual(try repo.files(in: "days", ofCommit: first).map(\.name), ["2026-11-28.html", "2026-11-29.html"])
        XCTAssertEqual(try repo.files(in: "missing", ofCommit: second).count, 0)
        _ = try git("fsck", "--strict")
        XCTAssertTrue(Repository.isValidReferenceName("refs/heads/gh-pages"))
        XCTAssertFalse(Repository.isValidReferenceName("refs/heads/bad..name"))
    }
}
