import PuffleCore

/// The JSON of threads and their messages, with the contract's keys.
enum UniboxJSON {
    static func thread(_ summary: ThreadSummary) -> JSONValue {
        let thread = summary.thread
        return [
            "id": .string(thread.id), "user_id": .string(thread.workspaceId), "account_id": .orNull(thread.accountId),
            "channel": .string(thread.channel.rawValue), "status": .string(thread.status.rawValue), "inbox_state": .string(thread.inboxState.rawValue),
            "external_id": .null, "participant_name": .orNull(thread.participantName), "participant_email": .orNull(thread.participantEmail),
            "participant_linkedin_url": .orNull(thread.participantLinkedinUrl), "participant_company": .orNull(summary.participantCompany),
            "subject": .orNull(thread.subject), "last_message_at": .orNull(thread.lastMessageAt?.iso8601),
            "last_message_snippet": .orNull(thread.lastMessageSnippet), "last_message_direction": .orNull(thread.lastMessageDirection?.rawValue),
            "unread_count": .integer(Int64(thread.unreadCount)), "bounced": .bool(thread.bounced),
            "draft_subject": .orNull(thread.draft.subject), "draft_body_text": .orNull(thread.draft.bodyText),
            "draft_body_html": .orNull(thread.draft.bodyHtml), "draft_cc": .orNull(thread.draft.cc), "draft_bcc": .orNull(thread.draft.bcc),
            "created_at": .string(thread.createdAt.iso8601), "updated_at": .string(thread.updatedAt.iso8601),
        ]
    }

    static func message(_ message: ThreadMessage) -> JSONValue {
        [
            "id": .string(message.id), "user_id": .string(message.workspaceId), "conversation_id": .string(message.threadId),
            "campaign_id": .orNull(message.campaignId), "direction": .string(message.direction.rawValue),
            "message_type": .string(message.messageType.rawValue), "subject": .orNull(message.subject), "body_text": .string(message.bodyText),
            "body_html": .orNull(message.bodyHtml), "sender_name": .orNull(message.senderName), "sender_identifier": .orNull(message.senderIdentifier),
            "external_id": .orNull(message.messageId), "cc": .orNull(message.cc),
            "attachments": .array(message.attachments.map { ["id": .string($0.id), "filename": .string($0.fileName), "content_type": .string($0.contentType), "size": .integer(Int64($0.size))] }),
            "delivery": .string(message.delivery.rawValue), "sent_at": .string(message.sentAt.iso8601), "created_at": .string(message.createdAt.iso8601),
        ]
    }
}
