import Foundation
import PuffleCore
import SQLKit

/// How threads and their messages are read from and written to rows.
enum UniboxRows {
    static let threadColumns = """
        c.id, c.workspace_id, c.account_id, c.channel, c.status, c.origin, c.participant_name, c.participant_email, c.participant_linkedin_url,
        c.subject, c.last_message_at, c.last_message_snippet, c.last_message_direction, c.message_count, c.inbound_count, c.unread_count,
        c.bounced, c.draft, c.created_at, c.updated_at,
        (SELECT p.company FROM campaign_prospects p WHERE p.workspace_id = c.workspace_id AND p.email = c.participant_email
            AND p.company IS NOT NULL ORDER BY p.id DESC LIMIT 1) AS participant_company
        """

    static let messageColumns = """
        id, conversation_id, workspace_id, campaign_id, direction, message_type, subject, body_text, body_html, sender_name, sender_identifier,
        message_id, in_reply_to, refs, cc, bcc, attachments, delivery, sent_at, created_at
        """

    static func summary(from row: any SQLRow) throws -> ThreadSummary {
        ThreadSummary(thread: try thread(from: row), participantCompany: try row.decode(column: "participant_company", as: String?.self))
    }

    static func thread(from row: any SQLRow) throws -> UniboxThread {
        UniboxThread(
            id: try row.decode(column: "id", as: String.self), workspaceId: try row.decode(column: "workspace_id", as: String.self),
            accountId: try row.decode(column: "account_id", as: String?.self),
            channel: SenderType(rawValue: try row.decode(column: "channel", as: String.self)) ?? .email,
            status: ThreadStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .active,
            origin: ThreadOrigin(rawValue: try row.decode(column: "origin", as: String.self)) ?? .inbound,
            participantName: try row.decode(column: "participant_name", as: String?.self),
            participantEmail: try row.decode(column: "participant_email", as: String?.self),
            participantLinkedinUrl: try row.decode(column: "participant_linkedin_url", as: String?.self),
            subject: try row.decode(column: "subject", as: String?.self),
            lastMessageAt: try row.decode(column: "last_message_at", as: Int64?.self).map(Timestamp.init(milliseconds:)),
            lastMessageSnippet: try row.decode(column: "last_message_snippet", as: String?.self),
            lastMessageDirection: try row.decode(column: "last_message_direction", as: String?.self).flatMap(MessageDirection.init(rawValue:)),
            messageCount: try row.decode(column: "message_count", as: Int.self), inboundCount: try row.decode(column: "inbound_count", as: Int.self),
            unreadCount: try row.decode(column: "unread_count", as: Int.self), bounced: try row.decode(column: "bounced", as: Int.self) != 0,
            draft: try row.decode(column: "draft", as: String?.self).flatMap { try? JSONDecoder().decode(ThreadDraft.self, from: Data($0.utf8)) }
                ?? ThreadDraft(),
            createdAt: Timestamp(milliseconds: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Timestamp(milliseconds: try row.decode(column: "updated_at", as: Int64.self)))
    }

    static func message(from row: any SQLRow) throws -> ThreadMessage {
        ThreadMessage(
            id: try row.decode(column: "id", as: String.self), threadId: try row.decode(column: "conversation_id", as: String.self),
            workspaceId: try row.decode(column: "workspace_id", as: String.self), campaignId: try row.decode(column: "campaign_id", as: String?.self),
            direction: MessageDirection(rawValue: try row.decode(column: "direction", as: String.self)) ?? .inbound,
            messageType: ThreadMessageType(rawValue: try row.decode(column: "message_type", as: String.self)) ?? .message,
            subject: try row.decode(column: "subject", as: String?.self), bodyText: try row.decode(column: "body_text", as: String.self),
            bodyHtml: try row.decode(column: "body_html", as: String?.self), senderName: try row.decode(column: "sender_name", as: String?.self),
            senderIdentifier: try row.decode(column: "sender_identifier", as: String?.self), messageId: try row.decode(column: "message_id", as: String?.self),
            inReplyTo: try row.decode(column: "in_reply_to", as: String?.self),
            references: (try row.decode(column: "refs", as: String?.self)).map { $0.split(separator: " ").map(String.init) } ?? [],
            cc: try row.decode(column: "cc", as: String?.self), bcc: try row.decode(column: "bcc", as: String?.self),
            attachments: (try row.decode(column: "attachments", as: String?.self)).flatMap {
                try? JSONDecoder().decode([MessageAttachment].self, from: Data($0.utf8))
            } ?? [],
            delivery: MessageDelivery(rawValue: try row.decode(column: "delivery", as: String.self)),
            sentAt: Timestamp(milliseconds: try row.decode(column: "sent_at", as: Int64.self)),
            createdAt: Timestamp(milliseconds: try row.decode(column: "created_at", as: Int64.self)))
    }

    static func json<T: Encodable>(_ value: T?) -> String? {
        guard let value, let data = try? JSONEncoder().encode(value) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
