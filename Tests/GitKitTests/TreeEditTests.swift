import Foundation
import XCTest

@testable import GitKit

/// `TreeEdit` rebuilds only the folders on the edited paths. Each test edits a tree made by the real
/// git, makes the same change in git's own index (`git add`, `git write-tree`) and expects the very
/// same tree id, then runs `git fsck --strict` over every object written.
final class TreeEditTests: XCTestCase {
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

    func write(_ path: String, _ text: String) throws {
        let url = URL(fileURLWithPath: work + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// A journal-shaped repository committed by git: day files in two years, a config, an
    /// executable script and a symbolic link (whose modes an edit elsewhere must keep).
    func makeBase() throws -> (Repository, ObjectID) {
        try git("init", "-q", "-b", "main")
        try write("README.md", "# Journal\n")
        try write(".journal/config", "[goal]\n\tweekly-hours = 10\n")
        try write("entries/2025/12/2025-12-01.md", "# 2025-12-01\n\n## Old\n")
        try write("entries/2026/11/2026-11-28.md", "# 2026-11-28\n\n## Saturday\n")
        try write("entries/2026/11/2026-11-29.md", "# 2026-11-29\n\n## Sunday\n")
        try write("tools/run.sh", "#!/bin/sh\necho hi\n")
        XCTAssertEqual(chmod(work + "/tools/run.sh", 0o755), 0)
        try FileManager.default.createSymbolicLink(atPath: work + "/latest.md", withDestinationPath: "entries/2026/11/2026-11-29.md")
        try git("add", "-A")
        try git("commit", "-q", "-m", "Base")
        let repo = try Repository.open(at: work)
        return (repo, ObjectID(hex: try git("rev-parse", "HEAD^{tree}"))!)
    }

    /// The tree git's index holds now, written by git.
    func gitTree() throws -> ObjectID {
        ObjectID(hex: try git("write-tree"))!
    }

    func testEditingADeepFileMatchesGitAndKeepsUnrelatedSubtrees() throws {
        let (repo, base) = try makeBase()
        let path = "entries/2026/11/2026-11-29.md"
        let text = "# 2026-11-29\n\n## Sunday\n\n## Evening\n"
        let edit = TreeEdit(repository: repo, base: base)
        XCTAssertEqual(try edit.blobID(path: path)?.hex, try git("rev-parse", "HEAD:" + path), "unedited: the base's blob")
        let blob = try edit.set(path: path, data: Data(text.utf8))
        XCTAssertEqual(try edit.blobID(path: path), blob, "edited: the new blob")
        let tree = try edit.write()

        try write(path, text)
        try git("add", path)
        XCTAssertEqual(blob.hex, try git("rev-parse", ":" + path), "the blob git stores for the same bytes")
        XCTAssertEqual(tree, try gitTree())
        XCTAssertEqual(try repo.blobContent(try XCTUnwrap(repo.treeEntryID(tree: tree, path: path))), Data(text.utf8))

        // The folders on the path are new; everything beside them is the very same object.
        for changed in ["entries", "entries/2026", "entries/2026/11"] {
            XCTAssertNotEqual(try repo.treeEntryID(tree: tree, path: changed), try repo.treeEntryID(tree: base, path: changed), changed)
        }
        for same in ["entries/2025", "entries/2026/11/2026-11-28.md", ".journal", "tools", "README.md", "latest.md"] {
            XCTAssertNotNil(try repo.treeEntryID(tree: base, path: same), same)
            XCTAssertEqual(try repo.treeEntryID(tree: tree, path: same), try repo.treeEntryID(tree: base, path: same), same)
        }
        // The executable and the link keep their modes, as git's ls-tree shows them.
        let listing = try git("ls-tree", "-r", tree.hex)
        XCTAssertTrue(listing.contains("100755 blob"), listing)
        XCTAssertTrue(listing.contains("120000 blob"), listing)
        try git("fsck", "--strict", "--no-dangling")
    }

    func testAddingFilesInNewFoldersMatchesGitEvenBesideSimilarNames() throws {
        let (repo, base) = try makeBase()
        // "entries/2026/11.md" and "entries/2026/11-notes" sort around the folder "11" in git's order
        // (a folder sorts as if its name ended in "/"), which a new tree must follow.
        let files = [
            "entries/2027/01/2027-01-01.md": "# 2027-01-01\n",
            "entries/2026/12/2026-12-01.md": "# 2026-12-01\n",
            "entries/2026/11.md": "month notes\n",
            "entries/2026/11-notes": "more\n",
            "new/deep/down/file.md": "deep\n",
        ]
        let edit = TreeEdit(repository: repo, base: base)
        XCTAssertNil(try edit.blobID(path: "entries/2027/01/2027-01-01.md"))
        for (path, text) in files { try edit.set(path: path, data: Data(text.utf8)) }
        let tree = try edit.write()

        for (path, text) in files { try write(path, text) }
        try git("add", "-A")
        XCTAssertEqual(tree, try gitTree())
        XCTAssertEqual(try repo.treeEntryID(tree: tree, path: "entries/2026/11"), try repo.treeEntryID(tree: base, path: "entries/2026/11"))
        XCTAssertEqual(try repo.treeEntryID(tree: tree, path: "entries/2025"), try repo.treeEntryID(tree: base, path: "entries/2025"))
        try git("fsck", "--strict", "--no-dangling")
    }

    func testATreeFromNothingMatchesGitsFirstCommit() throws {
        try git("init", "-q", "-b", "main")
        let repo = try Repository.open(at: work)
        let files = [
            ".gitattributes": "entries/** merge=union\n", ".journal/config": "[day]\n", "entries/2026/11/2026-11-29.md": "# Day\n",
        ]
        let edit = TreeEdit(repository: repo, base: nil)
        XCTAssertNil(try edit.blobID(path: ".journal/config"))
        for (path, text) in files { try edit.set(path: path, data: Data(text.utf8)) }
        let tree = try edit.write()

        for (path, text) in files { try write(path, text) }
        try git("add", "-A")
        XCTAssertEqual(tree, try gitTree())
        XCTAssertEqual(
            try TreeEdit(repository: repo, base: nil).write().hex, "4b825dc642cb6eb9a060e54bf8d69288fbee4904",
            "no change on no tree: git's empty tree")
        try git("fsck", "--strict", "--no-dangling")
    }

    func testReplacingAFileMakesItARegularFileAndAnUnchangedWriteKeepsTheTree() throws {
        let (repo, base) = try makeBase()
        // Setting a file to the bytes it already holds writes the same tree.
        let same = TreeEdit(repository: repo, base: base)
        try same.set(path: "entries/2026/11/2026-11-28.md", data: Data("# 2026-11-28\n\n## Saturday\n".utf8))
        XCTAssertEqual(try same.write(), base)

        // A changed file is stored as a regular file (100644), even where an executable was.
        let edit = TreeEdit(repository: repo, base: base)
        try edit.set(path: "README.md", data: Data("# My journal\n".utf8))
        try edit.set(path: "tools/run.sh", data: Data("#!/bin/sh\necho bye\n".utf8))
        let tree = try edit.write()

        try write("README.md", "# My journal\n")
        try write("tools/run.sh", "#!/bin/sh\necho bye\n")
        XCTAssertEqual(chmod(work + "/tools/run.sh", 0o644), 0)
        try git("add", "-A")
        XCTAssertEqual(tree, try gitTree())
        XCTAssertEqual(try git("ls-tree", tree.hex, "tools/run.sh").prefix(6), "100644")
        try git("fsck", "--strict", "--no-dangling")
    }

    func testAFileReplacesAFolderAndAFolderReplacesAFileAsInGit() throws {
        let (repo, base) = try makeBase()
        // TreeEdit has no removal: a path set over a folder replaces the whole folder, and a path
        // below a file turns that file into a folder. Git's index does the same after `git rm`.
        let edit = TreeEdit(repository: repo, base: base)
        try edit.set(path: "entries/2025", data: Data("was a folder\n".utf8))
        try edit.set(path: "README.md/part.md", data: Data("was a file\n".utf8))
        let tree = try edit.write()

        try git("rm", "-q", "-r", "entries/2025", "README.md")
        try write("entries/2025", "was a folder\n")
        try write("README.md/part.md", "was a file\n")
        try git("add", "-A")
        XCTAssertEqual(tree, try gitTree())
        XCTAssertNil(try repo.treeEntryID(tree: tree, path: "entries/2025/12"), "nothing of the old folder is left")
        try git("fsck", "--strict", "--no-dangling")
    }
}
