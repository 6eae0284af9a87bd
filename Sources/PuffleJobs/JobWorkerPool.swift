import Foundation
import Logging
import PuffleCore
import ServiceLifecycle

/// A process's workers, run as a service: `puffle serve` runs it next to the HTTP server and
/// `puffle worker` on its own. Graceful shutdown stops claiming; running batches finish first.
public struct JobWorkerPool: Service {
    let workers: [JobWorker]
    let scheduler: JobScheduler

    /// - Parameters:
    ///   - count: Workers to run; each leases its own batches.
    ///   - periodic: Jobs to enqueue every period (while at least one worker runs).
    public init(count: Int, store: any JobStore, handlers: JobHandlers, periodic: [PeriodicJob] = [], options: JobWorkerOptions, logger: Logger) {
        scheduler = JobScheduler(store: store, jobs: count > 0 ? periodic : [], clock: options.clock, logger: logger)
        let process = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(SortableID.make().suffix(6))"
        workers = (0..<count).map { index in
            JobWorker(store: store, handlers: handlers, options: options, owner: "\(process)-\(index)", logger: logger)
        }
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask { await cancelWhenGracefulShutdown { await scheduler.run() } }
            for worker in workers {
                group.addTask {
                    await cancelWhenGracefulShutdown { await worker.run() }
                }
            }
        }
    }
}
