import Foundation
import HTTPTypes
import PuffleCore
@testable import PuffleJobs
import PuffleMail
import PuffleTestSupport
import Testing

/// The sending engine against a real SMTP server (aiosmtpd into a Maildir), on a manual clock,
/// on every engine: delays, threading, operating hours, shared caps, bounces and unsubscribe.
@Suite struct CampaignSendingTests {
    /// A sender logging in to the local server (plain, with AUTH).
    static func sender(_ app: TestApp, _ server: LocalMailServer, address: String = "sarah@acme.example", dailyLimit: Int = 50) async throws -> String {
        let smtp: JSONValue = [
            "host": "127.0.0.1", "port": .integer(Int64(server.plainPort)), "security": "none", "username": .string(LocalMailServer.user),
            "password": .string(LocalMailServer.password),
        ]
        let created = try await app.call(.post, "/api/senders/email", json: [
            "email_address": .string(address), "first_name": "Sarah", "daily_limit": .integer(Int64(dailyLimit)), "smtp": smtp,
        ])
        #expect(created.status == 201)
        return try #require(created["account"]?.objectValue?["id"]?.stringValue)
    }

    /// A draft with a sequence and prospects, launched.
    static func launch(
        _ app: TestApp, name: String, senders: [String], nodes: JSONValue, prospects: [String], extra: JSONObject = [:]
    ) async throws -> String {
        var body: JSONObject = ["type": "email", "name": .string(name), "sender_account_ids": .array(senders.map(JSONValue.string))]
        body.merge(extra) { _, new in new }
        let id = try #require(try await app.call(.post, "/api/campaigns", json: .object(body))["campaign"]?.objectValue?["id"]?.stringValue)
        #expect(try await app.call(.patch, "/api/campaigns/\(id)", json: ["sequence_nodes": nodes]).status == 200)
        let people = prospects.map { email -> JSONValue in ["email": .string(email), "first_name": .string(String(email.prefix { $0 != "@" }).capitalized), "company": "Acme"] }
        #expect(try await app.call(.post, "/api/campaigns/\(id)/leads", json: ["prospects": .array(people)])["imported"] == .integer(Int64(prospects.count)))
        let launched = try await app.call(.post, "/api/campaigns/\(id)/launch")
        #expect(launched.status == 200, "\(launched.json)")
        return id
    }

    /// The delivered messages' headers (unfolded), one dictionary per message, keys lowercased.
    static func delivered(_ server: LocalMailServer) throws -> [[String: String]] {
        try server.messages().map { text in
            let head = text.components(separatedBy: "\r\n\r\n").first ?? text.components(separatedBy: "\n\n").first ?? ""
            var headers: [String: String] = [:]
            var last: String?
            for line in head.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
                if line.first == " " || line.first == "\t", let key = last {
                    headers[key, default: ""] += " " + line.trimmingCharacters(in: .whitespaces)
                } else if let colon = line.firstIndex(of: ":") {
                    let key = line[..<colon].lowercased()
                    headers[key] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                    last = key
                }
            }
            return headers
        }
    }

    static let threeSteps: JSONValue = [
        ["type": "email", "subject": "Quick question about %company%", "body": "Hi %first_name%,\nare you the right person?"],
        ["type": "delay", "delay_days": 2],
        ["type": "email", "subject": "", "body": "Following up on my note.", "is_reply": true],
        ["type": "delay", "delay_days": 1],
        ["type": "email", "subject": "Last note", "body": "Closing the loop."],
        ["type": "end"],
    ]

    @Test(arguments: TestBackend.available)
    func aThreeStepSequenceKeepsItsDelaysThreadsFollowUpsAndBouncesOnce(backend: TestBackend) async throws {
        let clock = ManualClock()
        try await LocalMailServer.run { server in
            try await withTestApp(backend, clock: clock) { app in
                let sender = try await Self.sender(app, server)
                let id = try await Self.launch(
                    app, name: "Three steps", senders: [sender], nodes: Self.threeSteps, prospects: ["ada@acme.example", "bob@acme.example", "bounce-carl@acme.example"])
                try await app.dispatchCampaigns()
                var mail = try Self.delivered(server)
                #expect(mail.count == 2, "two accepted; the bounce was refused at RCPT")
                #expect(Set(mail.compactMap { $0["subject"] }) == ["Quick question about Acme"])
                #expect(mail.allSatisfy { $0["list-unsubscribe-post"] == "List-Unsubscribe=One-Click" && ($0["list-unsubscribe"] ?? "").contains("/links/unsubscribe/") })
                var detail = try await app.call(.get, "/api/campaigns/\(id)")
                #expect(detail["prospects_by_status"] == ["sent": 2, "bounced": 1])
                #expect(detail["campaign"]?.objectValue?["stats"]?.objectValue?["bounced"] == 1)
                let bounced = try await app.call(.get, "/api/campaigns/\(id)/leads?status=bounced")
                #expect(bounced["prospects"]?.arrayValue?.first?.objectValue?["bounced_at"] != .null)

                try await app.dispatchCampaigns()
                clock.advance(by: .seconds(2 * 86_400 - 60))
                try await app.dispatchCampaigns()
                #expect(try Self.delivered(server).count == 2, "nothing before the delay is over")
                clock.advance(by: .seconds(60))
                try await app.dispatchCampaigns()
                mail = try Self.delivered(server)
                #expect(mail.count == 4)
                let firsts = mail.filter { $0["subject"] == "Quick question about Acme" }
                let replies = mail.filter { $0["in-reply-to"] != nil }
                #expect(replies.count == 2 && replies.allSatisfy { $0["subject"] == "Re: Quick question about Acme" })
                #expect(Set(replies.compactMap { $0["in-reply-to"] }) == Set(firsts.compactMap { $0["message-id"] }), "each follow-up answers its own first email")

                clock.advance(by: .seconds(86_400))
                try await app.dispatchCampaigns()
                mail = try Self.delivered(server)
                #expect(mail.count == 6)
                #expect(Set(mail.compactMap { $0["message-id"] }).count == 6, "no Message-ID twice")
                detail = try await app.call(.get, "/api/campaigns/\(id)")
                #expect(detail["campaign"]?.objectValue?["status"] == "completed")
                #expect(detail["prospects_by_status"] == ["completed": 2, "bounced": 1])
                let stats = try #require(detail["campaign"]?.objectValue?["stats"]?.objectValue)
                #expect(stats["total"] == 3 && stats["messages_sent"] == 6 && stats["contacted"] == 3 && stats["completed"] == 2)
                #expect(try await app.call(.get, "/api/campaigns/\(id)/generate-messages?status=sent")["messages"]?.arrayValue?.count == 7)
                #expect(try await app.call(.get, "/api/campaigns/\(id)/senders")["campaign_total_sent"] == 6)

                // The bounced address is suppressed: a new campaign counts it invalid and never writes to it.
                let list = try #require(try await app.call(.post, "/api/lists", json: ["name": "Again"])["list"]?.objectValue?["id"]?.stringValue)
                _ = try await app.call(.post, "/api/lists/import", json: ["listId": .string(list), "leads": [
                    ["type": "person", "name": ["full": "Carl"], "contacts": [["type": "email", "value": "bounce-carl@acme.example"]]],
                ]])
                let again = try #require(try await app.call(.post, "/api/campaigns", json: ["type": "email", "name": "Again", "sender_account_ids": [.string(sender)]])["campaign"]?.objectValue?["id"]?.stringValue)
                let imported = try await app.call(.post, "/api/campaigns/\(again)/leads/import-from-list", json: ["listId": .string(list)])
                #expect(imported.status == 422 && imported["invalid"] == 1)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func aTemporaryRefusalIsRetriedLaterWithTheSameMessage(backend: TestBackend) async throws {
        let clock = ManualClock()
        try await LocalMailServer.run { server in
            try await withTestApp(backend, clock: clock) { app in
                let sender = try await Self.sender(app, server)
                let id = try await Self.launch(
                    app, name: "Greylisted", senders: [sender], nodes: [["type": "email", "subject": "Hello", "body": "Hi %first_name%"], ["type": "end"]],
                    prospects: ["grey-dan@acme.example"], extra: ["signature": "Cheers, %sender_first%", "open_tracking": true])
                try await app.dispatchCampaigns()
                #expect(try server.messages().isEmpty, "451 the first time")
                let waiting = try await app.call(.get, "/api/campaigns/\(id)/leads")["prospects"]?.arrayValue?.first?.objectValue
                #expect(waiting?["status"] == "pending" && waiting?["next_step_at"] != .null)
                clock.advance(by: .seconds(300))
                try await app.dispatchCampaigns()
                let delivered = try server.messages()
                #expect(delivered.count == 1)
                let text = delivered.first?.replacingOccurrences(of: "=\r\n", with: "") ?? ""
                #expect(text.components(separatedBy: "Cheers, Sarah").count == 3, "the signature once in the text part and once in the HTML, not again")
                #expect(text.components(separatedBy: "/links/open/").count == 2, "one pixel")
                #expect(try await app.call(.get, "/api/campaigns/\(id)")["campaign"]?.objectValue?["status"] == "completed")
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func aPauseBetweenReservationAndSendingGivesTheMessagesBackUnsent(backend: TestBackend) async throws {
        let clock = ManualClock()
        try await LocalMailServer.run { server in
            try await withTestApp(backend, clock: clock) { app in
                let sender = try await Self.sender(app, server)
                let id = try await Self.launch(
                    app, name: "Paused", senders: [sender], nodes: [["type": "email", "subject": "Hello", "body": "Hi"], ["type": "end"]],
                    prospects: ["ada@acme.example"])
                let round = try await app.dispatcher.prepare(campaignId: id, workspaceId: app.workspaceId, alreadyReserved: [:])
                #expect(round.reserved.count == 1)
                #expect(try await app.call(.post, "/api/campaigns/\(id)/pause").status == 200)
                let results = try await app.dispatcher.send(round)
                try await app.stores.campaigns.finish(results, campaignId: id, now: clock.now())
                #expect(try server.messages().isEmpty, "nothing left after the pause")
                let message = try #require(try await app.stores.campaigns.messages(campaignId: id, statuses: nil, prospectId: nil, limit: 5).first)
                #expect(message.status == .pending)
                #expect(try await app.stores.campaigns.deferrals(prospectIds: [message.prospectId]).isEmpty, "a release is not a refusal")
                #expect(try await app.call(.post, "/api/campaigns/\(id)/resume").status == 200)
                try await app.dispatchCampaigns()
                #expect(try server.messages().count == 1)
                #expect(try await app.call(.get, "/api/campaigns/\(id)")["campaign"]?.objectValue?["status"] == "completed")
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func operatingHoursHoldSendsUntilTheWindowOpensInTheCampaignsTimezone(backend: TestBackend) async throws {
        // Monday 2026-04-20 23:30 UTC is Tuesday 08:30 in Tokyo: the 09:00 window is half an hour away.
        let clock = ManualClock(Timestamp(iso8601: "2026-04-20T23:30:00Z")!)
        try await LocalMailServer.run { server in
            try await withTestApp(backend, clock: clock) { app in
                let sender = try await Self.sender(app, server)
                let hours: JSONValue = ["timezone": "Asia/Tokyo", "days": ["tuesday": ["enabled": true, "start": "09:00", "end": "17:00"]]]
                let id = try await Self.launch(
                    app, name: "Tokyo", senders: [sender], nodes: [["type": "email", "subject": "Hello", "body": "Hi"], ["type": "end"]],
                    prospects: ["ada@acme.example"], extra: ["operating_hours": hours])
                try await app.dispatchCampaigns()
                #expect(try server.messages().isEmpty, "08:30 in Tokyo: closed")
                clock.advance(by: .seconds(30 * 60))
                try await app.dispatchCampaigns()
                #expect(try server.messages().count == 1, "09:00 in Tokyo: open")
                #expect(try await app.call(.get, "/api/campaigns/\(id)")["campaign"]?.objectValue?["status"] == "completed")
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func oneSendersDailyLimitIsSharedByItsCampaignsAndTheRestGoesTomorrow(backend: TestBackend) async throws {
        let clock = ManualClock()
        try await LocalMailServer.run { server in
            try await withTestApp(backend, clock: clock) { app in
                let sender = try await Self.sender(app, server, dailyLimit: 3)
                let step: JSONValue = [["type": "email", "subject": "Hello %first_name%", "body": "Hi"], ["type": "end"]]
                let first = try await Self.launch(app, name: "First", senders: [sender], nodes: step, prospects: ["a1@acme.example", "a2@acme.example", "a3@acme.example"])
                let second = try await Self.launch(app, name: "Second", senders: [sender], nodes: step, prospects: ["b1@acme.example", "b2@acme.example"])
                try await app.dispatchCampaigns()
                #expect(try server.messages().count == 3, "the sender's 3 a day, across both campaigns")
                clock.advance(by: .seconds(3600))
                try await app.dispatchCampaigns()
                #expect(try server.messages().count == 3, "still today")
                clock.advance(by: .seconds(86_400))
                try await app.dispatchCampaigns()
                #expect(try server.messages().count == 5)
                for id in [first, second] {
                    #expect(try await app.call(.get, "/api/campaigns/\(id)")["campaign"]?.objectValue?["status"] == "completed")
                }
                let usage = try await app.call(.get, "/api/campaigns/\(first)/account-usage")
                #expect(usage["accounts"]?.arrayValue?.first?.objectValue?["daily_limit"] == 3)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func oneClickUnsubscribeStopsEveryCampaignForTheAddressAndAForgedTokenChangesNothing(backend: TestBackend) async throws {
        let clock = ManualClock()
        try await LocalMailServer.run { server in
            try await withTestApp(backend, clock: clock) { app in
                let sender = try await Self.sender(app, server)
                let twoSteps: JSONValue = [
                    ["type": "email", "subject": "Hello", "body": "Hi"], ["type": "delay", "delay_hours": 1], ["type": "email", "subject": "Again", "body": "Hi again"],
                    ["type": "end"],
                ]
                let first = try await Self.launch(
                    app, name: "First", senders: [sender], nodes: twoSteps, prospects: ["ada@acme.example", "bob@acme.example"], extra: ["open_tracking": true])
                let second = try await Self.launch(app, name: "Second", senders: [sender], nodes: twoSteps, prospects: ["ada@acme.example"])
                try await app.dispatchCampaigns()
                let toAda = try Self.delivered(server).filter { ($0["x-envelope-to"] ?? $0["to"] ?? "").contains("ada@") }
                #expect(toAda.count == 2)
                let header = try #require(toAda.first?["list-unsubscribe"])
                let url = try #require(header.split(separator: "<").compactMap { part -> String? in
                    let value = String(part.prefix { $0 != ">" })
                    return value.hasPrefix("http") ? value : nil
                }.first)
                let path = try #require(URLComponents(string: url)?.path)
                #expect(url.hasPrefix("http://127.0.0.1:8080/links/unsubscribe/"))

                let forged = try await app.fetch(.post, path + "x", body: "List-Unsubscribe=One-Click", contentType: "application/x-www-form-urlencoded")
                #expect(forged.status == 400 && forged.body.contains("invalid_token"))
                let page = try await app.fetch(.get, path)
                #expect(page.status == 200 && page.body.contains("<form method=\"post\""), "GET asks, and changes nothing")
                let done = try await app.fetch(.post, path, body: "List-Unsubscribe=One-Click", contentType: "application/x-www-form-urlencoded")
                #expect(done.status == 200 && done.body.contains("unsubscribed"))

                clock.advance(by: .seconds(3600))
                try await app.dispatchCampaigns()
                let after = try Self.delivered(server)
                #expect(after.count == 4, "Bob's follow-up only")
                #expect(after.filter { ($0["subject"] ?? "") == "Again" }.allSatisfy { !($0["to"] ?? "").contains("ada@") })
                for id in [first, second] {
                    let cancelled = try await app.call(.get, "/api/campaigns/\(id)/leads?status=cancelled")
                    #expect(cancelled["prospects"]?.arrayValue?.map { $0.objectValue?["email"] } == ["ada@acme.example"])
                }
                #expect(try await app.call(.get, "/api/campaigns/\(second)")["campaign"]?.objectValue?["status"] == "completed",
                    "Ada was the second campaign's last prospect")

                // Open tracking: the first campaign's HTML carries a pixel; fetching it counts an open.
                let raw = try server.messages().first { $0.contains("/links/open/") }
                let pixel = try #require(raw.flatMap { text -> String? in
                    let joined = text.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=3D", with: "=")
                    guard let start = joined.range(of: "/links/open/") else { return nil }
                    return "/links/open/" + String(joined[start.upperBound...].prefix { $0 != "\"" })
                })
                let image = try await app.fetch(.get, pixel)
                #expect(image.status == 200 && image.headers[.contentType] == "image/gif")
                #expect(try await app.call(.get, "/api/campaigns/\(first)")["campaign"]?.objectValue?["stats"]?.objectValue?["opened"] == 1)
                #expect(try await app.fetch(.get, "/links/open/forged.gif").status == 400)
            }
        }
    }
}
