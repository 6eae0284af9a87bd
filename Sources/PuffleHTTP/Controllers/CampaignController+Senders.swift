import Hummingbird
import PuffleCore

/// The campaign-scoped views of senders: their limits, today's sends and a day's usage.
extension CampaignController {
    @Sendable func settings(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let accounts = try await senders.accounts(workspaceId: caller.workspaceId, type: nil)
        let calendar = LocalCalendar(timeZone: try await timezone(caller.workspaceId))
        let now = clock.now()
        let records = try await senders.sends(accountIds: accounts.map(\.id), since: calendar.startOfDay(now))
        let sentToday = Dictionary(grouping: records, by: \.accountId).mapValues { SendCapacity.sentToday($0, calendar: calendar, now: now) }
        return Reply([
            "accounts": .array(accounts.map { account in
                [
                    "id": .string(account.id), "type": .string(account.type.rawValue), "provider_account_id": .null, "is_premium": .null,
                    "weekly_connection_limit": .null, "weekly_message_limit": .null, "display_name": .string(account.displayName),
                    "email_address": .orNull(account.emailAddress), "status": .string(account.status.rawValue),
                    "daily_limit": .integer(Int64(account.dailyLimit)),
                    "weekly_stats": ["connections_sent": 0, "messages_sent": 0],
                    "limits": [
                        "weekly_connection_limit": .null, "weekly_message_limit": .null, "max_connection_limit": .null, "max_message_limit": .null,
                        "recommended_connection_limit": .null, "recommended_message_limit": .null,
                    ],
                    "daily_stats": ["sent": .integer(Int64(sentToday[account.id] ?? 0)), "daily_limit": .integer(Int64(account.dailyLimit))],
                ]
            }),
            "schedules": [], "weekly_stats": [],
        ])
    }

    @Sendable func campaignSenders(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let campaign = try await campaigns.campaign(id: try context.pathParameter("id"), workspaceId: caller.workspaceId)
        let accounts = try await senderMap(caller.workspaceId)
        let attached = campaign.senderIds.compactMap { accounts[$0] }
        let calendar = LocalCalendar(timeZone: try await timezone(caller.workspaceId))
        let now = clock.now()
        let records = try await senders.sends(accountIds: attached.map(\.id), since: calendar.startOfDay(now))
        let counts = try await campaigns.counts(campaignId: campaign.id)
        return Reply([
            "senders": .array(attached.map { account in
                [
                    "account_id": .string(account.id), "display_name": .string(account.displayName), "email_address": .orNull(account.emailAddress),
                    "profile_url": .null, "status": .string(account.status.rawValue), "type": .string(account.type.rawValue), "is_premium": .null,
                    "warmup_status": .orNull(account.warmupStatus?.rawValue), "weekly_connection_limit": .null, "weekly_message_limit": .null,
                    "daily_limit": .integer(Int64(account.dailyLimit)), "weekly_connections_sent": 0, "weekly_messages_sent": 0,
                    "campaign_messages_sent": .null,
                    "today_sent": .integer(Int64(SendCapacity.sentToday(records.filter { $0.accountId == account.id }, calendar: calendar, now: now))),
                ]
            }),
            "campaign_total_sent": .integer(Int64(counts.messagesByStatus[.sent] ?? 0)), "campaign_type": .string(campaign.type.rawValue),
        ])
    }

    @Sendable func accountUsage(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let campaign = try await campaigns.campaign(id: try context.pathParameter("id"), workspaceId: caller.workspaceId)
        let accounts = try await senderMap(caller.workspaceId)
        let attached = campaign.senderIds.compactMap { accounts[$0] }
        // Days in UTC, as the contract says; a missing or malformed date is today.
        let utc = LocalCalendar(timeZone: "UTC")
        let now = clock.now()
        var day = utc.day(of: now)
        if let text = context.query.string("date"), text.count == 10, let start = Timestamp(iso8601: text + "T00:00:00Z") { day = utc.day(of: start) }
        let start = Timestamp(iso8601: day + "T00:00:00Z") ?? utc.startOfDay(now)
        let records = try await senders.sends(accountIds: attached.map(\.id), since: start)
        return Reply([
            "accounts": .array(attached.map { account in
                let sent = records.filter { $0.accountId == account.id && SendCapacity.countsAgainstCap($0.outcome) && utc.day(of: $0.at) == day }.count
                return [
                    "account_id": .string(account.id), "email": .orNull(account.emailAddress), "daily_limit": .integer(Int64(account.dailyLimit)),
                    "sent_today": .integer(Int64(sent)), "status": .string(account.status.rawValue),
                ]
            })
        ])
    }
}
