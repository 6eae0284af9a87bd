import Hummingbird
import PuffleAPI
import PuffleCore

/// Registers handlers for the endpoints declared in ``API/all``, by operation id.
///
/// The method and path come from the declaration, never from the handler, and
/// ``assertComplete()`` refuses to start a router that leaves a declared endpoint without a handler.
final class RouteTable {
    let router: Router<PuffleRequestContext>
    let authenticator: Authenticator
    private(set) var registered: Set<String> = []

    init(router: Router<PuffleRequestContext>, authenticator: Authenticator) {
        self.router = router
        self.authenticator = authenticator
    }

    /// Registers an authenticated endpoint; the handler receives the ``Caller``.
    func on(_ operationId: String, _ handler: @escaping @Sendable (Request, PuffleRequestContext, Caller) async throws -> Reply) {
        let endpoint = declared(operationId)
        precondition(endpoint.requiresAuth, "\(operationId) is declared without auth")
        let authenticator = self.authenticator
        let queryNames = Self.queryNames(of: endpoint)
        router.on(RouterPath(endpoint.path), method: HTTPRequest.Method(rawValue: endpoint.method.rawValue)!) { request, context in
            let caller = try await authenticator.authenticate(request)
            var context = context
            context.query = try Self.readQuery(request, allowed: queryNames)
            context.bodySchema = endpoint.body
            return try await handler(request, context, caller).response()
        }
    }

    /// Registers an endpoint that needs no key.
    func onPublic(_ operationId: String, _ handler: @escaping @Sendable (Request, PuffleRequestContext) async throws -> Reply) {
        let endpoint = declared(operationId)
        precondition(!endpoint.requiresAuth, "\(operationId) is declared with auth")
        router.on(RouterPath(endpoint.path), method: HTTPRequest.Method(rawValue: endpoint.method.rawValue)!) { request, context in
            try await handler(request, context).response()
        }
    }

    private static func queryNames(of endpoint: Endpoint) -> Set<String> {
        Set(endpoint.parameters.filter { $0.location == .query }.map(\.name))
    }

    /// Decodes the query as a form; a misspelt or unsupported parameter is an error, not silently ignored.
    private static func readQuery(_ request: Request, allowed: Set<String>) throws -> QueryReader {
        let query = try QueryReader(rawQuery: Substring(request.uri.query ?? ""))
        for name in query.names where !allowed.contains(name) {
            let known = allowed.isEmpty ? "none" : allowed.sorted().joined(separator: ", ")
            throw PuffleError.invalidRequest("Unknown query parameter \(name); this route takes: \(known)")
        }
        return query
    }

    private func declared(_ operationId: String) -> Endpoint {
        guard let endpoint = API.endpoint(operationId) else { preconditionFailure("\(operationId) is not declared in API.all") }
        precondition(registered.insert(operationId).inserted, "\(operationId) registered twice")
        return endpoint
    }

    /// Every declared endpoint has a handler.
    func assertComplete() {
        let missing = API.all.map(\.operationId).filter { !registered.contains($0) }
        precondition(missing.isEmpty, "Endpoints without a handler: \(missing)")
    }
}
