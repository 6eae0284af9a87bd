import Hummingbird
import PuffleCore

/// `/api/settings`: the workspace's timezone, and the senders campaigns can use with their limits.
struct SettingsController: Sendable {
    let workspaces: any WorkspaceStore
    let senders: any SenderStore
    let clock: any WallClock

    func register(on table: RouteTable) {
        table.on("getSettings", settings)
        table.on("updateSettings", update)
    }

    @Sendable func settings(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        Reply(.object(try await body(workspaceId: caller.workspaceId)))
    }

    /// Every section is checked before anything is written; the first failing one answers.
    @Sendable func update(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        // A null section is no section (timezone: null alone still means "reset to the default").
        let body = (try await request.decodeJSON(as: JSONValue.self, context: context).objectValue ?? [:]).filter { $0.key == "timezone" || $0.value != .null }
        guard body["timezone"] != nil || body["allow_warming_accounts"] != nil || body["campaign_account"] != nil else {
            throw PuffleError.invalidRequest("Send at least one of timezone, allow_warming_accounts, campaign_account")
        }
        var timezone: String??
        if let value = body["timezone"] {
            if value == .null {
                timezone = .some(nil)
            } else {
                guard let name = value.stringValue, TimeZoneName.isIANA(name) else {
                    throw PuffleError.invalidRequest("timezone: must be an IANA timezone name such as Europe/Berlin (offsets like GMT+5 are not accepted)")
                }
                timezone = .some(name)
            }
        }
        if body["allow_warming_accounts"] != nil {
            throw PuffleError.forbidden("allow_warming_accounts: only an admin may change it, and an API key is not an admin")
        }
        var limit: (id: String, daily: Int)?
        if let section = body["campaign_account"]?.objectValue, let id = section["account_id"]?.stringValue {
            let limits = section.filter { $0.key != "account_id" && $0.value != .null }
            guard !limits.isEmpty else {
                throw PuffleError.invalidRequest("campaign_account: send at least one of daily_limit, weekly_connection_limit, weekly_message_limit")
            }
            let account = try await senders.account(id: id, workspaceId: caller.workspaceId)
            if limits["weekly_connection_limit"] != nil || limits["weekly_message_limit"] != nil {
                // No LinkedIn sender can exist yet (no provider), so weekly limits have nothing to apply to.
                throw PuffleError.invalidRequest("campaign_account: weekly limits are for LinkedIn senders; \(id) is an \(account.type.rawValue) sender")
            }
            if let daily = section["daily_limit"]?.intValue { limit = (id, daily) }
        }
        // The write that can still fail (the sender deleted since the check) goes first.
        var updated: JSONObject = [:]
        if let limit {
            try await senders.setDailyLimits(workspaceId: caller.workspaceId, [limit.id: limit.daily])
            updated["campaign_account"] = ["success": true, "account_id": .string(limit.id), "daily_limit": .integer(Int64(limit.daily))]
        }
        if let timezone {
            try await workspaces.setTimezone(workspaceId: caller.workspaceId, to: timezone)
            updated["timezone"] = ["success": true, "timezone": .string(timezone ?? defaultTimezone)]
        }
        var answer = try await self.body(workspaceId: caller.workspaceId)
        answer["success"] = true
        answer["updated"] = .object(updated)
        return Reply(.object(answer))
    }

    /// The settings as GET shows them: sendable senders with their limits and this week's figures.
    func body(workspaceId: String) async throws -> JSONObject {
        let workspace = try await workspaces.workspace(id: workspaceId)
        let calendar = LocalCalendar(timeZone: workspace.timezone ?? defaultTimezone)
        let now = clock.now()
        let sendable = try await senders.accounts(workspaceId: workspaceId, type: nil).filter { $0.status.isSendable }
        let records = Dictionary(grouping: try await senders.sends(accountIds: sendable.map(\.id), since: now.adding(.seconds(-7 * 86_400))), by: \.accountId)
        let accounts: [JSONValue] = sendable.map { account in
            let week = (records[account.id] ?? []).filter { SendCapacity.countsAgainstCap($0.outcome) }
            let today = SendCapacity.sentToday(week, calendar: calendar, now: now)
            var object = SenderJSON.account(account).objectValue ?? [:]
            object = object.filter { ["id", "type", "provider_account_id", "is_premium", "weekly_connection_limit", "weekly_message_limit", "display_name",
                "email_address", "status", "daily_limit"].contains($0.key) }
            object["weekly_stats"] = ["connections_sent": 0, "messages_sent": .integer(Int64(week.count))]
            object["limits"] = [
                "weekly_connection_limit": .integer(Int64(SenderLimits.weeklyConnections.free)), "weekly_message_limit": .integer(Int64(SenderLimits.weeklyMessages.free)),
                "max_connection_limit": .integer(Int64(SenderLimits.maxWeekly)), "max_message_limit": .integer(Int64(SenderLimits.maxWeekly)),
                "recommended_connection_limit": .integer(Int64(SenderLimits.weeklyConnections.free)),
                "recommended_message_limit": .integer(Int64(SenderLimits.weeklyMessages.free)),
                "max_daily_limit": .integer(Int64(SenderLimits.maxDaily)),
            ]
            object["daily_stats"] = ["sent": .integer(Int64(today)), "daily_limit": .integer(Int64(account.dailyLimit))]
            return .object(object)
        }
        return [
            "timezone": ["timezone": .string(workspace.timezone ?? defaultTimezone), "isDefault": .bool(workspace.timezone == nil)],
            "admin": .null, "campaign_accounts": .array(accounts),
            "allow_warming_accounts": .bool(try await senders.allowsWarmingAccounts(workspaceId: workspaceId)),
        ]
    }
}
