import Foundation
import XCTest

@testable import JournalKit

/// Sets `values` in this process's environment for the length of `body`, then restores it.
func withProcessEnvironment(_ values: [String: String], _ body: () throws -> Void) throws {
    let saved = values.keys.map { ($0, ProcessInfo.processInfo.environment[$0]) }
    defer {
        for (key, value) in saved {
            if let value { setenv(key, value, 1) } else { unsetenv(key) }
        }
    }
    for (key, value) in values { setenv(key, value, 1) }
    try body()
}

/// The tests' git sees neither the runner's git config nor its GIT_* variables.
final class GitIsolationTests: JournalTestCase {
    func testTheRunnersGitSetupDoesNotReachTheGitTheTestsRun() throws {
        let hostile = folder + "/hostile"
        try FileManager.default.createDirectory(atPath: hostile + "/.config/git", withIntermediateDirectories: true)
        for file in ["/.gitconfig", "/.config/git/config", "/global", "/system"] {
            try "[user]\n\tname = Hostile\n\temail = hostile@example.invalid\n[commit]\n\tgpgSign = true\n"
                .write(toFile: hostile + file, atomically: true, encoding: .utf8)
        }
        let parent = [
            "HOME": hostile, "XDG_CONFIG_HOME": hostile + "/.config",
            "GIT_CONFIG_GLOBAL": hostile + "/global", "GIT_CONFIG_SYSTEM": hostile + "/system", "GIT_CONFIG_NOSYSTEM": "0",
            "GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "user.name", "GIT_CONFIG_VALUE_0": "Hostile",
            "GIT_CONFIG_PARAMETERS": "'user.email'='hostile@example.invalid'",
            "GIT_AUTHOR_NAME": "Hostile", "GIT_COMMITTER_EMAIL": "hostile@example.invalid",
            "GIT_AUTHOR_DATE": "@1000000000 +0000", "GIT_COMMITTER_DATE": "@1000000000 +0000",
            "GIT_DIR": hostile + "/not-a-repository", "GIT_WORK_TREE": hostile,
        ]
        try withProcessEnvironment(parent) {
            XCTAssertEqual(
                ProcessInfo.processInfo.environment["GIT_CONFIG_GLOBAL"], hostile + "/global", "the runner's environment is hostile")

            // Only the test's own .gitconfig and the repository's config are read.
            let listed = try git(["config", "--list", "--show-origin"])
            let origins = Set(listed.split(separator: "\n").map { String($0.prefix { $0 != "\t" }) })
            XCTAssertEqual(origins, ["file:\(folder!)/home/.gitconfig", "file:.git/config"], listed)
            XCTAssertTrue(listed.contains("\tuser.name=Plain Git\n"), listed)
            XCTAssertFalse(listed.lowercased().contains("hostile"), listed)

            // A commit by the tests' git has the tests' identity and the real time, and lands in the journal.
            try "by hand\n".write(toFile: journal.root + "/notes.txt", atomically: true, encoding: .utf8)
            try git(["add", "notes.txt"])
            try git(["commit", "-q", "-m", "plain"])
            let fields = try git(["log", "-1", "--format=%an|%ae|%cn|%ce|%at|%ct|%s"]).trimmingCharacters(in: .newlines)
                .split(separator: "|").map(String.init)
            XCTAssertEqual(Array(fields.prefix(4)), ["Plain Git", "plain@example.org", "Plain Git", "plain@example.org"])
            for field in fields.dropFirst(4).prefix(2) {
                XCTAssertLessThan(abs((Double(field) ?? 0) - Date().timeIntervalSince1970), 600, "commit time \(field)")
            }
            XCTAssertEqual(fields.last, "plain")
        }
        XCTAssertNotEqual(
            ProcessInfo.processInfo.environment["GIT_CONFIG_GLOBAL"], hostile + "/global", "the runner's environment is restored")
    }
}
