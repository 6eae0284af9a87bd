import PuffleCore
import SQLKit

/// ``SenderStore`` over SQL: `sender_accounts`, `email_domains` and `send_log`.
///
/// Passwords and DKIM keys are sealed with the server's ``SecretBox`` on the way in and opened only
/// by ``credentials(accountId:workspaceId:)``.
public struct SQLSenderStore: SenderStore {
    let database: PuffleDatabase
    /// Nil in processes started without a secret key (operator commands that never touch senders):
    /// sealing or opening then fails with a clear error instead of storing a secret in clear.
    let secrets: SecretBox?

    public init(database: PuffleDatabase, secrets: SecretBox?) {
        self.database = database
        self.secrets = secrets
    }

    /// The configured box. - Throws: when this process has none.
    func box() throws -> SecretBox {
        guard let secrets else {
            throw PuffleError.refused(
                code: "secret_key_missing", kind: .serverMisconfigured, message: "This process has no secret key (PUFFLE_SECRET_KEY) to seal or open sender credentials")
        }
        return secrets
    }

    public func createAccount(_ new: NewSenderAccount) async throws -> SenderAccount {
        let id = SortableID.make()
        let box = try box()
        let smtpPassword = try new.smtp?.password.map { try box.seal($0, field: SenderRows.Sealed.accountSMTP, rowId: id) }
        let imapPassword = try new.imap?.password.map { try box.seal($0, field: SenderRows.Sealed.accountIMAP, rowId: id) }
        let now = database.clock.now().milliseconds
        do {
            try await insertAccount(new, id: id, smtpPassword: smtpPassword, imapPassword: imapPassword, now: now)
        } catch let error where UniqueViolation.matches(error) {
            throw PuffleError.conflict("This workspace already has a sender for \(new.emailAddress)")
        }
        return try await account(id: id, workspaceId: new.workspaceId)
    }

    private func insertAccount(_ new: NewSenderAccount, id: String, smtpPassword: String?, imapPassword: String?, now: Int64) async throws {
        try await database.transaction { db in
            let taken = try await db.raw("""
                SELECT id FROM sender_accounts WHERE workspace_id = \(bind: new.workspaceId) AND email_address = \(bind: new.emailAddress)
                """).first()
            if taken != nil { throw PuffleError.conflict("This workspace already has a sender for \(new.emailAddress)") }
            try await db.raw("""
                INSERT INTO sender_accounts (id, workspace_id, type, display_name, status, warmup_status, email_address, domain_id, first_name,
                    last_name, signature, daily_limit, smtp, smtp_password, imap, imap_password, last_error, warmup_started_at, created_at, updated_at)
                VALUES (\(bind: id), \(bind: new.workspaceId), 'email', \(bind: new.displayName), \(bind: new.status.rawValue),
                    \(bind: new.warmupStatus.rawValue), \(bind: new.emailAddress), \(bind: new.domainId), \(bind: new.firstName), \(bind: new.lastName),
                    \(bind: new.signature), \(bind: new.dailyLimit), \(bind: SenderRows.settingsText(new.smtp?.withoutPassword)), \(bind: smtpPassword),
                    \(bind: SenderRows.settingsText(new.imap?.withoutPassword)), \(bind: imapPassword), \(bind: new.lastError),
                    \(bind: new.warmupStartedAt?.milliseconds), \(bind: now), \(bind: now))
                """).run()
        }
    }

    public func accounts(workspaceId: String, type: SenderType?) async throws -> [SenderAccount] {
        var query = SQLQueryString("SELECT \(unsafeRaw: SenderRows.accountList) FROM \(unsafeRaw: SenderRows.accountFrom) WHERE a.workspace_id = \(bind: workspaceId)")
        if let type { query.appendInterpolation(SQLQueryString(" AND a.type = \(bind: type.rawValue)")) }
        query.appendLiteral(" ORDER BY a.id DESC")
        let sql = query
        return try await database.read { db in try await db.raw(sql).all().map(SenderRows.account(from:)) }
    }

    public func account(id: String, workspaceId: String) async throws -> SenderAccount {
        try await database.read { db in try await Self.account(id: id, workspaceId: workspaceId, db: db) }
    }

    static func account(id: String, workspaceId: String, db: any SQLDatabase) async throws -> SenderAccount {
        let row = try await db.raw("""
            SELECT \(unsafeRaw: SenderRows.accountList) FROM \(unsafeRaw: SenderRows.accountFrom)
            WHERE a.id = \(bind: id) AND a.workspace_id = \(bind: workspaceId)
            """).first()
        guard let row else { throw PuffleError.notFound("Sender \(id) not found") }
        return try SenderRows.account(from: row)
    }

    public func setSignature(id: String, workspaceId: String, signature: String?) async throws -> SenderAccount {
        let now = database.clock.now().milliseconds
        return try await database.transaction { db in
            let account = try await Self.account(id: id, workspaceId: workspaceId, db: db)
            guard account.type == .email else { throw PuffleError.notFound("Email account \(id) not found") }
            try await db.raw("UPDATE sender_accounts SET signature = \(bind: signature), updated_at = \(bind: now) WHERE id = \(bind: id)").run()
            return try await Self.account(id: id, workspaceId: workspaceId, db: db)
        }
    }

    public func transition(
        id: String, workspaceId: String, from: (SenderStatus, WarmupStatus?), to: (SenderStatus, WarmupStatus?), lastError: String?,
        warmupStartedAt: Timestamp?
    ) async throws -> SenderAccount {
        let now = database.clock.now().milliseconds
        let engine = database.engine
        return try await database.transaction { db in
            let account = try await Self.account(id: id, workspaceId: workspaceId, db: db)
            guard account.status == from.0, account.warmupStatus == from.1 else {
                throw PuffleError.conflict(
                    "Sender \(id) is \(account.status.rawValue)/\(account.warmupStatus?.rawValue ?? "none"), not \(from.0.rawValue)/\(from.1?.rawValue ?? "none")")
            }
            // The condition repeats the check: on PostgreSQL another transaction may have moved the
            // row since the read, and then this changes nothing and answers 409.
            let same = engine == .postgres ? "IS NOT DISTINCT FROM" : "IS"
            let moved = try await db.raw("""
                UPDATE sender_accounts SET status = \(bind: to.0.rawValue), warmup_status = \(bind: to.1?.rawValue), last_error = \(bind: lastError),
                    warmup_started_at = COALESCE(warmup_started_at, \(bind: warmupStartedAt?.milliseconds)), updated_at = \(bind: now)
                WHERE id = \(bind: id) AND status = \(bind: from.0.rawValue) AND warmup_status \(unsafeRaw: same) \(bind: from.1?.rawValue)
                RETURNING id
                """).first()
            guard moved != nil else { throw PuffleError.conflict("Sender \(id) changed meanwhile; read it again") }
            return try await Self.account(id: id, workspaceId: workspaceId, db: db)
        }
    }

    public func noteError(id: String, workspaceId: String, lastError: String?) async throws {
        try await database.write { db in
            try await db.raw("""
                UPDATE sender_accounts SET last_error = \(bind: lastError) WHERE id = \(bind: id) AND workspace_id = \(bind: workspaceId)
                """).run()
        }
    }

    public func deleteAccount(id: String, workspaceId: String) async throws {
        try await database.transaction { db in
            _ = try await Self.account(id: id, workspaceId: workspaceId, db: db)
            try await db.raw("DELETE FROM sender_accounts WHERE id = \(bind: id)").run()
        }
    }

    public func setDailyLimits(workspaceId: String, _ limits: [String: Int]) async throws {
        let now = database.clock.now().milliseconds
        try await database.transaction { db in
            for id in limits.keys.sorted() {
                _ = try await Self.account(id: id, workspaceId: workspaceId, db: db)
            }
            for (id, limit) in limits.sorted(by: { $0.key < $1.key }) {
                try await db.raw("UPDATE sender_accounts SET daily_limit = \(bind: limit), updated_at = \(bind: now) WHERE id = \(bind: id)").run()
            }
        }
    }

    public func credentials(accountId: String, workspaceId: String) async throws -> SenderCredentials {
        let box = try box()
        return try await database.read { db in
            let account = try await Self.account(id: accountId, workspaceId: workspaceId, db: db)
            guard let row = try await db.raw("""
                SELECT a.smtp_password, a.imap_password, d.domain, d.dkim_selector, d.dkim_private_key, d.smtp AS domain_smtp,
                    d.smtp_password AS domain_smtp_password, d.imap AS domain_imap, d.imap_password AS domain_imap_password, d.id AS domain_id
                FROM sender_accounts a LEFT JOIN email_domains d ON d.id = a.domain_id WHERE a.id = \(bind: accountId)
                """).first()
            else { throw PuffleError.notFound("Sender \(accountId) not found") }
            let domainId = try row.decode(column: "domain_id", as: String?.self)
            func opened(_ column: String, field: String, rowId: String?) throws -> String? {
                guard let rowId, let sealed = try row.decode(column: column, as: String?.self) else { return nil }
                return try box.open(sealed, field: field, rowId: rowId)
            }
            // A sender with servers of its own (a connected mailbox, or a domain mailbox with its own
            // password) logs in as itself; one without logs in with its domain relay's credentials.
            var smtp: MailServerSettings
            if let own = account.smtp {
                smtp = own
                smtp.password = try opened("smtp_password", field: SenderRows.Sealed.accountSMTP, rowId: accountId)
            } else if let relay = try SenderRows.settings(row, "domain_smtp") {
                smtp = relay
                smtp.password = try opened("domain_smtp_password", field: SenderRows.Sealed.domainSMTP, rowId: domainId)
            } else {
                throw PuffleError.conflict("Sender \(accountId) has no SMTP server to send through")
            }
            var imap: MailServerSettings?
            if let own = account.imap {
                imap = own
                imap?.password = try opened("imap_password", field: SenderRows.Sealed.accountIMAP, rowId: accountId)
            } else if let relay = try SenderRows.settings(row, "domain_imap") {
                imap = relay
                imap?.password = try opened("domain_imap_password", field: SenderRows.Sealed.domainIMAP, rowId: domainId)
            }
            var dkim: (String, String, String)?
            if let domainId, let key = try opened("dkim_private_key", field: SenderRows.Sealed.domainDKIM, rowId: domainId) {
                dkim = (try row.decode(column: "domain", as: String.self), try row.decode(column: "dkim_selector", as: String.self), key)
            }
            return SenderCredentials(account: account, smtp: smtp, imap: imap, dkim: dkim)
        }
    }

    public func recordSends(_ records: [SendRecord]) async throws {
        guard !records.isEmpty else { return }
        var rows = BulkRows([
            ("id", .text), ("workspace_id", .text), ("account_id", .text), ("campaign_id", .text), ("recipient", .text), ("message_id", .text),
            ("outcome", .text), ("detail", .text), ("at", .integer),
        ])
        for record in records {
            rows.startRow()
            for text in [record.id, record.workspaceId, record.accountId, record.campaignId, record.recipient, record.messageId, record.outcome.rawValue, record.detail] {
                rows.add(text)
            }
            rows.add(record.at.milliseconds)
        }
        let statement = rows.insert(into: "send_log", engine: database.engine)
        try await database.write { db in try await db.raw(statement).run() }
    }

    public func sends(accountIds: [String], since: Timestamp) async throws -> [SendRecord] {
        guard !accountIds.isEmpty else { return [] }
        return try await database.read { db in
            try await db.raw("""
                SELECT * FROM send_log WHERE account_id IN (\(binds: accountIds)) AND at >= \(bind: since.milliseconds) ORDER BY at, id
                """).all().map(SenderRows.sendRecord(from:))
        }
    }

    public func capCounts(accountIds: [String], since: Timestamp) async throws -> [String: Int] {
        guard !accountIds.isEmpty else { return [:] }
        let counted = SendRecord.Outcome.allCases.filter(SendCapacity.countsAgainstCap).map { "'\($0.rawValue)'" }.joined(separator: ", ")
        return try await database.read { db in
            var counts: [String: Int] = [:]
            for row in try await db.raw("""
                SELECT account_id, count(*) AS n FROM send_log
                WHERE account_id IN (\(binds: accountIds)) AND at >= \(bind: since.milliseconds) AND outcome IN (\(unsafeRaw: counted))
                GROUP BY account_id
                """).all() {
                counts[try row.decode(column: "account_id", as: String.self)] = try row.decode(column: "n", as: Int.self)
            }
            return counts
        }
    }

    public func allowsWarmingAccounts(workspaceId: String) async throws -> Bool {
        try await database.read { db in
            try await db.raw("SELECT allow_warming_accounts FROM workspaces WHERE id = \(bind: workspaceId)").first()?
                .decode(column: "allow_warming_accounts", as: Int.self) == 1
        }
    }
}
