import Foundation

/// The commands the Unibox's IMAP client sends (RFC 9051 section 6), written as bytes by pure code.
public enum IMAPCommand: Equatable, Sendable {
    case capability
    case startTLS
    case login(user: String, password: String)
    /// AUTHENTICATE PLAIN with the initial response (RFC 4959), for servers that disable LOGIN.
    case authenticatePlain(user: String, password: String)
    case select(mailbox: String)
    /// `UID SEARCH UID from:*`: every message whose UID is `from` or more.
    case uidSearch(fromUID: UInt32)
    /// `UID FETCH set (items)`, e.g. `UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[]`.
    case uidFetch(uids: [UInt32], items: String)
    case idle
    case logout

    /// The command's bytes, split where the server must answer `+` before the rest is sent (a
    /// synchronizing literal). With `literalPlus` (RFC 7888) literals do not wait: one segment.
    public func segments(tag: String, literalPlus: Bool = false) -> [[UInt8]] {
        var writer = Writer(literalPlus: literalPlus)
        writer.raw(tag + " ")
        switch self {
        case .capability: writer.raw("CAPABILITY")
        case .startTLS: writer.raw("STARTTLS")
        case .login(let user, let password):
            writer.raw("LOGIN ")
            writer.astring(user)
            writer.raw(" ")
            writer.astring(password)
        case .authenticatePlain(let user, let password):
            let response = Data("\0\(user)\0\(password)".utf8)
            writer.raw("AUTHENTICATE PLAIN " + response.base64EncodedString())
        case .select(let mailbox):
            writer.raw("SELECT ")
            writer.astring(mailbox)
        case .uidSearch(let from):
            writer.raw("UID SEARCH UID \(max(1, from)):*")
        case .uidFetch(let uids, let items):
            writer.raw("UID FETCH \(Self.sequenceSet(uids)) (\(items))")
        case .idle: writer.raw("IDLE")
        case .logout: writer.raw("LOGOUT")
        }
        writer.raw("\r\n")
        return writer.finished()
    }

    /// `1:3,7,9:10` from UIDs in any order.
    static func sequenceSet(_ uids: [UInt32]) -> String {
        let sorted = Array(Set(uids)).sorted()
        var ranges: [String] = []
        var index = 0
        while index < sorted.count {
            var end = index
            while end + 1 < sorted.count, sorted[end + 1] == sorted[end] + 1 { end += 1 }
            ranges.append(end == index ? "\(sorted[index])" : "\(sorted[index]):\(sorted[end])")
            index = end + 1
        }
        return ranges.joined(separator: ",")
    }
}

/// Builds a command's segments.
private struct Writer {
    let literalPlus: Bool
    private var segments: [[UInt8]] = []
    private var current: [UInt8] = []

    init(literalPlus: Bool) {
        self.literalPlus = literalPlus
    }

    mutating func raw(_ text: String) {
        current += Array(text.utf8)
    }

    /// An atom when every byte may stand in one, a quoted string when it is 7-bit text on one line,
    /// a literal otherwise (8-bit, CR, LF, NUL-free bytes of any kind).
    mutating func astring(_ text: String) {
        let bytes = Array(text.utf8)
        let special = Set("(){ %*\"\\]".utf8)
        if !bytes.isEmpty, bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !special.contains($0) }) {
            current += bytes
        } else if bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            current.append(UInt8(ascii: "\""))
            for byte in bytes {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { current.append(UInt8(ascii: "\\")) }
                current.append(byte)
            }
            current.append(UInt8(ascii: "\""))
        } else {
            current += Array("{\(bytes.count)\(literalPlus ? "+" : "")}\r\n".utf8)
            if !literalPlus {
                segments.append(current)
                current = []
            }
            current += bytes
        }
    }

    mutating func finished() -> [[UInt8]] {
        segments + [current]
    }
}
