/// The public API, declared once. See ``Endpoint``.
public enum API {
    /// Every endpoint, in the order the OpenAPI document and `puffle --help` list them.
    public static let all: [Endpoint] = meta + workspace + onboarding + leads + leadSearch + lists + enrichment + senders + emailSenders + linkedInSenders + campaigns + unibox

    /// The endpoint with this operation id.
    public static func endpoint(_ operationId: String) -> Endpoint? {
        all.first { $0.operationId == operationId }
    }

    /// Query parameters of cursor-paged listings.
    static func cursorParameters(maxLimit: Int, defaultLimit: Int) -> [Parameter] {
        [
            Parameter("limit", in: .query, .integer(minimum: 1, maximum: maxLimit), "Page size, 1 to \(maxLimit); default \(defaultLimit)"),
            Parameter("cursor", in: .query, .text, "The nextCursor of the previous page, unchanged: it is signed for the same query (path, type and filters) and refused with 400 invalid_request otherwise or when altered. It stays valid across server restarts; rows added meanwhile never shift it"),
        ]
    }

    static let meta: [Endpoint] = [
        Endpoint(
            "getHealth", .get, "/healthz", summary: "Liveness check", description: "Needs no key.", command: nil,
            response: .object([.init("status", .string(enumValues: ["ok"]), required: true)]), requiresAuth: false, tag: "Meta"
        ),
        Endpoint(
            "getOpenAPI", .get, "/api/openapi.json", summary: "This OpenAPI 3.1 document", description: "Needs no key.", command: nil,
            response: .freeObject, requiresAuth: false, tag: "Meta"
        ),
    ]
}
