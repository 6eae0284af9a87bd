import PuffleCore

extension API {
    static let onboardingSession = Schema.object([
        .init("id", .text, required: true),
        .init("status", .string(enumValues: OnboardingSession.Status.allCases.map(\.rawValue)), required: true,
              description: "pending, looking_up, gathering_info, generating_context, then completed or failed"),
        .init("kind", .string(enumValues: ["onboarding", "regenerate"]), required: true, description: "Our addition: what started the session"),
        .init("website", .text, required: true), .init("companyName", .nullable(.text), required: true),
        .init("errorMessage", .nullable(.text), required: true), .init("errorStep", .nullable(.text), required: true, description: "The status it failed in"),
        .init("createdAt", .string(format: "date-time"), required: true), .init("updatedAt", .string(format: "date-time"), required: true),
    ])

    static let onboarding: [Endpoint] = [
        Endpoint(
            "getOnboardingStatus", .get, "/api/onboarding/status", summary: "Onboarding readiness: the scrape session and what the context lacks",
            description: """
                session is the onboarding session sessionId names, else the workspace's newest (null when none was started). \
                onboarding_complete is true when the context has every field later steps read (context.filled lists them, \
                context.missing what is still empty), whether a scrape or PUT /api/context filled them. Read-only.
                """,
            command: ["onboarding", "status"],
            parameters: [Parameter("sessionId", in: .query, .text, "A session from POST /api/onboarding/start-scraping; empty or absent means the newest")],
            response: .object([
                .init("session", .nullable(onboardingSession), required: true),
                .init("onboarding_complete", .boolean(), required: true),
                .init("context", .object([
                    .init("filled", .array(.text), required: true), .init("missing", .array(.text), required: true),
                ]), required: true, description: "Our addition: the required fields as dotted paths into {context, profile}"),
            ]), errors: [400, 404], tag: "Onboarding"
        ),
        Endpoint(
            "startOnboardingScrape", .post, "/api/onboarding/start-scraping", summary: "Read the company website into the context draft",
            description: """
                Creates a pending session and a background job that reads the site (robots.txt honoured, up to 10 pages: the home \
                page, then about, product, pricing and similar pages it links to) and drafts the company half and the ICP from \
                it, filling only fields that are empty. Poll GET /api/onboarding/status?sessionId=... email, firstName and \
                lastName fill the profile when it has none.
                """,
            command: ["onboarding", "start-scraping"],
            body: .object([
                .init("website", .string(minLength: 1, maxLength: TextLimits.text), required: true, description: "acme.com or https://acme.com/"),
                .init("email", .nullable(.string(format: "email", maxLength: TextLimits.name))),
                .init("firstName", .nullable(.name)), .init("lastName", .nullable(.name)),
            ]),
            status: 201,
            response: .object([.init("sessionId", .text, required: true), .init("runId", .text, required: true, description: "The same id")]),
            errors: [400], tag: "Onboarding"
        ),
        Endpoint(
            "regenerateContext", .post, "/api/context/regenerate", summary: "Read the website again and rewrite the drafted context",
            description: """
                Once per 24 hours per workspace: a second call within the window is 429 rate_limited with nextAvailableAt. \
                freeformContext is written to context.extra.freeform at once; the job then reads website (else the profile's) and \
                rewrites the fields the draft has, keeping the others. Progress shows on GET /api/onboarding/status. linkedinUrl \
                and companyLinkedinUrl are accepted and ignored (no LinkedIn provider reads them yet). 400 when no website is known.
                """,
            command: ["context", "regenerate"],
            body: .object([
                .init("website", .nullable(.string(maxLength: TextLimits.text))), .init("linkedinUrl", .nullable(.string(maxLength: TextLimits.text))),
                .init("companyLinkedinUrl", .nullable(.string(maxLength: TextLimits.text))),
                .init("freeformContext", .nullable(.string(maxLength: 10_000))),
            ]),
            bodyRequired: false,
            response: .object([
                .init("success", .boolean(), required: true), .init("runId", .text, required: true, description: "The session id"),
                .init("lastContextRegeneratedAt", .string(format: "date-time"), required: true),
            ]), errors: [400, 429], tag: "Onboarding"
        ),
        Endpoint(
            "provisionCredits", .post, "/api/credits/provision", summary: "Attach the free plan (idempotent)",
            description: """
                Grants the operator's free-plan credits (PUFFLE_FREE_PLAN_CREDITS, default 1000) to a workspace that never had \
                credits granted: {provisioned: true}. Otherwise {provisioned: false, reason: already_has_plan}, not an error; \
                with a free plan of 0 the reason is no_free_plan.
                """,
            command: ["credit", "provision"], bodyRequired: false,
            response: .object([
                .init("provisioned", .boolean(), required: true),
                .init("reason", .string(enumValues: ["already_has_plan", "no_free_plan"])),
            ]), tag: "Credits"
        ),
    ]
}
