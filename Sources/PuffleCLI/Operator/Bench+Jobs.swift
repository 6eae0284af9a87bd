import ArgumentParser
import Foundation
import Logging
import PuffleCore
import PuffleJobs
import PuffleStore

extension Bench {
    /// `puffle bench jobs`: no-op jobs through the durable queue with 1, 2 and 4 workers.
    struct Jobs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Enqueue N no-op jobs and time workers draining the queue, on a temporary SQLite file or a fresh PostgreSQL schema.")
        @Option(help: "No-op jobs per run") var jobs: Int = 50_000
        @Option(help: "Worker counts to measure, comma separated") var workers: String = "1,2,4"
        @Option(help: "Jobs each worker leases at once") var batchSize: Int = 128
        @Option(name: .customLong("database-url"), help: "postgres://... to measure PostgreSQL (a throwaway schema is created); default: a temporary SQLite file")
        var databaseURL: String?

        func run() async throws {
            let counts = workers.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            let engine = databaseURL == nil ? "SQLite" : "PostgreSQL"
            print("engine: \(engine), \(jobs) no-op jobs a run, batches of \(batchSize)")
            for count in counts {
                let (database, cleanup) = try await Bench.temporaryDatabase(databaseURL, name: "jobs")
                let store = SQLJobStore(database: database)
                let enqueueStart = ContinuousClock.now
                for chunk in stride(from: 0, to: jobs, by: 5000) {
                    try await store.enqueue((chunk..<min(chunk + 5000, jobs)).map { _ in NewJob(kind: "noop") })
                }
                let enqueueSeconds = (ContinuousClock.now - enqueueStart).seconds
                let options = JobWorkerOptions(clock: SystemClock(), batchSize: batchSize, pollInterval: .milliseconds(5))
                let pool = (0..<count).map {
                    JobWorker(store: store, handlers: JobHandlers([NoOpJobHandler()]), options: options, owner: "bench-\($0)", logger: Logger(label: "bench"))
                }
                let start = ContinuousClock.now
                let running = Task { await withDiscardingTaskGroup { group in for worker in pool { group.addTask { await worker.run() } } } }
                while try await store.unfinishedCount() > 0 {
                    try await Task.sleep(for: .milliseconds(50))
                }
                let seconds = (ContinuousClock.now - start).seconds
                running.cancel()
                await running.value
                print("workers \(count): \(Int(Double(jobs) / seconds)) jobs/s (\(String(format: "%.2f", seconds)) s); enqueue \(Int(Double(jobs) / enqueueSeconds)) jobs/s")
                await cleanup()
            }
        }
    }
}
