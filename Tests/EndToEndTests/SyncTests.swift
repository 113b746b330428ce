import Foundation
import XCTest

/// Sync through a remote on the local disk (libgit2's local transport): the merge, push and
/// failure rules, checked with the real git on both sides. The same flows over git://, http(s)://
/// and ssh:// are in SyncServerTests.
final class SyncTests: JournalTestCase {
    /// A bare remote, a "laptop" journal pushed to it with init --remote, and a "work" clone of it.
    func twoMachines() throws -> (remote: URL, laptop: URL, work: URL) {
        let remote = try makeBare()
        let laptop = path("laptop")
        let work = path("work")
        let created = try run(["init", laptop.path, "--remote", remote.path])
        XCTAssertEqual(created.status, 0, created.stderr)
        let cloned = try run(["clone", remote.path, work.path])
        XCTAssertEqual(cloned.status, 0, cloned.stderr)
        return (remote, laptop, work)
    }

    func testInitWithRemotePushesTheNewJournal() throws {
        let remote = try makeBare()
        let dir = path("laptop")
        let result = try run(["init", dir.path, "--remote", remote.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try gitOK(["rev-parse", "refs/heads/main"], in: remote), try head(dir) + "\n")
        XCTAssertEqual(try gitOK(["config", "branch.main.remote"], in: dir), "origin\n")
        XCTAssertEqual(try gitOK(["remote", "get-url", "origin"], in: dir), remote.path + "\n")
        try assertFsckClean(dir)
        try assertFsckClean(remote)
        XCTAssertTrue(try journalOK(["status"], in: dir).stdout.contains("up to date with origin"))
    }

    func testCloneOnASecondMachineAndSyncBothWays() throws {
        let remote = try makeBare()
        let laptop = path("laptop")
        XCTAssertEqual(try run(["init", laptop.path, "--remote", remote.path]).status, 0)
        try journalOK(["add", "Read the Raft paper", "--hours", "1.5", "--paper", "https://raft.github.io/raft.pdf"], in: laptop)
        let before = try journalOK(["status"], in: laptop).stdout
        XCTAssertTrue(before.contains("1 commit not yet pushed to origin"), before)
        XCTAssertTrue(try journalOK(["sync"], in: laptop).stdout.contains("Sent 1 commit to origin"))

        let work = path("work")
        let cloned = try run(["clone", remote.path, work.path])
        XCTAssertEqual(cloned.status, 0, cloned.stderr)
        XCTAssertEqual(try head(work), try head(laptop))
        XCTAssertEqual(try status(work), "")
        XCTAssertEqual(read(dayFile(isoDay(), in: work)), read(dayFile(isoDay(), in: laptop)))

        try journalOK(["add", "Shipped the CLI", "--hours", "2", "--shipped", "https://example.test/cli"], in: work)
        let sent = try journalOK(["sync", "--json"], in: work)
        let report = try XCTUnwrap(try json(sent.stdout) as? [String: Any])
        XCTAssertEqual(report["sent"] as? Int, 1)
        XCTAssertEqual(report["integration"] as? String, "none")

        let received = try journalOK(["sync"], in: laptop).stdout
        XCTAssertTrue(received.contains("Received 1 commit from origin"), received)
        XCTAssertEqual(try head(laptop), try head(work))
        XCTAssertEqual(try status(laptop), "")
        XCTAssertTrue(read(dayFile(isoDay(), in: laptop))?.contains("Shipped the CLI") ?? false)
        let papers = try journalOK(["status", "--json"], in: laptop).stdout
        XCTAssertTrue(papers.contains("\"unpushed_commits\" : 0"), papers)
        for dir in [laptop, work, remote] { try assertFsckClean(dir) }
    }

    func testSameDayEntriesFromTwoClonesEndUpInBothFilesAndBothHistories() throws {
        let (remote, laptop, work) = try twoMachines()
        try journalOK(["add", "Laptop entry", "--hours", "1"], in: laptop)
        try journalOK(["add", "Work entry", "--hours", "2", "--tag", "rust"], in: work)
        try journalOK(["sync"], in: laptop)
        let merged = try journalOK(["sync"], in: work).stdout
        XCTAssertTrue(merged.contains("Merged 1 commit from origin"), merged)
        try journalOK(["sync"], in: laptop)

        XCTAssertEqual(try head(laptop), try head(work))
        XCTAssertEqual(try gitOK(["rev-parse", "main"], in: remote), try head(work) + "\n")
        // A real merge commit with two parents, and both entries in both histories.
        XCTAssertEqual(try gitOK(["rev-list", "--parents", "-n", "1", "HEAD"], in: work).split(separator: " ").count, 3)
        XCTAssertEqual(try entryIDs(laptop), try entryIDs(work))
        XCTAssertEqual(try entryIDs(work).count, 2)
        for dir in [laptop, work] {
            let text = try XCTUnwrap(read(dayFile(isoDay(), in: dir)))
            XCTAssertTrue(text.contains("## Laptop entry") && text.contains("## Work entry"), text)
            XCTAssertFalse(text.contains("<<<<<<<") || text.contains(">>>>>>>") || text.contains("======="), text)
            // Each entry keeps the blank line before its heading.
            XCTAssertTrue(text.contains("\n\n## Laptop entry <!-- entry:") && text.contains("\n\n## Work entry <!-- entry:"), text)
            XCTAssertEqual(try status(dir), "")
            let hours = try XCTUnwrap(try json(try journalOK(["hours", "--json"], in: dir).stdout) as? [String: Any])
            XCTAssertEqual(hours["total_hours"] as? Double, 3, "\(hours)")
        }
        for dir in [laptop, work, remote] { try assertFsckClean(dir) }
    }

    func testATemplateChangedOnBothSidesStopsTheSyncBeforeAnythingIsWritten() throws {
        let (remote, laptop, work) = try twoMachines()
        let template = ".journal/templates/daily.md"
        for (dir, text) in [(laptop, "### Laptop's prompt\n"), (work, "### Work's prompt\n")] {
            try writeJournalFile(text, to: template, in: dir)
            try gitOK(["add", template], in: dir)
            try gitOK(["commit", "-q", "-m", "My own daily template"], in: dir)
        }
        try journalOK(["sync"], in: laptop)
        try journalOK(["add", "Work entry", "--hours", "1"], in: work)

        let stderr = try assertRefused(["sync", "--journal", work.path], in: work)
        XCTAssertTrue(stderr.contains(template) && stderr.contains("git -C"), stderr)
        XCTAssertEqual(read(work.appendingPathComponent(template)), "### Work's prompt\n")
        XCTAssertEqual(try gitOK(["rev-parse", "main"], in: remote), try head(laptop) + "\n")
        for dir in [laptop, work, remote] { try assertFsckClean(dir) }
    }

    func testARemoteThatWentAwayKeepsEntriesCommittedAndTheNextSyncSendsThem() throws {
        let remote = try makeBare()
        let laptop = path("laptop")
        XCTAssertEqual(try run(["init", laptop.path, "--remote", remote.path]).status, 0)
        let away = path("unmounted.git")
        try FileManager.default.moveItem(at: remote, to: away)
        try journalOK(["add", "Offline entry", "--hours", "1"], in: laptop)
        let headBefore = try head(laptop)

        let result = try run(["sync", "--journal", laptop.path])
        XCTAssertEqual(result.status, 69, result.stderr)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("cannot reach origin") && result.stderr.contains("committed here"), result.stderr)
        XCTAssertEqual(try head(laptop), headBefore)
        XCTAssertEqual(try status(laptop), "")

        try FileManager.default.moveItem(at: away, to: remote)
        XCTAssertTrue(try journalOK(["sync"], in: laptop).stdout.contains("Sent 1 commit"))
        XCTAssertEqual(try entryIDs(remote, "main"), try entryIDs(laptop))
        try assertFsckClean(remote)
    }

    func testSyncCommitsDayFilesEditedByHandFirst() throws {
        let remote = try makeBare()
        let laptop = path("laptop")
        XCTAssertEqual(try run(["init", laptop.path, "--remote", remote.path]).status, 0)
        try journalOK(["add", "Typed entry", "--hours", "1"], in: laptop)
        let file = dayFile(isoDay(), in: laptop)
        try (try XCTUnwrap(read(file)) + "\nA note added by hand.\n").write(to: file, atomically: true, encoding: .utf8)
        let out = try journalOK(["sync"], in: laptop).stdout
        XCTAssertTrue(out.contains("Committed hand edits"), out)
        XCTAssertEqual(try status(laptop), "")
        // The hand-edit commit is not an entry and counts for nothing; the note went into the
        // entry's body, which a correction after it records.
        XCTAssertEqual(try trailerValues(laptop, "HEAD~1", key: "Hand-Edits"), ["1"])
        XCTAssertEqual(try trailerValues(laptop, "HEAD", key: "Hours"), ["1"])
        XCTAssertEqual(try logEntries(laptop).map { $0["title"] as? String }, ["Typed entry"])
        XCTAssertTrue(
            try gitOK(["show", "main:entries/\(isoDay().prefix(4))/\(isoDay().dropFirst(5).prefix(2))/\(isoDay()).md"], in: remote)
                .contains("A note added by hand."))
    }

    func testAJournalWithNoSharedHistoryIsNotMergedIn() throws {
        let remote = try makeBare()
        let first = path("first")
        XCTAssertEqual(try run(["init", first.path, "--remote", remote.path]).status, 0)
        try journalOK(["add", "First journal's entry", "--hours", "1"], in: first)
        try journalOK(["sync"], in: first)
        // Another learner's journal (two inits in the same second by the same person would be one commit).
        let second = path("second")
        XCTAssertEqual(try run(["init", second.path], env: ["GIT_AUTHOR_NAME": "Someone Else"]).status, 0)
        try journalOK(["add", "Second journal's entry", "--hours", "1"], in: second)
        try journalOK(["remote", "add", remote.path], in: second)
        let stderr = try assertRefused(["sync", "--journal", second.path], in: second)
        XCTAssertTrue(stderr.contains("different journal"), stderr)
        XCTAssertEqual(try gitOK(["rev-parse", "main"], in: remote), try head(first) + "\n")
    }

    func testAKilledSyncAfterMovingHeadIsHealedByTheNextSync() throws {
        let (remote, laptop, work) = try twoMachines()
        try journalOK(["add", "Laptop entry", "--hours", "1"], in: laptop)
        try journalOK(["sync"], in: laptop)
        try journalOK(["add", "Work entry", "--hours", "1"], in: work)
        let killed = try run(["sync", "--journal", work.path], env: ["JOURNAL_FAULT_POINT": "after-sync-ref"])
        XCTAssertNotEqual(killed.status, 0)
        // HEAD moved to the merge; the files are behind it until the next command heals them.
        XCTAssertEqual(try gitOK(["rev-list", "--parents", "-n", "1", "HEAD"], in: work).split(separator: " ").count, 3)
        try journalOK(["sync"], in: work)
        XCTAssertEqual(try status(work), "")
        let text = try XCTUnwrap(read(dayFile(isoDay(), in: work)))
        XCTAssertTrue(text.contains("Laptop entry") && text.contains("Work entry"), text)
        XCTAssertEqual(try entryIDs(remote, "main").count, 2)
        for dir in [work, remote] { try assertFsckClean(dir) }
    }

    func testSyncWithRemoteNameUsesThatRemote() throws {
        let (origin, laptop, _) = try twoMachines()
        let backup = try makeBare("backup.git")
        try journalOK(["remote", "add", backup.path, "--name", "backup"], in: laptop)
        try journalOK(["add", "Only to the backup", "--hours", "1"], in: laptop)
        XCTAssertTrue(try journalOK(["sync", "--remote", "backup"], in: laptop).stdout.contains("to backup"))
        XCTAssertEqual(try gitOK(["rev-parse", "main"], in: backup), try head(laptop) + "\n")
        XCTAssertNotEqual(try gitOK(["rev-parse", "main"], in: origin), try head(laptop) + "\n")
        let stderr = try assertRefused(["sync", "--remote", "nope", "--journal", laptop.path], in: laptop)
        XCTAssertTrue(stderr.contains("no remote named nope"), stderr)
    }

    func testRemoteCommandsAddListChangeAndRemove() throws {
        let dir = try makeJournal()
        let remote = try makeBare()
        try journalOK(["remote", "add", remote.path], in: dir)
        try journalOK(["remote", "add", "ssh://learner@git.example.test:2222/srv/journal.git", "--name", "backup"], in: dir)
        XCTAssertEqual(try gitOK(["remote", "get-url", "backup"], in: dir), "ssh://learner@git.example.test:2222/srv/journal.git\n")
        let listed = try XCTUnwrap(try json(try journalOK(["remote", "list", "--json"], in: dir).stdout) as? [[String: String]])
        XCTAssertEqual(listed.map { $0["name"] ?? "" }.sorted(), ["backup", "origin"])
        try journalOK(["remote", "set-url", "backup", "learner@git.example.test:journal.git"], in: dir)
        XCTAssertEqual(try gitOK(["remote", "get-url", "backup"], in: dir), "learner@git.example.test:journal.git\n")
        try journalOK(["remote", "remove", "backup"], in: dir)
        XCTAssertEqual(try gitOK(["remote"], in: dir), "origin\n")
    }

    func testBadRemotesAreRefusedInOneLine() throws {
        let dir = try makeJournal()
        for (args, expected) in [
            (["remote", "add", "ftp://example.test/journal.git"], "not a remote journal can use"),
            (["remote", "add", "https://me:s3cret@example.test/journal.git"], "JOURNAL_GIT_TOKEN"),
            (["remote", "add", "https://example.test:99999/journal.git"], "not a port"),
            (["remote", "add", "/tmp/x", "--name", "bad name"], "not a remote name"),
            (["remote", "remove", "nothing"], "no remote named nothing"),
            (["sync", "--remote", "nothing"], "no remote named nothing"),
        ] {
            let stderr = try assertRefused(args + ["--journal", dir.path], in: dir)
            XCTAssertTrue(stderr.contains(expected), "\(args): \(stderr)")
            XCTAssertFalse(stderr.contains("s3cret"), stderr)
        }
        // Without a remote, sync still commits hand edits, says there is nowhere to send, and succeeds.
        let out = try journalOK(["sync"], in: dir)
        XCTAssertTrue(out.stdout.contains("No remote to send to"), out.stdout)
    }

    func testCloneOfSomethingThatIsNotAJournalLeavesNothingBehind() throws {
        let empty = try makeBare("empty.git")
        let target = path("clone")
        let result = try run(["clone", empty.path, target.path])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("is empty"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: target.path))

        let missing = try run(["clone", path("nowhere.git").path, target.path])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertEqual(missing.stderr.split(separator: "\n").count, 1, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("does not exist"), missing.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: target.path))
    }

    func testARemoteThatWasEmptiedAndStartedAgainGetsEverythingPushedAgain() throws {
        let (remote, laptop, _) = try twoMachines()
        try journalOK(["add", "Before the server was reset", "--hours", "1"], in: laptop)
        try journalOK(["sync"], in: laptop)
        try FileManager.default.removeItem(at: remote)
        try gitOK(["init", "--bare", "--quiet", remote.path])
        let out = try journalOK(["sync"], in: laptop).stdout
        XCTAssertTrue(out.contains("Sent 2 commits to origin"), out)
        XCTAssertEqual(try gitOK(["rev-parse", "main"], in: remote), try head(laptop) + "\n")
        try assertFsckClean(remote)
    }

    func testSyncSettingsStayOnThisMachineAndAreNotReadFromTheSharedConfig() throws {
        let dir = try makeJournal()
        let commits = try commitCount(dir)
        try journalOK(["config", "set", "sync.ssh-key", "~/.ssh/journal_key"], in: dir)
        XCTAssertEqual(try commitCount(dir), commits, "a sync.* setting is not a commit")
        XCTAssertEqual(try gitOK(["config", "--local", "sync.ssh-key"], in: dir), "~/.ssh/journal_key\n")
        XCTAssertEqual(try git(["config", "-f", ".journal/config", "sync.ssh-key"], in: dir).status, 1)
        XCTAssertEqual(try journalOK(["config", "get", "sync.ssh-key"], in: dir).stdout, "~/.ssh/journal_key\n")
        try journalOK(["config", "unset", "sync.ssh-key"], in: dir)
        XCTAssertEqual(try git(["config", "--local", "sync.ssh-key"], in: dir).status, 1)
    }
}
