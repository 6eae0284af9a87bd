import Foundation
import PuffleCore
import SQLKit

/// Applies pending migrations, each in its own transaction. Safe to run again and from several
/// processes at once: PostgreSQL serializes migrators with an advisory lock.
struct Migrator {
    let database: PuffleDatabase

    /// Applies every migration not yet recorded. - Returns: The versions applied.
    @discardableResult
    func migrate() async throws -> [Int] {
        try await database.transaction { db in
            try await db.raw("CREATE TABLE IF NOT EXISTS puffle_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)").run()
        }
        var applied: [Int] = []
        for migration in allMigrations.sorted(by: { $0.version < $1.version }) {
            let didApply = try await database.transaction { db in
                if database.engine == .postgres {
                    try await db.raw("SELECT pg_advisory_xact_lock(\(literal: Self.advisoryLockKey))").run()
                }
                let existing = try await db.raw("SELECT version FROM puffle_migrations WHERE version = \(bind: migration.version)").first()
                guard existing == nil else { return false }
                for statement in migration.prepare(engine: database.engine) {
                    try await db.raw(SQLQueryString(stringLiteral: statement)).run()
                }
                try await migration.backfill(db)
                try await db.raw(
                    "INSERT INTO puffle_migrations (version, name, applied_at) VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: database.clock.now().milliseconds))"
                ).run()
                return true
            }
            if didApply { applied.append(migration.version) }
        }
        return applied
    }

    /// An arbitrary constant shared by every Puffle process.
    private static let advisoryLockKey: Int64 = 0x7075_6666_6c65
}
