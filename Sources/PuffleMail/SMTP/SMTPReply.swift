/// One server reply (RFC 5321 4.2): a code, the enhanced status when given (RFC 3463), and its text lines.
public struct SMTPReply: Equatable, Sendable {
    public var code: Int
    /// `2.0.0`, `5.1.1`, ... when the server sends enhanced status codes.
    public var enhanced: String?
    public var lines: [String]

    public init(code: Int, enhanced: String?, lines: [String]) {
        self.code = code
        self.enhanced = enhanced
        self.lines = lines
    }

    /// The text of all lines, joined by spaces: what an error quotes to the user.
    public var text: String { lines.joined(separator: " ") }

    public var isPositive: Bool { (200..<400).contains(code) }
    /// 4xx: try again later.
    public var isTransient: Bool { (400..<500).contains(code) }
    /// 5xx: this will not work.
    public var isPermanent: Bool { (500..<600).contains(code) }
}

/// Reads replies from lines, as pure code: `250-first`, `250-second`, `250 last` is one reply.
public struct SMTPReplyParser: Sendable {
    /// Why a line is not part of a reply.
    public struct MalformedReply: Error, Equatable, CustomStringConvertible {
        public var line: String
        public var description: String { "not an SMTP reply line: \(line.prefix(80))" }
    }

    /// The most lines one reply may have before the server is taken to be misbehaving.
    static let maxLines = 100
    private var code: Int?
    private var lines: [String] = []

    public init() {}

    /// Adds one line (without its CRLF). - Returns: The reply, when this line ends one.
    /// - Throws: ``MalformedReply`` for a line without a 3-digit code, or a code that changes inside a reply.
    public mutating func consume(_ line: String) throws -> SMTPReply? {
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, bytes[0...2].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let lineCode = Int(String(decoding: bytes[0...2], as: UTF8.self)), (200...599).contains(lineCode)
        else { throw MalformedReply(line: line) }
        guard bytes.count == 3 || bytes[3] == UInt8(ascii: " ") || bytes[3] == UInt8(ascii: "-") else { throw MalformedReply(line: line) }
        if let code, code != lineCode { throw MalformedReply(line: line) }
        code = lineCode
        lines.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
        guard lines.count <= Self.maxLines else { throw MalformedReply(line: line) }
        guard bytes.count == 3 || bytes[3] == UInt8(ascii: " ") else { return nil }
        let reply = SMTPReply(code: lineCode, enhanced: Self.enhanced(in: lines[0], code: lineCode), lines: lines)
        self = SMTPReplyParser()
        return reply
    }

    /// `2.1.5` at the start of the text, when its class matches the code's.
    static func enhanced(in text: String, code: Int) -> String? {
        guard let first = text.split(separator: " ").first else { return nil }
        let parts = first.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }), Int(parts[0]) == code / 100 else { return nil }
        return String(first)
    }
}
