import Foundation
import HTTPTypes
@testable import PuffleCLI
import PuffleCore
import PuffleMail
import PuffleStore
import PuffleTestSupport
import Testing

/// Where the secret key comes from, the refusal to start with the wrong one, and no secret in a
/// database dump.
@Suite struct SecretKeyTests {
    @Test func sqliteMakesAPrivateKeyFileBesideTheDatabaseAndPostgresNamesTheSetting() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("puffle-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("puffle.db").path
        _ = try SecretKeySetup.box(environment: [:], database: .sqlite(path: database))
        let file = database + ".secret-key"
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let first = try String(contentsOfFile: file, encoding: .utf8)
        _ = try SecretKeySetup.box(environment: [:], database: .sqlite(path: database))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == first, "made once, then reused")

        let postgres = try DatabaseURL(parsing: "postgres://puffle@127.0.0.1:5432/puffle")
        #expect(throws: SecretKeySetup.Refused.self) { try SecretKeySetup.box(environment: [:], database: postgres) }
        do {
            _ = try SecretKeySetup.box(environment: [:], database: postgres)
        } catch {
            #expect("\(error)".contains("PUFFLE_SECRET_KEY"))
        }
        #expect(throws: SecretKeySetup.Refused.self) { try SecretKeySetup.box(environment: ["PUFFLE_SECRET_KEY": "short"], database: postgres) }
        _ = try SecretKeySetup.box(environment: ["PUFFLE_SECRET_KEY": SecretBox.generateKeyText()], database: postgres)
        let keyFile = directory.appendingPathComponent("key").path
        try SecretBox.generateKeyText().write(toFile: keyFile, atomically: true, encoding: .utf8)
        _ = try SecretKeySetup.box(environment: ["PUFFLE_SECRET_KEY_FILE": keyFile], database: postgres)
    }

    @Test(arguments: TestBackend.available)
    func aProcessWithAnotherKeyRefusesToStart(backend: TestBackend) async throws {
        let (database, cleanup) = try await backend.makeDatabase()
        defer { Task { await cleanup() } }
        let workspaces = Stores.sql(database).workspaces
        let key = try SecretBox(keyText: SecretBox.generateKeyText())
        try await SecretKeySetup.verify(key, workspaces: workspaces)
        try await SecretKeySetup.verify(key, workspaces: workspaces)
        await #expect(throws: SecretKeySetup.Refused.self) {
            try await SecretKeySetup.verify(try SecretBox(keyText: SecretBox.generateKeyText()), workspaces: workspaces)
        }
    }

    /// `sqlite3 puffle.db .dump` after a mailbox, a domain relay and a DKIM key were stored.
    @Test func aDatabaseDumpHoldsNoSecret() async throws {
        let mail = MailServices(verifier: ScriptedVerifier([.verified]), dns: DNSResolver(server: "127.0.0.1", port: 9), dkimKeys: RSADKIMKeyMaker())
        try await withTestApp(.sqlite, mail: mail) { app in
            let smtp: JSONValue = ["host": "smtp.acme.example", "port": 587, "security": "starttls", "username": "sarah", "password": "mailbox-Secret-1"]
            #expect(try await app.call(.post, "/api/senders/email", json: ["email_address": "sarah@acme.example", "smtp": smtp]).status == 201)
            let relay: JSONValue = ["host": "relay.acme.example", "port": 465, "security": "tls", "username": "relay", "password": "relay-Secret-2"]
            #expect(try await app.call(.post, "/api/email/domains", json: ["domain": "acme.example", "smtp": relay]).status == 201)
            guard case .sqlite(let path) = app.databaseURL else { return }
            let sqlite = Process()
            sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            sqlite.arguments = ["sqlite3", path, ".dump"]
            let output = Pipe()
            sqlite.standardOutput = output
            try sqlite.run()
            let dump = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            sqlite.waitUntilExit()
            #expect(dump.contains("smtp.acme.example"), "the dump is real")
            #expect(!dump.contains("mailbox-Secret-1") && !dump.contains("relay-Secret-2") && !dump.contains("PRIVATE KEY"))
            #expect(!dump.contains(Data("mailbox-Secret-1".utf8).base64EncodedString()))
        }
    }
}
