/// Onboarding scrapes and context regenerations (`GET /api/onboarding/status` reads them), and when
/// a workspace last regenerated its context (once a day).
struct CreateOnboardingSessions: Migration {
    let version = 12
    let name = "create onboarding sessions"

    func prepare(engine: DatabaseEngine) -> [String] {
        [
            """
            CREATE TABLE onboarding_sessions (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE, kind TEXT NOT NULL,
                status TEXT NOT NULL, website TEXT NOT NULL, profile TEXT NOT NULL, company_name TEXT, error_message TEXT, error_step TEXT,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX onboarding_sessions_workspace ON onboarding_sessions (workspace_id, id)",
            "ALTER TABLE workspaces ADD COLUMN context_regenerated_at BIGINT",
        ]
    }

    func revert(engine: DatabaseEngine) -> [String] {
        ["ALTER TABLE workspaces DROP COLUMN context_regenerated_at", "DROP TABLE onboarding_sessions"]
    }
}
