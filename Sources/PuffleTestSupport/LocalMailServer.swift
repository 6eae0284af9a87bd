import Foundation

/// The aiosmtpd servers of `scripts/smtp_test_server.py` (plain, STARTTLS, implicit TLS, with AUTH),
/// a throwaway certificate made with `openssl` for 127.0.0.1, and the Maildir they deliver to.
public struct LocalMailServer: Sendable {
    public let plainPort: Int
    public let startTLSPort: Int
    public let tlsPort: Int
    /// The certificate the servers present, to trust as a `ca_file`.
    public let certificate: String
    public let maildir: URL
    public static let user = "sarah"
    public static let password = "s3cret-pw"

    /// The messages delivered so far, as their raw text.
    public func messages() throws -> [String] {
        var found: [String] = []
        for folder in ["new", "cur"] {
            let directory = maildir.appendingPathComponent(folder)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] {
                found.append(try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8))
            }
        }
        return found
    }

    /// Runs `body` with the servers up; stops them and deletes their files afterwards.
    public static func run(_ body: (LocalMailServer) async throws -> Void) async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("puffle-mail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let (cert, key) = try ThrowawayCertificate.make(in: work)
        let maildir = work.appendingPathComponent("Maildir")
        let arguments = ["--maildir", maildir.path, "--cert", cert, "--key", key, "--user", user, "--password", password]
        try await ScriptServer.run("smtp_test_server.py", arguments: arguments) { line in
            guard let ports = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Int],
                let plain = ports["plain"], let startTLS = ports["starttls"], let tls = ports["tls"]
            else { throw LocalSMTPServer.Unavailable(description: "scripts/smtp_test_server.py did not start (pip install aiosmtpd): \(line)") }
            try await body(LocalMailServer(plainPort: plain, startTLSPort: startTLS, tlsPort: tls, certificate: cert, maildir: maildir))
        }
    }
}

/// A self-signed certificate for 127.0.0.1 and localhost, made with `openssl` for one test's servers.
enum ThrowawayCertificate {
    /// Writes `cert.pem` and `key.pem` into `directory`; answers their paths.
    static func make(in directory: URL) throws -> (certificate: String, key: String) {
        let cert = directory.appendingPathComponent("cert.pem").path, key = directory.appendingPathComponent("key.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", key, "-out", cert,
        ]
        openssl.standardError = Pipe()
        try openssl.run()
        openssl.waitUntilExit()
        guard openssl.terminationStatus == 0 else { throw LocalSMTPServer.Unavailable(description: "openssl could not make a certificate") }
        return (cert, key)
    }
}
