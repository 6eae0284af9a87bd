import Foundation
import PuffleCore
import PuffleStore

/// The engines a storage test runs on: SQLite always, PostgreSQL when `PUFFLE_TEST_POSTGRES_URL`
/// names a server (the README's test command starts one).
public enum TestBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }

    /// The engines available in this run.
    public static var available: [TestBackend] {
        ProcessInfo.processInfo.environment["PUFFLE_TEST_POSTGRES_URL"] == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    /// A new, empty, migrated database of its own: a temporary SQLite file, or a fresh PostgreSQL schema.
    /// - Parameter clock: What its stores read the time from; a ``ManualClock`` for tests of schedules.
    public func makeDatabase(clock: any WallClock = SystemClock()) async throws -> (PuffleDatabase, cleanup: @Sendable () async -> Void) {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("puffle-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let database = try await PuffleDatabase.open(.sqlite(path: directory.appendingPathComponent("test.db").path), clock: clock)
            return (database, { await database.close(); try? FileManager.default.removeItem(at: directory) })
        case .postgres:
            let base = ProcessInfo.processInfo.environment["PUFFLE_TEST_POSTGRES_URL"]!
            let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
            let admin = try await PuffleDatabase.open(try DatabaseURL(parsing: base), clock: clock, migrate: false)
            try await admin.createSchema(String(schema))
            await admin.close()
            let separator = base.contains("?") ? "&" : "?"
            let database = try await PuffleDatabase.open(try DatabaseURL(parsing: base + separator + "search_path=" + schema), clock: clock)
            return (database, {
                await database.close()
                if let admin = try? await PuffleDatabase.open(try DatabaseURL(parsing: base), clock: clock, migrate: false) {
                    try? await admin.dropSchema(String(schema))
                    await admin.close()
                }
            })
        }
    }
}
