import ArgumentParser
import Foundation
import Hummingbird
import Logging
import PuffleConfig
import PuffleCore
import PuffleHTTP
import PuffleStore
import ServiceLifecycle

struct Serve: AsyncParsableCommand {
    /// What a first start prints: the key once, and lines to paste so `puffle` commands use it.
    static func firstStartBanner(workspaceId: String, key: String, base: String) -> String {
        """
        Created workspace \(workspaceId). Its API key, shown only this once:

            \(key)

        Use it from another terminal (paste these two lines, then try `puffle account`):

            export PUFFLE_API_KEY=\(key)
            export PUFFLE_API_BASE_URL=\(base)

        Or with curl:  curl -H "Authorization: Bearer \(key)" \(base)/api/account


        """
    }

    static let configuration = CommandConfiguration(
        abstract: "Run the API. On an empty database, creates a workspace and prints its API key once.")
    @OptionGroup var database: DatabaseOptions
    @Option(help: "Address to listen on (default PUFFLE_HOST, else 127.0.0.1)") var host: String?
    @Option(help: "Port (default PUFFLE_PORT, else 8080)") var port: Int?
    @Option(help: "In-process job workers (default PUFFLE_WORKERS, else 2; 0 runs none)") var workers: Int?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        var config = try AppConfig.fromEnvironment(environment)
        if let host { config.host = host }
        if let port { config.port = port }
        if let workers { config.workers = workers }
        let secrets = try SecretKeySetup.box(environment: environment, database: try database.url())
        try await database.withDatabase(creating: true) { opened in
            let stores = Stores.sql(opened, secrets: secrets)
            try await SecretKeySetup.verify(secrets, workspaces: stores.workspaces)
            let base = "http://\(config.host):\(config.port)"
            let existing = try await stores.workspaces.workspaces()
            if existing.isEmpty {
                let (workspace, key) = try await stores.workspaces.createWorkspace(name: "Default workspace", account: Account(), credits: 1000)
                FileHandle.standardOutput.write(Data(Self.firstStartBanner(workspaceId: workspace.id, key: key.value, base: base).utf8))
            } else if existing.count == 1, let workspace = existing.first {
                FileHandle.standardOutput.write(Data("""
                    Serving workspace \(workspace.id) at \(base). Lost its API key? Revoke it and make a new one:
                        puffle key revoke --workspace \(workspace.id) && puffle key create --workspace \(workspace.id)


                    """.utf8))
            }
            var services: [any Service] = []
            if config.workers > 0 {
                services.append(try JobRuntime.pool(workers: config.workers, stores: stores, config: config, logger: Logger(label: "puffle.jobs")))
                services.append(JobRuntime.mailboxWatcher(stores: stores, logger: Logger(label: "puffle.inbox")))
            }
            let app = buildApplication(
                config: config, stores: stores, mail: try JobRuntime.mailServices(config, clock: stores.clock), catalog: JobRuntime.catalog(config),
                languageModel: JobRuntime.languageModel(config), services: services)
            try await app.runService()
        }
    }
}
