import Crypto
import CryptoExtras
import Foundation

/// DKIM signing (RFC 6376): rsa-sha256 with relaxed/relaxed canonicalization, of a message as
/// ``MIMEMessage/rendered()`` writes it. Pure code over the message text and the clock's time.
public struct DKIMSigner: Sendable {
    public let domain: String
    public let selector: String
    let key: _RSA.Signing.PrivateKey

    /// The headers signed when present, in this order; the rest may be added by relays.
    public static let signedHeaders = [
        "from", "to", "cc", "reply-to", "subject", "date", "message-id", "in-reply-to", "references", "list-unsubscribe",
        "list-unsubscribe-post", "mime-version", "content-type", "content-transfer-encoding",
    ]

    /// Named once more in `h=` (RFC 6376 8.15): a name with no instance left signs "absent", so a
    /// relay that adds a second From or a Cc breaks the signature instead of riding on it.
    public static let oversignedHeaders = ["from", "to", "cc", "reply-to", "subject", "date", "message-id"]

    /// - Parameter privateKeyPEM: an RSA key of at least 2,048 bits, PEM.
    public init(domain: String, selector: String, privateKeyPEM: String) throws {
        self.domain = domain
        self.selector = selector
        self.key = try _RSA.Signing.PrivateKey(pemRepresentation: privateKeyPEM)
    }

    /// A new 2,048-bit key: its PEM to keep (sealed) and the TXT value to publish at `selector._domainkey.domain`.
    public static func generateKey() throws -> (privateKeyPEM: String, dnsRecord: String) {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        return (key.pemRepresentation, "v=DKIM1; k=rsa; p=" + key.publicKey.derRepresentation.base64EncodedString())
    }

    /// The message with a `DKIM-Signature` header in front. - Parameter time: seconds since 1970 (`t=`).
    public func sign(_ message: String, time: Int64) throws -> String {
        let (headers, body) = Self.split(message)
        let bodyHash = Data(SHA256.hash(data: Self.relaxedBody(body))).base64EncodedString()
        let signed = Self.signedHeaders.compactMap { name in headers.last { $0.name.lowercased() == name } }
        let fields = [
            "v=1", "a=rsa-sha256", "c=relaxed/relaxed", "d=\(domain)", "s=\(selector)", "t=\(time)",
            "h=" + (signed.map { $0.name.lowercased() } + Self.oversignedHeaders).joined(separator: ":"), "bh=\(bodyHash)", "b=",
        ].joined(separator: "; ")
        var input = signed.map { Self.relaxedHeader($0.name, $0.value) + "\r\n" }.joined()
        input += Self.relaxedHeader("DKIM-Signature", fields)
        let signature = try key.signature(for: Data(input.utf8), padding: .insecurePKCS1v1_5)
        return "DKIM-Signature: " + fields + signature.rawRepresentation.base64EncodedString() + "\r\n" + message
    }

    /// Header lines (folded continuations joined to their header) and the body.
    static func split(_ message: String) -> (headers: [(name: String, value: String)], body: String) {
        // Only the header block is split into lines; the body is found by one byte search.
        let bytes = message.utf8
        var headerText = message
        var body = ""
        if let end = bytes.indices.first(where: { index in
            bytes[index] == 13 && bytes[index...].starts(with: [13, 10, 13, 10])
        }) {
            headerText = String(message[..<end])
            body = String(message[bytes.index(end, offsetBy: 4)...])
        }
        var headers: [(name: String, value: String)] = []
        for line in headerText.components(separatedBy: "\r\n") {
            if let first = line.first, first == " " || first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += "\r\n" + line
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        return (headers, body)
    }

    /// Relaxed header canonicalization: lowercase name, unfolded value, white space runs as one space, trimmed.
    static func relaxedHeader(_ name: String, _ value: String) -> String {
        let unfolded = value.replacingOccurrences(of: "\r\n", with: "")
        return name.lowercased().trimmingCharacters(in: .whitespaces) + ":" + collapsed(unfolded).trimmingCharacters(in: .whitespaces)
    }

    /// Relaxed body canonicalization: white space runs as one space, none at line ends, no empty
    /// lines at the end. Over bytes: it reads the whole body of every signed message.
    static func relaxedBody(_ body: String) -> [UInt8] {
        let bytes = Array(body.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 2)
        var pendingSpace = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 13, index + 1 < bytes.count, bytes[index + 1] == 10 {
                // A line ends: white space before it goes, the break stays.
                pendingSpace = false
                output += [13, 10]
                index += 2
                continue
            }
            if byte == 32 || byte == 9 {
                pendingSpace = true
            } else {
                if pendingSpace { output.append(32) }
                pendingSpace = false
                output.append(byte)
            }
            index += 1
        }
        // The last line, if it had no break of its own, gets one; then empty lines at the end go.
        if !output.isEmpty, !(output.count >= 2 && output[output.count - 2] == 13 && output[output.count - 1] == 10) { output += [13, 10] }
        while output.count >= 4, output.suffix(4).elementsEqual([13, 10, 13, 10]) { output.removeLast(2) }
        if output == [13, 10] { output = [] }
        return output
    }

    static func collapsed(_ text: String) -> String {
        var result = ""
        var inSpace = false
        for character in text {
            if character == " " || character == "\t" {
                if !inSpace { result.append(" ") }
                inSpace = true
            } else {
                result.append(character)
                inSpace = false
            }
        }
        return result
    }
}
