import Foundation

/// Decoding what RFC 2045-2047 encode: transfer encodings, charsets and encoded words. Pure code
/// over bytes, lenient as mail readers are: a broken sequence is kept as it stands, never thrown.
public enum MIMEDecoding {
    /// Base64 with line breaks and stray characters skipped and missing padding forgiven.
    public static func base64(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 3 / 4)
        var quad: UInt32 = 0
        var count = 0
        for byte in bytes {
            let value: UInt32
            switch byte {
            case 65...90: value = UInt32(byte - 65)
            case 97...122: value = UInt32(byte - 71)
            case 48...57: value = UInt32(byte) + 4
            case 43: value = 62
            case 47: value = 63
            default: continue
            }
            quad = quad << 6 | value
            count += 1
            if count == 4 {
                output += [UInt8(quad >> 16 & 0xFF), UInt8(quad >> 8 & 0xFF), UInt8(quad & 0xFF)]
                quad = 0
                count = 0
            }
        }
        if count == 3 {
            output += [UInt8(quad >> 10 & 0xFF), UInt8(quad >> 2 & 0xFF)]
        } else if count == 2 {
            output.append(UInt8(quad >> 4 & 0xFF))
        }
        return output
    }

    /// Quoted-printable: `=XX` escapes and `=` soft line breaks (CRLF or LF); an `=` that starts
    /// neither is kept as it is. With `underscoresAreSpaces`, the Q of encoded words.
    public static func quotedPrintable(_ bytes: some Collection<UInt8>, underscoresAreSpaces: Bool = false) -> [UInt8] {
        let input = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "="), index + 1 < input.count {
                if input[index + 1] == UInt8(ascii: "\n") {
                    index += 2
                    continue
                }
                if input[index + 1] == UInt8(ascii: "\r"), index + 2 < input.count, input[index + 2] == UInt8(ascii: "\n") {
                    index += 3
                    continue
                }
                if index + 2 < input.count, let high = hex(input[index + 1]), let low = hex(input[index + 2]) {
                    output.append(high << 4 | low)
                    index += 3
                    continue
                }
                // Trailing whitespace after a soft break's `=` is padding added in transit.
                var probe = index + 1
                while probe < input.count, input[probe] == UInt8(ascii: " ") || input[probe] == UInt8(ascii: "\t") { probe += 1 }
                if probe < input.count, input[probe] == UInt8(ascii: "\n") || input[probe] == UInt8(ascii: "\r") {
                    index = input[probe] == UInt8(ascii: "\r") && probe + 1 < input.count && input[probe + 1] == UInt8(ascii: "\n") ? probe + 2 : probe + 1
                    continue
                }
            } else if byte == UInt8(ascii: "="), index + 1 == input.count {
                break
            }
            output.append(underscoresAreSpaces && byte == UInt8(ascii: "_") ? UInt8(ascii: " ") : byte)
            index += 1
        }
        return output
    }

    static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 65...70: byte - 55
        case 97...102: byte - 87
        default: nil
        }
    }

    /// A body's bytes by its Content-Transfer-Encoding (7bit, 8bit and binary as they are).
    public static func transfer(_ bytes: some Collection<UInt8>, encoding: String?) -> [UInt8] {
        switch encoding?.trimmingCharacters(in: .whitespaces).lowercased() {
        case "base64": base64(bytes)
        case "quoted-printable": quotedPrintable(bytes)
        default: Array(bytes)
        }
    }

    /// Text from bytes in a named charset: single-byte charsets by table, UTF-8, UTF-16 and the
    /// Japanese encodings by Foundation; anything unknown or not valid in its charset falls back to UTF-8
    /// when the bytes are UTF-8, else ISO-8859-1 (every byte a character), as mail readers do.
    public static func text(_ bytes: [UInt8], charset: String?) -> String {
        let name = (charset ?? "us-ascii").trimmingCharacters(in: CharacterSet(charactersIn: "\" ")).lowercased()
        if let singleByte = SingleByteCharset.named(name) { return singleByte.decode(bytes) }
        if let encoding = encoding(named: name), let text = String(bytes: bytes, encoding: encoding) { return text }
        if let utf8 = String(validating: bytes, as: UTF8.self) { return utf8 }
        return String(bytes.map { Character(Unicode.Scalar($0)) })
    }

    static func encoding(named name: String) -> String.Encoding? {
        switch name {
        case "utf-8", "utf8": .utf8
        case "us-ascii", "ascii", "ansi_x3.4-1968": .utf8  // a mislabelled 8-bit byte is then still read as UTF-8
        case "iso-8859-1", "latin1", "iso_8859-1", "l1": .isoLatin1
        case "utf-16", "utf16": .utf16
        case "utf-16be": .utf16BigEndian
        case "utf-16le": .utf16LittleEndian
        case "shift_jis", "shift-jis", "sjis": .shiftJIS
        case "euc-jp": .japaneseEUC
        case "iso-2022-jp": .iso2022JP
        default: nil
        }
    }

    /// A header value with its RFC 2047 encoded words (`=?utf-8?Q?Caf=C3=A9?=`) decoded; the
    /// whitespace between two adjacent encoded words is dropped, as the RFC says.
    public static func encodedWords(_ value: String) -> String {
        guard value.contains("=?") else { return value }
        var result = ""
        var rest = Substring(value)
        var pendingSpace = ""
        var lastWasEncoded = false
        while !rest.isEmpty {
            if rest.hasPrefix("=?"), let (decoded, after) = encodedWord(rest) {
                if !lastWasEncoded { result += pendingSpace }
                pendingSpace = ""
                result += decoded
                rest = after
                lastWasEncoded = true
                continue
            }
            let character = rest.removeFirst()
            if character == " " || character == "\t" {
                pendingSpace.append(character)
            } else {
                result += pendingSpace
                pendingSpace = ""
                result.append(character)
                lastWasEncoded = false
            }
        }
        return result + pendingSpace
    }

    /// One `=?charset?enc?text?=` at the start of `text`, and what follows it.
    static func encodedWord(_ text: Substring) -> (String, Substring)? {
        // RFC 2047 caps a word at 75 characters; looking further for its end would make a long
        // header of stray `=?` quadratic.
        let body = text.dropFirst(2).prefix(512)
        let pieces = body.split(separator: "?", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3, let end = pieces[2].range(of: "?=") else { return nil }
        let charset = pieces[0].split(separator: "*").first.map(String.init) ?? ""  // RFC 2231 adds *language
        let payload = pieces[2][..<end.lowerBound]
        guard !payload.contains(" ") else { return nil }
        let bytes: [UInt8]
        switch pieces[1].lowercased() {
        case "b": bytes = base64(Array(payload.utf8))
        case "q": bytes = quotedPrintable(Array(payload.utf8), underscoresAreSpaces: true)
        default: return nil
        }
        return (Self.text(bytes, charset: charset), text[end.upperBound...])
    }

    /// `%XX` escapes of an RFC 2231 extended value.
    static func percentDecoded(_ text: Substring) -> [UInt8] {
        let input = Array(text.utf8)
        var output: [UInt8] = []
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "%"), index + 2 < input.count, let high = hex(input[index + 1]), let low = hex(input[index + 2]) {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(input[index])
                index += 1
            }
        }
        return output
    }
}
