import Logging
import PuffleCore
import PuffleHTTP
import PuffleJobs

/// The job handlers of every background feature, and the worker pool that runs them.
enum JobRuntime {
    /// Every handler this build knows, wired to the stores and configuration.
    static func handlers(stores: Stores, config: AppConfig) -> JobHandlers {
        JobHandlers([NoOpJobHandler()])
    }

    static func pool(workers: Int, stores: Stores, config: AppConfig, logger: Logger) -> JobWorkerPool {
        JobWorkerPool(count: workers, store: stores.jobs, handlers: handlers(stores: stores, config: config), logger: logger)
    }
}
