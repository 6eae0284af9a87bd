import Foundation
import PuffleCore

/// An email message, built as pure code: nothing here does I/O, so it can be fuzzed and its output
/// read back by any MIME parser. Campaign sends, one-off emails and Unibox replies all render through it.
public struct MIMEMessage: Sendable {
    /// A file sent with the message.
    public struct Attachment: Sendable {
        public var filename: String
        public var contentType: String
        public var data: [UInt8]

        public init(filename: String, contentType: String, data: [UInt8]) {
            self.filename = filename
            self.contentType = contentType
            self.data = data
        }
    }

    /// One-click unsubscribe (RFC 2369, RFC 8058): a mailto and an HTTPS URL of this server.
    public struct Unsubscribe: Sendable {
        public var mailto: String
        public var url: String

        public init(mailto: String, url: String) {
            self.mailto = mailto
            self.url = url
        }
    }

    public var from: MailAddress
    public var to: [MailAddress]
    public var cc: [MailAddress] = []
    /// Envelope recipients only: never written into the headers.
    public var bcc: [MailAddress] = []
    public var replyTo: MailAddress?
    public var subject: String
    /// Milliseconds since 1970, from the injected clock.
    public var date: Int64
    /// Without angle brackets: `0193…@acme.com`. Deterministic for a send, so a retry is the same message.
    public var messageID: String
    public var inReplyTo: String?
    public var references: [String] = []
    public var text: String
    public var html: String?
    public var attachments: [Attachment] = []
    public var unsubscribe: Unsubscribe?

    public init(from: MailAddress, to: [MailAddress], subject: String, date: Int64, messageID: String, text: String, html: String? = nil) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.text = text
        self.html = html
    }

    /// The message as sent: headers, a blank line, the body; CRLF line breaks throughout.
    public func rendered() -> String {
        var headers: [(String, String)] = [
            ("From", from.headerValue), ("To", to.map(\.headerValue).joined(separator: ", ")),
        ]
        if !cc.isEmpty { headers.append(("Cc", cc.map(\.headerValue).joined(separator: ", "))) }
        if let replyTo { headers.append(("Reply-To", replyTo.headerValue)) }
        headers += [
            ("Subject", MIMEEncoding.encodedWords(subject)), ("Date", MIMEEncoding.date(date)), ("Message-ID", Self.msgID(messageID)),
        ]
        if let inReplyTo { headers.append(("In-Reply-To", Self.msgID(inReplyTo))) }
        if !references.isEmpty { headers.append(("References", references.map(Self.msgID).joined(separator: " "))) }
        if let unsubscribe {
            let mailto = MIMEEncoding.messageIDSafe(unsubscribe.mailto), url = MIMEEncoding.messageIDSafe(unsubscribe.url)
            headers.append(("List-Unsubscribe", "<mailto:\(mailto)>, <\(url)>"))
            headers.append(("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
        }
        headers.append(("MIME-Version", "1.0"))
        let (contentHeaders, body) = self.body()
        headers += contentHeaders
        return headers.map { MIMEEncoding.folded($0.0, $0.1) }.joined(separator: "\r\n") + "\r\n\r\n" + body
    }

    /// The content headers and body: text alone, text and HTML as alternatives, and attachments
    /// around either in a multipart/mixed.
    func body() -> ([(String, String)], String) {
        let textPart = Self.textPart(text, subtype: "plain")
        var content: (headers: [(String, String)], body: String) = textPart
        if let html {
            content = Self.multipart("alternative", boundary: boundary("alt"), parts: [textPart, Self.textPart(html, subtype: "html")])
        }
        guard !attachments.isEmpty else { return content }
        let files = attachments.map { file -> ([(String, String)], String) in
            let (name, disposition) = Self.fileName(file.filename)
            return (
                [
                    ("Content-Type", "\(MIMEEncoding.messageIDSafe(file.contentType)); name=\"\(name)\""), ("Content-Transfer-Encoding", "base64"),
                    ("Content-Disposition", "attachment; " + disposition),
                ],
                MIMEEncoding.base64Lines(file.data)
            )
        }
        return Self.multipart("mixed", boundary: boundary("mix"), parts: [content] + files)
    }

    /// A file name as parameters: quoted ASCII (quotes and backslashes escaped), and RFC 2231's
    /// `filename*=UTF-8''...` for any other name, with an ASCII stand-in for old readers.
    static func fileName(_ raw: String) -> (quoted: String, disposition: String) {
        let safe = MIMEEncoding.headerSafe(raw)
        let ascii = String(String.UnicodeScalarView(safe.unicodeScalars.map { $0.isASCII ? $0 : "_" }))
        let quoted = ascii.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        guard ascii != safe else { return (quoted, "filename=\"\(quoted)\"") }
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        let encoded = safe.addingPercentEncoding(withAllowedCharacters: allowed) ?? ascii
        return (quoted, "filename=\"\(quoted)\"; filename*=UTF-8''\(encoded)")
    }

    /// `<id>` with nothing in the id that could end the header or the brackets.
    static func msgID(_ id: String) -> String { "<" + MIMEEncoding.messageIDSafe(id) + ">" }

    static func textPart(_ text: String, subtype: String) -> ([(String, String)], String) {
        ([("Content-Type", "text/\(subtype); charset=utf-8"), ("Content-Transfer-Encoding", "quoted-printable")], MIMEEncoding.quotedPrintable(text))
    }

    static func multipart(_ subtype: String, boundary: String, parts: [([(String, String)], String)]) -> ([(String, String)], String) {
        var body = ""
        for (headers, content) in parts {
            body += "--\(boundary)\r\n" + headers.map { MIMEEncoding.folded($0.0, $0.1) }.joined(separator: "\r\n") + "\r\n\r\n" + content + "\r\n"
        }
        body += "--\(boundary)--\r\n"
        return ([("Content-Type", "multipart/\(subtype); boundary=\"\(boundary)\"")], body)
    }

    /// A boundary from the Message-ID, so the same message renders the same bytes (a DKIM signature
    /// and a resend after a crash agree). Quoted-printable and base64 bodies never hold `=_`.
    func boundary(_ kind: String) -> String {
        "=_puffle_\(kind)_" + String(StableHash.fnv1a(messageID + kind), radix: 16)
    }
}
