/// How one SMTP transaction ended, as the campaign engine sees it.
public enum DeliveryOutcome: Sendable, Equatable {
    /// The server took the message; its reply (often a queue id).
    case accepted(String?)
    /// Refused for good (5xx): the address bounces.
    case bounced(String)
    /// Refused for now (4xx, or no connection): safe to try again.
    case deferred(String)
    /// The connection died after the final dot: it may have gone. Never resent.
    case unknown(String)
}

/// A send the engine reserved: the outbox row moved to `sending` before any I/O.
public struct Reservation: Sendable, Equatable {
    public var campaignId: String
    public var workspaceId: String
    public var prospectId: String
    public var nodeId: String
    public var senderId: String
    public var recipient: String
    public var email: ComposedEmail

    public init(campaignId: String, workspaceId: String, prospectId: String, nodeId: String, senderId: String, recipient: String, email: ComposedEmail) {
        self.campaignId = campaignId
        self.workspaceId = workspaceId
        self.prospectId = prospectId
        self.nodeId = nodeId
        self.senderId = senderId
        self.recipient = recipient
        self.email = email
    }
}

/// What a finished send (or a due end) writes: the message's fate and the prospect's next state.
public struct SendResult: Sendable, Equatable {
    public var prospectId: String
    /// The outbox row's (prospect, node) and its new status; nil for a prospect that only finished.
    public var nodeId: String?
    public var messageStatus: MessageStatus?
    public var detail: String?
    public var prospectStatus: ProspectStatus
    public var currentNodeId: String?
    public var nextPosition: Int?
    public var dueAt: Timestamp?
    public var bouncedAt: Timestamp?
    public var deliveryUnknown: Bool
    /// An address to put on the workspace's suppression list (a hard bounce).
    public var suppress: String?
    /// When the message left (sent or unknown): what daily caps count.
    public var sentAt: Timestamp?
    /// Whether a message back to `pending` was refused by the server (counted towards giving up), rather
    /// than released unsent (a pause came between the reservation and the SMTP transaction).
    public var isDeferral: Bool {
        messageStatus == .pending && detail != CampaignDispatch.releasedDetail
    }

    public init(
        prospectId: String, nodeId: String?, messageStatus: MessageStatus?, detail: String?, prospectStatus: ProspectStatus, currentNodeId: String?,
        nextPosition: Int?, dueAt: Timestamp?, bouncedAt: Timestamp? = nil, deliveryUnknown: Bool = false, suppress: String? = nil, sentAt: Timestamp? = nil
    ) {
        self.prospectId = prospectId
        self.nodeId = nodeId
        self.messageStatus = messageStatus
        self.detail = detail
        self.prospectStatus = prospectStatus
        self.currentNodeId = currentNodeId
        self.nextPosition = nextPosition
        self.dueAt = dueAt
        self.bouncedAt = bouncedAt
        self.deliveryUnknown = deliveryUnknown
        self.suppress = suppress
        self.sentAt = sentAt
    }
}

/// The engine's rules for what follows a send.
public enum CampaignDispatch {
    /// The job that sends: periodic, and enqueued at once by a launch or a resume. Its unique key is
    /// the periodic schedule's, so one dispatcher runs at a time across every worker process.
    public static let jobKind = "campaign_dispatch"
    public static let scheduleName = "campaign_dispatch"

    /// The dispatcher's job, to run now.
    public static func job() -> NewJob {
        NewJob(kind: jobKind, maxAttempts: 3, uniqueKey: "periodic:\(scheduleName)")
    }

    /// Temporary refusals a message gets before the engine gives up on it.
    public static let maxDeferrals = 5

    /// The wait before retrying a message refused for now: 5 minutes, doubling, at most 6 hours.
    public static func retryDelay(deferrals: Int) -> Duration {
        .seconds(min(6 * 3600, 300 << min(max(0, deferrals - 1), 10)))
    }

    /// The prospect's status after one of its steps left, by channel and node type.
    static func statusAfterSending(_ node: SequenceNode) -> ProspectStatus {
        switch node.type {
        case .connectionRequest: .connectionSent
        case .message: .messageSent
        case .email, .ai, .delay, .end: .sent
        }
    }

    /// What a send's outcome leads to.
    /// - Parameters:
    ///   - deferrals: Temporary refusals this message had before this one.
    ///   - replyWindow: See ``SequencePlan/next(from:nodes:now:replyWindow:)``.
    public static func result(
        of outcome: DeliveryOutcome, prospect: CampaignProspect, node: SequenceNode, nodes: [SequenceNode], deferrals: Int, now: Timestamp,
        replyWindow: Duration
    ) -> SendResult {
        switch outcome {
        case .accepted(let detail):
            return advanced(prospect, after: node, nodes: nodes, now: now, replyWindow: replyWindow, message: .sent, detail: detail, unknown: prospect.deliveryUnknown)
        case .unknown(let detail):
            return advanced(prospect, after: node, nodes: nodes, now: now, replyWindow: replyWindow, message: .unknown, detail: detail, unknown: true)
        case .bounced(let detail):
            return SendResult(
                prospectId: prospect.id, nodeId: node.id, messageStatus: .bounced, detail: detail, prospectStatus: .bounced, currentNodeId: nil, nextPosition: nil,
                dueAt: nil, bouncedAt: now, deliveryUnknown: prospect.deliveryUnknown, suppress: prospect.fields.email, sentAt: now)
        case .deferred(let detail):
            guard deferrals + 1 < maxDeferrals else {
                // Refused for now too many times: the step ends as bounced, but the address is not
                // suppressed, as no server said it does not exist.
                return SendResult(
                    prospectId: prospect.id, nodeId: node.id, messageStatus: .bounced, detail: "gave up after \(maxDeferrals) temporary refusals: \(detail)",
                    prospectStatus: .bounced, currentNodeId: nil, nextPosition: nil, dueAt: nil, bouncedAt: now, deliveryUnknown: prospect.deliveryUnknown)
            }
            return SendResult(
                prospectId: prospect.id, nodeId: node.id, messageStatus: .pending, detail: detail, prospectStatus: prospect.status,
                currentNodeId: prospect.currentNodeId, nextPosition: node.position, dueAt: now.adding(retryDelay(deferrals: deferrals + 1)),
                deliveryUnknown: prospect.deliveryUnknown)
        }
    }

    static func advanced(
        _ prospect: CampaignProspect, after node: SequenceNode, nodes: [SequenceNode], now: Timestamp, replyWindow: Duration, message: MessageStatus,
        detail: String?, unknown: Bool
    ) -> SendResult {
        let status = statusAfterSending(node)
        switch SequencePlan.next(from: node.position + 1, nodes: nodes, now: now, replyWindow: replyWindow) {
        case .send(let position, let at):
            return SendResult(
                prospectId: prospect.id, nodeId: node.id, messageStatus: message, detail: detail, prospectStatus: status, currentNodeId: node.id,
                nextPosition: position, dueAt: at, deliveryUnknown: unknown, sentAt: now)
        case .finish(let position, let at, let final):
            if at <= now {
                return SendResult(
                    prospectId: prospect.id, nodeId: node.id, messageStatus: message, detail: detail, prospectStatus: final, currentNodeId: nil,
                    nextPosition: nil, dueAt: nil, deliveryUnknown: unknown, sentAt: now)
            }
            return SendResult(
                prospectId: prospect.id, nodeId: node.id, messageStatus: message, detail: detail, prospectStatus: status, currentNodeId: node.id,
                nextPosition: position, dueAt: at, deliveryUnknown: unknown, sentAt: now)
        }
    }

    /// Why a released message went back unsent.
    public static let releasedDetail = "(local) the campaign was paused before this message was sent"

    /// A reservation given back unsent because the campaign stopped being active before the SMTP
    /// transaction: the message waits as `pending` and the prospect is due again, as if never taken.
    public static func released(_ prospect: CampaignProspect, node: SequenceNode, now: Timestamp) -> SendResult {
        SendResult(
            prospectId: prospect.id, nodeId: node.id, messageStatus: .pending, detail: releasedDetail, prospectStatus: prospect.status,
            currentNodeId: prospect.currentNodeId, nextPosition: node.position, dueAt: now, deliveryUnknown: prospect.deliveryUnknown)
    }

    /// A prospect due at the end of its sequence: it finishes, `timed_out` when a reply window was
    /// waited out, else `completed`.
    public static func finished(_ prospect: CampaignProspect, replyWindow: Duration) -> SendResult {
        SendResult(
            prospectId: prospect.id, nodeId: nil, messageStatus: nil, detail: nil, prospectStatus: replyWindow > .zero ? .timedOut : .completed,
            currentNodeId: nil, nextPosition: nil, dueAt: nil, deliveryUnknown: prospect.deliveryUnknown)
    }
}

/// An email to send for a campaign, with its envelope.
public struct OutgoingEmail: Sendable, Equatable {
    public var fromAddress: String
    public var fromName: String?
    public var to: String
    public var toName: String?
    public var cc: [String]
    public var bcc: [String]
    public var replyTo: String?
    public var email: ComposedEmail
    /// One-click unsubscribe: a mailto and an HTTPS URL (RFC 8058).
    public var unsubscribe: (mailto: String, url: String)?
    /// Files sent with it (Unibox emails; campaign steps have none).
    public var attachments: [AttachmentFile] = []

    public init(
        fromAddress: String, fromName: String?, to: String, toName: String?, cc: [String] = [], bcc: [String] = [], replyTo: String? = nil,
        email: ComposedEmail, unsubscribe: (mailto: String, url: String)?
    ) {
        self.fromAddress = fromAddress
        self.fromName = fromName
        self.to = to
        self.toName = toName
        self.cc = cc
        self.bcc = bcc
        self.replyTo = replyTo
        self.email = email
        self.unsubscribe = unsubscribe
    }

    public static func == (lhs: OutgoingEmail, rhs: OutgoingEmail) -> Bool {
        lhs.fromAddress == rhs.fromAddress && lhs.to == rhs.to && lhs.email == rhs.email && lhs.cc == rhs.cc && lhs.bcc == rhs.bcc
            && lhs.unsubscribe?.url == rhs.unsubscribe?.url
    }
}

/// Sends a sender's campaign emails (PuffleMail's SMTP client does it; tests may pass their own).
public protocol CampaignMailer: Sendable {
    /// Sends each email and answers one outcome each, in order. Never throws: a failure is an outcome.
    func send(_ emails: [OutgoingEmail], as credentials: SenderCredentials) async -> [DeliveryOutcome]
}
