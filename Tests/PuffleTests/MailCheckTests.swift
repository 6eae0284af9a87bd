import HTTPTypes
import PuffleCore
@testable import PuffleMail
import PuffleTestSupport
import Testing

/// DNS answers parsed from real packet bytes, and SMTP probes against a local aiosmtpd.
@Suite struct MailCheckTests {
    /// An MX answer for acme.example: preference 20 mx2, preference 10 mx1 (compressed names).
    static let answer: [UInt8] = [
        0x12, 0x34, 0x81, 0x80, 0, 1, 0, 2, 0, 0, 0, 0,
        4, 97, 99, 109, 101, 7, 101, 120, 97, 109, 112, 108, 101, 0, 0, 15, 0, 1,  // acme.example MX IN
        0xC0, 12, 0, 15, 0, 1, 0, 0, 1, 44, 0, 8, 0, 20, 3, 109, 120, 50, 0xC0, 12,  // 20 mx2.acme.example
        0xC0, 12, 0, 15, 0, 1, 0, 0, 1, 44, 0, 8, 0, 10, 3, 109, 120, 49, 0xC0, 12,  // 10 mx1.acme.example
    ]

    @Test func mxRecordsAreReadFromADNSAnswerBestFirst() throws {
        let records = try DNSResolver.mxRecords(in: Self.answer, id: 0x1234).sorted { $0.preference < $1.preference }
        #expect(records.map(\.host) == ["mx1.acme.example", "mx2.acme.example"])
        #expect(Array(DNSResolver.query("acme.example", id: 0x1234).suffix(18)) == Array(Self.answer[12..<30]))
        var nxdomain = Self.answer
        nxdomain[3] = 0x83
        #expect(try DNSResolver.mxRecords(in: nxdomain, id: 0x1234).isEmpty, "no such domain: no mail servers")
        #expect(throws: MailCheckError.self) { try DNSResolver.mxRecords(in: Self.answer, id: 0x9999) }
    }

    @Test func theProbeTellsAcceptedRejectedAndCatchAllApart() async throws {
        try await LocalSMTPServer.run(accept: ["ada.lovelace@acme.example"], catchAll: ["anything.example"]) { server in
            let probe = SMTPProbe(port: server.port)
            let accepted = try await probe.probe("ada.lovelace@acme.example", host: "127.0.0.1")
            let rejected = try await probe.probe("nobody@acme.example", host: "127.0.0.1")
            let catchAll = try await probe.probe("who@anything.example", host: "127.0.0.1")
            #expect(accepted == .accepted)
            #expect(rejected == .rejected)
            #expect(catchAll == .catchAll)
        }
    }

    @Test func workEmailAndVerificationFindTheMailboxTheServerAccepts() async throws {
        try await LocalSMTPServer.run(accept: ["ada.delacruz@acme.example", "bo@mailbox.example"]) { server in
            let checker = LocalMailChecker(probe: SMTPProbe(port: server.port))
            try await withTestApp(.sqlite, workers: 1, catalog: .local(checker: checker)) { app in
                let ada = try await app.call(.post, "/api/leads", json: ["type": "person", "name": "Ada de la Cruz", "company": ["name": "Acme", "domain": "acme.example"]])
                let adaId = try #require(ada["lead"]?["id"]?.stringValue)
                let created = try await app.call(.post, "/api/enrichment", json: ["enrichmentId": "work_email", "scope": ["type": "explicit_leads", "leadIds": [.string(adaId)]]])
                _ = try await EnrichmentAPITests.finished(app, try #require(created["runId"]?.stringValue))
                let found = try await app.call(.get, "/api/leads?id=\(adaId)")["leads"]?.arrayValue?.first?["attributes"]?["work_email"]
                #expect(found?["email"] == "ada.delacruz@acme.example", "first.last with the particle folded in")
                #expect(found?["status"] == "valid")

                let bo = try await app.call(.post, "/api/leads", json: ["type": "person", "name": "Bo", "contacts": [["value": "bo@mailbox.example"]]])
                let nomx = try await app.call(.post, "/api/leads", json: ["type": "person", "name": "Cy", "contacts": [["value": "cy@nomx.example"]]])
                let ids: [JSONValue] = [bo["lead"]?["id"] ?? .null, nomx["lead"]?["id"] ?? .null]
                let verify = try await app.call(.post, "/api/enrichment", json: ["enrichmentId": "email_verification", "scope": ["type": "explicit_leads", "leadIds": .array(ids)]])
                _ = try await EnrichmentAPITests.finished(app, try #require(verify["runId"]?.stringValue))
                let boCheck = try await app.call(.get, "/api/leads?id=\(ids[0].stringValue ?? "")")["leads"]?.arrayValue?.first?["attributes"]?["email_verification"]
                #expect(boCheck?["status"] == "valid")
                let cyCheck = try await app.call(.get, "/api/leads?id=\(ids[1].stringValue ?? "")")["leads"]?.arrayValue?.first?["attributes"]?["email_verification"]
                #expect(cyCheck?["status"] == "invalid")
                #expect(cyCheck?["reason"] == "the domain has no mail servers")
            }
        }
    }

    @Test func verificationFlagsDisposableDomainsAndBadSyntaxWithoutTheNetwork() async throws {
        let verdict = try await EmailVerificationEnricher.verify("someone@mailinator.com", checker: nil)
        #expect(verdict["status"] == "risky")
        #expect(verdict["disposable"] == true)
        #expect(try await EmailVerificationEnricher.verify("not an email", checker: nil)["status"] == "invalid")
        #expect(DisposableDomains.contains("sub.mailinator.com"))
        #expect(!DisposableDomains.contains("acme.example"))
    }
}

/// MX answers from a table (acme.example and mailbox.example are served by the local aiosmtpd;
/// other domains have none), probes by the real SMTP client.
struct LocalMailChecker: MailDomainChecker {
    let probe: SMTPProbe

    func mailServers(for domain: String) async throws -> [String] {
        ["acme.example", "mailbox.example"].contains(domain) ? ["127.0.0.1"] : []
    }

    func probe(_ address: String, servers: [String]) async throws -> MailboxProbe {
        try await probe.probe(address, host: servers[0])
    }
}
