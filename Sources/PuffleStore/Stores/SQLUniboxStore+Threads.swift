import PuffleCore
import SQLKit

extension SQLUniboxStore {
    public func threads(workspaceId: String, filter: ThreadFilter, page: Int, limit: Int) async throws -> (threads: [ThreadSummary], total: Int) {
        let condition = Self.condition(filter, workspaceId: workspaceId, engine: database.engine)
        let offset = max(0, page - 1) * limit
        return try await database.read { db in
            let total = try await db.raw("SELECT COUNT(*) AS total FROM conversations c WHERE \(condition)").first()?.decode(column: "total", as: Int.self) ?? 0
            let rows = try await db.raw("""
                SELECT \(unsafeRaw: UniboxRows.threadColumns) FROM conversations c WHERE \(condition)
                ORDER BY COALESCE(c.last_message_at, c.created_at) DESC, c.id DESC LIMIT \(bind: limit) OFFSET \(bind: offset)
                """).all()
            return (try rows.map(UniboxRows.summary(from:)), total)
        }
    }

    /// The WHERE clause of a thread list: every filter given, ANDed; lists within a filter ORed.
    static func condition(_ filter: ThreadFilter, workspaceId: String, engine: DatabaseEngine) -> SQLQueryString {
        var sql = SQLQueryString("c.workspace_id = \(bind: workspaceId)")
        func and(_ part: SQLQueryString) {
            sql.appendLiteral(" AND ")
            sql.appendInterpolation(part)
        }
        if let views = filter.views, !views.isEmpty {
            var anyView = SQLQueryString("(")
            for (index, view) in views.enumerated() {
                if index > 0 { anyView.appendLiteral(" OR ") }
                switch view {
                case .inbox: anyView.appendLiteral("(c.status = 'active' AND c.inbound_count > 0)")
                case .unread: anyView.appendLiteral("c.unread_count > 0")
                case .bounced: anyView.appendLiteral("c.bounced = 1")
                default:
                    let states = (view.inboxStates ?? []).map(\.rawValue)
                    anyView.appendInterpolation(SQLQueryString("c.inbox_state IN (SELECT value FROM \(SQLCampaignStore.values(states, engine: engine)))"))
                }
            }
            anyView.appendLiteral(")")
            and(anyView)
        }
        if let states = filter.inboxStates {
            and("c.inbox_state IN (SELECT value FROM \(SQLCampaignStore.values(states.map(\.rawValue), engine: engine)))")
        }
        if let statuses = filter.statuses {
            and("c.status IN (SELECT value FROM \(SQLCampaignStore.values(statuses.map(\.rawValue), engine: engine)))")
        }
        if filter.onlyWithInbound { and("c.status = 'active' AND c.inbound_count > 0") }
        if let unread = filter.unread { and(unread ? "c.unread_count > 0" : "c.unread_count = 0") }
        if let bounced = filter.bounced { and("c.bounced = \(bind: bounced ? 1 : 0)") }
        if let channel = filter.channel { and("c.channel = \(bind: channel.rawValue)") }
        if let accountId = filter.accountId { and("c.account_id = \(bind: accountId)") }
        if let email = filter.participantEmail { and("c.participant_email = \(bind: email.lowercased())") }
        if let excluded = filter.excludeThreadId { and("c.id <> \(bind: excluded)") }
        if let campaignId = filter.campaignId {
            and("EXISTS (SELECT 1 FROM conversation_messages m WHERE m.conversation_id = c.id AND m.campaign_id = \(bind: campaignId))")
        }
        if let search = filter.search?.lowercased(), !search.isEmpty {
            let pattern = LeadRows.containsPattern(search)
            and("""
                (LOWER(COALESCE(c.participant_name, '')) LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(COALESCE(c.participant_email, '')) LIKE \(bind: pattern) ESCAPE '\\'
                OR LOWER(COALESCE(c.participant_linkedin_url, '')) LIKE \(bind: pattern) ESCAPE '\\'
                OR LOWER(COALESCE(c.last_message_snippet, '')) LIKE \(bind: pattern) ESCAPE '\\')
                """)
        }
        return sql
    }

    public func thread(id: String, workspaceId: String, markRead: Bool) async throws -> ThreadSummary {
        try await database.transaction { db in
            if markRead {
                try await db.raw("UPDATE conversations SET unread_count = 0 WHERE id = \(bind: id) AND workspace_id = \(bind: workspaceId)").run()
            }
            guard let row = try await db.raw("""
                SELECT \(unsafeRaw: UniboxRows.threadColumns) FROM conversations c WHERE c.id = \(bind: id) AND c.workspace_id = \(bind: workspaceId)
                """).first()
            else { throw PuffleError.notFound("Thread \(id) not found") }
            return try UniboxRows.summary(from: row)
        }
    }

    public func updateThread(
        id: String, workspaceId: String, now: Timestamp, _ change: @Sendable (inout UniboxThread) throws -> Void
    ) async throws -> ThreadSummary {
        let engine = database.engine
        return try await database.transaction { db in
            guard let row = try await db.raw("""
                SELECT \(unsafeRaw: UniboxRows.threadColumns) FROM conversations c WHERE c.id = \(bind: id) AND c.workspace_id = \(bind: workspaceId)
                """).first()
            else { throw PuffleError.notFound("Thread \(id) not found") }
            var summary = try UniboxRows.summary(from: row)
            try change(&summary.thread)
            summary.thread.updatedAt = now
            try await Self.updateThreads([summary.thread], engine: engine, db: db)
            return summary
        }
    }

    public func participantDetails(workspaceId: String, email: String) async throws -> (company: String?, position: String?, headline: String?)? {
        try await database.read { db in
            guard let row = try await db.raw("""
                SELECT company, position, headline FROM campaign_prospects WHERE workspace_id = \(bind: workspaceId) AND email = \(bind: email.lowercased())
                ORDER BY id DESC LIMIT 1
                """).first()
            else { return nil }
            return (
                try row.decode(column: "company", as: String?.self), try row.decode(column: "position", as: String?.self),
                try row.decode(column: "headline", as: String?.self)
            )
        }
    }

    public func messages(threadId: String, workspaceId: String, page: Int, limit: Int) async throws -> (messages: [ThreadMessage], total: Int) {
        try await database.read { db in
            guard try await db.raw("SELECT id FROM conversations WHERE id = \(bind: threadId) AND workspace_id = \(bind: workspaceId)").first() != nil
            else { throw PuffleError.notFound("Thread \(threadId) not found") }
            // Counted as the page is read: a send still `sending` is on the page, so it is in the total.
            let total = try await db.raw("SELECT COUNT(*) AS total FROM conversation_messages WHERE conversation_id = \(bind: threadId)").first()?
                .decode(column: "total", as: Int.self) ?? 0
            let rows = try await db.raw("""
                SELECT \(unsafeRaw: UniboxRows.messageColumns) FROM conversation_messages WHERE conversation_id = \(bind: threadId)
                ORDER BY sent_at, id LIMIT \(bind: limit) OFFSET \(bind: max(0, page - 1) * limit)
                """).all()
            return (try rows.map(UniboxRows.message(from:)), total)
        }
    }
}
