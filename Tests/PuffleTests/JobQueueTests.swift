import Logging
import PuffleCore
import PuffleJobs
import PuffleStore
import PuffleTestSupport
import Synchronization
import Testing

/// The durable queue through its store and a real worker, on every engine.
@Suite struct JobQueueTests {
    /// Runs `body` with a fresh database's job store.
    func withJobStore(_ backend: TestBackend, _ body: (SQLJobStore) async throws -> Void) async throws {
        let (database, cleanup) = try await backend.makeDatabase()
        do {
            try await body(SQLJobStore(database: database))
        } catch {
            await cleanup()
            throw error
        }
        await cleanup()
    }

    @Test(arguments: TestBackend.available)
    func aClaimedJobIsLeasedToOneWorkerUntilItsLeaseExpires(backend: TestBackend) async throws {
        try await withJobStore(backend) { store in
            try await store.enqueue([NewJob(id: "job-1", kind: "noop")])
            let now = SystemClock().now()
            let first = try await store.claim(owner: "a", limit: 10, lease: .seconds(30), now: now)
            #expect(first.map(\.id) == ["job-1"])
            #expect(first[0].attempts == 1)
            #expect(first[0].status == .running)
            #expect(try await store.claim(owner: "b", limit: 10, lease: .seconds(30), now: now.adding(.seconds(29))).isEmpty)
            // Worker a died: after the lease another worker takes the job, and a's heartbeat learns it lost it.
            let second = try await store.claim(owner: "b", limit: 10, lease: .seconds(30), now: now.adding(.seconds(31)))
            #expect(second.map(\.id) == ["job-1"])
            #expect(second[0].attempts == 2)
            #expect(try await store.heartbeat(owner: "a", jobIds: ["job-1"], lease: .seconds(30), now: now.adding(.seconds(32))) == ["job-1"])
            #expect(try await store.heartbeat(owner: "b", jobIds: ["job-1"], lease: .seconds(30), now: now.adding(.seconds(32))).isEmpty)
            // a's late report is ignored; b's counts.
            try await store.finish(owner: "a", outcomes: [JobOutcome(jobId: "job-1", result: .dead(message: "late"))], now: SystemClock().now())
            #expect(try await store.job(id: "job-1").status == .running)
            try await store.finish(owner: "b", outcomes: [JobOutcome(jobId: "job-1", result: .done)], now: SystemClock().now())
            let done = try await store.job(id: "job-1")
            #expect(done.status == .done)
            #expect(done.finishedAt != nil)
            #expect(done.leaseOwner == nil)
        }
    }

    @Test(arguments: TestBackend.available)
    func failuresRetryAfterBackoffThenStayDead(backend: TestBackend) async throws {
        try await withJobStore(backend) { store in
            try await store.enqueue([NewJob(id: "job-1", kind: "noop", maxAttempts: 2)])
            var now = SystemClock().now()
            _ = try await store.claim(owner: "a", limit: 1, lease: .seconds(30), now: now)
            try await store.finish(owner: "a", outcomes: [JobOutcome(jobId: "job-1", result: .failed(message: "boom", retryAt: now.adding(.seconds(5))))], now: now)
            let waiting = try await store.job(id: "job-1")
            #expect(waiting.status == .queued)
            #expect(waiting.lastError == "boom")
            #expect(try await store.claim(owner: "a", limit: 1, lease: .seconds(30), now: now.adding(.seconds(4))).isEmpty, "not before its backoff")
            now = now.adding(.seconds(6))
            #expect(try await store.claim(owner: "a", limit: 1, lease: .seconds(30), now: now).count == 1)
            try await store.finish(owner: "a", outcomes: [JobOutcome(jobId: "job-1", result: .failed(message: "boom again", retryAt: now))], now: now)
            let dead = try await store.job(id: "job-1")
            #expect(dead.status == .dead)
            #expect(dead.lastError == "boom again")
            #expect(try await store.claim(owner: "a", limit: 1, lease: .seconds(30), now: now.adding(.seconds(60))).isEmpty)
            // An operator retries it: fresh attempts, due now.
            #expect(try await store.retry(id: "job-1", now: now).status == .queued)
            #expect(try await store.claim(owner: "a", limit: 1, lease: .seconds(30), now: now).first?.attempts == 1)
            await #expect(throws: PuffleError.self) { try await store.retry(id: "job-1", now: now) }
            await #expect(throws: PuffleError.self) { try await store.job(id: "nope") }
        }
    }

    @Test(arguments: TestBackend.available)
    func aJobWhoseWorkersKeepDyingEndsDead(backend: TestBackend) async throws {
        try await withJobStore(backend) { store in
            try await store.enqueue([NewJob(id: "job-1", kind: "noop", maxAttempts: 2)])
            var now = SystemClock().now()
            for _ in 0..<2 {
                #expect(try await store.claim(owner: "a", limit: 1, lease: .seconds(1), now: now).count == 1)
                now = now.adding(.seconds(2))
            }
            #expect(try await store.claim(owner: "a", limit: 1, lease: .seconds(1), now: now).map(\.status) == [.dead], "returned once, as dead")
            #expect(try await store.job(id: "job-1").status == .dead)
            #expect(try await store.claim(owner: "a", limit: 1, lease: .seconds(1), now: now).isEmpty)
        }
    }

    @Test(arguments: TestBackend.available)
    func cancellingStopsQueuedJobsAndTellsRunningOnes(backend: TestBackend) async throws {
        try await withJobStore(backend) { store in
            try await store.enqueue([NewJob(id: "queued", kind: "noop"), NewJob(id: "running", kind: "noop", runAfter: Timestamp(milliseconds: 0))])
            let now = SystemClock().now()
            #expect(try await store.claim(owner: "a", limit: 1, lease: .seconds(30), now: now).map(\.id) == ["running"])
            #expect(try await store.cancel(id: "queued", now: now).status == .cancelled)
            #expect(try await store.cancel(id: "running", now: now).status == .cancelled)
            #expect(try await store.heartbeat(owner: "a", jobIds: ["running"], lease: .seconds(30), now: now) == ["running"])
            #expect(try await store.claim(owner: "b", limit: 10, lease: .seconds(30), now: now.adding(.seconds(60))).isEmpty)
            await #expect(throws: PuffleError.self) { try await store.cancel(id: "queued", now: now) }
            #expect(try await store.counts()[.cancelled] == 2)
        }
    }

    @Test(arguments: TestBackend.available)
    func workersRunEveryJobOnceAndRetryFailures(backend: TestBackend) async throws {
        try await withJobStore(backend) { store in
            let recorder = RecordingHandler()
            try await store.enqueue((0..<100).map { NewJob(id: "job-\($0)", kind: "record") })
            try await store.enqueue([NewJob(id: "flaky", kind: "record", payload: #"{"failures":2}"#)])
            let options = JobWorkerOptions(clock: SystemClock(), batchSize: 16, lease: .seconds(30), pollInterval: .milliseconds(10), retry: RetryPolicy(base: .milliseconds(1), maximum: .milliseconds(5)))
            let workers = (0..<3).map {
                JobWorker(store: store, handlers: JobHandlers([recorder]), options: options, owner: "w\($0)", logger: Logger(label: "test"))
            }
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(20)
            while try await store.counts()[.done] != 101, clock.now < deadline {
                await withTaskGroup(of: Int.self) { group in
                    for worker in workers { group.addTask { await worker.runOnce() } }
                }
                try await Task.sleep(for: .milliseconds(5))
            }
            #expect(try await store.counts()[.done] == 101)
            #expect(recorder.runs.withLock { $0.filter { $0.key != "flaky" }.values.allSatisfy { $0 == 1 } })
            #expect(recorder.runs.withLock { $0["flaky"] } == 3)
            #expect(try await store.job(id: "flaky").attempts == 3)
        }
    }
}

extension JobQueueTests {
    /// A job whose worker died on its last attempt isn't run again: its handler is told, once.
    @Test(arguments: TestBackend.available)
    func aJobThatDiedOnItsLastAttemptIsHandedToItsHandlerToCleanUp(backend: TestBackend) async throws {
        try await withJobStore(backend) { store in
            try await store.enqueue([NewJob(id: "job-1", kind: "record", maxAttempts: 1, runAfter: Timestamp(milliseconds: 0))])
            // A worker took it a minute ago and vanished: the lease has long expired.
            _ = try await store.claim(owner: "gone", limit: 1, lease: .seconds(1), now: SystemClock().now().adding(.seconds(-60)))
            let recorder = RecordingHandler()
            let worker = JobWorker(store: store, handlers: JobHandlers([recorder]), options: JobWorkerOptions(clock: SystemClock()), owner: "w", logger: Logger(label: "test"))
            await worker.runOnce()
            await worker.runOnce()
            #expect(recorder.died.withLock { $0 } == ["job-1"])
            #expect(recorder.runs.withLock { $0.isEmpty })
            #expect(try await store.job(id: "job-1").status == .dead)
        }
    }

    /// Two connection pools on one database stand in for two `puffle worker` processes: no job
    /// runs twice, and none runs on both at once.
    @Test(arguments: TestBackend.available)
    func workersWithTheirOwnConnectionsNeverShareAJob(backend: TestBackend) async throws {
        let (database, cleanup) = try await backend.makeDatabase()
        defer { Task { await cleanup() } }
        let second = backend == .postgres ? try await PuffleDatabase.open(database.url, clock: SystemClock(), migrate: false) : database
        let stores = [SQLJobStore(database: database), SQLJobStore(database: second)]
        try await stores[0].enqueue((0..<400).map { NewJob(id: "job-\($0)", kind: "record") })
        let recorder = RecordingHandler()
        let options = JobWorkerOptions(clock: SystemClock(), batchSize: 10, lease: .seconds(30), pollInterval: .milliseconds(5))
        let workers = (0..<4).map { index in
            JobWorker(store: stores[index % 2], handlers: JobHandlers([recorder]), options: options, owner: "p\(index % 2)-w\(index)", logger: Logger(label: "test"))
        }
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(30)
        while try await stores[0].counts()[.done] != 400, clock.now < deadline {
            await withTaskGroup(of: Int.self) { group in
                for worker in workers { group.addTask { await worker.runOnce() } }
            }
        }
        #expect(try await stores[0].counts()[.done] == 400)
        #expect(recorder.runs.withLock { $0.count == 400 && $0.values.allSatisfy { $0 == 1 } })
        #expect(try await stores[1].jobs(status: .done, kind: nil, limit: 500).allSatisfy { $0.attempts == 1 })
        if backend == .postgres { await second.close() }
    }
}

/// Counts the runs of each job; a payload's `failures` makes its first attempts throw.
final class RecordingHandler: JobHandler {
    let kind = "record"
    let runs = Mutex<[String: Int]>([:])
    let died = Mutex<[String]>([])

    func jobDied(_ job: Job) async throws {
        died.withLock { $0.append(job.id) }
    }

    func run(_ job: Job, context: JobContext) async throws {
        let count = runs.withLock { runs in
            runs[job.id, default: 0] += 1
            return runs[job.id]!
        }
        let failures = (try? JSONParser.parse(job.payload))?["failures"]?.intValue ?? 0
        if count <= failures { throw FlakyError() }
    }

    struct FlakyError: Error {}
}
