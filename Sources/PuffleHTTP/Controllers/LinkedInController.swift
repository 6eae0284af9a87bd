import Hummingbird
import PuffleCore

/// `/api/unipile/*`: the LinkedIn sender routes. No LinkedIn provider is connected yet, so the
/// routes that would talk to one answer a stable error naming the settings it needs; the reads
/// answer what is true (no LinkedIn senders). Never a fake account.
struct LinkedInController: Sendable {
    let senders: any SenderStore

    static let notConfigured = PuffleError.refused(
        code: "linkedin_provider_not_configured", kind: .notConfigured,
        message: "Connecting LinkedIn senders needs a LinkedIn provider (Unipile-compatible): set PUFFLE_UNIPILE_BASE_URL and PUFFLE_UNIPILE_API_KEY. This server does not connect LinkedIn senders yet.")

    func register(on table: RouteTable) {
        table.on("connectLinkedIn") { _, _, _ in throw Self.notConfigured }
        table.on("listLinkedInAccounts", list)
        table.on("disconnectLinkedIn", disconnect)
        table.on("reconnectLinkedIn", needsProvider)
        table.on("refreshLinkedIn", needsProvider)
    }

    @Sendable func list(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let accounts = try await senders.accounts(workspaceId: caller.workspaceId, type: .linkedin).filter {
            $0.status == .connected || $0.status == .credentialsRequired
        }
        return Reply(["accounts": .array(accounts.map { SenderJSON.account($0) })])
    }

    @Sendable func disconnect(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        guard let id = context.query.string("accountId") else { throw PuffleError.invalidRequest("accountId: is required") }
        let account = try await senders.account(id: id, workspaceId: caller.workspaceId)
        guard account.type == .linkedin else { throw PuffleError.notFound("LinkedIn account \(id) not found") }
        throw Self.notConfigured
    }

    /// Checks the body (400 before 503), then answers that no provider is configured.
    @Sendable func needsProvider(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        _ = try await request.decodeJSON(as: JSONValue.self, context: context)
        throw Self.notConfigured
    }
}
