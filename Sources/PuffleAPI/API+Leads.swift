import PuffleCore

extension API {
    static let leadResponse = Schema.object([.init("lead", .ref("Lead"), required: true)])

    static let leads: [Endpoint] = [
        Endpoint(
            "listLeads", .get, "/api/leads", summary: "Page or filter the workspace's Leads, or fetch one by id",
            description: "Ordered by id (creation order). Text filters match case-insensitively as substrings. With id, leads holds that one Lead (404 if unknown).",
            command: ["lead"],
            parameters: [
                Parameter("id", in: .query, .text, "Fetch exactly one Lead"),
                Parameter("type", in: .query, .string(enumValues: LeadType.allCases.map(\.rawValue)), "Only person or company Leads"),
            ] + cursorParameters(maxLimit: 500, defaultLimit: 50)
                + LeadFilterField.allCases.map { Parameter($0.rawValue, in: .query, .text, $0.summary) },
            response: .object([
                .init("leads", .array(.ref("Lead")), required: true),
                .init("nextCursor", .nullable(.text), required: true, description: "null on the last page"),
            ]), errors: [400, 404], tag: "Leads"
        ),
        Endpoint(
            "createLead", .post, "/api/leads", summary: "Create a Lead, or merge into the one with the same identifier",
            description: "201 with a new Lead; 200 when an identifier matched and the input merged into the existing Lead. 409 when its identifiers belong to two different Leads: no create merges Leads.",
            command: ["lead", "create"], body: .ref("LeadInput"), status: 201, response: leadResponse,
            otherSuccess: [200: "Merged into an existing Lead"], errors: [400, 404, 409], tag: "Leads"
        ).linking(
            EndpointLink("GetLead", to: "listLeads", id: "/lead/id", in: .query), EndpointLink("UpdateLead", to: "updateLead", id: "/lead/id", in: .body),
            EndpointLink("DeleteLead", to: "deleteLead", id: "/lead/id", in: .body)
        ),
        Endpoint(
            "updateLead", .patch, "/api/leads", summary: "Update a Lead (partial)",
            description: "Only the fields sent change; null clears a field. attributes and raw merge by key (null removes a key). type cannot change. 409 when a new identifier belongs to another Lead.",
            command: ["lead", "update"],
            body: .object([
                .init("id", .id, required: true), .init("name", .oneOf([.ref("LeadName"), .string(minLength: 1)])), .init("title", .nullable(.text)),
                .init("company", .nullable(.ref("LeadCompany"))), .init("location", .nullable(.ref("LeadLocation"))),
                .init("socials", Components.objects), .init("contacts", Components.objects), .init("domain", .nullable(.text)),
                .init("industry", .nullable(.text)), .init("size", .nullable(.text)),
                .init("attributes", .nullable(.freeObject), description: "Merged by key; a key set to null is removed"),
                .init("raw", .nullable(.freeObject), description: "Merged by key; a key set to null is removed"),
            ] + LeadPatch.readOnlyFields.sorted().map { Schema.Property($0, .any(description: "Read-only: accepted so a Lead can be sent back as read, and ignored")) },
                additionalProperties: false),
            response: leadResponse, errors: [400, 404, 409], tag: "Leads"
        ),
        Endpoint(
            "deleteLead", .delete, "/api/leads", summary: "Delete a Lead everywhere",
            description: "Removes it from every List, with its attributes and identifiers.", command: ["lead", "delete"],
            body: .object([.init("id", .id, required: true)]), response: .ref("Success"), errors: [400, 404], tag: "Leads"
        ),
        Endpoint(
            "listDashboardLeads", .get, "/api/dashboard/leads", summary: "Deduplicated flat view of people or companies",
            description: "Legacy snake_case rows, offset paging after deduplication (total counts deduplicated rows). people: Leads with the same full name and company (case and spacing aside) are one row, showing the first Lead and every List any of them is in; a LinkedIn URL or email is already one Lead. companies: one row per domain, else per name, with employeesInLists, the distinct people (folded the same way) whose company has that domain or name.",
            command: ["dashboard", "lead"],
            parameters: [
                Parameter("segment", in: .query, .string(enumValues: ["people", "companies"]), "Default people"),
                Parameter("search", in: .query, .text, "Matches name, title, company, domain, industry, location or email"),
                Parameter("limit", in: .query, .integer(minimum: 1, maximum: 500), "Default 50"),
                Parameter("offset", in: .query, .integer(minimum: 0, maximum: Int(Int32.max)), "Default 0"),
            ],
            response: .object([
                .init("rows", .array(.freeObject), required: true), .init("total", .integer(minimum: 0), required: true),
                .init("hasMore", .boolean(), required: true),
            ]), errors: [400], tag: "Leads"
        ),
    ]
}
