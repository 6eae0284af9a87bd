/// Where a campaign message stands. The contract's `draft`, `pending` and `sent`, and the outbox's
/// own: `sending` while the SMTP transaction runs, `unknown` when it died after the final dot (never
/// resent), `bounced` when the server refused it for good.
public enum MessageStatus: String, Sendable, Codable, CaseIterable {
    /// Generated and editable; what is sent unless edited.
    case draft
    /// Reserved for sending, or waiting to be retried after a temporary refusal.
    case pending
    case sending
    case sent
    case unknown
    case bounced

    /// Whether a message has left (or may have left) and must never be sent again.
    public var isFinal: Bool { self == .sending || self == .sent || self == .unknown || self == .bounced }
}

/// A campaign message for one prospect and one node: a generated draft before launch, the outbox
/// row while it is sent, and the record of what went.
public struct CampaignMessage: Sendable, Equatable {
    public var id: String
    public var campaignId: String
    public var prospectId: String
    public var nodeId: String
    public var subject: String?
    public var bodyText: String
    public var bodyHTML: String?
    public var status: MessageStatus
    public var manuallyEdited: Bool
    /// The RFC 5322 Message-ID (without brackets), fixed once reserved.
    public var messageId: String?
    public var senderId: String?
    public var sentAt: Timestamp?
    public var openedAt: Timestamp?
    public var createdAt: Timestamp

    public init(
        id: String, campaignId: String, prospectId: String, nodeId: String, subject: String?, bodyText: String, bodyHTML: String?, status: MessageStatus,
        manuallyEdited: Bool, messageId: String? = nil, senderId: String? = nil, sentAt: Timestamp? = nil, openedAt: Timestamp? = nil, createdAt: Timestamp
    ) {
        self.id = id
        self.campaignId = campaignId
        self.prospectId = prospectId
        self.nodeId = nodeId
        self.subject = subject
        self.bodyText = bodyText
        self.bodyHTML = bodyHTML
        self.status = status
        self.manuallyEdited = manuallyEdited
        self.messageId = messageId
        self.senderId = senderId
        self.sentAt = sentAt
        self.openedAt = openedAt
        self.createdAt = createdAt
    }
}
