import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// Killing `journal sync` at any moment (fetching, merging, checking out, pushing) never loses an
/// entry, never shows one twice, and leaves both repositories sound; the next syncs converge.
/// The remote is on the local disk, so the push itself runs in the killed process: the harshest case.
final class SyncCrashTests: JournalTestCase {
    static let iterations = 60
    static let timeBudget: TimeInterval = 25
    static let minimumIterations = 25

    func testSigkillDuringSyncNeverLosesNorDuplicatesAnEntry() throws {
        let remote = try makeBare()
        let laptop = path("laptop")
        let work = path("work")
        XCTAssertEqual(try run(["init", laptop.path, "--remote", remote.path]).status, 0)
        XCTAssertEqual(try run(["clone", remote.path, work.path]).status, 0)
        let started = monotonicSeconds()

        // How long one unkilled sync with a merge takes: the kills land within 1.5 times that.
        var samples: [Double] = []
        for k in 0..<3 {
            try journalOK(["add", "warm-laptop-\(k)", "--hours", "1"], in: laptop)
            try journalOK(["sync"], in: laptop)
            try journalOK(["add", "warm-work-\(k)", "--hours", "1"], in: work)
            let begin = monotonicSeconds()
            let process = try spawnJournal(["sync", "--journal", work.path])
            XCTAssertEqual(process.wait(), .exited(0), process.stderr)
            samples.append(monotonicSeconds() - begin)
        }
        let maxDelay = 1.5 * samples.sorted()[samples.count / 2]
        var titles: Set<String> = Set((0..<3).flatMap { ["warm-laptop-\($0)", "warm-work-\($0)"] })

        var rng = SplitMix64(seed: 0x7379_6E63_6B69_6C6C)
        var killed = 0
        var finished = 0
        var failed: [String] = []
        var locks = 0
        var done = 0
        for i in 0..<Self.iterations {
            if i >= Self.minimumIterations && monotonicSeconds() - started > Self.timeBudget { break }
            try journalOK(["add", "laptop-\(i)", "--hours", "5m"], in: laptop)  // a day holds at most 24 h
            try journalOK(["add", "work-\(i)", "--hours", "5m"], in: work)
            titles.formUnion(["laptop-\(i)", "work-\(i)"])
            // The remote moves first, so the killed sync has something to fetch, merge and push.
            let laptopSync = try run(["sync", "--journal", laptop.path])
            if laptopSync.status != 0 {
                locks += removeStaleLocks(in: laptop).count + removeStaleLocks(in: remote).count
                XCTAssertEqual(try run(["sync", "--journal", laptop.path]).status, 0)
            }
            let process = try spawnJournal(["sync", "--journal", work.path])
            let delay = Double.random(in: 0...maxDelay, using: &rng)
            usleep(UInt32(delay * 1_000_000))
            process.signal(SIGKILL)
            switch process.wait() {
            case .exited(0): finished += 1
            case .exited: failed.append(process.stderr.trimmingCharacters(in: .whitespacesAndNewlines))
            case .signalled: killed += 1
            }
            // Like git, a killed writer can leave a ref or index lock; the user removes it by hand.
            locks += removeStaleLocks(in: work).count + removeStaleLocks(in: remote).count
            for dir in [work, remote, laptop] { try assertHistoryIsSound(dir, context: "iteration \(i) (delay \(Int(delay * 1000)) ms)") }
            done = i + 1
        }

        // Unkilled syncs bring all three to the same history.
        for dir in [work, laptop, work] {
            let result = try run(["sync", "--journal", dir.path])
            XCTAssertEqual(result.status, 0, result.stderr)
        }
        XCTAssertEqual(try head(work), try head(laptop))
        for dir in [work, laptop] {
            let counts = try subjectCounts(dir)
            for title in titles.sorted() {
                XCTAssertEqual(counts[title] ?? 0, 1, "\(title) in the history of \(dir.lastPathComponent)")
            }
            let days = allDayFiles(dir)
            for title in titles.sorted() {
                XCTAssertEqual(
                    occurrences(of: "## \(title) <!-- entry:", in: days), 1, "\(title) in the day files of \(dir.lastPathComponent)")
            }
            XCTAssertEqual(try status(dir), "", "git status of \(dir.lastPathComponent)")
            XCTAssertFalse(days.contains("<<<<<<<"), "conflict markers in \(dir.lastPathComponent)")
        }
        print(
            "sync kill loop: \(done) iterations, \(killed) killed, \(finished) finished first, \(failed.count) failed on their own, \(locks) stale locks removed; delays 0...\(Int(maxDelay * 1000)) ms"
        )
        for message in failed.prefix(5) { print("sync kill loop: failed on its own: \(message)") }
        XCTAssertGreaterThanOrEqual(done, Self.minimumIterations)
        XCTAssertGreaterThanOrEqual(killed, Self.minimumIterations / 2, "too few syncs were killed before they finished")
    }
}
