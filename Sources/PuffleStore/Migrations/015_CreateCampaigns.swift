/// Campaigns, their senders, sequences, rosters and messages (the outbox), and the suppression list.
///
/// The schedule lives in rows: a prospect's `next_position` and `due_at` say which node runs next
/// and when; the dispatcher reads `campaign_prospects_due`. A message row is unique per (prospect,
/// node), so a step can never be sent twice, and its `message_id` is fixed when reserved.
struct CreateCampaigns: Migration {
    let version = 15
    let name = "create campaigns, sequence nodes, prospects, messages, suppressions"

    func prepare(engine: DatabaseEngine) -> [String] {
        [
            """
            CREATE TABLE campaigns (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE, type TEXT NOT NULL, name TEXT NOT NULL,
                status TEXT NOT NULL, daily_limit INTEGER, stop_on_reply INTEGER NOT NULL, open_tracking INTEGER NOT NULL, signature TEXT,
                skip_other_campaigns INTEGER, operating_hours TEXT, account_limits TEXT NOT NULL, pause_reason TEXT, launched_at BIGINT,
                version INTEGER NOT NULL DEFAULT 0, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
            """,
            "CREATE UNIQUE INDEX campaigns_name ON campaigns (workspace_id, name)",
            """
            CREATE TABLE campaign_senders (
                campaign_id TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
                account_id TEXT NOT NULL REFERENCES sender_accounts(id) ON DELETE CASCADE, position INTEGER NOT NULL,
                PRIMARY KEY (campaign_id, account_id))
            """,
            "CREATE INDEX campaign_senders_account ON campaign_senders (account_id)",
            """
            CREATE TABLE sequence_nodes (
                id TEXT PRIMARY KEY, campaign_id TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE, position INTEGER NOT NULL,
                type TEXT NOT NULL, content TEXT NOT NULL)
            """,
            "CREATE INDEX sequence_nodes_campaign ON sequence_nodes (campaign_id, position)",
            """
            CREATE TABLE campaign_prospects (
                id TEXT PRIMARY KEY, campaign_id TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE, workspace_id TEXT NOT NULL,
                status TEXT NOT NULL, email TEXT, linkedin_url TEXT, first_name TEXT, last_name TEXT, name TEXT, company TEXT, position TEXT,
                headline TEXT, custom_fields TEXT, source TEXT NOT NULL, source_ref TEXT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
                bounced_at BIGINT, replied_at BIGINT, current_node_id TEXT, next_position INTEGER, due_at BIGINT, sender_id TEXT,
                delivery_unknown INTEGER NOT NULL DEFAULT 0)
            """,
            "CREATE UNIQUE INDEX campaign_prospects_email ON campaign_prospects (campaign_id, email) WHERE email IS NOT NULL",
            "CREATE UNIQUE INDEX campaign_prospects_linkedin ON campaign_prospects (campaign_id, linkedin_url) WHERE linkedin_url IS NOT NULL",
            "CREATE INDEX campaign_prospects_roster ON campaign_prospects (campaign_id, status, id)",
            "CREATE INDEX campaign_prospects_due ON campaign_prospects (campaign_id, due_at, id) WHERE due_at IS NOT NULL",
            "CREATE INDEX campaign_prospects_address ON campaign_prospects (workspace_id, email)",
            """
            CREATE TABLE campaign_messages (
                id TEXT PRIMARY KEY, campaign_id TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE, workspace_id TEXT NOT NULL,
                prospect_id TEXT NOT NULL REFERENCES campaign_prospects(id) ON DELETE CASCADE, node_id TEXT NOT NULL, subject TEXT,
                body_text TEXT NOT NULL, body_html TEXT, status TEXT NOT NULL, manually_edited INTEGER NOT NULL DEFAULT 0, message_id TEXT,
                in_reply_to TEXT, refs TEXT, sender_id TEXT, detail TEXT, deferrals INTEGER NOT NULL DEFAULT 0, reserved_at BIGINT,
                sent_at BIGINT, opened_at BIGINT, open_count INTEGER NOT NULL DEFAULT 0, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
            """,
            "CREATE UNIQUE INDEX campaign_messages_step ON campaign_messages (prospect_id, node_id)",
            "CREATE INDEX campaign_messages_campaign ON campaign_messages (campaign_id, status)",
            "CREATE INDEX campaign_messages_sent ON campaign_messages (campaign_id, sent_at) WHERE sent_at IS NOT NULL",
            "CREATE INDEX campaign_messages_sending ON campaign_messages (reserved_at) WHERE status = 'sending'",
            """
            CREATE TABLE suppressions (
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE, email TEXT NOT NULL, reason TEXT NOT NULL,
                created_at BIGINT NOT NULL, PRIMARY KEY (workspace_id, email))
            """,
        ]
    }

    func revert(engine: DatabaseEngine) -> [String] {
        [
            "DROP TABLE suppressions", "DROP TABLE campaign_messages", "DROP TABLE campaign_prospects", "DROP TABLE sequence_nodes",
            "DROP TABLE campaign_senders", "DROP TABLE campaigns",
        ]
    }
}
