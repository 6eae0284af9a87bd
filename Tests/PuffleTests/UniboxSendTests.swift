import Foundation
import HTTPTypes
import PuffleCore
import PuffleTestSupport
import Testing

extension UniboxSyncTests {
    /// Answers Ada from her thread, safely retried, and reads her next answer back into the same thread.
    static func checkReplyAndItsAnswer(_ app: TestApp, smtp: LocalMailServer, imap: LocalIMAPServer, sender: String) async throws {
        let inbox = try await app.call(.get, "/api/threads?participant_email=ada@acme.example")
        let id = try #require(inbox["threads"]?.arrayValue?.first?.objectValue?["id"]?.stringValue)
        let adaReply = try #require(try await app.stores.unibox.messages(threadId: id, workspaceId: app.workspaceId, page: 1, limit: 10).messages.last)
        let before = try smtp.messages().count
        let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "reply-ada-1"]
        let body: JSONValue = ["body_text": "Tuesday at 10 works. Talk then!", "cc": "team@acme.example"]
        let sent = try await app.call(.post, "/api/threads/\(id)/messages", json: body, headers: key)
        #expect(sent.status == 200, "\(sent.json)")
        let message = try #require(sent["message"]?.objectValue)
        #expect(message["delivery"] == "sent" && message["direction"] == "outbound" && message["subject"] == "Re: Quick question")
        #expect(sent["thread"]?.objectValue?["inbox_state"] == "active_thread")
        let delivered = try CampaignSendingTests.delivered(smtp)
        #expect(delivered.count == before + 1)
        let mail = try #require(delivered.first { $0["subject"] == "Re: Quick question" && $0["cc"] != nil })
        #expect(mail["in-reply-to"] == "<\(adaReply.messageId ?? "")>" && (mail["references"] ?? "").contains(adaReply.messageId ?? "-"))
        #expect(mail["x-envelope-to"]?.contains("team@acme.example") == true)

        // A retry with the same key answers the first send; another body with the key is refused.
        let again = try await app.call(.post, "/api/threads/\(id)/messages", json: body, headers: key)
        #expect(again.status == 200 && again["message"]?.objectValue?["id"] == message["id"])
        #expect(try smtp.messages().count == before + 1, "never sent twice")
        let other = try await app.call(.post, "/api/threads/\(id)/messages", json: ["body_text": "Something else"], headers: key)
        #expect(other.status == 409 && other.errorCode == "idempotency_key_reused")

        // Ada answers our reply: it threads by In-Reply-To into the same thread.
        let ourId = String(try #require(mail["message-id"]).dropFirst().dropLast())
        try imap.deliver(reply(from: "Ada <ada@acme.example>", to: ourId, subject: "Re: Quick question", body: "Great, see you."))
        try await app.syncMailbox(accountId: sender)
        let thread = try await app.call(.get, "/api/threads/\(id)")
        #expect(thread["messages"]?.arrayValue?.count == 4 && thread["thread"]?.objectValue?["inbox_state"] == "needs_reply")
        #expect(try await app.call(.get, "/api/threads?participant_email=ada@acme.example")["total"] == 1)
    }
}

/// One-off email from the Unibox: a draft, its checks, and the send.
@Suite struct UniboxSendTests {
    @Test(arguments: TestBackend.available)
    func aDraftIsCheckedThenSentAsANewEmail(backend: TestBackend) async throws {
        try await LocalMailServer.run { smtp in
            try await LocalIMAPServer.run { imap in
                try await withTestApp(backend) { app in
                    let sender = try await UniboxSyncTests.sender(app, smtp: smtp, imap: imap)
                    #expect(try await app.call(.post, "/api/threads", json: [:]).errorCode == "invalid_request")
                    #expect(try await app.call(.post, "/api/threads", json: ["account_id": "nope"]).errorCode == "invalid_request")
                    #expect(try await app.call(.post, "/api/threads", json: ["participant_email": "not an address"]).status == 400)
                    let draft = try await app.call(.post, "/api/threads", json: ["draft_subject": "Quick question", "draft_body_text": "Hi Alex"])
                    #expect(draft.status == 201 && draft["thread"]?.objectValue?["inbox_state"] == "draft")
                    let id = try #require(draft["thread"]?.objectValue?["id"]?.stringValue)
                    #expect(try await app.call(.get, "/api/threads?view=drafts")["total"] == 1)

                    // Not sendable yet: no sender, then no recipient.
                    let noSender = try await app.call(.post, "/api/threads/\(id)/messages", json: ["body_text": "Hi Alex", "threading_mode": "new_thread"])
                    #expect(noSender.status == 422 && noSender.errorCode == "thread_not_sendable")
                    let noRecipient = try await app.call(
                        .post, "/api/threads/\(id)/messages", json: ["body_text": "Hi Alex", "account_id": .string(sender), "threading_mode": "new_thread"])
                    #expect(noRecipient.status == 422)
                    #expect(try await app.call(.post, "/api/threads/\(id)/messages", json: ["body_text": ""]).status == 400)
                    #expect(try await app.call(.post, "/api/threads/\(id)/messages", json: ["body_text": "x", "threading_mode": "sideways"]).status == 400)

                    let updated = try await app.call(.patch, "/api/threads/\(id)", json: [
                        "account_id": .string(sender), "participant_email": "Alex@Founder.example", "participant_name": "Alex Founder",
                    ])
                    #expect(updated["thread"]?.objectValue?["participant_email"] == "alex@founder.example")
                    // A second draft to the same person from the same sender is a duplicate.
                    let duplicate = try await app.call(.post, "/api/threads", json: ["account_id": .string(sender), "participant_email": "alex@founder.example"])
                    #expect(duplicate.status == 409 && duplicate["existing_thread"]?.objectValue?["id"] == .string(id))
                    #expect(duplicate["existing_threads"]?.arrayValue?.count == 1)

                    let sent = try await app.call(.post, "/api/threads/\(id)/messages", json: ["body_text": "Hi Alex,\nquick question.", "threading_mode": "new_thread"])
                    #expect(sent.status == 200, "\(sent.json)")
                    #expect(sent["thread"]?.objectValue?["inbox_state"] == "sent_one_off" && sent["thread"]?.objectValue?["status"] == "active")
                    #expect(sent["thread"]?.objectValue?["draft_subject"] == .null)
                    let mail = try #require(try CampaignSendingTests.delivered(smtp).first)
                    #expect(mail["subject"] == "Quick question" && mail["in-reply-to"] == nil && mail["to"] == "Alex Founder <alex@founder.example>")
                    #expect(try await app.call(.get, "/api/threads?view=sent")["total"] == 1)

                    let otherKey = try await app.otherWorkspaceKey()
                    #expect(try await app.call(.post, "/api/threads/\(id)/messages", json: ["body_text": "x"], key: otherKey).status == 404)
                    #expect(try await app.call(.patch, "/api/threads/\(id)", json: ["draft_subject": "x"], key: otherKey).status == 404)
                }
            }
        }
    }
}
