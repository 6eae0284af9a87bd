import Foundation

/// `multipart/form-data` (RFC 7578) read from a whole body, as pure code: parts with their name,
/// file name, type and bytes. Anything malformed is an error, never a crash.
public enum MultipartForm {
    public struct Part: Sendable, Equatable {
        public var name: String
        public var filename: String?
        public var contentType: String?
        public var data: [UInt8]
    }

    public struct Malformed: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// The boundary a `Content-Type: multipart/form-data; boundary=...` value names.
    public static func boundary(contentType: String) -> String? {
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
        for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("boundary=") {
            var value = String(parameter.dropFirst("boundary=".count))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    /// The parts of a body. - Throws: ``Malformed`` when there is no closing boundary or a part has no headers.
    public static func parse(_ body: [UInt8], boundary: String) throws -> [Part] {
        let delimiter = Array(("--" + boundary).utf8)
        var positions: [Int] = []
        var index = 0
        while let found = find(delimiter, in: body, from: index) {
            positions.append(found)
            index = found + delimiter.count
        }
        guard positions.count >= 2 else { throw Malformed(description: "no part between two boundaries --\(boundary)") }
        var parts: [Part] = []
        for (start, end) in zip(positions, positions.dropFirst()) {
            var from = start + delimiter.count
            // The delimiter line ends with CRLF (or LF); "--" after the last one closes the body.
            if from + 1 < body.count, body[from] == UInt8(ascii: "-"), body[from + 1] == UInt8(ascii: "-") { break }
            from = skipLineBreak(body, from)
            var to = end
            // The line break before the next delimiter belongs to the delimiter.
            if to > from, body[to - 1] == UInt8(ascii: "\n") { to -= 1 }
            if to > from, body[to - 1] == UInt8(ascii: "\r") { to -= 1 }
            let chunk = Array(body[from..<max(from, to)])
            parts.append(try part(chunk))
        }
        return parts
    }

    static func part(_ chunk: [UInt8]) throws -> Part {
        let (headerEnd, bodyStart): (Int, Int)
        if let crlf = find(Array("\r\n\r\n".utf8), in: chunk, from: 0) {
            (headerEnd, bodyStart) = (crlf, crlf + 4)
        } else if let lf = find(Array("\n\n".utf8), in: chunk, from: 0) {
            (headerEnd, bodyStart) = (lf, lf + 2)
        } else {
            throw Malformed(description: "a part has no blank line after its headers")
        }
        let headers = String(decoding: chunk[..<headerEnd], as: UTF8.self)
        var name: String?
        var filename: String?
        var contentType: String?
        for line in headers.split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if key == "content-type" { contentType = value }
            if key == "content-disposition" {
                name = parameter("name", in: value)
                filename = parameter("filename", in: value)
            }
        }
        guard let name else { throw Malformed(description: "a part has no Content-Disposition name") }
        return Part(name: name, filename: filename, contentType: contentType, data: Array(chunk[min(bodyStart, chunk.count)...]))
    }

    /// A parameter of a header value: `name="file"` or `name=file`.
    static func parameter(_ key: String, in value: String) -> String? {
        for piece in value.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let equals = piece.firstIndex(of: "="), piece[..<equals].lowercased() == key else { continue }
            var text = String(piece[piece.index(after: equals)...])
            if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
            return text
        }
        return nil
    }

    static func skipLineBreak(_ bytes: [UInt8], _ index: Int) -> Int {
        var at = index
        while at < bytes.count, bytes[at] == UInt8(ascii: " ") || bytes[at] == UInt8(ascii: "\t") { at += 1 }
        if at < bytes.count, bytes[at] == UInt8(ascii: "\r") { at += 1 }
        if at < bytes.count, bytes[at] == UInt8(ascii: "\n") { at += 1 }
        return at
    }

    /// The first position of `needle` in `haystack` at or after `start`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
