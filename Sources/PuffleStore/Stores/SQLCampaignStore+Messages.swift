import PuffleCore
import SQLKit

extension SQLCampaignStore {
    public func saveDrafts(_ messages: [CampaignMessage], campaignId: String) async throws {
        guard !messages.isEmpty else { return }
        let engine = database.engine
        let now = database.clock.now().milliseconds
        try await database.transaction { db in
            try await Self.lockDraft(campaignId: campaignId, db: db)
            let workspaceId = try await db.raw("SELECT workspace_id FROM campaigns WHERE id = \(bind: campaignId)").first()?
                .decode(column: "workspace_id", as: String.self) ?? ""
            for batch in stride(from: 0, to: messages.count, by: 1000).map({ messages[$0..<min($0 + 1000, messages.count)] }) {
                var rows = BulkRows([
                    ("id", .text), ("campaign_id", .text), ("workspace_id", .text), ("prospect_id", .text), ("node_id", .text), ("subject", .text),
                    ("body_text", .text), ("body_html", .text), ("status", .text), ("created_at", .integer), ("updated_at", .integer),
                ])
                for message in batch {
                    rows.startRow()
                    for value in [message.id, campaignId, workspaceId, message.prospectId, message.nodeId, message.subject, message.bodyText, message.bodyHTML, "draft"] {
                        rows.add(value)
                    }
                    rows.add(now)
                    rows.add(now)
                }
                // An edited draft keeps its edits; a message past draft is never rewritten.
                try await db.raw(rows.insert(into: "campaign_messages", engine: engine, tail: """
                    ON CONFLICT (prospect_id, node_id) DO UPDATE SET subject = excluded.subject, body_text = excluded.body_text,
                        body_html = excluded.body_html, updated_at = excluded.updated_at
                    WHERE campaign_messages.status = 'draft' AND campaign_messages.manually_edited = 0
                    """)).run()
            }
        }
    }

    public func messages(campaignId: String, statuses: Set<MessageStatus>?, prospectId: String?, limit: Int) async throws -> [CampaignMessage] {
        var query = SQLQueryString("SELECT \(unsafeRaw: CampaignRows.messageList) FROM campaign_messages WHERE campaign_id = \(bind: campaignId)")
        if let statuses { query.appendLiteral(" AND status IN (\(CampaignRows.quoted(statuses)))") }
        if let prospectId { query.appendInterpolation(SQLQueryString(" AND prospect_id = \(bind: prospectId)")) }
        query.appendInterpolation(SQLQueryString(" ORDER BY prospect_id, created_at, id LIMIT \(bind: limit)"))
        let sql = query
        return try await database.read { db in try await db.raw(sql).all().map(CampaignRows.message(from:)) }
    }

    public func editDraft(campaignId: String, id: String, subject: String?, bodyText: String?, now: Timestamp) async throws -> CampaignMessage {
        try await database.transaction { db in
            guard let row = try await db.raw("""
                SELECT \(unsafeRaw: CampaignRows.messageList) FROM campaign_messages WHERE id = \(bind: id) AND campaign_id = \(bind: campaignId)
                """).first()
            else { throw PuffleError.notFound("Message \(id) not found in this campaign") }
            let message = try CampaignRows.message(from: row)
            guard message.status == .draft else { throw PuffleError.invalidRequest("Only draft messages can be edited; this one is \(message.status.rawValue)") }
            let updated = try await db.raw("""
                UPDATE campaign_messages SET subject = \(bind: subject ?? message.subject), body_text = \(bind: bodyText ?? message.bodyText),
                    manually_edited = 1, updated_at = \(bind: now.milliseconds)
                WHERE id = \(bind: id) AND status = 'draft'
                RETURNING \(unsafeRaw: CampaignRows.messageList)
                """).first()
            guard let updated else { throw PuffleError.conflict("Message \(id) changed meanwhile; read it again") }
            return try CampaignRows.message(from: updated)
        }
    }

    public func draftCounts(campaignId: String) async throws -> [String: Int] {
        try await database.read { db in
            var counts: [String: Int] = [:]
            for row in try await db.raw("""
                SELECT node_id, count(*) AS n FROM campaign_messages WHERE campaign_id = \(bind: campaignId) AND status = 'draft' GROUP BY node_id
                """).all() {
                counts[try row.decode(column: "node_id", as: String.self)] = try row.decode(column: "n", as: Int.self)
            }
            return counts
        }
    }

    public func sentCounts(campaignId: String, since: Timestamp) async throws -> [String: Int] {
        try await database.read { db in
            var counts: [String: Int] = [:]
            for row in try await db.raw("""
                SELECT sender_id, count(*) AS n FROM campaign_messages
                WHERE campaign_id = \(bind: campaignId) AND sent_at >= \(bind: since.milliseconds) AND status IN ('sending', 'sent', 'unknown', 'bounced')
                GROUP BY sender_id
                """).all() {
                if let sender = try row.decode(column: "sender_id", as: String?.self) { counts[sender] = try row.decode(column: "n", as: Int.self) }
            }
            return counts
        }
    }

    public func unsubscribe(prospectId: String, now: Timestamp) async throws -> (email: String, campaignIds: [String])? {
        try await database.transaction { db in
            guard let row = try await db.raw("SELECT workspace_id, email FROM campaign_prospects WHERE id = \(bind: prospectId)").first(),
                let email = try row.decode(column: "email", as: String?.self)
            else { return nil }
            let workspaceId = try row.decode(column: "workspace_id", as: String.self)
            try await db.raw("""
                INSERT INTO suppressions (workspace_id, email, reason, created_at) VALUES (\(bind: workspaceId), \(bind: email), 'unsubscribed', \(bind: now.milliseconds))
                ON CONFLICT DO NOTHING
                """).run()
            let campaigns = try await db.raw("""
                UPDATE campaign_prospects SET status = 'cancelled', due_at = NULL, next_position = NULL, current_node_id = NULL, updated_at = \(bind: now.milliseconds)
                WHERE workspace_id = \(bind: workspaceId) AND email = \(bind: email) AND status NOT IN (\(unsafeRaw: CampaignRows.quoted(ProspectStatus.terminal)))
                RETURNING campaign_id
                """).all().map { try $0.decode(column: "campaign_id", as: String.self) }
            return (email, Array(Set(campaigns)).sorted())
        }
    }

    public func recordOpen(prospectId: String, nodeId: String, now: Timestamp) async throws {
        try await database.write { db in
            try await db.raw("""
                UPDATE campaign_messages SET opened_at = COALESCE(opened_at, \(bind: now.milliseconds)), open_count = open_count + 1
                WHERE prospect_id = \(bind: prospectId) AND node_id = \(bind: nodeId)
                """).run()
        }
    }
}
