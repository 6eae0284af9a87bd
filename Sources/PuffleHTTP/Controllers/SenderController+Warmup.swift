import Hummingbird
import PuffleCore

extension SenderController {
    /// Figures from the send log for senders warming, warmed or active, and the transitions they
    /// lead to (``WarmupPolicy``), applied with a compare-and-set so two calls apply each once.
    @Sendable func warmupAnalytics(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let now = clock.now()
        let calendar = try await calendar(of: caller.workspaceId)
        let accounts = try await senders.accounts(workspaceId: caller.workspaceId, type: .email).filter {
            [.warming, .warmed, .active].contains($0.warmupStatus)
        }
        let since = calendar.startOfDay(now.adding(.seconds(-13 * 86_400)))
        let records = Dictionary(grouping: try await senders.sends(accountIds: accounts.map(\.id), since: since), by: \.accountId)
        var analytics: JSONObject = [:]
        var transitions: JSONObject = [:]
        for account in accounts {
            let figures = WarmupPolicy.figures(records[account.id] ?? [], calendar: calendar, now: now)
            analytics[account.id] = [
                "email": .orNull(account.emailAddress), "total_sent": .integer(Int64(figures.sent)),
                "total_received": .integer(Int64(figures.received)), "total_bounced": .integer(Int64(figures.bounced)),
                "health_score": figures.healthScore.map { .integer(Int64($0)) } ?? .null,
                "health_score_label": .orNull(figures.label),
                "warmup_reputation": figures.healthScore.map { .integer(Int64($0)) } ?? .null, "instantly_warmup_status": .null,
                "daily_data": .array(figures.daily.map { ["date": .string($0.date), "sent": .integer(Int64($0.sent)), "received": .integer(Int64($0.received))] }),
            ]
            guard let next = WarmupPolicy.transition(for: account, figures: figures, now: now) else { continue }
            do {
                _ = try await senders.transition(
                    id: account.id, workspaceId: caller.workspaceId, from: (account.status, account.warmupStatus), to: (next.0, next.1),
                    lastError: account.lastError, warmupStartedAt: nil)
                transitions[account.id] = ["warmup_status": .string(next.1.rawValue), "status": .string(next.0.rawValue)]
            } catch let error as PuffleError where error.isConflict {
                continue  // Another call moved it first.
            }
        }
        return Reply(["analytics": .object(analytics), "transitions": .object(transitions)])
    }
}
