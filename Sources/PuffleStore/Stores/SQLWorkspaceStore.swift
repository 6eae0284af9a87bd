import Foundation
import PuffleCore
import SQLKit

/// ``WorkspaceStore`` over SQL.
public struct SQLWorkspaceStore: WorkspaceStore {
    let database: PuffleDatabase

    public init(database: PuffleDatabase) {
        self.database = database
    }

    public func createWorkspace(name: String, account: Account, credits: Int) async throws -> (Workspace, APIKeySecret) {
        let now = database.clock.now()
        let workspace = Workspace(id: SortableID.make(), name: name, account: account, createdAt: now)
        let key = APIKeySecret.generate()
        try await database.transaction { db in
            try await db.raw("""
                INSERT INTO workspaces (id, name, email, first_name, last_name, created_at)
                VALUES (\(bind: workspace.id), \(bind: name), \(bind: account.email), \(bind: account.firstName), \(bind: account.lastName), \(bind: now.milliseconds))
                """).run()
            try await db.raw("""
                INSERT INTO lists (id, workspace_id, name, description, lead_type, is_default, created_at, updated_at)
                VALUES (\(bind: SortableID.make()), \(bind: workspace.id), \(bind: LeadList.defaultListName),
                \(bind: "Every Lead of the workspace"), \(bind: ListLeadType.mixed.rawValue), 1, \(bind: now.milliseconds), \(bind: now.milliseconds))
                """).run()
            try await SQLAPIKeyStore.insert(key, workspaceId: workspace.id, now: database.clock.now(), db: db)
            if credits != 0 {
                try await SQLCreditStore.insertEntry(workspaceId: workspace.id, amount: credits, reason: "initial grant", now: database.clock.now(), db: db)
            }
        }
        return (workspace, key)
    }

    public func serverSecret(named name: String) async throws -> String {
        if let existing = try await storedSecret(named: name) { return existing }
        // Two processes may both get here: the first insert wins and both read its value.
        return try await serverValue(named: name, insertingIfAbsent: APIKeySecret.randomHex(byteCount: 32))
    }

    /// The insert of a server secret left no row: an internal failure, logged and answered as a plain 500.
    struct SecretNotStored: Error {
        var name: String
    }

    public func serverValue(named name: String, insertingIfAbsent value: String) async throws -> String {
        try await database.transaction { db in
            try await db.raw("""
                INSERT INTO server_secrets (name, value, created_at) VALUES (\(bind: name), \(bind: value), \(bind: database.clock.now().milliseconds))
                ON CONFLICT (name) DO NOTHING
                """).run()
        }
        guard let stored = try await storedSecret(named: name) else { throw SecretNotStored(name: name) }
        return stored
    }

    private func storedSecret(named name: String) async throws -> String? {
        try await database.read { db in
            try await db.raw("SELECT value FROM server_secrets WHERE name = \(bind: name)").first()?.decode(column: "value", as: String.self)
        }
    }

    public func workspaces() async throws -> [Workspace] {
        try await database.read { db in
            try await db.raw("SELECT * FROM workspaces ORDER BY created_at, id").all().map(Self.workspace(from:))
        }
    }

    public func workspace(id: String) async throws -> Workspace {
        try await database.read { db in try await Self.find(id: id, db: db) }
    }

    public func updateAccount(workspaceId: String, firstName: String??, lastName: String??) async throws -> Workspace {
        try await database.transaction { db in
            var workspace = try await Self.find(id: workspaceId, db: db)
            if let firstName { workspace.account.firstName = firstName }
            if let lastName { workspace.account.lastName = lastName }
            try await db.raw("""
                UPDATE workspaces SET first_name = \(bind: workspace.account.firstName), last_name = \(bind: workspace.account.lastName)
                WHERE id = \(bind: workspaceId)
                """).run()
            return workspace
        }
    }

    public func context(workspaceId: String) async throws -> WorkspaceContext {
        try await database.read { db in
            guard let row = try await db.raw("SELECT context, profile FROM workspaces WHERE id = \(bind: workspaceId)").first() else {
                throw PuffleError.notFound("Workspace \(workspaceId) not found")
            }
            return WorkspaceContext(
                context: try Self.json(row.decode(column: "context", as: String?.self)),
                profile: try Self.json(row.decode(column: "profile", as: String?.self))
            )
        }
    }

    public func replaceContext(workspaceId: String, with context: WorkspaceContext) async throws {
        try await database.transaction { db in try await Self.write(context, workspaceId: workspaceId, db: db) }
    }

    public func updateContext(workspaceId: String, _ change: @Sendable (WorkspaceContext) -> WorkspaceContext) async throws -> WorkspaceContext {
        let engine = database.engine
        return try await database.transaction { db in
            try await LeadWriter(db: db, engine: engine, workspaceId: workspaceId, now: database.clock.now()).lockWorkspace()
            guard let row = try await db.raw("SELECT context, profile FROM workspaces WHERE id = \(bind: workspaceId)").first() else {
                throw PuffleError.notFound("Workspace \(workspaceId) not found")
            }
            let saved = WorkspaceContext(
                context: try Self.json(row.decode(column: "context", as: String?.self)), profile: try Self.json(row.decode(column: "profile", as: String?.self)))
            let changed = change(saved)
            try await Self.write(changed, workspaceId: workspaceId, db: db)
            return changed
        }
    }

    private static func write(_ context: WorkspaceContext, workspaceId: String, db: any SQLDatabase) async throws {
        let contextText = context.context == .null ? nil : JSONWriter.string(context.context)
        let profileText = context.profile == .null ? nil : JSONWriter.string(context.profile)
        try await db.raw("UPDATE workspaces SET context = \(bind: contextText), profile = \(bind: profileText) WHERE id = \(bind: workspaceId)").run()
    }

    public func setTimezone(workspaceId: String, to timezone: String?) async throws {
        try await database.transaction { db in
            try await db.raw("UPDATE workspaces SET timezone = \(bind: timezone) WHERE id = \(bind: workspaceId)").run()
        }
    }

    private static func find(id: String, db: any SQLDatabase) async throws -> Workspace {
        guard let row = try await db.raw("SELECT * FROM workspaces WHERE id = \(bind: id)").first() else {
            throw PuffleError.notFound("Workspace \(id) not found")
        }
        return try workspace(from: row)
    }

    private static func workspace(from row: any SQLRow) throws -> Workspace {
        Workspace(
            id: try row.decode(column: "id", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            account: Account(
                email: try row.decode(column: "email", as: String?.self),
                firstName: try row.decode(column: "first_name", as: String?.self),
                lastName: try row.decode(column: "last_name", as: String?.self)
            ),
            timezone: try row.decode(column: "timezone", as: String?.self),
            createdAt: Timestamp(milliseconds: try row.decode(column: "created_at", as: Int64.self))
        )
    }

    private static func json(_ text: String?) throws -> JSONValue {
        guard let text else { return .null }
        return try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }
}
