import PuffleCore

/// An HTTP method the API uses.
public enum HTTPVerb: String, Sendable, CaseIterable {
    case get = "GET"
    case post = "POST"
    case put = "PUT"
    case patch = "PATCH"
    case delete = "DELETE"
}

/// A path or query parameter of an endpoint.
public struct Parameter: Sendable {
    public enum Location: String, Sendable {
        case path
        case query
        /// A request header (`Idempotency-Key`); the CLI sends it from a flag of the same name.
        case header
    }

    public var name: String
    public var location: Location
    public var schema: Schema
    public var required: Bool
    public var description: String

    public init(_ name: String, in location: Location, _ schema: Schema, required: Bool = false, _ description: String) {
        self.name = name
        self.location = location
        self.schema = schema
        self.required = required || location == .path
        self.description = description
    }
}

/// One route of the public API, declared once.
///
/// The router registers a handler for it, the OpenAPI document describes it, and the `puffle`
/// client turns it into a command: all three read this value, so they cannot drift apart.
public struct Endpoint: Sendable {
    /// The OpenAPI `operationId`, also the key handlers are registered under.
    public var operationId: String
    public var method: HTTPVerb
    /// The path with `{name}` placeholders, e.g. `/api/lists/{id}/leads`.
    public var path: String
    public var summary: String
    public var description: String
    /// The words after `puffle` that run this endpoint, e.g. `["list", "lead", "add"]`; nil for none.
    public var command: [String]?
    public var parameters: [Parameter]
    /// The JSON body schema; each top-level property is also a CLI flag.
    public var body: Schema?
    public var bodyRequired: Bool
    /// The body's media type: JSON, or `multipart/form-data` for file uploads (no CLI form).
    public var bodyContentType = "application/json"
    /// What the `puffle` command adds beyond one flag per field.
    public var commandExtras = CommandExtras()
    /// Operations that take the id the success response carries (``linking(_:)``).
    public var links: [EndpointLink] = []

    /// Flags of a command that are not fields of the request.
    public struct CommandExtras: Sendable, Equatable {
        /// `--file`: the rows of a CSV or JSON Lines file, sent in batches in place of this array field.
        public var fileReplaces: String?
        /// `--wait`: after a 202, poll the task it names until it ends.
        public var waits = false

        public init(fileReplaces: String? = nil, waits: Bool = false) {
            self.fileReplaces = fileReplaces
            self.waits = waits
        }
    }

    /// The same endpoint with these command extras.
    public func with(_ extras: CommandExtras) -> Endpoint {
        var copy = self
        copy.commandExtras = extras
        return copy
    }
    /// The success status and its body.
    public var status: Int
    public var response: Schema
    /// Other success statuses this endpoint can answer with, and why.
    public var otherSuccess: [Int: String]
    /// The error statuses it can answer with, besides those every authenticated route has.
    public var errors: [Int]
    public var requiresAuth: Bool
    public var tag: String

    public init(
        _ operationId: String, _ method: HTTPVerb, _ path: String, summary: String, description: String = "", command: [String]?,
        parameters: [Parameter] = [], body: Schema? = nil, bodyRequired: Bool = true, status: Int = 200, response: Schema,
        otherSuccess: [Int: String] = [:], errors: [Int] = [], requiresAuth: Bool = true, tag: String
    ) {
        self.operationId = operationId
        self.method = method
        self.path = path
        self.summary = summary
        self.description = description
        self.command = command
        self.parameters = parameters
        self.body = body
        self.bodyRequired = bodyRequired
        self.status = status
        self.response = response
        self.otherSuccess = otherSuccess
        self.errors = errors
        self.requiresAuth = requiresAuth
        self.tag = tag
    }

    /// The same endpoint taking a `multipart/form-data` body of this schema.
    public func multipart(_ schema: Schema) -> Endpoint {
        var copy = self
        copy.body = schema
        copy.bodyContentType = "multipart/form-data"
        return copy
    }

    /// The path parameter names, in order.
    public var pathParameterNames: [String] {
        path.split(separator: "/").compactMap { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? String(segment.dropFirst().dropLast()) : nil
        }
    }

    /// Whether a concrete path (no query) matches this endpoint's template.
    public func matches(path concrete: String) -> Bool {
        let template = path.split(separator: "/", omittingEmptySubsequences: true)
        let actual = concrete.split(separator: "/", omittingEmptySubsequences: true)
        guard template.count == actual.count else { return false }
        return zip(template, actual).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
    }
}
