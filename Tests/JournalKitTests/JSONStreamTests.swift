import Foundation
import XCTest

@testable import JournalKit

/// The streaming JSON reader behind `journal import --from jrnl` (`Import/JSONStream.swift`) and
/// the text helpers the import leans on (`Model/Text.swift`).
final class JSONStreamTests: XCTestCase {
    func reader(_ text: String) -> JSONStream { JSONStream(bytes: Array(text.utf8)) }

    /// Reads `text` as one string value.
    func string(_ text: String) throws -> String {
        var r = reader(text)
        let value = try r.string()
        try r.finish()
        return value
    }

    func failure(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> JSONStream.Failure? {
        var r = reader(text)
        do {
            try r.skipValue()
            try r.finish()
            XCTFail("\(text.debugDescription) should not read", file: file, line: line)
            return nil
        } catch let failure as JSONStream.Failure {
            return failure
        } catch {
            XCTFail("\(error)", file: file, line: line)
            return nil
        }
    }

    func testEscapesAreDecoded() throws {
        XCTAssertEqual(try string(#""a\"b\\c\/d\be\ff\ng\rh\ti""#), "a\"b\\c/d\u{8}e\u{C}f\ng\rh\ti")
        XCTAssertEqual(try string(#""""#), "")
        XCTAssertEqual(try string(#""plain text""#), "plain text")
    }

    func testUnicodeEscapesIncludingSurrogatePairs() throws {
        XCTAssertEqual(try string(#""caf\u00e9 \u00E9""#), "café é")
        XCTAssertEqual(try string(#""\u2028\u0000x""#), "\u{2028}\u{0}x")
        XCTAssertEqual(try string(#""\ud83d\ude00 and \uD834\uDD1E""#), "😀 and 𝄞")
        XCTAssertEqual(try string("\"raw UTF-8: 日本語 😀\""), "raw UTF-8: 日本語 😀")
    }

    func testBrokenStringsAreRefused() throws {
        for (text, problem) in [
            (#""\ud83d""#, "half of a surrogate pair"),
            (#""\ud83dx""#, "half of a surrogate pair"),
            (#""\ud83d\u0041""#, "half of a surrogate pair"),
            (#""\ude00""#, "half of a surrogate pair"),
            (#""\x""#, "not an escape"),
            (#""\u12g4""#, "four hex digits"),
            ("\"tab\there\"", "control character"),
            ("\"line\nbreak\"", "not closed on its line"),
            ("\"never closed", "not closed before the end"),
        ] {
            XCTAssertTrue(failure(text)?.problem.contains(problem) == true, "\(text): \(String(describing: failure(text)))")
        }
        var r = JSONStream(bytes: [0x22, 0xFF, 0xFE, 0x22])
        XCTAssertThrowsError(try r.string()) { XCTAssertTrue("\($0)".contains("not UTF-8"), "\($0)") }
    }

    func testNestedValuesAreWalkedAndSkipped() throws {
        var r = reader(
            #"{"skip": {"a": [1, -2.5e+3, 0, true, false, null, {"deep": [[[]]]}, "s"]}, "keep": ["x", "y"], "n": null}"#)
        try r.beginObject()
        var seen: [String] = []
        while let key = try r.nextKey() {
            seen.append(key)
            if key == "keep" {
                try r.beginArray()
                var items: [String] = []
                while try r.nextElement() { items.append(try r.string()) }
                XCTAssertEqual(items, ["x", "y"])
            } else if key == "n" {
                XCTAssertTrue(try r.isNull())
            } else {
                XCTAssertEqual(try r.peekKind(), .object)
                try r.skipValue()
            }
        }
        try r.finish()
        XCTAssertEqual(seen, ["skip", "keep", "n"])
    }

    func testMalformedDocumentsSayWhereOnWhichLine() throws {
        let cases: [(String, Int, String)] = [
            ("{\"a\": 1,\n\"b\" 2}", 2, "':'"),
            ("{\"a\": 1\n\n\"b\": 2}", 3, "',' or '}'"),
            ("[1, 2,]", 1, "a value"),
            ("[1 2]", 1, "',' or ']'"),
            ("{\"a\": 01}", 1, "cannot start with 0"),
            ("{\"a\": 1.}", 1, "digit after '.'"),
            ("{\"a\": tru}", 1, "true"),
            ("{\"a\": 1} x", 1, "after the end"),
            ("{\"a\": [1, 2}", 1, "',' or ']'"),
            ("{a: 1}", 1, "key in quotes"),
            ("", 1, "end of the file"),
            ("\n\n{\"a\": ", 3, "end of the file"),
        ]
        for (text, line, problem) in cases {
            let found = failure(text)
            XCTAssertEqual(found?.line, line, "\(text.debugDescription): \(String(describing: found))")
            XCTAssertTrue(found?.problem.contains(problem) == true, "\(text.debugDescription): \(String(describing: found))")
        }
        XCTAssertTrue(failure(String(repeating: "[", count: 600) + String(repeating: "]", count: 600))?.problem.contains("nested") == true)
    }

    func testAFileIsReadPieceByPieceAcrossBoundaries() throws {
        // Strings longer than a piece, and escapes that fall on a piece boundary.
        let long = String(repeating: "abcdéfgh", count: 20_000)
        var items: [String] = []
        for shift in 0..<8 { items.append(String(repeating: "x", count: JSONStream.chunkSize - 20 + shift) + "\\u00e9\\n\\ud83d\\ude00") }
        let text = "{\"long\": \"\(long)\", \"items\": [\n" + items.map { "\"\($0)\"" }.joined(separator: ",\n") + "\n]}\n"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("json-stream-\(UUID().uuidString).json")
        try text.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        var r = try JSONStream(path: url.path)
        defer { r.close() }
        try r.beginObject()
        XCTAssertEqual(try r.nextKey(), "long")
        XCTAssertEqual(try r.string(), long)
        XCTAssertEqual(try r.nextKey(), "items")
        try r.beginArray()
        var count = 0
        while try r.nextElement() {
            let value = try r.string()
            XCTAssertEqual(value, String(repeating: "x", count: JSONStream.chunkSize - 20 + count) + "é\n😀")
            count += 1
        }
        XCTAssertEqual(count, 8)
        XCTAssertNil(try r.nextKey())
        try r.finish()
        XCTAssertEqual(r.line, 11)
    }

    func testJrnlEntriesAreReadWithMissingAndNullFieldsAndUnknownKeys() throws {
        let text = #"""
            {"tags": {"@a": 1}, "entries": [
              {"title": " Caf\u00e9 \ud83d\ude00 ", "body": "line\nHours: 1.5", "date": "2025-01-02", "time": "08:05",
               "tags": ["@a", "#b"], "starred": true, "extra": {"nested": [1, {"x": null}]}},
              {"title": "second", "date": "2025-01-03", "body": null, "time": null, "tags": null, "starred": null}
            ], "version": "v4.2"}
            """#
        let entries = try JrnlExport.parse(Data(text.utf8), name: "x.json")
        XCTAssertEqual(entries.count, 2)
        XCTAssertEqual(entries[0].title, "Café 😀")
        XCTAssertEqual(entries[0].body, "line")
        XCTAssertEqual(entries[0].hours, Hours(minutes: 90))
        XCTAssertEqual(entries[0].minute, 8 * 60 + 5)
        XCTAssertEqual(entries[0].tags, ["a", "b", "starred"])
        XCTAssertEqual(entries[0].origin, "entry 1")
        XCTAssertEqual(entries[1].body, "")
        XCTAssertEqual(entries[1].minute, 9 * 60)
        XCTAssertEqual(entries[1].tags, [])
    }

    func testJrnlShapesThatAreNotAnExportGiveOneLine() throws {
        for (text, expected) in [
            ("[1, 2]", "not a JSON object"),
            ("{\"tags\": {}}", "missing \"entries\""),
            ("{\"entries\": {}}", "\"entries\" is not a list"),
            ("{\"entries\": [1]}", "entry 1 is not an object"),
            ("{\"entries\": [{\"date\": \"2025-01-01\"}]}", "entry 1: missing \"title\""),
            ("{\"entries\": [{\"title\": 3, \"date\": \"2025-01-01\"}]}", "entry 1, \"title\": not a string"),
            ("{\"entries\": [{\"title\": \"a\", \"date\": \"2025-01-01\", \"tags\": [1]}]}", "a tag is not a string"),
            ("{\"entries\": [{\"title\": \"a\", \"date\": \"2025-01-01\", \"starred\": 1}]}", "\"starred\": not true or false"),
            ("{\"entries\": [\n{\"title\": \"a\", \"date\": \"2025-01-01\"}\n]} ]", "not valid JSON at line 3"),
        ] {
            XCTAssertThrowsError(try JrnlExport.parse(Data(text.utf8), name: "x.json"), text) { error in
                let message = "\(error)"
                XCTAssertTrue(message.contains(expected) && message.hasPrefix("x.json: "), "\(text): \(message)")
                XCTAssertFalse(message.contains("\n"), message)
            }
        }
    }

    func testTrimmingMatchesFoundation() {
        let samples = [
            "", " ", "\t a b \t", "\u{A0}x\u{3000}", "\n x \n", "\u{2028}x\u{85}", " \u{301}x", "x\u{200B}", "\r\n",
            "é", " 😀 ", "\u{1680}x\u{2009}",
        ]
        for text in samples + (0..<0x3100).compactMap({ Unicode.Scalar($0).map { "\($0)x\($0)" } }) {
            XCTAssertEqual(Text.trimmed(text), text.trimmingCharacters(in: .whitespaces), text.debugDescription)
            XCTAssertEqual(
                Text.trimmed(text, newlines: true), text.trimmingCharacters(in: .whitespacesAndNewlines), text.debugDescription)
        }
    }

    func testTheNormalBodyTestAgreesWithNormalising() throws {
        let pieces = ["a", " ", "\t", "\n", "\r", "é", "\u{85}", "\u{7F}", "\u{1}", "😀", "\u{301}", "x y"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let normal = try? Text.normaliseBody(text)
            if Text.isNormalBody(text) { XCTAssertEqual(normal, text, text.debugDescription) }
        }
    }
}
