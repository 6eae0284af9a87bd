import Logging
import PuffleCore

/// Writes an `ai` node's messages with the language model: the `campaign_ai_messages` job that
/// `generate-messages {"action":"generate_ai"}` enqueues. Each message is charged once it is written
/// (`AI_MESSAGE_GENERATION`); a prospect whose message was edited by hand keeps it. The model is
/// asked outside any transaction; a retried job skips the messages already written.
public struct CampaignAIMessageHandler: JobHandler {
    public let kind = AIMessages.jobKind
    let campaigns: any CampaignStore
    let senders: any SenderStore
    let workspaces: any WorkspaceStore
    let credits: any CreditStore
    let model: (any LanguageModel)?
    let price: Int
    let clock: any WallClock
    let logger: Logger

    public init(
        campaigns: any CampaignStore, senders: any SenderStore, workspaces: any WorkspaceStore, credits: any CreditStore, model: (any LanguageModel)?, price: Int,
        clock: any WallClock, logger: Logger
    ) {
        self.campaigns = campaigns
        self.senders = senders
        self.workspaces = workspaces
        self.credits = credits
        self.model = model
        self.price = price
        self.clock = clock
        self.logger = logger
    }

    public func run(_ job: Job, context: JobContext) async throws {
        guard let model else { throw JobFailure.permanent("no language model is configured (PUFFLE_LLM_BASE_URL)") }
        let payload = try AIMessages.JobPayload(json: job.payload)
        let campaign = try await campaigns.campaign(id: payload.campaignId, workspaceId: payload.workspaceId)
        guard campaign.status == .draft else { return }
        guard let node = try await campaigns.nodes(campaignId: campaign.id).first(where: { $0.id == payload.nodeId && $0.type == .ai }) else {
            throw JobFailure.permanent("node \(payload.nodeId) is not an ai node of the campaign")
        }
        let prospects: [CampaignProspect]
        if let ids = payload.prospectIds {
            prospects = try await campaigns.prospects(campaignId: campaign.id, ids: ids)
        } else {
            prospects = try await campaigns.prospects(campaignId: campaign.id, status: .pending, offset: 0, limit: 100_000).rows
        }
        let existing = Dictionary(
            try await campaigns.messages(campaignId: campaign.id, statuses: [.draft], prospectId: nil, limit: 100_000).filter { $0.nodeId == node.id }
                .map { ($0.prospectId, $0) }, uniquingKeysWith: { a, _ in a })
        let sender = try await senders.accounts(workspaceId: payload.workspaceId, type: .email).first { campaign.senderIds.contains($0.id) }
        let saved = try? await workspaces.context(workspaceId: payload.workspaceId)
        let companyContext = saved.flatMap { $0.context == .null ? nil : JSONWriter.string($0.context) }
        for prospect in prospects {
            try context.checkCancelled()
            if let kept = existing[prospect.id], kept.manuallyEdited || payload.prospectIds == nil { continue }
            // One charge per job and prospect: an attempt after a crash skips what an earlier one paid for.
            let reason = "ai_message:\(job.id):\(prospect.id)"
            if try await credits.hasEntry(workspaceId: payload.workspaceId, reason: reason) { continue }
            let (system, user) = AIMessages.prompt(node: node, prospect: prospect.fields, senderName: sender?.displayName, context: companyContext)
            let written = try AIMessages.message(from: try await model.object(system: system, user: user))
            let message = CampaignMessage(
                id: SortableID.make(), campaignId: campaign.id, prospectId: prospect.id, nodeId: node.id, subject: written.subject, bodyText: written.body,
                bodyHTML: nil, status: .draft, manuallyEdited: false, createdAt: clock.now())
            try await campaigns.saveDrafts([message], campaignId: campaign.id)
            _ = try await credits.grant(workspaceId: payload.workspaceId, amount: -price, reason: reason)
        }
    }
}
