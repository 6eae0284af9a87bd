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
            "getSettings", .get, "/api/settings", summary: "Read workspace settings (timezone)", command: ["setting"],
            response: .ref("Settings"), tag: "Workspace"
        ),
        Endpoint(
            "updateSettings", .put, "/api/settings", summary: "Set the workspace timezone",
            description: "timezone is an IANA name (Europe/Berlin, UTC); offsets such as GMT+5 and abbreviations such as EST are refused with 400. null resets it to the default America/New_York.", command: ["setting", "update"],
            body: .object([.init("timezone", .nullable(.text))]),
            response: .ref("Settings"), errors: [400], tag: "Workspace"
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
