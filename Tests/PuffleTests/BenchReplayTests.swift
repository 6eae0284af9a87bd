import ArgumentParser
import Foundation
import PuffleCore
import PuffleStore
import Testing

@testable import PuffleCLI

/// `puffle bench import` reports how fast the `sqlite3` shell alone writes the imported rows; that
/// figure only means something if the replay writes every row into the same schema.
@Suite struct BenchReplayTests {
    @Test func theReplayWritesEveryImportedRowIntoTheSameTables() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("puffle-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("bench.db")
        let database = try await PuffleDatabase.open(.sqlite(path: source.path))
        let stores = Stores.sql(database)
        let (workspace, _) = try await stores.workspaces.createWorkspace(name: "bench", account: Account(), credits: 0)
        let list = try await stores.lists.createList(workspaceId: workspace.id, name: "bench", description: nil, leadType: .person, leadIds: [])
        // Three batches, the last one partial, as the bench sends them.
        for batch in [0..<500, 500..<1000, 1000..<1200] {
            let inputs = try batch.map { index in
                var writer = JSONWriter()
                Bench.Import.writeLead(index, into: &writer)
                return LeadInput(json: try JSONParser.parse(writer.bytes))
            }
            _ = try await stores.leads.importLeads(workspaceId: workspace.id, listId: list.id, inputs: inputs, preview: false)
        }
        await database.close()

        let bench = try Bench.Import.parse(["--leads", "1200"])
        let rate = try #require(try bench.sqlReplayRate(directory: directory, source: source))
        #expect(rate > 0)
        let replayed = directory.appendingPathComponent("replay.db").path
        let counts = try sqlite3(
            replayed, "SELECT (SELECT count(*) FROM leads), (SELECT count(*) FROM lead_identities), (SELECT count(*) FROM list_members);")
        #expect(counts == "1200|2400|1200")
        let schema = "SELECT type, name, sql FROM sqlite_master WHERE tbl_name IN ('leads', 'lead_identities', 'list_members') ORDER BY name;"
        #expect(try sqlite3(replayed, schema) == sqlite3(source.path, schema))
    }

    /// The shell's output of one query.
    private func sqlite3(_ database: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", database, sql]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
