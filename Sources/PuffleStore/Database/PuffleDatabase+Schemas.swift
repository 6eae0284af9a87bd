import SQLKit

extension PuffleDatabase {
    /// Creates a PostgreSQL schema (tests give each test its own).
    public func createSchema(_ name: String) async throws {
        try await transaction { db in try await db.raw("CREATE SCHEMA \(ident: name)").run() }
    }

    /// Drops a PostgreSQL schema and everything in it.
    public func dropSchema(_ name: String) async throws {
        try await transaction { db in try await db.raw("DROP SCHEMA \(ident: name) CASCADE").run() }
    }
}
