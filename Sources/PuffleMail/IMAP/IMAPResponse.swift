/// One value inside an IMAP response (RFC 9051 section 4): an atom, a number, a string (quoted or
/// literal), NIL, or a parenthesized list of values.
public indirect enum IMAPValue: Equatable, Sendable {
    /// An atom: a keyword, a flag (`\Seen`), or a fetch item with its section (`BODY[HEADER]`).
    case atom(String)
    case number(UInt64)
    /// A quoted string or a literal, as bytes: a literal may carry 8-bit text in any charset.
    case string([UInt8])
    case `nil`
    case list([IMAPValue])

    /// The atom's text, uppercased, for matching keywords.
    public var keyword: String? {
        if case .atom(let text) = self { return text.uppercased() }
        return nil
    }

    /// A string's bytes as UTF-8 text (invalid bytes replaced), or an atom's text.
    public var text: String? {
        switch self {
        case .string(let bytes): String(decoding: bytes, as: UTF8.self)
        case .atom(let text): text
        default: nil
        }
    }
}

/// How a server answered a command, or what it said by itself.
public enum IMAPStatus: String, Equatable, Sendable {
    case ok = "OK", no = "NO", bad = "BAD", preauth = "PREAUTH", bye = "BYE"
}

/// The part of a status response in brackets (`[UIDVALIDITY 3857529045]`): its name and values.
public struct IMAPResponseCode: Equatable, Sendable {
    public var name: String
    public var values: [IMAPValue]

    public init(name: String, values: [IMAPValue] = []) {
        self.name = name
        self.values = values
    }
}

/// One whole response line (with the literals inside it).
public enum IMAPResponse: Equatable, Sendable {
    /// `A1 OK [code] text`: the end of command `tag`.
    case tagged(tag: String, status: IMAPStatus, code: IMAPResponseCode?, text: String)
    /// `* OK [code] text`, `* BYE text`: a status the server sends by itself.
    case untaggedStatus(status: IMAPStatus, code: IMAPResponseCode?, text: String)
    /// `* 23 EXISTS`, `* 12 FETCH (...)`, `* CAPABILITY ...`: data, as values.
    case untagged([IMAPValue])
    /// `+ text`: the server waits for the rest of the command (a literal, AUTHENTICATE, IDLE).
    case continuation(String)
}
