import PuffleCore
import SQLKit

/// ``APIKeyStore`` over SQL. Only a key's prefix and SHA-256 are stored.
public struct SQLAPIKeyStore: APIKeyStore {
    let database: PuffleDatabase

    public init(database: PuffleDatabase) {
        self.database = database
    }

    public func createKey(workspaceId: String, besideActive: Bool) async throws -> APIKeySecret {
        let key = APIKeySecret.generate()
        let engine = database.engine
        try await database.transaction { db in
            guard try await db.raw("SELECT id FROM workspaces WHERE id = \(bind: workspaceId)").first() != nil else {
                throw PuffleError.notFound("Workspace \(workspaceId) not found")
            }
            // Under the workspace's lock: two creates at once cannot both see no active key.
            try await LeadWriter(db: db, engine: engine, workspaceId: workspaceId, now: database.clock.now()).lockWorkspace()
            if !besideActive, let active = try await db.raw("""
                SELECT prefix FROM api_keys WHERE workspace_id = \(bind: workspaceId) AND revoked_at IS NULL LIMIT 1
                """).first() {
                let prefix = try active.decode(column: "prefix", as: String.self)
                throw PuffleError.conflict(
                    "Workspace \(workspaceId) already has an active key (\(prefix)). Revoke it first (puffle key revoke), or pass --rotate to keep it active beside the new one while clients switch.")
            }
            try await Self.insert(key, workspaceId: workspaceId, now: database.clock.now(), db: db)
        }
        return key
    }

    public func revokeKeys(workspaceId: String, prefix: String?) async throws -> Int {
        try await database.transaction { db in
            var query = SQLQueryString("SELECT id FROM api_keys WHERE workspace_id = \(bind: workspaceId) AND revoked_at IS NULL")
            if let prefix { query.appendInterpolation(SQLQueryString(" AND prefix = \(bind: prefix)")) }
            let ids = try await db.raw(query).all().map { try $0.decode(column: "id", as: String.self) }
            guard !ids.isEmpty else { return 0 }
            try await db.raw("UPDATE api_keys SET revoked_at = \(bind: database.clock.now().milliseconds) WHERE id IN (\(binds: ids))").run()
            return ids.count
        }
    }

    public func keys(prefix: String) async throws -> [APIKeyRecord] {
        try await database.read { db in
            try await db.raw("SELECT * FROM api_keys WHERE prefix = \(bind: prefix)").all().map(Self.record(from:))
        }
    }

    public func keys(workspaceId: String) async throws -> [APIKeyRecord] {
        try await database.read { db in
            try await db.raw("SELECT * FROM api_keys WHERE workspace_id = \(bind: workspaceId) ORDER BY created_at DESC, id DESC").all().map(Self.record(from:))
        }
    }

    static func insert(_ key: APIKeySecret, workspaceId: String, now: Timestamp, db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO api_keys (id, workspace_id, prefix, hash, created_at)
            VALUES (\(bind: SortableID.make()), \(bind: workspaceId), \(bind: key.prefix), \(bind: key.hash), \(bind: now.milliseconds))
            """).run()
    }

    private static func record(from row: any SQLRow) throws -> APIKeyRecord {
        APIKeyRecord(
            id: try row.decode(column: "id", as: String.self),
            workspaceId: try row.decode(column: "workspace_id", as: String.self),
            prefix: try row.decode(column: "prefix", as: String.self),
            hash: try row.decode(column: "hash", as: String.self),
            createdAt: Timestamp(milliseconds: try row.decode(column: "created_at", as: Int64.self)),
            revokedAt: try row.decode(column: "revoked_at", as: Int64?.self).map(Timestamp.init(milliseconds:))
        )
    }
}
