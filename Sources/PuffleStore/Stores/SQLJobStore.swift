import PuffleCore
import SQLKit

/// The job queue in the `jobs` table, on SQLite or PostgreSQL.
public struct SQLJobStore: JobStore {
    let database: PuffleDatabase

    public init(database: PuffleDatabase) {
        self.database = database
    }

    public func enqueue(_ jobs: [NewJob]) async throws {
        let engine = database.engine
        try await database.transaction { db in
            try await JobRows.insert(jobs, now: database.clock.now(), engine: engine, db: db)
        }
    }

    public func enqueueIfDue(schedule name: String, period: Duration, job: NewJob, now: Timestamp) async throws -> Bool {
        let engine = database.engine
        return try await database.transaction { db in
            try await db.raw("""
                INSERT INTO job_schedules (name, next_run_at, updated_at) VALUES (\(bind: name), 0, \(bind: now.milliseconds))
                ON CONFLICT DO NOTHING
                """).run()
            // The compare-and-set: on PostgreSQL a second worker's UPDATE waits for the first's
            // row lock, then finds next_run_at moved past now and changes nothing.
            let moved = try await db.raw("""
                UPDATE job_schedules SET next_run_at = \(bind: now.adding(period).milliseconds), updated_at = \(bind: now.milliseconds)
                WHERE name = \(bind: name) AND next_run_at <= \(bind: now.milliseconds)
                RETURNING name
                """).first()
            guard moved != nil else { return false }
            try await JobRows.insert([job], now: now, engine: engine, db: db)
            return true
        }
    }

    public func claim(owner: String, limit: Int, lease: Duration, now: Timestamp) async throws -> [Job] {
        // PostgreSQL: rows another worker's claim has locked are skipped, not waited for, so many
        // `puffle worker` processes claim side by side and never take the same job.
        // SQLite: the single writer already serializes claims.
        let skipLocked = database.engine == .postgres ? "FOR UPDATE SKIP LOCKED" : ""
        let leaseExpiry = now.adding(lease)
        var claimed = try await database.write { db in
            try await db.raw("""
                UPDATE jobs SET status = 'running', lease_owner = \(bind: owner), run_after = \(bind: leaseExpiry.milliseconds),
                    attempts = attempts + 1, updated_at = \(bind: now.milliseconds)
                WHERE id IN (
                    SELECT id FROM jobs WHERE status IN ('queued', 'running') AND run_after <= \(bind: now.milliseconds)
                    ORDER BY run_after LIMIT \(bind: limit) \(unsafeRaw: skipLocked))
                RETURNING \(unsafeRaw: JobRows.claimedList)
                """).all().map { try JobRows.claimedJob(from: $0, owner: owner, leaseExpiry: leaseExpiry, now: now) }
        }
        // A job over its attempts here was claimed before and its worker died each time: keep it
        // as dead instead of crashing workers forever.
        let exhausted = claimed.filter { $0.attempts > $0.maxAttempts }.map(\.id)
        if !exhausted.isEmpty {
            try await database.write { db in
                try await db.raw("""
                    UPDATE jobs SET status = 'dead', lease_owner = NULL, attempts = max_attempts, finished_at = \(bind: now.milliseconds),
                        last_error = COALESCE(last_error, 'the lease expired on the last attempt')
                    WHERE id IN (\(binds: exhausted))
                    """).run()
            }
            // Still returned, marked dead, so the worker can tell their handlers to clean up.
            for index in claimed.indices where exhausted.contains(claimed[index].id) {
                claimed[index].status = .dead
                claimed[index].leaseOwner = nil
            }
        }
        return claimed.sorted { $0.id < $1.id }
    }

    public func heartbeat(owner: String, jobIds: [String], lease: Duration, now: Timestamp) async throws -> Set<String> {
        guard !jobIds.isEmpty else { return [] }
        let held = try await database.write { db in
            try await db.raw("""
                UPDATE jobs SET run_after = \(bind: now.adding(lease).milliseconds)
                WHERE lease_owner = \(bind: owner) AND status = 'running' AND id IN (\(binds: jobIds))
                RETURNING id
                """).all().map { try $0.decode(column: "id", as: String.self) }
        }
        return Set(jobIds).subtracting(held)
    }

    public func finish(owner: String, outcomes: [JobOutcome], now: Timestamp) async throws {
        guard !outcomes.isEmpty else { return }
        let held: SQLQueryString = "lease_owner = \(bind: owner) AND status = 'running'"
        // A batch that all succeeded is one statement, atomic without a transaction.
        let oneStatement = outcomes.count <= LeadRows.maxBindsPerList && outcomes.allSatisfy { if case .done = $0.result { true } else { false } }
        let work: (any SQLDatabase) async throws -> Void = { db in
            let done = outcomes.compactMap { if case .done = $0.result { $0.jobId } else { nil } }
            for chunk in done.chunked(into: LeadRows.maxBindsPerList) {
                try await db.raw("""
                    UPDATE jobs SET status = 'done', lease_owner = NULL, finished_at = \(bind: now.milliseconds), updated_at = \(bind: now.milliseconds)
                    WHERE \(held) AND id IN (\(binds: chunk))
                    """).run()
            }
            let released = outcomes.compactMap { if case .released = $0.result { $0.jobId } else { nil } }
            for chunk in released.chunked(into: LeadRows.maxBindsPerList) {
                try await db.raw("""
                    UPDATE jobs SET status = 'queued', attempts = attempts - 1, run_after = \(bind: now.milliseconds), lease_owner = NULL,
                        updated_at = \(bind: now.milliseconds)
                    WHERE \(held) AND id IN (\(binds: chunk))
                    """).run()
            }
            for outcome in outcomes {
                switch outcome.result {
                case .done, .released:
                    continue
                case .failed(let message, let retryAt):
                    try await db.raw("""
                        UPDATE jobs SET status = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END,
                            finished_at = CASE WHEN attempts >= max_attempts THEN \(bind: now.milliseconds) ELSE NULL END,
                            run_after = \(bind: retryAt.milliseconds), last_error = \(bind: message), lease_owner = NULL,
                            updated_at = \(bind: now.milliseconds)
                        WHERE \(held) AND id = \(bind: outcome.jobId)
                        """).run()
                case .dead(let message):
                    try await db.raw("""
                        UPDATE jobs SET status = 'dead', finished_at = \(bind: now.milliseconds), last_error = \(bind: message),
                            lease_owner = NULL, updated_at = \(bind: now.milliseconds)
                        WHERE \(held) AND id = \(bind: outcome.jobId)
                        """).run()
                }
            }
        }
        if oneStatement {
            try await database.write(work)
        } else {
            try await database.transaction(work)
        }
    }

    public func job(id: String) async throws -> Job {
        try await database.read { db in
            guard let row = try await db.raw("SELECT \(unsafeRaw: JobRows.selectList) FROM jobs WHERE id = \(bind: id)").first() else {
                throw PuffleError.notFound("Job \(id) not found")
            }
            return try JobRows.job(from: row)
        }
    }

    public func jobs(status: JobStatus?, kind: String?, limit: Int) async throws -> [Job] {
        var query = SQLQueryString("SELECT \(unsafeRaw: JobRows.selectList) FROM jobs WHERE 1 = 1")
        if let status { query.appendInterpolation(SQLQueryString(" AND status = \(bind: status.rawValue)")) }
        if let kind { query.appendInterpolation(SQLQueryString(" AND kind = \(bind: kind)")) }
        query.appendInterpolation(SQLQueryString(" ORDER BY id DESC LIMIT \(bind: limit)"))
        let sql = query
        return try await database.read { db in
            try await db.raw(sql).all().map(JobRows.job(from:))
        }
    }

    public func cancel(id: String, now: Timestamp) async throws -> Job {
        try await change(id: id, from: [.queued, .running]) { db in
            try await db.raw("""
                UPDATE jobs SET status = 'cancelled', lease_owner = NULL, finished_at = \(bind: now.milliseconds),
                    updated_at = \(bind: now.milliseconds)
                WHERE id = \(bind: id) AND status IN ('queued', 'running')
                """).run()
        }
    }

    public func retry(id: String, now: Timestamp) async throws -> Job {
        try await change(id: id, from: [.dead, .cancelled]) { db in
            try await db.raw("""
                UPDATE jobs SET status = 'queued', attempts = 0, run_after = \(bind: now.milliseconds), finished_at = NULL,
                    updated_at = \(bind: now.milliseconds)
                WHERE id = \(bind: id) AND status IN ('dead', 'cancelled')
                """).run()
        }
    }

    public func counts() async throws -> [JobStatus: Int] {
        try await database.read { db in
            var counts: [JobStatus: Int] = [:]
            for row in try await db.raw("SELECT status, COUNT(*) AS n FROM jobs GROUP BY status").all() {
                guard let status = JobStatus(rawValue: try row.decode(column: "status", as: String.self)) else { continue }
                counts[status] = try row.decode(column: "n", as: Int.self)
            }
            return counts
        }
    }

    public func unfinishedCount() async throws -> Int {
        try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM jobs WHERE status IN ('queued', 'running')").first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// Applies `update` to a job that is in one of `statuses`, and returns the job as it then is.
    private func change(id: String, from statuses: Set<JobStatus>, _ update: @Sendable (any SQLDatabase) async throws -> Void) async throws -> Job {
        try await database.transaction { db in
            guard let row = try await db.raw("SELECT \(unsafeRaw: JobRows.selectList) FROM jobs WHERE id = \(bind: id)").first() else {
                throw PuffleError.notFound("Job \(id) not found")
            }
            let job = try JobRows.job(from: row)
            // (The update repeats the status condition: a worker may finish the job in between.)
            guard statuses.contains(job.status) else {
                throw PuffleError.conflict("Job \(id) is \(job.status.rawValue)")
            }
            try await update(db)
            guard let changed = try await db.raw("SELECT \(unsafeRaw: JobRows.selectList) FROM jobs WHERE id = \(bind: id)").first() else {
                throw PuffleError.notFound("Job \(id) not found")
            }
            return try JobRows.job(from: changed)
        }
    }
}
