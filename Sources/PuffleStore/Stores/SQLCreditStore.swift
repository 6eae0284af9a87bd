import PuffleCore
import SQLKit

/// ``CreditStore`` over SQL: an append-only ledger whose sum is the balance.
public struct SQLCreditStore: CreditStore {
    let database: PuffleDatabase

    public init(database: PuffleDatabase) {
        self.database = database
    }

    public func balance(workspaceId: String) async throws -> Int {
        try await database.read { db in try await Self.balance(workspaceId: workspaceId, db: db) }
    }

    public func hasEntry(workspaceId: String, reason: String) async throws -> Bool {
        try await database.read { db in
            try await db.raw("SELECT id FROM credit_ledger WHERE workspace_id = \(bind: workspaceId) AND reason = \(bind: reason) LIMIT 1").first() != nil
        }
    }

    public func grant(workspaceId: String, amount: Int, reason: String) async throws -> Int {
        try await database.transaction { db in
            guard try await db.raw("SELECT id FROM workspaces WHERE id = \(bind: workspaceId)").first() != nil else {
                throw PuffleError.notFound("Workspace \(workspaceId) not found")
            }
            try await Self.insertEntry(workspaceId: workspaceId, amount: amount, reason: reason, now: database.clock.now(), db: db)
            return try await Self.balance(workspaceId: workspaceId, db: db)
        }
    }

    public func provisionFreePlan(workspaceId: String, amount: Int) async throws -> Bool {
        let engine = database.engine
        return try await database.transaction { db in
            guard try await db.raw("SELECT id FROM workspaces WHERE id = \(bind: workspaceId)").first() != nil else {
                throw PuffleError.notFound("Workspace \(workspaceId) not found")
            }
            // Under the workspace's lock: two calls at once grant once.
            try await LeadWriter(db: db, engine: engine, workspaceId: workspaceId, now: database.clock.now()).lockWorkspace()
            let granted = try await db.raw("SELECT id FROM credit_ledger WHERE workspace_id = \(bind: workspaceId) AND amount > 0 LIMIT 1").first()
            guard granted == nil, amount > 0 else { return false }
            try await Self.insertEntry(workspaceId: workspaceId, amount: amount, reason: "free_plan", now: database.clock.now(), db: db)
            return true
        }
    }

    public func entries(workspaceId: String, limit: Int) async throws -> [CreditEntry] {
        try await database.read { db in
            try await db.raw("""
                SELECT id, amount, reason, created_at FROM credit_ledger WHERE workspace_id = \(bind: workspaceId) ORDER BY id DESC LIMIT \(bind: limit)
                """).all().map { row in
                CreditEntry(
                    id: try row.decode(column: "id", as: String.self), amount: try row.decode(column: "amount", as: Int.self),
                    reason: try row.decode(column: "reason", as: String.self),
                    createdAt: Timestamp(milliseconds: try row.decode(column: "created_at", as: Int64.self)))
            }
        }
    }

    static func balance(workspaceId: String, db: any SQLDatabase) async throws -> Int {
        let row = try await db.raw("SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) AS balance FROM credit_ledger WHERE workspace_id = \(bind: workspaceId)").first()
        return Int(try row?.decode(column: "balance", as: Int64.self) ?? 0)
    }

    static func insertEntry(workspaceId: String, amount: Int, reason: String, now: Timestamp, db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO credit_ledger (id, workspace_id, amount, reason, created_at)
            VALUES (\(bind: SortableID.make()), \(bind: workspaceId), \(bind: amount), \(bind: reason), \(bind: now.milliseconds))
            """).run()
    }
}
