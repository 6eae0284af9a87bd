import Foundation

/// One MIME entity (RFC 2045/2046): a message or a part, with its children when it is multipart or
/// a message inside a message. Pure code over bytes, lenient: a missing closing boundary ends the
/// last part at the end of the bytes, and what cannot be read is noted in `problems`, never thrown.
public struct MIMEEntity: Sendable {
    public var headers: MIMEHeaders
    /// Content-Type, `text/plain; charset=us-ascii` when absent (`message/rfc822` inside a digest).
    public var contentType: MIMEFieldValue
    /// The body as it stands in the message, still transfer-encoded.
    public var rawBody: ArraySlice<UInt8>
    public var children: [MIMEEntity]
    /// What could not be read as it should be (a closing boundary that never came, nesting too deep).
    public var problems: [String]

    /// Parts inside parts deeper than this are kept as leaves.
    static let maxDepth = 32

    public init(_ bytes: [UInt8]) {
        self.init(bytes[...], depth: 0, defaultType: "text/plain")
    }

    init(_ bytes: ArraySlice<UInt8>, depth: Int, defaultType: String) {
        let (headers, bodyStart) = MIMEHeaders.parse(bytes)
        self.headers = headers
        contentType = MIMEFieldValue(headers["Content-Type"] ?? defaultType)
        if !contentType.value.contains("/") { contentType = MIMEFieldValue("text/plain; charset=us-ascii") }
        rawBody = bytes[bodyStart...]
        children = []
        problems = []
        guard depth < Self.maxDepth else {
            if contentType.value.hasPrefix("multipart/") { problems.append("parts nested deeper than \(Self.maxDepth) levels are kept whole") }
            return
        }
        if contentType.value.hasPrefix("multipart/") {
            guard let boundary = contentType.parameters["boundary"], !boundary.isEmpty else {
                problems.append("a multipart without a boundary is read as text")
                contentType = MIMEFieldValue("text/plain; charset=us-ascii")
                return
            }
            let (parts, closed) = Self.split(rawBody, boundary: Array(boundary.utf8))
            if !closed { problems.append("the closing boundary of \(contentType.value) never came") }
            let childType = contentType.value == "multipart/digest" ? "message/rfc822" : "text/plain"
            children = parts.map { MIMEEntity($0, depth: depth + 1, defaultType: childType) }
        } else if contentType.value == "message/rfc822" || contentType.value == "message/global" {
            let inner = MIMEDecoding.transfer(rawBody, encoding: headers["Content-Transfer-Encoding"])
            children = [MIMEEntity(inner[...], depth: depth + 1, defaultType: "text/plain")]
        }
    }

    /// The body decoded from its transfer encoding.
    public var decodedBody: [UInt8] {
        MIMEDecoding.transfer(rawBody, encoding: headers["Content-Transfer-Encoding"])
    }

    /// A text part's body as text, in its charset; line breaks as LF.
    public var text: String {
        let text = MIMEDecoding.text(decodedBody, charset: contentType.parameters["charset"])
        return text.contains("\r") ? text.replacingOccurrences(of: "\r\n", with: "\n") : text
    }

    /// The parts between `--boundary` lines. A delimiter line starts at a line's start, may carry
    /// whitespace after it, and `--boundary--` closes; the line break before a delimiter is the delimiter's.
    static func split(_ body: ArraySlice<UInt8>, boundary: [UInt8]) -> (parts: [ArraySlice<UInt8>], closed: Bool) {
        let delimiter = [UInt8(ascii: "-"), UInt8(ascii: "-")] + boundary
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var lineStart = body.startIndex
        while lineStart < body.endIndex {
            var lineEnd = lineStart
            while lineEnd < body.endIndex, body[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            if body[lineStart...].starts(with: delimiter) {
                var after = lineStart + delimiter.count
                let closing = after + 1 < lineEnd && body[after] == UInt8(ascii: "-") && body[after + 1] == UInt8(ascii: "-")
                if closing { after += 2 }
                if body[after..<lineEnd].allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) {
                    if let start = partStart {
                        var end = lineStart
                        // The CRLF (or LF) before the delimiter belongs to it.
                        if end > start, body[end - 1] == UInt8(ascii: "\n") { end -= 1 }
                        if end > start, body[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                        parts.append(body[start..<end])
                    }
                    if closing { return (parts, true) }
                    partStart = lineEnd < body.endIndex ? lineEnd + 1 : lineEnd
                }
            }
            lineStart = lineEnd < body.endIndex ? lineEnd + 1 : lineEnd
        }
        if let start = partStart, start < body.endIndex { parts.append(body[start...]) }
        return (parts, false)
    }

    /// Every entity of the tree, this one first, depth first.
    public var flattened: [MIMEEntity] {
        [self] + children.flatMap(\.flattened)
    }

    /// `attachment` or `inline`, lowercased, when a Content-Disposition says.
    public var disposition: MIMEFieldValue? {
        headers["Content-Disposition"].map(MIMEFieldValue.init)
    }

    /// The file name from Content-Disposition's `filename`, else Content-Type's `name`, encoded words decoded.
    public var fileName: String? {
        (disposition?.parameters["filename"] ?? contentType.parameters["name"]).map {
            MIMEDecoding.encodedWords($0).trimmingCharacters(in: .whitespaces)
        }
    }
}
