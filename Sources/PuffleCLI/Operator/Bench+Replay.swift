import Foundation
import PuffleStore

extension Bench.Import {
    /// The `sqlite3` shell alone writing the imported rows into a copy of the Lead tables, 500
    /// Leads to a transaction (``SQLiteLeadReplay``): a bound on the rate any import over this
    /// schema could reach here.
    /// - Returns: The replay's outcome, or nil when `sqlite3` is missing, fails, or did not write
    ///   exactly the source's rows.
    func sqlReplay(directory: URL, source: URL) -> SQLiteLeadReplay.Outcome? {
        let replay = SQLiteLeadReplay(source: source.path, leadCount: leads)
        let target = directory.appendingPathComponent("replay.db").path
        guard let run = Self.runSQLite3(database: target, script: replay.script, scriptFile: directory.appendingPathComponent("replay.sql")),
            let outcome = SQLiteLeadReplay.Outcome(shellOutput: run.output), outcome.isFaithful
        else { return nil }
        return outcome
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
}
