/// A sender to create. Passwords and keys arrive in clear here and are sealed by the store.
public struct NewSenderAccount: Sendable {
    public var workspaceId: String
    public var emailAddress: String
    public var displayName: String
    public var firstName: String?
    public var lastName: String?
    public var signature: String?
    public var dailyLimit: Int
    /// The domain it is created on, or nil for a mailbox with servers of its own.
    public var domainId: String?
    /// Its own servers; nil for a mailbox on a domain that sends through the domain's relay.
    public var smtp: MailServerSettings?
    public var imap: MailServerSettings?
    public var status: SenderStatus
    public var warmupStatus: WarmupStatus
    public var lastError: String?
    public var warmupStartedAt: Timestamp?

    public init(
        workspaceId: String, emailAddress: String, displayName: String, firstName: String?, lastName: String?, signature: String?,
        dailyLimit: Int, domainId: String?, smtp: MailServerSettings?, imap: MailServerSettings?, status: SenderStatus,
        warmupStatus: WarmupStatus, lastError: String?, warmupStartedAt: Timestamp?
    ) {
        self.workspaceId = workspaceId
        self.emailAddress = emailAddress
        self.displayName = displayName
        self.firstName = firstName
        self.lastName = lastName
        self.signature = signature
        self.dailyLimit = dailyLimit
        self.domainId = domainId
        self.smtp = smtp
        self.imap = imap
        self.status = status
        self.warmupStatus = warmupStatus
        self.lastError = lastError
        self.warmupStartedAt = warmupStartedAt
    }
}

/// What sending through a sender needs, opened from the sealed columns. Never shown or logged.
public struct SenderCredentials: Sendable {
    public var account: SenderAccount
    /// The SMTP (and IMAP) settings with their passwords.
    public var smtp: MailServerSettings
    public var imap: MailServerSettings?
    /// The domain's DKIM key (PEM) and selector, for mail from a registered domain.
    public var dkim: (domain: String, selector: String, privateKeyPEM: String)?

    public init(account: SenderAccount, smtp: MailServerSettings, imap: MailServerSettings?, dkim: (domain: String, selector: String, privateKeyPEM: String)?) {
        self.account = account
        self.smtp = smtp
        self.imap = imap
        self.dkim = dkim
    }
}

/// A sending domain to register, with its new DKIM key in clear (sealed by the store).
public struct NewEmailDomain: Sendable {
    public var workspaceId: String
    public var domain: String
    public var dkimSelector: String
    public var dkimPrivateKeyPEM: String
    public var records: [DomainRecord]
    public var smtp: MailServerSettings?
    public var imap: MailServerSettings?

    public init(
        workspaceId: String, domain: String, dkimSelector: String, dkimPrivateKeyPEM: String, records: [DomainRecord], smtp: MailServerSettings?,
        imap: MailServerSettings?
    ) {
        self.workspaceId = workspaceId
        self.domain = domain
        self.dkimSelector = dkimSelector
        self.dkimPrivateKeyPEM = dkimPrivateKeyPEM
        self.records = records
        self.smtp = smtp
        self.imap = imap
    }
}

/// Sender accounts, sending domains and the send log of a workspace.
///
/// Secrets (mailbox passwords, DKIM private keys) are sealed when written and opened only by
/// ``credentials(accountId:workspaceId:)``; nothing else a store returns carries them.
public protocol SenderStore: Sendable {
    /// - Throws: `PuffleError.conflict` when the workspace has a sender with this address.
    func createAccount(_ new: NewSenderAccount) async throws -> SenderAccount

    /// The workspace's senders, newest first, optionally of one type.
    func accounts(workspaceId: String, type: SenderType?) async throws -> [SenderAccount]

    /// - Throws: `PuffleError.notFound` when the workspace has no sender with this id.
    func account(id: String, workspaceId: String) async throws -> SenderAccount

    /// Replaces an email sender's signature. - Throws: `PuffleError.notFound`.
    func setSignature(id: String, workspaceId: String, signature: String?) async throws -> SenderAccount

    /// Moves a sender from one status pair to another, only if it is still in `from` (a
    /// compare-and-set, so two retries cannot both apply).
    /// - Throws: `PuffleError.notFound`; `PuffleError.conflict` when it is no longer in `from`.
    func transition(
        id: String, workspaceId: String, from: (SenderStatus, WarmupStatus?), to: (SenderStatus, WarmupStatus?), lastError: String?,
        warmupStartedAt: Timestamp?
    ) async throws -> SenderAccount

    /// Records why a check failed, without changing the status.
    func noteError(id: String, workspaceId: String, lastError: String?) async throws

    /// Deletes a sender; its send log stays. - Throws: `PuffleError.notFound`.
    func deleteAccount(id: String, workspaceId: String) async throws

    /// Sets per-sender daily limits, all or none. - Throws: `PuffleError.notFound` naming the first unknown id.
    func setDailyLimits(workspaceId: String, _ limits: [String: Int]) async throws

    /// The sender with its passwords and DKIM key opened, to send or read mail.
    /// - Throws: `PuffleError.notFound`; an error when the secret key cannot open them.
    func credentials(accountId: String, workspaceId: String) async throws -> SenderCredentials

    /// - Throws: `PuffleError.conflict` when this workspace already registered the domain, or
    ///   another workspace verified it.
    func createDomain(_ new: NewEmailDomain) async throws -> EmailDomain

    /// A domain's relay and mailbox servers with their passwords opened, to log a new mailbox in.
    /// - Throws: `PuffleError.notFound`.
    func domainServers(id: String, workspaceId: String) async throws -> (smtp: MailServerSettings?, imap: MailServerSettings?)

    /// The workspace's domains, newest first.
    func domains(workspaceId: String) async throws -> [EmailDomain]

    /// - Throws: `PuffleError.notFound`.
    func domain(id: String, workspaceId: String) async throws -> EmailDomain

    /// Saves a domain's check: status, records, verified time and schedule, only if the row is still
    /// as read at `readAt` (its `updatedAt` then). - Throws: `PuffleError.conflict` when another
    /// workspace verified the same domain first; `.refused(code: "domain_changed", kind: .stateConflict)` when another
    /// check saved in between.
    func saveCheck(_ domain: EmailDomain, readAt: Timestamp) async throws -> EmailDomain

    /// Domains being polled whose next re-check is due, across workspaces, oldest due first.
    func domainsDue(now: Timestamp, limit: Int) async throws -> [EmailDomain]

    /// Appends to the send log.
    func recordSends(_ records: [SendRecord]) async throws

    /// The send log of some senders since a time, oldest first.
    func sends(accountIds: [String], since: Timestamp) async throws -> [SendRecord]

    /// How many sends of each sender since a time count against its cap (sent, bounced or of
    /// unknown fate: ``SendCapacity/countsAgainstCap(_:)``): what the engine checks every round,
    /// without reading the day's log.
    func capCounts(accountIds: [String], since: Timestamp) async throws -> [String: Int]

    /// Whether a workspace lets campaigns use senders still warming up (`allow_warming_accounts`).
    func allowsWarmingAccounts(workspaceId: String) async throws -> Bool
}
