import Foundation
import HTTPTypes
import Logging
import PuffleCore
import PuffleJobs
import PuffleMail
import PuffleTestSupport
import Testing

/// Sending domains through the API: records to publish, real DNS TXT queries against a dnslib
/// stub, the re-check schedule as a periodic job on a manual clock, and mailboxes on the domain.
@Suite struct EmailDomainAPITests {
    @Test(arguments: TestBackend.available)
    func aDomainIsVerifiedOnceItsRecordsArePublishedAndThenHoldsMailboxes(backend: TestBackend) async throws {
        try await LocalDNSServer.run { dns in
            try await LocalMailServer.run { server in
                let clock = ManualClock()
                let mail = MailServices(verifier: SMTPMailboxVerifier(stepTimeoutSeconds: 5), dns: dns.resolver, dkimKeys: RSADKIMKeyMaker())
                try await withTestApp(backend, clock: clock, mail: mail) { app in
                    let relay: JSONValue = [
                        "host": "127.0.0.1", "port": .integer(Int64(server.startTLSPort)), "security": "starttls", "username": .string(LocalMailServer.user),
                        "password": .string(LocalMailServer.password), "ca_file": .string(server.certificate),
                    ]
                    let created = try await app.call(.post, "/api/email/domains", json: ["domain": "Acme.Test", "smtp": relay])
                    #expect(created.status == 201)
                    let domain = try #require(created["domain"]?.objectValue)
                    let id = try #require(domain["id"]?.stringValue)
                    #expect(domain["domain"] == "acme.test" && domain["status"] == "pending")
                    let records = try #require(domain["dns_records"]?.arrayValue).compactMap { $0.objectValue }
                    #expect(records.map { $0["purpose"] } == ["spf", "dkim", "dmarc"])
                    let dkim = try #require(records.first { $0["purpose"] == "dkim" })
                    let dkimName = try #require(dkim["name"]?.stringValue)
                    let dkimValue = try #require(dkim["value"]?.stringValue)
                    #expect(dkimName.hasSuffix("._domainkey.acme.test") && dkimValue.hasPrefix("v=DKIM1; k=rsa; p="))
                    #expect(!"\(created.json)".contains("PRIVATE KEY") && !"\(created.json)".contains(LocalMailServer.password))

                    // Nothing published: pending, each record missing.
                    let first = try await app.call(.post, "/api/email/domains/\(id)/verify")
                    #expect(first["domain"]?.objectValue?["status"] == "pending")
                    #expect(first["domain"]?.objectValue?["dns_records"]?.arrayValue?.allSatisfy { $0.objectValue?["status"] == "missing" } == true)
                    // A mailbox needs a verified domain.
                    #expect(try await app.call(.post, "/api/email/accounts", json: ["username": "sarah", "domain_id": .string(id)]).status == 400)

                    // Polling: verifying, re-checked on the schedule by the periodic job.
                    let polled = try await app.call(.post, "/api/email/domains/\(id)/verify?poll=true")
                    #expect(polled["domain"]?.objectValue?["status"] == "verifying")
                    #expect(polled["domain"]?.objectValue?["next_check_at"] == .string(clock.now().adding(.seconds(600)).iso8601))
                    let checks = EmailDomainCheckHandler(senders: app.stores.senders, dns: dns.resolver, clock: clock, logger: Logger(label: "test"))
                    try await Self.runPeriodicCheck(checks, app: app)
                    #expect(try await app.call(.get, "/api/email/domains")["domains"]?.arrayValue?.first?.objectValue?["status"] == "verifying", "not due yet")

                    try dns.publish(["v=spf1 a:127.0.0.1 ~all"], at: "acme.test")
                    try dns.publish([dkimValue.replacingOccurrences(of: "; ", with: ";")], at: dkimName)
                    clock.advance(by: .seconds(600))
                    try await Self.runPeriodicCheck(checks, app: app)
                    let verified = try #require(try await app.call(.get, "/api/email/domains")["domains"]?.arrayValue?.first?.objectValue)
                    #expect(verified["status"] == "verified" && verified["verified_at"] == .string(clock.now().iso8601))
                    #expect(verified["dns_records"]?.arrayValue?.map { $0.objectValue?["status"] } == ["verified", "verified", "missing"], "DMARC advised, not needed")

                    // A mailbox on it logs in through the relay and starts warming.
                    let mailbox = try await app.call(.post, "/api/email/accounts", json: ["username": "Sales.Team", "domain_id": .string(id), "first_name": "Sam"])
                    #expect(mailbox.status == 201)
                    let account = try #require(mailbox["account"]?.objectValue)
                    #expect(account["email_address"] == "sales.team@acme.test" && account["status"] == "warming" && account["warmup_status"] == "warming")
                    #expect(account["email_domains"] == ["id": .string(id), "domain": "acme.test", "status": "verified"])
                    #expect(account["display_name"] == "Sam")
                    #expect(try await app.call(.post, "/api/email/accounts", json: ["username": "sales.team", "domain_id": .string(id)]).status == 409)
                    #expect(try await app.call(.post, "/api/email/accounts", json: ["username": "bad name", "domain_id": .string(id)]).status == 400)

                    // Another workspace can neither see the domain nor register it now it is verified.
                    let other = try await app.otherWorkspaceKey()
                    #expect(try await app.call(.post, "/api/email/domains/\(id)/verify", key: other).status == 404)
                    #expect(try await app.call(.post, "/api/email/accounts", json: ["username": "x", "domain_id": .string(id)], key: other).status == 404)
                    #expect(try await app.call(.post, "/api/email/domains", json: ["domain": "acme.test"], key: other).status == 409)
                    #expect(try await app.call(.post, "/api/email/domains", json: ["domain": "acme.test"]).status == 409, "registered here already")
                }
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func pollingGivesUpAfterTheLastRecheckAndASilentNameServerChangesNothing(backend: TestBackend) async throws {
        try await LocalDNSServer.run { dns in
            let clock = ManualClock()
            let mail = MailServices(verifier: ScriptedVerifier([.verified]), dns: dns.resolver, dkimKeys: RSADKIMKeyMaker())
            try await withTestApp(backend, clock: clock, mail: mail) { app in
                let id = try #require(try await app.call(.post, "/api/email/domains", json: ["domain": "solaris.test"])["domain"]?.objectValue?["id"]?.stringValue)
                #expect(try await app.call(.post, "/api/email/domains/\(id)/verify?poll=true")["domain"]?.objectValue?["status"] == "verifying")
                let checks = EmailDomainCheckHandler(senders: app.stores.senders, dns: dns.resolver, clock: clock, logger: Logger(label: "test"))
                for delay in DomainVerification.recheckDelays {
                    clock.advance(by: delay)
                    try await Self.runPeriodicCheck(checks, app: app)
                }
                let domain = try #require(try await app.call(.get, "/api/email/domains")["domains"]?.arrayValue?.first?.objectValue)
                #expect(domain["status"] == "failed" && domain["next_check_at"] == .null)

            }
            try await withTestApp(backend, mail: MailServices(verifier: ScriptedVerifier([.verified]), dns: DNSResolver(server: "127.0.0.1", port: 9, timeoutSeconds: 1), dkimKeys: RSADKIMKeyMaker())) { app in
                let id = try #require(try await app.call(.post, "/api/email/domains", json: ["domain": "quiet.test"])["domain"]?.objectValue?["id"]?.stringValue)
                let answer = try await app.call(.post, "/api/email/domains/\(id)/verify")
                #expect(answer.status == 502 && answer.errorCode == "dns_unavailable")
                #expect(try await app.call(.get, "/api/email/domains")["domains"]?.arrayValue?.first?.objectValue?["dns_records"]?.arrayValue?.allSatisfy {
                    $0.objectValue?["status"] == "unchecked"
                } == true)
            }
        }
    }

    /// Runs the periodic domain check once, the way a worker would.
    static func runPeriodicCheck(_ handler: EmailDomainCheckHandler, app: TestApp) async throws {
        try await handler.run(
            Job(id: "check", kind: handler.kind, workspaceId: nil, payload: "{}", status: .running, attempts: 1, maxAttempts: 3, runAfter: Timestamp(milliseconds: 0),
                leaseOwner: "test", lastError: nil, correlationId: nil, createdAt: Timestamp(milliseconds: 0), updatedAt: Timestamp(milliseconds: 0), finishedAt: nil),
            context: JobContext.standalone(jobId: "check"))
    }
}
