import Hummingbird
import PuffleCore

/// `/api/senders`, `/api/accounts` and `/api/email/accounts`: reading, connecting and removing senders.
struct SenderController: Sendable {
    let senders: any SenderStore
    let workspaces: any WorkspaceStore
    let mail: MailServices
    let clock: any WallClock

    func register(on table: RouteTable) {
        table.on("listSenders", list)
        table.on("listAccounts", list)
        table.on("createEmailSender", createEmailSender)
        table.on("getSender", detail)
        table.on("getSenderSchedule", schedule)
        table.on("deleteAccount", delete)
        table.on("listEmailAccounts", listEmail)
        table.on("createEmailAccount", createDomainMailbox)
        table.on("updateEmailAccount", updateSignature)
        table.on("deleteEmailAccount", deleteEmail)
        table.on("retryEmailWarmup", retryWarmup)
        table.on("getWarmupAnalytics", warmupAnalytics)
    }

    @Sendable func list(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        try await accounts(of: caller.workspaceId, type: try context.query.enumValue("type", as: SenderType.self))
    }

    @Sendable func listEmail(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        try await accounts(of: caller.workspaceId, type: .email)
    }

    /// `{"accounts": [SenderAccount]}`, newest first.
    func accounts(of workspaceId: String, type: SenderType?) async throws -> Reply {
        Reply(["accounts": .array(try await senders.accounts(workspaceId: workspaceId, type: type).map { SenderJSON.account($0) })])
    }

    @Sendable func detail(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let account = try await senders.account(id: try context.pathParameter("id"), workspaceId: caller.workspaceId)
        let calendar = try await calendar(of: caller.workspaceId)
        let now = clock.now()
        let today = try await senders.sends(accountIds: [account.id], since: calendar.startOfDay(now))
        let sent = SendCapacity.sentToday(today, calendar: calendar, now: now)
        return Reply([
            "account": SenderJSON.account(account, stats: (sent, 0)), "campaigns": [], "mappings": [], "campaignStatsByStatus": [:],
            "campaignSenderStatsByStatus": [:], "campaignSenderTodayStatsByStatus": [:], "campaignActiveProspectsCount": [:],
        ])
    }

    @Sendable func schedule(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let account = try await senders.account(id: try context.pathParameter("id"), workspaceId: caller.workspaceId)
        let workspace = try await workspaces.workspace(id: caller.workspaceId)
        let timezone = workspace.timezone ?? defaultTimezone
        let calendar = LocalCalendar(timeZone: timezone)
        let now = clock.now()
        let records = try await senders.sends(accountIds: [account.id], since: calendar.startOfDay(now))
        let days = SendCapacity.schedule(for: account, records: records, calendar: calendar, now: now)
        return Reply([
            "account_id": .string(account.id), "timezone": .string(timezone),
            "days": .array(days.map { day in
                [
                    "date": .string(day.date), "daily_limit": .integer(Int64(day.dailyLimit)), "sent": .integer(Int64(day.sent)),
                    "committed": .integer(Int64(day.committed)), "available": .integer(Int64(day.available)),
                ]
            }),
        ])
    }

    @Sendable func delete(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        try await senders.deleteAccount(id: try context.pathParameter("id"), workspaceId: caller.workspaceId)
        return Reply(["success": true])
    }

    @Sendable func deleteEmail(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let id = try context.pathParameter("id")
        guard try await senders.account(id: id, workspaceId: caller.workspaceId).type == .email else { throw PuffleError.notFound("Email account \(id) not found") }
        try await senders.deleteAccount(id: id, workspaceId: caller.workspaceId)
        return Reply(["success": true])
    }

    @Sendable func updateSignature(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let body = try await request.decodeJSON(as: JSONValue.self, context: context)
        let signature = body.objectValue?["signature"]?.stringValue
        let account = try await senders.setSignature(id: try context.pathParameter("id"), workspaceId: caller.workspaceId, signature: signature)
        return Reply(["account": SenderJSON.account(account)])
    }

    /// Day boundaries in the workspace's timezone.
    func calendar(of workspaceId: String) async throws -> LocalCalendar {
        LocalCalendar(timeZone: try await workspaces.workspace(id: workspaceId).timezone ?? defaultTimezone)
    }
}
