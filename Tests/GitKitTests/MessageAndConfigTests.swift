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
