import Foundation
import PuffleCore
import SQLKit

/// How a Lead is laid out in the `leads` table, written in one place.
enum LeadRows {
    /// Every column of `leads`, in insert order.
    static let columns = ["id", "workspace_id", "type", "body"] + LeadSearchField.allCases.map(\.column) + [
        "dup_name_company", "dup_name_location", "created_at", "updated_at",
    ]

    /// The columns an upsert replaces on an existing Lead (all but id, workspace, type and created_at).
    static let updatableColumns = Array(columns.dropFirst(3).filter { $0 != "created_at" })

    /// The columns a page of Leads reads.
    static let selectList = "l.id, l.type, l.body, l.created_at, l.updated_at"

    /// How many values one `IN (...)` list carries: far below SQLite's 32,766 and PostgreSQL's
    /// 65,535 bind limits, and large enough that a 500-row import looks its keys up in one query.
    static let maxBindsPerList = 5000

    /// An empty batch of `leads` rows, to fill with ``append(id:workspaceId:row:createdAt:updatedAt:to:)``.
    static func bulk() -> BulkRows {
        BulkRows(columns.map { ($0, $0.hasSuffix("_at") ? .integer : .text) })
    }

    /// Appends one row to a batch, in ``columns`` order.
    static func append(id: String, workspaceId: String, row: PreparedLead, createdAt: Timestamp, updatedAt: Timestamp, to bulk: inout BulkRows) {
        bulk.startRow()
        for text in [id, workspaceId, row.type.rawValue, row.bodyJSON] { bulk.add(text) }
        for text in row.search.values { bulk.add(text) }
        bulk.add(row.duplicates.nameCompany)
        bulk.add(row.duplicates.nameLocation)
        bulk.add(createdAt.milliseconds)
        bulk.add(updatedAt.milliseconds)
    }

    /// `ON CONFLICT` clause that makes an insert of existing Leads replace their updatable columns.
    static let upsertTail = "ON CONFLICT (id) DO UPDATE SET " + updatableColumns.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")

    /// A condition matching `text` in the filter's columns (every search column for `q`).
    static func filterCondition(field: LeadFilterField, text: String) -> SQLQueryString {
        let pattern = containsPattern(text)
        let columns = field.searchFields.map(\.column)
        var condition = SQLQueryString("(")
        for (offset, column) in columns.enumerated() {
            if offset > 0 { condition.appendLiteral(" OR ") }
            condition.appendInterpolation(SQLQueryString("l.\(ident: column) LIKE \(bind: pattern) ESCAPE '\\'"))
        }
        condition.appendLiteral(")")
        return condition
    }

    /// A Lead record from a row selected with ``selectList``; `lists` is filled in by the caller.
    static func record(from row: any SQLRow) throws -> LeadRecord {
        var record = LeadRecord(
            id: try row.decode(column: "id", as: String.self),
            type: LeadType(rawValue: try row.decode(column: "type", as: String.self)) ?? .person,
            lists: [],
            createdAt: Timestamp(milliseconds: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Timestamp(milliseconds: try row.decode(column: "updated_at", as: Int64.self)),
            bodyJSON: try row.decode(column: "body", as: String.self)
        )
        if row.contains(column: "membership_attributes") {
            record.membershipAttributesJSON = try row.decode(column: "membership_attributes", as: String.self)
        }
        return record
    }

    /// Which Leads a set of records is, so their memberships can be read without listing every id.
    enum PageScope {
        /// Any Leads: look them up by id.
        case ids
        /// Every Lead of the workspace (of one type, if given) between the first and last id.
        case workspace(type: LeadType?)
        /// Every member of one List (of one type, if given) between the first and last id.
        case list(id: String, type: LeadType?)
    }

    /// Up to this many Lists in a workspace, a page's memberships are read by id range, List by
    /// List; past it, by looking up each Lead of the page.
    static let maxListsReadByRange = 100

    /// Fills each Lead's `lists`: the default List first, then its other Lists oldest first.
    /// - Parameter scope: What the records are; a page in id order reads its memberships through the
    ///   same index range it was read from, instead of binding 500 ids.
    static func attachLists(to leads: consuming [LeadRecord], workspaceId: String, scope: PageScope = .ids, db: any SQLDatabase) async throws -> [LeadRecord] {
        guard !leads.isEmpty else { return leads }
        // A workspace has few Lists and a page many Leads: read the Lists once, then only the
        // membership pairs, instead of joining and sorting for every Lead.
        let listRows = try await db.raw("SELECT id, name, is_default FROM lists WHERE workspace_id = \(bind: workspaceId) ORDER BY created_at, id").all()
        var order: [String: Int] = [:]
        var refsById: [String: ListRef] = [:]
        var defaultList: ListRef?
        var userListIds: [String] = []
        for (position, row) in listRows.enumerated() {
            let ref = ListRef(id: try row.decode(column: "id", as: String.self), name: try row.decode(column: "name", as: String.self))
            if try row.decode(column: "is_default", as: Int.self) != 0 { defaultList = ref } else { userListIds.append(ref.id) }
            order[ref.id] = position
            refsById[ref.id] = ref
        }
        /// The Lists every Lead of the records is in, besides the default List.
        var shared: [String] = []
        /// The other Lists of the Leads that are in more.
        var memberships: [String: [String]] = [:]
        var queries: [SQLQueryString]
        switch (scope, leads.first?.id, leads.last?.id) {
        case (.workspace, .some(let first), .some(let last)) where userListIds.count <= maxListsReadByRange,
            (.list, .some(let first), .some(let last)) where userListIds.count <= maxListsReadByRange:
            // A page is a range of ids, and a workspace has few Lists: one range read per other
            // List (its key is list id, lead id) instead of looking up each of the page's Leads.
            // With no other List there is nothing to read.
            if case .list(let listId, _) = scope { shared = [listId] }
            let others = userListIds.filter { !shared.contains($0) }
            queries = others.isEmpty ? [] : ["""
                SELECT m.lead_id, m.list_id FROM list_members m
                WHERE m.list_id IN (\(binds: others)) AND m.lead_id >= \(bind: first) AND m.lead_id <= \(bind: last)
                """]
        case (.workspace(let type), .some(let first), .some(let last)):
            queries = ["""
                SELECT m.lead_id, m.list_id FROM leads l JOIN list_members m ON m.lead_id = l.id
                WHERE l.workspace_id = \(bind: workspaceId) AND l.id >= \(bind: first) AND l.id <= \(bind: last)
                """]
            if let type { queries[0].appendInterpolation(SQLQueryString(" AND l.type = \(bind: type.rawValue)")) }
        case (.list(let listId, let type), .some(let first), .some(let last)):
            // Every Lead of the page is in this List: read only their other memberships.
            shared = [listId]
            queries = ["""
                SELECT m.lead_id, m.list_id FROM list_members page JOIN list_members m ON m.lead_id = page.lead_id
                WHERE page.list_id = \(bind: listId) AND page.lead_id >= \(bind: first) AND page.lead_id <= \(bind: last)
                AND m.list_id <> page.list_id
                """]
            if let type { queries[0].appendInterpolation(SQLQueryString(" AND page.lead_type = \(bind: type.rawValue)")) }
        default:
            queries = leads.map(\.id).chunked(into: LeadRows.maxBindsPerList).map { "SELECT lead_id, list_id FROM list_members WHERE lead_id IN (\(binds: $0))" }
        }
        for query in queries {
            for row in try await db.raw(query).all() {
                memberships[try row.decode(column: "lead_id", as: String.self), default: []].append(try row.decode(column: "list_id", as: String.self))
            }
        }
        // Most Leads of a page are in the same Lists (often only the page's): build each distinct
        // answer once and share it, instead of sorting and allocating for every Lead.
        let defaultLists = defaultList.map { [$0] } ?? []
        func lists(_ ids: [String]) -> [ListRef] {
            defaultLists + ids.sorted { order[$0, default: .max] < order[$1, default: .max] }.compactMap { refsById[$0] }
        }
        let common = lists(shared)
        var listsOf: [[String]: [ListRef]] = [:]
        for index in leads.indices {
            guard !memberships.isEmpty, let more = memberships[leads[index].id] else {
                leads[index].lists = common
                continue
            }
            let ids = shared + more
            if let known = listsOf[ids] {
                leads[index].lists = known
            } else {
                let answer = lists(ids)
                listsOf[ids] = answer
                leads[index].lists = answer
            }
        }
        return leads
    }

    /// A LIKE pattern matching `text` anywhere, with the wildcard characters of `text` escaped.
    static func containsPattern(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return "%" + escaped + "%"
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunked(into size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
