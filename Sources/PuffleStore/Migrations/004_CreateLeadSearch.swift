/// The server's prospect database (the offline Lead Search provider), and Lead Search tasks with
/// their raw results.
///
/// A prospect's `terms` hold its search tags (`senvp`, `depsales`, `indfintech`, `locgermany`,
/// `size51to100`: letters and digits only, so both engines' tokenizers keep them whole) and its
/// free text. SQLite indexes them with FTS5, PostgreSQL with a tsvector and GIN.
struct CreateLeadSearch: Migration {
    let version = 4
    let name = "create prospects, lead search tasks and results"

    func prepare(engine: DatabaseEngine) -> [String] {
        prospects(engine) + [
            """
            CREATE TABLE prospect_companies (
                domain TEXT PRIMARY KEY, body TEXT NOT NULL, created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE lead_search_tasks (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, list_id TEXT NOT NULL, prompt TEXT NOT NULL, prompt_key TEXT NOT NULL,
                title TEXT NOT NULL, filters TEXT NOT NULL, fetch_count INTEGER NOT NULL, status TEXT NOT NULL,
                result_count INTEGER NOT NULL DEFAULT 0, error_code TEXT, error_message TEXT, correlation_id TEXT,
                start_cursor TEXT, next_cursor TEXT, created_at BIGINT NOT NULL, completed_at BIGINT)
            """,
            "CREATE INDEX lead_search_tasks_workspace ON lead_search_tasks (workspace_id, id)",
            "CREATE INDEX lead_search_tasks_continuation ON lead_search_tasks (workspace_id, list_id, prompt_key, id)",
            """
            CREATE TABLE lead_search_results (
                id TEXT PRIMARY KEY, task_id TEXT NOT NULL, position INTEGER NOT NULL, lead_id TEXT, provider TEXT NOT NULL,
                raw TEXT NOT NULL, created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX lead_search_results_task ON lead_search_results (task_id, position)",
        ]
    }

    private func prospects(_ engine: DatabaseEngine) -> [String] {
        switch engine {
        case .sqlite:
            [
                """
                CREATE TABLE prospect_people (
                    seq INTEGER PRIMARY KEY, identity TEXT NOT NULL UNIQUE, body TEXT NOT NULL, terms TEXT NOT NULL)
                """,
                """
                CREATE VIRTUAL TABLE prospect_people_fts USING fts5(
                    terms, content = 'prospect_people', content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 2')
                """,
            ]
        case .postgres:
            [
                """
                CREATE TABLE prospect_people (
                    seq BIGSERIAL PRIMARY KEY, identity TEXT NOT NULL UNIQUE, body TEXT NOT NULL, terms TEXT NOT NULL,
                    tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', terms)) STORED)
                """,
                "CREATE INDEX prospect_people_tsv ON prospect_people USING GIN (tsv)",
            ]
        }
    }

    func revert(engine: DatabaseEngine) -> [String] {
        (engine == .sqlite ? ["DROP TABLE prospect_people_fts"] : []) + [
            "DROP TABLE lead_search_results", "DROP TABLE lead_search_tasks", "DROP TABLE prospect_companies", "DROP TABLE prospect_people",
        ]
    }
}
