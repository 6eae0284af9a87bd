import Logging
import PuffleCore
import ServiceLifecycle

/// A job that runs every `period`: domain re-checks now; dispatch ticks, inbox sync and signal
/// scans as they arrive.
public struct PeriodicJob: Sendable {
    /// The schedule's name, unique among periodic jobs; also the unique key of its job, so a slow
    /// run is never joined by the next period's.
    public var name: String
    public var kind: String
    public var period: Duration
    public var payload: String

    public init(name: String, kind: String, period: Duration, payload: String = "{}") {
        self.name = name
        self.kind = kind
        self.period = period
        self.payload = payload
    }
}

/// Enqueues periodic jobs when they are due. Every worker process runs one; the queue's
/// compare-and-set on each schedule (``JobStore/enqueueIfDue(schedule:period:job:now:)``) makes
/// one of them enqueue each period's job.
public struct JobScheduler: Sendable {
    let store: any JobStore
    let jobs: [PeriodicJob]
    let clock: any WallClock
    /// How often it looks; the shortest period is never noticed later than this.
    let checkInterval: Duration
    let logger: Logger

    public init(store: any JobStore, jobs: [PeriodicJob], clock: any WallClock, checkInterval: Duration = .seconds(5), logger: Logger) {
        self.store = store
        self.jobs = jobs
        self.clock = clock
        self.checkInterval = checkInterval
        self.logger = logger
    }

    /// Enqueues every schedule that is due now.
    /// - Returns: The names of the schedules this call enqueued.
    @discardableResult
    public func enqueueDue() async -> [String] {
        var enqueued: [String] = []
        for periodic in jobs {
            let now = clock.now()
            let job = NewJob(kind: periodic.kind, payload: periodic.payload, maxAttempts: 3, uniqueKey: "periodic:\(periodic.name)")
            do {
                if try await store.enqueueIfDue(schedule: periodic.name, period: periodic.period, job: job, now: now) {
                    enqueued.append(periodic.name)
                }
            } catch {
                logger.warning("could not enqueue a periodic job", metadata: ["schedule": "\(periodic.name)", "error": "\(error)"])
            }
        }
        return enqueued
    }

    /// Looks every ``checkInterval`` until the task is cancelled.
    public func run() async {
        guard !jobs.isEmpty else { return }
        while !Task.isCancelled {
            await enqueueDue()
            try? await Task.sleep(for: checkInterval)
        }
    }
}
