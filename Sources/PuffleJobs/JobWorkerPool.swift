import Foundation
import Logging
import PuffleCore
import ServiceLifecycle

/// A process's workers, run as a service: `puffle serve` runs it next to the HTTP server and
/// `puffle worker` on its own. Graceful shutdown stops claiming; running batches finish first.
public struct JobWorkerPool: Service {
    let workers: [JobWorker]

    /// - Parameter count: Workers to run; each leases its own batches.
    public init(count: Int, store: any JobStore, handlers: JobHandlers, options: JobWorkerOptions = JobWorkerOptions(), logger: Logger) {
        let process = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(SortableID.make().suffix(6))"
        workers = (0..<count).map { index in
            JobWorker(store: store, handlers: handlers, options: options, owner: "\(process)-\(index)", logger: logger)
        }
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            for worker in workers {
                group.addTask {
                    await cancelWhenGracefulShutdown { await worker.run() }
                }
            }
        }
    }
}
