import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// What a finished subprocess left behind.
typealias ProcessOutput = (status: Int32, stdout: String, stderr: String)

/// Base class of the end-to-end tests: runs the built `journal` binary and the real `git` as
/// subprocesses, in an isolated environment (own HOME with its own .gitconfig, no system git
/// config, no JOURNAL_DIR, none of the runner's GIT_* variables, fixed TZ, a fixed "now", NO_COLOR),
/// inside a per-test temporary directory.
class JournalTestCase: XCTestCase {
    /// The per-test temporary directory (removed in tearDown).
    private(set) var tempDir: URL!
    /// HOME of every subprocess; holds the .gitconfig with the test identity.
    private(set) var homeDir: URL!

    static let userName = "Test Learner"
    static let userEmail = "learner@example.test"
    /// Every subprocess runs in this zone, so "today" in the tests is today in UTC.
    static let timeZone = TimeZone(identifier: "UTC")!
    /// "Now" for every subprocess and for the tests' own days: today (UTC) at 12:00:00, fixed once
    /// per test process. So "today" is one day for the whole run, even one that crosses midnight.
    static let fixedNow: Date = {
        let seconds = Int(Date().timeIntervalSince1970)
        return Date(timeIntervalSince1970: TimeInterval(seconds - seconds % 86_400 + 12 * 3600))
    }()
    /// `fixedNow` in git's internal date format, for GIT_AUTHOR_DATE and GIT_COMMITTER_DATE.
    static var fixedGitDate: String { "@\(Int(fixedNow.timeIntervalSince1970)) +0000" }
    /// A subprocess that runs longer than this is killed and the test fails.
    static let processTimeout: TimeInterval = 60

    override func setUpWithError() throws {
        try super.setUpWithError()
        // A child that exits before reading its stdin must not kill the test runner.
        signal(SIGPIPE, SIG_IGN)
        let base = URL(fileURLWithPath: NSTemporaryDirectory(), isDirectory: true)
            .appendingPathComponent("journal-e2e-\(UUID().uuidString)", isDirectory: true)
        tempDir = base.resolvingSymlinksInPath()
        try FileManager.default.createDirectory(at: tempDir, withIntermediateDirectories: true)
        tempDir = tempDir.resolvingSymlinksInPath()
        homeDir = tempDir.appendingPathComponent("home", isDirectory: true)
        try FileManager.default.createDirectory(at: homeDir, withIntermediateDirectories: true)
        let gitconfig = """
            [user]
            \tname = \(Self.userName)
            \temail = \(Self.userEmail)
            [init]
            \tdefaultBranch = main
            [advice]
            \tdetachedHead = false

            """
        try gitconfig.write(to: homeDir.appendingPathComponent(".gitconfig"), atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        if let tempDir {
            // Make anything a test made unreadable removable again.
            _ = try? runProcess("/bin/chmod", ["-R", "u+rwX", tempDir.path])
            // JOURNAL_KEEP_FAILED_TESTS=DIR keeps a failed test's folder there, to look into.
            if let keep = ProcessInfo.processInfo.environment["JOURNAL_KEEP_FAILED_TESTS"], (testRun?.failureCount ?? 0) > 0 {
                try? FileManager.default.moveItem(
                    at: tempDir, to: URL(fileURLWithPath: keep).appendingPathComponent(tempDir.lastPathComponent))
            }
            try? FileManager.default.removeItem(at: tempDir)
        }
        try super.tearDownWithError()
    }

    // MARK: - Finding the binary

    /// The built `journal`: `$JOURNAL_BIN`, else next to the test bundle.
    static func journalBinary() throws -> String {
        let env = ProcessInfo.processInfo.environment
        if let explicit = env["JOURNAL_BIN"], !explicit.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: explicit) else {
                throw BinaryNotFound(searched: ["JOURNAL_BIN=\(explicit) (not an executable file)"])
            }
            return explicit
        }
        let bundle = Bundle(for: JournalTestCase.self).bundleURL
        var candidates = [bundle.deletingLastPathComponent(), bundle]
        if let exe = Bundle.main.executableURL { candidates.append(exe.deletingLastPathComponent()) }
        for dir in candidates {
            let path = dir.appendingPathComponent("journal").path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                FileManager.default.isExecutableFile(atPath: path)
            {
                return path
            }
        }
        throw BinaryNotFound(searched: candidates.map(\.path))
    }

    struct BinaryNotFound: Error, CustomStringConvertible {
        let searched: [String]
        var description: String {
            "the built journal binary was not found (looked in \(searched.joined(separator: ", "))); build it with swift build --build-tests, or set JOURNAL_BIN"
        }
    }

    // MARK: - Running things

    /// The environment every subprocess gets: only what the tests choose, plus PATH. Journal and
    /// git commits are made at `fixedNow` unless a test passes its own GIT_AUTHOR_DATE and
    /// GIT_COMMITTER_DATE.
    func baseEnvironment() -> [String: String] {
        var env: [String: String] = [
            "HOME": homeDir.path,
            "XDG_CONFIG_HOME": homeDir.appendingPathComponent(".config").path,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_DATE": Self.fixedGitDate,
            "GIT_COMMITTER_DATE": Self.fixedGitDate,
            "TZ": "UTC",
            "NO_COLOR": "1",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "TMPDIR": tempDir.path,
        ]
        env["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return env
    }

    /// Runs `journal args`. `stdin` nil means /dev/null; the test runner's stdin is never inherited.
    @discardableResult
    func run(
        _ args: [String], stdin: String? = nil, env: [String: String] = [:],
        binary: String? = nil, cwd: URL? = nil
    ) throws -> ProcessOutput {
        let exe = try binary ?? Self.journalBinary()
        return try runProcess(exe, args, stdin: stdin, env: env, cwd: cwd)
    }

    /// Runs the real `/usr/bin/git` with the same isolated environment.
    @discardableResult
    func git(_ args: [String], in dir: URL? = nil, stdin: String? = nil, env: [String: String] = [:]) throws -> ProcessOutput {
        let git = FileManager.default.isExecutableFile(atPath: "/usr/bin/git") ? "/usr/bin/git" : "/usr/local/bin/git"
        let full = (dir.map { ["-C", $0.path] } ?? []) + args
        return try runProcess(git, full, stdin: stdin, env: env)
    }

    /// Runs git and fails the test when it does not succeed; returns stdout.
    @discardableResult
    func gitOK(
        _ args: [String], in dir: URL? = nil, stdin: String? = nil, env: [String: String] = [:],
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> String {
        let result = try git(args, in: dir, stdin: stdin, env: env)
        XCTAssertEqual(result.status, 0, "git \(args.joined(separator: " ")) failed: \(result.stderr)", file: file, line: line)
        return result.stdout
    }

    /// Spawns `executable` with stdout and stderr going to temporary files (no pipe can fill up
    /// and deadlock), stdin from a pipe closed after writing or /dev/null, and a kill timeout.
    func runProcess(
        _ executable: String, _ args: [String], stdin: String? = nil,
        env: [String: String] = [:], cwd: URL? = nil
    ) throws -> ProcessOutput {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = args
        var environment = baseEnvironment()
        for (key, value) in env { environment[key] = value }
        process.environment = environment
        process.currentDirectoryURL = cwd ?? tempDir

        let id = UUID().uuidString
        let outURL = tempDir.appendingPathComponent(".out-\(id)")
        let errURL = tempDir.appendingPathComponent(".err-\(id)")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        process.standardOutput = outHandle
        process.standardError = errHandle

        var inputPipe: Pipe?
        if stdin != nil {
            let pipe = Pipe()
            process.standardInput = pipe
            inputPipe = pipe
        } else {
            process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        }

        try process.run()
        try? outHandle.close()
        try? errHandle.close()

        if let inputPipe, let stdin {
            let writer = inputPipe.fileHandleForWriting
            let data = Data(stdin.utf8)
            try? inputPipe.fileHandleForReading.close()
            DispatchQueue.global().async {
                try? writer.write(contentsOf: data)
                try? writer.close()
            }
        }

        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            process.waitUntilExit()
            finished.signal()
        }
        if finished.wait(timeout: .now() + Self.processTimeout) == .timedOut {
            process.terminate()
            kill(process.processIdentifier, SIGKILL)
            _ = finished.wait(timeout: .now() + 5)
            XCTFail("\(executable) \(args.joined(separator: " ")) did not finish within \(Int(Self.processTimeout)) s and was killed")
        }
        let stdout = String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self)
        let stderr = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
        let status = process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
        return (status, stdout, stderr)
    }

    // MARK: - Journals and days

    /// A new folder path inside the temp dir (not created).
    func path(_ name: String) -> URL { tempDir.appendingPathComponent(name, isDirectory: true) }

    /// `journal init` into a new folder; fails the test if it does not work.
    func makeJournal(_ name: String = "journal", file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        let dir = path(name)
        let result = try run(["init", dir.path])
        XCTAssertEqual(result.status, 0, "journal init failed: \(result.stderr)", file: file, line: line)
        return dir
    }

    /// Runs `journal args --journal dir` and fails the test unless it exits 0.
    @discardableResult
    func journalOK(
        _ args: [String], in dir: URL, stdin: String? = nil, env: [String: String] = [:],
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> ProcessOutput {
        let result = try run(args + ["--journal", dir.path], stdin: stdin, env: env)
        XCTAssertEqual(result.status, 0, "journal \(args.joined(separator: " ")) failed: \(result.stderr)", file: file, line: line)
        return result
    }

    /// Today (of `fixedNow`) in the subprocesses' zone, shifted by `days`, as YYYY-MM-DD.
    func isoDay(_ days: Int = 0) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Self.timeZone
        let date = calendar.date(byAdding: .day, value: days, to: Self.fixedNow)!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    /// The English weekday name (lower case) of today (of `fixedNow`) shifted by `days`.
    func weekdayName(_ days: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Self.timeZone
        let date = calendar.date(byAdding: .day, value: days, to: Self.fixedNow)!
        let names = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
        return names[calendar.component(.weekday, from: date) - 1]
    }

    /// `entries/YYYY/MM/YYYY-MM-DD.md` of a YYYY-MM-DD day, inside `journal`.
    func dayFile(_ iso: String, in journal: URL) -> URL {
        let parts = iso.split(separator: "-")
        return journal.appendingPathComponent("entries/\(parts[0])/\(parts[1])/\(iso).md")
    }

    func read(_ url: URL) -> String? {
        (try? Data(contentsOf: url)).map { String(decoding: $0, as: UTF8.self) }
    }

    // MARK: - Git facts

    func head(_ dir: URL) throws -> String {
        try git(["rev-parse", "HEAD"], in: dir).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func commitCount(_ dir: URL) throws -> Int {
        Int(try gitOK(["rev-list", "--count", "HEAD"], in: dir).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// `git status --porcelain` (without taking optional locks, so an index.lock does not matter).
    func status(_ dir: URL) throws -> String {
        try git(["--no-optional-locks", "status", "--porcelain", "--untracked-files=all"], in: dir).stdout
    }

    /// Asserts `git fsck --strict` finds nothing wrong.
    func assertFsckClean(_ dir: URL, file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try git(["fsck", "--strict", "--no-progress", "--no-dangling"], in: dir)
        XCTAssertEqual(result.status, 0, "git fsck --strict failed: \(result.stdout)\(result.stderr)", file: file, line: line)
        let complaints = (result.stdout + result.stderr).split(separator: "\n").filter {
            // Notices (an empty repository's unborn HEAD) are not problems.
            !$0.hasPrefix("Checking") && !$0.hasPrefix("notice:") && !$0.isEmpty
        }
        XCTAssertEqual(complaints, [], "git fsck --strict complained", file: file, line: line)
    }

    /// Trailers of one commit as `git interpret-trailers --parse` reads its message.
    func parsedTrailers(_ dir: URL, _ rev: String) throws -> [(key: String, value: String)] {
        let message = try gitOK(["log", "-1", "--format=%B", rev], in: dir)
        let parsed = try gitOK(["interpret-trailers", "--parse"], stdin: message)
        return parsed.split(separator: "\n").compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
    }

    /// The values of trailer `key` in one commit, as git's own `%(trailers)` reads them.
    func trailerValues(_ dir: URL, _ rev: String, key: String) throws -> [String] {
        let out = try gitOK(["log", "-1", "--format=%(trailers:key=\(key),valueonly,separator=%x1f)", rev], in: dir)
        let trimmed = out.trimmingCharacters(in: .newlines)
        return trimmed.isEmpty ? [] : trimmed.components(separatedBy: "\u{1f}")
    }

    // MARK: - JSON

    func json(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> Any {
        do {
            return try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        } catch {
            XCTFail("not JSON (\(error)): \(text.prefix(500))", file: file, line: line)
            throw error
        }
    }

    /// The `entries` of `journal log --json`.
    func logEntries(_ dir: URL, _ extra: [String] = [], file: StaticString = #filePath, line: UInt = #line) throws -> [[String: Any]] {
        let result = try journalOK(["log", "--json"] + extra, in: dir, file: file, line: line)
        let object = try json(result.stdout, file: file, line: line) as? [String: Any]
        guard let entries = object?["entries"] as? [[String: Any]] else {
            XCTFail("journal log --json has no entries array: \(result.stdout.prefix(500))", file: file, line: line)
            return []
        }
        return entries
    }

    // MARK: - "Nothing changed"

    /// What a refused command must leave as it was: HEAD, git status, and every file outside .git.
    struct Snapshot: Equatable {
        var head: String
        var status: String
        var files: [String: Data]
        var exists: Bool
    }

    func snapshot(_ dir: URL) throws -> Snapshot {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: dir.path, isDirectory: &isDirectory) else {
            return Snapshot(head: "", status: "", files: [:], exists: false)
        }
        var files: [String: Data] = [:]
        if isDirectory.boolValue, let walker = fm.enumerator(atPath: dir.path) {
            while let relative = walker.nextObject() as? String {
                if relative == ".git" || relative.hasPrefix(".git/") { continue }
                let full = dir.appendingPathComponent(relative).path
                var sub: ObjCBool = false
                fm.fileExists(atPath: full, isDirectory: &sub)
                files[relative + (sub.boolValue ? "/" : "")] = sub.boolValue ? Data() : (fm.contents(atPath: full) ?? Data([0xFF]))
            }
        }
        let isRepo = fm.fileExists(atPath: dir.appendingPathComponent(".git").path)
        return Snapshot(head: isRepo ? try head(dir) : "", status: isRepo ? try status(dir) : "", files: files, exists: true)
    }

    /// Runs `journal args` and asserts it was refused: non-zero exit, exactly one non-empty line on
    /// stderr, and nothing changed in `dir` (HEAD, git status, files outside .git). Returns stderr.
    @discardableResult
    func assertRefused(
        _ args: [String], in dir: URL, stdin: String? = nil, env: [String: String] = [:],
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> String {
        let before = try snapshot(dir)
        let result = try run(args, stdin: stdin, env: env)
        let shown = "journal \(args.joined(separator: " "))"
        XCTAssertNotEqual(result.status, 0, "\(shown) should fail; stdout: \(result.stdout)", file: file, line: line)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        XCTAssertEqual(
            lines.count, 1, "\(shown) should print exactly one line on stderr, got: \(result.stderr.debugDescription)",
            file: file, line: line)
        let after = try snapshot(dir)
        XCTAssertEqual(after.exists, before.exists, "\(shown) created or removed \(dir.path)", file: file, line: line)
        XCTAssertEqual(after.head, before.head, "\(shown) moved HEAD", file: file, line: line)
        XCTAssertEqual(after.status, before.status, "\(shown) changed git status", file: file, line: line)
        if after.files != before.files {
            let added = Set(after.files.keys).subtracting(before.files.keys).sorted()
            let removed = Set(before.files.keys).subtracting(after.files.keys).sorted()
            let changed = before.files.keys.filter { after.files[$0] != nil && after.files[$0] != before.files[$0] }.sorted()
            XCTFail("\(shown) changed files: added \(added), removed \(removed), changed \(changed)", file: file, line: line)
        }
        return result.stderr
    }
}
