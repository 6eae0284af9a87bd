import Hummingbird
import PuffleCore

/// `/api/campaigns`: authoring, the roster, generated messages and the lifecycle. The rules (which
/// fields apply in which status, readiness, the sequence plan) are Core's; this reads requests,
/// asks the stores and shapes answers.
struct CampaignController: Sendable {
    let campaigns: any CampaignStore
    let senders: any SenderStore
    let workspaces: any WorkspaceStore
    let lists: any ListStore
    let jobs: any JobStore
    let credits: any CreditStore
    let clock: any WallClock
    /// How long a prospect waits after its last step for a reply before it is `timed_out`.
    let replyWindow: Duration
    /// Writes `ai` nodes' messages and `generate-content`; nil without `PUFFLE_LLM_BASE_URL`.
    let languageModel: (any LanguageModel)?
    /// Credits one AI-written message costs (`AI_MESSAGE_GENERATION`).
    let messagePrice: Int

    func register(on table: RouteTable) {
        table.on("listCampaigns", list)
        table.on("createCampaign", create)
        table.on("getCampaignSettings", settings)
        table.on("getCampaign", detail)
        table.on("updateCampaign", update)
        table.on("deleteCampaign", delete)
        table.on("listCampaignSenders", campaignSenders)
        table.on("getCampaignAccountUsage", accountUsage)
        registerSequence(on: table)
        registerRoster(on: table)
        registerLifecycle(on: table)
        registerMessages(on: table)
        registerCSV(on: table)
    }

    @Sendable func list(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let summaries = try await campaigns.summaries(workspaceId: caller.workspaceId)
        let accounts = try await senderMap(caller.workspaceId)
        let ordered = summaries.enumerated().sorted { left, right in
            let (a, b) = (left.element.campaign.status.listRank, right.element.campaign.status.listRank)
            return a != b ? a < b : left.offset < right.offset
        }.map(\.element)
        return Reply(["campaigns": .array(ordered.map { summary in
            var object = CampaignJSON.campaign(
                summary.campaign, counts: CampaignJSON.stats(for: summary.campaign, counts: summary.counts),
                senders: summary.campaign.senderIds.compactMap { accounts[$0] })
            object["node_count"] = .integer(Int64(summary.nodeCount))
            return .object(object)
        })])
    }

    @Sendable func create(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let body = try await request.decodeJSON(as: JSONValue.self, context: context).objectValue ?? [:]
        guard let type = body["type"]?.stringValue.flatMap(CampaignType.init(rawValue:)) else {
            throw PuffleError.invalidRequest("type: must be one of \(CampaignType.caseList)")
        }
        var settings = CampaignSettings.defaults(name: "", type: type)
        let keys = CampaignEditRules.applicable(body.keys, type: type, status: .draft)
        try settings.apply(body, keys: keys.union(["name"]), defaultTimeZone: try await timezone(caller.workspaceId))
        guard !settings.name.isEmpty else { throw PuffleError.invalidRequest("name: is required") }
        let senderIds = try await checkedSenders(body["sender_account_ids"], type: type, workspaceId: caller.workspaceId)
        let now = clock.now()
        let campaign = Campaign(
            id: SortableID.make(), workspaceId: caller.workspaceId, type: type, status: .draft, settings: settings, senderIds: senderIds, pauseReason: nil,
            launchedAt: nil, createdAt: now, updatedAt: now)
        let nodes = CampaignSequence.seed(campaignId: campaign.id, type: type, makeId: SortableID.make)
        let created = try await campaigns.create(campaign, nodes: nodes)
        var object = CampaignJSON.campaign(created, counts: nil)
        object["sequence_nodes"] = CampaignJSON.nodes(try await campaigns.nodes(campaignId: created.id))
        return Reply(["campaign": .object(object)], status: .created)
    }

    @Sendable func detail(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let campaign = try await campaigns.campaign(id: try context.pathParameter("id"), workspaceId: caller.workspaceId)
        let counts = try await campaigns.counts(campaignId: campaign.id)
        let accounts = try await senderMap(caller.workspaceId)
        return Reply([
            "campaign": .object(CampaignJSON.campaign(
                campaign, counts: CampaignJSON.stats(for: campaign, counts: counts), senders: campaign.senderIds.compactMap { accounts[$0] })),
            "sequence_nodes": CampaignJSON.nodes(try await campaigns.nodes(campaignId: campaign.id)),
            "prospects_by_status": CampaignJSON.byStatus(counts.prospectsByStatus), "prospects_by_node": CampaignJSON.byNode(counts.prospectsByNode),
        ])
    }

    @Sendable func update(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let body = try await request.decodeJSON(as: JSONValue.self, context: context).objectValue ?? [:]
        let read = try await campaigns.campaign(id: try context.pathParameter("id"), workspaceId: caller.workspaceId)
        let keys = CampaignEditRules.applicable(body.keys, type: read.type, status: read.status)
        var campaign = read
        try campaign.settings.apply(body, keys: keys, defaultTimeZone: try await timezone(caller.workspaceId))
        if keys.contains("sender_account_ids") {
            campaign.senderIds = try await checkedSenders(body["sender_account_ids"], type: read.type, workspaceId: caller.workspaceId)
        }
        var nodes: [SequenceNode]?
        if keys.contains("sequence_nodes"), let items = body["sequence_nodes"]?.arrayValue {
            let existing = Set(try await campaigns.nodes(campaignId: read.id).map(\.id))
            nodes = try CampaignSequence.replacement(items, campaign: read, existingIds: existing, makeId: SortableID.make)
        }
        let saved = keys.isEmpty ? read : try await campaigns.save(campaign, nodes: nodes, read: read)
        return try await campaignReply(saved)
    }

    @Sendable func delete(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        try await campaigns.delete(id: try context.pathParameter("id"), workspaceId: caller.workspaceId)
        return Reply(["success": true])
    }

    /// `{"campaign": Campaign + sender_accounts}`: the answer of update, pause and resume.
    func campaignReply(_ campaign: Campaign) async throws -> Reply {
        let counts = try await campaigns.counts(campaignId: campaign.id)
        let accounts = try await senderMap(campaign.workspaceId)
        return Reply([
            "campaign": .object(CampaignJSON.campaign(
                campaign, counts: CampaignJSON.stats(for: campaign, counts: counts), senders: campaign.senderIds.compactMap { accounts[$0] }))
        ])
    }

    /// The sender ids of a request, each a sender of this workspace and of the campaign's channel.
    func checkedSenders(_ value: JSONValue?, type: CampaignType, workspaceId: String) async throws -> [String] {
        guard let value, value != .null else { return [] }
        guard let items = value.arrayValue else { throw PuffleError.invalidRequest("sender_account_ids: must be an array of sender ids") }
        var ids: [String] = []
        for (index, item) in items.enumerated() {
            guard let id = item.stringValue else { throw PuffleError.invalidRequest("sender_account_ids[\(index)]: must be a string") }
            let account = try await senders.account(id: id, workspaceId: workspaceId)
            guard account.type == type.senderType else {
                throw PuffleError.invalidRequest(
                    "sender_account_ids[\(index)]: \(account.emailAddress ?? account.displayName) is a \(account.type.rawValue) sender; this is a \(type.rawValue) campaign")
            }
            if !ids.contains(id) { ids.append(id) }
        }
        return ids
    }

    func senderMap(_ workspaceId: String) async throws -> [String: SenderAccount] {
        Dictionary(uniqueKeysWithValues: try await senders.accounts(workspaceId: workspaceId, type: nil).map { ($0.id, $0) })
    }

    func timezone(_ workspaceId: String) async throws -> String {
        try await workspaces.workspace(id: workspaceId).timezone ?? defaultTimezone
    }
}
