import Foundation

/// An inbound message as the Unibox reads it: who wrote to whom, which messages it answers, its
/// text and HTML, its files, and, for a delivery status notification, what failed for whom.
public struct ReceivedMail: Sendable {
    /// A file that came with the message.
    public struct Attachment: Sendable {
        public var fileName: String
        public var contentType: String
        public var data: [UInt8]
    }

    /// One recipient's block of a delivery status notification (RFC 3464).
    public struct DeliveryStatus: Sendable, Equatable {
        public var recipient: String?
        /// `failed`, `delayed`, `delivered`, `relayed`, `expanded`.
        public var action: String?
        /// `5.1.1`.
        public var status: String?
        public var diagnostic: String?

        public init(recipient: String?, action: String?, status: String?, diagnostic: String?) {
            self.recipient = recipient
            self.action = action
            self.status = status
            self.diagnostic = diagnostic
        }
    }

    public var headers: MIMEHeaders
    public var messageID: String?
    public var inReplyTo: [String]
    public var references: [String]
    public var from: MailAddress?
    public var to: [MailAddress]
    public var cc: [MailAddress]
    public var subject: String?
    /// Milliseconds since 1970, from the Date header.
    public var date: Int64?
    public var text: String?
    public var html: String?
    public var attachments: [Attachment]
    public var deliveryStatuses: [DeliveryStatus]
    /// The Message-IDs of messages returned inside this one (a bounce quoting what it could not deliver).
    public var returnedMessageIDs: [String]
    public var problems: [String]

    public init(_ bytes: [UInt8]) {
        let root = MIMEEntity(bytes)
        headers = root.headers
        messageID = Self.messageIDs(headers["Message-ID"]).first
        inReplyTo = Self.messageIDs(headers["In-Reply-To"])
        references = Self.messageIDs(headers.all("References").joined(separator: " "))
        from = headers["From"].flatMap { MailAddressList.parse($0).first }
        to = headers.all("To").flatMap(MailAddressList.parse)
        cc = headers.all("Cc").flatMap(MailAddressList.parse)
        subject = headers.text("Subject")
        date = headers["Date"].flatMap(MailDate.parse)
        var text: String?, html: String?
        var attachments: [Attachment] = []
        var statuses: [DeliveryStatus] = []
        var returned: [String] = []
        var problems: [String] = []
        Self.walk(root, inReport: false) { entity, returnedPart in
            problems += entity.problems
            let type = entity.contentType.value
            if returnedPart {
                if let id = Self.messageIDs(entity.headers["Message-ID"]).first, !returned.contains(id) { returned.append(id) }
                return
            }
            if type == "message/delivery-status" || type == "message/global-delivery-status" {
                statuses += Self.deliveryStatuses(entity.decodedBody)
                return
            }
            if type == "text/rfc822-headers" {
                let (inner, _) = MIMEHeaders.parse(entity.decodedBody[...])
                if let id = Self.messageIDs(inner["Message-ID"]).first, !returned.contains(id) { returned.append(id) }
                return
            }
            if type == "message/rfc822" || type == "message/global" {
                let name = entity.children.first?.headers.text("Subject").map { $0 + ".eml" } ?? "forwarded.eml"
                attachments.append(Attachment(fileName: entity.fileName ?? name, contentType: type, data: entity.decodedBody))
                return
            }
            guard entity.children.isEmpty else { return }
            let isAttachment = entity.disposition?.value == "attachment" || (entity.fileName != nil && !type.hasPrefix("text/"))
            if !isAttachment, type == "text/plain", text == nil {
                text = entity.text
            } else if !isAttachment, type == "text/html", html == nil {
                html = entity.text
            } else if isAttachment || !type.hasPrefix("text/") {
                attachments.append(Attachment(fileName: entity.fileName ?? "attachment", contentType: type, data: entity.decodedBody))
            }
        }
        self.text = text
        self.html = html
        self.attachments = attachments
        deliveryStatuses = statuses
        returnedMessageIDs = returned
        self.problems = problems
    }

    /// Visits the tree. Inside a `multipart/report`, a `message/rfc822` part is the returned message
    /// (visited as such, its parts not read as ours); elsewhere it is a forwarded email, kept as an
    /// `.eml` attachment.
    static func walk(_ entity: MIMEEntity, inReport: Bool, visit: (MIMEEntity, Bool) -> Void) {
        let isMessage = entity.contentType.value == "message/rfc822" || entity.contentType.value == "message/global"
        if isMessage, inReport, let inner = entity.children.first {
            visit(inner, true)
            return
        }
        visit(entity, false)
        guard !isMessage else { return }
        let report = inReport || entity.contentType.value == "multipart/report"
        for child in entity.children { walk(child, inReport: report, visit: visit) }
    }

    /// The `<id>` values of a Message-ID, In-Reply-To or References field, brackets dropped.
    static func messageIDs(_ value: String?) -> [String] {
        guard let value else { return [] }
        var ids: [String] = []
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            let id = rest[rest.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
            if !id.isEmpty { ids.append(id) }
            rest = rest[rest.index(after: close)...]
        }
        if ids.isEmpty {
            // Some mailers leave the brackets off.
            let bare = value.trimmingCharacters(in: .whitespaces)
            if bare.contains("@"), !bare.contains(" ") { ids.append(bare) }
        }
        return ids
    }

    /// The per-recipient blocks of a `message/delivery-status` body: groups of fields split by empty lines.
    static func deliveryStatuses(_ body: [UInt8]) -> [DeliveryStatus] {
        var statuses: [DeliveryStatus] = []
        var rest = body[...]
        var first = true
        while !rest.isEmpty {
            let (fields, next) = MIMEHeaders.parse(rest)
            rest = rest[next...]
            defer { first = false }
            guard !fields.fields.isEmpty else { continue }
            // The first group is about the message (Reporting-MTA); recipients follow.
            if first, fields["Final-Recipient"] == nil, fields["Action"] == nil { continue }
            func address(_ field: String?) -> String? {
                guard let field else { return nil }
                let value = field.split(separator: ";", maxSplits: 1).last.map(String.init) ?? field
                return value.trimmingCharacters(in: CharacterSet(charactersIn: " <>")).lowercased()
            }
            statuses.append(
                DeliveryStatus(
                    recipient: address(fields["Final-Recipient"] ?? fields["Original-Recipient"]), action: fields["Action"]?.lowercased(),
                    status: fields["Status"].map { String($0.split(separator: " ").first ?? "") }, diagnostic: fields["Diagnostic-Code"]))
            if next == rest.startIndex, rest.isEmpty { break }
        }
        return statuses
    }
}
