import PuffleCore
import SQLKit

extension SQLUniboxStore {
    /// A batch of inbound messages in a handful of statements: which are already stored, the
    /// threads they join, then every new thread, message and thread change written at once. (One
    /// statement per message made a 20,000-message sync spend its time in SQLite's parser.)
    static func store(
        _ plans: [InboundPlan], accountId: String, workspaceId: String, now: Timestamp, engine: DatabaseEngine, db: any SQLDatabase
    ) async throws -> Int {
        let fresh = try await unknown(plans, accountId: accountId, engine: engine, db: db)
        guard !fresh.isEmpty else { return 0 }
        var threads = try await openThreads(for: Set(fresh.map(\.participantEmail)), accountId: accountId, workspaceId: workspaceId, engine: engine, db: db)
        let existing = Set(threads.values.map(\.id))
        var messages: [ThreadMessage] = []
        for plan in fresh {
            var thread: UniboxThread
            if let open = threads[plan.participantEmail] {
                thread = open
            } else {
                thread = UniboxThread(
                    id: SortableID.make(), workspaceId: workspaceId, accountId: accountId, channel: .email, status: .active,
                    origin: plan.campaignId == nil ? .inbound : .campaign, participantName: plan.participantName,
                    participantEmail: plan.participantEmail, createdAt: now, updatedAt: now)
                if let prospectId = plan.prospectId {
                    for sent in try await campaignMessages(prospectId: prospectId, threadId: thread.id, workspaceId: workspaceId, now: now, db: db) {
                        messages.append(sent)
                        thread = thread.adding(sent)
                    }
                }
            }
            var message = inboundMessage(plan, threadId: thread.id, workspaceId: workspaceId, now: now)
            for file in plan.mail.attachments {
                let attachment = MessageAttachment(id: SortableID.make(), fileName: file.fileName, contentType: file.contentType, size: file.data.count)
                try await insertAttachment(attachment, data: file.data, workspaceId: workspaceId, now: now, db: db)
                message.attachments.append(attachment)
            }
            messages.append(message)
            threads[plan.participantEmail] = thread.adding(message)
        }
        let touched = Set(messages.map(\.threadId))
        let changed = threads.values.filter { touched.contains($0.id) }
        try await insertThreads(changed.filter { !existing.contains($0.id) }, engine: engine, db: db)
        try await updateThreads(changed.filter { existing.contains($0.id) }, engine: engine, db: db)
        try await insertMessages(messages, accountId: accountId, engine: engine, db: db)
        for plan in fresh { try await apply(plan, workspaceId: workspaceId, now: now, db: db) }
        return fresh.count
    }

    /// The plans whose message the account has not stored yet (and each Message-ID once).
    static func unknown(_ plans: [InboundPlan], accountId: String, engine: DatabaseEngine, db: any SQLDatabase) async throws -> [InboundPlan] {
        let ids = plans.map(\.mail.messageId)
        var seen = Set<String>()
        for row in try await db.raw("""
            SELECT message_id FROM conversation_messages WHERE account_id = \(bind: accountId) AND direction = 'inbound'
                AND message_id IN (SELECT value FROM \(SQLCampaignStore.values(ids, engine: engine)))
            """).all() {
            seen.insert(try row.decode(column: "message_id", as: String.self))
        }
        return plans.filter { seen.insert($0.mail.messageId).inserted }
    }

    /// The latest active or archived email thread this sender has with each address.
    static func openThreads(
        for emails: Set<String>, accountId: String, workspaceId: String, engine: DatabaseEngine, db: any SQLDatabase
    ) async throws -> [String: UniboxThread] {
        var found: [String: UniboxThread] = [:]
        // Oldest first: the latest thread of each address is the one kept.
        for row in try await db.raw("""
            SELECT \(unsafeRaw: UniboxRows.threadColumns) FROM conversations c
            WHERE c.workspace_id = \(bind: workspaceId) AND c.account_id = \(bind: accountId)
                AND c.participant_email IN (SELECT value FROM \(SQLCampaignStore.values(emails.sorted(), engine: engine)))
                AND c.channel = 'email' AND c.status IN ('active', 'archived')
            ORDER BY c.last_message_at, c.id
            """).all() {
            let thread = try UniboxRows.thread(from: row)
            if let email = thread.participantEmail { found[email] = thread }
        }
        return found
    }

    /// A new campaign thread starts with the campaign's messages to that prospect.
    static func campaignMessages(prospectId: String, threadId: String, workspaceId: String, now: Timestamp, db: any SQLDatabase) async throws -> [ThreadMessage] {
        try await db.raw("""
            SELECT m.campaign_id, m.subject, m.body_text, m.body_html, m.message_id, m.in_reply_to, m.refs, m.sent_at, s.display_name, s.email_address
            FROM campaign_messages m LEFT JOIN sender_accounts s ON s.id = m.sender_id
            WHERE m.prospect_id = \(bind: prospectId) AND m.status = 'sent' AND m.sent_at IS NOT NULL ORDER BY m.sent_at, m.id
            """).all().map { row in
            ThreadMessage(
                id: SortableID.make(), threadId: threadId, workspaceId: workspaceId, campaignId: try row.decode(column: "campaign_id", as: String.self),
                direction: .outbound, messageType: .message, subject: try row.decode(column: "subject", as: String?.self),
                bodyText: try row.decode(column: "body_text", as: String.self), bodyHtml: try row.decode(column: "body_html", as: String?.self),
                senderName: try row.decode(column: "display_name", as: String?.self),
                senderIdentifier: try row.decode(column: "email_address", as: String?.self), messageId: try row.decode(column: "message_id", as: String?.self),
                inReplyTo: try row.decode(column: "in_reply_to", as: String?.self),
                references: (try row.decode(column: "refs", as: String?.self))?.split(separator: " ").map(String.init) ?? [],
                sentAt: Timestamp(milliseconds: try row.decode(column: "sent_at", as: Int64.self)), createdAt: now)
        }
    }

    static func inboundMessage(_ plan: InboundPlan, threadId: String, workspaceId: String, now: Timestamp) -> ThreadMessage {
        let mail = plan.mail
        return ThreadMessage(
            id: SortableID.make(), threadId: threadId, workspaceId: workspaceId, campaignId: plan.campaignId, direction: .inbound,
            messageType: plan.kind == .reply ? .message : plan.kind == .bounce ? .bounce : .autoReply, subject: mail.subject, bodyText: mail.text,
            bodyHtml: mail.html, senderName: mail.fromName, senderIdentifier: mail.fromAddress, messageId: mail.messageId,
            inReplyTo: mail.inReplyTo.first, references: mail.references, cc: mail.cc.isEmpty ? nil : mail.cc.joined(separator: ", "),
            sentAt: mail.sentAt, createdAt: now)
    }

    /// The prospect's new state and the suppression, as the plan says. A reply with `stop_on_reply`
    /// ends the prospect's sequence here; the engine's reservation reads the state in its own
    /// transaction, so a step already due is not sent after this commits.
    static func apply(_ plan: InboundPlan, workspaceId: String, now: Timestamp, db: any SQLDatabase) async throws {
        let at = now.milliseconds
        switch plan.prospectChange {
        case nil:
            return
        case .repliedAndStopped?:
            guard let prospectId = plan.prospectId else { return }
            try await db.raw("""
                UPDATE campaign_prospects SET status = 'replied', replied_at = COALESCE(replied_at, \(bind: at)), due_at = NULL, next_position = NULL,
                    updated_at = \(bind: at)
                WHERE id = \(bind: prospectId) AND status NOT IN (\(unsafeRaw: SQLCampaignStore.terminal))
                """).run()
        case .repliedAndContinues?:
            guard let prospectId = plan.prospectId else { return }
            try await db.raw("""
                UPDATE campaign_prospects SET replied_at = COALESCE(replied_at, \(bind: at)), updated_at = \(bind: at) WHERE id = \(bind: prospectId)
                """).run()
        case .bounced(let address)?:
            if let prospectId = plan.prospectId {
                try await db.raw("""
                    UPDATE campaign_prospects SET status = 'bounced', bounced_at = COALESCE(bounced_at, \(bind: at)), due_at = NULL, next_position = NULL,
                        updated_at = \(bind: at)
                    WHERE id = \(bind: prospectId) AND status NOT IN ('bounced', 'cancelled')
                    """).run()
            }
            try await db.raw("""
                INSERT INTO suppressions (workspace_id, email, reason, created_at) VALUES (\(bind: workspaceId), \(bind: address), 'bounced', \(bind: at))
                ON CONFLICT (workspace_id, email) DO NOTHING
                """).run()
        }
    }
}
