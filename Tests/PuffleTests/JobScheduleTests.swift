import Logging
import PuffleCore
import PuffleJobs
import PuffleStore
import PuffleTestSupport
import Testing

/// Unique and periodic jobs, through the store and the scheduler, with a manual clock.
@Suite struct JobScheduleTests {
    @Test(arguments: TestBackend.available)
    func aUniqueKeyIsQueuedOnceUntilItsJobFinishes(backend: TestBackend) async throws {
        let clock = ManualClock()
        let (database, cleanup) = try await backend.makeDatabase(clock: clock)
        defer { Task { await cleanup() } }
        let store = SQLJobStore(database: database)
        try await store.enqueue([NewJob(id: "a", kind: "check", uniqueKey: "domain_check:d1"), NewJob(id: "b", kind: "check", uniqueKey: "domain_check:d1")])
        try await store.enqueue([NewJob(id: "c", kind: "check", uniqueKey: "domain_check:d1"), NewJob(id: "d", kind: "check", uniqueKey: "domain_check:d2")])
        #expect(try await store.jobs(status: .queued, kind: nil, limit: 10).map(\.id).sorted() == ["a", "d"])

        let claimed = try await store.claim(owner: "w", limit: 10, lease: .seconds(30), now: clock.now())
        try await store.enqueue([NewJob(id: "e", kind: "check", uniqueKey: "domain_check:d1")])
        #expect(try await store.jobs(status: .queued, kind: nil, limit: 10).isEmpty, "still running: the key is held")
        try await store.finish(owner: "w", outcomes: claimed.map { JobOutcome(jobId: $0.id, result: .done) }, now: clock.now())
        try await store.enqueue([NewJob(id: "f", kind: "check", uniqueKey: "domain_check:d1")])
        #expect(try await store.jobs(status: .queued, kind: nil, limit: 10).map(\.id) == ["f"], "finished: the key is free again")
    }

    /// Two schedulers over their own connection pools stand in for two `puffle worker` processes on
    /// one database: each period's job is enqueued once, however often and however many look.
    @Test(arguments: TestBackend.available)
    func twoWorkerProcessesEnqueueEachPeriodOnce(backend: TestBackend) async throws {
        let clock = ManualClock()
        let (database, cleanup) = try await backend.makeDatabase(clock: clock)
        defer { Task { await cleanup() } }
        let second = backend == .postgres ? try await PuffleDatabase.open(database.url, clock: clock, migrate: false) : database
        let periodic = [PeriodicJob(name: "domain_checks", kind: "check", period: .seconds(600))]
        let schedulers = [database, second].map {
            JobScheduler(store: SQLJobStore(database: $0), jobs: periodic, clock: clock, logger: Logger(label: "test"))
        }
        let store = SQLJobStore(database: database)
        func lookConcurrently(_ times: Int) async -> Int {
            await withTaskGroup(of: Int.self) { group in
                for index in 0..<times { group.addTask { await schedulers[index % 2].enqueueDue().count } }
                return await group.reduce(0, +)
            }
        }
        #expect(await lookConcurrently(8) == 1, "the first look of all enqueues it")
        #expect(try await store.jobs(status: nil, kind: "check", limit: 10).count == 1)

        clock.advance(by: .seconds(599))
        #expect(await lookConcurrently(8) == 0, "not due before its period")
        // The first period's job finishes; the next period comes.
        let running = try await store.claim(owner: "w", limit: 10, lease: .seconds(30), now: clock.now())
        try await store.finish(owner: "w", outcomes: running.map { JobOutcome(jobId: $0.id, result: .done) }, now: clock.now())
        clock.advance(by: .seconds(1))
        #expect(await lookConcurrently(8) == 1)
        #expect(try await store.jobs(status: nil, kind: "check", limit: 10).count == 2)
        if backend == .postgres { await second.close() }
    }
}
