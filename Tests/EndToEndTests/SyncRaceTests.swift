import Foundation
import XCTest

/// Three machines adding and syncing at once over git://: every push refused because the remote
/// moved is fetched, merged and pushed again, and every entry arrives once everywhere.
final class SyncRaceTests: ServerTestCase {
    override var repoPrefix: String { "race" }

    func testThreeMachinesSyncingAtOnceOverGitDaemonLoseNothing() throws {
        let url = servers.gitURL + "/" + repoName
        let first = path("m0")
        XCTAssertEqual(try run(["init", first.path, "--remote", url]).status, 0)
        var machines = [first]
        for k in 1..<3 {
            let dir = path("m\(k)")
            XCTAssertEqual(try run(["clone", url, dir.path]).status, 0)
            machines.append(dir)
        }
        let rounds = 12
        // Each machine adds and syncs in a loop of its own process; the three run at once.
        let binary = try Self.journalBinary()
        let loops = try machines.enumerated().map { k, dir in
            let script = """
                for r in $(seq 0 \(rounds - 1)); do
                  "$0" add "m\(k) r$r" --hours 0.25 --journal "$1" || echo "add $r failed" >&2
                  "$0" sync --journal "$1" >/dev/null || echo "sync $r failed" >&2
                done
                """
            return try spawn("/bin/sh", ["-c", script, binary, dir.path])
        }
        var failures: [String] = []
        for loop in loops {
            XCTAssertEqual(loop.wait(), .exited(0))
            failures += loop.stderr.split(separator: "\n").map(String.init)
        }
        // Each sync retries up to its bound; only a sync that ran out of tries may have failed.
        let ranOutOfTries = failures.filter { $0.contains("kept moving") }
        let other = failures.filter { !$0.contains("kept moving") && !$0.hasPrefix("sync ") }
        XCTAssertEqual(other, [], "only a sync that ran out of tries may fail")
        print("sync race: \(ranOutOfTries.count) of \(rounds * machines.count) syncs ran out of tries")
        // A final round in turn, twice, brings every machine to the same history.
        for _ in 0..<2 { for dir in machines { try journalOK(["sync"], in: dir) } }
        let expected = Set((0..<3).flatMap { k in (0..<rounds).map { "m\(k) r\($0)" } })
        let heads = try machines.map { try head($0) }
        XCTAssertEqual(Set(heads).count, 1, "every machine at the same commit")
        for dir in machines {
            let titles = try logEntries(dir).compactMap { $0["title"] as? String }
            XCTAssertEqual(titles.count, expected.count, dir.lastPathComponent)
            XCTAssertEqual(Set(titles), expected, dir.lastPathComponent)
            let text = read(dayFile(isoDay(), in: dir)) ?? ""
            for title in expected {
                XCTAssertEqual(text.components(separatedBy: "## \(title) <!-- entry:").count - 1, 1, "\(title) in \(dir.lastPathComponent)")
            }
            XCTAssertEqual(try journalOK(["check"], in: dir).stdout, "The day files and history agree\n")
            try assertFsckClean(dir)
        }
        try assertFsckClean(bare)
    }
}
