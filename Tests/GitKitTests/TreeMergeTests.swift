import Foundation
import XCTest

@testable import GitKit

/// `Repository.mergeTrees`, the in-memory merge behind `journal sync` (Sources/JournalKit/Sync/Sync.swift
/// unions the paths under `entries/` and rewrites day files). Each test makes two branches with the
/// real git, merges them here, and compares with `git merge` or `git merge-file --union`.
final class TreeMergeTests: XCTestCase {
    var dir: TemporaryDirectory!
    var work: String { dir.path + "/j" }
    let day = "entries/2026/11/2026-11-29.md"
    let dayBase = "# 2026-11-29\n\n## Morning\nRead a paper.\n"

    override func setUp() {
        dir = TemporaryDirectory()
        try! FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    }

    override func tearDown() { dir.remove() }

    @discardableResult
    func git(_ arguments: String...) throws -> String {
        try TemporaryDirectory.git(arguments, in: work).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func write(_ files: [String: String?]) throws {
        for (path, text) in files {
            let url = URL(fileURLWithPath: work + "/" + path)
            if let text {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url)
            } else {
                try FileManager.default.removeItem(at: url)
            }
        }
    }

    /// A base commit with `base`, then `main` with `ours` on top and `theirs` with `theirs` on top
    /// (nil deletes a file). `main` is checked out.
    func branches(base: [String: String?], ours: [String: String?], theirs: [String: String?]) throws -> (Repository, ObjectID, ObjectID) {
        try git("init", "-q", "-b", "main")
        try write(base)
        try git("add", "-A")
        try git("commit", "-q", "-m", "Base")
        try git("checkout", "-q", "-b", "theirs")
        try write(theirs)
        try git("add", "-A")
        try git("commit", "-q", "--allow-empty", "-m", "Theirs")
        try git("checkout", "-q", "main")
        try write(ours)
        try git("add", "-A")
        try git("commit", "-q", "--allow-empty", "-m", "Ours")
        return (try Repository.open(at: work), ObjectID(hex: try git("rev-parse", "main"))!, ObjectID(hex: try git("rev-parse", "theirs"))!)
    }

    func entriesUnion(_ path: String) -> Bool { path.hasPrefix("entries/") }

    /// The tree `git merge` writes, or nil when it stops on a conflict (its output then).
    func gitMerge() throws -> (tree: ObjectID?, output: String) {
        do {
            let output = try git("merge", "--no-edit", "-q", "theirs")
            return (ObjectID(hex: try git("rev-parse", "HEAD^{tree}")), output)
        } catch {
            let output = "\(error)" + (try git("status", "--porcelain"))
            try git("merge", "--abort")
            return (nil, output)
        }
    }

    /// `git merge-file --union -p` on three texts (an absent ancestor is an empty file).
    func gitUnion(base: String?, ours: String, theirs: String) throws -> Data {
        let folder = dir.path + "/merge-file"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (name, text) in [("base", base ?? ""), ("ours", ours), ("theirs", theirs)] {
            try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
        }
        return Data(try TemporaryDirectory.git(["merge-file", "--union", "-p", "ours", "base", "theirs"], in: folder).utf8)
    }

    func content(_ repo: Repository, _ tree: ObjectID?, _ path: String) throws -> String? {
        guard let blob = try repo.treeEntryID(tree: try XCTUnwrap(tree), path: path) else { return nil }
        return String(decoding: try repo.blobContent(blob), as: UTF8.self)
    }

    func testChangesInDifferentFilesMergeAsGitMergeDoesAndTouchNothing() throws {
        let (repo, ours, theirs) = try branches(
            base: [day: dayBase, "entries/2026/11/2026-11-28.md": "# 2026-11-28\n", "README.md": "# Journal\n"],
            ours: [day: dayBase + "\n## Evening\nWrote code.\n"],
            theirs: ["entries/2026/11/2026-11-28.md": "# 2026-11-28\n\n## Late\n", "README.md": "# My journal\n"])
        let outcome = try repo.mergeTrees(ours: ours, theirs: theirs, unionMerge: entriesUnion)
        XCTAssertEqual(outcome.conflicts, [])
        XCTAssertEqual(outcome.unioned, [], "nothing conflicted, nothing needed a union")
        // In memory only: HEAD, the index and the working tree are as they were.
        XCTAssertEqual(try git("rev-parse", "HEAD"), ours.hex)
        XCTAssertEqual(try git("status", "--porcelain"), "")
        XCTAssertEqual(outcome.tree, try gitMerge().tree)
        try git("fsck", "--strict", "--no-dangling")
    }

    func testSeparateHunksOfOneFileMergeWithoutAUnion() throws {
        let lines = (1...12).map { "line \($0)\n" }
        var mine = lines
        var other = lines
        mine[0] = "line 1, ours\n"
        other[11] = "line 12, theirs\n"
        let (repo, ours, theirs) = try branches(base: [day: lines.joined()], ours: [day: mine.joined()], theirs: [day: other.joined()])
        let outcome = try repo.mergeTrees(ours: ours, theirs: theirs, unionMerge: entriesUnion)
        XCTAssertEqual(outcome.conflicts, [])
        XCTAssertEqual(outcome.unioned, [])
        XCTAssertTrue(try XCTUnwrap(content(repo, outcome.tree, day)).hasPrefix("line 1, ours\n"))
        XCTAssertEqual(outcome.tree, try gitMerge().tree)
    }

    func testConflictingLinesInADayFileKeepBothSidesAsMergeFileUnionDoes() throws {
        let mine = dayBase + "\n## Evening\nWrote code.\n"
        let other = dayBase + "\n## Night\nWatched a talk.\n"
        let (repo, ours, theirs) = try branches(base: [day: dayBase], ours: [day: mine], theirs: [day: other])
        let outcome = try repo.mergeTrees(ours: ours, theirs: theirs, unionMerge: entriesUnion)
        XCTAssertEqual(outcome.conflicts, [])
        XCTAssertEqual(outcome.unioned, [day])
        let merged = try XCTUnwrap(content(repo, outcome.tree, day))
        XCTAssertEqual(Data(merged.utf8), try gitUnion(base: dayBase, ours: mine, theirs: other))
        XCTAssertTrue(merged.contains("Wrote code.") && merged.contains("Watched a talk.") && !merged.contains("<<<<<<<"), merged)
        // Without .gitattributes, git merge itself stops on this file.
        XCTAssertNil(try gitMerge().tree)
        try git("fsck", "--strict", "--no-dangling")
    }

    func testWithTheJournalsMergeUnionAttributeTheTreeIsTheOneGitMergeWrites() throws {
        let attributes = "entries/** merge=union\n"
        let mine = dayBase + "\n## Evening\nWrote code.\n"
        let other = dayBase + "\n## Night\nWatched a talk.\n"
        let (repo, ours, theirs) = try branches(
            base: [".gitattributes": attributes, day: dayBase, "README.md": "# J\n"],
            ours: [day: mine], theirs: [day: other, "README.md": "# Journal\n"])
        let outcome = try repo.mergeTrees(ours: ours, theirs: theirs, unionMerge: entriesUnion)
        XCTAssertEqual(outcome.conflicts, [])
        // libgit2 applies the attribute's union itself: no conflict reaches mergeTrees, so the
        // path is not listed in `unioned` (sync learns of day files through `rewrite` instead).
        XCTAssertEqual(outcome.unioned, [])
        XCTAssertEqual(Data(try XCTUnwrap(content(repo, outcome.tree, day)).utf8), try gitUnion(base: dayBase, ours: mine, theirs: other))
        XCTAssertEqual(outcome.tree, try gitMerge().tree)
    }

    func testAConflictOutsideTheUnionPathsStopsTheMergeAsGitMergeDoes() throws {
        let (repo, ours, theirs) = try branches(
            base: [".journal/config": "[goal]\n\tweekly-hours = 10\n", day: dayBase],
            ours: [".journal/config": "[goal]\n\tweekly-hours = 12\n", day: dayBase + "Ours.\n"],
            theirs: [".journal/config": "[goal]\n\tweekly-hours = 8\n", day: dayBase + "Theirs.\n"])
        let outcome = try repo.mergeTrees(ours: ours, theirs: theirs, unionMerge: entriesUnion)
        XCTAssertNil(outcome.tree, "no tree while a conflict is left")
        XCTAssertEqual(outcome.conflicts, [".journal/config"], "the day file is unioned, the config is not")
        XCTAssertEqual(outcome.unioned, [day])
        let merge = try gitMerge()
        XCTAssertNil(merge.tree)
        XCTAssertTrue(merge.output.contains("UU .journal/config"), merge.output)
        XCTAssertEqual(try git("rev-parse", "HEAD"), ours.hex)
    }

    func testAFileAddedOnBothSidesKeepsBothSidesLinesAndTheSameFileAddedTwiceIsKept() throws {
        let new = "entries/2026/11/2026-11-30.md"
        let twice = "entries/2026/11/2026-11-27.md"
        let mine = "# 2026-11-30\n\n## Ours\n"
        let other = "# 2026-11-30\n\n## Theirs\n"
        let (repo, ours, theirs) = try branches(
            base: [day: dayBase],
            ours: [new: mine, twice: "# Same\n"], theirs: [new: other, twice: "# Same\n"])
        let outcome = try repo.mergeTrees(ours: ours, theirs: theirs, unionMerge: entriesUnion)
        XCTAssertEqual(outcome.conflicts, [])
        XCTAssertEqual(outcome.unioned, [new])
        XCTAssertEqual(Data(try XCTUnwrap(content(repo, outcome.tree, new)).utf8), try gitUnion(base: nil, ours: mine, theirs: other))
        XCTAssertEqual(try content(repo, outcome.tree, twice), "# Same\n")
        XCTAssertNil(try gitMerge().tree, "git merge stops on the add/add conflict")

        // Outside the union paths, the same add/add is a conflict.
        let outcomeOutside = try repo.mergeTrees(ours: ours, theirs: theirs, unionMerge: { _ in false })
        XCTAssertEqual(outcomeOutside.conflicts, [new])
        XCTAssertNil(outcomeOutside.tree)
    }

    func testDeletedOnOneSideAndChangedOnTheOtherKeepsTheChangedFile() throws {
        let kept = "entries/2026/11/2026-11-28.md"
        let gone = "entries/2026/11/2026-11-27.md"
        let plain = "entries/2026/11/2026-11-26.md"
        let (repo, ours, theirs) = try branches(
            base: [day: dayBase, kept: "# 28\n", gone: "# 27\n", plain: "# 26\n"],
            ours: [kept: nil, gone: "# 27\nChanged here.\n", plain: nil],
            theirs: [kept: "# 28\nChanged there.\n", gone: nil])
        let outcome = try repo.mergeTrees(ours: ours, theirs: theirs, unionMerge: entriesUnion)
        XCTAssertEqual(outcome.conflicts, [])
        XCTAssertEqual(outcome.unioned.sorted(), [gone, kept])
        XCTAssertEqual(try content(repo, outcome.tree, kept), "# 28\nChanged there.\n", "their change survives our deletion")
        XCTAssertEqual(try content(repo, outcome.tree, gone), "# 27\nChanged here.\n", "our change survives their deletion")
        XCTAssertNil(try content(repo, outcome.tree, plain), "deleted on one side, untouched on the other: deleted")
        XCTAssertEqual(try content(repo, outcome.tree, day), dayBase)
        let merge = try gitMerge()
        XCTAssertNil(merge.tree)
        XCTAssertTrue(merge.output.contains("DU \(kept)") && merge.output.contains("UD \(gone)"), merge.output)

        // Outside the union paths both are conflicts.
        XCTAssertEqual(try repo.mergeTrees(ours: ours, theirs: theirs, unionMerge: { _ in false }).conflicts, [gone, kept])
    }

    func testRewriteIsAskedOnlyAboutFilesBothSidesChangedUnderItsFolder() throws {
        let conflicting = day
        let clean = "entries/2026/11/2026-11-28.md"
        let oneSide = "entries/2026/11/2026-11-27.md"
        let gone = "entries/2026/11/2026-11-26.md"
        let added = "entries/2026/11/2026-11-30.md"
        let same = "entries/2026/11/2026-11-25.md"
        let outside = "notes/todo.md"
        let lines = (1...12).map { "line \($0)\n" }.joined()
        let (repo, ours, theirs) = try branches(
            base: [conflicting: dayBase, clean: lines, oneSide: "# 27\n", gone: "# 26\n", same: "# 25\n", outside: lines],
            ours: [
                conflicting: dayBase + "Ours.\n", clean: "first\n" + lines, oneSide: "# 27\nOurs.\n", gone: "# 26\nOurs.\n",
                added: "# 30 ours\n", same: "# 25\nBoth.\n", outside: "first\n" + lines,
            ],
            theirs: [
                conflicting: dayBase + "Theirs.\n", clean: lines + "last\n", gone: nil, added: "# 30 theirs\n",
                same: "# 25\nBoth.\n", outside: lines + "last\n",
            ])
        var asked: [String: (base: String?, ours: String, theirs: String)] = [:]
        let outcome = try repo.mergeTrees(
            ours: ours, theirs: theirs, unionMerge: entriesUnion,
            rewrite: (
                ["entries"],
                { path, base, mine, other in
                    asked[path] = (
                        base.map { String(decoding: $0, as: UTF8.self) }, String(decoding: mine, as: UTF8.self),
                        String(decoding: other, as: UTF8.self)
                    )
                    return path == clean ? nil : Data("rewritten \(path)\n".utf8)
                }
            ))
        XCTAssertEqual(Set(asked.keys), [conflicting, clean, added], "only paths under entries/ that both sides changed differently")
        XCTAssertEqual(asked[conflicting]?.base, dayBase)
        XCTAssertEqual(asked[conflicting]?.ours, dayBase + "Ours.\n")
        XCTAssertEqual(asked[conflicting]?.theirs, dayBase + "Theirs.\n")
        XCTAssertEqual(asked[added]?.base, nil, "added on both sides: no base")
        XCTAssertEqual(outcome.conflicts, [])
        XCTAssertEqual(Set(outcome.unioned), [conflicting, added, gone])
        XCTAssertEqual(outcome.unioned.count, 3, "each path once")
        XCTAssertEqual(try content(repo, outcome.tree, conflicting), "rewritten \(conflicting)\n")
        XCTAssertEqual(try content(repo, outcome.tree, added), "rewritten \(added)\n")
        // nil keeps libgit2's merge, which is git's clean merge of the two hunks.
        XCTAssertEqual(try content(repo, outcome.tree, clean), "first\n" + lines + "last\n")
        XCTAssertEqual(try content(repo, outcome.tree, outside), "first\n" + lines + "last\n")
        XCTAssertEqual(try content(repo, outcome.tree, oneSide), "# 27\nOurs.\n")
        XCTAssertEqual(try content(repo, outcome.tree, gone), "# 26\nOurs.\n")
        XCTAssertEqual(try content(repo, outcome.tree, same), "# 25\nBoth.\n")
        try git("fsck", "--strict", "--no-dangling")
    }
}
