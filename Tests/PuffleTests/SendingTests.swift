import Foundation
import HTTPTypes
import PuffleCore
import PuffleMail
import PuffleTestSupport
import Testing

/// Sending as a sender: the pool over pipelined connections, DKIM signatures checked by dkimpy,
/// and the send log that today's figures and warmup read.
@Suite struct SendingTests {
    static func message(_ to: String, _ index: Int, from: String = "sarah@acme.test") -> MIMEMessage {
        MIMEMessage(
            from: MailAddress(from, name: "Sarah"), to: [MailAddress(to)], subject: "Hello \(index)", date: 1_796_287_862_000,
            messageID: "m\(index)@acme.test", text: "Hi,\n.a dotted line\nBest, Sarah\n")
    }

    @Test func aPoolPipelinesEveryMessageOnceAndKeepsGoingAfterARefusal() async throws {
        let sink = try await SMTPSink.start()
        defer { Task { await sink.stop() } }
        let client = SMTPClient(server: SMTPServer(host: "127.0.0.1", port: sink.port, security: .none, username: "u", password: "p"), heloName: "acme.test")
        let mails = (0..<60).map { index in
            OutgoingMail(from: "sarah@acme.test", recipients: [index % 20 == 7 ? "bounce\(index)@solaris.test" : "jane\(index)@solaris.test"], message: Self.message("x@y.z", index).rendered())
        }
        let outcomes = await SMTPPool(client: client, connections: 4).send(mails)
        #expect(outcomes.count == 60, "\(outcomes.prefix(2))")
        let bounced = outcomes.indices.filter { if case .permanent = outcomes[$0] { true } else { false } }
        #expect(bounced == [7, 27, 47], "each refusal is the message's own")
        #expect(outcomes.allSatisfy { if case .accepted(let id) = $0 { id?.hasPrefix("S") == true } else if case .permanent(let reply) = $0 { reply.code == 550 } else { false } })
        #expect(sink.count == 57, "each accepted message taken once")
    }

    /// aiosmtpd offers no PIPELINING: the one-command-at-a-time path.
    @Test func anUnsendableAddressSpoilsNoOtherMessageAndCcIsARecipient() async throws {
        try await LocalMailServer.run { server in
            let client = SMTPClient(
                server: SMTPServer(host: "127.0.0.1", port: server.plainPort, security: .none, username: LocalMailServer.user, password: LocalMailServer.password),
                heloName: "acme.test")
            var copied = Self.message("jane@solaris.test", 2)
            copied.cc = [MailAddress("joe@solaris.test")]
            let mails = [
                OutgoingMail(from: "sarah@acme.test", recipients: ["jane@solaris.test", "bad address>@x"], message: Self.message("x@y.z", 1).rendered()),
                OutgoingMail(from: "sarah@acme.test", recipients: (copied.to + copied.cc).map(\.address), message: copied.rendered()),
            ]
            let outcomes = await SMTPPool(client: client, connections: 1).send(mails)
            guard case .permanent(let reply) = outcomes[0], case .accepted = outcomes[1] else {
                Issue.record("\(outcomes)")
                return
            }
            #expect(reply.code == 553)
            let delivered = try server.messages()
            #expect(delivered.count == 1 && delivered[0].contains("Hello 2"))
            #expect(delivered[0].hasPrefix("X-Envelope-To: jane@solaris.test,joe@solaris.test"), "the Cc address got its RCPT TO")
        }
    }

    @Test(arguments: TestBackend.available)
    func mailFromADomainMailboxIsDKIMSignedDeliveredAndCounted(backend: TestBackend) async throws {
        try await LocalDNSServer.run { dns in
            try await LocalMailServer.run { server in
                let mail = MailServices(verifier: SMTPMailboxVerifier(stepTimeoutSeconds: 5), dns: dns.resolver, dkimKeys: RSADKIMKeyMaker())
                let clock = ManualClock()
                try await withTestApp(backend, clock: clock, mail: mail) { app in
                    let relay: JSONValue = [
                        "host": "127.0.0.1", "port": .integer(Int64(server.tlsPort)), "security": "tls", "username": .string(LocalMailServer.user),
                        "password": .string(LocalMailServer.password), "ca_file": .string(server.certificate),
                    ]
                    let domain = try #require(try await app.call(.post, "/api/email/domains", json: ["domain": "acme.test", "smtp": relay])["domain"]?.objectValue)
                    let domainId = try #require(domain["id"]?.stringValue)
                    let records = try #require(domain["dns_records"]?.arrayValue).compactMap { $0.objectValue }
                    for record in records where record["required"] == true {
                        try dns.publish([record["value"]!.stringValue!], at: record["name"]!.stringValue!)
                    }
                    #expect(try await app.call(.post, "/api/email/domains/\(domainId)/verify")["domain"]?.objectValue?["status"] == "verified")
                    let created = try await app.call(.post, "/api/email/accounts", json: ["username": "sarah", "domain_id": .string(domainId)])
                    let accountId = try #require(created["account"]?.objectValue?["id"]?.stringValue)

                    let credentials = try await app.stores.senders.credentials(accountId: accountId, workspaceId: app.workspaceId)
                    #expect(credentials.dkim?.selector == domain["dns_records"]?.arrayValue?[1].objectValue?["name"]?.stringValue?.split(separator: ".").first.map(String.init))
                    let mailer = try SenderMailer(credentials: credentials, clock: clock)
                    let sent = try await mailer.send([
                        Self.message("jane@solaris.test", 1), Self.message("bounce@solaris.test", 2), Self.message("grey@solaris.test", 3),
                    ])
                    #expect(sent.map(\.record.outcome) == [.sent, .bounced, .deferred])
                    try await app.stores.senders.recordSends(sent.map(\.record))

                    let delivered = try server.messages()
                    #expect(delivered.count == 1)
                    let dkim = try #require(records.first { $0["purpose"] == "dkim" })
                    #expect(try Self.dkimpy(delivered[0], name: dkim["name"]!.stringValue!, record: dkim["value"]!.stringValue!) == "True")

                    let detail = try await app.call(.get, "/api/senders/\(accountId)")
                    #expect(detail["account"]?.objectValue?["stats"]?.objectValue?["today_sent"] == 2, "sent and bounced count; deferred does not")
                    let analytics = try await app.call(.get, "/api/email/accounts/warmup-analytics")
                    let figures = try #require(analytics["analytics"]?.objectValue?[accountId]?.objectValue)
                    #expect(figures["total_sent"] == 2 && figures["total_bounced"] == 1 && figures["health_score"] == 50 && figures["health_score_label"] == "Poor")
                    #expect(analytics["transitions"] == [:], "too few sends to judge, too early to graduate")
                    let schedule = try await app.call(.get, "/api/senders/\(accountId)/schedule")
                    #expect(schedule["days"]?.arrayValue?.first?.objectValue?["available"] == 28)
                }
            }
        }
    }

    /// dkimpy's verdict on a delivered message, given the published record as its DNS answer.
    static func dkimpy(_ message: String, name: String, record: String) throws -> String {
        let script = """
            import sys, dkim
            name, record = sys.argv[1].encode() + b".", sys.argv[2].encode()
            print(dkim.verify(sys.stdin.buffer.read(), dnsfunc=lambda n, timeout=5: record if n == name else None))
            """
        let data = try MIMEMessageTests.python(script, arguments: [name, record], input: message)
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
