import Synchronization

/// A value made from one of the server's stored secrets (``WorkspaceStore/serverSecret(named:)``):
/// read from the database on first use, then kept. Read lazily, so building a router or a handler
/// needs no database round trip; two first uses at once may both read it, and get the same secret.
public final class ServerSecretValue<Value: Sendable>: Sendable {
    private let workspaces: any WorkspaceStore
    private let name: String
    private let make: @Sendable (String) -> Value
    private let cached = Mutex<Value?>(nil)

    public init(workspaces: any WorkspaceStore, name: String, make: @escaping @Sendable (String) -> Value) {
        self.workspaces = workspaces
        self.name = name
        self.make = make
    }

    public func value() async throws -> Value {
        if let value = cached.withLock({ $0 }) { return value }
        let value = make(try await workspaces.serverSecret(named: name))
        cached.withLock { $0 = value }
        return value
    }
}
