import Foundation
import PuffleCore
import PuffleStore

extension Bench {
    /// A database to measure on: a temporary SQLite file, or a fresh schema of the PostgreSQL at
    /// `url`; and how to remove it afterwards.
    static func temporaryDatabase(_ url: String?, name: String) async throws -> (PuffleDatabase, () async -> Void) {
        guard let url else {
            let directory = try Bench.temporaryDirectory()
            let database = try await PuffleDatabase.open(.sqlite(path: directory.appendingPathComponent("\(name).db").path), clock: SystemClock())
            return (database, { await database.close(); try? FileManager.default.removeItem(at: directory) })
        }
        let schema = "bench_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        let admin = try await PuffleDatabase.open(try DatabaseURL(parsing: url), clock: SystemClock(), migrate: false)
        try await admin.createSchema(String(schema))
        let separator = url.contains("?") ? "&" : "?"
        let database = try await PuffleDatabase.open(try DatabaseURL(parsing: url + separator + "search_path=" + schema), clock: SystemClock())
        return (database, {
            await database.close()
            try? await admin.dropSchema(String(schema))
            await admin.close()
        })
    }
}
