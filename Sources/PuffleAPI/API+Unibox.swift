import PuffleCore

extension API {
    static let threadId = Parameter("id", in: .path, .text, "Thread id")
    static let threadResponse = Schema.object([.init("thread", .ref("Thread"), required: true)])
    static let trueFalse = Schema.string(enumValues: ["true", "false"])
    static let draftFields: [Schema.Property] = [
        .init("participant_email", .nullable(.string(format: "email", maxLength: 254)), description: "Stored lowercased"),
        .init("participant_name", .nullable(.string(maxLength: TextLimits.name))),
        .init("draft_subject", .nullable(.string(maxLength: 998))), .init("draft_body_text", .nullable(.string(maxLength: TextLimits.text))),
        .init("draft_body_html", .nullable(.string(maxLength: TextLimits.text))),
        .init("draft_cc", .nullable(.string(maxLength: 2000)), description: "Comma-separated addresses"),
        .init("draft_bcc", .nullable(.string(maxLength: 2000)), description: "Comma-separated addresses"),
        .init("draft_attachments", attachmentRefs, description: "Uploaded attachments (POST /api/threads/attachments) a new email from this draft sends; null clears"),
    ]

    /// The views of `GET /api/threads` and the states each stands for (Core's ``InboxState``).
    public static let threadViews = ["inbox", "needs_reply", "active_thread", "sent", "drafts", "archived", "unread", "bounced"]

    static let attachmentObject = Schema.object([
        .init("id", .text, required: true), .init("filename", .text, required: true), .init("content_type", .text, required: true),
        .init("size", .integer(minimum: 0), required: true),
        .init("url", .text, required: true, description: "Download link, signed and valid for an hour; every read of the message gives a fresh one"),
    ])
    /// Uploaded attachments as a body names them: the upload's objects (only id is read) or bare ids.
    static let attachmentRefs = Schema.nullable(.array(.any(description: "An upload's attachment object (its id is read) or its id")))

    static let unibox: [Endpoint] = [
        Endpoint(
            "listThreads", .get, "/api/threads", summary: "List and filter Unibox threads",
            description: """
                Without view, inbox_state, status, sender_id, campaign_id or participant_email: active threads someone wrote in (the inbox). \
                Comma lists are ORed within a filter; filters are ANDed. Newest activity first. An automatic answer (out of office) or a bounce \
                is kept on its thread but asks for no reply: it counts neither as unread nor as inbound activity. \
                correspondence=true with participant_email lists the email threads with that address (excluding exclude_thread_id) instead. \
                include=filter_options adds filter_options: the workspace's senders and campaigns, to filter by.
                """,
            command: ["thread"],
            parameters: [
                Parameter("view", in: .query, .text, "Comma list of \(threadViews.joined(separator: ", "))"),
                Parameter("inbox_state", in: .query, .text, "Comma list of \(InboxState.allCases.map(\.rawValue).joined(separator: ", "))"),
                Parameter("status", in: .query, .text, "Comma list of \(ThreadStatus.allCases.map(\.rawValue).joined(separator: ", "))"),
                Parameter("unread", in: .query, trueFalse, "true: only threads with unread messages; false: only read ones"),
                Parameter("bounced", in: .query, trueFalse, "true: only threads a delivery failure came back on; false: none of them"),
                Parameter("channel", in: .query, .string(enumValues: SenderType.allCases.map(\.rawValue)), "email or linkedin"),
                Parameter("sender_id", in: .query, .text, "Threads of this sender account"),
                Parameter("campaign_id", in: .query, .text, "Threads with at least one message of this campaign"),
                Parameter("participant_email", in: .query, .text, "Threads with this address (any case)"),
                Parameter("correspondence", in: .query, trueFalse, "true with participant_email: the email correspondence with that address"),
                Parameter("exclude_thread_id", in: .query, .text, "A thread to leave out of the correspondence"),
                Parameter("search", in: .query, .text, "Words in the participant's name, address, LinkedIn URL or the last message"),
                Parameter("include", in: .query, .string(enumValues: ["filter_options"]), "filter_options: also the senders and campaigns to filter by"),
                Parameter("page", in: .query, .integer(minimum: 1, maximum: 1_000_000), "Page, from 1; default 1"),
                Parameter("limit", in: .query, .integer(minimum: 1, maximum: 100), "Page size, 1 to 100; default 50"),
            ],
            response: .object([
                .init("threads", .array(.ref("Thread")), required: true), .init("total", .integer(minimum: 0), required: true),
                .init("page", .integer(minimum: 1), required: true), .init("limit", .integer(minimum: 1), required: true),
                .init("filter_options", .object([
                    .init("senders", .array(.object([.init("id", .text, required: true), .init("display_name", .text, required: true)])), required: true),
                    .init("campaigns", .array(.object([.init("id", .text, required: true), .init("name", .text, required: true)])), required: true),
                ]), description: "With include=filter_options"),
            ]), errors: [400], tag: "Unibox"
        ),
        Endpoint(
            "getThread", .get, "/api/threads/{id}", summary: "A thread with all its messages; marks it read",
            description: "Sets unread_count to 0. messages are all of the thread's, oldest first. participantDetails comes from the campaign prospect with the participant's address. senderDisconnected is true when the sender is gone or cannot send.",
            command: ["thread"], parameters: [threadId],
            response: .object([
                .init("thread", .ref("Thread"), required: true), .init("messages", .array(.ref("ThreadMessage")), required: true),
                .init("participantDetails", .nullable(.object([
                    .init("company", .nullable(.text), required: true), .init("position", .nullable(.text), required: true),
                    .init("headline", .nullable(.text), required: true),
                ])), required: true),
                .init("senderDisconnected", .boolean(), required: true),
                .init("senderAccount", .nullable(.object([.init("display_name", .text, required: true), .init("status", .text, required: true)])), required: true),
            ]), errors: [404], tag: "Unibox"
        ),
        Endpoint(
            "listThreadMessages", .get, "/api/threads/{id}/messages", summary: "A page of a thread's messages (does not mark read)",
            command: ["thread", "message"],
            parameters: [
                threadId, Parameter("page", in: .query, .integer(minimum: 1, maximum: 1_000_000), "Page, from 1; default 1"),
                Parameter("limit", in: .query, .integer(minimum: 1, maximum: 200), "Page size, 1 to 200; default 50"),
            ],
            response: .object([
                .init("messages", .array(.ref("ThreadMessage")), required: true), .init("total", .integer(minimum: 0), required: true),
                .init("page", .integer(minimum: 1), required: true), .init("limit", .integer(minimum: 1), required: true),
            ]), errors: [404], tag: "Unibox"
        ),
        Endpoint(
            "updateThread", .patch, "/api/threads/{id}", summary: "Archive or reactivate a thread, set its unread count, sender or draft",
            description: """
                status takes active or archived (other values are ignored, as the contract says); a body with no field this route knows is 400. \
                account_id must be a sendable email sender of the workspace (null clears it); 409 with existing_thread when that sender already has \
                an active or draft email thread with the participant. Draft fields are kept until the thread sends.
                """,
            command: ["thread", "update"], parameters: [threadId],
            body: .object([
                .init("status", .text, description: "active or archived; other values are ignored"),
                .init("unread_count", .integer(minimum: 0, maximum: 1_000_000)),
                .init("account_id", .nullable(.text), description: "The email sender; null clears it"),
            ] + draftFields),
            response: threadResponse, errors: [400, 404, 409], tag: "Unibox"
        ),
        Endpoint(
            "uploadThreadAttachment", .post, "/api/threads/attachments", summary: "Upload a file to attach to a draft or a message",
            description: """
                multipart/form-data with the file in the part named file, up to 10 MB (413 beyond). The answer's attachment object goes into \
                draft_attachments (POST/PATCH /api/threads) or attachments (POST /api/threads/{id}/messages). Files that come with inbound mail \
                are kept the same way and listed on their message. Download links are signed, need no key and expire after an hour.
                """,
            command: nil, status: 201, response: .object([.init("attachment", attachmentObject, required: true)]), errors: [400, 413], tag: "Unibox"
        ).multipart(.object([.init("file", .string(format: "binary"), required: true, description: "The file")])),
        Endpoint(
            "createThread", .post, "/api/threads", summary: "Create a draft one-off email thread (sends nothing)",
            description: """
                At least one field is needed. participant_email is needed to send, not to create. account_id, if given, must be a sendable email \
                sender of the workspace. 409 with existing_thread and existing_threads when that sender already has an active or draft email \
                thread with the address: send there instead. Send with POST /api/threads/{id}/messages and threading_mode new_thread.
                """,
            command: ["thread", "create"],
            body: .object([.init("account_id", .nullable(.text), description: "The email sender (or give it when sending)")] + draftFields),
            status: 201, response: threadResponse, errors: [400, 409], tag: "Unibox"
        ),
        Endpoint(
            "sendThreadMessage", .post, "/api/threads/{id}/messages", summary: "Send an email from a thread: a new one-off or a reply",
            description: """
                The message is recorded (delivery sending) before SMTP and confirmed after (sent, or unknown when the connection died after the \
                final dot: it may have gone and is never resent). threading_mode reply answers the thread's latest inbound email with In-Reply-To \
                and References so it threads in the recipient's client; new_thread sends a fresh email; omitted, reply when someone wrote in, else \
                new_thread. body_html is made from body_text when absent. A thread with no sender, no recipient, a sender that cannot send, or no \
                subject for a new email is 422 thread_not_sendable; a refused SMTP send is 502 smtp_send_failed and nothing is recorded; \
                500 sent_not_saved means the server took the email but recording it failed: do not retry. \
                Idempotency-Key (our addition, Stripe's rule): the same key with the same body answers the first send's result and never sends \
                twice; with another body it is 409 idempotency_key_reused; while the first is still sending, 409 send_in_progress.
                """,
            command: ["thread", "message", "send"],
            parameters: [threadId, Parameter("Idempotency-Key", in: .header, .string(minLength: 1, maxLength: 200), "Makes a retried send safe: see the description")],
            body: .object([
                .init("body_text", .string(minLength: 1, maxLength: TextLimits.text), required: true),
                .init("body_html", .nullable(.string(maxLength: TextLimits.text))),
                .init("subject", .nullable(.string(maxLength: 998)), description: "Needed for a new email unless the thread has one"),
                .init("account_id", .nullable(.text), description: "Needed when the thread has no sender"),
                .init("threading_mode", .nullable(.string(enumValues: ThreadingMode.allCases.map(\.rawValue)))),
                .init("cc", .nullable(.string(maxLength: 2000)), description: "Comma-separated addresses"),
                .init("bcc", .nullable(.string(maxLength: 2000)), description: "Comma-separated addresses"),
                .init("attachments", attachmentRefs, description: "Uploaded attachments to send; a new email from a draft sends the draft's when absent"),
            ]),
            response: .object([.init("message", .ref("ThreadMessage"), required: true), .init("thread", .ref("Thread"), required: true)]),
            errors: [400, 404, 409, 422, 500, 502, 503], tag: "Unibox"
        ),
    ]
}

extension Components {
    static let thread = Schema.object([
        .init("id", .text, required: true), .init("user_id", .text, required: true, description: "The workspace's id"),
        .init("account_id", .nullable(.text), required: true, description: "The sender account"),
        .init("channel", .string(enumValues: SenderType.allCases.map(\.rawValue)), required: true),
        .init("status", .string(enumValues: ThreadStatus.allCases.map(\.rawValue)), required: true),
        .init("inbox_state", .string(enumValues: InboxState.allCases.map(\.rawValue)), required: true),
        .init("external_id", .nullable(.text), required: true),
        .init("participant_name", .nullable(.text), required: true), .init("participant_email", .nullable(.text), required: true),
        .init("participant_linkedin_url", .nullable(.text), required: true), .init("participant_company", .nullable(.text), required: true),
        .init("subject", .nullable(.text), required: true),
        .init("last_message_at", .nullable(dateTime), required: true), .init("last_message_snippet", .nullable(.text), required: true),
        .init("last_message_direction", .nullable(.string(enumValues: MessageDirection.allCases.map(\.rawValue))), required: true),
        .init("unread_count", .integer(minimum: 0), required: true), .init("bounced", .boolean(), required: true),
        .init("draft_subject", .nullable(.text), required: true), .init("draft_body_text", .nullable(.text), required: true),
        .init("draft_body_html", .nullable(.text), required: true), .init("draft_cc", .nullable(.text), required: true),
        .init("draft_bcc", .nullable(.text), required: true),
        .init("draft_attachments", .nullable(.array(API.attachmentObject)), required: true, description: "With fresh download links in answers about one thread"),
        .init("created_at", dateTime, required: true), .init("updated_at", dateTime, required: true),
    ])

    static let threadMessage = Schema.object([
        .init("id", .text, required: true), .init("user_id", .text, required: true), .init("conversation_id", .text, required: true),
        .init("campaign_id", .nullable(.text), required: true),
        .init("direction", .string(enumValues: MessageDirection.allCases.map(\.rawValue)), required: true),
        .init("message_type", .string(enumValues: ["message", "auto_reply", "bounce"]), required: true),
        .init("subject", .nullable(.text), required: true), .init("body_text", .text, required: true), .init("body_html", .nullable(.text), required: true),
        .init("sender_name", .nullable(.text), required: true), .init("sender_identifier", .nullable(.text), required: true),
        .init("external_id", .nullable(.text), required: true, description: "The email's Message-ID"),
        .init("cc", .nullable(.text), required: true), .init("attachments", .array(API.attachmentObject), required: true),
        .init("delivery", .string(enumValues: MessageDelivery.allCases.map(\.rawValue)), required: true, description: "Our addition: received, sending, sent or unknown"),
        .init("sent_at", dateTime, required: true), .init("created_at", dateTime, required: true),
    ])
}
