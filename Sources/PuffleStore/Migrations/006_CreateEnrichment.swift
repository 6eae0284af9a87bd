/// Enrichment runs and their items. A run's idempotency key is unique in its workspace, which is
/// what makes concurrent identical requests create one run.
struct CreateEnrichment: Migration {
    let version = 6
    let name = "create enrichment runs and items"

    func prepare(engine: DatabaseEngine) -> [String] {
        [
            """
            CREATE TABLE enrichment_runs (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, slug TEXT NOT NULL, version INTEGER NOT NULL, mode TEXT NOT NULL,
                status TEXT NOT NULL, scope_type TEXT NOT NULL, list_id TEXT, requested_scope TEXT NOT NULL, resolved_count INTEGER NOT NULL,
                attribute_key TEXT NOT NULL, write_policy TEXT NOT NULL, input TEXT NOT NULL, credit_action TEXT NOT NULL,
                unit_cost INTEGER NOT NULL, credits_charged BIGINT NOT NULL, credits_refunded BIGINT NOT NULL DEFAULT 0,
                idempotency_key TEXT, fingerprint TEXT NOT NULL, correlation_id TEXT, error_message TEXT,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, started_at BIGINT, completed_at BIGINT, cancelled_at BIGINT)
            """,
            "CREATE UNIQUE INDEX enrichment_runs_idempotency ON enrichment_runs (workspace_id, idempotency_key)",
            """
            CREATE TABLE enrichment_items (
                id TEXT PRIMARY KEY, run_id TEXT NOT NULL, lead_id TEXT NOT NULL, list_id TEXT, status TEXT NOT NULL, result TEXT,
                skipped_reason TEXT, error_message TEXT, attempts INTEGER NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, started_at BIGINT, completed_at BIGINT)
            """,
            "CREATE INDEX enrichment_items_run ON enrichment_items (run_id, id)",
            "CREATE INDEX enrichment_items_status ON enrichment_items (run_id, status)",
        ]
    }

    func revert(engine: DatabaseEngine) -> [String] {
        ["DROP TABLE enrichment_items", "DROP TABLE enrichment_runs"]
    }
}
