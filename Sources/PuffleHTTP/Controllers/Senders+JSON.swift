import PuffleCore

/// The JSON of senders and domains, with the contract's keys and ours; never a password.
enum SenderJSON {
    static func account(_ account: SenderAccount, stats: (sent: Int, committed: Int)? = nil) -> JSONValue {
        var object: JSONObject = [
            "id": .string(account.id), "user_id": .string(account.workspaceId), "type": .string(account.type.rawValue),
            "display_name": .string(account.displayName), "status": .string(account.status.rawValue),
            "created_at": .string(account.createdAt.iso8601), "updated_at": .string(account.updatedAt.iso8601),
            "provider_account_id": .null, "profile_url": .null, "is_premium": .null, "has_sales_navigator": .null,
            "weekly_connection_limit": .null, "weekly_message_limit": .null,
            "email_address": .orNull(account.emailAddress), "domain_id": .orNull(account.domain?.id),
            "agentmail_inbox_id": .null, "instantly_account_id": .null, "instantly_tag_id": .null, "instantly_warmup_tag_id": .null,
            "warmup_status": .orNull(account.warmupStatus?.rawValue), "first_name": .orNull(account.firstName),
            "last_name": .orNull(account.lastName), "signature": .orNull(account.signature), "daily_limit": .integer(Int64(account.dailyLimit)),
            "email_domains": account.domain.map { ["id": .string($0.id), "domain": .string($0.domain), "status": .string($0.status.rawValue)] } ?? .null,
            "smtp": account.smtp?.withoutPassword.json ?? .null, "imap": account.imap?.withoutPassword.json ?? .null,
            "last_error": .orNull(account.lastError),
        ]
        if let stats { object["stats"] = ["today_sent": .integer(Int64(stats.sent)), "today_committed": .integer(Int64(stats.committed))] }
        return .object(object)
    }

    static func domain(_ domain: EmailDomain) -> JSONValue {
        [
            "id": .string(domain.id), "user_id": .string(domain.workspaceId), "domain": .string(domain.domain), "agentmail_domain_id": .null,
            "status": .string(domain.status.rawValue), "dns_records": .array(domain.records.map(\.json)),
            "verified_at": .orNull(domain.verifiedAt?.iso8601), "next_check_at": .orNull(domain.nextCheckAt?.iso8601),
            "smtp": domain.smtp?.withoutPassword.json ?? .null, "imap": domain.imap?.withoutPassword.json ?? .null,
            "created_at": .string(domain.createdAt.iso8601), "updated_at": .string(domain.updatedAt.iso8601),
        ]
    }
}
