import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// Killing `journal add` at any moment never loses a committed entry, never duplicates one, and
/// never leaves a broken repository; `journal recover` commits what was left in drafts, exactly once.
final class CrashSafetyTests: JournalTestCase {
    static let iterations = 200
    /// The loop stops early (but never before `minimumIterations`) when it has run this long.
    static let timeBudget: TimeInterval = 30
    static let minimumIterations = 100
    static let recoverEvery = 20

    struct Tally {
        var inHistory = 0
        var inHistoryWithDraftLeft = 0
        var inDraft = 0
        var nowhere = 0
        var finishedBeforeKill = 0
        var failedOnTheirOwn: [String] = []
        var staleLocks: [String: Int] = [:]
        var hiddenTemporaryDrafts = 0
        var recoverCommitted = 0
        var recoverAlreadyCommitted = 0
    }

    func testSigkillAtRandomMomentsNeverLosesNorDuplicatesAnEntry() throws {
        let dir = try makeJournal()
        try XCTSkipUnless(FileManager.default.fileExists(atPath: dir.appendingPathComponent(".git").path) || failed("journal init"))
        let started = monotonicSeconds()

        // The typical runtime of one add, unkilled: the median of 5 runs. (Five minutes each in the
        // loop: all land on one day, and a day holds at most 24 h.)
        var samples: [Double] = []
        for k in 0..<5 {
            let begin = monotonicSeconds()
            let process = try spawnJournal(["add", "warm-up-\(k)", "--hours", "1", "--body", "warm-up body \(k)", "--journal", dir.path])
            XCTAssertEqual(process.wait(), .exited(0), process.stderr)
            samples.append(monotonicSeconds() - begin)
        }
        let median = samples.sorted()[samples.count / 2]
        let maxDelay = 1.5 * median

        var rng = SplitMix64(seed: 0x6A6F_7572_6E61_6C21)
        var tally = Tally()
        /// Every title seen in a draft or in history: each must end in history exactly once.
        var known: Set<String> = []
        var done = 0

        for i in 0..<Self.iterations {
            if i >= Self.minimumIterations && monotonicSeconds() - started > Self.timeBudget { break }
            let title = "kill-\(i)"
            let process = try spawnJournal(["add", title, "--hours", "5m", "--body", "body \(i)", "--journal", dir.path])
            let delay = Double.random(in: 0...maxDelay, using: &rng)
            usleep(UInt32(delay * 1_000_000))
            process.signal(SIGKILL)
            let ending = process.wait()
            done = i + 1

            // A killed git-style writer can leave a lock file behind, as git itself does. The
            // journal must report it (never delete it); here the user, who knows the process is
            // gone, removes it, as the message says.
            removeStaleLocks(dir, &tally)

            let context = "iteration \(i) (delay \(String(format: "%.1f", delay * 1000)) ms, \(ending))"
            try assertHistoryIsSound(dir, context: context)
            let counts = try subjectCounts(dir)
            let inHistory = counts[title] ?? 0
            XCTAssertLessThanOrEqual(inHistory, 1, "\(title) is in history \(inHistory) times after \(context)")
            let draftsNow = drafts(dir)
            let inDraft = draftsNow.contains { $0.text.contains("title: \(title)\n") }

            switch ending {
            case .exited(0):
                tally.finishedBeforeKill += 1
                XCTAssertEqual(inHistory, 1, "\(title) exited 0 but is not in history (\(context))")
                XCTAssertFalse(inDraft, "\(title) exited 0 but left its draft (\(context))")
            case .exited:
                tally.failedOnTheirOwn.append("\(title): \(process.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
                XCTAssertEqual(lines(process.stderr).count, 1, "a failed add must say why in one line: \(process.stderr)")
            case .signalled:
                if inHistory == 1 {
                    tally.inHistory += 1
                    if inDraft { tally.inHistoryWithDraftLeft += 1 }
                } else if inDraft {
                    tally.inDraft += 1
                } else {
                    tally.nowhere += 1
                }
            }
            if inHistory > 0 || inDraft { known.insert(title) }
            for (subject, _) in counts where subject.hasPrefix("kill-") { known.insert(subject) }
            if (i + 1) % Self.recoverEvery == 0 {
                try recoverAndCheck(dir, known: known, context: "after iteration \(i)", &tally)
            }
        }
        if done % Self.recoverEvery != 0 {
            try recoverAndCheck(dir, known: known, context: "at the end", &tally)
        }

        // The day files show every entry in history exactly once.
        let days = allDayFiles(dir)
        for title in known.sorted(by: { $0.localizedStandardCompare($1) == .orderedAscending }) {
            let count = occurrences(of: "## \(title) <!-- entry:", in: days)
            if count != 1 {
                // Which commits changed how often the section occurs: the one that added it, and the one that dropped it.
                let changes = try gitOK(["log", "--format=%h %s", "-G", "^## \(title) <!--", "--", "entries"], in: dir)
                XCTFail(
                    "\(title) is in the day files \(count) times, want 1; commits that changed its section: \(changes.split(separator: "\n"))"
                )
            }
        }
        let elapsed = monotonicSeconds() - started
        let killed = tally.inHistory + tally.inDraft + tally.nowhere
        print(
            """
            kill loop: \(done) iterations in \(String(format: "%.1f", elapsed)) s; one add takes \(String(format: "%.1f", median * 1000)) ms \
            (median of \(samples.map { String(format: "%.1f", $0 * 1000) }.joined(separator: ", "))), delays 0...\(String(format: "%.1f", maxDelay * 1000)) ms
            kill loop: \(killed) killed: \(tally.inHistory) in history (\(tally.inHistoryWithDraftLeft) of them with their draft left), \
            \(tally.inDraft) in a draft only, \(tally.nowhere) nowhere; \(tally.finishedBeforeKill) finished before the kill; \
            \(tally.failedOnTheirOwn.count) failed on their own
            kill loop: recover committed \(tally.recoverCommitted), removed \(tally.recoverAlreadyCommitted) already-committed drafts; \
            stale locks removed by hand: \(tally.staleLocks.isEmpty ? "none" : tally.staleLocks.sorted { $0.key < $1.key }.map { "\($0.key) x\($0.value)" }.joined(separator: ", ")); \
            hidden temporary drafts left: \(tally.hiddenTemporaryDrafts)
            """)
        for failure in tally.failedOnTheirOwn.prefix(5) { print("kill loop: failed on its own: \(failure)") }
        XCTAssertGreaterThanOrEqual(done, Self.minimumIterations)
        XCTAssertGreaterThanOrEqual(tally.inDraft, 1, "no killed add ended in a draft: the draft path was not exercised")
        XCTAssertGreaterThanOrEqual(tally.inHistory, 1, "no killed add ended in history: the commit path was not exercised")
    }

    func removeStaleLocks(_ dir: URL, _ tally: inout Tally) {
        for relative in removeStaleLocks(in: dir) { tally.staleLocks[relative, default: 0] += 1 }
    }

    /// `journal recover`, then: every known title is in history exactly once, no drafts are left
    /// but the ones recover kept, git status is clean, and journal log has no duplicate ids.
    func recoverAndCheck(
        _ dir: URL, known: Set<String>, context: String, _ tally: inout Tally,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        var known = known
        for draft in drafts(dir) {
            if let range = draft.text.range(of: "title: ") {
                let title = draft.text[range.upperBound...].prefix { $0 != "\n" }
                known.insert(String(title))
            }
        }
        let recovered = try run(["recover", "--json", "--journal", dir.path])
        XCTAssertEqual(recovered.status, 0, "journal recover failed \(context): \(recovered.stderr)", file: file, line: line)
        let object = (try? json(recovered.stdout, file: file, line: line)) as? [String: Any] ?? [:]
        let committed = object["committed"] as? [String] ?? []
        let already = object["already_committed"] as? [String] ?? []
        let kept = (object["kept"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        tally.recoverCommitted += committed.count
        tally.recoverAlreadyCommitted += already.count
        XCTAssertEqual(kept, [], "recover kept drafts \(context): \(recovered.stdout)", file: file, line: line)

        try assertHistoryIsSound(dir, context: context, file: file, line: line)
        let counts = try subjectCounts(dir)
        for title in known.sorted() {
            XCTAssertEqual(counts[title] ?? 0, 1, "\(title) should be in history exactly once \(context)", file: file, line: line)
        }
        let left = drafts(dir).map(\.path).filter { !kept.contains($0) }
        XCTAssertEqual(left, [], "drafts left after journal recover \(context)", file: file, line: line)
        let hidden = ((try? FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent(".journal/drafts").path)) ?? [])
            .filter { $0.hasPrefix(".") }
        tally.hiddenTemporaryDrafts = hidden.count
        XCTAssertEqual(try status(dir), "", "git status is not clean after journal recover \(context)", file: file, line: line)
        let tracked = try gitOK(["ls-files"], in: dir).split(separator: "\n")
        XCTAssertEqual(
            tracked.filter { $0.contains(".tmp-") }, [], "a temporary file of the tool was committed \(context)", file: file, line: line)

        let entries = try logEntries(dir, file: file, line: line)
        let ids = entries.compactMap { $0["id"] as? String }
        XCTAssertEqual(ids.count, entries.count, file: file, line: line)
        XCTAssertEqual(Set(ids).count, ids.count, "journal log --json has duplicate ids \(context)", file: file, line: line)
        let titles = entries.compactMap { $0["title"] as? String }
        XCTAssertEqual(Set(titles).count, titles.count, "journal log --json shows an entry twice \(context)", file: file, line: line)
    }
}
