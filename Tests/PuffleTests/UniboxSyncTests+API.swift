import Foundation
import HTTPTypes
import PuffleCore
import PuffleTestSupport
import Testing

extension UniboxSyncTests {
    static func emails(_ response: TestResponse) -> Set<String> {
        Set(response["threads"]?.arrayValue?.compactMap { $0.objectValue?["participant_email"]?.stringValue } ?? [])
    }

    /// The threads API over what the sync stored: Ada replied, Bob's out-of-office, Carl bounced,
    /// Nina wrote first (Dan, who has only our step, has no thread: campaign sends join the Unibox
    /// when an answer comes).
    static func checkThreadsAPI(_ app: TestApp, campaign: String, sender: String) async throws {
        let inbox = try await app.call(.get, "/api/threads")
        #expect(inbox.status == 200 && emails(inbox) == ["ada@acme.example", "nina@elsewhere.example"] && inbox["total"] == 2)
        let row = try #require(inbox["threads"]?.arrayValue?.first { $0.objectValue?["participant_email"] == "ada@acme.example" }?.objectValue)
        #expect(row["inbox_state"] == "needs_reply" && row["last_message_direction"] == "inbound" && row["participant_company"] == "Acme")
        #expect(row["last_message_snippet"]?.stringValue?.hasPrefix("Yes, let's talk.") == true && row["unread_count"] == 1)

        #expect(emails(try await app.call(.get, "/api/threads?view=sent")) == ["bob@acme.example", "carl@acme.example"])
        #expect(emails(try await app.call(.get, "/api/threads?view=bounced")) == ["carl@acme.example"])
        #expect(emails(try await app.call(.get, "/api/threads?view=bounced,needs_reply")) == ["carl@acme.example", "ada@acme.example", "nina@elsewhere.example"])
        #expect(emails(try await app.call(.get, "/api/threads?inbox_state=needs_reply&bounced=false&search=ADA")) == ["ada@acme.example"])
        #expect(emails(try await app.call(.get, "/api/threads?campaign_id=\(campaign)&unread=true")) == ["ada@acme.example"])
        #expect(emails(try await app.call(.get, "/api/threads?sender_id=\(sender)&channel=email")).count == 4)
        let paged = try await app.call(.get, "/api/threads?status=active&limit=3&page=2&include=filter_options")
        #expect(paged["total"] == 4 && paged["threads"]?.arrayValue?.count == 1 && paged["page"] == 2)
        #expect(paged["filter_options"]?.objectValue?["campaigns"]?.arrayValue?.first?.objectValue?["id"] == .string(campaign))
        let correspondence = try await app.call(.get, "/api/threads?correspondence=true&participant_email=ADA@acme.example")
        #expect(emails(correspondence) == ["ada@acme.example"])

        // Reading a thread marks it read; listing its messages does not.
        let id = try #require(row["id"]?.stringValue)
        let pageOfMessages = try await app.call(.get, "/api/threads/\(id)/messages?limit=1")
        #expect(pageOfMessages["total"] == 2 && pageOfMessages["messages"]?.arrayValue?.first?.objectValue?["direction"] == "outbound")
        #expect(try await app.call(.get, "/api/threads?unread=true")["total"] == 2)
        let detail = try await app.call(.get, "/api/threads/\(id)")
        #expect(detail["thread"]?.objectValue?["unread_count"] == 0 && detail["messages"]?.arrayValue?.count == 2)
        #expect(detail["participantDetails"]?.objectValue?["company"] == "Acme" && detail["senderDisconnected"] == false)
        #expect(detail["senderAccount"]?.objectValue?["status"] == "active")
        #expect(detail["messages"]?.arrayValue?.last?.objectValue?["campaign_id"] == .string(campaign))

        let archived = try await app.call(.patch, "/api/threads/\(id)", json: ["status": "archived", "unread_count": 3])
        #expect(archived["thread"]?.objectValue?["status"] == "archived" && archived["thread"]?.objectValue?["inbox_state"] == "archived")
        #expect(emails(try await app.call(.get, "/api/threads")) == ["nina@elsewhere.example"])
        #expect(emails(try await app.call(.get, "/api/threads?view=archived")) == ["ada@acme.example"])
        #expect(try await app.call(.patch, "/api/threads/\(id)", json: ["status": "draft"]).errorCode == "invalid_request", "nothing this route honours")
        #expect(try await app.call(.patch, "/api/threads/\(id)", json: ["status": "active"])["thread"]?.objectValue?["inbox_state"] == "needs_reply")

        // Bad input and other workspaces.
        #expect(try await app.call(.get, "/api/threads?view=everything").errorCode == "invalid_request")
        #expect(try await app.call(.get, "/api/threads?unread=yes").errorCode == "invalid_request")
        #expect(try await app.call(.get, "/api/threads?include=null").errorCode == "invalid_request")
        #expect(try await app.call(.get, "/api/threads?limit=101").errorCode == "invalid_request")
        #expect(try await app.call(.get, "/api/threads/\(id)/messages?limit=201").errorCode == "invalid_request")
        #expect(try await app.call(.get, "/api/threads?correspondence=true").errorCode == "invalid_request")
        let other = try await app.otherWorkspaceKey()
        #expect(try await app.call(.get, "/api/threads/\(id)", key: other).status == 404)
        #expect(try await app.call(.get, "/api/threads/\(id)/messages", key: other).status == 404)
        #expect(try await app.call(.patch, "/api/threads/\(id)", json: ["status": "archived"], key: other).status == 404)
        #expect(try await app.call(.get, "/api/threads", key: other)["total"] == 0)
    }
}
