/// A strict JSON parser (RFC 8259) from UTF-8 bytes straight to ``JSONValue``.
///
/// Foundation's `JSONDecoder` reaches a `JSONValue` only by trial and error over the `Decoder`
/// protocol, which measured as most of an import's CPU time; this reads each value once.
public struct JSONParser {
    /// Why a text is not JSON, and where.
    public struct SyntaxError: Error, Equatable, CustomStringConvertible {
        public var offset: Int
        public var reason: String
        public var description: String { "invalid JSON at byte \(offset): \(reason)" }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    /// Refuse control characters (other than tab, line feed and carriage return) in strings, as
    /// request bodies do: a title holding U+0000 would be stored but could never be searched for.
    private let refusesControlCharacters: Bool
    private var index = 0
    private var depth = 0
    /// The members of the objects being read, innermost last. Each object becomes a dictionary
    /// of the right size once its members are known: growing it member by member rehashed every
    /// key several times, for each of the half-dozen objects of every imported Lead.
    private var members: [(key: String, value: JSONValue)] = []
    private static let maxDepth = 512

    private init(bytes: UnsafeBufferPointer<UInt8>, refusesControlCharacters: Bool) {
        self.bytes = bytes
        self.refusesControlCharacters = refusesControlCharacters
    }

    /// Parses a whole document. - Throws: ``SyntaxError``, also for bytes that are not UTF-8.
    /// - Parameter refusingControlCharacters: also refuse `\u0000`-style control characters in strings
    ///   (tab, line feed and carriage return excepted), as the API does for every request body.
    public static func parse(_ bytes: some Collection<UInt8>, refusingControlCharacters: Bool = false) throws -> JSONValue {
        let result = try bytes.withContiguousStorageIfAvailable { buffer in try parseBuffer(buffer, refusingControlCharacters) }
        if let result { return result }
        return try Array(bytes).withUnsafeBufferPointer { try parseBuffer($0, refusingControlCharacters) }
    }

    /// Parses a whole document from text. - Throws: ``SyntaxError``.
    public static func parse(_ text: String) throws -> JSONValue {
        var text = text
        return try text.withUTF8 { try parseBuffer($0, false) }
    }

    private static func parseBuffer(_ buffer: UnsafeBufferPointer<UInt8>, _ refusesControlCharacters: Bool) throws -> JSONValue {
        var parser = JSONParser(bytes: buffer, refusesControlCharacters: refusesControlCharacters)
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.index == buffer.count else { throw parser.error("unexpected data after the value") }
        return value
    }

    private func error(_ reason: String) -> SyntaxError {
        SyntaxError(offset: index, reason: reason)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws -> JSONValue {
        guard index < bytes.count else { throw error("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        default: return try parseNumber()
        }
    }

    private mutating func expect(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw error("unexpected end of input") }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw error("unexpected character")
        }
        index += count
    }

    private mutating func nest() throws {
        depth += 1
        guard depth <= Self.maxDepth else { throw error("nested deeper than \(Self.maxDepth)") }
    }

    private mutating func parseObject() throws -> JSONValue {
        try nest()
        defer { depth -= 1 }
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object([:])
        }
        let first = members.count
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
            index += 1
            skipWhitespace()
            members.append((key, try parseValue()))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(takeMembers(from: first))
            } else {
                throw error("expected ',' or '}'")
            }
        }
    }

    /// The members read since `first`, as one object; a repeated key keeps its last value.
    private mutating func takeMembers(from first: Int) -> [String: JSONValue] {
        var object = [String: JSONValue](minimumCapacity: members.count - first)
        for offset in first..<members.count {
            object[members[offset].key] = members[offset].value
        }
        members.removeSubrange(first...)
        return object
    }

    private mutating func parseArray() throws -> JSONValue {
        try nest()
        defer { depth -= 1 }
        index += 1
        var array: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(array)
        }
        while true {
            skipWhitespace()
            array.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(array)
            } else {
                throw error("expected ',' or ']'")
            }
        }
    }

    private mutating func parseString() throws -> String {
        index += 1
        let start = index
        var ascii = true
        // Fast path: no escapes, copy the bytes as they are.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = try string(from: UnsafeBufferPointer(rebasing: bytes[start..<index]), ascii: ascii)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw error("control character in string") }
            if byte >= 0x80 { ascii = false }
            index += 1
        }
        var scalars = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return try scalars.withUnsafeBufferPointer { try string(from: $0, ascii: ascii) }
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw error("unexpected end of input") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escape)
                case UInt8(ascii: "b"): scalars.append(try control(0x08))
                case UInt8(ascii: "f"): scalars.append(try control(0x0C))
                case UInt8(ascii: "n"): scalars.append(0x0A)
                case UInt8(ascii: "r"): scalars.append(0x0D)
                case UInt8(ascii: "t"): scalars.append(0x09)
                case UInt8(ascii: "u"): scalars.append(contentsOf: try parseUnicodeEscape())
                default: throw error("invalid escape")
                }
            default:
                guard byte >= 0x20 else { throw error("control character in string") }
                if byte >= 0x80 { ascii = false }
                scalars.append(byte)
                index += 1
            }
        }
        throw error("unterminated string")
    }

    /// The string of these bytes. - Throws: when they are not UTF-8 (never replaced with U+FFFD).
    private func string(from buffer: UnsafeBufferPointer<UInt8>, ascii: Bool) throws -> String {
        if ascii { return String(decoding: buffer, as: UTF8.self) }
        guard let text = String(validating: buffer, as: UTF8.self) else { throw error("string is not valid UTF-8") }
        return text
    }

    /// An escaped control character, or an error where they are refused.
    private func control(_ byte: UInt8) throws -> UInt8 {
        guard refusesControlCharacters, byte != 0x09, byte != 0x0A, byte != 0x0D else { return byte }
        throw error("control character U+00\(byte < 0x10 ? "0" : "")\(String(byte, radix: 16, uppercase: true)) in string; text fields take no control characters but tab and line breaks")
    }

    /// `\uXXXX` (after the `u`), with surrogate pairs; returns the UTF-8 bytes.
    private mutating func parseUnicodeEscape() throws -> [UInt8] {
        var code = try hex4()
        if (0xD800...0xDBFF).contains(code) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw error("unpaired surrogate")
            }
            index += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw error("unpaired surrogate") }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(code) {
            throw error("unpaired surrogate")
        }
        if code < 0x20 { _ = try control(UInt8(code)) }
        guard let scalar = Unicode.Scalar(code) else { throw error("invalid code point") }
        return Array(String(Character(scalar)).utf8)
    }

    private mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("unexpected end of input") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// A number: ``JSONValue/integer(_:)`` when written as a whole number that fits 64 bits, so
    /// it comes back exactly as sent; otherwise a `Double`.
    private mutating func parseNumber() throws -> JSONValue {
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else { throw error("unexpected character") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            skipDigits()
        }
        var whole = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            whole = false
            guard skipDigits() > 0 else { throw error("expected digits after '.'") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            whole = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard skipDigits() > 0 else { throw error("expected exponent digits") }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if whole, let integer = Int64(text) { return .integer(integer) }
        guard let number = Double(text), number.isFinite else { throw error("number out of range") }
        return .number(number)
    }

    @discardableResult
    private mutating func skipDigits() -> Int {
        let start = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        return index - start
    }
}
