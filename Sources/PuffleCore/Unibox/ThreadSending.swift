import Foundation

/// How a thread's email goes out: a fresh one-off message, or a reply in the recipient's thread.
public enum ThreadingMode: String, Sendable, CaseIterable {
    case newThread = "new_thread"
    case reply
}

/// A send as the request asks for it (`POST /api/threads/{id}/messages`).
public struct ThreadSendRequest: Sendable, Equatable {
    public var bodyText: String
    public var bodyHtml: String?
    public var subject: String?
    public var accountId: String?
    public var threadingMode: ThreadingMode?
    public var cc: [String]
    public var bcc: [String]
    /// Uploaded attachments to send (`attachments[].id`).
    public var attachmentIds: [String] = []

    public init(bodyText: String, bodyHtml: String? = nil, subject: String? = nil, accountId: String? = nil, threadingMode: ThreadingMode? = nil, cc: [String] = [], bcc: [String] = []) {
        self.bodyText = bodyText
        self.bodyHtml = bodyHtml
        self.subject = subject
        self.accountId = accountId
        self.threadingMode = threadingMode
        self.cc = cc
        self.bcc = bcc
    }
}

/// What will be sent, decided before anything is recorded or sent.
public struct ThreadSendPlan: Sendable, Equatable {
    public var accountId: String
    public var fromAddress: String
    public var fromName: String?
    public var to: String
    public var toName: String?
    public var cc: [String]
    public var bcc: [String]
    public var email: ComposedEmail
    public var mode: ThreadingMode
}

/// The rules of sending from a thread.
public enum ThreadSending {
    /// The most Message-IDs a References field carries: the first and the latest, as RFC 5322 suggests trimming.
    static let maxReferences = 20

    /// Checks a send and decides its sender, recipient, subject and threading.
    /// - Parameters:
    ///   - messages: The thread's messages, oldest first.
    ///   - sender: The sender the request or the thread names, if it exists in the workspace.
    ///   - messageId: The new message's Message-ID (made by the caller: it holds the clock and ids).
    /// - Throws: `invalid_request` for a bad request; `thread_not_sendable` (422) for a thread that cannot send.
    public static func plan(
        _ request: ThreadSendRequest, thread: UniboxThread, messages: [ThreadMessage], sender: SenderAccount?, messageId: String
    ) throws -> ThreadSendPlan {
        guard !request.bodyText.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw PuffleError.invalidRequest("body_text: must not be empty")
        }
        guard thread.channel == .email else { throw notSendable("Sending on LinkedIn threads is not supported here yet") }
        guard let sender else { throw notSendable("The thread has no sender: give account_id, an email sender of this workspace") }
        guard sender.type == .email, let fromAddress = sender.emailAddress else { throw notSendable("Sender \(sender.id) is not an email sender") }
        guard sender.status.isSendable else { throw notSendable("Sender \(sender.id) cannot send now (status \(sender.status.rawValue))") }
        guard let to = thread.participantEmail, EmailAddressRule.normalized(to) != nil else {
            throw notSendable("The thread has no recipient: set participant_email first")
        }
        for address in request.cc + request.bcc where EmailAddressRule.normalized(address) == nil {
            throw PuffleError.invalidRequest("cc/bcc: \(address) is not an email address")
        }
        let answered = messages.last { $0.direction == .inbound && $0.messageType == .message && $0.messageId != nil }
            ?? messages.last { $0.messageId != nil && $0.delivery != .sending }
        let mode = request.threadingMode ?? (messages.contains { $0.direction == .inbound && $0.messageType == .message } ? .reply : .newThread)
        var subject: String
        var inReplyTo: String?
        var references: [String] = []
        switch mode {
        case .newThread:
            guard let given = request.subject ?? thread.draft.subject ?? thread.subject, !given.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw notSendable("A new email needs a subject")
            }
            subject = given
        case .reply:
            guard let answered, let answeredId = answered.messageId else { throw notSendable("There is no message in this thread to reply to") }
            let base = request.subject ?? answered.subject ?? thread.subject ?? ""
            subject = base.lowercased().hasPrefix("re:") ? base : "Re: " + base
            inReplyTo = answeredId
            references = answered.references + [answeredId]
            if references.count > maxReferences { references = [references[0]] + references.suffix(maxReferences - 1) }
        }
        let text = request.bodyText
        let email = ComposedEmail(
            subject: subject, text: text, html: request.bodyHtml ?? CampaignComposer.htmlFromText(text), messageId: messageId, inReplyTo: inReplyTo,
            references: references)
        return ThreadSendPlan(
            accountId: sender.id, fromAddress: fromAddress, fromName: sender.displayName, to: to, toName: thread.participantName, cc: request.cc,
            bcc: request.bcc, email: email, mode: mode)
    }

    /// A send still `sending` this long after it was recorded was cut off (the process died between
    /// SMTP and its confirmation): it shows as `unknown`, since it may have gone.
    public static let abandonedAfterMilliseconds: Int64 = 15 * 60 * 1000

    /// The delivery a message shows at `now`.
    public static func delivery(of message: ThreadMessage, now: Timestamp) -> MessageDelivery {
        guard message.delivery == .sending, now.milliseconds - message.createdAt.milliseconds > abandonedAfterMilliseconds else { return message.delivery }
        return .unknown
    }

    static func notSendable(_ message: String) -> PuffleError {
        .refused(code: "thread_not_sendable", kind: .unprocessable, message: message)
    }

    /// The thread once a message it sent was accepted (or may have been): a draft becomes an active
    /// one-off thread, its draft fields are spent, and the sender is the one that sent.
    public static func thread(_ thread: UniboxThread, after message: ThreadMessage, accountId: String) -> UniboxThread {
        var updated = thread.adding(message)
        if updated.status == .draft {
            updated.status = .active
            updated.origin = .oneOff
        }
        updated.draft = ThreadDraft()
        updated.accountId = accountId
        if updated.subject == nil { updated.subject = message.subject }
        return updated
    }
}
