import PuffleCore

/// Sends campaign emails over SMTP: each becomes a MIME message (signed with the domain's DKIM
/// key when the sender has one) and goes over a few connections to the sender's server.
public struct SMTPCampaignMailer: CampaignMailer {
    let clock: any WallClock
    let heloName: String?
    /// Connections to one sender's server at once.
    let connections: Int

    public init(clock: any WallClock, heloName: String? = nil, connections: Int = 4) {
        self.clock = clock
        self.heloName = heloName
        self.connections = connections
    }

    public func send(_ emails: [OutgoingEmail], as credentials: SenderCredentials) async -> [DeliveryOutcome] {
        let date = clock.now().milliseconds
        let messages = emails.map { Self.message($0, date: date) }
        do {
            let mailer = try SenderMailer(credentials: credentials, clock: clock, heloName: heloName, connections: connections)
            return try await mailer.send(messages).map { Self.outcome($0.outcome) }
        } catch {
            // Nothing was handed over (the key or the settings would not load): safe to retry.
            return emails.map { _ in .deferred("(local) could not prepare the messages: \(error)") }
        }
    }

    static func message(_ email: OutgoingEmail, date: Int64) -> MIMEMessage {
        var message = MIMEMessage(
            from: MailAddress(email.fromAddress, name: email.fromName), to: [MailAddress(email.to, name: email.toName)], subject: email.email.subject,
            date: date, messageID: email.email.messageId, text: email.email.text, html: email.email.html)
        message.cc = email.cc.map { MailAddress($0) }
        message.bcc = email.bcc.map { MailAddress($0) }
        message.replyTo = email.replyTo.map { MailAddress($0) }
        message.inReplyTo = email.email.inReplyTo
        message.references = email.email.references
        message.unsubscribe = email.unsubscribe.map { MIMEMessage.Unsubscribe(mailto: $0.mailto, url: $0.url) }
        return message
    }

    static func outcome(_ outcome: SMTPOutcome) -> DeliveryOutcome {
        switch outcome {
        case .accepted(let queueId): .accepted(queueId)
        case .permanent(let reply): .bounced("\(reply.code) \(reply.text)")
        case .transient(let reply): .deferred("\(reply.code) \(reply.text)")
        case .unknown(let reason): .unknown(reason)
        }
    }
}
