import Foundation
import GitKit
import XCTest

@testable import JournalKit

/// A test with a fresh journal in a temporary folder, a fixed clock and a fixed zone.
class JournalTestCase: XCTestCase {
    var folder: String!
    var journal: Journal!
    var writer: CommitWriter!
    let zone = TimeZone(identifier: "America/New_York")!
    /// 2026-11-29 20:00 in New York.
    let now = Date(timeIntervalSince1970: 1_796_000_400)
    var clock: Clock { Clock(now: now, timeZone: zone) }
    let authorship = Authorship(name: "Ada", email: "ada@example.org")

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "journalkit-tests-" + UUID().uuidString
        journal = try Journal.create(at: folder + "/journal", authorship: authorship, clock: clock)
        writer = CommitWriter(journal: journal, authorship: authorship, lockWait: 0.2)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// The environment of every git the tests run: HOME is this test's own folder, whose .gitconfig
    /// holds only the identity; no system config; none of the runner's GIT_* variables (GIT_DIR,
    /// GIT_CONFIG_GLOBAL, GIT_AUTHOR_DATE, ...), so a developer's own git setup changes no result.
    func gitEnvironment() throws -> [String: String] {
        let home = folder + "/home"
        if !FileManager.default.fileExists(atPath: home + "/.gitconfig") {
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
            try "[user]\n\tname = Plain Git\n\temail = plain@example.org\n".write(
                toFile: home + "/.gitconfig", atomically: true, encoding: .utf8)
        }
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
        env["HOME"] = home
        env["XDG_CONFIG_HOME"] = home + "/.config"
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        return env
    }

    /// Runs the real git in the journal, in `gitEnvironment()` plus `environment`.
    @discardableResult
    func git(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["-C", journal.root] + arguments
        process.environment = try gitEnvironment().merging(environment) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "git", code: Int(process.terminationStatus), userInfo: [NSLocalizedDescriptionKey: "git \(arguments)"])
        }
        return String(decoding: data, as: UTF8.self)
    }

    func add(
        _ title: String, hours: String? = nil, date: String? = nil, tags: [String] = [], body: String? = nil,
        papers: [String] = []
    ) throws -> WrittenEntry {
        try journal.add(
            EntryInput(title: title, body: body, hours: hours, date: date, tags: tags, papers: papers),
            clock: clock, writer: writer)
    }
}
