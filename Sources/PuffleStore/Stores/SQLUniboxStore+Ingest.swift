import PuffleCore
import SQLKit

extension SQLUniboxStore {
    static let terminal = CampaignRows.quoted(ProspectStatus.terminal)

    /// Stores one inbound message in its thread and applies its prospect change; false when the
    /// account already had it (a re-sync).
    static func store(_ plan: InboundPlan, accountId: String, workspaceId: String, now: Timestamp, db: any SQLDatabase) async throws -> Bool {
        let mail = plan.mail
        let known = try await db.raw("""
            SELECT 1 AS known FROM conversation_messages WHERE account_id = \(bind: accountId) AND message_id = \(bind: mail.messageId) AND direction = 'inbound'
            """).first()
        guard known == nil else { return false }
        var thread = try await openThread(for: plan, accountId: accountId, workspaceId: workspaceId, now: now, db: db)
        let message = ThreadMessage(
            id: SortableID.make(), threadId: thread.id, workspaceId: workspaceId, campaignId: plan.campaignId, direction: .inbound,
            messageType: plan.kind == .reply ? .message : plan.kind == .bounce ? .bounce : .autoReply, subject: mail.subject, bodyText: mail.text,
            bodyHtml: mail.html, senderName: mail.fromName, senderIdentifier: mail.fromAddress, messageId: mail.messageId,
            inReplyTo: mail.inReplyTo.first, references: mail.references, cc: mail.cc.isEmpty ? nil : mail.cc.joined(separator: ", "),
            attachments: mail.attachments, sentAt: mail.sentAt, createdAt: now)
        try await UniboxRows.insertMessage(message, accountId: accountId, db: db)
        thread = thread.adding(message)
        try await UniboxRows.updateThread(thread, db: db)
        try await apply(plan, workspaceId: workspaceId, now: now, db: db)
        return true
    }

    /// The thread this sender has with the participant (archived ones come back), or a new one; a
    /// new campaign thread starts with the campaign's messages to that prospect.
    static func openThread(for plan: InboundPlan, accountId: String, workspaceId: String, now: Timestamp, db: any SQLDatabase) async throws -> UniboxThread {
        if let row = try await db.raw("""
            SELECT \(unsafeRaw: UniboxRows.threadColumns) FROM conversations c
            WHERE c.workspace_id = \(bind: workspaceId) AND c.account_id = \(bind: accountId) AND c.participant_email = \(bind: plan.participantEmail)
                AND c.channel = 'email' AND c.status IN ('active', 'archived')
            ORDER BY c.last_message_at DESC, c.id DESC LIMIT 1
            """).first() {
            return try UniboxRows.thread(from: row)
        }
        var thread = UniboxThread(
            id: SortableID.make(), workspaceId: workspaceId, accountId: accountId, channel: .email, status: .active,
            origin: plan.campaignId == nil ? .inbound : .campaign, participantName: plan.participantName, participantEmail: plan.participantEmail,
            createdAt: now, updatedAt: now)
        try await UniboxRows.insertThread(thread, db: db)
        guard let prospectId = plan.prospectId else { return thread }
        for row in try await db.raw("""
            SELECT m.campaign_id, m.subject, m.body_text, m.body_html, m.message_id, m.in_reply_to, m.refs, m.sent_at, s.display_name, s.email_address
            FROM campaign_messages m LEFT JOIN sender_accounts s ON s.id = m.sender_id
            WHERE m.prospect_id = \(bind: prospectId) AND m.status = 'sent' AND m.sent_at IS NOT NULL ORDER BY m.sent_at, m.id
            """).all() {
            let sent = ThreadMessage(
                id: SortableID.make(), threadId: thread.id, workspaceId: workspaceId, campaignId: try row.decode(column: "campaign_id", as: String.self),
                direction: .outbound, messageType: .message, subject: try row.decode(column: "subject", as: String?.self),
                bodyText: try row.decode(column: "body_text", as: String.self), bodyHtml: try row.decode(column: "body_html", as: String?.self),
                senderName: try row.decode(column: "display_name", as: String?.self),
                senderIdentifier: try row.decode(column: "email_address", as: String?.self), messageId: try row.decode(column: "message_id", as: String?.self),
                inReplyTo: try row.decode(column: "in_reply_to", as: String?.self),
                references: (try row.decode(column: "refs", as: String?.self))?.split(separator: " ").map(String.init) ?? [],
                sentAt: Timestamp(milliseconds: try row.decode(column: "sent_at", as: Int64.self)), createdAt: now)
            try await UniboxRows.insertMessage(sent, accountId: accountId, db: db)
            thread = thread.adding(sent)
        }
        return thread
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
                WHERE id = \(bind: prospectId) AND status NOT IN (\(unsafeRaw: terminal))
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
