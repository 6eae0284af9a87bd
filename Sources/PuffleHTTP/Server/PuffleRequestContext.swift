import Hummingbird
import Logging
import PuffleAPI
import PuffleCore

/// The per-request context: the correlation id every response carries, and the body limit.
public struct PuffleRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Echoed from a valid incoming `x-correlation-id`, else generated.
    public var correlationId: String
    /// Set by ``PuffleRequestContext/init(source:)`` from the application's configuration.
    public var maxUploadSize: Int
    /// The query, decoded once by the route table before the handler runs.
    var query = QueryReader()
    /// The declared body schema of the route; ``Request/decodeJSON(as:context:emptyAs:)`` checks bodies against it.
    var bodySchema: Schema?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.correlationId = ""
        self.maxUploadSize = 10 * 1024 * 1024
    }
}

extension PuffleRequestContext {
    /// A path parameter with its `%XX` escapes decoded (a List named `my list ü` is `/api/lists/my%20list%20%C3%BC/leads`).
    /// - Throws: `invalid_request` for a malformed escape or an empty value.
    func pathParameter(_ name: String) throws -> String {
        let raw = try parameters.require(name)
        guard let value = try? FormURLEncoding.pathSegment(Substring(raw)), !value.isEmpty else {
            throw PuffleError.invalidRequest("\(name): \"\(raw)\" is not a valid path segment")
        }
        return value
    }
}

/// Who is calling: the workspace and key of an authenticated request. Handlers of authenticated
/// routes receive one, so a route cannot forget to authenticate.
public struct Caller: Sendable {
    public var workspaceId: String
    public var keyPrefix: String
}
