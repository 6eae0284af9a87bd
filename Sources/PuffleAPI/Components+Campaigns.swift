import PuffleCore

/// The named schemas of the Campaigns API.
extension Components {
    static let campaignTypes = ["email", "linkedin"]
    static let campaignStatuses = ["draft", "launching", "active", "paused", "completed"]
    static let nodeTypes = ["connection_request", "message", "email", "delay", "ai", "end"]
    static let prospectStatuses = [
        "pending", "sent", "connection_sent", "connected", "message_sent", "replied", "bounced", "completed", "timed_out", "cancelled",
    ]
    static let messageStatuses = ["draft", "pending", "sending", "sent", "unknown", "bounced"]
    static let dateTime = Schema.string(format: "date-time")

    static let campaignStats = Schema.object(
        (["total", "contacted", "messages_sent", "unknown", "opened"] + prospectStatuses).map { Schema.Property($0, .integer(minimum: 0)) },
        description: """
            Counted from the roster on every read. total is the roster; pending to cancelled count the prospects in each status and add up to total. \
            contacted: prospects written to at least once. messages_sent (our addition): messages the server accepted. unknown (our addition): messages \
            whose fate is unknown after a crash (never resent). opened (our addition): messages opened at least once, when open_tracking is on.
            """
    )

    static let campaign = Schema.object([
        .init("id", .text, required: true), .init("user_id", .text, required: true, description: "The workspace's id"),
        .init("type", .string(enumValues: campaignTypes), required: true, description: "Fixed at creation"),
        .init("name", .text, required: true),
        .init("status", .string(enumValues: campaignStatuses), required: true, description: "draft → launching → active ⇄ paused → completed"),
        .init("daily_limit", .nullable(.integer()), required: true, description: "Email: prospects a day across all senders; null for LinkedIn"),
        .init("stop_on_reply", .boolean(), required: true), .init("open_tracking", .boolean(), required: true),
        .init("signature", .nullable(.text), required: true),
        .init("skip_other_campaigns", .nullable(.boolean()), required: true, description: "LinkedIn"),
        .init("operating_hours", .nullable(.freeObject), required: true, description: "As sent, extra keys kept; null sends at any hour"),
        .init("account_limits", .array(.object([
            .init("account_id", .text, required: true), .init("daily_limit", .integer(), required: true),
        ])), required: true, description: "Our addition: per-sender daily caps in this campaign"),
        .init("pause_reason", .nullable(.text), required: true, description: "Why it was paused; cleared on resume"),
        .init("stats", .nullable(campaignStats), required: true),
        .init("created_at", dateTime, required: true), .init("updated_at", dateTime, required: true),
        .init("sender_accounts", .array(.ref("SenderSummary")), description: "In listings, detail, update, pause and resume"),
        .init("sequence_nodes", .array(.ref("SequenceNode")), description: "On create only; the detail has them beside campaign"),
        .init("node_count", .integer(minimum: 0), description: "In listings"),
    ])

    static let senderSummary = Schema.object([
        .init("id", .text, required: true), .init("type", .string(enumValues: SenderType.allCases.map(\.rawValue)), required: true),
        .init("email_address", .nullable(.text), required: true), .init("provider_account_id", .nullable(.text), required: true),
        .init("display_name", .text, required: true), .init("first_name", .nullable(.text), required: true),
        .init("last_name", .nullable(.text), required: true),
        .init("status", .string(enumValues: SenderStatus.allCases.map(\.rawValue)), required: true),
        .init("daily_limit", .integer(), required: true),
        .init("weekly_connection_limit", .nullable(.integer()), required: true), .init("weekly_message_limit", .nullable(.integer()), required: true),
        .init("is_premium", .nullable(.boolean()), required: true),
    ], description: "A sender as a campaign shows it")

    static let sequenceNode = Schema.object([
        .init("id", .text, required: true), .init("campaign_id", .text, required: true),
        .init("position", .integer(minimum: 0), required: true, description: "0-based and contiguous"),
        .init("type", .string(enumValues: nodeTypes), required: true),
        .init("subject", .nullable(.text)), .init("body", .nullable(.text)), .init("body_html", .nullable(.text)),
        .init("signature", .nullable(.text)), .init("from_name", .nullable(.text)), .init("reply_to", .nullable(.text)),
        .init("cc", .nullable(.text)), .init("bcc", .nullable(.text)), .init("attachments", .array(.any())),
        .init("include_message", .boolean(description: "connection_request: send a note with the request")),
        .init("is_reply", .boolean(description: "email: thread it as a reply to the previous email")),
        .init("delay_days", .integer(minimum: 0)), .init("delay_hours", .integer(minimum: 0)), .init("delay_minutes", .integer(minimum: 0)),
        .init("ai_node", .nullable(.freeObject), description: "ai: purpose, output_type"),
    ], description: """
        Only the fields of its type are shown: email has subject, body, body_html, signature, from_name, reply_to, cc, bcc, attachments and is_reply; \
        message has body and attachments; connection_request body and include_message; delay delay_days, delay_hours and delay_minutes; ai ai_node; end nothing more.
        """)

    static let prospectFields = ProspectFields.keys

    static let campaignProspect = Schema.object(
        prospectHead + prospectFields.map { Schema.Property($0, .nullable(.text), required: true) } + prospectTail,
        description: "A person on a campaign's roster"
    )

    static let prospectHead: [Schema.Property] = [
        .init("id", .text, required: true), .init("campaign_id", .text, required: true), .init("user_id", .text, required: true),
        .init("status", .string(enumValues: prospectStatuses), required: true,
              description: "pending waits for launch; sent, connection_sent, connected and message_sent are in flight; replied, bounced, completed, timed_out and cancelled are final"),
    ]

    static let prospectTail: [Schema.Property] = [
        .init("custom_fields", .nullable(.freeObject), required: true, description: "Read by templates as %custom_fields.<key>%"),
        .init("source", .text, required: true, description: "api, csv or list"),
        .init("source_ref", .nullable(.text), required: true, description: "Where it came from: the List id for list"),
        .init("created_at", dateTime, required: true), .init("updated_at", dateTime, required: true),
        .init("bounced_at", .nullable(dateTime), required: true), .init("replied_at", .nullable(dateTime), required: true),
        .init("current_node_id", .nullable(.text), required: true, description: "The node it last reached; null before its first step and once finished"),
        .init("next_step_at", .nullable(dateTime), required: true, description: "Our addition: when its next step is due"),
        .init("sender_account_id", .nullable(.text), required: true, description: "Our addition: the sender writing to it; follow-ups keep it"),
        .init("delivery_unknown", .boolean(), required: true,
              description: "Our addition: a message to it may or may not have gone after a crash; it is never resent"),
    ]

    static let campaignMessage = Schema.object([
        .init("id", .text, required: true), .init("campaign_id", .text, required: true), .init("prospect_id", .text, required: true),
        .init("node_id", .text, required: true), .init("subject", .nullable(.text), required: true), .init("body_text", .text, required: true),
        .init("body_html", .nullable(.text), required: true),
        .init("status", .string(enumValues: messageStatuses), required: true, description: """
            The contract's draft (editable), pending (queued to send) and sent, and ours: sending (handed to the SMTP server now), \
            unknown (the connection died after the message went; never resent) and bounced (refused for good)
            """),
        .init("manually_edited", .boolean(description: "Edited by hand: a later resolve keeps it"), required: true),
        .init("created_at", dateTime, required: true),
        .init("message_id", .nullable(.text), description: "Our addition: the RFC 5322 Message-ID, without brackets"),
        .init("sender_account_id", .nullable(.text), description: "Our addition: the sender it goes from"),
        .init("sent_at", .nullable(dateTime), description: "Our addition"), .init("opened_at", .nullable(dateTime), description: "Our addition: first open, with open_tracking"),
    ], description: "A message for one prospect and one node: a generated draft before launch, then the record of what was sent")
}
