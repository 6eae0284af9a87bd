import Hummingbird
import PuffleAPI
import PuffleCore

/// `/api/lists`: Lists, their memberships, import and duplicate checks.
struct ListController: Sendable {
    let lists: any ListStore
    let leads: any LeadStore

    func register(on table: RouteTable) {
        table.on("createList", create)
        table.on("listLists", list)
        table.on("updateList", update)
        table.on("deleteList", delete)
        table.on("listListLeads", listLeads)
        table.on("addListLeads", addLeads)
        table.on("removeListLeads", removeLeads)
        table.on("importListLeads", importLeads)
        table.on("checkListDuplicates", checkDuplicates)
    }

    @Sendable func create(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply<ListBody> {
        let input = try await request.decodeJSON(as: CreateRequest.self, context: context, emptyAs: "{}")
        let name = input.name?.trimmed ?? ""
        let list = try await lists.createList(
            workspaceId: caller.workspaceId, name: name.isEmpty ? "Untitled List" : name, description: input.description,
            leadType: input.leadType ?? .person, leadIds: input.leadIds ?? [])
        return Reply(ListBody(list: list), status: .created)
    }

    @Sendable func list(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply<ListsBody> {
        if let id = request.query.string("id") {
            return Reply(ListsBody(lists: [try await lists.list(workspaceId: caller.workspaceId, id: id)]))
        }
        return Reply(ListsBody(lists: try await lists.lists(workspaceId: caller.workspaceId)))
    }

    @Sendable func update(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply<ListBody> {
        let input = try await request.decodeJSON(as: UpdateRequest.self, context: context)
        if let name = input.name, name.trimmed.isEmpty { throw PuffleError.invalidRequest("name: must not be empty") }
        let list = try await lists.updateList(
            workspaceId: caller.workspaceId, id: input.id, name: input.name?.trimmed, description: input.description, leadType: input.leadType)
        return Reply(ListBody(list: list))
    }

    @Sendable func delete(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply<SuccessBody> {
        let input = try await request.decodeJSON(as: IdRequest.self, context: context)
        try await lists.deleteList(workspaceId: caller.workspaceId, id: input.id)
        return Reply(SuccessBody())
    }

    @Sendable func listLeads(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply<ListLeadsBody> {
        let listId = try context.parameters.require("id")
        let limit = try request.query.int("limit", default: 100, range: 1...500)
        let type = try request.query.enumValue("type", as: LeadType.self)
        let scope = "list/\(caller.workspaceId)/\(listId)/\(type?.rawValue ?? "")"
        let after = try request.query.string("cursor").map { try PageCursor(decoding: $0, scope: scope).afterId }
        let (page, total) = try await lists.leads(workspaceId: caller.workspaceId, listId: listId, type: type, after: after, limit: limit)
        let cursor = page.nextAfterId.map { PageCursor(afterId: $0).encoded(scope: scope) }
        return Reply(ListLeadsBody(leads: page.items, total: total, hasMore: cursor != nil, nextCursor: cursor))
    }

    @Sendable func addLeads(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply<ListBody> {
        let listId = try context.parameters.require("id")
        let input = try await request.decodeJSON(as: LeadIdsRequest.self, context: context)
        try Self.validate(leadIds: input.leadIds)
        return Reply(ListBody(list: try await lists.addLeads(workspaceId: caller.workspaceId, listId: listId, leadIds: input.leadIds)))
    }

    @Sendable func removeLeads(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply<ListBody> {
        let listId = try context.parameters.require("id")
        let input = try await request.decodeJSON(as: LeadIdsRequest.self, context: context)
        try Self.validate(leadIds: input.leadIds)
        return Reply(ListBody(list: try await lists.removeLeads(workspaceId: caller.workspaceId, listId: listId, leadIds: input.leadIds)))
    }

    @Sendable func importLeads(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply<EitherBody<ImportPreviewBody, ImportBody>> {
        let input = try await request.decodeJSON(as: ImportRequest.self, context: context)
        guard !input.leads.isEmpty else { throw PuffleError.invalidRequest("leads: needs at least one Lead") }
        guard input.leads.count <= API.maxImportBatch else {
            throw PuffleError.invalidRequest("leads: at most \(API.maxImportBatch) Leads a request, got \(input.leads.count); nothing was imported")
        }
        let preview = input.preview ?? false
        let outcome = try await leads.importLeads(workspaceId: caller.workspaceId, listId: input.listId, inputs: input.leads, preview: preview)
        if preview {
            let counts = ImportPreviewBody.Counts(
                leadCount: outcome.leadCount, personCount: outcome.personCount, companyCount: outcome.companyCount,
                createdCount: outcome.createdCount, mergedCount: outcome.mergedCount)
            return Reply(.first(ImportPreviewBody(preview: counts, errors: outcome.errors)))
        }
        return Reply(.second(ImportBody(list: outcome.list, leads: outcome.leads, createdCount: outcome.createdCount, mergedCount: outcome.mergedCount, errors: outcome.errors)))
    }

    @Sendable func checkDuplicates(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply<DuplicateCountBody> {
        let input = try await request.decodeJSON(as: CheckDuplicatesRequest.self, context: context)
        switch (input.people, input.searchId) {
        case (.some, .some):
            throw PuffleError.invalidRequest("Send either people or searchId, not both")
        case (.none, .none):
            throw PuffleError.invalidRequest("people or searchId is required")
        case (.some(let people), .none):
            guard people.count <= 10_000 else { throw PuffleError.invalidRequest("people: at most 10000 candidates, got \(people.count)") }
            let count = try await lists.duplicateCount(workspaceId: caller.workspaceId, candidates: people, excludeListId: input.excludeListId)
            return Reply(DuplicateCountBody(duplicateCount: count))
        case (.none, .some(let searchId)):
            // Lead searches arrive with the job queue; until then no search id exists in any workspace.
            throw PuffleError.notFound("Lead search \(searchId) not found")
        }
    }

    private static func validate(leadIds: [String]) throws {
        guard !leadIds.isEmpty else { throw PuffleError.invalidRequest("leadIds: needs at least one id") }
        guard leadIds.count <= 10_000 else { throw PuffleError.invalidRequest("leadIds: at most 10000 ids") }
        if let index = leadIds.firstIndex(where: { $0.isEmpty }) { throw PuffleError.invalidRequest("leadIds[\(index)]: must not be empty") }
    }
}
