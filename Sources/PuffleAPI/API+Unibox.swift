import PuffleCore

extension API {
    static let threadId = Parameter("id", in: .path, .text, "Thread id")
    static let threadResponse = Schema.object([.init("thread", .ref("Thread"), required: true)])
    static let trueFalse = Schema.string(enumValues: ["true", "false"])

    /// The views of `GET /api/threads` and the states each stands for (Core's ``InboxState``).
    public static let threadViews = ["inbox", "needs_reply", "active_thread", "sent", "drafts", "archived", "unread", "bounced"]

    static let unibox: [Endpoint] = [
        Endpoint(
            "listThreads", .get, "/api/threads", summary: "List and filter Unibox threads",
            description: """
                Without view, inbox_state, status, sender_id, campaign_id or participant_email: active threads someone wrote in (the inbox). \
                Comma lists are ORed within a filter; filters are ANDed. Newest activity first. An automatic answer (out of office) or a bounce \
                is kept on its thread but asks for no reply: it counts neither as unread nor as inbound activity. \
                correspondence=true with participant_email lists the email threads with that address (excluding exclude_thread_id) instead. \
                include=filter_options adds filter_options: the senders and campaigns of the workspace's threads.
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
            "updateThread", .patch, "/api/threads/{id}", summary: "Archive or reactivate a thread, set its unread count",
            description: "status takes active or archived (other values are ignored, as the contract says); a body with no field this route knows is 400.",
            command: ["thread", "update"], parameters: [threadId],
            body: .object([
                .init("status", .text, description: "active or archived; other values are ignored"),
                .init("unread_count", .integer(minimum: 0, maximum: 1_000_000)),
            ]),
            response: threadResponse, errors: [400, 404], tag: "Unibox"
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
        .init("cc", .nullable(.text), required: true), .init("attachments", .array(.freeObject), required: true),
        .init("sent_at", dateTime, required: true), .init("created_at", dateTime, required: true),
    ])
}
