import Hummingbird
import Logging

/// The per-request context: the correlation id every response carries, and the body limit.
public struct PuffleRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Echoed from a valid incoming `x-correlation-id`, else generated.
    public var correlationId: String
    /// Set by ``PuffleRequestContext/init(source:)`` from the application's configuration.
    public var maxUploadSize: Int

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.correlationId = ""
        self.maxUploadSize = 10 * 1024 * 1024
    }
}

/// Who is calling: the workspace and key of an authenticated request. Handlers of authenticated
/// routes receive one, so a route cannot forget to authenticate.
public struct Caller: Sendable {
    public var workspaceId: String
    public var keyPrefix: String
}
