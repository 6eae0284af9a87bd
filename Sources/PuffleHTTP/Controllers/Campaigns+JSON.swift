import PuffleCore

/// The JSON of campaigns, nodes, prospects and messages, with the contract's keys and ours.
enum CampaignJSON {
    static func campaign(_ campaign: Campaign, counts: CampaignCounts?, senders: [SenderAccount]? = nil) -> JSONObject {
        let settings = campaign.settings
        var object: JSONObject = [
            "id": .string(campaign.id), "user_id": .string(campaign.workspaceId), "type": .string(campaign.type.rawValue),
            "name": .string(settings.name), "status": .string(campaign.status.rawValue),
            "daily_limit": settings.dailyLimit.map { .integer(Int64($0)) } ?? .null, "stop_on_reply": .bool(settings.stopOnReply),
            "open_tracking": .bool(settings.openTracking), "signature": .orNull(settings.signature),
            "skip_other_campaigns": settings.skipOtherCampaigns.map(JSONValue.bool) ?? .null, "operating_hours": settings.operatingHours ?? .null,
            "account_limits": .array(settings.accountLimits.map { ["account_id": .string($0.accountId), "daily_limit": .integer(Int64($0.dailyLimit))] }),
            "pause_reason": .orNull(campaign.pauseReason),
            "stats": counts.map { .object($0.stats.mapValues { .integer(Int64($0)) }) } ?? .null,
            "created_at": .string(campaign.createdAt.iso8601), "updated_at": .string(campaign.updatedAt.iso8601),
        ]
        if let senders { object["sender_accounts"] = .array(senders.map(senderSummary)) }
        return object
    }

    /// `stats` is null until launch, as on a fresh draft.
    static func stats(for campaign: Campaign, counts: CampaignCounts) -> CampaignCounts? {
        campaign.status == .draft ? nil : counts
    }

    static func senderSummary(_ account: SenderAccount) -> JSONValue {
        [
            "id": .string(account.id), "type": .string(account.type.rawValue), "email_address": .orNull(account.emailAddress),
            "provider_account_id": .null, "display_name": .string(account.displayName), "first_name": .orNull(account.firstName),
            "last_name": .orNull(account.lastName), "status": .string(account.status.rawValue), "daily_limit": .integer(Int64(account.dailyLimit)),
            "weekly_connection_limit": .null, "weekly_message_limit": .null, "is_premium": .null,
        ]
    }

    /// `{"pending": 82, "sent": 34}`: statuses with at least one prospect.
    static func byStatus(_ counts: [ProspectStatus: Int]) -> JSONValue {
        .object(Dictionary(uniqueKeysWithValues: counts.filter { $0.value > 0 }.map { ($0.key.rawValue, JSONValue.integer(Int64($0.value))) }))
    }

    /// Node id (or `__none__`) → status → count.
    static func byNode(_ counts: [String?: [ProspectStatus: Int]]) -> JSONValue {
        .object(Dictionary(uniqueKeysWithValues: counts.map { ($0.key ?? "__none__", byStatus($0.value)) }))
    }

    static func prospect(_ prospect: CampaignProspect) -> JSONValue {
        let fields = prospect.fields
        return [
            "id": .string(prospect.id), "campaign_id": .string(prospect.campaignId), "user_id": .string(prospect.workspaceId),
            "status": .string(prospect.status.rawValue), "email": .orNull(fields.email), "linkedin_url": .orNull(fields.linkedinURL),
            "first_name": .orNull(fields.firstName), "last_name": .orNull(fields.lastName), "name": .orNull(fields.name),
            "company": .orNull(fields.company), "position": .orNull(fields.position), "headline": .orNull(fields.headline),
            "custom_fields": fields.customFields.isEmpty ? .null : .object(fields.customFields.mapValues(JSONValue.string)),
            "source": .string(prospect.source), "source_ref": .orNull(prospect.sourceRef),
            "created_at": .string(prospect.createdAt.iso8601), "updated_at": .string(prospect.updatedAt.iso8601),
            "bounced_at": .orNull(prospect.bouncedAt?.iso8601), "replied_at": .orNull(prospect.repliedAt?.iso8601),
            "current_node_id": .orNull(prospect.currentNodeId), "next_step_at": .orNull(prospect.dueAt?.iso8601),
            "sender_account_id": .orNull(prospect.senderId), "delivery_unknown": .bool(prospect.deliveryUnknown),
        ]
    }

    static func message(_ message: CampaignMessage) -> JSONValue {
        [
            "id": .string(message.id), "campaign_id": .string(message.campaignId), "prospect_id": .string(message.prospectId),
            "node_id": .string(message.nodeId), "subject": .orNull(message.subject), "body_text": .string(message.bodyText),
            "body_html": .orNull(message.bodyHTML), "status": .string(message.status.rawValue), "manually_edited": .bool(message.manuallyEdited),
            "created_at": .string(message.createdAt.iso8601), "message_id": .orNull(message.messageId),
            "sender_account_id": .orNull(message.senderId), "sent_at": .orNull(message.sentAt?.iso8601),
            "opened_at": .orNull(message.openedAt?.iso8601),
        ]
    }

    static func nodes(_ nodes: [SequenceNode]) -> JSONValue {
        .array(nodes.map(\.json))
    }
}
