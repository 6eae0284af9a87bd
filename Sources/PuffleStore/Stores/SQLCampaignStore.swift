import PuffleCore
import SQLKit

/// ``CampaignStore`` over SQL: `campaigns`, `campaign_senders`, `sequence_nodes`,
/// `campaign_prospects`, `campaign_messages` and `suppressions`.
public struct SQLCampaignStore: CampaignStore {
    let database: PuffleDatabase

    public init(database: PuffleDatabase) {
        self.database = database
    }

    public func create(_ campaign: Campaign, nodes: [SequenceNode]) async throws -> Campaign {
        do {
            try await database.transaction { db in
                try await Self.insertCampaign(campaign, db: db)
                try await Self.writeSenders(campaign, db: db)
                try await Self.writeNodes(nodes, campaignId: campaign.id, db: db)
            }
        } catch let error where UniqueViolation.matches(error) {
            throw PuffleError.conflict("A campaign named \(campaign.settings.name) already exists")
        }
        return try await self.campaign(id: campaign.id, workspaceId: campaign.workspaceId)
    }

    static func insertCampaign(_ campaign: Campaign, db: any SQLDatabase) async throws {
        let taken = try await db.raw("""
            SELECT id FROM campaigns WHERE workspace_id = \(bind: campaign.workspaceId) AND name = \(bind: campaign.settings.name)
            """).first()
        if taken != nil { throw PuffleError.conflict("A campaign named \(campaign.settings.name) already exists") }
        let settings = campaign.settings
        try await db.raw("""
            INSERT INTO campaigns (id, workspace_id, type, name, status, daily_limit, stop_on_reply, open_tracking, signature,
                skip_other_campaigns, operating_hours, account_limits, version, created_at, updated_at)
            VALUES (\(bind: campaign.id), \(bind: campaign.workspaceId), \(bind: campaign.type.rawValue), \(bind: settings.name),
                \(bind: campaign.status.rawValue), \(bind: settings.dailyLimit), \(bind: settings.stopOnReply ? 1 : 0), \(bind: settings.openTracking ? 1 : 0),
                \(bind: settings.signature), \(bind: settings.skipOtherCampaigns.map { $0 ? 1 : 0 }),
                \(bind: settings.operatingHours.map(JSONWriter.string)), \(bind: CampaignRows.limitsText(settings.accountLimits)), 0,
                \(bind: campaign.createdAt.milliseconds), \(bind: campaign.updatedAt.milliseconds))
            """).run()
    }

    static func writeSenders(_ campaign: Campaign, db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM campaign_senders WHERE campaign_id = \(bind: campaign.id)").run()
        for (position, accountId) in campaign.senderIds.enumerated() {
            try await db.raw("""
                INSERT INTO campaign_senders (campaign_id, account_id, position) VALUES (\(bind: campaign.id), \(bind: accountId), \(bind: position))
                """).run()
        }
    }

    /// Replaces the sequence: nodes not in `nodes` go (with their drafts), the rest are written as given.
    static func writeNodes(_ nodes: [SequenceNode], campaignId: String, db: any SQLDatabase) async throws {
        let keep = nodes.map(\.id)
        let existing = try await db.raw("SELECT id FROM sequence_nodes WHERE campaign_id = \(bind: campaignId)").all().map { try $0.decode(column: "id", as: String.self) }
        for id in existing where !keep.contains(id) {
            try await db.raw("DELETE FROM campaign_messages WHERE node_id = \(bind: id) AND campaign_id = \(bind: campaignId)").run()
            try await db.raw("DELETE FROM sequence_nodes WHERE id = \(bind: id)").run()
        }
        for node in nodes {
            let content = JSONWriter.string(.object(node.content))
            if existing.contains(node.id) {
                try await db.raw("""
                    UPDATE sequence_nodes SET position = \(bind: node.position), type = \(bind: node.type.rawValue), content = \(bind: content)
                    WHERE id = \(bind: node.id)
                    """).run()
            } else {
                try await db.raw("""
                    INSERT INTO sequence_nodes (id, campaign_id, position, type, content)
                    VALUES (\(bind: node.id), \(bind: campaignId), \(bind: node.position), \(bind: node.type.rawValue), \(bind: content))
                    """).run()
            }
        }
    }

    public func summaries(workspaceId: String) async throws -> [CampaignSummary] {
        try await database.read { db in
            let rows = try await db.raw("SELECT \(unsafeRaw: CampaignRows.campaignList) FROM campaigns WHERE workspace_id = \(bind: workspaceId) ORDER BY id DESC").all()
            let senders = try await Self.senderIds(workspaceId: workspaceId, db: db)
            var nodeCounts: [String: Int] = [:]
            for row in try await db.raw("""
                SELECT n.campaign_id, count(*) AS n FROM sequence_nodes n JOIN campaigns c ON c.id = n.campaign_id
                WHERE c.workspace_id = \(bind: workspaceId) GROUP BY n.campaign_id
                """).all() {
                nodeCounts[try row.decode(column: "campaign_id", as: String.self)] = try row.decode(column: "n", as: Int.self)
            }
            let campaigns = try rows.map { try CampaignRows.campaign(from: $0, senderIds: senders[try $0.decode(column: "id", as: String.self)] ?? []) }
            // Drafts show no stats; the others' counts come from grouped reads, not a read per campaign.
            let counts = try await Self.counts(campaignIds: campaigns.filter { $0.status != .draft }.map(\.id), db: db)
            return campaigns.map { CampaignSummary(campaign: $0, nodeCount: nodeCounts[$0.id] ?? 0, counts: counts[$0.id] ?? CampaignCounts()) }
        }
    }

    static func senderIds(workspaceId: String, db: any SQLDatabase) async throws -> [String: [String]] {
        var byCampaign: [String: [String]] = [:]
        for row in try await db.raw("""
            SELECT s.campaign_id, s.account_id FROM campaign_senders s JOIN campaigns c ON c.id = s.campaign_id
            WHERE c.workspace_id = \(bind: workspaceId) ORDER BY s.campaign_id, s.position
            """).all() {
            byCampaign[try row.decode(column: "campaign_id", as: String.self), default: []].append(try row.decode(column: "account_id", as: String.self))
        }
        return byCampaign
    }

    public func campaign(id: String, workspaceId: String) async throws -> Campaign {
        try await database.read { db in try await Self.campaign(id: id, workspaceId: workspaceId, db: db) }
    }

    static func campaign(id: String, workspaceId: String, db: any SQLDatabase) async throws -> Campaign {
        guard let row = try await db.raw("""
            SELECT \(unsafeRaw: CampaignRows.campaignList) FROM campaigns WHERE id = \(bind: id) AND workspace_id = \(bind: workspaceId)
            """).first()
        else { throw PuffleError.notFound("Campaign \(id) not found") }
        let senders = try await db.raw("SELECT account_id FROM campaign_senders WHERE campaign_id = \(bind: id) ORDER BY position").all()
            .map { try $0.decode(column: "account_id", as: String.self) }
        return try CampaignRows.campaign(from: row, senderIds: senders)
    }

    public func nodes(campaignId: String) async throws -> [SequenceNode] {
        try await database.read { db in try await Self.nodes(campaignId: campaignId, db: db) }
    }

    static func nodes(campaignId: String, db: any SQLDatabase) async throws -> [SequenceNode] {
        try await db.raw("SELECT id, campaign_id, position, type, content FROM sequence_nodes WHERE campaign_id = \(bind: campaignId) ORDER BY position")
            .all().map(CampaignRows.node(from:))
    }

    public func save(_ campaign: Campaign, nodes: [SequenceNode]?, read: Campaign) async throws -> Campaign {
        let now = database.clock.now().milliseconds
        do {
            try await database.transaction { db in
                let settings = campaign.settings
                let saved = try await db.raw("""
                    UPDATE campaigns SET name = \(bind: settings.name), daily_limit = \(bind: settings.dailyLimit),
                        stop_on_reply = \(bind: settings.stopOnReply ? 1 : 0), open_tracking = \(bind: settings.openTracking ? 1 : 0),
                        signature = \(bind: settings.signature), skip_other_campaigns = \(bind: settings.skipOtherCampaigns.map { $0 ? 1 : 0 }),
                        operating_hours = \(bind: settings.operatingHours.map(JSONWriter.string)),
                        account_limits = \(bind: CampaignRows.limitsText(settings.accountLimits)), version = version + 1, updated_at = \(bind: now)
                    WHERE id = \(bind: campaign.id) AND workspace_id = \(bind: campaign.workspaceId) AND version = \(bind: read.version)
                        AND status = \(bind: read.status.rawValue)
                    RETURNING id
                    """).first()
                guard saved != nil else { throw PuffleError.conflict("Campaign \(campaign.id) changed meanwhile; read it again") }
                if campaign.senderIds != read.senderIds { try await Self.writeSenders(campaign, db: db) }
                if let nodes { try await Self.writeNodes(nodes, campaignId: campaign.id, db: db) }
            }
        } catch let error where UniqueViolation.matches(error) {
            throw PuffleError.conflict("A campaign named \(campaign.settings.name) already exists")
        }
        return try await self.campaign(id: campaign.id, workspaceId: campaign.workspaceId)
    }

    public func transition(
        id: String, workspaceId: String, from: Set<CampaignStatus>, to: CampaignStatus, pauseReason: String?, now: Timestamp
    ) async throws -> Campaign {
        try await database.transaction { db in
            let current = try await Self.campaign(id: id, workspaceId: workspaceId, db: db)
            let launched = to == .launching ? now.milliseconds : current.launchedAt?.milliseconds
            let moved = try await db.raw("""
                UPDATE campaigns SET status = \(bind: to.rawValue), pause_reason = \(bind: pauseReason), launched_at = \(bind: launched),
                    version = version + 1, updated_at = \(bind: now.milliseconds)
                WHERE id = \(bind: id) AND status IN (\(unsafeRaw: CampaignRows.quoted(from)))
                RETURNING id
                """).first()
            guard moved != nil else {
                throw PuffleError.conflict("Campaign \(id) is \(current.status.rawValue), not \(from.map(\.rawValue).sorted().joined(separator: " or "))")
            }
            return try await Self.campaign(id: id, workspaceId: workspaceId, db: db)
        }
    }

    public func delete(id: String, workspaceId: String) async throws {
        try await database.transaction { db in
            _ = try await Self.campaign(id: id, workspaceId: workspaceId, db: db)
            // Children first: SQLite enforces the foreign keys' cascades only with the pragma on.
            for table in ["campaign_messages", "campaign_prospects", "sequence_nodes", "campaign_senders"] {
                try await db.raw("DELETE FROM \(unsafeRaw: table) WHERE campaign_id = \(bind: id)").run()
            }
            try await db.raw("DELETE FROM campaigns WHERE id = \(bind: id)").run()
        }
    }

    public func counts(campaignId: String) async throws -> CampaignCounts {
        try await database.read { db in try await Self.counts(campaignId: campaignId, db: db) }
    }

    static func counts(campaignId: String, db: any SQLDatabase) async throws -> CampaignCounts {
        try await counts(campaignIds: [campaignId], db: db)[campaignId] ?? CampaignCounts()
    }

    /// The counts of several campaigns in three grouped reads, whatever their number.
    static func counts(campaignIds: [String], db: any SQLDatabase) async throws -> [String: CampaignCounts] {
        guard !campaignIds.isEmpty else { return [:] }
        var counts: [String: CampaignCounts] = [:]
        for row in try await db.raw("""
            SELECT campaign_id, status, current_node_id, count(*) AS n FROM campaign_prospects WHERE campaign_id IN (\(binds: campaignIds))
            GROUP BY campaign_id, status, current_node_id
            """).all() {
            guard let status = ProspectStatus(rawValue: try row.decode(column: "status", as: String.self)) else { continue }
            let id = try row.decode(column: "campaign_id", as: String.self)
            let n = try row.decode(column: "n", as: Int.self)
            counts[id, default: CampaignCounts()].prospectsByStatus[status, default: 0] += n
            counts[id, default: CampaignCounts()].prospectsByNode[try row.decode(column: "current_node_id", as: String?.self), default: [:]][status, default: 0] += n
        }
        for row in try await db.raw("""
            SELECT campaign_id, status, count(*) AS n FROM campaign_messages WHERE campaign_id IN (\(binds: campaignIds)) GROUP BY campaign_id, status
            """).all() {
            if let status = MessageStatus(rawValue: try row.decode(column: "status", as: String.self)) {
                counts[try row.decode(column: "campaign_id", as: String.self), default: CampaignCounts()].messagesByStatus[status] = try row.decode(column: "n", as: Int.self)
            }
        }
        for row in try await db.raw("""
            SELECT campaign_id, count(DISTINCT CASE WHEN status IN ('sent', 'unknown', 'bounced') THEN prospect_id END) AS contacted,
                count(CASE WHEN opened_at IS NOT NULL THEN 1 END) AS opened
            FROM campaign_messages WHERE campaign_id IN (\(binds: campaignIds)) GROUP BY campaign_id
            """).all() {
            let id = try row.decode(column: "campaign_id", as: String.self)
            counts[id, default: CampaignCounts()].contacted = try row.decode(column: "contacted", as: Int?.self) ?? 0
            counts[id, default: CampaignCounts()].opened = try row.decode(column: "opened", as: Int?.self) ?? 0
        }
        return counts
    }
}
