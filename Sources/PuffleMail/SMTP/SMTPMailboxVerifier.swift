import NIOCore
import PuffleCore

/// Proves a mailbox's SMTP settings by logging in (greeting, EHLO, STARTTLS or TLS, AUTH) and
/// saying QUIT, sending nothing.
public struct SMTPMailboxVerifier: MailboxVerifier {
    let stepTimeout: Int64
    let heloName: String?

    /// - Parameters:
    ///   - stepTimeoutSeconds: How long each step may wait (a user is waiting on the answer).
    ///   - heloName: The name EHLO gives instead of the sender's domain (`PUFFLE_SMTP_HELO_NAME`).
    public init(stepTimeoutSeconds: Int64 = 15, heloName: String? = nil) {
        stepTimeout = stepTimeoutSeconds
        self.heloName = heloName
    }

    public func check(_ smtp: MailServerSettings, heloName: String) async -> SenderActivation.LoginCheck {
        let client = SMTPClient(server: smtp, heloName: self.heloName ?? heloName, stepTimeout: .seconds(stepTimeout))
        do {
            try await client.withSession { _ in }
            return .verified
        } catch let error as SMTPError {
            switch error {
            case .unreachable, .timeout: return .unreachable(error.description)
            // A 4xx (421 too many connections, 454 try later) is the server asking to come back:
            // the sender stays pending for retry-warmup rather than being refused.
            case .authenticationFailed(let reply) where !reply.isPermanent: return .unreachable(error.description)
            case .refused(_, let reply) where !reply.isPermanent: return .unreachable(error.description)
            case .authenticationFailed, .refused, .tls: return .refused(error.description)
            }
        } catch {
            return .refused("\(error)")
        }
    }
}

extension DNSResolver: DNSTextLookup {}

/// DKIM keys made with ``DKIMSigner/generateKey()``: 2,048-bit RSA.
public struct RSADKIMKeyMaker: DKIMKeyMaker {
    public init() {}

    public func makeKey() throws -> (privateKeyPEM: String, dnsRecord: String) {
        try DKIMSigner.generateKey()
    }
}
