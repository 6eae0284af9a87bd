/// Reads IMAP responses from the bytes a server sends, as pure code: no I/O, so it can be fed any
/// bytes (a fuzzer's among them) and either answers responses, asks for more, or refuses.
///
/// Bytes come in as they arrive (``append(_:)``); ``next()`` answers one whole response once its
/// line and every literal inside it (`{n}` then n bytes) are in, and nil until then. Free text
/// after a status (`OK [code] text`) is kept as text: it may hold any punctuation.
public struct IMAPResponseParser: Sendable {
    /// Why bytes are not an IMAP response.
    public struct Malformed: Error, Equatable, CustomStringConvertible {
        public var reason: String
        public var description: String { "not an IMAP response: \(reason)" }
    }

    /// The largest literal accepted; a larger one is refused rather than buffered.
    public let maxLiteralBytes: Int
    /// The longest line (outside literals) accepted.
    public let maxLineBytes: Int
    /// Lists nested deeper than this are refused (a body structure nests a few levels).
    static let maxDepth = 64

    private var buffer: [UInt8] = []
    private var start = 0

    public init(maxLiteralBytes: Int = 64 << 20, maxLineBytes: Int = 64 << 10) {
        self.maxLiteralBytes = maxLiteralBytes
        self.maxLineBytes = maxLineBytes
    }

    /// Adds bytes received from the server.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        if start > 0, start >= buffer.count / 2 {
            // Drop what was read, so the buffer does not grow with the session.
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Bytes received and not yet read as a response: after STARTTLS's OK there must be none, or
    /// a man in the middle could have slipped in plaintext meant to pass as the TLS session's.
    public var unreadByteCount: Int { buffer.count - start }

    /// The next whole response, or nil when more bytes are needed.
    /// - Throws: ``Malformed``; the parser is then of no further use (the connection is out of step).
    public mutating func next() throws -> IMAPResponse? {
        var reader = Reader(bytes: buffer, index: start, maxLiteral: maxLiteralBytes, maxLine: maxLineBytes)
        do {
            let response = try reader.response()
            start = reader.index
            return response
        } catch Reader.NeedMore.needMore {
            return nil
        }
    }
}

/// One pass over the buffer from a response's start; it throws ``NeedMore`` when the bytes end early.
private struct Reader {
    enum NeedMore: Error { case needMore }

    let bytes: [UInt8]
    var index: Int
    let maxLiteral: Int
    let maxLine: Int
    private var depth = 0
    private var lineStart: Int

    init(bytes: [UInt8], index: Int, maxLiteral: Int, maxLine: Int) {
        self.bytes = bytes
        self.index = index
        self.maxLiteral = maxLiteral
        self.maxLine = maxLine
        self.lineStart = index
    }

    private static let space = UInt8(ascii: " ")
    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")

    mutating func response() throws -> IMAPResponse {
        let tag = try word()
        if tag == "+" {
            if peek() == Self.space { index += 1 }
            return .continuation(try restOfLine())
        }
        try expect(Self.space)
        if tag == "*" {
            // `* 23 EXISTS` starts with a number; `* OK ...` with a status.
            let save = index
            if let status = IMAPStatus(rawValue: try word().uppercased()) {
                let (code, text) = try statusText()
                return .untaggedStatus(status: status, code: code, text: text)
            }
            index = save
            var values: [IMAPValue] = []
            while true {
                values.append(try value(inCode: false))
                if try endOfLine() { return .untagged(values) }
                try expect(Self.space)
                // Some servers end `* SEARCH ` with a space before the line's end.
                if try endOfLine() { return .untagged(values) }
            }
        }
        guard let status = IMAPStatus(rawValue: try word().uppercased()), status != .preauth, status != .bye else {
            throw malformed("a tagged response must be OK, NO or BAD")
        }
        let (code, text) = try statusText()
        return .tagged(tag: tag, status: status, code: code, text: text)
    }

    /// `[code] text` after a status, either part optional.
    private mutating func statusText() throws -> (IMAPResponseCode?, String) {
        if try endOfLine() { return (nil, "") }
        try expect(Self.space)
        var code: IMAPResponseCode?
        if peek() == UInt8(ascii: "[") {
            index += 1
            let name = try word(stoppingAt: UInt8(ascii: "]")).uppercased()
            var values: [IMAPValue] = []
            while peek() == Self.space {
                index += 1
                values.append(try value(inCode: true))
            }
            try expect(UInt8(ascii: "]"))
            code = IMAPResponseCode(name: name, values: values)
            if peek() == Self.space { index += 1 }
        }
        return (code, try restOfLine())
    }

    private mutating func value(inCode: Bool) throws -> IMAPValue {
        guard let byte = peek() else { throw NeedMore.needMore }
        switch byte {
        case UInt8(ascii: "("):
            index += 1
            depth += 1
            guard depth <= IMAPResponseParser.maxDepth else { throw malformed("lists nested too deep") }
            var items: [IMAPValue] = []
            if peek() == UInt8(ascii: ")") {
                index += 1
                depth -= 1
                return .list(items)
            }
            while true {
                items.append(try value(inCode: inCode))
                guard let next = peek() else { throw NeedMore.needMore }
                if next == UInt8(ascii: ")") {
                    index += 1
                    depth -= 1
                    return .list(items)
                }
                try expect(Self.space)
            }
        case UInt8(ascii: "\""):
            return .string(try quoted())
        case UInt8(ascii: "{"), UInt8(ascii: "~"):
            return .string(try literal())
        default:
            let atom = try word(stoppingAt: inCode ? UInt8(ascii: "]") : nil)
            if atom.uppercased() == "NIL" { return .nil }
            if let number = UInt64(atom), atom.utf8.allSatisfy({ (48...57).contains($0) }) { return .number(number) }
            return .atom(atom)
        }
    }

    /// `"text with \" and \\"`.
    private mutating func quoted() throws -> [UInt8] {
        index += 1
        var text: [UInt8] = []
        while true {
            guard let byte = peek() else { throw NeedMore.needMore }
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return text
            case UInt8(ascii: "\\"):
                guard let escaped = peek() else { throw NeedMore.needMore }
                guard escaped == UInt8(ascii: "\"") || escaped == UInt8(ascii: "\\") else { throw malformed("a quoted string escapes only \" and \\") }
                index += 1
                text.append(escaped)
            case Self.cr, Self.lf:
                throw malformed("a quoted string ends at the line's end")
            default:
                text.append(byte)
            }
            guard index - lineStart <= maxLine else { throw malformed("a line longer than \(maxLine) bytes") }
        }
    }

    /// `{12}\r\n` (or `~{12}` for binary) and then exactly 12 bytes.
    private mutating func literal() throws -> [UInt8] {
        if peek() == UInt8(ascii: "~") { index += 1 }
        try expect(UInt8(ascii: "{"))
        var length = 0
        var digits = 0
        while let byte = peek(), (48...57).contains(byte) {
            length = length * 10 + Int(byte - 48)
            digits += 1
            index += 1
            guard length <= maxLiteral else { throw malformed("a literal of more than \(maxLiteral) bytes") }
        }
        guard digits > 0 else { throw peek() == nil ? NeedMore.needMore : malformed("a literal without a length") }
        try expect(UInt8(ascii: "}"))
        try expect(Self.cr)
        try expect(Self.lf)
        guard bytes.count - index >= length else { throw NeedMore.needMore }
        let content = Array(bytes[index..<index + length])
        index += length
        lineStart = index
        return content
    }

    /// A run of bytes up to a space, a parenthesis or the line's end. A `[` starts a section
    /// (`BODY[HEADER.FIELDS (FROM)]<0>`) that runs to its `]`, spaces and parentheses included.
    private mutating func word(stoppingAt stop: UInt8? = nil) throws -> String {
        let first = index
        var inSection = false
        while true {
            guard let byte = peek() else { throw NeedMore.needMore }
            if inSection {
                if byte == UInt8(ascii: "]") { inSection = false }
                if byte == Self.cr || byte == Self.lf { throw malformed("a section is not closed") }
            } else if byte == Self.space || byte == Self.cr || byte == Self.lf || byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")")
                || byte == stop || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "{")
            {
                break
            } else if byte == UInt8(ascii: "[") {
                inSection = true
            } else if byte < 0x20 || byte == 0x7F {
                throw malformed("a control character in an atom")
            }
            index += 1
            guard index - lineStart <= maxLine else { throw malformed("a line longer than \(maxLine) bytes") }
        }
        guard index > first else { throw malformed("expected an atom at byte \(index - lineStart) of the line") }
        return String(decoding: bytes[first..<index], as: UTF8.self)
    }

    /// The text to the line's end, which is consumed.
    private mutating func restOfLine() throws -> String {
        let first = index
        while true {
            guard let byte = peek() else { throw NeedMore.needMore }
            if byte == Self.cr || byte == Self.lf { break }
            index += 1
            guard index - lineStart <= maxLine else { throw malformed("a line longer than \(maxLine) bytes") }
        }
        let text = String(decoding: bytes[first..<index], as: UTF8.self)
        _ = try endOfLine()
        return text
    }

    /// Consumes CRLF (or a bare LF) when the line ends here.
    private mutating func endOfLine() throws -> Bool {
        guard let byte = peek() else { throw NeedMore.needMore }
        if byte == Self.lf {
            index += 1
            return true
        }
        guard byte == Self.cr else { return false }
        guard index + 1 < bytes.count else { throw NeedMore.needMore }
        guard bytes[index + 1] == Self.lf else { throw malformed("CR without LF") }
        index += 2
        return true
    }

    private mutating func expect(_ byte: UInt8) throws {
        guard let actual = peek() else { throw NeedMore.needMore }
        guard actual == byte else {
            throw malformed("expected \"\(Character(Unicode.Scalar(byte)))\" at byte \(index - lineStart) of the line, got \"\(Character(Unicode.Scalar(actual)))\"")
        }
        index += 1
    }

    private func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private func malformed(_ reason: String) -> IMAPResponseParser.Malformed {
        IMAPResponseParser.Malformed(reason: reason)
    }
}
