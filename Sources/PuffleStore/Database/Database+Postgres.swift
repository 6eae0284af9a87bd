import Logging
import PostgresKit
import PostgresNIO
import SQLKit

/// PostgreSQL through a `PostgresClient` pool; several processes may share one database.
final class PostgresBackend: DatabaseBackend {
    private let client: PostgresClient
    private let runTask: Task<Void, Never>
    private let logger: Logger

    private init(client: PostgresClient, runTask: Task<Void, Never>, logger: Logger) {
        self.client = client
        self.runTask = runTask
        self.logger = logger
    }

    static func open(
        host: String, port: Int, user: String, password: String?, database: String, searchPath: String?, logger: Logger
    ) async throws -> PostgresBackend {
        var configuration = PostgresClient.Configuration(host: host, port: port, username: user, password: password, database: database, tls: .disable)
        if let searchPath {
            configuration.options.additionalStartupParameters = [("search_path", searchPath)]
        }
        configuration.options.maximumConnections = 16
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        // Lease nothing before run() has started: the client would log a warning for each early
        // lease (a hundred of them in a test run). The task says when it is about to call run().
        let (started, starting) = AsyncStream<Void>.makeStream()
        let runTask = Task {
            starting.finish()
            await client.run()
        }
        for await _ in started {}
        try? await Task.sleep(for: .milliseconds(2))
        let backend = PostgresBackend(client: client, runTask: runTask, logger: logger)
        do {
            // Fail at start, with the server's reason, rather than on the first request.
            _ = try await backend.read { try await $0.raw("SELECT 1").all() }
        } catch {
            runTask.cancel()
            throw error
        }
        return backend
    }

    func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await body(connection.sql(queryLogLevel: nil))
        }
    }

    func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> TransactionEnd<T>) async throws -> T {
        try await client.withConnection { connection in
            try await connection.sql(queryLogLevel: nil).inTransaction(body)
        }
    }

    func write<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await read(body)
    }

    func close() async {
        runTask.cancel()
        _ = await runTask.value
    }
}
