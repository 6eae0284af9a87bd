/// Secrets the server keeps in its database, so every server process on it shares them and they
/// survive restarts (the key that signs page cursors, ``SQLWorkspaceStore/serverSecret(named:)``).
struct CreateServerSecrets: Migration {
    let version = 9
    let name = "create server secrets"

    func prepare(engine: DatabaseEngine) -> [String] {
        ["CREATE TABLE server_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL, created_at BIGINT NOT NULL)"]
    }

    func revert(engine: DatabaseEngine) -> [String] {
        ["DROP TABLE server_secrets"]
    }
}
