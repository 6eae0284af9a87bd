import PuffleCore

/// The named schemas shared by several endpoints (`components/schemas`).
public enum Components {
    public static let all: [String: Schema] = [
        "Error": error,
        "Lead": lead,
        "LeadInput": leadInput,
        "LeadName": leadName,
        "LeadCompany": leadCompany,
        "LeadLocation": leadLocation,
        "List": list,
        "ListRef": .object([.init("id", .text, required: true), .init("name", .text, required: true)], additionalProperties: false),
        "ImportRowError": .object([
            .init("index", .integer(minimum: 0), required: true, description: "Position of the row in leads[], from 0"),
            .init("code", .text, required: true, description: "invalid_request, or conflict when the row's identifiers, alone or with the rows it shares an identifier with, belong to different Leads"),
            .init("message", .text, required: true),
        ]),
        "Success": .object([.init("success", .boolean(), required: true)]),
        "Account": account,
        "Context": context,
        "Settings": settings,
        "SenderAccount": senderAccount,
        "EmailDomain": emailDomain,
        "MailServer": mailServer,
        "LeadSearchTask": API.leadSearchTask,
        "Enrichment": enrichment,
        "EnrichmentRun": API.enrichmentRun,
        "EnrichmentItem": API.enrichmentItem,
        "Campaign": campaign,
        "SenderSummary": senderSummary,
        "SequenceNode": sequenceNode,
        "CampaignProspect": campaignProspect,
        "CampaignMessage": campaignMessage,
        "Thread": thread,
        "ThreadMessage": threadMessage,
    ]

    static let enrichment = Schema.object([
        .init("id", .text, required: true), .init("slug", .text, required: true), .init("name", .text, required: true),
        .init("description", .text, required: true), .init("subject", .string(enumValues: ["person", "company"]), required: true),
        .init("version", .text, required: true), .init("enabled", .boolean(), required: true), .init("visibility", .text, required: true),
        .init("inputSchema", .any(), required: true), .init("outputSchema", .any(), required: true),
        .init("defaultOutput", .object([.init("target", .text, required: true), .init("attributeKey", .text, required: true)]), required: true),
        .init("defaultOutputAttributeKey", .text, required: true), .init("outputOverridePolicy", .freeObject, required: true),
        .init("costModel", .object([.init("creditAction", .text, required: true), .init("credits", .integer(minimum: 0), required: true)]), required: true),
        .init("toolBinding", .freeObject, required: true),
    ])

    static let error = Schema.object([
        .init("error", .object([
            .init("code", .string(description: "Stable machine-readable code"), required: true),
            .init("message", .string(description: "Human-readable description"), required: true),
        ]), required: true)
    ], description: "Every error answers with this envelope.")

    static let leadName = Schema.object([
        .init("full", .nullable(.text)), .init("short", .nullable(.text)), .init("aliases", .nullable(.array(.text))),
        .init("first", .nullable(.text)), .init("last", .nullable(.text)),
    ])
    static let leadCompany = Schema.object([
        .init("name", .nullable(.text)), .init("id", .nullable(.text)),
        .init("domain", .nullable(.text), description: "Domain, URL or email, stored as its bare host; text with no host is refused"),
    ])
    static let leadLocation = Schema.object([
        .init("city", .nullable(.text)), .init("state", .nullable(.text)), .init("country", .nullable(.text)), .init("raw", .nullable(.text)),
    ])
    static let objects = Schema.array(.freeObject)

    /// A `filtered_list` scope's filter: the text filters of `GET /api/leads`, and a type.
    static let leadFilter = Schema.object(
        [.init("type", .string(enumValues: LeadType.allCases.map(\.rawValue)))]
            + LeadFilterField.allCases.map { Schema.Property($0.rawValue, .text, description: $0.summary) },
        additionalProperties: false)

    static let lead = Schema.object([
        .init("id", .text, required: true),
        .init("type", .string(enumValues: LeadType.allCases.map(\.rawValue)), required: true),
        .init("name", .ref("LeadName"), required: true),
        .init("lists", .array(.ref("ListRef")), required: true, description: "Every List the Lead is in; the default all List first"),
        .init("sources", objects, required: true),
        .init("createdAt", .string(format: "date-time"), required: true),
        .init("updatedAt", .string(format: "date-time"), required: true),
        .init("location", .ref("LeadLocation"), required: true),
        .init("socials", objects, required: true),
        .init("contacts", objects, required: true),
        .init("attributes", .freeObject, required: true),
        .init("raw", .freeObject, required: true),
        .init("title", .nullable(.text)),
        .init("company", .ref("LeadCompany")),
        .init("domain", .nullable(.text)),
        .init("industry", .nullable(.text)),
        .init("size", .nullable(.text)),
        .init("membership", .object([.init("attributes", .freeObject, required: true)]),
              description: "On a List's pages only: attributes of the Lead's membership of that List (membership-scoped Enrichment output)"),
    ], additionalProperties: false)

    static let leadInput = Schema.object([
        .init("type", .string(enumValues: LeadType.allCases.map(\.rawValue)), required: true),
        .init("name", .oneOf([.ref("LeadName"), .string()]), required: true, description: "An object; a bare string is taken as the full name"),
        .init("title", .nullable(.text)), .init("company", .nullable(.oneOf([.ref("LeadCompany"), .string()]))),
        .init("location", .nullable(.oneOf([.ref("LeadLocation"), .string()]))),
        .init("socials", .nullable(objects), description: "Objects with a url; a LinkedIn URL identifies the Lead"),
        .init("contacts", .nullable(objects), description: "Objects with a value; an email identifies a person Lead"),
        .init("domain", .nullable(.text), description: "Company domain, URL or email, stored as its bare host; identifies a company Lead. Text with no host is refused"),
        .init("industry", .nullable(.text)), .init("size", .nullable(.text)), .init("attributes", .nullable(.freeObject)),
        .init("sources", .nullable(objects), description: "Objects with an id; with a provider (or source) they identify the Lead"),
        .init("listIds", .nullable(.array(.text))), .init("raw", .nullable(.freeObject)),
    ], description: "A Lead matching an existing one by LinkedIn URL, email, company domain or provider id merges into it: empty fields are filled, nothing is overwritten.")

    static let list = Schema.object([
        .init("id", .text, required: true), .init("name", .text, required: true), .init("description", .nullable(.text), required: true),
        .init("leadType", .string(enumValues: ListLeadType.allCases.map(\.rawValue)), required: true),
        .init("leadCount", .integer(minimum: 0), required: true), .init("personCount", .integer(minimum: 0), required: true),
        .init("companyCount", .integer(minimum: 0), required: true),
        .init("createdAt", .string(format: "date-time"), required: true), .init("updatedAt", .string(format: "date-time"), required: true),
        .init("activeSearchTaskId", .nullable(.text), required: true), .init("searchFilters", .freeObject, required: true),
        .init("isDefault", .boolean(description: "True for the protected default all List (our addition)"), required: true),
    ], additionalProperties: false)

    static let account = Schema.object([
        .init("account", .object([.init("id", .text, required: true), .init("email", .nullable(.text), required: true), .init("fullName", .nullable(.text), required: true)]), required: true),
        .init("profile", .object([.init("firstName", .nullable(.text), required: true), .init("lastName", .nullable(.text), required: true)]), required: true),
        .init("canManageAuth", .boolean(description: "Always false under API-key auth"), required: true),
    ])

    static let context = Schema.object([
        .init("context", .nullable(.freeObject), required: true, description: "user, company, content, market, extra; null until saved"),
        .init("profile", .nullable(.freeObject), required: true, description: "firstName, lastName, companyName, website; null until saved"),
    ])

    static let settings = Schema.object([
        .init("timezone", .object([.init("timezone", .text, required: true), .init("isDefault", .boolean(), required: true)]), required: true),
        .init("admin", .any(description: "Always null here"), required: true),
        .init("campaign_accounts", .array(.freeObject), required: true, description: "Senders that can send now (connected, warming, active), with their limits and figures"),
        .init("allow_warming_accounts", .boolean(description: "Whether campaigns may launch with senders still warming (our addition to GET)"), required: true),
    ])

    static let mailServer = Schema.object([
        .init("host", .text, required: true), .init("port", .integer(), required: true),
        .init("security", .string(enumValues: MailSecurity.allCases.map(\.rawValue)), required: true),
        .init("username", .nullable(.text), required: true), .init("ca_file", .nullable(.text), required: true),
    ], description: "A mail server as stored; the password is never shown")

    static let senderAccount = Schema.object([
        .init("id", .text, required: true), .init("user_id", .text, required: true, description: "The workspace's id"),
        .init("type", .string(enumValues: SenderType.allCases.map(\.rawValue)), required: true),
        .init("display_name", .text, required: true), .init("status", .string(enumValues: SenderStatus.allCases.map(\.rawValue)), required: true),
        .init("created_at", .string(format: "date-time"), required: true), .init("updated_at", .string(format: "date-time"), required: true),
        .init("provider_account_id", .nullable(.text), required: true), .init("profile_url", .nullable(.text), required: true),
        .init("is_premium", .nullable(.boolean()), required: true), .init("has_sales_navigator", .nullable(.boolean()), required: true),
        .init("weekly_connection_limit", .nullable(.integer()), required: true), .init("weekly_message_limit", .nullable(.integer()), required: true),
        .init("email_address", .nullable(.text), required: true), .init("domain_id", .nullable(.text), required: true),
        .init("agentmail_inbox_id", .nullable(.text), required: true, description: "Always null: mailboxes are our own"),
        .init("instantly_account_id", .nullable(.text), required: true, description: "Always null"),
        .init("warmup_status", .nullable(.string(enumValues: WarmupStatus.allCases.map(\.rawValue))), required: true),
        .init("first_name", .nullable(.text), required: true), .init("last_name", .nullable(.text), required: true),
        .init("signature", .nullable(.text), required: true), .init("daily_limit", .integer(), required: true),
        .init("instantly_tag_id", .nullable(.text), required: true), .init("instantly_warmup_tag_id", .nullable(.text), required: true),
        .init("email_domains", .nullable(.object([
            .init("id", .text, required: true), .init("domain", .text, required: true),
            .init("status", .string(enumValues: EmailDomainStatus.allCases.map(\.rawValue)), required: true),
        ])), required: true),
        .init("smtp", .nullable(.ref("MailServer")), required: true, description: "Our addition: its own SMTP server; null for a mailbox on a sending domain that sends through the domain's relay"),
        .init("imap", .nullable(.ref("MailServer")), required: true, description: "Our addition: where replies are read"),
        .init("last_error", .nullable(.text), required: true, description: "Our addition: the server's answer to the last failed login, else null"),
        .init("stats", .object([.init("today_sent", .integer(minimum: 0), required: true), .init("today_committed", .integer(minimum: 0), required: true)]),
            description: "On GET /api/senders/{id} only"),
    ])

    static let emailDomain = Schema.object([
        .init("id", .text, required: true), .init("user_id", .text, required: true), .init("domain", .text, required: true),
        .init("agentmail_domain_id", .nullable(.text), required: true, description: "Always null: domains are our own"),
        .init("status", .string(enumValues: EmailDomainStatus.allCases.map(\.rawValue)), required: true),
        .init("dns_records", .array(.object([
            .init("type", .text, required: true), .init("name", .text, required: true), .init("value", .text, required: true),
            .init("purpose", .string(enumValues: ["spf", "dkim", "dmarc"]), required: true),
            .init("required", .boolean(description: "Needed for verified; DMARC is advised"), required: true),
            .init("status", .string(enumValues: ["unchecked", "verified", "missing", "mismatch"]), required: true, description: "What the last check found"),
        ])), required: true),
        .init("verified_at", .nullable(.string(format: "date-time")), required: true),
        .init("next_check_at", .nullable(.string(format: "date-time")), required: true, description: "While verifying: the next scheduled re-check"),
        .init("smtp", .nullable(.ref("MailServer")), required: true), .init("imap", .nullable(.ref("MailServer")), required: true),
        .init("created_at", .string(format: "date-time"), required: true), .init("updated_at", .string(format: "date-time"), required: true),
    ])
}
