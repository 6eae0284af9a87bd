/// Unique and periodic jobs.
///
/// `unique_key` is unique among unfinished jobs only: a second enqueue of the same key while the
/// first is queued or running does nothing, and once it finished the key may be queued again.
/// `job_schedules` holds each periodic job's next due time; a worker that moves it forward (a
/// compare-and-set on `next_run_at`) is the one that enqueues that period's job, so any number of
/// workers on one database enqueue each period once.
struct AddJobUniqueKeysAndSchedules: Migration {
    let version = 13
    let name = "add job unique keys and schedules"

    func prepare(engine: DatabaseEngine) -> [String] {
        [
            "ALTER TABLE jobs ADD COLUMN unique_key TEXT",
            "CREATE UNIQUE INDEX jobs_unique_unfinished ON jobs (unique_key) WHERE status IN ('queued', 'running')",
            "CREATE TABLE job_schedules (name TEXT PRIMARY KEY, next_run_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)",
        ]
    }

    func revert(engine: DatabaseEngine) -> [String] {
        ["DROP TABLE job_schedules", "DROP INDEX jobs_unique_unfinished", "ALTER TABLE jobs DROP COLUMN unique_key"]
    }
}
