import PuffleCore
import SQLKit

/// ``OnboardingStore`` over SQL: `onboarding_sessions`, and `workspaces.context_regenerated_at`.
public struct SQLOnboardingStore: OnboardingStore {
    let database: PuffleDatabase

    public init(database: PuffleDatabase) {
        self.database = database
    }

    static let columns = "id, workspace_id, kind, status, website, company_name, error_message, error_step, created_at, updated_at"

    public func createSession(_ new: NewOnboardingSession, now: Timestamp) async throws -> OnboardingSession {
        try await database.transaction { db in try await insert(new, now: now, db: db) }
    }

    public func startRegeneration(_ new: NewOnboardingSession, freeform: String?, now: Timestamp) async throws -> OnboardingSession {
        let engine = database.engine
        return try await database.transaction { db in
            // Under the workspace's lock, so two calls at once cannot both pass the once-a-day gate.
            try await LeadWriter(db: db, engine: engine, workspaceId: new.workspaceId, now: database.clock.now()).lockWorkspace()
            guard let row = try await db.raw("SELECT context, context_regenerated_at FROM workspaces WHERE id = \(bind: new.workspaceId)").first() else {
                throw PuffleError.notFound("Workspace \(new.workspaceId) not found")
            }
            let last = try row.decode(column: "context_regenerated_at", as: Int64?.self).map(Timestamp.init(milliseconds:))
            if let next = ContextRegeneration.nextAllowed(after: last, now: now) {
                throw PuffleError.tooSoon(
                    nextAvailableAt: next, message: "The context was regenerated less than 24 hours ago; the next regeneration is allowed at \(next.iso8601).")
            }
            if let freeform {
                // Written at once, before the job runs, as the contract says.
                var context = (try? JSONParser.parse(try row.decode(column: "context", as: String?.self) ?? "{}").objectValue) ?? [:]
                var extra = context["extra"]?.objectValue ?? [:]
                extra["freeform"] = .string(freeform)
                context["extra"] = .object(extra)
                try await db.raw("UPDATE workspaces SET context = \(bind: JSONWriter.string(.object(context))) WHERE id = \(bind: new.workspaceId)").run()
            }
            try await db.raw("UPDATE workspaces SET context_regenerated_at = \(bind: now.milliseconds) WHERE id = \(bind: new.workspaceId)").run()
            return try await insert(new, now: now, db: db)
        }
    }

    private func insert(_ new: NewOnboardingSession, now: Timestamp, db: any SQLDatabase) async throws -> OnboardingSession {
        let session = OnboardingSession(
            id: SortableID.make(), workspaceId: new.workspaceId, kind: new.kind, status: .pending, website: new.website, createdAt: now, updatedAt: now)
        try await db.raw("""
            INSERT INTO onboarding_sessions (id, workspace_id, kind, status, website, profile, created_at, updated_at)
            VALUES (\(bind: session.id), \(bind: session.workspaceId), \(bind: session.kind.rawValue), 'pending', \(bind: session.website),
                \(bind: JSONWriter.string(.object(new.profile))), \(bind: now.milliseconds), \(bind: now.milliseconds))
            """).run()
        let payload = JSONWriter.string(["sessionId": .string(session.id)])
        try await JobRows.insert(
            [NewJob(kind: "onboarding_scrape", workspaceId: new.workspaceId, payload: payload, maxAttempts: 3, runAfter: now, correlationId: new.correlationId)],
            now: now, engine: database.engine, db: db)
        return session
    }

    public func session(workspaceId: String, id: String?) async throws -> OnboardingSession? {
        try await database.read { db in
            var query = SQLQueryString("SELECT \(unsafeRaw: Self.columns) FROM onboarding_sessions WHERE workspace_id = \(bind: workspaceId)")
            if let id { query.appendInterpolation(SQLQueryString(" AND id = \(bind: id)")) }
            query.appendLiteral(" ORDER BY id DESC LIMIT 1")
            guard let row = try await db.raw(query).first() else {
                if let id { throw PuffleError.notFound("Onboarding session \(id) not found") }
                return nil
            }
            return try Self.session(from: row)
        }
    }

    public func session(id: String) async throws -> OnboardingSession {
        try await database.read { db in
            guard let row = try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM onboarding_sessions WHERE id = \(bind: id)").first() else {
                throw PuffleError.notFound("Onboarding session \(id) not found")
            }
            return try Self.session(from: row)
        }
    }

    /// The profile fields the caller sent when starting a session.
    public func profile(sessionId: String) async throws -> JSONObject {
        try await database.read { db in
            let text = try await db.raw("SELECT profile FROM onboarding_sessions WHERE id = \(bind: sessionId)").first()?.decode(column: "profile", as: String.self)
            return (try? JSONParser.parse(text ?? "{}").objectValue) ?? [:]
        }
    }

    public func update(sessionId: String, status: OnboardingSession.Status, companyName: String?, error: (message: String, step: String)?, now: Timestamp) async throws {
        try await database.write { db in
            try await db.raw("""
                UPDATE onboarding_sessions SET status = \(bind: status.rawValue), company_name = COALESCE(\(bind: companyName), company_name),
                    error_message = \(bind: error?.message), error_step = \(bind: error?.step), updated_at = \(bind: now.milliseconds)
                WHERE id = \(bind: sessionId) AND status NOT IN ('completed', 'failed')
                """).run()
        }
    }

    public func lastRegeneration(workspaceId: String) async throws -> Timestamp? {
        try await database.read { db in
            try await db.raw("SELECT context_regenerated_at FROM workspaces WHERE id = \(bind: workspaceId)").first()?
                .decode(column: "context_regenerated_at", as: Int64?.self).map(Timestamp.init(milliseconds:))
        }
    }

    static func session(from row: any SQLRow) throws -> OnboardingSession {
        OnboardingSession(
            id: try row.decode(column: "id", as: String.self), workspaceId: try row.decode(column: "workspace_id", as: String.self),
            kind: OnboardingSession.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .onboarding,
            status: OnboardingSession.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .failed,
            website: try row.decode(column: "website", as: String.self), companyName: try row.decode(column: "company_name", as: String?.self),
            errorMessage: try row.decode(column: "error_message", as: String?.self), errorStep: try row.decode(column: "error_step", as: String?.self),
            createdAt: Timestamp(milliseconds: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Timestamp(milliseconds: try row.decode(column: "updated_at", as: Int64.self)))
    }
}
