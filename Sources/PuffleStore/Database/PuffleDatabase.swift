import Logging
import PuffleCore
import SQLKit

/// The SQL engine behind a ``PuffleDatabase``.
public enum DatabaseEngine: String, Sendable {
    case sqlite
    case postgres
}

/// How a database engine hands out connections: reads, and serialized write transactions.
protocol DatabaseBackend: Sendable {
    func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T
    func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> TransactionEnd<T>) async throws -> T
    func write<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T
    func close() async
}

/// The one entry point to storage. Stores run reads with ``read(_:)`` and every change inside
/// ``transaction(_:)``, so a crash leaves a batch either whole or absent.
public final class PuffleDatabase: Sendable {
    /// Which engine this is; per-engine SQL branches on it.
    public let engine: DatabaseEngine
    /// Where it was opened from; another process (or pool) opens the same database with it.
    public let url: DatabaseURL
    /// The time every store stamps rows with and decides by: the process's one clock.
    public let clock: any WallClock
    let backend: any DatabaseBackend

    init(engine: DatabaseEngine, url: DatabaseURL, clock: any WallClock, backend: any DatabaseBackend) {
        self.engine = engine
        self.url = url
        self.clock = clock
        self.backend = backend
    }

    /// Opens the database at a URL and applies pending migrations.
    /// - Parameter clock: The process's clock (tests pass a ``ManualClock``).
    public static func open(
        _ url: DatabaseURL, clock: any WallClock, logger: Logger = Logger(label: "puffle.db"), migrate: Bool = true
    ) async throws -> PuffleDatabase {
        let database: PuffleDatabase
        switch url {
        case .sqlite(let path):
            database = PuffleDatabase(engine: .sqlite, url: url, clock: clock, backend: try await SQLiteBackend.open(path: path, logger: logger))
        case .postgres(let host, let port, let user, let password, let name, let searchPath):
            let backend = try await PostgresBackend.open(
                host: host, port: port, user: user, password: password, database: name, searchPath: searchPath, logger: logger)
            database = PuffleDatabase(engine: .postgres, url: url, clock: clock, backend: backend)
        }
        if migrate {
            do {
                try await Migrator(database: database).migrate()
            } catch {
                await database.close()
                throw error
            }
        }
        return database
    }

    /// Runs read-only work on a connection that sees committed data.
    public func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await backend.read(body)
    }

    /// Runs work in one transaction: committed when `body` returns, rolled back when it throws.
    public func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await backend.transaction { db in .commit(try await body(db)) }
    }

    /// Runs work in one transaction that `body` ends: committed or rolled back by what it returns,
    /// rolled back when it throws. For work that finds it should leave no trace (a preview, a plan
    /// gone stale) without using an error to say so.
    func transaction<T: Sendable>(ending body: (any SQLDatabase) async throws -> TransactionEnd<T>) async throws -> T {
        try await backend.transaction(body)
    }

    /// Runs one change that is atomic by itself (a single statement). On PostgreSQL it runs
    /// without BEGIN and COMMIT, two round trips fewer for the job queue's claims and reports;
    /// on SQLite it takes the single writer like a transaction.
    public func write<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await backend.write(body)
    }

    /// Closes every connection.
    public func close() async {
        await backend.close()
    }
}

/// How a transaction ends, as its work decides.
enum TransactionEnd<T: Sendable>: Sendable {
    case commit(T)
    /// Undo every change and answer this.
    case rollBack(T)
}

extension SQLDatabase {
    /// Runs `body` between `begin` and COMMIT (or ROLLBACK, as it answers) on this connection,
    /// rolling back when it throws.
    nonisolated(nonsending) func inTransaction<T>(begin: SQLQueryString = "BEGIN", _ body: (any SQLDatabase) async throws -> TransactionEnd<T>) async throws -> T {
        try await raw(begin).run()
        do {
            switch try await body(self) {
            case .commit(let result):
                try await raw("COMMIT").run()
                return result
            case .rollBack(let result):
                try await raw("ROLLBACK").run()
                return result
            }
        } catch {
            // In a task of its own: a cancelled task's ROLLBACK would not run, and would leave
            // the connection (SQLite's only writer) inside a transaction for its next user.
            let connection = self
            _ = await Task { try await connection.raw("ROLLBACK").run() }.result
            throw error
        }
    }
}
