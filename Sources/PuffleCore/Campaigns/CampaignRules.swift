/// Which fields of `PATCH /api/campaigns/{id}` apply in which status. The rest are ignored
/// silently, as the contract's table says.
public enum CampaignEditRules {
    /// Fields editable whatever the status (email campaigns may also change their caps).
    static let always: Set<String> = ["name", "operating_hours", "daily_limit", "account_limits"]
    /// Fields editable only in draft.
    static let draftOnly: Set<String> = [
        "skip_other_campaigns", "stop_on_reply", "open_tracking", "signature", "sender_account_ids", "sequence_nodes",
    ]
    /// Fields that belong to one channel only.
    static let emailOnly: Set<String> = ["daily_limit", "account_limits", "stop_on_reply", "open_tracking", "signature"]
    static let linkedInOnly: Set<String> = ["skip_other_campaigns"]

    /// The keys of a PATCH body that take effect for a campaign of `type` in `status`.
    public static func applicable(_ keys: some Collection<String>, type: CampaignType, status: CampaignStatus) -> Set<String> {
        Set(keys.filter { key in
            if type == .email, linkedInOnly.contains(key) { return false }
            if type == .linkedin, emailOnly.contains(key) { return false }
            switch status {
            case .draft: return always.contains(key) || draftOnly.contains(key)
            case .active, .paused: return always.contains(key)
            case .launching, .completed: return false
            }
        })
    }
}

/// What a campaign's readiness is judged on: read by the caller, judged here.
public struct CampaignSnapshot: Sendable {
    public var campaign: Campaign
    public var nodes: [SequenceNode]
    /// The campaign's senders that still exist.
    public var senders: [SenderAccount]
    public var allowWarmingAccounts: Bool
    public var pendingProspects: Int
    /// Generated messages not yet sent (drafts), by node id.
    public var draftMessagesByNode: [String: Int]
    /// Template variables some pending prospects lack, by node position (for warnings).
    public var missingVariables: [Int: [String]]

    public init(
        campaign: Campaign, nodes: [SequenceNode], senders: [SenderAccount], allowWarmingAccounts: Bool, pendingProspects: Int,
        draftMessagesByNode: [String: Int], missingVariables: [Int: [String]] = [:]
    ) {
        self.campaign = campaign
        self.nodes = nodes
        self.senders = senders
        self.allowWarmingAccounts = allowWarmingAccounts
        self.pendingProspects = pendingProspects
        self.draftMessagesByNode = draftMessagesByNode
        self.missingVariables = missingVariables
    }
}

/// `GET /validate` and the launch checks: one judgement, two uses.
public struct CampaignReadiness: Sendable, Equatable {
    public var checks: [String: JSONValue]
    public var errors: [String]
    public var warnings: [String]

    public var ready: Bool { errors.isEmpty }

    /// Judges a snapshot. A campaign that is not a draft gets only the status error (its checks
    /// are still filled in).
    public init(_ snapshot: CampaignSnapshot) {
        let campaign = snapshot.campaign
        var errors: [String] = []
        var warnings: [String] = []
        let sendable = snapshot.nodes.filter(\.type.isSendable)
        let messageCount = snapshot.draftMessagesByNode.values.reduce(0, +)

        if snapshot.senders.isEmpty { errors.append("Campaign has no sender accounts") }
        let notReady = snapshot.senders.filter { !Self.isReady($0, for: campaign.type, allowWarming: snapshot.allowWarmingAccounts) }
        for sender in notReady { errors.append(Self.notReadyMessage(sender, allowWarming: snapshot.allowWarmingAccounts)) }
        if snapshot.pendingProspects == 0 { errors.append("Campaign has no pending prospects") }
        if sendable.isEmpty { errors.append("Campaign has no sendable nodes") }
        let empty = sendable.filter { !$0.hasContent }.map(\.position)
        if !empty.isEmpty { errors.append("Nodes missing content at positions \(empty.map(String.init).joined(separator: ", "))") }
        for node in snapshot.nodes where node.type == .delay && node.delay == nil {
            errors.append("Delay at position \(node.position) must total between 1 minute and 30 days")
        }
        if !snapshot.nodes.contains(where: { $0.type == .end }) { errors.append("Sequence has no end node") }
        if let hours = campaign.settings.operatingHours, let schedule = try? OperatingHours(json: hours, defaultTimeZone: "UTC"), schedule.windows.isEmpty {
            errors.append("operating_hours enables no day: the campaign would never send")
        }
        if campaign.type == .linkedin {
            errors.append("LinkedIn campaigns cannot launch yet: this server has no LinkedIn provider to send through")
        }
        for node in snapshot.nodes where node.type == .ai && (snapshot.draftMessagesByNode[node.id] ?? 0) < snapshot.pendingProspects {
            errors.append("AI node at position \(node.position) has no generated message for every prospect: run generate-messages with action generate_ai")
        }
        let plain = sendable.filter { $0.type != .ai }
        if !plain.isEmpty, messageCount == 0 {
            warnings.append("No messages generated yet: POST generate-messages {\"action\":\"resolve\"} to review them; otherwise each step is rendered when it is sent")
        }
        for (position, names) in snapshot.missingVariables.sorted(by: { $0.key < $1.key }) {
            warnings.append("Node at position \(position) uses \(names.map { "%\($0)%" }.joined(separator: ", ")), which some prospects lack (they read as empty)")
        }
        checks = [
            "has_sender_accounts": .bool(!snapshot.senders.isEmpty), "sender_accounts_ready": .bool(!snapshot.senders.isEmpty && notReady.isEmpty),
            "is_draft": .bool(campaign.status == .draft), "has_prospects": .bool(snapshot.pendingProspects > 0), "prospect_count": .integer(Int64(snapshot.pendingProspects)),
            "has_sendable_nodes": .bool(!sendable.isEmpty), "all_nodes_have_content": .bool(empty.isEmpty),
            "messages_generated": .bool(plain.isEmpty || messageCount > 0), "message_count": .integer(Int64(messageCount)),
        ]
        guard campaign.status == .draft else {
            self.errors = ["Campaign is \(campaign.status.rawValue) — must be draft to launch"]
            self.warnings = []
            return
        }
        self.errors = errors
        self.warnings = warnings
    }

    /// Whether a sender may send in a campaign now: email `active` (or `warming` where the
    /// workspace allows warming accounts), LinkedIn `connected`.
    public static func isReady(_ sender: SenderAccount, for type: CampaignType, allowWarming: Bool) -> Bool {
        guard sender.type == type.senderType else { return false }
        switch sender.status {
        case .active, .connected: return true
        case .warming: return allowWarming
        default: return false
        }
    }

    static func notReadyMessage(_ sender: SenderAccount, allowWarming: Bool) -> String {
        let name = sender.emailAddress ?? sender.displayName
        switch sender.status {
        case .warming: return "Sender \(name) is still warming up: it can send in campaigns once active (or when the workspace allows warming accounts)"
        case .pending: return "Sender \(name) is pending: its login was never verified (retry-warmup)"
        case .disconnected, .credentialsRequired: return "LinkedIn account \(name) is \(sender.status.rawValue): reconnect it"
        default: return "Sender \(name) is \(sender.status.rawValue) and cannot send"
        }
    }
}
