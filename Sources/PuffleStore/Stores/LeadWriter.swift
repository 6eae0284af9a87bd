import Foundation
import PuffleCore
import SQLKit

/// Creates or reuses Leads by their identity keys, inside the caller's transaction.
///
/// The rules (which rows are one Lead, what merges, what conflicts) are ``LeadMergePlan``'s in Core;
/// this reads what they need and writes what they decide. Callers serialize writers per workspace (SQLite has
/// one writer; PostgreSQL takes ``lockWorkspace()``), so two imports never both create a Lead. A
/// plan made before the lock (``batch(_:workspaceId:now:)``) is checked when its keys are claimed
/// (``apply(_:onlyNewKeys:)``), under the lock.
struct LeadWriter {
    let db: any SQLDatabase
    let engine: DatabaseEngine
    let workspaceId: String
    /// When this write happens, from the database's clock.
    let now: Timestamp

    /// Serializes writers of one workspace on PostgreSQL; SQLite's single writer already does.
    func lockWorkspace() async throws {
        guard engine == .postgres else { return }
        try await db.raw("SELECT pg_advisory_xact_lock(\(bind: Self.lockKey(workspaceId)))").run()
    }

    /// Reads what the identity rules need (who owns the rows' keys, the Leads they merge into) and
    /// returns ``LeadMergePlan``'s plan. Writes nothing.
    func plan(_ rows: [PreparedLead]) async throws -> LeadMergePlan {
        var plan = LeadMergePlan(rows: rows, owners: try await owners(of: LeadMergePlan.distinctKeys(of: rows)))
        try plan.merge(into: try await leads(ids: plan.existingIds))
        return plan
    }

    /// Plans rows that all become new Leads, or answers nil as soon as one of their keys is taken,
    /// without reading the Leads they would merge into.
    func planOfNewLeads(_ rows: [PreparedLead]) async throws -> LeadMergePlan? {
        let owners = try await owners(of: LeadMergePlan.distinctKeys(of: rows))
        guard owners.isEmpty else { return nil }
        return LeadMergePlan(rows: rows, owners: [:])
    }

    /// Writes a plan: inserts new Leads, updates merged ones whose body changed, claims identity
    /// keys, and counts new Leads into the default List.
    /// - Returns: The Lead of each entry, in plan order, without `lists`.
    func write(_ plan: LeadMergePlan) async throws -> [LeadRecord] {
        var batch = Self.batch(plan, workspaceId: workspaceId, now: now)
        _ = try await apply(&batch, onlyNewKeys: false)
        try await ListRows.addToDefaultCounts(workspaceId: workspaceId, persons: batch.newPersons, companies: batch.newCompanies, db: db)
        return batch.leads
    }

    /// A plan turned into the rows to send. Building it needs no database, so an import of only
    /// new Leads builds it before taking the write lock (see ``apply(_:onlyNewKeys:)``).
    struct Batch: Sendable {
        /// The Lead of each entry, in plan order, without `lists`.
        var leads: [LeadRecord]
        var leadRows = LeadRows.bulk()
        var identityRows = BulkRows([("workspace_id", .text), ("key", .text), ("lead_id", .text)])
        var newPersons = 0
        var newCompanies = 0
    }

    static func batch(_ plan: LeadMergePlan, workspaceId: String, now: Timestamp) -> Batch {
        var batch = Batch(leads: [])
        batch.leads.reserveCapacity(plan.entries.count)
        for entry in plan.entries {
            let lead: LeadRecord
            switch (entry.action, entry.existing) {
            case (.unchanged, let record?):
                lead = record
            case (.update, let record?):
                lead = LeadRecord(id: record.id, type: record.type, lists: [], createdAt: record.createdAt, updatedAt: now, bodyJSON: entry.prepared.bodyJSON)
                LeadRows.append(id: lead.id, workspaceId: workspaceId, row: entry.prepared, createdAt: lead.createdAt, updatedAt: now, to: &batch.leadRows)
            default:
                lead = LeadRecord(id: SortableID.make(), type: entry.type, lists: [], createdAt: now, updatedAt: now, bodyJSON: entry.prepared.bodyJSON)
                LeadRows.append(id: lead.id, workspaceId: workspaceId, row: entry.prepared, createdAt: now, updatedAt: now, to: &batch.leadRows)
                if entry.type == .person { batch.newPersons += 1 } else { batch.newCompanies += 1 }
            }
            for key in Set(entry.keys) {
                batch.identityRows.startRow()
                batch.identityRows.add(workspaceId)
                batch.identityRows.add(key)
                batch.identityRows.add(lead.id)
            }
            batch.leads.append(lead)
        }
        return batch
    }

    /// Writes a batch: claims its identity keys and inserts or updates its Leads. The caller counts
    /// the new ones into the default List.
    /// - Parameter onlyNewKeys: The batch was planned before the lock, on the premise that none
    ///   of its keys was taken. Claiming the keys checks the premise in the same statement.
    /// - Returns: False, having written no Lead, when `onlyNewKeys` and some key was taken
    ///   meanwhile; the caller rolls back and plans again.
    func apply(_ batch: inout Batch, onlyNewKeys: Bool) async throws -> Bool {
        if !batch.identityRows.isEmpty {
            let expected = batch.identityRows.count
            let claim = batch.identityRows.insert(into: "lead_identities", engine: engine, tail: "ON CONFLICT (workspace_id, key) DO NOTHING")
            if onlyNewKeys {
                guard try await BulkRows.changedRowCount(of: claim, engine: engine, db: db) == expected else { return false }
            } else {
                try await db.raw(claim).run()
            }
        }
        if !batch.leadRows.isEmpty {
            try await db.raw(batch.leadRows.insert(into: "leads", engine: engine, tail: LeadRows.upsertTail)).run()
        }
        return true
    }

    /// Which Lead owns each of these identity keys.
    func owners(of keys: [String]) async throws -> [String: String] {
        var owners: [String: String] = [:]
        for chunk in keys.chunked(into: LeadRows.maxBindsPerList) {
            let rows = try await db.raw("SELECT key, lead_id FROM lead_identities WHERE workspace_id = \(bind: workspaceId) AND key IN (\(binds: chunk))").all()
            for row in rows {
                owners[try row.decode(column: "key", as: String.self)] = try row.decode(column: "lead_id", as: String.self)
            }
        }
        return owners
    }

    /// The workspace's Leads with these ids, without `lists`.
    func leads(ids: [String]) async throws -> [String: LeadRecord] {
        var leads: [String: LeadRecord] = [:]
        for chunk in ids.chunked(into: LeadRows.maxBindsPerList) {
            let rows = try await db.raw("SELECT \(unsafeRaw: LeadRows.selectList) FROM leads l WHERE l.workspace_id = \(bind: workspaceId) AND l.id IN (\(binds: chunk))").all()
            for row in rows {
                let lead = try LeadRows.record(from: row)
                leads[lead.id] = lead
            }
        }
        return leads
    }

    /// Attaches Leads to a user List, ignoring those already in it, and counts the new members.
    func attach(_ leads: [(id: String, type: LeadType)], toList listId: String) async throws {
        guard !leads.isEmpty else { return }
        var rows = Self.memberRows(leads, listId: listId, now: now)
        let insert = rows.insert(into: "list_members", engine: engine, tail: "ON CONFLICT (list_id, lead_id) DO NOTHING RETURNING lead_type")
        let (persons, companies) = try ListRows.countByType(try await db.raw(insert).all())
        try await ListRows.addToCounts(listId: listId, persons: persons, companies: companies, now: now, db: db)
    }

    /// Makes Leads created in this transaction members of a List. None can be a member yet, so
    /// nothing is read back; the caller counts them.
    func attachNew(_ leads: [LeadRecord], toList listId: String) async throws {
        guard !leads.isEmpty else { return }
        var rows = Self.memberRows(leads.map { ($0.id, $0.type) }, listId: listId, now: now)
        try await db.raw(rows.insert(into: "list_members", engine: engine)).run()
    }

    private static func memberRows(_ leads: [(id: String, type: LeadType)], listId: String, now: Timestamp) -> BulkRows {
        var rows = BulkRows([("list_id", .text), ("lead_id", .text), ("lead_type", .text), ("added_at", .integer)])
        for lead in leads {
            rows.startRow()
            rows.add(listId)
            rows.add(lead.id)
            rows.add(lead.type.rawValue)
            rows.add(now.milliseconds)
        }
        return rows
    }

    /// A stable 63-bit key for `pg_advisory_xact_lock` (FNV-1a of the workspace id).
    static func lockKey(_ workspaceId: String) -> Int64 {
        Int64(bitPattern: StableHash.fnv1a(workspaceId) & 0x7FFF_FFFF_FFFF_FFFF)
    }
}
