import Foundation
import PuffleCore

/// Sends messages as one sender: renders them, signs those from its registered domain with the
/// domain's DKIM key, sends them over a small pool of connections, and answers one send-log
/// record per message. The caller writes the records (after the I/O, never inside a transaction).
public struct SenderMailer: Sendable {
    public let credentials: SenderCredentials
    let pool: SMTPPool
    let signer: DKIMSigner?
    let clock: any WallClock

    /// - Parameters:
    ///   - heloName: The name EHLO gives; the sender's domain when nil (`PUFFLE_SMTP_HELO_NAME`).
    ///   - connections: Connections to the sender's server at once.
    public init(credentials: SenderCredentials, clock: any WallClock, heloName: String? = nil, connections: Int = 4) throws {
        self.credentials = credentials
        self.clock = clock
        let domain = credentials.account.emailAddress?.split(separator: "@").last.map(String.init) ?? "localhost"
        pool = SMTPPool(client: SMTPClient(server: credentials.smtp, heloName: heloName ?? domain), connections: connections)
        signer = try credentials.dkim.map { try DKIMSigner(domain: $0.domain, selector: $0.selector, privateKeyPEM: $0.privateKeyPEM) }
    }

    /// Sends each message to its `to` addresses.
    /// - Parameter campaignId: Recorded with each send, for campaign figures.
    /// - Returns: The outcome of each message and its send-log record, in order.
    public func send(_ messages: [MIMEMessage], campaignId: String? = nil) async throws -> [(outcome: SMTPOutcome, record: SendRecord)] {
        let mails = try await prepare(messages)
        let outcomes = await pool.send(mails)
        let finished = clock.now()
        return zip(messages, outcomes).map { message, outcome in
            let (kind, detail) = Self.logged(outcome)
            let record = SendRecord(
                workspaceId: credentials.account.workspaceId, accountId: credentials.account.id, campaignId: campaignId,
                recipient: (message.to + message.cc).map(\.address).joined(separator: ","), messageId: message.messageID, outcome: kind, detail: detail, at: finished)
            return (outcome, record)
        }
    }

    /// Renders and signs the messages on every core: the CPU-bound part of sending (an RSA
    /// signature and a MIME rendering per message), done in slices side by side.
    func prepare(_ messages: [MIMEMessage]) async throws -> [OutgoingMail] {
        let envelope = credentials.account.emailAddress ?? ""
        let time = clock.now().milliseconds / 1000
        let signer = self.signer
        let slices = max(1, min(ProcessInfo.processInfo.activeProcessorCount, messages.count / 16))
        let size = (messages.count + slices - 1) / max(1, slices)
        return try await withThrowingTaskGroup(of: (Int, [OutgoingMail]).self) { group in
            for (slice, start) in stride(from: 0, to: messages.count, by: max(1, size)).enumerated() {
                let part = Array(messages[start..<min(start + size, messages.count)])
                group.addTask {
                    (slice, try part.map { message in
                        var text = message.rendered()
                        // Only mail whose From is on the signing domain is signed: a signature for
                        // another domain would not align with DMARC and says nothing.
                        if let signer, message.from.address.lowercased().hasSuffix("@" + signer.domain) {
                            text = try signer.sign(text, time: time)
                        }
                        return OutgoingMail(from: envelope, recipients: (message.to + message.cc + message.bcc).map(\.address), message: text)
                    })
                }
            }
            var parts: [(Int, [OutgoingMail])] = []
            for try await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }

    /// How an outcome is kept in the send log.
    static func logged(_ outcome: SMTPOutcome) -> (SendRecord.Outcome, String?) {
        switch outcome {
        case .accepted(let queueId): (.sent, queueId)
        case .permanent(let reply): (.bounced, "\(reply.code) \(reply.text)")
        case .transient(let reply): (.deferred, "\(reply.code) \(reply.text)")
        case .unknown(let reason): (.unknown, reason)
        }
    }
}
