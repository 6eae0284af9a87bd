import Foundation
import PuffleCore
import SQLKit

/// ``LeadStore`` over SQL, for SQLite and PostgreSQL alike.
public struct SQLLeadStore: LeadStore {
    let database: PuffleDatabase

    public init(database: PuffleDatabase) {
        self.database = database
    }

    public func createLead(workspaceId: String, input: LeadInput) async throws -> (lead: LeadRecord, created: Bool) {
        guard let type = input.type, input.isValid else {
            throw PuffleError.invalidRequest(input.problems.first ?? "Invalid Lead")
        }
        return try await database.transaction { db in
            let writer = LeadWriter(db: db, engine: database.engine, workspaceId: workspaceId, now: database.clock.now())
            try await writer.lockWorkspace()
            var targets: [LeadList] = []
            for listId in input.listIds {
                let list = try await ListRows.find(workspaceId: workspaceId, id: listId, db: db)
                guard list.leadType.accepts(type) else {
                    throw PuffleError.invalidRequest("listIds: List \(listId) holds \(list.leadType.rawValue) Leads, not \(type.rawValue)")
                }
                if !list.isDefault { targets.append(list) }
            }
            let plan = try await writer.plan([PreparedLead(index: 0, type: type, body: input.body)])
            if let conflict = plan.conflicts.first { throw PuffleError.conflict(conflict.message) }
            let lead = try await writer.write(plan)[0]
            for list in targets { try await writer.attach([(lead.id, lead.type)], toList: list.id) }
            let withLists = try await LeadRows.attachLists(to: [lead], workspaceId: workspaceId, db: db)[0]
            return (withLists, plan.entries[0].action == .create)
        }
    }

    public func lead(workspaceId: String, id: String) async throws -> LeadRecord {
        try await database.read { db in
            let writer = LeadWriter(db: db, engine: database.engine, workspaceId: workspaceId, now: database.clock.now())
            guard let lead = try await writer.leads(ids: [id])[id] else { throw PuffleError.notFound("Lead \(id) not found") }
            return try await LeadRows.attachLists(to: [lead], workspaceId: workspaceId, db: db)[0]
        }
    }

    public func leads(workspaceId: String, filter: LeadFilter, after: String?, limit: Int) async throws -> Page<LeadRecord> {
        try await database.read { db in
            var query = SQLQueryString("SELECT \(unsafeRaw: LeadRows.selectList) FROM leads l WHERE l.workspace_id = \(bind: workspaceId)")
            if let type = filter.type { query.appendInterpolation(SQLQueryString(" AND l.type = \(bind: type.rawValue)")) }
            for (field, value) in filter.textFilters {
                query.appendLiteral(" AND ")
                query.appendInterpolation(LeadRows.filterCondition(field: field, text: value))
            }
            if let after { query.appendInterpolation(SQLQueryString(" AND l.id > \(bind: after)")) }
            query.appendInterpolation(SQLQueryString(" ORDER BY l.id LIMIT \(literal: limit + 1)"))
            let rows = try await db.raw(query).all()
            // A text filter skips Leads inside the page's id range, so only then are ids bound one by one.
            let scope: LeadRows.PageScope = filter.textFilters.isEmpty ? .workspace(type: filter.type) : .ids
            return try await Self.page(rows: rows, limit: limit, scope: scope, workspaceId: workspaceId, db: db)
        }
    }

    /// A page from `limit + 1` rows: the extra row only tells that more follow.
    static func page(rows: [any SQLRow], limit: Int, scope: LeadRows.PageScope, workspaceId: String, db: any SQLDatabase) async throws -> Page<LeadRecord> {
        let leads = try rows.prefix(limit).map(LeadRows.record(from:))
        let nextAfterId = rows.count > limit ? leads.last?.id : nil
        // Handed over, not shared: filling in `lists` then changes the records in place.
        let withLists = try await LeadRows.attachLists(to: consume leads, workspaceId: workspaceId, scope: scope, db: db)
        return Page(items: withLists, nextAfterId: nextAfterId)
    }

    public func updateLead(workspaceId: String, id: String, patch: LeadPatch) async throws -> LeadRecord {
        try await database.transaction { db in
            let writer = LeadWriter(db: db, engine: database.engine, workspaceId: workspaceId, now: database.clock.now())
            try await writer.lockWorkspace()
            guard let current = try await writer.leads(ids: [id])[id] else { throw PuffleError.notFound("Lead \(id) not found") }
            let currentBody = try LeadBody(storedJSON: current.bodyJSON)
            let body = patch.applied(to: currentBody, type: current.type)
            guard body != currentBody else {
                return try await LeadRows.attachLists(to: [current], workspaceId: workspaceId, db: db)[0]
            }
            var lead = current
            lead.updatedAt = database.clock.now()
            lead.bodyJSON = body.jsonText
            let prepared = PreparedLead(index: 0, type: lead.type, body: body)
            let keys = prepared.keys
            if let conflict = LeadMergePlan.updateConflict(leadId: id, keys: keys, owners: try await writer.owners(of: keys)) { throw conflict }
            try await db.raw("DELETE FROM lead_identities WHERE lead_id = \(bind: id)").run()
            for key in keys {
                try await db.raw("INSERT INTO lead_identities (workspace_id, key, lead_id) VALUES (\(bind: workspaceId), \(bind: key), \(bind: id))").run()
            }
            var row = LeadRows.bulk()
            LeadRows.append(id: id, workspaceId: workspaceId, row: prepared, createdAt: lead.createdAt, updatedAt: lead.updatedAt, to: &row)
            try await db.raw(row.insert(into: "leads", engine: database.engine, tail: LeadRows.upsertTail)).run()
            return try await LeadRows.attachLists(to: [lead], workspaceId: workspaceId, db: db)[0]
        }
    }

    public func deleteLead(workspaceId: String, id: String) async throws {
        try await database.transaction { db in
            guard let row = try await db.raw("SELECT type FROM leads WHERE workspace_id = \(bind: workspaceId) AND id = \(bind: id)").first() else {
                throw PuffleError.notFound("Lead \(id) not found")
            }
            let isPerson = try row.decode(column: "type", as: String.self) == LeadType.person.rawValue
            let memberships = try await db.raw("SELECT list_id FROM list_members WHERE lead_id = \(bind: id)").all()
            for membership in memberships {
                let listId = try membership.decode(column: "list_id", as: String.self)
                try await ListRows.addToCounts(listId: listId, persons: isPerson ? -1 : 0, companies: isPerson ? 0 : -1, now: database.clock.now(), db: db)
            }
            try await db.raw("DELETE FROM list_members WHERE lead_id = \(bind: id)").run()
            try await db.raw("DELETE FROM lead_identities WHERE lead_id = \(bind: id)").run()
            try await db.raw("DELETE FROM leads WHERE id = \(bind: id)").run()
            try await ListRows.addToDefaultCounts(workspaceId: workspaceId, persons: isPerson ? -1 : 0, companies: isPerson ? 0 : -1, db: db)
        }
    }
}
