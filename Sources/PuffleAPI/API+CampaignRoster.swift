import PuffleCore

extension API {
    static let messagesResponse = Schema.object([.init("messages", .array(.ref("CampaignMessage")), required: true)])

    /// One prospect of POST /api/campaigns/{id}/leads.
    static let prospectInput: Schema = {
        var properties = Components.prospectFields.map { Schema.Property($0, .nullable(.text)) }
        properties.append(.init("custom_fields", .nullable(.freeObject), description: "Read by templates as %custom_fields.<key>%"))
        return .object(properties)
    }()

    /// A field every prospect has, for where and orderBy.
    static let prospectField = Schema.string(enumValues: ProspectFields.keys)

    static let listImportFilter = Schema.object([
        .init("leadIds", .nullable(.array(.id, maxItems: 10_000)), description: "Only these Leads of the List"),
        .init("where", .nullable(.array(.object([.init("field", prospectField, required: true), .init("value", .any(), required: true)]))),
              description: "Each must hold: field is a List-Lead field, matched case-insensitively as a substring"),
        .init("orderBy", .nullable(.array(.object([
            .init("field", prospectField, required: true), .init("direction", .nullable(.string(enumValues: ["asc", "desc"]))),
        ])))),
        .init("limit", .nullable(.integer(minimum: 1, maximum: 10_000)), description: "At most this many Leads"),
    ])

    static let campaignRoster: [Endpoint] = [
        Endpoint(
            "listCampaignLeads", .get, "/api/campaigns/{id}/leads", summary: "Page a campaign's prospects",
            description: "Page-numbered from 1. total counts the prospects matching status.", command: ["campaign", "lead"],
            parameters: [
                campaignId, Parameter("page", in: .query, .integer(minimum: 1, maximum: 1_000_000), "Page, from 1; default 1"),
                Parameter("limit", in: .query, .integer(minimum: 1, maximum: 200), "Page size, 1 to 200; default 100"),
                Parameter("status", in: .query, .string(enumValues: Components.prospectStatuses), "Only prospects in this status"),
            ],
            response: .object([
                .init("prospects", .array(.ref("CampaignProspect")), required: true), .init("total", .integer(minimum: 0), required: true),
                .init("page", .integer(minimum: 1), required: true), .init("limit", .integer(minimum: 1), required: true),
            ]), errors: [400, 404], tag: "Campaigns"
        ),
        Endpoint(
            "addCampaignLeads", .post, "/api/campaigns/{id}/leads", summary: "Add prospects to a draft",
            description: """
                Draft only (400 otherwise). Each prospect needs the campaign channel's identity, email for email campaigns and linkedin_url for LinkedIn: \
                one without is 400 naming its index. Emails are lowercased; LinkedIn URLs lose their query and trailing slash. A prospect already on \
                the roster, or twice in the request, counts in duplicates and is not added.
                """,
            command: ["campaign", "lead", "add"], parameters: [campaignId],
            body: .object([.init("prospects", .array(prospectInput, minItems: 1, maxItems: 1_000), required: true)]),
            response: .object([.init("imported", .integer(minimum: 0), required: true), .init("duplicates", .integer(minimum: 0), required: true)]),
            errors: [400, 404], tag: "Campaigns"
        ),
        Endpoint(
            "updateCampaignLead", .patch, "/api/campaigns/{id}/leads", summary: "Edit a prospect of a draft",
            description: "Draft only (400 otherwise). Of updates, only email, linkedin_url, first_name, last_name, name, company, position and headline are applied; other keys are ignored.",
            command: ["campaign", "lead", "update"], parameters: [campaignId],
            body: .object([.init("prospect_id", .id, required: true), .init("updates", .freeObject, required: true)]),
            response: .object([.init("prospect", .ref("CampaignProspect"), required: true)]), errors: [400, 404], tag: "Campaigns"
        ),
        Endpoint(
            "removeCampaignLeads", .delete, "/api/campaigns/{id}/leads", summary: "Remove prospects from a draft",
            description: "Draft only (400 otherwise). prospect_ids removes those prospects; all: true removes the whole roster, overrides prospect_ids and answers deleted: \"all\".",
            command: ["campaign", "lead", "remove"], parameters: [campaignId],
            body: .object([
                .init("prospect_ids", .nullable(.array(.id, minItems: 1, maxItems: 500))),
                .init("all", .nullable(.boolean()), description: "Remove every prospect"),
            ]),
            response: .object([.init("deleted", .oneOf([.integer(minimum: 0), .string(enumValues: ["all"])]), required: true)]),
            errors: [400, 404], tag: "Campaigns"
        ),
        Endpoint(
            "importCampaignLeadsFromList", .post, "/api/campaigns/{id}/leads/import-from-list", summary: "Add a List's Leads to a draft as prospects",
            description: """
                Draft only (400 otherwise). Each Lead becomes a prospect: the LinkedIn URL is its LinkedIn social; the email is its email contact, \
                else its work_email attribute (an Enrichment's output); names, company, position and headline come from the Lead. A Lead without \
                the campaign channel's identity, a suppressed address or one that bounced before counts in invalid; one already on the roster in duplicates. \
                filter.where fields are List-Lead fields (name, first_name, last_name, company, position or title, email, location, linkedin_url), matched \
                case-insensitively as substrings. 206 when some pages failed after others were committed: retry with the same listId. \
                422 when nothing was imported: the error body still carries imported, duplicates, invalid, errors and total.
                """,
            command: ["campaign", "lead", "import"], parameters: [campaignId],
            body: .object([.init("listId", .id, required: true), .init("filter", .nullable(listImportFilter))]),
            response: .object([
                .init("imported", .integer(minimum: 0), required: true), .init("duplicates", .integer(minimum: 0), required: true),
                .init("invalid", .integer(minimum: 0), required: true), .init("errors", .integer(minimum: 0), required: true),
                .init("total", .integer(minimum: 0), required: true), .init("partial", .boolean(description: "With 206")),
            ]),
            otherSuccess: [206: "partial: some pages failed after others committed; retry with the same listId"],
            errors: [400, 404, 422, 500], tag: "Campaigns"
        ),
        Endpoint(
            "uploadCampaignCSV", .post, "/api/campaigns/{id}/leads/upload-csv", summary: "Read a CSV of prospects (step 1 of 2)",
            description: """
                multipart/form-data with the file in the part named file (.csv, up to 10 MB; export a spreadsheet as CSV: .xlsx and .xls are refused \
                with 400). Nothing is written: the answer shows the columns, the mapping guessed from the headers (email, first_name, last_name, company, \
                position, linkedin_url, headline; null where no header matched), the first 5 rows, the row count, and the text to send back to \
                confirm-csv with lead_list_id, an id naming this upload (kept as each prospect's source_ref).
                """,
            command: nil, parameters: [campaignId],
            response: .object([
                .init("lead_list_id", .text, required: true), .init("columns", .array(.text), required: true),
                .init("auto_mapping", .object(["email", "first_name", "last_name", "company", "position", "linkedin_url", "headline"].map {
                    Schema.Property($0, .nullable(.text), required: true)
                }), required: true),
                .init("preview_rows", .array(.freeObject), required: true), .init("total_rows", .integer(minimum: 0), required: true),
                .init("csv_text", .text, required: true),
            ]),
            errors: [400, 404, 413], tag: "Campaigns"
        ).multipart(.object([.init("file", .string(format: "binary"), required: true, description: "The CSV file")])),
        Endpoint(
            "confirmCampaignCSV", .post, "/api/campaigns/{id}/leads/confirm-csv", summary: "Add the prospects of a CSV (step 2 of 2)",
            description: """
                Draft only. mapping names, for each roster field, the CSV column it comes from; the campaign's address (email for email campaigns, \
                linkedin_url for LinkedIn) must be mapped, else 400. A row whose email is not an address, or whose URL is not linkedin.com's, is invalid. \
                Columns not mapped become custom_fields (key lowercased, spaces as _, other punctuation dropped: %custom_fields.<key>% in templates). \
                Safe to repeat: a prospect already on the roster is a duplicate.
                """,
            command: ["campaign", "lead", "confirm-csv"], parameters: [campaignId],
            body: .object([
                .init("lead_list_id", .id, required: true, description: "From upload-csv"),
                .init("mapping", .object(["email", "first_name", "last_name", "company", "position", "linkedin_url", "headline"].map {
                    Schema.Property($0, .nullable(.text))
                }), required: true),
                .init("csv_text", .string(maxLength: 10 * 1024 * 1024), required: true),
            ]),
            response: .object([
                .init("imported", .integer(minimum: 0), required: true), .init("duplicates", .integer(minimum: 0), required: true),
                .init("invalid", .integer(minimum: 0), required: true),
            ]),
            errors: [400, 404], tag: "Campaigns"
        ),
        Endpoint(
            "generateCampaignMessages", .post, "/api/campaigns/{id}/generate-messages", summary: "Write a draft's messages",
            description: """
                Draft only (400 otherwise). resolve fills the template variables (%first_name%, {{company}}, %custom_fields.<key>%…) of every \
                sendable node but ai, for every prospect, and stores one draft message per prospect and node; manually edited messages are kept, \
                so it is safe to re-run. generate_ai queues the writing of the ai node node_id (the first ai node when omitted) for prospect_ids \
                (written again) or every pending prospect (hand-edited ones kept) with the configured model (PUFFLE_LLM_*): without one it is 400 \
                ai_model_not_configured; 402 when the balance cannot pay AI_MESSAGE_GENERATION for each, with nothing done. The answer lists the drafts \
                so far; the AI drafts appear as they are written (poll GET generate-messages), each charged when written. A launch needs every \
                pending prospect's ai message. What is sent is a prospect's message when one exists, else its node rendered at send time.
                """,
            command: ["campaign", "generate-message"], parameters: [campaignId],
            body: .object([
                .init("action", .nullable(.string(enumValues: ["resolve", "generate_ai"])), description: "Default resolve (the contract's CLI form sends none)"),
                .init("node_id", .nullable(.id), description: "generate_ai: the ai node"),
                .init("prospect_ids", .nullable(.array(.id)), description: "generate_ai: only these prospects"),
            ]),
            bodyRequired: false, response: messagesResponse, errors: [400, 402, 404], tag: "Campaigns"
        ),
        Endpoint(
            "listCampaignMessages", .get, "/api/campaigns/{id}/generate-messages", summary: "List a campaign's messages",
            command: ["campaign", "generate-message", "list"],
            parameters: [
                campaignId, Parameter("status", in: .query, .string(enumValues: ["draft", "pending", "sent", "all"]), "draft (default), pending, sent or all"),
                Parameter("prospect_id", in: .query, .text, "Only this prospect's messages"),
            ],
            response: messagesResponse, errors: [400, 404], tag: "Campaigns"
        ),
        Endpoint(
            "updateCampaignMessage", .patch, "/api/campaigns/{id}/generate-messages", summary: "Edit a draft message",
            description: "Only a draft message (400 otherwise). It becomes manually_edited, which a later resolve keeps.",
            command: ["campaign", "generate-message", "update"], parameters: [campaignId],
            body: .object([
                .init("message_id", .id, required: true), .init("subject", .nullable(.text)), .init("body_text", .nullable(.text)),
            ]),
            response: .object([.init("message", .ref("CampaignMessage"), required: true)]), errors: [400, 404], tag: "Campaigns"
        ),
        Endpoint(
            "generateCampaignContent", .post, "/api/campaigns/{id}/generate-content", summary: "Draft a node's skeleton with the AI (one chat turn)",
            description: """
                Asks the configured model (PUFFLE_LLM_*) for a reusable skeleton of the node: subject and body with &&…&& spans written per prospect, \
                the blocks and how each is personalized, and an example. Free; without a model 400 ai_model_not_configured; a model failure is 502 \
                ai_model_failed. Nothing is saved: PUT the node with what you keep.
                """,
            command: nil, parameters: [campaignId],
            body: .object([
                .init("node_id", .id, required: true), .init("message", .string(maxLength: TextLimits.text), required: true),
                .init("session_id", .nullable(.text)), .init("sample_leads", .nullable(.array(.freeObject, maxItems: 20))),
                .init("sequence_context", .nullable(.freeObject)),
            ]),
            response: .object([
                .init("session_id", .text, required: true), .init("assistant_message", .any(), required: true),
                .init("skeleton", .nullable(.freeObject), required: true), .init("skeleton_updated", .boolean(), required: true),
            ]),
            errors: [400, 404, 502], tag: "Campaigns"
        ),
    ]
}
