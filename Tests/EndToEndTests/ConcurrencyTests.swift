import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// Many writers at once: `journal add`s serialise on the journal lock; plain git running beside
/// them can make an add give up with a one-line "busy" error, never corrupt or duplicate anything.
final class ConcurrencyTests: JournalTestCase {
    func testSpawnedChildrenRunInTheTempDirectory() throws {
        let pwd = try spawn("/bin/pwd", [])
        XCTAssertEqual(pwd.wait(timeout: 10), .exited(0))
        XCTAssertEqual(pwd.stdout, tempDir.path + "\n", "spawned children must never run in the test runner's folder")
    }

    func testTwentyAddsStartedAtOnceAllLandOnceEach() throws {
        let dir = try makeJournal()
        try XCTSkipUnless(FileManager.default.fileExists(atPath: dir.appendingPathComponent(".git").path) || failed("journal init"))
        try journalOK(["add", "Before the crowd", "--hours", "1"], in: dir)
        let before = try head(dir)
        let commitsBefore = try commitCount(dir)
        let today = isoDay(0)
        let yesterday = isoDay(-1)

        var processes: [(title: String, day: String, process: SpawnedProcess)] = []
        for i in 0..<20 {
            let title = "Concurrent \(i)"
            let onYesterday = i % 3 == 0
            var args = ["add", title, "--hours", "0.5", "--tag", "crowd", "--journal", dir.path]
            if onYesterday { args += ["--date", "yesterday"] }
            processes.append((title, onYesterday ? yesterday : today, try spawnJournal(args)))
        }
        for (title, _, process) in processes {
            XCTAssertEqual(process.wait(timeout: 60), .exited(0), "\(title): \(process.stderr)")
            XCTAssertEqual(lines(process.stderr), [], "\(title) wrote to stderr")
        }

        XCTAssertEqual(try commitCount(dir), commitsBefore + 20)
        let ids = try gitOK(["log", "--format=%(trailers:key=Entry-Id,valueonly,separator=%x2C)", "\(before)..HEAD"], in: dir)
            .split(separator: "\n").map(String.init)
        XCTAssertEqual(ids.count, 20, "every new commit has exactly one Entry-Id: \(ids)")
        XCTAssertEqual(Set(ids).count, 20, "Entry-Ids are distinct")
        XCTAssertTrue(ids.allSatisfy { !$0.contains(",") })
        let subjects = try gitOK(["log", "--format=%s", "\(before)..HEAD"], in: dir).split(separator: "\n").map(String.init)
        XCTAssertEqual(subjects.sorted(), processes.map(\.title).sorted())
        // Each new commit is one entry: it changes exactly one day file.
        for rev in try gitOK(["rev-list", "\(before)..HEAD"], in: dir).split(separator: "\n") {
            let changed = try gitOK(["show", "--format=", "--name-only", String(rev)], in: dir).split(separator: "\n")
            XCTAssertEqual(changed.count, 1, "commit \(rev) changed \(changed)")
        }

        for (title, day, _) in processes {
            let file = read(dayFile(day, in: dir)) ?? ""
            XCTAssertEqual(occurrences(of: "## \(title) <!-- entry:", in: file), 1, "\(title) in \(day)'s file")
            let other = read(dayFile(day == today ? yesterday : today, in: dir)) ?? ""
            XCTAssertEqual(occurrences(of: "## \(title) <!-- entry:", in: other), 0, "\(title) must not be in the other day's file")
        }
        let entries = try logEntries(dir)
        XCTAssertEqual(entries.count, 21)
        XCTAssertEqual(Set(entries.compactMap { $0["id"] as? String }).count, 21)
        XCTAssertEqual(drafts(dir).count, 0)
        XCTAssertEqual(try status(dir), "")
        try assertFsckClean(dir)
    }

    /// `journal recover` skips drafts held by a live command: run in a loop beside adds, it must
    /// never commit an entry that its own add is committing too.
    func testRecoverInALoopBesideAddsNeverCommitsAnEntryTwice() throws {
        let dir = try makeJournal()
        try XCTSkipUnless(FileManager.default.fileExists(atPath: dir.appendingPathComponent(".git").path) || failed("journal init"))
        let stop = tempDir.appendingPathComponent("stop-recover-loop")
        let script = """
            n=0
            while [ ! -e '\(stop.path)' ]; do
              n=$((n+1))
              '\(try Self.journalBinary())' recover --journal '\(dir.path)' >/dev/null 2>&1
            done
            echo $n
            """
        let loop = try spawn("/bin/sh", ["-c", script])
        usleep(50_000)
        var adds: [(title: String, process: SpawnedProcess)] = []
        for i in 0..<40 {
            let title = "Beside recover \(i)"
            adds.append((title, try spawnJournal(["add", title, "--hours", "1", "--body", "body \(i)", "--journal", dir.path])))
        }
        for (title, process) in adds {
            XCTAssertEqual(process.wait(timeout: 60), .exited(0), "\(title): \(process.stderr)")
        }
        try Data().write(to: stop)
        XCTAssertEqual(loop.wait(timeout: 30), .exited(0))
        try journalOK(["recover"], in: dir)

        let counts = try subjectCounts(dir)
        for (title, _) in adds {
            XCTAssertEqual(counts[title] ?? 0, 1, "\(title) should be in history exactly once")
        }
        let ids = try gitOK(["log", "--format=%(trailers:key=Entry-Id,valueonly,separator=%x2C)"], in: dir)
            .split(separator: "\n").map(String.init)
        XCTAssertEqual(Set(ids).count, ids.count, "an Entry-Id was committed twice")
        let day = read(dayFile(isoDay(0), in: dir)) ?? ""
        for (title, _) in adds {
            XCTAssertEqual(occurrences(of: "## \(title) <!-- entry:", in: day), 1, "\(title) in the day file")
        }
        XCTAssertEqual(drafts(dir).count, 0)
        XCTAssertEqual(try status(dir), "")
        try assertFsckClean(dir)
        print("recover race: \(lines(loop.stdout).first ?? "?") recover runs beside 40 adds")
    }

    func testPlainGitCommittingInALoopBesideJournalAdds() throws {
        let dir = try makeJournal()
        try XCTSkipUnless(FileManager.default.fileExists(atPath: dir.appendingPathComponent(".git").path) || failed("journal init"))
        try journalOK(["add", "Before the race", "--hours", "1"], in: dir)
        let stop = tempDir.appendingPathComponent("stop-git-loop")
        // Plain git commits a file outside entries/ as fast as it can until told to stop.
        // Every git command names the journal with -C, and the script stops unless it is there, so
        // it can never commit anywhere else (its own working directory is the test runner's).
        let script = """
            set -u
            J='\(dir.path)'
            [ -d "$J/.git" ] || exit 97
            i=0
            mkdir -p "$J/notes" || exit 98
            while [ ! -e '\(stop.path)' ]; do
              i=$((i+1))
              echo "note $i" > "$J/notes/plain.txt"
              if git -C "$J" add notes/plain.txt 2>/dev/null && git -C "$J" commit -q -m "plain $i" 2>/dev/null; then echo ok; else echo failed; fi
            done
            """
        let loop = try spawn("/bin/sh", ["-c", script])
        // Let the loop get going before the adds start.
        var waited = 0
        while (read(loop.stdoutURL) ?? "").isEmpty && waited < 500 {
            usleep(10_000)
            waited += 1
        }

        var adds: [(title: String, process: SpawnedProcess)] = []
        for i in 0..<10 {
            let title = "Racing git \(i)"
            adds.append((title, try spawnJournal(["add", title, "--hours", "1", "--journal", dir.path])))
            usleep(5_000)
        }
        var succeeded: [String] = []
        var refused: [String] = []
        for (title, process) in adds {
            let ending = process.wait(timeout: 60)
            if ending == .exited(0) {
                succeeded.append(title)
            } else {
                refused.append(title)
                let errorLines = lines(process.stderr)
                XCTAssertEqual(errorLines.count, 1, "\(title) (\(ending)) must fail with one line: \(process.stderr.debugDescription)")
                let message = process.stderr.lowercased()
                XCTAssertTrue(
                    ["busy", "lock", "try again", "another"].contains { message.contains($0) },
                    "\(title) failed with an error that is not about a busy journal: \(process.stderr)")
                if case .signalled = ending { XCTFail("\(title) crashed: \(ending), \(process.stderr)") }
            }
        }
        try Data().write(to: stop)
        XCTAssertEqual(loop.wait(timeout: 30), .exited(0), loop.stderr)
        let loopResults = lines(loop.stdout)
        let plainCommits = loopResults.filter { $0 == "ok" }.count

        try assertFsckClean(dir)
        XCTAssertEqual(try git(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], in: dir).status, 0)
        let counts = try subjectCounts(dir)
        for title in succeeded {
            XCTAssertEqual(counts[title] ?? 0, 1, "\(title) exited 0, so it is in history exactly once")
        }
        for title in refused {
            XCTAssertEqual(counts[title] ?? 0, 0, "\(title) was refused, so nothing of it is in history")
        }
        XCTAssertEqual(drafts(dir).count, 0, "entries without a body leave no draft")
        let ids = try logEntries(dir).compactMap { $0["id"] as? String }
        XCTAssertEqual(Set(ids).count, ids.count, "journal log --json has duplicate ids")
        // Once the dust settles, journal works as usual.
        try journalOK(["add", "After the race", "--hours", "1"], in: dir)
        XCTAssertEqual(try subjectCounts(dir)["After the race"], 1)
        try assertFsckClean(dir)
        let day = read(dayFile(isoDay(0), in: dir)) ?? ""
        let missingSections = succeeded.filter { occurrences(of: "## \($0) <!-- entry:", in: day) != 1 }
        print(
            "git race: \(succeeded.count) adds succeeded, \(refused.count) refused; plain git: \(plainCommits) commits, "
                + "\(loopResults.count - plainCommits) failed attempts; day-file sections of successful adds missing: \(missingSections)")
    }
}
