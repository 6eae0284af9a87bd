import PuffleCore
import SQLKit

extension SQLUniboxStore {
    public func createThread(_ thread: UniboxThread) async throws -> ThreadSummary {
        let engine = database.engine
        try await database.write { db in try await Self.insertThreads([thread], engine: engine, db: db) }
        return try await self.thread(id: thread.id, workspaceId: thread.workspaceId, markRead: false)
    }

    public func recordSend(_ message: ThreadMessage, idempotency: IdempotencyKey?) async throws -> SendRecording {
        let engine = database.engine
        do {
            return try await database.transaction { db in
                let owned = try await db.raw("""
                    SELECT account_id FROM conversations WHERE id = \(bind: message.threadId) AND workspace_id = \(bind: message.workspaceId)
                    """).first()
                guard owned != nil else { throw PuffleError.notFound("Thread \(message.threadId) not found") }
                if let idempotency, let earlier = try await Self.earlierSend(idempotency, workspaceId: message.workspaceId, db: db) {
                    return earlier
                }
                try await Self.insertMessages([message], accountId: nil, engine: engine, db: db)
                if let idempotency {
                    try await db.raw("""
                        INSERT INTO thread_sends (workspace_id, idempotency_key, fingerprint, message_id, created_at)
                        VALUES (\(bind: message.workspaceId), \(bind: idempotency.key), \(bind: idempotency.fingerprint), \(bind: message.id),
                            \(bind: message.createdAt.milliseconds))
                        """).run()
                }
                return .recorded
            }
        } catch let error where UniqueViolation.matches(error) {
            // The same key in a request running at the same moment: its record stands.
            guard let idempotency else { throw error }
            return try await database.read { db in
                guard let earlier = try await Self.earlierSend(idempotency, workspaceId: message.workspaceId, db: db) else { throw error }
                return earlier
            }
        }
    }

    public func earlierSend(_ idempotency: IdempotencyKey, workspaceId: String) async throws -> String? {
        try await database.read { db in
            guard case .replayed(let messageId)? = try await Self.earlierSend(idempotency, workspaceId: workspaceId, db: db) else { return nil }
            return messageId
        }
    }

    public func latestMessages(threadId: String, workspaceId: String, limit: Int) async throws -> [ThreadMessage] {
        try await database.read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: UniboxRows.messageColumns) FROM conversation_messages
                WHERE conversation_id = \(bind: threadId) AND workspace_id = \(bind: workspaceId) ORDER BY sent_at DESC, id DESC LIMIT \(bind: limit)
                """).all().map(UniboxRows.message(from:)).reversed()
        }
    }

    static func earlierSend(_ idempotency: IdempotencyKey, workspaceId: String, db: any SQLDatabase) async throws -> SendRecording? {
        guard let row = try await db.raw("""
            SELECT fingerprint, message_id FROM thread_sends WHERE workspace_id = \(bind: workspaceId) AND idempotency_key = \(bind: idempotency.key)
            """).first()
        else { return nil }
        guard try row.decode(column: "fingerprint", as: String.self) == idempotency.fingerprint else {
            throw PuffleError.refused(
                code: "idempotency_key_reused", kind: .stateConflict,
                message: "Idempotency-Key \(idempotency.key) was used for a different request; use a new key for a new message")
        }
        return .replayed(messageId: try row.decode(column: "message_id", as: String.self))
    }

    public func confirmSend(messageId: String, workspaceId: String, delivery: MessageDelivery?, accountId: String, now: Timestamp) async throws -> ThreadSummary {
        let engine = database.engine
        let threadId = try await database.transaction { db in
            let message = try await Self.message(id: messageId, workspaceId: workspaceId, db: db)
            guard let delivery else {
                try await db.raw("DELETE FROM thread_sends WHERE workspace_id = \(bind: workspaceId) AND message_id = \(bind: messageId)").run()
                try await db.raw("DELETE FROM conversation_messages WHERE id = \(bind: messageId)").run()
                return message.threadId
            }
            try await db.raw("""
                UPDATE conversation_messages SET delivery = \(bind: delivery.rawValue), account_id = \(bind: accountId), sent_at = \(bind: now.milliseconds)
                WHERE id = \(bind: messageId)
                """).run()
            guard let row = try await db.raw("SELECT \(unsafeRaw: UniboxRows.threadColumns) FROM conversations c WHERE c.id = \(bind: message.threadId)").first()
            else { throw PuffleError.notFound("Thread \(message.threadId) not found") }
            var sent = message
            sent.delivery = delivery
            sent.sentAt = now
            var thread = ThreadSending.thread(try UniboxRows.thread(from: row), after: sent, accountId: accountId)
            thread.updatedAt = now
            try await Self.updateThreads([thread], engine: engine, db: db)
            return message.threadId
        }
        return try await thread(id: threadId, workspaceId: workspaceId, markRead: false)
    }

    public func message(id: String, workspaceId: String) async throws -> ThreadMessage {
        try await database.read { db in try await Self.message(id: id, workspaceId: workspaceId, db: db) }
    }

    static func message(id: String, workspaceId: String, db: any SQLDatabase) async throws -> ThreadMessage {
        guard let row = try await db.raw("""
            SELECT \(unsafeRaw: UniboxRows.messageColumns) FROM conversation_messages WHERE id = \(bind: id) AND workspace_id = \(bind: workspaceId)
            """).first()
        else { throw PuffleError.notFound("Message \(id) not found") }
        return try UniboxRows.message(from: row)
    }
}
