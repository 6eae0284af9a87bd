import Foundation
import HTTPTypes
import PuffleCore
import PuffleMail
import PuffleTestSupport
import Testing

/// Connecting mailboxes through the API against real aiosmtpd servers (plain, STARTTLS, TLS), on every engine.
@Suite struct SenderAPITests {
    static func smtp(_ server: LocalMailServer, port: Int, security: String, password: String = LocalMailServer.password, trust: Bool = true) -> JSONValue {
        [
            "host": "127.0.0.1", "port": .integer(Int64(port)), "security": .string(security), "username": .string(LocalMailServer.user),
            "password": .string(password), "ca_file": trust ? .string(server.certificate) : .null,
        ]
    }

    static func mailbox(_ address: String, smtp: JSONValue) -> JSONValue {
        ["email_address": .string(address), "first_name": "Sarah", "last_name": "Chen", "signature": "Best,\nSarah", "daily_limit": 50, "smtp": smtp]
    }

    @Test(arguments: TestBackend.available)
    func aMailboxThatLogsInIsActiveAndShownTheSameEverywhereWithoutItsPassword(backend: TestBackend) async throws {
        try await LocalMailServer.run { server in
            try await withTestApp(backend) { app in
                let created = try await app.call(.post, "/api/senders/email", json: Self.mailbox("Sarah@Acme.example", smtp: Self.smtp(server, port: server.startTLSPort, security: "starttls")))
                #expect(created.status == 201)
                let account = try #require(created["account"]?.objectValue)
                #expect(account["status"] == "active" && account["warmup_status"] == "active")
                #expect(account["email_address"] == "sarah@acme.example" && account["display_name"] == "Sarah Chen" && account["daily_limit"] == 50)
                #expect(account["type"] == "email" && account["is_premium"] == .null && account["email_domains"] == .null)
                let id = try #require(account["id"]?.stringValue)

                let listed = try await app.call(.get, "/api/senders")
                #expect(listed["accounts"]?.arrayValue?.first == created["account"], "the same object GET /api/senders shows")
                #expect(try await app.call(.get, "/api/accounts")["accounts"] == listed["accounts"], "the older alias")
                #expect(try await app.call(.get, "/api/senders?type=linkedin")["accounts"] == [])
                #expect(try await app.call(.get, "/api/email/accounts")["accounts"] == listed["accounts"])
                for response in [created, listed] { #expect(!"\(response.json)".contains(LocalMailServer.password), "never the password") }

                let detail = try await app.call(.get, "/api/senders/\(id)")
                #expect(detail["account"]?.objectValue?["stats"] == ["today_sent": 0, "today_committed": 0])
                #expect(detail["campaigns"] == [] && detail["campaignStatsByStatus"] == [:])
                let schedule = try await app.call(.get, "/api/senders/\(id)/schedule")
                #expect(schedule["days"]?.arrayValue?.count == 7)
                #expect(schedule["days"]?.arrayValue?.allSatisfy { $0.objectValue?["available"] == 50 } == true)

                let signed = try await app.call(.patch, "/api/email/accounts/\(id)", json: ["signature": "Cheers"])
                #expect(signed["account"]?.objectValue?["signature"] == "Cheers")
                #expect(try await app.call(.post, "/api/senders/email", json: Self.mailbox("sarah@acme.example", smtp: Self.smtp(server, port: server.plainPort, security: "none"))).status == 409)
                #expect(try await app.call(.delete, "/api/accounts/\(id)")["success"] == true)
                #expect(try await app.call(.get, "/api/senders/\(id)").status == 404)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func aRefusedLoginOrAnUntrustedCertificateIs400QuotingTheServerAndCreatesNothing(backend: TestBackend) async throws {
        try await LocalMailServer.run { server in
            try await withTestApp(backend) { app in
                let refused = try await app.call(.post, "/api/senders/email", json: Self.mailbox("sarah@acme.example", smtp: Self.smtp(server, port: server.tlsPort, security: "tls", password: "wrong")))
                #expect(refused.status == 400 && refused.errorCode == "smtp_login_failed")
                #expect(refused.json.objectValue?["error"]?.objectValue?["message"]?.stringValue?.contains("535") == true)
                let untrusted = try await app.call(.post, "/api/senders/email", json: Self.mailbox("sarah@acme.example", smtp: Self.smtp(server, port: server.tlsPort, security: "tls", trust: false)))
                #expect(untrusted.status == 400 && untrusted.errorCode == "smtp_login_failed")
                #expect(untrusted.json.objectValue?["error"]?.objectValue?["message"]?.stringValue?.contains("TLS") == true)
                #expect(try await app.call(.get, "/api/senders")["accounts"] == [])
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func badInputIs400NamingTheFieldAndAnotherWorkspacesSenderIs404(backend: TestBackend) async throws {
        try await withTestApp(backend) { app in
            let good: JSONValue = ["host": "127.0.0.1", "port": 587, "security": "starttls", "username": "sarah", "password": "pw"]
            func with(_ key: String, _ value: JSONValue) -> JSONValue {
                var smtp = good.objectValue!
                smtp[key] = value
                return .object(smtp)
            }
            let cases: [(JSONValue, String)] = [
                (Self.mailbox("sarah@acme.example", smtp: with("security", "ssl")), "smtp.security"),
                (Self.mailbox("sarah@acme.example", smtp: with("port", 70000)), "smtp.port"),
                (Self.mailbox("sarah@acme.example", smtp: with("password", .null)), "smtp.password"),
                (Self.mailbox("sarah@acme.example", smtp: with("host", "bad host!")), "smtp.host"),
                (Self.mailbox("not-an-email", smtp: good), "email_address"),
                (["email_address": "sarah@acme.example", "daily_limit": 151, "smtp": good], "daily_limit"),
            ]
            for (body, field) in cases {
                let response = try await app.call(.post, "/api/senders/email", json: body)
                #expect(response.status == 400, "\(field)")
                #expect(response.json.objectValue?["error"]?.objectValue?["message"]?.stringValue?.contains(field) == true, "\(field): \(response.json)")
            }
            #expect(try await app.call(.post, "/api/email/domains", json: ["domain": "not a host"]).status == 400)
            #expect(try await app.call(.post, "/api/email/domains", json: ["domain": "localhost"]).status == 400, "one label is not a domain")

            // A mailbox whose server is down is kept pending; another workspace cannot see or touch it.
            let pending = try await app.call(.post, "/api/senders/email", json: Self.mailbox("sarah@acme.example", smtp: with("port", 9)))
            #expect(pending.status == 201)
            #expect(pending["account"]?.objectValue?["status"] == "pending" && pending["account"]?.objectValue?["warmup_status"] == "not_started")
            let id = try #require(pending["account"]?.objectValue?["id"]?.stringValue)
            let other = try await app.otherWorkspaceKey()
            #expect(try await app.call(.get, "/api/senders/\(id)", key: other).status == 404)
            #expect(try await app.call(.delete, "/api/accounts/\(id)", key: other).status == 404)
            #expect(try await app.call(.patch, "/api/email/accounts/\(id)", json: ["signature": "x"], key: other).status == 404)
            #expect(try await app.call(.patch, "/api/email/accounts/\(id)/retry-warmup", key: other).status == 404)
            let retried = try await app.call(.patch, "/api/email/accounts/\(id)/retry-warmup")
            #expect(retried.status == 502 && retried.errorCode == "smtp_unreachable")
            #expect(try await app.call(.get, "/api/senders/\(id)")["account"]?.objectValue?["status"] == "pending", "still pending")
            #expect(try await app.call(.get, "/api/senders/unknown-id").status == 404)
        }
    }

    @Test(arguments: TestBackend.available)
    func retryWarmupLogsInAgainAndMovesAPendingSenderOnce(backend: TestBackend) async throws {
        let verifier = ScriptedVerifier([.unreachable("connection refused"), .verified])
        let mail = MailServices(verifier: verifier, dns: DNSResolver(server: "127.0.0.1", port: 9), dkimKeys: RSADKIMKeyMaker())
        try await withTestApp(backend, mail: mail) { app in
            let smtp: JSONValue = ["host": "mail.acme.example", "port": 587, "security": "starttls", "username": "sarah", "password": "pw"]
            let created = try await app.call(.post, "/api/senders/email", json: Self.mailbox("sarah@acme.example", smtp: smtp))
            let id = try #require(created["account"]?.objectValue?["id"]?.stringValue)
            #expect(created["account"]?.objectValue?["last_error"] == "connection refused")
            let retried = try await app.call(.patch, "/api/email/accounts/\(id)/retry-warmup")
            #expect(retried.status == 200)
            #expect(retried["account"]?.objectValue?["status"] == "active" && retried["account"]?.objectValue?["last_error"] == .null)
            #expect(try await app.call(.patch, "/api/email/accounts/\(id)/retry-warmup").status == 409, "only from pending/not_started")
            #expect(verifier.passwordsSeen() == ["pw", "pw"], "the retry opened the sealed password")
        }
    }

    @Test(arguments: TestBackend.available)
    func settingsSetPerSenderLimitsCheckingEverythingFirst(backend: TestBackend) async throws {
        let mail = MailServices(verifier: ScriptedVerifier([.verified]), dns: DNSResolver(server: "127.0.0.1", port: 9), dkimKeys: RSADKIMKeyMaker())
        try await withTestApp(backend, mail: mail) { app in
            let smtp: JSONValue = ["host": "mail.acme.example", "port": 465, "security": "tls", "username": "sarah", "password": "pw"]
            let id = try #require(try await app.call(.post, "/api/senders/email", json: Self.mailbox("sarah@acme.example", smtp: smtp))["account"]?.objectValue?["id"]?.stringValue)
            let settings = try await app.call(.get, "/api/settings")
            #expect(settings["campaign_accounts"]?.arrayValue?.first?.objectValue?["daily_limit"] == 50)
            #expect(settings["allow_warming_accounts"] == false)

            let above = try await app.call(.put, "/api/settings", json: ["campaign_account": ["account_id": .string(id), "daily_limit": 151], "timezone": "Europe/Berlin"])
            #expect(above.status == 400)
            #expect(try await app.call(.get, "/api/settings")["timezone"]?.objectValue?["isDefault"] == true, "nothing written when a section fails")
            #expect(try await app.call(.put, "/api/settings", json: ["campaign_account": ["account_id": "nobody", "daily_limit": 20]]).status == 404)
            #expect(try await app.call(.put, "/api/settings", json: ["allow_warming_accounts": true]).status == 403)
            #expect(try await app.call(.put, "/api/settings", json: [:]).status == 400)
            #expect(try await app.call(.put, "/api/settings", json: ["campaign_account": .null]).status == 400, "a null section is no section")
            #expect(try await app.call(.put, "/api/settings", json: ["campaign_account": ["account_id": .string(id), "daily_limit": .null]]).status == 400)
            #expect(try await app.call(.put, "/api/settings", json: ["campaign_account": ["account_id": .string(id), "weekly_message_limit": 20]]).status == 400)
            let set = try await app.call(.put, "/api/settings", json: ["campaign_account": ["account_id": .string(id), "daily_limit": 150], "timezone": "UTC"])
            #expect(set.status == 200 && set["success"] == true)
            #expect(set["updated"]?.objectValue?["timezone"] == ["success": true, "timezone": "UTC"])
            #expect(try await app.call(.get, "/api/senders/\(id)")["account"]?.objectValue?["daily_limit"] == 150)
            let other = try await app.otherWorkspaceKey()
            #expect(try await app.call(.put, "/api/settings", json: ["campaign_account": ["account_id": .string(id), "daily_limit": 20]], key: other).status == 404)
        }
    }

    @Test(arguments: TestBackend.available)
    func linkedInRoutesNameTheProviderTheyNeedAndNeverFakeAnAccount(backend: TestBackend) async throws {
        try await withTestApp(backend) { app in
            let connect = try await app.call(.post, "/api/unipile/connect")
            #expect(connect.status == 503 && connect.errorCode == "linkedin_provider_not_configured")
            #expect(connect.json.objectValue?["error"]?.objectValue?["message"]?.stringValue?.contains("PUFFLE_UNIPILE_BASE_URL") == true)
            #expect(try await app.call(.post, "/api/unipile/refresh", json: [:]).status == 400, "the body is checked first")
            #expect(try await app.call(.post, "/api/unipile/reconnect", json: ["accountId": "x"]).errorCode == "linkedin_provider_not_configured")
            #expect(try await app.call(.get, "/api/unipile/accounts")["accounts"] == [])
            #expect(try await app.call(.delete, "/api/unipile/accounts?accountId=nobody").status == 404)
            // A literal segment wins over a parameter: these paths have only their own methods.
            #expect(try await app.call(.put, "/api/senders/email").headers[.allow] == "POST")
            #expect(try await app.call(.post, "/api/email/accounts/warmup-analytics").headers[.allow] == "GET")
            #expect(try await app.call(.get, "/api/email/accounts/x").headers[.allow] == "PATCH, DELETE")
        }
    }
}

/// A login check that answers from a script, one answer per call (the last repeats), and
/// remembers the passwords it was given.
final class ScriptedVerifier: MailboxVerifier, @unchecked Sendable {
    private let lock = NSLock()
    private var answers: [SenderActivation.LoginCheck]
    private var passwords: [String] = []

    init(_ answers: [SenderActivation.LoginCheck]) {
        self.answers = answers
    }

    func check(_ smtp: MailServerSettings, heloName: String) async -> SenderActivation.LoginCheck {
        lock.withLock {
            passwords.append(smtp.password ?? "")
            return answers.count > 1 ? answers.removeFirst() : answers[0]
        }
    }

    func passwordsSeen() -> [String] {
        lock.withLock { passwords }
    }
}
