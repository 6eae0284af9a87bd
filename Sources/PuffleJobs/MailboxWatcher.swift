import Foundation
import Logging
import PuffleCore
import ServiceLifecycle

/// Brings new mail in early: holds an IMAP IDLE on every syncable mailbox and queues its
/// `mailbox_sync` job as soon as the server tells of new mail, instead of waiting for the next
/// periodic scan. It reads nothing itself and holds no job worker; a mailbox whose server offers no
/// IDLE, or whose wait keeps failing, is left to the scan until the next look at the mailbox list.
public struct MailboxWatcher: Service {
    let unibox: any UniboxStore
    let senders: any SenderStore
    let jobs: any JobStore
    let reader: any MailboxReader
    /// How long one IDLE lasts before it is renewed (RFC 2177: under 29 minutes).
    let idleWindow: Duration
    /// How often the mailbox list is read again, to watch new senders and retry dropped ones.
    let refresh: Duration
    /// The pause after queuing a sync, before waiting again.
    let settle: Duration = .seconds(5)
    let logger: Logger

    public init(
        unibox: any UniboxStore, senders: any SenderStore, jobs: any JobStore, reader: any MailboxReader, idleWindow: Duration = .seconds(600),
        refresh: Duration = .seconds(60), logger: Logger
    ) {
        self.unibox = unibox
        self.senders = senders
        self.jobs = jobs
        self.reader = reader
        self.idleWindow = idleWindow
        self.refresh = refresh
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown { await watchAll() }
    }

    /// Watches every mailbox the list names, each in its own task, until cancelled.
    public func watchAll() async {
        let watching = WatchedSet()
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                for (accountId, workspaceId) in (try? await unibox.mailboxes()) ?? [] where watching.insert(accountId) {
                    group.addTask {
                        await watch(accountId: accountId, workspaceId: workspaceId)
                        watching.remove(accountId)
                    }
                }
                try? await Task.sleep(for: refresh)
            }
        }
    }

    /// One mailbox: IDLE, queue a sync when mail comes, again; stops when the sender is gone or
    /// cannot be read, after three failures in a row, or when IDLE is not offered.
    func watch(accountId: String, workspaceId: String) async {
        var failures = 0
        while !Task.isCancelled, failures < 3 {
            guard let credentials = try? await senders.credentials(accountId: accountId, workspaceId: workspaceId), let imap = credentials.imap,
                credentials.account.status == .warming || credentials.account.status == .active
            else { return }
            do {
                let cursor = try await unibox.cursor(accountId: accountId)
                switch try await reader.waitForNewMail(imap, beyond: cursor, for: idleWindow) {
                case .newMail:
                    try await jobs.enqueue([MailboxSyncHandler.job(accountId: accountId, workspaceId: workspaceId)])
                    // The sync takes a moment to move the cursor: until then the same mail is still news.
                    try await Task.sleep(for: settle)
                case .quiet: break
                case .notOffered: return
                }
                failures = 0
            } catch {
                failures += 1
                logger.debug("a mailbox wait failed", metadata: ["account": "\(accountId)", "error": "\(error)"])
                try? await Task.sleep(for: .seconds(1 << failures))
            }
        }
    }
}

/// The mailboxes being watched, shared by the watcher's tasks.
final class WatchedSet: @unchecked Sendable {
    private let lock = NSLock()
    private var ids = Set<String>()

    func insert(_ id: String) -> Bool { lock.withLock { ids.insert(id).inserted } }
    func remove(_ id: String) { _ = lock.withLock { ids.remove(id) } }
}
