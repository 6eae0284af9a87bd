import PuffleCore

extension API {
    static let campaigns: [Endpoint] = campaignCore + campaignRoster

    static let campaignId = Parameter("id", in: .path, .text, "Campaign id")
    static let campaignResponse = Schema.object([.init("campaign", .ref("Campaign"), required: true)])
    static let sequenceNodesResponse = Schema.object([.init("sequence_nodes", .array(.ref("SequenceNode")), required: true)])
    static let campaignName = Schema.string(minLength: 1, maxLength: TextLimits.name)
    static let campaignSignature = Schema.string(maxLength: TextLimits.text)
    static let campaignDailyLimit = Schema.integer(minimum: 1, maximum: 10_000)
    static let operatingHoursNote = """
        When the campaign may send: {"timezone": "Europe/Berlin", "days": {"monday": {"enabled": true, "start": "09:00", "end": "17:00"}, ...}}. \
        A day left out or not enabled has no window; without timezone the workspace's applies; extra keys are kept and echoed back. \
        Accepted for email campaigns too (our extension). A malformed one is 400
        """
    static let nodeTextFields = ["subject", "body", "body_html", "signature", "from_name", "reply_to", "cc", "bcc"].map { Schema.Property($0, .nullable(.text)) }

    /// The wait fields of a node; `ranged` bounds each field (the total is checked by the handler).
    static func nodeDelayFields(ranged: Bool) -> [Schema.Property] {
        [("delay_days", 31), ("delay_hours", 744), ("delay_minutes", 44_640)].map { field, maximum in
            Schema.Property(field, .nullable(.integer(minimum: 0, maximum: ranged ? maximum : nil)))
        }
    }

    /// One node of `sequence_nodes` in PATCH /api/campaigns/{id}.
    static let sequenceNodeInput: Schema = {
        var properties: [Schema.Property] = [
            .init("type", .string(enumValues: Components.nodeTypes), required: true),
            .init("id", .nullable(.string(maxLength: TextLimits.id)), description: "The id of a node of this campaign keeps that node; any other makes a new one"),
            .init("position", .nullable(.integer(minimum: 0)), description: "Positions follow the array order"),
        ]
        properties += nodeTextFields
        properties += [.init("include_message", .nullable(.boolean())), .init("is_reply", .nullable(.boolean()))]
        properties += nodeDelayFields(ranged: true)
        properties.append(.init("ai_node", .nullable(.freeObject)))
        return .object(properties)
    }()

    /// The body of POST /api/campaigns/{id}/sequence/nodes.
    static let addNodeBody: Schema = {
        var properties: [Schema.Property] = [
            .init("type", .string(enumValues: Components.nodeTypes), required: true),
            .init("position", .nullable(.integer(minimum: 0)), description: "0-based; omitted: just before end"),
            .init("subject", .nullable(.text)), .init("body", .nullable(.text)), .init("signature", .nullable(.text)),
            .init("include_message", .nullable(.boolean())), .init("is_reply", .nullable(.boolean())),
        ]
        properties += nodeDelayFields(ranged: true)
        return .object(properties)
    }()

    /// The body of PUT /api/campaigns/{id}/sequence/nodes/{nodeId}: every key optional.
    static let updateNodeBody: Schema = {
        var properties = nodeTextFields
        properties += [
            .init("attachments", .nullable(.array(.freeObject))),
            .init("include_message", .nullable(.boolean())), .init("is_reply", .nullable(.boolean())),
        ]
        properties += nodeDelayFields(ranged: false)
        properties.append(.init("ai_node", .nullable(.object([.init("purpose", .nullable(.text)), .init("output_type", .nullable(.text), description: "e.g. email")]))))
        return .object(properties)
    }()

    static let campaignCore: [Endpoint] = [
        Endpoint(
            "listCampaigns", .get, "/api/campaigns", summary: "List campaigns",
            description: "Each campaign with its sender_accounts and node_count (no sequence). Active and paused campaigns first, then the others; newest first within each group. An empty array is valid.",
            command: ["campaign"],
            response: .object([.init("campaigns", .array(.ref("Campaign")), required: true)]), tag: "Campaigns"
        ),
        Endpoint(
            "createCampaign", .post, "/api/campaigns", summary: "Create a draft campaign",
            description: """
                Creates a draft with a seeded sequence, [email, end] or [connection_request, end], returned as campaign.sequence_nodes. \
                sender_account_ids must name senders of the campaign's channel: a sender of the other channel is 400, an unknown one (or another workspace's) 404. \
                A name another campaign of the workspace has is 409. Fields of the other channel are ignored: skip_other_campaigns is LinkedIn's; \
                daily_limit, stop_on_reply, open_tracking and signature are email's. Without operating_hours an email campaign sends at any hour.
                """,
            command: ["campaign", "create"],
            body: .object([
                .init("type", .string(enumValues: Components.campaignTypes), required: true, description: "Fixed once created"),
                .init("name", campaignName, required: true, description: "Unique in the workspace"),
                .init(
                    "sender_account_ids", .array(.id, maxItems: 50), required: true,
                    description: "Senders of the campaign's channel. May be empty (our leniency, so a LinkedIn campaign can be authored before its account is connected): validate and launch then refuse it"),
                .init("skip_other_campaigns", .nullable(.boolean()), description: "LinkedIn: at launch, skip prospects another campaign already reaches"),
                .init("operating_hours", .nullable(.freeObject), description: operatingHoursNote),
                .init("daily_limit", .nullable(campaignDailyLimit), description: "Email: prospects a day across all senders, 1 to 10,000; default 50"),
                .init("stop_on_reply", .nullable(.boolean()), description: "Email: a reply ends the prospect's sequence; default true"),
                .init("open_tracking", .nullable(.boolean()), description: "Email: count opens; default false"),
                .init("signature", .nullable(campaignSignature), description: "Email"),
            ]),
            status: 201, response: campaignResponse, errors: [400, 404, 409], tag: "Campaigns"
        ),
        Endpoint(
            "getCampaignSettings", .get, "/api/campaigns/settings", summary: "Sender limits for campaigns",
            description: """
                accounts holds one object per sender: id, type, provider_account_id, is_premium, weekly_connection_limit, weekly_message_limit, display_name, \
                email_address, status, daily_limit, weekly_stats {connections_sent, messages_sent} (rolling 7 days), limits {weekly_connection_limit, \
                weekly_message_limit, max_connection_limit, max_message_limit, recommended_connection_limit, recommended_message_limit} and daily_stats \
                {sent, daily_limit}: the shape of campaign_accounts in GET /api/settings. Limits change through PUT /api/settings. schedules and weekly_stats are empty.
                """,
            command: ["campaign", "setting"],
            response: .object([
                .init("accounts", .array(.freeObject), required: true), .init("schedules", .array(.any()), required: true),
                .init("weekly_stats", .array(.any()), required: true),
            ]), tag: "Campaigns"
        ),
        Endpoint(
            "getCampaign", .get, "/api/campaigns/{id}", summary: "A campaign with its sequence and prospect counts",
            description: """
                campaign carries sender_accounts. Beside it: sequence_nodes in order; prospects_by_status (status → count); prospects_by_node \
                (node id → status → count, where __none__ holds prospects with no current node: not started, or finished). \
                Poll a launching campaign every 30 s, an active one every 1 to 5 minutes.
                """,
            command: ["campaign"], parameters: [campaignId],
            response: .object([
                .init("campaign", .ref("Campaign"), required: true),
                .init("sequence_nodes", .array(.ref("SequenceNode")), required: true),
                .init("prospects_by_status", .object(Components.prospectStatuses.map { Schema.Property($0, .integer(minimum: 0)) }), required: true),
                .init("prospects_by_node", .freeObject, required: true),
            ]), errors: [404], tag: "Campaigns"
        ),
        Endpoint(
            "updateCampaign", .patch, "/api/campaigns/{id}", summary: "Change a campaign's settings, senders or sequence",
            description: """
                Which fields apply depends on the status; the others are ignored silently, as are fields of the other channel:

                | Field | draft | active, paused |
                |---|---|---|
                | name, operating_hours, daily_limit (email), account_limits (email) | applied | applied |
                | skip_other_campaigns (LinkedIn), stop_on_reply, open_tracking, signature (email), sender_account_ids, sequence_nodes | applied | ignored |

                sequence_nodes is a full replacement: send the ids of nodes to keep them (with end); positions follow the array order. \
                A node type of the other channel, or a delay node whose delay_days + delay_hours + delay_minutes is not between 1 minute and 30 days, \
                is 400 before anything is written. sender_account_ids replaces the senders (the other channel's are 400, unknown ones 404). \
                A name another campaign has is 409. The answer carries sender_accounts; read the sequence with GET /api/campaigns/{id}.
                """,
            command: ["campaign", "update"], parameters: [campaignId],
            body: .object([
                .init("name", .nullable(campaignName)), .init("operating_hours", .nullable(.freeObject), description: operatingHoursNote),
                .init("daily_limit", .nullable(campaignDailyLimit), description: "Email: prospects a day across all senders, 1 to 10,000"),
                .init("skip_other_campaigns", .nullable(.boolean()), description: "LinkedIn; draft only"),
                .init("stop_on_reply", .nullable(.boolean()), description: "Email; draft only"),
                .init("open_tracking", .nullable(.boolean()), description: "Email; draft only"),
                .init("signature", .nullable(campaignSignature), description: "Email; draft only"),
                .init("sender_account_ids", .nullable(.array(.id, maxItems: 50)), description: "Replaces the senders; draft only"),
                .init("sequence_nodes", .nullable(.array(sequenceNodeInput, maxItems: 100)), description: "Replaces the whole sequence; draft only"),
                .init("account_limits", .nullable(.array(.object([
                    .init("account_id", .id, required: true),
                    .init("daily_limit", .integer(minimum: 1, maximum: SenderLimits.maxDaily), required: true),
                ]))), description: "Email: daily caps of senders in this campaign (our addition)"),
            ]),
            response: campaignResponse, errors: [400, 404, 409], tag: "Campaigns"
        ),
        Endpoint(
            "deleteCampaign", .delete, "/api/campaigns/{id}", summary: "Delete a campaign",
            description: "In any status: nothing more is sent, and the campaign goes with its sequence, prospects, messages and sender links. Irreversible.",
            command: ["campaign", "delete"], parameters: [campaignId], response: .ref("Success"), errors: [404], tag: "Campaigns"
        ),
        Endpoint(
            "launchCampaign", .post, "/api/campaigns/{id}/launch", summary: "Launch a draft campaign",
            description: """
                Checks now, sends in the background: draft → launching → active. prospectsToProcess counts the pending prospects. \
                (skippedProspects, skippedCount and warning belong to LinkedIn's skip_other_campaigns, which cannot launch until LinkedIn sending exists.) \
                The campaign_dispatch job then sends each due step: the prospect's generated message when one exists, else the node rendered \
                (template variables %first_name%, %last_name%, %name%, %email%, %company%, %position%, %headline%, %linkedin_url%, %sender_first%, \
                %custom_fields.KEY%, the same as {{name}}, fallbacks as %first_name|there%; signature: the node's, else the campaign's, else the \
                sender's), within the caps and operating hours, with a one-click unsubscribe link (RFC 8058) under PUFFLE_PUBLIC_BASE_URL and, with \
                open_tracking, an open pixel. A 5xx at RCPT bounces the prospect and suppresses the address; a send cut off by a crash is unknown, never resent. \
                400 when: the campaign is not a draft (the message names its status); it has no sender, no pending prospect or no sendable node; \
                nodes lack content (the message lists their positions); a delay node is outside 1 minute to 30 days; an email sender is not active \
                (warmup unfinished) or cannot send; a LinkedIn account is gone upstream (reconnect it); every prospect was skipped. \
                409 when a launch began less than 2 minutes ago, or the campaign changed meanwhile. Launching is free.
                """,
            command: ["campaign", "launch"], parameters: [campaignId],
            response: .object([
                .init("success", .boolean(), required: true), .init("message", .text, required: true),
                .init("runId", .text, required: true), .init("prospectsToProcess", .integer(minimum: 0), required: true),
                .init("warning", .text),
                .init("skippedProspects", .array(.object([
                    .init("id", .text, required: true), .init("name", .nullable(.text), required: true), .init("linkedin_url", .nullable(.text), required: true),
                ]))),
                .init("skippedCount", .integer(minimum: 0)),
            ]), errors: [400, 404, 409], tag: "Campaigns"
        ),
        Endpoint(
            "pauseCampaign", .post, "/api/campaigns/{id}/pause", summary: "Pause an active campaign",
            description: "Only an active campaign: otherwise 400 `Only active campaigns can be paused`. Nothing more is sent until it resumes. The answer carries sender_accounts.",
            command: ["campaign", "pause"], parameters: [campaignId], response: campaignResponse, errors: [400, 404], tag: "Campaigns"
        ),
        Endpoint(
            "resumeCampaign", .post, "/api/campaigns/{id}/resume", summary: "Resume a paused campaign",
            description: "Only a paused campaign: otherwise 400 `Only paused campaigns can be resumed`. Clears pause_reason. When every prospect is already final the campaign completes instead, and the answer shows completed.",
            command: ["campaign", "resume"], parameters: [campaignId], response: campaignResponse, errors: [400, 404], tag: "Campaigns"
        ),
        Endpoint(
            "validateCampaign", .get, "/api/campaigns/{id}/validate", summary: "Check a draft is ready to launch",
            description: """
                Changes nothing. ready is true when errors is empty. Errors: no sender, a sender not ready (email: active or warming; LinkedIn: connected), \
                no pending prospect, no sendable node, a sendable node without content, no end node. Warnings: no generated draft messages, ai nodes without examples. \
                A campaign that is not a draft answers the single error `Campaign is <status> — must be draft to launch`.
                """,
            command: ["campaign", "validate"], parameters: [campaignId],
            response: .object([
                .init("ready", .boolean(), required: true),
                .init("checks", .object([
                    .init("is_draft", .boolean(), required: true), .init("has_sender_accounts", .boolean(), required: true),
                    .init("sender_accounts_ready", .boolean(), required: true), .init("has_prospects", .boolean(), required: true),
                    .init("prospect_count", .integer(minimum: 0), required: true), .init("has_sendable_nodes", .boolean(), required: true),
                    .init("all_nodes_have_content", .boolean(), required: true), .init("messages_generated", .boolean(), required: true),
                    .init("message_count", .integer(minimum: 0), required: true),
                ]), required: true),
                .init("errors", .array(.text), required: true), .init("warnings", .array(.text), required: true),
            ]), errors: [404], tag: "Campaigns"
        ),
        Endpoint(
            "listCampaignSenders", .get, "/api/campaigns/{id}/senders", summary: "A campaign's senders and what they sent",
            description: """
                Read-only: senders change through PATCH /api/campaigns/{id}. weekly_connections_sent and weekly_messages_sent cover the last 7 days across all campaigns; \
                campaign_messages_sent is set for a single-sender LinkedIn campaign only, else null; today_sent (our addition) counts what the sender sent today. \
                campaign_total_sent counts the campaign's sent messages. An empty senders array is valid.
                """,
            command: ["campaign", "sender"], parameters: [campaignId],
            response: .object([
                .init("senders", .array(.object([
                    .init("account_id", .text, required: true), .init("display_name", .text, required: true),
                    .init("email_address", .nullable(.text), required: true), .init("profile_url", .nullable(.text), required: true),
                    .init("status", .text, required: true), .init("type", .string(enumValues: SenderType.allCases.map(\.rawValue)), required: true),
                    .init("is_premium", .nullable(.boolean()), required: true), .init("warmup_status", .nullable(.text), required: true),
                    .init("weekly_connection_limit", .nullable(.integer()), required: true), .init("weekly_message_limit", .nullable(.integer()), required: true),
                    .init("daily_limit", .integer(), required: true), .init("weekly_connections_sent", .integer(minimum: 0), required: true),
                    .init("weekly_messages_sent", .integer(minimum: 0), required: true), .init("campaign_messages_sent", .nullable(.integer(minimum: 0)), required: true),
                    .init("today_sent", .integer(minimum: 0), required: true),
                ])), required: true),
                .init("campaign_total_sent", .integer(minimum: 0), required: true),
                .init("campaign_type", .string(enumValues: Components.campaignTypes), required: true),
            ]), errors: [404], tag: "Campaigns"
        ),
        Endpoint(
            "getCampaignAccountUsage", .get, "/api/campaigns/{id}/account-usage", summary: "What each sender of a campaign sent on a day",
            description: "One entry per sender of the campaign: its daily_limit and what it sent on date (a UTC day).",
            command: ["campaign", "account-usage"],
            parameters: [campaignId, Parameter("date", in: .query, .text, "YYYY-MM-DD, a UTC day; missing or malformed means today (UTC)")],
            response: .object([
                .init("accounts", .array(.object([
                    .init("account_id", .text, required: true), .init("email", .nullable(.text), required: true),
                    .init("daily_limit", .integer(), required: true), .init("sent_today", .integer(minimum: 0), required: true),
                    .init("status", .text, required: true),
                ])), required: true),
            ]), errors: [404], tag: "Campaigns"
        ),
        Endpoint(
            "addSequenceNode", .post, "/api/campaigns/{id}/sequence/nodes", summary: "Add a node to a draft's sequence",
            description: """
                Draft only (400 otherwise, nothing written). Without position the node goes just before end; the nodes after it move down. \
                A type of the other channel is 400. An ai node starts empty: set its ai_node with PUT /api/campaigns/{id}/sequence/nodes/{nodeId}. \
                Answers the whole sequence in order.
                """,
            command: ["campaign", "sequence", "node", "add"], parameters: [campaignId],
            body: addNodeBody, response: sequenceNodesResponse, errors: [400, 404], tag: "Campaigns"
        ),
        Endpoint(
            "moveSequenceNode", .patch, "/api/campaigns/{id}/sequence/nodes", summary: "Move a node of a draft's sequence",
            description: "Draft only (400 otherwise, nothing written). The other nodes re-pack around it. Answers the whole sequence in order.",
            command: ["campaign", "sequence", "node", "move"], parameters: [campaignId],
            body: .object([.init("nodeId", .id, required: true), .init("toPosition", .integer(minimum: 0), required: true, description: "0-based")]),
            response: sequenceNodesResponse, errors: [400, 404], tag: "Campaigns"
        ),
        Endpoint(
            "deleteSequenceNode", .delete, "/api/campaigns/{id}/sequence/nodes", summary: "Delete a node of a draft's sequence",
            description: "Draft only (400 otherwise, nothing written). The remaining nodes re-pack 0, 1, 2…. Deleting end is allowed, but the campaign cannot launch without one.",
            command: ["campaign", "sequence", "node", "delete"], parameters: [campaignId],
            body: .object([.init("nodeId", .id, required: true)]), response: sequenceNodesResponse, errors: [400, 404], tag: "Campaigns"
        ),
        Endpoint(
            "updateSequenceNode", .put, "/api/campaigns/{id}/sequence/nodes/{nodeId}", summary: "Edit a node's content",
            description: """
                Draft only (400 otherwise, nothing written). Only the keys sent change; type, position and campaign_id cannot. ai_node applies to ai nodes only. \
                The delay range is not checked here: launch enforces it (1 minute to 30 days in total).
                """,
            command: ["campaign", "sequence", "node", "update"],
            parameters: [campaignId, Parameter("nodeId", in: .path, .text, "Sequence node id")],
            body: updateNodeBody, response: .object([.init("node", .ref("SequenceNode"), required: true)]), errors: [400, 404], tag: "Campaigns"
        ),
    ]
}
