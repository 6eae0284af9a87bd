import PuffleCore
import SQLKit

extension SQLEnrichmentStore {
    public func startItems(runId: String, fromItemId: String, throughItemId: String) async throws -> [(item: EnrichmentItem, lead: EnrichmentSubject?)] {
        let now = database.clock.now().milliseconds
        // Running items are taken again too: they belonged to a worker that died mid-chunk.
        let items = try await database.transaction { db in
            try await db.raw("""
                UPDATE enrichment_runs SET status = 'running', started_at = COALESCE(started_at, \(bind: now)), updated_at = \(bind: now)
                WHERE id = \(bind: runId) AND status = 'pending'
                """).run()
            return try await db.raw("""
                UPDATE enrichment_items SET status = 'running', attempts = attempts + 1, started_at = \(bind: now), updated_at = \(bind: now)
                WHERE run_id = \(bind: runId) AND id >= \(bind: fromItemId) AND id <= \(bind: throughItemId) AND status IN ('pending', 'running')
                RETURNING id, lead_id, list_id, attempts
                """).all().map { row in
                // Only what the worker uses comes back: every returned row costs a hop in sqlite-nio.
                EnrichmentItem(
                    id: try row.decode(column: "id", as: String.self), runId: runId, leadId: try row.decode(column: "lead_id", as: String.self),
                    listId: try row.decode(column: "list_id", as: String?.self), status: .running, resultJSON: nil, skippedReason: nil, errorMessage: nil,
                    attempts: try row.decode(column: "attempts", as: Int.self), createdAt: Timestamp(milliseconds: now),
                    updatedAt: Timestamp(milliseconds: now), startedAt: Timestamp(milliseconds: now), completedAt: nil)
            }
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
        // PostgreSQL: lock the run row, so the last two chunks finishing together take turns and the
        // later one sees the earlier one's items final when it counts what is left.
        let lock = engine == .postgres ? "FOR UPDATE" : ""
        try await database.transaction { db in
            guard let run = try await db.raw("""
                SELECT workspace_id, attribute_key, write_policy, unit_cost, output_target, list_id FROM enrichment_runs WHERE id = \(bind: runId) \(unsafeRaw: lock)
                """).first() else { return }
            let workspaceId = try run.decode(column: "workspace_id", as: String.self)
            let attributeKey = try run.decode(column: "attribute_key", as: String.self)
            let skipExisting = try run.decode(column: "write_policy", as: String.self) == EnrichmentWritePolicy.skipExisting.rawValue
            let unitCost = try run.decode(column: "unit_cost", as: Int.self)
            let now = database.clock.now().milliseconds
            var outcomes = outcomes
            let membershipOf = try run.decode(column: "output_target", as: String.self) == EnrichmentOutputTarget.listMembership.rawValue
                ? try run.decode(column: "list_id", as: String?.self) : nil
            try await Self.writeValues(
                &outcomes, attributeKey: attributeKey, skipExisting: skipExisting, membershipOf: membershipOf, now: now, engine: engine, db: db)
            // Only items still running change, so a chunk run twice neither writes nor refunds twice.
            // Refunded items (failed, or skipped because the run was cancelled) are written on their
            // own, returning their ids, to count what to refund.
            var failed = 0
            for failing in [false, true] {
                var items = BulkRows([
                    ("id", .text), ("status", .text), ("result", .text), ("skipped_reason", .text), ("error_message", .text), ("updated_at", .integer),
                    ("completed_at", .integer),
                ])
                for outcome in outcomes where Self.isRefunded(outcome) == failing {
                    items.startRow()
                    for text in [outcome.itemId, outcome.status.rawValue, outcome.value.map(JSONWriter.string), outcome.skippedReason, outcome.errorMessage] {
                        items.add(text)
                    }
                    items.add(now)
                    items.add(now)
                }
                guard !items.isEmpty else { continue }
                let update = items.update("enrichment_items", engine: engine, where: "enrichment_items.status = 'running'", tail: failing ? "RETURNING enrichment_items.id" : "")
                if failing { failed = try await db.raw(update).all().count } else { try await db.raw(update).run() }
            }
            let refund = EnrichmentPlanner.refund(forItems: failed, unitCost: unitCost)
            if refund > 0 {
                try await SQLCreditStore.insertEntry(workspaceId: workspaceId, amount: refund, reason: "enrichment_refund:\(runId)", now: database.clock.now(), db: db)
                try await db.raw("UPDATE enrichment_runs SET credits_refunded = credits_refunded + \(bind: refund) WHERE id = \(bind: runId)").run()
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

    /// Items whose credits go back: failed ones, and ones a cancel stopped.
    static func isRefunded(_ outcome: EnrichmentItemOutcome) -> Bool {
        outcome.status == .failed || (outcome.status == .skipped && outcome.skippedReason == "run_cancelled")
    }

    /// Writes completed values under the attribute key of their Leads, inside their stored JSON (the
    /// database edits it: no body is read or parsed here). Under `skip_existing`, a Lead that has a
    /// value by now keeps it and its item ends skipped.
    /// - Parameter membershipOf: The List whose memberships take the values, for membership output.
    private static func writeValues(
        _ outcomes: inout [EnrichmentItemOutcome], attributeKey: String, skipExisting: Bool, membershipOf listId: String?, now: Int64,
        engine: DatabaseEngine, db: any SQLDatabase
    ) async throws {
        let writing = outcomes.indices.filter { outcomes[$0].status == .completed && outcomes[$0].value != nil }
        guard !writing.isEmpty else { return }
        var rows = BulkRows([("id", .text), ("value", .text), ("updated_at", .integer)])
        for index in writing {
            rows.startRow()
            rows.add(outcomes[index].leadId)
            rows.add(outcomes[index].value.map(JSONWriter.string))
            rows.add(now)
        }
        let update: SQLQueryString
        if let listId {
            update = membershipUpdate(rows: &rows, listId: listId, attributeKey: attributeKey, skipExisting: skipExisting, engine: engine)
        } else {
        switch engine {
        case .sqlite:
            // The key is quoted in the path, so keys with '.' or '-' stay one key.
            let path = "$.attributes.\"\(attributeKey)\""
            let unset: SQLQueryString = skipExisting ? " AND COALESCE(json_type(leads.body, \(bind: path)), 'null') = 'null'" : ""
            update = """
                UPDATE leads SET body = json_set(leads.body, \(bind: path), json(v.value)), updated_at = v.updated_at
                FROM \(rows.source(engine: engine)) WHERE leads.id = v.id\(unset) RETURNING leads.id
                """
        case .postgres:
            let unset: SQLQueryString = skipExisting
                ? " AND COALESCE(jsonb_typeof(leads.body::jsonb -> 'attributes' -> \(bind: attributeKey)), 'null') = 'null'" : ""
            update = """
                UPDATE leads SET body = jsonb_set(leads.body::jsonb, ARRAY['attributes', \(bind: attributeKey)], v.value::jsonb)::text,
                    updated_at = v.updated_at
                FROM \(rows.source(engine: engine)) WHERE leads.id = v.id\(unset) RETURNING leads.id
                """
        }
        }
        let written = Set(try await db.raw(update).all().map { try $0.decode(column: "id", as: String.self) })
        for index in writing where !written.contains(outcomes[index].leadId) {
            outcomes[index].status = skipExisting ? .skipped : .failed
            outcomes[index].skippedReason = skipExisting ? "attribute_exists" : nil
            outcomes[index].errorMessage = skipExisting ? nil : "the Lead no longer exists"
            outcomes[index].value = nil
        }
    }

    /// The same write, into the attributes of the Leads' memberships of one List.
    private static func membershipUpdate(
        rows: inout BulkRows, listId: String, attributeKey: String, skipExisting: Bool, engine: DatabaseEngine
    ) -> SQLQueryString {
        switch engine {
        case .sqlite:
            let path = "$.\"\(attributeKey)\""
            let unset: SQLQueryString = skipExisting ? " AND COALESCE(json_type(list_members.attributes, \(bind: path)), 'null') = 'null'" : ""
            return """
                UPDATE list_members SET attributes = json_set(list_members.attributes, \(bind: path), json(v.value))
                FROM \(rows.source(engine: engine)) WHERE list_members.list_id = \(bind: listId) AND list_members.lead_id = v.id\(unset)
                RETURNING list_members.lead_id AS id
                """
        case .postgres:
            let unset: SQLQueryString = skipExisting
                ? " AND COALESCE(jsonb_typeof(list_members.attributes::jsonb -> \(bind: attributeKey)), 'null') = 'null'" : ""
            return """
                UPDATE list_members SET attributes = jsonb_set(list_members.attributes::jsonb, ARRAY[\(bind: attributeKey)], v.value::jsonb)::text
                FROM \(rows.source(engine: engine)) WHERE list_members.list_id = \(bind: listId) AND list_members.lead_id = v.id\(unset)
                RETURNING list_members.lead_id AS id
                """
        }
    }
}
