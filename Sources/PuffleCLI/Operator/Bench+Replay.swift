import Foundation
import PuffleStore

extension Bench.Import {
    /// The `sqlite3` shell alone writing the imported rows, 500 Leads to a transaction
    /// (``SQLiteLeadReplay``): into a copy of the Lead tables, a bound on the rate any import over
    /// this schema could reach here; into the least tables any Lead store needs, a bound for any
    /// schema.
    /// - Returns: What the replay did, faithful or not; nil when `sqlite3` is missing or fails.
    func sqlReplay(_ replay: SQLiteLeadReplay, directory: URL) -> SQLiteLeadReplay.Outcome? {
        let target = directory.appendingPathComponent("\(replay.layout.fileName).db").path
        let scriptFile = directory.appendingPathComponent("\(replay.layout.fileName).sql")
        guard let run = Self.runSQLite3(database: target, script: replay.script, scriptFile: scriptFile) else { return nil }
        return SQLiteLeadReplay.Outcome(shellOutput: run.output)
    }

    /// Runs a script through the `sqlite3` shell on `database`, read from `scriptFile` so that a
    /// shell stopping early cannot break a pipe the script is still being written into.
    /// - Returns: The seconds it took and its standard output, or nil when the shell is missing or
    ///   exits with an error.
    static func runSQLite3(database: String, script: String, scriptFile: URL) -> (seconds: Double, output: String)? {
        guard FileManager.default.createFile(atPath: scriptFile.path, contents: Data(script.utf8)),
            let input = FileHandle(forReadingAtPath: scriptFile.path)
        else { return nil }
        defer { try? input.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", "-bail", database]
        process.standardInput = input
        let output = Pipe()
        process.standardOutput = output
        let start = ContinuousClock.now
        do { try process.run() } catch { return nil }
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return ((ContinuousClock.now - start).seconds, String(decoding: printed, as: UTF8.self))
    }

    /// The report's line on the replay: its rate against `sqlite3 .import` and the import's against it.
    static func replaySummary(
        _ replay: SQLiteLeadReplay.Outcome?, into layout: SQLiteLeadReplay.Layout, importRate: Double, sqliteRate: Double
    ) -> String {
        let tables = layout.tables
        guard let replay else { return "the sqlite3 shell's replay of the rows into \(tables) failed" }
        guard replay.isFaithful else {
            return "the sqlite3 shell's rows in \(tables) do not match the imported rows "
                + "(wrote \(replay.replayed), imported \(replay.source), \(replay.differences) rows differ)"
        }
        let rate = Double(replay.replayed[0]) / replay.transactionSeconds
        return "\(Int(rate)) leads/s = \(String(format: "%.1f%%", rate / sqliteRate * 100)) of sqlite3 .import; the import ran at "
            + "\(String(format: "%.0f%%", importRate / rate * 100)) of it (sqlite3 \(replay.sqliteVersion) writing the same rows into "
            + "\(tables), 500 to a transaction; its checkpoints, left out, took "
            + "\(String(format: "%.1f s, %.1f s of it CPU", replay.checkpointSeconds, replay.checkpointCPUSeconds)))"
    }
}

extension SQLiteLeadReplay.Layout {
    /// The replay's database and script in the bench's folder, without the extension.
    fileprivate var fileName: String {
        switch self {
        case .copy: "replay"
        case .minimal: "replay-minimal"
        }
    }

    /// The tables, as the report names them.
    fileprivate var tables: String {
        switch self {
        case .copy: "a copy of the Lead tables"
        case .minimal: "the least tables any Lead store needs (SQLiteLeadReplay.minimalSetup)"
        }
    }
}
