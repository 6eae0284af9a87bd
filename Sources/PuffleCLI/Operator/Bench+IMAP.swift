import ArgumentParser
import Foundation
import Logging
import PuffleCore
import PuffleJobs
import PuffleMail
import PuffleStore

extension Bench {
    /// `puffle bench imap`: one sync of a large mailbox on a local dovecot through the real job
    /// (IMAP fetch, MIME reading, routing, threads stored a batch at a time): messages/s and peak RSS.
    struct IMAPSync: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "imap",
            abstract: "A mailbox sync from a local dovecot (scripts/imap_test_server.py, Debian's dovecot-imapd): messages/s parsed, matched and stored, and peak RSS.")
        @Option(help: "Messages in the mailbox") var messages: Int = 20_000
        @Option(name: .customLong("database-url"), help: "postgres://... to measure PostgreSQL (a throwaway schema is created); default: a temporary SQLite file")
        var databaseURL: String?
        @Option(help: "The project's scripts directory (where imap_test_server.py is)") var scripts: String = "scripts"

        func run() async throws {
            let work = try Bench.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: work) }
            let (cert, key) = try Self.certificate(in: work)
            let server = Process()
            server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            server.arguments = [
                "python3", "\(scripts)/imap_test_server.py", "--dir", work.appendingPathComponent("dovecot").path, "--cert", cert, "--key", key,
                "--user", "sarah:bench-pw", "--populate", "\(messages)",
            ]
            let input = Pipe(), output = Pipe()
            server.standardInput = input
            server.standardOutput = output
            let populateStart = ContinuousClock.now
            try server.run()
            defer {
                try? input.fileHandleForWriting.close()
                server.waitUntilExit()
            }
            var line = Data()
            while !line.contains(UInt8(ascii: "\n")) {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                line += chunk
            }
            guard let ports = try? JSONSerialization.jsonObject(with: line) as? [String: Any], let port = ports["imaps"] as? Int else {
                throw ValidationError("the local dovecot did not start (apt-get install dovecot-imapd): \(String(decoding: line, as: UTF8.self))")
            }
            print(String(format: "mailbox:    %d messages written and indexed by dovecot in %.1f s (not measured below)", messages, (ContinuousClock.now - populateStart).seconds))
            let (database, cleanup) = try await Bench.temporaryDatabase(databaseURL, name: "imap")
            do {
                try await measure(database, port: port, certificate: cert)
            } catch {
                await cleanup()
                throw error
            }
            await cleanup()
        }

        private func measure(_ database: PuffleDatabase, port: Int, certificate: String) async throws {
            let stores = Stores.sql(database, secrets: try SecretBox(keyText: SecretBox.generateKeyText()))
            let (workspace, _) = try await stores.workspaces.createWorkspace(name: "bench", account: Account(email: "bench@bench.example"), credits: 0)
            let imap = MailServerSettings(host: "127.0.0.1", port: port, security: .tls, username: "sarah", password: "bench-pw", caFile: certificate)
            let smtp = MailServerSettings(host: "127.0.0.1", port: 9, security: .none)
            let account = try await stores.senders.createAccount(
                NewSenderAccount(
                    workspaceId: workspace.id, emailAddress: "sarah@acme.example", displayName: "Sarah", firstName: nil, lastName: nil, signature: nil,
                    dailyLimit: 30, domainId: nil, smtp: smtp, imap: imap, status: .active, warmupStatus: .active, lastError: nil, warmupStartedAt: nil))
            let handler = MailboxSyncHandler(
                unibox: stores.unibox, senders: stores.senders, reader: IMAPMailboxReader(clock: stores.clock), clock: stores.clock,
                logger: Logger(label: "bench"))
            let job = Job.standalone(id: "bench", MailboxSyncHandler.job(accountId: account.id, workspaceId: workspace.id), at: stores.clock.now())
            print("engine:     \(databaseURL == nil ? "SQLite" : "PostgreSQL"); implicit TLS to 127.0.0.1:\(port)")
            let start = ContinuousClock.now
            try await handler.run(job, context: .standalone(jobId: job.id))
            let seconds = (ContinuousClock.now - start).seconds
            let threads = try await stores.unibox.threads(workspaceId: workspace.id, filter: ThreadFilter(), page: 1, limit: 1).total
            let cursor = try await stores.unibox.cursor(accountId: account.id)
            guard cursor.lastUID == UInt32(messages) else { throw ValidationError("the sync stopped at UID \(cursor.lastUID) of \(messages)") }
            print(String(format: "sync:       %.0f msg/s (%d messages in %.2f s: fetched, read, routed, stored in %d threads)", Double(messages) / seconds, messages, seconds, threads))
            let again = ContinuousClock.now
            try await handler.run(job, context: .standalone(jobId: job.id))
            print(String(format: "idle sync:  %.3f s (nothing new: SELECT, SEARCH, done)", (ContinuousClock.now - again).seconds))
            print("peak RSS:   \(Bench.peakRSSMegabytes()) MB (sync and database in one process)")
        }

        static func certificate(in directory: URL) throws -> (String, String) {
            let cert = directory.appendingPathComponent("cert.pem").path, key = directory.appendingPathComponent("key.pem").path
            let openssl = Process()
            openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            openssl.arguments = [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost", "-addext",
                "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert,
            ]
            openssl.standardError = Pipe()
            try openssl.run()
            openssl.waitUntilExit()
            guard openssl.terminationStatus == 0 else { throw ValidationError("openssl could not make a certificate") }
            return (cert, key)
        }
    }
}
