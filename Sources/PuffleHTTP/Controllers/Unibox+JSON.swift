import PuffleCore

/// The JSON of threads and their messages, with the contract's keys.
enum UniboxJSON {
    /// A thread row; with `links`, its draft's attachments carry fresh download URLs.
    static func thread(_ summary: ThreadSummary, links: AttachmentLinks? = nil, now: Timestamp? = nil) -> JSONValue {
        let thread = summary.thread
        var draftAttachments = JSONValue.null
        if let files = thread.draft.attachments, let links, let now { draftAttachments = .array(files.map { attachment($0, links: links, now: now) }) }
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
            "draft_attachments": draftAttachments, "created_at": .string(thread.createdAt.iso8601), "updated_at": .string(thread.updatedAt.iso8601),
        ]
    }

    static func message(links: AttachmentLinks, now: Timestamp) -> @Sendable (ThreadMessage) -> JSONValue {
        { message($0, links: links, now: now) }
    }

    /// An attachment's metadata with a download link signed now.
    static func attachment(_ file: MessageAttachment, links: AttachmentLinks, now: Timestamp) -> JSONValue {
        [
            "id": .string(file.id), "filename": .string(file.fileName), "content_type": .string(file.contentType), "size": .integer(Int64(file.size)),
            "url": .string(links.url(for: file.id, now: now)),
        ]
    }

    static func message(_ message: ThreadMessage, links: AttachmentLinks, now: Timestamp) -> JSONValue {
        [
            "id": .string(message.id), "user_id": .string(message.workspaceId), "conversation_id": .string(message.threadId),
            "campaign_id": .orNull(message.campaignId), "direction": .string(message.direction.rawValue),
            "message_type": .string(message.messageType.rawValue), "subject": .orNull(message.subject), "body_text": .string(message.bodyText),
            "body_html": .orNull(message.bodyHtml), "sender_name": .orNull(message.senderName), "sender_identifier": .orNull(message.senderIdentifier),
            "external_id": .orNull(message.messageId), "cc": .orNull(message.cc),
            "attachments": .array(message.attachments.map { attachment($0, links: links, now: now) }),
            "delivery": .string(ThreadSending.delivery(of: message, now: now).rawValue), "sent_at": .string(message.sentAt.iso8601), "created_at": .string(message.createdAt.iso8601),
        ]
    }
}
