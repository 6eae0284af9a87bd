import Foundation
import HTTPTypes
import PuffleCore
import PuffleMail
import PuffleTestSupport
import Testing

/// Attachments in the Unibox: uploads sent with an email, files of inbound mail kept and served
/// through signed, expiring links.
@Suite struct UniboxAttachmentTests {
    static func multipart(_ name: String, _ content: String, type: String = "text/plain") -> (body: String, contentType: String) {
        let boundary = "puffle-test-boundary"
        let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: \(type)\r\n\r\n\(content)\r\n--\(boundary)--\r\n"
        return (body, "multipart/form-data; boundary=\(boundary)")
    }

    /// The path of a link the API handed out (its host is this server's public address).
    static func path(of url: String) throws -> String {
        let range = try #require(url.range(of: AttachmentLinks.path))
        return String(url[range.lowerBound...])
    }

    @Test(arguments: TestBackend.available)
    func uploadsGoOutWithTheEmailAndInboundFilesComeBackThroughSignedLinks(backend: TestBackend) async throws {
        try await LocalMailServer.run { smtp in
            try await LocalIMAPServer.run { imap in
                try await withTestApp(backend) { app in
                    let sender = try await UniboxSyncTests.sender(app, smtp: smtp, imap: imap)
                    let form = Self.multipart("notes.txt", "Agenda: pricing, rollout.")
                    let uploaded = try await app.fetch(.post, "/api/threads/attachments", body: form.body, contentType: form.contentType, authorized: true)
                    #expect(uploaded.status == 201, "\(uploaded.body)")
                    let attachment = try #require(try JSONDecoder().decode(JSONValue.self, from: Data(uploaded.body.utf8))["attachment"]?.objectValue)
                    #expect(attachment["filename"] == "notes.txt" && attachment["size"] == 25)
                    let link = try Self.path(of: try #require(attachment["url"]?.stringValue))
                    let download = try await app.fetch(.get, link)
                    #expect(download.status == 200 && download.body == "Agenda: pricing, rollout.")
                    #expect(download.headers[.contentDisposition] == "attachment; filename*=UTF-8''notes.txt")
                    #expect(download.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                    let page = Self.multipart("page.html", "<script>alert(1)</script>", type: "text/html")
                    let html = try await app.fetch(.post, "/api/threads/attachments", body: page.body, contentType: page.contentType, authorized: true)
                    let htmlURL = try #require(try JSONDecoder().decode(JSONValue.self, from: Data(html.body.utf8))["attachment"]?.objectValue?["url"]?.stringValue)
                    #expect(try await app.fetch(.get, try Self.path(of: htmlURL)).headers[.contentType] == "application/octet-stream", "never served as a page")
                    #expect(try await app.fetch(.get, link.replacingOccurrences(of: ".", with: "x")).status == 400, "an altered link")
                    let otherKey = try await app.otherWorkspaceKey()
                    #expect(try await app.fetch(.post, "/api/threads/attachments", body: Self.multipart("big.bin", String(repeating: "x", count: 10 * 1024 * 1024 + 1)).body,
                                                contentType: form.contentType, authorized: true).status == 413)

                    let draft = try await app.call(.post, "/api/threads", json: [
                        "account_id": .string(sender), "participant_email": "alex@founder.example", "draft_subject": "Agenda",
                        "draft_attachments": [.object(attachment)],
                    ])
                    #expect(draft.status == 201 && draft["thread"]?.objectValue?["draft_attachments"]?.arrayValue?.count == 1)
                    let id = try #require(draft["thread"]?.objectValue?["id"]?.stringValue)
                    let foreign = try await app.call(.post, "/api/threads", json: ["draft_attachments": [.object(attachment)]], key: otherKey)
                    #expect(foreign.errorCode == "invalid_request", "another workspace's upload is not found")
                    let sent = try await app.call(.post, "/api/threads/\(id)/messages", json: ["body_text": "See the agenda.", "threading_mode": "new_thread"])
                    #expect(sent.status == 200 && sent["message"]?.objectValue?["attachments"]?.arrayValue?.count == 1, "\(sent.json)")
                    let raw = try #require(try smtp.messages().first)
                    #expect(raw.contains("filename=\"notes.txt\"") || raw.contains("filename=notes.txt"))
                    #expect(ReceivedMail(Array(raw.utf8)).attachments.first?.data == Array("Agenda: pricing, rollout.".utf8))

                    // Inbound: the files of a real-shaped message are kept and listed with links.
                    try imap.deliver(String(decoding: MIMECorpus.nestedWithAttachments, as: UTF8.self))
                    try await app.syncMailbox(accountId: sender)
                    let threads = try await app.call(.get, "/api/threads?participant_email=lee@orbit.example")
                    let leeThread = try #require(threads["threads"]?.arrayValue?.first?.objectValue?["id"]?.stringValue)
                    let messages = try await app.call(.get, "/api/threads/\(leeThread)/messages")
                    let files = try #require(messages["messages"]?.arrayValue?.first?.objectValue?["attachments"]?.arrayValue)
                    #expect(files.compactMap { $0.objectValue?["filename"]?.stringValue } == ["Été proposal—v2.pdf", "leads.csv"])
                    let csv = try #require(files.last?.objectValue?["url"]?.stringValue)
                    #expect(try await app.fetch(.get, try Self.path(of: csv)).body == "name,email\r\nJane,jane@solaris.example")
                }
            }
        }
    }

    @Test func linksExpireAndAreBoundToTheirAttachment() {
        let token = LinkToken(secret: "s")
        let links = AttachmentLinks(baseURL: "https://puffle.example/", token: token)
        let now = Timestamp(milliseconds: 1_796_287_862_000)
        let url = links.url(for: "att-1", now: now)
        #expect(url.hasPrefix("https://puffle.example/links/attachments/att-1:"))
        let text = String(url.split(separator: "/").last ?? "")
        #expect(AttachmentLinks.attachmentId(token: text, verifiedBy: token, now: now) == "att-1")
        #expect(AttachmentLinks.attachmentId(token: text, verifiedBy: token, now: Timestamp(milliseconds: now.milliseconds + 3_601_000)) == nil)
        #expect(AttachmentLinks.attachmentId(token: text, verifiedBy: LinkToken(secret: "other"), now: now) == nil)
        #expect(AttachmentLinks.attachmentId(token: text.replacingOccurrences(of: "att-1", with: "att-2"), verifiedBy: token, now: now) == nil)
    }
}
