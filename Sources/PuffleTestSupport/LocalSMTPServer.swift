import Foundation

/// The aiosmtpd server of `scripts/smtp_probe_server.py`, started for a test and stopped after it.
public struct LocalSMTPServer: Sendable {
    public let port: Int

    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs `body` with a server that accepts these addresses (and any address of the catch-all domains).
    public static func run(accept: [String], catchAll: [String] = [], _ body: (LocalSMTPServer) async throws -> Void) async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("scripts/smtp_probe_server.py").path]
            + accept.flatMap { ["--accept", $0] } + catchAll.flatMap { ["--catch-all", $0] }
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        defer {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
        // The script prints its port once listening; nothing printed means aiosmtpd is missing
        // (the README's test command installs it).
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let port = Int(line) else {
            throw Unavailable(description: "scripts/smtp_probe_server.py did not start (pip install aiosmtpd): \(line)")
        }
        try await body(LocalSMTPServer(port: port))
    }
}
