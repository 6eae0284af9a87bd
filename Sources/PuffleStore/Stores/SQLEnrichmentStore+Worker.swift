import PuffleCore
import SQLKit

extension SQLEnrichmentStore {
    public func startItems(runId: String, fromItemId: String, throughItemId: String) async throws -> [(item: EnrichmentItem, lead: EnrichmentSubject?)] {
        let now = Timestamp.now().milliseconds
        // Running items are taken again too: they belonged to a worker that died mid-chunk.
        let items = try await database.transaction { db in
            try await db.raw("""
                UPDATE enrichment_runs SET status = 'running', started_at = COALESCE(started_at, \(bind: now)), updated_at = \(bind: now)
                WHERE id = \(bind: runId) AND status = 'pending'
                """).run()
            return try await db.raw("""
                UPDATE enrichment_items SET status = 'running', attempts = attempts + 1, started_at = \(bind: now), updated_at = \(bind: now)
                WHERE run_id = \(bind: runId) AND id >= \(bind: fromItemId) AND id <= \(bind: throughItemId) AND status IN ('pending', 'running')
                RETURNING \(unsafeRaw: EnrichmentRows.itemColumns)
                """).all().map(EnrichmentRows.item(from:))
        }
        guard !items.isEmpty else { return [] }
        let leads = try await database.read { db in
            try await db.raw("SELECT id, type, body FROM leads WHERE id IN (\(binds: Array(Set(items.map(\.leadId)))))").all()
        }
        var subjects: [String: EnrichmentSubject] = [:]
        for row in leads {
            let id = try row.decode(column: "id", as: String.self)
            let type = LeadType(rawValue: try row.decode(column: "type", as: String.self)) ?? .person
            subjects[id] = EnrichmentSubject(leadId: id, type: type, body: try LeadBody(storedJSON: try row.decode(column: "body", as: String.self)))
        }
        return items.sorted { $0.id < $1.id }.map { ($0, subjects[$0.leadId]) }
    }

    public func finishItems(runId: String, outcomes: [EnrichmentItemOutcome]) async throws {
        guard !outcomes.isEmpty else { return }
        let engine = database.engine
        try await database.transaction { db in
            guard let run = try await db.raw("""
                SELECT workspace_id, attribute_key, write_policy, unit_cost FROM enrichment_runs WHERE id = \(bind: runId)
                """).first() else { return }
            let workspaceId = try run.decode(column: "workspace_id", as: String.self)
            let attributeKey = try run.decode(column: "attribute_key", as: String.self)
            let skipExisting = try run.decode(column: "write_policy", as: String.self) == EnrichmentWritePolicy.skipExisting.rawValue
            let unitCost = try run.decode(column: "unit_cost", as: Int.self)
            let now = Timestamp.now().milliseconds
            var outcomes = outcomes
            try await Self.writeValues(&outcomes, attributeKey: attributeKey, skipExisting: skipExisting, now: now, engine: engine, db: db)
            var items = BulkRows([("id", .text), ("status", .text), ("result", .text), ("skipped_reason", .text), ("error_message", .text)])
            for outcome in outcomes {
                items.startRow()
                for text in [outcome.itemId, outcome.status.rawValue, outcome.value.map(JSONWriter.string), outcome.skippedReason, outcome.errorMessage] { items.add(text) }
            }
            // Only items still running change, so a chunk run twice neither writes nor refunds twice.
            let changed = try await db.raw(items.update(
                "enrichment_items", engine: engine, where: "enrichment_items.status = 'running'",
                tail: "RETURNING enrichment_items.status")).all()
            let failed = try changed.filter { try $0.decode(column: "status", as: String.self) == EnrichmentItemStatus.failed.rawValue }.count
            try await db.raw("UPDATE enrichment_items SET updated_at = \(bind: now), completed_at = \(bind: now) WHERE run_id = \(bind: runId) AND completed_at IS NULL AND status IN ('completed', 'skipped', 'failed')").run()
            if failed > 0, unitCost > 0 {
                try await SQLCreditStore.insertEntry(workspaceId: workspaceId, amount: failed * unitCost, reason: "enrichment_refund:\(runId)", db: db)
                try await db.raw("UPDATE enrichment_runs SET credits_refunded = credits_refunded + \(bind: failed * unitCost) WHERE id = \(bind: runId)").run()
            }
            let open = try await db.raw("SELECT COUNT(*) AS n FROM enrichment_items WHERE run_id = \(bind: runId) AND status IN ('pending', 'running')").first()?
                .decode(column: "n", as: Int.self) ?? 0
            if open == 0 {
                try await db.raw("""
                    UPDATE enrichment_runs SET status = 'completed', completed_at = \(bind: now), updated_at = \(bind: now)
                    WHERE id = \(bind: runId) AND status IN ('pending', 'running')
                    """).run()
            } else {
                try await db.raw("UPDATE enrichment_runs SET updated_at = \(bind: now) WHERE id = \(bind: runId)").run()
            }
        }
    }

    /// Writes completed values under the attribute key of their Leads. Under `skip_existing`, a Lead
    /// that has a value by now keeps it and its item ends skipped.
    private static func writeValues(
        _ outcomes: inout [EnrichmentItemOutcome], attributeKey: String, skipExisting: Bool, now: Int64, engine: DatabaseEngine, db: any SQLDatabase
    ) async throws {
        let writing = outcomes.indices.filter { outcomes[$0].status == .completed && outcomes[$0].value != nil }
        guard !writing.isEmpty else { return }
        let ids = Array(Set(writing.map { outcomes[$0].leadId }))
        var bodies: [String: LeadBody] = [:]
        for chunk in ids.chunked(into: LeadRows.maxBindsPerList) {
            for row in try await db.raw("SELECT id, body FROM leads WHERE id IN (\(binds: chunk))").all() {
                bodies[try row.decode(column: "id", as: String.self)] = try LeadBody(storedJSON: try row.decode(column: "body", as: String.self))
            }
        }
        var rows = BulkRows([("id", .text), ("body", .text), ("updated_at", .integer)])
        var changed: Set<String> = []
        for index in writing {
            guard var body = bodies[outcomes[index].leadId], let value = outcomes[index].value else { continue }
            if skipExisting, let existing = body.attributes[attributeKey], existing != .null {
                outcomes[index].status = .skipped
                outcomes[index].skippedReason = "attribute_exists"
                outcomes[index].value = nil
                continue
            }
            body.attributes[attributeKey] = value
            bodies[outcomes[index].leadId] = body
            changed.insert(outcomes[index].leadId)
        }
        for id in changed.sorted() {
            guard let body = bodies[id] else { continue }
            rows.startRow()
            rows.add(id)
            rows.add(body.jsonText)
            rows.add(now)
        }
        if !rows.isEmpty { try await db.raw(rows.update("leads", engine: engine)).run() }
    }
}
