import Foundation
import Logging
import PuffleCore

/// The Unibox's inbound side (``MailboxWatcher`` queues a sync early when IDLE tells of new mail).
/// The periodic `mailbox_sync_scan` puts one `mailbox_sync` job on the
/// queue per email sender with IMAP settings (unique key `mailbox_sync:<id>`, so one sync per
/// mailbox at a time); each reads what is new since its cursor and stores it a batch at a time:
/// the messages, their threads, the prospects' new states and the cursor in one transaction, so a
/// dropped connection resumes from the last batch stored.
public struct MailboxSyncScanHandler: JobHandler {
    public let kind = "mailbox_sync_scan"
    /// How often every mailbox is looked at (IDLE brings mail in sooner while a sync waits).
    public static let period: Duration = .seconds(30)
    let unibox: any UniboxStore
    let jobs: any JobStore

    public init(unibox: any UniboxStore, jobs: any JobStore) {
        self.unibox = unibox
        self.jobs = jobs
    }

    public func run(_ job: Job, context: JobContext) async throws {
        let mailboxes = try await unibox.mailboxes()
        try await jobs.enqueue(mailboxes.map(MailboxSyncHandler.job(accountId:workspaceId:)))
    }
}

/// Syncs one mailbox: the `mailbox_sync` job.
public struct MailboxSyncHandler: JobHandler {
    public static let jobKind = "mailbox_sync"
    public let kind = Self.jobKind
    let unibox: any UniboxStore
    let senders: any SenderStore
    let reader: any MailboxReader
    let clock: any WallClock
    let logger: Logger

    struct Payload: Codable {
        var account_id: String
    }

    public static func job(accountId: String, workspaceId: String) -> NewJob {
        let payload = String(decoding: (try? JSONEncoder().encode(Payload(account_id: accountId))) ?? Data("{}".utf8), as: UTF8.self)
        return NewJob(kind: jobKind, workspaceId: workspaceId, payload: payload, maxAttempts: 3, uniqueKey: "mailbox_sync:\(accountId)")
    }

    public init(unibox: any UniboxStore, senders: any SenderStore, reader: any MailboxReader, clock: any WallClock, logger: Logger) {
        self.unibox = unibox
        self.senders = senders
        self.reader = reader
        self.clock = clock
        self.logger = logger
    }

    public func run(_ job: Job, context: JobContext) async throws {
        guard let workspaceId = job.workspaceId, let payload = try? JSONDecoder().decode(Payload.self, from: Data(job.payload.utf8)) else {
            throw JobFailure.permanent("a mailbox_sync job needs a workspace and an account_id")
        }
        let credentials: SenderCredentials
        do {
            credentials = try await senders.credentials(accountId: payload.account_id, workspaceId: workspaceId)
        } catch let error as PuffleError where error.code == "not_found" {
            return  // deleted since the scan
        }
        guard let imap = credentials.imap else { return }
        try await sync(accountId: payload.account_id, workspaceId: workspaceId, server: imap, mailbox: credentials.account.emailAddress, context: context)
    }

    /// Reads and stores; a refused login counts toward the sender's `error` status, any other
    /// failure is retried by the queue with backoff.
    func sync(accountId: String, workspaceId: String, server: MailServerSettings, mailbox: String?, context: JobContext) async throws {
        let cursor = try await unibox.cursor(accountId: accountId)
        let unibox = self.unibox, clock = self.clock
        do {
            let end = try await reader.read(server, from: cursor) { batch, position in
                try context.checkCancelled()
                let plans = try await Self.plans(for: batch, accountId: accountId, workspaceId: workspaceId, mailbox: mailbox, unibox: unibox)
                try await unibox.ingest(plans, accountId: accountId, workspaceId: workspaceId, cursor: position, now: clock.now())
            }
            if end != cursor { try await unibox.saveCursor(end, accountId: accountId, workspaceId: workspaceId, now: clock.now()) }
            if cursor.loginFailures > 0 { try? await senders.noteError(id: accountId, workspaceId: workspaceId, lastError: nil) }
        } catch MailboxReadError.loginRefused(let detail) {
            var failed = try await unibox.cursor(accountId: accountId)
            failed.loginFailures += 1
            try await unibox.saveCursor(failed, accountId: accountId, workspaceId: workspaceId, now: clock.now())
            try await senders.noteError(id: accountId, workspaceId: workspaceId, lastError: detail)
            if failed.loginFailures >= MailboxSync.maxLoginFailures { try await markError(accountId: accountId, workspaceId: workspaceId, detail: detail) }
            throw JobFailure.permanent(detail)
        }
    }

    /// After repeated refused logins the sender shows `error` (and the scan skips it) until fixed.
    func markError(accountId: String, workspaceId: String, detail: String) async throws {
        let account = try await senders.account(id: accountId, workspaceId: workspaceId)
        guard account.status != .error else { return }
        _ = try? await senders.transition(
            id: accountId, workspaceId: workspaceId, from: (account.status, account.warmupStatus), to: (.error, account.warmupStatus),
            lastError: "IMAP login refused \(MailboxSync.maxLoginFailures) times: \(detail)", warmupStartedAt: account.warmupStartedAt)
        logger.warning("a mailbox's login was refused repeatedly; its sender is now in error", metadata: ["account": "\(accountId)"])
    }

    /// Core's routing of a batch, with the campaign messages it may answer read first.
    static func plans(
        for batch: [InboundMail], accountId: String, workspaceId: String, mailbox: String?, unibox: any UniboxStore
    ) async throws -> [InboundPlan] {
        let ids = Array(Set(batch.flatMap(\.earlierMessageIds)))
        let byMessageId = try await unibox.sentMessages(workspaceId: workspaceId, messageIds: ids)
        let addresses = Array(Set(batch.flatMap { [$0.fromAddress].compactMap { $0 } + $0.failedRecipients }.map { $0.lowercased() }))
        let byAddress = try await unibox.sentMessages(workspaceId: workspaceId, accountId: accountId, addresses: addresses)
        return batch.compactMap { InboundRouting.plan($0, byMessageId: byMessageId, byAddress: byAddress, mailbox: mailbox) }
    }
}
