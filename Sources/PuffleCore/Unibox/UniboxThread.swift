/// A thread's lifecycle (`status`): PATCH sets only `active` and `archived`.
public enum ThreadStatus: String, Sendable, Codable, CaseIterable {
    case active, archived, draft, warmup
}

/// Where a thread stands for its reader (`inbox_state`), derived by ``UniboxThread/inboxState``.
public enum InboxState: String, Sendable, Codable, CaseIterable {
    case draft
    case needsReply = "needs_reply"
    case activeThread = "active_thread"
    case sentOneOff = "sent_one_off"
    case sentCampaign = "sent_campaign"
    case archived, warmup, empty
}

/// Which way a message went.
public enum MessageDirection: String, Sendable, Codable, CaseIterable {
    case inbound, outbound
}

/// How a thread began: a campaign's message, a one-off email, or mail from someone who wrote first.
public enum ThreadOrigin: String, Sendable, Codable {
    case campaign
    case oneOff = "one_off"
    case inbound
}

/// One conversation: one sender account, one participant, one channel (the `conversations` row).
public struct UniboxThread: Sendable, Equatable {
    public var id: String
    public var workspaceId: String
    public var accountId: String?
    public var channel: SenderType
    public var status: ThreadStatus
    public var origin: ThreadOrigin
    public var participantName: String?
    public var participantEmail: String?
    public var participantLinkedinUrl: String?
    public var subject: String?
    public var lastMessageAt: Timestamp?
    public var lastMessageSnippet: String?
    public var lastMessageDirection: MessageDirection?
    public var messageCount: Int
    public var inboundCount: Int
    public var unreadCount: Int
    /// A delivery failure came back on it.
    public var bounced: Bool
    public var draft: ThreadDraft
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(
        id: String, workspaceId: String, accountId: String?, channel: SenderType, status: ThreadStatus, origin: ThreadOrigin, participantName: String?,
        participantEmail: String?, participantLinkedinUrl: String? = nil, subject: String? = nil, lastMessageAt: Timestamp? = nil,
        lastMessageSnippet: String? = nil, lastMessageDirection: MessageDirection? = nil, messageCount: Int = 0, inboundCount: Int = 0,
        unreadCount: Int = 0, bounced: Bool = false, draft: ThreadDraft = ThreadDraft(), createdAt: Timestamp, updatedAt: Timestamp
    ) {
        self.id = id
        self.workspaceId = workspaceId
        self.accountId = accountId
        self.channel = channel
        self.status = status
        self.origin = origin
        self.participantName = participantName
        self.participantEmail = participantEmail
        self.participantLinkedinUrl = participantLinkedinUrl
        self.subject = subject
        self.lastMessageAt = lastMessageAt
        self.lastMessageSnippet = lastMessageSnippet
        self.lastMessageDirection = lastMessageDirection
        self.messageCount = messageCount
        self.inboundCount = inboundCount
        self.unreadCount = unreadCount
        self.bounced = bounced
        self.draft = draft
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The reader's state: the lifecycle first, then who spoke last.
    public var inboxState: InboxState {
        switch status {
        case .draft: return .draft
        case .archived: return .archived
        case .warmup: return .warmup
        case .active: break
        }
        guard messageCount > 0, let last = lastMessageDirection else { return .empty }
        if last == .inbound { return .needsReply }
        if inboundCount > 0 { return .activeThread }
        return origin == .campaign ? .sentCampaign : .sentOneOff
    }

    /// The thread after a message joins it: newest activity never moves back in time, a person's
    /// inbound message counts as unread and asks for a reply, and an archived thread someone writes
    /// to comes back. An automatic answer or a bounce is kept and shown but asks for nothing.
    public func adding(_ message: ThreadMessage, snippetLength: Int = 100) -> UniboxThread {
        var thread = self
        thread.messageCount += 1
        if message.messageType == .bounce { thread.bounced = true }
        guard message.direction == .outbound || message.messageType == .message else {
            thread.updatedAt = max(thread.updatedAt, message.createdAt)
            return thread
        }
        if message.direction == .inbound {
            thread.inboundCount += 1
            thread.unreadCount += 1
            if thread.status == .archived { thread.status = .active }
        }
        if thread.subject == nil { thread.subject = message.subject }
        if thread.lastMessageAt.map({ message.sentAt >= $0 }) ?? true {
            thread.lastMessageAt = message.sentAt
            thread.lastMessageDirection = message.direction
            thread.lastMessageSnippet = ThreadMessage.snippet(of: message.bodyText, length: snippetLength)
        }
        thread.updatedAt = max(thread.updatedAt, message.createdAt)
        return thread
    }
}

/// A draft's fields, kept on the thread until it is sent.
public struct ThreadDraft: Sendable, Equatable, Codable {
    public var subject: String?
    public var bodyText: String?
    public var bodyHtml: String?
    public var cc: String?
    public var bcc: String?
    public var attachments: [MessageAttachment]?

    public init(subject: String? = nil, bodyText: String? = nil, bodyHtml: String? = nil, cc: String? = nil, bcc: String? = nil, attachments: [MessageAttachment]? = nil) {
        self.subject = subject
        self.bodyText = bodyText
        self.bodyHtml = bodyHtml
        self.cc = cc
        self.bcc = bcc
        self.attachments = attachments
    }
}

/// Where a message's delivery stands: `received` for inbound mail; an outbound one is `sending`
/// from before SMTP until the server answers, then `sent`, or `unknown` when the connection died
/// after the final dot (it may have gone, so it is never sent again).
public enum MessageDelivery: String, Sendable, Codable, CaseIterable {
    case received, sending, sent, unknown
}

/// What kind of message a thread's row is.
public enum ThreadMessageType: String, Sendable, Codable {
    case message
    case autoReply = "auto_reply"
    case bounce
}

/// One message of a thread (the `conversation_messages` row).
public struct ThreadMessage: Sendable, Equatable {
    public var id: String
    public var threadId: String
    public var workspaceId: String
    public var campaignId: String?
    public var direction: MessageDirection
    public var messageType: ThreadMessageType
    public var subject: String?
    public var bodyText: String
    public var bodyHtml: String?
    public var senderName: String?
    /// The writer's address (or LinkedIn id).
    public var senderIdentifier: String?
    /// The RFC 5322 Message-ID, without brackets.
    public var messageId: String?
    public var inReplyTo: String?
    public var references: [String]
    public var cc: String?
    public var bcc: String?
    public var attachments: [MessageAttachment]
    public var delivery: MessageDelivery
    public var sentAt: Timestamp
    public var createdAt: Timestamp

    public init(
        id: String, threadId: String, workspaceId: String, campaignId: String?, direction: MessageDirection, messageType: ThreadMessageType,
        subject: String?, bodyText: String, bodyHtml: String?, senderName: String?, senderIdentifier: String?, messageId: String?,
        inReplyTo: String? = nil, references: [String] = [], cc: String? = nil, bcc: String? = nil, attachments: [MessageAttachment] = [],
        delivery: MessageDelivery? = nil, sentAt: Timestamp, createdAt: Timestamp
    ) {
        self.delivery = delivery ?? (direction == .inbound ? .received : .sent)
        self.id = id
        self.threadId = threadId
        self.workspaceId = workspaceId
        self.campaignId = campaignId
        self.direction = direction
        self.messageType = messageType
        self.subject = subject
        self.bodyText = bodyText
        self.bodyHtml = bodyHtml
        self.senderName = senderName
        self.senderIdentifier = senderIdentifier
        self.messageId = messageId
        self.inReplyTo = inReplyTo
        self.references = references
        self.cc = cc
        self.bcc = bcc
        self.attachments = attachments
        self.sentAt = sentAt
        self.createdAt = createdAt
    }

    /// The first `length` characters of the text, whitespace runs as one space.
    public static func snippet(of text: String, length: Int) -> String {
        String(text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ").prefix(length))
    }
}
