/// Where a mailbox's sync stands: the UIDVALIDITY its UIDs belong to and the last UID stored.
public struct MailboxCursor: Sendable, Equatable {
    public var uidValidity: UInt32?
    public var lastUID: UInt32
    /// Logins refused in a row; the sender goes to `error` after ``MailboxSync/maxLoginFailures``.
    public var loginFailures: Int

    public init(uidValidity: UInt32? = nil, lastUID: UInt32 = 0, loginFailures: Int = 0) {
        self.uidValidity = uidValidity
        self.lastUID = lastUID
        self.loginFailures = loginFailures
    }
}

/// The rules of syncing a mailbox.
public enum MailboxSync {
    /// Logins refused in a row before the sender shows `error` and syncing stops until it is fixed.
    public static let maxLoginFailures = 3

    /// Where to read from after SELECT: the stored position, or the start when the server renumbered
    /// the mailbox (already-stored messages are then recognised by Message-ID and skipped).
    public static func resume(_ cursor: MailboxCursor, uidValidity: UInt32) -> MailboxCursor {
        guard cursor.uidValidity == uidValidity else {
            return MailboxCursor(uidValidity: uidValidity, lastUID: 0, loginFailures: cursor.loginFailures)
        }
        return cursor
    }
}

/// A thread as lists show it: the row and the participant's company from campaign prospects.
public struct ThreadSummary: Sendable, Equatable {
    public var thread: UniboxThread
    public var participantCompany: String?

    public init(thread: UniboxThread, participantCompany: String?) {
        self.thread = thread
        self.participantCompany = participantCompany
    }
}

/// Threads, their messages, and mailbox sync positions.
public protocol UniboxStore: Sendable {
    /// Email senders with IMAP settings that are usable (`warming`, `active`), across workspaces.
    func mailboxes() async throws -> [(accountId: String, workspaceId: String)]

    func cursor(accountId: String) async throws -> MailboxCursor

    /// Saves the position (and login failures) without storing messages.
    func saveCursor(_ cursor: MailboxCursor, accountId: String, workspaceId: String, now: Timestamp) async throws

    /// Our campaign messages of the workspace with these Message-IDs.
    func sentMessages(workspaceId: String, messageIds: [String]) async throws -> [String: SentMessageMatch]

    /// The latest campaign message this sender sent to each of these addresses (lowercased).
    func sentMessages(workspaceId: String, accountId: String, addresses: [String]) async throws -> [String: SentMessageMatch]

    /// Stores the planned messages in their threads, applies their prospect changes, and moves the
    /// cursor, in one transaction. A message the account already has is skipped.
    /// - Returns: How many messages were new.
    @discardableResult
    func ingest(_ plans: [InboundPlan], accountId: String, workspaceId: String, cursor: MailboxCursor, now: Timestamp) async throws -> Int

    /// A page of the workspace's threads matching `filter`, newest activity first, and the total.
    func threads(workspaceId: String, filter: ThreadFilter, page: Int, limit: Int) async throws -> (threads: [ThreadSummary], total: Int)

    /// Changes a thread with `change` (Core's rules) inside one transaction. - Throws: `PuffleError.notFound`.
    func updateThread(id: String, workspaceId: String, now: Timestamp, _ change: @Sendable (inout UniboxThread) throws -> Void) async throws -> ThreadSummary

    /// What campaign prospects with this address say of its owner: company, position, headline.
    func participantDetails(workspaceId: String, email: String) async throws -> (company: String?, position: String?, headline: String?)?

    /// A new thread (a draft one-off email).
    func createThread(_ thread: UniboxThread) async throws -> ThreadSummary

    /// Records an outbound message as `sending`, before any SMTP, with the request's idempotency key.
    /// - Returns: `.recorded`, or `.replayed` with the message an earlier request with the same key and body recorded.
    /// - Throws: `idempotency_key_reused` (409) when the key came with another body; `PuffleError.notFound`.
    func recordSend(_ message: ThreadMessage, idempotency: IdempotencyKey?) async throws -> SendRecording

    /// The message an earlier send with this key recorded, if any.
    /// - Throws: `idempotency_key_reused` (409) when the key came with another body.
    func earlierSend(_ idempotency: IdempotencyKey, workspaceId: String) async throws -> String?

    /// A thread's latest messages, oldest first: what a reply needs to know.
    func latestMessages(threadId: String, workspaceId: String, limit: Int) async throws -> [ThreadMessage]

    /// The SMTP server's answer to a recorded send: `sent` or `unknown` join the message to its thread
    /// (``ThreadSending/thread(_:after:accountId:)``); nil (refused, not sent) removes the message and
    /// frees its key so a retry can send.
    func confirmSend(messageId: String, workspaceId: String, delivery: MessageDelivery?, accountId: String, now: Timestamp) async throws -> ThreadSummary

    /// Keeps a file (an upload) and answers its metadata.
    func saveAttachment(_ file: AttachmentFile, workspaceId: String, now: Timestamp) async throws -> MessageAttachment

    /// A file with its bytes; any workspace's when `workspaceId` is nil (a signed link names it).
    /// - Throws: `PuffleError.notFound`.
    func attachment(id: String, workspaceId: String?) async throws -> (attachment: MessageAttachment, data: [UInt8])

    /// One message. - Throws: `PuffleError.notFound`.
    func message(id: String, workspaceId: String) async throws -> ThreadMessage

    /// One thread; with `markRead` its unread count goes to 0. - Throws: `PuffleError.notFound`.
    func thread(id: String, workspaceId: String, markRead: Bool) async throws -> ThreadSummary

    /// A page of a thread's messages, oldest first, and the total. - Throws: `PuffleError.notFound`.
    func messages(threadId: String, workspaceId: String, page: Int, limit: Int) async throws -> (messages: [ThreadMessage], total: Int)
}

/// A client's `Idempotency-Key` and a fingerprint of the request it came with.
public struct IdempotencyKey: Sendable, Equatable {
    public var key: String
    public var fingerprint: String

    public init(key: String, fingerprint: String) {
        self.key = key
        self.fingerprint = fingerprint
    }
}

/// What recording a send found.
public enum SendRecording: Sendable, Equatable {
    case recorded
    /// The same key and body came before: this is the message it recorded.
    case replayed(messageId: String)
}

/// The friendly views of `GET /api/threads`: each a set of threads, several ORed.
public enum ThreadView: String, Sendable, CaseIterable {
    /// Active threads someone wrote in: the default.
    case inbox
    case needsReply = "needs_reply"
    case activeThread = "active_thread"
    /// One-off and campaign messages with no reply yet.
    case sent
    case drafts
    case archived
    case unread
    case bounced

    /// The inbox states a view stands for; nil for the views that are not states (inbox, unread, bounced).
    public var inboxStates: [InboxState]? {
        switch self {
        case .needsReply: [.needsReply]
        case .activeThread: [.activeThread]
        case .sent: [.sentOneOff, .sentCampaign]
        case .drafts: [.draft]
        case .archived: [.archived]
        case .inbox, .unread, .bounced: nil
        }
    }
}

/// The filters of `GET /api/threads`, as Core reads them (each list is "any of").
public struct ThreadFilter: Sendable, Equatable {
    public var views: [ThreadView]?
    public var inboxStates: [InboxState]?
    public var statuses: [ThreadStatus]?
    public var unread: Bool?
    public var bounced: Bool?
    public var channel: SenderType?
    public var accountId: String?
    public var campaignId: String?
    public var participantEmail: String?
    public var excludeThreadId: String?
    public var search: String?
    /// The default view: active threads with inbound activity.
    public var onlyWithInbound: Bool

    public init(
        views: [ThreadView]? = nil, inboxStates: [InboxState]? = nil, statuses: [ThreadStatus]? = nil, unread: Bool? = nil, bounced: Bool? = nil, channel: SenderType? = nil,
        accountId: String? = nil, campaignId: String? = nil, participantEmail: String? = nil, excludeThreadId: String? = nil, search: String? = nil,
        onlyWithInbound: Bool = false
    ) {
        self.views = views
        self.inboxStates = inboxStates
        self.statuses = statuses
        self.unread = unread
        self.bounced = bounced
        self.channel = channel
        self.accountId = accountId
        self.campaignId = campaignId
        self.participantEmail = participantEmail
        self.excludeThreadId = excludeThreadId
        self.search = search
        self.onlyWithInbound = onlyWithInbound
    }

    /// The contract's default: without a view, an inbox state, a status, a sender, a campaign or a
    /// participant, a list shows the inbox (active threads someone wrote in).
    public var withDefaultView: ThreadFilter {
        var filter = self
        filter.onlyWithInbound = views == nil && inboxStates == nil && statuses == nil && accountId == nil && campaignId == nil && participantEmail == nil
        return filter
    }
}
