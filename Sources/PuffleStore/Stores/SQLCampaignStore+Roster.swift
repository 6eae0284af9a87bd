import PuffleCore
import SQLKit

extension SQLCampaignStore {
    /// `(SELECT ...) AS v` of one text column `value`: a list of ids or addresses for `IN`, bound as one value.
    static func values(_ values: [String], engine: DatabaseEngine) -> SQLQueryString {
        var rows = BulkRows([("value", .text)])
        for value in values {
            rows.startRow()
            rows.add(value)
        }
        return rows.source(engine: engine)
    }

    /// Locks a draft campaign's row for this transaction (PostgreSQL), so a launch cannot slip in
    /// between the check and the write. - Throws: `invalidRequest` when it is no longer a draft.
    static func lockDraft(campaignId: String, db: any SQLDatabase) async throws {
        let row = try await db.raw("UPDATE campaigns SET version = version WHERE id = \(bind: campaignId) AND status = 'draft' RETURNING id").first()
        guard row == nil else { return }
        let status = try await db.raw("SELECT status FROM campaigns WHERE id = \(bind: campaignId)").first()?.decode(column: "status", as: String.self)
        guard let status else { throw PuffleError.notFound("Campaign \(campaignId) not found") }
        throw PuffleError.invalidRequest("Campaign is \(status): its roster can only change while it is a draft")
    }

    public func prospects(campaignId: String, status: ProspectStatus?, offset: Int, limit: Int) async throws -> (rows: [CampaignProspect], total: Int) {
        try await database.read { db in
            var filter = SQLQueryString("campaign_id = \(bind: campaignId)")
            if let status { filter.appendInterpolation(SQLQueryString(" AND status = \(bind: status.rawValue)")) }
            let condition = filter
            let rows = try await db.raw("""
                SELECT \(unsafeRaw: CampaignRows.prospectList) FROM campaign_prospects WHERE \(condition) ORDER BY id LIMIT \(bind: limit) OFFSET \(bind: offset)
                """).all().map(CampaignRows.prospect(from:))
            let total = try await db.raw("SELECT count(*) AS n FROM campaign_prospects WHERE \(condition)").first()?.decode(column: "n", as: Int.self) ?? 0
            return (rows, total)
        }
    }

    public func prospects(campaignId: String, ids: [String]) async throws -> [CampaignProspect] {
        guard !ids.isEmpty else { return [] }
        return try await database.read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: CampaignRows.prospectList) FROM campaign_prospects
                WHERE campaign_id = \(bind: campaignId) AND id IN (SELECT value FROM \(Self.values(ids, engine: database.engine)))
                """).all().map(CampaignRows.prospect(from:))
        }
    }

    public func addProspects(
        campaignId: String, workspaceId: String, _ fields: [ProspectFields], source: String, sourceRef: String?, now: Timestamp
    ) async throws -> RosterAddition {
        guard !fields.isEmpty else { return RosterAddition(imported: 0, duplicates: 0) }
        let engine = database.engine
        return try await database.transaction { db in
            try await Self.lockDraft(campaignId: campaignId, db: db)
            var rows = BulkRows([
                ("id", .text), ("campaign_id", .text), ("workspace_id", .text), ("status", .text), ("email", .text), ("linkedin_url", .text),
                ("first_name", .text), ("last_name", .text), ("name", .text), ("company", .text), ("position", .text), ("headline", .text),
                ("custom_fields", .text), ("source", .text), ("source_ref", .text), ("created_at", .integer), ("updated_at", .integer),
            ])
            for person in fields {
                rows.startRow()
                for value in [
                    SortableID.make(), campaignId, workspaceId, ProspectStatus.pending.rawValue, person.email, person.linkedinURL, person.firstName,
                    person.lastName, person.name, person.company, person.position, person.headline, CampaignRows.customText(person.customFields), source,
                    sourceRef,
                ] { rows.add(value) }
                rows.add(now.milliseconds)
                rows.add(now.milliseconds)
            }
            let imported = try await BulkRows.changedRowCount(
                of: rows.insert(into: "campaign_prospects", engine: engine, tail: "ON CONFLICT DO NOTHING"), engine: engine, db: db)
            return RosterAddition(imported: imported, duplicates: fields.count - imported)
        }
    }

    public func updateProspect(campaignId: String, id: String, fields: ProspectFields, now: Timestamp) async throws -> CampaignProspect {
        do {
            return try await database.transaction { db in
                try await Self.lockDraft(campaignId: campaignId, db: db)
                let updated = try await db.raw("""
                    UPDATE campaign_prospects SET email = \(bind: fields.email), linkedin_url = \(bind: fields.linkedinURL),
                        first_name = \(bind: fields.firstName), last_name = \(bind: fields.lastName), name = \(bind: fields.name),
                        company = \(bind: fields.company), position = \(bind: fields.position), headline = \(bind: fields.headline),
                        updated_at = \(bind: now.milliseconds)
                    WHERE id = \(bind: id) AND campaign_id = \(bind: campaignId)
                    RETURNING \(unsafeRaw: CampaignRows.prospectList)
                    """).first()
                guard let updated else { throw PuffleError.notFound("Prospect \(id) not found in this campaign") }
                return try CampaignRows.prospect(from: updated)
            }
        } catch let error where UniqueViolation.matches(error) {
            throw PuffleError.conflict("Another prospect of this campaign has that address")
        }
    }

    public func removeProspects(campaignId: String, ids: [String]?) async throws -> Int {
        let engine = database.engine
        return try await database.transaction { db in
            try await Self.lockDraft(campaignId: campaignId, db: db)
            guard let ids else {
                try await db.raw("DELETE FROM campaign_messages WHERE campaign_id = \(bind: campaignId)").run()
                return try await BulkRows.changedRowCount(of: "DELETE FROM campaign_prospects WHERE campaign_id = \(bind: campaignId)", engine: engine, db: db)
            }
            try await db.raw("""
                DELETE FROM campaign_messages WHERE campaign_id = \(bind: campaignId) AND prospect_id IN (SELECT value FROM \(Self.values(ids, engine: engine)))
                """).run()
            return try await BulkRows.changedRowCount(
                of: "DELETE FROM campaign_prospects WHERE campaign_id = \(bind: campaignId) AND id IN (SELECT value FROM \(Self.values(ids, engine: engine)))",
                engine: engine, db: db)
        }
    }

    public func suppressed(workspaceId: String, emails: [String]) async throws -> Set<String> {
        guard !emails.isEmpty else { return [] }
        return try await database.read { db in
            Set(try await db.raw("""
                SELECT email FROM suppressions WHERE workspace_id = \(bind: workspaceId) AND email IN (SELECT value FROM \(Self.values(emails, engine: database.engine)))
                """).all().map { try $0.decode(column: "email", as: String.self) })
        }
    }
}
