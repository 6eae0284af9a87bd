import Hummingbird
import PuffleCore

/// `/api/campaigns/{id}/generate-messages`: the drafts a user reviews before launch.
extension CampaignController {
    /// The most messages one listing returns.
    static let messageListLimit = 20_000

    func registerMessages(on table: RouteTable) {
        table.on("generateCampaignMessages", generateMessages)
        table.on("listCampaignMessages", listMessages)
        table.on("updateCampaignMessage", updateMessage)
        table.on("generateCampaignContent", generateContent)
    }

    /// The configured model. - Throws: `ai_model_not_configured` without one: a refusal the caller
    ///   acts on (400, as the campaign routes answer what they cannot do), not `.notConfigured`'s
    ///   503, which would tell an agent to retry the same request later.
    func model() throws -> any LanguageModel {
        guard let languageModel else {
            throw PuffleError.refused(
                code: "ai_model_not_configured", kind: .rejected,
                message: "AI writing needs a language model: start the server with PUFFLE_LLM_BASE_URL (and PUFFLE_LLM_API_KEY, PUFFLE_LLM_MODEL); resolve renders every other node")
        }
        return languageModel
    }

    @Sendable func generateMessages(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let body = try await request.decodeJSON(as: JSONValue.self, context: context, emptyAs: "{}").objectValue ?? [:]
        let campaign = try await campaigns.campaign(id: try context.pathParameter("id"), workspaceId: caller.workspaceId)
        guard campaign.status == .draft else {
            throw PuffleError.invalidRequest("Campaign is \(campaign.status.rawValue): messages can only be generated while it is a draft")
        }
        switch body["action"]?.stringValue ?? "resolve" {
        case "resolve":
            try await resolveDrafts(campaign)
        case "generate_ai":
            try await queueAIMessages(campaign, body: body)
        default:
            throw PuffleError.invalidRequest("action: must be resolve or generate_ai")
        }
        let drafts = try await campaigns.messages(campaignId: campaign.id, statuses: [.draft], prospectId: nil, limit: Self.messageListLimit)
        return Reply(["messages": .array(drafts.map(CampaignJSON.message))])
    }

    /// Renders every non-AI sendable node for every prospect as a draft (edited drafts stay).
    func resolveDrafts(_ campaign: Campaign) async throws {
        let nodes = try await campaigns.nodes(campaignId: campaign.id).filter { $0.type.isSendable && $0.type != .ai }
        // Which sender writes to a prospect is decided when it is sent: %sender_first% stays for then.
        let senderFirst = "%sender_first%"
        let now = clock.now()
        var offset = 0
        while true {
            let page = try await campaigns.prospects(campaignId: campaign.id, status: nil, offset: offset, limit: 1000).rows
            guard !page.isEmpty else { break }
            var drafts: [CampaignMessage] = []
            for prospect in page {
                let values = prospect.fields.templateValues(senderFirstName: senderFirst)
                for node in nodes {
                    let rendered = CampaignComposer.render(node, values: values)
                    drafts.append(CampaignMessage(
                        id: SortableID.make(), campaignId: campaign.id, prospectId: prospect.id, nodeId: node.id, subject: rendered.subject,
                        bodyText: rendered.text, bodyHTML: rendered.html, status: .draft, manuallyEdited: false, createdAt: now))
                }
            }
            try await campaigns.saveDrafts(drafts, campaignId: campaign.id)
            offset += page.count
        }
    }

    /// Checks the node and the balance, then queues the writing (`campaign_ai_messages`): the
    /// messages appear as drafts as they are written, each charged then.
    func queueAIMessages(_ campaign: Campaign, body: JSONObject) async throws {
        _ = try model()
        let nodes = try await campaigns.nodes(campaignId: campaign.id)
        let nodeId = body["node_id"]?.stringValue
        guard let node = nodes.first(where: { $0.type == .ai && (nodeId == nil || $0.id == nodeId) }) else {
            throw PuffleError.invalidRequest(nodeId.map { "node_id: \($0) is not an ai node of this campaign" } ?? "The campaign has no ai node")
        }
        let ids = body["prospect_ids"]?.arrayValue?.compactMap(\.stringValue)
        let count: Int
        if let ids {
            count = try await campaigns.prospects(campaignId: campaign.id, ids: ids).count
        } else {
            count = try await campaigns.counts(campaignId: campaign.id).prospectsByStatus[.pending] ?? 0
        }
        let required = count * messagePrice
        let balance = try await credits.balance(workspaceId: campaign.workspaceId)
        guard balance >= required else { throw PuffleError.insufficientCredits(required: required, balance: balance) }
        let payload = AIMessages.JobPayload(campaignId: campaign.id, workspaceId: campaign.workspaceId, nodeId: node.id, prospectIds: ids)
        try await jobs.enqueue([NewJob(kind: AIMessages.jobKind, workspaceId: campaign.workspaceId, payload: payload.json, maxAttempts: 3)])
    }

    @Sendable func generateContent(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let body = try await request.decodeJSON(as: JSONValue.self, context: context).objectValue ?? [:]
        let campaign = try await campaigns.campaign(id: try context.pathParameter("id"), workspaceId: caller.workspaceId)
        let model = try model()
        let nodeId = body["node_id"]?.stringValue ?? ""
        guard let node = try await campaigns.nodes(campaignId: campaign.id).first(where: { $0.id == nodeId }) else {
            throw PuffleError.notFound("Node \(nodeId) not found in this campaign")
        }
        let (system, user) = AIMessages.contentPrompt(
            message: body["message"]?.stringValue ?? "", node: node, samples: body["sample_leads"]?.arrayValue ?? [], sequence: body["sequence_context"])
        let answer = try await model.object(system: system, user: user)
        return Reply([
            "session_id": .string(body["session_id"]?.stringValue ?? SortableID.make()),
            "assistant_message": answer["assistant_message"] ?? .string(""),
            "skeleton": answer["skeleton"] ?? .null, "skeleton_updated": .bool(answer["skeleton"]?.objectValue != nil),
        ])
    }

    @Sendable func listMessages(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let campaign = try await campaigns.campaign(id: try context.pathParameter("id"), workspaceId: caller.workspaceId)
        let statuses: Set<MessageStatus>?
        // An empty status= is refused like any value outside the list; only a missing one means draft.
        switch context.query.values["status"] ?? "draft" {
        case "draft": statuses = [.draft]
        case "pending": statuses = [.pending, .sending]
        case "sent": statuses = [.sent, .unknown, .bounced]
        case "all": statuses = nil
        case let other: throw PuffleError.invalidRequest("status: must be one of draft, pending, sent, all, got \"\(other)\"")
        }
        let messages = try await campaigns.messages(
            campaignId: campaign.id, statuses: statuses, prospectId: context.query.string("prospect_id"), limit: Self.messageListLimit)
        return Reply(["messages": .array(messages.map(CampaignJSON.message))])
    }

    @Sendable func updateMessage(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let body = try await request.decodeJSON(as: JSONValue.self, context: context).objectValue ?? [:]
        let campaign = try await campaigns.campaign(id: try context.pathParameter("id"), workspaceId: caller.workspaceId)
        let message = try await campaigns.editDraft(
            campaignId: campaign.id, id: body["message_id"]?.stringValue ?? "", subject: body["subject"]?.stringValue, bodyText: body["body_text"]?.stringValue,
            now: clock.now())
        return Reply(["message": CampaignJSON.message(message)])
    }
}
