/// The durable job queue.
///
/// A running job's `run_after` is its lease expiry, so one partial index finds both the queued jobs
/// that are due and the running ones whose worker stopped heartbeating.
struct CreateJobs: Migration {
    let version = 3
    let name = "create jobs"

    func prepare(engine: DatabaseEngine) -> [String] {
        [
            """
            CREATE TABLE jobs (
                id TEXT PRIMARY KEY, kind TEXT NOT NULL, workspace_id TEXT, payload TEXT NOT NULL, status TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0, max_attempts INTEGER NOT NULL, run_after BIGINT NOT NULL,
                lease_owner TEXT, last_error TEXT, correlation_id TEXT,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, finished_at BIGINT)
            """,
            "CREATE INDEX jobs_due ON jobs (run_after) WHERE status IN ('queued', 'running')",
            "CREATE INDEX jobs_status ON jobs (status, id)",
        ]
    }

    func revert(engine: DatabaseEngine) -> [String] {
        ["DROP TABLE jobs"]
    }
}
