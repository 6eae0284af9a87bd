import PuffleCore
import SQLKit

extension SQLSenderStore {
    public func createDomain(_ new: NewEmailDomain) async throws -> EmailDomain {
        let id = SortableID.make()
        let box = try box()
        let sealedKey = try box.seal(new.dkimPrivateKeyPEM, field: SenderRows.Sealed.domainDKIM, rowId: id)
        let smtpPassword = try new.smtp?.password.map { try box.seal($0, field: SenderRows.Sealed.domainSMTP, rowId: id) }
        let imapPassword = try new.imap?.password.map { try box.seal($0, field: SenderRows.Sealed.domainIMAP, rowId: id) }
        let now = database.clock.now().milliseconds
        do {
            try await insertDomain(new, id: id, sealedKey: sealedKey, smtpPassword: smtpPassword, imapPassword: imapPassword, now: now)
        } catch let error where UniqueViolation.matches(error) {
            throw PuffleError.conflict("\(new.domain) is registered here already, or verified by another workspace")
        }
        return try await domain(id: id, workspaceId: new.workspaceId)
    }

    private func insertDomain(_ new: NewEmailDomain, id: String, sealedKey: String, smtpPassword: String?, imapPassword: String?, now: Int64) async throws {
        try await database.transaction { db in
            let existing = try await db.raw("""
                SELECT workspace_id, status FROM email_domains WHERE domain = \(bind: new.domain)
                AND (workspace_id = \(bind: new.workspaceId) OR status = 'verified')
                """).all()
            for row in existing {
                if try row.decode(column: "workspace_id", as: String.self) == new.workspaceId {
                    throw PuffleError.conflict("This workspace already registered \(new.domain)")
                }
                throw PuffleError.conflict("\(new.domain) is already verified by another workspace")
            }
            try await db.raw("""
                INSERT INTO email_domains (id, workspace_id, domain, status, dkim_selector, dkim_private_key, records, smtp, smtp_password, imap,
                    imap_password, check_count, created_at, updated_at)
                VALUES (\(bind: id), \(bind: new.workspaceId), \(bind: new.domain), 'pending', \(bind: new.dkimSelector), \(bind: sealedKey),
                    \(bind: SenderRows.recordsText(new.records)), \(bind: SenderRows.settingsText(new.smtp?.withoutPassword)), \(bind: smtpPassword),
                    \(bind: SenderRows.settingsText(new.imap?.withoutPassword)), \(bind: imapPassword), 0, \(bind: now), \(bind: now))
                """).run()
        }
    }

    public func domainServers(id: String, workspaceId: String) async throws -> (smtp: MailServerSettings?, imap: MailServerSettings?) {
        let box = try box()
        return try await database.read { db in
            guard let row = try await db.raw("""
                SELECT smtp, smtp_password, imap, imap_password FROM email_domains WHERE id = \(bind: id) AND workspace_id = \(bind: workspaceId)
                """).first()
            else { throw PuffleError.notFound("Email domain \(id) not found") }
            var smtp = try SenderRows.settings(row, "smtp")
            smtp?.password = try row.decode(column: "smtp_password", as: String?.self).map { try box.open($0, field: SenderRows.Sealed.domainSMTP, rowId: id) }
            var imap = try SenderRows.settings(row, "imap")
            imap?.password = try row.decode(column: "imap_password", as: String?.self).map { try box.open($0, field: SenderRows.Sealed.domainIMAP, rowId: id) }
            return (smtp, imap)
        }
    }

    public func domains(workspaceId: String) async throws -> [EmailDomain] {
        try await database.read { db in
            try await db.raw("SELECT \(unsafeRaw: SenderRows.domainList) FROM email_domains WHERE workspace_id = \(bind: workspaceId) ORDER BY id DESC")
                .all().map(SenderRows.domain(from:))
        }
    }

    public func domain(id: String, workspaceId: String) async throws -> EmailDomain {
        try await database.read { db in try await Self.domain(id: id, workspaceId: workspaceId, db: db) }
    }

    static func domain(id: String, workspaceId: String, db: any SQLDatabase) async throws -> EmailDomain {
        let row = try await db.raw("""
            SELECT \(unsafeRaw: SenderRows.domainList) FROM email_domains WHERE id = \(bind: id) AND workspace_id = \(bind: workspaceId)
            """).first()
        guard let row else { throw PuffleError.notFound("Email domain \(id) not found") }
        return try SenderRows.domain(from: row)
    }

    public func saveCheck(_ domain: EmailDomain, readAt: Timestamp) async throws -> EmailDomain {
        do {
            return try await save(domain, readAt: readAt)
        } catch let error where UniqueViolation.matches(error) {
            throw PuffleError.conflict("\(domain.domain) is already verified by another workspace")
        }
    }

    private func save(_ domain: EmailDomain, readAt: Timestamp) async throws -> EmailDomain {
        try await database.transaction { db in
            if domain.status == .verified {
                let other = try await db.raw("""
                    SELECT id FROM email_domains WHERE domain = \(bind: domain.domain) AND status = 'verified' AND id <> \(bind: domain.id)
                    """).first()
                if other != nil { throw PuffleError.conflict("\(domain.domain) is already verified by another workspace") }
            }
            // Only over the row as it was read before the DNS lookups: a check that finished later
            // than another (a user's verify beside a scheduled re-check) does not overwrite it.
            let saved = try await db.raw("""
                UPDATE email_domains SET status = \(bind: domain.status.rawValue), records = \(bind: SenderRows.recordsText(domain.records)),
                    verified_at = \(bind: domain.verifiedAt?.milliseconds), check_count = \(bind: domain.checkCount),
                    next_check_at = \(bind: domain.nextCheckAt?.milliseconds), updated_at = \(bind: domain.updatedAt.milliseconds)
                WHERE id = \(bind: domain.id) AND workspace_id = \(bind: domain.workspaceId) AND updated_at = \(bind: readAt.milliseconds)
                RETURNING id
                """).first()
            if saved == nil {
                _ = try await Self.domain(id: domain.id, workspaceId: domain.workspaceId, db: db)  // 404 when it is gone
                throw PuffleError.refused(code: "domain_changed", kind: .stateConflict, message: "\(domain.domain) was checked by another request meanwhile; read it again")
            }
            return try await Self.domain(id: domain.id, workspaceId: domain.workspaceId, db: db)
        }
    }

    public func domainsDue(now: Timestamp, limit: Int) async throws -> [EmailDomain] {
        try await database.read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: SenderRows.domainList) FROM email_domains
                WHERE status = 'verifying' AND next_check_at <= \(bind: now.milliseconds) ORDER BY next_check_at LIMIT \(bind: limit)
                """).all().map(SenderRows.domain(from:))
        }
    }
}
