import Foundation

/// A pull reader of JSON text (RFC 8259) that reads its file 64 KiB at a time, so an import of any
/// size holds one piece of the file and the value being read, never the whole document or a tree
/// of it. The caller walks the structure: `beginObject`/`nextKey`, `beginArray`/`nextElement`,
/// `string`, `bool`, `isNull`, and `skipValue` for what it does not want (nested values included,
/// checked all the same). Any break of the grammar, a control character or a lone surrogate in a
/// string, or bytes that are not UTF-8 throw `JSONStream.Failure` with the line it is on.
struct JSONStream {
    struct Failure: Error, Equatable, CustomStringConvertible {
        let line: Int
        let problem: String
        var description: String { "not valid JSON at line \(line): \(problem)" }
    }

    /// What the next value is, from its first byte.
    enum Kind: Equatable {
        case object, array, string, number, bool, null
    }

    private var buffer: [UInt8]
    private var position = 0
    private var end: Int
    private let descriptor: Int32
    private var atEndOfInput: Bool
    private(set) var line = 1
    /// Whether the value just opened has had an element or member yet (a stack, one per level).
    private var hadMember: [Bool] = []
    /// The bytes of the string being read when it spans two pieces or has escapes.
    private var scratch: [UInt8] = []
    static let maximumDepth = 512
    static let chunkSize = 1 << 16

    /// A reader of `bytes`, all in memory (for tests and small inputs).
    init(bytes: [UInt8]) {
        buffer = bytes
        end = bytes.count
        descriptor = -1
        atEndOfInput = true
    }

    /// A reader of the file at `path`, which stays open until the reader is `close`d.
    init(path: String) throws {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw JournalError.badInput("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        descriptor = fd
        buffer = [UInt8](repeating: 0, count: JSONStream.chunkSize)
        end = 0
        atEndOfInput = false
    }

    /// Closes the file (a reader of bytes has none).
    func close() {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
    }

    // MARK: Bytes

    /// Reads the next piece of the file; false at its end.
    private mutating func refill() throws -> Bool {
        guard !atEndOfInput else { return false }
        position = 0
        end = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                end = count
                return true
            }
            if count < 0 && errno == EINTR { continue }
            atEndOfInput = true
            if count < 0 { throw fail("the file could not be read (\(String(cString: strerror(errno))))") }
            return false
        }
    }

    @inline(__always)
    private mutating func peek() throws -> UInt8? {
        if position < end { return buffer[position] }
        return try refill() ? buffer[position] : nil
    }

    private func fail(_ problem: String) -> Failure { Failure(line: line, problem: problem) }

    private static func describe(_ byte: UInt8?) -> String {
        guard let byte else { return "the end of the file" }
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }

    /// Skips white space; returns the next byte without taking it (nil at the end).
    private mutating func nextSignificant() throws -> UInt8? {
        while let byte = try peek() {
            switch byte {
            case 0x0A:
                line += 1
                position += 1
            case 0x20, 0x09, 0x0D: position += 1
            default: return byte
            }
        }
        return nil
    }

    private mutating func expect(_ wanted: UInt8, _ what: String) throws {
        let byte = try nextSignificant()
        guard byte == wanted else { throw fail("expected \(what), found \(JSONStream.describe(byte))") }
        position += 1
    }

    // MARK: Structure

    /// The kind of the next value (white space skipped), without reading it.
    mutating func peekKind() throws -> Kind {
        guard let byte = try nextSignificant() else { throw fail("expected a value, found the end of the file") }
        switch byte {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: throw fail("expected a value, found \(JSONStream.describe(byte))")
        }
    }

    private mutating func open(_ byte: UInt8, _ what: String) throws {
        guard hadMember.count < JSONStream.maximumDepth else { throw fail("values nested deeper than \(JSONStream.maximumDepth)") }
        try expect(byte, what)
        hadMember.append(false)
    }

    mutating func beginObject() throws { try open(UInt8(ascii: "{"), "an object ('{')") }
    mutating func beginArray() throws { try open(UInt8(ascii: "["), "an array ('[')") }

    /// The next member's key in the object just begun (the reader is then at its value), or nil
    /// at the object's end.
    mutating func nextKey() throws -> String? {
        let byte = try nextSignificant()
        if byte == UInt8(ascii: "}") {
            position += 1
            hadMember.removeLast()
            return nil
        }
        if hadMember[hadMember.count - 1] {
            guard byte == UInt8(ascii: ",") else { throw fail("expected ',' or '}', found \(JSONStream.describe(byte))") }
            position += 1
        } else {
            hadMember[hadMember.count - 1] = true
        }
        guard try nextSignificant() == UInt8(ascii: "\"") else {
            throw fail("expected a key in quotes, found \(JSONStream.describe(try peek()))")
        }
        let key = try string()
        try expect(UInt8(ascii: ":"), "':' after a key")
        return key
    }

    /// Whether the array just begun has another element (the reader is then at it).
    mutating func nextElement() throws -> Bool {
        let byte = try nextSignificant()
        if byte == UInt8(ascii: "]") {
            position += 1
            hadMember.removeLast()
            return false
        }
        if hadMember[hadMember.count - 1] {
            guard byte == UInt8(ascii: ",") else { throw fail("expected ',' or ']', found \(JSONStream.describe(byte))") }
            position += 1
        } else {
            hadMember[hadMember.count - 1] = true
        }
        return true
    }

    /// Checks that nothing but white space follows the document.
    mutating func finish() throws {
        let byte = try nextSignificant()
        guard byte == nil else { throw fail("unexpected \(JSONStream.describe(byte)) after the end of the document") }
    }

    // MARK: Values

    /// Reads a value of any kind, checking it and keeping none of it.
    mutating func skipValue() throws {
        switch try peekKind() {
        case .object:
            try beginObject()
            while try nextKey() != nil { try skipValue() }
        case .array:
            try beginArray()
            while try nextElement() { try skipValue() }
        case .string: _ = try string()
        case .number: try number()
        case .bool: _ = try bool()
        case .null: try null()
        }
    }

    mutating func bool() throws -> Bool {
        if try nextSignificant() == UInt8(ascii: "t") {
            try word("true")
            return true
        }
        try word("false")
        return false
    }

    /// Takes a `null` when one is next; false (and nothing taken) for any other value.
    mutating func isNull() throws -> Bool {
        guard try nextSignificant() == UInt8(ascii: "n") else { return false }
        try null()
        return true
    }

    private mutating func null() throws { try word("null") }

    private mutating func word(_ text: StaticString) throws {
        _ = try nextSignificant()
        let bytes = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        for wanted in bytes {
            let byte = try peek()
            guard byte == wanted else { throw fail("expected \(text), found \(JSONStream.describe(byte))") }
            position += 1
        }
        try requireDelimiter()
    }

    /// After a number or a word the next byte must end it.
    private mutating func requireDelimiter() throws {
        guard let byte = try peek() else { return }
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"): return
        default: throw fail("unexpected \(JSONStream.describe(byte)) after a value")
        }
    }

    /// Reads a number, checked against the grammar, as its text.
    @discardableResult
    mutating func number() throws -> String {
        _ = try nextSignificant()
        var text: [UInt8] = []
        func digits() throws -> Int {
            var count = 0
            while let byte = try peek(), byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                text.append(byte)
                position += 1
                count += 1
            }
            return count
        }
        if try peek() == UInt8(ascii: "-") {
            text.append(UInt8(ascii: "-"))
            position += 1
        }
        let leadingZero = try peek() == UInt8(ascii: "0")
        let whole = try digits()
        guard whole > 0 else { throw fail("expected a digit, found \(JSONStream.describe(try peek()))") }
        guard !leadingZero || whole == 1 else { throw fail("a number cannot start with 0") }
        if try peek() == UInt8(ascii: ".") {
            text.append(UInt8(ascii: "."))
            position += 1
            guard try digits() > 0 else { throw fail("expected a digit after '.', found \(JSONStream.describe(try peek()))") }
        }
        if let byte = try peek(), byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            text.append(byte)
            position += 1
            if let sign = try peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                text.append(sign)
                position += 1
            }
            guard try digits() > 0 else { throw fail("expected a digit in the exponent, found \(JSONStream.describe(try peek()))") }
        }
        try requireDelimiter()
        return String(decoding: text, as: UTF8.self)
    }

    /// Reads a string value, its escapes decoded.
    mutating func string() throws -> String {
        guard try nextSignificant() == UInt8(ascii: "\"") else {
            throw fail("expected a string, found \(JSONStream.describe(try peek()))")
        }
        position += 1
        // The common case: no escape, and the closing quote in this piece.
        var index = position
        while index < end {
            let byte = buffer[index]
            if byte == UInt8(ascii: "\"") {
                let text = try buffer.withUnsafeBufferPointer { all in
                    try checkedText(UnsafeBufferPointer(rebasing: all[position..<index]))
                }
                position = index + 1
                return text
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            index += 1
        }
        return try slowString()
    }

    private func checkedText(_ bytes: UnsafeBufferPointer<UInt8>) throws -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw fail("a string is not UTF-8 text") }
        return text
    }

    /// A string with escapes, or one that goes on into the next piece of the file.
    private mutating func slowString() throws -> String {
        scratch.removeAll(keepingCapacity: true)
        while true {
            guard let byte = try peek() else { throw fail("a string is not closed before the end of the file") }
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                let text = try scratch.withUnsafeBufferPointer { try checkedText($0) }
                if scratch.count > JSONStream.chunkSize { scratch = [] }
                return text
            case UInt8(ascii: "\\"):
                try escape()
            case 0x0A:
                throw fail("a string is not closed on its line (a line break in a string is written \\n)")
            case ..<0x20:
                throw fail("a control character (\(JSONStream.describe(byte))) in a string must be escaped")
            default:
                scratch.append(byte)
            }
        }
    }

    private mutating func escape() throws {
        guard let byte = try peek() else { throw fail("a string is not closed before the end of the file") }
        position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(byte)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate must be followed by an escaped low one: together one scalar.
                guard try peek() == UInt8(ascii: "\\") else { throw fail("\\u\(hex(scalar)) is half of a surrogate pair") }
                position += 1
                guard try peek() == UInt8(ascii: "u") else { throw fail("\\u\(hex(scalar)) is half of a surrogate pair") }
                position += 1
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw fail("\\u\(hex(scalar)) is half of a surrogate pair") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw fail("\\u\(hex(scalar)) is half of a surrogate pair")
            }
            scratch.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
        default:
            throw fail("\\\(JSONStream.describe(byte)) is not an escape JSON knows")
        }
    }

    private func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    private mutating func hex4() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = try peek()
            let digit: UInt8
            switch byte {
            case .some(UInt8(ascii: "0")...UInt8(ascii: "9")): digit = byte! - UInt8(ascii: "0")
            case .some(UInt8(ascii: "a")...UInt8(ascii: "f")): digit = byte! - UInt8(ascii: "a") + 10
            case .some(UInt8(ascii: "A")...UInt8(ascii: "F")): digit = byte! - UInt8(ascii: "A") + 10
            default: throw fail("\\u needs four hex digits, found \(JSONStream.describe(byte))")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }
}
