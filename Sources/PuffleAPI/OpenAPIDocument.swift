import PuffleCore

/// Builds the OpenAPI 3.1 document from ``API/all`` and ``Components/all``.
public enum OpenAPIDocument {
    /// The whole document.
    public static func make(version: String = "0.1.0") -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for endpoint in API.all {
            var item = paths[endpoint.path]?.objectValue ?? [:]
            item[endpoint.method.rawValue.lowercased()] = operation(endpoint)
            paths[endpoint.path] = .object(item)
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Puffle API",
                "version": .string(version),
                "description": .string(description),
            ],
            "servers": [["url": "/"]],
            "paths": .object(paths),
            "components": [
                "schemas": .object(componentSchemas),
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer", "description": "pk_live_ API key"]],
            ],
        ]
    }

    /// Conventions, and the choices this implementation made where the Puffle contract is silent.
    static let description = """
        Self-hosted Puffle. Authenticate with `Authorization: Bearer pk_live_...`; a key sees only its workspace, and \
        another workspace's ids answer 404 not_found. Every error answers {"error":{"code","message"}}; every response \
        carries x-correlation-id (a valid incoming one is echoed). Choices where the contract is silent: \
        POST /api/leads answers 201 for a new Lead and 200 when it merged into an existing one; merging fills empty \
        fields and adds attribute keys, never overwriting. GET /api/lists?id= answers a one-element lists array, and \
        the id `all` names the protected default List, which holds every Lead and cannot be deleted, renamed, re-typed \
        or have Leads removed (400). Import without listId attaches only to `all`; invalid rows are skipped and listed \
        in errors by index (a row's own listIds are honoured; an unknown one is code not_found); the batch is atomic; \
        the response's list is the default List when no listId was sent. Query strings are \
        read as application/x-www-form-urlencoded (+ is a space) and path ids are percent-decoded. Unknown query \
        parameters are refused with 400; unknown body fields are ignored (PATCH /api/leads names the fields it does \
        not change); null for an optional body field means absent. Bodies must be UTF-8 (invalid bytes are refused, \
        never replaced) and text may hold no control characters but tab, line feed and carriage return (400 naming \
        the place): a title with U+0000 could be stored but never searched. Integers keep every digit up to 64 bits. \
        Limits: 300 characters for names (Lead name parts, List names), 1,000 for other short text and any query \
        value, 200 for attribute and raw keys; beyond them 400 names the field. A request HTTP cannot parse still \
        answers the error envelope. Locations compare through one normalization (case, punctuation, US states and \
        countries by name or code). Other codes: 402 insufficient_credits (with \
        required and balance), 405 method_not_allowed (with Allow), 413 payload_too_large, 429 rate_limited (with \
        Retry-After; a per-key token bucket). Lead Search: POST /api/leads/search answers 202 with task, list and \
        correlationId; tasks move pending, running, done (also with resultCount 0) or failed (errorCode \
        provider_error when the provider refused, provider_unavailable when it kept failing); fetch_count is required \
        (at least 1, clamped to 2500); a listId no List has creates the List with that id; a run pays FIND_PERSON \
        per person page by page as it fetches them, never the whole fetch_count up front, and when the balance runs \
        out ends done with a note saying why; 402 when the balance can't pay for one person; results page with \
        offset and limit (default 100, at most 500) in the order found; filters use the legacy parse-filters keys. \
        Enrichment: POST /api/enrichment answers 200; filtered_list scopes are supported; lead_attribute output is the default, \
        and list_membership output writes on the Leads' memberships of the scope's List (shown as \
        membership.attributes on that List's pages); an input its Enrichment rejects is 400 INVALID_INPUT; a reused \
        idempotencyKey with another body is 409 idempotency_key_reused; cancel refunds the credits of the items it skips, \
        and failed items are refunded; an item that finds nothing completes with result null; GET /api/credits (an \
        addition) shows the balance and the ledger.
        """

    private static func operation(_ endpoint: Endpoint) -> JSONValue {
        var operation: JSONObject = [
            "operationId": .string(endpoint.operationId),
            "summary": .string(endpoint.summary),
            "tags": [.string(endpoint.tag)],
            "responses": responses(endpoint),
        ]
        if !endpoint.description.isEmpty { operation["description"] = .string(endpoint.description) }
        if let command = endpoint.command { operation["x-cli"] = .string((["puffle"] + command).joined(separator: " ")) }
        operation["security"] = endpoint.requiresAuth ? [["bearer": []]] : []
        if !endpoint.parameters.isEmpty {
            operation["parameters"] = .array(endpoint.parameters.map { parameter in
                [
                    "name": .string(parameter.name), "in": .string(parameter.location.rawValue), "required": .bool(parameter.required),
                    "description": .string(parameter.description), "schema": parameter.schema.json(inJSON: false),
                ]
            })
        }
        if let body = endpoint.body {
            operation["requestBody"] = ["required": .bool(endpoint.bodyRequired), "content": [endpoint.bodyContentType: ["schema": body.json(inJSON: endpoint.bodyContentType == "application/json")]]]
        }
        return .object(operation)
    }

    /// Every component, with the request body's text rule (``Schema/textPattern``) on those a JSON
    /// request body uses; those only responses use are written without it. A component both use
    /// (`LeadName` in `LeadInput` and in `Lead`) keeps the rule in responses too: what it holds came
    /// in through a body, or from a provider or a crawl, whose text is not checked against it.
    private static var componentSchemas: JSONObject {
        var inBodies = Set<String>()
        for endpoint in API.all where endpoint.bodyContentType == "application/json" {
            endpoint.body?.referencedComponents(in: Components.all, into: &inBodies)
        }
        var schemas: JSONObject = [:]
        for (name, schema) in Components.all { schemas[name] = schema.json(inJSON: inBodies.contains(name)) }
        schemas[Schema.anyValueComponent] = Schema.anyValueJSON
        return schemas
    }

    private static func responses(_ endpoint: Endpoint) -> JSONValue {
        var success: JSONObject = ["description": "Success", "content": ["application/json": ["schema": endpoint.response.json(inJSON: false)]]]
        if !endpoint.links.isEmpty {
            success["links"] = .object(Dictionary(uniqueKeysWithValues: endpoint.links.map { ($0.name, $0.json) }))
        }
        var responses: JSONObject = [String(endpoint.status): .object(success)]
        for (status, why) in endpoint.otherSuccess {
            responses[String(status)] = ["description": .string(why), "content": ["application/json": ["schema": endpoint.response.json(inJSON: false)]]]
        }
        var errorStatuses = Set(endpoint.errors)
        if endpoint.requiresAuth { errorStatuses.formUnion([400, 401, 429]) }
        if endpoint.body != nil { errorStatuses.formUnion([400, 413]) }
        for status in errorStatuses.sorted() {
            responses[String(status)] = [
                "description": .string(errorDescriptions[status] ?? "Error"),
                "content": ["application/json": ["schema": Schema.ref("Error").json(inJSON: false)]],
            ]
        }
        return .object(responses)
    }

    static let errorDescriptions: [Int: String] = [
        400: "invalid_request: malformed JSON, a wrong type, a missing field, an unknown query parameter or a violated constraint",
        401: "unauthorized: missing, malformed, unknown or revoked key",
        403: "forbidden",
        404: "not_found: unknown id, or another workspace's",
        409: "conflict",
        413: "payload_too_large: body over the server's limit (10 MB by default)",
        429: "rate_limited: see Retry-After",
    ]
}
