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
            try context.checkCancelled()
            var progressed = false
            for (campaignId, workspaceId) in try await campaigns.dueCampaigns(now: clock.now(), limit: 100) {
                try context.checkCancelled()
                do {
                    if try await dispatch(campaignId: campaignId, workspaceId: workspaceId) > 0 { progressed = true }
                } catch {
                    // One campaign's trouble (a sender's key that will not open) does not stop the others.
                    logger.warning("a campaign dispatch round failed", metadata: ["campaign": "\(campaignId)", "error": "\(error)"])
                }
            }
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
                let results = rows.compactMap { row -> SendResult? in
                    guard let node = nodes.first(where: { $0.id == row.nodeId }) else { return nil }
                    return CampaignDispatch.result(
                        of: .unknown("the worker stopped during the SMTP transaction"), prospect: row.prospect, node: node, nodes: nodes, deferrals: 0, now: now,
                        replyWindow: replyWindow)
                }
                try await campaigns.finish(results, campaignId: campaignId, now: now)
                logger.warning("sends of unknown fate after a worker stopped", metadata: ["campaign": "\(campaignId)", "count": "\(results.count)"])
            }
        }
    }

    /// One round of one campaign. - Returns: how many prospects it moved.
    func dispatch(campaignId: String, workspaceId: String) async throws -> Int {
        let campaign = try await campaigns.campaign(id: campaignId, workspaceId: workspaceId)
        guard campaign.status == .active, campaign.type == .email else { return 0 }
        let timezone = try await workspaces.workspace(id: workspaceId).timezone ?? defaultTimezone
        let now = clock.now()
        if let hours = campaign.settings.operatingHours, let schedule = try? OperatingHours(json: hours, defaultTimeZone: timezone), !schedule.isOpen(at: now) {
            return 0
        }
        let nodes = try await campaigns.nodes(campaignId: campaignId)
        let due = try await campaigns.dueProspects(campaignId: campaignId, now: now, limit: Self.batchSize)
        let (toSend, toFinish) = due.reduce(into: ([CampaignProspect](), [CampaignProspect]())) { split, prospect in
            if let position = prospect.nextPosition, position < nodes.count, nodes[position].type.isSendable { split.0.append(prospect) } else { split.1.append(prospect) }
        }
        let finished = toFinish.map { CampaignDispatch.finished($0, replyWindow: replyWindow) }
        let sent = try await send(toSend, campaign: campaign, nodes: nodes, timezone: timezone, now: now)
        try await campaigns.finish(finished + sent, campaignId: campaignId, now: clock.now())
        _ = try await campaigns.completeIfDone(campaignId: campaignId, now: clock.now())
        return finished.count + sent.count
    }

    /// Picks senders under the caps, reserves, sends and answers each send's result.
    func send(_ due: [CampaignProspect], campaign: Campaign, nodes: [SequenceNode], timezone: String, now: Timestamp) async throws -> [SendResult] {
        guard !due.isEmpty else { return [] }
        let accounts = Dictionary(uniqueKeysWithValues: try await senders.accounts(workspaceId: campaign.workspaceId, type: .email).map { ($0.id, $0) })
        let allowWarming = try await senders.allowsWarmingAccounts(workspaceId: campaign.workspaceId)
        let ready = campaign.senderIds.compactMap { accounts[$0] }.filter { CampaignReadiness.isReady($0, for: .email, allowWarming: allowWarming) }
        let calendar = LocalCalendar(timeZone: timezone)
        let dayStart = calendar.startOfDay(now)
        let sentToday = try await senders.capCounts(accountIds: ready.map(\.id), since: dayStart)
        let inCampaign = try await campaigns.sentCounts(campaignId: campaign.id, since: dayStart)
        let caps = Dictionary(campaign.settings.accountLimits.map { ($0.accountId, $0.dailyLimit) }, uniquingKeysWith: { first, _ in first })
        let pool = ready.map { account in
            SendAllocation.Sender(
                id: account.id, dailyLimit: account.dailyLimit, sentToday: sentToday[account.id] ?? 0,
                campaignLimit: caps[account.id], sentTodayInCampaign: inCampaign[account.id] ?? 0)
        }
        let campaignRoom = (campaign.settings.dailyLimit ?? Int.max) - inCampaign.values.reduce(0, +)
        // A prospect whose sender left the campaign (deleted) is given a new one; one whose sender
        // is only full or unwell waits for it.
        let allocation = SendAllocation.allocate(
            due.map { SendAllocation.Due(prospectId: $0.id, senderId: $0.senderId.flatMap { campaign.senderIds.contains($0) ? $0 : nil }) },
            senders: pool, campaignRoom: campaignRoom)
        guard !allocation.isEmpty else { return [] }
        let prospects = Dictionary(uniqueKeysWithValues: due.map { ($0.id, $0) })
        let ids = allocation.map(\.prospectId)
        let earlier = try await campaigns.earlierMessages(prospectIds: ids)
        let generated = Dictionary(try await campaigns.generated(prospectIds: ids).map { ("\($0.prospectId) \($0.nodeId)", $0) }, uniquingKeysWith: { a, _ in a })
        let deferrals = try await campaigns.deferrals(prospectIds: ids)
        let links = MailLinks(baseURL: publicBaseURL, token: try await linkKeys.token())
        var reservations: [Reservation] = []
        for (prospectId, senderId) in allocation {
            guard let prospect = prospects[prospectId], let position = prospect.nextPosition, let sender = accounts[senderId],
                let recipient = prospect.fields.email
            else { continue }
            let node = nodes[position]
            let email = CampaignComposer.compose(
                node: node, prospect: prospect, settings: campaign.settings, sender: sender, generated: generated["\(prospectId) \(node.id)"],
                earlier: earlier[prospectId] ?? [],
                openPixelURL: campaign.settings.openTracking ? links.openURL(prospectId: prospectId, nodeId: node.id) : nil)
            reservations.append(Reservation(
                campaignId: campaign.id, workspaceId: campaign.workspaceId, prospectId: prospectId, nodeId: node.id, senderId: senderId, recipient: recipient,
                email: email))
        }
        let reserved = try await campaigns.reserve(reservations, now: now)
        let outcomes = await deliver(reserved, nodes: nodes, accounts: accounts, prospects: prospects, links: links)
        let finishedAt = clock.now()
        try await senders.recordSends(zip(reserved, outcomes).map { reservation, outcome in
            Self.record(reservation, outcome: outcome, at: finishedAt)
        })
        return zip(reserved, outcomes).compactMap { reservation, outcome in
            guard let prospect = prospects[reservation.prospectId], let node = nodes.first(where: { $0.id == reservation.nodeId }) else { return nil }
            return CampaignDispatch.result(
                of: outcome, prospect: prospect, node: node, nodes: nodes, deferrals: deferrals[prospect.id] ?? 0, now: finishedAt, replyWindow: replyWindow)
        }
    }

    /// Hands each sender's share to the mailer, the senders side by side. Outcomes in reservation order.
    func deliver(
        _ reserved: [Reservation], nodes: [SequenceNode], accounts: [String: SenderAccount], prospects: [String: CampaignProspect], links: MailLinks
    ) async -> [DeliveryOutcome] {
        var outcomes = [DeliveryOutcome?](repeating: nil, count: reserved.count)
        let bySender = Dictionary(grouping: reserved.indices, by: { reserved[$0].senderId })
        await withTaskGroup(of: [(Int, DeliveryOutcome)].self) { group in
            for (senderId, indices) in bySender {
                group.addTask {
                    guard let account = accounts[senderId], let credentials = try? await senders.credentials(accountId: senderId, workspaceId: account.workspaceId)
                    else { return indices.map { ($0, .deferred("(local) the sender's credentials could not be opened")) } }
                    let emails = indices.map { index in
                        outgoing(reserved[index], account: account, node: nodes.first { $0.id == reserved[index].nodeId }, prospect: prospects[reserved[index].prospectId], links: links)
                    }
                    return Array(zip(indices, await mailer.send(emails, as: credentials)))
                }
            }
            for await results in group {
                for (index, outcome) in results { outcomes[index] = outcome }
            }
        }
        return outcomes.map { $0 ?? .deferred("(local) not attempted") }
    }

    func outgoing(_ reservation: Reservation, account: SenderAccount, node: SequenceNode?, prospect: CampaignProspect?, links: MailLinks) -> OutgoingEmail {
        let address = account.emailAddress ?? ""
        func addresses(_ text: String?) -> [String] {
            (text ?? "").split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " }).map(String.init).filter { $0.contains("@") }
        }
        return OutgoingEmail(
            fromAddress: address, fromName: node?.fromName ?? account.displayName, to: reservation.recipient, toName: prospect?.fields.name,
            cc: addresses(node?.cc), bcc: addresses(node?.bcc), replyTo: node?.replyTo.flatMap { $0.contains("@") ? $0 : nil }, email: reservation.email,
            unsubscribe: ("\(address)?subject=unsubscribe", links.unsubscribeURL(prospectId: reservation.prospectId)))
    }

    /// The send-log record of a send: what daily caps and warmup figures count.
    static func record(_ reservation: Reservation, outcome: DeliveryOutcome, at: Timestamp) -> SendRecord {
        let (kind, detail): (SendRecord.Outcome, String?) = switch outcome {
        case .accepted(let queueId): (.sent, queueId)
        case .bounced(let reply): (.bounced, reply)
        case .deferred(let reply): (.deferred, reply)
        case .unknown(let reason): (.unknown, reason)
        }
        return SendRecord(
            workspaceId: reservation.workspaceId, accountId: reservation.senderId, campaignId: reservation.campaignId, recipient: reservation.recipient,
            messageId: reservation.email.messageId, outcome: kind, detail: detail, at: at)
    }
}
