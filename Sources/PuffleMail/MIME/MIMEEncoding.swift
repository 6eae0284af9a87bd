import Foundation

/// The encodings a message needs (RFC 2045, RFC 2047), as pure functions over bytes and text.
public enum MIMEEncoding {
    /// Quoted-printable (RFC 2045 6.7) of UTF-8 text whose line breaks are CRLF: printable ASCII
    /// stays, everything else is `=XX`, lines are cut with soft breaks before 76 characters, and a
    /// space or tab before a line break is encoded so no transport can strip it.
    public static func quotedPrintable(_ text: String) -> String {
        var output = ""
        let lines = normalizedLineBreaks(text).components(separatedBy: "\r\n")
        for (index, line) in lines.enumerated() {
            var current = ""
            let bytes = Array(line.utf8)
            for (offset, byte) in bytes.enumerated() {
                let last = offset == bytes.count - 1
                let plain = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 32 || byte == 9) && !last)
                let piece = plain ? String(UnicodeScalar(byte)) : String(format: "=%02X", byte)
                if current.count + piece.count > 75 {
                    output += current + "=\r\n"
                    current = ""
                }
                current += piece
            }
            output += current
            if index < lines.count - 1 { output += "\r\n" }
        }
        return output
    }

    /// Base64 in lines of 76 characters, CRLF between them (RFC 2045 6.8).
    public static func base64Lines(_ data: [UInt8]) -> String {
        let encoded = Data(data).base64EncodedString()
        var lines: [Substring] = []
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(encoded[index..<end])
            index = end
        }
        return lines.joined(separator: "\r\n")
    }

    /// A header value as encoded words (RFC 2047) when it is not plain ASCII: `=?UTF-8?B?...?=`,
    /// each word at most 75 characters and never splitting a character.
    public static func encodedWords(_ text: String) -> String {
        let text = headerSafe(text)
        guard text.utf8.contains(where: { $0 >= 0x80 }) else { return text }
        var words: [String] = []
        var chunk: [UInt8] = []
        // 75 characters less `=?UTF-8?B?` and `?=` leave 63, so 60 of base64: 45 bytes of text a word.
        // Split between code points (RFC 2047 forbids splitting one), never inside.
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > 45 {
                words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=") }
        return words.joined(separator: " ")
    }

    /// Header text without control characters: a CR or LF in a name, an id or a subject would end
    /// the header and start one of the sender's choosing (a `Bcc:`). Each becomes a space.
    public static func headerSafe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
    }

    /// A msg-id's text (`left@right`) as a header may hold it: no white space, brackets or control characters.
    public static func messageIDSafe(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F && $0 != "<" && $0 != ">" }))
    }

    /// Every line break (`\n`, `\r`, `\r\n`) as CRLF.
    public static func normalizedLineBreaks(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
    }

    /// A header line folded at white space so no line passes 78 characters where it can be helped (RFC 5322 2.2.3).
    public static func folded(_ name: String, _ value: String) -> String {
        var lines: [String] = []
        var current = name + ":"
        for word in value.split(separator: " ", omittingEmptySubsequences: false) {
            if current.count + 1 + word.count > 78, current.count > name.count + 1 {
                lines.append(current)
                current = " " + word
            } else {
                current += " " + word
            }
        }
        lines.append(current)
        return lines.joined(separator: "\r\n")
    }

    /// A date as RFC 5322 writes it: `Thu, 03 Dec 2026 08:51:02 +0000`.
    public static func date(_ milliseconds: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }
}
