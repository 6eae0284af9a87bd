import PuffleCore

extension API {
    static let itemStatuses = EnrichmentItemStatus.allCases.map(\.rawValue)
    static let time = Schema.nullable(.string(format: "date-time"))

    static let enrichmentRun = Schema.object([
        .init("id", .text, required: true),
        .init("status", .string(enumValues: EnrichmentRunStatus.allCases.map(\.rawValue)), required: true),
        .init("mode", .string(enumValues: ["persisted", "preview"]), required: true),
        .init("enrichment", .object([
            .init("id", .text, required: true), .init("slug", .text, required: true), .init("version", .integer(), required: true),
            .init("snapshot", .freeObject, required: true),
        ]), required: true),
        .init("scope", .object([
            .init("type", .string(enumValues: ["explicit_leads", "list", "filtered_list"]), required: true), .init("listId", .nullable(.text), required: true),
            .init("requested", .any(), required: true), .init("resolvedCount", .integer(minimum: 0), required: true),
            .init("counts", .object(EnrichmentItemStatus.allCases.map { .init($0.rawValue, .integer(minimum: 0), required: true) }), required: true),
        ]), required: true),
        .init("output", .object([
            .init("target", .string(enumValues: EnrichmentOutputTarget.allCases.map(\.rawValue)), required: true), .init("attributeKey", .text, required: true),
            .init("writePolicy", .string(enumValues: EnrichmentWritePolicy.allCases.map(\.rawValue)), required: true),
            .init("persistResults", .boolean(), required: true),
        ]), required: true),
        .init("cost", .object([
            .init("preview", .freeObject, required: true), .init("actual", .nullable(.freeObject), required: true),
        ], description: "creditAction, unitCost, units, credits; actual adds refunded"), required: true),
        .init("trigger", .freeObject, required: true),
        .init("error", .nullable(.freeObject), required: true),
        .init("timing", .object(["startedAt", "completedAt", "cancelledAt", "createdAt", "updatedAt"].map { .init($0, time, required: true) }), required: true),
    ])

    static let enrichmentItem = Schema.object([
        .init("id", .text, required: true), .init("runId", .text, required: true), .init("leadId", .text, required: true),
        .init("listId", .nullable(.text), required: true), .init("membershipId", .nullable(.text), required: true),
        .init("status", .string(enumValues: itemStatuses), required: true), .init("result", .any(), required: true),
        .init("skippedReason", .nullable(.text), required: true, description: "run_cancelled, attribute_exists"),
        .init("error", .nullable(.freeObject), required: true), .init("attempts", .integer(minimum: 0), required: true),
        .init("metadata", .freeObject, required: true),
        .init("timing", .object(["startedAt", "completedAt", "createdAt", "updatedAt"].map { .init($0, time, required: true) }), required: true),
    ])

    static let enrichment: [Endpoint] = [
        Endpoint(
            "listEnrichments", .get, "/api/enrichments", summary: "The Enrichment catalog, or one Enrichment by slug",
            description: "With id (a slug), enrichments holds that one (404 if unknown). q keeps entries whose slug, name or description contains it.",
            command: ["enrichment"],
            parameters: [Parameter("id", in: .query, .text, "An Enrichment slug"), Parameter("q", in: .query, .text, "Text to look for")],
            response: .object([.init("enrichments", .array(.ref("Enrichment")), required: true)]), errors: [404], tag: "Enrichment"
        ),
        Endpoint(
            "createEnrichment", .post, "/api/enrichment", summary: "Enrich Leads",
            description: """
                Plans the scope and, in persisted mode, charges leadCount x the Enrichment's credit cost in the transaction that creates \
                the run (402 with required and balance when short: nothing is created), then queues the work. Planner rejections are 400 \
                with their code: EMPTY_LEAD_SCOPE, SUBJECT_MISMATCH, OUTPUT_TARGET_UNSUPPORTED (output.target is lead_attribute, \
                or list_membership with a scope listId other than all whose List holds every Lead in scope), INVALID_INPUT; unknown Leads, Lists or enrichmentId are 404. filtered_list is supported, with the filter \
                fields of GET /api/leads. preview plans and answers status preview with creditsRequired, balance and sufficient; it \
                writes and charges nothing, so it has no run to read: enrichmentRunId and runId are null for a preview. The same idempotencyKey returns the same run with \
                reusedExistingRun true and charges nothing; with a different body it is refused with 409 idempotency_key_reused. \
                displayRequest is accepted and ignored. triggerRunId is always null (work runs on this server's job queue).
                """,
            command: ["enrichment", "create"],
            body: .object([
                .init("enrichmentId", .string(minLength: 1), required: true),
                .init("mode", .nullable(.string(enumValues: ["persisted", "preview"]))),
                .init("scope", .object([
                    .init("type", .string(enumValues: ["explicit_leads", "list", "filtered_list"]), required: true),
                    .init("leadIds", .array(.text, maxItems: 100_000)), .init("listId", .text), .init("filter", Components.leadFilter),
                ], additionalProperties: false), required: true),
                .init("input", .nullable(.freeObject)),
                .init("output", .nullable(.object([.init("attributeKey", .text), .init("target", .text)]))),
                .init("displayRequest", .nullable(.freeObject)), .init("idempotencyKey", .nullable(.text)),
                .init("writePolicy", .nullable(.string(enumValues: EnrichmentWritePolicy.allCases.map(\.rawValue)))),
            ]),
            response: .object([
                .init("enrichmentRunId", .nullable(.text), required: true, description: "null for a preview, which stores no run"),
                .init("runId", .nullable(.text), required: true, description: "The same id; null for a preview"), .init("status", .text, required: true),
                .init("leadCount", .integer(minimum: 0), required: true), .init("triggerRunId", .nullable(.text), required: true),
                .init("reusedExistingRun", .boolean(), required: true), .init("creditsRequired", .integer(minimum: 0), required: true),
                .init("balance", .integer(), required: true), .init("sufficient", .boolean(), required: true),
            ]), errors: [400, 402, 404, 409], tag: "Enrichment"
        ).linking(
            EndpointLink("GetRun", to: "getEnrichment", id: "/runId", in: .path), EndpointLink("RunItems", to: "listEnrichmentItems", id: "/runId", in: .path),
            EndpointLink("CancelRun", to: "cancelEnrichment", id: "/runId", in: .path)
        ),
        Endpoint(
            "getEnrichment", .get, "/api/enrichment/{id}", summary: "Get Enrichment run status",
            description: "counts always equal the items' statuses. cost.actual.refunded counts failed and cancelled items given back.",
            command: ["enrichment", "status"], parameters: [Parameter("id", in: .path, .text, required: true, "Run id")],
            response: .object([.init("run", .ref("EnrichmentRun"), required: true)]), errors: [404], tag: "Enrichment"
        ),
        Endpoint(
            "listEnrichmentItems", .get, "/api/enrichment/{id}/items", summary: "Get enriched Leads (a run's items)",
            description: "Ordered by item id; the cursor is the last item's id.", command: ["enrichment", "results"],
            parameters: [
                Parameter("id", in: .path, .text, required: true, "Run id"),
                Parameter("status", in: .query, .string(enumValues: itemStatuses), "Only items in this status"),
                Parameter("leadId", in: .query, .text, "Only this Lead's item"),
                Parameter("cursor", in: .query, .text, "page.nextCursor of the previous page"),
                Parameter("limit", in: .query, .integer(minimum: 1, maximum: 100), "1 to 100; default 50"),
            ],
            response: .object([
                .init("items", .array(.ref("EnrichmentItem")), required: true),
                .init("page", .object([
                    .init("limit", .integer(), required: true), .init("nextCursor", .nullable(.text), required: true), .init("hasMore", .boolean(), required: true),
                ]), required: true),
            ]), errors: [400, 404], tag: "Enrichment"
        ),
        Endpoint(
            "cancelEnrichment", .post, "/api/enrichment/{id}/cancel", summary: "Cancel an Enrichment run",
            description: "Pending items end skipped (run_cancelled) and their credits are refunded in the ledger; running items finish. 409 run_not_cancellable once the run has ended.",
            command: ["enrichment", "cancel"], parameters: [Parameter("id", in: .path, .text, required: true, "Run id")],
            response: .object([.init("run", .object([
                .init("id", .text, required: true), .init("status", .text, required: true), .init("cancelledAt", time, required: true),
            ]), required: true)]), errors: [404, 409], tag: "Enrichment"
        ),
        Endpoint(
            "getCredits", .get, "/api/credits", summary: "The credit balance and the newest ledger entries",
            description: "Our addition. Every charge (negative) and grant or refund (positive) is an entry; the balance is their sum.",
            command: ["credit"],
            parameters: [Parameter("limit", in: .query, .integer(minimum: 1, maximum: 500), "Entries, 1 to 500; default 50")],
            response: .object([
                .init("balance", .integer(), required: true),
                .init("entries", .array(.object([
                    .init("id", .text, required: true), .init("amount", .integer(), required: true), .init("reason", .text, required: true),
                    .init("createdAt", .string(format: "date-time"), required: true),
                ])), required: true),
            ]), errors: [400], tag: "Credits"
        ),
    ]
}
