import PuffleCore
import SQLKit

extension SQLLeadStore {
    public func importLeads(workspaceId: String, listId: String?, inputs: [LeadInput], preview: Bool) async throws -> LeadImportOutcome {
        // Derive keys, search text and stored JSON before taking the write lock: on SQLite only
        // the transaction itself is serialized, so this part of concurrent imports runs in parallel.
        // The plan is made under the lock. (A second path that planned batches of only new Leads on a
        // reader before the lock was removed: `bench import` measured it no faster for a first
        // import, and slower for a re-import, which looked every key up twice.)
        var prepared: [PreparedLead] = []
        var invalid: [LeadImportRowError] = []
        var rowLists: [Int: [String]] = [:]
        for (index, input) in inputs.enumerated() {
            guard let type = input.type, input.isValid else {
                invalid.append(LeadImportRowError(index: index, message: input.problems.joined(separator: "; ")))
                continue
            }
            prepared.append(PreparedLead(index: index, type: type, body: input.body))
            if !input.listIds.isEmpty { rowLists[index] = input.listIds }
        }
        let rows = prepared
        let extraLists = rowLists
        if preview {
            return try await database.read { db in
                try await runImport(workspaceId: workspaceId, listId: listId, rows: rows, rowLists: extraLists, invalid: invalid, preview: true, db: db)
            }
        }
        var outcome = try await database.transaction { db in
            try await runImport(workspaceId: workspaceId, listId: listId, rows: rows, rowLists: extraLists, invalid: invalid, preview: false, db: db)
        }
        // The response's List memberships and counts are read after the commit, outside the write lock.
        let written = outcome.leads
        let target = outcome.list?.id
        let (leads, list) = try await database.read { db in
            let leads = try await LeadRows.attachLists(to: written, workspaceId: workspaceId, db: db)
            var list: LeadList?
            if let target { list = try await ListRows.find(workspaceId: workspaceId, id: target, db: db) }
            return (leads, list)
        }
        outcome.leads = leads
        outcome.list = list
        return outcome
    }

    /// Splits rows into those the target List accepts and errors for the others, in row order.
    private static func check(_ rows: [PreparedLead], against target: LeadList?, invalid: [LeadImportRowError]) -> ([PreparedLead], [LeadImportRowError]) {
        var errors = invalid
        var accepted: [PreparedLead] = []
        for row in rows {
            if let target, !target.leadType.accepts(row.type) {
                errors.append(LeadImportRowError(index: row.index, message: "type: the List holds \(target.leadType.rawValue) Leads, not \(row.type.rawValue)"))
                continue
            }
            accepted.append(row)
        }
        errors.sort { $0.index < $1.index }
        return (accepted, errors)
    }

    /// A row's own `listIds`: each must be a List of the workspace that takes the row's type;
    /// a row naming one that is not is reported by index and not imported, as `POST /api/leads` refuses it.
    private static func check(
        _ rows: [PreparedLead], lists rowLists: [Int: [String]], found: [String: LeadList], errors: inout [LeadImportRowError]
    ) -> [PreparedLead] {
        guard !rowLists.isEmpty else { return rows }
        return rows.filter { row in
            for id in rowLists[row.index] ?? [] {
                guard let list = found[id] else {
                    errors.append(LeadImportRowError(index: row.index, code: "not_found", message: "listIds: List \(id) not found"))
                    return false
                }
                guard list.leadType.accepts(row.type) else {
                    errors.append(LeadImportRowError(index: row.index, message: "listIds: List \(id) holds \(list.leadType.rawValue) Leads, not \(row.type.rawValue)"))
                    return false
                }
            }
            return true
        }
    }

    /// The Lists rows name in `listIds` that exist in the workspace, by the id the row used.
    private static func rowTargets(_ rowLists: [Int: [String]], workspaceId: String, db: any SQLDatabase) async throws -> [String: LeadList] {
        var found: [String: LeadList] = [:]
        for id in Set(rowLists.values.joined()) {
            do {
                found[id] = try await ListRows.find(workspaceId: workspaceId, id: id, db: db)
            } catch PuffleError.notFound {
                continue
            }
        }
        return found
    }

    /// Checks the rows against the target List, plans the batch, and (unless previewing) writes it.
    private func runImport(
        workspaceId: String, listId: String?, rows prepared: [PreparedLead], rowLists: [Int: [String]], invalid: [LeadImportRowError], preview: Bool,
        db: any SQLDatabase
    ) async throws -> LeadImportOutcome {
        let writer = LeadWriter(db: db, engine: database.engine, workspaceId: workspaceId, now: database.clock.now())
        if !preview { try await writer.lockWorkspace() }
        var target: LeadList?
        if let listId { target = try await ListRows.find(workspaceId: workspaceId, id: listId, db: db) }
        let found = try await Self.rowTargets(rowLists, workspaceId: workspaceId, db: db)
        var (rows, errors) = Self.check(prepared, against: target, invalid: invalid)
        rows = Self.check(rows, lists: rowLists, found: found, errors: &errors)
        let plan = try await writer.plan(rows)
        var outcome = LeadImportOutcome(errors: (errors + plan.conflicts).sorted { $0.index < $1.index })
        outcome.count(plan)
        guard !preview else { return outcome }
        let leads = try await writer.write(plan)
        for (entry, lead) in zip(plan.entries, leads) {
            for row in entry.rows { outcome.leadIdByRow[row] = lead.id }
        }
        if let target, !target.isDefault {
            try await writer.attach(leads.map { ($0.id, $0.type) }, toList: target.id)
        }
        var leadsOfList: [String: [(String, LeadType)]] = [:]
        for (entry, lead) in zip(plan.entries, leads) {
            let ids = Set(entry.rows.flatMap { rowLists[$0] ?? [] }.compactMap { found[$0] }.filter { !$0.isDefault }.map(\.id))
            for id in ids { leadsOfList[id, default: []].append((lead.id, lead.type)) }
        }
        for (id, members) in leadsOfList { try await writer.attach(members, toList: id) }
        outcome.leads = leads
        if let target {
            outcome.list = target
        } else {
            outcome.list = try await ListRows.find(workspaceId: workspaceId, id: LeadList.defaultListAlias, db: db)
        }
        return outcome
    }
}
