import Foundation
import PuffleCore
import SQLKit

/// Creates or reuses Leads by their identity keys, inside the caller's transaction.
///
/// Rows of one batch that share a key become one Lead; a row whose key already belongs to a Lead
/// merges into it (``LeadBody/merging(_:)``). Callers serialize writers per workspace (SQLite has
/// one writer; PostgreSQL takes ``lockWorkspace()``), so two imports never both create a Lead. A
/// plan made before the lock (``batch(_:workspaceId:)``) is checked when its keys are claimed
/// (``apply(_:onlyNewKeys:)``), under the lock.
struct LeadWriter {
    let db: any SQLDatabase
    let engine: DatabaseEngine
    let workspaceId: String
    /// When this write happens, from the database's clock.
    let now: Timestamp

    /// What will happen to one distinct Lead of the batch.
    struct Plan {
        /// The request rows that became this Lead.
        var rows: [Int]
        /// The Lead to write, prepared from the rows' (and an existing Lead's) merged body.
        var prepared: PreparedRow
        /// The Lead this merges into, when one of its keys is already taken.
        var existingId: String?
        var existing: (record: LeadRecord, body: LeadBody)?
        /// Every identity key of the rows, to claim for the Lead.
        var keys: [String]

        var type: LeadType { prepared.type }
    }

    /// Serializes writers of one workspace on PostgreSQL; SQLite's single writer already does.
    func lockWorkspace() async throws {
        guard engine == .postgres else { return }
        try await db.raw("SELECT pg_advisory_xact_lock(\(bind: Self.lockKey(workspaceId)))").run()
    }

    /// Works out which rows are new Leads and which merge into existing ones. Writes nothing.
    /// - Returns: The plans, and an error for each row refused because its identifiers belong to
    ///   two or more different Leads (``conflictError(index:owners:)``).
    func plan(_ rows: [PreparedRow]) async throws -> (plans: [Plan], conflicts: [LeadImportRowError]) {
        try await plan(rows, owners: owners(of: Self.distinctKeys(of: rows)))
    }

    /// Plans rows that all become new Leads, or answers nil as soon as one of their keys is taken,
    /// without reading the Leads they would merge into.
    func planOfNewLeads(_ rows: [PreparedRow]) async throws -> [Plan]? {
        let owners = try await owners(of: Self.distinctKeys(of: rows))
        guard owners.isEmpty else { return nil }
        return try await plan(rows, owners: owners).plans
    }

    private static func distinctKeys(of rows: [PreparedRow]) -> [String] {
        Array(Set(rows.flatMap(\.keys)))
    }

    /// Plans rows given which Lead owns each of their keys.
    private func plan(_ allRows: [PreparedRow], owners: [String: String]) async throws -> (plans: [Plan], conflicts: [LeadImportRowError]) {
        /// The keys among these that a Lead already owns, with that Lead.
        func owned(_ keys: [String]) -> [(key: String, leadId: String)] {
            keys.compactMap { key in owners[key].map { (key: key, leadId: $0) } }
        }
        var conflicts: [LeadImportRowError] = []
        // A row whose own identifiers belong to different Leads is refused by itself first, so the
        // rows it shares a key with are not grouped with it and refused too.
        let rows = allRows.filter { row in
            let rowOwners = owned(row.keys)
            guard Set(rowOwners.map(\.leadId)).count > 1 else { return true }
            conflicts.append(Self.conflictError(index: row.index, owners: rowOwners))
            return false
        }
        let keys = rows.map(\.keys)
        var plans: [Plan] = []
        var planOfLead: [String: Int] = [:]
        for group in LeadBatchGrouping.groups(keys: keys) {
            var prepared = rows[group[0]]
            if group.count > 1 {
                let body = group.dropFirst().reduce(prepared.body) { $0.merging(rows[$1].body) }
                prepared = PreparedRow(index: prepared.index, type: prepared.type, body: body)
            }
            let groupKeys = Array(Set(group.flatMap { keys[$0] })).sorted()
            let indexes = group.map { rows[$0].index }
            let groupOwners = owned(groupKeys)
            if Set(groupOwners.map(\.leadId)).count > 1 {
                // Rows that each match one Lead, joined by a new key into a group that matches two:
                // merging into one of them would leave the others' identifiers on it, owned elsewhere.
                conflicts += indexes.map { Self.conflictError(index: $0, owners: groupOwners) }
                continue
            }
            if let leadId = groupOwners.first?.leadId {
                if let planIndex = planOfLead[leadId] {
                    let plan = plans[planIndex]
                    plans[planIndex].rows += indexes
                    plans[planIndex].prepared = PreparedRow(index: plan.prepared.index, type: plan.type, body: plan.prepared.body.merging(prepared.body))
                    plans[planIndex].keys += groupKeys
                    continue
                }
                planOfLead[leadId] = plans.count
                plans.append(Plan(rows: indexes, prepared: prepared, existingId: leadId, keys: groupKeys))
            } else {
                plans.append(Plan(rows: indexes, prepared: prepared, existingId: nil, keys: groupKeys))
            }
        }
        let existing = try await leads(ids: Array(planOfLead.keys))
        for (leadId, planIndex) in planOfLead {
            guard let record = existing[leadId] else { continue }
            let body = try LeadBody(storedJSON: record.bodyJSON)
            let plan = plans[planIndex]
            plans[planIndex].existing = (record, body)
            plans[planIndex].prepared = PreparedRow(index: plan.prepared.index, type: plan.type, body: body.merging(plan.prepared.body))
        }
        return (plans, conflicts.sorted { $0.index < $1.index })
    }

    /// The error of a row whose identifiers belong to different Leads, naming one identifier of each.
    static func conflictError(index: Int, owners: [(key: String, leadId: String)]) -> LeadImportRowError {
        var named: [String: String] = [:]
        for owner in owners where named[owner.leadId] == nil {
            // Keys read `type:kind:value`; the message shows `kind value`.
            let parts = owner.key.split(separator: ":", maxSplits: 2)
            named[owner.leadId] = parts.count == 3 ? "\(parts[1]) \(parts[2])" : owner.key
        }
        let list = named.sorted { $0.key < $1.key }.map { "\($0.value) belongs to Lead \($0.key)" }.joined(separator: ", ")
        return LeadImportRowError(index: index, code: "conflict", message: "The identifiers match different Leads (\(list)); update those Leads instead")
    }

    /// Writes a plan: inserts new Leads, updates merged ones whose body changed, claims identity
    /// keys, and counts new Leads into the default List.
    /// - Returns: The Lead of each plan, in plan order, without `lists`.
    func write(_ plans: [Plan]) async throws -> [LeadRecord] {
        var batch = Self.batch(plans, workspaceId: workspaceId, now: now)
        try await apply(&batch, onlyNewKeys: false)
        try await ListRows.addToDefaultCounts(workspaceId: workspaceId, persons: batch.newPersons, companies: batch.newCompanies, db: db)
        return batch.leads
    }

    /// A plan turned into the rows to send. Building it needs no database, so an import of only
    /// new Leads builds it before taking the write lock (see ``apply(_:onlyNewKeys:)``).
    struct Batch: Sendable {
        /// The Lead of each plan, in plan order, without `lists`.
        var leads: [LeadRecord]
        var leadRows = LeadRows.bulk()
        var identityRows = BulkRows([("workspace_id", .text), ("key", .text), ("lead_id", .text)])
        var newPersons = 0
        var newCompanies = 0
    }

    static func batch(_ plans: [Plan], workspaceId: String, now: Timestamp) -> Batch {
        var batch = Batch(leads: [])
        batch.leads.reserveCapacity(plans.count)
        for plan in plans {
            let lead: LeadRecord
            if let (record, body) = plan.existing, plan.prepared.body == body {
                lead = record
            } else if let (record, _) = plan.existing {
                lead = LeadRecord(id: record.id, type: record.type, lists: [], createdAt: record.createdAt, updatedAt: now, bodyJSON: plan.prepared.bodyJSON)
                LeadRows.append(id: lead.id, workspaceId: workspaceId, row: plan.prepared, createdAt: lead.createdAt, updatedAt: now, to: &batch.leadRows)
            } else {
                lead = LeadRecord(id: SortableID.make(), type: plan.type, lists: [], createdAt: now, updatedAt: now, bodyJSON: plan.prepared.bodyJSON)
                LeadRows.append(id: lead.id, workspaceId: workspaceId, row: plan.prepared, createdAt: now, updatedAt: now, to: &batch.leadRows)
                if plan.type == .person { batch.newPersons += 1 } else { batch.newCompanies += 1 }
            }
            for key in Set(plan.keys) {
                batch.identityRows.startRow()
                batch.identityRows.add(workspaceId)
                batch.identityRows.add(key)
                batch.identityRows.add(lead.id)
            }
            batch.leads.append(lead)
        }
        return batch
    }

    /// The batch's plan was made from data that changed before the write lock was taken.
    struct DraftOutdated: Error {}

    /// Writes a batch: claims its identity keys and inserts or updates its Leads. The caller counts
    /// the new ones into the default List.
    /// - Parameter onlyNewKeys: The batch was planned before the lock, on the premise that none
    ///   of its keys was taken. Claiming the keys checks the premise in the same statement.
    /// - Throws: ``DraftOutdated`` when `onlyNewKeys` and some key was taken meanwhile; the
    ///   caller rolls back and plans again.
    func apply(_ batch: inout Batch, onlyNewKeys: Bool) async throws {
        if !batch.identityRows.isEmpty {
            let expected = batch.identityRows.count
            let claim = batch.identityRows.insert(into: "lead_identities", engine: engine, tail: "ON CONFLICT (workspace_id, key) DO NOTHING")
            if onlyNewKeys {
                guard try await BulkRows.changedRowCount(of: claim, engine: engine, db: db) == expected else { throw DraftOutdated() }
            } else {
                try await db.raw(claim).run()
            }
        }
        if !batch.leadRows.isEmpty {
            try await db.raw(batch.leadRows.insert(into: "leads", engine: engine, tail: LeadRows.upsertTail)).run()
        }
    }

    /// Which Lead owns each of these identity keys.
    private func owners(of keys: [String]) async throws -> [String: String] {
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
