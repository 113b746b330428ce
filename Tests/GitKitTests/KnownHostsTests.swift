import Foundation
import XCTest

@testable import GitKit

/// `HostKey.check(knownHosts:host:port:)`, the SSH host-key check of `journal sync` (libssh2's
/// known_hosts parser, through `journal_known_host_check` in the Clibgit2 shim), with real keys
/// from `ssh-keygen` and known_hosts files as OpenSSH writes them.
final class KnownHostsTests: XCTestCase {
    var dir: TemporaryDirectory!
    var knownHosts: String { dir.path + "/known_hosts" }
    let host = "git.example.org"

    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.remove() }

    /// Runs the real ssh-keygen (from openssh-client); returns stdout, throws on a failure.
    @discardableResult
    func sshKeygen(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(
                domain: "ssh-keygen", code: Int(process.terminationStatus),
                userInfo: [
                    NSLocalizedDescriptionKey:
                        "ssh-keygen \(arguments.joined(separator: " ")): " + String(decoding: errors, as: UTF8.self)
                ])
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// A fresh key pair made by ssh-keygen, as the server would show its public half.
    struct Key {
        let type: String
        let base64: String
        let hostKey: HostKey
        var line: String { "\(type) \(base64)" }
    }

    func makeKey(_ type: String, bits: Int? = nil) throws -> Key {
        let file = dir.path + "/key-\(UUID().uuidString)"
        try sshKeygen(["-q", "-t", type, "-N", "", "-C", "", "-f", file] + (bits.map { ["-b", "\($0)"] } ?? []))
        let fields = try String(contentsOfFile: file + ".pub", encoding: .utf8).split(separator: " ")
        let name = String(fields[0])
        let base64 = String(fields[1])
        // libgit2's raw type for this key type, found through HostKey's own names.
        let rawType = try XCTUnwrap(
            (1...16).map(Int32.init).first {
                HostKey(host: host, rawType: $0, key: [], sha256: nil).typeName == name
            }, "no libgit2 raw type for \(name)")
        let raw = [UInt8](try XCTUnwrap(Data(base64Encoded: base64)))
        return Key(type: name, base64: base64, hostKey: HostKey(host: host, rawType: rawType, key: raw, sha256: nil))
    }

    func writeKnownHosts(_ lines: [String]) throws {
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: knownHosts))
    }

    /// Whether OpenSSH's own lookup (`ssh-keygen -F`) finds `name` in the file.
    func opensshFinds(_ name: String) -> Bool {
        (try? sshKeygen(["-F", name, "-f", knownHosts])).map { !$0.isEmpty } ?? false
    }

    func testAKeyMatchingAPlainHostLineIsKnownOnPort22() throws {
        let key = try makeKey("ed25519")
        try writeKnownHosts(["# servers", "", "other.example.org \(try makeKey("ed25519").line)", "\(host) \(key.line)"])
        XCTAssertTrue(opensshFinds(host))
        XCTAssertEqual(key.hostKey.check(knownHosts: [knownHosts], host: host, port: nil), .known)
        XCTAssertEqual(key.hostKey.check(knownHosts: [knownHosts], host: host, port: 22), .known)
    }

    func testAHostLineWithSeveralNamesMatchesEachName() throws {
        let key = try makeKey("ed25519")
        try writeKnownHosts(["\(host),192.0.2.7 \(key.line)"])
        XCTAssertEqual(key.hostKey.check(knownHosts: [knownHosts], host: host, port: nil), .known)
        XCTAssertEqual(key.hostKey.check(knownHosts: [knownHosts], host: "192.0.2.7", port: nil), .known)
    }

    func testHashedHostLinesMatchForPort22AndForAnotherPort() throws {
        let key = try makeKey("ed25519")
        let other = try makeKey("ed25519")
        try writeKnownHosts(["\(host) \(key.line)", "[\(host)]:2222 \(other.line)"])
        try sshKeygen(["-q", "-H", "-f", knownHosts])
        let hashed = try String(contentsOfFile: knownHosts, encoding: .utf8)
        XCTAssertFalse(hashed.contains(host), "ssh-keygen -H leaves no host name in the clear")
        XCTAssertEqual(hashed.split(separator: "\n").filter { $0.hasPrefix("|1|") }.count, 2, hashed)
        XCTAssertTrue(opensshFinds(host) && opensshFinds("[\(host)]:2222"))

        XCTAssertEqual(key.hostKey.check(knownHosts: [knownHosts], host: host, port: 22), .known)
        XCTAssertEqual(other.hostKey.check(knownHosts: [knownHosts], host: host, port: 2222), .known)
        XCTAssertEqual(key.hostKey.check(knownHosts: [knownHosts], host: host, port: 2222), .changed)
        XCTAssertEqual(other.hostKey.check(knownHosts: [knownHosts], host: host, port: 22), .changed)
        XCTAssertEqual(key.hostKey.check(knownHosts: [knownHosts], host: "other.example.org", port: 22), .unknown)
    }

    func testABracketedHostPortLineMatchesOnlyThatPort() throws {
        let key = try makeKey("ed25519")
        try writeKnownHosts(["[\(host)]:2222 \(key.line)"])
        XCTAssertTrue(opensshFinds("[\(host)]:2222"))
        XCTAssertFalse(opensshFinds(host))
        XCTAssertEqual(key.hostKey.check(knownHosts: [knownHosts], host: host, port: 2222), .known)
        XCTAssertEqual(key.hostKey.check(knownHosts: [knownHosts], host: host, port: 22), .unknown)
        XCTAssertEqual(key.hostKey.check(knownHosts: [knownHosts], host: host, port: nil), .unknown)
        XCTAssertEqual(key.hostKey.check(knownHosts: [knownHosts], host: host, port: 2223), .unknown)
    }

    func testAKeyRecordedForPort22IsNotAcceptedForAnotherPort() throws {
        let key = try makeKey("ed25519")
        try writeKnownHosts(["\(host) \(key.line)"])
        XCTAssertFalse(opensshFinds("[\(host)]:2222"))
        XCTAssertEqual(key.hostKey.check(knownHosts: [knownHosts], host: host, port: 2222), .unknown)
    }

    func testADifferentKeyRecordedForTheHostIsAMismatch() throws {
        let key = try makeKey("ed25519")
        let recorded = try makeKey("ed25519")
        try writeKnownHosts(["\(host) \(recorded.line)"])
        XCTAssertEqual(key.hostKey.check(knownHosts: [knownHosts], host: host, port: nil), .changed)
        XCTAssertEqual(recorded.hostKey.check(knownHosts: [knownHosts], host: host, port: nil), .known)
        // A host may have several keys recorded; any one of them is its key.
        try writeKnownHosts(["\(host) \(recorded.line)", "\(host) \(key.line)"])
        XCTAssertEqual(key.hostKey.check(knownHosts: [knownHosts], host: host, port: nil), .known)
    }

    func testOnlyAKeyOfAnotherTypeRecordedIsUnknownNotChanged() throws {
        // As OpenSSH does, keys are compared with keys of their own type only.
        let key = try makeKey("ed25519")
        let recorded = try makeKey("ecdsa", bits: 256)
        try writeKnownHosts(["\(host) \(recorded.line)"])
        XCTAssertEqual(key.hostKey.check(knownHosts: [knownHosts], host: host, port: nil), .unknown)
        XCTAssertEqual(recorded.hostKey.check(knownHosts: [knownHosts], host: host, port: nil), .known, "ECDSA keys are read too")
    }

    func testRSAKeysAreReadToo() throws {
        let key = try makeKey("rsa", bits: 2048)
        XCTAssertEqual(key.type, "ssh-rsa")
        try writeKnownHosts(["\(host) \(key.line)"])
        XCTAssertEqual(key.hostKey.check(knownHosts: [knownHosts], host: host, port: nil), .known)
    }

    func testAnUnknownHostIsUnknown() throws {
        let key = try makeKey("ed25519")
        try writeKnownHosts(["\(host) \(key.line)"])
        for other in ["example.org", "git.example", "git.example.org.evil.test", "[\(host)]"] {
            XCTAssertEqual(key.hostKey.check(knownHosts: [knownHosts], host: other, port: nil), .unknown, other)
        }
    }

    func testAMissingKnownHostsFileIsUnknownAndTheNextFileIsStillRead() throws {
        let key = try makeKey("ed25519")
        let missing = dir.path + "/no-such/known_hosts"
        XCTAssertEqual(key.hostKey.check(knownHosts: [missing], host: host, port: nil), .unknown)
        XCTAssertEqual(key.hostKey.check(knownHosts: [], host: host, port: nil), .unknown)
        try writeKnownHosts(["\(host) \(key.line)"])
        XCTAssertEqual(key.hostKey.check(knownHosts: [missing, knownHosts], host: host, port: nil), .known)
    }

    func testTheLineARefusalSuggestsMakesTheKeyKnown() throws {
        // SyncAccess tells the user to add `knownHostsLine`; that line must then be enough.
        let key = try makeKey("ed25519")
        for port in [nil, 22, 2222] as [Int?] {
            let line = try XCTUnwrap(key.hostKey.knownHostsLine(host: host, port: port))
            XCTAssertTrue(line.hasSuffix(key.line), line)
            try writeKnownHosts([line])
            XCTAssertTrue(opensshFinds(port == 2222 ? "[\(host)]:2222" : host), line)
            XCTAssertEqual(key.hostKey.check(knownHosts: [knownHosts], host: host, port: port), .known, line)
        }
    }

    func testAKeyTypeLibssh2CannotReadIsUnsupported() throws {
        let key = try makeKey("ed25519")
        try writeKnownHosts(["\(host) \(key.line)"])
        let unknownType = HostKey(host: host, rawType: 0, key: key.hostKey.key, sha256: nil)
        XCTAssertNil(unknownType.typeName)
        XCTAssertNil(unknownType.knownHostsLine(host: host, port: nil))
        XCTAssertEqual(unknownType.check(knownHosts: [knownHosts], host: host, port: nil), .unsupported)
    }
}
