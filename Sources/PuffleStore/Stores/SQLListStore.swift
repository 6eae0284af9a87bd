import Foundation
import PuffleCore
import SQLKit

/// ``ListStore`` over SQL. The default `all` List is virtual: every Lead belongs to it without a
/// membership row, so it is paged from `leads` and its counters move with Lead creation and deletion.
public struct SQLListStore: ListStore {
    let database: PuffleDatabase

    public init(database: PuffleDatabase) {
        self.database = database
    }

    public func createList(workspaceId: String, name: String, description: String?, leadType: ListLeadType, leadIds: [String]) async throws -> LeadList {
        try await database.transaction { db in
            let now = database.clock.now().milliseconds
            let id = SortableID.make()
            try await db.raw("""
                INSERT INTO lists (id, workspace_id, name, description, lead_type, created_at, updated_at)
                VALUES (\(bind: id), \(bind: workspaceId), \(bind: name), \(bind: description), \(bind: leadType.rawValue), \(bind: now), \(bind: now))
                """).run()
            let list = try await ListRows.find(workspaceId: workspaceId, id: id, db: db)
            try await attach(leadIds: leadIds, to: list, workspaceId: workspaceId, db: db)
            return try await ListRows.find(workspaceId: workspaceId, id: id, db: db)
        }
    }

    public func lists(workspaceId: String) async throws -> [LeadList] {
        try await database.read { db in
            try await db.raw("SELECT \(unsafeRaw: ListRows.selectList) FROM lists WHERE workspace_id = \(bind: workspaceId) ORDER BY is_default DESC, created_at DESC, id DESC")
                .all().map(ListRows.list(from:))
        }
    }

    public func list(workspaceId: String, id: String) async throws -> LeadList {
        try await database.read { db in try await ListRows.find(workspaceId: workspaceId, id: id, db: db) }
    }

    public func updateList(workspaceId: String, id: String, name: String?, description: String??, leadType: ListLeadType?) async throws -> LeadList {
        try await database.transaction { db in
            var list = try await ListRows.find(workspaceId: workspaceId, id: id, db: db)
            if list.isDefault, (name != nil && name != list.name) || (leadType != nil && leadType != list.leadType) {
                throw PuffleError.invalidRequest("The default all List cannot be renamed or change its leadType")
            }
            if let leadType, leadType != list.leadType {
                let violating = leadType == .person ? list.companyCount : leadType == .company ? list.personCount : 0
                guard violating == 0 else {
                    throw PuffleError.invalidRequest("leadType: the List has \(violating) Leads that a \(leadType.rawValue) List cannot hold")
                }
                list.leadType = leadType
            }
            if let name { list.name = name }
            if let description { list.description = description }
            try await db.raw("""
                UPDATE lists SET name = \(bind: list.name), description = \(bind: list.description), lead_type = \(bind: list.leadType.rawValue),
                updated_at = \(bind: database.clock.now().milliseconds) WHERE id = \(bind: list.id)
                """).run()
            return try await ListRows.find(workspaceId: workspaceId, id: list.id, db: db)
        }
    }

    public func deleteList(workspaceId: String, id: String) async throws {
        try await database.transaction { db in
            let list = try await ListRows.find(workspaceId: workspaceId, id: id, db: db)
            guard !list.isDefault else { throw PuffleError.invalidRequest("The default all List cannot be deleted") }
            try await db.raw("DELETE FROM list_members WHERE list_id = \(bind: list.id)").run()
            try await db.raw("DELETE FROM lists WHERE id = \(bind: list.id)").run()
        }
    }

    public func addLeads(workspaceId: String, listId: String, leadIds: [String]) async throws -> LeadList {
        try await database.transaction { db in
            let list = try await ListRows.find(workspaceId: workspaceId, id: listId, db: db)
            try await attach(leadIds: leadIds, to: list, workspaceId: workspaceId, db: db)
            return try await ListRows.find(workspaceId: workspaceId, id: list.id, db: db)
        }
    }

    public func removeLeads(workspaceId: String, listId: String, leadIds: [String]) async throws -> LeadList {
        try await database.transaction { db in
            let list = try await ListRows.find(workspaceId: workspaceId, id: listId, db: db)
            guard !list.isDefault else {
                throw PuffleError.invalidRequest("Leads cannot be removed from the default all List; delete the Lead instead")
            }
            var persons = 0
            var companies = 0
            for chunk in Array(Set(leadIds)).chunked(into: LeadRows.maxBindsPerList) {
                let removed = try ListRows.countByType(
                    try await db.raw("SELECT lead_type FROM list_members WHERE list_id = \(bind: list.id) AND lead_id IN (\(binds: chunk))").all())
                persons += removed.persons
                companies += removed.companies
                try await db.raw("DELETE FROM list_members WHERE list_id = \(bind: list.id) AND lead_id IN (\(binds: chunk))").run()
            }
            try await ListRows.addToCounts(listId: list.id, persons: -persons, companies: -companies, now: database.clock.now(), db: db)
            return try await ListRows.find(workspaceId: workspaceId, id: list.id, db: db)
        }
    }

    public func leads(workspaceId: String, listId: String, type: LeadType?, after: String?, limit: Int) async throws -> (page: Page<LeadRecord>, total: Int) {
        try await database.read { db in
            let list = try await ListRows.find(workspaceId: workspaceId, id: listId, db: db)
            var query: SQLQueryString
            if list.isDefault {
                query = "SELECT \(unsafeRaw: LeadRows.selectList) FROM leads l WHERE l.workspace_id = \(bind: workspaceId)"
                if let type { query.appendInterpolation(SQLQueryString(" AND l.type = \(bind: type.rawValue)")) }
                if let after { query.appendInterpolation(SQLQueryString(" AND l.id > \(bind: after)")) }
                query.appendInterpolation(SQLQueryString(" ORDER BY l.id LIMIT \(literal: limit + 1)"))
            } else {
                query = """
                    SELECT \(unsafeRaw: LeadRows.selectList), m.attributes AS membership_attributes
                    FROM list_members m JOIN leads l ON l.id = m.lead_id WHERE m.list_id = \(bind: list.id)
                    """
                if let type { query.appendInterpolation(SQLQueryString(" AND m.lead_type = \(bind: type.rawValue)")) }
                if let after { query.appendInterpolation(SQLQueryString(" AND m.lead_id > \(bind: after)")) }
                query.appendInterpolation(SQLQueryString(" ORDER BY m.lead_id LIMIT \(literal: limit + 1)"))
            }
            let rows = try await db.raw(query).all()
            let scope: LeadRows.PageScope = list.isDefault ? .workspace(type: type) : .list(id: list.id, type: type)
            let page = try await SQLLeadStore.page(rows: rows, limit: limit, scope: scope, workspaceId: workspaceId, db: db)
            let total = type == .person ? list.personCount : type == .company ? list.companyCount : list.leadCount
            return (page, total)
        }
    }

    /// Attaches existing Leads of the workspace, refusing unknown ids and Leads of the wrong type.
    private func attach(leadIds: [String], to list: LeadList, workspaceId: String, db: any SQLDatabase) async throws {
        let unique = Array(Set(leadIds))
        guard !unique.isEmpty else { return }
        let writer = LeadWriter(db: db, engine: database.engine, workspaceId: workspaceId, now: database.clock.now())
        var found: [(id: String, type: LeadType)] = []
        for chunk in unique.chunked(into: LeadRows.maxBindsPerList) {
            let rows = try await db.raw("SELECT id, type FROM leads WHERE workspace_id = \(bind: workspaceId) AND id IN (\(binds: chunk))").all()
            for row in rows {
                found.append((try row.decode(column: "id", as: String.self), LeadType(rawValue: try row.decode(column: "type", as: String.self)) ?? .person))
            }
        }
        if found.count != unique.count {
            let known = Set(found.map(\.id))
            let missing = unique.filter { !known.contains($0) }.sorted()
            throw PuffleError.notFound("Lead \(missing[0]) not found" + (missing.count > 1 ? " (and \(missing.count - 1) more)" : ""))
        }
        if let wrong = found.first(where: { !list.leadType.accepts($0.type) }) {
            throw PuffleError.invalidRequest("leadIds: Lead \(wrong.id) is a \(wrong.type.rawValue); this List holds \(list.leadType.rawValue) Leads")
        }
        guard !list.isDefault else { return }
        try await writer.attach(found, toList: list.id)
    }
}
