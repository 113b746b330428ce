import Foundation
import XCTest
@testable import JournalKit
import GitKit

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

    /// Runs the real git in the journal.
    @discardableResult
    func git(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["-C", journal.root] + arguments
        var env = ProcessInfo.processInfo.environment
        for key in ["AUTHOR", "COMMITTER"] {
            env["GIT_\(key)_NAME"] = "Plain Git"
            env["GIT_\(key)_EMAIL"] = "plain@example.org"
        }
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        process.environment = env
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

    func add(_ title: String, hours: String? = nil, date: String? = nil, tags: [String] = [], body: String? = nil,
             papers: [String] = []) throws -> WrittenEntry {
        try journal.add(EntryInput(title: title, body: body, hours: hours, date: date, tags: tags, papers: papers),
                        clock: clock, writer: writer)
    }
}
