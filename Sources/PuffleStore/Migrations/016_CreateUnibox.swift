/// The Unibox: threads (`conversations`), their messages, each mailbox's sync position, and the
/// idempotency keys of sends (`thread_sends`), and attachments.
///
/// An attachment's bytes are kept in the database (base64 text, at most 10 MB a file) rather than on
/// a local disk: every server and worker process of a PostgreSQL deployment reads them, with no
/// shared volume to set up, and they go with the workspace when it is deleted.
///
/// An outbound message's `delivery` is `sending` from before SMTP until the server's answer, then
/// `sent` or `unknown` (no answer after the final dot: never resent); inbound ones are `received`.
///
/// An inbound message is stored once per sender account (`conversation_messages_inbound`, on its
/// Message-ID), so a re-sync after a UIDVALIDITY change adds nothing twice. `inbox_state` is
/// written beside the counters it follows from (Core's ``UniboxThread/inboxState``), so lists
/// filter on it.
struct CreateUnibox: Migration {
    let version = 16
    let name = "create conversations, conversation messages, mailbox cursors"

    func prepare(engine: DatabaseEngine) -> [String] {
        [
            """
            CREATE TABLE conversations (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE, account_id TEXT, channel TEXT NOT NULL,
                status TEXT NOT NULL, inbox_state TEXT NOT NULL, origin TEXT NOT NULL, participant_name TEXT, participant_email TEXT,
                participant_linkedin_url TEXT, subject TEXT, last_message_at BIGINT, last_message_snippet TEXT, last_message_direction TEXT,
                message_count INTEGER NOT NULL DEFAULT 0, inbound_count INTEGER NOT NULL DEFAULT 0, unread_count INTEGER NOT NULL DEFAULT 0,
                bounced INTEGER NOT NULL DEFAULT 0, draft TEXT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX conversations_recent ON conversations (workspace_id, last_message_at, id)",
            "CREATE INDEX conversations_participant ON conversations (workspace_id, account_id, participant_email, last_message_at, id)",
            """
            CREATE TABLE conversation_messages (
                id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE, workspace_id TEXT NOT NULL,
                account_id TEXT, campaign_id TEXT, direction TEXT NOT NULL, message_type TEXT NOT NULL, subject TEXT, body_text TEXT NOT NULL,
                body_html TEXT, sender_name TEXT, sender_identifier TEXT, message_id TEXT, in_reply_to TEXT, refs TEXT, cc TEXT, bcc TEXT,
                attachments TEXT, delivery TEXT NOT NULL, sent_at BIGINT NOT NULL, created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX conversation_messages_thread ON conversation_messages (conversation_id, sent_at, id)",
            "CREATE UNIQUE INDEX conversation_messages_inbound ON conversation_messages (account_id, message_id) WHERE direction = 'inbound'",
            "CREATE INDEX conversation_messages_campaign ON conversation_messages (campaign_id) WHERE campaign_id IS NOT NULL",
            "CREATE INDEX campaign_messages_message_id ON campaign_messages (message_id) WHERE message_id IS NOT NULL",
            """
            CREATE TABLE attachments (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE, file_name TEXT NOT NULL,
                content_type TEXT NOT NULL, size INTEGER NOT NULL, data TEXT NOT NULL, created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE thread_sends (
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE, idempotency_key TEXT NOT NULL, fingerprint TEXT NOT NULL,
                message_id TEXT NOT NULL, created_at BIGINT NOT NULL, PRIMARY KEY (workspace_id, idempotency_key))
            """,
            """
            CREATE TABLE mailbox_cursors (
                account_id TEXT PRIMARY KEY REFERENCES sender_accounts(id) ON DELETE CASCADE, workspace_id TEXT NOT NULL,
                uid_validity BIGINT, last_uid BIGINT NOT NULL DEFAULT 0, login_failures INTEGER NOT NULL DEFAULT 0, synced_at BIGINT)
            """,
        ]
    }

    func revert(engine: DatabaseEngine) -> [String] {
        [
            "DROP TABLE mailbox_cursors", "DROP TABLE thread_sends", "DROP TABLE attachments", "DROP INDEX campaign_messages_message_id", "DROP TABLE conversation_messages", "DROP TABLE conversations",
        ]
    }
}
