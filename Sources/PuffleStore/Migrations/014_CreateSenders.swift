/// Sender accounts, sending domains and the send log.
///
/// Passwords and DKIM private keys are stored sealed (``SecretBox``), each bound to its row; the
/// server settings beside them are JSON without the password. A domain is verified in one
/// workspace at most (`email_domains_verified`).
struct CreateSenders: Migration {
    let version = 14
    let name = "create sender accounts, email domains, send log"

    func prepare(engine: DatabaseEngine) -> [String] {
        [
            """
            CREATE TABLE email_domains (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE, domain TEXT NOT NULL,
                status TEXT NOT NULL, dkim_selector TEXT NOT NULL, dkim_private_key TEXT NOT NULL, records TEXT NOT NULL,
                smtp TEXT, smtp_password TEXT, imap TEXT, imap_password TEXT, verified_at BIGINT,
                check_count INTEGER NOT NULL DEFAULT 0, next_check_at BIGINT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
            """,
            "CREATE UNIQUE INDEX email_domains_workspace_domain ON email_domains (workspace_id, domain)",
            "CREATE UNIQUE INDEX email_domains_verified ON email_domains (domain) WHERE status = 'verified'",
            "CREATE INDEX email_domains_due ON email_domains (next_check_at) WHERE status = 'verifying'",
            """
            CREATE TABLE sender_accounts (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE, type TEXT NOT NULL,
                display_name TEXT NOT NULL, status TEXT NOT NULL, warmup_status TEXT, email_address TEXT,
                domain_id TEXT REFERENCES email_domains(id) ON DELETE SET NULL, first_name TEXT, last_name TEXT, signature TEXT,
                daily_limit INTEGER NOT NULL, smtp TEXT, smtp_password TEXT, imap TEXT, imap_password TEXT, last_error TEXT,
                warmup_started_at BIGINT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
            """,
            "CREATE UNIQUE INDEX sender_accounts_address ON sender_accounts (workspace_id, email_address)",
            """
            CREATE TABLE send_log (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, account_id TEXT NOT NULL, campaign_id TEXT, recipient TEXT NOT NULL,
                message_id TEXT NOT NULL, outcome TEXT NOT NULL, detail TEXT, at BIGINT NOT NULL)
            """,
            "CREATE INDEX send_log_account ON send_log (account_id, at)",
            "ALTER TABLE workspaces ADD COLUMN allow_warming_accounts INTEGER NOT NULL DEFAULT 0",
        ]
    }

    func revert(engine: DatabaseEngine) -> [String] {
        [
            "ALTER TABLE workspaces DROP COLUMN allow_warming_accounts", "DROP TABLE send_log", "DROP TABLE sender_accounts",
            "DROP TABLE email_domains",
        ]
    }
}
