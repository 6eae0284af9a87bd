/// Logs in to a mailbox's SMTP server to prove its settings (connect, TLS, AUTH), sending nothing.
/// PuffleMail's SMTP client does it; tests may pass their own.
public protocol MailboxVerifier: Sendable {
    /// - Parameter heloName: The name EHLO gives (the sender's domain).
    func check(_ smtp: MailServerSettings, heloName: String) async -> SenderActivation.LoginCheck
}

/// DNS TXT lookups, for sending-domain verification (`PUFFLE_DNS_SERVER` names the resolver).
public protocol DNSTextLookup: Sendable {
    /// The TXT values at `name`; empty when there are none or the name does not exist.
    /// - Throws: when the name server does not answer.
    func textRecords(for name: String) async throws -> [String]
}

/// Generates a DKIM key pair for a new sending domain.
public protocol DKIMKeyMaker: Sendable {
    /// The private key (PEM, to seal) and the TXT value to publish (`v=DKIM1; k=rsa; p=...`).
    func makeKey() throws -> (privateKeyPEM: String, dnsRecord: String)
}

extension DomainVerification {
    /// Looks up every record's name (outside any transaction) and judges the records.
    /// - Throws: when the name server does not answer: nothing is decided from silence.
    public static func lookUp(_ records: [DomainRecord], with dns: any DNSTextLookup) async throws -> [DomainRecord] {
        var found: [String: [String]] = [:]
        for name in Set(records.map { $0.name.lowercased() }) { found[name] = try await dns.textRecords(for: name) }
        return judged(records, found: found)
    }
}

/// The mail and DNS services the sender routes use, passed down from where the process starts.
public struct MailServices: Sendable {
    public var verifier: any MailboxVerifier
    public var dns: any DNSTextLookup
    public var dkimKeys: any DKIMKeyMaker
    /// Sends one-off and reply emails from the Unibox; nil where nothing sends (then 503).
    public var mailer: (any CampaignMailer)?

    public init(verifier: any MailboxVerifier, dns: any DNSTextLookup, dkimKeys: any DKIMKeyMaker, mailer: (any CampaignMailer)? = nil) {
        self.verifier = verifier
        self.dns = dns
        self.dkimKeys = dkimKeys
        self.mailer = mailer
    }
}
