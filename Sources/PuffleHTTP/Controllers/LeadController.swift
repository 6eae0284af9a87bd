import HTTPTypes
import Hummingbird
import PuffleCore

/// `/api/leads` and `/api/dashboard/leads`.
struct LeadController: Sendable {
    let leads: any LeadStore
    let lists: any ListStore
    let cursors: PageCursorKeys

    func register(on table: RouteTable) {
        table.on("listLeads", list)
        table.on("createLead", create)
        table.on("updateLead", update)
        table.on("deleteLead", delete)
        table.on("listDashboardLeads", dashboard)
    }

    /// `{"lead": …}`.
    static func reply(lead: LeadRecord, status: HTTPResponse.Status = .ok) -> Reply {
        var writer = JSONWriter(capacity: 2048)
        writer.writeASCII("{\"lead\":")
        lead.write(into: &writer)
        writer.writeASCII("}")
        return Reply(rendered: writer, status: status)
    }

    /// `{"leads": […], "nextCursor": …}`.
    static func reply(leads: [LeadRecord], nextCursor: String?) -> Reply {
        var writer = JSONWriter(capacity: 2048 * leads.count + 64)
        writer.writeASCII("{\"leads\":")
        writer.write(records: leads)
        writer.writeASCII(",\"nextCursor\":")
        writer.write(optional: nextCursor)
        writer.writeASCII("}")
        return Reply(rendered: writer)
    }

    struct DashboardBody: Encodable, Sendable {
        var rows: [JSONObject]
        var total: Int
        var hasMore: Bool
    }

    @Sendable func list(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let query = context.query
        if let id = query.string("id") {
            return Self.reply(leads: [try await leads.lead(workspaceId: caller.workspaceId, id: id)], nextCursor: nil)
        }
        let limit = try query.int("limit", default: 50, range: 1...500)
        let texts = LeadFilterField.allCases.compactMap { field in query.string(field.rawValue).map { (field, $0) } }
        let filter = LeadFilter(type: try query.enumValue("type", as: LeadType.self), texts: Dictionary(uniqueKeysWithValues: texts))
        let scope = "leads/\(caller.workspaceId)/\(filter.type?.rawValue ?? "")/" + filter.textFilters.map { "\($0.field.rawValue)=\($0.value)" }.joined(separator: "&")
        let after = try await cursors.afterId(query.string("cursor"), scope: scope)
        let page = try await leads.leads(workspaceId: caller.workspaceId, filter: filter, after: after, limit: limit)
        return Self.reply(leads: page.items, nextCursor: try await cursors.cursor(after: page.nextAfterId, scope: scope))
    }

    @Sendable func create(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let input = LeadInput(json: try await request.parseJSON(context: context))
        guard input.isValid else { throw PuffleError.invalidRequest(input.problems.joined(separator: "; ")) }
        let (lead, created) = try await leads.createLead(workspaceId: caller.workspaceId, input: input)
        return Self.reply(lead: lead, status: created ? .created : .ok)
    }

    @Sendable func update(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let body = try await request.parseJSON(context: context)
        guard var object = body.objectValue else { throw PuffleError.invalidRequest("body: must be a JSON object") }
        guard let id = object.removeValue(forKey: "id")?.stringValue, !id.isEmpty else {
            throw PuffleError.invalidRequest("id: is required and must be a non-empty string")
        }
        let patch = try LeadPatch(json: object)
        return Self.reply(lead: try await leads.updateLead(workspaceId: caller.workspaceId, id: id, patch: patch))
    }

    @Sendable func delete(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let input = try await request.decodeJSON(as: ListController.IdRequest.self, context: context)
        guard !input.id.isEmpty else { throw PuffleError.invalidRequest("id: must not be empty") }
        try await leads.deleteLead(workspaceId: caller.workspaceId, id: input.id)
        return Reply(SuccessBody())
    }

    @Sendable func dashboard(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let query = context.query
        let dashboardQuery = DashboardQuery(
            segment: try query.enumValue("segment", as: DashboardQuery.Segment.self) ?? .people, search: query.string("search"),
            limit: try query.int("limit", default: 50, range: 1...500), offset: try query.int("offset", default: 0, range: 0...Int(Int32.max)))
        let page = try await lists.dashboardPage(workspaceId: caller.workspaceId, query: dashboardQuery)
        let rows = DashboardRows.rows(page, segment: dashboardQuery.segment)
        return Reply(DashboardBody(rows: rows, total: page.total, hasMore: dashboardQuery.offset + rows.count < page.total))
    }
}
