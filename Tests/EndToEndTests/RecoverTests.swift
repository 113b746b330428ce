import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// `journal recover`: every entry draft is committed exactly once, a draft whose entry is already
/// in history is only removed, a draft held by a live process is left alone, and other commands
/// mention pending drafts in one line.
final class RecoverTests: JournalTestCase {
    /// Writes a draft by hand in the shape `journal add` leaves: `<ms>-<Entry-Id>.md` with front matter.
    @discardableResult
    func writeDraft(_ dir: URL, id: String, title: String, date: String, body: String, millis: Int? = nil) throws -> URL {
        let folder = dir.appendingPathComponent(".journal/drafts")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let ms = millis ?? Int(Self.fixedNow.timeIntervalSince1970 * 1000)
        let url = folder.appendingPathComponent("\(ms)-\(id).md")
        try "---\ntitle: \(title)\nhours: 1\ndate: \(date)\n---\n\(body)\n".write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func recover(_ dir: URL, file: StaticString = #filePath, line: UInt = #line) throws -> (
        committed: [String], already: [String], kept: [String]
    ) {
        let result = try journalOK(["recover", "--json"], in: dir, file: file, line: line)
        let object = try json(result.stdout, file: file, line: line) as? [String: Any] ?? [:]
        XCTAssertEqual(Set(object.keys), ["committed", "already_committed", "kept"], result.stdout, file: file, line: line)
        return (
            object["committed"] as? [String] ?? [], object["already_committed"] as? [String] ?? [],
            (object["kept"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        )
    }

    func testDraftOfACommittedEntryIsOnlyRemovedAndANewOneIsCommittedOnce() throws {
        let dir = try makeJournal()
        try journalOK(["add", "Already in history", "--hours", "1", "--body", "the first body"], in: dir)
        let committedIDs = try trailerValues(dir, "HEAD", key: "Entry-Id")
        XCTAssertEqual(committedIDs.count, 1)
        let committedID = try XCTUnwrap(committedIDs.first)
        XCTAssertEqual(drafts(dir).count, 0, "a successful add leaves no draft")
        let commitsBefore = try commitCount(dir)
        let headBefore = try head(dir)

        // The command was killed after its commit landed: its draft is still there.
        let stale = try writeDraft(dir, id: committedID, title: "Already in history", date: isoDay(0), body: "the first body")
        var result = try recover(dir)
        XCTAssertEqual(result.committed, [])
        XCTAssertEqual(result.already, [stale.path])
        XCTAssertEqual(result.kept, [])
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale.path), "the draft of a committed entry is removed")
        XCTAssertEqual(try head(dir), headBefore, "nothing new is committed")
        XCTAssertEqual(try subjectCounts(dir)["Already in history"], 1)

        // A draft of an entry that never reached history is committed with its own Entry-Id.
        let newID = "01KDRAFTRECOVERTEST0000001"
        let yesterday = isoDay(-1)
        let fresh = try writeDraft(dir, id: newID, title: "Left in a draft", date: yesterday, body: "typed before the crash")
        result = try recover(dir)
        XCTAssertEqual(result.committed, [newID])
        XCTAssertEqual(result.already, [])
        XCTAssertEqual(result.kept, [])
        XCTAssertFalse(FileManager.default.fileExists(atPath: fresh.path))
        XCTAssertEqual(try commitCount(dir), commitsBefore + 1)
        XCTAssertEqual(try gitOK(["log", "-1", "--format=%s"], in: dir), "Left in a draft\n")
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Entry-Id"), [newID])
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Entry-Date"), [yesterday])
        XCTAssertEqual(try trailerValues(dir, "HEAD", key: "Hours"), ["1"])
        XCTAssertTrue(try parsedTrailers(dir, "HEAD").contains { $0.key == "Entry-Id" && $0.value == newID })
        XCTAssertTrue(try gitOK(["log", "-1", "--format=%b"], in: dir).contains("typed before the crash"))
        let day = try gitOK(["show", "HEAD:entries/\(yesterday.prefix(4))/\(yesterday.dropFirst(5).prefix(2))/\(yesterday).md"], in: dir)
        XCTAssertEqual(occurrences(of: "## Left in a draft <!-- entry:", in: day), 1, day)

        // Recovering again commits nothing.
        let headAfter = try head(dir)
        result = try recover(dir)
        XCTAssertEqual(result.committed, [])
        XCTAssertEqual(result.already, [])
        XCTAssertEqual(result.kept, [])
        XCTAssertEqual(try head(dir), headAfter)
        let plain = try journalOK(["recover"], in: dir)
        XCTAssertTrue(plain.stdout.contains("Nothing to recover"), plain.stdout)
        XCTAssertEqual(plain.stderr, "")
        XCTAssertEqual(try head(dir), headAfter)

        let ids = try logEntries(dir).compactMap { $0["id"] as? String }
        XCTAssertEqual(Set(ids), [committedID, newID])
        XCTAssertEqual(ids.count, 2)
        XCTAssertEqual(try status(dir), "")
        try assertFsckClean(dir)
    }

    func testSeveralDraftsAreCommittedOldestFirstEachOnce() throws {
        let dir = try makeJournal()
        let base = Int(Self.fixedNow.timeIntervalSince1970 * 1000) - 60_000
        // Written out of order on purpose: the names (milliseconds first) give the order.
        try writeDraft(dir, id: "01KDRAFTORDER0000000000003", title: "Third", date: isoDay(0), body: "c", millis: base + 3)
        try writeDraft(dir, id: "01KDRAFTORDER0000000000001", title: "First", date: isoDay(0), body: "a", millis: base + 1)
        try writeDraft(dir, id: "01KDRAFTORDER0000000000002", title: "Second", date: isoDay(0), body: "b", millis: base + 2)
        let result = try recover(dir)
        XCTAssertEqual(result.committed, ["01KDRAFTORDER0000000000001", "01KDRAFTORDER0000000000002", "01KDRAFTORDER0000000000003"])
        XCTAssertEqual(try gitOK(["log", "-3", "--format=%s"], in: dir), "Third\nSecond\nFirst\n")
        XCTAssertEqual(drafts(dir).count, 0)
        XCTAssertEqual(try recover(dir).committed, [])
        XCTAssertEqual(try commitCount(dir), 4)
        XCTAssertEqual(try status(dir), "")
    }

    func testAPendingDraftIsMentionedInOneLineAfterAnotherCommand() throws {
        let dir = try makeJournal()
        try journalOK(["add", "Committed", "--hours", "1"], in: dir)
        var result = try journalOK(["log"], in: dir)
        XCTAssertEqual(result.stderr, "", "no drafts, no notice")

        try writeDraft(dir, id: "01KDRAFTNOTICE000000000001", title: "Waiting", date: isoDay(0), body: "not yet committed")
        result = try journalOK(["log"], in: dir)
        XCTAssertTrue(result.stdout.contains("Committed"), result.stdout)
        let notice = lines(result.stderr)
        XCTAssertEqual(notice.count, 1, "exactly one notice line: \(result.stderr.debugDescription)")
        XCTAssertTrue(notice.first?.contains("journal recover") ?? false, result.stderr)
        // The notice does not commit anything by itself.
        XCTAssertEqual(try commitCount(dir), 2)
        XCTAssertEqual(drafts(dir).count, 1)

        // recover itself does not repeat the notice; afterwards there is nothing to mention.
        let recovered = try journalOK(["recover"], in: dir)
        XCTAssertEqual(recovered.stderr, "")
        XCTAssertEqual(try journalOK(["log"], in: dir).stderr, "")
        XCTAssertEqual(try commitCount(dir), 3)
    }

    func testADraftHeldByALiveProcessIsLeftAlone() throws {
        let dir = try makeJournal()
        try journalOK(["add", "Committed", "--hours", "1"], in: dir)
        let held = try writeDraft(dir, id: "01KDRAFTHELD00000000000001", title: "Being edited", date: isoDay(0), body: "still typing")
        let fd = open(held.path, O_RDWR | O_CLOEXEC)
        XCTAssertGreaterThanOrEqual(fd, 0)
        XCTAssertEqual(flock(fd, LOCK_EX | LOCK_NB), 0)
        defer { close(fd) }

        let headBefore = try head(dir)
        let result = try recover(dir)
        XCTAssertEqual(result.committed, [])
        XCTAssertEqual(result.already, [])
        XCTAssertEqual(result.kept, [held.path])
        XCTAssertTrue(FileManager.default.fileExists(atPath: held.path), "a draft in use is never removed")
        XCTAssertEqual(try head(dir), headBefore)
        // A draft in use is not "left by an interrupted command": no notice.
        XCTAssertEqual(try journalOK(["log"], in: dir).stderr, "")

        // Once its holder lets go, it is recovered.
        flock(fd, LOCK_UN)
        XCTAssertEqual(try recover(dir).committed, ["01KDRAFTHELD00000000000001"])
        XCTAssertEqual(try subjectCounts(dir)["Being edited"], 1)
    }
}
