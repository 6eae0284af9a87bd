import Hummingbird
import PuffleCore

/// `/api/campaigns/{id}/sequence/nodes`: one node at a time, draft only. Each change is saved
/// with the campaign's version read, so two edits at once cannot interleave.
extension CampaignController {
    func registerSequence(on table: RouteTable) {
        table.on("addSequenceNode", addNode)
        table.on("moveSequenceNode", moveNode)
        table.on("deleteSequenceNode", deleteNode)
        table.on("updateSequenceNode", updateNode)
    }

    /// The campaign and its nodes. - Throws: `invalidRequest` unless it is a draft.
    func draftSequence(_ context: PuffleRequestContext, caller: Caller) async throws -> (Campaign, [SequenceNode]) {
        let campaign = try await campaigns.campaign(id: try context.pathParameter("id"), workspaceId: caller.workspaceId)
        guard campaign.status == .draft else {
            throw PuffleError.invalidRequest("Campaign is \(campaign.status.rawValue): its sequence can only change while it is a draft")
        }
        return (campaign, try await campaigns.nodes(campaignId: campaign.id))
    }

    func saveSequence(_ nodes: [SequenceNode], of campaign: Campaign) async throws -> Reply {
        let saved = try await campaigns.save(campaign, nodes: CampaignSequence.packed(nodes), read: campaign)
        return Reply(["sequence_nodes": CampaignJSON.nodes(try await campaigns.nodes(campaignId: saved.id))])
    }

    @Sendable func addNode(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let body = try await request.decodeJSON(as: JSONValue.self, context: context).objectValue ?? [:]
        let (campaign, nodes) = try await draftSequence(context, caller: caller)
        guard let type = body["type"]?.stringValue.flatMap(NodeType.init(rawValue:)) else {
            throw PuffleError.invalidRequest("type: must be one of \(NodeType.caseList)")
        }
        guard type.belongs(to: campaign.type) else {
            throw PuffleError.invalidRequest("type: \(type.rawValue) nodes do not belong in a \(campaign.type.rawValue) campaign")
        }
        let end = nodes.firstIndex { $0.type == .end } ?? nodes.count
        let position = min(body["position"]?.intValue ?? end, nodes.count)
        var node = SequenceNode(id: SortableID.make(), campaignId: campaign.id, position: position, type: type)
        try node.apply(body, path: "body")
        // A delay added without a length waits a day, rather than being invalid at launch.
        if type == .delay, node.delayDays + node.delayHours + node.delayMinutes == 0 { node.delayDays = 1 }
        try CampaignSequence.checkDelay(node, path: "body")
        var updated = nodes
        updated.insert(node, at: position)
        return try await saveSequence(updated, of: campaign)
    }

    @Sendable func moveNode(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let body = try await request.decodeJSON(as: JSONValue.self, context: context).objectValue ?? [:]
        let (campaign, nodes) = try await draftSequence(context, caller: caller)
        let nodeId = body["nodeId"]?.stringValue ?? ""
        guard let from = nodes.firstIndex(where: { $0.id == nodeId }) else { throw PuffleError.notFound("Node \(nodeId) not found in this campaign") }
        guard let target = body["toPosition"]?.intValue, target >= 0 else { throw PuffleError.invalidRequest("toPosition: must be a whole number, 0 or more") }
        var updated = nodes
        let node = updated.remove(at: from)
        updated.insert(node, at: min(target, updated.count))
        return try await saveSequence(updated, of: campaign)
    }

    @Sendable func deleteNode(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let body = try await request.decodeJSON(as: JSONValue.self, context: context).objectValue ?? [:]
        let (campaign, nodes) = try await draftSequence(context, caller: caller)
        let nodeId = body["nodeId"]?.stringValue ?? ""
        guard nodes.contains(where: { $0.id == nodeId }) else { throw PuffleError.notFound("Node \(nodeId) not found in this campaign") }
        return try await saveSequence(nodes.filter { $0.id != nodeId }, of: campaign)
    }

    @Sendable func updateNode(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let body = try await request.decodeJSON(as: JSONValue.self, context: context).objectValue ?? [:]
        let (campaign, nodes) = try await draftSequence(context, caller: caller)
        let nodeId = try context.pathParameter("nodeId")
        guard let index = nodes.firstIndex(where: { $0.id == nodeId }) else { throw PuffleError.notFound("Node \(nodeId) not found in this campaign") }
        var updated = nodes
        // Partial: only the keys sent change; type, position and campaign_id never do, and delays
        // are checked at launch, not here.
        try updated[index].apply(body, path: "body")
        _ = try await campaigns.save(campaign, nodes: updated, read: campaign)
        let saved = try await campaigns.nodes(campaignId: campaign.id).first { $0.id == nodeId } ?? updated[index]
        return Reply(["node": saved.json])
    }
}
