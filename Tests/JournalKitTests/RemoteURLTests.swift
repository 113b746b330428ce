import Foundation
import XCTest

@testable import JournalKit

final class RemoteURLTests: XCTestCase {
    func testEachKindOfAddressIsRecognised() throws {
        let ssh = try RemoteURL.parse("ssh://learner@git.example.test:2222/srv/journal.git")
        XCTAssertEqual(
            [ssh.transport.rawValue, ssh.user, ssh.host, ssh.port.map(String.init), ssh.path],
            ["ssh", "learner", "git.example.test", "2222", "/srv/journal.git"])
        let scp = try RemoteURL.parse("git@github.com:me/journal.git")
        XCTAssertEqual([scp.transport.rawValue, scp.user, scp.host, scp.path], ["ssh", "git", "github.com", "me/journal.git"])
        XCTAssertEqual(try RemoteURL.parse("journal.git", relativeTo: "/srv").text, "/srv/journal.git")
        XCTAssertEqual(try RemoteURL.parse("https://h.test/j.git").transport, .https)
        XCTAssertThrowsError(try RemoteURL.parse("ftp://h.test/j.git"))
        XCTAssertThrowsError(try RemoteURL.parse("https://me:secret@h.test/j.git"))
        XCTAssertThrowsError(try RemoteURL.parse("https://victim%0ahost=other@h.test/j.git"))
    }

    func testPasswordsAreHiddenAndUserNamesCanBeLeftOut() throws {
        XCTAssertEqual(RemoteURL.redact("https://me:secret@h.test/j.git"), "https://me:***@h.test/j.git")
        XCTAssertEqual(RemoteURL.redact("https://me@h.test/a@b.git"), "https://me@h.test/a@b.git")
        XCTAssertEqual(RemoteURL.redact("/srv/j.git"), "/srv/j.git")
        XCTAssertEqual(try RemoteURL.parse("https://learner@h.test:8443/git/j.git").withoutUser, "https://h.test:8443/git/j.git")
        XCTAssertEqual(try RemoteURL.parse("https://h.test/j.git").withoutUser, "https://h.test/j.git")
    }
}
