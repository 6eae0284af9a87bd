/// A sender's channel.
public enum SenderType: String, Sendable, Codable, CaseIterable {
    case email
    case linkedin
}

/// Where a sender stands. Email: `pending` (not yet usable: the login was not verified),
/// `warming`, `active`, `error`. LinkedIn: `connected`, `credentials_required`, `disconnected`.
public enum SenderStatus: String, Sendable, Codable, CaseIterable {
    case pending
    case warming
    case active
    case error
    case connected
    case credentialsRequired = "credentials_required"
    case disconnected

    /// Statuses a campaign may send through (the settings' `campaign_accounts`).
    public var isSendable: Bool { self == .warming || self == .active || self == .connected }
}

/// Where an email sender's warmup stands.
public enum WarmupStatus: String, Sendable, Codable, CaseIterable {
    case notStarted = "not_started"
    case warming
    case warmed
    case active
    case completed
    case banned
    case suspended
}

/// The limits every sender shares.
public enum SenderLimits {
    /// Messages a day when nothing else is set.
    public static let defaultDaily = 30
    /// The most a day any per-account limit may be.
    public static let maxDaily = 150
    /// LinkedIn weekly defaults: connection requests and messages, free and premium.
    public static let weeklyConnections = (free: 80, premium: 100)
    public static let weeklyMessages = (free: 100, premium: 150)
    public static let maxWeekly = 150
}

/// The domain an email sender belongs to, as senders show it.
public struct SenderDomainSummary: Sendable, Equatable {
    public var id: String
    public var domain: String
    public var status: EmailDomainStatus

    public init(id: String, domain: String, status: EmailDomainStatus) {
        self.id = id
        self.domain = domain
        self.status = status
    }
}

/// A sender account: an email mailbox (connected over SMTP, or created on a sending domain) or a
/// LinkedIn account. Campaigns send through senders of their own channel.
public struct SenderAccount: Sendable, Equatable {
    public var id: String
    public var workspaceId: String
    public var type: SenderType
    public var displayName: String
    public var status: SenderStatus
    public var warmupStatus: WarmupStatus?
    public var emailAddress: String?
    /// The sending domain it was created on; nil for a mailbox connected with its own servers.
    public var domain: SenderDomainSummary?
    public var firstName: String?
    public var lastName: String?
    public var signature: String?
    public var dailyLimit: Int
    /// The servers it sends and reads through (its own, or its domain's), without passwords.
    public var smtp: MailServerSettings?
    public var imap: MailServerSettings?
    /// Why the last login or send check failed, as the server said it; nil after a success.
    public var lastError: String?
    /// When warmup started (the login first verified), for graduation.
    public var warmupStartedAt: Timestamp?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(
        id: String, workspaceId: String, type: SenderType, displayName: String, status: SenderStatus, warmupStatus: WarmupStatus?,
        emailAddress: String?, domain: SenderDomainSummary?, firstName: String?, lastName: String?, signature: String?, dailyLimit: Int,
        smtp: MailServerSettings?, imap: MailServerSettings?, lastError: String?, warmupStartedAt: Timestamp?, createdAt: Timestamp, updatedAt: Timestamp
    ) {
        self.id = id
        self.workspaceId = workspaceId
        self.type = type
        self.displayName = displayName
        self.status = status
        self.warmupStatus = warmupStatus
        self.emailAddress = emailAddress
        self.domain = domain
        self.firstName = firstName
        self.lastName = lastName
        self.signature = signature
        self.dailyLimit = dailyLimit
        self.smtp = smtp
        self.imap = imap
        self.lastError = lastError
        self.warmupStartedAt = warmupStartedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
