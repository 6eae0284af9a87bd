import Foundation
import HTTPTypes
import PuffleCore
import PuffleMail
import PuffleTestSupport
import Testing

/// The Unibox's inbound side end to end, on every engine: a campaign sends over SMTP (aiosmtpd),
/// answers land in a real IMAP mailbox (dovecot), and a mailbox sync reads them into threads,
/// prospect states, suppressions and stop-on-reply.
@Suite struct UniboxSyncTests {
    /// A sender that sends through the local aiosmtpd and reads the local dovecot over implicit TLS.
    static func sender(_ app: TestApp, smtp: LocalMailServer, imap: LocalIMAPServer, imapPassword: String = LocalIMAPServer.password) async throws -> String {
        let created = try await app.call(.post, "/api/senders/email", json: [
            "email_address": "sarah@acme.example", "first_name": "Sarah", "daily_limit": 50,
            "smtp": [
                "host": "127.0.0.1", "port": .integer(Int64(smtp.plainPort)), "security": "none", "username": .string(LocalMailServer.user),
                "password": .string(LocalMailServer.password),
            ],
            "imap": [
                "host": "127.0.0.1", "port": .integer(Int64(imap.imapsPort)), "security": "tls", "username": .string(LocalIMAPServer.user),
                "password": .string(imapPassword), "ca_file": .string(imap.certificate),
            ],
        ])
        #expect(created.status == 201, "\(created.json)")
        return try #require(created["account"]?.objectValue?["id"]?.stringValue)
    }

    static func reply(from: String, to messageId: String, subject: String, body: String, extraHeaders: String = "") -> String {
        """
        From: \(from)\r
        To: sarah@acme.example\r
        Subject: \(subject)\r
        Message-ID: <\(UUID().uuidString)@\(from.split(separator: "@").last ?? "x")>\r
        In-Reply-To: <\(messageId)>\r
        References: <\(messageId)>\r
        Date: Thu, 3 Dec 2026 10:00:00 +0000\r
        \(extraHeaders)Content-Type: text/plain; charset=utf-8\r
        \r
        \(body)\r

        """
    }

    static func bounce(of address: String, messageId: String) -> String {
        """
        From: Mail Delivery System <MAILER-DAEMON@mx.acme.example>\r
        To: sarah@acme.example\r
        Subject: Undelivered Mail Returned to Sender\r
        Message-ID: <\(UUID().uuidString)@mx.acme.example>\r
        Auto-Submitted: auto-replied\r
        Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r
        \r
        --b\r
        Content-Type: text/plain\r
        \r
        Your message could not be delivered.\r
        --b\r
        Content-Type: message/delivery-status\r
        \r
        Reporting-MTA: dns; mx.acme.example\r
        \r
        Final-Recipient: rfc822; \(address)\r
        Action: failed\r
        Status: 5.1.1\r
        \r
        --b\r
        Content-Type: text/rfc822-headers\r
        \r
        Message-ID: <\(messageId)>\r
        To: \(address)\r
        \r
        --b--\r

        """
    }

    @Test(arguments: TestBackend.available)
    func repliesAutoRepliesBouncesAndStrangersLandWhereTheyBelongAndStopOnReplyHolds(backend: TestBackend) async throws {
        let clock = ManualClock()
        try await LocalMailServer.run { smtp in
            try await LocalIMAPServer.run { imap in
                try await withTestApp(backend, clock: clock) { app in
                    let sender = try await Self.sender(app, smtp: smtp, imap: imap)
                    let people = ["ada@acme.example", "bob@acme.example", "carl@acme.example", "dan@acme.example"]
                    let campaign = try await CampaignSendingTests.launch(app, name: "Unibox", senders: [sender], nodes: CampaignSendingTests.threeSteps, prospects: people)
                    try await app.dispatchCampaigns()
                    let sent = try CampaignSendingTests.delivered(smtp)
                    #expect(sent.count == 4)
                    func messageId(to address: String) throws -> String {
                        let headers = try #require(sent.first { $0["to"]?.contains(address) == true })
                        return String(try #require(headers["message-id"]).dropFirst().dropLast())
                    }
                    try imap.deliver(Self.reply(from: "Ada <ada@acme.example>", to: try messageId(to: "ada@"), subject: "Re: Quick question", body: "Yes, let's talk. Tuesday?"))
                    try imap.deliver(Self.reply(
                        from: "bob@acme.example", to: try messageId(to: "bob@"), subject: "Out of Office: Quick question", body: "I am away until Monday.",
                        extraHeaders: "Auto-Submitted: auto-replied\r\n"))
                    try imap.deliver(Self.bounce(of: "carl@acme.example", messageId: try messageId(to: "carl@")))
                    try imap.deliver(
                        "From: Nina <nina@elsewhere.example>\r\nTo: sarah@acme.example\r\nSubject: Hello\r\nMessage-ID: <n1@elsewhere.example>\r\n\r\nAre you hiring?\r\n")

                    // The follow-up falls due before the mailbox is read: stop-on-reply still holds it back for Ada.
                    clock.advance(by: .seconds(2 * 86_400))
                    try await app.syncMailbox(accountId: sender)
                    try await app.dispatchCampaigns()
                    let followUps = try CampaignSendingTests.delivered(smtp).filter { $0["in-reply-to"] != nil }
                    #expect(Set(followUps.compactMap { $0["to"] }) == ["Bob <bob@acme.example>", "Dan <dan@acme.example>"], "\(followUps.map { $0["to"] ?? "" })")

                    let replied = try await app.call(.get, "/api/campaigns/\(campaign)/leads?status=replied")
                    #expect(replied["prospects"]?.arrayValue?.compactMap { $0.objectValue?["email"]?.stringValue } == ["ada@acme.example"])
                    let bounced = try await app.call(.get, "/api/campaigns/\(campaign)/leads?status=bounced")
                    #expect(bounced["prospects"]?.arrayValue?.compactMap { $0.objectValue?["email"]?.stringValue } == ["carl@acme.example"])
                    let stats = try await app.call(.get, "/api/campaigns/\(campaign)")["campaign"]?.objectValue?["stats"]?.objectValue
                    #expect(stats?["replied"] == 1 && stats?["bounced"] == 1)

                    // The default view: active threads someone wrote in, newest first.
                    let inbox = try await app.stores.unibox.threads(workspaceId: app.workspaceId, filter: ThreadFilter(onlyWithInbound: true), page: 1, limit: 50)
                    #expect(Set(inbox.threads.compactMap(\.thread.participantEmail)) == ["ada@acme.example", "nina@elsewhere.example"])
                    let ada = try #require(inbox.threads.first { $0.thread.participantEmail == "ada@acme.example" })
                    #expect(ada.thread.inboxState == .needsReply && ada.thread.unreadCount == 1 && ada.thread.origin == .campaign)
                    #expect(ada.participantCompany == "Acme" && ada.thread.participantName == "Ada")
                    let adaMessages = try await app.stores.unibox.messages(threadId: ada.thread.id, workspaceId: app.workspaceId, page: 1, limit: 50)
                    #expect(adaMessages.messages.map(\.direction) == [.outbound, .inbound], "our step, then the reply")
                    #expect(adaMessages.messages.last?.bodyText.trimmingCharacters(in: .whitespacesAndNewlines) == "Yes, let's talk. Tuesday?" && adaMessages.messages.last?.campaignId == campaign)
                    let all = try await app.stores.unibox.threads(workspaceId: app.workspaceId, filter: ThreadFilter(), page: 1, limit: 50)
                    #expect(all.total == 4)
                    let carl = try #require(all.threads.first { $0.thread.participantEmail == "carl@acme.example" })
                    #expect(carl.thread.bounced)
                    let bob = try #require(all.threads.first { $0.thread.participantEmail == "bob@acme.example" })
                    #expect(bob.thread.inboxState == .sentCampaign && bob.thread.unreadCount == 0, "an out-of-office asks for nothing")

                    // The server renumbers the mailbox: a re-sync reads it all again and stores nothing twice.
                    try imap.resetUIDValidity(4_242)
                    try await app.syncMailbox(accountId: sender)
                    let again = try await app.stores.unibox.threads(workspaceId: app.workspaceId, filter: ThreadFilter(), page: 1, limit: 50)
                    #expect(again.total == 4)
                    #expect(again.threads.map(\.thread.messageCount).reduce(0, +) == all.threads.map(\.thread.messageCount).reduce(0, +))
                    #expect(try await app.stores.unibox.cursor(accountId: sender).uidValidity == 4_242)
                    try await Self.checkThreadsAPI(app, campaign: campaign, sender: sender)
                    try await Self.checkReplyAndItsAnswer(app, smtp: smtp, imap: imap, sender: sender)
                }
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func aRefusedLoginPutsTheSenderInErrorAfterRepeatedTries(backend: TestBackend) async throws {
        try await LocalMailServer.run { smtp in
            try await LocalIMAPServer.run { imap in
                try await withTestApp(backend) { app in
                    let sender = try await Self.sender(app, smtp: smtp, imap: imap, imapPassword: "wrong-password")
                    for attempt in 1...MailboxSync.maxLoginFailures {
                        await #expect(throws: (any Error).self) { try await app.syncMailbox(accountId: sender) }
                        let account = try await app.call(.get, "/api/senders/\(sender)")["account"]?.objectValue
                        #expect((account?["status"] == "error") == (attempt == MailboxSync.maxLoginFailures), "attempt \(attempt): \(String(describing: account?["status"]))")
                    }
                    #expect(try await app.stores.unibox.mailboxes().isEmpty, "a sender in error is not synced again")
                }
            }
        }
    }
}
