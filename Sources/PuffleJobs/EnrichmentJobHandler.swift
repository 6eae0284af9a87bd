import Logging
import PuffleCore

/// Runs one `enrichment` job: a range of one run's items. Items already final are left alone, so
/// a job taken over after a crash finishes only what was left, and charges or refunds nothing twice.
public struct EnrichmentJobHandler: JobHandler {
    public let kind = "enrichment"
    let store: any EnrichmentStore
    let catalog: EnrichmentCatalog
    let retry: RetryPolicy
    let logger: Logger
    /// Shared by every job this handler runs, so limits hold across runs and workers.
    let gate = ProviderGate()

    /// - Parameter retry: The backoff between tries of an item whose provider said "not now".
    public init(store: any EnrichmentStore, catalog: EnrichmentCatalog, retry: RetryPolicy = RetryPolicy(base: .milliseconds(500), maximum: .seconds(8)), logger: Logger) {
        self.store = store
        self.catalog = catalog
        self.retry = retry
        self.logger = logger
    }

    /// Tries of one item when its provider keeps answering 429 or 5xx.
    static let triesPerItem = 4

    public func run(_ job: Job, context: JobContext) async throws {
        let payload = (try? JSONParser.parse(job.payload)) ?? .null
        guard let runId = payload["runId"]?.stringValue, let from = payload["from"]?.stringValue, let through = payload["through"]?.stringValue else {
            throw JobFailure.permanent("enrichment job without runId, from and through")
        }
        let run = try await store.run(id: runId)
        switch run.status {
        case .pending, .running:
            break
        case .cancelled:
            // Items a dead worker left running when the run was cancelled end skipped, and refunded.
            let left = try await store.startItems(runId: runId, fromItemId: from, throughItemId: through)
            try await store.finishItems(runId: runId, outcomes: left.map {
                EnrichmentItemOutcome(itemId: $0.item.id, leadId: $0.item.leadId, status: .skipped, skippedReason: "run_cancelled")
            })
            return
        case .completed, .failed:
            return
        }
        guard let enricher = catalog.enricher(run.slug) else {
            throw JobFailure.permanent("no Enrichment \(run.slug) in this server's catalog")
        }
        let work = try await store.startItems(runId: runId, fromItemId: from, throughItemId: through)
        var outcomes: [EnrichmentItemOutcome] = []
        outcomes.reserveCapacity(work.count)
        // Local Enrichments run inline; network ones run `concurrency` at a time.
        let width = max(1, min(enricher.definition.concurrency, work.count))
        if width >= work.count, enricher.definition.concurrency >= 1000 {
            for (item, lead) in work { outcomes.append(await attempt(item, lead, enricher: enricher, run: run)) }
        } else {
            await withTaskGroup(of: EnrichmentItemOutcome.self) { group in
                var next = 0
                for _ in 0..<width where next < work.count {
                    let (item, lead) = work[next]
                    group.addTask { await attempt(item, lead, enricher: enricher, run: run) }
                    next += 1
                }
                while let outcome = await group.next() {
                    outcomes.append(outcome)
                    if next < work.count {
                        let (item, lead) = work[next]
                        group.addTask { await attempt(item, lead, enricher: enricher, run: run) }
                        next += 1
                    }
                }
            }
        }
        // A worker that is stopping, or lost the job, leaves the items to whoever takes it over.
        try context.checkCancelled()
        do {
            try await store.finishItems(runId: runId, outcomes: outcomes)
        } catch where job.attempts >= job.maxAttempts {
            // The last attempt can't record its work: fail the chunk's items (refunding them) so the run can end.
            logger.error("enrichment chunk failed on its last attempt", metadata: ["run": "\(runId)", "error": "\(error)"])
            try await store.finishItems(runId: runId, outcomes: work.map {
                EnrichmentItemOutcome(itemId: $0.item.id, leadId: $0.item.leadId, status: .failed, errorMessage: "the worker could not record this item")
            })
            throw JobFailure.permanent("\(error)")
        }
    }

    /// The chunk's items that are still to do fail, and are refunded, so the run can complete.
    public func jobDied(_ job: Job) async throws {
        let payload = (try? JSONParser.parse(job.payload)) ?? .null
        guard let runId = payload["runId"]?.stringValue, let from = payload["from"]?.stringValue, let through = payload["through"]?.stringValue else { return }
        let left = try await store.startItems(runId: runId, fromItemId: from, throughItemId: through)
        try await store.finishItems(runId: runId, outcomes: left.map {
            EnrichmentItemOutcome(itemId: $0.item.id, leadId: $0.item.leadId, status: .failed, errorMessage: "the worker stopped on every attempt")
        })
    }

    /// The whole run is cancelled: its pending items are skipped and refunded (a run already over stays as it is).
    public func jobCancelled(_ job: Job) async throws {
        guard let runId = (try? JSONParser.parse(job.payload))?["runId"]?.stringValue, let workspaceId = job.workspaceId else { return }
        _ = try? await store.cancel(workspaceId: workspaceId, id: runId)
    }

    private func attempt(_ item: EnrichmentItem, _ lead: EnrichmentSubject?, enricher: any Enricher, run: EnrichmentRun) async -> EnrichmentItemOutcome {
        guard let lead else {
            return EnrichmentItemOutcome(itemId: item.id, leadId: item.leadId, status: .failed, errorMessage: "the Lead no longer exists")
        }
        if run.writePolicy == .skipExisting, run.outputTarget == .leadAttribute, let existing = lead.body.attributes[run.attributeKey], existing != .null {
            return EnrichmentItemOutcome(itemId: item.id, leadId: item.leadId, status: .skipped, skippedReason: "attribute_exists")
        }
        var tries = 0
        while true {
            tries += 1
            do {
                let unlimited = enricher.definition.concurrency >= 1000 && enricher.definition.ratePerSecond == nil
                let input = run.input
                let value = unlimited
                    ? try await enricher.enrich(lead, input: input)
                    : try await gate.run(enricher.definition) { try await enricher.enrich(lead, input: input) }
                switch value {
                case .value(let value):
                    return EnrichmentItemOutcome(itemId: item.id, leadId: item.leadId, status: .completed, value: value)
                case .nothing:
                    return EnrichmentItemOutcome(itemId: item.id, leadId: item.leadId, status: .completed)
                }
            } catch EnrichmentFailure.retryable(let message) where tries < Self.triesPerItem {
                // A provider's 429 or 5xx backs off and tries again; it doesn't fail the item.
                logger.debug("enrichment item will be retried", metadata: ["item": "\(item.id)", "error": "\(message)"])
                try? await Task.sleep(for: retry.delay(afterAttempt: tries))
            } catch {
                return EnrichmentItemOutcome(itemId: item.id, leadId: item.leadId, status: .failed, errorMessage: "\(error)")
            }
        }
    }
}
