import Foundation
import XCTest

/// A long first push goes to git:// in fast-forward steps (`JOURNAL_SYNC_PUSH_STEP` commits each,
/// a few here), so a sync cut off midway leaves the remote at its last step and the next one goes
/// on from there. The remote is checked with the real git.
final class SyncStepTests: ServerTestCase {
    override var repoPrefix: String { "steps" }

    /// A journal with `count` entries (plus its first commit), remote added.
    func journalWithEntries(_ count: Int) throws -> URL {
        let dir = try makeJournal()
        try journalOK(["remote", "add", servers.gitURL + "/" + repoName], in: dir)
        for i in 1...count { try journalOK(["add", "Entry \(i)", "--hours", "1"], in: dir) }
        return dir
    }

    func remoteTip() throws -> String {
        try gitOK(["rev-parse", "main"], in: bare).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A pre-receive hook that appends each update it is asked for to `log` (and runs `more` after).
    func logPushes(to log: URL, more: String = "") throws {
        let hook = bare.appendingPathComponent("hooks/pre-receive")
        try "#!/bin/sh\ncat >> '\(log.path)'\n\(more)".write(to: hook, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
    }

    func testAFirstSyncGoesInFastForwardStepsAndEndsEqualToLocal() throws {
        let dir = try journalWithEntries(7)
        let log = path("pushes.log")
        try logPushes(to: log)
        let out = try journalOK(["sync"], in: dir, env: ["JOURNAL_SYNC_PUSH_STEP": "3"]).stdout
        XCTAssertTrue(out.contains("Sent 8 commits to origin"), out)
        XCTAssertEqual(try remoteTip(), try head(dir))
        // 8 commits in steps of 3: the 3rd, the 6th, then the tip; each step starts where the last ended.
        let updates = try XCTUnwrap(read(log)).split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        XCTAssertEqual(updates.count, 3, "\(updates)")
        XCTAssertEqual(updates.first?.first, String(repeating: "0", count: 40))
        for (earlier, later) in zip(updates, updates.dropFirst()) { XCTAssertEqual(earlier[1], later[0]) }
        let line = try gitOK(["rev-list", "--reverse", "HEAD"], in: dir).split(separator: "\n").map(String.init)
        XCTAssertEqual(updates.map { $0[1] }, [line[2], line[5], line[7]])
        XCTAssertEqual(try gitOK(["for-each-ref", "refs/journal"], in: dir), "", "the step ref is removed")
        XCTAssertEqual(try entryIDs(bare, "main"), try entryIDs(dir))
        try assertFsckClean(bare)
        XCTAssertTrue(try journalOK(["status"], in: dir).stdout.contains("up to date with origin"))
    }

    func testAFirstSyncKilledAfterAStepGoesOnFromWhatTheRemoteHas() throws {
        let dir = try journalWithEntries(9)
        let killed = try run(
            ["sync", "--journal", dir.path], env: ["JOURNAL_SYNC_PUSH_STEP": "4", "JOURNAL_FAULT_POINT": "after-push-step"])
        XCTAssertNotEqual(killed.status, 0)
        // The remote has the first step: an ancestor of local, 4 commits.
        let partial = try remoteTip()
        XCTAssertNotEqual(partial, try head(dir))
        XCTAssertEqual(try git(["merge-base", "--is-ancestor", partial, "HEAD"], in: dir).status, 0)
        XCTAssertEqual(try gitOK(["rev-list", "--count", "main"], in: bare), "4\n")
        try assertFsckClean(bare)

        let out = try journalOK(["sync"], in: dir, env: ["JOURNAL_SYNC_PUSH_STEP": "4"]).stdout
        XCTAssertTrue(out.contains("Sent 6 commits to origin"), out)
        XCTAssertEqual(try remoteTip(), try head(dir))
        XCTAssertEqual(try gitOK(["for-each-ref", "refs/journal"], in: dir), "")
        XCTAssertEqual(try entryIDs(bare, "main"), try entryIDs(dir))
        try assertFsckClean(bare)
    }

    func testAFirstSyncRefusedMidwayKeepsItsStepsAndTheNextSyncSendsTheRest() throws {
        let dir = try journalWithEntries(5)
        let log = path("pushes.log")
        // The server takes the first push and refuses every later one.
        try logPushes(to: log, more: "test $(wc -l < '\(log.path)') -le 1 || { echo 'no more today' >&2; exit 1; }\n")
        let failed = try run(["sync", "--journal", dir.path], env: ["JOURNAL_SYNC_PUSH_STEP": "2"])
        XCTAssertEqual(failed.status, 69, failed.stderr)
        XCTAssertTrue(failed.stderr.contains("no more today"), failed.stderr)
        XCTAssertEqual(try gitOK(["rev-list", "--count", "main"], in: bare), "2\n")

        try FileManager.default.removeItem(at: bare.appendingPathComponent("hooks/pre-receive"))
        let out = try journalOK(["sync"], in: dir, env: ["JOURNAL_SYNC_PUSH_STEP": "2"]).stdout
        XCTAssertTrue(out.contains("Sent 4 commits to origin"), out)
        XCTAssertEqual(try remoteTip(), try head(dir))
        XCTAssertEqual(try entryIDs(bare, "main"), try entryIDs(dir))
        try assertFsckClean(bare)
    }
}
