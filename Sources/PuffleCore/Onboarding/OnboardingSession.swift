/// One onboarding scrape (or context regeneration): read the company's website, draft the
/// workspace context from it. `GET /api/onboarding/status` reports it.
public struct OnboardingSession: Equatable, Sendable {
    public enum Status: String, Sendable, CaseIterable {
        case pending
        case lookingUp = "looking_up"
        case gatheringInfo = "gathering_info"
        case generatingContext = "generating_context"
        case completed
        case failed

        /// True once the session has ended, either way.
        public var isTerminal: Bool { self == .completed || self == .failed }
    }

    /// What started it: onboarding fills only what is empty, a regeneration rewrites the drafted fields.
    public enum Kind: String, Sendable {
        case onboarding
        case regenerate
    }

    public var id: String
    public var workspaceId: String
    public var kind: Kind
    public var status: Status
    public var website: String
    public var companyName: String?
    public var errorMessage: String?
    /// The status the session was in when it failed.
    public var errorStep: String?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(
        id: String, workspaceId: String, kind: Kind, status: Status, website: String, companyName: String? = nil, errorMessage: String? = nil,
        errorStep: String? = nil, createdAt: Timestamp, updatedAt: Timestamp
    ) {
        self.id = id
        self.workspaceId = workspaceId
        self.kind = kind
        self.status = status
        self.website = website
        self.companyName = companyName
        self.errorMessage = errorMessage
        self.errorStep = errorStep
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// What starts a session: the website to read and who the user is.
public struct NewOnboardingSession: Sendable {
    public var workspaceId: String
    public var kind: OnboardingSession.Kind
    public var website: String
    /// Profile fields the caller sent (`email`, `firstName`, `lastName`); written with the draft.
    public var profile: JSONObject
    public var correlationId: String?

    public init(workspaceId: String, kind: OnboardingSession.Kind, website: String, profile: JSONObject = [:], correlationId: String? = nil) {
        self.workspaceId = workspaceId
        self.kind = kind
        self.website = website
        self.profile = profile
        self.correlationId = correlationId
    }
}

/// Onboarding sessions and the context regeneration gate.
public protocol OnboardingStore: Sendable {
    /// Creates a pending session and queues its `onboarding_scrape` job, in one transaction.
    func createSession(_ new: NewOnboardingSession, now: Timestamp) async throws -> OnboardingSession

    /// Starts a regeneration unless one started within `ContextRegeneration.interval` before `now`:
    /// writes `freeform` (when sent) to `context.extra.freeform` at once, records the time, and
    /// creates the session, in one transaction.
    /// - Throws: ``PuffleError/tooSoon(nextAvailableAt:message:)`` (429) with the next time it is allowed.
    func startRegeneration(_ new: NewOnboardingSession, freeform: String?, now: Timestamp) async throws -> OnboardingSession

    /// The session with this id in the workspace, or its newest when `id` is nil; nil when it has none.
    /// - Throws: `PuffleError.notFound` for an id that is not one of the workspace's sessions.
    func session(workspaceId: String, id: String?) async throws -> OnboardingSession?

    /// A session of any workspace, for the worker running it.
    func session(id: String) async throws -> OnboardingSession

    /// The profile fields the caller sent when starting a session.
    func profile(sessionId: String) async throws -> JSONObject

    /// Moves a session to a status (and records an error and its step when failing). Ended sessions stay as they are.
    func update(sessionId: String, status: OnboardingSession.Status, companyName: String?, error: (message: String, step: String)?, now: Timestamp) async throws

    /// When the workspace last started a context regeneration.
    func lastRegeneration(workspaceId: String) async throws -> Timestamp?
}
