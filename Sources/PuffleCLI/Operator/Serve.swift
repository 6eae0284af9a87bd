import ArgumentParser
import Foundation
import Hummingbird
import Logging
import PuffleCore
import PuffleHTTP
import PuffleStore
import ServiceLifecycle

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the API. On an empty database, creates a workspace and prints its API key once.")
    @OptionGroup var database: DatabaseOptions
    @Option(help: "Address to listen on (default PUFFLE_HOST, else 127.0.0.1)") var host: String?
    @Option(help: "Port (default PUFFLE_PORT, else 8080)") var port: Int?
    @Option(help: "In-process job workers (default PUFFLE_WORKERS, else 2; 0 runs none)") var workers: Int?

    func run() async throws {
        var config = try AppConfig.fromEnvironment(ProcessInfo.processInfo.environment)
        if let host { config.host = host }
        if let port { config.port = port }
        if let workers { config.workers = workers }
        try await database.withDatabase { opened in
            let stores = Stores.sql(opened)
            if try await stores.workspaces.workspaces().isEmpty {
                let (workspace, key) = try await stores.workspaces.createWorkspace(name: "Default workspace", account: Account(), credits: 1000)
                let base = "http://\(config.host):\(config.port)"
                FileHandle.standardOutput.write(Data("""
                    Created workspace \(workspace.id). Its API key, shown only this once:

                        \(key.value)

                    Try it:  curl -H "Authorization: Bearer \(key.value)" \(base)/api/account


                    """.utf8))
            }
            var services: [any Service] = []
            if config.workers > 0 {
                services.append(JobRuntime.pool(workers: config.workers, stores: stores, config: config, logger: Logger(label: "puffle.jobs")))
            }
            let app = buildApplication(config: config, stores: stores, catalog: JobRuntime.catalog(config), services: services)
            try await app.runService()
        }
    }
}
