import Foundation
import XCTest

/// Sync loses no line: day files merge entry by entry (also across merges of merges), the index
/// matches HEAD after a sync, only the journal's branch is synced, and only with a journal.
final class SyncSafetyTests: JournalTestCase {
    /// A bare remote and three clones of one journal.
    func threeMachines() throws -> (remote: URL, machines: [URL]) {
        let remote = try makeBare()
        let a = path("a")
        XCTAssertEqual(try run(["init", a.path, "--remote", remote.path]).status, 0)
        var machines = [a]
        for name in ["b", "c"] {
            let dir = path(name)
            let cloned = try run(["clone", remote.path, dir.path])
            XCTAssertEqual(cloned.status, 0, cloned.stderr)
            machines.append(dir)
        }
        return (remote, machines)
    }

    func sectionCount(_ title: String, in text: String) -> Int {
        text.components(separatedBy: "## \(title) <!-- entry:").count - 1
    }

    func testMergesOfMergesKeepEveryEntryAndEveryLineOnEveryMachine() throws {
        let (remote, machines) = try threeMachines()
        let (a, b, c) = (machines[0], machines[1], machines[2])
        let todo = "Notes.\n- [ ] review tomorrow"
        // The first entries of one day on three machines; lines that entries share.
        try journalOK(["add", "A one", "--hours", "0.5", "--body", todo], in: a)
        try journalOK(["add", "B one", "--hours", "0.5", "--body", todo], in: b)
        try journalOK(["add", "C one", "--hours", "0.5"], in: c)
        try journalOK(["add", "C two", "--hours", "0.5"], in: c)
        try journalOK(["sync"], in: b)
        // A merges B's work (a merge commit here), then adds more before it syncs again.
        try journalOK(["sync"], in: a)
        try journalOK(["add", "A two", "--hours", "0.5", "--body", todo], in: a)
        try journalOK(["sync"], in: c)
        try journalOK(["sync"], in: a)
        try journalOK(["sync"], in: b)
        try journalOK(["sync"], in: c)
        try journalOK(["sync"], in: a)

        let titles = ["A one", "A two", "B one", "C one", "C two"]
        let expected = read(dayFile(isoDay(), in: a)) ?? ""
        for dir in machines {
            let text = read(dayFile(isoDay(), in: dir)) ?? ""
            XCTAssertEqual(text, expected, "the same file on \(dir.lastPathComponent)")
            for title in titles { XCTAssertEqual(sectionCount(title, in: text), 1, "\(title) on \(dir.lastPathComponent):\n\(text)") }
            XCTAssertEqual(text.components(separatedBy: "- [ ] review tomorrow").count - 1, 3, text)
            XCTAssertEqual(text.components(separatedBy: " · 0.5 h").count - 1, 5, text)
            XCTAssertEqual(try journalOK(["check"], in: dir).stdout, "The day files and history agree\n", dir.lastPathComponent)
            XCTAssertEqual(Set(try logEntries(dir).compactMap { $0["title"] as? String }), Set(titles))
            XCTAssertEqual(try status(dir), "")
            try assertFsckClean(dir)
        }
        try assertFsckClean(remote)
    }

    func testAfterASyncTheIndexHoldsHeadSoRestoringAFileNeverBringsBackStaleText() throws {
        let (_, machines) = try threeMachines()
        let (a, b) = (machines[0], machines[1])
        try journalOK(["add", "Shared day", "--hours", "1"], in: a)
        try journalOK(["sync"], in: a)
        try journalOK(["sync"], in: b)
        // A deletes the day file by hand; B adds to that day and syncs.
        let relative = String(dayFile(isoDay(), in: a).path.dropFirst(a.path.count + 1))
        try FileManager.default.removeItem(at: dayFile(isoDay(), in: a))
        try journalOK(["add", "B's addition", "--hours", "1"], in: b)
        try journalOK(["sync"], in: b)
        let synced = try journalOK(["sync"], in: a)
        XCTAssertTrue(synced.stderr.contains("left \(relative)"), synced.stderr)
        // The index holds the new text: git checkout -- FILE gives B's section, and status shows
        // only the deletion.
        XCTAssertEqual(try status(a), " D \(relative)\n")
        try gitOK(["checkout", "--", relative], in: a)
        XCTAssertTrue((read(dayFile(isoDay(), in: a)) ?? "").contains("## B's addition <!-- entry:"))
        try journalOK(["add", "A again", "--hours", "1"], in: a)
        let text = try gitOK(["show", "HEAD~0:\(relative)"], in: a)
        XCTAssertTrue(text.contains("## B's addition <!-- entry:") && text.contains("## A again <!-- entry:"), text)
        XCTAssertEqual(try journalOK(["check"], in: a).stdout, "The day files and history agree\n")
    }

    func testSyncRefusesAnotherBranchAndARenamedOneAndPushesNothing() throws {
        let (remote, machines) = try threeMachines()
        let a = machines[0]
        try journalOK(["add", "On main", "--hours", "1"], in: a)
        try gitOK(["switch", "-q", "-c", "experiment"], in: a)
        let other = try assertRefused(["sync", "--journal", a.path], in: a)
        XCTAssertTrue(other.contains("switch main"), other)
        try gitOK(["switch", "-q", "main"], in: a)
        try gitOK(["branch", "-m", "main", "trunk"], in: a)
        let renamed = try assertRefused(["sync", "--journal", a.path], in: a)
        XCTAssertTrue(renamed.contains("journal.branch"), renamed)
        XCTAssertEqual(try gitOK(["for-each-ref", "--format=%(refname)", "refs/heads"], in: remote), "refs/heads/main\n")
    }

    func testARepositoryThatIsNotAJournalIsRefusedBeforeAnythingIsSent() throws {
        let dir = try makeJournal()
        try journalOK(["add", "Mine", "--hours", "1"], in: dir)
        // A project repository with only master.
        let project = path("project")
        try gitOK(["init", "-q", "-b", "master", project.path])
        try "hello\n".write(to: project.appendingPathComponent("README"), atomically: true, encoding: .utf8)
        try gitOK(["add", "README"], in: project)
        try gitOK(["commit", "-q", "-m", "Project"], in: project)
        let bare = path("project.git")
        try gitOK(["clone", "-q", "--bare", project.path, bare.path])
        try journalOK(["remote", "add", bare.path], in: dir)
        let refused = try assertRefused(["sync", "--journal", dir.path], in: dir)
        XCTAssertTrue(refused.contains("not this journal"), refused)
        XCTAssertEqual(try gitOK(["for-each-ref", "--format=%(refname)", "refs/heads"], in: bare), "refs/heads/master\n")
    }

    func testIncludesInTheSharedConfigAreNeverFollowed() throws {
        let dir = try makeJournal()
        let elsewhere = path("elsewhere.conf")
        try "[goal]\n\tweekly-hours = 99\n".write(to: elsewhere, atomically: true, encoding: .utf8)
        let config = dir.appendingPathComponent(".journal/config")
        try ((read(config) ?? "") + "[include]\n\tpath = \(elsewhere.path)\n[includeIf \"gitdir:/\"]\n\tpath = \(elsewhere.path)\n")
            .write(to: config, atomically: true, encoding: .utf8)
        XCTAssertEqual(try journalOK(["config", "get", "goal.weekly-hours"], in: dir).stdout, "10\n")
        let status = try json(journalOK(["status", "--json"], in: dir).stdout) as? [String: Any]
        XCTAssertEqual((status?["week"] as? [String: Any])?["goal"] as? Double, 10)
    }

    func testCRLFFromAnEditorBecomesLFAndAMovedDayFileIsCommittedAsAMove() throws {
        let dir = try makeJournal()
        try journalOK(["add", "Yesterday, really", "--hours", "1"], in: dir)
        let today = dayFile(isoDay(), in: dir)
        let text = try XCTUnwrap(read(today))
        try text.replacingOccurrences(of: "\n", with: "\r\n").write(to: today, atomically: true, encoding: .utf8)
        try journalOK(["sync"], in: dir)
        XCTAssertFalse(try gitOK(["show", "HEAD:\(String(today.path.dropFirst(dir.path.count + 1)))"], in: dir).contains("\r"))
        XCTAssertFalse((read(today) ?? "").contains("\r"))
        XCTAssertEqual(try status(dir), "")
        XCTAssertEqual(try logEntries(dir).count, 1, "line ends are no change to an entry")
        // CRLF together with a real change: the commit holds LF only.
        try ((read(today) ?? "") + "\nA line more.\n").replacingOccurrences(of: "\n", with: "\r\n")
            .write(to: today, atomically: true, encoding: .utf8)
        try journalOK(["sync"], in: dir)
        XCTAssertFalse(try gitOK(["show", "HEAD:\(String(today.path.dropFirst(dir.path.count + 1)))"], in: dir).contains("\r"))
        XCTAssertFalse((read(today) ?? "").contains("\r"))

        // mv to another name in the same folder (here: a copy under a new day's name).
        let moved = dayFile(isoDay(-1), in: dir)
        try FileManager.default.createDirectory(at: moved.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: today, to: moved)
        try journalOK(["sync"], in: dir)
        let names = try gitOK(["show", "--format=", "--name-status", "-M", "HEAD~0"], in: dir)
        let firstCommit = try gitOK(["log", "--format=%H", "--grep", "Take day files edited by hand", "-1"], in: dir)
            .trimmingCharacters(in: .newlines)
        let statusLines = try gitOK(["show", "--format=", "--name-status", "-M", firstCommit], in: dir)
        XCTAssertTrue(statusLines.hasPrefix("R"), "a move, not a copy: \(statusLines) \(names)")
        XCTAssertEqual(try status(dir), "")
    }

    func testSettingsChangedOnTwoMachinesMergeKeyByKeyAndTheNewerValueWins() throws {
        let (_, machines) = try threeMachines()
        let (a, b) = (machines[0], machines[1])
        try journalOK(["config", "set", "streak.rest-days", "sun"], in: a)
        try journalOK(["config", "set", "goal.weekly-hours", "12"], in: a)
        try journalOK(["sync"], in: a)
        // b changes the same key later (its clock an hour on), and another key of its own.
        let later = [
            "GIT_AUTHOR_DATE": "@\(Int(Self.fixedNow.timeIntervalSince1970) + 3600) +0000",
            "GIT_COMMITTER_DATE": "@\(Int(Self.fixedNow.timeIntervalSince1970) + 3600) +0000",
        ]
        try journalOK(["config", "set", "goal.weekly-hours", "15"], in: b, env: later)
        try journalOK(["config", "set", "goal.yearly-papers", "30"], in: b, env: later)
        let out = try journalOK(["sync"], in: b, env: later)
        XCTAssertTrue(out.stdout.contains("goal.weekly-hours: kept 15, replaced 12"), out.stdout)
        try journalOK(["sync"], in: a)
        for dir in [a, b] {
            XCTAssertEqual(try journalOK(["config", "get", "goal.weekly-hours"], in: dir).stdout, "15\n")
            XCTAssertEqual(try journalOK(["config", "get", "streak.rest-days"], in: dir).stdout, "sun\n")
            XCTAssertEqual(try journalOK(["config", "get", "goal.yearly-papers"], in: dir).stdout, "30\n")
            XCTAssertEqual(try status(dir), "")
        }
        XCTAssertEqual(try head(a), try head(b))
    }
}
