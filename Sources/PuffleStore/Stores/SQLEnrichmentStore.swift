import PuffleCore
import SQLKit

/// Enrichment runs and items in `enrichment_runs` and `enrichment_items`; charges and refunds in the credit ledger.
public struct SQLEnrichmentStore: EnrichmentStore {
    let database: PuffleDatabase

    public init(database: PuffleDatabase) {
        self.database = database
    }

    public func createRun(_ request: EnrichmentRequest) async throws -> (run: EnrichmentRun, reused: Bool) {
        let engine = database.engine
        // A preview resolves and plans in a transaction that is rolled back: it writes nothing.
        return try await database.transaction(ending: { db -> TransactionEnd<(EnrichmentRun, Bool)> in
            // Concurrent requests with one key must see each other: SQLite has one writer, and
            // PostgreSQL takes the workspace's lock first.
            try await LeadWriter(db: db, engine: engine, workspaceId: request.workspaceId, now: database.clock.now()).lockWorkspace()
            if let key = request.idempotencyKey, let existing = try await db.raw("""
                SELECT id, fingerprint FROM enrichment_runs WHERE workspace_id = \(bind: request.workspaceId) AND idempotency_key = \(bind: key)
                """).first() {
                try EnrichmentPlanner.checkReplay(of: request, key: key, earlierFingerprint: try existing.decode(column: "fingerprint", as: String.self))
                let id = try existing.decode(column: "id", as: String.self)
                guard let run = try await EnrichmentRows.find(id: id, workspaceId: request.workspaceId, db: db) else { throw PuffleError.notFound("Enrichment run \(id) not found") }
                return .commit((run, true))
            }
            var resolution = try await Self.resolve(request.scope, workspaceId: request.workspaceId, db: db)
            if let listId = EnrichmentPlanner.membershipListId(of: request) {
                resolution.outsideList = try await Self.nonMembers(resolution.leads.map(\.id), listId: listId, workspaceId: request.workspaceId, db: db)
            }
            let balance = try await SQLCreditStore.balance(workspaceId: request.workspaceId, db: db)
            let plan = try EnrichmentPlanner.plan(request, resolution: resolution, balance: balance)
            let run = try await Self.insertRun(request, leads: plan.leads, charged: plan.charge, now: database.clock.now(), engine: engine, db: db)
            return request.preview ? .rollBack((run, false)) : .commit((run, false))
        })
    }

    /// The Leads among these that are not members of a List.
    static func nonMembers(_ ids: [String], listId: String, workspaceId: String, db: any SQLDatabase) async throws -> [String] {
        let list = try await ListRows.find(workspaceId: workspaceId, id: listId, db: db)
        var members = Set<String>()
        for chunk in Array(Set(ids)).chunked(into: LeadRows.maxBindsPerList) {
            for row in try await db.raw("SELECT lead_id FROM list_members WHERE list_id = \(bind: list.id) AND lead_id IN (\(binds: chunk))").all() {
                members.insert(try row.decode(column: "lead_id", as: String.self))
            }
        }
        return Array(Set(ids).subtracting(members))
    }

    /// The workspace's Leads a scope names, in id order, and the named ids that are not its Leads.
    static func resolve(_ scope: EnrichmentScope, workspaceId: String, db: any SQLDatabase) async throws -> EnrichmentPlanner.Resolution {
        func leads(_ rows: [any SQLRow]) throws -> [EnrichmentPlanner.ScopedLead] {
            try rows.map { .init(id: try $0.decode(column: "id", as: String.self), type: LeadType(rawValue: try $0.decode(column: "type", as: String.self)) ?? .person) }
        }
        switch scope {
        case .explicitLeads(let leadIds, let listId):
            if let listId { _ = try await ListRows.find(workspaceId: workspaceId, id: listId, db: db) }
            var found: [EnrichmentPlanner.ScopedLead] = []
            for chunk in Array(Set(leadIds)).chunked(into: LeadRows.maxBindsPerList) {
                found += try leads(try await db.raw("SELECT id, type FROM leads WHERE workspace_id = \(bind: workspaceId) AND id IN (\(binds: chunk))").all())
            }
            let missing = Set(leadIds).subtracting(found.map(\.id))
            return .init(leads: found.sorted { $0.id < $1.id }, missingLeadIds: Array(missing))
        case .list(let listId):
            return .init(leads: try await members(of: listId, filter: LeadFilter(), workspaceId: workspaceId, db: db, decode: leads))
        case .filteredList(let listId, let filter):
            return .init(leads: try await members(of: listId, filter: filter, workspaceId: workspaceId, db: db, decode: leads))
        }
    }

    private static func members(
        of listId: String, filter: LeadFilter, workspaceId: String, db: any SQLDatabase, decode: ([any SQLRow]) throws -> [EnrichmentPlanner.ScopedLead]
    ) async throws -> [EnrichmentPlanner.ScopedLead] {
        let list = try await ListRows.find(workspaceId: workspaceId, id: listId, db: db)
        var query = SQLQueryString("SELECT l.id, l.type FROM leads l")
        if !list.isDefault { query.appendInterpolation(SQLQueryString(" JOIN list_members m ON m.lead_id = l.id AND m.list_id = \(bind: list.id)")) }
        query.appendInterpolation(SQLQueryString(" WHERE l.workspace_id = \(bind: workspaceId)"))
        if let type = filter.type { query.appendInterpolation(SQLQueryString(" AND l.type = \(bind: type.rawValue)")) }
        for (field, value) in filter.textFilters {
            query.appendLiteral(" AND ")
            query.appendInterpolation(LeadRows.filterCondition(field: field, text: value))
        }
        query.appendLiteral(" ORDER BY l.id")
        return try decode(try await db.raw(query).all())
    }

    /// Writes the run, its items, the charge and the jobs that do the items.
    private static func insertRun(
        _ request: EnrichmentRequest, leads: [EnrichmentPlanner.ScopedLead], charged: Int, now: Timestamp, engine: DatabaseEngine, db: any SQLDatabase
    ) async throws -> EnrichmentRun {
        let id = SortableID.make()
        try await db.raw("""
            INSERT INTO enrichment_runs (id, workspace_id, slug, version, mode, status, scope_type, list_id, requested_scope, resolved_count,
                attribute_key, write_policy, input, credit_action, unit_cost, credits_charged, idempotency_key, fingerprint, correlation_id,
                created_at, updated_at, output_target)
            VALUES (\(bind: id), \(bind: request.workspaceId), \(bind: request.slug), 1, \(bind: request.preview ? "preview" : "persisted"),
                \(bind: request.preview ? "completed" : "pending"), \(bind: request.scope.typeName), \(bind: request.scope.listId),
                \(bind: JSONWriter.string(request.requestedScope)), \(bind: leads.count), \(bind: request.attributeKey), \(bind: request.writePolicy.rawValue),
                \(bind: JSONWriter.string(.object(request.input))), \(bind: request.creditAction), \(bind: request.unitCost), \(bind: charged),
                \(bind: request.preview ? nil : request.idempotencyKey), \(bind: request.fingerprint), \(bind: request.correlationId),
                \(bind: now.milliseconds), \(bind: now.milliseconds), \(bind: request.outputTarget.rawValue))
            """).run()
        if request.preview {
            guard let run = try await EnrichmentRows.find(id: id, workspaceId: nil, db: db) else { throw PuffleError.notFound("Enrichment run \(id) not found") }
            return run
        }
        if charged > 0 { try await SQLCreditStore.insertEntry(workspaceId: request.workspaceId, amount: -charged, reason: "enrichment:\(id)", now: now, db: db) }
        let itemIds = leads.map { _ in SortableID.make() }.sorted()
        var jobs: [NewJob] = []
        for start in stride(from: 0, to: leads.count, by: EnrichmentRows.itemsPerJob) {
            let end = min(start + EnrichmentRows.itemsPerJob, leads.count)
            var rows = BulkRows([("id", .text), ("run_id", .text), ("lead_id", .text), ("list_id", .text), ("status", .text), ("created_at", .integer), ("updated_at", .integer)])
            for index in start..<end {
                rows.startRow()
                for text in [itemIds[index], id, leads[index].id, request.scope.listId, "pending"] { rows.add(text) }
                rows.add(now.milliseconds)
                rows.add(now.milliseconds)
            }
            try await db.raw(rows.insert(into: "enrichment_items", engine: engine)).run()
            let payload: JSONValue = ["runId": .string(id), "from": .string(itemIds[start]), "through": .string(itemIds[end - 1])]
            jobs.append(NewJob(kind: "enrichment", workspaceId: request.workspaceId, payload: JSONWriter.string(payload), correlationId: request.correlationId))
        }
        try await JobRows.insert(jobs, now: now, engine: engine, db: db)
        guard let run = try await EnrichmentRows.find(id: id, workspaceId: nil, db: db) else { throw PuffleError.notFound("Enrichment run \(id) not found") }
        return run
    }

    public func run(workspaceId: String, id: String) async throws -> EnrichmentRun {
        try await database.read { db in
            guard let run = try await EnrichmentRows.find(id: id, workspaceId: workspaceId, db: db) else { throw PuffleError.notFound("Enrichment run \(id) not found") }
            return run
        }
    }

    public func run(id: String) async throws -> EnrichmentRun {
        try await database.read { db in
            guard let run = try await EnrichmentRows.find(id: id, workspaceId: nil, db: db) else { throw PuffleError.notFound("Enrichment run \(id) not found") }
            return run
        }
    }

    public func items(
        workspaceId: String, runId: String, status: EnrichmentItemStatus?, leadId: String?, after: String?, limit: Int
    ) async throws -> [EnrichmentItem] {
        try await database.read { db in
            guard try await db.raw("SELECT id FROM enrichment_runs WHERE id = \(bind: runId) AND workspace_id = \(bind: workspaceId)").first() != nil else {
                throw PuffleError.notFound("Enrichment run \(runId) not found")
            }
            var query = SQLQueryString("SELECT \(unsafeRaw: EnrichmentRows.itemColumns) FROM enrichment_items WHERE run_id = \(bind: runId)")
            if let status { query.appendInterpolation(SQLQueryString(" AND status = \(bind: status.rawValue)")) }
            if let leadId { query.appendInterpolation(SQLQueryString(" AND lead_id = \(bind: leadId)")) }
            if let after { query.appendInterpolation(SQLQueryString(" AND id > \(bind: after)")) }
            query.appendInterpolation(SQLQueryString(" ORDER BY id LIMIT \(literal: limit)"))
            return try await db.raw(query).all().map(EnrichmentRows.item(from:))
        }
    }

    public func cancel(workspaceId: String, id: String) async throws -> EnrichmentRun {
        try await database.transaction { db in
            guard let run = try await EnrichmentRows.find(id: id, workspaceId: workspaceId, db: db) else { throw PuffleError.notFound("Enrichment run \(id) not found") }
            guard run.status == .pending || run.status == .running else {
                throw PuffleError.refused(code: "run_not_cancellable", kind: .stateConflict, message: "Enrichment run \(id) is already \(run.status.rawValue)")
            }
            let now = database.clock.now().milliseconds
            // Claim the run first, conditionally, so a run the last chunk just completed stays completed.
            let claimed = try await db.raw("""
                UPDATE enrichment_runs SET status = 'cancelled', cancelled_at = \(bind: now), completed_at = \(bind: now), updated_at = \(bind: now)
                WHERE id = \(bind: id) AND status IN ('pending', 'running') RETURNING id
                """).all()
            guard !claimed.isEmpty else {
                throw PuffleError.refused(code: "run_status_changed", kind: .stateConflict, message: "Enrichment run \(id) changed status; read it again")
            }
            let skipped = try await db.raw("""
                UPDATE enrichment_items SET status = 'skipped', skipped_reason = 'run_cancelled', updated_at = \(bind: now), completed_at = \(bind: now)
                WHERE run_id = \(bind: id) AND status = 'pending' RETURNING id
                """).all().count
            let refund = EnrichmentPlanner.refund(forItems: skipped, unitCost: run.unitCost)
            if refund > 0 { try await SQLCreditStore.insertEntry(workspaceId: workspaceId, amount: refund, reason: "enrichment_refund:\(id)", now: database.clock.now(), db: db) }
            try await db.raw("UPDATE enrichment_runs SET credits_refunded = credits_refunded + \(bind: refund) WHERE id = \(bind: id)").run()
            guard let cancelled = try await EnrichmentRows.find(id: id, workspaceId: workspaceId, db: db) else { throw PuffleError.notFound("Enrichment run \(id) not found") }
            return cancelled
        }
    }
}
