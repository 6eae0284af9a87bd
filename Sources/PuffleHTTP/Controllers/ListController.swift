import Foundation
import Hummingbird
import PuffleAPI
import PuffleCore

/// `/api/lists`: Lists, their memberships, import and duplicate checks.
struct ListController: Sendable {
    let lists: any ListStore
    let leads: any LeadStore
    let cursors: PageCursorKeys

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

    @Sendable func create(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let input = try await request.decodeJSON(as: CreateRequest.self, context: context, emptyAs: "{}")
        let name = input.name?.trimmed ?? ""
        if let index = input.leadIds?.firstIndex(where: \.isEmpty) { throw PuffleError.invalidRequest("leadIds[\(index)]: must not be empty") }
        let list = try await lists.createList(
            workspaceId: caller.workspaceId, name: name.isEmpty ? "Untitled List" : name, description: input.description,
            leadType: input.leadType ?? .person, leadIds: input.leadIds ?? [])
        return Reply(ListBody(list: list), status: .created)
    }

    @Sendable func list(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        if let id = context.query.string("id") {
            return Reply(ListsBody(lists: [try await lists.list(workspaceId: caller.workspaceId, id: id)]))
        }
        return Reply(ListsBody(lists: try await lists.lists(workspaceId: caller.workspaceId)))
    }

    @Sendable func update(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let input = try await request.decodeJSON(as: UpdateRequest.self, context: context)
        if let name = input.name, name.trimmed.isEmpty { throw PuffleError.invalidRequest("name: must not be empty") }
        let list = try await lists.updateList(
            workspaceId: caller.workspaceId, id: input.id, name: input.name?.trimmed, description: input.description, leadType: input.leadType)
        return Reply(ListBody(list: list))
    }

    @Sendable func delete(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let input = try await request.decodeJSON(as: IdRequest.self, context: context)
        try await lists.deleteList(workspaceId: caller.workspaceId, id: input.id)
        return Reply(SuccessBody())
    }

    @Sendable func listLeads(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let listId = try context.pathParameter("id")
        let limit = try context.query.int("limit", default: 100, range: 1...500)
        let type = try context.query.enumValue("type", as: LeadType.self)
        let scope = "list/\(caller.workspaceId)/\(listId)/\(type?.rawValue ?? "")"
        let after = try await cursors.afterId(context.query.string("cursor"), scope: scope)
        let (page, total) = try await lists.leads(workspaceId: caller.workspaceId, listId: listId, type: type, after: after, limit: limit)
        let cursor = try await cursors.cursor(after: page.nextAfterId, scope: scope)
        var writer = JSONWriter(capacity: 2048 * page.items.count + 128)
        writer.writeASCII("{\"leads\":")
        writer.write(records: page.items)
        writer.writeASCII(",\"total\":")
        writer.write(number: Double(total))
        writer.writeASCII(cursor == nil ? ",\"hasMore\":false,\"nextCursor\":" : ",\"hasMore\":true,\"nextCursor\":")
        writer.write(optional: cursor)
        writer.writeASCII("}")
        return Reply(rendered: writer)
    }

    @Sendable func addLeads(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let listId = try context.pathParameter("id")
        let input = try await request.decodeJSON(as: LeadIdsRequest.self, context: context)
        try Self.validate(leadIds: input.leadIds)
        return Reply(ListBody(list: try await lists.addLeads(workspaceId: caller.workspaceId, listId: listId, leadIds: input.leadIds)))
    }

    @Sendable func removeLeads(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let listId = try context.pathParameter("id")
        let input = try await request.decodeJSON(as: LeadIdsRequest.self, context: context)
        try Self.validate(leadIds: input.leadIds)
        return Reply(ListBody(list: try await lists.removeLeads(workspaceId: caller.workspaceId, listId: listId, leadIds: input.leadIds)))
    }

    @Sendable func importLeads(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let input = try ImportRequest(json: try await request.parseJSON(context: context))
        let outcome = try await leads.importLeads(workspaceId: caller.workspaceId, listId: input.listId, inputs: input.leads, preview: input.preview)
        let errors = JSONValue.array(outcome.errors.map { ["index": .integer(Int64($0.index)), "code": .string($0.code), "message": .string($0.message)] })
        if input.preview {
            return Reply([
                "preview": [
                    "leadCount": .integer(Int64(outcome.leadCount)), "personCount": .integer(Int64(outcome.personCount)),
                    "companyCount": .integer(Int64(outcome.companyCount)), "createdCount": .integer(Int64(outcome.createdCount)),
                    "mergedCount": .integer(Int64(outcome.mergedCount)),
                ],
                "errors": errors,
            ] as JSONValue)
        }
        var writer = JSONWriter(capacity: 2048 * outcome.leads.count + 1024)
        writer.writeASCII("{\"list\":")
        if let list = outcome.list { writer.writeRaw(String(decoding: try JSONEncoder().encode(list), as: UTF8.self)) } else { writer.writeASCII("null") }
        writer.writeASCII(",\"leads\":")
        writer.write(records: outcome.leads)
        writer.writeASCII(",\"createdCount\":")
        writer.write(number: Double(outcome.createdCount))
        writer.writeASCII(",\"mergedCount\":")
        writer.write(number: Double(outcome.mergedCount))
        writer.writeASCII(",\"errors\":")
        writer.write(errors)
        writer.writeASCII("}")
        return Reply(rendered: writer)
    }

    @Sendable func checkDuplicates(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
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
            guard !searchId.isEmpty else { throw PuffleError.invalidRequest("searchId: must not be empty") }
            let count = try await lists.duplicateCount(workspaceId: caller.workspaceId, searchId: searchId, excludeListId: input.excludeListId)
            return Reply(DuplicateCountBody(duplicateCount: count))
        }
    }

    private static func validate(leadIds: [String]) throws {
        guard !leadIds.isEmpty else { throw PuffleError.invalidRequest("leadIds: needs at least one id") }
        guard leadIds.count <= 10_000 else { throw PuffleError.invalidRequest("leadIds: at most 10000 ids") }
        if let index = leadIds.firstIndex(where: { $0.isEmpty }) { throw PuffleError.invalidRequest("leadIds[\(index)]: must not be empty") }
    }
}
