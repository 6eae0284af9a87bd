import PuffleCore
import SQLKit

/// ``UniboxStore`` over SQL: `conversations`, `conversation_messages`, `mailbox_cursors`, and the
/// campaign rows inbound mail changes (prospects' states, suppressions).
public struct SQLUniboxStore: UniboxStore {
    let database: PuffleDatabase

    public init(database: PuffleDatabase) {
        self.database = database
    }

    public func mailboxes() async throws -> [(accountId: String, workspaceId: String)] {
        try await database.read { db in
            try await db.raw("""
                SELECT id, workspace_id FROM sender_accounts
                WHERE type = 'email' AND imap IS NOT NULL AND status IN ('warming', 'active') ORDER BY id
                """).all().map { (try $0.decode(column: "id", as: String.self), try $0.decode(column: "workspace_id", as: String.self)) }
        }
    }

    public func cursor(accountId: String) async throws -> MailboxCursor {
        try await database.read { db in
            guard let row = try await db.raw("SELECT uid_validity, last_uid, login_failures FROM mailbox_cursors WHERE account_id = \(bind: accountId)").first()
            else { return MailboxCursor() }
            return MailboxCursor(
                uidValidity: try row.decode(column: "uid_validity", as: Int64?.self).map { UInt32(truncatingIfNeeded: $0) },
                lastUID: UInt32(truncatingIfNeeded: try row.decode(column: "last_uid", as: Int64.self)),
                loginFailures: try row.decode(column: "login_failures", as: Int.self))
        }
    }

    public func saveCursor(_ cursor: MailboxCursor, accountId: String, workspaceId: String, now: Timestamp) async throws {
        try await database.write { db in try await Self.saveCursor(cursor, accountId: accountId, workspaceId: workspaceId, now: now, db: db) }
    }

    static func saveCursor(_ cursor: MailboxCursor, accountId: String, workspaceId: String, now: Timestamp, db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO mailbox_cursors (account_id, workspace_id, uid_validity, last_uid, login_failures, synced_at)
            VALUES (\(bind: accountId), \(bind: workspaceId), \(bind: cursor.uidValidity.map(Int64.init)), \(bind: Int64(cursor.lastUID)),
                \(bind: cursor.loginFailures), \(bind: now.milliseconds))
            ON CONFLICT (account_id) DO UPDATE SET uid_validity = excluded.uid_validity, last_uid = excluded.last_uid,
                login_failures = excluded.login_failures, synced_at = excluded.synced_at
            """).run()
    }

    static let matchColumns = """
        m.campaign_id, m.prospect_id, m.message_id, m.subject, p.email, p.status, c.stop_on_reply
        FROM campaign_messages m JOIN campaign_prospects p ON p.id = m.prospect_id JOIN campaigns c ON c.id = m.campaign_id
        """

    static func match(from row: any SQLRow) throws -> SentMessageMatch {
        SentMessageMatch(
            campaignId: try row.decode(column: "campaign_id", as: String.self), prospectId: try row.decode(column: "prospect_id", as: String.self),
            prospectEmail: try row.decode(column: "email", as: String?.self),
            prospectStatus: ProspectStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .pending,
            stopOnReply: try row.decode(column: "stop_on_reply", as: Int.self) != 0, messageId: try row.decode(column: "message_id", as: String.self),
            subject: try row.decode(column: "subject", as: String?.self))
    }

    public func sentMessages(workspaceId: String, messageIds: [String]) async throws -> [String: SentMessageMatch] {
        guard !messageIds.isEmpty else { return [:] }
        let engine = database.engine
        return try await database.read { db in
            var found: [String: SentMessageMatch] = [:]
            for row in try await db.raw("""
                SELECT \(unsafeRaw: Self.matchColumns)
                WHERE m.message_id IN (SELECT value FROM \(SQLCampaignStore.values(messageIds, engine: engine))) AND m.workspace_id = \(bind: workspaceId)
                """).all() {
                let match = try Self.match(from: row)
                found[match.messageId] = match
            }
            return found
        }
    }

    public func sentMessages(workspaceId: String, accountId: String, addresses: [String]) async throws -> [String: SentMessageMatch] {
        guard !addresses.isEmpty else { return [:] }
        let engine = database.engine
        return try await database.read { db in
            var found: [String: SentMessageMatch] = [:]
            // Oldest first, so the latest message to each address is the one kept.
            for row in try await db.raw("""
                SELECT \(unsafeRaw: Self.matchColumns)
                WHERE p.email IN (SELECT value FROM \(SQLCampaignStore.values(addresses, engine: engine))) AND m.workspace_id = \(bind: workspaceId)
                    AND m.sender_id = \(bind: accountId) AND m.sent_at IS NOT NULL
                ORDER BY m.sent_at, m.id
                """).all() {
                let match = try Self.match(from: row)
                if let email = match.prospectEmail { found[email] = match }
            }
            return found
        }
    }

    public func ingest(_ plans: [InboundPlan], accountId: String, workspaceId: String, cursor: MailboxCursor, now: Timestamp) async throws -> Int {
        let engine = database.engine
        return try await database.transaction { db in
            let stored = try await Self.store(plans, accountId: accountId, workspaceId: workspaceId, now: now, engine: engine, db: db)
            try await Self.saveCursor(cursor, accountId: accountId, workspaceId: workspaceId, now: now, db: db)
            return stored
        }
    }
}
