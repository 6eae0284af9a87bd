import ArgumentParser
import Foundation
import Logging
import PuffleConfig
import PuffleCore
import PuffleStore
import ServiceLifecycle
import UnixSignals

/// `puffle worker`: job workers without the API, for PostgreSQL deployments that run several.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run background job workers only (PostgreSQL; on SQLite, `puffle serve` runs the workers).")
    @OptionGroup var database: DatabaseOptions
    @Option(help: "Workers to run (default PUFFLE_WORKERS, else 4)") var workers: Int?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let config = try AppConfig.fromEnvironment(environment)
        let url = try database.url()
        if case .sqlite = url {
            throw ValidationError("puffle worker needs PostgreSQL (PUFFLE_DATABASE_URL=postgres://...); on SQLite, puffle serve runs the workers")
        }
        let count = workers ?? (environment["PUFFLE_WORKERS"] == nil ? 4 : config.workers)
        let logger = Logger(label: "puffle.worker")
        let secrets = try SecretKeySetup.box(environment: environment, database: url)
        try await database.withDatabase { opened in
            let stores = Stores.sql(opened, secrets: secrets)
            try await SecretKeySetup.verify(secrets, workspaces: stores.workspaces)
            let pool = try JobRuntime.pool(workers: count, stores: stores, config: config, logger: logger)
            var services: [any Service] = [pool]
            if count > 0 { services.append(JobRuntime.mailboxWatcher(stores: stores, logger: logger)) }
            let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            logger.info("running \(count) job workers")
            try await group.run()
        }
    }
}
