import PuffleCore

extension API {
    static let creditActionNames = CreditAction.all.map(\.name)

    static let workspace: [Endpoint] = [
        Endpoint(
            "getAccount", .get, "/api/account", summary: "Get the account of the key's workspace", command: ["account"],
            response: .ref("Account"), tag: "Workspace"
        ),
        Endpoint(
            "updateAccount", .patch, "/api/account", summary: "Update the account's name",
            description: "firstName and lastName change at once. email and password belong to the dashboard: under API-key auth (canManageAuth false) they are refused with 403 forbidden; sending both is 400.",
            command: ["account", "update"],
            body: .object([
                .init("email", .string(format: "email")), .init("password", .string()),
                .init("firstName", .nullable(.text)), .init("lastName", .nullable(.text)),
            ]),
            response: .ref("Account"), errors: [400, 403], tag: "Workspace"
        ),
        Endpoint(
            "getContext", .get, "/api/context", summary: "Read the saved company profile and ICP",
            description: "Both halves are null until saved: treat that as onboarding not finished.", command: ["context"],
            response: .ref("Context"), tag: "Workspace"
        ),
        Endpoint(
            "updateContext", .put, "/api/context", summary: "Replace the company profile and ICP",
            description: "Each half sent (context, profile) is replaced whole: GET first, keep what should stay, send the whole half. A half left out keeps its saved value; null clears it. A body with neither is 400. Known fields are type-checked.",
            command: ["context", "update"],
            body: .object([.init("context", .nullable(.freeObject)), .init("profile", .nullable(.freeObject))]),
            response: .ref("Context"), errors: [400], tag: "Workspace"
        ),
        Endpoint(
            "getSettings", .get, "/api/settings", summary: "Read workspace settings: timezone and sendable senders", command: ["setting"],
            response: .ref("Settings"), tag: "Workspace"
        ),
        Endpoint(
            "updateSettings", .put, "/api/settings", summary: "Set the timezone and per-sender limits",
            description: """
                Sections, each optional, at least one: timezone is an IANA name (Europe/Berlin, UTC); offsets such as GMT+5 and abbreviations such as EST are 400; null resets it to America/New_York. \
                campaign_account sets one sender's limits: daily_limit 1 to 150 (above is 400), the weekly LinkedIn limits likewise; an unknown account is 404. allow_warming_accounts is admin-only: \
                API keys are not admins, so it is 403. Everything is checked before anything is written. The answer is the contract's {success, updated} beside the settings as they now are.
                """,
            command: ["setting", "update"],
            body: .object([
                .init("timezone", .nullable(.text)),
                .init("allow_warming_accounts", .boolean(description: "Admin only: 403 for API keys")),
                .init("campaign_account", .object([
                    .init("account_id", .id, required: true),
                    .init("daily_limit", .integer(minimum: 1, maximum: SenderLimits.maxDaily)),
                    .init("weekly_connection_limit", .integer(minimum: 1, maximum: SenderLimits.maxWeekly)),
                    .init("weekly_message_limit", .integer(minimum: 1, maximum: SenderLimits.maxWeekly)),
                ], additionalProperties: false)),
            ]),
            response: .object([
                .init("success", .boolean(), required: true), .init("updated", .freeObject, required: true),
                .init("timezone", .freeObject, required: true), .init("admin", .any(), required: true),
                .init("campaign_accounts", .array(.freeObject), required: true), .init("allow_warming_accounts", .boolean(), required: true),
            ]), errors: [400, 403, 404], tag: "Workspace"
        ),
        Endpoint(
            "getCreditsConfig", .get, "/api/credits/config", summary: "Read credit prices",
            description: "Prices default to the contract's table; an operator may override them (PUFFLE_CREDIT_COSTS).",
            command: ["credit", "config"],
            response: .object([
                .init("registryVersion", .text, required: true), .init("operations", .freeObject, required: true),
                .init("plans", .freeObject, required: true), .init("entitlements", .freeObject, required: true),
                .init("legacyCreditActions", .freeObject, required: true), .init("costs", .freeObject, required: true),
            ]), tag: "Credits"
        ),
        Endpoint(
            "previewCredits", .post, "/api/credits/preview", summary: "Preview the credit cost of an action",
            description: "Pure read: nothing is charged. required equals totalCredits.", command: ["credit", "preview"],
            body: .object([
                .init("action", .string(enumValues: creditActionNames), required: true),
                .init("count", .integer(minimum: 1, maximum: 1_000_000, description: "How many units, 1 to 1,000,000"), required: true),
            ]),
            response: .object([
                .init("action", .text, required: true), .init("count", .integer(), required: true),
                .init("costPerUnit", .integer(), required: true), .init("totalCredits", .integer(), required: true),
                .init("totalDollars", .number, required: true), .init("required", .integer(), required: true),
                .init("sufficient", .boolean(), required: true), .init("balance", .nullable(.integer()), required: true),
            ]), errors: [400], tag: "Credits"
        ),
    ]
}
