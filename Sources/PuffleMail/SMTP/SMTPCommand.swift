import Foundation

/// What an EHLO answer says the server can do.
public struct SMTPCapabilities: Equatable, Sendable {
    public var pipelining = false
    public var startTLS = false
    public var authMechanisms: Set<String> = []
    /// The largest message it accepts, in bytes, when it says.
    public var maxSize: Int?

    public init(ehlo reply: SMTPReply) {
        for line in reply.lines.dropFirst() {
            let words = line.uppercased().split(separator: " ").map(String.init)
            switch words.first {
            case "PIPELINING": pipelining = true
            case "STARTTLS": startTLS = true
            case "AUTH": authMechanisms.formUnion(words.dropFirst())
            case "SIZE": maxSize = words.count > 1 ? Int(words[1]) : nil
            default: continue
            }
        }
    }
}

/// How one message's send ended. Campaign sending keys its exactly-once rule on these: only
/// `unknown` can hide a delivery, so it is never resent blindly.
public enum SMTPOutcome: Equatable, Sendable {
    /// The server took the message; its queue id when it named one.
    case accepted(queueId: String?)
    /// 5xx: a bounce; the address (or the message) will not be accepted.
    case permanent(SMTPReply)
    /// 4xx before the message was taken: try again later.
    case transient(SMTPReply)
    /// The connection ended after the final dot and before a reply: the message may have been delivered.
    case unknown(String)

    /// The outcome of a reply to the final dot of DATA: 2xx accepted, 4xx transient, 5xx permanent;
    /// anything else says nothing sure about delivery, so it is `unknown` and never resent.
    public static func afterData(_ reply: SMTPReply) -> SMTPOutcome {
        switch reply.code {
        case 200..<300: .accepted(queueId: queueId(in: reply.text))
        case 400..<500: .transient(reply)
        case 500..<600: .permanent(reply)
        default: .unknown("reply \(reply.code) to the end of the message: \(reply.text)")
        }
    }

    /// The outcome when a command before DATA is refused (MAIL FROM, RCPT TO): nothing was sent.
    public static func refused(_ reply: SMTPReply) -> SMTPOutcome {
        reply.isPermanent ? .permanent(reply) : .transient(reply)
    }

    /// `queued as 4F2A1` (Postfix), `OK id=1x2y3z` (Exim), `<id> Queued` and similar: the token a server names its queue entry by.
    static func queueId(in text: String) -> String? {
        let words = text.split(separator: " ").map(String.init)
        if let index = words.firstIndex(where: { $0.lowercased() == "as" }), index + 1 < words.count { return trim(words[index + 1]) }
        if let word = words.first(where: { $0.lowercased().hasPrefix("id=") }) { return trim(String(word.dropFirst(3))) }
        return nil
    }

    private static func trim(_ word: String) -> String {
        word.trimmingCharacters(in: CharacterSet(charactersIn: "<>.,;"))
    }
}

/// The commands of a send as text: addresses checked so nothing can end or bend a command line.
public enum SMTPCommand {
    /// Why an address cannot go into a command.
    public struct UnsafeAddress: Error, Equatable {
        public var address: String
    }

    public static func mailFrom(_ address: String) throws -> String { "MAIL FROM:<\(try checked(address))>" }
    public static func rcptTo(_ address: String) throws -> String { "RCPT TO:<\(try checked(address))>" }

    /// `AUTH PLAIN` with the initial response (RFC 4616): base64 of `\0user\0password`.
    public static func authPlain(username: String, password: String) -> String {
        "AUTH PLAIN " + Data(([0] + Array(username.utf8) + [0] + Array(password.utf8))).base64EncodedString()
    }

    /// The two answers of `AUTH LOGIN`: the user name, then the password, each base64.
    public static func authLogin(username: String, password: String) -> [String] {
        [Data(username.utf8).base64EncodedString(), Data(password.utf8).base64EncodedString()]
    }

    /// A message as DATA sends it (RFC 5321 4.5.2): lines starting with `.` get another, CRLF line
    /// breaks, and the final `CRLF.CRLF`.
    public static func data(_ message: String) -> String {
        // One pass over the bytes: it runs on every message sent, where splitting and joining
        // strings cost as much as the rest of the send.
        var output: [UInt8] = []
        output.reserveCapacity(message.utf8.count + 64)
        var lineStart = true
        var previousCR = false
        for byte in message.utf8 {
            if byte == 10 {
                if !previousCR { output += [13, 10] }
                previousCR = false
                lineStart = true
                continue
            }
            if previousCR { lineStart = true }
            previousCR = false
            if byte == 13 {
                output += [13, 10]
                previousCR = true
                continue
            }
            if lineStart, byte == UInt8(ascii: ".") { output.append(UInt8(ascii: ".")) }
            lineStart = false
            output.append(byte)
        }
        if !(output.count >= 2 && output[output.count - 2] == 13 && output[output.count - 1] == 10) { output += [13, 10] }
        output += [UInt8(ascii: "."), 13, 10]
        return String(decoding: output, as: UTF8.self)
    }

    static func checked(_ address: String) throws -> String {
        guard !address.isEmpty, address.utf8.count <= 254,
            address.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") })
        else { throw UnsafeAddress(address: address) }
        return address
    }
}
