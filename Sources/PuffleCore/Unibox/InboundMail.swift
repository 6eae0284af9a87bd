import Foundation

/// A message that arrived in a sender's mailbox, as Core reads it: the MIME reader fills it in,
/// the rules here decide what it is and what it changes.
public struct InboundMail: Sendable, Equatable {
    /// Its Message-ID without brackets; one made from its bytes when it has none, so a re-sync
    /// still knows it.
    public var messageId: String
    public var inReplyTo: [String]
    public var references: [String]
    /// Message-IDs of messages returned inside it (a bounce quoting what it could not deliver).
    public var returnedMessageIds: [String]
    public var fromAddress: String?
    public var fromName: String?
    public var to: [String]
    public var cc: [String]
    public var subject: String?
    public var text: String
    public var html: String?
    /// From its Date header, else when it was read.
    public var sentAt: Timestamp
    /// The headers the auto-reply and bounce rules read, names lowercased.
    public var signals: [String: String]
    /// Delivery status notification blocks whose action is `failed`: the addresses that bounced.
    public var failedRecipients: [String]
    /// Whether it is a `multipart/report; report-type=delivery-status`.
    public var isDeliveryReport: Bool
    public var attachments: [AttachmentFile]
    /// The body was longer than the sync reads; what is stored is its beginning.
    public var truncated: Bool

    public init(
        messageId: String, inReplyTo: [String] = [], references: [String] = [], returnedMessageIds: [String] = [], fromAddress: String?,
        fromName: String? = nil, to: [String] = [], cc: [String] = [], subject: String?, text: String, html: String? = nil, sentAt: Timestamp,
        signals: [String: String] = [:], failedRecipients: [String] = [], isDeliveryReport: Bool = false, attachments: [AttachmentFile] = [],
        truncated: Bool = false
    ) {
        self.messageId = messageId
        self.inReplyTo = inReplyTo
        self.references = references
        self.returnedMessageIds = returnedMessageIds
        self.fromAddress = fromAddress
        self.fromName = fromName
        self.to = to
        self.cc = cc
        self.subject = subject
        self.text = text
        self.html = html
        self.sentAt = sentAt
        self.signals = signals
        self.failedRecipients = failedRecipients
        self.isDeliveryReport = isDeliveryReport
        self.attachments = attachments
        self.truncated = truncated
    }

    /// The same message with every U+0000 dropped: mail may carry it (a Latin-1 fallback reads any
    /// byte), and PostgreSQL text refuses it, which would stop the mailbox's sync at that message.
    public var withoutNULs: InboundMail {
        func clean(_ text: String) -> String { text.contains("\0") ? text.replacingOccurrences(of: "\0", with: "") : text }
        var mail = self
        mail.messageId = clean(messageId)
        mail.inReplyTo = inReplyTo.map(clean)
        mail.references = references.map(clean)
        mail.returnedMessageIds = returnedMessageIds.map(clean)
        mail.fromAddress = fromAddress.map(clean)
        mail.fromName = fromName.map(clean)
        mail.to = to.map(clean)
        mail.cc = cc.map(clean)
        mail.subject = subject.map(clean)
        mail.text = clean(text)
        mail.html = html.map(clean)
        mail.signals = signals.mapValues(clean)
        mail.failedRecipients = failedRecipients.map(clean)
        mail.attachments = attachments.map { AttachmentFile(fileName: clean($0.fileName), contentType: clean($0.contentType), data: $0.data) }
        return mail
    }

    /// When a message was sent, for ordering: its Date header, but never later than it was read (a
    /// sender's clock running ahead would otherwise keep it the newest message of its thread).
    public static func sentAt(dateHeader: Timestamp?, readAt: Timestamp) -> Timestamp {
        guard let dateHeader else { return readAt }
        return min(dateHeader, readAt)
    }

    /// Every Message-ID it names as an earlier message: the ones it answers, then the ones it returns.
    public var earlierMessageIds: [String] {
        var seen = Set<String>()
        return (inReplyTo + references.reversed() + returnedMessageIds).filter { seen.insert($0).inserted }
    }
}

/// A file kept with a message or a draft: its bytes are stored once under `id` and read through a
/// signed URL (``AttachmentLinks``).
public struct MessageAttachment: Sendable, Equatable, Codable {
    public var id: String
    public var fileName: String
    public var contentType: String
    public var size: Int

    public init(id: String, fileName: String, contentType: String, size: Int) {
        self.id = id
        self.fileName = fileName
        self.contentType = contentType
        self.size = size
    }
}

/// A file with its bytes: one that came with an inbound message, or an upload.
public struct AttachmentFile: Sendable, Equatable {
    public var fileName: String
    public var contentType: String
    public var data: [UInt8]

    public init(fileName: String, contentType: String, data: [UInt8]) {
        self.fileName = fileName
        self.contentType = contentType
        self.data = data
    }

    /// The most an uploaded file may hold.
    public static let maxUploadBytes = 10 * 1024 * 1024
}

/// What an inbound message is.
public enum InboundKind: String, Sendable, Equatable, Codable {
    /// A person wrote back.
    case reply
    /// An out-of-office or other automatic answer: kept, but not a reply.
    case autoReply = "auto_reply"
    /// The message could not be delivered.
    case bounce
}

/// The rules that tell replies, automatic answers and bounces apart (RFC 3834, RFC 3464, and the
/// shapes mail servers use in practice).
public enum InboundClassifier {
    /// Subjects automatic answers start with, lowercased, in the languages met most.
    static let autoReplySubjects = [
        "out of office", "out of the office", "automatic reply", "auto reply", "autoreply", "auto-reply", "auto:", "away from the office",
        "on vacation", "vacation reply", "abwesenheitsnotiz", "automatische antwort", "réponse automatique", "absence", "respuesta automática",
        "fuera de la oficina", "risposta automatica", "automatisch antwoord", "afwezig", "autosvar", "automaattinen vastaus", "odpowiedź automatyczna",
    ]
    /// Subjects of bounces from servers that send no delivery status notification.
    static let bounceSubjects = [
        "undeliverable", "undelivered mail", "delivery status notification (failure)", "mail delivery failed", "returned mail",
        "delivery failure", "failure notice", "mail delivery failure", "message not delivered", "unzustellbar",
    ]
    static let bounceSenders = ["mailer-daemon@", "postmaster@"]

    public static func kind(of mail: InboundMail) -> InboundKind {
        let subject = (mail.subject ?? "").lowercased()
        let from = (mail.fromAddress ?? "").lowercased()
        if mail.isDeliveryReport && !mail.failedRecipients.isEmpty { return .bounce }
        if bounceSenders.contains(where: from.hasPrefix), bounceSubjects.contains(where: subject.contains) { return .bounce }
        if let auto = mail.signals["auto-submitted"]?.lowercased(), !auto.hasPrefix("no") { return .autoReply }
        if mail.signals["x-autoreply"] != nil || mail.signals["x-autorespond"] != nil { return .autoReply }
        if let precedence = mail.signals["precedence"]?.lowercased(), ["auto_reply", "bulk", "junk"].contains(precedence) { return .autoReply }
        if mail.signals["x-auto-response-suppress"]?.lowercased().contains("all") == true, mail.signals["x-ms-exchange-inbox-rules-loop"] != nil {
            return .autoReply
        }
        if autoReplySubjects.contains(where: subject.hasPrefix) { return .autoReply }
        if mail.isDeliveryReport { return .autoReply }  // a delay or success report: nothing bounced
        return .reply
    }
}
