import Foundation
import PuffleMail

/// The DNS stub of `scripts/dns_test_server.py` (dnslib) on a loopback port: TXT records a test
/// publishes with ``publish(_:at:)``, read again by the stub for every query.
public final class LocalDNSServer: Sendable {
    public let port: Int
    let records: URL

    init(port: Int, records: URL) {
        self.port = port
        self.records = records
    }

    /// A resolver that asks this stub.
    public var resolver: DNSResolver { DNSResolver(server: "127.0.0.1", port: UInt16(port), timeoutSeconds: 2) }

    /// Sets the TXT values at a name (replacing what was there; empty removes the name).
    public func publish(_ values: [String], at name: String) throws {
        var all = (try? JSONSerialization.jsonObject(with: Data(contentsOf: records))) as? [String: [String]] ?? [:]
        all[name.lowercased()] = values.isEmpty ? nil : values
        try JSONSerialization.data(withJSONObject: all).write(to: records, options: .atomic)
    }

    /// Runs `body` with the stub up; stops it and deletes its file afterwards.
    public static func run(_ body: (LocalDNSServer) async throws -> Void) async throws {
        let records = FileManager.default.temporaryDirectory.appendingPathComponent("puffle-dns-\(UUID().uuidString).json")
        try Data("{}".utf8).write(to: records)
        defer { try? FileManager.default.removeItem(at: records) }
        try await ScriptServer.run("dns_test_server.py", arguments: ["--records", records.path]) { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Int], let port = object["port"] else {
                throw LocalSMTPServer.Unavailable(description: "scripts/dns_test_server.py did not start (pip install dnslib): \(line)")
            }
            try await body(LocalDNSServer(port: port, records: records))
        }
    }
}
