import Logging
import PuffleCore

/// The sending engine: the periodic `campaign_dispatch` job (also enqueued by launch and resume).
///
/// Each round takes an active campaign's due prospects, keeps those its caps and operating hours
/// allow (Core's rules), reserves their sends in one transaction (outbox rows to `sending`), sends
/// over SMTP outside any transaction, and writes the outcomes in a second transaction. A worker
/// that dies between the two leaves rows in `sending`: the next run marks them `unknown` and never
/// sends them again. One dispatcher runs at a time (the job's unique key).
public struct CampaignDispatchHandler: JobHandler {
    public let kind = CampaignDispatch.jobKind
    /// How often the scheduler enqueues it: an operating-hours change or a due follow-up waits at most this.
    public static let period: Duration = .seconds(10)
    /// Prospects one round of one campaign reserves: also the most a crash can leave `unknown`
    /// (reserved, perhaps not yet sent), so it stays small.
    static let batchSize = 100
    /// A run stops taking new rounds after this and lets the next period's run go on.
    static let runBudget: Duration = .seconds(50)

    let campaigns: any CampaignStore
    let senders: any SenderStore
    let workspaces: any WorkspaceStore
    let mailer: any CampaignMailer
    let linkKeys: MailLinkKeys
    /// Senders' opened credentials, kept while the sender is unchanged (its `updatedAt`): opening
    /// them is a read and a decryption per sender per round otherwise.
    let credentials = CredentialCache()
    let publicBaseURL: String
    let replyWindow: Duration
    let clock: any WallClock
    let logger: Logger

    public init(
        campaigns: any CampaignStore, senders: any SenderStore, workspaces: any WorkspaceStore, mailer: any CampaignMailer, publicBaseURL: String,
        replyWindow: Duration, clock: any WallClock, logger: Logger
    ) {
        self.campaigns = campaigns
        self.senders = senders
        self.workspaces = workspaces
        self.mailer = mailer
        self.linkKeys = MailLinkKeys(workspaces: workspaces)
        self.publicBaseURL = publicBaseURL
        self.replyWindow = replyWindow
        self.clock = clock
        self.logger = logger
    }

    public func run(_ job: Job, context: JobContext) async throws {
        try await settleUnfinished()
        let started = ContinuousClock.now
        while ContinuousClock.now - started < Self.runBudget {
            var progressed = false
            // Every due campaign gets its turn, a page at a time: one that cannot move (capped,
            // closed) never keeps the others waiting.
            var after: String?
            repeat {
                try context.checkCancelled()
                let page = try await campaigns.dueCampaigns(now: clock.now(), after: after, limit: 100)
                for (campaignId, workspaceId) in page {
                    try context.checkCancelled()
                    do {
                        if try await drain(campaignId: campaignId, workspaceId: workspaceId, context: context) > 0 { progressed = true }
                    } catch {
                        // One campaign's trouble (a sender's key that will not open) does not stop the others.
                        logger.warning("a campaign dispatch round failed", metadata: ["campaign": "\(campaignId)", "error": "\(error)"])
                    }
                }
                after = page.count == 100 ? page.last?.id : nil
            } while after != nil
            if !progressed { break }
        }
    }

    /// Outbox rows left in `sending` by a run that died: they may have gone, so they become
    /// `unknown` (reported, never resent) and their prospects move on.
    func settleUnfinished() async throws {
        while true {
            let stuck = try await campaigns.unfinishedSends(limit: 1000)
            guard !stuck.isEmpty else { return }
            for (campaignId, rows) in Dictionary(grouping: stuck, by: \.campaignId) {
                let nodes = try await campaigns.nodes(campaignId: campaignId)
                let now = clock.now()
                let results = rows.map { row -> SendResult in
                    let reason = "the worker stopped during the SMTP transaction"
                    guard let node = nodes.first(where: { $0.id == row.nodeId }) else {
                        // Its node is gone (it cannot be, once launched): the prospect ends rather than wait forever.
                        return SendResult(
                            prospectId: row.prospect.id, nodeId: row.nodeId, messageStatus: .unknown, detail: reason, prospectStatus: .completed,
                            currentNodeId: nil, nextPosition: nil, dueAt: nil, deliveryUnknown: true, sentAt: now)
                    }
                    return CampaignDispatch.result(
                        of: .unknown(reason), prospect: row.prospect, node: node, nodes: nodes, deferrals: 0, now: now, replyWindow: replyWindow)
                }
                try await campaigns.finish(results, campaignId: campaignId, now: now)
                logger.warning("sends of unknown fate after a worker stopped", metadata: ["campaign": "\(campaignId)", "count": "\(results.count)"])
            }
        }
    }

    /// Rounds of one campaign, each one's sending overlapping the next one's preparation: while
    /// round N's messages are signed and sent, round N+1 is read, composed and reserved (counting
    /// round N's sends against the caps). At most two rounds are reserved at once.
    /// - Returns: how many prospects moved.
    func drain(campaignId: String, workspaceId: String, context: JobContext, rounds: Int = 20) async throws -> Int {
        var moved = 0
        // Rounds whose sends are in flight, oldest first: one, or two while the next is prepared.
        var inFlight: [(round: Round, sending: Task<[SendResult], any Error>)] = []
        do {
            for _ in 0..<rounds {
                try context.checkCancelled()
                let round = try await prepare(campaignId: campaignId, workspaceId: workspaceId, alreadyReserved: inFlight.last?.round.perSender ?? [:])
                inFlight.append((round, Task { try await self.send(round) }))
                if inFlight.count > 1 {
                    let previous = inFlight.removeFirst()
                    moved += try await settle(previous.round, previous.sending, campaignId: campaignId)
                }
                if round.isEmpty { break }
            }
        } catch {
            // Rounds already sending are written before the error goes up: their messages left.
            for pending in inFlight { _ = try? await settle(pending.round, pending.sending, campaignId: campaignId) }
            throw error
        }
        for pending in inFlight { moved += try await settle(pending.round, pending.sending, campaignId: campaignId) }
        _ = try await campaigns.completeIfDone(campaignId: campaignId, now: clock.now())
        return moved
    }

    /// Waits for a round's sends and writes its outcomes. A prospect at the end of its sequence may
    /// be read by two overlapping rounds; finishing it twice writes the same state. - Returns: how many prospects it moved.
    func settle(_ round: Round, _ sending: Task<[SendResult], any Error>, campaignId: String) async throws -> Int {
        let results = round.finished + (try await sending.value)
        try await campaigns.finish(results, campaignId: campaignId, now: clock.now())
        return results.count
    }
}
