/// A campaign's channel; fixed at creation.
public enum CampaignType: String, Sendable, Codable, CaseIterable {
    case email
    case linkedin

    /// The sender type a campaign of this channel sends through.
    public var senderType: SenderType { self == .email ? .email : .linkedin }
}

/// Where a campaign stands: `draft` (editable) → `launching` → `active` ⇄ `paused` → `completed`.
public enum CampaignStatus: String, Sendable, Codable, CaseIterable {
    case draft
    case launching
    case active
    case paused
    case completed

    /// Listing order: running campaigns first.
    public var listRank: Int { self == .active || self == .paused ? 0 : 1 }
}

/// A per-campaign cap on one sender (`account_limits`, email).
public struct AccountLimit: Sendable, Equatable {
    public var accountId: String
    public var dailyLimit: Int

    public init(accountId: String, dailyLimit: Int) {
        self.accountId = accountId
        self.dailyLimit = dailyLimit
    }
}

/// The settings a user edits on a campaign.
public struct CampaignSettings: Sendable, Equatable {
    public var name: String
    /// Prospects a day across all senders (email).
    public var dailyLimit: Int?
    public var stopOnReply: Bool
    public var openTracking: Bool
    public var signature: String?
    public var skipOtherCampaigns: Bool?
    /// As the user sent it (extra keys kept); read with ``OperatingHours/init(json:defaultTimeZone:)``.
    public var operatingHours: JSONValue?
    public var accountLimits: [AccountLimit]

    public init(
        name: String, dailyLimit: Int?, stopOnReply: Bool, openTracking: Bool, signature: String?, skipOtherCampaigns: Bool?,
        operatingHours: JSONValue?, accountLimits: [AccountLimit] = []
    ) {
        self.name = name
        self.dailyLimit = dailyLimit
        self.stopOnReply = stopOnReply
        self.openTracking = openTracking
        self.signature = signature
        self.skipOtherCampaigns = skipOtherCampaigns
        self.operatingHours = operatingHours
        self.accountLimits = accountLimits
    }

    /// The defaults of a new campaign of a channel; fields of the other channel stay nil.
    public static func defaults(name: String, type: CampaignType) -> CampaignSettings {
        switch type {
        case .email:
            CampaignSettings(name: name, dailyLimit: 50, stopOnReply: true, openTracking: false, signature: nil, skipOtherCampaigns: nil, operatingHours: nil)
        case .linkedin:
            CampaignSettings(name: name, dailyLimit: nil, stopOnReply: true, openTracking: false, signature: nil, skipOtherCampaigns: nil, operatingHours: nil)
        }
    }
}

/// A campaign as stored.
public struct Campaign: Sendable, Equatable {
    public var id: String
    public var workspaceId: String
    public var type: CampaignType
    public var status: CampaignStatus
    public var settings: CampaignSettings
    public var senderIds: [String]
    public var pauseReason: String?
    /// When the last launch began (`launching`): a second launch within two minutes is 409.
    public var launchedAt: Timestamp?
    /// Bumped by every save: what a compare-and-set compares.
    public var version: Int = 0
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(
        id: String, workspaceId: String, type: CampaignType, status: CampaignStatus, settings: CampaignSettings, senderIds: [String],
        pauseReason: String?, launchedAt: Timestamp?, createdAt: Timestamp, updatedAt: Timestamp
    ) {
        self.id = id
        self.workspaceId = workspaceId
        self.type = type
        self.status = status
        self.settings = settings
        self.senderIds = senderIds
        self.pauseReason = pauseReason
        self.launchedAt = launchedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Counts a campaign reports: the prospects by status and the messages by fate. They come from
/// the rows on every read, so they always add up to the roster.
public struct CampaignCounts: Sendable, Equatable {
    public var prospectsByStatus: [ProspectStatus: Int]
    /// Node id (or nil: not started, or finished) → status → count.
    public var prospectsByNode: [String?: [ProspectStatus: Int]]
    /// Messages by status (sent, unknown, bounced...).
    public var messagesByStatus: [MessageStatus: Int]
    /// Prospects written to at least once.
    public var contacted: Int
    /// Messages opened at least once.
    public var opened: Int

    public init(
        prospectsByStatus: [ProspectStatus: Int] = [:], prospectsByNode: [String?: [ProspectStatus: Int]] = [:], messagesByStatus: [MessageStatus: Int] = [:],
        contacted: Int = 0, opened: Int = 0
    ) {
        self.prospectsByStatus = prospectsByStatus
        self.prospectsByNode = prospectsByNode
        self.messagesByStatus = messagesByStatus
        self.contacted = contacted
        self.opened = opened
    }

    public var total: Int { prospectsByStatus.values.reduce(0, +) }

    /// The `stats` object: `total` and one counter per prospect status (they add up to `total`),
    /// plus message figures that are not prospects: `contacted`, `messages_sent`, `unknown`, `opened`.
    public var stats: [String: Int] {
        var stats: [String: Int] = ["total": total, "contacted": contacted, "opened": opened]
        for status in ProspectStatus.allCases { stats[status.rawValue] = prospectsByStatus[status] ?? 0 }
        stats["messages_sent"] = messagesByStatus[.sent] ?? 0
        stats["unknown"] = messagesByStatus[.unknown] ?? 0
        return stats
    }
}
