import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO
import Synchronization

/// SQLite in WAL mode: one writer connection whose transactions are serialized by a lock,
/// reader connections that never see a transaction in progress, and a checkpointer.
final class SQLiteBackend: DatabaseBackend {
    private let writer: SQLiteConnection
    private let readers: [SQLiteConnection]
    private let checkpointer: SQLiteCheckpointer
    /// Threads for the writer and the checkpointer alone: the writer's statements never queue
    /// behind readers' on the shared pool, and readers never wait behind a long checkpoint.
    private let ownThreads: NIOThreadPool
    /// The thread write transactions run their Swift code on; see ``EventLoopTaskExecutor``.
    private let writerLoop: MultiThreadedEventLoopGroup
    private let writerExecutor: EventLoopTaskExecutor
    private let nextReader = Mutex(0)
    private let isClosed = Mutex(false)
    private let writeLock: AsyncLock

    private init(
        writer: SQLiteConnection, readers: [SQLiteConnection], checkpointer: SQLiteCheckpointer, ownThreads: NIOThreadPool,
        writerLoop: MultiThreadedEventLoopGroup, writeLock: AsyncLock
    ) {
        self.writeLock = writeLock
        self.writer = writer
        self.readers = readers
        self.checkpointer = checkpointer
        self.ownThreads = ownThreads
        self.writerLoop = writerLoop
        self.writerExecutor = EventLoopTaskExecutor(eventLoop: writerLoop.next())
    }

    static func open(path: String, logger: Logger, readerCount: Int = 2) async throws -> SQLiteBackend {
        let ownThreads = NIOThreadPool(numberOfThreads: 2)
        ownThreads.start()
        let writerLoop = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var opened: [SQLiteConnection] = []
        do {
            // Its statements' results arrive on the thread its transactions continue on.
            let writer = try await connect(path: path, threadPool: ownThreads, eventLoop: writerLoop.next(), logger: logger)
            opened.append(writer)
            // WAL lets readers run beside the writer; NORMAL sync is durable across a process crash.
            _ = try await writer.query("PRAGMA journal_mode=WAL")
            // The writer touches every index of a growing table: a larger cache (128 MB) measured
            // ~10% faster imports at a million Leads (`puffle bench import`).
            _ = try await writer.query("PRAGMA cache_size=-131072")
            // Checkpoints run on the checkpointer's connection, not inside the writer's COMMIT.
            _ = try await writer.query("PRAGMA wal_autocheckpoint=0")
            var readers: [SQLiteConnection] = []
            for _ in 0..<readerCount {
                readers.append(try await connect(path: path, threadPool: .singleton, logger: logger))
                opened.append(readers[readers.count - 1])
            }
            let checkpoints = try await connect(path: path, threadPool: ownThreads, logger: logger)
            opened.append(checkpoints)
            _ = try await checkpoints.query("PRAGMA busy_timeout=\(SQLiteCheckpointer.restartWaitMilliseconds)")
            let writeLock = AsyncLock()
            let checkpointer = SQLiteCheckpointer(connection: checkpoints, writeLock: writeLock, logger: logger)
            return SQLiteBackend(
                writer: writer, readers: readers, checkpointer: checkpointer, ownThreads: ownThreads, writerLoop: writerLoop, writeLock: writeLock)
        } catch {
            for connection in opened { try? await connection.close() }
            try? await ownThreads.shutdownGracefully()
            try? await writerLoop.shutdownGracefully()
            throw error
        }
    }

    private static func connect(
        path: String, threadPool: NIOThreadPool, eventLoop: any EventLoop = MultiThreadedEventLoopGroup.singleton.any(), logger: Logger
    ) async throws -> SQLiteConnection {
        let connection = try await SQLiteConnection.open(storage: .file(path: path), threadPool: threadPool, logger: logger, on: eventLoop).get()
        for pragma in ["PRAGMA busy_timeout=10000", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON", "PRAGMA cache_size=-65536"] {
            _ = try await connection.query(pragma)
        }
        return connection
    }

    func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let index = nextReader.withLock { value in
            value = (value + 1) % readers.count
            return value
        }
        return try await body(SQLiteSQLDatabase(connection: readers[index]))
    }

    func write<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await transaction { db in .commit(try await body(db)) }
    }

    func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> TransactionEnd<T>) async throws -> T {
        // Once the writer's thread is shut down, a task preferring it would never run again.
        guard !isClosed.withLock({ $0 }) else { throw Closed() }
        let result = try await withTaskExecutorPreference(writerExecutor) {
            try await writeLock.withLock {
                guard !isClosed.withLock({ $0 }) else { throw Closed() }
                return try await SQLiteSQLDatabase(connection: writer).inTransaction(begin: "BEGIN IMMEDIATE", body)
            }
        }
        checkpointer.committed()
        return result
    }

    /// A write after ``close()``.
    struct Closed: Error {}

    func close() async {
        isClosed.withLock { $0 = true }
        // Lets the transaction in flight finish; those still waiting then find the backend closed.
        try? await writeLock.withLock {}
        await checkpointer.close()
        for connection in readers + [writer] {
            try? await connection.close()
        }
        try? await ownThreads.shutdownGracefully()
        try? await writerLoop.shutdownGracefully()
    }
}
