import PuffleCore
import SQLKit

/// How a job is laid out in the `jobs` table, written in one place.
enum JobRows {
    static let selectList = """
        id, kind, workspace_id, payload, status, attempts, max_attempts, run_after, lease_owner, last_error, correlation_id, \
        created_at, updated_at, finished_at
        """

    /// What a claim reads back: only what a handler needs. Every decoded column costs (PostgresKit
    /// decodes through Codable), and this halved the claim's share of a no-op job's CPU.
    static let claimedList = "id, kind, workspace_id, payload, attempts, max_attempts, correlation_id, created_at"

    /// A job just claimed by `owner`, from a row selected with ``claimedList``.
    static func claimedJob(from row: any SQLRow, owner: String, leaseExpiry: Timestamp, now: Timestamp) throws -> Job {
        Job(
            id: try row.decode(column: "id", as: String.self),
            kind: try row.decode(column: "kind", as: String.self),
            workspaceId: try row.decode(column: "workspace_id", as: String?.self),
            payload: try row.decode(column: "payload", as: String.self),
            status: .running,
            attempts: try row.decode(column: "attempts", as: Int.self),
            maxAttempts: try row.decode(column: "max_attempts", as: Int.self),
            runAfter: leaseExpiry, leaseOwner: owner, lastError: nil,
            correlationId: try row.decode(column: "correlation_id", as: String?.self),
            createdAt: Timestamp(milliseconds: try row.decode(column: "created_at", as: Int64.self)), updatedAt: now, finishedAt: nil
        )
    }

    /// Puts jobs on the queue inside the caller's transaction, so work and the job that does it
    /// are committed together.
    static func insert(_ jobs: [NewJob], now: Timestamp, engine: DatabaseEngine, db: any SQLDatabase) async throws {
        guard !jobs.isEmpty else { return }
        for chunk in jobs.chunked(into: 5000) {
            var rows = BulkRows([
                ("id", .text), ("kind", .text), ("workspace_id", .text), ("payload", .text), ("status", .text),
                ("max_attempts", .integer), ("run_after", .integer), ("correlation_id", .text), ("created_at", .integer),
                ("updated_at", .integer), ("unique_key", .text),
            ])
            for job in chunk {
                rows.startRow()
                for text in [job.id, job.kind, job.workspaceId, job.payload, JobStatus.queued.rawValue] { rows.add(text) }
                rows.add(Int64(job.maxAttempts))
                rows.add((job.runAfter ?? now).milliseconds)
                rows.add(job.correlationId)
                rows.add(now.milliseconds)
                rows.add(now.milliseconds)
                rows.add(job.uniqueKey)
            }
            // A job whose unique key an unfinished job holds is skipped, not an error.
            try await db.raw(rows.insert(into: "jobs", engine: engine, tail: "ON CONFLICT DO NOTHING")).run()
        }
    }

    /// A job from a row selected with ``selectList``.
    static func job(from row: any SQLRow) throws -> Job {
        func time(_ column: String) throws -> Timestamp? {
            try row.decode(column: column, as: Int64?.self).map(Timestamp.init(milliseconds:))
        }
        return Job(
            id: try row.decode(column: "id", as: String.self),
            kind: try row.decode(column: "kind", as: String.self),
            workspaceId: try row.decode(column: "workspace_id", as: String?.self),
            payload: try row.decode(column: "payload", as: String.self),
            status: JobStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .dead,
            attempts: try row.decode(column: "attempts", as: Int.self),
            maxAttempts: try row.decode(column: "max_attempts", as: Int.self),
            runAfter: try time("run_after") ?? Timestamp(milliseconds: 0),
            leaseOwner: try row.decode(column: "lease_owner", as: String?.self),
            lastError: try row.decode(column: "last_error", as: String?.self),
            correlationId: try row.decode(column: "correlation_id", as: String?.self),
            createdAt: try time("created_at") ?? Timestamp(milliseconds: 0),
            updatedAt: try time("updated_at") ?? Timestamp(milliseconds: 0),
            finishedAt: try time("finished_at")
        )
    }
}
