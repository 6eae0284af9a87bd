import Hummingbird
import PuffleCore

/// `/api/onboarding/*` and `/api/context/regenerate`: reading the company's website into the context.
struct OnboardingController: Sendable {
    let sessions: any OnboardingStore
    let workspaces: any WorkspaceStore
    let clock: any WallClock

    func register(on table: RouteTable) {
        table.on("getOnboardingStatus", status)
        table.on("startOnboardingScrape", start)
        table.on("regenerateContext", regenerate)
    }

    @Sendable func status(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let session = try await sessions.session(workspaceId: caller.workspaceId, id: context.query.string("sessionId"))
        let readiness = ContextReadiness(try await workspaces.context(workspaceId: caller.workspaceId))
        return Reply([
            "session": session.map(Self.json) ?? .null, "onboarding_complete": .bool(readiness.isComplete),
            "context": ["filled": .array(readiness.filled.map(JSONValue.string)), "missing": .array(readiness.missing.map(JSONValue.string))],
        ] as JSONValue)
    }

    struct StartRequest: Decodable {
        var website: String
        var email: String?
        var firstName: String?
        var lastName: String?
    }

    @Sendable func start(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let input = try await request.decodeJSON(as: StartRequest.self, context: context)
        let website = try Self.website(input.website)
        var profile: JSONObject = [:]
        profile["email"] = input.email.map(JSONValue.string)
        profile["firstName"] = (input.firstName ?? input.email.map(Self.firstName(fromEmail:))).map(JSONValue.string)
        profile["lastName"] = input.lastName.map(JSONValue.string)
        let session = try await sessions.createSession(
            NewOnboardingSession(workspaceId: caller.workspaceId, kind: .onboarding, website: website, profile: profile, correlationId: context.correlationId),
            now: clock.now())
        return Reply(["sessionId": .string(session.id), "runId": .string(session.id)] as JSONValue, status: .created)
    }

    struct RegenerateRequest: Decodable {
        var website: String?
        var linkedinUrl: String?
        var companyLinkedinUrl: String?
        var freeformContext: String?
    }

    @Sendable func regenerate(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let input = try await request.decodeJSON(as: RegenerateRequest.self, context: context, emptyAs: "{}")
        let saved = try await workspaces.context(workspaceId: caller.workspaceId)
        guard let given = input.website ?? saved.profile["website"]?.stringValue else {
            throw PuffleError.invalidRequest("website: is required when the profile has no website")
        }
        let now = clock.now()
        let session = try await sessions.startRegeneration(
            NewOnboardingSession(workspaceId: caller.workspaceId, kind: .regenerate, website: try Self.website(given), correlationId: context.correlationId),
            freeform: input.freeformContext, now: now)
        return Reply(["success": true, "runId": .string(session.id), "lastContextRegeneratedAt": .string(now.iso8601)] as JSONValue)
    }

    /// A website as typed: a domain or an http(s) URL with a host.
    static func website(_ text: String) throws -> String {
        let trimmed = text.trimmed
        let host = LeadIdentity.normalizedDomain(trimmed)
        guard host != nil, trimmed.lowercased().hasPrefix("http://") || trimmed.lowercased().hasPrefix("https://") || !trimmed.contains("/") || host == trimmed
        else { throw PuffleError.invalidRequest("website: must be a domain like acme.com or an http(s) URL, got \"\(text)\"") }
        return trimmed
    }

    /// `jane.doe@acme.com` gives Jane.
    static func firstName(fromEmail email: String) -> String {
        let local = email.split(separator: "@").first.map(String.init) ?? email
        let first = local.split(whereSeparator: { ".-_+".contains($0) }).first.map(String.init) ?? local
        return first.prefix(1).uppercased() + first.dropFirst()
    }

    static func json(_ session: OnboardingSession) -> JSONValue {
        [
            "id": .string(session.id), "status": .string(session.status.rawValue), "kind": .string(session.kind.rawValue), "website": .string(session.website),
            "companyName": session.companyName.map(JSONValue.string) ?? .null, "errorMessage": session.errorMessage.map(JSONValue.string) ?? .null,
            "errorStep": session.errorStep.map(JSONValue.string) ?? .null, "createdAt": .string(session.createdAt.iso8601),
            "updatedAt": .string(session.updatedAt.iso8601),
        ]
    }
}
