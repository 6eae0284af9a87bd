import PuffleCore
import SQLKit

extension SQLLeadStore {
    public func importLeads(workspaceId: String, listId: String?, inputs: [LeadInput], preview: Bool) async throws -> LeadImportOutcome {
        // Derive keys, search text and stored JSON before taking the write lock: on SQLite only
        // the transaction itself is serialized, so this part of concurrent imports runs in parallel.
        var prepared: [PreparedRow] = []
        var invalid: [LeadImportRowError] = []
        for (index, input) in inputs.enumerated() {
            guard let type = input.type, input.isValid else {
                invalid.append(LeadImportRowError(index: index, message: input.problems.joined(separator: "; ")))
                continue
            }
            prepared.append(PreparedRow(index: index, type: type, body: input.body))
        }
        let rows = prepared
        if preview {
            return try await database.read { db in
                try await runImport(workspaceId: workspaceId, listId: listId, rows: rows, invalid: invalid, preview: true, db: db)
            }
        }
        var outcome = try await database.transaction { db in
            try await runImport(workspaceId: workspaceId, listId: listId, rows: rows, invalid: invalid, preview: false, db: db)
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

    /// Checks the rows against the target List, plans the batch, and (unless previewing) writes it.
    private func runImport(
        workspaceId: String, listId: String?, rows prepared: [PreparedRow], invalid: [LeadImportRowError], preview: Bool, db: any SQLDatabase
    ) async throws -> LeadImportOutcome {
        let writer = LeadWriter(db: db, engine: database.engine, workspaceId: workspaceId)
        if !preview { try await writer.lockWorkspace() }
        var target: LeadList?
        if let listId { target = try await ListRows.find(workspaceId: workspaceId, id: listId, db: db) }
        var outcome = LeadImportOutcome(errors: invalid)
        var rows: [PreparedRow] = []
        for row in prepared {
            if let target, !target.leadType.accepts(row.type) {
                outcome.errors.append(LeadImportRowError(index: row.index, message: "type: the List holds \(target.leadType.rawValue) Leads, not \(row.type.rawValue)"))
                continue
            }
            rows.append(row)
        }
        outcome.errors.sort { $0.index < $1.index }
        let plans = try await writer.plan(rows)
        for plan in plans {
            if plan.type == .person { outcome.personCount += 1 } else { outcome.companyCount += 1 }
        }
        // Every valid row either made a new Lead or merged into one (existing, or earlier in the batch).
        outcome.createdCount = plans.filter { $0.existing == nil }.count
        outcome.mergedCount = plans.reduce(0) { $0 + $1.rows.count } - outcome.createdCount
        guard !preview else { return outcome }
        let leads = try await writer.write(plans)
        for (plan, lead) in zip(plans, leads) {
            for row in plan.rows { outcome.leadIdByRow[row] = lead.id }
        }
        if let target, !target.isDefault {
            try await writer.attach(leads.map { ($0.id, $0.type) }, toList: target.id)
        }
        outcome.leads = leads
        outcome.list = target
        return outcome
    }
}
