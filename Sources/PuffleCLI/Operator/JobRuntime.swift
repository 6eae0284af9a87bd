import Logging
import PuffleCore
import PuffleHTTP
import PuffleJobs

/// The worker pool of `puffle serve` and `puffle worker`, with the providers the configuration names.
enum JobRuntime {
    static func pool(workers: Int, stores: Stores, config: AppConfig, logger: Logger) -> JobWorkerPool {
        let handlers = StandardJobs.handlers(
            stores: stores, searchProvider: stores.prospects, interpreter: nil, prices: config.creditPrices, logger: logger)
        return JobWorkerPool(count: workers, store: stores.jobs, handlers: handlers, logger: logger)
    }
}
