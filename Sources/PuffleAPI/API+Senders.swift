import PuffleCore

extension API {
    static let securityValues = MailSecurity.allCases.map(\.rawValue)

    /// A mail server as a request gives it; the password is write-only.
    static func mailServerInput(_ role: String) -> Schema {
        .object([
            .init("host", .string(minLength: 1, maxLength: 253), required: true, description: "Host name or IPv4 address of the \(role) server"),
            .init("port", .integer(minimum: 1, maximum: 65535), required: true),
            .init(
                "security", .string(enumValues: securityValues), required: true,
                description: "tls: TLS from the first byte (465, 993); starttls: upgrade before login (587, 143); none: plain text, only for loopback and relays on a private network"
            ),
            .init("username", .nullable(.string(maxLength: TextLimits.name))),
            .init("password", .nullable(.string(maxLength: TextLimits.name)), description: "Write-only: sealed at rest (AES-GCM), never shown again"),
            .init("ca_file", .nullable(.string(maxLength: 1024)), description: "Absolute path of a PEM file of certificates to trust instead of the system's"),
        ], additionalProperties: false)
    }

    static let senderResponse = Schema.object([.init("account", .ref("SenderAccount"), required: true)])
    static let domainResponse = Schema.object([.init("domain", .ref("EmailDomain"), required: true)])
    static let dailyLimit = Schema.integer(minimum: 1, maximum: SenderLimits.maxDaily, description: "Messages a day, 1 to \(SenderLimits.maxDaily); default \(SenderLimits.defaultDaily)")
    static let senderId = Parameter("id", in: .path, .text, "Sender (account) id")

    static let senders: [Endpoint] = [
        Endpoint(
            "listSenders", .get, "/api/senders", summary: "List sender accounts",
            description: "Email and LinkedIn senders of the workspace, newest first. Fields of the other channel are null.", command: ["sender"],
            parameters: [Parameter("type", in: .query, .string(enumValues: SenderType.allCases.map(\.rawValue)), "Only email or linkedin senders")],
            response: .object([.init("accounts", .array(.ref("SenderAccount")), required: true)]), errors: [400], tag: "Senders"
        ),
        Endpoint(
            "createEmailSender", .post, "/api/senders/email", summary: "Connect an existing mailbox over SMTP (our addition)",
            description: """
                Logs in to the SMTP server first (sending nothing). A refused login, an untrusted certificate or a server without AUTH is 400 smtp_login_failed quoting the server. \
                An unreachable server stores the sender as pending/not_started: PATCH /api/email/accounts/{id}/retry-warmup logs in again. A verified login is active/active. \
                EHLO names the address's domain. Passwords are sealed at rest and never shown. A workspace has one sender per address (409).
                """,
            command: ["sender", "email", "create"],
            body: .object([
                .init("email_address", .string(format: "email", maxLength: 254), required: true),
                .init("display_name", .nullable(.name), description: "Defaults to first and last name, else the address"),
                .init("first_name", .nullable(.name)), .init("last_name", .nullable(.name)),
                .init("signature", .nullable(.string(maxLength: TextLimits.text))), .init("daily_limit", .nullable(dailyLimit)),
                .init("smtp", mailServerInput("SMTP"), required: true),
                .init("imap", .nullable(mailServerInput("IMAP")), description: "Where replies are read, once the inbox syncs"),
            ]),
            status: 201, response: senderResponse, errors: [400, 409], tag: "Senders"
        ),
        Endpoint(
            "getSender", .get, "/api/senders/{id}", summary: "A sender with today's figures and its campaigns",
            description: "stats.today_sent counts messages handed to the server today (the workspace's timezone); today_committed those promised to today and not yet sent. The campaign maps are empty until campaigns use the sender.",
            command: ["sender", "detail"], parameters: [senderId],
            response: .object([
                .init("account", .ref("SenderAccount"), required: true), .init("campaigns", .array(.freeObject), required: true),
                .init("mappings", .array(.freeObject), required: true), .init("campaignStatsByStatus", .freeObject, required: true),
                .init("campaignSenderStatsByStatus", .freeObject, required: true), .init("campaignSenderTodayStatsByStatus", .freeObject, required: true),
                .init("campaignActiveProspectsCount", .freeObject, required: true),
            ]), errors: [404], tag: "Senders"
        ),
        Endpoint(
            "getSenderSchedule", .get, "/api/senders/{id}/schedule", summary: "Send capacity per day for the next 7 days",
            description: "Our shape (the contract leaves it open): one entry per day in the workspace's timezone, today first. available is the daily limit less sent and committed, 0 for a sender that cannot send now (pending, error).",
            command: ["sender", "schedule"], parameters: [senderId],
            response: .object([
                .init("account_id", .text, required: true), .init("timezone", .text, required: true),
                .init("days", .array(.object([
                    .init("date", .string(format: "date"), required: true), .init("daily_limit", .integer(), required: true),
                    .init("sent", .integer(minimum: 0), required: true), .init("committed", .integer(minimum: 0), required: true),
                    .init("available", .integer(minimum: 0), required: true),
                ])), required: true),
            ]), errors: [404], tag: "Senders"
        ),
        Endpoint(
            "listAccounts", .get, "/api/accounts", summary: "List sender accounts (older alias of /api/senders)", command: nil,
            parameters: [Parameter("type", in: .query, .string(enumValues: SenderType.allCases.map(\.rawValue)), "Only email or linkedin senders")],
            response: .object([.init("accounts", .array(.ref("SenderAccount")), required: true)]), errors: [400], tag: "Senders"
        ),
        Endpoint(
            "deleteAccount", .delete, "/api/accounts/{id}", summary: "Delete a sender",
            description: "Email senders are deleted (their send log stays, for the figures). Pause campaigns using it first.", command: nil,
            parameters: [senderId], response: .ref("Success"), errors: [404], tag: "Senders"
        ),
    ]
}
