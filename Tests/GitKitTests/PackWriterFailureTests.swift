import Foundation
import XCTest

@testable import GitKit

/// A pack that cannot be put in place leaves no temporary file behind, and says why. The failures
/// are ones root meets too (tests may run as root): a directory, or a file, where the other is due.
final class PackWriterFailureTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.remove() }

    let author = Signature(name: "Ada", email: "ada@example.org", date: Date(timeIntervalSince1970: 1_764_400_000), offsetMinutes: 60)

    /// Writes the same three objects every time, so the pack's name (its checksum) is known.
    func writeObjects(_ pack: PackWriter) throws {
        let blob = try pack.writeBlob(Data("# Sunday\n\n## Entry\n".utf8))
        let tree = try pack.writeTree([TreeEntry(name: "2026-11-29.md", mode: TreeEntry.fileMode, id: blob)])
        try pack.writeCommit(tree: tree, parents: [], author: author, committer: author, message: "Entry\n")
    }

    /// The name the pack of `writeObjects` gets, from a first repository.
    func packName() throws -> String {
        let path = dir.path + "/first"
        let repo = try Repository.create(at: path)
        let pack = try PackWriter(repository: repo)
        try writeObjects(pack)
        try pack.finish()
        let names = try FileManager.default.contentsOfDirectory(atPath: path + "/.git/objects/pack")
        let index = try XCTUnwrap(names.first { $0.hasSuffix(".idx") })
        return String(index.dropLast(".idx".count))
    }

    func contents(_ path: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    }

    func testAnIndexThatCannotBeMovedInPlaceTakesItsPackAndTemporaryFilesWithIt() throws {
        let name = try packName()
        let path = dir.path + "/j"
        let repo = try Repository.create(at: path)
        let packs = path + "/.git/objects/pack/"
        try FileManager.default.createDirectory(atPath: packs + name + ".idx/in-the-way", withIntermediateDirectories: true)
        let pack = try PackWriter(repository: repo)
        try writeObjects(pack)
        XCTAssertEqual(try contents(packs).filter { $0.hasPrefix("tmp-journal-") }.count, 1)

        XCTAssertThrowsError(try pack.finish()) { error in
            guard let error = error as? GitError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.domain, .io)
            XCTAssertEqual(error.code, EISDIR)
            XCTAssertTrue(error.message.contains(packs + name + ".idx"), error.message)
            XCTAssertTrue(error.message.hasSuffix(String(cString: strerror(EISDIR))), error.message)
            XCTAssertFalse(error.isNotFound)
        }
        // Only what was there before: no temporary file, and no pack without its index.
        XCTAssertEqual(try contents(packs), [name + ".idx"])
        pack.abandon()  // what a caller does after a failure: harmless
        XCTAssertEqual(try contents(packs), [name + ".idx"])
        XCTAssertThrowsError(try pack.writeBlob(Data("more".utf8)))
        try TemporaryDirectory.git(["count-objects", "-v"], in: path)
    }

    func testAPackThatCannotBeMovedInPlaceLeavesNoTemporaryFiles() throws {
        let name = try packName()
        let path = dir.path + "/j"
        let repo = try Repository.create(at: path)
        let packs = path + "/.git/objects/pack/"
        try FileManager.default.createDirectory(atPath: packs + name + ".pack/in-the-way", withIntermediateDirectories: true)
        let pack = try PackWriter(repository: repo)
        try writeObjects(pack)
        XCTAssertThrowsError(try pack.finish()) { error in
            guard let error = error as? GitError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.domain, .io)
            XCTAssertEqual(error.code, EISDIR)
            XCTAssertTrue(error.message.contains("cannot move the new pack to \(packs + name).pack"), error.message)
        }
        XCTAssertEqual(try contents(packs), [name + ".pack"])
    }

    func testAPackAlreadyInPlaceIsKeptWhenTheNewIndexCannotFollow() throws {
        let name = try packName()
        let path = dir.path + "/j"
        let repo = try Repository.create(at: path)
        let packs = path + "/.git/objects/pack/"
        try FileManager.default.copyItem(atPath: dir.path + "/first/.git/objects/pack/\(name).pack", toPath: packs + name + ".pack")
        try FileManager.default.createDirectory(atPath: packs + name + ".idx", withIntermediateDirectories: true)
        let pack = try PackWriter(repository: repo)
        try writeObjects(pack)
        XCTAssertThrowsError(try pack.finish())
        XCTAssertEqual(try contents(packs), [name + ".idx", name + ".pack"])
        // Still the same bytes (the new pack had the same checksum, so the same content).
        XCTAssertEqual(
            FileManager.default.contents(atPath: packs + name + ".pack"),
            FileManager.default.contents(atPath: dir.path + "/first/.git/objects/pack/\(name).pack"))
    }

    func testAPackFolderThatIsAFileIsRefusedWithTheReason() throws {
        let path = dir.path + "/j"
        let repo = try Repository.create(at: path)
        let packs = path + "/.git/objects/pack"
        try FileManager.default.removeItem(atPath: packs)
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: packs))
        XCTAssertThrowsError(try PackWriter(repository: repo)) { error in
            guard let error = error as? GitError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.domain, .io)
            XCTAssertEqual(error.code, ENOTDIR)
            XCTAssertTrue(error.message.contains(packs + "/tmp-journal-"), error.message)
        }
        XCTAssertEqual(try String(contentsOfFile: packs, encoding: .utf8), "not a folder")
        XCTAssertEqual(try contents(path + "/.git/objects").filter { $0.hasPrefix("tmp") }, [])
    }
}
