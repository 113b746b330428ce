import Foundation
import GitKit
import XCTest

@testable import JournalKit

/// The whole read of history and the incremental update of the cache read commits through one
/// function (`CommitEvents.of`), so the cache one builds is the cache the other builds, byte for byte.
final class HistoryReducerTests: JournalTestCase {
    var cacheDirectory: String { journal.repository.gitDirectory + "journal" }
    /// The cache as only incremental updates have built it since the first step.
    var incremental: String { folder + "/incremental-cache" }

    func cacheFiles() throws -> [Data] {
        try ["history", "summary"].map { try Data(contentsOf: URL(fileURLWithPath: cacheDirectory + "/" + $0)) }
    }

    func replaceCache(with source: String) throws {
        try? FileManager.default.removeItem(atPath: cacheDirectory)
        try FileManager.default.copyItem(atPath: source, toPath: cacheDirectory)
    }

    /// Brings the incremental cache up to HEAD, rebuilds one from scratch, and compares them and
    /// the reports read from each.
    func assertIncrementalCacheEqualsRebuild(after step: String, file: StaticString = #filePath, line: UInt = #line) throws {
        if FileManager.default.fileExists(atPath: incremental) { try replaceCache(with: incremental) }
        let summaryIncremental = try HistoryCache.loadSummary(journal.repository)
        let historyIncremental = try HistoryCache.load(journal.repository)
        let filesIncremental = try cacheFiles()
        try? FileManager.default.removeItem(atPath: incremental)
        try FileManager.default.copyItem(atPath: cacheDirectory, toPath: incremental)

        try FileManager.default.removeItem(atPath: cacheDirectory)
        let summaryRebuilt = try HistoryCache.loadSummary(journal.repository)
        let historyRebuilt = try HistoryCache.load(journal.repository)
        let filesRebuilt = try cacheFiles()

        XCTAssertEqual(filesIncremental[0], filesRebuilt[0], "history file after \(step)", file: file, line: line)
        XCTAssertEqual(filesIncremental[1], filesRebuilt[1], "summary file after \(step)", file: file, line: line)
        XCTAssertEqual(historyIncremental.entries, historyRebuilt.entries, "entries after \(step)", file: file, line: line)
        XCTAssertEqual(historyIncremental.restDays, historyRebuilt.restDays, "rest days after \(step)", file: file, line: line)
        XCTAssertEqual(summaryIncremental, summaryRebuilt, "summary after \(step)", file: file, line: line)
        // And both agree with a read that uses no cache at all.
        let uncached = try History.read(journal.repository)
        XCTAssertEqual(historyRebuilt.entries, uncached.entries, "uncached entries after \(step)", file: file, line: line)
        let settings = try journal.settings()
        let today = Day(iso: "2026-11-29")!
        let fromCache = Activity(summary: summaryIncremental, settings: settings, today: today)
        let fromHistory = Activity(history: uncached, settings: settings, today: today)
        XCTAssertEqual(
            try StreakRendering.json(Streaks(fromCache), today: today, history: true),
            try StreakRendering.json(Streaks(fromHistory), today: today, history: true), "streaks after \(step)", file: file, line: line)
        XCTAssertEqual(
            try HoursRendering.json(HoursReport(activity: fromCache, by: .week), today: today),
            try HoursRendering.json(HoursReport(activity: fromHistory, by: .week), today: today), "hours after \(step)", file: file,
            line: line)
        XCTAssertEqual(
            try StatusRendering.json(StatusReport(activity: fromCache, settings: settings)),
            try StatusRendering.json(StatusReport(activity: fromHistory, settings: settings)), "status after \(step)", file: file,
            line: line)
    }

    func testIncrementalCacheIsByteIdenticalToARebuildAfterEveryKindOfCommit() throws {
        let first = try add("Read the LoRA paper", hours: "1.5", tags: ["papers"], papers: ["LoRA <https://arxiv.org/abs/2106.09685>"])
        try assertIncrementalCacheEqualsRebuild(after: "the first entry")
        _ = try add("Paper club", hours: "0.33", date: "yesterday", tags: ["club"], body: "notes")
        _ = try add("Second the same day", hours: "0.1", date: "yesterday")
        try assertIncrementalCacheEqualsRebuild(after: "two more entries")

        var corrected = first.entry
        corrected.title = "Read the LoRA paper, twice"
        corrected.hours = Hours(trailer: "2.25")
        try journal.write(corrected, clock: clock, writer: writer)
        try assertIncrementalCacheEqualsRebuild(after: "a correction")

        _ = try journal.editDay(Day(iso: "2026-11-29")!, clock: clock, writer: writer) { path in
            try (String(contentsOfFile: path, encoding: .utf8) + "\nA line added in the editor.\n").write(
                toFile: path, atomically: true, encoding: .utf8)
        }
        try assertIncrementalCacheEqualsRebuild(after: "journal edit")

        let dayFile = Journal.dayFile(Day(iso: "2026-11-28")!)
        try writer.commit(
            [FileUpdate(path: dayFile) { old in (old ?? Data()) + Data("\nFixed a typo by hand.\n".utf8) }],
            message: CommitProtocol.message(title: "Take day files edited by hand", trailers: [(CommitProtocol.Key.handEdits, "1")]),
            authorDate: now, authorZone: zone)
        try assertIncrementalCacheEqualsRebuild(after: "a hand-edits commit")
        XCTAssertFalse(try journal.history().entries.contains { $0.title == "Take day files edited by hand" })

        try journal.declareRest(Day(iso: "2026-11-26")!, clock: clock, writer: writer)
        try journal.declareRest(Day(iso: "2026-11-25")!, clock: clock, writer: writer)
        try journal.declareRest(Day(iso: "2026-11-25")!, cancel: true, clock: clock, writer: writer)
        try assertIncrementalCacheEqualsRebuild(after: "rest days declared and cancelled")

        _ = try journal.changeSetting("goal.weekly-hours", to: "12", clock: clock, writer: writer)
        try assertIncrementalCacheEqualsRebuild(after: "a setting")

        let plainFile = journal.path(Journal.dayFile(Day(iso: "2026-11-27")!))
        try FileManager.default.createDirectory(
            atPath: (plainFile as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try "# Friday\n\n## Written with plain git\n".write(toFile: plainFile, atomically: true, encoding: .utf8)
        try git(["add", "entries"])
        try git(["commit", "-q", "-m", "Plain git", "--trailer", "Hours: 0.4"])
        try assertIncrementalCacheEqualsRebuild(after: "a plain git commit")

        try writer.commit(
            [], message: "Delete\n\nEntry-Id: \(first.entry.id)\nEntry-Deleted: yes\n", authorDate: now, authorZone: zone)
        try assertIncrementalCacheEqualsRebuild(after: "a deletion")

        // A merge made by sync: a second machine adds the same day, both sync.
        let remote = folder + "/remote.git"
        try git(["init", "-q", "--bare", remote])
        _ = try journal.addRemote(url: remote)
        _ = try Sync(journal: journal, writer: writer, clock: clock, environment: [:]).run(remote: nil)
        let other = try Journal.clone(url: remote, to: folder + "/other", settings: SyncSettings(), environment: [:], progress: nil)
        let otherWriter = CommitWriter(journal: other, authorship: authorship, lockWait: 0.2)
        _ = try other.add(EntryInput(title: "On the laptop", hours: "0.75"), clock: clock, writer: otherWriter)
        _ = try Sync(journal: other, writer: otherWriter, clock: clock, environment: [:]).run(remote: nil)
        _ = try add("On the desktop", hours: "0.5")
        try assertIncrementalCacheEqualsRebuild(after: "an entry before the merge")
        let report = try Sync(journal: journal, writer: writer, clock: clock, environment: [:]).run(remote: nil)
        XCTAssertEqual(report.integration, .merge)
        try assertIncrementalCacheEqualsRebuild(after: "a merge from sync")
        _ = try add("After the merge", hours: "1")
        try assertIncrementalCacheEqualsRebuild(after: "an entry after the merge")

        XCTAssertEqual(
            Set(try journal.history().entries.map(\.title)),
            ["Paper club", "Second the same day", "Plain git", "On the laptop", "On the desktop", "After the merge"])
    }

    /// The hand-edits commit counts for nothing, whichever reader meets it first.
    func testHandEditsCommitIsNoEventForEitherReader() throws {
        _ = try add("Entry", hours: "1")
        _ = try HistoryCache.loadSummary(journal.repository)
        try writer.commit(
            [FileUpdate(path: Journal.dayFile(Day(iso: "2026-11-29")!)) { old in (old ?? Data()) + Data("by hand\n".utf8) }],
            message: CommitProtocol.message(title: "Take day files edited by hand", trailers: [(CommitProtocol.Key.handEdits, "1")]),
            authorDate: now, authorZone: zone)
        XCTAssertEqual(try HistoryCache.load(journal.repository).entries.map(\.title), ["Entry"])
        XCTAssertEqual(try History.read(journal.repository).entries.map(\.title), ["Entry"])
        var events: [[HistoryEvent]] = []
        try journal.repository.scanCommits(from: try XCTUnwrap(journal.repository.headCommitID())) { commit, message in
            events.append(try CommitEvents.of(commit, message: message, in: journal.repository))
            return true
        }
        XCTAssertEqual(events.first, [.handEdit])
        XCTAssertEqual(events.last, [.settingsChanged], "journal init writes the settings")
    }
}
