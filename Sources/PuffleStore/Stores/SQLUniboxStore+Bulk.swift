import PuffleCore
import SQLKit

/// Threads and messages written many at a time (``BulkRows``): a batch of inbound mail is a few
/// statements however many messages it holds.
extension SQLUniboxStore {
    static let threadRowColumns: [(name: String, kind: BulkRows.Kind)] = [
        ("id", .text), ("workspace_id", .text), ("account_id", .text), ("channel", .text), ("status", .text), ("inbox_state", .text),
        ("origin", .text), ("participant_name", .text), ("participant_email", .text), ("participant_linkedin_url", .text), ("subject", .text),
        ("last_message_at", .integer), ("last_message_snippet", .text), ("last_message_direction", .text), ("message_count", .integer),
        ("inbound_count", .integer), ("unread_count", .integer), ("bounced", .integer), ("draft", .text), ("created_at", .integer),
        ("updated_at", .integer),
    ]

    static func threadRows(_ threads: [UniboxThread]) -> BulkRows {
        var rows = BulkRows(threadRowColumns)
        for thread in threads {
            rows.startRow()
            for text in [thread.id, thread.workspaceId, thread.accountId, thread.channel.rawValue, thread.status.rawValue, thread.inboxState.rawValue,
                         thread.origin.rawValue, thread.participantName, thread.participantEmail, thread.participantLinkedinUrl, thread.subject] {
                rows.add(text)
            }
            if let last = thread.lastMessageAt { rows.add(last.milliseconds) } else { rows.add(nil as String?) }
            rows.add(thread.lastMessageSnippet)
            rows.add(thread.lastMessageDirection?.rawValue)
            for number in [thread.messageCount, thread.inboundCount, thread.unreadCount, thread.bounced ? 1 : 0] { rows.add(Int64(number)) }
            rows.add(UniboxRows.json(thread.draft == ThreadDraft() ? nil : thread.draft))
            rows.add(thread.createdAt.milliseconds)
            rows.add(thread.updatedAt.milliseconds)
        }
        return rows
    }

    static func insertThreads(_ threads: [UniboxThread], engine: DatabaseEngine, db: any SQLDatabase) async throws {
        guard !threads.isEmpty else { return }
        var rows = threadRows(threads)
        try await db.raw(rows.insert(into: "conversations", engine: engine)).run()
    }

    static func updateThreads(_ threads: [UniboxThread], engine: DatabaseEngine, db: any SQLDatabase) async throws {
        guard !threads.isEmpty else { return }
        var rows = threadRows(threads)
        try await db.raw(rows.update("conversations", engine: engine)).run()
    }

    static func insertMessages(_ messages: [ThreadMessage], accountId: String?, engine: DatabaseEngine, db: any SQLDatabase) async throws {
        guard !messages.isEmpty else { return }
        var rows = BulkRows([
            ("id", .text), ("conversation_id", .text), ("workspace_id", .text), ("account_id", .text), ("campaign_id", .text), ("direction", .text),
            ("message_type", .text), ("subject", .text), ("body_text", .text), ("body_html", .text), ("sender_name", .text),
            ("sender_identifier", .text), ("message_id", .text), ("in_reply_to", .text), ("refs", .text), ("cc", .text), ("bcc", .text),
            ("attachments", .text), ("delivery", .text), ("sent_at", .integer), ("created_at", .integer),
        ])
        for message in messages {
            rows.startRow()
            let texts: [String?] = [
                message.id, message.threadId, message.workspaceId, accountId, message.campaignId, message.direction.rawValue, message.messageType.rawValue,
                message.subject, message.bodyText, message.bodyHtml, message.senderName, message.senderIdentifier, message.messageId, message.inReplyTo,
                message.references.isEmpty ? nil : message.references.joined(separator: " "), message.cc, message.bcc,
                message.attachments.isEmpty ? nil : UniboxRows.json(message.attachments), message.delivery.rawValue,
            ]
            for text in texts { rows.add(text) }
            rows.add(message.sentAt.milliseconds)
            rows.add(message.createdAt.milliseconds)
        }
        try await db.raw(rows.insert(into: "conversation_messages", engine: engine)).run()
    }
}
