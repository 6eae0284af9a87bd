import Foundation
import Hummingbird
import Logging
import PuffleClient
import PuffleConfig
import PuffleCore
import PuffleHTTP
import PuffleJobs
import PuffleMail
import PuffleProviders
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
                stores: stores, searchProvider: stores.prospects, interpreter: nil, siteReader: SiteCrawler(), prices: config.creditPrices,
                dns: DNSResolver(), sending: JobRuntime.sending(stores: stores, config: config), logger: Logger(label: "bench"))
            services.append(
                JobWorkerPool(count: workers.count, store: stores.jobs, handlers: handlers, options: workers.options, logger: Logger(label: "bench")))
        }
        let server = Task { try await buildApplication(config: config, stores: stores, mail: try JobRuntime.mailServices(config, clock: stores.clock), services: services).runService() }
        let client = PuffleHTTPClient(baseURL: URL(string: "http://127.0.0.1:\(port)")!, apiKey: apiKey)
        for _ in 0..<100 {
            if let response = try? await client.send(method: "GET", path: "/healthz"), response.status == 200 { return (server, client) }
            try await Task.sleep(for: .milliseconds(100))
        }
        server.cancel()
        throw PuffleError.invalidRequest("bench server did not start on port \(port)")
    }
}

/// A fresh SQLite database with one workspace and one empty person List: where the import and
/// enrichment benchmarks (and the tests of the import bench's replay) start.
struct BenchWorkspace {
    let database: PuffleDatabase
    let stores: Stores
    let workspaceId: String
    let apiKey: String
    let listId: String

    /// Opens (and migrates) a SQLite database at `file` and creates the workspace and its List.
    static func create(at file: URL) async throws -> BenchWorkspace {
        let database = try await PuffleDatabase.open(.sqlite(path: file.path), clock: SystemClock())
        let stores = Stores.sql(database)
        let (workspace, key) = try await stores.workspaces.createWorkspace(name: "bench", account: Account(), credits: 0)
        let list = try await stores.lists.createList(workspaceId: workspace.id, name: "bench", description: nil, leadType: .person, leadIds: [])
        return BenchWorkspace(database: database, stores: stores, workspaceId: workspace.id, apiKey: key.value, listId: list.id)
    }
}
