import Foundation
import XCTest

@testable import GitKit

/// `RawCommitHeader`, the hand-written parser `readAllCommits` reads every commit of a full
/// history with. It must read what libgit2 reads (the fallback it declines to), and what git shows.
final class CommitHeaderTests: XCTestCase {
    var dir: TemporaryDirectory!
    var work: String { dir.path + "/j" }
    let tree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
    let parent1 = "1111111111111111111111111111111111111111"
    let parent2 = "2222222222222222222222222222222222222222"

    override func setUp() {
        dir = TemporaryDirectory()
        try! FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    }

    override func tearDown() { dir.remove() }

    func parse(_ text: String) -> RawCommitHeader? {
        Array(text.utf8).withUnsafeBufferPointer { RawCommitHeader($0) }
    }

    /// What follows the header, as `readAllCommits` hands it on.
    func message(_ text: String, _ header: RawCommitHeader) -> String {
        String(decoding: Array(text.utf8)[header.messageStart...], as: UTF8.self)
    }

    func commit(author: String = "Ada Lovelace <ada@example.org> 1764400000 +0100", extra: String = "", message: String = "\nSubject\n")
        -> String
    {
        "tree \(tree)\nparent \(parent1)\nparent \(parent2)\nauthor \(author)\ncommitter Bob <bob@example.org> 1764400999 -0500\n" + extra
            + message
    }

    @discardableResult
    func git(_ arguments: String...) throws -> String {
        try TemporaryDirectory.git(arguments, in: work)
    }

    /// Writes `text` as a commit object with `git hash-object -t commit -w`; returns its id.
    func hashCommit(_ text: String) throws -> ObjectID {
        let file = dir.path + "/commit-\(UUID().uuidString)"
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        return try XCTUnwrap(
            ObjectID(hex: try git("hash-object", "-t", "commit", "-w", file).trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    /// The raw bytes of a commit object, as git stores them.
    func rawCommit(_ id: ObjectID) throws -> [UInt8] {
        Array(try git("cat-file", "commit", id.hex).utf8)
    }

    // MARK: Headers written by hand

    func testTreeParentsAuthorTimeAndOffsetAreRead() throws {
        let text = commit(author: "Ada King, Countess of Lovelace <ada@example.org> 1764400000 +0530", message: "\nSubject\n\nBody\n")
        let header = try XCTUnwrap(parse(text))
        XCTAssertEqual(header.tree.hex, tree)
        XCTAssertEqual(header.parents.map(\.hex), [parent1, parent2])
        XCTAssertEqual(header.authorTime, 1_764_400_000)
        XCTAssertEqual(header.authorOffset, 330, "the author's offset, not the committer's")
        XCTAssertEqual(message(text, header), "Subject\n\nBody\n")
    }

    func testNegativeTimesBeforeNineteenSeventyAreRead() throws {
        let header = try XCTUnwrap(parse(commit(author: "Ada <ada@example.org> -3155760000 -0130")))
        XCTAssertEqual(header.authorTime, -3_155_760_000)
        XCTAssertEqual(header.authorOffset, -90)
    }

    func testOffsetsPastFourteenHoursOrFiftyNineMinutesCountAsUTC() throws {
        let zones: [(String, Int)] = [
            ("+0000", 0), ("-0000", 0), ("+1400", 840), ("-1400", -840), ("+0159", 119), ("-0945", -585),
            ("+1401", 841), ("+1500", 0), ("-1500", 0), ("+0060", 0), ("+9999", 0),
        ]
        for (zone, minutes) in zones {
            let header = try XCTUnwrap(parse(commit(author: "Ada <ada@example.org> 1764400000 \(zone)")), zone)
            XCTAssertEqual(header.authorOffset, minutes, zone)
            XCTAssertEqual(header.authorTime, 1_764_400_000, zone)
        }
    }

    func testZonesThatAreNotSignAndFourDigitsAreLeftToLibgit2() {
        // libgit2 reads these its own way ("+01" is one minute); the parser declines them.
        for zone in ["+01", "-5", "0100", "+01a0", "+010000", "", "+"] {
            XCTAssertNil(parse(commit(author: "Ada <ada@example.org> 1764400000 \(zone)")), zone)
        }
        XCTAssertNil(parse(commit(author: "Ada <ada@example.org> 1764400000")), "no zone")
        XCTAssertNil(parse(commit(author: "Ada <ada@example.org> 1764400000 1764403600 +0100")), "the time is not after the e-mail")
    }

    func testACommitWithoutATreeIsDeclined() {
        XCTAssertNil(parse(""))
        XCTAssertNil(parse("\n"))
        XCTAssertNil(parse("parent \(parent1)\nauthor Ada <a@example.org> 1 +0000\n\nNo tree\n"))
        XCTAssertNil(parse("tree \(tree.dropLast())\nauthor Ada <a@example.org> 1 +0000\n\nShort tree\n"))
        XCTAssertNil(parse("tree \(tree.dropLast())x\nauthor Ada <a@example.org> 1 +0000\n\nNot hex\n"))
        XCTAssertNil(parse("\ntree \(tree)\n"), "a tree after the blank line is message, not header")
    }

    func testAMalformedAuthorLineIsDeclinedForLibgit2ToRead() {
        XCTAssertNil(parse(commit(author: "Ada <ada@example.org>")))
        XCTAssertNil(parse(commit(author: "Ada <ada@example.org> - +0100")))
        XCTAssertNil(parse(commit(author: "Ada <ada@example.org> 12x4 +0100")))
        XCTAssertNil(parse("tree \(tree)\nauthor \n\n"))
    }

    func testHeadersWithoutABlankLineEndWithAnEmptyMessage() throws {
        for text in ["tree \(tree)\nauthor Ada <a@example.org> 5 +0100\n", "tree \(tree)\nauthor Ada <a@example.org> 5 +0100"] {
            let header = try XCTUnwrap(parse(text))
            XCTAssertEqual(header.messageStart, text.utf8.count)
            XCTAssertEqual(header.authorTime, 5)
            XCTAssertEqual(header.authorOffset, 60)
        }
        let bare = try XCTUnwrap(parse("tree \(tree)"))
        XCTAssertEqual(bare.parents, [])
        XCTAssertEqual(bare.authorTime, 0)
    }

    func testAnEmptyMessageStartsAtTheEnd() throws {
        let text = commit(message: "\n")
        let header = try XCTUnwrap(parse(text))
        XCTAssertEqual(header.messageStart, text.utf8.count)
        XCTAssertEqual(message(text, header), "")
    }

    func testExtraHeadersAndTheirContinuationLinesAreSkipped() throws {
        // Continuation lines start with a space, even the blank line inside a signature; the ones
        // here look like tree, parent and author lines, and must not be read as such.
        let extra = """
            encoding ISO-8859-1
            gpgsig -----BEGIN PGP SIGNATURE-----
             
             iQEzBAABCAAdFiEE
             author Mallory <m@example.org> 1 +0900
             -----END PGP SIGNATURE-----
            mergetag object \(parent2)
             type commit
             tag v1
             tagger Ada <ada@example.org> 1700000000 +0200
             
             parent 3333333333333333333333333333333333333333
             tree 3333333333333333333333333333333333333333

            """
        let text = commit(author: "Ada <ada@example.org> 1764400000 -0800", extra: extra, message: "\nSigned\n")
        let header = try XCTUnwrap(parse(text))
        XCTAssertEqual(header.tree.hex, tree)
        XCTAssertEqual(header.parents.map(\.hex), [parent1, parent2])
        XCTAssertEqual(header.authorTime, 1_764_400_000)
        XCTAssertEqual(header.authorOffset, -480)
        XCTAssertEqual(message(text, header), "Signed\n")
    }

    func testTheFuzzSeedsAreReadThroughTheFuzzEntry() throws {
        // Fuzz/corpus/commit-*: the selector byte, then a raw commit (see Sources/ParserFuzzing).
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/corpus")
        func seed(_ name: String) throws -> [UInt8] {
            Array(try Data(contentsOf: corpus.appendingPathComponent(name)).dropFirst())
        }
        XCTAssertEqual(CommitHeaderFuzzing.read(try seed("commit-merge")), 3, "a header and two parents")
        XCTAssertEqual(CommitHeaderFuzzing.read(try seed("commit-signed")), 2, "a header and one parent")
        XCTAssertEqual(CommitHeaderFuzzing.read(try seed("commit-odd")), 0, "declined: a time past 64 bits")
        XCTAssertEqual(CommitHeaderFuzzing.read([]), 0)
    }

    // MARK: Commits made by git

    /// For odd times and zones git and libgit2 differ: `readAllCommits` must give what libgit2
    /// gives (it reads each commit the parser declines with libgit2, and the incremental readers use
    /// libgit2), so the parser either reads exactly that or declines.
    func testOddTimesAndZonesAreReadAsLibgit2ReadsThemOrLeftToLibgit2() throws {
        try git("init", "-q", "-b", "main")
        let repo = try Repository.open(at: work)
        let authors = [
            "-86400 -0130", "-3155760000 +0000", "0 +0000", "1764400000 +1500", "1764400000 -1400", "1764400000 +0160",
            "1764400000 +0159", "1764400000 +9999",
            // Not ±HHMM: libgit2 reads the digits after the sign as one number ("+01" is one minute).
            "1764400000 +01", "1764400000 -5", "1764400000 +01a0", "1764400000 +010000", "1764400000 0100",
            // libgit2 reads the time right after the e-mail.
            "1764400000 1764403600 +0100", "1764400000  +0100",
        ]
        for author in authors {
            let text = "tree \(tree)\nauthor Ada <ada@example.org> \(author)\ncommitter Ada <ada@example.org> 1764400000 +0000\n\nOdd\n"
            let id = try hashCommit(text)
            let libgit2 = try repo.commit(id)
            let expected = "\(Int64(libgit2.author.date.timeIntervalSince1970)) \(libgit2.author.offsetMinutes)"
            if let header = try rawCommit(id).withUnsafeBufferPointer({ RawCommitHeader($0) }) {
                XCTAssertEqual("\(header.authorTime) \(header.authorOffset)", expected, "parsed [\(author)]")
                XCTAssertEqual(header.tree, libgit2.treeID)
            }
            var read: [String] = []
            try repo.readAllCommits(from: id) { commit, _ in read.append("\(commit.authorTime) \(commit.authorOffsetMinutes)") }
            XCTAssertEqual(read, [expected], "read [\(author)]")
        }
    }

    func testATimeTooLargeForLibgit2IsNotReadAsSomeOtherTime() throws {
        try git("init", "-q", "-b", "main")
        let repo = try Repository.open(at: work)
        let text =
            "tree \(tree)\nauthor Ada <ada@example.org> 99999999999999999999 +0100\ncommitter Ada <ada@example.org> 1 +0000\n\nHuge\n"
        XCTAssertNil(parse(text))
        let id = try hashCommit(text)
        XCTAssertThrowsError(try repo.commit(id), "libgit2 refuses the commit")
        XCTAssertThrowsError(try repo.readAllCommits(from: id) { _, _ in }, "and so does the full read")
    }

    func testRealCommitsAndAMergeAgreeWithGitLog() throws {
        try git("init", "-q", "-b", "main")
        func commit(_ file: String, _ date: String) throws {
            try Data("\(file) \(date)\n".utf8).write(to: URL(fileURLWithPath: work + "/" + file))
            try git("add", file)
            try TemporaryDirectory.git(
                [
                    "-c", "user.name=Ada", "-c", "user.email=ada@example.org", "commit", "-q", "-m", "Add \(file)",
                    "--date", date,
                ], in: work)
        }
        try commit("a.md", "1764400000 +0530")
        try git("checkout", "-q", "-b", "side")
        try commit("b.md", "1764403600 -0330")
        try git("checkout", "-q", "main")
        try commit("c.md", "1764407200 +1400")
        try git("merge", "-q", "--no-ff", "-m", "Merge side", "side")
        let head = try XCTUnwrap(ObjectID(hex: try git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)))
        XCTAssertEqual(try Repository.open(at: work).commit(head).parentIDs.count, 2)

        var expected: [ObjectID: String] = [:]
        for line in try git("log", "--all", "--format=%H|%T %P %at %ai").split(separator: "\n") {
            let fields = line.split(separator: "|", maxSplits: 1)
            expected[try XCTUnwrap(ObjectID(hex: String(fields[0])))] = String(fields[1])
        }
        XCTAssertEqual(expected.count, 4)
        func formatted(_ header: RawCommitHeader) -> String {
            // %ai: the author time in its own zone, as "2025-11-29 12:36:40 +0530".
            let zone = try! XCTUnwrap(TimeZone(secondsFromGMT: header.authorOffset * 60))
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = zone
            formatter.dateFormat = "yyyy-MM-dd HH:mm:ss Z"
            let date = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(header.authorTime)))
            return "\(header.tree.hex) \(header.parents.map(\.hex).joined(separator: " ")) \(header.authorTime) \(date)"
        }
        for (id, line) in expected {
            let raw = try rawCommit(id)
            let header = try XCTUnwrap(raw.withUnsafeBufferPointer { RawCommitHeader($0) })
            XCTAssertEqual(formatted(header), line, id.hex)
            XCTAssertEqual(
                String(decoding: raw[header.messageStart...], as: UTF8.self),
                try git("log", "-1", "--format=%B", id.hex).trimmingCharacters(in: .newlines) + "\n")
        }

        // readAllCommits, which runs the parser, sees each of them once and the same way.
        let repo = try Repository.open(at: work)
        var seen: [ObjectID: String] = [:]
        try repo.readAllCommits(from: head) { commit, message in
            XCTAssertNil(seen[commit.id], "each commit once")
            seen[commit.id] = "\(commit.treeID.hex) \(commit.parentIDs.map(\.hex).joined(separator: " ")) \(commit.authorTime)"
            XCTAssertEqual(message.summary, try repo.commit(commit.id).summary)
        }
        // Without %ai's three fields (date, time, zone).
        XCTAssertEqual(
            seen, expected.mapValues { $0.split(separator: " ", omittingEmptySubsequences: false).dropLast(3).joined(separator: " ") })
    }

    func testACommitWithSignatureAndOtherHeadersAgreesWithGitCatFileAndLog() throws {
        try git("init", "-q", "-b", "main")
        try Data("x\n".utf8).write(to: URL(fileURLWithPath: work + "/x.md"))
        try git("add", "x.md")
        try TemporaryDirectory.git(["-c", "user.name=Ada", "-c", "user.email=ada@example.org", "commit", "-q", "-m", "First"], in: work)
        let first = try git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        let realTree = try git("rev-parse", "HEAD^{tree}").trimmingCharacters(in: .whitespacesAndNewlines)
        let text = """
            tree \(realTree)
            parent \(first)
            author Ada Lovelace <ada@example.org> 1764400000 +0530
            committer Ada Lovelace <ada@example.org> 1764400100 +0530
            encoding UTF-8
            gpgsig -----BEGIN PGP SIGNATURE-----
             
             iHUEABYKAB0WIQTexampleexampleexampleexampleAAoJEA==
             author Mallory <m@example.org> 1 +0900
             -----END PGP SIGNATURE-----

            Signed entry

            Hours: 1.5

            """
        let id = try hashCommit(text)
        // git reads it as a commit with that signature and these fields.
        let shown = try git("cat-file", "-p", id.hex)
        XCTAssertTrue(
            shown.hasPrefix("tree \(realTree)\nparent \(first)\n") && shown.contains("gpgsig -----BEGIN PGP SIGNATURE-----\n \n"), shown)
        let log = try git("log", "-1", "--format=%T %P %at %ai", id.hex).trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(log, "\(realTree) \(first) 1764400000 2025-11-29 12:36:40 +0530")

        let raw = try rawCommit(id)
        XCTAssertEqual(raw, Array(text.utf8))
        let header = try XCTUnwrap(raw.withUnsafeBufferPointer { RawCommitHeader($0) })
        XCTAssertEqual(
            "\(header.tree.hex) \(header.parents.map(\.hex).joined(separator: " ")) \(header.authorTime)",
            "\(realTree) \(first) 1764400000")
        XCTAssertEqual(header.authorOffset, 330)
        XCTAssertEqual(String(decoding: raw[header.messageStart...], as: UTF8.self), "Signed entry\n\nHours: 1.5\n")
        XCTAssertEqual(String(decoding: raw[header.messageStart...], as: UTF8.self), try Repository.open(at: work).commit(id).message)
    }
}
