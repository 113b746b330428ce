import Clibgit2
import Foundation
import XCTest

@testable import GitKit

final class MessageAndConfigTests: XCTestCase {
    func testTrailersComeFromTheLastParagraphOnly() throws {
        let message = "Title\n\nHours: 99\nbody line\n\nEntry-Id: 01ABC\nHours: 1.5\nPaper: LoRA <https://arxiv.org/abs/2106.09685>\n"
        let trailers = try Trailers.parse(message)
        XCTAssertEqual(trailers.map(\.key), ["Entry-Id", "Hours", "Paper"])
        XCTAssertEqual(trailers.map(\.value), ["01ABC", "1.5", "LoRA <https://arxiv.org/abs/2106.09685>"])
    }

    func testAMessageWithoutTrailerBlockHasNone() throws {
        XCTAssertTrue(try Trailers.parse("Just a title\n").isEmpty)
        XCTAssertTrue(try Trailers.parse("Title\n\nSome prose: with a colon, but a paragraph of prose.\nAnd more prose here.\n").isEmpty)
    }

    func testObjectIDHexRoundTrips() {
        let hex = "0123456789abcdef0123456789abcdef01234567"
        XCTAssertEqual(ObjectID(hex: hex)?.hex, hex)
        XCTAssertNil(ObjectID(hex: "xyz"))
        XCTAssertEqual(ObjectID(hex: hex), ObjectID(hex: hex))
    }

    func testConfigFileWritesWhatRealGitReads() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path + "/config"
        let file = try ConfigFile(path: path)
        try file.set("goal.weekly-hours", to: "12")
        try file.set("streak.rest-days", to: "sat,sun")
        XCTAssertEqual(try ConfigFile(path: path).string("goal.weekly-hours"), "12")
        XCTAssertEqual(try TemporaryDirectory.git(["config", "-f", path, "streak.rest-days"], in: dir.path), "sat,sun\n")
        try file.remove("goal.weekly-hours")
        XCTAssertNil(try ConfigFile(path: path).string("goal.weekly-hours"))
        XCTAssertEqual(try file.entries().map(\.key), ["streak.rest-days"])
    }

    func testGarbageConfigIsAnErrorWithLibgit2sMessage() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path + "/config"
        try "[[[ not a config\n".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ConfigFile(path: path)) { error in
            let message = (error as? GitError)?.message ?? ""
            XCTAssertTrue(message.contains(path), message)
        }
    }
}

final class PlainTrailerBlockTests: XCTestCase {
    /// The fast path must read exactly what libgit2 reads, or step aside.
    func testFastPathAgreesWithLibgit2OrStepsAside() throws {
        let messages = [
            "Title\n\nEntry-Id: A1\nHours: 1.5\n",
            "Title\n\nbody\n\nEntry-Id: A1\nEntry-Date: 2026-11-29\nTags: a, b\n\n\n",
            "Hours: 2\n",  // only a subject: no trailers
            "Title\n\nHours: 2",  // no final newline
            "Title\n\nsome prose here\nHours: 2\n",  // mixed paragraph
            "Title\n\n---\nHours: 2\n",  // a patch divider
            "Title\n\nHours : 2\n",  // space before the colon
            "Title\n\nHours: 2\n  continued\n",  // a continuation line
            "Title\n\n# comment\nHours: 2\n",
            "Title\n\nSigned-off-by: A <a@example.org>\nHours:\n",
            "Title\n\nbody\n\nX-Weird_Key: 1\n",
            "Title\n\nPaper: LoRA <https://arxiv.org/abs/2106.09685>\r\n",
            "",
            "\n\n\n",
        ]
        for message in messages {
            var fast: [String] = []
            let text = { (bytes: UnsafeRawBufferPointer) in String(decoding: bytes, as: UTF8.self) }
            let used = try Array(message.utf8).withUnsafeBytes { bytes in
                try PlainTrailerBlock.forEach(in: bytes) { key, value in fast.append(text(key) + "=" + text(value)) }
            }
            var slow: [String] = []
            var array = git_message_trailer_array()
            _ = Libgit2.ready
            XCTAssertEqual(git_message_trailers(&array, message), 0)
            for i in 0..<array.count {
                slow.append(String(cString: array.trailers[i].key) + "=" + String(cString: array.trailers[i].value))
            }
            git_message_trailer_array_free(&array)
            if used {
                XCTAssertEqual(fast, slow, message.debugDescription)
            } else {
                XCTAssertTrue(fast.isEmpty, message.debugDescription)
            }
            var viaAPI: [String] = []
            try Array(message.utf8).withUnsafeBytes { bytes in
                try Trailers.forEach(in: bytes) { key, value in viaAPI.append(text(key) + "=" + text(value)) }
            }
            XCTAssertEqual(viaAPI, slow, message.debugDescription)
        }
    }
}
