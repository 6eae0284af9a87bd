/// Enrichment runs, their items, and the credits they move.
public protocol EnrichmentStore: Sendable {
    /// Resolves the scope, has ``EnrichmentPlanner`` check and price it, and (unless previewing)
    /// charges the plan, creates the run with one pending item per Lead and queues its jobs, all in
    /// one transaction. A preview plans in a transaction that is rolled back.
    ///
    /// With an `idempotencyKey` already used by this workspace, answers that run with `reused` true
    /// and charges nothing; the same key with another request is refused.
    /// - Throws: what ``EnrichmentPlanner/plan(_:resolution:balance:)`` refuses (`EMPTY_LEAD_SCOPE`,
    ///   `SUBJECT_MISMATCH`, `OUTPUT_TARGET_UNSUPPORTED`, `.insufficientCredits`, `.notFound` for
    ///   Leads), `.notFound` for Lists not in the workspace,
    ///   `.refused(code: "idempotency_key_reused")`.
    func createRun(_ request: EnrichmentRequest) async throws -> (run: EnrichmentRun, reused: Bool)

    /// One run of the workspace, with item counts. - Throws: `.notFound`.
    func run(workspaceId: String, id: String) async throws -> EnrichmentRun

    /// A page of a run's items by id, optionally of one status or one Lead.
    func items(workspaceId: String, runId: String, status: EnrichmentItemStatus?, leadId: String?, after: String?, limit: Int) async throws -> [EnrichmentItem]

    /// Cancels a run: its pending items end `skipped` (`run_cancelled`) and their credits are refunded.
    /// - Throws: `.refused(code: "run_not_cancellable")` when it already ended.
    func cancel(workspaceId: String, id: String) async throws -> EnrichmentRun

    /// For the worker: a run of any workspace. - Throws: `.notFound`.
    func run(id: String) async throws -> EnrichmentRun

    /// For the worker: a chunk's items that are still to do (pending, or running from a worker that
    /// died), with their Leads (nil for a Lead deleted since), and marks them and the run running.
    func startItems(runId: String, fromItemId: String, throughItemId: String) async throws -> [(item: EnrichmentItem, lead: EnrichmentSubject?)]

    /// For the worker: records outcomes, writes completed values onto the Leads (by the run's write
    /// policy), refunds failed items, and completes the run when no item is left to do.
    func finishItems(runId: String, outcomes: [EnrichmentItemOutcome]) async throws
}
