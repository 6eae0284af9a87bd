import PuffleCore
import SQLKit

/// How Enrichment runs and items are laid out, written in one place.
enum EnrichmentRows {
    static let runColumns = """
        id, workspace_id, slug, version, mode, status, scope_type, list_id, requested_scope, resolved_count, attribute_key, write_policy, input, \
        credit_action, unit_cost, credits_charged, credits_refunded, correlation_id, error_message, created_at, updated_at, started_at, completed_at, \
        cancelled_at, output_target
        """

    static let itemColumns = "id, run_id, lead_id, list_id, status, result, skipped_reason, error_message, attempts, created_at, updated_at, started_at, completed_at"

    /// Items of a batch run per job; a job's items are one id range.
    static let itemsPerJob = 500

    static func run(from row: any SQLRow, counts: [EnrichmentItemStatus: Int]) throws -> EnrichmentRun {
        func time(_ column: String) throws -> Timestamp? { try row.decode(column: column, as: Int64?.self).map(Timestamp.init(milliseconds:)) }
        var run = EnrichmentRun(
            id: try row.decode(column: "id", as: String.self),
            workspaceId: try row.decode(column: "workspace_id", as: String.self),
            slug: try row.decode(column: "slug", as: String.self),
            version: try row.decode(column: "version", as: Int.self),
            mode: try row.decode(column: "mode", as: String.self),
            status: EnrichmentRunStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .failed,
            scopeType: try row.decode(column: "scope_type", as: String.self),
            listId: try row.decode(column: "list_id", as: String?.self),
            requestedScope: (try? JSONParser.parse(try row.decode(column: "requested_scope", as: String.self))) ?? .null,
            resolvedCount: try row.decode(column: "resolved_count", as: Int.self),
            counts: counts,
            attributeKey: try row.decode(column: "attribute_key", as: String.self),
            writePolicy: EnrichmentWritePolicy(rawValue: try row.decode(column: "write_policy", as: String.self)) ?? .overwrite,
            input: (try? JSONParser.parse(try row.decode(column: "input", as: String.self)).objectValue) ?? [:],
            creditAction: try row.decode(column: "credit_action", as: String.self),
            unitCost: try row.decode(column: "unit_cost", as: Int.self),
            creditsCharged: try row.decode(column: "credits_charged", as: Int.self),
            creditsRefunded: try row.decode(column: "credits_refunded", as: Int.self),
            correlationId: try row.decode(column: "correlation_id", as: String?.self),
            errorMessage: try row.decode(column: "error_message", as: String?.self),
            createdAt: try time("created_at") ?? Timestamp(milliseconds: 0),
            updatedAt: try time("updated_at") ?? Timestamp(milliseconds: 0),
            startedAt: try time("started_at"), completedAt: try time("completed_at"), cancelledAt: try time("cancelled_at")
        )
        run.outputTarget = EnrichmentOutputTarget(rawValue: try row.decode(column: "output_target", as: String.self)) ?? .leadAttribute
        return run
    }

    static func item(from row: any SQLRow) throws -> EnrichmentItem {
        func time(_ column: String) throws -> Timestamp? { try row.decode(column: column, as: Int64?.self).map(Timestamp.init(milliseconds:)) }
        return EnrichmentItem(
            id: try row.decode(column: "id", as: String.self),
            runId: try row.decode(column: "run_id", as: String.self),
            leadId: try row.decode(column: "lead_id", as: String.self),
            listId: try row.decode(column: "list_id", as: String?.self),
            status: EnrichmentItemStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .failed,
            resultJSON: try row.decode(column: "result", as: String?.self),
            skippedReason: try row.decode(column: "skipped_reason", as: String?.self),
            errorMessage: try row.decode(column: "error_message", as: String?.self),
            attempts: try row.decode(column: "attempts", as: Int.self),
            createdAt: try time("created_at") ?? Timestamp(milliseconds: 0),
            updatedAt: try time("updated_at") ?? Timestamp(milliseconds: 0),
            startedAt: try time("started_at"), completedAt: try time("completed_at")
        )
    }

    /// Item counts by status, for one run.
    static func counts(runId: String, db: any SQLDatabase) async throws -> [EnrichmentItemStatus: Int] {
        var counts: [EnrichmentItemStatus: Int] = [:]
        for status in EnrichmentItemStatus.allCases { counts[status] = 0 }
        for row in try await db.raw("SELECT status, COUNT(*) AS n FROM enrichment_items WHERE run_id = \(bind: runId) GROUP BY status").all() {
            guard let status = EnrichmentItemStatus(rawValue: try row.decode(column: "status", as: String.self)) else { continue }
            counts[status] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }

    /// One run with its counts, or nil.
    static func find(id: String, workspaceId: String?, db: any SQLDatabase) async throws -> EnrichmentRun? {
        var sql = SQLQueryString("SELECT \(unsafeRaw: runColumns) FROM enrichment_runs WHERE id = \(bind: id)")
        if let workspaceId { sql.appendInterpolation(SQLQueryString(" AND workspace_id = \(bind: workspaceId)")) }
        guard let row = try await db.raw(sql).first() else { return nil }
        return try run(from: row, counts: try await counts(runId: id, db: db))
    }
}
