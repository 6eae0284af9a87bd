import PuffleCore

extension API {
    static let listResponse = Schema.object([.init("list", .ref("List"), required: true)])
    static let leadIdsBody = Schema.object([.init("leadIds", .array(.id, minItems: 1, maxItems: 10_000), required: true)])
    static let listTypes = ListLeadType.allCases.map(\.rawValue)
    /// The largest `leads[]` of one import request.
    public static let maxImportBatch = 500

    /// Rows are checked one by one, so the item schema admits anything and says what a valid row is.
    static let importItemNote =
        "A LeadInput (#/components/schemas/LeadInput). A row that is not a valid LeadInput does not fail the request: it is skipped and reported in errors with its index."

    static let lists: [Endpoint] = [
        Endpoint(
            "createList", .post, "/api/lists", summary: "Create a List", description: "name defaults to \"Untitled List\", leadType to person.",
            command: ["list", "create"],
            body: .object([
                .init("name", .nullable(.name)), .init("description", .nullable(.string(maxLength: TextLimits.text))),
                .init("leadType", .nullable(.string(enumValues: listTypes))), .init("leadIds", .nullable(.array(.id, maxItems: 10_000))),
            ]),
            bodyRequired: false, status: 201, response: listResponse, errors: [400, 404], tag: "Lists"
        ).linking(
            EndpointLink("GetList", to: "listLists", id: "/list/id", in: .query), EndpointLink("UpdateList", to: "updateList", id: "/list/id", in: .body),
            EndpointLink("DeleteList", to: "deleteList", id: "/list/id", in: .body), EndpointLink("PageListLeads", to: "listListLeads", id: "/list/id", in: .path),
            EndpointLink("AddListLeads", to: "addListLeads", id: "/list/id", in: .path), EndpointLink("ImportIntoList", to: "importListLeads", id: "/list/id", in: .body, as: "listId")
        ),
        Endpoint(
            "listLists", .get, "/api/lists", summary: "Get every List, or one by id",
            description: "Newest first after the default all List; no paging; exact counts. With id, lists holds that one List. The id all names the default List.",
            command: ["list"], parameters: [Parameter("id", in: .query, .text, "Fetch one List")],
            response: .object([.init("lists", .array(.ref("List")), required: true)]), errors: [404], tag: "Lists"
        ),
        Endpoint(
            "updateList", .patch, "/api/lists", summary: "Rename, describe or re-type a List",
            description: "The default all List cannot be renamed or re-typed (400). A leadType its members violate is refused (400).",
            command: ["list", "update"],
            body: .object([
                .init("id", .id, required: true), .init("name", .nullable(.nonBlankName)), .init("description", .nullable(.string(maxLength: TextLimits.text))),
                .init("leadType", .nullable(.string(enumValues: listTypes))),
            ]),
            response: listResponse, errors: [400, 404], tag: "Lists"
        ),
        Endpoint(
            "deleteList", .delete, "/api/lists", summary: "Delete a List (its Leads stay)",
            description: "The default all List cannot be deleted (400).", command: ["list", "delete"],
            body: .object([.init("id", .id, required: true)]), response: .ref("Success"), errors: [400, 404], tag: "Lists"
        ),
        Endpoint(
            "listListLeads", .get, "/api/lists/{id}/leads", summary: "Page a List's Leads",
            description: "Keyset paging by Lead id; stable while Leads are added. total counts the List's Leads of the requested type.",
            command: ["list", "lead"],
            parameters: [Parameter("id", in: .path, .text, "List id, or all")] + cursorParameters(maxLimit: 500, defaultLimit: 100) + [
                Parameter("type", in: .query, .string(enumValues: LeadType.allCases.map(\.rawValue)), "Only person or company Leads")
            ],
            response: .object([
                .init("leads", .array(.ref("Lead")), required: true), .init("total", .integer(minimum: 0), required: true),
                .init("hasMore", .boolean(), required: true), .init("nextCursor", .nullable(.text), required: true),
            ]), errors: [400, 404], tag: "Lists"
        ),
        Endpoint(
            "addListLeads", .post, "/api/lists/{id}/leads", summary: "Add existing Leads to a List",
            description: "A set-add: Leads already in the List are ignored. Unknown ids are 404; a Lead of the wrong type for the List is 400.",
            command: ["list", "lead", "add"], parameters: [Parameter("id", in: .path, .text, "List id")],
            body: leadIdsBody, response: listResponse, errors: [400, 404], tag: "Lists"
        ),
        Endpoint(
            "removeListLeads", .delete, "/api/lists/{id}/leads", summary: "Remove Leads from a List (the Leads stay)",
            description: "Ids not in the List are ignored. The default all List refuses (400): delete the Lead instead.",
            command: ["list", "lead", "remove"], parameters: [Parameter("id", in: .path, .text, "List id")],
            body: leadIdsBody, response: listResponse, errors: [400, 404], tag: "Lists"
        ),
        Endpoint(
            "importListLeads", .post, "/api/lists/import", summary: "Import Leads into a List, or preview the import",
            description: """
                Up to \(maxImportBatch) Leads a request; more is refused whole (400). Each valid row creates a Lead or merges into \
                the Lead with the same identifier, and joins the List (without listId, only the default all List, which list then shows). \
                A row's own listIds are honoured as by POST /api/leads: it also joins those Lists, and a row naming an unknown List \
                (code not_found) or one of the other lead type is skipped and reported. Rows that \
                are invalid (code invalid_request), or of the wrong type for the List, are skipped and reported in errors by \
                index; so is a row whose identifiers, alone or with the rows it shares an identifier with, belong to two different Leads (code conflict), which no import merges. \
                The batch is atomic. preview: true writes nothing and answers {preview, errors}.
                """,
            command: ["list", "import"],
            body: .object([
                .init("leads", .array(.any(description: importItemNote), minItems: 1, maxItems: maxImportBatch), required: true),
                .init("listId", .nullable(.id)), .init("preview", .nullable(.boolean())),
            ]),
            response: .object([
                .init("preview", .object([
                    .init("leadCount", .integer(minimum: 0), required: true), .init("personCount", .integer(minimum: 0), required: true),
                    .init("companyCount", .integer(minimum: 0), required: true), .init("createdCount", .integer(minimum: 0)),
                    .init("mergedCount", .integer(minimum: 0)),
                ]), description: "Only with preview: true"),
                .init("list", .nullable(.ref("List")), description: "The target List after the import: listId's, or the default all List without one"),
                .init("leads", .array(.ref("Lead")), description: "One per distinct Lead, in row order"),
                .init("createdCount", .integer(minimum: 0)), .init("mergedCount", .integer(minimum: 0)),
                .init("errors", .array(.ref("ImportRowError")), required: true),
            ]), errors: [400, 404], tag: "Lists"
        ).with(.init(fileReplaces: "leads")),
        Endpoint(
            "checkListDuplicates", .post, "/api/lists/check-duplicates", summary: "Count candidates already in other Lists",
            description: "Read-only. Matches by LinkedIn URL, then full name + company, then full name + location, against person Leads in the workspace's user Lists other than excludeListId. searchId counts the people a Lead Search of this workspace found (all of them, read 1,000 at a time), leaving out the search's own result List, where each of them is by construction (404 for an unknown search or another workspace's). Locations compare through one normalization: case, punctuation, US state names and codes, country names and codes (Austin, Texas = Austin, TX, US).",
            command: ["list", "check-duplicate"],
            body: .object([
                .init("people", .array(.object([
                    .init("linkedinUrl", .nullable(.text)), .init("fullName", .nullable(.text)), .init("company", .nullable(.text)),
                    .init("location", .nullable(.text)),
                ]), maxItems: 10_000)),
                .init("searchId", .nullable(.id)), .init("excludeListId", .nullable(.id)),
            ]),
            response: .object([.init("duplicateCount", .integer(minimum: 0), required: true)]), errors: [400, 404], tag: "Lists"
        ),
    ]
}
