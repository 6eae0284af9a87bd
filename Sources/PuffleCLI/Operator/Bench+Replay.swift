import Foundation
import PuffleStore

extension Bench.Import {
    /// The rate at which the `sqlite3` shell alone inserts the imported rows into a copy of the
    /// Lead tables, 500 Leads to a transaction (``SQLiteLeadReplay``): a ceiling on the import
    /// rate that no server over this schema could pass.
    /// - Returns: Leads per second, or nil when `sqlite3` is missing or fails.
    func sqlReplayRate(directory: URL, source: URL) throws -> Double? {
        let replay = SQLiteLeadReplay(
            source: source.path,
            stage: directory.appendingPathComponent("replay-stage.db").path,
            target: directory.appendingPathComponent("replay.db").path,
            schemaFile: directory.appendingPathComponent("replay-schema.sql").path)
        guard Self.runSQLite3(database: replay.target, script: replay.prepareScript) != nil else { return nil }
        guard let seconds = Self.runSQLite3(database: replay.target, script: replay.replayScript(leadCount: leads)) else { return nil }
        return Double(leads) / seconds
    }

    /// Runs a script through the `sqlite3` shell on `database`.
    /// - Returns: The seconds it took, or nil when the shell is missing or exits with an error.
    static func runSQLite3(database: String, script: String) -> Double? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", "-bail", database]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        let start = ContinuousClock.now
        do { try process.run() } catch { return nil }
        input.fileHandleForWriting.write(Data(script.utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return (ContinuousClock.now - start).seconds
    }
}
