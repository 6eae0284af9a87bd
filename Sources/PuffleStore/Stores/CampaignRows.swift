import PuffleCore
import SQLKit

/// How campaign rows are laid out and read, written in one place.
enum CampaignRows {
    static let campaignList = """
        id, workspace_id, type, name, status, daily_limit, stop_on_reply, open_tracking, signature, skip_other_campaigns, operating_hours,
        account_limits, pause_reason, launched_at, version, created_at, updated_at
        """
    static let prospectList = """
        id, campaign_id, workspace_id, status, email, linkedin_url, first_name, last_name, name, company, position, headline, custom_fields,
        source, source_ref, created_at, updated_at, bounced_at, replied_at, current_node_id, next_position, due_at, sender_id, delivery_unknown
        """
    static let messageList = """
        id, campaign_id, prospect_id, node_id, subject, body_text, body_html, status, manually_edited, message_id, sender_id, sent_at,
        opened_at, created_at
        """

    static func campaign(from row: any SQLRow, senderIds: [String]) throws -> Campaign {
        let limits = (try? JSONParser.parse(try row.decode(column: "account_limits", as: String.self)))?.arrayValue ?? []
        let settings = CampaignSettings(
            name: try row.decode(column: "name", as: String.self),
            dailyLimit: try row.decode(column: "daily_limit", as: Int?.self),
            stopOnReply: try row.decode(column: "stop_on_reply", as: Int.self) != 0,
            openTracking: try row.decode(column: "open_tracking", as: Int.self) != 0,
            signature: try row.decode(column: "signature", as: String?.self),
            skipOtherCampaigns: try row.decode(column: "skip_other_campaigns", as: Int?.self).map { $0 != 0 },
            operatingHours: try row.decode(column: "operating_hours", as: String?.self).flatMap { try? JSONParser.parse($0) },
            accountLimits: limits.compactMap { item in
                guard let id = item.objectValue?["account_id"]?.stringValue, let limit = item.objectValue?["daily_limit"]?.intValue else { return nil }
                return AccountLimit(accountId: id, dailyLimit: limit)
            })
        var campaign = Campaign(
            id: try row.decode(column: "id", as: String.self),
            workspaceId: try row.decode(column: "workspace_id", as: String.self),
            type: CampaignType(rawValue: try row.decode(column: "type", as: String.self)) ?? .email,
            status: CampaignStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .draft,
            settings: settings, senderIds: senderIds,
            pauseReason: try row.decode(column: "pause_reason", as: String?.self),
            launchedAt: try timestamp(row, "launched_at"),
            createdAt: Timestamp(milliseconds: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Timestamp(milliseconds: try row.decode(column: "updated_at", as: Int64.self)))
        campaign.version = try row.decode(column: "version", as: Int.self)
        return campaign
    }

    static func limitsText(_ limits: [AccountLimit]) -> String {
        JSONWriter.string(.array(limits.map { ["account_id": .string($0.accountId), "daily_limit": .integer(Int64($0.dailyLimit))] }))
    }

    static func node(from row: any SQLRow) throws -> SequenceNode {
        let content = (try? JSONParser.parse(try row.decode(column: "content", as: String.self)))?.objectValue ?? [:]
        return SequenceNode(
            id: try row.decode(column: "id", as: String.self), campaignId: try row.decode(column: "campaign_id", as: String.self),
            position: try row.decode(column: "position", as: Int.self),
            type: NodeType(rawValue: try row.decode(column: "type", as: String.self)) ?? .end, content: content)
    }

    static func prospect(from row: any SQLRow) throws -> CampaignProspect {
        var custom: [String: String] = [:]
        if let text = try row.decode(column: "custom_fields", as: String?.self), let object = (try? JSONParser.parse(text))?.objectValue {
            for (key, value) in object { if let string = value.stringValue { custom[key] = string } }
        }
        let fields = ProspectFields(
            email: try row.decode(column: "email", as: String?.self), linkedinURL: try row.decode(column: "linkedin_url", as: String?.self),
            firstName: try row.decode(column: "first_name", as: String?.self), lastName: try row.decode(column: "last_name", as: String?.self),
            name: try row.decode(column: "name", as: String?.self), company: try row.decode(column: "company", as: String?.self),
            position: try row.decode(column: "position", as: String?.self), headline: try row.decode(column: "headline", as: String?.self),
            customFields: custom)
        return CampaignProspect(
            id: try row.decode(column: "id", as: String.self), campaignId: try row.decode(column: "campaign_id", as: String.self),
            workspaceId: try row.decode(column: "workspace_id", as: String.self),
            status: ProspectStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .pending, fields: fields,
            source: try row.decode(column: "source", as: String.self), sourceRef: try row.decode(column: "source_ref", as: String?.self),
            createdAt: Timestamp(milliseconds: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Timestamp(milliseconds: try row.decode(column: "updated_at", as: Int64.self)),
            bouncedAt: try timestamp(row, "bounced_at"), repliedAt: try timestamp(row, "replied_at"),
            currentNodeId: try row.decode(column: "current_node_id", as: String?.self),
            nextPosition: try row.decode(column: "next_position", as: Int?.self), dueAt: try timestamp(row, "due_at"),
            senderId: try row.decode(column: "sender_id", as: String?.self),
            deliveryUnknown: try row.decode(column: "delivery_unknown", as: Int.self) != 0)
    }

    static func customText(_ fields: [String: String]) -> String? {
        fields.isEmpty ? nil : JSONWriter.string(.object(fields.mapValues(JSONValue.string)))
    }

    static func message(from row: any SQLRow) throws -> CampaignMessage {
        CampaignMessage(
            id: try row.decode(column: "id", as: String.self), campaignId: try row.decode(column: "campaign_id", as: String.self),
            prospectId: try row.decode(column: "prospect_id", as: String.self), nodeId: try row.decode(column: "node_id", as: String.self),
            subject: try row.decode(column: "subject", as: String?.self), bodyText: try row.decode(column: "body_text", as: String.self),
            bodyHTML: try row.decode(column: "body_html", as: String?.self),
            status: MessageStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .draft,
            manuallyEdited: try row.decode(column: "manually_edited", as: Int.self) != 0,
            messageId: try row.decode(column: "message_id", as: String?.self), senderId: try row.decode(column: "sender_id", as: String?.self),
            sentAt: try timestamp(row, "sent_at"), openedAt: try timestamp(row, "opened_at"),
            createdAt: Timestamp(milliseconds: try row.decode(column: "created_at", as: Int64.self)))
    }

    static func timestamp(_ row: any SQLRow, _ column: String) throws -> Timestamp? {
        try row.decode(column: column, as: Int64?.self).map(Timestamp.init(milliseconds:))
    }

    /// `'a', 'b'`: status names for an `IN` list (enum raw values, never user text).
    static func quoted<S: RawRepresentable>(_ values: some Sequence<S>) -> String where S.RawValue == String {
        values.map { "'\($0.rawValue)'" }.joined(separator: ", ")
    }
}
