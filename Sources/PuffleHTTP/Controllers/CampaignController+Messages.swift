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
    }

    @Sendable func generateMessages(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let body = try await request.decodeJSON(as: JSONValue.self, context: context).objectValue ?? [:]
        let campaign = try await campaigns.campaign(id: try context.pathParameter("id"), workspaceId: caller.workspaceId)
        guard campaign.status == .draft else {
            throw PuffleError.invalidRequest("Campaign is \(campaign.status.rawValue): messages can only be generated while it is a draft")
        }
        switch body["action"]?.stringValue {
        case "resolve":
            try await resolveDrafts(campaign)
        case "generate_ai":
            throw PuffleError.refused(
                code: "ai_model_not_configured", status: 400,
                message: "generate_ai needs a language model: this server writes ai nodes only with PUFFLE_LLM_BASE_URL set; resolve renders every other node")
        default:
            throw PuffleError.invalidRequest("action: must be resolve or generate_ai")
        }
        let drafts = try await campaigns.messages(campaignId: campaign.id, statuses: [.draft], prospectId: nil, limit: Self.messageListLimit)
        return Reply(["messages": .array(drafts.map(CampaignJSON.message))])
    }

    /// Renders every non-AI sendable node for every prospect as a draft (edited drafts stay).
    func resolveDrafts(_ campaign: Campaign) async throws {
        let nodes = try await campaigns.nodes(campaignId: campaign.id).filter { $0.type.isSendable && $0.type != .ai }
        let accounts = try await senderMap(campaign.workspaceId)
        let sender = campaign.senderIds.lazy.compactMap { accounts[$0] }.first
        let senderFirst = sender.flatMap { $0.firstName ?? $0.displayName.split(separator: " ").first.map(String.init) }
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

    @Sendable func listMessages(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let campaign = try await campaigns.campaign(id: try context.pathParameter("id"), workspaceId: caller.workspaceId)
        let statuses: Set<MessageStatus>?
        switch context.query.string("status") ?? "draft" {
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
