import Foundation
import XCTest

/// `journal publish --branch gh-pages --push` against the real servers of the sync tests
/// (git daemon, http-backend over http:// and https://, sshd): the branch arrives whole, and a
/// refusal is reported with the server's own words.
final class PublishServerTests: ServerTestCase {
    override var repoPrefix: String { "site" }

    func publishAndPush(url: String, env: [String: String] = [:], configure: (URL) throws -> Void = { _ in }) throws {
        let dir = try makeJournal()
        try configure(dir)
        try journalOK(["remote", "add", url], in: dir, env: env)
        try journalOK(["add", "Published entry", "--date", isoDay(-1), "--hours", "1"], in: dir, env: env)
        let printed = try journalOK(["publish", "--branch", "gh-pages", "--push"], in: dir, env: env).stdout
        XCTAssertTrue(printed.contains("Pushed gh-pages to origin"), printed)
        XCTAssertEqual(try gitOK(["rev-parse", "gh-pages"], in: bare), try gitOK(["rev-parse", "gh-pages"], in: dir))
        XCTAssertTrue(try gitOK(["ls-tree", "-r", "--name-only", "gh-pages"], in: bare).contains("days/\(isoDay(-1)).html"))
        try assertFsckClean(bare)
    }

    func testGitDaemon() throws {
        try publishAndPush(url: servers.gitURL + "/" + repoName)
    }

    func testHTTPWithAToken() throws {
        try publishAndPush(url: servers.httpURL + "/" + repoName, env: ["JOURNAL_GIT_TOKEN": servers.token])
    }

    func testHTTPSWithTheTestCA() throws {
        try publishAndPush(url: servers.httpsURL + "/" + repoName, env: ["JOURNAL_GIT_TOKEN": servers.token]) { dir in
            try gitOK(["config", "sync.ca-file", servers.caFile], in: dir)
        }
    }

    func testSSHWithAKey() throws {
        try publishAndPush(url: servers.sshURL + "/" + repoName) { dir in
            try gitOK(["config", "sync.ssh-key", servers.sshKey], in: dir)
            try gitOK(["config", "sync.known-hosts", servers.knownHosts], in: dir)
        }
    }

    func testARefusedPushIsReportedWithTheServersWords() throws {
        let hook = bare.appendingPathComponent("hooks/pre-receive")
        try Data("#!/bin/sh\necho 'pages are frozen today' >&2\nexit 1\n".utf8).write(to: hook)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
        let dir = try makeJournal()
        try journalOK(["remote", "add", servers.gitURL + "/" + repoName], in: dir)
        try journalOK(["add", "Kept here", "--date", isoDay(-1), "--hours", "1"], in: dir)
        let result = try run(["publish", "--branch", "gh-pages", "--push", "--journal", dir.path])
        XCTAssertEqual(result.status, 69, result.stderr)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("refused refs/heads/gh-pages"), result.stderr)
        XCTAssertTrue(result.stderr.contains("pages are frozen today"), result.stderr)
        XCTAssertEqual(try git(["rev-parse", "--verify", "--quiet", "gh-pages"], in: bare).status, 1)
        XCTAssertEqual(try gitOK(["rev-list", "--count", "gh-pages"], in: dir), "1\n", "the site stays committed here")
    }
}
