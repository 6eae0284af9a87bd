import Foundation
import Logging
import NIOCore
import PuffleCore
import PuffleJobs
import PuffleMail
import PuffleTestSupport
import Testing

/// A mailbox sync that loses its connection halfway resumes from the last batch it stored, and
/// mail that cannot be read whole (broken MIME, raw 8-bit headers, a body over the cap) never stops it.
@Suite struct UniboxResumeTests {
    /// The real IMAP reader, with the server kicking the connection once `dropAfter` batches are stored.
    struct DroppingReader: MailboxReader {
        let inner: IMAPMailboxReader
        let server: LocalIMAPServer
        let dropAfter: Int
        let stored = Counter()

        func read(
            _ settings: MailServerSettings, from cursor: MailboxCursor, deliver: @Sendable ([InboundMail], MailboxCursor) async throws -> Void
        ) async throws -> MailboxCursor {
            try await inner.read(settings, from: cursor) { batch, position in
                try await deliver(batch, position)
                if stored.increment() == dropAfter { try await server.kick() }
            }
        }

        func waitForNewMail(_ settings: MailServerSettings, beyond cursor: MailboxCursor, for duration: Duration) async throws -> IdleOutcome {
            try await inner.waitForNewMail(settings, beyond: cursor, for: duration)
        }
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func increment() -> Int { lock.withLock { value += 1; return value } }
    }

    static func message(_ index: Int) -> String {
        switch index {
        case 7:
            // Broken: the closing boundary never comes and a part claims a length it does not have.
            return "From: odd@broken.example\r\nSubject: broken\r\nMessage-ID: <m7@x>\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Length: 999999\r\n\r\nStill readable.\r\n--b\r\nContent-Type: application/octet-stream\r\n\r\nAAA"
        case 8:
            return "From: Zoë <zoe@raw.example>\r\nSubject: Crème brûlée\r\nMessage-ID: <m8@x>\r\n\r\nRaw 8-bit headers.\r\n"
        case 9:
            return "From: big@large.example\r\nSubject: big\r\nMessage-ID: <m9@x>\r\n\r\n" + String(repeating: "0123456789abcdef\r\n", count: 20_000)
        default:
            return "From: Person \(index) <p\(index)@people.example>\r\nSubject: Note \(index)\r\nMessage-ID: <m\(index)@x>\r\n\r\nHello \(index).\r\n"
        }
    }

    @Test(arguments: TestBackend.available)
    func aDroppedConnectionResumesFromTheLastStoredBatchAndBadMailIsStoredAsFarAsItGoes(backend: TestBackend) async throws {
        try await LocalMailServer.run { smtp in
            try await LocalIMAPServer.run { imap in
                try await withTestApp(backend) { app in
                    let sender = try await UniboxSyncTests.sender(app, smtp: smtp, imap: imap)
                    for index in 1...60 { try imap.deliver(Self.message(index)) }
                    let reader = IMAPMailboxReader(clock: app.stores.clock, batchSize: 20, maxMessageBytes: 50_000, stepTimeout: .seconds(10))
                    func handler(_ reader: any MailboxReader) -> MailboxSyncHandler {
                        MailboxSyncHandler(unibox: app.stores.unibox, senders: app.stores.senders, reader: reader, clock: app.stores.clock, logger: Logger(label: "test"))
                    }
                    let job = Job.standalone(id: "resume", MailboxSyncHandler.job(accountId: sender, workspaceId: app.workspaceId), at: app.stores.clock.now())

                    await #expect(throws: (any Error).self) {
                        try await handler(DroppingReader(inner: reader, server: imap, dropAfter: 2)).run(job, context: .standalone(jobId: job.id))
                    }
                    #expect(try await app.stores.unibox.cursor(accountId: sender).lastUID == 40, "two batches of 20 stored before the drop")
                    var all = try await app.stores.unibox.threads(workspaceId: app.workspaceId, filter: ThreadFilter(), page: 1, limit: 100)
                    #expect(all.total == 40)

                    try await handler(reader).run(job, context: .standalone(jobId: job.id))
                    all = try await app.stores.unibox.threads(workspaceId: app.workspaceId, filter: ThreadFilter(), page: 1, limit: 100)
                    #expect(all.total == 60 && all.threads.allSatisfy { $0.thread.messageCount == 1 }, "each message once")
                    #expect(try await app.stores.unibox.cursor(accountId: sender).lastUID == 60)

                    let broken = try #require(all.threads.first { $0.thread.participantEmail == "odd@broken.example" })
                    let brokenBody = try await app.stores.unibox.messages(threadId: broken.thread.id, workspaceId: app.workspaceId, page: 1, limit: 5).messages.first
                    #expect(brokenBody?.bodyText.hasPrefix("Still readable.") == true)
                    let raw = try #require(all.threads.first { $0.thread.participantEmail == "zoe@raw.example" })
                    #expect(raw.thread.participantName == "Zoë" && raw.thread.subject == "Crème brûlée")
                    let big = try #require(all.threads.first { $0.thread.participantEmail == "big@large.example" })
                    let bigBody = try await app.stores.unibox.messages(threadId: big.thread.id, workspaceId: app.workspaceId, page: 1, limit: 5).messages.first
                    #expect((bigBody?.bodyText.utf8.count ?? 0) > 40_000 && (bigBody?.bodyText.utf8.count ?? .max) <= 50_000, "cut at the cap")
                }
            }
        }
    }
}

/// The IDLE watcher queues a mailbox's sync as soon as mail arrives, long before the periodic scan.
@Suite struct MailboxWatcherTests {
    @Test func newMailQueuesTheMailboxSyncAtOnce() async throws {
        try await LocalMailServer.run { smtp in
            try await LocalIMAPServer.run { imap in
                try await withTestApp(.sqlite) { app in
                    let sender = try await UniboxSyncTests.sender(app, smtp: smtp, imap: imap)
                    let watcher = MailboxWatcher(
                        unibox: app.stores.unibox, senders: app.stores.senders, jobs: app.stores.jobs,
                        reader: IMAPMailboxReader(clock: app.stores.clock, stepTimeout: .seconds(10)), idleWindow: .seconds(30), refresh: .seconds(30),
                        logger: Logger(label: "test.watcher"))
                    let watching = Task { await watcher.watchAll() }
                    defer { watching.cancel() }
                    try await Task.sleep(for: .milliseconds(700))
                    #expect(try await app.stores.jobs.jobs(status: nil, kind: MailboxSyncHandler.jobKind, limit: 10).isEmpty, "nothing before mail comes")
                    try imap.deliver("From: nina@elsewhere.example\r\nSubject: Hi\r\nMessage-ID: <w1@x>\r\n\r\nHello.\r\n")
                    var queued: [Job] = []
                    for _ in 0..<50 where queued.isEmpty {
                        try await Task.sleep(for: .milliseconds(100))
                        queued = try await app.stores.jobs.jobs(status: nil, kind: MailboxSyncHandler.jobKind, limit: 10)
                    }
                    #expect(queued.count == 1 && queued.first?.payload.contains(sender) == true, "queued within 5 s of the delivery")
                }
            }
        }
    }
}
