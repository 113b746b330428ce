import Foundation

/// The stable id of an entry: a ULID (48-bit milliseconds, 80 random bits, Crockford base32).
public enum EntryID {
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    public static func make(at date: Date) -> String {
        var generator = SystemRandomNumberGenerator()
        return make(at: date, using: &generator)
    }

    public static func make<G: RandomNumberGenerator>(at date: Date, using generator: inout G) -> String {
        let millis = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        var chars: [Character] = []
        chars.reserveCapacity(26)
        for shift in stride(from: 45, through: 0, by: -5) {
            chars.append(alphabet[Int((millis >> UInt64(shift)) & 31)])
        }
        let high = UInt64.random(in: 0..<(1 << 40), using: &generator)
        let low = UInt64.random(in: 0..<(1 << 40), using: &generator)
        for part in [high, low] {
            for shift in stride(from: 35, through: 0, by: -5) {
                chars.append(alphabet[Int((part >> UInt64(shift)) & 31)])
            }
        }
        return String(chars)
    }

    /// Whether `text` has the shape of an id this tool writes (also accepts ids from other tools'
    /// importers: 1 to 64 characters of letters, digits, `-` and `_`).
    public static func isValid(_ text: String) -> Bool {
        let utf8 = text.utf8
        return !utf8.isEmpty && utf8.count <= 64
            && utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D
                    || byte == 0x5F
            }
    }
}
