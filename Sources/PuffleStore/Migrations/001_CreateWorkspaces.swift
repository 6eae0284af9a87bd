/// Workspaces, their API keys (hashes only) and the credit ledger.
struct CreateWorkspaces: Migration {
    let version = 1
    let name = "create workspaces, api keys, credit ledger"

    func prepare(engine: DatabaseEngine) -> [String] {
        [
            """
            CREATE TABLE workspaces (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT, first_name TEXT, last_name TEXT,
                timezone TEXT, context TEXT, profile TEXT, created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE api_keys (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                prefix TEXT NOT NULL, hash TEXT NOT NULL, created_at BIGINT NOT NULL, revoked_at BIGINT)
            """,
            "CREATE INDEX api_keys_prefix ON api_keys (prefix)",
            "CREATE INDEX api_keys_workspace ON api_keys (workspace_id)",
            """
            CREATE TABLE credit_ledger (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                amount BIGINT NOT NULL, reason TEXT NOT NULL, created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX credit_ledger_workspace ON credit_ledger (workspace_id, id)",
        ]
    }

    func revert(engine: DatabaseEngine) -> [String] {
        ["DROP TABLE credit_ledger", "DROP TABLE api_keys", "DROP TABLE workspaces"]
    }
}
