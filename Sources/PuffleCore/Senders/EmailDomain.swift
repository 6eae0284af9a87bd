/// Where a sending domain's verification stands.
public enum EmailDomainStatus: String, Sendable, Codable, CaseIterable {
    /// Registered; its records are not all published yet. Publish them and verify.
    case pending
    /// Being re-checked on a schedule (``DomainVerification/recheckDelays``).
    case verifying
    /// Its SPF and DKIM records are published as given.
    case verified
    /// The re-checks ran out without finding the records.
    case failed
}

/// One DNS record a sending domain publishes, and what the last check found.
public struct DomainRecord: Sendable, Equatable {
    /// Why it is published.
    public enum Purpose: String, Sendable {
        case spf
        case dkim
        case dmarc
    }

    /// What the last check found at its name.
    public enum Check: String, Sendable {
        /// Not checked yet.
        case unchecked
        /// Published as given.
        case verified
        /// Nothing of its kind at the name.
        case missing
        /// A record of its kind is there, with another value (a DKIM key of another pair).
        case mismatch
    }

    public var purpose: Purpose
    public var type: String
    public var name: String
    public var value: String
    /// Needed for `verified`; DMARC is advised, not needed.
    public var required: Bool
    public var check: Check

    public init(purpose: Purpose, type: String = "TXT", name: String, value: String, required: Bool, check: Check = .unchecked) {
        self.purpose = purpose
        self.type = type
        self.name = name
        self.value = value
        self.required = required
        self.check = check
    }
}

/// A sending domain registered in a workspace: the DNS records it publishes, its DKIM key (sealed,
/// held by the store) and, optionally, the relay and mailbox servers its mailboxes use.
public struct EmailDomain: Sendable, Equatable {
    public var id: String
    public var workspaceId: String
    public var domain: String
    public var status: EmailDomainStatus
    /// The DKIM selector: the first label of the key's record name.
    public var dkimSelector: String
    public var records: [DomainRecord]
    public var smtp: MailServerSettings?
    public var imap: MailServerSettings?
    public var verifiedAt: Timestamp?
    /// Re-checks done in the current verification round, and when the next is due.
    public var checkCount: Int
    public var nextCheckAt: Timestamp?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(
        id: String, workspaceId: String, domain: String, status: EmailDomainStatus, dkimSelector: String, records: [DomainRecord],
        smtp: MailServerSettings?, imap: MailServerSettings?, verifiedAt: Timestamp?, checkCount: Int, nextCheckAt: Timestamp?,
        createdAt: Timestamp, updatedAt: Timestamp
    ) {
        self.id = id
        self.workspaceId = workspaceId
        self.domain = domain
        self.status = status
        self.dkimSelector = dkimSelector
        self.records = records
        self.smtp = smtp
        self.imap = imap
        self.verifiedAt = verifiedAt
        self.checkCount = checkCount
        self.nextCheckAt = nextCheckAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
