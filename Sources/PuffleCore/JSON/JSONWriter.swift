/// Writes ``JSONValue``s as compact JSON text, object keys sorted so output is repeatable.
///
/// Used for stored Lead bodies and for responses built from them, where Foundation's
/// `JSONEncoder` measured as a fifth of an import's CPU time.
public struct JSONWriter: Sendable {
    /// The text written so far.
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    /// One value as a string.
    public static func string(_ value: JSONValue) -> String {
        var writer = JSONWriter()
        writer.write(value)
        return writer.text
    }

    /// The bytes as a string.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Appends JSON text that is already well formed (a stored body, a fragment).
    public mutating func writeRaw(_ json: String, droppingFirst dropped: Int = 0) {
        var json = json
        // One copy of the string's contiguous bytes; a generic walk over `utf8` goes byte by byte.
        json.withUTF8 { utf8 in bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8.dropFirst(dropped))) }
    }

    /// Appends UTF-8 bytes of JSON text that is already well formed.
    public mutating func writeRaw(_ utf8: some Sequence<UInt8>) {
        bytes.append(contentsOf: utf8)
    }

    /// The last timestamp ``writeISO8601(_:)`` wrote, and its text.
    private var lastTimestamp: (milliseconds: Int64?, text: [UInt8]) = (nil, [])

    /// Appends a timestamp's ISO-8601 text, without quotes. The Leads of a page mostly share
    /// their times (an imported batch's new Leads get one `now`), so the last text is kept; a
    /// merged Lead's older `createdAt` simply misses it.
    public mutating func writeISO8601(_ timestamp: Timestamp) {
        if lastTimestamp.milliseconds != timestamp.milliseconds {
            lastTimestamp.text.removeAll(keepingCapacity: true)
            timestamp.appendISO8601(to: &lastTimestamp.text)
            lastTimestamp.milliseconds = timestamp.milliseconds
        }
        bytes.append(contentsOf: lastTimestamp.text)
    }

    /// Appends punctuation or other ASCII text as it is.
    public mutating func writeASCII(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    public mutating func write(_ value: JSONValue) {
        switch value {
        case .null: writeASCII("null")
        case .bool(let flag): flag ? writeASCII("true") : writeASCII("false")
        case .integer(let number): bytes.append(contentsOf: String(number).utf8)
        case .number(let number): write(number: number)
        case .string(let text): write(string: text)
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (offset, item) in items.enumerated() {
                if offset > 0 { bytes.append(UInt8(ascii: ",")) }
                write(item)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let object):
            write(object: object)
        }
    }

    /// An object, keys sorted.
    public mutating func write(object: [String: JSONValue]) {
        bytes.append(UInt8(ascii: "{"))
        for (offset, member) in object.sorted(by: { $0.key < $1.key }).enumerated() {
            if offset > 0 { bytes.append(UInt8(ascii: ",")) }
            write(string: member.key)
            bytes.append(UInt8(ascii: ":"))
            write(member.value)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    /// An array of objects, keys sorted.
    public mutating func write(objects: [[String: JSONValue]]) {
        bytes.append(UInt8(ascii: "["))
        for index in objects.indices {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            write(object: objects[index])
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// `"key":` for hand-written objects.
    public mutating func write(key: String) {
        write(string: key)
        bytes.append(UInt8(ascii: ":"))
    }

    public mutating func write(optional text: String?) {
        if let text { write(string: text) } else { writeASCII("null") }
    }

    public mutating func write(number: Double) {
        if number.rounded() == number, abs(number) < 1e15 {
            bytes.append(contentsOf: String(Int64(number)).utf8)
        } else {
            bytes.append(contentsOf: "\(number)".utf8)
        }
    }

    public mutating func write(string text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            // Copy runs of bytes that need no escape at once; most strings are one such run.
            var runStart = 0
            for (offset, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<offset]))
                writeEscaped(byte)
                runStart = offset + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func writeEscaped(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): writeASCII("\\\"")
        case UInt8(ascii: "\\"): writeASCII("\\\\")
        case 0x0A: writeASCII("\\n")
        case 0x0D: writeASCII("\\r")
        case 0x09: writeASCII("\\t")
        default:
            let digits: StaticString = "0123456789abcdef"
            let hex = UnsafeBufferPointer(start: digits.utf8Start, count: 16)
            bytes.append(contentsOf: [
                UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)],
            ])
        }
    }
}
