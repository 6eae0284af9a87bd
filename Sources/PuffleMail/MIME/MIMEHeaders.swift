import Foundation

/// A message's or part's header fields, unfolded, in order. Raw 8-bit header bytes are read as
/// UTF-8 when they are, else as ISO-8859-1 (RFC 6532 mail, and the many that break RFC 5322).
public struct MIMEHeaders: Sendable {
    public var fields: [(name: String, value: String)]

    public init(fields: [(name: String, value: String)] = []) {
        self.fields = fields
    }

    /// The first field of that name (any case), raw.
    public subscript(_ name: String) -> String? {
        fields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// Every field of that name, raw, in order.
    public func all(_ name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
    }

    /// The first field of that name with its encoded words decoded and whitespace collapsed.
    public func text(_ name: String) -> String? {
        self[name].map { MIMEDecoding.encodedWords($0).trimmingCharacters(in: .whitespaces) }
    }

    /// Reads header lines up to the first empty line; answers the fields and where the body starts.
    static func parse(_ bytes: ArraySlice<UInt8>) -> (MIMEHeaders, bodyStart: Int) {
        var fields: [(name: String, value: String)] = []
        var index = bytes.startIndex
        var current: [UInt8] = []
        func finish() {
            defer { current = [] }
            guard let colon = current.firstIndex(of: UInt8(ascii: ":")) else { return }
            let name = String(decoding: current[..<colon], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, !name.contains(" ") else { return }
            let value = headerText(current[(colon + 1)...]).trimmingCharacters(in: .whitespaces)
            fields.append((name, value))
        }
        while index < bytes.endIndex {
            var end = index
            while end < bytes.endIndex, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            var line = bytes[index..<end]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            index = end < bytes.endIndex ? end + 1 : end
            if line.isEmpty { break }
            if line.first == UInt8(ascii: " ") || line.first == UInt8(ascii: "\t") {
                // Unfolding (RFC 5322 2.2.3): the line break goes, the whitespace stays.
                current += line
            } else {
                finish()
                current = Array(line)
            }
        }
        finish()
        return (MIMEHeaders(fields: fields), index)
    }

    static func headerText(_ bytes: ArraySlice<UInt8>) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }
}

/// A Content-Type or Content-Disposition value: `text/plain; charset="utf-8"`, with RFC 2231
/// parameters (`filename*=utf-8''%C3%A9t%C3%A9.pdf`, `name*0=...; name*1=...`) joined and decoded.
public struct MIMEFieldValue: Sendable, Equatable {
    /// The part before the first `;`, lowercased: `text/plain`, `attachment`.
    public var value: String
    /// Parameters by lowercased name.
    public var parameters: [String: String]

    public init(_ raw: String) {
        let pieces = Self.split(raw)
        value = (pieces.first ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        var plain: [String: String] = [:]
        var sections: [String: [(index: Int, extended: Bool, text: String)]] = [:]
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            var name = piece[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var text = piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = Self.unquoted(text.dropFirst().dropLast()) }
            let extended = name.hasSuffix("*")
            if extended { name.removeLast() }
            if let star = name.firstIndex(of: "*"), let number = Int(name[name.index(after: star)...]) {
                sections[String(name[..<star]), default: []].append((number, extended, text))
            } else if extended {
                sections[name, default: []].append((0, true, text))
            } else {
                plain[name] = text
            }
        }
        for (name, parts) in sections {
            plain[name] = Self.joined(parts.sorted { $0.index < $1.index })
        }
        parameters = plain
    }

    /// RFC 2231: the first extended section may start `charset'language'`; every extended section is
    /// percent-encoded in that charset, the others are as they stand.
    static func joined(_ parts: [(index: Int, extended: Bool, text: String)]) -> String {
        var charset: String?
        var bytes: [UInt8] = []
        for (position, part) in parts.enumerated() {
            var text = Substring(part.text)
            if part.extended {
                if position == 0 {
                    let quotes = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                    if quotes.count == 3 {
                        charset = String(quotes[0])
                        text = quotes[2]
                    }
                }
                bytes += MIMEDecoding.percentDecoded(text)
            } else {
                bytes += Array(text.utf8)
            }
        }
        return MIMEDecoding.text(bytes, charset: charset ?? "utf-8")
    }

    /// Splits at `;` outside quoted strings.
    static func split(_ raw: String) -> [Substring] {
        var pieces: [Substring] = []
        var start = raw.startIndex
        var inQuotes = false
        var escaped = false
        for index in raw.indices {
            let character = raw[index]
            if escaped {
                escaped = false
            } else if character == "\\" && inQuotes {
                escaped = true
            } else if character == "\"" {
                inQuotes.toggle()
            } else if character == ";" && !inQuotes {
                pieces.append(raw[start..<index])
                start = raw.index(after: index)
            }
        }
        pieces.append(raw[start...])
        return pieces
    }

    static func unquoted(_ text: Substring) -> String {
        var result = ""
        var escaped = false
        for character in text {
            if escaped || character != "\\" {
                result.append(character)
                escaped = false
            } else {
                escaped = true
            }
        }
        return result
    }
}
