import Logging
import PuffleCore

/// Runs an `onboarding_scrape` job: reads the company's website and drafts the workspace context
/// from it (``ContextDraft``), moving the session through `looking_up`, `gathering_info` and
/// `generating_context` to `completed`, or to `failed` with the step it failed in.
///
/// Onboarding fills only empty fields; a regeneration rewrites the drafted ones. Re-running after
/// a crash reads the site again and writes the same draft.
public struct OnboardingJobHandler: JobHandler {
    public let kind = "onboarding_scrape"
    let sessions: any OnboardingStore
    let workspaces: any WorkspaceStore
    let siteReader: any SiteReader
    let logger: Logger
    let clock: any WallClock
    /// Pages read from the site, the home page included.
    static let pageBudget = 10
    static let preferredPages = ["about", "product", "features", "platform", "solution", "pricing", "customers"]

    public init(sessions: any OnboardingStore, workspaces: any WorkspaceStore, siteReader: any SiteReader, clock: any WallClock, logger: Logger) {
        self.clock = clock
        self.sessions = sessions
        self.workspaces = workspaces
        self.siteReader = siteReader
        self.logger = logger
    }

    public func run(_ job: Job, context: JobContext) async throws {
        guard let sessionId = (try? JSONParser.parse(job.payload))?["sessionId"]?.stringValue else {
            throw JobFailure.permanent("onboarding_scrape job without a sessionId")
        }
        let session = try await sessions.session(id: sessionId)
        guard !session.status.isTerminal else { return }
        var step = OnboardingSession.Status.lookingUp
        do {
            try await sessions.update(sessionId: sessionId, status: step, companyName: nil, error: nil, now: clock.now())
            step = .gatheringInfo
            try await sessions.update(sessionId: sessionId, status: step, companyName: nil, error: nil, now: clock.now())
            let pages = try await siteReader.read(website: session.website, pageBudget: Self.pageBudget, prefer: Self.preferredPages)
            try context.checkCancelled()
            step = .generatingContext
            let draft = ContextDraft(pages: pages, website: session.website)
            try await sessions.update(sessionId: sessionId, status: step, companyName: draft.companyName, error: nil, now: clock.now())
            let profile = try await sessions.profile(sessionId: sessionId)
            let overwrite = session.kind == .regenerate
            _ = try await workspaces.updateContext(workspaceId: session.workspaceId) { draft.merged(into: $0, overwrite: overwrite, extraProfile: profile) }
            try await sessions.update(sessionId: sessionId, status: .completed, companyName: draft.companyName, error: nil, now: clock.now())
        } catch {
            // A site that cannot be read now is retried with backoff; one that is not a website, or
            // whose robots.txt refuses us, fails at once, as does the last attempt.
            let final = (error as? SiteReadError)?.isFinal == true || job.attempts >= job.maxAttempts
            guard final, !(error is CancellationError) else { throw error }
            let message = (error as? SiteReadError)?.description ?? "The scrape failed; quote the correlationId \(job.correlationId ?? "") when reporting it."
            try await sessions.update(sessionId: sessionId, status: .failed, companyName: nil, error: (message, step.rawValue), now: clock.now())
            throw JobFailure.permanent(message)
        }
    }

    public func jobDied(_ job: Job) async throws {
        guard let sessionId = (try? JSONParser.parse(job.payload))?["sessionId"]?.stringValue else { return }
        try await sessions.update(
            sessionId: sessionId, status: .failed, companyName: nil, error: ("The scrape stopped on every attempt", "looking_up"), now: clock.now())
    }

    public func jobCancelled(_ job: Job) async throws {
        guard let sessionId = (try? JSONParser.parse(job.payload))?["sessionId"]?.stringValue else { return }
        try await sessions.update(sessionId: sessionId, status: .failed, companyName: nil, error: ("An operator cancelled the scrape", "pending"), now: clock.now())
    }
}
