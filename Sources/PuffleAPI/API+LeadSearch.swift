import PuffleCore

extension API {
    static let leadSearchTask = Schema.object([
        .init("id", .text, required: true, description: "The taskId"),
        .init("type", .string(enumValues: ["lead_search"]), required: true),
        .init("status", .string(enumValues: LeadSearchStatus.allCases.map(\.rawValue)), required: true,
              description: "pending, then running, then done (even with resultCount 0) or failed"),
        .init("statusUrl", .text, required: true, description: "Where to poll: /api/leads/search?taskId=<id>"),
        .init("resultListId", .text, required: true, description: "The List the run fills"),
        .init("prompt", .text, required: true),
        .init("title", .text, required: true),
        .init("filters", .freeObject, required: true, description: "What the prompt was read as (contact_job_title, seniority_level, functional_level, company_industry, contact_location, size, company_keywords, company_name)"),
        .init("fetchCount", .integer(minimum: 1, maximum: LeadSearchTask.maxFetchCount), required: true, description: "fetch_count after clamping"),
        .init("resultCount", .integer(minimum: 0), required: true, description: "People saved as Leads in the List"),
        .init("errorCode", .nullable(.text), required: true, description: "When failed: provider_error, provider_unavailable, cancelled"),
        .init("errorMessage", .nullable(.text), required: true),
        .init("note", .nullable(.text), required: true, description: "Our addition: why a done run saved fewer than fetchCount when the credit balance ran out; null otherwise"),
        .init("correlationId", .nullable(.text), required: true),
        .init("createdAt", .string(format: "date-time"), required: true),
        .init("completedAt", .nullable(.string(format: "date-time")), required: true),
    ])

    static let leadSearch: [Endpoint] = [
        Endpoint(
            "createLeadSearch", .post, "/api/leads/search", summary: "Start a Lead Search from a prompt",
            description: """
                Answers 202 at once; a background job finds people, makes each a Lead (reusing Leads by identifier) and adds it \
                to the result List: listId's List, a new List with that id when the workspace has none, or a new List named \
                listName (else after the prompt). fetch_count above 2500 is clamped to 2500. The same prompt into the same List \
                continues after the previous run's last result. Each saved person costs FIND_PERSON credits, paid page by page as \
                the run fetches people (at most 500 at a time), never the whole fetch_count up front, so parallel searches share \
                the balance. When the balance runs out the run stops cleanly: status done, resultCount what it saved, and a note \
                saying why; what was paid for but not saved goes back. 402 answers when the balance can't pay for one person.
                """,
            command: ["lead", "search", "create"],
            body: .object([
                .init("prompt", .string(description: "Who to find, in plain language", minLength: 1), required: true),
                .init("fetch_count", .integer(minimum: 1, description: "People to find; clamped to 2500"), required: true),
                .init("listId", .nullable(.id)), .init("listName", .nullable(.string(minLength: 1))),
            ]),
            status: 202,
            response: .object([
                .init("task", .ref("LeadSearchTask"), required: true), .init("list", .ref("ListRef"), required: true),
                .init("correlationId", .text, required: true),
            ]), errors: [400, 402, 404], tag: "Lead Search"
        ).with(.init(waits: true)),
        Endpoint(
            "listLeadSearches", .get, "/api/leads/search", summary: "Poll a Lead Search task, or list the recent ones",
            description: "Without taskId: the 20 newest tasks. With taskId: tasks holds that one task (404 if unknown).",
            command: ["lead", "search"], parameters: [Parameter("taskId", in: .query, .text, "The task to poll")],
            response: .object([.init("tasks", .array(.ref("LeadSearchTask")), required: true)]), errors: [404], tag: "Lead Search"
        ),
        Endpoint(
            "listLeadSearchResults", .get, "/api/leads/search/results", summary: "Page a task's raw provider rows",
            description: "Offset paging, in the order the provider returned them. leadId is the Lead the row became.",
            command: ["lead", "search", "result"],
            parameters: [
                Parameter("taskId", in: .query, .id, required: true, "The task"),
                Parameter("offset", in: .query, .integer(minimum: 0, maximum: Int(Int32.max)), "Rows to skip; default 0"),
                Parameter("limit", in: .query, .integer(minimum: 1, maximum: 500), "Page size, 1 to 500; default 100"),
            ],
            response: .object([
                .init("results", .array(.object([
                    .init("id", .text, required: true), .init("taskId", .text, required: true), .init("leadId", .nullable(.text), required: true),
                    .init("provider", .text, required: true), .init("raw", .freeObject, required: true),
                    .init("createdAt", .string(format: "date-time"), required: true),
                ])), required: true),
                .init("total", .integer(minimum: 0), required: true), .init("hasMore", .boolean(), required: true),
                .init("offset", .integer(minimum: 0), required: true), .init("limit", .integer(minimum: 1), required: true),
            ]), errors: [400, 404], tag: "Lead Search"
        ),
    ]
}
