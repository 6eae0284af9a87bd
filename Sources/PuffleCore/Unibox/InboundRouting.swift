/// A campaign message of ours that an inbound message answers or returns, with what the rules
/// need of its prospect and campaign.
public struct SentMessageMatch: Sendable, Equatable {
    public var campaignId: String
    public var prospectId: String
    public var prospectEmail: String?
    public var prospectStatus: ProspectStatus
    public var stopOnReply: Bool
    /// The Message-ID it was sent with.
    public var messageId: String
    public var subject: String?

    public init(
        campaignId: String, prospectId: String, prospectEmail: String?, prospectStatus: ProspectStatus, stopOnReply: Bool, messageId: String,
        subject: String?
    ) {
        self.campaignId = campaignId
        self.prospectId = prospectId
        self.prospectEmail = prospectEmail
        self.prospectStatus = prospectStatus
        self.stopOnReply = stopOnReply
        self.messageId = messageId
        self.subject = subject
    }
}

/// What one inbound message changes: the thread it joins, and its prospect's state.
public struct InboundPlan: Sendable, Equatable {
    public enum ProspectChange: Sendable, Equatable {
        /// A reply with `stop_on_reply`: `replied`, and nothing more is scheduled.
        case repliedAndStopped
        /// A reply without `stop_on_reply`: the time is noted, the sequence goes on.
        case repliedAndContinues
        /// `bounced`, nothing more is scheduled, and the address is suppressed.
        case bounced(suppress: String)
    }

    public var mail: InboundMail
    public var kind: InboundKind
    /// Who the thread is with: the writer, or for a bounce the address that bounced.
    public var participantEmail: String
    public var participantName: String?
    public var campaignId: String?
    public var prospectId: String?
    public var prospectChange: ProspectChange?
}

/// Routes inbound messages: first by the Message-IDs they answer (In-Reply-To, References, the
/// returned message of a bounce) against ours, then by the writer's address against prospects
/// this sender wrote to.
public enum InboundRouting {
    /// - Parameters:
    ///   - byMessageId: Our campaign messages by their Message-ID.
    ///   - byAddress: The latest campaign message this sender sent to each prospect address.
    ///   - mailbox: The sender's own address: mail from it (a copy of our own) is not a reply.
    public static func plan(
        _ mail: InboundMail, byMessageId: [String: SentMessageMatch], byAddress: [String: SentMessageMatch], mailbox: String?
    ) -> InboundPlan? {
        let kind = InboundClassifier.kind(of: mail)
        let from = mail.fromAddress?.lowercased()
        if let mailbox, from == mailbox.lowercased(), kind != .bounce { return nil }
        var match = mail.earlierMessageIds.lazy.compactMap { byMessageId[$0] }.first
        if kind == .bounce {
            match = match ?? mail.failedRecipients.lazy.compactMap { byAddress[$0.lowercased()] }.first
        } else if match == nil, let from {
            match = byAddress[from]
        }
        let participant: String
        var name: String?
        if kind == .bounce {
            guard let address = match?.prospectEmail ?? mail.failedRecipients.first ?? from else { return nil }
            participant = address.lowercased()
        } else {
            guard let from else { return nil }
            participant = from
            name = mail.fromName
        }
        var change: InboundPlan.ProspectChange?
        if let match, !match.prospectStatus.isTerminal || (kind == .bounce && match.prospectStatus != .bounced) {
            switch kind {
            case .reply: change = match.stopOnReply ? .repliedAndStopped : .repliedAndContinues
            case .bounce: change = .bounced(suppress: (match.prospectEmail ?? participant).lowercased())
            case .autoReply: change = nil
            }
        } else if kind == .bounce, let address = mail.failedRecipients.first {
            // A bounce for an address no campaign of ours knows still keeps it off later sends.
            change = match == nil ? .bounced(suppress: address.lowercased()) : nil
        }
        return InboundPlan(
            mail: mail, kind: kind, participantEmail: participant, participantName: name, campaignId: match?.campaignId, prospectId: match?.prospectId,
            prospectChange: change)
    }
}
