import PuffleCore
import SQLKit

extension SQLLeadStore {
    public func importLeads(workspaceId: String, listId: String?, inputs: [LeadInput], preview: Bool) async throws -> LeadImportOutcome {
        // Derive keys, search text and stored JSON before taking the write lock: on SQLite only
        // the transaction itself is serialized, so this part of concurrent imports runs in parallel.
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
        // Rows naming Lists of their own (`listIds`) take the planned path under the lock, where those Lists are checked.
        if rowLists.isEmpty, let draft = try await draftOfNewLeads(workspaceId: workspaceId, listId: listId, rows: rows, invalid: invalid) {
            guard !draft.batch.leads.isEmpty else {
                // Every row was refused: nothing to write or count.
                var outcome = draft.outcome
                outcome.list = draft.target ?? draft.defaultList
                return outcome
            }
            if let outcome = try await database.transaction(ending: { db in try await write(draft, db: db) }) {
                return outcome
            }
            // Another writer claimed one of the keys, or changed the List, meanwhile: plan again under the lock.
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

    /// An import of only new Leads, planned and built from committed data before the write lock.
    private struct Draft: Sendable {
        var workspaceId: String
        var outcome: LeadImportOutcome
        /// The request rows of each Lead, in the batch's order.
        var rowsOfLead: [[Int]]
        /// The target List as the plan saw it.
        var target: LeadList?
        var defaultList: LeadList
        var batch: LeadWriter.Batch
    }

    /// Plans the batch on a reader. When every Lead would be new (the common case of a bulk
    /// import) the rows to insert are built too, so the write lock is held only to send them.
    /// - Returns: nil when some row merges into an existing Lead; that plan is made under the lock.
    private func draftOfNewLeads(workspaceId: String, listId: String?, rows: [PreparedLead], invalid: [LeadImportRowError]) async throws -> Draft? {
        let read = try await database.read { db -> (LeadList?, LeadList, [LeadImportRowError], LeadMergePlan)? in
            var target: LeadList?
            if let listId { target = try await ListRows.find(workspaceId: workspaceId, id: listId, db: db) }
            let (accepted, errors) = Self.check(rows, against: target, invalid: invalid)
            guard let plan = try await LeadWriter(db: db, engine: database.engine, workspaceId: workspaceId, now: database.clock.now()).planOfNewLeads(accepted) else { return nil }
            let defaultList = try await ListRows.find(workspaceId: workspaceId, id: LeadList.defaultListAlias, db: db)
            return (target, defaultList, errors, plan)
        }
        guard let (target, defaultList, errors, plan) = read else { return nil }
        var outcome = LeadImportOutcome(errors: errors)
        outcome.count(plan)
        return Draft(
            workspaceId: workspaceId, outcome: outcome, rowsOfLead: plan.entries.map(\.rows), target: target,
            defaultList: defaultList, batch: LeadWriter.batch(plan, workspaceId: workspaceId, now: database.clock.now()))
    }

    /// Writes a draft of new Leads, unless what it was planned from changed.
    /// - Returns: The outcome to commit, or nil to roll back when it did.
    private func write(_ draft: Draft, db: any SQLDatabase) async throws -> TransactionEnd<LeadImportOutcome?> {
        var outcome = draft.outcome
        // Few statements: under load each one waits its turn on the shared threads.
        let writer = LeadWriter(db: db, engine: database.engine, workspaceId: draft.workspaceId, now: database.clock.now())
        try await writer.lockWorkspace()
        var batch = draft.batch
        guard try await writer.apply(&batch, onlyNewKeys: true) else { return .rollBack(nil) }
        var lists = [ListRef(id: draft.defaultList.id, name: draft.defaultList.name)]
        let userList = draft.target.flatMap { $0.isDefault ? nil : $0 }
        if let userList {
            try await writer.attachNew(batch.leads, toList: userList.id)
            lists.append(ListRef(id: userList.id, name: userList.name))
        }
        let counted = try await ListRows.countNewLeads(
            workspaceId: draft.workspaceId, persons: batch.newPersons, companies: batch.newCompanies, userList: userList, now: database.clock.now(), db: db)
        // The List as counted now, unless it was deleted or its lead type changed since the plan;
        // without a target, the default `all` List every Lead joins.
        let plannedId = draft.target?.id ?? draft.defaultList.id
        guard let list = counted.first(where: { $0.id == plannedId }) else { return .rollBack(nil) }
        outcome.list = list
        outcome.leads = batch.leads.map { lead in
            var lead = lead
            lead.lists = lists
            return lead
        }
        for (rows, lead) in zip(draft.rowsOfLead, batch.leads) {
            for row in rows { outcome.leadIdByRow[row] = lead.id }
        }
        return .commit(outcome)
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
