/// Decoding of `application/x-www-form-urlencoded` text and percent-encoded path segments.
///
/// Query strings are read as forms because that is what clients send: Python `requests` and
/// JavaScript `URLSearchParams` encode a space as `+`, and reading it as a literal plus would
/// answer an empty page instead of an error.
public enum FormURLEncoding {
    /// Why a query string or path segment could not be decoded.
    public struct DecodingError: Error, Equatable, Sendable {
        public var text: String
    }

    /// The `name=value` pairs of a query string, in order, with `+` as a space and `%XX` decoded.
    /// A pair without `=` has an empty value; empty pairs (`a=1&&b=2`) are skipped.
    /// - Throws: ``DecodingError`` for a bad `%` escape or bytes that are not UTF-8.
    public static func pairs(_ query: Substring) throws -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try decode(parts[0], plusIsSpace: true)
            let value = parts.count > 1 ? try decode(parts[1], plusIsSpace: true) : ""
            result.append((name, value))
        }
        return result
    }

    /// A path segment with `%XX` decoded; `+` stays a plus, as RFC 3986 says for paths.
    /// - Throws: ``DecodingError`` for a bad `%` escape or bytes that are not UTF-8.
    public static func pathSegment(_ segment: Substring) throws -> String {
        try decode(segment, plusIsSpace: false)
    }

    private static func decode(_ text: Substring, plusIsSpace: Bool) throws -> String {
        // Most names and values hold neither escapes nor pluses: keep them as they are.
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var index = text.utf8.startIndex
        let end = text.utf8.endIndex
        while index < end {
            let byte = text.utf8[index]
            if byte == UInt8(ascii: "%") {
                let high = text.utf8.index(after: index)
                guard high < end, text.utf8.index(after: high) < end,
                    let upper = hexValue(text.utf8[high]), let lower = hexValue(text.utf8[text.utf8.index(after: high)])
                else { throw DecodingError(text: String(text)) }
                bytes.append(upper << 4 | lower)
                index = text.utf8.index(high, offsetBy: 2)
                continue
            }
            bytes.append(byte == UInt8(ascii: "+") && plusIsSpace ? UInt8(ascii: " ") : byte)
            index = text.utf8.index(after: index)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else { throw DecodingError(text: String(text)) }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
