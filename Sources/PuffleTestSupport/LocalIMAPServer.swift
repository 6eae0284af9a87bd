import Foundation

/// Debian's dovecot, run by `scripts/imap_test_server.py` for one test: plain/STARTTLS and implicit
/// TLS listeners on loopback, passwd-file users, Maildir mailboxes; stopped and deleted afterwards.
public struct LocalIMAPServer: Sendable {
    /// Plain, offering STARTTLS.
    public let imapPort: Int
    /// Implicit TLS.
    public let imapsPort: Int
    /// The certificate the server presents, to trust as a `ca_file`.
    public let certificate: String
    let config: String
    public static let user = "sarah"
    public static let password = "s3cret-pw"
    /// A second mailbox, for another sender.
    public static let otherUser = "tom"

    /// Puts a message into a user's mailbox as delivery would (`doveadm save`).
    public func deliver(_ message: String, to user: String = LocalIMAPServer.user, mailbox: String = "INBOX") throws {
        try doveadm(["save", "-u", user, "-m", mailbox], input: Data(message.utf8))
    }

    /// Closes every IMAP connection the user has (`doveadm kick`), as a dropped connection would.
    /// A new connection shows in `doveadm who` a moment after its login: waited for, up to 5 s.
    public func kick(_ user: String = LocalIMAPServer.user) async throws {
        for _ in 0..<50 {
            if try doveadm(["who", user]).contains(" imap ") { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        try doveadm(["kick", user])
    }

    /// Gives the mailbox a new UIDVALIDITY, as a server that renumbered it would.
    public func resetUIDValidity(_ value: UInt32, user: String = LocalIMAPServer.user, mailbox: String = "INBOX") throws {
        try doveadm(["mailbox", "update", "--uid-validity", "\(value)", "-u", user, mailbox])
    }

    @discardableResult
    func doveadm(_ arguments: [String], input: Data? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/doveadm")
        process.arguments = ["-c", config] + arguments
        let stdin = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardError = stderr
        let stdout = Pipe()
        process.standardOutput = stdout
        try process.run()
        if let input { stdin.fileHandleForWriting.write(input) }
        try stdin.fileHandleForWriting.close()
        let output = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let said = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw LocalSMTPServer.Unavailable(description: "doveadm \(arguments.joined(separator: " ")) failed: \(said)")
        }
        return output
    }

    /// Runs `body` with dovecot up; stops it and deletes its files afterwards.
    public static func run<T>(_ body: (LocalIMAPServer) async throws -> T) async throws -> T {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("puffle-imap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let (cert, key) = try ThrowawayCertificate.make(in: work)
        let arguments = [
            "--dir", work.appendingPathComponent("dovecot").path, "--cert", cert, "--key", key, "--user", "\(user):\(password)",
            "--user", "\(otherUser):\(password)",
        ]
        return try await ScriptServer.run("imap_test_server.py", arguments: arguments) { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let imap = object["imap"] as? Int,
                let imaps = object["imaps"] as? Int, let config = object["config"] as? String
            else { throw LocalSMTPServer.Unavailable(description: "scripts/imap_test_server.py did not start (apt-get install dovecot-imapd): \(line)") }
            return try await body(LocalIMAPServer(imapPort: imap, imapsPort: imaps, certificate: cert, config: config))
        }
    }
}

extension LocalIMAPServer {
    /// How `scripts/imap_fault_server.py` misbehaves.
    public enum Fault: String, Sendable {
        /// SELECT is answered NO.
        case no
        /// A FETCH literal stops halfway and the connection closes.
        case cut
    }

    /// Runs `body` with a misbehaving IMAP server on a loopback port (plain text, logs anyone in).
    @discardableResult
    public static func faulty<T>(_ fault: Fault, _ body: (Int) async throws -> T) async throws -> T {
        try await ScriptServer.run("imap_fault_server.py", arguments: ["--mode", fault.rawValue]) { line in
            guard let port = Int(line) else { throw LocalSMTPServer.Unavailable(description: "scripts/imap_fault_server.py did not start: \(line)") }
            return try await body(port)
        }
    }
}
