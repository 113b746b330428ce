import Foundation
import XCTest

/// Where scripts/test-servers started the real servers (from its servers.env, exported by scripts/test).
struct TestServers {
    let repos: URL
    let gitURL: String
    let httpURL: String
    let httpsURL: String
    let token: String
    let caFile: String
    let sshURL: String
    let sshPort: String
    let sshKey: String
    let passphraseKey: String
    let unauthorizedKey: String
    let knownHosts: String

    /// The servers, or a skip (a failure under CI=true: those tests are never silently skipped).
    static func required(file: StaticString = #filePath, line: UInt = #line) throws -> TestServers {
        let env = ProcessInfo.processInfo.environment
        func value(_ name: String) -> String? { env[name].flatMap { $0.isEmpty ? nil : $0 } }
        guard let repos = value("JOURNAL_TEST_REPOS"), let git = value("JOURNAL_TEST_GIT_URL"),
            let http = value("JOURNAL_TEST_HTTP_URL"), let https = value("JOURNAL_TEST_HTTPS_URL"),
            let token = value("JOURNAL_TEST_HTTP_TOKEN"), let ca = value("JOURNAL_TEST_CA_FILE"),
            let ssh = value("JOURNAL_TEST_SSH_URL"), let port = value("JOURNAL_TEST_SSH_PORT"),
            let key = value("JOURNAL_TEST_SSH_KEY"), let passphraseKey = value("JOURNAL_TEST_SSH_PASSPHRASE_KEY"),
            let unauthorized = value("JOURNAL_TEST_SSH_UNAUTHORIZED_KEY"), let knownHosts = value("JOURNAL_TEST_SSH_KNOWN_HOSTS")
        else {
            let message = "the sync test servers are not running (scripts/test starts them with scripts/test-servers)"
            if env["CI"] == "true" { XCTFail(message, file: file, line: line) }
            throw XCTSkip(message)
        }
        return TestServers(
            repos: URL(fileURLWithPath: repos), gitURL: git, httpURL: http, httpsURL: https, token: token,
            caFile: ca, sshURL: ssh, sshPort: port, sshKey: key, passphraseKey: passphraseKey,
            unauthorizedKey: unauthorized, knownHosts: knownHosts)
    }
}

/// A test against the real servers, with a bare repository of its own on them (removed after).
class ServerTestCase: JournalTestCase {
    var servers: TestServers!
    /// The bare repository this test uses on the servers, and its name in their URLs.
    var bare: URL!
    var repoName: String!
    /// How the repository's name starts (it ends in a random part and `.git`).
    var repoPrefix: String { "journal" }

    override func setUpWithError() throws {
        try super.setUpWithError()
        servers = try TestServers.required()
        repoName = "\(repoPrefix)-\(UUID().uuidString.prefix(8).lowercased()).git"
        bare = servers.repos.appendingPathComponent(repoName)
        try gitOK(["init", "--bare", "--quiet", bare.path])
    }

    override func tearDownWithError() throws {
        if let bare { try? FileManager.default.removeItem(at: bare) }
        try super.tearDownWithError()
    }
}

/// Sync against real servers on 127.0.0.1: git daemon (git://), git http-backend behind lighttpd
/// (http:// and https:// with a test CA), and sshd. After each flow, git fsck --strict is clean on
/// both sides and every entry is in both histories.
final class SyncServerTests: ServerTestCase {

    /// Both machines and the server hold the same entries, and all three pass fsck.
    func assertConverged(_ laptop: URL, _ work: URL, entries: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(try head(laptop), try head(work), file: file, line: line)
        XCTAssertEqual(try gitOK(["rev-parse", "main"], in: bare), try head(laptop) + "\n", file: file, line: line)
        XCTAssertEqual(try entryIDs(laptop), try entryIDs(bare, "main"), file: file, line: line)
        XCTAssertEqual(try entryIDs(work).count, entries, file: file, line: line)
        for dir in [laptop, work, bare!] { try assertFsckClean(dir, file: file, line: line) }
    }

    /// First push with init --remote, a clone, entries on the same day on both machines, syncs both ways.
    func roundTrip(url: String, env: [String: String] = [:], cloneOptions: [String] = [], configure: (URL) throws -> Void = { _ in }) throws
    {
        let laptop = path("laptop")
        let created = try run(["init", laptop.path], env: env)
        XCTAssertEqual(created.status, 0, created.stderr)
        try configure(laptop)
        try journalOK(["remote", "add", url], in: laptop, env: env)
        try journalOK(["add", "Laptop entry", "--hours", "1"], in: laptop, env: env)
        let first = try journalOK(["sync"], in: laptop, env: env).stdout
        XCTAssertTrue(first.contains("Sent 2 commits to origin"), first)

        let work = path("work")
        let cloned = try run(["clone", url, work.path] + cloneOptions, env: env)
        XCTAssertEqual(cloned.status, 0, cloned.stderr)
        XCTAssertEqual(try head(work), try head(laptop))
        try journalOK(["add", "Work entry", "--hours", "2"], in: work, env: env)
        try journalOK(["add", "Laptop again", "--hours", "1"], in: laptop, env: env)
        try journalOK(["sync"], in: work, env: env)
        XCTAssertTrue(try journalOK(["sync"], in: laptop, env: env).stdout.contains("Merged"))
        XCTAssertTrue(try journalOK(["sync"], in: work, env: env).stdout.contains("Received"))
        try assertConverged(laptop, work, entries: 3)
        let text = try XCTUnwrap(read(dayFile(isoDay(), in: work)))
        for title in ["Laptop entry", "Work entry", "Laptop again"] { XCTAssertTrue(text.contains("## \(title) <!-- entry:"), text) }
        XCTAssertTrue(try journalOK(["status"], in: work, env: env).stdout.contains("up to date with origin"))
    }

    // MARK: git://

    func testGitDaemonFirstPushCloneAndSameDayEntries() throws {
        try roundTrip(url: servers.gitURL + "/" + repoName)
    }

    func testAPushRefusedByAServerHookIsReportedWithTheServersWords() throws {
        let hook = bare.appendingPathComponent("hooks/pre-receive")
        try "#!/bin/sh\necho 'this journal is read-only today' >&2\nexit 1\n".write(to: hook, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
        let dir = try makeJournal()
        try journalOK(["remote", "add", servers.gitURL + "/" + repoName], in: dir)
        try journalOK(["add", "Kept here", "--hours", "1"], in: dir)
        let before = try head(dir)
        let result = try run(["sync", "--journal", dir.path])
        XCTAssertEqual(result.status, 69, result.stderr)
        XCTAssertEqual(lines(result.stderr).count, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("origin refused refs/heads/main"), result.stderr)
        XCTAssertTrue(result.stderr.contains("this journal is read-only today"), result.stderr)
        XCTAssertEqual(try head(dir), before)
        XCTAssertEqual(try git(["rev-parse", "--verify", "--quiet", "main"], in: bare).status, 1, "the server's branch must not exist")
        try assertFsckClean(bare)
        XCTAssertTrue(try journalOK(["status"], in: dir).stdout.contains("not yet pushed"))
    }

    func testAServerThatDiesMidPushLosesNothingAndTheNextSyncSendsIt() throws {
        let dir = try makeJournal()
        try journalOK(["remote", "add", servers.gitURL + "/" + repoName], in: dir)
        try journalOK(["sync"], in: dir)
        // The receiving git process is killed while the push is under way.
        let hook = bare.appendingPathComponent("hooks/pre-receive")
        try "#!/bin/sh\ncat >/dev/null\nkill -9 $PPID\nsleep 5\n".write(to: hook, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
        try journalOK(["add", "During the outage", "--hours", "1"], in: dir)
        let result = try run(["sync", "--journal", dir.path])
        XCTAssertEqual(result.status, 69, result.stderr)
        XCTAssertEqual(lines(result.stderr).count, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("committed here"), result.stderr)
        XCTAssertEqual(try entryIDs(dir).count, 1)
        try assertFsckClean(bare)

        try FileManager.default.removeItem(at: hook)
        XCTAssertTrue(try journalOK(["sync"], in: dir).stdout.contains("Sent 1 commit"))
        XCTAssertEqual(try entryIDs(bare, "main"), try entryIDs(dir))
        try assertFsckClean(bare)
    }

    // MARK: http:// and https://

    func testHTTPWithATokenFromTheEnvironment() throws {
        try roundTrip(url: servers.httpURL + "/" + repoName, env: ["JOURNAL_GIT_TOKEN": servers.token])
    }

    func testAWrongOrMissingTokenIsAuthenticationRefusedAndNeverPrinted() throws {
        let dir = try makeJournal()
        let url = servers.httpURL + "/" + repoName
        try journalOK(["remote", "add", url], in: dir)
        try journalOK(["add", "Not sent yet", "--hours", "1"], in: dir)
        for env in [["JOURNAL_GIT_TOKEN": "wrong-token-\(UUID().uuidString)"], [:]] {
            let result = try run(["sync", "--journal", dir.path], env: env)
            XCTAssertEqual(result.status, 69, result.stderr)
            XCTAssertEqual(lines(result.stderr).count, 1, result.stderr)
            XCTAssertTrue(result.stderr.contains("authentication refused for \(url)"), result.stderr)
            if let token = env["JOURNAL_GIT_TOKEN"] { XCTAssertFalse((result.stderr + result.stdout).contains(token)) }
        }
        XCTAssertEqual(try entryIDs(dir).count, 1)
        // With the right token it works, and the token is in no file of the repository.
        XCTAssertEqual(try run(["sync", "--journal", dir.path], env: ["JOURNAL_GIT_TOKEN": servers.token]).status, 0)
        let found = try runProcess("/bin/grep", ["-rl", "--", servers.token, dir.path])
        XCTAssertEqual(found.stdout, "", "the token was written to \(found.stdout)")
    }

    func testHTTPSWithTheTestCAAndGitsCredentialHelper() throws {
        let url = servers.httpsURL + "/" + repoName
        // git's own credential store answers for the server; no token in the environment.
        let host = try XCTUnwrap(URL(string: url)?.host)
        let port = try XCTUnwrap(URL(string: url)?.port)
        try "https://learner:\(servers.token)@\(host):\(port)\n".write(
            to: homeDir.appendingPathComponent(".git-credentials"), atomically: true, encoding: .utf8)
        try gitOK(["config", "--global", "credential.helper", "store"])
        try roundTrip(url: url, cloneOptions: ["--ca-file", servers.caFile]) { laptop in
            // This machine's CA, in .git/config: not a commit, not shared.
            try gitOK(["config", "sync.ca-file", servers.caFile], in: laptop)
        }
    }

    func testHTTPSWithoutTheCAIsRefusedAsUntrusted() throws {
        let dir = try makeJournal()
        try journalOK(["remote", "add", servers.httpsURL + "/" + repoName], in: dir)
        let result = try run(["sync", "--journal", dir.path], env: ["JOURNAL_GIT_TOKEN": servers.token])
        XCTAssertEqual(result.status, 69, result.stderr)
        XCTAssertEqual(lines(result.stderr).count, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("not trusted") && result.stderr.contains("sync.ca-file"), result.stderr)
    }

    // MARK: ssh://

    var sshURL: String { servers.sshURL + "/" + repoName }

    func useKey(_ key: String, knownHosts: String?, in dir: URL) throws {
        try gitOK(["config", "sync.ssh-key", key], in: dir)
        if let knownHosts { try gitOK(["config", "sync.known-hosts", knownHosts], in: dir) }
    }

    func testSSHWithAKeyFileAndTheServersKnownHostKey() throws {
        try roundTrip(url: sshURL, cloneOptions: ["--ssh-key", servers.sshKey, "--known-hosts", servers.knownHosts]) { laptop in
            try useKey(servers.sshKey, knownHosts: servers.knownHosts, in: laptop)
        }
    }

    func testSSHKeyWithAPassphraseFromTheEnvironment() throws {
        let dir = try makeJournal()
        try useKey(servers.passphraseKey, knownHosts: servers.knownHosts, in: dir)
        try journalOK(["remote", "add", sshURL], in: dir)
        let without = try run(["sync", "--journal", dir.path])
        XCTAssertEqual(without.status, 69, without.stderr)
        XCTAssertTrue(
            without.stderr.contains("authentication refused") && without.stderr.contains("JOURNAL_SSH_PASSPHRASE"), without.stderr)
        let with = try run(["sync", "--journal", dir.path], env: ["JOURNAL_SSH_PASSPHRASE": "correct horse"])
        XCTAssertEqual(with.status, 0, with.stderr)
        XCTAssertFalse(with.stderr.contains("correct horse"))
        XCTAssertEqual(try gitOK(["rev-parse", "main"], in: bare), try head(dir) + "\n")
    }

    func testAWrongSSHKeyIsAuthenticationRefused() throws {
        let dir = try makeJournal()
        try useKey(servers.unauthorizedKey, knownHosts: servers.knownHosts, in: dir)
        try journalOK(["remote", "add", sshURL], in: dir)
        let stderr = try assertRefused(["sync", "--journal", dir.path], in: dir)
        XCTAssertTrue(stderr.contains("authentication refused for \(sshURL)"), stderr)
    }

    func testAnUnknownHostKeyIsRefusedWithItsFingerprintAndHowToTrustIt() throws {
        let dir = try makeJournal()
        try useKey(servers.sshKey, knownHosts: nil, in: dir)
        try journalOK(["remote", "add", sshURL], in: dir)
        let stderr = try assertRefused(["sync", "--journal", dir.path], in: dir)
        XCTAssertTrue(stderr.contains("unknown SSH host key for [127.0.0.1]:\(servers.sshPort)"), stderr)
        // The fingerprint is the one ssh-keygen shows for the server's key.
        let fingerprint = try gitFreeFingerprint(of: servers.knownHosts)
        XCTAssertTrue(stderr.contains(fingerprint), "\(fingerprint) not in \(stderr)")
        let known = try XCTUnwrap(read(URL(fileURLWithPath: servers.knownHosts))).trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertTrue(stderr.contains(known), "the line to add should be \(known): \(stderr)")
        // Adding that line, as the message says, is enough.
        let sshDir = homeDir.appendingPathComponent(".ssh")
        try FileManager.default.createDirectory(at: sshDir, withIntermediateDirectories: true)
        let line = try XCTUnwrap(stderr.components(separatedBy: "known_hosts: ").last).trimmingCharacters(in: .whitespacesAndNewlines)
        try (line + "\n").write(to: sshDir.appendingPathComponent("known_hosts"), atomically: true, encoding: .utf8)
        try journalOK(["sync"], in: dir)
        try assertFsckClean(bare)
    }

    func testAChangedHostKeyIsRefusedLoudly() throws {
        let dir = try makeJournal()
        let other = path("other-host-key")
        let made = try runProcess("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", other.path])
        XCTAssertEqual(made.status, 0, made.stderr)
        let otherKey = try XCTUnwrap(read(URL(fileURLWithPath: other.path + ".pub"))).split(separator: " ").prefix(2).joined(separator: " ")
        let knownHosts = path("known_hosts")
        try "[127.0.0.1]:\(servers.sshPort) \(otherKey)\n".write(to: knownHosts, atomically: true, encoding: .utf8)
        try useKey(servers.sshKey, knownHosts: knownHosts.path, in: dir)
        try journalOK(["remote", "add", sshURL], in: dir)
        let stderr = try assertRefused(["sync", "--journal", dir.path], in: dir)
        XCTAssertTrue(stderr.contains("WARNING") && stderr.contains("CHANGED"), stderr)
        XCTAssertEqual(try git(["rev-parse", "--verify", "--quiet", "main"], in: bare).status, 1)
    }

    func testAKnownHostsFileNamedInTheSharedConfigIsNotTrusted() throws {
        let dir = try makeJournal()
        try gitOK(["config", "sync.ssh-key", servers.sshKey], in: dir)
        // As a pull could bring it: the right file, but in the tracked .journal/config.
        try gitOK(["config", "-f", ".journal/config", "sync.known-hosts", servers.knownHosts], in: dir)
        try gitOK(["commit", "-q", "-am", "Trust this host"], in: dir)
        try journalOK(["remote", "add", sshURL], in: dir)
        let stderr = try assertRefused(["sync", "--journal", dir.path], in: dir)
        XCTAssertTrue(stderr.contains("unknown SSH host key"), stderr)
        // The same file from this machine's own configuration is trusted.
        try gitOK(["config", "sync.known-hosts", servers.knownHosts], in: dir)
        try journalOK(["sync"], in: dir)
    }

    func testAKeyKnownForPort22IsNotTrustedOnAnotherPort() throws {
        let dir = try makeJournal()
        let line = try XCTUnwrap(read(URL(fileURLWithPath: servers.knownHosts))).trimmingCharacters(in: .whitespacesAndNewlines)
        let withoutPort = line.replacingOccurrences(of: "[127.0.0.1]:\(servers.sshPort)", with: "127.0.0.1")
        XCTAssertNotEqual(withoutPort, line)
        let knownHosts = path("known_hosts")
        try (withoutPort + "\n").write(to: knownHosts, atomically: true, encoding: .utf8)
        try useKey(servers.sshKey, knownHosts: knownHosts.path, in: dir)
        try journalOK(["remote", "add", sshURL], in: dir)
        let stderr = try assertRefused(["sync", "--journal", dir.path], in: dir)
        XCTAssertTrue(stderr.contains("unknown SSH host key"), stderr)
    }

    /// `ssh-keygen -l` of the first key in a known_hosts file: `SHA256:...`.
    func gitFreeFingerprint(of knownHosts: String) throws -> String {
        let result = try runProcess("/usr/bin/ssh-keygen", ["-l", "-f", knownHosts])
        XCTAssertEqual(result.status, 0, result.stderr)
        return try XCTUnwrap(result.stdout.split(separator: " ").first { $0.hasPrefix("SHA256:") }).description
    }
}

/// Two machines syncing at the same moment: one push wins, the other is refused because the
/// remote moved, fetches, merges and retries; neither fails and nothing is lost.
final class ConcurrentSyncTests: JournalTestCase {
    func testTwoMachinesSyncingAtOnceBothSucceed() throws {
        let servers = try TestServers.required()
        let name = "journal-\(UUID().uuidString.prefix(8).lowercased()).git"
        let bare = servers.repos.appendingPathComponent(name)
        try gitOK(["init", "--bare", "--quiet", bare.path])
        defer { try? FileManager.default.removeItem(at: bare) }
        let url = servers.gitURL + "/" + name
        let laptop = path("laptop")
        let work = path("work")
        XCTAssertEqual(try run(["init", laptop.path, "--remote", url]).status, 0)
        XCTAssertEqual(try run(["clone", url, work.path]).status, 0)
        var retries = 0
        for round in 0..<8 {
            try journalOK(["add", "laptop-\(round)", "--hours", "1"], in: laptop)
            try journalOK(["add", "work-\(round)", "--hours", "1"], in: work)
            let syncs = try [laptop, work].map { try spawnJournal(["sync", "--json", "--journal", $0.path]) }
            for process in syncs {
                XCTAssertEqual(process.wait(), .exited(0), process.stderr)
                let report = (try? json(process.stdout)) as? [String: Any]
                retries += report?["retries"] as? Int ?? 0
            }
        }
        for dir in [laptop, work, laptop] { try journalOK(["sync"], in: dir) }
        XCTAssertEqual(try head(laptop), try head(work))
        let counts = try subjectCounts(work)
        for round in 0..<8 {
            XCTAssertEqual(counts["laptop-\(round)"], 1)
            XCTAssertEqual(counts["work-\(round)"], 1)
        }
        for dir in [laptop, work, bare] { try assertFsckClean(dir) }
        print("concurrent syncs: \(retries) pushes refused as the remote moved and retried")
        XCTAssertGreaterThan(retries, 0, "no push was refused as the remote moved: the retry path was not exercised")
    }
}
