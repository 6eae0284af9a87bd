import Foundation
import PuffleCore

/// The encodings a message needs (RFC 2045, RFC 2047), as pure functions over bytes and text.
public enum MIMEEncoding {
    /// Quoted-printable (RFC 2045 6.7) of UTF-8 text whose line breaks are CRLF: printable ASCII
    /// stays, everything else is `=XX`, lines are cut with soft breaks before 76 characters, and a
    /// space or tab before a line break is encoded so no transport can strip it.
    public static func quotedPrintable(_ text: String) -> String {
        // Bytes in, bytes out: this runs for every part of every message a campaign sends, where
        // building a String per byte cost more than the rest of the message.
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        var lineLength = 0
        func put(_ piece: some Collection<UInt8>) {
            if lineLength + piece.count > 75 {
                output += [UInt8(ascii: "="), 13, 10]
                lineLength = 0
            }
            output += piece
            lineLength += piece.count
        }
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            // Any line break (CRLF, LF or CR) is a hard break: CRLF.
            if byte == 13 || byte == 10 {
                output += [13, 10]
                lineLength = 0
                index += byte == 13 && index + 1 < bytes.count && bytes[index + 1] == 10 ? 2 : 1
                continue
            }
            let next = index + 1 < bytes.count ? bytes[index + 1] : 10
            let endsLine = next == 13 || next == 10
            if (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 32 || byte == 9) && !endsLine) {
                put(CollectionOfOne(byte))
            } else {
                put([UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            }
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
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

    /// A msg-id's (or a URL's) text as a header may hold it: no white space, brackets or control
    /// characters, and ASCII only (anything else %-encoded as UTF-8): an 8-bit header needs
    /// SMTPUTF8 and would not survive every relay, or its DKIM signature.
    public static func messageIDSafe(_ text: String) -> String {
        var output = ""
        for scalar in text.unicodeScalars where scalar.value > 0x20 && scalar.value != 0x7F && scalar != "<" && scalar != ">" {
            if scalar.isASCII {
                output.unicodeScalars.append(scalar)
            } else {
                for byte in String(scalar).utf8 { output += "%" + String(byte, radix: 16, uppercase: true) }
            }
        }
        return output
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
            if current.utf8.count + 1 + word.utf8.count > 78, current.utf8.count > name.utf8.count + 1 {
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
        // Written by hand (a DateFormatter per message cost a tenth of rendering it).
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = Timestamp.civilDate(fromDays: Int(days))
        let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let weekday = weekdays[((Int(days) % 7) + 7) % 7]
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(weekday), \(two(day)) \(months[month - 1]) \(year) \(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60)) +0000"
    }
}
