import Foundation

/// The aiosmtpd server of `scripts/smtp_probe_server.py`, started for a test and stopped after it.
public struct LocalSMTPServer: Sendable {
    public let port: Int

    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs `body` with a server that accepts these addresses (and any address of the catch-all domains).
    public static func run(accept: [String], catchAll: [String] = [], _ body: (LocalSMTPServer) async throws -> Void) async throws {
        let arguments = accept.flatMap { ["--accept", $0] } + catchAll.flatMap { ["--catch-all", $0] }
        try await ScriptServer.run("smtp_probe_server.py", arguments: arguments) { line in
            // The script prints its port once listening; nothing printed means aiosmtpd is missing
            // (the README's test command installs it).
            guard let port = Int(line) else {
                throw Unavailable(description: "scripts/smtp_probe_server.py did not start (pip install aiosmtpd): \(line)")
            }
            try await body(LocalSMTPServer(port: port))
        }
    }
}
