import Logging
import PuffleCore
import Synchronization

/// Settings shared by a process's workers.
public struct JobWorkerOptions: Sendable {
    /// The process's clock: leases, retries and due times are read from it.
    public var clock: any WallClock
    /// Jobs one worker leases and runs at once.
    public var batchSize: Int
    /// How long a lease lasts without a heartbeat; a dead worker's jobs run again after this.
    public var lease: Duration
    /// How long an idle worker waits before asking for due jobs again.
    public var pollInterval: Duration
    public var retry: RetryPolicy

    public init(
        clock: any WallClock, batchSize: Int = 32, lease: Duration = .seconds(30), pollInterval: Duration = .milliseconds(50), retry: RetryPolicy = RetryPolicy()
    ) {
        self.clock = clock
        self.batchSize = batchSize
        self.lease = lease
        self.pollInterval = pollInterval
        self.retry = retry
    }

    /// Heartbeats come three times a lease, so one missed beat never loses it.
    var heartbeatInterval: Duration { lease / 3 }
}

/// One worker: leases a batch of due jobs, runs them concurrently while heartbeating their
/// leases, and reports the outcomes, until its task is cancelled.
public struct JobWorker: Sendable {
    let store: any JobStore
    let handlers: JobHandlers
    let options: JobWorkerOptions
    /// The lease owner name, unique per worker and process.
    public let owner: String
    let logger: Logger

    public init(store: any JobStore, handlers: JobHandlers, options: JobWorkerOptions, owner: String, logger: Logger) {
        self.store = store
        self.handlers = handlers
        self.options = options
        self.owner = owner
        self.logger = logger
    }

    /// Runs jobs until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            let ran = await runOnce()
            if ran == 0 { try? await Task.sleep(for: options.pollInterval) }
        }
    }

    /// Claims one batch and runs it.
    /// - Returns: How many jobs it ran.
    @discardableResult
    public func runOnce() async -> Int {
        let jobs: [Job]
        do {
            jobs = try await store.claim(owner: owner, limit: options.batchSize, lease: options.lease, now: options.clock.now())
        } catch {
            if Task.isCancelled { return 0 }
            logger.error("claiming jobs failed", metadata: ["error": "\(error)"])
            try? await Task.sleep(for: options.pollInterval * 10)
            return 0
        }
        guard !jobs.isEmpty else { return 0 }
        for job in jobs where job.status == .dead {
            do {
                try await handlers.handler(for: job.kind)?.jobDied(job)
            } catch {
                logger.error("cleaning up after a dead job failed", metadata: ["job": "\(job.id)", "error": "\(error)"])
            }
        }
        await runBatch(jobs.filter { $0.status != .dead })
        return jobs.count
    }

    private func runBatch(_ jobs: [Job]) async {
        guard !jobs.isEmpty else { return }
        let flags = CancellationFlags()
        let unfinished = Mutex(Set(jobs.map(\.id)))
        let pending = Mutex<[JobOutcome]>([])
        // Reports what has finished, and only then stops renewing those leases: a finished job whose
        // lease lapsed before its report would be claimed and run again.
        let flush: @Sendable () async -> Void = {
            let outcomes = pending.withLock { outcomes in
                defer { outcomes.removeAll() }
                return outcomes
            }
            guard !outcomes.isEmpty else { return }
            await report(outcomes)
            unfinished.withLock { $0.subtract(outcomes.map(\.jobId)) }
        }
        let heartbeat = Task {
            while !Task.isCancelled {
                try await Task.sleep(for: options.heartbeatInterval)
                await flush()
                let ids = Array(unfinished.withLock { $0 })
                do {
                    flags.cancel(try await store.heartbeat(owner: owner, jobIds: ids, lease: options.lease, now: options.clock.now()))
                } catch {
                    logger.warning("heartbeat failed", metadata: ["error": "\(error)"])
                }
            }
        }
        await withTaskGroup(of: JobOutcome.self) { group in
            for job in jobs {
                group.addTask { await attempt(job, context: JobContext(cancellation: flags, jobId: job.id)) }
            }
            // Outcomes are reported together, so a batch of quick jobs costs one write; a slow
            // batch still reports finished jobs every second (and at every heartbeat).
            var lastReport = ContinuousClock.now
            for await outcome in group {
                pending.withLock { $0.append(outcome) }
                if ContinuousClock.now - lastReport > .seconds(1) {
                    await flush()
                    lastReport = .now
                }
            }
            await flush()
        }
        heartbeat.cancel()
    }

    private func attempt(_ job: Job, context: JobContext) async -> JobOutcome {
        guard let handler = handlers.handler(for: job.kind) else {
            return JobOutcome(jobId: job.id, result: .dead(message: "no handler for job kind \(job.kind)"))
        }
        var logger = logger
        logger[metadataKey: "job"] = "\(job.id)"
        logger[metadataKey: "correlation_id"] = job.correlationId.map { "\($0)" }
        do {
            try await handler.run(job, context: context)
            return JobOutcome(jobId: job.id, result: .done)
        } catch where Task.isCancelled && !context.cancellation.isCancelled(job.id) {
            // The worker is stopping (shutdown), not the job failing: whatever the handler threw on
            // the way out, the job goes back to the queue without spending an attempt.
            return JobOutcome(jobId: job.id, result: .released)
        } catch let failure as JobFailure {
            logger.warning("job failed for good", metadata: ["kind": "\(job.kind)", "error": "\(failure)"])
            return JobOutcome(jobId: job.id, result: .dead(message: failure.description))
        } catch {
            let retryAt = options.clock.now().adding(options.retry.delay(afterAttempt: job.attempts))
            logger.warning("job attempt failed", metadata: ["kind": "\(job.kind)", "attempt": "\(job.attempts)", "error": "\(error)"])
            return JobOutcome(jobId: job.id, result: .failed(message: String(describing: error), retryAt: retryAt))
        }
    }

    private func report(_ outcomes: [JobOutcome]) async {
        guard !outcomes.isEmpty else { return }
        // Its own task, so a worker stopping at shutdown still records what it finished.
        let (store, owner, clock) = (store, owner, options.clock)
        do {
            try await Task { try await store.finish(owner: owner, outcomes: outcomes, now: clock.now()) }.value
        } catch {
            // The leases run out and the jobs run again: handlers are idempotent for this.
            logger.error("reporting job outcomes failed", metadata: ["error": "\(error)", "jobs": "\(outcomes.count)"])
        }
    }
}
