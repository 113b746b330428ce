import Foundation
import XCTest

/// Seeded random interleavings of add, amend, delete, hand edits, config set and sync on three
/// machines of one journal: after a final round of syncs every machine has the same day files,
/// every entry added and not deleted is in log and in the day files exactly once, check is clean
/// everywhere, and git fsck --strict passes. Fixed seeds, so a failure reproduces.
final class SyncPropertyTests: JournalTestCase {
    static let seeds: [UInt64] = [0x5EED_0001, 0x5EED_0002]
    static let steps = 300

    func testRandomInterleavingsOnThreeMachinesConverge() throws {
        for seed in Self.seeds { try runInterleaving(seed: seed) }
    }

    func runInterleaving(seed: UInt64) throws {
        let remote = try makeBare("remote-\(seed).git")
        let first = path("p\(seed)-0")
        XCTAssertEqual(try run(["init", first.path, "--remote", remote.path]).status, 0)
        var machines = [first]
        for k in 1..<3 {
            let dir = path("p\(seed)-\(k)")
            XCTAssertEqual(try run(["clone", remote.path, dir.path]).status, 0)
            machines.append(dir)
        }
        var rng = SplitMix64(seed: seed)
        var added: Set<String> = []  // titles ever reported added
        var deleted: Set<String> = []  // titles whose deletion was reported
        var counter = 0
        for step in 0..<Self.steps {
            let dir = machines[Int.random(in: 0..<3, using: &rng)]
            let context = "seed \(String(seed, radix: 16)) step \(step) on \(dir.lastPathComponent)"
            let live = try logEntries(dir)
            switch Int.random(in: 0..<100, using: &rng) {
            case 0..<35:
                counter += 1
                let title = "e\(counter)"
                let days = [0, 0, -1]
                let day = isoDay(days[Int.random(in: 0..<days.count, using: &rng)])
                let out = try run(["add", title, "--hours", "5m", "--date", day, "--body", "shared line", "--journal", dir.path])
                XCTAssertEqual(out.status, 0, "\(context): \(out.stderr)")
                if out.status == 0 { added.insert(title) }
            case 35..<50:
                guard let entry = live.randomElement(using: &rng), let id = entry["id"] as? String else { continue }
                let out = try run(["amend", id, "--hours", "\(Int.random(in: 1...3, using: &rng) * 10)m", "--journal", dir.path])
                XCTAssertEqual(out.status, 0, "\(context): \(out.stderr)")
            case 50..<58:
                guard let entry = live.randomElement(using: &rng), let id = entry["id"] as? String, let title = entry["title"] as? String
                else { continue }
                let out = try run(["delete", id, "--yes", "--journal", dir.path])
                XCTAssertEqual(out.status, 0, "\(context): \(out.stderr)")
                if out.status == 0 { deleted.insert(title) }
            case 58..<66:
                // A hand edit: a note appended to today's file (into the last entry's body).
                let url = dayFile(isoDay(), in: dir)
                guard let text = read(url) else { continue }
                try (text + "\nHand note \(step).\n").write(to: url, atomically: true, encoding: .utf8)
            case 66..<70:
                let out = try run(["config", "set", "goal.weekly-hours", "\(Int.random(in: 8...14, using: &rng))", "--journal", dir.path])
                XCTAssertEqual(out.status, 0, "\(context): \(out.stderr)")
            default:
                let out = try run(["sync", "--journal", dir.path])
                XCTAssertEqual(out.status, 0, "\(context): \(out.stderr)")
            }
        }
        for _ in 0..<2 {
            for dir in machines {
                try journalOK(["sync"], in: dir)
            }
        }
        // Every entry added and never deleted must be there; a deleted one may be back when another
        // machine corrected it without knowing (the newer word wins); nothing else may appear.
        let expected = added.subtracting(deleted)
        let files = try machines.map { try dayFiles($0) }
        for (k, dir) in machines.enumerated() {
            XCTAssertEqual(files[k], files[0], "seed \(seed): \(dir.lastPathComponent) has other day files")
            let titles = try logEntries(dir).compactMap { $0["title"] as? String }
            XCTAssertEqual(titles.count, Set(titles).count, "seed \(seed): an entry twice in log")
            XCTAssertTrue(expected.isSubset(of: Set(titles)), "seed \(seed): lost \(expected.subtracting(titles).sorted())")
            XCTAssertTrue(Set(titles).isSubset(of: added), "seed \(seed): unknown \(Set(titles).subtracting(added).sorted())")
            let all = files[k].values.joined()
            for title in titles {
                XCTAssertEqual(all.components(separatedBy: "## \(title) <!-- entry:").count - 1, 1, "seed \(seed): \(title) in the files")
            }
            let check = try run(["check", "--journal", dir.path])
            XCTAssertEqual(check.status, 0, "seed \(seed): \(check.stdout)")
            try assertFsckClean(dir)
        }
        try assertFsckClean(remote)
    }

    /// Every day file's text, by path.
    func dayFiles(_ dir: URL) throws -> [String: String] {
        let root = dir.appendingPathComponent("entries")
        var result: [String: String] = [:]
        let paths = (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String]) ?? []
        for relative in paths where relative.hasSuffix(".md") {
            result[relative] = read(root.appendingPathComponent(relative))
        }
        return result
    }
}
