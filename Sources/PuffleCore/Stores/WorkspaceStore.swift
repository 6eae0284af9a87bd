/// Workspaces, their account, context and settings.
public protocol WorkspaceStore: Sendable {
    /// Creates a workspace with its default `all` List, an API key, and an opening credit grant.
    /// - Returns: The workspace and its first key, whose value is never shown again.
    func createWorkspace(name: String, account: Account, credits: Int) async throws -> (Workspace, APIKeySecret)
    /// Every workspace, oldest first.
    func workspaces() async throws -> [Workspace]
    /// One workspace. - Throws: ``PuffleError/notFound(_:)``.
    func workspace(id: String) async throws -> Workspace
    /// Sets the account's name parts; `nil` leaves a part unchanged, `.some(nil)` clears it.
    func updateAccount(workspaceId: String, firstName: String??, lastName: String??) async throws -> Workspace
    /// The saved company profile and ICP.
    func context(workspaceId: String) async throws -> WorkspaceContext
    /// Replaces the saved context and profile whole.
    func replaceContext(workspaceId: String, with context: WorkspaceContext) async throws
    /// Sets (or with nil, resets) the workspace's IANA timezone.
    /// Reads the context, applies a change decided in Core (``ContextDraft``), and writes it back,
    /// in one transaction, so a PUT meanwhile is not lost. - Returns: The context written.
    func updateContext(workspaceId: String, _ change: @Sendable (WorkspaceContext) -> WorkspaceContext) async throws -> WorkspaceContext
    func setTimezone(workspaceId: String, to timezone: String?) async throws
    /// A random secret of the server's (not of a workspace), made on first use and the same for
    /// every process on the database from then on; e.g. the key that signs page cursors.
    func serverSecret(named name: String) async throws -> String
    /// The server value stored under `name`, storing `value` first when there is none (the first
    /// process to ask wins; every later one reads its value).
    func serverValue(named name: String, insertingIfAbsent value: String) async throws -> String
}

/// API keys: only hashes are stored.
public protocol APIKeyStore: Sendable {
    /// Creates a new active key for a workspace. A workspace has one active key, as the hosted API
    /// allows: rotation is revoke then create, unless `beside` keeps the current key active too (an
    /// operator's rollover without downtime).
    /// - Throws: `PuffleError.conflict` when a key is active and `beside` is false; `.notFound` for an unknown workspace.
    func createKey(workspaceId: String, besideActive: Bool) async throws -> APIKeySecret
    /// Revokes one key by its prefix, or every active key when `prefix` is nil.
    /// - Returns: How many keys were revoked.
    func revokeKeys(workspaceId: String, prefix: String?) async throws -> Int
    /// The key records with this prefix (active or not).
    func keys(prefix: String) async throws -> [APIKeyRecord]
    /// All key records of a workspace, newest first.
    func keys(workspaceId: String) async throws -> [APIKeyRecord]
}

/// The credit ledger: every grant and charge is a row; the balance is their sum.
public protocol CreditStore: Sendable {
    /// The current balance.
    func balance(workspaceId: String) async throws -> Int
    /// Grants the free plan's credits to a workspace that never had a grant, once, under its lock.
    /// - Returns: true when granted now; false when the workspace already had credits granted.
    func provisionFreePlan(workspaceId: String, amount: Int) async throws -> Bool
    /// Adds (or with a negative amount, removes) credits. - Returns: The new balance.
    func grant(workspaceId: String, amount: Int, reason: String) async throws -> Int
    /// Whether the ledger has an entry with this reason: how a retried job knows it already charged.
    func hasEntry(workspaceId: String, reason: String) async throws -> Bool
    /// The newest ledger entries (charges negative, grants and refunds positive).
    func entries(workspaceId: String, limit: Int) async throws -> [CreditEntry]
}

/// One row of the credit ledger; the balance is the sum of them all.
public struct CreditEntry: Sendable, Encodable {
    public var id: String
    public var amount: Int
    /// What moved the credits, e.g. `enrichment:<runId>`, `enrichment_refund:<runId>`, `lead_search:<taskId>`.
    public var reason: String
    public var createdAt: Timestamp

    public init(id: String, amount: Int, reason: String, createdAt: Timestamp) {
        self.id = id
        self.amount = amount
        self.reason = reason
        self.createdAt = createdAt
    }
}
