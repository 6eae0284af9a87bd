import Foundation
import PuffleCore
import PuffleTestSupport
import Testing

/// `puffle thread ...` against a live server: every command the contract names, the
/// Idempotency-Key header from its flag, and one email sent through the local aiosmtpd.
@Suite struct ThreadCLITests {
    func run(_ arguments: [String], on app: TestApp) async throws -> Int32 {
        try await CLILiveTests().run(arguments, on: app)
    }

    @Test func everyThreadCommandRunsAgainstALiveServer() async throws {
        try await LocalMailServer.run { smtp in
            try await LocalIMAPServer.run { imap in
                try await withTestApp(.sqlite, live: true) { app in
                    let sender = try await UniboxSyncTests.sender(app, smtp: smtp, imap: imap)
                    #expect(try await run(["thread", "create", "--participant-email", "alex@founder.example", "--draft-subject", "Hello", "--account-id", sender], on: app) == 0)
                    let (threads, _) = try await app.stores.unibox.threads(workspaceId: app.workspaceId, filter: ThreadFilter(), page: 1, limit: 10)
                    let id = try #require(threads.first?.thread.id)
                    for arguments in [["thread"], ["thread", "--view", "drafts,sent"], ["thread", "--id", id], ["thread", "message", "--id", id, "--limit", "10"]] {
                        #expect(try await run(arguments, on: app) == 0, "\(arguments)")
                    }
                    let send = ["thread", "message", "send", "--id", id, "--body-text", "Hi Alex", "--threading-mode", "new_thread", "--idempotency-key", "cli-1"]
                    #expect(try await run(send, on: app) == 0)
                    #expect(try await run(send, on: app) == 0, "the same key and body answer the first send")
                    #expect(try smtp.messages().count == 1, "sent once")
                    #expect(try await run(["thread", "message", "send", "--id", id, "--body-text", "Other", "--idempotency-key", "cli-1"], on: app) == 1)
                    #expect(try await run(["thread", "update", "--id", id, "--status", "archived"], on: app) == 0)
                    #expect(try await app.stores.unibox.thread(id: id, workspaceId: app.workspaceId, markRead: false).thread.status == .archived)
                }
            }
        }
    }
}
