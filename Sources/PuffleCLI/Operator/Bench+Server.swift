import Foundation
import Hummingbird
import Logging
import PuffleClient
import PuffleCore
import PuffleHTTP
import PuffleJobs
import PuffleStore
import ServiceLifecycle

extension Bench {
    /// A fresh folder for a benchmark's database; the caller removes it.
    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("puffle-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// The API over `stores` on a loopback port, without a rate limit, with job workers when `workers`
    /// is given, running until the returned task is cancelled.
    /// - Returns: The server's task and a client with `apiKey`, once the server answers.
    static func startServer(
        stores: Stores, apiKey: String, port: Int, workers: (count: Int, options: JobWorkerOptions)? = nil
    ) async throws -> (server: Task<Void, any Error>, client: PuffleHTTPClient) {
        let config = AppConfig(port: port, rateLimitPerSecond: 1e9, rateLimitBurst: 1e9, creditPrices: try CreditPrices())
        var services: [any Service] = []
        if let workers {
            let handlers = StandardJobs.handlers(
                stores: stores, searchProvider: stores.prospects, interpreter: nil, prices: config.creditPrices, logger: Logger(label: "bench"))
            services.append(JobWorkerPool(count: workers.count, store: stores.jobs, handlers: handlers, options: workers.options, logger: Logger(label: "bench")))
        }
        let server = Task { try await buildApplication(config: config, stores: stores, services: services).runService() }
        let client = PuffleHTTPClient(baseURL: URL(string: "http://127.0.0.1:\(port)")!, apiKey: apiKey)
        for _ in 0..<100 {
            if let response = try? await client.send(method: "GET", path: "/healthz"), response.status == 200 { return (server, client) }
            try await Task.sleep(for: .milliseconds(100))
        }
        server.cancel()
        throw PuffleError.invalidRequest("bench server did not start on port \(port)")
    }
}
