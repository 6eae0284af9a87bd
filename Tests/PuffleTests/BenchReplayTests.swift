import ArgumentParser
import Foundation
import PuffleCore
import PuffleStore
import Testing

@testable import PuffleCLI

/// `puffle bench import` reports how fast the `sqlite3` shell alone writes the imported rows, into a
/// copy of the Lead tables and into the least tables a Lead store needs; those figures only mean
/// something if each replay writes exactly those rows, each key and membership for the right Lead.
@Suite struct BenchReplayTests {
    /// Into a copy of the Lead tables and into the least tables a Lead store needs alike.
    @Test(arguments: [SQLiteLeadReplay.Layout.copy, .minimal])
    func theReplayWritesExactlyTheImportedRows(layout: SQLiteLeadReplay.Layout) async throws {
        try await withImportedLeads { directory, source in
            let bench = try Bench.Import.parse(["--leads", "1200"])
            let outcome = try #require(bench.sqlReplay(SQLiteLeadReplay(source: source.path, leadCount: 1200, layout: layout), directory: directory))
            #expect(outcome.isFaithful)
            #expect(outcome.replayed == [1200, 2400, 1200])
            #expect(outcome.differences == 0)
            let summary = Bench.Import.replaySummary(outcome, into: layout, importRate: 1, sqliteRate: 1)
            #expect(summary.contains(layout == .copy ? "into a copy of the Lead tables" : "into the least tables"))
        }
    }

    @Test(arguments: [SQLiteLeadReplay.Layout.copy, .minimal])
    func aReplayMissingRowsDoesNotMatch(layout: SQLiteLeadReplay.Layout) async throws {
        try await withImportedLeads { directory, source in
            let bench = try Bench.Import.parse(["--leads", "1200"])
            // The last 200 Leads are left out, so the copy cannot match the source.
            let outcome = try #require(bench.sqlReplay(SQLiteLeadReplay(source: source.path, leadCount: 1000, layout: layout), directory: directory))
            #expect(!outcome.isFaithful)
            #expect(outcome.replayed == [1000, 2000, 1000])
            #expect(outcome.source == [1200, 2400, 1200])
            // Each missing Lead, its two keys and its membership.
            #expect(outcome.differences == 800)
            #expect(Bench.Import.replaySummary(outcome, into: layout, importRate: 1, sqliteRate: 1).contains("do not match"))
        }
    }

    @Test func theShellsTimesAreSplitBetweenTransactionsAndCheckpoints() throws {
        let transcript = """
            wal
            0
            Run Time: real 0.010 user 0.006000 sys 0.001000
            Run Time: real 0.020 user 0.012000 sys 0.002000
            Run Time: real 0.030 user 0.018000 sys 0.003000
            Run Time: real 0.040 user 0.024000 sys 0.004000
            0|386|386
            Run Time: real 0.500 user 0.100000 sys 0.050000
            Run Time: real 0.050 user 0.030000 sys 0.005000
            version|3.40.1
            rows|2500|5000|2500|2500|5000|2500
            differences|3
            """
        let outcome = try #require(SQLiteLeadReplay.Outcome(shellOutput: transcript))
        #expect(abs(outcome.transactionSeconds - 0.15) < 1e-9)
        #expect(abs(outcome.checkpointSeconds - 0.5) < 1e-9)
        #expect(abs(outcome.checkpointCPUSeconds - 0.15) < 1e-9)
        #expect(outcome.sqliteVersion == "3.40.1")
        #expect(outcome.differences == 3)
        #expect(!outcome.isFaithful)
        #expect(SQLiteLeadReplay.Outcome(shellOutput: "Run Time: real 0.010\nrows|1|2|1|1|2|1") == nil)
    }

    /// 1,200 Leads in a List, imported as the bench sends them, on a SQLite file whose Lead rowids
    /// do not start at 1: the first 200 of 1,400 are deleted.
    private func withImportedLeads(_ body: (URL, URL) async throws -> Void) async throws {
        let directory = try Bench.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("bench.db")
        let bench = try await BenchWorkspace.create(at: source)
        var firstLeads: [String] = []
        for batch in [0..<200, 200..<700, 700..<1200, 1200..<1400] {
            let inputs = try batch.map { index in
                var writer = JSONWriter()
                Bench.Import.writeLead(index, into: &writer)
                return LeadInput(json: try JSONParser.parse(writer.bytes))
            }
            let outcome = try await bench.stores.leads.importLeads(
                workspaceId: bench.workspaceId, listId: bench.listId, inputs: inputs, preview: false)
            if firstLeads.isEmpty { firstLeads = outcome.leads.map(\.id) }
        }
        for id in firstLeads { try await bench.stores.leads.deleteLead(workspaceId: bench.workspaceId, id: id) }
        await bench.database.close()
        try await body(directory, source)
    }
}
