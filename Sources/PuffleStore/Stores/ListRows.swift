import Foundation
import PuffleCore
import SQLKit

/// How a List is laid out in the `lists` table.
enum ListRows {
    static let selectList = """
        id, name, description, lead_type, is_default, lead_count, person_count, company_count,
        active_search_task_id, search_filters, created_at, updated_at
        """

    static func list(from row: any SQLRow) throws -> LeadList {
        let filters = try row.decode(column: "search_filters", as: String.self)
        return LeadList(
            id: try row.decode(column: "id", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            description: try row.decode(column: "description", as: String?.self),
            leadType: ListLeadType(rawValue: try row.decode(column: "lead_type", as: String.self)) ?? .mixed,
            leadCount: Int(try row.decode(column: "lead_count", as: Int64.self)),
            personCount: Int(try row.decode(column: "person_count", as: Int64.self)),
            companyCount: Int(try row.decode(column: "company_count", as: Int64.self)),
            createdAt: Timestamp(milliseconds: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Timestamp(milliseconds: try row.decode(column: "updated_at", as: Int64.self)),
            activeSearchTaskId: try row.decode(column: "active_search_task_id", as: String?.self),
            searchFilters: (try? JSONDecoder().decode(JSONObject.self, from: Data(filters.utf8))) ?? [:],
            isDefault: try row.decode(column: "is_default", as: Int.self) != 0
        )
    }

    /// One List of the workspace by id, or the default List by the alias `all`.
    /// - Throws: ``PuffleError/notFound(_:)`` for an unknown id or another workspace's List.
    static func find(workspaceId: String, id: String, db: any SQLDatabase) async throws -> LeadList {
        let row: (any SQLRow)?
        if id == LeadList.defaultListAlias {
            row = try await db.raw("SELECT \(unsafeRaw: selectList) FROM lists WHERE workspace_id = \(bind: workspaceId) AND is_default = 1").first()
        } else {
            row = try await db.raw("SELECT \(unsafeRaw: selectList) FROM lists WHERE workspace_id = \(bind: workspaceId) AND id = \(bind: id)").first()
        }
        guard let row else { throw PuffleError.notFound("List \(id) not found") }
        return try list(from: row)
    }

    /// How many of these membership rows (with a `lead_type` column) are persons and companies.
    static func countByType(_ rows: [any SQLRow]) throws -> (persons: Int, companies: Int) {
        var persons = 0
        for row in rows where try row.decode(column: "lead_type", as: String.self) == LeadType.person.rawValue { persons += 1 }
        return (persons, rows.count - persons)
    }

    /// Adds to a List's counters (negative to subtract) and touches `updated_at`.
    static func addToCounts(listId: String, persons: Int, companies: Int, now: Timestamp, db: any SQLDatabase) async throws {
        guard persons != 0 || companies != 0 else { return }
        try await db.raw("""
            UPDATE lists SET lead_count = lead_count + \(bind: persons + companies), person_count = person_count + \(bind: persons),
            company_count = company_count + \(bind: companies), updated_at = \(bind: now.milliseconds)
            WHERE id = \(bind: listId)
            """).run()
    }

    /// Adds to the default List's counters of a workspace.
    static func addToDefaultCounts(workspaceId: String, persons: Int, companies: Int, db: any SQLDatabase) async throws {
        guard persons != 0 || companies != 0 else { return }
        try await db.raw("""
            UPDATE lists SET lead_count = lead_count + \(bind: persons + companies), person_count = person_count + \(bind: persons),
            company_count = company_count + \(bind: companies) WHERE workspace_id = \(bind: workspaceId) AND is_default = 1
            """).run()
    }

    /// Counts new Leads into the default List and, when given, into a user List that received
    /// them all, in one statement.
    /// - Parameter userList: Counted only while it still exists with the same lead type.
    /// - Returns: The Lists counted, as they are now.
    static func countNewLeads(workspaceId: String, persons: Int, companies: Int, userList: LeadList?, now: Timestamp, db: any SQLDatabase) async throws -> [LeadList] {
        var query = SQLQueryString("""
            UPDATE lists SET lead_count = lead_count + \(bind: persons + companies), person_count = person_count + \(bind: persons),
            company_count = company_count + \(bind: companies),
            updated_at = CASE WHEN is_default = 1 THEN updated_at ELSE \(bind: now.milliseconds) END
            WHERE workspace_id = \(bind: workspaceId) AND (is_default = 1
            """)
        if let userList {
            query.appendInterpolation(SQLQueryString(" OR (id = \(bind: userList.id) AND lead_type = \(bind: userList.leadType.rawValue))"))
        }
        query.appendLiteral(") RETURNING \(selectList)")
        return try await db.raw(query).all().map(list(from:))
    }
}
