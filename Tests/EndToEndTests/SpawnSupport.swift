import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// A fixed-seed random number generator (SplitMix64), so randomised tests replay the same choices.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func bytes(_ count: Int) -> Data {
        var data = Data(capacity: count)
        while data.count < count {
            var word = next()
            withUnsafeBytes(of: &word) { data.append(contentsOf: $0.prefix(count - data.count)) }
        }
        return data
    }
}

/// A child started with posix_spawn. It is not reaped until `wait`, so its pid cannot be reused
/// in between: a signal sent to it never reaches another process, and whether it finished on its
/// own before a SIGKILL landed is exactly what `wait` reports.
final class SpawnedProcess {
    enum Ending: Equatable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)

        var description: String {
            switch self {
            case .exited(let code): return "exit \(code)"
            case .signalled(let signal): return "signal \(signal)"
            }
        }
    }

    let pid: pid_t
    let description: String
    let stdoutURL: URL
    let stderrURL: URL
    private(set) var ending: Ending?

    init(pid: pid_t, description: String, stdoutURL: URL, stderrURL: URL) {
        self.pid = pid
        self.description = description
        self.stdoutURL = stdoutURL
        self.stderrURL = stderrURL
    }

    /// Sends `signal` unless the child was already reaped (a zombie just ignores it).
    func signal(_ signal: Int32) {
        guard ending == nil else { return }
        kill(pid, signal)
    }

    /// Waits for the child; after `timeout` seconds it is killed and the test fails.
    @discardableResult
    func wait(timeout: TimeInterval = 60) -> Ending {
        if let ending { return ending }
        let deadline = monotonicSeconds() + timeout
        var status: Int32 = 0
        var killed = false
        while true {
            let result = waitpid(pid, &status, killed ? 0 : WNOHANG)
            if result == pid { break }
            if result < 0 && errno != EINTR {
                XCTFail("waitpid(\(pid)) failed for \(description): \(String(cString: strerror(errno)))")
                ending = .exited(-1)
                return .exited(-1)
            }
            if !killed && monotonicSeconds() > deadline {
                XCTFail("\(description) did not finish within \(Int(timeout)) s and was killed")
                kill(pid, SIGKILL)
                killed = true
                continue
            }
            usleep(1_000)
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as functions.
        let ending: Ending = (status & 0x7F) == 0 ? .exited((status >> 8) & 0xFF) : .signalled(status & 0x7F)
        self.ending = ending
        return ending
    }

    var stdout: String { String(decoding: (try? Data(contentsOf: stdoutURL)) ?? Data(), as: UTF8.self) }
    var stderr: String { String(decoding: (try? Data(contentsOf: stderrURL)) ?? Data(), as: UTF8.self) }

    /// The exit status in the convention of `JournalTestCase.runProcess` (128 + signal when killed).
    var status: Int32 {
        switch wait() {
        case .exited(let code): return code
        case .signalled(let signal): return 128 + signal
        }
    }
}

/// Seconds on the monotonic clock.
func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

extension JournalTestCase {
    /// Starts `executable args` with posix_spawn in the tests' isolated environment: stdin from
    /// `stdinPath` (default /dev/null), stdout and stderr to files in the temp dir, SIGPIPE and the
    /// signal mask reset to their defaults.
    func spawn(
        _ executable: String, _ args: [String], stdinPath: String = "/dev/null",
        env: [String: String] = [:]
    ) throws -> SpawnedProcess {
        var environment = baseEnvironment()
        for (key, value) in env { environment[key] = value }
        let id = UUID().uuidString
        let outURL = tempDir.appendingPathComponent(".spawn-out-\(id)")
        let errURL = tempDir.appendingPathComponent(".spawn-err-\(id)")

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        // The child runs in the temp dir, never in the test runner's folder (Swift does not import
        // glibc's posix_spawn_file_actions_addchdir_np, so it is looked up at run time).
        typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addchdir_np") else {
            throw NSError(
                domain: "spawn", code: 1, userInfo: [NSLocalizedDescriptionKey: "posix_spawn_file_actions_addchdir_np is missing"])
        }
        let addChdir = unsafeBitCast(symbol, to: AddChdir.self)
        guard addChdir(&actions, tempDir.path) == 0 else {
            throw NSError(domain: "spawn", code: 2, userInfo: [NSLocalizedDescriptionKey: "cannot set the child's working directory"])
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + args).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw NSError(
                domain: "spawn", code: Int(result),
                userInfo: [NSLocalizedDescriptionKey: "posix_spawn \(executable): \(String(cString: strerror(result)))"])
        }
        return SpawnedProcess(
            pid: pid, description: ([executable] + args).joined(separator: " ").prefix(200).description,
            stdoutURL: outURL, stderrURL: errURL)
    }

    /// Starts the built `journal` with posix_spawn (see `spawn`).
    func spawnJournal(_ args: [String], stdinPath: String = "/dev/null", env: [String: String] = [:]) throws -> SpawnedProcess {
        try spawn(try Self.journalBinary(), args, stdinPath: stdinPath, env: env)
    }

    /// Runs `journal args` with exactly `stdinData` (any bytes, not necessarily UTF-8) as its stdin.
    func runJournal(_ args: [String], stdinData: Data, timeout: TimeInterval = 60) throws -> ProcessOutput {
        let input = tempDir.appendingPathComponent(".stdin-\(UUID().uuidString)")
        try stdinData.write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let process = try spawnJournal(args, stdinPath: input.path)
        process.wait(timeout: timeout)
        defer {
            try? FileManager.default.removeItem(at: process.stdoutURL)
            try? FileManager.default.removeItem(at: process.stderrURL)
        }
        return (process.status, process.stdout, process.stderr)
    }

    /// Fails the test with "`what` failed" and returns false (for `XCTSkipUnless(ok || failed(...))`,
    /// which stops a test whose set-up did not work instead of running it against nothing).
    func failed(_ what: String, file: StaticString = #filePath, line: UInt = #line) -> Bool {
        XCTFail("\(what) failed; the rest of the test is skipped", file: file, line: line)
        return false
    }

    /// The non-empty lines of `text`.
    func lines(_ text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: true)
    }

    /// How often each subject appears in `git log --format=%s` (all of HEAD's history).
    func subjectCounts(_ dir: URL) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for subject in try gitOK(["log", "--format=%s"], in: dir).split(separator: "\n") {
            counts[String(subject), default: 0] += 1
        }
        return counts
    }

    /// Entry drafts (`.journal/drafts/*.md`, not hidden temporary files), with their content.
    func drafts(_ dir: URL) -> [(path: String, text: String)] {
        let folder = dir.appendingPathComponent(".journal/drafts")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }.sorted()
        return names.map { name in
            let path = folder.appendingPathComponent(name).path
            return (path, read(URL(fileURLWithPath: path)) ?? "")
        }
    }

    /// The text of every day file under `entries/`, concatenated.
    func allDayFiles(_ dir: URL) -> String {
        let root = dir.appendingPathComponent("entries")
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return "" }
        var text = ""
        while let relative = walker.nextObject() as? String {
            guard relative.hasSuffix(".md"), !(relative as NSString).lastPathComponent.hasPrefix(".") else { continue }
            text += read(root.appendingPathComponent(relative)) ?? ""
            text += "\n"
        }
        return text
    }

    /// How many times `needle` occurs in `haystack`.
    func occurrences(of needle: String, in haystack: String) -> Int {
        haystack.components(separatedBy: needle).count - 1
    }

    /// A new bare repository in the test's folder, for a remote.
    func makeBare(_ name: String = "remote.git") throws -> URL {
        let dir = path(name)
        try gitOK(["init", "--bare", "--quiet", dir.path])
        return dir
    }

    /// Entry-Id trailers of every commit reachable from HEAD (or `rev`), per real git.
    func entryIDs(_ dir: URL, _ rev: String = "HEAD") throws -> Set<String> {
        let out = try gitOK(["log", "--format=%(trailers:key=Entry-Id,valueonly)", rev], in: dir)
        return Set(out.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }

    /// fsck clean (notices aside), HEAD a commit; for a journal or a bare remote.
    func assertHistoryIsSound(_ dir: URL, context: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let fsck = try git(["fsck", "--strict", "--no-progress", "--no-dangling"], in: dir)
        let complaints = lines(fsck.stdout + fsck.stderr).filter { !$0.hasPrefix("Checking") && !$0.hasPrefix("notice:") }
        XCTAssertTrue(
            fsck.status == 0 && complaints.isEmpty,
            "git fsck --strict of \(dir.lastPathComponent) \(context): \(fsck.stdout)\(fsck.stderr)",
            file: file, line: line)
        let head = try git(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], in: dir)
        XCTAssertEqual(head.status, 0, "HEAD does not resolve to a commit \(context): \(head.stderr)", file: file, line: line)
    }

    /// Removes the `.lock` files a killed git writer left in a repository (journal.lock is an
    /// flock file, not one of them), as the user would once sure the writer is gone; returns them.
    func removeStaleLocks(in dir: URL) -> [String] {
        let dotGit = dir.appendingPathComponent(".git")
        let gitDir = FileManager.default.fileExists(atPath: dotGit.path) ? dotGit : dir
        guard let walker = FileManager.default.enumerator(atPath: gitDir.path) else { return [] }
        var stale: [String] = []
        while let relative = walker.nextObject() as? String {
            if relative.hasPrefix("objects/") {
                walker.skipDescendants()
                continue
            }
            if relative.hasSuffix(".lock") && relative != "journal.lock" { stale.append(relative) }
        }
        return stale.filter { (try? FileManager.default.removeItem(at: gitDir.appendingPathComponent($0))) != nil }
    }

    /// A config for the real jrnl that keeps its journal in `journal` (plain text, no colours, no
    /// editor), written to `jrnl.yaml` in the temp dir. Pass it as `--config-file`.
    func writeJrnlConfig(journal: URL) throws -> URL {
        let config = path("jrnl.yaml")
        try """
        colors: {body: none, date: none, tags: none, title: none}
        default_hour: 9
        default_minute: 0
        editor: ''
        encrypt: false
        highlight: false
        indent_character: '|'
        journals:
          default:
            journal: \(journal.path)
        linewrap: 79
        tagsymbols: '#@'
        template: false
        timeformat: '%Y-%m-%d %H:%M'
        version: v4.2
        """.write(to: config, atomically: true, encoding: .utf8)
        return config
    }
}
