/// Leads with their identity index, Lists and memberships.
///
/// A Lead's body is one JSON document; the `s_*` columns hold its lowercased search text and
/// `dup_*` the keys duplicate checks match on. The default `all` List has no membership rows:
/// every Lead is in it, and its counts are kept on its row.
struct CreateLeadsAndLists: Migration {
    let version = 2
    let name = "create leads, lead identities, lists, list members"

    func prepare(engine: DatabaseEngine) -> [String] {
        [
            """
            CREATE TABLE leads (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, type TEXT NOT NULL, body TEXT NOT NULL,
                s_name TEXT NOT NULL, s_title TEXT NOT NULL, s_company TEXT NOT NULL, s_domain TEXT NOT NULL,
                s_email TEXT NOT NULL, s_industry TEXT NOT NULL, s_location TEXT NOT NULL,
                dup_name_company TEXT, dup_name_location TEXT,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX leads_workspace ON leads (workspace_id, id)",
            "CREATE INDEX leads_workspace_type ON leads (workspace_id, type, id)",
            "CREATE INDEX leads_dup_name_company ON leads (workspace_id, dup_name_company)",
            "CREATE INDEX leads_dup_name_location ON leads (workspace_id, dup_name_location)",
            """
            CREATE TABLE lead_identities (
                workspace_id TEXT NOT NULL, key TEXT NOT NULL, lead_id TEXT NOT NULL,
                PRIMARY KEY (workspace_id, key))\(clusteredByKey(engine))
            """,
            "CREATE INDEX lead_identities_lead ON lead_identities (lead_id)",
            """
            CREATE TABLE lists (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, name TEXT NOT NULL, description TEXT,
                lead_type TEXT NOT NULL, is_default INTEGER NOT NULL DEFAULT 0,
                lead_count BIGINT NOT NULL DEFAULT 0, person_count BIGINT NOT NULL DEFAULT 0, company_count BIGINT NOT NULL DEFAULT 0,
                active_search_task_id TEXT, search_filters TEXT NOT NULL DEFAULT '{}',
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX lists_workspace ON lists (workspace_id, id)",
            """
            CREATE TABLE list_members (
                list_id TEXT NOT NULL, lead_id TEXT NOT NULL, lead_type TEXT NOT NULL, added_at BIGINT NOT NULL,
                PRIMARY KEY (list_id, lead_id))\(clusteredByKey(engine))
            """,
            "CREATE INDEX list_members_lead ON list_members (lead_id)",
        ]
    }

    /// On SQLite, small tables looked up only by their key are stored in key order (`WITHOUT ROWID`),
    /// which saves a second b-tree insert per row; PostgreSQL has no such option.
    private func clusteredByKey(_ engine: DatabaseEngine) -> String {
        engine == .sqlite ? " WITHOUT ROWID" : ""
    }

    func revert(engine: DatabaseEngine) -> [String] {
        ["DROP TABLE list_members", "DROP TABLE lists", "DROP TABLE lead_identities", "DROP TABLE leads"]
    }
}
