import Hummingbird
import PuffleCore

/// Validate, launch, pause and resume. Readiness is Core's ``CampaignReadiness``; every status
/// change is a compare-and-set in the store, so two launches cannot both start.
extension CampaignController {
    func registerLifecycle(on table: RouteTable) {
        table.on("validateCampaign", validate)
        table.on("launchCampaign", launch)
        table.on("pauseCampaign", pause)
        table.on("resumeCampaign", resume)
    }

    /// What readiness is judged on, read now.
    func snapshot(_ campaign: Campaign) async throws -> CampaignSnapshot {
        let nodes = try await campaigns.nodes(campaignId: campaign.id)
        let accounts = try await senderMap(campaign.workspaceId)
        let counts = try await campaigns.counts(campaignId: campaign.id)
        let sample = try await campaigns.prospects(campaignId: campaign.id, status: .pending, offset: 0, limit: 1000).rows
        var missing: [Int: [String]] = [:]
        for node in nodes where node.type.isSendable {
            let text = [node.subject, node.body, node.signature ?? campaign.settings.signature].compactMap { $0 }.joined(separator: "\n")
            let names = MessageTemplate.variables(in: text).filter { variable in
                variable.fallback == nil && variable.name != "sender_first"
                    && sample.contains { ($0.fields.templateValues(senderFirstName: nil)[variable.name] ?? "").isEmpty }
            }.map(\.name)
            if !names.isEmpty { missing[node.position] = names }
        }
        return CampaignSnapshot(
            campaign: campaign, nodes: nodes, senders: campaign.senderIds.compactMap { accounts[$0] },
            allowWarmingAccounts: try await senders.allowsWarmingAccounts(workspaceId: campaign.workspaceId),
            pendingProspects: counts.prospectsByStatus[.pending] ?? 0, draftMessagesByNode: try await campaigns.draftCounts(campaignId: campaign.id),
            missingVariables: missing)
    }

    @Sendable func validate(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let campaign = try await campaigns.campaign(id: try context.pathParameter("id"), workspaceId: caller.workspaceId)
        let readiness = CampaignReadiness(try await snapshot(campaign))
        return Reply([
            "ready": .bool(readiness.ready), "checks": .object(readiness.checks), "errors": .array(readiness.errors.map(JSONValue.string)),
            "warnings": .array(readiness.warnings.map(JSONValue.string)),
        ])
    }

    @Sendable func launch(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        var campaign = try await campaigns.campaign(id: try context.pathParameter("id"), workspaceId: caller.workspaceId)
        let now = clock.now()
        if campaign.status == .launching {
            if let started = campaign.launchedAt, started.adding(.seconds(120)) > now {
                throw PuffleError.conflict("A launch of this campaign is in progress (started \(started.iso8601))")
            }
            // A launch that stopped half way (the server died) left it launching: back to draft, and try again.
            campaign = try await campaigns.transition(id: campaign.id, workspaceId: caller.workspaceId, from: [.launching], to: .draft, pauseReason: nil, now: now)
        }
        let snapshot = try await snapshot(campaign)
        let readiness = CampaignReadiness(snapshot)
        guard readiness.ready else { throw PuffleError.invalidRequest(readiness.errors.joined(separator: "; ")) }
        guard case .send(let position, let dueAt) = SequencePlan.next(from: 0, nodes: snapshot.nodes, now: now, replyWindow: replyWindow) else {
            throw PuffleError.invalidRequest("The sequence reaches its end before any sendable node")
        }
        _ = try await campaigns.transition(id: campaign.id, workspaceId: caller.workspaceId, from: [.draft], to: .launching, pauseReason: nil, now: now)
        let scheduled: Int
        do {
            scheduled = try await campaigns.start(campaignId: campaign.id, nextPosition: position, dueAt: dueAt, now: now)
        } catch {
            // Nothing was scheduled: back to draft, so a retry is safe.
            _ = try? await campaigns.transition(id: campaign.id, workspaceId: caller.workspaceId, from: [.launching], to: .draft, pauseReason: nil, now: now)
            throw error
        }
        // At once if it can; otherwise the periodic dispatcher takes it within seconds.
        try? await jobs.enqueue([CampaignDispatch.job()])
        return Reply([
            "success": true, "message": "Campaign launch started", "runId": .string("run_" + String(StableHash.fnv1a(campaign.id + now.iso8601), radix: 16)),
            "prospectsToProcess": .integer(Int64(scheduled)),
        ])
    }

    @Sendable func pause(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let campaign = try await campaigns.campaign(id: try context.pathParameter("id"), workspaceId: caller.workspaceId)
        guard campaign.status == .active else { throw PuffleError.invalidRequest("Only active campaigns can be paused") }
        let paused = try await campaigns.transition(
            id: campaign.id, workspaceId: caller.workspaceId, from: [.active], to: .paused, pauseReason: "paused by the user", now: clock.now())
        return try await campaignReply(paused)
    }

    @Sendable func resume(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let campaign = try await campaigns.campaign(id: try context.pathParameter("id"), workspaceId: caller.workspaceId)
        guard campaign.status == .paused else { throw PuffleError.invalidRequest("Only paused campaigns can be resumed") }
        let now = clock.now()
        _ = try await campaigns.transition(id: campaign.id, workspaceId: caller.workspaceId, from: [.paused], to: .active, pauseReason: nil, now: now)
        if try await !campaigns.completeIfDone(campaignId: campaign.id, now: now) { try? await jobs.enqueue([CampaignDispatch.job()]) }
        return try await campaignReply(try await campaigns.campaign(id: campaign.id, workspaceId: caller.workspaceId))
    }
}
