import Foundation
import PuffleCore
import SQLKit

extension SQLCampaignStore {
    static let terminal = CampaignRows.quoted(ProspectStatus.terminal)

    public func start(campaignId: String, nextPosition: Int, dueAt: Timestamp, now: Timestamp) async throws -> Int {
        let engine = database.engine
        return try await database.transaction { db in
            let scheduled = try await BulkRows.changedRowCount(
                of: """
                    UPDATE campaign_prospects SET next_position = \(bind: nextPosition), due_at = \(bind: dueAt.milliseconds), updated_at = \(bind: now.milliseconds)
                    WHERE campaign_id = \(bind: campaignId) AND status = 'pending'
                    """, engine: engine, db: db)
            // Drafts become what will be sent: no longer editable.
            try await db.raw("UPDATE campaign_messages SET status = 'pending' WHERE campaign_id = \(bind: campaignId) AND status = 'draft'").run()
            let moved = try await db.raw("""
                UPDATE campaigns SET status = 'active', version = version + 1, updated_at = \(bind: now.milliseconds)
                WHERE id = \(bind: campaignId) AND status = 'launching' RETURNING id
                """).first()
            guard moved != nil else { throw PuffleError.conflict("Campaign \(campaignId) changed while launching") }
            return scheduled
        }
    }

    public func dueCampaigns(now: Timestamp, after: String?, limit: Int) async throws -> [(id: String, workspaceId: String)] {
        try await database.read { db in
            try await db.raw("""
                SELECT c.id, c.workspace_id FROM campaigns c WHERE c.status = 'active' AND c.type = 'email' AND c.id > \(bind: after ?? "") AND EXISTS (
                    SELECT 1 FROM campaign_prospects p WHERE p.campaign_id = c.id AND p.due_at IS NOT NULL AND p.due_at <= \(bind: now.milliseconds))
                ORDER BY c.id LIMIT \(bind: limit)
                """).all().map { (try $0.decode(column: "id", as: String.self), try $0.decode(column: "workspace_id", as: String.self)) }
        }
    }

    public func dueProspects(
        campaignId: String, now: Timestamp, limit: Int, sendablePositions: [Int], excludingSenders: [String]?
    ) async throws -> [CampaignProspect] {
        // Positions are numbers we computed, never user text, so they are written into the statement.
        let positions = sendablePositions.map(String.init).joined(separator: ", ")
        var which = SQLQueryString("(")
        which.appendLiteral(positions.isEmpty ? "TRUE" : "next_position IS NULL OR next_position NOT IN (" + positions + ")")
        if let excluded = excludingSenders {
            if excluded.isEmpty {
                which.appendLiteral(" OR TRUE")
            } else {
                which.appendInterpolation(SQLQueryString(" OR sender_id IS NULL OR sender_id NOT IN (SELECT value FROM \(Self.values(excluded, engine: database.engine)))"))
            }
        }
        which.appendLiteral(")")
        let condition = which
        return try await database.read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: CampaignRows.prospectList) FROM campaign_prospects
                WHERE campaign_id = \(bind: campaignId) AND due_at IS NOT NULL AND due_at <= \(bind: now.milliseconds) AND \(condition)
                ORDER BY due_at, id LIMIT \(bind: limit)
                """).all().map(CampaignRows.prospect(from:))
        }
    }

    public func earlierMessages(prospectIds: [String]) async throws -> [String: [CampaignComposer.Earlier]] {
        guard !prospectIds.isEmpty else { return [:] }
        return try await database.read { db in
            var earlier: [String: [CampaignComposer.Earlier]] = [:]
            for row in try await db.raw("""
                SELECT prospect_id, message_id, subject FROM campaign_messages
                WHERE prospect_id IN (SELECT value FROM \(Self.values(prospectIds, engine: database.engine))) AND status IN ('sent', 'unknown')
                ORDER BY sent_at, id
                """).all() {
                guard let messageId = try row.decode(column: "message_id", as: String?.self) else { continue }
                earlier[try row.decode(column: "prospect_id", as: String.self), default: []].append(
                    CampaignComposer.Earlier(messageId: messageId, subject: try row.decode(column: "subject", as: String?.self) ?? ""))
            }
            return earlier
        }
    }

    public func generated(prospectIds: [String]) async throws -> [CampaignMessage] {
        guard !prospectIds.isEmpty else { return [] }
        return try await database.read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: CampaignRows.messageList) FROM campaign_messages
                WHERE prospect_id IN (SELECT value FROM \(Self.values(prospectIds, engine: database.engine))) AND status IN ('draft', 'pending')
                """).all().map(CampaignRows.message(from:))
        }
    }

    public func deferrals(prospectIds: [String]) async throws -> [String: Int] {
        guard !prospectIds.isEmpty else { return [:] }
        return try await database.read { db in
            var counts: [String: Int] = [:]
            for row in try await db.raw("""
                SELECT prospect_id, deferrals FROM campaign_messages
                WHERE prospect_id IN (SELECT value FROM \(Self.values(prospectIds, engine: database.engine))) AND status IN ('pending', 'sending') AND deferrals > 0
                """).all() {
                counts[try row.decode(column: "prospect_id", as: String.self)] = try row.decode(column: "deferrals", as: Int.self)
            }
            return counts
        }
    }

    public func reserve(_ reservations: [Reservation], now: Timestamp) async throws -> [Reservation] {
        guard let campaignId = reservations.first?.campaignId else { return [] }
        precondition(reservations.allSatisfy { $0.campaignId == campaignId }, "reservations of one campaign at a time")
        let engine = database.engine
        let at = now.milliseconds
        return try await database.transaction { db in
            // Taking the campaign's row: a pause waits for this transaction, and then it holds.
            let active = try await db.raw("UPDATE campaigns SET version = version WHERE id = \(bind: campaignId) AND status = 'active' RETURNING workspace_id").first()
            guard let workspaceId = try active?.decode(column: "workspace_id", as: String.self) else { return [] }
            var rows = BulkRows([
                ("id", .text), ("prospect_id", .text), ("node_id", .text), ("subject", .text), ("body_text", .text), ("body_html", .text),
                ("message_id", .text), ("in_reply_to", .text), ("refs", .text), ("sender_id", .text),
            ])
            for reservation in reservations {
                rows.startRow()
                let email = reservation.email
                let values: [String?] = [
                    SortableID.make(), reservation.prospectId, reservation.nodeId, email.subject, email.text, email.html, email.messageId, email.inReplyTo,
                    email.references.isEmpty ? nil : email.references.joined(separator: " "), reservation.senderId,
                ]
                for value in values { rows.add(value) }
            }
            // A suppressed address (unsubscribed, bounced) is never written to again: its prospect is cancelled.
            try await db.raw("""
                UPDATE campaign_prospects SET status = 'cancelled', due_at = NULL, next_position = NULL, current_node_id = NULL, updated_at = \(bind: at)
                WHERE id IN (SELECT value FROM \(Self.values(reservations.map(\.prospectId), engine: engine))) AND status NOT IN (\(unsafeRaw: Self.terminal))
                    AND email IN (SELECT email FROM suppressions WHERE workspace_id = \(bind: workspaceId))
                """).run()
            // The outbox row of (prospect, node) becomes `sending`, only for a prospect still due and
            // never over a row that already left. EXISTS, not a join: SQLite would put the due
            // prospects outside and parse the JSON rows again for each (measured, `bench campaign`).
            let reserved = try await db.raw("""
                INSERT INTO campaign_messages (id, campaign_id, workspace_id, prospect_id, node_id, subject, body_text, body_html, status, message_id,
                    in_reply_to, refs, sender_id, reserved_at, created_at, updated_at)
                SELECT v.id, \(bind: campaignId), \(bind: workspaceId), v.prospect_id, v.node_id, v.subject, v.body_text, v.body_html, 'sending',
                    v.message_id, v.in_reply_to, v.refs, v.sender_id, CAST(\(bind: at) AS BIGINT), CAST(\(bind: at) AS BIGINT), CAST(\(bind: at) AS BIGINT)
                FROM \(rows.source(engine: engine))
                WHERE EXISTS (
                    SELECT 1 FROM campaign_prospects p WHERE p.id = v.prospect_id AND p.campaign_id = \(bind: campaignId) AND p.due_at IS NOT NULL
                        AND p.due_at <= \(bind: at) AND p.status NOT IN (\(unsafeRaw: Self.terminal)))
                ON CONFLICT (prospect_id, node_id) DO UPDATE SET status = 'sending', subject = excluded.subject, body_text = excluded.body_text,
                    body_html = excluded.body_html, message_id = excluded.message_id, in_reply_to = excluded.in_reply_to, refs = excluded.refs,
                    sender_id = excluded.sender_id, reserved_at = excluded.reserved_at, updated_at = excluded.updated_at
                WHERE campaign_messages.status IN ('draft', 'pending')
                RETURNING prospect_id
                """).all().map { try $0.decode(column: "prospect_id", as: String.self) }
            let taken = Set(reserved)
            let made = reservations.filter { taken.contains($0.prospectId) }
            guard !made.isEmpty else { return [] }
            var claims = BulkRows([("id", .text), ("sender_id", .text)])
            for reservation in made {
                claims.startRow()
                claims.add(reservation.prospectId)
                claims.add(reservation.senderId)
            }
            try await db.raw("""
                UPDATE campaign_prospects SET sender_id = v.sender_id, due_at = NULL, updated_at = \(bind: at)
                FROM \(claims.source(engine: engine)) WHERE campaign_prospects.id = v.id
                """).run()
            return made
        }
    }

    public func finish(_ results: [SendResult], campaignId: String, now: Timestamp) async throws {
        guard !results.isEmpty else { return }
        let engine = database.engine
        let at = now.milliseconds
        try await database.transaction { db in
            var moved: Set<String> = []
            let sends = results.filter { $0.nodeId != nil && $0.messageStatus != nil }
            if !sends.isEmpty {
                var rows = BulkRows([
                    ("prospect_id", .text), ("node_id", .text), ("status", .text), ("detail", .text), ("sent_at", .integer), ("deferred", .integer),
                ])
                for result in sends {
                    rows.startRow()
                    rows.add(result.prospectId)
                    rows.add(result.nodeId)
                    rows.add(result.messageStatus?.rawValue)
                    rows.add(result.detail)
                    if let sentAt = result.sentAt { rows.add(sentAt.milliseconds) } else { rows.add(nil as String?) }
                    rows.add(Int64(result.isDeferral ? 1 : 0))
                }
                moved = Set(try await db.raw("""
                    UPDATE campaign_messages SET status = v.status, detail = v.detail, sent_at = COALESCE(v.sent_at, campaign_messages.sent_at),
                        deferrals = campaign_messages.deferrals + v.deferred, updated_at = \(bind: at)
                    FROM \(rows.source(engine: engine))
                    WHERE campaign_messages.prospect_id = v.prospect_id AND campaign_messages.node_id = v.node_id AND campaign_messages.status = 'sending'
                    RETURNING campaign_messages.prospect_id
                    """).all().map { try $0.decode(column: "prospect_id", as: String.self) })
            }
            let applied = results.filter { $0.nodeId == nil || moved.contains($0.prospectId) }
            if !applied.isEmpty {
                var rows = BulkRows([
                    ("id", .text), ("status", .text), ("current_node_id", .text), ("next_position", .integer), ("due_at", .integer), ("bounced_at", .integer),
                    ("delivery_unknown", .integer),
                ])
                for result in applied {
                    rows.startRow()
                    rows.add(result.prospectId)
                    rows.add(result.prospectStatus.rawValue)
                    rows.add(result.currentNodeId)
                    if let next = result.nextPosition { rows.add(Int64(next)) } else { rows.add(nil as String?) }
                    if let due = result.dueAt { rows.add(due.milliseconds) } else { rows.add(nil as String?) }
                    if let bounced = result.bouncedAt { rows.add(bounced.milliseconds) } else { rows.add(nil as String?) }
                    rows.add(Int64(result.deliveryUnknown ? 1 : 0))
                }
                // A prospect cancelled meanwhile (unsubscribed) stays cancelled. Matched by id alone:
                // with the campaign's id too, SQLite scans the roster and parses the rows for each.
                try await db.raw("""
                    UPDATE campaign_prospects SET status = v.status, current_node_id = v.current_node_id, next_position = v.next_position,
                        due_at = v.due_at, bounced_at = COALESCE(v.bounced_at, campaign_prospects.bounced_at), delivery_unknown = v.delivery_unknown,
                        updated_at = \(bind: at)
                    FROM \(rows.source(engine: engine))
                    WHERE campaign_prospects.id = v.id AND campaign_prospects.status NOT IN (\(unsafeRaw: Self.terminal))
                    """).run()
            }
            let bounced = Set(applied.compactMap(\.suppress))
            if !bounced.isEmpty {
                let workspaceId = try await db.raw("SELECT workspace_id FROM campaigns WHERE id = \(bind: campaignId)").first()?
                    .decode(column: "workspace_id", as: String.self) ?? ""
                for email in bounced.sorted() {
                    try await db.raw("""
                        INSERT INTO suppressions (workspace_id, email, reason, created_at) VALUES (\(bind: workspaceId), \(bind: email), 'bounced', \(bind: at))
                        ON CONFLICT DO NOTHING
                        """).run()
                }
            }
        }
    }

    public func unfinishedSends(limit: Int) async throws -> [(campaignId: String, prospect: CampaignProspect, nodeId: String)] {
        let columns = CampaignRows.prospectList.split(separator: ",").map { "p." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: ", ")
        return try await database.read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: columns), m.node_id AS sending_node_id FROM campaign_messages m JOIN campaign_prospects p ON p.id = m.prospect_id
                WHERE m.status = 'sending' ORDER BY m.reserved_at LIMIT \(bind: limit)
                """).all().map { row in
                let prospect = try CampaignRows.prospect(from: row)
                return (prospect.campaignId, prospect, try row.decode(column: "sending_node_id", as: String.self))
            }
        }
    }

    public func completeIfDone(campaignId: String, now: Timestamp) async throws -> Bool {
        try await database.write { db in
            try await db.raw("""
                UPDATE campaigns SET status = 'completed', version = version + 1, updated_at = \(bind: now.milliseconds)
                WHERE id = \(bind: campaignId) AND status = 'active' AND NOT EXISTS (
                    SELECT 1 FROM campaign_prospects WHERE campaign_id = \(bind: campaignId) AND status NOT IN (\(unsafeRaw: Self.terminal)))
                RETURNING id
                """).first() != nil
        }
    }
}
