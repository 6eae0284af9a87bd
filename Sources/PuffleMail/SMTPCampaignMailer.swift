import PuffleCore
import Synchronization

/// Sends campaign emails over SMTP: each becomes a MIME message (signed with the domain's DKIM
/// key when the sender has one) and goes over a few connections to the sender's server.
public final class SMTPCampaignMailer: CampaignMailer {
    let clock: any WallClock
    let heloName: String?
    /// Connections to one sender's server at once.
    let connections: Int
    /// Each sender's mailer, kept between rounds: its DKIM key is parsed once, not every round.
    /// Keyed by sender, and replaced when the sender's settings change.
    private let mailers = Mutex<[String: (fingerprint: String, mailer: SenderMailer)]>([:])

    public init(clock: any WallClock, heloName: String? = nil, connections: Int = 4) {
        self.clock = clock
        self.heloName = heloName
        self.connections = connections
    }

    func mailer(for credentials: SenderCredentials) throws -> SenderMailer {
        let smtp = credentials.smtp
        let fingerprint = [
            credentials.account.updatedAt.iso8601, smtp.host, String(smtp.port), smtp.security.rawValue, smtp.username ?? "", smtp.password ?? "",
            smtp.caFile ?? "", credentials.dkim?.selector ?? "", credentials.dkim.map { String($0.privateKeyPEM.hashValue) } ?? "",
        ].joined(separator: "\u{1}")
        if let kept = mailers.withLock({ $0[credentials.account.id] }), kept.fingerprint == fingerprint { return kept.mailer }
        let made = try SenderMailer(credentials: credentials, clock: clock, heloName: heloName, connections: connections)
        mailers.withLock { $0[credentials.account.id] = (fingerprint, made) }
        return made
    }

    public func send(_ emails: [OutgoingEmail], as credentials: SenderCredentials) async -> [DeliveryOutcome] {
        let date = clock.now().milliseconds
        let messages = emails.map { Self.message($0, date: date) }
        do {
            return try await mailer(for: credentials).send(messages).map { Self.outcome($0.outcome) }
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
        message.attachments = email.attachments.map { MIMEMessage.Attachment(filename: $0.fileName, contentType: $0.contentType, data: $0.data) }
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
