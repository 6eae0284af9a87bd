import Hummingbird
import PuffleCore

/// `/api/campaigns/{id}/leads`: the roster. Writes are draft-only (the store checks it in the
/// same transaction as the write).
extension CampaignController {
    func registerRoster(on table: RouteTable) {
        table.on("listCampaignLeads", listProspects)
        table.on("addCampaignLeads", addProspects)
        table.on("updateCampaignLead", updateProspect)
        table.on("removeCampaignLeads", removeProspects)
        table.on("importCampaignLeadsFromList", importFromList)
    }

    @Sendable func listProspects(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let campaign = try await campaigns.campaign(id: try context.pathParameter("id"), workspaceId: caller.workspaceId)
        let page = try context.query.int("page", default: 1, range: 1...1_000_000)
        let limit = try context.query.int("limit", default: 100, range: 1...200)
        let status = try context.query.enumValue("status", as: ProspectStatus.self)
        let (rows, total) = try await campaigns.prospects(campaignId: campaign.id, status: status, offset: (page - 1) * limit, limit: limit)
        return Reply([
            "prospects": .array(rows.map(CampaignJSON.prospect)), "total": .integer(Int64(total)), "page": .integer(Int64(page)),
            "limit": .integer(Int64(limit)),
        ])
    }

    @Sendable func addProspects(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let body = try await request.decodeJSON(as: JSONValue.self, context: context).objectValue ?? [:]
        let campaign = try await campaigns.campaign(id: try context.pathParameter("id"), workspaceId: caller.workspaceId)
        guard let items = body["prospects"]?.arrayValue, (1...1000).contains(items.count) else {
            throw PuffleError.invalidRequest("prospects: must be an array of 1 to 1000 prospects")
        }
        var batch: [ProspectFields] = []
        var seen: Set<String> = []
        var duplicates = 0
        for (index, item) in items.enumerated() {
            let path = "prospects[\(index)]"
            guard let object = item.objectValue else { throw PuffleError.invalidRequest("\(path): must be an object") }
            let fields = try ProspectFields(json: object, path: path).normalized
            guard let identity = fields.identity(for: campaign.type) else { throw PuffleError.invalidRequest(Self.identityProblem(path, type: campaign.type)) }
            if seen.insert(identity).inserted { batch.append(fields) } else { duplicates += 1 }
        }
        let added = try await campaigns.addProspects(
            campaignId: campaign.id, workspaceId: caller.workspaceId, batch, source: "api", sourceRef: nil, now: clock.now())
        return Reply(["imported": .integer(Int64(added.imported)), "duplicates": .integer(Int64(added.duplicates + duplicates))])
    }

    static func identityProblem(_ path: String, type: CampaignType) -> String {
        type == .email
            ? "\(path).email: an email campaign needs a valid email address for each prospect"
            : "\(path).linkedin_url: a LinkedIn campaign needs a linkedin.com profile URL for each prospect"
    }

    @Sendable func updateProspect(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let body = try await request.decodeJSON(as: JSONValue.self, context: context).objectValue ?? [:]
        let campaign = try await campaigns.campaign(id: try context.pathParameter("id"), workspaceId: caller.workspaceId)
        let id = body["prospect_id"]?.stringValue ?? ""
        guard let updates = body["updates"]?.objectValue else { throw PuffleError.invalidRequest("updates: must be an object") }
        guard var fields = try await campaigns.prospects(campaignId: campaign.id, ids: [id]).first?.fields else {
            throw PuffleError.notFound("Prospect \(id) not found in this campaign")
        }
        for key in ProspectFields.keys { if let value = updates[key] { try fields.set(key, value, path: "updates") } }
        fields = fields.normalized
        guard fields.identity(for: campaign.type) != nil else { throw PuffleError.invalidRequest(Self.identityProblem("updates", type: campaign.type)) }
        let prospect = try await campaigns.updateProspect(campaignId: campaign.id, id: id, fields: fields, now: clock.now())
        return Reply(["prospect": CampaignJSON.prospect(prospect)])
    }

    @Sendable func removeProspects(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let body = try await request.decodeJSON(as: JSONValue.self, context: context).objectValue ?? [:]
        let campaign = try await campaigns.campaign(id: try context.pathParameter("id"), workspaceId: caller.workspaceId)
        if body["all"]?.boolValue == true {
            _ = try await campaigns.removeProspects(campaignId: campaign.id, ids: nil)
            return Reply(["deleted": "all"])
        }
        guard let ids = body["prospect_ids"]?.arrayValue?.compactMap(\.stringValue), (1...500).contains(ids.count) else {
            throw PuffleError.invalidRequest("prospect_ids: must be an array of 1 to 500 prospect ids, or send \"all\": true")
        }
        let deleted = try await campaigns.removeProspects(campaignId: campaign.id, ids: ids)
        return Reply(["deleted": .integer(Int64(deleted))])
    }

    @Sendable func importFromList(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let body = try await request.decodeJSON(as: JSONValue.self, context: context).objectValue ?? [:]
        let campaign = try await campaigns.campaign(id: try context.pathParameter("id"), workspaceId: caller.workspaceId)
        guard campaign.status == .draft else {
            throw PuffleError.invalidRequest("Campaign is \(campaign.status.rawValue): its roster can only change while it is a draft")
        }
        let filter = try ListImportFilter(json: body["filter"])
        let list = try await lists.list(workspaceId: caller.workspaceId, id: body["listId"]?.stringValue ?? "")
        var rows: [(String, ProspectFields)] = []
        var after: String?
        repeat {
            let (page, _) = try await lists.leads(workspaceId: caller.workspaceId, listId: list.id, type: nil, after: after, limit: 500)
            for record in page.items {
                guard let body = try? LeadBody(storedJSON: record.bodyJSON) else { continue }
                let membership = record.membershipAttributesJSON.flatMap { try? JSONParser.parse($0).objectValue }
                let fields = ProspectFields(lead: body, membershipAttributes: membership)
                if filter.admits(leadId: record.id, fields) { rows.append((record.id, fields)) }
            }
            after = page.nextAfterId
        } while after != nil
        let chosen = filter.arranged(rows).map(\.1)
        let suppressed = try await campaigns.suppressed(workspaceId: caller.workspaceId, emails: chosen.compactMap(\.email))
        let valid = chosen.filter { fields in
            fields.identity(for: campaign.type) != nil && !(campaign.type == .email && suppressed.contains(fields.email ?? ""))
        }
        var imported = 0
        var duplicates = 0
        var failedBatches = 0
        for start in stride(from: 0, to: valid.count, by: 1000) {
            do {
                let added = try await campaigns.addProspects(
                    campaignId: campaign.id, workspaceId: caller.workspaceId, Array(valid[start..<min(start + 1000, valid.count)]), source: "list",
                    sourceRef: list.id, now: clock.now())
                imported += added.imported
                duplicates += added.duplicates
            } catch let error as PuffleError where imported == 0 {
                throw error
            } catch {
                failedBatches += 1
            }
        }
        var answer: JSONObject = [
            "imported": .integer(Int64(imported)), "duplicates": .integer(Int64(duplicates)), "invalid": .integer(Int64(chosen.count - valid.count)),
            "errors": .integer(Int64(failedBatches)), "total": .integer(Int64(chosen.count)),
        ]
        if failedBatches > 0, imported == 0 {
            throw PuffleError.refused(code: "internal_error", kind: .internalFailure, message: "No batch of the List could be added; nothing was imported. Retry with the same listId")
        }
        if failedBatches > 0 {
            answer["partial"] = true
            return Reply(.object(answer), status: .partialContent)
        }
        if imported == 0 {
            answer["error"] = [
                "code": "unprocessable_entity",
                "message": .string(chosen.isEmpty ? "The List has no Leads that match" : "No Lead of the List could be added: each was invalid or already on the roster"),
            ]
            return Reply(.object(answer), status: .unprocessableContent)
        }
        return Reply(.object(answer))
    }
}
