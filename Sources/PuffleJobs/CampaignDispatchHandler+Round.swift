import Logging
import PuffleCore
import Synchronization

/// Senders' credentials by id, valid while the sender's `updatedAt` is the one they were opened at.
final class CredentialCache: Sendable {
    private let kept = Mutex<[String: SenderCredentials]>([:])

    func opened(_ account: SenderAccount, from senders: any SenderStore) async throws -> SenderCredentials {
        if let found = kept.withLock({ $0[account.id] }), found.account.updatedAt == account.updatedAt { return found }
        let opened = try await senders.credentials(accountId: account.id, workspaceId: account.workspaceId)
        kept.withLock { $0[account.id] = opened }
        return opened
    }
}

/// One round of one campaign: what the rules chose, reserved and ready to send.
struct Round: Sendable {
    /// Prospects whose sequence ended (no send).
    var finished: [SendResult] = []
    var reserved: [Reservation] = []
    var prospects: [String: CampaignProspect] = [:]
    var nodes: [SequenceNode] = []
    var accounts: [String: SenderAccount] = [:]
    var deferrals: [String: Int] = [:]
    var links: MailLinks?

    var isEmpty: Bool { finished.isEmpty && reserved.isEmpty }

    /// Reserved sends by sender: what the next round counts as spent today while these are in flight.
    var perSender: [String: Int] { Dictionary(grouping: reserved, by: \.senderId).mapValues(\.count) }
}

extension CampaignDispatchHandler {
    /// Reads a campaign's due prospects, applies its operating hours and caps (Core's rules), composes
    /// the messages and reserves them. An empty round when it is paused, closed, capped or done.
    /// - Parameter alreadyReserved: Sends of the round still in flight, by sender.
    func prepare(campaignId: String, workspaceId: String, alreadyReserved: [String: Int]) async throws -> Round {
        let campaign = try await campaigns.campaign(id: campaignId, workspaceId: workspaceId)
        guard campaign.status == .active, campaign.type == .email else { return Round() }
        let timezone = try await workspaces.workspace(id: workspaceId).timezone ?? defaultTimezone
        let now = clock.now()
        if let hours = campaign.settings.operatingHours, let schedule = try? OperatingHours(json: hours, defaultTimeZone: timezone), !schedule.isOpen(at: now) {
            return Round()
        }
        var round = Round()
        round.nodes = try await campaigns.nodes(campaignId: campaignId)
        let nodes = round.nodes
        round.accounts = Dictionary(uniqueKeysWithValues: try await senders.accounts(workspaceId: workspaceId, type: .email).map { ($0.id, $0) })
        let (pool, campaignRoom) = try await capacity(campaign, accounts: round.accounts, timezone: timezone, now: now, alreadyReserved: alreadyReserved)
        // Prospects whose sender has no room (or cannot send) wait without holding up the others.
        let waiting = campaign.senderIds.filter { id in (pool.first { $0.id == id }?.room ?? 0) == 0 }
        let due = try await campaigns.dueProspects(
            campaignId: campaignId, now: now, limit: Self.batchSize, sendablePositions: nodes.filter(\.type.isSendable).map(\.position),
            excludingSenders: campaignRoom > 0 ? waiting : nil)
        let (toSend, toFinish) = due.reduce(into: ([CampaignProspect](), [CampaignProspect]())) { split, prospect in
            if let position = prospect.nextPosition, position < nodes.count, nodes[position].type.isSendable { split.0.append(prospect) } else { split.1.append(prospect) }
        }
        round.finished = toFinish.map { CampaignDispatch.finished($0, replyWindow: replyWindow) }
        guard !toSend.isEmpty else { return round }
        // A prospect whose sender left the campaign (deleted) is given a new one; one whose sender
        // is only full or unwell waits for it.
        let allocation = SendAllocation.allocate(
            toSend.map { SendAllocation.Due(prospectId: $0.id, senderId: $0.senderId.flatMap { campaign.senderIds.contains($0) ? $0 : nil }) },
            senders: pool, campaignRoom: campaignRoom)
        guard !allocation.isEmpty else { return round }
        round.prospects = Dictionary(uniqueKeysWithValues: toSend.map { ($0.id, $0) })
        let ids = allocation.map(\.prospectId)
        let earlier = try await campaigns.earlierMessages(prospectIds: ids)
        let generated = Dictionary(try await campaigns.generated(prospectIds: ids).map { ("\($0.prospectId) \($0.nodeId)", $0) }, uniquingKeysWith: { a, _ in a })
        round.deferrals = try await campaigns.deferrals(prospectIds: ids)
        let links = MailLinks(baseURL: publicBaseURL, token: try await linkKeys.token())
        round.links = links
        var reservations: [Reservation] = []
        for (prospectId, senderId) in allocation {
            guard let prospect = round.prospects[prospectId], let position = prospect.nextPosition, let sender = round.accounts[senderId],
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
        round.reserved = try await campaigns.reserve(reservations, now: now)
        return round
    }

    /// Today's room of each ready sender and of the campaign (its `daily_limit`), the sends still in
    /// flight counted as spent: what the caps rule allocates from.
    func capacity(
        _ campaign: Campaign, accounts: [String: SenderAccount], timezone: String, now: Timestamp, alreadyReserved: [String: Int]
    ) async throws -> (senders: [SendAllocation.Sender], campaignRoom: Int) {
        let allowWarming = try await senders.allowsWarmingAccounts(workspaceId: campaign.workspaceId)
        let ready = campaign.senderIds.compactMap { accounts[$0] }.filter { CampaignReadiness.isReady($0, for: .email, allowWarming: allowWarming) }
        let dayStart = LocalCalendar(timeZone: timezone).startOfDay(now)
        let sentToday = try await senders.capCounts(accountIds: ready.map(\.id), since: dayStart)
        let inCampaign = try await campaigns.sentCounts(campaignId: campaign.id, since: dayStart)
        let caps = Dictionary(campaign.settings.accountLimits.map { ($0.accountId, $0.dailyLimit) }, uniquingKeysWith: { first, _ in first })
        let pool = ready.map { account in
            let inFlight = alreadyReserved[account.id] ?? 0
            return SendAllocation.Sender(
                id: account.id, dailyLimit: account.dailyLimit, sentToday: (sentToday[account.id] ?? 0) + inFlight,
                campaignLimit: caps[account.id], sentTodayInCampaign: (inCampaign[account.id] ?? 0) + inFlight)
        }
        let spent = inCampaign.values.reduce(0, +) + alreadyReserved.values.reduce(0, +)
        return (pool, (campaign.settings.dailyLimit ?? Int.max) - spent)
    }

    /// Sends a round's reservations, logs them, and answers each one's result.
    func send(_ round: Round) async throws -> [SendResult] {
        guard !round.reserved.isEmpty, let links = round.links, let first = round.reserved.first else { return [] }
        // Paused (or deleted) since the reservation: the messages go back unsent, so a pause stops
        // sending within one statement rather than after the rounds in flight.
        let current = try? await campaigns.campaign(id: first.campaignId, workspaceId: first.workspaceId)
        guard current?.status == .active else {
            let now = clock.now()
            return round.reserved.compactMap { reservation in
                guard let prospect = round.prospects[reservation.prospectId], let node = round.nodes.first(where: { $0.id == reservation.nodeId }) else { return nil }
                return CampaignDispatch.released(prospect, node: node, now: now)
            }
        }
        let outcomes = await deliver(round.reserved, nodes: round.nodes, accounts: round.accounts, prospects: round.prospects, links: links)
        let finishedAt = clock.now()
        do {
            try await senders.recordSends(zip(round.reserved, outcomes).map { reservation, outcome in
                Self.record(reservation, outcome: outcome, at: finishedAt)
            })
        } catch {
            // The outcomes matter more than the log: they are still written (the campaign's own
            // counts still see the sends; the sender's daily count misses them).
            logger.error("the send log could not be written", metadata: ["error": "\(error)", "sends": "\(outcomes.count)"])
        }
        return zip(round.reserved, outcomes).compactMap { reservation, outcome in
            guard let prospect = round.prospects[reservation.prospectId], let node = round.nodes.first(where: { $0.id == reservation.nodeId }) else { return nil }
            return CampaignDispatch.result(
                of: outcome, prospect: prospect, node: node, nodes: round.nodes, deferrals: round.deferrals[prospect.id] ?? 0, now: finishedAt,
                replyWindow: replyWindow)
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
                    guard let account = accounts[senderId], let credentials = try? await credentials.opened(account, from: senders)
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
