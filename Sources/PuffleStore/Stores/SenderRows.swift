import PuffleCore
import SQLKit

/// How senders, domains and send-log rows are laid out, written in one place.
enum SenderRows {
    static let accountList = """
        a.id, a.workspace_id, a.type, a.display_name, a.status, a.warmup_status, a.email_address, a.domain_id, a.first_name, a.last_name,
        a.signature, a.daily_limit, a.smtp, a.imap, a.last_error, a.warmup_started_at, a.created_at, a.updated_at,
        d.domain AS domain_name, d.status AS domain_status
        """
    static let accountFrom = "sender_accounts a LEFT JOIN email_domains d ON d.id = a.domain_id"

    static let domainList = """
        id, workspace_id, domain, status, dkim_selector, records, smtp, imap, verified_at, check_count, next_check_at, created_at, updated_at
        """

    /// The sealed columns and the field names their ciphertexts are bound to.
    enum Sealed {
        static let accountSMTP = "sender_accounts.smtp_password"
        static let accountIMAP = "sender_accounts.imap_password"
        static let domainSMTP = "email_domains.smtp_password"
        static let domainIMAP = "email_domains.imap_password"
        static let domainDKIM = "email_domains.dkim_private_key"
    }

    static func account(from row: any SQLRow) throws -> SenderAccount {
        let domainId = try row.decode(column: "domain_id", as: String?.self)
        var domain: SenderDomainSummary?
        if let domainId, let name = try row.decode(column: "domain_name", as: String?.self) {
            let status = EmailDomainStatus(rawValue: try row.decode(column: "domain_status", as: String?.self) ?? "") ?? .pending
            domain = SenderDomainSummary(id: domainId, domain: name, status: status)
        }
        return SenderAccount(
            id: try row.decode(column: "id", as: String.self),
            workspaceId: try row.decode(column: "workspace_id", as: String.self),
            type: SenderType(rawValue: try row.decode(column: "type", as: String.self)) ?? .email,
            displayName: try row.decode(column: "display_name", as: String.self),
            status: SenderStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .error,
            warmupStatus: try row.decode(column: "warmup_status", as: String?.self).flatMap(WarmupStatus.init(rawValue:)),
            emailAddress: try row.decode(column: "email_address", as: String?.self),
            domain: domain,
            firstName: try row.decode(column: "first_name", as: String?.self),
            lastName: try row.decode(column: "last_name", as: String?.self),
            signature: try row.decode(column: "signature", as: String?.self),
            dailyLimit: try row.decode(column: "daily_limit", as: Int.self),
            smtp: try settings(row, "smtp"),
            imap: try settings(row, "imap"),
            lastError: try row.decode(column: "last_error", as: String?.self),
            warmupStartedAt: try row.decode(column: "warmup_started_at", as: Int64?.self).map(Timestamp.init(milliseconds:)),
            createdAt: Timestamp(milliseconds: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Timestamp(milliseconds: try row.decode(column: "updated_at", as: Int64.self))
        )
    }

    static func domain(from row: any SQLRow) throws -> EmailDomain {
        let records = (try? JSONParser.parse(try row.decode(column: "records", as: String.self)))?.arrayValue ?? []
        return EmailDomain(
            id: try row.decode(column: "id", as: String.self),
            workspaceId: try row.decode(column: "workspace_id", as: String.self),
            domain: try row.decode(column: "domain", as: String.self),
            status: EmailDomainStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .pending,
            dkimSelector: try row.decode(column: "dkim_selector", as: String.self),
            records: records.compactMap(DomainRecord.init(json:)),
            smtp: try settings(row, "smtp"),
            imap: try settings(row, "imap"),
            verifiedAt: try row.decode(column: "verified_at", as: Int64?.self).map(Timestamp.init(milliseconds:)),
            checkCount: try row.decode(column: "check_count", as: Int.self),
            nextCheckAt: try row.decode(column: "next_check_at", as: Int64?.self).map(Timestamp.init(milliseconds:)),
            createdAt: Timestamp(milliseconds: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Timestamp(milliseconds: try row.decode(column: "updated_at", as: Int64.self))
        )
    }

    static func settings(_ row: any SQLRow, _ column: String) throws -> MailServerSettings? {
        guard let text = try row.decode(column: column, as: String?.self) else { return nil }
        return (try? JSONParser.parse(text)).flatMap(MailServerSettings.init(json:))
    }

    static func settingsText(_ settings: MailServerSettings?) -> String? {
        settings.map { JSONWriter.string($0.json) }
    }

    static func recordsText(_ records: [DomainRecord]) -> String {
        JSONWriter.string(.array(records.map(\.json)))
    }

    static func sendRecord(from row: any SQLRow) throws -> SendRecord {
        SendRecord(
            id: try row.decode(column: "id", as: String.self),
            workspaceId: try row.decode(column: "workspace_id", as: String.self),
            accountId: try row.decode(column: "account_id", as: String.self),
            campaignId: try row.decode(column: "campaign_id", as: String?.self),
            recipient: try row.decode(column: "recipient", as: String.self),
            messageId: try row.decode(column: "message_id", as: String.self),
            outcome: SendRecord.Outcome(rawValue: try row.decode(column: "outcome", as: String.self)) ?? .unknown,
            detail: try row.decode(column: "detail", as: String?.self),
            at: Timestamp(milliseconds: try row.decode(column: "at", as: Int64.self))
        )
    }
}
